#!/bin/sh
# bench/run.sh: stackgate's speed and memory, as ratios against git's own
# work on the same change (bench/README.md says what each workload is and
# how to read the table). `make bench` runs it; it is not part of `make test`.
#
# Environment:
#   BENCH_RUNS=N        timed runs per command after one warm-up (default 7;
#                       3 with BENCH_QUICK=1)
#   BENCH_QUICK=1       small histories (a quick look, not the targets)
#   BENCH_ONLY=LIST     some of: precommit entry range push scale pyprecommit
#                       pyrange pypush (comma separated; py*: the Python project)
#   BENCH_BATCH=K       pre-commit: runs per timed sample (default 10)
#   BENCH_SCALE_RUNS=N  scale: timed runs (default 3, 1 if a run is slow)
#   BENCH_DIR=DIR       where generated histories are cached (build/bench)
#   BENCH_STRICT=1      exit 1 when a target fails
#   STACKGATE_BIN=PATH  the binary to measure (default build/stackgate)
#   STACKGATE_BIN_B=PATH  a second binary: compare its JSON findings with
#                       the first's on the range and pre-commit workloads
#                       and print IDENTICAL or DIFFERENT
#
# Installs nothing. Needs git, python3 (the history generator) and GNU
# date; uses git-secrets and GNU time (/usr/bin/time) when present:
#   apt-get install git-secrets time

set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH="$ROOT/bench"
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
	RUNS=${BENCH_RUNS:-3}
	HIST_N=1000	# commits generated (the scale workload)
	RANGE_N=500	# range: n0..n500
	PUSH_FROM=0	# push: the server has n0, the push brings n0..n500
	SMALL_N=500	# memory at a short history, against HIST_N
else
	RUNS=${BENCH_RUNS:-7}
	HIST_N=10000
	RANGE_N=2000
	PUSH_FROM=1000
	SMALL_N=1000
fi
PUSH_TO=$RANGE_N
PUSH_N=$((PUSH_TO - PUSH_FROM))
BATCH=${BENCH_BATCH:-10}
SCALE_RUNS=${BENCH_SCALE_RUNS:-3}
[ "$QUICK" = 1 ] && SCALE_RUNS=${BENCH_SCALE_RUNS:-1}
ONLY=${BENCH_ONLY:-precommit,entry,range,push,scale,pyprecommit,pyrange,pypush}
WORK=${BENCH_DIR:-$ROOT/build/bench}
BIN=${STACKGATE_BIN:-$ROOT/build/stackgate}
BIN_B=${STACKGATE_BIN_B:-}
GNU_TIME=/usr/bin/time

# The user's git configuration (color.ui, diff.renames, hooksPath...)
# must not change what is measured.
GIT_CONFIG_NOSYSTEM=1
GIT_CONFIG_GLOBAL=/dev/null
export GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL
unset STACKGATE_CONFIG GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE NO_COLOR

say() { printf '%s\n' "$*"; }
note() { printf 'bench: note: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 2; }
want() { case ",$ONLY," in *",$1,"*) return 0 ;; esac; return 1; }

# ---- prerequisites --------------------------------------------------------
command -v git >/dev/null 2>&1 || die "git not found"
command -v python3 >/dev/null 2>&1 || die "python3 not found (it runs bench/gen-history.py)"
case $(date +%N) in
	*[!0-9]*|'') die "date +%N does not give nanoseconds (GNU date needed)" ;;
esac
[ -x "$BIN" ] || die "no binary at '$BIN' (run make first)"
HAVE_SECRETS=0
if command -v git-secrets >/dev/null 2>&1; then
	HAVE_SECRETS=1
else
	note "git-secrets not found: the git-secrets comparison is skipped (apt-get install git-secrets)"
fi
HAVE_TIME=0
if [ -x "$GNU_TIME" ] && "$GNU_TIME" -f %M -o /dev/null true 2>/dev/null; then
	HAVE_TIME=1
