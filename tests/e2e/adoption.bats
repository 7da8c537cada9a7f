#!/usr/bin/env bats
# Adoption: inline suppressions, per-path excludes, the baseline, SARIF,
# `explain` and per-command help, switching the client hooks off, and what
# a block says (client and server). Real commands through the real binary
# and the real hooks (git commit, git push).

load helpers

# ---- local helpers ----------------------------------------------------------

# A repository with one harmless commit and the pre-commit hook installed.
setup_committed_repo() {
	echo '# app' | write_file README.md
	commit_all 'initial'
	install_hook pre-commit
}

# A server with pre-receive installed and one clean commit already accepted.
setup_guarded_server() {
	make_server
	install_hook pre-receive "$SERVER"
	ts_vpc_good | write_file lib/net.ts
	commit_all 'base'
	run git push origin main
	assert_status 0
}

# strip_remote TEXT: the text without git's "remote: " prefixes and the
# padding git appends to each remote line.
strip_remote() {
	printf '%s\n' "$1" | sed -e 's/^remote: //' -e 's/[[:space:]]*$//'
}

# The hardcoded password of ts_db_bad, suppressed on its own line (4).
ts_db_suppressed_same_line() {
	cat <<'EOF'
import * as aws from '@pulumi/aws';
export const db = (environmentSuffix: string) => new aws.rds.Instance(`db-${environmentSuffix}`, {
  engine: 'postgres', instanceClass: 'db.t3.small', allocatedStorage: 20,
  username: 'admin', password: 'TempPassword123!' }); // stackgate:ignore hardcoded-secret -- local test database, rotated nightly
EOF
}

# A static bucket name (line 3) suppressed by a comment on the line before.
ts_bucket_suppressed_line_before() {
	cat <<'EOF'
import * as aws from '@pulumi/aws';
// stackgate:ignore static-bucket-name -- imported legacy bucket shared by every stack
export const data = (environmentSuffix: string) => new aws.s3.Bucket(`data-${environmentSuffix}`, { bucket: 'my-app-data-bucket' });
EOF
}

