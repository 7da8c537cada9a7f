#!/usr/bin/env bats
# Issue 11, parts 2 and 6: nothing in scope passes unjudged, and what a
# change brings into scope is judged. Real repositories, real hooks, real
# `git commit` and `git push`; hostile inputs run under `timeout`.

load helpers

T="timeout 120"

# serve: a server with the pre-receive hook and one accepted commit.
serve() {
	make_server
	install_hook pre-receive "$SERVER"
	ts_db_good | write_file lib/db.ts
	commit_all base
	git push -q origin main
}

push_main() {
	run --separate-stderr $T git push origin main
}

# ---- 2. files that cannot be judged block (on_error) -------------------------

@test "scope: a .ts with a NUL byte blocks in every mode, naming the file, the reason and the fix" {
	{ ts_db_bad; printf 'const z = "\0";\n'; } | write_file lib/db.ts
	git add lib/db.ts

	run --separate-stderr $T stackgate check --staged
	assert_status 3
	assert_contains "$stderr" "cannot judge 'lib/db.ts': it holds NUL bytes"
	assert_contains "$stderr" "To fix: save it as UTF-8 text"
	assert_contains "$output$stderr" "on_error = block"

	run --separate-stderr $T stackgate check --files lib/db.ts
	assert_status 3
	assert_contains "$stderr" "cannot judge 'lib/db.ts'"

	commit_all nul
	run --separate-stderr $T stackgate check --all
	assert_status 3
	assert_contains "$stderr" "cannot judge 'lib/db.ts'"
	run --separate-stderr $T stackgate check HEAD
	assert_status 3

	printf '[general]\non_error = allow\n' >"$TEST_ROOT/allow.ini"
	run --separate-stderr $T stackgate check HEAD --config "$TEST_ROOT/allow.ini"
	assert_status 0
	assert_contains "$output$stderr" "allowed by on_error = allow"
}

@test "scope: a NUL byte behind a secret is refused by pre-commit and by the server" {
	serve
	install_hook pre-commit
	{ ts_db_bad; printf 'const z = "\0";\n'; } | write_file lib/db.ts
	git add lib/db.ts
	run --separate-stderr $T git commit -m nul
	assert_status 1
	assert_contains "$stderr" "cannot judge 'lib/db.ts'"

	git commit -q --no-verify -m nul
	push_main
	assert_failure
	assert_contains "$stderr" "cannot judge 'lib/db.ts'"
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD~1)"
}

@test "scope: check --all on a file over max_file_bytes is exit 3, not a pass" {
	ts_db_good | write_file lib/db.ts
	head -c 3000 /dev/zero | tr '\0' 'a' | sed 's/^/\/\/ /' | write_file lib/big.ts
	commit_all big
	printf '[general]\nmax_file_bytes = 1k\n' >"$TEST_ROOT/small.ini"
	run --separate-stderr $T stackgate check --all --config "$TEST_ROOT/small.ini"
	assert_status 3
	assert_contains "$stderr" "max_file_bytes (1024)"
	assert_contains "$stderr" "lib/big.ts"
}

@test "scope: findings in a file with syntax errors say so" {
	{ ts_db_bad; echo 'const broken = ((;'; } | write_file lib/db.ts
	git add -A
	run --separate-stderr $T stackgate check --staged
	assert_status 1
	assert_contains "$output" "lib/db.ts:4:32:"
	assert_contains "$output" "the file has syntax errors from line 5"
}

# ---- 6. what a change brings into scope --------------------------------------

@test "scope: a rename into scope is judged whole (from .txt, from build/)" {
	serve
	ts_db_bad | write_file lib/db.ts.txt
	ts_db_bad | write_file build/db2.ts
	commit_all "out of scope"
	git push -q origin main

	git mv lib/db.ts.txt lib/moved.ts
	git mv build/db2.ts lib/db2.ts
	commit_all "into scope"
	push_main
	assert_failure
	assert_contains "$stderr" "lib/moved.ts:4:32:"
	assert_contains "$stderr" "lib/db2.ts:4:32:"
	assert_contains "$stderr" "enters scope from 'lib/db.ts.txt'"
	assert_no_secret_leak "$stderr"

	run /work/bin-before/stackgate check HEAD~1..HEAD
	true
}

