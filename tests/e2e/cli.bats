#!/usr/bin/env bats
# The stackgate command line run by hand: check (ranges, commits, --files,
# --staged), configuration, rules, and failures.

load helpers

# History: c0 readme, c1 clean vpc, c2 adds a secret, c3 removes it.
make_history() {
	echo '# app' | write_file README.md
	commit_all 'c0 readme'
	c0=$(git rev-parse HEAD)
	ts_vpc_good | write_file lib/net.ts
	commit_all 'c1 vpc'
	c1=$(git rev-parse HEAD)
	ts_db_bad | write_file lib/db.ts
	commit_all 'c2 add db'
	c2=$(git rev-parse HEAD)
	ts_db_good >lib/db.ts
	commit_all 'c3 fix db'
	c3=$(git rev-parse HEAD)
}

@test "check A..B: exit 1 with a bad commit in the range, naming the commit" {
	make_history

	run --separate-stderr stackgate check "$c0..$c3"
	assert_status 1
	assert_contains "$output" "lib/db.ts:4:32: error:"
	assert_contains "$output" "[hardcoded-secret]"
	assert_contains "$output" "in commit ${c2:0:7}"
	assert_match "$stderr" 'stackgate: judged 3 commits?, '
	assert_no_secret_leak "$output" "$stderr"
}

@test "check A..B: exit 0 with only good commits in the range" {
	make_history

	run --separate-stderr stackgate check "$c2..$c3"
	assert_status 0
	refute_contains "$output" "hardcoded-secret"
	assert_match "$stderr" 'stackgate: judged 1 commits?, '

	run --separate-stderr stackgate check "$c0..$c1"
	assert_status 0
	assert_match "$stderr" 'stackgate: judged 1 commits?, '
}

@test "check C: a single commit is judged on its own changes" {
	make_history

	run --separate-stderr stackgate check "$c2"
	assert_status 1
	assert_contains "$output" "[hardcoded-secret]"
	assert_contains "$output" "lib/db.ts:4:"
	assert_match "$stderr" 'stackgate: judged 1 commits?, '

	# c3 removes the secret; the bad parent is not part of the judgement.
	run --separate-stderr stackgate check "$c3"
	assert_status 0
	refute_contains "$output" "hardcoded-secret"
	assert_match "$stderr" 'stackgate: judged 1 commits?, '
}

@test "check --format json: findings and summary parse with jq" {
	make_history

	run --separate-stderr stackgate check --format json "$c0..$c3"
	assert_status 1
	assert_match "$stderr" "$COVERAGE_RE"
	# stdout is exactly one JSON document
	printf '%s' "$output" | jq -e . >/dev/null
	assert_equal "$(printf '%s' "$output" | jq -r '.findings | length')" 1 "number of findings"
	assert_equal "$(printf '%s' "$output" | jq -r '.findings[0].rule')" hardcoded-secret
	assert_equal "$(printf '%s' "$output" | jq -r '.findings[0].severity')" mandatory
	assert_equal "$(printf '%s' "$output" | jq -r '.findings[0].path')" lib/db.ts
	assert_equal "$(printf '%s' "$output" | jq -r '.findings[0].line')" 4
	assert_equal "$(printf '%s' "$output" | jq -r '.findings[0].column')" 32
	assert_equal "$(printf '%s' "$output" | jq -r '.findings[0].commit | type')" string
	commit=$(printf '%s' "$output" | jq -r '.findings[0].commit')
	[ -n "$commit" ]
	case $c2 in "$commit"*) ;; *) echo "commit '$commit' is not $c2"; false ;; esac
	printf '%s' "$output" | jq -e '.findings[0].message | type == "string"' >/dev/null
	printf '%s' "$output" | jq -e '.findings[0].excerpt | type == "string"' >/dev/null
	assert_equal "$(printf '%s' "$output" | jq -r '.summary.commits')" 3
	assert_equal "$(printf '%s' "$output" | jq -r '.summary.blocking')" 1
	assert_equal "$(printf '%s' "$output" | jq -r '.summary.advisory')" 0
	assert_equal "$(printf '%s' "$output" | jq -r '.summary.complete')" true
	printf '%s' "$output" | jq -e '.summary.files >= 1 and .summary.lines >= 4 and .summary.skipped == 0' >/dev/null
	assert_no_secret_leak "$output"
}

