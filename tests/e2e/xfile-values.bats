#!/usr/bin/env bats
# Values across files (issue 14), through real hooks: a const, an object
# literal or a helper written in another file of the tree and imported by
# a relative path is followed to its literal.

load helpers

# A project whose config module exports fixed values (lines 1-2) and an
# entry point that reads the suffix.
project_base() {
	cat <<'EOF2' | write_file lib/config.ts
export const bucketName = 'acme-data';
export const settings = { logBucket: 'acme-logs' };
export const environmentSuffix = process.env.ENVIRONMENT_SUFFIX || 'dev';
EOF2
	cat <<'EOF2' | write_file index.ts
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { bucketName, settings } from './lib/config';

const suffix = new pulumi.Config().require('environmentSuffix');
EOF2
}

@test "xfile: pre-commit blocks a new use of an imported fixed bucket name, at the use, naming where it is written" {
	project_base
	commit_all 'base'
	install_hook pre-commit
	echo "new aws.s3.Bucket(\`data-\${suffix}\`, { bucket: settings.logBucket });" >>index.ts
	git add index.ts
	old=$(head_or_none)

	run --separate-stderr git commit -q -m 'add bucket'
	assert_failure
	assert_contains "$stderr" "index.ts:6:"
	assert_contains "$stderr" "[static-bucket-name]"
	assert_contains "$stderr" "the value is written in lib/config.ts:2"
	assert_equal "$(head_or_none)" "$old" "the commit was made"

	# the same use with a suffixed name from a helper of another file passes
	git reset -q --hard
	cat <<'EOF2' | write_file lib/naming.ts
export function bucketFor(base: string, sfx: string): string {
    return `acme-${base}-${sfx}`;
}
EOF2
	echo "import { bucketFor } from './lib/naming';" >>index.ts
	echo "new aws.s3.Bucket(\`data-\${suffix}\`, { bucket: bucketFor('data', suffix) });" >>index.ts
	git add -A
	run --separate-stderr git commit -q -m 'add bucket through a helper'
	assert_status 0
	assert_equal "$(git log -1 --format=%s)" "add bucket through a helper"
}

@test "xfile: pre-push rejects a commit that only edits the definition an unchanged use reads" {
	make_server
	cat <<'EOF2' | write_file lib/config.ts
import * as pulumi from '@pulumi/pulumi';
export const suffix = new pulumi.Config().require('environmentSuffix');
export const bucketName = `acme-data-${suffix}`;
EOF2
	cat <<'EOF2' | write_file index.ts
import * as aws from '@pulumi/aws';
import { bucketName, suffix } from './lib/config';

new aws.s3.Bucket(`data-${suffix}`, { bucket: bucketName });
EOF2
	commit_all 'base'
	git push -q origin main
	install_hook pre-push
	old=$(server_ref refs/heads/main)
	sed -i 's/^export const bucketName = .*/export const bucketName = '"'"'acme-data'"'"';/' lib/config.ts
	commit_all 'fixed bucket name'
	bad=$(git rev-parse HEAD)

	run --separate-stderr git push origin main
	assert_failure
	assert_contains "$stderr" "lib/config.ts:3:"
	assert_contains "$stderr" "[static-bucket-name]"
	assert_contains "$stderr" "used in index.ts:4"
	assert_contains "$stderr" "in commit ${bad:0:7}"
	assert_equal "$(server_ref refs/heads/main)" "$old" "remote ref moved"

	# the commit rewritten with a suffixed name goes through
	sed -i 's/^export const bucketName = .*/export const bucketName = `acme-data-${suffix}-v2`;/' lib/config.ts
	git add -A
	git commit -q --no-verify --amend -m 'bucket name v2'
	run --separate-stderr git push origin main
	assert_status 0
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
}

@test "xfile: a value from a package or a missing module is unknown, never a finding" {
	make_server
	cat <<'EOF2' | write_file index.ts
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

const suffix = new pulumi.Config().require('environmentSuffix');
EOF2
	commit_all 'base'
	git push -q origin main
	install_hook pre-push
	cat <<'EOF2' >>index.ts
import { bucketName } from '@acme/naming';
import { other } from './lib/not-there';
new aws.s3.Bucket(`data-${suffix}`, { bucket: bucketName });
new aws.s3.Bucket(`logs-${suffix}`, { bucket: other });
EOF2
	commit_all 'unknown values'
	run --separate-stderr git push origin main
	assert_status 0
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
}
