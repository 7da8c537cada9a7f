#!/usr/bin/env bats
# Pulumi Python programs through the real hooks: `git commit` with the
# pre-commit hook and `git push` to a bare server with the pre-receive hook
# judge *.py like TypeScript (the same rules, one configuration); a
# `# stackgate:ignore RULE -- reason` comment suppresses; virtualenvs and
# __pycache__ are never judged.

load helpers

# An Aurora cluster whose master_password is a literal (line 12, column 21).
py_db_bad() {
	cat <<'EOF2'
import pulumi
import pulumi_aws as aws

config = pulumi.Config()
environment_suffix = config.require("environmentSuffix")

cluster = aws.rds.Cluster(
    f"db-{environment_suffix}",
    engine="aurora-postgresql",
    cluster_identifier=f"db-{environment_suffix}",
    master_username="postgres",
    master_password="TempPassword123!",
    skip_final_snapshot=True,
)
EOF2
}

# The same cluster with the password from Pulumi config.
py_db_good() {
	py_db_bad | sed 's/master_password="TempPassword123!"/master_password=config.require_secret("dbPassword")/'
}

# A static bucket name (line 7) and a physical name without the suffix (line 11).
py_names_bad() {
	cat <<'EOF2'
import pulumi
import pulumi_aws as aws

environment_suffix = pulumi.Config().require("environmentSuffix")
data = aws.s3.BucketV2(
    f"data-{environment_suffix}",
    bucket="acme-data-bucket",
)
queue = aws.sqs.Queue(
    f"jobs-{environment_suffix}",
    name="jobs-queue",
)
EOF2
}

py_names_good() {
	py_names_bad | sed 's/bucket="acme-data-bucket"/bucket=f"acme-data-{environment_suffix}"/; s/name="jobs-queue"/name=f"jobs-queue-{environment_suffix}"/'
}

setup_committed_repo() {
	echo '# app' | write_file README.md
	commit_all 'initial'
	install_hook pre-commit
}

@test "python: git commit of a literal master_password is blocked with file:line and rule; the fixed file commits" {
	setup_committed_repo
	before=$(head_or_none)
	py_db_bad | write_file __main__.py
	git add __main__.py

	run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_equal "$(head_or_none)" "$before" "HEAD moved: the commit was created"
	assert_contains "$stderr" "__main__.py:12:21: error:"
	assert_contains "$stderr" "[hardcoded-secret]"
	assert_no_secret_leak "$output" "$stderr"

	py_db_good | write_file __main__.py
	git add __main__.py
	run --separate-stderr git commit -m 'add db'
	assert_status 0
	assert_equal "$(git log -1 --format=%s)" "add db"
	assert_match "$stderr" "$(coverage_re 1 14)"
	refute_contains "$stderr" "hardcoded-secret"
}

@test "python: git commit of a static bucket name and an unsuffixed name is blocked; suffixed names commit" {
	setup_committed_repo
	py_names_bad | write_file lib/storage.py
	git add lib/storage.py

	run --separate-stderr git commit -m 'storage'
	assert_failure
	assert_contains "$stderr" "lib/storage.py:7:12: error:"
	assert_contains "$stderr" "[static-bucket-name]"
	assert_contains "$stderr" "lib/storage.py:11:10: error:"
	assert_contains "$stderr" "[missing-env-suffix]"

	py_names_good | write_file lib/storage.py
	git add lib/storage.py
	run --separate-stderr git commit -m 'storage'
	assert_status 0
	refute_contains "$stderr" "static-bucket-name"
	refute_contains "$stderr" "missing-env-suffix"
}

@test "python: '# stackgate:ignore RULE -- reason' suppresses; one without a reason is told how to write it" {
	setup_committed_repo
	py_names_bad | sed 's|^    bucket="acme-data-bucket",|    bucket="acme-data-bucket",  # stackgate:ignore static-bucket-name -- imported bucket owned by the data team|' |
		sed 's|^    name="jobs-queue",|    name="jobs-queue",  # stackgate:ignore missing-env-suffix -- shared queue of the account|' |
		write_file lib/storage.py
	git add lib/storage.py
	run --separate-stderr git commit -m 'storage'
	assert_status 0
	refute_contains "$stderr" "error:"

	py_names_bad | sed 's|^    bucket="acme-data-bucket",|    bucket="acme-data-bucket",  # stackgate:ignore static-bucket-name|' |
		write_file lib/other.py
	git add lib/other.py
	run --separate-stderr git commit -m 'other'
	assert_failure
	assert_contains "$stderr" "[invalid-suppression]"
	assert_contains "$stderr" "# stackgate:ignore"
}

@test "python: virtualenvs, site-packages and __pycache__ are not judged" {
	setup_committed_repo
	py_db_bad | write_file venv/lib/python3.12/site-packages/vendor/db.py
	py_db_bad | write_file .venv/lib/python3.12/site-packages/other/db.py
	py_db_bad | write_file lib/python3.12/site-packages/pkg/db.py
	py_db_bad | write_file __pycache__/db.py
	py_db_good | write_file __main__.py
	git add -A
	run --separate-stderr git commit -m 'vendored'
	assert_status 0
	refute_contains "$stderr" "hardcoded-secret"
	assert_match "$stderr" "$(coverage_re 1 14)"
}

@test "python: git push of a literal password to a guarded server is rejected and the ref stays; the fix is accepted" {
	make_server
	install_hook pre-receive "$SERVER"
	py_names_good | write_file lib/storage.py
	commit_all 'base'
	run git push origin main
	assert_status 0
	old=$(server_ref refs/heads/main)

	py_db_bad | write_file __main__.py
	commit_all 'add db'
	bad=$(git rev-parse HEAD)
	run git push origin main
	assert_failure
	assert_match "$output" 'remote: .*\[hardcoded-secret\]'
	assert_contains "$output" "__main__.py:12:"
	assert_contains "$output" "in commit ${bad:0:7}"
	assert_no_secret_leak "$output"
	assert_equal "$(server_ref refs/heads/main)" "$old" "server ref moved"

	git reset -q --hard HEAD~1
	py_db_good | write_file __main__.py
	commit_all 'add db from config'
	run git push origin main
	assert_status 0
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
}

@test "python: deleting an inner binding so that a use reads an outer literal is found (made live by deleted lines)" {
	cat <<EOF | write_file lib/db.py
import pulumi
import pulumi_aws as aws

config = pulumi.Config()
v = "$SECRET"


def make(environment_suffix):
    v = config.require_secret("dbPassword")
    return aws.rds.Cluster(
        f"db-{environment_suffix}",
        engine="aurora-postgresql",
        master_username="postgres",
        master_password=v,
    )
EOF
	commit_all inner
	run --separate-stderr stackgate check HEAD
	assert_status 0
	sed -i '/v = config.require_secret/d' lib/db.py
	commit_all "delete inner"
	run --separate-stderr stackgate check HEAD~1..HEAD
	assert_status 1
	assert_contains "$output" "lib/db.py:5:"
	assert_contains "$output" "[hardcoded-secret]"
	assert_contains "$output" "made live by lines this change deleted"
	assert_no_secret_leak "$output" "$stderr"
	STACKGATE_OPTIMIZE=0 run --separate-stderr stackgate check HEAD~1..HEAD
	assert_status 1
}

