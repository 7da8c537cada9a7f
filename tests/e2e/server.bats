#!/usr/bin/env bats
# The server's limits and authority, driven through real `git push` into a
# bare repository with the pre-receive hook: max_commits, max_file_bytes,
# timeout_ms, on_limit, on_error, the server's configuration against one in
# the pushed tree, the stackgate.skip push option and its audit log, and a
# push of 100 refs at once.

load helpers

# ---- local helpers ----------------------------------------------------------

# install_recording_gate: hooks/pre-receive of $SERVER runs stackgate's hook
# (installed as pre-receive.stackgate) and writes its exit status to
# $TEST_ROOT/hook-status, so a test can tell exit 3 from exit 1.
install_recording_gate() {
	install_hook pre-receive "$SERVER"
	mv "$SERVER/hooks/pre-receive" "$SERVER/hooks/pre-receive.stackgate"
	cat >"$SERVER/hooks/pre-receive" <<EOF
#!/bin/sh
"$SERVER/hooks/pre-receive.stackgate" "\$@"
rc=\$?
echo "\$rc" >"$TEST_ROOT/hook-status"
exit "\$rc"
EOF
	chmod +x "$SERVER/hooks/pre-receive"
}

hook_status() {
	cat "$TEST_ROOT/hook-status" 2>/dev/null || echo none
}

# server_ini: write stdin to the server's policy file.
server_ini() {
	cat >"$SERVER/stackgate.ini"
}

# A guarded server with one clean commit accepted.
setup_gate() {
	make_server
	install_recording_gate
	ts_vpc_good | write_file lib/net.ts
	commit_all 'base'
	run git push origin main
	assert_status 0
	rm -f "$TEST_ROOT/hook-status"
}

# fast_commits BRANCH N NAME [LINES]: add N commits on refs/heads/BRANCH
# (from its tip, or from nothing) with git fast-import; commit i adds
# lib/gen/NAME-i.ts holding LINES (default 1) clean resources. Then the work
# tree follows when BRANCH is checked out.
fast_commits() {
	local branch=$1 n=$2 name=$3 lines=${4:-1} parent i j
	parent=$(git rev-parse -q --verify "refs/heads/$branch" || true)
	{
		for ((i = 1; i <= n; i++)); do
			echo "commit refs/heads/$branch"
			echo "committer Stackgate Test <test@example.com> $((1700000000 + i)) +0000"
			echo "data <<EOM"
			echo "$name $i"
			echo "EOM"
			if [ "$i" -eq 1 ] && [ -n "$parent" ]; then
				echo "from $parent"
			fi
			echo "M 100644 inline lib/gen/$name-$i.ts"
			echo "data <<EOM"
			echo "import * as aws from '@pulumi/aws';"
			for ((j = 1; j <= lines; j++)); do
				echo "export const v${i}_$j = (environmentSuffix: string) => new aws.sqs.Queue(\`q-$name-$i-$j-\${environmentSuffix}\`, { name: \`q-$name-$i-$j-\${environmentSuffix}\` });"
			done
			echo "EOM"
			echo
		done
	} | git fast-import --quiet || return 1
	if [ "$(git symbolic-ref -q --short HEAD)" = "$branch" ]; then
		git reset -q --hard
	fi
}

# strip_remote TEXT: without git's "remote: " prefixes and line padding.
strip_remote() {
	printf '%s\n' "$1" | sed -e 's/^remote: //' -e 's/[[:space:]]*$//'
}

# ---- max_commits -------------------------------------------------------------

@test "max_commits smaller than the push: rejected with exit 3, saying how many were and were not judged" {
	setup_gate
	printf '[general]\nmax_commits = 3\ncontact = platform-team@example.com\n' | server_ini
	old=$(server_ref refs/heads/main)
	fast_commits main 5 small

	run git push origin main
	assert_failure
	assert_equal "$(hook_status)" 3 "hook exit status"
	assert_equal "$(server_ref refs/heads/main)" "$old" "server ref moved"
	text=$(strip_remote "$output")
	assert_contains "$text" "max_commits (3)"
	assert_match "$text" '5 new commits.*oldest 3 were judged.*newest 2 were not'
	assert_contains "$text" "on_limit"
	assert_contains "$text" "platform-team@example.com"
	assert_match "$text" '^stackgate: judged 3 commits, 3 files, '
}

