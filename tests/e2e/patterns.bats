#!/usr/bin/env bats
# Custom pattern rules ([pattern "NAME"] sections: a team's own rules in the
# INI, no rebuild), the built-in token shapes as data, and the
# plaintext-stack-secret rule over Pulumi.<stack>.yaml, with real INI files,
# real files and real `git commit`s through the pre-commit hook.

load helpers

# A 32-character token body: itk_ + [a-z0-9]{32}, high entropy.
ITK='itk_7f3k9q2m5x8v1b4n6c0z2w7e9r3t5y8u'
# The same shape with almost no entropy.
ITK_LOW='itk_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab'
GHP='ghp_0123456789abcdefghijABCDEFGHIJ012345'
AKIA='AKIAZ7QWERTY12345678'
STACK_PW='hunter2-prod-pw'

# internal_token_ini [EXTRA...]: the issue's example pattern, plus extra lines.
internal_token_ini() {
	cat <<'EOF'
[pattern "internal-token"]
severity = mandatory
regex = itk_[a-z0-9]{32}
keywords = itk_
message = internal service token
EOF
	printf '%s\n' "$@"
}

# ts_const NAME VALUE: a clean TypeScript file holding one string constant.
ts_const() {
	printf "export const %s = '%s';\n" "$1" "$2"
}

# A repository with one harmless commit and the pre-commit hook installed.
setup_hooked_repo() {
	echo '# app' | write_file README.md
	commit_all 'initial'
	install_hook pre-commit
}

