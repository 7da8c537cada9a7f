#!/usr/bin/env bats
# Provider facts: what @pulumi/aws says about a resource type (physical
# names, parent-scoped names, secret inputs, name limits), how a team's INI
# adds and removes names, and the facts at work in real commits and pushes.

load helpers

ts_glue() {
	cat <<'EOF2'
import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';
const environmentSuffix = new pulumi.Config().require('environmentSuffix');
export const db = new aws.glue.CatalogDatabase(`analytics-${environmentSuffix}`, {
  name: 'analytics',
});
export const table = new aws.glue.CatalogTable(`events-${environmentSuffix}`, {
  name: 'events',
  databaseName: db.name,
});
EOF2
}

@test "facts: a type's names, scopes, secrets and limits, with where each came from" {
	run --separate-stderr stackgate facts aws.s3.Bucket
	assert_status 0
	assert_contains "$output" "aws.s3.Bucket (facts from @pulumi/aws 7."
	assert_contains "$output" "bucket: physical name, auto-named when omitted, 3-63 characters, lowercase"
	assert_contains "$output" "it has a 'bucketPrefix' sibling"
	assert_contains "$output" "bucketPrefix: name prefix"
	assert_contains "$output" "judged for the environment suffix: bucket, bucketPrefix"

	run --separate-stderr stackgate facts aws.iam.RolePolicy
	assert_status 0
	assert_contains "$output" "name: physical name, auto-named when omitted, scoped to a parent (not judged for the suffix)"
	assert_contains "$output" "judged for the environment suffix: none"

	run --separate-stderr stackgate facts aws.opensearch.Domain
	assert_status 0
	assert_contains "$output" "advancedSecurityOptions.masterUserOptions.masterUserPassword: secret input"
	assert_contains "$output" "domainName: physical name, auto-named when omitted, 3-28 characters"

	run --separate-stderr stackgate facts aws.eks.Addon
	assert_status 0
	assert_contains "$output" "addonName: "
	assert_contains "$output" "not a physical name, curated: AWS picks it"
}

@test "facts: an unknown type or no type is a usage error that says what types look like" {
	run --separate-stderr stackgate facts aws.s3.Buckt
	assert_status 2
	assert_contains "$stderr" "nothing is known about 'aws.s3.Buckt'"
	assert_contains "$stderr" "aws.s3.Bucket"
	run --separate-stderr stackgate facts
	assert_status 2
	assert_contains "$stderr" "facts needs one resource type"
}

@test "facts: name_properties_remove drops a derived name, name_properties adds a parent-scoped one" {
	install_hook pre-commit
	ts_glue | write_file infra/index.ts
	git add -A
	run --separate-stderr git commit -m 'glue'
	assert_status 1
	assert_match "$stderr" "infra/index.ts:5:[0-9]+: error: physical name 'name' of aws.glue.CatalogDatabase, 'analytics', lacks the environment suffix.*\[missing-env-suffix\]"
	refute_contains "$stderr" "infra/index.ts:8:"

	printf '[rule "missing-env-suffix"]\nname_properties_remove = aws.glue.CatalogDatabase.name\nname_properties = aws.glue.CatalogTable.name\n' >.stackgate.ini
	git add -A
	run --separate-stderr git commit -m 'glue'
	assert_status 1
	refute_contains "$stderr" "infra/index.ts:5:"
	assert_match "$stderr" "infra/index.ts:8:[0-9]+: error: physical name 'name' of aws.glue.CatalogTable, 'events', lacks the environment suffix.*\[missing-env-suffix\]"

	run --separate-stderr stackgate facts aws.glue.CatalogDatabase
	assert_status 0
	assert_contains "$output" "[removed by name_properties_remove]"
	assert_contains "$output" "judged for the environment suffix: none"
	run --separate-stderr stackgate facts aws.glue.CatalogTable
	assert_contains "$output" "judged for the environment suffix: name (name_properties)"
}

@test "facts: a nested secret input is judged by the provider's word, not by its key" {
	cat >lib.ts <<'EOF2'
import * as aws from '@pulumi/aws';
export const search = new aws.opensearch.Domain('search', {
  advancedSecurityOptions: {
    masterUserOptions: { masterUserName: 'admin', masterUserPassword: 'Hunter2Hunter2!' },
  },
});
export const vpn = new aws.ec2.VpnConnection('vpn', { type: 'ipsec.1', tunnel2PresharedKey: 'abcdefgh12345678' });
EOF2
	# without any secret word or key the facts still know both inputs
	printf '[rule "hardcoded-secret"]\nsecret_keys = none\nsecret_words = none\nsecret_segments = none\n' >quiet.ini
	run --separate-stderr stackgate check --config quiet.ini --files lib.ts
	assert_status 1
	assert_match "$output" "lib.ts:4:[0-9]+: error: hardcoded secret in 'advancedSecurityOptions.masterUserOptions.masterUserPassword'.*\[hardcoded-secret\]"
	assert_match "$output" "lib.ts:7:[0-9]+: error: hardcoded secret in 'tunnel2PresharedKey'.*\[hardcoded-secret\]"
	refute_contains "$output" 'Hunter2Hunter2!'
}

@test "facts: invalid-name blocks a push whose target group name is longer than AWS allows" {
	make_server
	cat >lb.ts <<'EOF2'
import * as aws from '@pulumi/aws';
const environmentSuffix = process.env.ENVIRONMENT_SUFFIX || 'dev';
export const tg = new aws.lb.TargetGroup('tg', {
  name: `payments-service-blue-green-target-${environmentSuffix}`,
  port: 80,
  protocol: 'HTTP',
});
EOF2
	commit_all 'target group'
	install_hook pre-push
	run --separate-stderr git push -q origin main
	assert_status 1
	assert_match "$stderr" "lb.ts:4:[0-9]+: error: physical name 'name' of aws.lb.TargetGroup is 35 characters of fixed text before its other parts: at most 32 are allowed.*\[invalid-name\]"
	assert_equal "$(server_ref refs/heads/main)" none
}
