#!/usr/bin/env bats
# Every speed shortcut (incremental parsing from the previous version's
# tree, judging only the subtrees that hold added lines, carrying the
# cached tree over deletions, the lazy context pass, analysis on worker
# threads sharing one parse cache, two commits' trees compared entry by
# entry) must leave the findings exactly as they are
# with every shortcut off (STACKGATE_OPTIMIZE=0). Checked on the
# benchmark's own generated history: renames, merges, deletions, edits,
# and planted violations.

load helpers

history() {
	command -v python3 >/dev/null || skip "python3 is needed to generate the history"
	git init -q --bare "$TEST_ROOT/history.git"
	python3 "$BATS_TEST_DIRNAME/../../bench/gen-history.py" --commits "$1" --staged-change |
		git -C "$TEST_ROOT/history.git" fast-import --quiet
}

@test "optimised and unoptimised runs find the same things over a generated history" {
	history 600
	cd "$TEST_ROOT/history.git"
	run --separate-stderr stackgate check --no-baseline --format json n0..main
	[ "$status" -le 1 ] || { echo "$stderr"; false; }
	fast=$output
	fast_cover=$stderr
	STACKGATE_OPTIMIZE=0 run --separate-stderr stackgate check --no-baseline --format json n0..main
	[ "$status" -le 1 ]
	slow=$output
	# the history holds planted violations: the comparison is not of two empty lists
	n=$(printf '%s' "$fast" | jq '.findings | length')
	[ "$n" -gt 5 ] || { echo "only $n findings"; false; }
	assert_equal "$fast" "$slow"
	assert_equal "$fast_cover" "$stderr"
	assert_equal "$(printf '%s' "$fast" | jq .summary.commits)" 600
	# analysis on the calling thread, on one worker, on five: the same
	# findings in the same order
	for jobs in 0 1 5; do
		STACKGATE_JOBS=$jobs run --separate-stderr stackgate check --no-baseline --format json n0..main
		assert_equal "$output" "$slow"
	done
}

@test "optimised and unoptimised runs agree on the staged change and on a push" {
	history 300
	git clone -q "$TEST_ROOT/history.git" "$TEST_ROOT/work"
	cd "$TEST_ROOT/work"
	git checkout -q staged
	git reset -q --soft main
	run stackgate check --no-baseline --format json --staged
	fast=$output
	STACKGATE_OPTIMIZE=0 run stackgate check --no-baseline --format json --staged
	assert_equal "$fast" "$output"
	[ "$(printf '%s' "$fast" | jq .summary.files)" -ge 3 ]

	# a push of the whole history to an empty guarded server, both ways
	for opt in 1 0; do
		git init -q --bare "$TEST_ROOT/server$opt.git"
		printf '[general]\n[rule "hardcoded-secret"]\nseverity = advisory\n[rule "static-bucket-name"]\nseverity = advisory\n[rule "missing-env-suffix"]\nseverity = advisory\n' \
			>"$TEST_ROOT/server$opt.git/stackgate.ini"
		printf '#!/bin/sh\nSTACKGATE_OPTIMIZE=%s exec stackgate pre-receive --format json --no-baseline 2>"%s"\n' \
			"$opt" "$TEST_ROOT/report$opt.json" >"$TEST_ROOT/server$opt.git/hooks/pre-receive"
		chmod +x "$TEST_ROOT/server$opt.git/hooks/pre-receive"
		git push -q "$TEST_ROOT/server$opt.git" main 2>/dev/null || true
	done
	grep -q '"findings"' "$TEST_ROOT/report1.json"
	# the same report but for the path of each server's stackgate.ini
	assert_equal "$(grep -v '^stackgate:' "$TEST_ROOT/report1.json" | jq -c 'del(.summary.config)')" \
		"$(grep -v '^stackgate:' "$TEST_ROOT/report0.json" | jq -c 'del(.summary.config)')"
	[ "$(grep -v '^stackgate:' "$TEST_ROOT/report1.json" | jq .summary.commits)" -gt 250 ]
}

