#!/usr/bin/env bats
# The pre-receive hook in a bare server repository, driven through real
# `git push`. git runs the hook with the pusher's environment, so the PATH
# set up in helpers.bash reaches stackgate.

load helpers

# A server with pre-receive installed and one clean commit already accepted.
setup_guarded_server() {
	make_server
	install_hook pre-receive "$SERVER"
	ts_vpc_good | write_file lib/net.ts
	commit_all 'base'
	run git push origin main
	assert_status 0
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)" "base push"
}

# A server that accepted a commit with a hardcoded secret before the hook
# was installed; then the hook is installed.
setup_server_with_legacy_secret() {
	make_server
	ts_db_bad | write_file lib/db.ts
	commit_all 'legacy secret'
	ts_vpc_good | write_file lib/net.ts
	commit_all 'net'
	echo '# app' | write_file README.md
	commit_all 'readme'
	git push -q origin main
	install_hook pre-receive "$SERVER"
}

@test "pre-receive: push where an older (not the tip) commit adds a secret is rejected and the ref stays" {
	setup_guarded_server
	old=$(server_ref refs/heads/main)
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'
	bad=$(git rev-parse HEAD)
	ts_db_good >lib/db.ts
	commit_all 'fix db'
	echo '# app' | write_file README.md
	commit_all 'docs'

	run git push origin main
	assert_failure
	assert_match "$output" 'remote: .*\[hardcoded-secret\]'
	assert_contains "$output" "lib/db.ts:4:"
	assert_contains "$output" "in commit ${bad:0:7}"
	assert_no_secret_leak "$output"
	assert_equal "$(server_ref refs/heads/main)" "$old" "server ref moved"
}

@test "pre-receive: clean push is accepted, the ref moves and coverage is reported" {
	setup_guarded_server
	ts_db_good | write_file lib/db.ts
	commit_all 'add db'
	echo '# app' | write_file README.md
	commit_all 'docs'

	run git push origin main
	assert_status 0
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
	assert_match "$output" 'remote: stackgate: judged 2 commits?, '
}

@test "pre-receive: first push to an empty server is judged (bad rejected, server stays empty)" {
	make_server
	install_hook pre-receive "$SERVER"
	ts_vpc_good | write_file lib/net.ts
	commit_all 'base'
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'

	run git push origin main
	assert_failure
	assert_contains "$output" "[hardcoded-secret]"
	assert_equal "$(server_ref refs/heads/main)" none
}

@test "pre-receive: static bucket and missing suffix are rejected too" {
	setup_guarded_server
	old=$(server_ref refs/heads/main)
	ts_bucket_static | write_file lib/storage.ts
	ts_vpc_nosuffix | write_file lib/vpc.ts
	commit_all 'naming'

	run git push origin main
	assert_failure
	assert_contains "$output" "[static-bucket-name]"
	assert_contains "$output" "[missing-env-suffix]"
	assert_equal "$(server_ref refs/heads/main)" "$old"
}

@test "pre-receive: new branch of already-accepted commits passes (legacy secret in history)" {
	setup_server_with_legacy_secret

	run git push origin main:refs/heads/other
	assert_status 0
	assert_equal "$(server_ref refs/heads/other)" "$(git rev-parse main)"
	# The hook ran and found nothing new to judge.
	assert_match "$output" 'remote: stackgate: judged 0 commits?'
}

@test "pre-receive: new branch with one new clean commit on top of legacy history passes" {
	setup_server_with_legacy_secret
	git checkout -q -b feature
	ts_db_good | write_file lib/db2.ts
	commit_all 'clean feature'

	run git push origin feature
	assert_status 0
	assert_equal "$(server_ref refs/heads/feature)" "$(git rev-parse feature)"
	assert_match "$output" 'remote: stackgate: judged 1 commits?'
}

@test "pre-receive: new branch bringing a new commit with a secret is rejected" {
	setup_guarded_server
	git checkout -q -b feature
	ts_db_bad | write_file lib/db.ts
	commit_all 'bad feature'

	run git push origin feature
	assert_failure
	assert_contains "$output" "[hardcoded-secret]"
	assert_equal "$(server_ref refs/heads/feature)" none
}

@test "pre-receive: branch deletion passes" {
	setup_server_with_legacy_secret
	git push -q origin main:refs/heads/other
	[ "$(server_ref refs/heads/other)" != none ]

	run git push origin :other
	assert_status 0
	assert_match "$output" 'remote: stackgate: judged 0 commits?'
	assert_equal "$(server_ref refs/heads/other)" none
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse main)"
}

@test "pre-receive: annotated tag on already-accepted commits passes" {
	setup_server_with_legacy_secret
	git tag -a v1 -m 'release 1' HEAD~1

	run git push origin v1
	assert_status 0
	assert_match "$output" 'remote: stackgate: judged 0 commits?'
	assert_equal "$(git -C "$SERVER" rev-parse -q --verify refs/tags/v1)" "$(git rev-parse v1)"
}