@test "max_commits with on_limit = allow: accepted with a warning that says what was not judged" {
	setup_gate
	printf '[general]\nmax_commits = 3\non_limit = allow\n' | server_ini
	fast_commits main 5 small

	run git push origin main
	assert_status 0
	assert_equal "$(hook_status)" 0 "hook exit status"
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
	text=$(strip_remote "$output")
	assert_match "$text" '^stackgate: warning: .*max_commits \(3\).*newest 2 were not.*on_limit = allow'
}

@test "max_commits equal to the push: judged in full, no limit message" {
	setup_gate
	printf '[general]\nmax_commits = 5\n' | server_ini
	fast_commits main 5 small
	run git push origin main
	assert_status 0
	refute_contains "$output" "max_commits"
	assert_match "$output" 'remote: stackgate: judged 5 commits, 5 files, '
}

@test "max_commits: the judged (oldest) commits still block on a finding" {
	setup_gate
	printf '[general]\nmax_commits = 2\non_limit = allow\n' | server_ini
	ts_db_bad | write_file lib/db.ts
	commit_all 'secret first'
	fast_commits main 4 small

	run git push origin main
	assert_failure
	assert_equal "$(hook_status)" 1 "hook exit status"
	assert_contains "$output" "[hardcoded-secret]"
	assert_contains "$output" "max_commits (2)"
}

# ---- max_file_bytes ----------------------------------------------------------

@test "max_file_bytes hit: rejected with exit 3 naming the limit and the file; on_limit = allow accepts with a warning" {
	setup_gate
	printf '[general]\nmax_file_bytes = 1k\n' | server_ini
	old=$(server_ref refs/heads/main)
	fast_commits main 1 big 20
	size=$(git cat-file -s HEAD:lib/gen/big-1.ts)
	[ "$size" -gt 1024 ]

	run git push origin main
	assert_failure
	assert_equal "$(hook_status)" 3 "hook exit status"
	assert_equal "$(server_ref refs/heads/main)" "$old" "server ref moved"
	text=$(strip_remote "$output")
	assert_contains "$text" "max_file_bytes (1024)"
	assert_contains "$text" "lib/gen/big-1.ts"
	assert_contains "$text" "$size bytes"
	assert_match "$text" 'not judged'

	printf '[general]\nmax_file_bytes = 1k\non_limit = allow\n' | server_ini
	run git push origin main
	assert_status 0
	assert_equal "$(hook_status)" 0 "hook exit status"
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
	assert_match "$(strip_remote "$output")" '^stackgate: warning: .*max_file_bytes \(1024\).*lib/gen/big-1.ts.*on_limit = allow'
}

@test "max_file_bytes with on_limit = allow: the files under the limit are still judged" {
	setup_gate
	printf '[general]\nmax_file_bytes = 1k\non_limit = allow\n' | server_ini
	fast_commits main 1 big 20
	ts_db_bad | write_file lib/db.ts
	commit_all 'small file with a secret'

	run git push origin main
	assert_failure
	assert_equal "$(hook_status)" 1 "hook exit status"
	assert_contains "$output" "lib/db.ts:4:32: error:"
	assert_contains "$output" "max_file_bytes (1024)"
}

# ---- timeout_ms ----------------------------------------------------------------

@test "timeout_ms = 1 with a big push: rejected with exit 3 and a limit message; on_limit = allow accepts" {
	setup_gate
	old=$(server_ref refs/heads/main)
	fast_commits main 300 many 40
	printf '[general]\ntimeout_ms = 1\n' | server_ini

	run git push origin main
	assert_failure
	assert_equal "$(hook_status)" 3 "hook exit status"
	assert_equal "$(server_ref refs/heads/main)" "$old" "server ref moved"
	text=$(strip_remote "$output")
	assert_contains "$text" "timeout_ms"
	assert_match "$text" 'not judged'
	assert_contains "$text" "on_limit"
	# the coverage line says how little was judged
	assert_match "$text" '^stackgate: judged [0-9]+ commits?, '
	judged=$(printf '%s\n' "$text" | sed -n 's/^stackgate: judged \([0-9]*\) commit.*/\1/p')
	[ "$judged" -lt 300 ]

	printf '[general]\ntimeout_ms = 1\non_limit = allow\n' | server_ini
	run git push origin main
	assert_status 0
	assert_equal "$(hook_status)" 0 "hook exit status"
	assert_match "$(strip_remote "$output")" '^stackgate: warning: .*timeout_ms.*on_limit = allow'
}

