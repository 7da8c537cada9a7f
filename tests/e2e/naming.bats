#!/usr/bin/env bats
# Naming in real repositories: logical names are a convention (advisory)
# unless the project's pulumi:autonaming, read from the judged tree (the
# index for a commit, the pushed commit's tree for a push), makes them
# physical names; and an old INI key that no longer exists.

load helpers

# A fixed logical name on line 2, no physical name.
ts_queue_logical() {
	cat <<'EOF'
import * as aws from '@pulumi/aws';
export const queue = new aws.sqs.Queue('orders-queue', {});
EOF
}

pulumi_project() {
	printf 'name: shop\nruntime: nodejs\n'
}

pulumi_project_verbatim() {
	printf 'name: shop\nruntime: nodejs\nconfig:\n  pulumi:autonaming:\n    value:\n      mode: verbatim\n'
}

@test "naming: a fixed logical name warns (unsuffixed-logical-name) and the commit goes through" {
	install_hook pre-commit
	pulumi_project | write_file infra/Pulumi.yaml
	ts_queue_logical | write_file infra/index.ts
	git add -A
	run --separate-stderr git commit -m 'queue'
	assert_status 0
	assert_contains "$stderr" "infra/index.ts:2:"
	assert_contains "$stderr" "[unsuffixed-logical-name]"
	refute_contains "$stderr" "[missing-env-suffix]"
	[ "$(git rev-parse -q --verify HEAD)" ]
}

@test "naming: pre-commit reads pulumi:autonaming from the index, not the disk" {
	install_hook pre-commit
	pulumi_project_verbatim | write_file infra/Pulumi.yaml
	ts_queue_logical | write_file infra/index.ts
	git add -A
	# the work tree says otherwise; the commit is what the index holds
	pulumi_project | write_file infra/Pulumi.yaml
	before=$(head_or_none)
	run --separate-stderr git commit -m 'queue'
	assert_failure
	assert_equal "$(head_or_none)" "$before"
	assert_contains "$stderr" "infra/index.ts:2:"
	assert_contains "$stderr" "[missing-env-suffix]"
	assert_contains "$stderr" "infra/Pulumi.yaml's pulumi:autonaming (mode: verbatim)"
	refute_contains "$stderr" "[unsuffixed-logical-name]"

	# and the other way round: verbatim on disk only is not the commit's
	git checkout -q -- infra/Pulumi.yaml 2>/dev/null || true
	pulumi_project | write_file infra/Pulumi.yaml
	git add infra/Pulumi.yaml
	pulumi_project_verbatim | write_file infra/Pulumi.yaml
	run --separate-stderr git commit -m 'queue'
	assert_status 0
	assert_contains "$stderr" "[unsuffixed-logical-name]"
}

@test "naming: pre-push reads a stack file's pulumi:autonaming from the pushed commit" {
	make_server
	pulumi_project | write_file infra/Pulumi.yaml
	commit_all 'project'
	git push -q origin main
	install_hook pre-push
	printf 'config:\n  pulumi:autonaming:\n    providers:\n      aws:\n        mode: verbatim\n' |
		write_file infra/Pulumi.dev.yaml
	ts_queue_logical | write_file infra/index.ts
	commit_all 'queue'
	rm infra/Pulumi.dev.yaml	# not on disk any more: the commit still has it
	old=$(server_ref refs/heads/main)

	run --separate-stderr git push origin main
	assert_failure
	assert_contains "$stderr" "infra/index.ts:2:"
	assert_contains "$stderr" "[missing-env-suffix]"
	assert_contains "$stderr" "infra/Pulumi.dev.yaml's pulumi:autonaming for provider aws (mode: verbatim)"
	assert_equal "$(server_ref refs/heads/main)" "$old" "remote ref moved"
}

@test "naming: pre-receive judges logical names as physical where the pushed Pulumi.yaml says so" {
	make_server
	install_hook pre-receive "$SERVER"
	pulumi_project_verbatim | write_file Pulumi.yaml
	ts_queue_logical | write_file index.ts
	commit_all 'queue'

	run git push origin main
	assert_failure
	assert_contains "$output" "index.ts:2:"
	assert_contains "$output" "[missing-env-suffix]"
	assert_contains "$output" "Pulumi.yaml's pulumi:autonaming (mode: verbatim)"
	assert_equal "$(server_ref refs/heads/main)" "none"

	# the commit rewritten with a pattern that has a random part: names stay unique
	printf 'name: shop\nruntime: nodejs\nconfig:\n  pulumi:autonaming:\n    value:\n      pattern: ${name}-${hex(8)}\n' |
		write_file Pulumi.yaml
	git add -A
	git commit -q --amend --no-verify --no-edit
	run git push origin main
	assert_status 0
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
}

@test "naming: an INI with the old check_logical_name key is an error naming the new rule" {
	ts_queue_logical | write_file index.ts
	printf '[rule "missing-env-suffix"]\ncheck_logical_name = true\n' >"$TEST_ROOT/old.ini"
	run --separate-stderr stackgate check --config "$TEST_ROOT/old.ini" --files index.ts
	assert_status 2
	assert_contains "$stderr" "old.ini:2"
	assert_contains "$stderr" "check_logical_name"
	assert_contains "$stderr" "unsuffixed-logical-name"

	# the new way: the convention made mandatory
	printf '[rule "unsuffixed-logical-name"]\nseverity = mandatory\n' >"$TEST_ROOT/new.ini"
	run --separate-stderr stackgate check --config "$TEST_ROOT/new.ini" --files index.ts
	assert_status 1
	assert_contains "$output" "index.ts:2:"
	assert_contains "$output" "[unsuffixed-logical-name]"
}
