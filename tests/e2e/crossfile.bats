#!/usr/bin/env bats
# Components across files (issue 14): the entry point bin/tap.ts builds
# the project's TapStack (lib/tap-stack.ts), which names its resources
# with the suffix it is given. A change to bin/tap.ts alone that stops
# passing the suffix is judged through TapStack's resources, through real
# `git commit` (pre-commit) and real `git push` (pre-push, pre-receive).

load helpers

# lib/tap-stack.ts: the bucket's physical name is on line 15, built from
# args.environmentSuffix with the default 'dev'.
tap_stack() {
	cat <<'EOF'
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface TapStackArgs {
  environmentSuffix?: string;
  tags?: Record<string, string>;
}

export class TapStack extends pulumi.ComponentResource {
  constructor(name: string, args: TapStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:stack:TapStack', name, args, opts);
    const environmentSuffix = args.environmentSuffix || 'dev';

    new aws.s3.Bucket(`tap-data-${environmentSuffix}`, {
      bucket: `tap-data-${environmentSuffix}`,
      tags: args.tags,
    }, { parent: this });
    this.registerOutputs({});
  }
}
EOF
}

# bin/tap.ts passing the suffix it reads from the stack's config.
entry_good() {
	cat <<'EOF'
import * as pulumi from '@pulumi/pulumi';
import { TapStack } from '../lib/tap-stack';

const config = new pulumi.Config();
const environmentSuffix = config.get('environmentSuffix') || 'dev';

new TapStack('TapStack', { environmentSuffix, tags: { Project: 'tap' } });
EOF
}

# bin/tap.ts that no longer passes it (line 7): every stack gets tap-data-dev.
entry_dropped() {
	cat <<'EOF'
import * as pulumi from '@pulumi/pulumi';
import { TapStack } from '../lib/tap-stack';

const config = new pulumi.Config();
const environmentSuffix = config.get('environmentSuffix') || 'dev';

new TapStack('TapStack', { tags: { Project: 'tap', Owner: environmentSuffix } });
EOF
}

# A repository whose project passes the suffix, committed.
setup_project() {
	tap_stack | write_file lib/tap-stack.ts
	entry_good | write_file bin/tap.ts
	commit_all 'tap project'
}

# What the user must see for entry_dropped: where, what, which resource, how to fix.
assert_dropped_reported() {
	local text=$1
	assert_contains "$text" "[missing-env-suffix]"
	assert_contains "$text" "bin/tap.ts:7:"
	assert_contains "$text" "TapStack"
	assert_contains "$text" "aws.s3.Bucket"
	assert_contains "$text" "lib/tap-stack.ts:15"
	assert_contains "$text" "environmentSuffix"
}

@test "crossfile: git commit of bin/tap.ts alone that drops the suffix is blocked at the instantiation" {
	setup_project
	install_hook pre-commit
	before=$(head_or_none)
	entry_dropped >bin/tap.ts
	git add bin/tap.ts

	run --separate-stderr git commit -m 'entry: tags'
	assert_failure
	assert_equal "$(head_or_none)" "$before" "HEAD moved: the commit was created"
	assert_dropped_reported "$stderr"
	# only bin/tap.ts is staged: the finding is in it, not in the component
	refute_contains "$stderr" "lib/tap-stack.ts:15:"
	assert_contains "$stderr" "--no-verify"
}

@test "crossfile: git commit that passes the suffix again is allowed" {
	setup_project
	install_hook pre-commit
	entry_dropped >bin/tap.ts
	git add bin/tap.ts
	run --separate-stderr git commit -m 'entry: tags'
	assert_failure

	entry_good | sed "s/Project: 'tap'/Project: 'tap', Team: 'core'/" >bin/tap.ts
	git add bin/tap.ts
	before=$(head_or_none)
	run --separate-stderr git commit -m 'entry: tags, suffix passed'
	assert_status 0
	[ "$(head_or_none)" != "$before" ]
	assert_equal "$(git log -1 --format=%s)" "entry: tags, suffix passed"
	refute_contains "$stderr" "missing-env-suffix"
}