# ---- on_error ---------------------------------------------------------------------

# A repository whose last commit's blob is missing from the object store.
setup_missing_blob() {
	ts_vpc_good | write_file lib/net.ts
	commit_all 'base'
	ts_vpc_good | sed 's/vpc-/vpc2-/' | write_file lib/net2.ts
	commit_all 'second'
	blob=$(git rev-parse HEAD:lib/net2.ts)
	rm -f ".git/objects/${blob:0:2}/${blob:2}"
	! git cat-file -e "$blob" 2>/dev/null
}

@test "on_error = block (default): a missing object makes check exit 3" {
	setup_missing_blob
	run --separate-stderr stackgate check HEAD~1..HEAD
	assert_status 3
	assert_contains "$output$stderr" "${blob:0:12}"
	assert_contains "$output$stderr" "scan incomplete"

	printf '[general]\non_error = block\n' | write_file "$TEST_ROOT/block.ini"
	run --separate-stderr stackgate check --config "$TEST_ROOT/block.ini" HEAD~1..HEAD
	assert_status 3
}

@test "on_error = allow: a missing object lets check pass (exit 0) with a warning" {
	setup_missing_blob
	printf '[general]\non_error = allow\n' | write_file "$TEST_ROOT/allow.ini"
	run --separate-stderr stackgate check --config "$TEST_ROOT/allow.ini" HEAD~1..HEAD
	assert_status 0
	assert_match "$output$stderr" 'warning: .*scan incomplete.*on_error = allow'
	assert_contains "$output$stderr" "${blob:0:12}"
}

# json_says_incomplete NEEDLE: after `run --separate-stderr ... --format json`,
# the report's summary or stderr must say what was let through.
json_says_incomplete() {
	if ! printf '%s\n' "$stderr" | grep -q -- "$1" &&
		! jq -e --arg n "$1" '[.summary | .. | strings | select(contains($n))] | length > 0' <<<"$output" >/dev/null; then
		echo "--format json: nothing (summary or stderr) mentions '$1'"
		_show
		return 1
	fi
}

@test "--format json with on_error = allow: the warning is not lost" {
	setup_missing_blob
	printf '[general]\non_error = allow\n' | write_file "$TEST_ROOT/allow.ini"
	run --separate-stderr stackgate check --config "$TEST_ROOT/allow.ini" --format json HEAD~1..HEAD
	assert_status 0
	jq -e . >/dev/null <<<"$output"
	json_says_incomplete "on_error = allow"
}

@test "--format json with on_limit = allow: the warning is not lost" {
	ts_vpc_good | write_file lib/net.ts
	commit_all 'base'
	fast_commits main 3 small
	printf '[general]\nmax_commits = 1\non_limit = allow\n' | write_file "$TEST_ROOT/limit.ini"
	run --separate-stderr stackgate check --config "$TEST_ROOT/limit.ini" --format json HEAD~3..HEAD
	assert_status 0
	jq -e . >/dev/null <<<"$output"
	json_says_incomplete "max_commits"
}

# ---- configuration authority -------------------------------------------------------

@test "a push adding .stackgate.ini that disables every rule is still judged by the server's rules" {
	setup_gate
	old=$(server_ref refs/heads/main)
	{
		printf '[general]\ninclude = *.nothing\nallow_inline_ignore = true\n'
		stackgate rules | awk 'NF { printf "[rule \"%s\"]\nseverity = disabled\nexclude = **\n", $1 }'
	} | write_file .stackgate.ini
	# the file is valid and does switch everything off on the client
	ts_db_bad | write_file lib/db.ts
	git add -A
	run --separate-stderr stackgate check --staged
	assert_status 0
	commit_all 'switch the checks off and add a secret'

	run git push origin main
	assert_failure
	assert_equal "$(hook_status)" 1 "hook exit status"
	assert_match "$output" 'remote: lib/db.ts:4:32: error: .*\[hardcoded-secret\]'
	# the server has no stackgate.ini: its built-in defaults, not the pushed file
	assert_match "$output" 'rules and severities come from (the )?embedded defaults'
	refute_contains "$output" "repo/.stackgate.ini"
	assert_equal "$(server_ref refs/heads/main)" "$old" "server ref moved"

	# nor does the pusher's STACKGATE_CONFIG reach the server's gate
	printf '[rule "hardcoded-secret"]\nseverity = disabled\n' | write_file "$TEST_ROOT/off.ini"
	STACKGATE_CONFIG=$TEST_ROOT/off.ini run git push origin main
	assert_failure
	assert_contains "$output" "[hardcoded-secret]"
}