else
	note "GNU time not found at $GNU_TIME: peak memory is not measured (apt-get install time)"
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/stackgate-bench.XXXXXX") || die "cannot create a temp dir"
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# The lead rebuilds build/stackgate while we run: measure a copy.
SG="$TMP/stackgate"
cp "$BIN" "$SG" || die "cannot copy '$BIN'"
SG_B=
if [ -n "$BIN_B" ]; then
	[ -x "$BIN_B" ] || die "STACKGATE_BIN_B='$BIN_B' is not an executable"
	SG_B="$TMP/stackgate-b"
	cp "$BIN_B" "$SG_B" || die "cannot copy '$BIN_B'"
fi

# ---- measuring ------------------------------------------------------------

# time_ms K DIR RSS CMD...: wall time of one run of CMD in DIR, in ms,
# averaged over a batch of K runs (a batch amortises the cost of reading
# the clock on commands of a few ms). With RSS a file name (not "") and GNU
# time present, each run also appends its peak RSS (KiB) to that file.
time_ms() {
	_k=$1 _d=$2 _rss=$3
	shift 3
	_t0=$(date +%s%N)
	(
		cd "$_d" || exit 1
		_i=0
		while [ "$_i" -lt "$_k" ]; do
			if [ -n "$_rss" ] && [ "$HAVE_TIME" = 1 ]; then
				"$GNU_TIME" -a -o "$_rss" -f %M "$@" >/dev/null 2>&1 </dev/null
			else
				"$@" >/dev/null 2>&1 </dev/null
			fi
			_i=$((_i + 1))
		done
	)
	_t1=$(date +%s%N)
	awk -v a="$_t0" -v b="$_t1" -v k="$_k" 'BEGIN { printf "%.3f\n", (b - a) / 1e6 / k }'
}

# rss_kib DIR CMD...: peak RSS of one run, KiB ("" without GNU time).
rss_kib() {
	_d=$1
	shift
	[ "$HAVE_TIME" = 1 ] || { echo; return; }
	(cd "$_d" && "$GNU_TIME" -o "$TMP/rss.one" -f %M "$@" >/dev/null 2>&1 </dev/null)
	tail -n 1 "$TMP/rss.one"
}

# exit_of DIR CMD...: the exit status of one run; its stderr is kept in
# $TMP/last.err for diagnosis.
exit_of() {
	_d=$1
	shift
	(cd "$_d" && "$@" >/dev/null 2>"$TMP/last.err" </dev/null)
	echo $?
}

median() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (!NR) exit; m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f\n", m }'; }
maxof() { sort -n "$1" | tail -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f\n", a / b; else print "" }'; }
mib() { [ -n "$1" ] && awk -v k="$1" 'BEGIN { printf "%.1f\n", k / 1024 }'; }
fmt_ms() { awk -v v="$1" 'BEGIN { if (v == "") print "-"; else if (v < 100) printf "%.2f\n", v; else printf "%.0f\n", v }'; }

# bench_pair NAME K RSS_A DIR_A CMD_A -- DIR_B CMD_B: one warm-up of each,
# then $RUNS samples of each, alternating A,B / B,A so that drift on a
# shared machine hits both. Samples land in $TMP/NAME.a and $TMP/NAME.b.
# With RSS_A=1, CMD_A's runs record their peak RSS in $TMP/NAME.rss.
bench_pair() {
	_name=$1 _k=$2 _ra=$3 _da=$4
	shift 4
	_ca=""
	while [ "$1" != "--" ]; do _ca="$_ca $(quote "$1")"; shift; done
	shift
	_db=$1
	shift
	_cb=""
	for _x in "$@"; do _cb="$_cb $(quote "$_x")"; done
	: >"$TMP/$_name.a"
	: >"$TMP/$_name.b"
	: >"$TMP/$_name.rss"
	_rf=""
	[ "$_ra" = 1 ] && _rf="$TMP/$_name.rss"
	# the warm-up of A also says how A exits and what it says on stderr
	eval "(cd \"\$_da\" && $_ca) >/dev/null 2>\"\$TMP/\$_name.err\" </dev/null"
	echo $? >"$TMP/$_name.rc"
	eval "time_ms 1 \"\$_db\" '' $_cb" >/dev/null
	_r=1
	while [ "$_r" -le "$RUNS" ]; do
		if [ $((_r % 2)) = 1 ]; then
			eval "time_ms \"\$_k\" \"\$_da\" \"\$_rf\" $_ca" >>"$TMP/$_name.a"
			eval "time_ms \"\$_k\" \"\$_db\" '' $_cb" >>"$TMP/$_name.b"
		else
			eval "time_ms \"\$_k\" \"\$_db\" '' $_cb" >>"$TMP/$_name.b"
			eval "time_ms \"\$_k\" \"\$_da\" \"\$_rf\" $_ca" >>"$TMP/$_name.a"
		fi
		_r=$((_r + 1))
	done
}

# ok_status NAME WHAT: complain unless the warm-up of NAME's A exited 0 or 1
ok_status() {
	_rc=$(cat "$TMP/$1.rc")
	[ "$_rc" -le 1 ] || problem "$2: stackgate exited $_rc: $(head -n 3 "$TMP/$1.err" | tr '\n' ' ')"
}

# quote WORD: WORD as one single-quoted shell word, for eval.
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# ---- the histories --------------------------------------------------------

# gen_repo DIR COMMITS [LANGUAGE]: a bare repository holding the generated
# history (refs/tags/n<K>, refs/heads/main, refs/heads/staged) of the
# TypeScript (default) or Python project, cached in $WORK until the
# generator or the parameters change.
gen_repo() {
	_dir=$1 _n=$2 _lang=${3:-typescript}
	_stamp="$(cksum <"$BENCH/gen-history.py") commits=$_n staged"
	[ "$_lang" = typescript ] || _stamp="$_stamp language=$_lang"
	if [ -f "$_dir/bench-stamp" ] && [ "$(cat "$_dir/bench-stamp")" = "$_stamp" ]; then
		return 0
	fi
	say "generating a $_n-commit history in $_dir ..."
	rm -rf "$_dir"
	mkdir -p "$(dirname "$_dir")" || return 1
	git init -q --bare "$_dir" || return 1
	python3 "$BENCH/gen-history.py" --commits "$_n" --staged-change --language "$_lang" >"$TMP/stream" || return 1
	git -C "$_dir" fast-import --quiet <"$TMP/stream" || return 1
	rm -f "$TMP/stream"
	# what a repository people work in looks like: packed, with a commit-graph
	git -C "$_dir" gc --quiet || return 1
	git -C "$_dir" rev-parse -q --verify "refs/tags/n$_n" >/dev/null || return 1
	echo "$_stamp" >"$_dir/bench-stamp"
}

HIST="$WORK/history-$HIST_N.git"
t_gen0=$(date +%s)
gen_repo "$HIST" "$HIST_N" || die "cannot generate the history in '$HIST'"
# The Python project: the same generator and changes, written in Pulumi
# Python; its workloads are the TypeScript ones with their targets.
PYHIST="$WORK/history-py-$RANGE_N.git"
if want pyprecommit || want pyrange || want pypush; then
	gen_repo "$PYHIST" "$RANGE_N" python || die "cannot generate the Python history in '$PYHIST'"
fi
t_gen1=$(date +%s)

# ---- header ---------------------------------------------------------------
say ""
say "stackgate benchmark$( [ "$QUICK" = 1 ] && printf ' (BENCH_QUICK: small histories, not the targets)')"
say "  binary:   $BIN (copied; cksum $(cksum <"$SG" | cut -d' ' -f1))"
say "  machine:  $(nproc 2>/dev/null || echo '?') cpus, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null), $(git --version), libgit2 $(pkg-config --modversion libgit2 2>/dev/null || echo '?')"
say "  history:  $HIST_N commits ($(git -C "$HIST" rev-list --count --merges "n0..n$HIST_N") merges), $(git -C "$HIST" ls-tree -r "n$RANGE_N" --name-only | grep -c '\.ts$') .ts files at n$RANGE_N, $(git -C "$HIST" ls-tree -r "n$RANGE_N" --name-only -- lib | while read -r f; do git -C "$HIST" cat-file -p "n$RANGE_N:$f"; done | wc -l) lines in lib/"
say "  runs:     median of $RUNS after a warm-up; pre-commit samples average $BATCH runs"
say ""

ROWS="$TMP/rows"
TARGETS="$TMP/targets"
PROBLEMS="$TMP/problems"
: >"$ROWS"
: >"$TARGETS"
: >"$PROBLEMS"
RSS_ALL="$TMP/rss.all"
: >"$RSS_ALL"

# row WORKLOAD SG_MS REF_MS REF_NAME RSS_KIB
row() {
	printf '%s|%s|%s|%s|%s|%s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")" "$(mib "$5")" "$4" >>"$ROWS"
	if [ -n "$5" ]; then
		echo "$5" >>"$RSS_ALL"
	fi
}
# target PASS|FAIL|SKIP TEXT
target() { printf '%-4s  %s\n' "$1" "$2" >>"$TARGETS"; }
problem() { printf '%s\n' "$*" >>"$PROBLEMS"; }
check() { awk -v a="$1" -v b="$2" "BEGIN { exit !(a $3 b) }"; }
pf() { if [ -n "$1" ] && [ -n "$2" ] && check "$1" "$2" "$3"; then echo PASS; elif [ -z "$1" ] || [ -z "$2" ]; then echo SKIP; else echo FAIL; fi; }

# setup_wc: $WC, a clone with the `staged` commit staged over main
WC=""
setup_wc() {
	[ -n "$WC" ] && return 0
	WC="$TMP/precommit"
	git clone -q -b staged "$HIST" "$WC" 2>/dev/null || die "cannot clone '$HIST'"
	git -C "$WC" reset -q --soft origin/main || die "cannot stage the change"
}

# bench_precommit NAME DIR LABEL WHAT: `stackgate pre-commit` in DIR against
# `git diff --cached -U0`, one row (LABEL) and the 3x target (WHAT names it).
bench_precommit() {
	bench_pair "$1" "$BATCH" 0 "$2" "$SG" pre-commit -- "$2" git diff --cached -U0
	ok_status "$1" "$4"
	_sg=$(median "$TMP/$1.a")
	_ref=$(median "$TMP/$1.b")
	row "$3" "$_sg" "$_ref" "git diff --cached -U0" "$(rss_kib "$2" "$SG" pre-commit)"
	target "$(pf "$(ratio "$_sg" "$_ref")" 3 '<=')" "$4 at most 3x git diff --cached -U0: $(ratio "$_sg" "$_ref")x"
}

# bench_range NAME HIST PREFIX PATHSPEC...: `stackgate check` over
# n0..n$RANGE_N of HIST against `git log -p` of the same commits and files;
# PREFIX ("" or "python ") starts the row's and the target's names.
bench_range() {
	_name=$1 _h=$2 _lang=$3
	shift 3
	bench_pair "$_name" 1 1 "$_h" "$SG" check --no-color "n0..n$RANGE_N" -- \
		"$_h" git log -p "n0..n$RANGE_N" -- "$@"
	ok_status "$_name" "${_lang}range"
	grep 'judged' "$TMP/$_name.err" | sed 's/^/  /'
	_sg=$(median "$TMP/$_name.a")
	_ref=$(median "$TMP/$_name.b")
	row "${_lang}range ($RANGE_N commits)" "$_sg" "$_ref" "git log -p (same commits, $1)" "$(maxof "$TMP/$_name.rss")"
	target "$(pf "$(ratio "$_sg" "$_ref")" 3 '<=')" "${_lang}range at most 3x git log -p: $(ratio "$_sg" "$_ref")x"
}

# ---- 1. pre-commit ---------------------------------------------------------
if want precommit; then
	say "pre-commit: a staged change of 3 files ..."
	setup_wc
	stat=$(git -C "$WC" diff --cached --numstat | awk '{ f++; a += $1; d += $2 } END { printf "%d files, +%d -%d lines", f, a, d }')
	bench_precommit precommit "$WC" "pre-commit ($stat)" pre-commit
	if [ "$HAVE_SECRETS" = 1 ]; then
		(cd "$WC" && git secrets --install -f >/dev/null 2>&1 && git secrets --register-aws >/dev/null 2>&1) ||
			problem "pre-commit: git secrets --install/--register-aws failed"
		rc=$(exit_of "$WC" git secrets --pre_commit_hook)
		[ "$rc" -le 1 ] || problem "git-secrets exited $rc: $(head -n 3 "$TMP/last.err")"
		bench_pair secrets "$BATCH" 0 "$WC" "$SG" pre-commit -- "$WC" git secrets --pre_commit_hook
		ok_status secrets pre-commit
		sec_sg=$(median "$TMP/secrets.a")
		sec_ref=$(median "$TMP/secrets.b")
		row "pre-commit, vs git-secrets" "$sec_sg" "$sec_ref" "git secrets --pre_commit_hook" ""
		faster=$(ratio "$sec_ref" "$sec_sg")
		target "$(pf "$faster" 10 '>=')" "pre-commit at least 10x faster than git-secrets: ${faster}x faster"
	else
		target SKIP "pre-commit at least 10x faster than git-secrets: git-secrets not installed"
	fi
fi

# ---- 1b. pre-commit of a change to the entry point only ----------------------
# A 20-file project (bench/gen-entry.py): the staged change touches only
# bin/tap.ts, and judging it follows TapStack's name and arguments into
# lib/tap-stack.ts and the 18 components it builds.
if want entry; then
	say "entry: a staged change of bin/tap.ts only, in a 20-file project ..."
	ENTRY="$WORK/entry.git"
	_stamp="$(cat "$BENCH/gen-entry.py" "$BENCH/gen-history.py" | cksum)"
	if ! [ -f "$ENTRY/bench-stamp" ] || [ "$(cat "$ENTRY/bench-stamp")" != "$_stamp" ]; then
		rm -rf "$ENTRY"
		if ! { mkdir -p "$WORK" && git init -q --bare "$ENTRY" &&
			python3 "$BENCH/gen-entry.py" | git -C "$ENTRY" fast-import --quiet &&
			git -C "$ENTRY" gc --quiet; }; then
			die "cannot generate the entry project in '$ENTRY'"
		fi
		echo "$_stamp" >"$ENTRY/bench-stamp"
	fi
	EWC="$TMP/entry"
	git clone -q -b staged "$ENTRY" "$EWC" 2>/dev/null || die "cannot clone '$ENTRY'"
	git -C "$EWC" reset -q --soft origin/main || die "cannot stage the entry change"
	stat=$(git -C "$EWC" diff --cached --numstat | awk '{ f++; a += $1; d += $2 } END { printf "%d file, +%d -%d lines", f, a, d }')
	nts=$(git -C "$EWC" ls-files '*.ts' | wc -l | tr -d ' ')
	bench_precommit entry "$EWC" "entry ($stat of $nts .ts files)" "entry pre-commit"
fi

# ---- 2. range --------------------------------------------------------------
if want range; then
	say "range: stackgate check over $RANGE_N commits ..."
	bench_range range "$HIST" "" '*.ts' '*.tsx'
fi

# ---- 3. push ---------------------------------------------------------------

# bench_push DIR HIST WHAT: a push of n$PUSH_FROM..n$PUSH_TO from HIST to a
# bare repository in DIR, $RUNS times with and without the pre-receive
# hook, alternating; sets bp_hook and bp_plain (medians, ms), bp_added
# (their difference) and bp_rss (the hook's stackgate peak, KiB, or "").
# WHAT names the workload in problems.
bench_push() {
	_P=$1 _H=$2 _what=$3
	mkdir -p "$_P"
	git init -q --bare "$_P/plain.git"
	rm -f "$_P/plain.git/hooks/"*.sample
	git -C "$_H" push -q "$_P/plain.git" "refs/tags/n$PUSH_FROM:refs/heads/main" ||
		die "$_what: cannot set up the server repository"
	git -C "$_P/plain.git" gc --quiet
	cp -a "$_P/plain.git" "$_P/hook.git"
	# The hook as installed, with $STACKGATE naming the copy under test.
	awk -v sg="$SG" '/^if ! command -v/ && !done { printf "STACKGATE=\"%s\"\nexport STACKGATE\n", sg; done = 1 } { print }' \
		"$ROOT/hooks/pre-receive" >"$_P/hook.git/hooks/pre-receive"
	chmod +x "$_P/hook.git/hooks/pre-receive"
	# Every rule advisory: the push is judged in full and accepted, as a
	# clean push would be (the generated history has violations on purpose).
	"$SG" rules | awk '$NF != "(pattern)" { printf "[rule \"%s\"]\nseverity = advisory\n\n", $1 }' \
		>"$_P/hook.git/stackgate.ini"
	: >"$_P/times.a"
	: >"$_P/times.b"
	push_ms "$_P/hook.git" >/dev/null
	push_ms "$_P/plain.git" >/dev/null
	_r=1
	while [ "$_r" -le "$RUNS" ]; do
		if [ $((_r % 2)) = 1 ]; then
			push_ms "$_P/hook.git" >>"$_P/times.a"
			push_ms "$_P/plain.git" >>"$_P/times.b"
		else
			push_ms "$_P/plain.git" >>"$_P/times.b"
			push_ms "$_P/hook.git" >>"$_P/times.a"
		fi
		_r=$((_r + 1))
	done
	bp_hook=$(median "$_P/times.a")
	bp_plain=$(median "$_P/times.b")
	bp_added=$(awk -v a="$bp_hook" -v b="$bp_plain" 'BEGIN { printf "%.3f\n", a - b }')
	# Peak RSS of the hook's stackgate: one more push through GNU time.
	bp_rss=""
	if [ "$HAVE_TIME" = 1 ]; then
		printf '#!/bin/sh\nexec "%s" -o "%s" -f %%M "%s" "$@"\n' "$GNU_TIME" "$_P/hook.rss" "$SG" >"$_P/sg-timed"
		chmod +x "$_P/sg-timed"
		rm -rf "$_P/run.git"
		cp -a "$_P/hook.git" "$_P/run.git"
		sed "s|^STACKGATE=.*|STACKGATE=\"$_P/sg-timed\"|" "$_P/hook.git/hooks/pre-receive" >"$_P/run.git/hooks/pre-receive"
		git -C "$_H" push -q "$_P/run.git" "refs/tags/n$PUSH_TO:refs/heads/main" >/dev/null 2>&1
		bp_rss=$(tail -n 1 "$_P/hook.rss" 2>/dev/null)
	fi
}

# push_ms BASE: one push of n$PUSH_TO from $_H to a fresh copy of BASE, in ms
push_ms() {
	rm -rf "$_P/run.git"
	cp -a "$1" "$_P/run.git"
	_t0=$(date +%s%N)
	git -C "$_H" push -q "$_P/run.git" "refs/tags/n$PUSH_TO:refs/heads/main" >"$_P/push.out" 2>&1
	_rc=$?
	_t1=$(date +%s%N)
	if [ "$_rc" != 0 ]; then
		problem "$_what to $(basename "$1") failed (exit $_rc): $(grep -v '^remote: *$' "$_P/push.out" | head -n 3 | tr '\n' ' ')"
	elif [ "$(git -C "$_P/run.git" rev-parse main)" != "$(git -C "$_H" rev-parse "n$PUSH_TO")" ]; then
		problem "$_what to $(basename "$1"): the server's main did not move"
	fi
	awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e6 }'
}