@test "pre-receive: force push that adds a secret is rejected" {
	setup_guarded_server
	echo '# app' | write_file README.md
	commit_all 'docs'
	git push -q origin main
	old=$(server_ref refs/heads/main)
	git reset -q --hard HEAD~1
	ts_db_bad | write_file lib/db.ts
	commit_all 'rewrite with secret'

	run git push -f origin main
	assert_failure
	assert_contains "$output" "[hardcoded-secret]"
	assert_equal "$(server_ref refs/heads/main)" "$old"
}

@test "pre-receive: force push that only removes commits passes" {
	setup_server_with_legacy_secret
	[ "$(server_ref refs/heads/main)" = "$(git rev-parse HEAD)" ]
	git reset -q --hard HEAD~2

	run git push -f origin main
	assert_status 0
	assert_match "$output" 'remote: stackgate: judged 0 commits?'
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
}

@test "pre-receive: every ref line is read (secret on the second of two pushed refs is rejected)" {
	setup_guarded_server
	old=$(server_ref refs/heads/main)
	git checkout -q -b zz-second
	ts_db_bad | write_file lib/db.ts
	commit_all 'bad on second ref'
	git checkout -q main
	echo '# app' | write_file README.md
	commit_all 'docs on main'

	run git push origin main zz-second
	assert_failure
	assert_contains "$output" "[hardcoded-secret]"
	assert_equal "$(server_ref refs/heads/main)" "$old"
	assert_equal "$(server_ref refs/heads/zz-second)" none
}

# Two branches change the same line; returns with the merge conflicted on
# main, which holds a 'dbadmin' change, the other side 'root'.
make_conflicted_merge() {
	setup_guarded_server
	ts_db_good | write_file lib/db.ts
	commit_all 'db'
	git push -q origin main
	git checkout -q -b side
	sed -i "6s/username: 'admin'/username: 'root'/" lib/db.ts
	commit_all 'root user'
	git checkout -q main
	sed -i "6s/username: 'admin'/username: 'dbadmin'/" lib/db.ts
	commit_all 'dbadmin user'
	run git merge side
	assert_status 1
	assert_contains "$(cat lib/db.ts)" '<<<<<<<'
}

@test "pre-receive: merge whose conflict resolution adds a secret is rejected" {
	make_conflicted_merge
	old=$(server_ref refs/heads/main)
	ts_db_good | sed "6s/.*/  username: 'dbadmin', password: 'TempPassword123!' });/" >lib/db.ts
	git add lib/db.ts
	git commit -q --no-verify --no-edit
	# The merge has two parents, neither of which holds the secret.
	git rev-parse -q --verify HEAD^2 >/dev/null
	run git grep -c TempPassword HEAD^1 HEAD^2
	assert_failure

	run git push origin main
	assert_failure
	assert_contains "$output" "[hardcoded-secret]"
	assert_contains "$output" "lib/db.ts:6:"
	assert_no_secret_leak "$output"
	assert_equal "$(server_ref refs/heads/main)" "$old"
}

@test "pre-receive: merge with a clean conflict resolution is accepted" {
	make_conflicted_merge
	ts_db_good | sed "6s/username: 'admin'/username: 'dbadmin'/" >lib/db.ts
	git add lib/db.ts
	git commit -q --no-verify --no-edit

	run git push origin main
	assert_status 0
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
	assert_match "$output" 'remote: stackgate: judged 3 commits?'
}

@test "pre-receive: a clean (conflict-free) merge is accepted" {
	setup_guarded_server
	git checkout -q -b side
	ts_db_good | write_file lib/db.ts
	commit_all 'db on side'
	git checkout -q main
	echo '# app' | write_file README.md
	commit_all 'docs on main'
	git merge -q --no-ff --no-edit side

	run git push origin main
	assert_status 0
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
	assert_match "$output" 'remote: stackgate: judged 3 commits?'
}

@test "pre-receive: a .stackgate.ini in the pushed tree cannot disable a rule" {
	setup_guarded_server
	old=$(server_ref refs/heads/main)
	printf '[rule "hardcoded-secret"]\nseverity = disabled\n' >.stackgate.ini
	ts_db_bad | write_file lib/db.ts
	commit_all 'switch the rule off and add a secret'

	run git push origin main
	assert_failure
	assert_contains "$output" "[hardcoded-secret]"
	assert_equal "$(server_ref refs/heads/main)" "$old"
}

@test "pre-receive: the server's own stackgate.ini is the policy" {
	setup_guarded_server
	ts_db_bad | write_file lib/db.ts
	commit_all 'secret allowed by server policy'
	old=$(server_ref refs/heads/main)
	run git push origin main
	assert_failure
	assert_equal "$(server_ref refs/heads/main)" "$old"

	printf '[rule "hardcoded-secret"]\nseverity = disabled\n' >"$SERVER/stackgate.ini"
	run git push origin main
	assert_status 0
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
	refute_contains "$output" "hardcoded-secret"
}
