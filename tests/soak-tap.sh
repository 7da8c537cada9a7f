#!/bin/sh
# tests/soak-tap.sh: tests/soak.sh (200 concurrent pushes to one guarded
# bare repository) as one TAP test for tests/run.sh.
top=$(cd "$(dirname "$0")/.." && pwd)
echo "1..1"
if out=$(sh "$top/tests/soak.sh" 2>&1); then
	printf '%s\n' "$out" | sed 's/^/# /'
	echo "ok 1 - soak: $(printf '%s\n' "$out" | grep '^soak: [0-9]* pushes in' | sed 's/^soak: //')"
else
	printf '%s\n' "$out" | sed 's/^/# /'
	echo "not ok 1 - soak: concurrent pushes to one guarded repository"
	exit 1
fi
