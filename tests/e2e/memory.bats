#!/usr/bin/env bats
# Memory safety on real diffs: the paths only a diff takes (lazy units,
# incremental reparse from the previous version, the parse cache) through
# the real binary. Meaningful above all in `make test SANITIZE=1`, where a
# use after free or a read past a buffer is a sanitizer report; the same
# tests assert the verdicts in a plain build.
#
# Also replays the diff fuzzer's regressions (fuzz/regressions/diff/) as
# two-commit histories judged by `stackgate check A..B`.

load helpers

# The history of issue 11: a helper declared inside a function that the
# change does not touch (a lazy unit) is found by a lookup in the middle of
# classifying a name; walking that unit added a helper and moved the
# array the caller held a pointer into (heap-use-after-free).
lazy_helper_history() {
	mkdir -p lib
	{
		echo "import * as aws from '@pulumi/aws';"
		echo "declare const environmentSuffix: string;"
		for i in $(seq 1 14); do echo "function f$i() { return $i; }"; done
		echo "function host() { function inner(y: string) { return y; } return 0; }"
		echo "function mk(x: string) { return inner(x); }"
		echo "export const x = 1;"
	} >lib/a.ts
	commit_all base
}

@test "memory: a lookup that walks a lazy unit while a helper is being classified (issue 11 repro)" {
	lazy_helper_history
	echo 'new aws.sqs.Queue(mk("q"), {});' >>lib/a.ts
	commit_all change
	for jobs in 0 2; do
		STACKGATE_JOBS=$jobs run --separate-stderr stackgate check HEAD~1..HEAD
		assert_no_crash
		# mk() returns what inner() returns: unknown, never a finding
		assert_status 0
		assert_contains "$stderr" "judged 1 commit, 1 file, 1 added line"
	done
}

@test "memory: a helper found in a lazy unit still decides the verdict" {
	mkdir -p lib
	{
		echo "import * as aws from '@pulumi/aws';"
		echo "declare const environmentSuffix: string;"
		for i in $(seq 1 40); do echo "function f$i() { return $i; }"; done
		echo "function host() { function inner(y: string) { return \`\${y}-\${environmentSuffix}\`; } return 0; }"
		echo "function fixed() { function named(y: string) { return y + '-static'; } return 0; }"
		echo "function mk(x: string) { return inner(x); }"
	} >lib/a.ts
	commit_all base
	# the suffix comes through two helpers, one of them in a unit not yet walked
	echo 'export const q = new aws.sqs.Queue(mk("q"), {});' >>lib/a.ts
	echo "export const v = new aws.ec2.Vpc('main-vpc', {});" >>lib/a.ts
	commit_all change
	STACKGATE_JOBS=0 run --separate-stderr stackgate check HEAD~1..HEAD
	assert_no_crash
	# the unsuffixed logical name is a warning; the suffixed one nothing
	assert_status 0
	assert_contains "$output" "lib/a.ts:47"
	assert_contains "$output" "[unsuffixed-logical-name]"
	refute_match "$output" "lib/a.ts:46"
}

@test "memory: 150 commits of the bench history judged as a range, on one thread and on workers" {
	command -v python3 >/dev/null || skip "python3 is needed for bench/gen-history.py"
	git init -q --bare "$TEST_ROOT/h.git"
	python3 "$BATS_TEST_DIRNAME/../../bench/gen-history.py" --commits 150 |
		git -C "$TEST_ROOT/h.git" fast-import --quiet
	cd "$TEST_ROOT/h.git"
	for jobs in 0 2; do
		STACKGATE_JOBS=$jobs run --separate-stderr timeout 120 stackgate check n0..main
		assert_no_crash
		# about 2% of the commits add a violation
		assert_status 1
		assert_match "$stderr" "judged 15[0-9] commits"
		assert_contains "$output" "hardcoded-secret"
	done
	# the shortcuts (lazy units, incremental parsing) change no verdict
	STACKGATE_JOBS=0 run --separate-stderr stackgate check --format json n0..main
	with=$(printf '%s' "$output" | jq -c '[.findings[] | [.path, .line, .rule, .commit]] | sort')
	STACKGATE_OPTIMIZE=0 run --separate-stderr stackgate check --format json n0..main
	assert_no_crash
	without=$(printf '%s' "$output" | jq -c '[.findings[] | [.path, .line, .rule, .commit]] | sort')
	[ "$with" = "$without" ] || { echo "optimized: $with"; echo "plain: $without"; return 1; }
}

