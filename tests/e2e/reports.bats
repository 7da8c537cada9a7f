#!/usr/bin/env bats
# Failure is visible in every report (issue 11): a scan that did not judge
# everything says so in SARIF (invocations[0].executionSuccessful false,
# the reason as a notification; checked with Microsoft's SARIF Multitool),
# in JSON (summary.complete false and summary.reason), and on stderr when
# the text report goes to a file. The README's code scanning workflow
# uploads nothing for exit 2 or 3.

load helpers

# A repository whose tree holds a stack file too deep to judge (exit 3)
# next to a clean TypeScript file.
incomplete_repo() {
	ts_vpc_good | write_file lib/net.ts
	awk 'BEGIN { printf "config:\n  a: "; for (i = 0; i < 1000; i++) printf "["; print "" }' >Pulumi.dev.yaml
	commit_all 'deep stack file'
}

@test "reports: SARIF of an incomplete scan says executionSuccessful false with the reason, and is valid" {
	sarif_multitool
	incomplete_repo
	run --separate-stderr stackgate check --all --format sarif --output "$TEST_ROOT/r.sarif"
	assert_status 3
	assert_contains "$stderr" "scan incomplete: 'Pulumi.dev.yaml' nests YAML more than 100 levels deep"
	r=$TEST_ROOT/r.sarif
	assert_equal "$(jq '.runs[0].invocations[0].executionSuccessful' "$r")" false
	assert_equal "$(jq -r '.runs[0].invocations[0].toolExecutionNotifications[0].level' "$r")" error
	assert_match "$(jq -r '.runs[0].invocations[0].toolExecutionNotifications[0].message.text' "$r")" \
		"^scan incomplete: 'Pulumi.dev.yaml' nests YAML more than 100 levels deep"
	sarif_validate "$r"
}

@test "reports: SARIF of a complete scan says executionSuccessful true, no notification, and is valid" {
	sarif_multitool
	ts_vpc_nosuffix | write_file lib/vpc.ts
	commit_all 'one finding'
	run --separate-stderr stackgate check --all --format sarif --output "$TEST_ROOT/r.sarif"
	assert_status 1
	r=$TEST_ROOT/r.sarif
	assert_equal "$(jq '.runs[0].invocations[0].executionSuccessful' "$r")" true
	assert_equal "$(jq '.runs[0].invocations[0].toolExecutionNotifications' "$r")" null
	assert_equal "$(jq '.runs[0].results | length' "$r")" 1
	sarif_validate "$r"
}

@test "reports: a limit that on_limit = allow lets through is still an unsuccessful execution in SARIF (warning)" {
	sarif_multitool
	ts_vpc_good | write_file lib/net.ts
	ts_db_bad | write_file lib/db.ts
	commit_all 'two files'
	printf '[general]\nmax_file_bytes = 200\non_limit = allow\n' >"$TEST_ROOT/allow.ini"
	run --separate-stderr stackgate check --config "$TEST_ROOT/allow.ini" --format sarif \
		--output "$TEST_ROOT/r.sarif" --files lib/net.ts lib/db.ts
	assert_status 0
	assert_contains "$stderr" "allowed by on_limit = allow"
	r=$TEST_ROOT/r.sarif
	assert_equal "$(jq '.runs[0].invocations[0].executionSuccessful' "$r")" false
	assert_equal "$(jq -r '.runs[0].invocations[0].toolExecutionNotifications[0].level' "$r")" warning
	assert_contains "$(jq -r '.runs[0].invocations[0].toolExecutionNotifications[0].message.text' "$r")" \
		"max_file_bytes (200) exceeded by 'lib/db.ts'"
	sarif_validate "$r"
}

@test "reports: JSON carries summary.complete and the reason: false for exit 3 and for an allowed limit, true when all was judged" {
	incomplete_repo
	run --separate-stderr stackgate check --all --format json
	assert_status 3
	assert_equal "$(printf '%s' "$output" | jq '.summary.complete')" false
	assert_contains "$(printf '%s' "$output" | jq -r '.summary.reason')" "'Pulumi.dev.yaml' nests YAML more than 100 levels deep"
	assert_contains "$(printf '%s' "$output" | jq -r '.summary.error')" "nests YAML"
	assert_contains "$stderr" "stackgate: scan incomplete:"

	printf '[general]\non_error = allow\n' >"$TEST_ROOT/allow.ini"
	run --separate-stderr stackgate check --config "$TEST_ROOT/allow.ini" --all --format json
	assert_status 0
	assert_equal "$(printf '%s' "$output" | jq '.summary.complete')" false
	assert_contains "$(printf '%s' "$output" | jq -r '.summary.reason')" "nests YAML"
	assert_equal "$(printf '%s' "$output" | jq '.summary.error')" null
	assert_contains "$(printf '%s' "$output" | jq -r '.summary.warning')" "allowed by on_error = allow"

	git rm -q Pulumi.dev.yaml
	commit_all 'gone'
	run --separate-stderr stackgate check --all --format json
	assert_status 0
	assert_equal "$(printf '%s' "$output" | jq '.summary.complete')" true
	assert_equal "$(printf '%s' "$output" | jq '.summary.reason')" null
}

@test "reports: with --output FILE in text mode the reason for exit 3 and exit 2 still reaches stderr" {
	incomplete_repo
	run --separate-stderr stackgate check --all --output "$TEST_ROOT/report.txt"
	assert_status 3
	assert_contains "$stderr" "stackgate: scan incomplete: 'Pulumi.dev.yaml' nests YAML more than 100 levels deep"
	assert_contains "$(cat "$TEST_ROOT/report.txt")" "scan incomplete:"
	# exit 2: a configuration error, never only in a file
	printf '[general]\nbogus = 1\n' >"$TEST_ROOT/bad.ini"
	run --separate-stderr stackgate check --config "$TEST_ROOT/bad.ini" --all --output "$TEST_ROOT/report.txt"
	assert_status 2
	assert_contains "$stderr" "bad.ini"
}

# readme_workflow_step: the shell of the README's "stackgate" workflow step.
readme_workflow_step() {
	awk '/^        id: stackgate$/ { s = 1; next }
	     s && /^        run: \|$/ { r = 1; next }
	     r && /^      - uses:/ { exit }
	     r { sub(/^          /, ""); print }' "$BATS_TEST_DIRNAME/../../README.md"
}

@test "reports: the README's code scanning workflow uploads a complete scan's SARIF, never that of exit 3" {
	step=$(readme_workflow_step)
	assert_contains "$step" "stackgate check --all --format sarif --output stackgate.sarif"
	grep -qF "if: always() && (steps.stackgate.outputs.status == '0' || steps.stackgate.outputs.status == '1')" \
		"$BATS_TEST_DIRNAME/../../README.md"
	# findings: the step passes on status 1 and says so
	ts_vpc_nosuffix | write_file lib/vpc.ts
	commit_all 'finding'
	GITHUB_OUTPUT=$TEST_ROOT/out1 run bash -e -c "$step"
	assert_status 0
	assert_equal "$(cat "$TEST_ROOT/out1")" "status=1"
	# an incomplete scan: the job fails, and the upload's condition is false
	awk 'BEGIN { printf "config:\n  a: "; for (i = 0; i < 1000; i++) printf "["; print "" }' >Pulumi.dev.yaml
	commit_all 'deep'
	GITHUB_OUTPUT=$TEST_ROOT/out3 run bash -e -c "$step"
	assert_failure
	assert_equal "$(cat "$TEST_ROOT/out3")" "status=3"
}