# ts_db_before_new UNTIL: a multi-line resource whose secret (line 8) and
# fixed logical name (line 4) are covered by one comment on the line before
# its `new` (line 3); UNTIL (may be empty) is "until=YYYY-MM-DD". A second
# resource after it (secret on line 12) is NOT covered.
ts_db_before_new() {
	cat <<EOF
import * as aws from '@pulumi/aws';
export const legacy =
  // stackgate:ignore hardcoded-secret,unsuffixed-logical-name $1 -- legacy database until the vault migration
  new aws.rds.Instance('legacy-db', {
    engine: 'postgres',
    instanceClass: 'db.t3.small',
    username: 'admin',
    password: 'TempPassword123!',
  });
export const other = (environmentSuffix: string) => new aws.rds.Instance(\`other-\${environmentSuffix}\`, {
  engine: 'postgres', instanceClass: 'db.t3.small', allocatedStorage: 20,
  username: 'admin', password: 'TempPassword123!' });
EOF
}

# ts_db_with_comment COMMENT: ts_db_bad with COMMENT on the line before the
# secret's line (the secret moves to line 5).
ts_db_with_comment() {
	cat <<EOF
import * as aws from '@pulumi/aws';
export const db = (environmentSuffix: string) => new aws.rds.Instance(\`db-\${environmentSuffix}\`, {
  engine: 'postgres', instanceClass: 'db.t3.small', allocatedStorage: 20,
  $1
  username: 'admin', password: 'TempPassword123!' });
EOF
}

# Two legacy findings in one file: a secret (line 4) and a bucket (line 5).
ts_legacy() {
	cat <<'EOF'
import * as aws from '@pulumi/aws';
export const db = (environmentSuffix: string) => new aws.rds.Instance(`db-${environmentSuffix}`, {
  engine: 'postgres', instanceClass: 'db.t3.small', allocatedStorage: 20,
  username: 'admin', password: 'TempPassword123!' });
export const data = (environmentSuffix: string) => new aws.s3.Bucket(`data-${environmentSuffix}`, { bucket: 'my-app-data-bucket' });
EOF
}

# The same two findings after an unrelated edit: a comment and a blank line
# above them, the bucket moved first, another line of the db edited.
ts_legacy_moved() {
	cat <<'EOF'
import * as aws from '@pulumi/aws';
// Storage and database of the legacy stack.

export const data = (environmentSuffix: string) => new aws.s3.Bucket(`data-${environmentSuffix}`, { bucket: 'my-app-data-bucket' });
export const db = (environmentSuffix: string) => new aws.rds.Instance(`db-${environmentSuffix}`, {
  engine: 'postgres', instanceClass: 'db.t3.medium', allocatedStorage: 50,
  username: 'admin', password: 'TempPassword123!' });
EOF
}

# A repository whose history already holds the two legacy findings.
setup_legacy_repo() {
	ts_legacy | write_file lib/legacy.ts
	ts_vpc_good | write_file lib/net.ts
	commit_all 'legacy stack'
}

# ---- inline suppressions ----------------------------------------------------

@test "suppression on the same line: the commit goes through and the note names the reason" {
	setup_committed_repo
	before=$(head_or_none)
	ts_db_suppressed_same_line | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'add db'
	assert_status 0
	[ "$(head_or_none)" != "$before" ]
	assert_contains "$stderr" "lib/db.ts:4:32: note: suppressed inline [hardcoded-secret]: local test database, rotated nightly"
	refute_match "$stderr" 'error: .*\[hardcoded-secret\]'
	refute_contains "$stderr" "[invalid-suppression]"
	assert_no_secret_leak "$stderr"
}

@test "suppression on the line before: a static bucket name is suppressed" {
	setup_committed_repo
	ts_bucket_suppressed_line_before | write_file lib/bucket.ts
	git add lib/bucket.ts

	run --separate-stderr git commit -m 'add bucket'
	assert_status 0
	assert_match "$stderr" 'lib/bucket.ts:3:[0-9]+: note: suppressed inline \[static-bucket-name\]: imported legacy bucket shared by every stack'
	refute_contains "$stderr" "[invalid-suppression]"
}

@test "suppression before a multi-line new: covers the whole resource and two rules, not the next resource" {
	setup_committed_repo
	ts_db_before_new '' | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr stackgate check --staged --format json
	assert_status 1
	# the covered resource: secret (line 8) and logical name (line 4)
	run jq -r '.findings[] | select(.suppressed) | "\(.rule):\(.line):\(.justification)"' <<<"$output"
	assert_contains "$output" "hardcoded-secret:8:legacy database until the vault migration"
	assert_contains "$output" "unsuffixed-logical-name:4:legacy database until the vault migration"
	# the next resource is still a blocking finding
	run --separate-stderr stackgate check --staged --format json
	run jq -r '.findings[] | select(.suppressed | not) | "\(.rule):\(.line):\(.severity)"' <<<"$output"
	assert_equal "$output" "hardcoded-secret:12:mandatory"

	run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_contains "$stderr" "lib/db.ts:12:"
	refute_contains "$stderr" "lib/db.ts:8:15: error"
}

@test "suppression whose reason is too short: not suppressed, and an invalid-suppression warning" {
	setup_committed_repo
	before=$(head_or_none)
	ts_db_with_comment '// stackgate:ignore hardcoded-secret -- too short' | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_equal "$(head_or_none)" "$before" "HEAD moved"
	assert_contains "$stderr" "lib/db.ts:5:32: error:"
	assert_match "$stderr" 'lib/db.ts:4:[0-9]+: warning: .*reason of at least 10 characters.*\[invalid-suppression\]'
	refute_contains "$stderr" "suppressed inline"

	# no reason at all: the same
	ts_db_with_comment '// stackgate:ignore hardcoded-secret' | write_file lib/db.ts
	git add lib/db.ts
	run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_match "$stderr" 'lib/db.ts:4:[0-9]+: warning: .*\[invalid-suppression\]'
}

@test "suppression naming an unknown rule: not suppressed, and the warning names the rule" {
	setup_committed_repo
	ts_db_with_comment '// stackgate:ignore hardcoded-secrets -- typo in the rule id here' | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_contains "$stderr" "lib/db.ts:5:32: error:"
	assert_match "$stderr" "lib/db.ts:4:[0-9]+: warning: .*unknown rule 'hardcoded-secrets'.*\[invalid-suppression\]"
}

@test "suppression that suppresses nothing: an advisory warning, the commit goes through" {
	setup_committed_repo
	{
		echo "import * as aws from '@pulumi/aws';"
		echo '// stackgate:ignore hardcoded-secret -- nothing secret here any more'
		ts_vpc_good | tail -n 1
	} | write_file lib/net.ts
	git add lib/net.ts

	run --separate-stderr git commit -m 'net'
	assert_status 0
	assert_match "$stderr" 'lib/net.ts:2:[0-9]+: warning: .*suppresses nothing.*\[invalid-suppression\]'

	run --separate-stderr stackgate check --format json HEAD
	assert_status 0
	run jq -r '.findings[] | "\(.rule) \(.severity) \(.line)"' <<<"$output"
	assert_equal "$output" "invalid-suppression advisory 2"
}

@test "suppression with until= in the past: blocks and says it expired" {
	setup_committed_repo
	ts_db_before_new 'until=2026-05-31' | head -n 9 | write_file lib/db.ts
	git add lib/db.ts

	STACKGATE_TODAY=2026-06-01 run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_match "$stderr" "lib/db.ts:8:[0-9]+: error: .*expired on 2026-05-31.*\[hardcoded-secret\]"
	# the logical name's rule is advisory: its expired suppression warns
	assert_match "$stderr" "lib/db.ts:4:[0-9]+: warning: .*expired on 2026-05-31.*\[unsuffixed-logical-name\]"
	refute_contains "$stderr" "suppressed inline"
	assert_no_secret_leak "$stderr"

	# on its until= day it still counts
	STACKGATE_TODAY=2026-05-31 run --separate-stderr git commit -m 'add db'
	assert_status 0
	assert_contains "$stderr" "note: suppressed inline [hardcoded-secret]"
}

@test "suppression with until= in the future: suppressed" {
	setup_committed_repo
	ts_db_before_new 'until=2027-01-31' | head -n 9 | write_file lib/db.ts
	git add lib/db.ts

	STACKGATE_TODAY=2026-06-01 run --separate-stderr git commit -m 'add db'
	assert_status 0
	assert_match "$stderr" "lib/db.ts:8:[0-9]+: note: suppressed inline \[hardcoded-secret\]: legacy database until the vault migration"
	refute_contains "$stderr" "expired"
}

@test "suppression with a malformed until= date: not suppressed, invalid-suppression warning" {
	setup_committed_repo
	ts_db_with_comment '// stackgate:ignore hardcoded-secret until=31/12/2030 -- waiting for the vault' | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_contains "$stderr" "lib/db.ts:5:32: error:"
	assert_match "$stderr" 'lib/db.ts:4:[0-9]+: warning: .*until=.*\[invalid-suppression\]'
}

@test "per-path exclude: [rule \"hardcoded-secret\"] exclude = test/** skips test/ only" {
	setup_committed_repo
	printf '[rule "hardcoded-secret"]\nexclude = test/**\n' | write_file .stackgate.ini
	ts_db_bad | write_file test/fixtures/db.ts
	git add .stackgate.ini test/fixtures/db.ts

	run --separate-stderr git commit -m 'test fixture'
	assert_status 0
	refute_contains "$stderr" "[hardcoded-secret]"

	# the same file outside test/ is still refused
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts
	run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_contains "$stderr" "lib/db.ts:4:32: error:"
	refute_contains "$stderr" "test/fixtures/db.ts"
}

@test "rule with allow_inline_ignore = false: its findings cannot be suppressed on the client" {
	setup_committed_repo
	printf '[rule "hardcoded-secret"]\nallow_inline_ignore = false\n' | write_file .stackgate.ini
	git add .stackgate.ini
	git commit -q --no-verify -m 'policy'
	ts_db_suppressed_same_line | write_file lib/db.ts
	ts_bucket_suppressed_line_before | write_file lib/bucket.ts
	git add lib

	run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_contains "$stderr" "lib/db.ts:4:32: error:"
	assert_match "$stderr" 'lib/db.ts:4:32: error: .*not (honoured|allowed).*\[hardcoded-secret\]'
	# other rules can still be suppressed
	assert_contains "$stderr" "note: suppressed inline [static-bucket-name]"
}

@test "server with allow_inline_ignore = false rejects a push whose secret carries an inline suppression" {
	setup_guarded_server
	printf '[general]\nallow_inline_ignore = false\n' >"$SERVER/stackgate.ini"
	old=$(server_ref refs/heads/main)
	ts_db_suppressed_same_line | write_file lib/db.ts
	commit_all 'add db'

	# the client honours it ...
	run --separate-stderr stackgate check HEAD~1..HEAD
	assert_status 0
	# ... the server does not
	run git push origin main
	assert_failure
	assert_match "$output" 'remote: lib/db.ts:4:32: error: .*\[hardcoded-secret\]'
	refute_contains "$output" "suppressed inline"
	assert_no_secret_leak "$output"
	assert_equal "$(server_ref refs/heads/main)" "$old" "server ref moved"

	# with the server's default (true) a secret still cannot be approved
	# by the pusher (issue 11) ...
	rm "$SERVER/stackgate.ini"
	run git push origin main
	assert_failure
	assert_contains "$output" "not honoured on the server"
	assert_equal "$(server_ref refs/heads/main)" "$old" "server ref moved"

	# ... unless the server's INI grants it for the rule
	printf '[rule "hardcoded-secret"]\nallow_inline_ignore = true\n' >"$SERVER/stackgate.ini"
	run git push origin main
	assert_status 0
	assert_contains "$output" "suppressed inline [hardcoded-secret]"
}

# ---- baseline ---------------------------------------------------------------

@test "baseline: write on a repo with legacy findings; check --all passes and calls them known" {
	setup_legacy_repo
	run --separate-stderr stackgate check --all
	assert_status 1

	run --separate-stderr stackgate baseline write
	assert_status 0
	[ -f .stackgate-baseline.json ]
	assert_contains "$stderr" ".stackgate-baseline.json"
	run jq -r '.findings | length' .stackgate-baseline.json
	assert_equal "$output" 2

	run --separate-stderr stackgate check --all
	assert_status 0
	assert_contains "$output" "lib/legacy.ts:4:32: note: known from the baseline [hardcoded-secret]"
	assert_match "$output" 'lib/legacy.ts:5:[0-9]+: note: known from the baseline \[static-bucket-name\]'
	refute_match "$output" ': error: '
	assert_no_secret_leak "$output" "$stderr" "$(cat .stackgate-baseline.json)"

	# --no-baseline shows them as findings again
	run --separate-stderr stackgate check --all --no-baseline
	assert_status 1
	assert_contains "$output" "lib/legacy.ts:4:32: error:"

	# JSON marks them
	run --separate-stderr stackgate check --all --format json
	assert_status 0
	run jq -r '[.findings[] | select(.baseline)] | length' <<<"$output"
	assert_equal "$output" 2
}

@test "baseline: a NEW finding still blocks (another file, and a second copy of a known one)" {
	setup_legacy_repo
	stackgate baseline write 2>/dev/null
	git add .stackgate-baseline.json
	git commit -q --no-verify -m 'baseline'
	install_hook pre-commit

	ts_db_bad | write_file lib/new-db.ts
	git add lib/new-db.ts
	run --separate-stderr git commit -m 'new db'
	assert_failure
	assert_contains "$stderr" "lib/new-db.ts:4:32: error:"
	git reset -q HEAD lib/new-db.ts
	rm lib/new-db.ts

	run --separate-stderr stackgate check --all
	assert_status 0

	# the same legacy line twice in the file: one is known, the copy is new
	{ ts_legacy; ts_legacy | sed -n 2,4p | sed 's/const db/const db2/'; } | write_file lib/legacy.ts
	commit_all 'a second database'
	run --separate-stderr stackgate check --all --format json
	assert_status 1
	run jq -r '.findings[] | select(.rule == "hardcoded-secret") | "\(.line) \(.baseline)"' <<<"$output"
	assert_contains "$output" "4 true"
	assert_contains "$output" "8 false"
}

@test "baseline: moving the legacy lines and editing others does not churn it" {
	setup_legacy_repo
	stackgate baseline write 2>/dev/null
	cp .stackgate-baseline.json "$TEST_ROOT/before.json"
	git add .stackgate-baseline.json
	git commit -q --no-verify -m 'baseline'

	ts_legacy_moved >lib/legacy.ts
	commit_all 'reorganise the legacy stack'

	# still known where they now are: nothing blocks, nothing new
	run --separate-stderr stackgate check --all
	assert_status 0
	assert_match "$output" 'lib/legacy.ts:7:32: note: known from the baseline \[hardcoded-secret\]'
	assert_match "$output" 'lib/legacy.ts:4:[0-9]+: note: known from the baseline \[static-bucket-name\]'
	run --separate-stderr stackgate check HEAD~1..HEAD
	assert_status 0

	# writing it again gives the same fingerprints
	run --separate-stderr stackgate baseline write
	assert_status 0
	assert_equal "$(jq -c '[.findings[].fingerprint] | sort' .stackgate-baseline.json)" \
		"$(jq -c '[.findings[].fingerprint] | sort' "$TEST_ROOT/before.json")" "fingerprints changed"
}

@test "baseline: rewriting after a move changes nothing but the revision (no reordering)" {
	setup_legacy_repo
	stackgate baseline write 2>/dev/null
	cp .stackgate-baseline.json "$TEST_ROOT/before.json"
	git add .stackgate-baseline.json
	git commit -q --no-verify -m 'baseline'
	ts_legacy_moved >lib/legacy.ts
	commit_all 'reorganise the legacy stack'

	stackgate baseline write 2>/dev/null
	# A reviewer of the rewritten baseline sees no diff in its findings.
	assert_equal "$(jq -c 'del(.revision)' .stackgate-baseline.json)" \
		"$(jq -c 'del(.revision)' "$TEST_ROOT/before.json")" "baseline findings churned"
}

@test "baseline: the JSON carries no line or column numbers" {
	setup_legacy_repo
	run --separate-stderr stackgate baseline write
	assert_status 0
	run jq -e . .stackgate-baseline.json
	assert_status 0
	run jq -r '[paths | map(tostring) | join(".")] | map(select(test("line|column|col\\b"; "i"))) | length' .stackgate-baseline.json
	assert_equal "$output" 0
	# no "path:LINE" either, and no excerpt holding the secret
	refute_match "$(cat .stackgate-baseline.json)" 'legacy\.ts:[0-9]'
	assert_no_secret_leak "$(cat .stackgate-baseline.json)"
	run jq -r '.findings[] | (.fingerprint | test("^[0-9a-f]{40}$"))' .stackgate-baseline.json
	refute_contains "$output" false
}

@test "baseline: findings reached through a const carry no line number either, and moving the use changes nothing" {
	cat <<'EOS' | write_file lib/consts.ts
import * as aws from '@pulumi/aws';
const PW = 'TempPassword123!';
const BUCKET = 'my-fixed-bucket';
export const f = (environmentSuffix: string) => {
  new aws.rds.Instance(`db-${environmentSuffix}`, { password: PW });
  new aws.s3.Bucket(`b-${environmentSuffix}`, { bucket: BUCKET });
};
EOS
	commit_all 'consts'
	run --separate-stderr stackgate baseline write
	assert_status 0
	assert_equal "$(jq '.findings | length' .stackgate-baseline.json)" 2
	refute_match "$(cat .stackgate-baseline.json)" '[Ll]ine [0-9]'
	cp .stackgate-baseline.json "$TEST_ROOT/before.json"

	sed -i '4i // the resources' lib/consts.ts
	commit_all 'comment'
	run --separate-stderr stackgate check --all
	assert_status 0
	stackgate baseline write 2>/dev/null
	assert_equal "$(jq -c 'del(.revision)' .stackgate-baseline.json)" \
		"$(jq -c 'del(.revision)' "$TEST_ROOT/before.json")" "baseline churned"
}

@test "baseline write REV and check --all REV judge that revision's tree" {
	setup_legacy_repo
	first=$(git rev-parse HEAD)
	ts_db_bad | write_file lib/later.ts
	commit_all 'later secret'

	run --separate-stderr stackgate baseline write "$first"
	assert_status 0
	assert_equal "$(jq -r '.findings | length' .stackgate-baseline.json)" 2
	run --separate-stderr stackgate check --all "$first"
	assert_status 0
	run --separate-stderr stackgate check --all
	assert_status 1
	assert_contains "$output" "lib/later.ts:4:32: error:"
}

# ---- SARIF ------------------------------------------------------------------

# (sarif_multitool and sarif_validate live in helpers.bash)

@test "check --format sarif: valid SARIF 2.1.0 per Microsoft's SARIF Multitool, suppressions and fingerprints" {
	sarif_multitool
	setup_legacy_repo
	stackgate baseline write 2>/dev/null
	ts_db_suppressed_same_line | write_file lib/db.ts
	ts_vpc_nosuffix | write_file lib/vpc.ts
	ts_db_with_comment '// stackgate:ignore hardcoded-secret -- short' | write_file lib/short.ts
	ts_bucket_static | write_file 'lib/odd name #1.ts'
	commit_all 'more'

	run --separate-stderr stackgate check --all --format sarif --output "$TEST_ROOT/report.sarif"
	assert_status 1
	# (the rules' help texts quote 'TempPassword123!' as their Bad example:
	# only the results must not hold the pushed secret)
	assert_no_secret_leak "$(jq -c '.runs[].results' "$TEST_ROOT/report.sarif")"

	# the validator finds errors when there are some ...
	jq 'del(.runs[0].results[0].message)' "$TEST_ROOT/report.sarif" >"$TEST_ROOT/broken.sarif"
	run env DOTNET_CLI_TELEMETRY_OPTOUT=1 "$SARIF_MT" validate "$TEST_ROOT/broken.sarif"
	assert_match "$output" ': error [A-Z]+[0-9]+:'
	# ... and none in ours
	sarif_validate "$TEST_ROOT/report.sarif"

	r=$TEST_ROOT/report.sarif
	assert_equal "$(jq -r '.version' "$r")" 2.1.0
	# every result has a non-empty partialFingerprints value
	assert_equal "$(jq '[.runs[].results[] | select((.partialFingerprints // {}) | to_entries | map(select(.value | type == "string" and length > 0)) | length == 0)] | length' "$r")" 0
	# the inline suppression carries its justification
	assert_equal "$(jq -r '.runs[].results[] | select(.locations[0].physicalLocation.artifactLocation.uri == "lib/db.ts") | .suppressions[0] | "\(.kind)|\(.justification)"' "$r")" \
		"inSource|local test database, rotated nightly"
	# every suppression has a justification; baselined ones are suppressed too
	assert_equal "$(jq '[.runs[].results[] | .suppressions // [] | .[] | select((.justification // "") == "")] | length' "$r")" 0
	assert_equal "$(jq '[.runs[].results[] | select(.locations[0].physicalLocation.artifactLocation.uri == "lib/legacy.ts") | select((.suppressions // []) | length == 0)] | length' "$r")" 0
	# the too-short one is not suppressed, and is reported
	assert_equal "$(jq -r '[.runs[].results[] | select(.locations[0].physicalLocation.artifactLocation.uri == "lib/short.ts") | "\(.ruleId):\(.suppressions // [] | length)"] | sort | join(" ")' "$r")" \
		"hardcoded-secret:0 invalid-suppression:0"
	# levels, rule ids and indexes agree with the driver's rules
	assert_equal "$(jq '[.runs[].results[] | select(.level | IN("error","warning","note","none") | not)] | length' "$r")" 0
	assert_equal "$(jq '[.runs[] | .tool.driver.rules as $rules | .results[] | select(.ruleIndex != null and $rules[.ruleIndex].id != .ruleId)] | length' "$r")" 0
	# relative, percent-encoded uris
	assert_equal "$(jq -r '[.runs[].results[].locations[].physicalLocation.artifactLocation.uri] | map(select(startswith("/"))) | length' "$r")" 0
	assert_contains "$(jq -r '.runs[].results[].locations[].physicalLocation.artifactLocation.uri' "$r")" "lib/odd%20name%20%231.ts"
}

@test "check --format sarif on a clean tree: valid, with no results" {
	sarif_multitool
	ts_vpc_good | write_file lib/net.ts
	commit_all 'clean'
	run --separate-stderr stackgate check --all --format sarif
	assert_status 0
	printf '%s\n' "$output" >"$TEST_ROOT/clean.sarif"
	assert_equal "$(jq '.runs[0].results | length' "$TEST_ROOT/clean.sarif")" 0
	sarif_validate "$TEST_ROOT/clean.sarif"
}

# ---- explain and help ---------------------------------------------------------

@test "explain: every rule listed by 'stackgate rules' exits 0 with Bad and Good examples" {
	run --separate-stderr stackgate rules
	assert_status 0
	ids=$(printf '%s\n' "$output" | awk 'NF { print $1 }')
	[ -n "$ids" ]
	n=0
	for id in $ids; do
		run --separate-stderr stackgate explain "$id"
		if [ "$status" -ne 0 ]; then
			echo "explain $id: exit $status"
			_show
			return 1
		fi
		assert_match "$output" "^$id: "
		assert_match "$output" '^Bad:'
		assert_match "$output" '^Good:'
		n=$((n + 1))
	done
	[ "$n" -ge 3 ]

	run --separate-stderr stackgate explain no-such-rule
	assert_status 2
	assert_contains "$stderr" "no-such-rule"
	run --separate-stderr stackgate explain
	assert_status 2
}

@test "--help of each subcommand: exit 0 with its own usage line" {
	for cmd in check pre-commit pre-push pre-receive baseline rules explain; do
		run --separate-stderr stackgate "$cmd" --help
		if [ "$status" -ne 0 ]; then
			echo "stackgate $cmd --help: exit $status"
			_show
			return 1
		fi
		assert_match "$output" "^usage: stackgate $cmd( |\$)"
		run --separate-stderr stackgate "$cmd" -h
		assert_status 0
		assert_match "$output" "^usage: stackgate $cmd( |\$)"
	done
	run --separate-stderr stackgate --help
	assert_status 0
	for cmd in check pre-commit pre-push pre-receive baseline rules explain; do
		assert_contains "$output" "  $cmd"
	done
	assert_contains "$output" "--format text|json|sarif"
}

# ---- turning the client hooks off ------------------------------------------

@test "SKIP=stackgate lets a bad commit and push through with a notice; the server still rejects" {
	setup_guarded_server
	install_hook pre-commit
	install_hook pre-push
	old=$(server_ref refs/heads/main)
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts

	SKIP=flake8,stackgate run --separate-stderr git commit -m 'add db'
	assert_status 0
	assert_contains "$stderr" "skipped"
	assert_contains "$stderr" "SKIP"
	refute_contains "$stderr" "[hardcoded-secret]"

	# pre-push is skipped too, but pre-receive is not
	SKIP=stackgate run git push origin main
	assert_failure
	assert_contains "$output" "SKIP"
	assert_match "$output" 'remote: lib/db.ts:4:32: error: .*\[hardcoded-secret\]'
	assert_equal "$(server_ref refs/heads/main)" "$old" "server ref moved"

	# a SKIP list without stackgate skips nothing
	ts_db_bad | write_file lib/db2.ts
	git add lib/db2.ts
	SKIP=stackgate-push,eslint run --separate-stderr git commit -m 'add db2'
	assert_failure
	assert_contains "$stderr" "[hardcoded-secret]"
}

@test "git config stackgate.enabled false turns the client hooks off with a notice; the server still rejects" {
	setup_guarded_server
	install_hook pre-commit
	install_hook pre-push
	old=$(server_ref refs/heads/main)
	git config stackgate.enabled false
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'add db'
	assert_status 0
	assert_contains "$stderr" "stackgate.enabled"
	refute_contains "$stderr" "[hardcoded-secret]"

	# the server's own config saying so does not switch the gate off either
	git -C "$SERVER" config stackgate.enabled false
	run git push origin main
	assert_failure
	assert_contains "$output" "stackgate.enabled"
	assert_match "$output" 'remote: lib/db.ts:4:32: error: .*\[hardcoded-secret\]'
	assert_equal "$(server_ref refs/heads/main)" "$old" "server ref moved"

	# back on: the hook judges again
	git config stackgate.enabled true
	ts_db_bad | write_file lib/db2.ts
	git add lib/db2.ts
	run --separate-stderr git commit -m 'add db2'
	assert_failure
	assert_contains "$stderr" "lib/db2.ts:4:32: error:"
}

@test "SKIP=stackgate on the server side changes nothing" {
	setup_guarded_server
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'
	SKIP=stackgate run git push origin main
	assert_failure
	assert_contains "$output" "[hardcoded-secret]"
	refute_contains "$output" "skipped: SKIP"
}

# ---- what a block says -------------------------------------------------------

@test "GL_PROTOCOL=web: pre-receive adds GL-HOOK-ERR lines naming the finding and the contact" {
	setup_guarded_server
	printf '[general]\ncontact = platform-team@example.com\n' >"$SERVER/stackgate.ini"
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'

	GL_PROTOCOL=web run git push origin main
	assert_failure
	assert_match "$output" '^remote: GL-HOOK-ERR: lib/db.ts:4: .*\[hardcoded-secret\]'
	assert_match "$output" '^remote: GL-HOOK-ERR: .*platform-team@example.com'
	assert_no_secret_leak "$output"

	# not over ssh/http
	GL_PROTOCOL=ssh run git push origin main
	assert_failure
	refute_contains "$output" "GL-HOOK-ERR"
	run git push origin main
	refute_contains "$output" "GL-HOOK-ERR"
}

@test "GL_PROTOCOL=web: a clean push prints no GL-HOOK-ERR line" {
	setup_guarded_server
	ts_db_good | write_file lib/db.ts
	commit_all 'add db'
	GL_PROTOCOL=web run git push origin main
	assert_status 0
	refute_contains "$output" "GL-HOOK-ERR"
}

@test "a client block ends with how to bypass (--no-verify), a server block with the contact" {
	setup_guarded_server
	printf '[general]\ncontact = platform-team@example.com (#infra-security)\n' >"$SERVER/stackgate.ini"
	install_hook pre-commit
	install_hook pre-push
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'add db'
	assert_failure
	line=$(printf '%s\n' "$stderr" | grep 'commit blocked')
	assert_match "$line" 'Three ways out:$'
	assert_match "$stderr" '3\. bypass the hook once, and own the consequences: git commit --no-verify'

	git commit -q --no-verify -m 'add db'
	run --separate-stderr git push origin main
	assert_failure
	line=$(printf '%s\n' "$stderr" | grep 'push blocked')
	assert_match "$line" 'Three ways out:$'
	line=$(printf '%s\n' "$stderr" | grep '^  3\. ')
	assert_match "$line" 'git push --no-verify( \(.*\))?$'

	run git push --no-verify origin main
	assert_failure
	text=$(strip_remote "$output")
	assert_contains "$text" "push rejected by the server's gate"
	line=$(printf '%s\n' "$text" | grep '^  3\. ')
	assert_match "$line" 'ask platform-team@example.com \(#infra-security\) for an exception'
	refute_contains "$text" "git push --no-verify"
	# with no contact configured it names the administrators
	rm "$SERVER/stackgate.ini"
	run git push --no-verify origin main
	assert_failure
	assert_match "$(strip_remote "$output" | grep '^  3\. ')" "ask the repository's administrators for an exception"
}

# ---- the pre-commit framework ------------------------------------------------

# setup_precommit_framework: a hooks repository holding this checkout's
# .pre-commit-hooks.yaml, and the client repository configured to use both
# of its hooks through `pre-commit install`. Skips without pre-commit.
setup_precommit_framework() {
	local version manifest=$BATS_TEST_DIRNAME/../../.pre-commit-hooks.yaml
	command -v pre-commit >/dev/null 2>&1 || skip "the pre-commit framework is not installed"
	export PRE_COMMIT_HOME=$TEST_ROOT/pre-commit-cache
	version=$(pre-commit --version | awk '{ print $NF }')
	git init -q "$TEST_ROOT/hooksrepo"
	# the manifest as it is: its stage names work on every 3.x and 4.x
	cp "$manifest" "$TEST_ROOT/hooksrepo/.pre-commit-hooks.yaml"
	run pre-commit validate-manifest "$TEST_ROOT/hooksrepo/.pre-commit-hooks.yaml"
	assert_status 0
	# `--hook-stage` takes the stage names of the installed version
	PUSH_STAGE=pre-push
	if [ "$(printf '%s\n' "$version" 3.2.0 | sort -V | head -n 1)" != 3.2.0 ]; then
		PUSH_STAGE=push
	fi
	git -C "$TEST_ROOT/hooksrepo" add .pre-commit-hooks.yaml
	git -C "$TEST_ROOT/hooksrepo" commit -q -m hooks
	cat >.pre-commit-config.yaml <<EOC
repos:
  - repo: file://$TEST_ROOT/hooksrepo
    rev: $(git -C "$TEST_ROOT/hooksrepo" rev-parse HEAD)
    hooks:
      - id: stackgate
      - id: stackgate-push
EOC
	run pre-commit install --hook-type pre-commit --hook-type pre-push
	assert_status 0
	make_server
}

@test "pre-commit framework: the stackgate hook refuses a bad commit" {
	setup_precommit_framework
	git add .pre-commit-config.yaml
	run git commit -m 'pre-commit config'
	assert_status 0

	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts
	before=$(head_or_none)
	run git commit -m 'add db'
	assert_failure
	assert_equal "$(head_or_none)" "$before" "HEAD moved"
	assert_contains "$output" "hook id: stackgate"
	assert_contains "$output" "lib/db.ts:4:32: error:"
	assert_no_secret_leak "$output"

	ts_db_good >lib/db.ts
	git add lib/db.ts
	run git commit -m 'add db'
	assert_status 0
}

@test "pre-commit framework: stackgate-push judges the commits being pushed (first push, update, new branch)" {
	setup_precommit_framework
	git add .pre-commit-config.yaml
	git commit -q -m 'pre-commit config'

	# the first push brings a root commit: the whole history is judged
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'
	run git push origin main
	assert_failure
	assert_contains "$output" "hook id: stackgate-push"
	assert_contains "$output" "lib/db.ts:4:32: error:"
	assert_equal "$(server_ref refs/heads/main)" none

	# a clean history goes through
	git reset -q --hard HEAD~1
	ts_vpc_good | write_file lib/net.ts
	commit_all 'net'
	run git push origin main
	assert_status 0
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"

	# an update: only the new commits, the bad one not at the tip
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'
	echo '# app' | write_file README.md
	commit_all 'docs'
	run git push origin main
	assert_failure
	assert_contains "$output" "lib/db.ts:4:32: error:"
	assert_contains "$output" "stackgate: judged 2 commits,"

	# a new branch: the commits on none of the remote's branches
	git checkout -q -b feature
	echo 'export const x = 1;' | write_file lib/x.ts
	commit_all 'x'
	run git push origin feature
	assert_failure
	assert_contains "$output" "stackgate: judged 3 commits,"
	assert_equal "$(server_ref refs/heads/feature)" none

	# the framework's SKIP by hook id
	SKIP=stackgate-push run git push origin feature
	assert_status 0
	assert_match "$output" 'commits being pushed\)\.*\(no files to check\)Skipped|commits being pushed\)\.*Skipped'
}

@test "pre-commit framework: SKIP=stackgate shows both hooks as Skipped, not Passed" {
	setup_precommit_framework
	git add .pre-commit-config.yaml
	git commit -q -m 'pre-commit config'
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts
	SKIP=stackgate run git commit -m 'add db'
	assert_status 0
	assert_match "$output" 'stackgate \(Pulumi TypeScript\)\.*Skipped'
	refute_match "$output" 'Passed'
	SKIP=stackgate run git push origin main
	assert_status 0
	assert_match "$output" 'commits being pushed\)\.*Skipped'
	refute_match "$output" 'Passed'
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
}

@test "pre-commit framework: run --from-ref A --to-ref B judges A..B even when the remote has it" {
	setup_precommit_framework
	git add .pre-commit-config.yaml
	git commit -q -m 'pre-commit config'
	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'
	echo '# app' | write_file README.md
	commit_all 'docs'
	git push -q --no-verify origin main

	run pre-commit run --hook-stage "$PUSH_STAGE" --from-ref HEAD~2 --to-ref HEAD
	assert_failure
	assert_contains "$output" "lib/db.ts:4:32: error:"
	assert_contains "$output" "stackgate: judged 2 commits,"
	run pre-commit run --verbose --hook-stage "$PUSH_STAGE" --from-ref HEAD~1 --to-ref HEAD
	assert_status 0
	assert_contains "$output" "stackgate: judged 1 commit,"

	# --all-files judges the staged change only (said in the README): nothing staged, nothing judged
	run pre-commit run --all-files stackgate
	assert_status 0
	assert_contains "$output" "stackgate (Pulumi TypeScript)"
}

# ---- install.sh: wiring into repositories that already have hooks ------------

# run_install ARGS...: this checkout's install.sh, hooks only (no packages,
# no build), with the stackgate of PATH.
run_install() {
	run --separate-stderr sh "$BATS_TEST_DIRNAME/../../install.sh" --hooks-only "$@"
}

@test "install.sh is shellcheck clean" {
	command -v shellcheck >/dev/null 2>&1 || skip "shellcheck is not installed"
	run shellcheck "$BATS_TEST_DIRNAME/../../install.sh"
	assert_status 0
}

@test "install.sh --repo: an existing shell pre-commit hook is chained (stackgate first), not lost" {
	echo '# app' | write_file README.md
	commit_all 'initial'
	printf '#!/bin/sh\necho "lint ran" >&2\nexit 0\n' >.git/hooks/pre-commit
	chmod +x .git/hooks/pre-commit

	run_install --repo .
	assert_status 0
	assert_contains "$output" "chained"
	[ -f .git/hooks/pre-commit.stackgate-backup ]
	assert_contains "$(cat .git/hooks/pre-commit)" 'echo "lint ran"'
	# the block comes right after the #! line, before the hook's own exit
	assert_equal "$(sed -n 2p .git/hooks/pre-commit | cut -c1-17)" "# >>> stackgate >"
	[ -x .git/hooks/pre-commit ]

	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts
	run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_contains "$stderr" "lib/db.ts:4:32: error:"

	ts_db_good >lib/db.ts
	git add lib/db.ts
	run --separate-stderr git commit -m 'add db'
	assert_status 0
	assert_contains "$stderr" "lint ran"
	assert_match "$stderr" "$COVERAGE_RE"

	# a second run changes nothing
	cp .git/hooks/pre-commit "$TEST_ROOT/hook.1"
	run_install --repo .
	assert_status 0
	assert_contains "$output" "already runs stackgate"
	cmp .git/hooks/pre-commit "$TEST_ROOT/hook.1"
}

@test "install.sh --repo: a hook in another language is moved to pre-commit.local and run first" {
	echo '# app' | write_file README.md
	commit_all 'initial'
	printf '#!/usr/bin/awk -f\nBEGIN { print "awk hook ran" > "/dev/stderr"; exit (ENVIRON["FAIL_LOCAL"] ? 1 : 0) }\n' \
		>.git/hooks/pre-commit
	chmod +x .git/hooks/pre-commit

	run_install --repo .
	assert_status 0
	assert_contains "$output" "pre-commit.local"
	[ -x .git/hooks/pre-commit.local ]
	grep -qx '# stackgate-hook' .git/hooks/pre-commit

	ts_db_good | write_file lib/db.ts
	git add lib/db.ts
	run --separate-stderr git commit -m 'add db'
	assert_status 0
	assert_contains "$stderr" "awk hook ran"
	assert_match "$stderr" "$COVERAGE_RE"

	# its refusal still counts
	ts_vpc_good | write_file lib/net.ts
	git add lib/net.ts
	FAIL_LOCAL=1 run --separate-stderr git commit -m 'net'
	assert_failure

	ts_db_bad | write_file lib/db2.ts
	git add lib/db2.ts
	run --separate-stderr git commit -m 'bad'
	assert_failure
	assert_contains "$stderr" "lib/db2.ts:4:32: error:"

	# reinstalling keeps the chain
	run_install --repo .
	assert_status 0
	assert_contains "$output" "pre-commit.local"
	grep -q 'pre-commit.local' .git/hooks/pre-commit
	[ ! -e .git/hooks/pre-commit.local.1 ]
}

@test "install.sh --repo: husky's hooks are not edited; it prints the line for .husky/pre-commit" {
	mkdir -p .husky/_
	printf '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n' >.husky/_/pre-commit
	chmod +x .husky/_/pre-commit
	echo 'npm test' >.husky/pre-commit
	git config core.hooksPath .husky/_
	commit_all 'husky'
	cp .husky/_/pre-commit "$TEST_ROOT/wrapper"

	run_install --repo .
	assert_status 0
	assert_contains "$output" ".husky/pre-commit"
	assert_contains "$output" 'stackgate pre-commit || exit $?'
	cmp .husky/_/pre-commit "$TEST_ROOT/wrapper"
	assert_equal "$(cat .husky/pre-commit)" "npm test"

	# once the line is there, it says so
	echo 'stackgate pre-commit || exit $?' >>.husky/pre-commit
	run_install --repo .
	assert_status 0
	assert_contains "$output" "already runs stackgate"
}

@test "install.sh --repo: husky 5-8's tracked .husky/ is a husky project: not edited, the lines printed" {
	mkdir -p .husky
	printf '#!/bin/sh\nnpx lint-staged\n' >.husky/pre-commit
	chmod +x .husky/pre-commit
	git config core.hooksPath .husky
	commit_all 'husky'

	run_install --repo .
	assert_status 0
	assert_contains "$output" "husky manages the hooks"
	assert_contains "$output" '.husky/pre-commit:  stackgate pre-commit || exit $?'
	assert_contains "$output" '.husky/pre-push:    stackgate pre-push "$@" || exit $?'
	run git status --porcelain
	assert_equal "$output" ""
	[ ! -e .git/hooks/pre-commit ]
}

@test "install.sh --repo: a hook tracked by git (a committed hooks directory) is not edited" {
	mkdir -p githooks
	printf '#!/bin/sh\nmake lint\n' >githooks/pre-commit
	chmod +x githooks/pre-commit
	git config core.hooksPath githooks
	commit_all 'hooks'

	run_install --repo .
	assert_status 0
	assert_contains "$output" "tracked by git"
	assert_contains "$output" 'stackgate pre-commit || exit $?'
	run git status --porcelain
	assert_equal "$output" ""
}

@test "install.sh --server: chains an existing pre-receive (same input) and writes a valid policy with the contact" {
	make_server
	printf '#!/bin/sh\nwhile read -r old new ref; do echo "$ref" >>"%s/legacy.log"; done\necho "legacy gate ran"\n' \
		"$TEST_ROOT" >"$SERVER/hooks/pre-receive"
	chmod +x "$SERVER/hooks/pre-receive"

	run_install --server "$SERVER" --contact 'platform-team@example.com'
	assert_status 0
	assert_contains "$output" "pre-receive.local"
	[ -f "$SERVER/stackgate.ini" ]
	run --separate-stderr stackgate rules --config "$SERVER/stackgate.ini"
	assert_status 0
	for key in contact max_commits max_file_bytes timeout_ms on_limit on_error allow_inline_ignore \
		allow_skip_option skip_users audit_log; do
		grep -Eq "^$key *=" "$SERVER/stackgate.ini" || {
			echo "no $key in the server's stackgate.ini"
			return 1
		}
	done
	grep -qx 'contact = platform-team@example.com' "$SERVER/stackgate.ini"

	ts_vpc_good | write_file lib/net.ts
	commit_all 'net'
	run git push origin main
	assert_status 0
	assert_contains "$output" "legacy gate ran"
	assert_match "$output" 'remote: stackgate: judged 1 commit'
	assert_equal "$(cat "$TEST_ROOT/legacy.log")" "refs/heads/main"

	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'
	run git push origin main
	assert_failure
	assert_contains "$output" "legacy gate ran"
	assert_contains "$output" "[hardcoded-secret]"
	assert_match "$(strip_remote "$output" | grep '^  3\. ')" 'ask platform-team@example.com for an exception'

	# a second run keeps the policy and the chain
	run_install --server "$SERVER"
	assert_status 0
	assert_contains "$output" "kept the existing server policy"
	[ ! -e "$SERVER/hooks/pre-receive.local.1" ]
}

@test "install.sh --server: a hooks/pre-receive.d layout (Gitea) gets pre-receive.d/stackgate, the platform's hook untouched" {
	make_server
	mkdir "$SERVER/hooks/pre-receive.d"
	# Gitea's runner: every executable in pre-receive.d, each with the input
	cat >"$SERVER/hooks/pre-receive" <<'EOS'
#!/bin/sh
data=$(cat)
rc=0
for hook in "$(dirname "$0")/pre-receive.d"/*; do
	[ -f "$hook" ] && [ -x "$hook" ] || continue
	printf '%s\n' "$data" | "$hook" || rc=$?
done
exit "$rc"
EOS
	printf '#!/bin/sh\ncat >/dev/null\necho "platform hook ran"\n' >"$SERVER/hooks/pre-receive.d/gitea"
	chmod +x "$SERVER/hooks/pre-receive" "$SERVER/hooks/pre-receive.d/gitea"
	cp "$SERVER/hooks/pre-receive" "$TEST_ROOT/runner"

	run_install --server "$SERVER"
	assert_status 0
	[ -x "$SERVER/hooks/pre-receive.d/stackgate" ]
	cmp "$SERVER/hooks/pre-receive" "$TEST_ROOT/runner"

	ts_db_bad | write_file lib/db.ts
	commit_all 'add db'
	run git push origin main
	assert_failure
	assert_contains "$output" "platform hook ran"
	assert_contains "$output" "[hardcoded-secret]"
	assert_equal "$(server_ref refs/heads/main)" none
}
