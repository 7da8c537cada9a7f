#!/usr/bin/env bats
# Bounded time on hostile input (issue 11): one small file must not hold a
# hook, pre-receive included. Each input ran for minutes (or for ever)
# before; each test runs the real binary under `timeout` and asserts the
# verdict and what the user sees. Work per file is near-linear in its
# size; where it cannot be (a regex from a configuration), timeout_ms is
# checked while judging, and the verdict at the limit is on_limit's,
# never a pass.

load helpers

# gen_templates: consts of templates of consts, six uses per level, ten
# levels (650 bytes), the last one a database password: classified once
# per binding, not 6^10 times (73 s before).
gen_templates() {
	local i j
	echo "import * as aws from '@pulumi/aws';"
	echo "declare const environmentSuffix: string;"
	echo "const v10 = 'x';"
	for i in 9 8 7 6 5 4 3 2 1 0; do
		j=$((i + 1))
		echo "const v$i = \`\${v$j}\${v$j}\${v$j}\${v$j}\${v$j}\${v$j}\`;"
	done
	echo "export const db = new aws.rds.Instance(\`db-\${environmentSuffix}\`, { engine: 'postgres', password: v0 });"
}

# gen_arrows N: N nested arrow functions in a component's constructor,
# each creating a resource (1,100 levels: 61 KB); the innermost also a
# database with a literal password.
gen_arrows() {
	local n=$1 i
	echo "import * as pulumi from '@pulumi/pulumi';"
	echo "import * as aws from '@pulumi/aws';"
	echo "export class C extends pulumi.ComponentResource {"
	echo "  constructor(n: string) {"
	echo "    super('x:y:C', n);"
	for ((i = 0; i < n; i++)); do echo "const f$i = () => { new aws.sqs.Queue('q$i', {});"; done
	echo "new aws.rds.Instance('db', { engine: 'postgres', password: 'TempPassword123!' }, { parent: this });"
	for ((i = 0; i < n; i++)); do echo "};"; done
	echo "  }"
	echo "}"
}

# gen_findings N: N lines, each an AWS key id (a finding per line).
gen_findings() {
	awk -v n="$1" 'BEGIN { print "import * as aws from '\''@pulumi/aws'\'';";
		for (i = 0; i < n; i++) printf "const k%d = '\''AKIA2OGYBAH6TESTKEY%d'\'';\n", i, i % 10 }'
}

# evil_pattern: a custom pattern whose regex backtracks ~4 million steps
# at every start position of a long line of 'a' (below PCRE2's per-start
# match limit, so only the deadline stops it).
evil_pattern() {
	cat <<'EOF'
[pattern "evil"]
regex = a{1,2000}a{1,2000}[xz]
keywords = aaa
severity = mandatory
message = evil token
EOF
}

long_line() {
	awk 'BEGIN { printf "// "; for (i = 0; i < 200000; i++) printf "a"; print "!" }'
}

@test "bounded: 650 bytes of nested const templates are judged in seconds, the literal password found" {
	gen_templates | write_file lib/t.ts
	run --separate-stderr timeout 60 stackgate check --files lib/t.ts
	assert_status 1
	assert_contains "$output" "lib/t.ts:13:12: error: hardcoded secret in 'password'"
}

@test "bounded: 61 KB of nested arrow functions in a component: every resource judged in seconds" {
	gen_arrows 1100 | write_file lib/a.ts
	[ "$(wc -c <lib/a.ts)" -gt 60000 ]
	run --separate-stderr timeout 60 stackgate check --files lib/a.ts
	assert_status 1
	# a missing parent and an unsuffixed name per queue, the database's name, the password
	assert_contains "$output" "1 blocking finding, 2201 warnings"
	assert_contains "$output" "lib/a.ts:1106:"
	assert_contains "$output" "hardcoded-secret"
	# the innermost queue still knows its component
	assert_contains "$output" "lib/a.ts:1105:"
	assert_contains "$output" "created inside component C without { parent: this }"
}