@test "check --staged --format json: commit is null, exit 1" {
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr stackgate check --staged --format json
	assert_status 1
	assert_match "$stderr" "$(coverage_re 1 4)"
	assert_equal "$(printf '%s' "$output" | jq -r '.findings[0].commit')" null
	assert_equal "$(printf '%s' "$output" | jq -r '.findings[0].rule')" hardcoded-secret
	assert_equal "$(printf '%s' "$output" | jq -r '.summary.blocking')" 1
}

@test "check --output FILE writes the report to FILE" {
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr stackgate check --staged --format json --output "$TEST_ROOT/report.json"
	assert_status 1
	[ -s "$TEST_ROOT/report.json" ]
	assert_equal "$(jq -r '.findings[0].rule' "$TEST_ROOT/report.json")" hardcoded-secret
}

@test "check --files: a bad file exits 1, a good file exits 0 (no git needed)" {
	mkdir "$TEST_ROOT/plain"
	cd "$TEST_ROOT/plain"
	ts_db_bad >bad.ts
	ts_db_good >good.ts

	run --separate-stderr stackgate check --files bad.ts
	assert_status 1
	assert_contains "$output" "bad.ts:4:32: error:"
	assert_contains "$output" "[hardcoded-secret]"
	assert_no_secret_leak "$output" "$stderr"
	assert_match "$stderr" "$(coverage_re 1 4)"

	run --separate-stderr stackgate check --files good.ts
	assert_status 0
	refute_contains "$output" "hardcoded-secret"
	assert_match "$stderr" "$(coverage_re 1 6)"
}

@test "check --files: every rule fires on plain files" {
	mkdir "$TEST_ROOT/plain"
	cd "$TEST_ROOT/plain"
	ts_bucket_static >bucket.ts
	ts_vpc_nosuffix >vpc.ts
	ts_vpc_good >vpc-ok.ts

	run stackgate check --files bucket.ts vpc.ts vpc-ok.ts
	assert_status 1
	assert_contains "$output" "bucket.ts:2:"
	assert_contains "$output" "[static-bucket-name]"
	assert_contains "$output" "vpc.ts:2:"
	assert_contains "$output" "[missing-env-suffix]"
	refute_contains "$output" "vpc-ok.ts:"
}

@test "config: --config with severity = advisory makes the staged secret a warning (exit 0)" {
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts
	printf '[rule "hardcoded-secret"]\nseverity = advisory\n' >"$TEST_ROOT/cfg.ini"

	run --separate-stderr stackgate check --config "$TEST_ROOT/cfg.ini" --staged
	assert_status 0
	assert_match "$output" 'lib/db\.ts:4:[0-9]+: warning: .*\[hardcoded-secret\]'
	refute_contains "$output" ": error:"
	assert_no_secret_leak "$output" "$stderr"

	run --separate-stderr stackgate check --config "$TEST_ROOT/cfg.ini" --staged --format json
	assert_status 0
	assert_equal "$(printf '%s' "$output" | jq -r '.findings[0].severity')" advisory
	assert_equal "$(printf '%s' "$output" | jq -r '.summary.blocking')" 0
	assert_equal "$(printf '%s' "$output" | jq -r '.summary.advisory')" 1
}

@test "config: --config with severity = disabled suppresses the rule" {
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts
	printf '[rule "hardcoded-secret"]\nseverity = disabled\n' >"$TEST_ROOT/cfg.ini"
	run stackgate check --staged
	assert_status 1

	run --separate-stderr stackgate check --config "$TEST_ROOT/cfg.ini" --staged
	assert_status 0
	refute_contains "$output" "hardcoded-secret"
	refute_contains "$stderr" "hardcoded-secret"
	assert_match "$stderr" "$COVERAGE_RE"
}

@test "config: disabling one rule leaves the others blocking" {
	ts_bucket_static | write_file lib/storage.ts
	ts_db_bad | write_file lib/db.ts
	git add lib
	printf '[rule "hardcoded-secret"]\nseverity = disabled\n' >"$TEST_ROOT/cfg.ini"

	run stackgate check --config "$TEST_ROOT/cfg.ini" --staged
	assert_status 1
	assert_contains "$output" "[static-bucket-name]"
	refute_contains "$output" "[hardcoded-secret]"
}

