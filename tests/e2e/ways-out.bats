#!/usr/bin/env bats
# The ways out of a block, through the real hooks: an inline suppression
# whose until= date stands after the reason, a team's own pattern rule
# suppressed by its name, and the block message that names all three ways
# (fix it; stackgate:ignore where the team allows it; --no-verify or the
# server's contact).

load helpers

setup_committed_repo() {
	echo '# app' | write_file README.md
	commit_all 'initial'
	install_hook pre-commit
}

# db_with_comment COMMENT: a database whose password (line 5) follows
# COMMENT (line 4); names carry the suffix, so the secret is the only finding.
db_with_comment() {
	cat <<EOF
import * as aws from '@pulumi/aws';
export const db = (environmentSuffix: string) => new aws.rds.Instance(\`db-\${environmentSuffix}\`, {
  identifier: \`db-\${environmentSuffix}\`, engine: 'postgres', instanceClass: 'db.t3.small',
  $1
  username: 'admin', password: 'TempPassword123!' });
EOF
}

# A team's own token shape, a rule of its own.
team_pattern_ini() {
	printf '[pattern "internal-token"]\nregex = \\bitk_[a-z0-9]{12}\\b\nkeywords = itk_\nmessage = internal service token\n'
}

@test "until= after the reason: honoured up to the date, expired after it" {
	setup_committed_repo
	db_with_comment '// stackgate:ignore hardcoded-secret -- legacy database until the vault migration until=2027-01-31' |
		write_file lib/db.ts
	git add lib/db.ts

	STACKGATE_TODAY=2027-01-31 run --separate-stderr git commit -m 'add db'
	assert_status 0
	# the date is not part of the reason shown
	assert_contains "$stderr" "lib/db.ts:5:32: note: suppressed inline [hardcoded-secret]: legacy database until the vault migration"
	refute_contains "$stderr" "migration until=2027"
	refute_contains "$stderr" "invalid-suppression"

	git reset -q --soft HEAD~1
	STACKGATE_TODAY=2027-02-01 run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_match "$stderr" "lib/db.ts:5:32: error: .*expired on 2027-01-31.*\[hardcoded-secret\]"
	refute_contains "$stderr" "suppressed inline"
	assert_no_secret_leak "$stderr"
}

@test "until= after the reason in brackets or ending a sentence is honoured too" {
	setup_committed_repo
	db_with_comment '// stackgate:ignore hardcoded-secret -- legacy database, remove by then (until=2027-01-31).' |
		write_file lib/db.ts
	git add lib/db.ts

	STACKGATE_TODAY=2027-02-01 run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_match "$stderr" "lib/db.ts:5:32: error: .*expired on 2027-01-31.*\[hardcoded-secret\]"

	db_with_comment '// stackgate:ignore hardcoded-secret -- legacy database, remove it until=2027-01-31.' |
		write_file lib/db.ts
	git add lib/db.ts
	STACKGATE_TODAY=2027-01-30 run --separate-stderr git commit -m 'add db'
	assert_status 0
	assert_contains "$stderr" "note: suppressed inline [hardcoded-secret]: legacy database, remove it"
}

@test "a malformed until= after the reason is an invalid-suppression, and the finding blocks" {
	setup_committed_repo
	db_with_comment '// stackgate:ignore hardcoded-secret -- legacy database, waiting for the vault until=31/01/2027' |
		write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_contains "$stderr" "lib/db.ts:5:32: error:"
	assert_match "$stderr" "lib/db.ts:4:[0-9]+: warning: .*until= needs a date as YYYY-MM-DD, not '31/01/2027'.*\[invalid-suppression\]"
	refute_contains "$stderr" "suppressed inline"

	# two different dates: which one would count? neither
	db_with_comment '// stackgate:ignore hardcoded-secret until=2027-01-31 -- legacy database until=2028-01-31' |
		write_file lib/db.ts
	git add lib/db.ts
	run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_match "$stderr" "lib/db.ts:4:[0-9]+: warning: .*two until= dates.*\[invalid-suppression\]"
}

@test "a team's own [pattern] rule is suppressed inline by its name" {
	setup_committed_repo
	team_pattern_ini | write_file .stackgate.ini
	git add .stackgate.ini
	git commit -q --no-verify -m 'policy'
	{
		echo "export const fixture = 'itk_0123456789ab'; // stackgate:ignore internal-token -- revoked token kept for the parser test"
		echo ""
		echo "export const live = 'itk_ba9876543210';"
	} | write_file lib/tokens.ts
	git add lib/tokens.ts

	run --separate-stderr git commit -m 'tokens'
	assert_failure
	assert_contains "$stderr" "lib/tokens.ts:1:25: note: suppressed inline [internal-token]: revoked token kept for the parser test"
	assert_contains "$stderr" "lib/tokens.ts:3:22: error: internal service token"
	refute_contains "$stderr" "unknown rule"
	refute_contains "$stderr" "invalid-suppression"
	# the block message offers the team's rule by name
	assert_contains "$stderr" "// stackgate:ignore internal-token -- why this is safe"

	# once the live one is gone the commit goes through
	echo "export const fixture = 'itk_0123456789ab'; // stackgate:ignore internal-token -- revoked token kept for the parser test" |
		write_file lib/tokens.ts
	git add lib/tokens.ts
	run --separate-stderr git commit -m 'tokens'
	assert_status 0
	assert_contains "$stderr" "note: suppressed inline [internal-token]"

	# explain knows the team's rule
	run stackgate explain internal-token
	assert_status 0
	assert_contains "$output" "internal-token: internal service token"
	assert_contains "$output" "// stackgate:ignore internal-token -- why this is safe here"
}

@test "a built-in token shape named in a suppression says which rule to name" {
	setup_committed_repo
	echo "export const t = 'ghp_0123456789abcdefghijABCDEFGHIJ012345'; // stackgate:ignore github-token -- revoked token of the test" |
		write_file lib/t.ts
	git add lib/t.ts

	run --separate-stderr git commit -m 't'
	assert_failure
	assert_match "$stderr" "warning: .*'github-token', a token shape of rule 'hardcoded-secret' \(name the rule\).*\[invalid-suppression\]"
	assert_contains "$stderr" "lib/t.ts:1:19: error:"
}

@test "[rule \"NAME\"] of a pattern rule: exclude and allow_inline_ignore apply" {
	setup_committed_repo
	{
		team_pattern_ini
		printf '[rule "internal-token"]\nexclude = test/**\n'
	} | write_file .stackgate.ini
	git add .stackgate.ini
	git commit -q --no-verify -m 'policy'
	echo "export const t = 'itk_0123456789ab';" | write_file test/tokens.ts
	git add test/tokens.ts
	run --separate-stderr git commit -m 'test tokens'
	assert_status 0
	refute_contains "$stderr" "internal-token"

	echo "export const t = 'itk_0123456789ab';" | write_file lib/tokens.ts
	git add lib/tokens.ts
	run --separate-stderr git commit -m 'lib tokens'
	assert_failure
	assert_contains "$stderr" "lib/tokens.ts:1:19: error: internal service token"

	# refused inline: the block message says so instead of offering it
	{
		team_pattern_ini
		printf '[rule "internal-token"]\nallow_inline_ignore = false\n'
	} >.stackgate.ini
	echo "export const t = 'itk_0123456789ab'; // stackgate:ignore internal-token -- kept for the parser test" >lib/tokens.ts
	git add .stackgate.ini lib/tokens.ts
	run --separate-stderr git commit -m 'lib tokens'
	assert_failure
	assert_match "$stderr" "lib/tokens.ts:1:19: error: .*not honoured.*\[internal-token\]"
	assert_contains "$stderr" "is not honoured for these findings here"

	# a typo in the name is still an error with its line
	printf '[rule "internal-tokn"]\nseverity = advisory\n' >.stackgate.ini
	run stackgate check --staged
	assert_status 2
	assert_contains "$output" ".stackgate.ini:1: unknown rule 'internal-tokn'"
}

@test "commit blocked: the message names the three ways out and the rule to explain" {
	setup_committed_repo
	db_with_comment '' | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr git commit -m 'add db'
	assert_failure
	assert_contains "$stderr" "stackgate: commit blocked. Three ways out:"
	assert_contains "$stderr" "  1. fix it and \`git add\` the fix (\`stackgate explain hardcoded-secret\` says how);"
	assert_contains "$stderr" "  2. if it is intended, say why on the line above it:"
	assert_contains "$stderr" "       // stackgate:ignore hardcoded-secret -- why this is safe [until=YYYY-MM-DD]"
	assert_contains "$stderr" "  3. bypass the hook once, and own the consequences: git commit --no-verify"

	# and explain shows the same comment
	run stackgate explain hardcoded-secret
	assert_status 0
	assert_contains "$output" "// stackgate:ignore hardcoded-secret -- why this is safe here [until=YYYY-MM-DD]"
}

@test "push blocked and push rejected: the ways out fit where the gate runs" {
	make_server
	install_hook pre-receive "$SERVER"
	printf '[general]\ncontact = platform-team@example.com\n' >"$SERVER/stackgate.ini"
	echo '# app' | write_file README.md
	commit_all 'initial'
	git push -q origin main
	install_hook pre-push
	db_with_comment '' | write_file lib/db.ts
	commit_all 'add db'
	old=$(server_ref refs/heads/main)

	run --separate-stderr git push origin main
	assert_failure
	assert_contains "$stderr" "stackgate: push blocked. Three ways out:"
	assert_contains "$stderr" "  1. fix the commits that add these lines (git rebase -i) and push again"
	assert_contains "$stderr" "  2. if it is intended, say why on the line above it in the commit that adds it (git rebase -i):"
	assert_contains "$stderr" "// stackgate:ignore hardcoded-secret -- why this is safe"
	assert_contains "$stderr" "  3. bypass the hook once, and own the consequences: git push --no-verify (the server may still refuse it)"

	run git push --no-verify origin main
	assert_failure
	assert_equal "$(server_ref refs/heads/main)" "$old"
	assert_contains "$output" "stackgate: push rejected by the server's gate. Three ways out:"
	assert_contains "$output" "// stackgate:ignore hardcoded-secret -- why this is safe"
	assert_contains "$output" "3. ask platform-team@example.com for an exception; a client-side --no-verify does not skip this check."

	# a server that refuses inline suppressions does not offer them
	printf '[general]\ncontact = platform-team@example.com\nallow_inline_ignore = false\n' >"$SERVER/stackgate.ini"
	run git push --no-verify origin main
	assert_failure
	assert_contains "$output" "is not honoured for these findings here"
	refute_contains "$output" "// stackgate:ignore hardcoded-secret -- why"
}

@test "a public website on purpose: its bucket policy is suppressed inline, an unmarked one blocks" {
	setup_committed_repo
	write_file lib/site.ts <<'TS'
import * as aws from '@pulumi/aws';
export const site = (environmentSuffix: string, bucket: aws.s3.BucketV2) => [
  new aws.s3.BucketPolicy(`site-${environmentSuffix}`, {
    bucket: bucket.id,
    policy: JSON.stringify({
      Statement: [{
        Effect: 'Allow',
        Principal: '*', // stackgate:ignore public-bucket-acl -- public static website, no private data
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::site/*',
      }],
    }),
  }),
  new aws.s3.BucketPolicy(`data-${environmentSuffix}`, {
    bucket: bucket.id,
    policy: '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::data/*"}]}',
  }),
];
TS
	git add lib/site.ts

	run --separate-stderr git commit -m 'site'
	assert_failure
	assert_contains "$stderr" "lib/site.ts:8:20: note: suppressed inline [public-bucket-acl]: public static website, no private data"
	assert_match "$stderr" "lib/site.ts:16:13: error: bucket policy of aws.s3.BucketPolicy lets anyone on the internet \(Principal \{ AWS: '\*' \}\) s3:PutObject without a Condition.*\[public-bucket-acl\]"
	assert_contains "$stderr" "// stackgate:ignore public-bucket-acl -- public static website"
}