if want push; then
	say "push: $PUSH_N commits to a bare repository, with and without the pre-receive hook ..."
	bench_push "$TMP/push" "$HIST" push
	ps_added=$bp_added
	row "push ($PUSH_N commits, with hook)" "$bp_hook" "$bp_plain" "the same push, no hook" "$bp_rss"
	target "$(pf "$ps_added" 1000 '<')" "push of $PUSH_N commits: the hook adds under 1 s: adds $(fmt_ms "$ps_added") ms"
fi

# ---- 4. scale --------------------------------------------------------------
if want scale; then
	say "scale: stackgate check over $HIST_N commits (and $SMALL_N for memory) ..."
	# warm-up: git log -p reads the same objects (a stackgate run would
	# cost as much as a timed one)
	time_ms 1 "$HIST" "" git log -p "n0..n$HIST_N" -- '*.ts' '*.tsx' >/dev/null
	: >"$TMP/scale.a"
	: >"$TMP/scale.b"
	: >"$TMP/scale.rss"
	r=1
	while [ "$r" -le "$SCALE_RUNS" ]; do
		t0=$(date +%s%N)
		if [ "$HAVE_TIME" = 1 ]; then
			(cd "$HIST" && "$GNU_TIME" -a -o "$TMP/scale.rss" -f %M \
				"$SG" check --no-color "n0..n$HIST_N" >/dev/null 2>"$TMP/scale.err" </dev/null)
		else
			(cd "$HIST" && "$SG" check --no-color "n0..n$HIST_N" >/dev/null 2>"$TMP/scale.err" </dev/null)
		fi
		rc=$?
		t1=$(date +%s%N)
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e6 }' >>"$TMP/scale.a"
		time_ms 1 "$HIST" "" git log -p "n0..n$HIST_N" -- '*.ts' '*.tsx' >>"$TMP/scale.b"
		if [ "$r" = 1 ]; then
			[ "$rc" -le 1 ] || problem "scale: stackgate exited $rc: $(head -n 3 "$TMP/scale.err" | tr '\n' ' ')"
			grep 'judged' "$TMP/scale.err" | sed 's/^/  /'
			if check "$(cat "$TMP/scale.a")" 60000 '>'; then
				note "scale: one run takes over a minute; measuring it once"
				break
			fi
		fi
		r=$((r + 1))
	done
	sc_sg=$(median "$TMP/scale.a")
	sc_ref=$(median "$TMP/scale.b")
	sc_rss=$(maxof "$TMP/scale.rss")
	row "scale ($HIST_N commits, $(wc -l <"$TMP/scale.a") run(s))" "$sc_sg" "$sc_ref" "git log -p (same commits, *.ts)" "$sc_rss"
	time_ms 1 "$HIST" "$TMP/small.rss" "$SG" check --no-color "n0..n$SMALL_N" >"$TMP/small.a"
	sm_rss=$(maxof "$TMP/small.rss" 2>/dev/null)
	sm_sg=$(cat "$TMP/small.a")
	row "scale ($SMALL_N commits, 1 run)" "$sm_sg" "" "" "$sm_rss"
	per_small=$(awk -v t="$sm_sg" -v n="$SMALL_N" 'BEGIN { printf "%.2f", t / n }')
	per_big=$(awk -v t="$sc_sg" -v n="$HIST_N" 'BEGIN { printf "%.2f", t / n }')
	SCALE_NOTE="time per commit: $per_small ms at $SMALL_N commits, $per_big ms at $HIST_N"
	if [ -n "$sc_rss" ] && [ -n "$sm_rss" ]; then
		grow=$(ratio "$sc_rss" "$sm_rss")
		target "$(pf "$grow" 1.5 '<=')" "memory flat: peak at $HIST_N commits within 1.5x of $SMALL_N: ${grow}x ($(mib "$sc_rss") vs $(mib "$sm_rss") MiB)"
	else
		target SKIP "memory flat in history length: GNU time not installed"
	fi
