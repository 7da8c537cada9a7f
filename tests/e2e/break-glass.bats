#!/usr/bin/env bats
# The server's break-glass leaves a trustworthy trail (issue 11): the
# stackgate.skip push option works only with a writable audit_log, each
# skip is one JSON object per line (time, user and its variable, remote
# address, every ref with full ids, the reason escaped), written and
# fsynced before "SKIPPED" is said; install.sh --server writes the
# binary's absolute path into the hook, and a missing binary is refused
# naming the server's contact. Real pushes into a bare repository.

load helpers

# A guarded server (the stackgate pre-receive hook, push options on) with
# one clean commit; then a commit holding a secret, not pushed yet.
gate_with_secret() {
	make_server
	install_hook pre-receive "$SERVER"
	git -C "$SERVER" config receive.advertisePushOptions true
	ts_vpc_good | write_file lib/net.ts
	commit_all base
	git push -q origin main
	OLD=$(git rev-parse HEAD)
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'
	NEW=$(git rev-parse HEAD)
}

@test "break-glass: allow_skip_option without audit_log is a configuration error naming FILE:LINE (exit 2)" {
	gate_with_secret
	printf '[general]\ncontact = ops@example.com\nallow_skip_option = true\n' >"$SERVER/stackgate.ini"
	run git push -o 'stackgate.skip=emergency hotfix INC-1234' origin main
	assert_failure
	assert_contains "$output" "configuration error: $SERVER/stackgate.ini:3: allow_skip_option = true needs audit_log"
	refute_contains "$output" "SKIPPED"
	assert_equal "$(server_ref refs/heads/main)" "$OLD"
	# the same INI without a skip attempt refuses every push too: it does not load
	cd "$SERVER"
	printf '%s %s refs/heads/main\n' "$OLD" "$NEW" >"$TEST_ROOT/stdin"
	run --separate-stderr stackgate pre-receive <"$TEST_ROOT/stdin"
	assert_status 2
	assert_contains "$stderr" "stackgate.ini:3:"
}

@test "break-glass: one JSON object per skip: time, user and its variable, remote address, full ref ids, the reason escaped" {
	gate_with_secret
	printf '[general]\nallow_skip_option = true\naudit_log = %s\n' "$TEST_ROOT/audit.log" >"$SERVER/stackgate.ini"
	git branch hotfix
	# a reason that tries to forge fields
	reason='outage INC-9 "x","user":"mallory","refs":[] \ end'
	REMOTE_USER=carol REMOTE_ADDR=203.0.113.7 run git push -o "stackgate.skip=$reason" origin main hotfix
	assert_status 0
	assert_contains "$output" "SKIPPED by push option stackgate.skip: user carol (REMOTE_USER), 2 refs"
	assert_contains "$output" "recorded in $TEST_ROOT/audit.log"
	assert_equal "$(server_ref refs/heads/main)" "$NEW"

	log=$TEST_ROOT/audit.log
	assert_equal "$(wc -l <"$log")" 1
	# valid JSON, and the reason did not forge anything
	jq -e . "$log" >/dev/null
	assert_equal "$(jq -r .user "$log")" carol
	assert_equal "$(jq -r .user_from "$log")" REMOTE_USER
	assert_equal "$(jq -r .remote_addr "$log")" 203.0.113.7
	assert_equal "$(jq -r .remote_addr_from "$log")" REMOTE_ADDR
	assert_equal "$(jq -r .reason "$log")" "$reason"
	assert_equal "$(jq -r .event "$log")" stackgate.skip
	assert_match "$(jq -r .time "$log")" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
	assert_equal "$(jq -c '[.refs[] | [.ref, .old, .new]]' "$log")" \
		"[[\"refs/heads/main\",\"$OLD\",\"$NEW\"],[\"refs/heads/hotfix\",\"0000000000000000000000000000000000000000\",\"$NEW\"]]"

	# a second skip appends a second object; over SSH the address is the client's
	ts_bucket_static | write_file lib/b.ts
	commit_all bucket
	GL_USERNAME=dave SSH_CONNECTION='198.51.100.4 51234 10.0.0.1 22' \
		run git push -o 'stackgate.skip=second outage INC-10' origin main
	assert_status 0
	assert_equal "$(wc -l <"$log")" 2
	assert_equal "$(tail -n 1 "$log" | jq -r '[.user, .user_from, .remote_addr, .remote_addr_from] | join(" ")')" \
		"dave GL_USERNAME 198.51.100.4 SSH_CONNECTION"
}

@test "break-glass: an audit_log that cannot be written refuses the skip; the push is judged, nothing says skipped" {
	gate_with_secret
	mkdir "$TEST_ROOT/ro"
	printf '[general]\nallow_skip_option = true\naudit_log = %s\n' "$TEST_ROOT/ro/nodir/audit.log" >"$SERVER/stackgate.ini"
	run git push -o 'stackgate.skip=emergency hotfix INC-1234' origin main
	assert_failure
	assert_contains "$output" "cannot open audit_log '$TEST_ROOT/ro/nodir/audit.log'"
	assert_contains "$output" "the skip is refused and the push is judged as usual"
	assert_contains "$output" "[hardcoded-secret]"
	refute_contains "$output" "SKIPPED"
	assert_equal "$(server_ref refs/heads/main)" "$OLD"
}

@test "break-glass: install.sh --server writes the binary's absolute path into the hook; a PATH without it still judges" {
	make_server
	mkdir -p "$TEST_ROOT/opt/bin"
	cp "$STACKGATE_BIN" "$TEST_ROOT/opt/bin/stackgate"
	PATH="$TEST_ROOT/opt/bin:$PATH" run --separate-stderr sh "$BATS_TEST_DIRNAME/../../install.sh" \
		--hooks-only --server "$SERVER" --contact 'platform-team@example.com'
	assert_status 0
	grep -qF "\${STACKGATE:-$TEST_ROOT/opt/bin/stackgate}" "$SERVER/hooks/pre-receive"

	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'
	# a CGI-like environment: only the system's directories on PATH
	PATH=/usr/bin:/bin run git push origin main
	assert_failure
	assert_contains "$output" "[hardcoded-secret]"
	assert_contains "$output" "platform-team@example.com"

	# the binary gone: refused, naming the server's contact
	rm "$TEST_ROOT/opt/bin/stackgate"
	PATH=/usr/bin:/bin run git push origin main
	assert_failure
	assert_contains "$output" "the server's gate cannot run: '$TEST_ROOT/opt/bin/stackgate' was not found"
	assert_contains "$output" "ask platform-team@example.com to fix the server"
	assert_equal "$(server_ref refs/heads/main)" none
}