@test "config: an unknown key is exit 2 with FILE:LINE" {
	ts_db_good | write_file lib/db.ts
	git add lib/db.ts
	printf '[rule "hardcoded-secret"]\nseverity = advisory\nbogus = 1\n' >"$TEST_ROOT/cfg.ini"

	run stackgate check --config "$TEST_ROOT/cfg.ini" --staged
	assert_status 2
	assert_contains "$output" "cfg.ini:3"
}

@test "config: an unknown severity is exit 2 with FILE:LINE" {
	ts_db_good | write_file lib/db.ts
	git add lib/db.ts
	printf '[rule "hardcoded-secret"]\n\nseverity = sometimes\n' >"$TEST_ROOT/sev.ini"

	run stackgate check --config "$TEST_ROOT/sev.ini" --staged
	assert_status 2
	assert_contains "$output" "sev.ini:3"
}

@test "config: an unknown rule is exit 2 with the FILE:LINE of its section" {
	ts_db_good | write_file lib/db.ts
	git add lib/db.ts
	printf '# policy\n[rule "no-such-rule"]\nseverity = advisory\n' >"$TEST_ROOT/rule.ini"

	run stackgate check --config "$TEST_ROOT/rule.ini" --staged
	assert_status 2
	assert_contains "$output" "no-such-rule"
	assert_contains "$output" "rule.ini:2"
}

@test "config: an unknown rule section without keys is still exit 2" {
	ts_db_good | write_file lib/db.ts
	git add lib/db.ts
	printf '# policy\n[rule "no-such-rule"]\n' >"$TEST_ROOT/rule.ini"

	run stackgate check --config "$TEST_ROOT/rule.ini" --staged
	assert_status 2
	assert_contains "$output" "rule.ini:2"
}

@test "config: .stackgate.ini at the top of the work tree is honoured by check --staged" {
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts

	run stackgate check --staged
	assert_status 1
	assert_contains "$output" "[hardcoded-secret]"

	printf '[rule "hardcoded-secret"]\nseverity = disabled\n' >.stackgate.ini
	run stackgate check --staged
	assert_status 0
	refute_contains "$output" "hardcoded-secret"

	# also from a subdirectory
	cd lib
	run stackgate check --staged
	assert_status 0
	refute_contains "$output" "hardcoded-secret"
}

@test "config: \$STACKGATE_CONFIG is honoured" {
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts
	printf '[rule "hardcoded-secret"]\nseverity = advisory\n' >"$TEST_ROOT/env.ini"

	export STACKGATE_CONFIG="$TEST_ROOT/env.ini"
	run stackgate check --staged
	assert_status 0
	assert_match "$output" 'warning: .*\[hardcoded-secret\]'
}

@test "coverage line: every mode prints it on stderr in the contract's wording" {
	make_history
	git checkout -q "$c1"
	ts_db_good >lib/db.ts
	git add lib/db.ts

	run --separate-stderr stackgate check "$c0..$c3"
	assert_status 1
	assert_match "$stderr" "$COVERAGE_CONTRACT_RE"
	assert_match "$stderr" '^stackgate: judged 3 commits?, '

	run --separate-stderr stackgate check --staged
	assert_status 0
	assert_match "$stderr" '^stackgate: judged the staged change: 1 file, 6 added lines$'

	run --separate-stderr stackgate check --files lib/db.ts
	assert_status 0
	assert_match "$stderr" '^stackgate: judged 1 file, 6 lines$'
}

@test "rules: lists the three rule ids with their severity" {
	run stackgate rules
	assert_status 0
	for id in hardcoded-secret static-bucket-name missing-env-suffix; do
		assert_match "$output" "(^|[^a-z-])$id([^a-z-]|\$).*mandatory"
	done
}

@test "errors: check --staged outside a repository fails with a clear message, never 0" {
	mkdir "$TEST_ROOT/norepo"
	cd "$TEST_ROOT/norepo"
	ts_db_bad >db.ts

	run stackgate check --staged
	[ "$status" -eq 3 ] || [ "$status" -eq 2 ] || { _show; false; }
	assert_match "$output" '[Rr]epositor'
}