@test "crossfile: a fixed suffix in bin/tap.ts is blocked at its literal" {
	setup_project
	install_hook pre-commit
	entry_good | sed "s/{ environmentSuffix, /{ environmentSuffix: 'prod', /" >bin/tap.ts
	git add bin/tap.ts
	before=$(head_or_none)

	run --separate-stderr git commit -m 'entry: prod'
	assert_failure
	assert_equal "$(head_or_none)" "$before"
	assert_contains "$stderr" "[missing-env-suffix]"
	assert_contains "$stderr" "bin/tap.ts:7:"
	assert_contains "$stderr" "'prod'"
	assert_contains "$stderr" "aws.s3.Bucket"
}

@test "crossfile: git push with pre-receive rejects a commit whose bin/tap.ts drops the suffix; the ref stays" {
	make_server
	install_hook pre-receive "$SERVER"
	setup_project
	run git push origin main
	assert_status 0
	old=$(server_ref refs/heads/main)

	entry_dropped >bin/tap.ts
	commit_all 'entry: tags'
	bad=$(git rev-parse HEAD)
	run git push origin main
	assert_failure
	assert_dropped_reported "$output"
	assert_contains "$output" "in commit ${bad:0:7}"
	assert_equal "$(server_ref refs/heads/main)" "$old" "server ref moved"

	# the fix on top: the push is judged commit by commit, so the bad
	# commit still blocks; amended away, the push goes through
	git reset -q --hard HEAD~1
	entry_good | sed "s/Project: 'tap'/Project: 'tap', Team: 'core'/" >bin/tap.ts
	commit_all 'entry: tags, suffix passed'
	run git push origin main
	assert_status 0
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)" "server ref did not move"
}

@test "crossfile: git push with pre-push blocks the same commit" {
	make_server
	setup_project
	git push -q origin main
	install_hook pre-push
	old=$(server_ref refs/heads/main)
	entry_dropped >bin/tap.ts
	commit_all 'entry: tags'

	run --separate-stderr git push origin main
	assert_failure
	assert_dropped_reported "$stderr"
	assert_equal "$(server_ref refs/heads/main)" "$old" "remote ref moved"
}

# lib/log-stack.ts as a change adds it: the log group's physical name
# (line 7) is built from the component's name parameter.
log_stack() {
	cat <<'EOF2'
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export class LogStack extends pulumi.ComponentResource {
  constructor(name: string, args: { environmentSuffix?: string }, opts?: pulumi.ComponentResourceOptions) {
    super('tap:logs:LogStack', name, args, opts);
    new aws.cloudwatch.LogGroup(`logs-${args.environmentSuffix}`, { name: `${name}-logs` }, { parent: this });
    this.registerOutputs({});
  }
}
EOF2
}

# bin/logs.ts building LogStack (line 5) with the name $1.
log_entry() {
	printf '%s\n' "import * as pulumi from '@pulumi/pulumi';" \
		"import { LogStack } from '../lib/log-stack';" \
		"const environmentSuffix = new pulumi.Config().require('environmentSuffix');" \
		"" \
		"new LogStack($1, { environmentSuffix });"
}

@test "crossfile: a component named after its name parameter is judged by its unchanged instantiation" {
	printf 'export {};\n' | write_file lib/log-stack.ts
	log_entry '`logs-${environmentSuffix}`' | write_file bin/logs.ts
	commit_all 'entry'
	install_hook pre-commit

	# every instantiation passes a suffixed name: the component commits
	log_stack >lib/log-stack.ts
	git add lib/log-stack.ts
	before=$(head_or_none)
	run --separate-stderr git commit -m 'log stack'
	assert_status 0
	[ "$(head_or_none)" != "$before" ]
	refute_contains "$stderr" "missing-env-suffix"

	# the unchanged entry passing a fixed name: blocked at the component, naming it
	git reset -q --hard HEAD~1
	log_entry "'logs'" >bin/logs.ts
	commit_all 'entry: fixed name'
	log_stack >lib/log-stack.ts
	git add lib/log-stack.ts
	before=$(head_or_none)
	run --separate-stderr git commit -m 'log stack'
	assert_failure
	assert_equal "$(head_or_none)" "$before"
	assert_contains "$stderr" "lib/log-stack.ts:7:"
	assert_contains "$stderr" "[missing-env-suffix]"
	assert_contains "$stderr" "built with a fixed name at bin/logs.ts:5"
}