# The context pass leaves untouched subtrees unwalked until a lookup leads
# into one (a helper's body, a method, a nested function, a const's value).
@test "lookups from an added line reach declarations in code the change did not touch" {
	git init -q "$TEST_ROOT/lazy"
	cd "$TEST_ROOT/lazy"
	cat >index.ts <<'TS'
import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';

const config = new pulumi.Config();
export const environmentSuffix = config.require('environmentSuffix');
export const assetsName = 'acme-assets-bucket';

function sharedName(kind: string): string {
  const s = environmentSuffix;
  return `${kind}-${s}`;
}

function outer() {
  function innerName() {
    const t = Date.now();
    return `inner-${t}`;
  }
  return innerName;
}

export class Store extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('acme:Store', name, {}, opts);
    new aws.s3.Bucket(`logs-${environmentSuffix}`, {}, { parent: this });
  }

  private resName(kind: string): string {
    const s = environmentSuffix;
    return `${kind}-${s}`;
  }
}
TS
	git add index.ts
	git -c user.name=t -c user.email=t@example.com commit -qm base
	sed -i 's|^    new aws.s3.Bucket(`logs-${environmentSuffix}`, {}, { parent: this });|&\
    new aws.s3.Bucket(`assets-${environmentSuffix}`, { bucket: assetsName }, { parent: this });\
    new aws.s3.Bucket(this.resName("method"), {}, { parent: this });\
    new aws.s3.Bucket(sharedName("shared"), {}, { parent: this });\
    new aws.s3.Bucket(innerName(), {}, { parent: this });\
    new aws.s3.Bucket("fixed-name", {}, { parent: this });|' index.ts
	git add index.ts
	run --separate-stderr stackgate check --no-baseline --format json --staged
	fast=$output
	STACKGATE_OPTIMIZE=0 run --separate-stderr stackgate check --no-baseline --format json --staged
	assert_equal "$fast" "$output"
	rules=$(printf '%s' "$fast" | jq -r '[.findings[] | "\(.line):\(.rule)"] | join(" ")')
	# the exported const's literal (used on line 25), the one logical name without
	# a suffix (advisory); the helpers' names carry the suffix, so they are not findings
	assert_equal "$rules" "25:static-bucket-name 29:unsuffixed-logical-name"
}

@test "a range's tree diffs find the same with shortcuts off: new folders, nested edits, renames, type and mode changes, submodules" {
	ts_vpc_good | write_file lib/net.ts
	ts_vpc_good | write_file lib/deep/er/keep.ts
	ts_vpc_good | write_file old/gone.ts
	commit_all base
	base=$(git rev-parse HEAD)
	# a folder that is new, two levels deep, with a bad file in it
	ts_db_bad | write_file lib/new/inner/db.ts
	commit_all "new folder"
	# an edit two folders down, and a bad file beside an unchanged one
	ts_bucket_static | write_file lib/deep/er/keep.ts
	commit_all "nested edit"
	# a pure rename of a bad file: it adds nothing
	git mv lib/new/inner/db.ts lib/db-moved.ts
	commit_all "rename"
	# a folder deleted while another file is added: what git_diff's rename detection sees
	git rm -q -r old
	ts_vpc_nosuffix | write_file lib/sg.ts
	commit_all "delete and add"
	# a file becomes a link, another only changes mode
	rm lib/net.ts
	ln -s sg.ts lib/net.ts
	chmod +x lib/db-moved.ts
	commit_all "type and mode"
	# a submodule (a gitlink) next to a bad file
	git update-index --add --cacheinfo 160000,"$base",vendor/mod
	ts_db_bad | write_file lib/db2.ts
	git add lib/db2.ts
	git commit -q --no-verify -m submodule

	run --separate-stderr stackgate check --no-baseline --format json "$base..HEAD"
	[ "$status" -le 1 ] || { echo "$stderr"; false; }
	fast=$output
	fast_err=$stderr
	STACKGATE_OPTIMIZE=0 run --separate-stderr stackgate check --no-baseline --format json "$base..HEAD"
	[ "$status" -le 1 ] || { echo "$stderr"; false; }
	assert_equal "$fast" "$output"
	assert_equal "$fast_err" "$stderr"
	found=$(printf '%s' "$fast" | jq -r '.findings[] | "\(.path):\(.line):\(.rule)"' | sort | tr '\n' ' ')
	# found where they were added, and nothing for the rename, the link or the mode
	assert_equal "$found" "lib/db2.ts:4:hardcoded-secret lib/deep/er/keep.ts:2:static-bucket-name lib/new/inner/db.ts:4:hardcoded-secret lib/sg.ts:2:missing-env-suffix "
}
