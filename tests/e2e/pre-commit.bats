#!/usr/bin/env bats
# The pre-commit hook, driven through real `git commit`.

load helpers

# A repository with one harmless commit and the pre-commit hook installed.
setup_committed_repo() {
	echo '# app' | write_file README.md
	commit_all 'initial'
	install_hook pre-commit
}

@test "pre-commit: staged hardcoded secret blocks git commit and says how to bypass" {
	setup_committed_repo
	before=$(head_or_none)
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_equal "$(head_or_none)" "$before" "HEAD moved: the commit was created"
	assert_contains "$stderr" "[hardcoded-secret]"
	assert_contains "$stderr" "lib/db.ts:4:32: error:"
	assert_contains "$stderr" "--no-verify"
	assert_match "$stderr" "$COVERAGE_RE"
	assert_no_secret_leak "$output" "$stderr"
}

@test "pre-commit: clean staged file commits and the hook reports coverage" {
	setup_committed_repo
	before=$(head_or_none)
	ts_db_good | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'add db'
	assert_status 0
	[ "$(head_or_none)" != "$before" ]
	assert_equal "$(git log -1 --format=%s)" "add db"
	# The hook did run (and judged the one staged file).
	assert_match "$stderr" "$(coverage_re 1 6)"
	refute_contains "$stderr" "hardcoded-secret"
}

@test "pre-commit: git commit --no-verify bypasses the hook" {
	setup_committed_repo
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts

	before=$(head_or_none)
	run git commit -m 'blocked'
	assert_failure
	assert_equal "$(head_or_none)" "$before"

	run git commit --no-verify -m 'bypass'
	assert_status 0
	assert_equal "$(git log -1 --format=%s)" "bypass"
}

@test "pre-commit: git commit -a blocks a violation only in the working tree (temporary index)" {
	ts_db_good | write_file lib/db.ts
	commit_all 'initial'
	install_hook pre-commit
	before=$(head_or_none)
	ts_db_bad >lib/db.ts
	# Not staged: the normal index still holds the clean version.
	[ -z "$(git diff --cached --name-only)" ]

	run --separate-stderr git commit -a -m 'edit'
	assert_failure
	assert_equal "$(head_or_none)" "$before"
	assert_contains "$stderr" "[hardcoded-secret]"
	assert_contains "$stderr" "lib/db.ts:4:"
	assert_no_secret_leak "$output" "$stderr"
}

@test "pre-commit: git commit <path> blocks a violation only in the working tree" {
	ts_db_good | write_file lib/db.ts
	echo '# app' | write_file README.md
	commit_all 'initial'
	install_hook pre-commit
	before=$(head_or_none)
	ts_db_bad >lib/db.ts

	run --separate-stderr git commit -m 'edit' lib/db.ts
	assert_failure
	assert_equal "$(head_or_none)" "$before"
	assert_contains "$stderr" "[hardcoded-secret]"
	assert_contains "$stderr" "lib/db.ts:4:"
}

@test "pre-commit: git commit <path> of a clean file passes" {
	ts_db_bad | write_file lib/db.ts
	ts_vpc_good | write_file lib/net.ts
	commit_all 'initial (legacy secret)'
	install_hook pre-commit
	before=$(head_or_none)
	sed -i 's/10.0.0.0/10.1.0.0/' lib/net.ts

	run --separate-stderr git commit -m 'edit net' lib/net.ts
	assert_status 0
	[ "$(head_or_none)" != "$before" ]
	assert_match "$stderr" "$COVERAGE_RE"
}

@test "pre-commit: staged bad with the working tree fixed still blocks (judges the index)" {
	setup_committed_repo
	before=$(head_or_none)
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts
	ts_db_good >lib/db.ts

	run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_equal "$(head_or_none)" "$before"
	assert_contains "$stderr" "[hardcoded-secret]"
	assert_contains "$stderr" "lib/db.ts:4:"
}

@test "pre-commit: staged good with a bad working tree passes (judges the index)" {
	setup_committed_repo
	before=$(head_or_none)
	ts_db_good | write_file lib/db.ts
	git add lib/db.ts
	ts_db_bad >lib/db.ts

	run --separate-stderr git commit -m 'add db'
	assert_status 0
	[ "$(head_or_none)" != "$before" ]
	assert_match "$stderr" "$(coverage_re 1 6)"
	# What was committed is the clean staged blob.
	run git show HEAD:lib/db.ts
	assert_contains "$output" "requireSecret"
}