fi

# ---- 5. Python: pre-commit, range and push of the Python project ---------------
if want pyprecommit; then
	say "python pre-commit: a staged change of 3 files ..."
	PWC="$TMP/pyprecommit"
	git clone -q -b staged "$PYHIST" "$PWC" 2>/dev/null || die "cannot clone '$PYHIST'"
	git -C "$PWC" reset -q --soft origin/main || die "cannot stage the Python change"
	stat=$(git -C "$PWC" diff --cached --numstat | awk '{ f++; a += $1; d += $2 } END { printf "%d files, +%d -%d lines", f, a, d }')
	bench_precommit pyprecommit "$PWC" "python pre-commit ($stat)" "python pre-commit"
fi
if want pyrange; then
	say "python range: stackgate check over $RANGE_N commits ..."
	bench_range pyrange "$PYHIST" "python " '*.py'
fi
if want pypush; then
	say "python push: $PUSH_N commits to a bare repository, with and without the pre-receive hook ..."
	bench_push "$TMP/pypush" "$PYHIST" "python push"
	pps_added=$bp_added
	row "python push ($PUSH_N commits, with hook)" "$bp_hook" "$bp_plain" "the same push, no hook" "$bp_rss"
	target "$(pf "$pps_added" 1000 '<')" "python push of $PUSH_N commits: the hook adds under 1 s: adds $(fmt_ms "$pps_added") ms"