@test "bounded: 50,000 findings in a 1.9 MB file are deduplicated without comparing each with all" {
	gen_findings 50000 | write_file lib/k.ts
	run --separate-stderr timeout 90 stackgate check --files lib/k.ts
	assert_status 1
	assert_contains "$output" "50000 blocking findings"
	assert_contains "$output" "lib/k.ts:50001:17: error: AWS access key id"
}

@test "bounded: 400 KB of nested '[' in Pulumi.dev.yaml is refused quickly, naming the file and why" {
	awk 'BEGIN { printf "config:\n  a: "; for (i = 0; i < 400000; i++) printf "["; print "" }' >Pulumi.dev.yaml
	run --separate-stderr timeout 30 stackgate check --files Pulumi.dev.yaml
	assert_status 3
	assert_contains "$output" "'Pulumi.dev.yaml' nests YAML more than 100 levels deep (line 2)"
	assert_contains "$output" "flatten the structure"
}

@test "bounded: a catastrophic custom regex stops at timeout_ms; on_limit decides (block, then allow)" {
	{ printf '[general]\ntimeout_ms = 1500\n'; evil_pattern; } >"$TEST_ROOT/evil.ini"
	long_line | write_file lib/long.ts
	run --separate-stderr timeout 60 stackgate check --config "$TEST_ROOT/evil.ini" --files lib/long.ts
	assert_status 3
	assert_contains "$output" "timeout_ms reached while matching pattern 'evil'"
	assert_contains "$output" "on line 1 of 'lib/long.ts'"
	assert_contains "$output" "on_limit = block"
	sed -i 's/^timeout_ms = 1500$/timeout_ms = 1500\non_limit = allow/' "$TEST_ROOT/evil.ini"
	run --separate-stderr timeout 60 stackgate check --config "$TEST_ROOT/evil.ini" --files lib/long.ts
	assert_status 0
	assert_contains "$output" "allowed by on_limit = allow"
}

@test "bounded: check --files on a FIFO is refused at once, never a wait for a writer" {
	mkfifo lib.ts
	run --separate-stderr timeout 10 stackgate check --files lib.ts
	assert_status 3
	assert_contains "$output" "cannot judge 'lib.ts': not a regular file (a FIFO, socket or device)"
}

@test "bounded: pre-receive judges the hostile files in seconds and rejects what they hold" {
	make_server
	install_hook pre-receive "$SERVER"
	ts_vpc_good | write_file lib/net.ts
	commit_all base
	git push -q origin main
	gen_templates | write_file lib/t.ts
	gen_arrows 1100 | write_file lib/a.ts
	commit_all hostile
	run timeout 120 git push origin main
	assert_failure
	[ "$status" -ne 124 ] || { echo "the push timed out"; return 1; }
	assert_contains "$output" "lib/t.ts:13:12: error: hardcoded secret"
	assert_contains "$output" "lib/a.ts:1106:"
	[ "$(server_ref refs/heads/main)" != "$(git rev-parse HEAD)" ]
}

@test "bounded: pre-receive has a time limit by default (receive_timeout_ms); at the limit the push is refused" {
	make_server
	install_hook pre-receive "$SERVER"
	# no timeout_ms: the server's own default budget applies
	{ printf '[general]\nreceive_timeout_ms = 1500\n'; evil_pattern; } >"$SERVER/stackgate.ini"
	long_line | write_file lib/long.ts
	commit_all long
	run timeout 120 git push origin main
	assert_failure
	[ "$status" -ne 124 ] || { echo "the push timed out"; return 1; }
	assert_contains "$output" "timeout_ms reached while matching pattern 'evil'"
	assert_contains "$output" "pre-receive takes receive_timeout_ms (1500 ms)"
	[ "$(server_ref refs/heads/main)" = none ]
	# the default is documented and built in
	run stackgate check --files lib/long.ts
	grep -q '^receive_timeout_ms = 60000$' "$BATS_TEST_DIRNAME/../../config/stackgate.ini"
}