@test "scope: a pure rename inside scope still adds nothing" {
	ts_db_bad | write_file lib/db.ts
	commit_all bad
	git mv lib/db.ts lib/db2.ts
	commit_all moved
	run --separate-stderr $T stackgate check HEAD~1..HEAD
	assert_status 0
}

@test "scope: UTF-16 and UTF-8 BOM TypeScript is decoded and judged; control bytes are judged" {
	ts_db_bad | iconv -f UTF-8 -t UTF-16 | write_file lib/u16.ts
	{ printf '\357\273\277'; ts_db_bad; } | write_file lib/bom.ts
	{ printf '\001\002\003\004\005\006\007\016\017\020\n'; ts_db_bad; } | write_file lib/ctl.ts
	git add -A
	run --separate-stderr $T stackgate check --staged
	assert_status 1
	assert_contains "$output" "lib/u16.ts:4:32:"
	assert_contains "$output" "lib/bom.ts:4:32:"
	assert_contains "$output" "lib/ctl.ts:5:32:"
	assert_no_secret_leak "$output"

	# a later edit of the UTF-16 file is visible
	commit_all u16
	{ ts_db_good; echo "export const t = new aws.rds.Instance('t', { password: '$SECRET' });"; } |
		iconv -f UTF-8 -t UTF-16 | write_file lib/u16.ts
	commit_all edit
	run --separate-stderr $T stackgate check HEAD~1..HEAD
	assert_status 1
	assert_contains "$output" "lib/u16.ts:7:"
}

@test "scope: .gitattributes -diff or binary does not hide a file from pre-commit, pre-push and ranges" {
	serve
	printf '*.ts -diff\n*.tsx binary\n' >.gitattributes
	commit_all attrs
	git push -q origin main
	install_hook pre-commit
	install_hook pre-push
	ts_db_bad | write_file lib/db.ts
	ts_db_bad | write_file lib/view.tsx
	git add -A
	run --separate-stderr $T git commit -m secret
	assert_status 1
	assert_contains "$stderr" "lib/db.ts:4:32:"
	assert_contains "$stderr" "lib/view.tsx:4:32:"

	git commit -q --no-verify -m secret
	run --separate-stderr $T stackgate check HEAD~1..HEAD
	assert_status 1
	push_main
	assert_failure
	assert_contains "$stderr" "lib/db.ts:4:32:"
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD~1)"
}

@test "scope: deleting the comment around a resource makes it live: found" {
	{
		echo "import * as aws from '@pulumi/aws';"
		echo '/*'
		ts_db_bad | tail -n +2
		echo '*/'
	} | write_file lib/db.ts
	commit_all commented
	sed -i '/^\/\*$/d; /^\*\/$/d' lib/db.ts
	commit_all uncomment
	run --separate-stderr $T stackgate check HEAD~1..HEAD
	assert_status 1
	assert_contains "$output" "lib/db.ts:4:32:"
	assert_contains "$output" "made live by lines this change deleted"
	assert_no_secret_leak "$output"
}