# refute_leak TEXT... VALUE: VALUE never shows beyond its first 3 characters.
refute_leak() {
	local value=${!#} t n=$#
	for t in "${@:1:n-1}"; do
		refute_contains "$t" "$value" || return 1
		refute_contains "$t" "${value:0:6}" || return 1
	done
}

# ---- custom pattern rules ----------------------------------------------------

@test "patterns: a custom [pattern] is listed by stackgate rules with its severity and message" {
	internal_token_ini >team.ini
	printf '[pattern "legacy-key"]\nseverity = advisory\nregex = lk-[0-9]{8}\n' >>team.ini

	run --separate-stderr stackgate rules --config team.ini
	assert_status 0
	assert_match "$output" '^internal-token +mandatory +internal service token \(pattern\)$'
	# without a message the regex stands for it
	assert_match "$output" '^legacy-key +advisory +lk-\[0-9\]\{8\} \(pattern\)$'
	# the built-in shapes report under hardcoded-secret and are not listed apart
	refute_contains "$output" "aws-access-key-id"

	run --separate-stderr stackgate rules
	assert_status 0
	refute_contains "$output" "internal-token"
}

@test "patterns: a mandatory custom pattern in .stackgate.ini blocks git commit, under its own name, redacted" {
	setup_hooked_repo
	internal_token_ini | write_file .stackgate.ini
	commit_all 'team rules'
	before=$(head_or_none)
	ts_const svcValue "$ITK" | write_file lib/svc.ts
	git add lib/svc.ts

	run --separate-stderr git commit -m 'add svc'
	assert_failure
	assert_equal "$(head_or_none)" "$before" "HEAD moved: the commit was created"
	assert_contains "$stderr" "lib/svc.ts:1:26: error: internal service token"
	assert_contains "$stderr" "[internal-token]"
	assert_contains "$stderr" "'itk***'"
	assert_match "$stderr" "rules and severities come from .*/?\\.stackgate\\.ini"
	refute_leak "$output" "$stderr" "$ITK"
}

@test "patterns: severity advisory warns without blocking; disabled reports nothing" {
	ts_const svcValue "$ITK" >svc.ts
	internal_token_ini >mandatory.ini
	sed 's/^severity = mandatory$/severity = advisory/' mandatory.ini >advisory.ini
	sed 's/^severity = mandatory$/severity = disabled/' mandatory.ini >disabled.ini

	run --separate-stderr stackgate check --files --config mandatory.ini svc.ts
	assert_status 1
	assert_contains "$output" "svc.ts:1:26: error: internal service token"

	run --separate-stderr stackgate check --files --config advisory.ini svc.ts
	assert_status 0
	assert_contains "$output" "svc.ts:1:26: warning: internal service token"
	assert_contains "$output" "[internal-token]"

	run --separate-stderr stackgate check --files --config disabled.ini svc.ts
	assert_status 0
	refute_contains "$output" "internal-token"

	run --separate-stderr stackgate check --files --config advisory.ini --format json svc.ts
	assert_status 0
	assert_equal "$(printf '%s' "$output" | jq -r '.findings[0] | "\(.rule) \(.severity) \(.line):\(.column)"')" \
		"internal-token advisory 1:26"
}

@test "patterns: SARIF lists a team's pattern among the rules, and its results point at it" {
	ts_const svcValue "$ITK" >svc.ts
	internal_token_ini >team.ini

	run --separate-stderr stackgate check --files --config team.ini --format sarif svc.ts
	assert_status 1
	printf '%s' "$output" >out.sarif
	# the built-ins first, in their order, then the team's pattern with its message
	assert_equal "$(jq -r '.runs[0].tool.driver.rules[0].id' out.sarif)" "hardcoded-secret"
	assert_equal "$(jq -r '.runs[0].tool.driver.rules[-1].id' out.sarif)" "internal-token"
	assert_equal "$(jq -r '.runs[0].tool.driver.rules[-1].shortDescription.text' out.sarif)" \
		"internal service token"
	assert_contains "$(jq -r '.runs[0].tool.driver.rules[-1].help.text' out.sarif)" 'itk_[a-z0-9]{32}'
	assert_equal "$(jq -r '.runs[0].results[0] | .ruleId' out.sarif)" "internal-token"
	assert_equal "$(jq -r '.runs[0] | .tool.driver.rules[.results[0].ruleIndex].id' out.sarif)" "internal-token"

	# without the team's INI: the built-in rules alone
	run --separate-stderr stackgate check --files --format sarif svc.ts
	refute_contains "$output" "internal-token"
}

@test "patterns: paths limits the files a pattern reads" {
	internal_token_ini 'paths = services/**, *.svc.ts' >team.ini
	ts_const a "$ITK" | write_file services/api/token.ts
	ts_const b "$ITK" | write_file lib/token.ts
	ts_const c "$ITK" | write_file lib/worker.svc.ts

	run --separate-stderr stackgate check --files --config team.ini services/api/token.ts lib/token.ts lib/worker.svc.ts
	assert_status 1
	assert_contains "$output" "services/api/token.ts:1:19: error: internal service token"
	assert_contains "$output" "lib/worker.svc.ts:1:19: error: internal service token"
	refute_contains "$output" "lib/token.ts:"
	assert_match "$stderr" "$(coverage_re 3 3)"
}

@test "patterns: min_entropy rejects low-entropy matches" {
	internal_token_ini 'min_entropy = 3.5' >team.ini
	ts_const low "$ITK_LOW" >low.ts
	ts_const high "$ITK" >high.ts

	run --separate-stderr stackgate check --files --config team.ini low.ts
	assert_status 0
	refute_contains "$output" "internal-token"

	run --separate-stderr stackgate check --files --config team.ini high.ts
	assert_status 1
	assert_contains "$output" "high.ts:1:22: error: internal service token"

	# without a minimum the low-entropy match is a finding
	internal_token_ini >plain.ini
	run --separate-stderr stackgate check --files --config plain.ini low.ts
	assert_status 1
	assert_contains "$output" "[internal-token]"

	# out of range is a configuration error with its line
	internal_token_ini 'min_entropy = 9' >bad.ini
	run --separate-stderr stackgate check --files --config bad.ini low.ts
	assert_status 2
	assert_contains "$stderr" "bad.ini:6:"
}

@test "patterns: allow_values are not reported, other matches on the line still are" {
	internal_token_ini "allow_values = $ITK_LOW, itk_00000000000000000000000000000000" >team.ini
	ts_const documented "$ITK_LOW" >allowed.ts
	printf "export const pair = ['%s', '%s'];\n" "$ITK_LOW" "$ITK" >mixed.ts

	run --separate-stderr stackgate check --files --config team.ini allowed.ts
	assert_status 0
	refute_contains "$output" "internal-token"

	# the allowed value is skipped and the next match on the line is the finding
	run --separate-stderr stackgate check --files --config team.ini --format json mixed.ts
	assert_status 1
	assert_equal "$(printf '%s' "$output" | jq -r '[.findings[] | select(.rule == "internal-token") | .column] | join(",")')" \
		"$((23 + ${#ITK_LOW} + 4))"
}

@test "patterns: keywords prefilter: the regex runs only on lines holding a keyword, in any case" {
	# keyword in upper case, text in lower case: the line is searched
	internal_token_ini | sed 's/^keywords = itk_$/keywords = ITK_/' >upper.ini
	# a keyword the line lacks: the regex never runs, though it would match
	internal_token_ini | sed 's/^keywords = itk_$/keywords = internal-only-marker/' >absent.ini
	ts_const svcValue "$ITK" >svc.ts
	printf '// internal-only-marker\nexport const svcValue = %s;\n' "'$ITK'" >marked.ts

	run --separate-stderr stackgate check --files --config upper.ini svc.ts
	assert_status 1
	assert_contains "$output" "[internal-token]"

	run --separate-stderr stackgate check --files --config absent.ini svc.ts
	assert_status 0
	refute_contains "$output" "internal-token"

	# the keyword must be on the same line as the match
	run --separate-stderr stackgate check --files --config absent.ini marked.ts
	assert_status 0
	refute_contains "$output" "internal-token"
}

@test "patterns: a capture group 1 is the secret: the finding and redaction are on the group" {
	cat >team.ini <<'EOF'
[pattern "db-url-password"]
regex = postgres://[^:/\s]+:([^@\s]{8,})@
keywords = postgres://
message = database password in a connection URL
EOF
	printf "export const url = 'postgres://app:S3cretPassw0rd@db:5432/app';\n" >db.ts

	run --separate-stderr stackgate check --files --config team.ini db.ts
	assert_status 1
	assert_contains "$output" "db.ts:1:36: error: database password in a connection URL"
	assert_contains "$output" "postgres://app:S3c***@db:5432/app"
	refute_contains "$output" "S3cretPassw0rd"
}

@test "patterns: apply to every file type in scope: stack YAML and other included files" {
	cat >team.ini <<'EOF'
[general]
include = *.ts, Pulumi.*.yaml, *.properties

[pattern "internal-token"]
regex = itk_[a-z0-9]{32}
keywords = itk_
message = internal service token
EOF
	printf 'config:\n  myproj:serviceUser: %s\n' "$ITK" >Pulumi.dev.yaml
	printf '# service settings\nservice.auth=%s\n' "$ITK" >app.properties
	printf 'token: %s\n' "$ITK" >notes.md

	run --separate-stderr stackgate check --files --config team.ini Pulumi.dev.yaml app.properties notes.md
	assert_status 1
	assert_contains "$output" "Pulumi.dev.yaml:2:23: error: internal service token"
	assert_contains "$output" "app.properties:2:14: error: internal service token"
	refute_contains "$output" "notes.md:"
	assert_contains "$stderr" "skipped 'notes.md': not in the include globs"
	refute_leak "$output" "$stderr" "$ITK"

	# with the default include globs a stack file is in scope too
	internal_token_ini >only-pattern.ini
	run --separate-stderr stackgate check --files --config only-pattern.ini Pulumi.dev.yaml
	assert_status 1
	assert_contains "$output" "Pulumi.dev.yaml:2:23: error: internal service token"
}

@test "patterns: an invalid regex is a configuration error naming the file and line (exit 2)" {
	ts_const svcValue "$ITK" >svc.ts
	printf '; team rules\n\n[pattern "broken"]\nkeywords = x\nregex = itk_([a-z0-9]{32}\n' >bad.ini

	run --separate-stderr stackgate check --files --config bad.ini svc.ts
	assert_status 2
	assert_contains "$stderr" "bad.ini:5: invalid regex for pattern 'broken'"
	assert_contains "$stderr" "missing closing parenthesis"

	run --separate-stderr stackgate rules --config bad.ini
	assert_status 2
	assert_contains "$stderr" "bad.ini:5:"

	# in the repository's .stackgate.ini, through the hook: the commit is refused
	setup_hooked_repo
	cp bad.ini .stackgate.ini
	git add svc.ts
	before=$(head_or_none)
	run --separate-stderr git commit -m 'svc'
	assert_failure
	assert_equal "$(head_or_none)" "$before"
	assert_contains "$stderr" ".stackgate.ini:5: invalid regex for pattern 'broken'"
}

@test "patterns: unknown keys and a pattern without a regex are configuration errors" {
	ts_const svcValue "$ITK" >svc.ts
	internal_token_ini 'severity_level = high' >unknown.ini
	printf '[pattern "no-regex"]\nkeywords = itk_\n' >noregex.ini

	run --separate-stderr stackgate check --files --config unknown.ini svc.ts
	assert_status 2
	assert_contains "$stderr" "unknown.ini:6: unknown key 'severity_level' in [pattern \"internal-token\"]"

	run --separate-stderr stackgate check --files --config noregex.ini svc.ts
	assert_status 2
	assert_contains "$stderr" "pattern 'no-regex' has no regex"

	internal_token_ini | sed 's/^severity = mandatory$/severity = blocking/' >badsev.ini
	run --separate-stderr stackgate check --files --config badsev.ini svc.ts
	assert_status 2
	assert_contains "$stderr" "badsev.ini:2: unknown severity 'blocking'"
}

@test "patterns: built-in token shapes are data: a repo turns one off or allows a value" {
	printf "export const a = '%s';\nexport const b = '%s';\n" "$AKIA" "$GHP" >keys.ts
	printf '[pattern "aws-access-key-id"]\nseverity = disabled\n' >off.ini
	printf '[pattern "github-token"]\nallow_values = %s\n' "$GHP" >allow.ini

	run --separate-stderr stackgate check --files --format json keys.ts
	assert_status 1
	assert_equal "$(printf '%s' "$output" | jq -r '[.findings[] | "\(.line):\(.rule)"] | join(" ")')" \
		"1:hardcoded-secret 2:hardcoded-secret"

	run --separate-stderr stackgate check --files --format json --config off.ini keys.ts
	assert_status 1
	assert_equal "$(printf '%s' "$output" | jq -r '[.findings[] | "\(.line):\(.rule)"] | join(" ")')" \
		"2:hardcoded-secret"

	run --separate-stderr stackgate check --files --format json --config allow.ini keys.ts
	assert_status 1
	assert_equal "$(printf '%s' "$output" | jq -r '[.findings[] | "\(.line):\(.rule)"] | join(" ")')" \
		"1:hardcoded-secret"
}

@test "patterns: a shape under rule = hardcoded-secret follows that rule's severity and excludes" {
	cat >team.ini <<'EOF'
[rule "hardcoded-secret"]
severity = advisory
exclude = test/**

[pattern "internal-token"]
rule = hardcoded-secret
regex = itk_[a-z0-9]{32}
keywords = itk_
message = internal service token
EOF
	ts_const svcValue "$ITK" | write_file lib/svc.ts
	ts_const svcValue "$ITK" | write_file test/svc.ts

	run --separate-stderr stackgate check --files --config team.ini lib/svc.ts test/svc.ts
	assert_status 0
	assert_contains "$output" "lib/svc.ts:1:26: warning: internal service token"
	assert_contains "$output" "[hardcoded-secret]"
	refute_contains "$output" "test/svc.ts:"
	refute_contains "$output" "[internal-token]"
}

@test "patterns: only added lines count: a token already in history is not reported again" {
	setup_hooked_repo
	internal_token_ini | write_file .stackgate.ini
	{ ts_const svcValue "$ITK"; ts_const region 'us-east-1'; } | write_file lib/svc.ts
	commit_all 'existing token'

	# another line changes: the old token is not the author's doing
	{ ts_const svcValue "$ITK"; ts_const region 'eu-west-1'; } >lib/svc.ts
	git add lib/svc.ts
	run --separate-stderr git commit -m 'move region'
	assert_status 0
	refute_contains "$stderr" "internal-token"

	# a new token on a new line is
	ts_const other "${ITK%?}9" >>lib/svc.ts
	git add lib/svc.ts
	before=$(head_or_none)
	run --separate-stderr git commit -m 'add other'
	assert_failure
	assert_equal "$(head_or_none)" "$before"
	assert_contains "$stderr" "lib/svc.ts:3:23: error: internal service token"
	refute_contains "$stderr" "lib/svc.ts:1:"
}

# ---- plaintext-stack-secret ---------------------------------------------------

stack_bad() {
	cat <<EOF
config:
  aws:region: us-east-1
  myproj:dbPassword: $STACK_PW
EOF
}

stack_good() {
	cat <<'EOF'
config:
  aws:region: us-east-1
  myproj:dbPassword:
    secure: v1:Jb5xAZzB3Qn9Hq2K:0W7Zexampleciphertextexample==
EOF
}

@test "plaintext-stack-secret: a plaintext value in Pulumi.dev.yaml blocks git commit, redacted" {
	setup_hooked_repo
	before=$(head_or_none)
	stack_bad | write_file infra/Pulumi.dev.yaml
	git add infra/Pulumi.dev.yaml

	run --separate-stderr git commit -m 'dev stack'
	assert_failure
	assert_equal "$(head_or_none)" "$before" "HEAD moved: the commit was created"
	assert_contains "$stderr" "infra/Pulumi.dev.yaml:3:22: error: plaintext secret in stack config 'myproj:dbPassword'"
	assert_contains "$stderr" "[plaintext-stack-secret]"
	assert_contains "$stderr" "pulumi config set --secret 'myproj:dbPassword'"
	assert_contains "$stderr" "myproj:dbPassword: hun***"
	refute_leak "$output" "$stderr" "$STACK_PW"
}

@test "plaintext-stack-secret: secure values commit; a plaintext default in Pulumi.yaml (the project file) is refused" {
	setup_hooked_repo
	stack_good | write_file Pulumi.prod.yaml
	git add Pulumi.prod.yaml
	run --separate-stderr git commit -m 'stack'
	assert_status 0
	refute_contains "$stderr" "plaintext-stack-secret"

	# project-level config defaults live in Pulumi.yaml: committed in clear
	# text like any stack file's (issue 11)
	{ echo 'name: myproj'; echo 'runtime: nodejs'; stack_bad; } | write_file Pulumi.yaml
	git add Pulumi.yaml
	run --separate-stderr git commit -m 'project'
	assert_status 1
	assert_contains "$stderr" "Pulumi.yaml:5:22: error: plaintext secret in stack config 'myproj:dbPassword'"
	refute_contains "$stderr" "$STACK_PW"
}

@test "plaintext-stack-secret: only added lines count, including a block scalar changed below its key" {
	setup_hooked_repo
	cat <<EOF | write_file Pulumi.dev.yml
config:
  myproj:dbPassword: $STACK_PW
  myproj:instanceType: t3.micro
  myproj:privateKey: |
    MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
    BKcwggSjAgEAAoIBAQC7exampleexample
EOF
	commit_all 'existing stack'

	# an unrelated line changes: the old plaintext is not reported again
	sed -i 's/t3.micro/t3.small/' Pulumi.dev.yml
	git add Pulumi.dev.yml
	run --separate-stderr git commit -m 'bigger'
	assert_status 0
	refute_contains "$stderr" "plaintext-stack-secret"

	# a line inside the block scalar changes: reported on that line
	sed -i 's/BKcwggSjAgEAAoIBAQC7exampleexample/BKcwggSjAgEAAoIBAQC7rotatedrotated/' Pulumi.dev.yml
	git add Pulumi.dev.yml
	run --separate-stderr git commit -m 'rotate key'
	assert_failure
	assert_contains "$stderr" "Pulumi.dev.yml:6:5: error: plaintext secret in stack config 'myproj:privateKey'"
	refute_contains "$stderr" "Pulumi.dev.yml:2:"
	refute_contains "$stderr" "rotatedrotated"
}

@test "plaintext-stack-secret: structured config names the path of the leaf" {
	cat >Pulumi.staging.yaml <<'EOF'
config:
  myproj:database:
    host: db.internal
    password: nested-plaintext-pw
  myproj:apiTokens:
    - secure: v1:Zmlyc3Q=
    - secure: v1:c2Vjb25k=
    - third-plaintext-token
EOF
	run --separate-stderr stackgate check --files --format json Pulumi.staging.yaml
	assert_status 1
	assert_equal "$(printf '%s' "$output" | jq -r '[.findings[] | "\(.line):\(.column) \(.message)"] | join("\n")')" \
"4:15 plaintext secret in stack config 'myproj:database.password': it is committed to git in clear text
8:7 plaintext secret in stack config 'myproj:apiTokens[2]': it is committed to git in clear text"
	assert_contains "$output" "--path 'myproj:database.password'"
	refute_contains "$output" "nested-plaintext-pw"
	refute_contains "$output" "third-plaintext-token"
}

@test "plaintext-stack-secret: keys and allowed values are data; severity and exclude tune it" {
	cat >Pulumi.dev.yaml <<'EOF'
config:
  myproj:dbPassword: local-dev-default
  myproj:connection: Server=db;User=app;Pwd=plaintext
EOF
	cat >team.ini <<'EOF'
[rule "plaintext-stack-secret"]
secret_config_keys = myproj:connection
allow_values = local-dev-default
EOF
	run --separate-stderr stackgate check --files --format json Pulumi.dev.yaml
	assert_status 1
	assert_equal "$(printf '%s' "$output" | jq -r '[.findings[] | "\(.line):\(.rule)"] | join(" ")')" \
		"2:plaintext-stack-secret"

	run --separate-stderr stackgate check --files --format json --config team.ini Pulumi.dev.yaml
	assert_status 1
	assert_equal "$(printf '%s' "$output" | jq -r '[.findings[] | "\(.line):\(.rule)"] | join(" ")')" \
		"3:plaintext-stack-secret"

	printf '[rule "plaintext-stack-secret"]\nseverity = advisory\n' >advisory.ini
	run --separate-stderr stackgate check --files --config advisory.ini Pulumi.dev.yaml
	assert_status 0
	assert_contains "$output" "Pulumi.dev.yaml:2:22: warning: plaintext secret"

	printf '[rule "plaintext-stack-secret"]\nexclude = Pulumi.dev.yaml\n' >exclude.ini
	run --separate-stderr stackgate check --files --config exclude.ini Pulumi.dev.yaml
	assert_status 0
	refute_contains "$output" "plaintext-stack-secret"
}

# Invalid YAML cannot be judged (what follows the error is unread): the
# scan is incomplete and on_error decides (issue 11: block, exit 3); what
# was read before the error is still reported. Valid files beside it are
# judged as usual.
@test "plaintext-stack-secret: invalid YAML is exit 3 naming the file and line, judged up to its first error, never a crash" {
	printf 'config:\n  myproj:dbPassword: before-the-error\n  myproj:x: [unclosed\n  myproj:apiKey: after-the-error\n' >Pulumi.dev.yaml
	printf 'config: {\n\t- : ]\n' >Pulumi.qa.yaml
	printf '\xef\xbb\xbfconfig:\n  myproj:apiToken: "\xe2\x82\xac-after-a-bom"\n' >Pulumi.bom.yaml

	run --separate-stderr stackgate check --files --format json Pulumi.dev.yaml
	assert_status 3
	assert_equal "$(printf '%s' "$output" | jq -r '[.findings[] | "\(.path):\(.line):\(.column)"] | join(" ")')" \
		"Pulumi.dev.yaml:2:22"
	assert_equal "$(printf '%s' "$output" | jq -r '.summary.complete')" false
	assert_contains "$(printf '%s' "$output" | jq -r '.summary.error')" "'Pulumi.dev.yaml': it is not valid YAML (line 4"

	run --separate-stderr stackgate check --files --format json Pulumi.qa.yaml
	assert_status 3
	assert_contains "$stderr" "'Pulumi.qa.yaml': it is not valid YAML (line 2"

	run --separate-stderr stackgate check --files --format json Pulumi.bom.yaml
	assert_status 1
	assert_equal "$(printf '%s' "$output" | jq -r '[.findings[] | "\(.path):\(.line):\(.column)"] | join(" ")')" \
		"Pulumi.bom.yaml:2:20"
}

@test "plaintext-stack-secret: stackgate explain describes the rule" {
	run --separate-stderr stackgate explain plaintext-stack-secret
	assert_status 0
	assert_contains "$output" "plaintext-stack-secret:"
	assert_contains "$output" "secure: v1:"
	assert_contains "$output" "secret_config_keys"
}