@test "the server's stackgate.ini decides: a rule it disables is not enforced" {
	setup_gate
	printf '[rule "missing-env-suffix"]\nseverity = disabled\n' | server_ini
	ts_vpc_nosuffix | write_file lib/vpc.ts
	commit_all 'vpc'
	run git push origin main
	assert_status 0
	refute_contains "$output" "[missing-env-suffix]"
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
}

# ---- the stackgate.skip push option ----------------------------------------------

@test "push option stackgate.skip without allow_skip_option: judged and rejected as usual" {
	setup_gate
	git -C "$SERVER" config receive.advertisePushOptions true
	old=$(server_ref refs/heads/main)
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'

	run git push -o 'stackgate.skip=emergency hotfix INC-1234' origin main
	assert_failure
	assert_equal "$(hook_status)" 1 "hook exit status"
	assert_contains "$output" "allow_skip_option"
	assert_contains "$output" "[hardcoded-secret]"
	assert_equal "$(server_ref refs/heads/main)" "$old" "server ref moved"
}

@test "push option stackgate.skip with allow_skip_option: accepted, logged to stderr and to audit_log" {
	setup_gate
	git -C "$SERVER" config receive.advertisePushOptions true
	printf '[general]\nallow_skip_option = true\naudit_log = %s\n' "$TEST_ROOT/audit.log" | server_ini
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'
	git branch hotfix
	new=$(git rev-parse HEAD)

	REMOTE_USER=carol run git push -o 'stackgate.skip=emergency hotfix INC-1234' origin main hotfix
	assert_status 0
	assert_equal "$(hook_status)" 0 "hook exit status"
	assert_equal "$(server_ref refs/heads/main)" "$new"
	assert_equal "$(server_ref refs/heads/hotfix)" "$new"
	assert_match "$output" 'remote: stackgate: .*SKIP.*carol.*emergency hotfix INC-1234'
	refute_contains "$output" "[hardcoded-secret]"

	[ -f "$TEST_ROOT/audit.log" ]
	run cat "$TEST_ROOT/audit.log"
	assert_equal "$(printf '%s\n' "$output" | wc -l)" 1 "audit log lines"
	# one JSON object per line (break-glass.bats has the details)
	assert_equal "$(jq -r .user "$TEST_ROOT/audit.log")" carol
	assert_equal "$(jq -r .reason "$TEST_ROOT/audit.log")" "emergency hotfix INC-1234"
	assert_equal "$(jq -r '[.refs[].ref] | join(",")' "$TEST_ROOT/audit.log")" "refs/heads/main,refs/heads/hotfix"
	assert_equal "$(jq -r '.refs[0].new' "$TEST_ROOT/audit.log")" "$new"
	assert_match "$(jq -r .time "$TEST_ROOT/audit.log")" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T'
}

@test "push option stackgate.skip: without receive.advertisePushOptions git itself refuses to send it" {
	setup_gate
	printf '[general]\nallow_skip_option = true\naudit_log = %s\n' "$TEST_ROOT/audit.log" | server_ini
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'
	old=$(server_ref refs/heads/main)
	run git push -o 'stackgate.skip=emergency hotfix INC-1234' origin main
	assert_failure
	assert_contains "$output" "push options"
	assert_equal "$(server_ref refs/heads/main)" "$old"
}

