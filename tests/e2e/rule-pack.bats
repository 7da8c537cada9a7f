#!/usr/bin/env bats
# Rule pack A (deprecated-runtime, nondeterministic-name, reserved-lambda-env,
# invalid-log-retention, sdk-v2-inline, static-snapshot-id): what the
# annotated fixtures cannot show. The runtime schedule depends on the day of
# the run, so those tests pin it with STACKGATE_TODAY; others need a config
# file, a real commit whose added lines are only part of the story, or the
# pre-commit hook.

load helpers

# A Lambda function on runtime $1 (a quoted string or an expression), line 4.
ts_fn() {
	cat <<EOF
import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';
export const fn = (environmentSuffix: string, roleArn: string) => new aws.lambda.Function(\`fn-\${environmentSuffix}\`, {
  runtime: $1,
  handler: 'index.handler',
  role: roleArn,
  code: new pulumi.asset.FileArchive('./lambda'),
});
EOF
}

# json_field JSON JQ: one value from a JSON report.
json_field() {
	printf '%s' "$1" | jq -r "$2"
}

# ---- deprecated-runtime: severity by date -----------------------------------

@test "deprecated-runtime: nothing before the deprecation date, a warning from it" {
	ts_fn "'nodejs18.x'" | write_file lib/fn.ts

	STACKGATE_TODAY=2025-08-31 run --separate-stderr stackgate check --files lib/fn.ts
	assert_status 0
	refute_contains "$output" "deprecated-runtime"

	STACKGATE_TODAY=2025-09-01 run --separate-stderr stackgate check --files lib/fn.ts
	assert_status 0
	assert_match "$output" "lib/fn\.ts:4:12: warning: lambda runtime 'nodejs18\.x' is deprecated .*\[deprecated-runtime\]"
	# the message names the dates and the table's date; the hint the replacement
	assert_contains "$output" "since 2025-09-01"
	assert_contains "$output" "from 2027-02-01"
	assert_contains "$output" "from 2027-03-03"
	assert_contains "$output" "runtime table as of 2026-11-01"
	assert_contains "$output" "fix: move to nodejs24.x or nodejs22.x"
	assert_contains "$output" "this blocks commits from 2027-01-02"
}

@test "deprecated-runtime: blocks from lead_days (30) before creation is blocked" {
	ts_fn "'nodejs18.x'" | write_file lib/fn.ts

	STACKGATE_TODAY=2027-01-01 run --separate-stderr stackgate check --format json --files lib/fn.ts
	assert_status 0
	assert_equal "$(json_field "$output" '.findings[0].rule')" deprecated-runtime
	assert_equal "$(json_field "$output" '.findings[0].severity')" advisory
	assert_equal "$(json_field "$output" '.summary.blocking')" 0

	STACKGATE_TODAY=2027-01-02 run --separate-stderr stackgate check --format json --files lib/fn.ts
	assert_status 1
	assert_equal "$(json_field "$output" '.findings[0].severity')" mandatory
	assert_equal "$(json_field "$output" '.findings[0].line')" 4

	# after creation is blocked, the message says "since"
	STACKGATE_TODAY=2027-02-15 run --separate-stderr stackgate check --files lib/fn.ts
	assert_status 1
	assert_match "$output" "lib/fn\.ts:4:12: error: .*creating functions on it is blocked since 2027-02-01, updating them from 2027-03-03"
}

@test "deprecated-runtime: lead_days and the table are configuration" {
	ts_fn "aws.lambda.Runtime.NodeJS20dX" | write_file lib/fn.ts
	printf '[rule "deprecated-runtime"]\nlead_days = 0\n' >"$TEST_ROOT/lead0.ini"

	STACKGATE_TODAY=2026-04-29 run stackgate check --files lib/fn.ts
	assert_status 0
	refute_contains "$output" "deprecated-runtime"

	STACKGATE_TODAY=2027-01-31 run stackgate check --config "$TEST_ROOT/lead0.ini" --files lib/fn.ts
	assert_status 0
	assert_match "$output" "warning: lambda runtime 'nodejs20\.x' is deprecated \(since 2026-04-30"

	STACKGATE_TODAY=2027-02-01 run stackgate check --config "$TEST_ROOT/lead0.ini" --files lib/fn.ts
	assert_status 1
	assert_contains "$output" "[deprecated-runtime]"

	# A team's own table replaces the default one (and its date is quoted).
	cat >"$TEST_ROOT/table.ini" <<'EOF'
[rule "deprecated-runtime"]
table_as_of = 2030-01-01
runtimes = nodejs20.x:2029-01-01:2030-06-01:2030-07-01,
  nodejs26.x:2031-04-30:2031-06-01:2031-07-01
EOF
	STACKGATE_TODAY=2029-12-01 run stackgate check --config "$TEST_ROOT/table.ini" --files lib/fn.ts
	assert_status 0
	assert_contains "$output" "runtime table as of 2030-01-01"
	assert_contains "$output" "fix: move to nodejs26.x"
	ts_fn "'nodejs12.x'" >lib/old.ts
	STACKGATE_TODAY=2029-12-01 run stackgate check --config "$TEST_ROOT/table.ini" --files lib/old.ts
	assert_status 0
	refute_contains "$output" "deprecated-runtime"
}

@test "deprecated-runtime: configured advisory never blocks; disabled says nothing" {
	ts_fn "'nodejs12.x'" | write_file lib/fn.ts
	printf '[rule "deprecated-runtime"]\nseverity = advisory\n' >"$TEST_ROOT/adv.ini"
	printf '[rule "deprecated-runtime"]\nseverity = disabled\n' >"$TEST_ROOT/off.ini"

	STACKGATE_TODAY=2026-11-22 run stackgate check --files lib/fn.ts
	assert_status 1
	assert_match "$output" "lib/fn\.ts:4:12: error: lambda runtime 'nodejs12\.x' is deprecated \(long ago; creating and updating functions on it is already blocked"

	STACKGATE_TODAY=2026-11-22 run stackgate check --config "$TEST_ROOT/adv.ini" --files lib/fn.ts
	assert_status 0
	assert_contains "$output" "lib/fn.ts:4:12: warning:"
	refute_contains "$output" "this blocks commits"

	STACKGATE_TODAY=2026-11-22 run stackgate check --config "$TEST_ROOT/off.ini" --files lib/fn.ts
	assert_status 0
	refute_contains "$output" "deprecated-runtime"
}

@test "deprecated-runtime: the pre-commit hook warns today and blocks after the lead date" {
	echo '# app' | write_file README.md
	commit_all 'initial'
	install_hook pre-commit
	ts_fn "'nodejs18.x'" | write_file lib/fn.ts
	git add lib/fn.ts

	before=$(head_or_none)
	STACKGATE_TODAY=2027-01-15 run --separate-stderr git commit -m 'add fn'
	assert_failure
	assert_equal "$(head_or_none)" "$before" "HEAD moved: the commit was created"
	assert_contains "$stderr" "lib/fn.ts:4:12: error:"
	assert_contains "$stderr" "[deprecated-runtime]"

	STACKGATE_TODAY=2026-11-22 run --separate-stderr git commit -m 'add fn'
	assert_status 0
	assert_contains "$stderr" "lib/fn.ts:4:12: warning:"
	assert_equal "$(git log -1 --format=%s)" "add fn"
}

# ---- sdk-v2-inline ------------------------------------------------------------

# Inline code loading aws-sdk (line 7) on runtime $1 (line 4).
ts_fn_inline_v2() {
	cat <<EOF
import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';
export const fn = (environmentSuffix: string, roleArn: string) => new aws.lambda.Function(\`fn-\${environmentSuffix}\`, {
  runtime: $1,
  handler: 'index.handler',
  role: roleArn,
  code: new pulumi.asset.AssetArchive({ 'index.js': new pulumi.asset.StringAsset(\`const AWS = require('aws-sdk');
exports.handler = async () => new AWS.STS().getCallerIdentity().promise();\`) }),
});
EOF
}

@test "sdk-v2-inline: not on nodejs16.x, which still ships the v2 SDK" {
	ts_fn_inline_v2 "'nodejs16.x'" | write_file lib/fn.ts
	printf '[rule "deprecated-runtime"]\nseverity = disabled\n' >"$TEST_ROOT/cfg.ini"

	run stackgate check --config "$TEST_ROOT/cfg.ini" --files lib/fn.ts
	assert_status 0
	refute_contains "$output" "sdk-v2-inline"

	ts_fn_inline_v2 "'nodejs18.x'" >lib/fn.ts
	run stackgate check --config "$TEST_ROOT/cfg.ini" --files lib/fn.ts
	assert_status 1
	assert_match "$output" "lib/fn\.ts:7:[0-9]+: error: inline Lambda code loads aws-sdk \(SDK v2\), which the nodejs18\.x runtime does not include"
	assert_contains "$output" "[sdk-v2-inline]"
}

@test "sdk-v2-inline: a commit that only moves the runtime to nodejs24.x is reported on the runtime" {
	printf '[rule "deprecated-runtime"]\nseverity = disabled\n' >.stackgate.ini
	ts_fn_inline_v2 "'nodejs16.x'" | write_file lib/fn.ts
	commit_all 'fn on node 16'

	ts_fn_inline_v2 "'nodejs24.x'" >lib/fn.ts
	git add lib/fn.ts
	run --separate-stderr stackgate check --staged
	assert_status 1
	assert_match "$output" "lib/fn\.ts:4:12: error: inline Lambda code loads aws-sdk .*\[sdk-v2-inline\]"
	refute_contains "$output" "lib/fn.ts:7:"
}

# ---- static-snapshot-id and missing-env-suffix ---------------------------------

ts_db_snapshot() {
	cat <<'EOF'
import * as aws from '@pulumi/aws';
export const db = (environmentSuffix: string) => new aws.rds.Instance(`db-${environmentSuffix}`, {
  identifier: `app-db-${environmentSuffix}`, engine: 'postgres', instanceClass: 'db.t3.micro',
  allocatedStorage: 20, username: 'dbadmin', manageMasterUserPassword: true,
  finalSnapshotIdentifier: 'app-db-final' });
EOF
}

@test "static-snapshot-id: silent where missing-env-suffix reports the same value, speaks when it is off" {
	ts_db_snapshot | write_file lib/db.ts
	printf '[rule "missing-env-suffix"]\nseverity = disabled\n' >"$TEST_ROOT/cfg.ini"

	run stackgate check --format json --files lib/db.ts
	assert_status 1
	assert_equal "$(json_field "$output" '[.findings[] | select(.line == 5) | .rule] | join(",")')" missing-env-suffix

	run stackgate check --config "$TEST_ROOT/cfg.ini" --format json --files lib/db.ts
	assert_status 0
	assert_equal "$(json_field "$output" '[.findings[] | select(.line == 5) | .rule] | join(",")')" static-snapshot-id
	assert_equal "$(json_field "$output" '.findings[0].severity')" advisory
	assert_contains "$(json_field "$output" '.findings[0].message')" "the next destroy fails"
}

# ---- reserved-lambda-env, invalid-log-retention, nondeterministic-name -------

@test "reserved-lambda-env: allowed_keys exempts a key; the key is what is marked" {
	cat <<'EOF' | write_file lib/fn.ts
import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';
export const fn = (environmentSuffix: string, roleArn: string) => new aws.lambda.Function(`fn-${environmentSuffix}`, {
  runtime: 'nodejs24.x', handler: 'index.handler', role: roleArn,
  code: new pulumi.asset.FileArchive('./lambda'),
  environment: { variables: { TZ: 'Europe/Paris', AWS_REGION: 'eu-west-1' } },
});
EOF
	run stackgate check --files lib/fn.ts
	assert_status 1
	assert_contains "$output" "lib/fn.ts:6:31: error: reserved Lambda environment variable 'TZ'"
	assert_contains "$output" "lib/fn.ts:6:51: error: reserved Lambda environment variable 'AWS_REGION'"

	printf '[rule "reserved-lambda-env"]\nallowed_keys = AWS_LAMBDA_EXEC_WRAPPER, TZ\n' >"$TEST_ROOT/cfg.ini"
	run stackgate check --config "$TEST_ROOT/cfg.ini" --files lib/fn.ts
	assert_status 1
	refute_contains "$output" "'TZ'"
	assert_contains "$output" "'AWS_REGION'"
}

@test "invalid-log-retention: the hint names the nearest allowed value" {
	cat <<'EOF' | write_file lib/logs.ts
import * as aws from '@pulumi/aws';
export const logs = (environmentSuffix: string) => new aws.cloudwatch.LogGroup(`audit-${environmentSuffix}`, {
  retentionInDays: 2555 });
EOF
	run stackgate check --files lib/logs.ts
	assert_status 1
	assert_contains "$output" "lib/logs.ts:3:20: error: 'retentionInDays' is 2555, which CloudWatch Logs does not accept"
	assert_contains "$output" "fix: use 2557, the nearest allowed value (the other neighbour is 2192)"
}

@test "nondeterministic-name: a const that was not added is reported where the name is used" {
	cat <<'EOF' | write_file lib/app.ts
import * as aws from '@pulumi/aws';
const stamp = Date.now();
export const environmentSuffix = process.env.ENVIRONMENT_SUFFIX || 'dev';
EOF
	commit_all 'a stamp'
	cat <<'EOF' >>lib/app.ts
export const bucket = new aws.s3.Bucket(`uploads-${environmentSuffix}-${stamp}`);
EOF
	git add lib/app.ts
	run stackgate check --staged
	assert_status 1
	assert_match "$output" "lib/app\.ts:4:41: error: the resource name of aws\.s3\.Bucket is built from Date\.now\(\) \(used on line 4\).*\[nondeterministic-name\]"
	refute_contains "$output" "lib/app.ts:2:"
}