fi

# ---- memory target over every workload ---------------------------------------
if [ -s "$RSS_ALL" ]; then
	peak=$(maxof "$RSS_ALL")
	target "$(pf "$(mib "$peak")" 64 '<')" "peak memory under 64 MiB in every workload: $(mib "$peak") MiB at most"
elif [ -s "$ROWS" ] && [ "$HAVE_TIME" = 0 ]; then
	target SKIP "peak memory under 64 MiB: GNU time not installed"
fi

# ---- identical results with another binary -----------------------------------
IDENT=""
if [ -n "$SG_B" ]; then
	say "comparing the findings of $BIN_B ..."
	# normalise: key order and whitespace do not count, the findings' order does
	norm='import json,sys; print(json.dumps(json.load(sys.stdin), sort_keys=True, indent=1))'
	IDENT="IDENTICAL"
	setup_wc
	for spec in "range:$HIST:check --format json n0..n$RANGE_N" "staged:$WC:check --format json --staged" \
		"entry:${EWC:-}:check --format json --staged"; do
		name=${spec%%:*}
		rest=${spec#*:}
		dir=${rest%%:*}
		args=${rest#*:}
		if [ -z "$dir" ] || [ ! -d "$dir" ]; then
			continue
		fi
		# shellcheck disable=SC2086 # $args is a fixed list of words
		(cd "$dir" && "$SG" $args 2>/dev/null | python3 -c "$norm") >"$TMP/ident.$name.a" 2>&1
		# shellcheck disable=SC2086
		(cd "$dir" && "$SG_B" $args 2>/dev/null | python3 -c "$norm") >"$TMP/ident.$name.b" 2>&1
		if cmp -s "$TMP/ident.$name.a" "$TMP/ident.$name.b"; then
			say "  $name: IDENTICAL ($(grep -c '"rule"' "$TMP/ident.$name.a") findings)"
		else
			IDENT="DIFFERENT"
			say "  $name: DIFFERENT"
			diff -u "$TMP/ident.$name.a" "$TMP/ident.$name.b" | head -n 40 | sed 's/^/    /'
		fi
	done
fi

# ---- the table ---------------------------------------------------------------
say ""
[ -s "$ROWS" ] && printf '%-44s %14s %14s %8s %10s   %s\n' "workload" "stackgate ms" "reference ms" "ratio" "peak MiB" "reference"
[ -s "$ROWS" ] && printf '%-44s %14s %14s %8s %10s   %s\n' "--------" "------------" "------------" "-----" "--------" "---------"
while IFS="|" read -r w a b r m ref; do
	printf '%-44s %14s %14s %8s %10s   %s\n' "$w" "$(fmt_ms "$a")" "$(fmt_ms "$b")" "${r:+${r}x}" "${m:--}" "$ref"
done <"$ROWS"
if want push && [ -n "${ps_added:-}" ]; then
	say ""
	say "push: the hook adds $(fmt_ms "$ps_added") ms to a push of $PUSH_N commits (median with hook minus median without)"
fi
if want pypush && [ -n "${pps_added:-}" ]; then
	say "python push: the hook adds $(fmt_ms "$pps_added") ms to a push of $PUSH_N commits"
fi
[ -n "${SCALE_NOTE:-}" ] && say "scale: $SCALE_NOTE"
if [ -s "$TARGETS" ]; then
	say ""
	say "targets$( [ "$QUICK" = 1 ] && printf ' (BENCH_QUICK: indicative only)'):"
	cat "$TARGETS"
fi
[ -n "$IDENT" ] && say "" && say "results with $BIN_B: $IDENT"
if [ -s "$PROBLEMS" ]; then
	say ""
	say "problems (the numbers above may not mean what they say):"
	sed 's/^/  /' "$PROBLEMS"
fi
say ""
say "generation $((t_gen1 - t_gen0)) s, total $(($(date +%s) - t_gen0)) s"

status=0
[ -s "$PROBLEMS" ] && status=2
[ "${BENCH_STRICT:-0}" = 1 ] && grep -q '^FAIL' "$TARGETS" && status=1
[ "$IDENT" = DIFFERENT ] && status=1
exit "$status"
