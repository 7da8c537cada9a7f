#!/usr/bin/env bats
# The pre-push hook in the client, driven through real `git push` to a bare
# repository without any server-side hook.

load helpers

# Server with one clean commit; pre-push installed in the client.
setup_pushed_clean() {
	make_server
	ts_vpc_good | write_file lib/net.ts
	commit_all 'base'
	git push -q origin main
	install_hook pre-push
}

@test "pre-push: push with a commit adding a secret fails and the remote ref stays" {
	setup_pushed_clean
	old=$(server_ref refs/heads/main)
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'
	bad=$(git rev-parse HEAD)
	echo '# app' | write_file README.md
	commit_all 'docs'

	run --separate-stderr git push origin main
	assert_failure
	assert_contains "$stderr" "[hardcoded-secret]"
	assert_contains "$stderr" "lib/db.ts:4:"
	assert_contains "$stderr" "in commit ${bad:0:7}"
	assert_no_secret_leak "$output" "$stderr"
	assert_equal "$(server_ref refs/heads/main)" "$old" "remote ref moved"
}

@test "pre-push: clean push passes and the remote ref moves" {
	setup_pushed_clean
	ts_db_good | write_file lib/db.ts
	commit_all 'add db'

	run --separate-stderr git push origin main
	assert_status 0
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
	assert_match "$stderr" 'stackgate: judged 1 commits?, '
}

@test "pre-push: new branch is judged only on its new commits (legacy secret pushed earlier)" {
	make_server
	ts_vpc_good | write_file lib/net.ts
	commit_all 'base'
	ts_db_bad | write_file lib/db.ts
	commit_all 'legacy secret'
	echo '# app' | write_file README.md
	commit_all 'docs'
	git push -q origin main
	install_hook pre-push
	git checkout -q -b feature main
	ts_db_good | write_file lib/db2.ts
	commit_all 'clean feature'

	run --separate-stderr git push origin feature
	assert_status 0
	assert_equal "$(server_ref refs/heads/feature)" "$(git rev-parse feature)"
	refute_contains "$stderr" "hardcoded-secret"
	assert_match "$stderr" 'stackgate: judged 1 commits?, '
}

@test "pre-push: new branch with a new bad commit fails" {
	setup_pushed_clean
	git checkout -q -b feature
	ts_db_bad | write_file lib/db.ts
	commit_all 'bad feature'

	run --separate-stderr git push origin feature
	assert_failure
	assert_contains "$stderr" "[hardcoded-secret]"
	assert_equal "$(server_ref refs/heads/feature)" none
}

@test "pre-push: deleting a remote branch passes" {
	setup_pushed_clean
	git push -q origin main:refs/heads/other
	[ "$(server_ref refs/heads/other)" != none ]

	run --separate-stderr git push origin :other
	assert_status 0
	assert_match "$stderr" "$COVERAGE_RE"
	assert_equal "$(server_ref refs/heads/other)" none
}

@test "pre-push: git push --no-verify bypasses the hook" {
	setup_pushed_clean
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'

	old=$(server_ref refs/heads/main)
	run git push origin main
	assert_failure
	assert_equal "$(server_ref refs/heads/main)" "$old"

	run git push --no-verify origin main
	assert_status 0
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
}