@test "pre-commit: partial staging (git add -p) is judged by the staged hunks" {
	{
		ts_db_good
		for i in 1 2 3 4 5 6 7 8 9 10; do echo "// filler $i"; done
		echo "export const pw = (s: string) => new aws.rds.Instance(\`pw-\${s}\`, {"
		echo "  engine: 'postgres', instanceClass: 'db.t3.small', allocatedStorage: 20,"
		echo "  username: 'admin', password: config.requireSecret('pw') });"
	} | write_file lib/db.ts
	commit_all 'initial'
	install_hook pre-commit
	before=$(head_or_none)
	# Hunk 1 (line 5): harmless. Hunk 2 (line 19): a hardcoded password.
	sed -i -e '5s/allocatedStorage: 20/allocatedStorage: 30/' \
		-e "19s/config.requireSecret('pw')/'TempPassword123!'/" lib/db.ts
	printf 'y\nn\n' | git add -p lib/db.ts >/dev/null
	run git diff --cached
	assert_contains "$output" 'allocatedStorage: 30'
	refute_contains "$output" 'TempPassword'

	run --separate-stderr git commit -m 'storage only'
	assert_status 0
	[ "$(head_or_none)" != "$before" ]

	before=$(head_or_none)
	git add lib/db.ts
	run --separate-stderr git commit -m 'password'
	assert_failure
	assert_equal "$(head_or_none)" "$before"
	assert_contains "$stderr" "lib/db.ts:19:"
	assert_contains "$stderr" "[hardcoded-secret]"
}

@test "pre-commit: first commit (no HEAD) with a bad file blocks" {
	install_hook pre-commit
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'first'
	assert_failure
	assert_equal "$(head_or_none)" none
	assert_contains "$stderr" "[hardcoded-secret]"
	assert_contains "$stderr" "lib/db.ts:4:"
}

@test "pre-commit: first commit (no HEAD) with a good file passes" {
	install_hook pre-commit
	ts_db_good | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'first'
	assert_status 0
	[ "$(head_or_none)" != none ]
	assert_match "$stderr" "$(coverage_re 1 6)"
}

@test "pre-commit: renaming a file with a legacy violation passes" {
	ts_db_bad | write_file lib/db.ts
	commit_all 'legacy'
	install_hook pre-commit
	before=$(head_or_none)
	git mv lib/db.ts lib/database.ts

	run --separate-stderr git commit -m 'rename'
	assert_status 0
	[ "$(head_or_none)" != "$before" ]
	refute_contains "$stderr" "hardcoded-secret"
	assert_match "$stderr" "$COVERAGE_RE"
}

@test "pre-commit: deleting a file with a violation passes" {
	ts_db_bad | write_file lib/db.ts
	echo '# app' | write_file README.md
	commit_all 'legacy'
	install_hook pre-commit
	before=$(head_or_none)
	git rm -q lib/db.ts

	run --separate-stderr git commit -m 'delete'
	assert_status 0
	[ "$(head_or_none)" != "$before" ]
	refute_contains "$stderr" "hardcoded-secret"
}

@test "pre-commit: removing the secret line from a file passes" {
	ts_db_bad | write_file lib/db.ts
	commit_all 'legacy'
	install_hook pre-commit
	before=$(head_or_none)
	ts_db_good >lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'fix'
	assert_status 0
	[ "$(head_or_none)" != "$before" ]
}

@test "pre-commit: editing an unrelated line of a file with a legacy violation passes" {
	ts_db_bad | write_file lib/db.ts
	commit_all 'legacy'
	install_hook pre-commit
	before=$(head_or_none)
	sed -i '3s/allocatedStorage: 20/allocatedStorage: 50/' lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'more storage'
	assert_status 0
	[ "$(head_or_none)" != "$before" ]
	refute_contains "$stderr" "hardcoded-secret"
}

@test "pre-commit: adding a new violation to a file with a legacy one blocks, reporting only the new line" {
	ts_db_bad | write_file lib/db.ts
	commit_all 'legacy'
	install_hook pre-commit
	before=$(head_or_none)
	cat >>lib/db.ts <<'EOF'
export const db2 = (environmentSuffix: string) => new aws.rds.Instance(`db2-${environmentSuffix}`, {
  engine: 'postgres', instanceClass: 'db.t3.small', allocatedStorage: 20,
  username: 'admin', password: 'OtherSecret456!' });
EOF
	git add lib/db.ts

	run --separate-stderr git commit -m 'second db'
	assert_failure
	assert_equal "$(head_or_none)" "$before"
	assert_contains "$stderr" "lib/db.ts:7:"
	assert_contains "$stderr" "[hardcoded-secret]"
	refute_contains "$stderr" "lib/db.ts:4:"
	refute_contains "$stderr" "OtherSecret456!"
}

