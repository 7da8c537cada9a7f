#!/bin/sh
# tests/run.sh: run every suite (unit, rule fixtures, multi-file fixtures,
# end-to-end) as TAP, echo it, and end with the line "N passed, M failed". Exits non-zero when
# a test failed or when no test ran at all.
#
# Called by `make test` from the repository root, after the build.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
STACKGATE_BIN=${STACKGATE_BIN:-$top/build/stackgate}
export STACKGATE_BIN
# For `make test SANITIZE=1`: known leaks of the libraries (tests/lsan.supp).
LSAN_OPTIONS="suppressions=$top/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM
suites_failed=0

run_suite() {
	name=$1
	shift
	printf '# suite: %s\n' "$name"
	if ! "$@" >"$log.out" 2>&1; then
		suites_failed=$((suites_failed + 1))
		# a suite that died before reporting its tests is a failure too
		grep -qE '^(not )?ok ' "$log.out" || echo "not ok 1 - $name: suite did not run" >>"$log.out"
	fi
	cat "$log.out"
	cat "$log.out" >>"$log"
	rm -f "$log.out"
}

CMOCKA_MESSAGE_OUTPUT=TAP run_suite unit "$top/build/unit-tests"
run_suite fixtures sh "$top/tests/fixtures/run.sh"
run_suite xfile sh "$top/tests/xfile/run.sh"
# the same cases with every shortcut off must find the same (optimize.bats
# does this for a generated history)
run_suite "xfile, STACKGATE_OPTIMIZE=0" env STACKGATE_OPTIMIZE=0 sh "$top/tests/xfile/run.sh"
run_suite e2e bats --tap "$top/tests/e2e"
run_suite soak sh "$top/tests/soak-tap.sh"

passed=$(grep -cE '^ok ' "$log")
failed=$(grep -cE '^not ok ' "$log")
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] && [ "$suites_failed" -eq 0 ]
