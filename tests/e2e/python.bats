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


# lib/app.py: a component whose values are bound to names on lines of their
# own (lines 9-13) and used by resources below them (lines 16-37).
py_flow_base() {
	cat <<'EOF2'
import json
import pulumi
import pulumi_aws as aws

config = pulumi.Config()
environment_suffix = config.require("environmentSuffix")

# settings: the ops migration needs these for the stack
db_args = aws.rds.ClusterArgs(engine="aurora-postgresql", master_password=config.require_secret("dbPassword"))
token = pulumi.Output.secret(config.require_secret("apiToken"))
policy = json.dumps({"Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "s3:GetObject"}]})
joined = "-".join(["acme", "data", environment_suffix])
named = str(f"acme-logs-{environment_suffix}")
store = aws.s3.BucketV2(f"store-{environment_suffix}", bucket=f"acme-store-{environment_suffix}")

cluster = aws.rds.Cluster(f"db-{environment_suffix}", db_args)
fn = aws.lambda_.Function(
    f"fn-{environment_suffix}",
    role=config.require("roleArn"),
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.FileArchive("./app"),
    environment={"variables": {"API_TOKEN": token}},
)
data = aws.s3.BucketV2(
    f"data-{environment_suffix}",
    bucket=joined,
)
logs = aws.s3.BucketV2(
    f"logs-{environment_suffix}",
    bucket=named,
)
data_policy = aws.s3.BucketPolicy(
    f"data-policy-{environment_suffix}",
    bucket=data.id,
    policy=policy,
)
EOF2
}

@test "python: a changed value bound to a name is judged where an unchanged line uses it (Args, Output.secret, json.dumps, join, str)" {
	py_flow_base | write_file lib/app.py
	commit_all base
	run --separate-stderr stackgate check HEAD
	assert_status 0
	# each value changes on its own line; every use stays as it is
	sed -i -e "s/master_password=config.require_secret(\"dbPassword\")/master_password=\"$SECRET\"/" \
		-e "s/pulumi.Output.secret(config.require_secret(\"apiToken\"))/pulumi.Output.secret(\"sk_live_4eC39HqLyjWDarjtT1zdp7dc\")/" \
		-e 's/"Service": "s3.amazonaws.com"/"AWS": "*"/' \
		-e 's/\["acme", "data", environment_suffix\]/["acme", "data", "bucket"]/' \
		-e 's/str(f"acme-logs-{environment_suffix}")/str("acme-logs-bucket")/' lib/app.py
	commit_all "values"
	run --separate-stderr stackgate check --format json HEAD~1..HEAD
	assert_status 1
	rules=$(printf '%s' "$output" | jq -r '[.findings[] | "\(.line):\(.rule)"] | sort | join(" ")')
	# Args (9), Output.secret (10), json.dumps (11), join (12), str (13): each reaches its use
	assert_contains "$rules" "9:hardcoded-secret"
	assert_contains "$rules" "10:hardcoded-secret"
	assert_contains "$rules" "11:public-bucket-acl"
	assert_contains "$rules" "12:static-bucket-name"
	assert_contains "$rules" "13:static-bucket-name"
	assert_no_secret_leak "$output" "$stderr"
	fast=$output
	STACKGATE_OPTIMIZE=0 run --separate-stderr stackgate check --format json HEAD~1..HEAD
	assert_equal "$output" "$fast"
}

@test "python: a changed resource or lambda bound to a name finds what judging the whole file finds" {
	py_flow_base | write_file lib/app.py
	commit_all base
	# the bound resource's own literal changes (line 14); a lambda is added (line 15)
	sed -i -e 's/bucket=f"acme-store-{environment_suffix}"/bucket="acme-store-bucket"/' \
		-e '14a\
name_of = lambda kind: f"{kind}-{environment_suffix}"' lib/app.py
	commit_all "resource"
	run --separate-stderr stackgate check --format json HEAD~1..HEAD
	assert_status 1
	rules=$(printf '%s' "$output" | jq -r '[.findings[] | "\(.line):\(.rule)"] | sort | join(" ")')
	assert_equal "$rules" "14:static-bucket-name"
	fast=$output
	STACKGATE_OPTIMIZE=0 run --separate-stderr stackgate check --format json HEAD~1..HEAD
	assert_equal "$output" "$fast"
}

@test "python: deleting comments and docstring lines that read like bindings compares nothing; deleting a used binding compares the old version" {
	cat <<'EOF2' | write_file lib/db.py
import pulumi
import pulumi_aws as aws

config = pulumi.Config()
v = "plain"


def make(environment_suffix):
    """Builds the cluster.

    for v in the old stack, as v = 1
    """
    # added for v: the ops migration
    v = config.require_secret("dbPassword")  # as v
    return aws.rds.Cluster(f"db-{environment_suffix}", engine="aurora-postgresql", master_password=v)
EOF2
	commit_all base
	# a docstring line and a comment, both naming v after for/as/=: nothing is compared
	sed -i -e '/for v in the old stack/d' -e '/# added for v/d' lib/db.py
	commit_all "comments"
	run --separate-stderr stackgate check --format json HEAD~1..HEAD
	assert_status 0
	assert_equal "$(printf '%s' "$output" | jq .summary.files)" 0
	# the binding itself: compared with the old version whole; the use reads line 5 now
	sed -i '/v = config.require_secret/d' lib/db.py
	commit_all "binding"
	run --separate-stderr stackgate check --format json HEAD~1..HEAD
	assert_status 1
	assert_equal "$(printf '%s' "$output" | jq .summary.files)" 1
	assert_equal "$(printf '%s' "$output" | jq -r '[.findings[] | "\(.line):\(.rule)"] | join(" ")')" "5:hardcoded-secret"
	assert_contains "$output" "made live by lines this change deleted"
}

# lib/store.py: a component that keeps its bucket's ARN on self (line 14)
# and reads self.* in a policy below (lines 16-20).
py_store_component() {
	cat <<'EOF2'
import json
import pulumi
import pulumi_aws as aws


class Store(pulumi.ComponentResource):
    def __init__(self, name, environment_suffix, opts=None):
        super().__init__("acme:Store", name, None, opts)
        self.prefix = "acme-store"
        bucket = aws.s3.BucketV2(
            f"store-{environment_suffix}", bucket=f"acme-store-{environment_suffix}",
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.bucket_arn = bucket.arn
        aws.s3.BucketV2(
            f"logs-{environment_suffix}",
            bucket=self.prefix,
            opts=pulumi.ResourceOptions(parent=self),
        )
EOF2
}

@test "python: self.x bound to another object's attribute finds what judging the whole file finds; self.x bound to a literal is judged at its unchanged read" {
	py_store_component | write_file lib/store.py
	commit_all base
	run --separate-stderr stackgate check HEAD
	assert_status 1
	# the ARN now comes from another attribute (line 14): nothing a read of it sees changes
	sed -i 's/self.bucket_arn = bucket.arn/self.bucket_arn = bucket.id/' lib/store.py
	commit_all "arn"
	run --separate-stderr stackgate check --format json HEAD~1..HEAD
	assert_status 0
	fast=$output
	STACKGATE_OPTIMIZE=0 run --separate-stderr stackgate check --format json HEAD~1..HEAD
	assert_equal "$output" "$fast"
	# self.prefix's literal changes (line 9): found where line 18 reads it
	sed -i 's/self.prefix = "acme-store"/self.prefix = "acme-store-logs"/' lib/store.py
	commit_all "prefix"
	run --separate-stderr stackgate check --format json HEAD~1..HEAD
	assert_status 1
	assert_equal "$(printf '%s' "$output" | jq -r '[.findings[] | "\(.line):\(.rule)"] | join(" ")')" "9:static-bucket-name"
	fast=$output
	STACKGATE_OPTIMIZE=0 run --separate-stderr stackgate check --format json HEAD~1..HEAD
	assert_equal "$output" "$fast"
}
