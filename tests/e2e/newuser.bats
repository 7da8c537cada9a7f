#!/usr/bin/env bats
# Where a new user trips: young repositories, the whole history, the way
# out of a block, messages that fit the moment, colours, install.sh's demo.

load helpers

# A component whose suffix arrives as args.environmentSuffix (line 9: name).
ts_component() {
	cat <<'EOF'
import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';

export interface QueueArgs { environmentSuffix: string; }

export class Queues extends pulumi.ComponentResource {
  constructor(name: string, args: QueueArgs, opts?: pulumi.ComponentResourceOptions) {
    super('acme:queues', name, {}, opts);
    new aws.sqs.Queue(`orders-${args.environmentSuffix}`, { name: 'orders' }, { parent: this });
  }
}
EOF
}

@test "check --history judges every commit with the root; REV limits it; a bad REV is exit 2" {
	ts_bucket_static | write_file lib/data.ts
	commit_all 'root'
	ts_vpc_good | write_file lib/net.ts
	commit_all 'net'
	first=$(git rev-parse HEAD)
	ts_db_bad | write_file lib/db.ts
	commit_all 'db'

	run --separate-stderr stackgate check --history
	assert_status 1
	assert_contains "$output" "[static-bucket-name]"
	assert_contains "$output" "[hardcoded-secret]"
	assert_contains "$stderr" "stackgate: judged 3 commits, 3 files,"

	run --separate-stderr stackgate check --history "$first"
	assert_status 1
	assert_contains "$output" "[static-bucket-name]"
	refute_contains "$output" "[hardcoded-secret]"
	assert_contains "$stderr" "stackgate: judged 2 commits,"

	run --separate-stderr stackgate check --history no-such-branch
	assert_status 2
	assert_contains "$stderr" "ambiguous argument 'no-such-branch': unknown revision"
	run --separate-stderr stackgate check --history HEAD HEAD~1
	assert_status 2
	assert_contains "$stderr" "--history takes at most one revision"
}

@test "a revision git cannot resolve is a usage error (exit 2), for ranges, --all and baseline write" {
	ts_vpc_good | write_file lib/net.ts
	commit_all 'one'
	for args in 'check HEAD~20..HEAD' 'check nope' 'check --all nope' 'baseline write nope'; do
		# shellcheck disable=SC2086
		run --separate-stderr stackgate $args
		assert_status 2
		assert_contains "$stderr" "unknown revision or path not in the working tree"
		assert_contains "$stderr" "HEAD has 1 commit;"
	done
	[ ! -e .stackgate-baseline.json ]
	# no commits at all: it says how to judge the index instead
	git init -q "$TEST_ROOT/empty"
	cd "$TEST_ROOT/empty"
	run --separate-stderr stackgate check HEAD~1..HEAD
	assert_status 2
	assert_contains "$stderr" "HEAD has no commits yet"
	assert_contains "$stderr" "stackgate check --staged"
}

@test "coverage: a file changed by several commits counts once in the range's files" {
	ts_vpc_good | write_file lib/net.ts
	commit_all 'one'
	for i in 1 2 3; do
		echo "export const n$i = $i;" >>lib/net.ts
		commit_all "n$i"
	done
	run --separate-stderr stackgate check --history
	assert_status 0
	assert_equal "$stderr" "stackgate: judged 4 commits, 1 file, 5 added lines"
}

@test "baseline add --staged: accepts the staged findings, keeps the old entries, says nothing new the second time" {
	install_hook pre-commit
	ts_bucket_static | write_file lib/data.ts
	# double quotes and a backslash: the old entry's code must survive the rewrite
	printf 'import * as aws from "@pulumi/aws";\nexport const b = new aws.s3.Bucket("logs", { bucket: "acme\\\\logs" });\n' |
		write_file lib/logs.ts
	commit_all 'legacy'
	run --separate-stderr stackgate baseline write
	assert_status 0
	git add .stackgate-baseline.json
	git commit -q --no-verify -m baseline
	old=$(grep -c '"fingerprint"' .stackgate-baseline.json)
	before=$(jq -c '[.findings[] | select(.path != "lib/db.ts")]' .stackgate-baseline.json)
	assert_contains "$before" 'acme\\'

	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts
	run git commit -m db
	assert_failure
	run --separate-stderr stackgate baseline add --staged
	assert_status 0
	assert_contains "$stderr" "accepted lib/db.ts:4 [hardcoded-secret] into the baseline"
	assert_contains "$stderr" "added 1 finding to"
	assert_contains "$stderr" "git add .stackgate-baseline.json"
	assert_equal "$(grep -c '"fingerprint"' .stackgate-baseline.json)" "$((old + 1))"
	assert_equal "$(jq -c '[.findings[] | select(.path != "lib/db.ts")]' .stackgate-baseline.json)" "$before"
	jq -e '.findings | length > 0' .stackgate-baseline.json >/dev/null
	assert_no_secret_leak "$(cat .stackgate-baseline.json)"

	run --separate-stderr stackgate baseline add --staged
	assert_status 0
	assert_contains "$stderr" "nothing new to add"
	git add .stackgate-baseline.json
	run git commit -m db
	assert_status 0

	run --separate-stderr stackgate baseline add
	assert_status 2
	assert_contains "$stderr" "baseline add needs --staged or commit ranges"
}