@test "pre-commit: static S3 bucket name blocks with static-bucket-name" {
	setup_committed_repo
	before=$(head_or_none)
	ts_bucket_static | write_file lib/storage.ts
	git add lib/storage.ts

	run --separate-stderr git commit -m 'bucket'
	assert_failure
	assert_equal "$(head_or_none)" "$before"
	assert_contains "$stderr" "[static-bucket-name]"
	assert_contains "$stderr" "lib/storage.ts:2:"
}

@test "pre-commit: resource name without the environment suffix blocks with missing-env-suffix" {
	setup_committed_repo
	before=$(head_or_none)
	ts_vpc_nosuffix | write_file lib/net.ts
	git add lib/net.ts

	run --separate-stderr git commit -m 'vpc'
	assert_failure
	assert_equal "$(head_or_none)" "$before"
	assert_contains "$stderr" "[missing-env-suffix]"
	assert_contains "$stderr" "lib/net.ts:2:"
}

@test "pre-commit: resource name with the environment suffix passes" {
	setup_committed_repo
	before=$(head_or_none)
	ts_vpc_good | write_file lib/net.ts
	git add lib/net.ts

	run --separate-stderr git commit -m 'vpc'
	assert_status 0
	[ "$(head_or_none)" != "$before" ]
	refute_contains "$stderr" "missing-env-suffix"
	assert_match "$stderr" "$COVERAGE_RE"
}

@test "pre-commit: a commit in a linked worktree is judged by that worktree's index" {
	setup_committed_repo
	git worktree add -q -b wt "$TEST_ROOT/wt"
	cd "$TEST_ROOT/wt"
	before=$(head_or_none)
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'in worktree'
	assert_failure
	assert_equal "$(head_or_none)" "$before"
	assert_contains "$stderr" "[hardcoded-secret]"
	assert_contains "$stderr" "lib/db.ts:4:"

	ts_db_good >lib/db.ts
	git add lib/db.ts
	run --separate-stderr git commit -m 'in worktree'
	assert_status 0
	[ "$(head_or_none)" != "$before" ]
}

@test "pre-commit: .stackgate.ini advisory severity lets the commit through with a warning" {
	setup_committed_repo
	printf '[rule "hardcoded-secret"]\nseverity = advisory\n' >.stackgate.ini
	before=$(head_or_none)
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'advisory'
	assert_status 0
	[ "$(head_or_none)" != "$before" ]
	assert_match "$stderr" 'lib/db\.ts:4:[0-9]+: warning: .*\[hardcoded-secret\]'
	assert_no_secret_leak "$stderr"
}

@test "pre-commit: an invalid .stackgate.ini stops the commit (exit 2, FILE:LINE)" {
	setup_committed_repo
	printf '[rule "hardcoded-secret"]\nseverity = advisory\nbogus = 1\n' >.stackgate.ini
	before=$(head_or_none)
	ts_db_good | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'x'
	assert_failure
	assert_equal "$(head_or_none)" "$before"
	assert_contains "$stderr" ".stackgate.ini:3"
}

@test "pre-commit: JavaScript is judged: a secret in a staged .js program and a .mjs handler blocks; node_modules stays out" {
	setup_committed_repo
	before=$(head_or_none)
	write_file index.js <<'JS'
const pulumi = require('@pulumi/pulumi');
const aws = require('@pulumi/aws');
const environmentSuffix = new pulumi.Config().require('environmentSuffix');
const db = new aws.rds.Instance(`db-${environmentSuffix}`, {
  identifier: `db-${environmentSuffix}`, instanceClass: 'db.t3.micro', password: 'TempPassword123!' });
exports.endpoint = db.endpoint;
JS
	write_file app/handler.mjs <<'JS'
export const handler = async () => ({ key: 'AKIA2OGYBAH6STMMNXNN' });
JS
	# vendored code: a token in node_modules is not this repository's to judge
	write_file node_modules/dep/index.js <<'JS'
module.exports = { token: 'ghp_0123456789abcdefghijABCDEFGHIJ012345' };
JS
	git add -f index.js app/handler.mjs node_modules/dep/index.js

	run --separate-stderr git commit -m 'js program'
	assert_failure
	assert_equal "$(head_or_none)" "$before" "HEAD moved: the commit was created"
	assert_contains "$stderr" "index.js:5:82: error:"
	assert_contains "$stderr" "app/handler.mjs:1:45: error:"
	assert_contains "$stderr" "[hardcoded-secret]"
	refute_contains "$stderr" "node_modules"
	assert_match "$stderr" "$(coverage_re 2 7)"
	assert_no_secret_leak "$output" "$stderr"
}
