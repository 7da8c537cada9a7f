#!/bin/sh
# fuzz/run.sh [SECONDS]: build the libFuzzer targets, replay every kept
# regression, then fuzz each target for SECONDS (default 60) and print the
# executions and crashes per target. `make fuzz FUZZ_SECONDS=N` runs it.
#
#   targets      fuzz_ini (INI loader), fuzz_hookin (hook stdin parser),
#                fuzz_analyze (tree-sitter parse + every rule),
#                fuzz_diff (an old and a new version judged as a diff:
#                lazy units, incremental reparse, the parse cache)
#   seeds        fuzz/seeds/<target>/ (committed), plus at run time
#                config/stackgate.ini (ini) and tests/fixtures/**/*.ts[x], *.py
#                (analyze), fuzz/seed-diff.sh (diff: fixtures and the
#                bench history as version pairs); the corpus grows in build/fuzz/corpus/<target>/
#                (not committed)
#   regressions  fuzz/regressions/<target>/: inputs that once crashed; each
#                is replayed first and must pass. A crash found by this
#                run is copied there too (and shown with its stack), so it
#                is replayed until fixed.
#
# Environment: FUZZ_TARGETS (default "ini hookin analyze diff"), FUZZ_JOBS
# (parallel targets, default 1), FUZZ_TIMEOUT (seconds one input may take,
# default 10; on a loaded machine a stalled process trips 10), FUZZ_FORK=1 (keep fuzzing after a crash:
# libFuzzer's -fork=1 -ignore_crashes=1), FUZZ_NUL_TERMINATE=1 (see
# fuzz_analyze.c), FUZZ_NO_SANITIZE (see build.sh), CLANG. The last two
# exist to fuzz past a known, reported bug; regressions are then replayed
# under the same relaxation.
# Exit: 0 when no regression failed and no crash was found, else 1.
set -u
# stacks for UBSan reports too; leaks are findings
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export UBSAN_OPTIONS
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
secs=${1:-60}
targets=${FUZZ_TARGETS:-ini hookin analyze diff}
out=build/fuzz

sh fuzz/build.sh || exit 2
# this run's own copies: a concurrent build (another run.sh, a changed
# header) relinks build/fuzz/fuzz_* while fork mode still starts them
bin=$out/run.$$
mkdir -p "$bin"
trap 'rm -rf "$bin"' EXIT
trap 'exit 130' INT TERM
for t in $targets; do cp "$out/fuzz_$t" "$bin/"; done

# seed the working corpora (existing corpus files are kept)
for t in $targets; do
	mkdir -p "$out/corpus/$t" "$out/artifacts/$t" "fuzz/regressions/$t"
	[ -d "fuzz/seeds/$t" ] && cp -p fuzz/seeds/"$t"/* "$out/corpus/$t/" 2>/dev/null
done
case " $targets " in *" ini "*) cp -p config/stackgate.ini "$out/corpus/ini/default.ini" ;; esac
case " $targets " in *" analyze "*)
	find tests/fixtures -type f \( -name '*.ts' -o -name '*.tsx' -o -name '*.py' \) | while IFS= read -r f; do
		cp -p "$f" "$out/corpus/analyze/fixture-$(echo "$f" | tr '/' '_')"
	done ;;
esac

case " $targets " in *" diff "*)
	[ -n "$(ls "$out/corpus/diff" 2>/dev/null | grep '^history-' | head -1)" ] ||
		sh fuzz/seed-diff.sh "$out/corpus/diff" ;;
esac

status=0

# signature of a report: its kind (the ERROR line without pid and
# addresses) and the first frame in the product's own code
signature() {
	kind=$(grep -m1 -E '==[0-9]+== ?ERROR|runtime error' "$1" |
		sed 's/==[0-9]*==//; s/0x[0-9a-f]*//g; s/ (pc .*//; s/ on address.*//')
	frame=$(grep -E '^ *#[0-9]+ .* in [^ ]+ [^ ]*/(src|fuzz)/[^ ]*\.[ch]:[0-9]+' "$1" |
		grep -v -e LLVMFuzzer -e 'src/libsanitizer' | head -1 |
		sed 's/.* in \([^ ]*\) [^ ]*\/\(\(src\|fuzz\)\/[^ ]*\).*/\1 \2/')
	[ -n "$kind$frame" ] && echo "$kind @ $frame"
}

