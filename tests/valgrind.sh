#!/bin/sh
# tests/valgrind.sh [BATS-FILE...]: run the end-to-end suite (bats) with
# every stackgate run under valgrind, then summarise: how many runs, and
# which had memory errors or definite/indirect leaks (with the relevant
# part of their valgrind log).
#
# Called by `make check-valgrind` from the repository root, after the build.
# Default: every tests/e2e/*.bats; give files to run fewer.
#
# How every run is caught: helpers.bash takes the binary from
# $STACKGATE_BIN and puts its directory first in PATH when it is named
# "stackgate"; the installed hooks run "${STACKGATE:-stackgate}" (helpers
# unsets STACKGATE). So STACKGATE_BIN points to a wrapper script named
# `stackgate` that execs valgrind on the real binary: direct calls and the
# hooks git runs (pre-commit, pre-push, pre-receive in the bare server)
# all go through it.
#
# Environment: STACKGATE_REAL (binary to check, default build/stackgate),
# VALGRIND_LOGS (keep the logs in this directory instead of a temporary one).
# Third-party leaks (libgit2 bugs) are suppressed below, each with its
# reason; nothing of stackgate's own is.
# Exit: 0 only when at least one run was checked and no run had an error
# or a definite/indirect leak; 1 otherwise. Test failures are listed too
# (they may come from valgrind's slowness) but do not decide the status.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
real=${STACKGATE_REAL:-$top/build/stackgate}
case $real in /*) ;; *) real=$PWD/$real ;; esac

if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind: not installed" >&2
	exit 2
fi
if ! command -v bats >/dev/null 2>&1; then
	echo "valgrind: bats not installed" >&2
	exit 2
fi
if [ ! -x "$real" ]; then
	echo "valgrind: $real not found or not executable (make first)" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/sg-valgrind.XXXXXX")
logs=${VALGRIND_LOGS:-$work/logs}
mkdir -p "$work/bin" "$logs"
if [ -z "${VALGRIND_LOGS:-}" ]; then
	trap 'rm -rf "$work"' EXIT
else
	trap 'rm -rf "$work/bin" "$work/tap" "$work/third-party.supp" "$work/nojit.c" "$work/nojit.so"' EXIT
fi
trap 'exit 130' INT TERM

# Known leaks of third-party code, not of stackgate. Each names the bug.
cat >"$work/third-party.supp" <<'EOF'
{
   libgit2-1.5.1 git_regexp_match (PCRE2 build) returns on no match without pcre2_match_data_free (fixed upstream); leaks on every open of a format-v1 repository (extensions check)
   Memcheck:Leak
   match-leak-kinds: definite,indirect
   fun:malloc
   ...
   fun:pcre2_match_data_create_8
   obj:*/libgit2.so*
}
{
   libgit2-1.5.1 git_regexp_match, the heap frames of the same leaked match data
   Memcheck:Leak
   match-leak-kinds: definite,indirect
   fun:malloc
   ...
   fun:pcre2_match_8
   obj:*/libgit2.so*
}
EOF

# PCRE2's JIT reads aligned words past the end of the subject (its SIMD
# search; PCRE2Project/pcre2#995), which memcheck reports as "conditional
# jump depends on uninitialised value" in unnamed JIT code, a report no
# suppression can tell from a real one. Under valgrind PCRE2 runs its
# interpreter instead, which reads exactly the subject: a preloaded
# pcre2_jit_compile() that declines (stackgate then matches without JIT,
# as it does wherever JIT is unavailable). VALGRIND_JIT=1 keeps the JIT.
preload=""
if [ "${VALGRIND_JIT:-0}" != 1 ]; then
	cat >"$work/nojit.c" <<'EOF'
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
int pcre2_jit_compile_8(pcre2_code_8 *code, uint32_t options)
{
	(void)code;
	(void)options;
	return PCRE2_ERROR_JIT_BADOPTION;
}
EOF
	if ! ${CC:-cc} -shared -fPIC -o "$work/nojit.so" "$work/nojit.c"; then
		echo "valgrind: cannot build the no-JIT shim (set VALGRIND_JIT=1 to skip it)" >&2
		exit 2
	fi
	preload="LD_PRELOAD=$work/nojit.so\${LD_PRELOAD:+:\$LD_PRELOAD} "
fi

# The wrapper: exec, so stdin, stdout, stderr and the exit status are the
# binary's own; valgrind's report goes to a log per process.
# valgrind keeps the pid, so cmd.PID names the run of vg.PID.log.
cat >"$work/bin/stackgate" <<EOF
#!/bin/sh
printf '%s' "\$PWD:" >"$logs/cmd.\$\$"
printf ' %s' "\$@" >>"$logs/cmd.\$\$"
printf '\\n' >>"$logs/cmd.\$\$"
${preload}exec valgrind -q --error-exitcode=99 --leak-check=full \\
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \\
	--track-origins=yes --num-callers=30 --suppressions="$work/third-party.supp" \\
	--log-file="$logs/vg.%p.log" "$real" "\$@"
EOF
chmod +x "$work/bin/stackgate"

if [ $# -eq 0 ]; then
	set -- "$top"/tests/e2e/*.bats
fi

echo "valgrind: running the e2e suite with every stackgate run under valgrind (slow)"
STACKGATE_BIN="$work/bin/stackgate" bats --tap "$@" >"$work/tap" 2>&1
bats_rc=$?
passed=$(grep -cE '^ok ' "$work/tap")
failed=$(grep -cE '^not ok ' "$work/tap")

runs=0
bad=0
for log in "$logs"/vg.*.log; do
	[ -f "$log" ] || continue
	runs=$((runs + 1))
	# -q: a clean run leaves an empty log; anything else is a report
	errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9][0-9]*\) errors.*/\1/p' "$log" | tail -1)
	if [ ! -s "$log" ] || { [ "${errors:-0}" -eq 0 ] &&
		! grep -qE '(definitely|indirectly) lost: [1-9]|Invalid|uninitialised|Mismatched|overlap' "$log"; }; then
		continue
	fi
	bad=$((bad + 1))
	pid=${log##*/vg.}
	pid=${pid%.log}
	echo
	echo "--- run $pid: stackgate$(cut -d: -f2- "$logs/cmd.$pid" 2>/dev/null) (in $(cut -d: -f1 "$logs/cmd.$pid" 2>/dev/null))"
	if [ "$bad" -gt 10 ]; then
		echo "    (log: $log)"
		continue
	fi
	# the reports themselves: each error or leak record with its stack
	grep -vE '^==[0-9]+== (Memcheck|Copyright|Using Valgrind|Parent PID|$)' "$log" | head -60
done

echo
if [ "$failed" -gt 0 ]; then
	echo "valgrind: e2e tests that failed under valgrind ($failed):"
	grep -E '^not ok ' "$work/tap" | sed 's/^/  /'
fi
echo "valgrind: $runs runs, $bad with errors or definite/indirect leaks; e2e under valgrind: $passed passed, $failed failed (bats exit $bats_rc)"
[ -n "${VALGRIND_LOGS:-}" ] && echo "valgrind: logs kept in $logs"
[ "$runs" -gt 0 ] && [ "$bad" -eq 0 ]