@test "errors: an unreadable repository (.git points nowhere) is exit 2 or 3" {
	mkdir "$TEST_ROOT/broken"
	cd "$TEST_ROOT/broken"
	echo "gitdir: $TEST_ROOT/does-not-exist" >.git

	run stackgate check --staged
	[ "$status" -eq 3 ] || [ "$status" -eq 2 ] || { _show; false; }
	[ -n "$output" ]
}

@test "errors: a missing staged object makes the scan incomplete (exit 3)" {
	ts_db_good | write_file lib/db.ts
	commit_all 'db'
	echo "// more" >>lib/db.ts
	git add lib/db.ts
	blob=$(git rev-parse :lib/db.ts)
	rm -f ".git/objects/${blob:0:2}/${blob:2}"

	run --separate-stderr stackgate check --staged
	assert_status 3
	assert_match "$output$stderr" "${blob:0:7}|lib/db\.ts"
	assert_match "$output$stderr" "$COVERAGE_RE"
	assert_match "$output$stderr" 'incomplete'
}

@test "errors: an unknown revision is an error, never 0" {
	make_history

	run stackgate check "deadbeefdeadbeef..$c3"
	[ "$status" -eq 3 ] || [ "$status" -eq 2 ] || { _show; false; }
	assert_contains "$output" "deadbeef"
}

@test "errors: a usage error is exit 2" {
	run stackgate check --format yaml --staged
	assert_status 2

	run stackgate no-such-command
	assert_status 2
}

@test "errors: a SHA-256 repository fails with a clear message, never 0 or a crash" {
	mkdir "$TEST_ROOT/sha256"
	cd "$TEST_ROOT/sha256"
	git init -q --object-format=sha256 -b main .
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts

	run stackgate check --staged
	[ "$status" -eq 3 ] || [ "$status" -eq 2 ] || { _show; false; }
	assert_match "$output" '[Ss][Hh][Aa]-?256|[Oo]bject.?[Ff]ormat'
}

@test "check --files DIR: JavaScript is judged, node_modules/ and dist/ are not even read" {
	token='ghp_0123456789abcdefghijABCDEFGHIJ012345'
	echo "module.exports = { token: '$token' };" | write_file src/handler.cjs
	echo "export const token = '$token';" | write_file src/app.mjs
	echo "module.exports = { token: '$token' };" | write_file node_modules/dep/index.js
	echo "module.exports = { token: '$token' };" | write_file src/node_modules/dep/index.js
	echo "module.exports = { token: '$token' };" | write_file dist/bundle.js
	echo "module.exports = { token: '$token' };" | write_file src/vendor.min.js
	# an unreadable file under node_modules/ would be an error if it were read
	mkdir -p node_modules/locked && chmod 000 node_modules/locked

	run --separate-stderr stackgate check --files .
	chmod 755 node_modules/locked
	assert_status 1
	# `token` is a secret key: the finding sits on the literal (the quote)
	assert_contains "$output" "src/handler.cjs:1:27: error:"
	assert_contains "$output" "src/app.mjs:1:22: error:"
	refute_contains "$output" "node_modules"
	refute_contains "$output" "dist/"
	refute_contains "$output" "vendor.min.js"
	assert_match "$stderr" "$(coverage_re 2 2)"
}

@test "hooks: every hook entry of --help has a script in hooks/ that runs it, and every script a hook entry" {
	run --separate-stderr stackgate --help
	assert_status 0
	entries=$(printf '%s\n' "$output" | sed -n 's/^  \([a-z-]*\) .*hook entry:.*/\1/p' | sort)
	[ -n "$entries" ] || { echo "no hook entries in --help"; false; }
	scripts=$(cd "$HOOKS_SRC" && ls | sort)
	assert_equal "$scripts" "$entries"
	for name in $entries; do
		# the wrapper execs the same command, arguments and stdin passed through
		grep -qx "exec \"\${STACKGATE:-stackgate}\" $name \"\$@\"" "$HOOKS_SRC/$name" ||
			grep -qx "exec \"\${STACKGATE:-stackgate}\" $name" "$HOOKS_SRC/$name" ||
			{ echo "hooks/$name does not exec 'stackgate $name'"; false; }
		run --separate-stderr stackgate "$name" --help
		assert_status 0
		assert_contains "$output" "usage: stackgate $name"
	done
}