# replay: every kept regression input must now pass
for t in $targets; do
	n=0 bad=0
	: >"$out/.seen-$t"
	for f in fuzz/regressions/"$t"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		if ! "$bin/fuzz_$t" -runs=1 -rss_limit_mb=2048 -timeout=10 "$f" >"$out/replay-$t.log" 2>&1; then
			bad=$((bad + 1))
			signature "$out/replay-$t.log" >>"$out/.seen-$t"
			echo "fuzz: regression $f still fails:" >&2
			grep -E '^(==[0-9]+== ?ERROR|SUMMARY|    #[0-9]+ )|runtime error' "$out/replay-$t.log" |
				grep -v -e 'in fuzzer::' -e 'libc_start' -e ' in _start' -e 'in main ' |
				head -16 | sed 's/ (\/[^)]*)//' >&2
		fi
	done
	echo "fuzz_$t: replayed $n regressions, $bad failed"
	[ "$bad" -eq 0 ] || status=1
done

[ "$secs" -gt 0 ] 2>/dev/null || { exit "$status"; }

# fuzz_one TARGET: fuzz for $secs seconds, log to build/fuzz/TARGET.log
fuzz_one() {
	t=$1
	dict=""
	[ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
	[ "$t" = diff ] && dict="-dict=fuzz/analyze.dict"	# the same language
	fork=""
	[ "${FUZZ_FORK:-0}" = 1 ] && fork="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
	# shellcheck disable=SC2086 # optional flags
	"$bin/fuzz_$t" $dict $fork -max_total_time="$secs" -rss_limit_mb=2048 -timeout="${FUZZ_TIMEOUT:-10}" \
		-print_final_stats=1 -artifact_prefix="$out/artifacts/$t/" \
		"$out/corpus/$t" >"$out/$t.log" 2>&1
	echo $? >"$out/$t.rc"
}

# what was there before: only artifacts this run adds are reported
for t in $targets; do ls "$out/artifacts/$t" >"$out/.before-$t"; done
running=0
for t in $targets; do
	fuzz_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "${FUZZ_JOBS:-1}" ]; then
		wait
		running=0
	fi
done
wait

# report: executions and crashes per target; keep and show new crashes
for t in $targets; do
	log=$out/$t.log
	# plain mode: the final stats; fork mode: the parent's last status
	# line "#N: cov: ..." (its own final stats count 0)
	execs=$( { sed -n 's/^stat::number_of_executed_units: *//p' "$log"
		sed -n 's/^#\([0-9][0-9]*\):* .*/\1/p' "$log"; echo 0; } | sort -n | tail -1)
	# new artifacts, and any the log names (an input that crashed before
	# writes the same file again)
	new=$( { for a in "$out/artifacts/$t"/*; do
			[ -f "$a" ] && ! grep -qxF "$(basename "$a")" "$out/.before-$t" && echo "$a"
		done
		sed -n 's/.*Test unit written to \([^ ]*\).*/\1/p' "$log"; } | sort -u | tr '\n' ' ')
	crashes=$(echo "$new" | wc -w)
	echo "fuzz_$t: ${execs:-?} executions in ${secs}s, $crashes crashes (exit $(cat "$out/$t.rc"))"
	# one regression per distinct report (its signature): fork mode can
	# hit the same bug many times, and a kept regression may still fail
	seen=$out/.seen-$t
	distinct=0
	for a in $new; do
		"$bin/fuzz_$t" -runs=1 -rss_limit_mb=2048 -timeout=10 "$a" >"$out/repro-$t.log" 2>&1
		sig=$(signature "$out/repro-$t.log")
		[ -n "$sig" ] || sig="$(basename "$a" | sed 's/-.*//'): does not reproduce alone"
		if grep -qxF "$sig" "$seen"; then
			continue
		fi
		echo "$sig" >>"$seen"
		distinct=$((distinct + 1))
		keep=fuzz/regressions/$t/$(basename "$a")
		cp "$a" "$keep"
		echo "  $sig"
		echo "  kept $keep; reproduce: sh fuzz/build.sh && $out/fuzz_$t $keep"
		grep -E '^==[0-9]+== ?ERROR|runtime error|^    #[0-9]+ ' "$out/repro-$t.log" |
			grep -v -e 'in fuzzer::' -e 'libc_start' -e ' in _start' -e 'in main ' |
			head -14 | sed 's/ (\/[^)]*)//; s/^/    /'
	done
	[ "$crashes" -eq 0 ] || echo "fuzz_$t: $crashes crashing inputs, $distinct new distinct reports"
	[ "$crashes" -eq 0 ] || status=1
	rc=$(cat "$out/$t.rc")
	[ "$rc" -eq 0 ] || [ "$crashes" -gt 0 ] || { echo "  fuzzer exited $rc; see $log"; status=1; }
done
exit "$status"