# split_diff_input FILE DIR: the fuzz_diff input format (fuzz/fuzz_diff.c):
# FLAGS OLD 0xff NEW; writes DIR/flags, DIR/old, DIR/new.
split_diff_input() {
	python3 - "$1" "$2" <<'EOF'
import sys
data = open(sys.argv[1], 'rb').read()
flags, rest = (data[0], data[1:]) if data else (0, b'')
old, sep, new = rest.partition(b'\xff')
if not sep:
    old, new = b'', rest
open(sys.argv[2] + '/flags', 'w').write(str(flags))
open(sys.argv[2] + '/old', 'wb').write(old)
open(sys.argv[2] + '/new', 'wb').write(new)
EOF
}

@test "memory: every kept diff fuzzer input runs as a two-commit range without a crash" {
	command -v python3 >/dev/null || skip "python3 is needed to split the inputs"
	dir=$BATS_TEST_DIRNAME/../../fuzz/regressions/diff
	n=0
	for f in "$dir"/*; do
		[ -f "$f" ] || continue
		rm -rf "$TEST_ROOT/r" "$TEST_ROOT/parts"
		mkdir -p "$TEST_ROOT/parts"
		split_diff_input "$f" "$TEST_ROOT/parts"
		path=lib/x.ts
		[ $(($(cat "$TEST_ROOT/parts/flags") & 1)) -eq 1 ] && path=lib/x.tsx
		git init -q "$TEST_ROOT/r"
		cd "$TEST_ROOT/r"
		mkdir -p lib
		cp "$TEST_ROOT/parts/old" "$path"
		commit_all old
		cp "$TEST_ROOT/parts/new" "$path"
		commit_all new
		STACKGATE_JOBS=0 run --separate-stderr timeout 60 stackgate check HEAD~1..HEAD
		echo "input: $f"
		assert_no_crash
		[ "$status" -le 3 ] || { _show; return 1; }
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || skip "no diff regressions kept"
}

# big_tree N: N files of ~1 MiB each (long string literals: cheap to parse,
# heavy to hold), committed.
big_tree() {
	mkdir -p lib
	python3 - "$1" <<'PY'
import sys
for i in range(int(sys.argv[1])):
    with open(f"lib/m{i}.ts", "w") as f:
        f.write("import * as aws from '@pulumi/aws';\n")
        for j in range(1000):
            f.write(f"export const v{j} = '{'x' * 1000}';\n")
PY
	commit_all "tree of $1 files"
}

# peak_kib CMD...: the command's peak resident memory in KiB (GNU time).
peak_kib() {
	/usr/bin/time -f '%M' -o "$TEST_ROOT/peak" "$@" >/dev/null 2>&1 || true
	cat "$TEST_ROOT/peak"
}

@test "memory: check --all holds a bounded batch of the tree's files, not the whole tree" {
	[ -x /usr/bin/time ] || skip "GNU time is not installed (apt-get install time)"
	# ASan keeps freed memory in quarantine: its peaks say nothing about ours
	! ldd "$STACKGATE_BIN" 2>/dev/null | grep -q libasan ||
		skip "a sanitizer build: peak memory is the sanitizer's"
	local small big
	big_tree 8
	STACKGATE_JOBS=0 run --separate-stderr stackgate check --all
	assert_status 0
	assert_contains "$stderr" "judged the whole tree: 8 files"
	small=$(STACKGATE_JOBS=0 peak_kib stackgate check --all)
	git rm -q -r lib
	big_tree 48
	STACKGATE_JOBS=0 run --separate-stderr stackgate check --all
	assert_status 0
	assert_contains "$stderr" "judged the whole tree: 48 files"
	big=$(STACKGATE_JOBS=0 peak_kib stackgate check --all)
	# 48 MiB of files against 8: held whole, the peak would grow by ~40 MiB
	echo "peak: $small KiB with 8 files, $big KiB with 48"
	[ "$big" -lt $((small + 12 * 1024)) ]
	big=$(STACKGATE_JOBS=0 peak_kib stackgate check --files lib)
	echo "peak of check --files lib: $big KiB"
	[ "$big" -lt $((small + 12 * 1024)) ]
}
