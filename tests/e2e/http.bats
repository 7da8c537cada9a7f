#!/usr/bin/env bats
# A real server: pushes over HTTP to `git http-backend` behind lighttpd on
# 127.0.0.1 (a free port), with basic authentication so that REMOTE_USER
# is set, and the pre-receive hook wired by `install.sh --server`. Each
# test starts its own lighttpd and stops it by its pid; every network step
# is bounded in time.

load helpers

# the pid of the test's lighttpd, stopped in teardown
HTTPD_PID=

teardown() {
	if [ -n "$HTTPD_PID" ]; then
		kill "$HTTPD_PID" 2>/dev/null || true
		wait "$HTTPD_PID" 2>/dev/null || true
	fi
	cd / || true
	if [ -n "${TEST_ROOT:-}" ] && [ -d "$TEST_ROOT" ]; then
		rm -rf "$TEST_ROOT"
	fi
}

# free_port: a TCP port nobody listens on at 127.0.0.1.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_server: the bare repository $TEST_ROOT/srv/project.git, wired with
# install.sh --server, served by lighttpd at $URL (users alice and bob).
start_server() {
	local port i
	command -v lighttpd >/dev/null 2>&1 || skip "lighttpd is not installed"
	command -v python3 >/dev/null 2>&1 || skip "python3 is not installed (to find a free port)"
	BARE=$TEST_ROOT/srv/project.git
	git init -q --bare "$BARE"
	git -C "$BARE" config http.receivepack true
	run --separate-stderr sh "$BATS_TEST_DIRNAME/../../install.sh" --hooks-only --server "$BARE" \
		--contact 'platform-team@example.com'
	assert_status 0
	[ -x "$BARE/hooks/pre-receive" ]
	[ -f "$BARE/stackgate.ini" ]

	mkdir -p "$TEST_ROOT/www"
	printf 'alice:alice-secret\nbob:bob-secret\n' >"$TEST_ROOT/users"
	port=$(free_port)
	cat >"$TEST_ROOT/lighttpd.conf" <<EOF
server.document-root = "$TEST_ROOT/www"
server.bind = "127.0.0.1"
server.port = $port
server.pid-file = "$TEST_ROOT/lighttpd.pid"
server.errorlog = "$TEST_ROOT/lighttpd-error.log"
server.modules = ( "mod_auth", "mod_authn_file", "mod_alias", "mod_setenv", "mod_cgi" )
auth.backend = "plain"
auth.backend.plain.userfile = "$TEST_ROOT/users"
alias.url = ( "/git" => "$(git --exec-path)/git-http-backend" )
\$HTTP["url"] =~ "^/git" {
	cgi.assign = ( "" => "" )
	setenv.add-environment = (
		"GIT_PROJECT_ROOT" => "$TEST_ROOT/srv",
		"GIT_HTTP_EXPORT_ALL" => "",
		"PATH" => "$PATH"
	)
	auth.require = ( "" => ( "method" => "basic", "realm" => "git", "require" => "valid-user" ) )
}
EOF
	run lighttpd -tt -f "$TEST_ROOT/lighttpd.conf"
	assert_status 0
	timeout 300 lighttpd -D -f "$TEST_ROOT/lighttpd.conf" >"$TEST_ROOT/lighttpd.out" 2>&1 &
	HTTPD_PID=$!
	URL_HOST=127.0.0.1:$port
	# ready when it answers (401 without credentials), 10 s at most
	for i in $(seq 1 100); do
		if timeout 2 git ls-remote "http://alice:alice-secret@$URL_HOST/git/project.git" >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "$HTTPD_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$TEST_ROOT/lighttpd.out" "$TEST_ROOT/lighttpd-error.log" 2>/dev/null
	echo "lighttpd did not come up on $URL_HOST"
	return 1
}

# push_as USER ARGS...: git push over HTTP as USER (basic auth), bounded.
push_as() {
	local user=$1
	shift
	run timeout 60 git push "$@" "http://$user:$user-secret@$URL_HOST/git/project.git" main
}

@test "http: a good push lands through lighttpd and git http-backend, judged by the hook" {
	start_server
	ts_vpc_good | write_file lib/net.ts
	commit_all 'net'
	push_as alice
	assert_status 0
	assert_contains "$output" "remote: stackgate: judged 1 commit, 1 file,"
	assert_equal "$(git -C "$BARE" rev-parse refs/heads/main)" "$(git rev-parse HEAD)"
}

@test "http: a bad push is refused with the report and the contact; the server's ref stays" {
	start_server
	ts_vpc_good | write_file lib/net.ts
	commit_all 'net'
	push_as alice
	assert_status 0
	good=$(git rev-parse HEAD)
	ts_db_bad | write_file lib/db.ts
	commit_all 'db'
	push_as alice
	assert_failure
	assert_contains "$output" "remote: lib/db.ts:4:32: error:"
	assert_contains "$output" "[hardcoded-secret]"
	assert_contains "$output" "platform-team@example.com"
	assert_contains "$output" "pre-receive hook declined"
	assert_no_secret_leak "$output"
	assert_equal "$(git -C "$BARE" rev-parse refs/heads/main)" "$good"
}

@test "http: the emergency skip works for a listed user (REMOTE_USER from basic auth) and is logged" {
	start_server
	git -C "$BARE" config receive.advertisePushOptions true
	# the keys install.sh wrote, set as a server's admin would
	sed -i -e 's/^allow_skip_option *=.*/allow_skip_option = true/' -e 's/^skip_users *=.*/skip_users = alice/' \
		-e "s|^audit_log *=.*|audit_log = $TEST_ROOT/skips.log|" "$BARE/stackgate.ini"
	grep -qx 'allow_skip_option = true' "$BARE/stackgate.ini"
	grep -qx 'skip_users = alice' "$BARE/stackgate.ini"
	grep -qx "audit_log = $TEST_ROOT/skips.log" "$BARE/stackgate.ini"
	run stackgate rules --config "$BARE/stackgate.ini"
	assert_status 0
	ts_db_bad | write_file lib/db.ts
	commit_all 'db'

	# bob is not listed: judged as usual, and refused
	push_as bob -o 'stackgate.skip=emergency hotfix INC-1234'
	assert_failure
	assert_contains "$output" "user 'bob' may not use stackgate.skip"
	assert_contains "$output" "lib/db.ts:4:32: error:"
	assert_equal "$(git -C "$BARE" rev-parse -q --verify refs/heads/main || echo none)" none
	[ ! -s "$TEST_ROOT/skips.log" ]

	# alice is: the push lands, the skip is shown and logged with her name
	push_as alice -o 'stackgate.skip=emergency hotfix INC-1234'
	assert_status 0
	assert_contains "$output" "remote: stackgate: SKIPPED by push option"
	assert_equal "$(git -C "$BARE" rev-parse refs/heads/main)" "$(git rev-parse HEAD)"
	[ -s "$TEST_ROOT/skips.log" ]
	run cat "$TEST_ROOT/skips.log"
	assert_contains "$output" "alice"
	assert_contains "$output" "emergency hotfix INC-1234"
	assert_contains "$output" "$(git rev-parse --short=12 HEAD)"
	refute_contains "$output" "bob"
}