@test "baseline write in a bare repository does not say 'commit it'" {
	ts_bucket_static | write_file lib/data.ts
	commit_all 'legacy'
	git clone -q --bare . "$TEST_ROOT/srv.git"
	cd "$TEST_ROOT/srv.git"
	run --separate-stderr stackgate baseline write
	assert_status 0
	assert_contains "$stderr" "wrote 1 finding of HEAD to $TEST_ROOT/srv.git/.stackgate-baseline.json"
	refute_contains "$stderr" "commit it"
	[ -f "$TEST_ROOT/srv.git/.stackgate-baseline.json" ]
	# in a work tree it still says so
	cd "$TEST_ROOT/repo"
	run --separate-stderr stackgate baseline write
	assert_contains "$stderr" "commit it"
}

@test "messages fit the moment: a staged secret is not 'in git history now'; a commit's is" {
	printf 'export const k = "AKIAIOSFODNN7REALKEY";\n' | write_file lib/k.ts
	git add lib/k.ts
	run --separate-stderr stackgate check --staged
	assert_status 1
	assert_contains "$output" "remove it before it is committed"
	refute_contains "$output" "in git history now"
	git commit -q --no-verify -m k
	run --separate-stderr stackgate check --history
	assert_status 1
	assert_contains "$output" "it is in git history now"
}

@test "messages fit the moment: inside a component the hint names args.environmentSuffix" {
	ts_component | write_file lib/queues.ts
	git add lib/queues.ts
	run --separate-stderr stackgate check --staged
	assert_status 1
	assert_contains "$output" "lib/queues.ts:9:"
	assert_contains "$output" 'fix: add the suffix: `orders-${args.environmentSuffix}`'
	# where environmentSuffix itself is in scope, that is the name
	ts_bucket_static | write_file lib/data.ts
	git add lib/data.ts
	run --separate-stderr stackgate check --staged
	assert_contains "$output" '`my-app-data-bucket-${environmentSuffix}`'
}

@test "colour: --color=always|never|auto, TERM=dumb and NO_COLOR" {
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts
	esc=$(printf '\033[')
	run --separate-stderr stackgate check --staged --color=always
	assert_status 1
	assert_contains "$output" "$esc"
	run --separate-stderr stackgate check --staged --color=never
	refute_contains "$output" "$esc"
	run --separate-stderr stackgate check --staged --color=sometimes
	assert_status 2
	assert_contains "$stderr" "unknown --color value 'sometimes'"
	# auto, on a terminal (script(1) gives one)
	command -v script >/dev/null 2>&1 || skip "script(1) is not installed"
	run env TERM=xterm script -qec "stackgate check --staged" /dev/null
	assert_contains "$output" "$esc"
	run env TERM=dumb script -qec "stackgate check --staged" /dev/null
	refute_contains "$output" "$esc"
	run env TERM=xterm NO_COLOR=1 script -qec "stackgate check --staged" /dev/null
	refute_contains "$output" "$esc"
	run env TERM=xterm NO_COLOR=1 script -qec "stackgate check --staged --color=always" /dev/null
	assert_contains "$output" "$esc"
}

@test "install.sh's demo prints a short summary, not the whole report" {
	for i in $(seq 1 6); do
		ts_bucket_static | sed "s/my-app-data-bucket/bucket-$i/" | write_file "lib/data$i.ts"
		commit_all "bucket $i"
	done
	run --separate-stderr sh "$BATS_TEST_DIRNAME/../../install.sh" --hooks-only --repo .
	assert_status 0
	assert_contains "$output" "stackgate check --history"
	assert_contains "$output" "stackgate: 6 blocking findings"
	assert_contains "$output" "... and 3 more"
	assert_equal "$(printf '%s\n' "$output" | grep -c ': error:')" 3
	refute_contains "$output" "fix:"
	refute_contains "$output" "^~~"
	assert_contains "$output" "the whole report:"
}

@test "install.sh: the installed husky decides the version when package.json's spec does not say (husky 4 under \"latest\")" {
	printf '{"name":"p","version":"1.0.0","devDependencies":{"husky":"latest"}}\n' >package.json
	mkdir -p node_modules/husky
	printf '{\n  "name": "husky",\n  "version": "4.3.8"\n}\n' >node_modules/husky/package.json
	echo node_modules/ >.gitignore
	commit_all 'husky 4 as latest'
	run --separate-stderr sh "$BATS_TEST_DIRNAME/../../install.sh" --hooks-only --repo .
	assert_status 0
	assert_contains "$output" "husky 4 manages .git/hooks"
	assert_contains "$output" '"pre-commit": "stackgate pre-commit"'
	[ ! -e .git/hooks/pre-commit ]
}