@test "push option stackgate.skip: skip_users = alice refuses bob, accepts alice" {
	setup_gate
	git -C "$SERVER" config receive.advertisePushOptions true
	printf '[general]\nallow_skip_option = true\nskip_users = alice\naudit_log = %s\n' "$TEST_ROOT/audit.log" | server_ini
	old=$(server_ref refs/heads/main)
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'

	REMOTE_USER=bob run git push -o 'stackgate.skip=emergency hotfix INC-1234' origin main
	assert_failure
	assert_equal "$(hook_status)" 1 "hook exit status"
	assert_contains "$output" "bob"
	assert_contains "$output" "[hardcoded-secret]"
	assert_equal "$(server_ref refs/heads/main)" "$old" "server ref moved"
	if [ -s "$TEST_ROOT/audit.log" ]; then
		refute_contains "$(cat "$TEST_ROOT/audit.log")" "INC-1234"
	fi

	REMOTE_USER=alice run git push -o 'stackgate.skip=emergency hotfix INC-1234' origin main
	assert_status 0
	assert_contains "$(cat "$TEST_ROOT/audit.log")" "alice"
}

@test "push option stackgate.skip with a too-short reason is refused" {
	setup_gate
	git -C "$SERVER" config receive.advertisePushOptions true
	printf '[general]\nallow_skip_option = true\naudit_log = %s\n' "$TEST_ROOT/audit.log" | server_ini
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'
	run git push -o 'stackgate.skip=urgent' origin main
	assert_failure
	assert_contains "$output" "reason"
	assert_contains "$output" "[hardcoded-secret]"
	run git push -o 'stackgate.skip' origin main
	assert_failure
}

# ---- many refs at once ---------------------------------------------------------------

# make_branches N: N branches b001..bN, each one commit on main adding its
# own file; built with git fast-import.
make_branches() {
	local n=$1 base i
	base=$(git rev-parse HEAD)
	{
		for ((i = 1; i <= n; i++)); do
			printf 'commit refs/heads/b%03d\n' "$i"
			echo "committer Stackgate Test <test@example.com> $((1700000000 + i)) +0000"
			echo "data <<EOM"
			echo "branch $i"
			echo "EOM"
			echo "from $base"
			printf 'M 100644 inline lib/branch/b%03d.ts\n' "$i"
			echo "data <<EOM"
			echo "import * as aws from '@pulumi/aws';"
			echo "export const q = (environmentSuffix: string) => new aws.sqs.Queue(\`q-$i-\${environmentSuffix}\`, {});"
			echo "EOM"
			echo
		done
	} | git fast-import --quiet
}

@test "a 100-ref push is fully judged: one bad branch among 100 rejects them all" {
	setup_gate
	make_branches 100
	# branch b073 also adds a secret
	git checkout -q b073
	ts_db_bad | write_file lib/db.ts
	commit_all 'b073: add db'
	bad=$(git rev-parse HEAD)
	git checkout -q main

	run git push origin 'refs/heads/b*:refs/heads/b*'
	assert_failure
	assert_equal "$(hook_status)" 1 "hook exit status"
	assert_contains "$output" "lib/db.ts:4:32: error:"
	assert_contains "$output" "in commit ${bad:0:12}"
	assert_match "$output" 'remote: stackgate: judged 101 commits, 101 files, '
	assert_equal "$(git -C "$SERVER" for-each-ref 'refs/heads/b*' | wc -l)" 0 "refs created"
}

@test "a clean 100-ref push is accepted and every commit is judged" {
	setup_gate
	make_branches 100
	run git push origin 'refs/heads/b*:refs/heads/b*'
	assert_status 0
	assert_match "$output" 'remote: stackgate: judged 100 commits, 100 files, 200 added lines'
	assert_equal "$(git -C "$SERVER" for-each-ref 'refs/heads/b*' | wc -l)" 100 "refs created"

	# and 100 updates plus 100 deletions in one push
	for b in $(git for-each-ref --format='%(refname:short)' 'refs/heads/b*'); do
		git update-ref "refs/heads/$b" main
	done
	run git push --force origin 'refs/heads/b*:refs/heads/b*'
	assert_status 0
	run git push origin --delete $(git for-each-ref --format='%(refname:short)' 'refs/heads/b*')
	assert_status 0
	assert_equal "$(git -C "$SERVER" for-each-ref 'refs/heads/b*' | wc -l)" 0 "refs left"
}