@test "scope: deleting an inner definition so that a use resolves to an outer literal: found" {
	cat <<EOF | write_file lib/db.ts
import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';
const config = new pulumi.Config();
const v = '$SECRET';
export function mk(environmentSuffix: string) {
  const v = config.requireSecret('dbPassword');
  return new aws.rds.Instance(\`db-\${environmentSuffix}\`, {
    engine: 'postgres', instanceClass: 'db.t3.small', allocatedStorage: 20,
    username: 'admin', password: v });
}
EOF
	commit_all inner
	run --separate-stderr $T stackgate check HEAD
	assert_status 0
	sed -i '/const v = config/d' lib/db.ts
	commit_all "delete inner"
	run --separate-stderr $T stackgate check HEAD~1..HEAD
	assert_status 1
	assert_contains "$output" "made live by lines this change deleted"
	STACKGATE_OPTIMIZE=0 run --separate-stderr $T stackgate check HEAD~1..HEAD
	assert_status 1
}

@test "scope: a clean merge joining a literal from one branch with its use from the other is refused" {
	serve
	cat <<'EOF' | write_file lib/db.ts
import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';
const config = new pulumi.Config();
const v = config.requireSecret('dbPassword');



export const db = (environmentSuffix: string) => new aws.rds.Instance(`db-${environmentSuffix}`, {
  engine: 'postgres', instanceClass: 'db.t3.small', allocatedStorage: 20,
  username: 'admin', password: config.requireSecret('x') });
EOF
	commit_all base2
	git push -q origin main
	git checkout -q -b a
	sed -i "s/^const v = .*/const v = '$SECRET';/" lib/db.ts
	commit_all literal
	git checkout -q main
	sed -i "s/password: config.requireSecret('x')/password: v/" lib/db.ts
	commit_all use
	git merge -q --no-edit a
	run --separate-stderr $T stackgate check main~1..main
	assert_status 1
	assert_contains "$output" "new in this merge"
	push_main
	assert_failure
	assert_contains "$stderr" "lib/db.ts:4:"
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse main~1~1)"
}

@test "scope: a tag pointing at a tree is judged; one at a blob is refused" {
	serve
	ts_db_bad | write_file lib/db.ts
	git add lib/db.ts
	tree=$(git write-tree)
	blob=$(git rev-parse :lib/db.ts)
	run --separate-stderr $T git push origin "$tree:refs/tags/t"
	assert_failure
	assert_contains "$stderr" "points at a tree"
	assert_contains "$stderr" "lib/db.ts:4:32:"
	run --separate-stderr $T git push origin "$blob:refs/tags/b"
	assert_failure
	assert_contains "$stderr" "points at a blob"
	[ -z "$(git -C "$SERVER" tag)" ]
}

@test "scope: stack config: a syntax error blocks, and fixing only that line reveals the secret" {
	printf 'config:\n  myproj:region us-east-1\n  - x\n  myproj:dbPassword: hunter2-prod\n' >Pulumi.dev.yaml
	commit_all broken
	run --separate-stderr $T stackgate check HEAD
	assert_status 3
	assert_contains "$output$stderr" "'Pulumi.dev.yaml': it is not valid YAML"
	printf 'config:\n  myproj:region: us-east-1\n  myproj:dbPassword: hunter2-prod\n' >Pulumi.dev.yaml
	commit_all fix
	run --separate-stderr $T stackgate check HEAD~1..HEAD
	assert_status 1
	assert_contains "$output" "Pulumi.dev.yaml:3:"
	refute_contains "$output" "hunter2-prod"
}

@test "scope: stack config: aliases, merge keys, plaintext under secure:, tabs, .json, .YAML, Pulumi.yaml defaults" {
	cat >Pulumi.dev.yaml <<'EOF'
base: &creds
  password: hunter2-prod-xyz
pw: &pw hunter3-prod-abc
config:
  myproj:db:
    <<: *creds
  myproj:dbPassword: *pw
  myproj:apiToken:
    secure: plain-text-token-123
  myproj:ok:
    secure: v1:Zm9vYmFyYmF6
EOF
	printf '{"config": {"myproj:dbPassword": "hunter4-json"}}\n' >Pulumi.qa.json
	printf 'config:\n  myproj:dbPassword: hunter5-upper\n' >Pulumi.prod.YAML
	printf 'name: p\nruntime: nodejs\nconfig:\n  dbPassword:\n    type: string\n    default: hunter6-def\n' >Pulumi.yaml
	git add -A
	run --separate-stderr $T stackgate check --staged
	assert_status 1
	assert_contains "$output" "Pulumi.dev.yaml:2:13:"
	assert_contains "$output" "through the alias *creds"
	assert_contains "$output" "through the alias *pw"
	assert_contains "$output" "Pulumi.dev.yaml:9:13:"
	refute_contains "$output" "Pulumi.dev.yaml:11:"
	assert_contains "$output" "Pulumi.qa.json:1:"
	assert_contains "$output" "Pulumi.prod.YAML:2:"
	assert_contains "$output" "Pulumi.yaml:6:14:"
	refute_match "$output" 'hunter[0-9]-'

	printf 'config:\n\tmyproj:dbPassword: hunter7\n' >Pulumi.tab.yaml
	git add -A
	run --separate-stderr $T stackgate check --staged
	assert_status 3
	assert_contains "$output$stderr" "'Pulumi.tab.yaml': it is not valid YAML"
}

@test "scope: .mts, .cts, db.TS and .d.ts are judged" {
	ts_db_bad | write_file lib/a.mts
	ts_db_bad | write_file lib/b.cts
	ts_db_bad | write_file lib/db.TS
	printf "declare const k = 'AKIAQWERTYUIOPASDFGH';\n" | write_file types/env.d.ts
	git add -A
	run --separate-stderr $T stackgate check --staged
	assert_status 1
	assert_contains "$output" "lib/a.mts:4:32:"
	assert_contains "$output" "lib/b.cts:4:32:"
	assert_contains "$output" "lib/db.TS:4:32:"
	assert_contains "$output" "types/env.d.ts:1:"
}

@test "scope: a symbolic link into scope pointing out of scope is refused; one to a judged file is a skip" {
	ts_db_bad | write_file secrets/db.txt
	mkdir -p lib
	ln -s ../secrets/db.txt lib/db.ts
	ts_db_good | write_file lib/good.ts
	ln -s good.ts lib/alias.ts
	git add -A
	run --separate-stderr $T stackgate check --staged
	assert_status 3
	assert_contains "$stderr" "cannot judge 'lib/db.ts': a symbolic link to '../secrets/db.txt', which is out of scope"
	assert_contains "$stderr" "skipped 'lib/alias.ts': a symbolic link to 'lib/good.ts'"

	run --separate-stderr $T stackgate check --files lib
	assert_status 1
	assert_contains "$output" "lib/db.ts:4:32:"
}

@test "scope: every part of a concatenated secret is redacted" {
	cat <<'EOF' | write_file lib/db.ts
import * as aws from '@pulumi/aws';
export const db = (environmentSuffix: string) => new aws.rds.Instance(`db-${environmentSuffix}`, {
  engine: 'postgres', instanceClass: 'db.t3.small', allocatedStorage: 20,
  username: 'admin', password: 'Te' + 'mpPassword123!' });
EOF
	run --separate-stderr $T stackgate check --files lib/db.ts
	assert_status 1
	assert_contains "$output" "lib/db.ts:4:32:"
	refute_contains "$output" "mpPassword123"
	run --separate-stderr $T stackgate check --files lib/db.ts --format json
	refute_contains "$output" "mpPassword123"
}

@test "scope: SARIF regions count UTF-16 code units and say so" {
	printf "import * as aws from '@pulumi/aws'; const é = 'ü';\nexport const x = (environmentSuffix: string) => new aws.rds.Instance(\`x-\${environmentSuffix}\`, { password: 'é%s' });\n" "$SECRET" >lib.ts
	run --separate-stderr $T stackgate check --files lib.ts --format sarif
	assert_status 1
	assert_equal "$(printf '%s' "$output" | jq -r '.runs[0].columnKind')" utf16CodeUnits
	byte=$(stackgate check --files lib.ts --format json 2>/dev/null | jq -r '.findings[0].column')
	col=$(printf '%s' "$output" | jq -r '.runs[0].results[0].locations[0].physicalLocation.region.startColumn')
	[ "$col" -gt 0 ]
	assert_equal "$col" "$byte"
}

@test "scope: on the server an inline stackgate:ignore does not approve a secret unless the server INI allows it" {
	serve
	{
		ts_db_bad | head -3
		echo '  // stackgate:ignore hardcoded-secret -- a test database, rotated nightly'
		ts_db_bad | tail -1
	} | write_file lib/db.ts
	commit_all "self-approved"
	run --separate-stderr $T stackgate check HEAD
	assert_status 0
	push_main
	assert_failure
	assert_contains "$stderr" "not honoured on the server"
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD~1)"

	printf '[rule "hardcoded-secret"]\nallow_inline_ignore = true\n' >"$SERVER/stackgate.ini"
	push_main
	assert_status 0
	assert_equal "$(server_ref refs/heads/main)" "$(git rev-parse HEAD)"
}

@test "scope: stack config judged up to its syntax error still blocks with exit 3 (was exit 1 and the rest unjudged)" {
	cp "$BATS_TEST_DIRNAME/data/Pulumi.bad-syntax-error-later.yaml" Pulumi.dev.yaml
	run --separate-stderr $T stackgate check --files Pulumi.dev.yaml
	assert_status 3
	assert_contains "$output" "Pulumi.dev.yaml:2:22:"
	assert_contains "$output$stderr" "it is not valid YAML (line 4"
}

@test "scope: a baseline accepts findings, not lines: a new token beside a known finding blocks, redacted" {
	ts_db_bad | write_file lib/db.ts
	commit_all bad
	stackgate baseline write 2>/dev/null
	commit_all baseline
	run --separate-stderr $T stackgate check --staged
	sed -i "s/password: '$SECRET'/password: '$SECRET', tags: { t: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' }/" lib/db.ts
	git add -A
	run --separate-stderr $T stackgate check --staged
	assert_status 1
	assert_contains "$output" "GitHub token"
	assert_contains "$output" "known from the baseline"
	refute_contains "$output" "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
	run --separate-stderr $T stackgate check --staged --format json
	refute_contains "$output" "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
	assert_no_secret_leak "$output"
}

@test "scope: a clean push from a --depth 1 clone is judged; a commit at the clone's edge says how to deepen" {
	serve
	ts_vpc_good | write_file lib/net.ts
	commit_all second
	git push -q origin main
	git clone -q --depth 1 "file://$SERVER" "$TEST_ROOT/shallow"
	cd "$TEST_ROOT/shallow"
	[ -f .git/shallow ]
	install_hook pre-push "$TEST_ROOT/shallow/.git"
	ts_bucket_static | write_file lib/data.ts
	commit_all bucket
	run --separate-stderr $T git push origin main
	assert_failure
	assert_contains "$stderr" "lib/data.ts:2:"
	assert_contains "$stderr" "static-bucket-name"
	refute_contains "$stderr" "object not found"

	git reset -q --hard HEAD~1
	ts_vpc_good | sed 's/vpc-/net2-/' | write_file lib/net2.ts
	commit_all clean
	run --separate-stderr $T git push origin main
	assert_status 0
	assert_contains "$stderr" "judged 1 commit, 1 file"

	# a new remote has none of it: the oldest commit here cannot be diffed
	git init -q --bare "$TEST_ROOT/other.git"
	run --separate-stderr $T git push "$TEST_ROOT/other.git" main
	assert_failure
	assert_contains "$stderr" "oldest commit of this shallow clone"
	assert_contains "$stderr" "git fetch --deepen"
}

@test "scope: a judged file that imports from an excluded folder says so" {
	ts_vpc_good | write_file lib/index.ts
	printf "export * from '../dist/gen';\n" >>lib/index.ts
	ts_db_bad | write_file dist/gen.ts
	git add -A
	run --separate-stderr $T stackgate check --staged
	assert_status 0
	assert_contains "$stderr" "'lib/index.ts' imports '../dist/gen', which is excluded from scope"
}

@test "scope: stack config that is not YAML (a tab, an unclosed list) is exit 3 with the line, not a pass" {
	cp "$BATS_TEST_DIRNAME/data/Pulumi.invalid-yaml.yaml" Pulumi.dev.yaml
	run --separate-stderr $T stackgate check --files Pulumi.dev.yaml
	assert_status 3
	assert_contains "$output$stderr" "'Pulumi.dev.yaml': it is not valid YAML (line 4"
	printf '[general]\non_error = allow\n' >"$TEST_ROOT/allow.ini"
	run --separate-stderr $T stackgate check --files Pulumi.dev.yaml --config "$TEST_ROOT/allow.ini"
	assert_status 0
	assert_contains "$output$stderr" "allowed by on_error = allow"
}
