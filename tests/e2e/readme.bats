#!/usr/bin/env bats
# The README's workflows, run as written: each test takes its code block
# out of README.md (never a retyped copy), so the README cannot drift from
# what works. Only what cannot run here is substituted, and said so: the
# example URL of this repository and the /usr/local prefix.

load helpers

README=$BATS_TEST_DIRNAME/../../README.md
CHECKOUT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd -P)

# readme_block TEXT: the first fenced code block of README.md holding TEXT.
readme_block() {
	awk -v want="$1" '
		/^[[:space:]]*```/ {
			if (inblock) {
				if (index(block, want)) { printf "%s", block; found = 1; exit }
				inblock = 0; block = ""
			} else {
				inblock = 1
			}
			next
		}
		inblock { sub(/^  /, ""); block = block $0 "\n" }
		END { exit !found }
	' "$README" || {
		echo "README.md has no code block holding: $1" >&2
		return 1
	}
}

# readme_line TEXT: the first line of README.md's code blocks starting with TEXT.
readme_line() {
	local block
	block=$(readme_block "$1") || return 1
	printf '%s\n' "$block" | grep -m 1 -F -- "$1"
}

@test "README Try it: 'stackgate check --history' judges every commit, the root commit included" {
	local cmd
	cmd=$(readme_block 'stackgate check --history')
	assert_equal "$cmd" "stackgate check --history"
	ts_bucket_static | write_file lib/data.ts
	commit_all 'root: a fixed bucket name'
	echo '# app' | write_file README.md
	commit_all 'docs'
	run --separate-stderr bash -ec "$cmd"
	assert_status 1
	assert_contains "$output" "lib/data.ts:2:"
	assert_contains "$output" "[static-bucket-name]"
	assert_contains "$stderr" "stackgate: judged 2 commits, 1 file,"

	# the README's other example, in a repository this young: a usage error
	run --separate-stderr stackgate check HEAD~20..HEAD
	assert_status 2
	assert_contains "$stderr" "unknown revision"
	assert_contains "$stderr" "HEAD has 2 commits"
	assert_contains "$stderr" "stackgate check --history"
}

@test "README pre-commit: the by-hand cp puts the hook into path/to/project, not the repository you are in" {
	local line
	line=$(readme_line 'cp hooks/pre-commit')
	# a directory like this checkout (hooks/), itself a git repository
	mkdir -p "$TEST_ROOT/work/path/to"
	cd "$TEST_ROOT/work"
	git init -q .
	ln -s "$CHECKOUT/hooks" hooks
	git init -q path/to/project
	run bash -ec "$line"
	assert_status 0
	[ -x path/to/project/.git/hooks/pre-commit ]
	[ ! -e .git/hooks/pre-commit ]

	cd path/to/project
	ts_bucket_static | write_file lib/data.ts
	git add lib/data.ts
	run git commit -m 'bucket'
	assert_failure
	assert_contains "$output" "[static-bucket-name]"
	assert_equal "$(head_or_none)" none
}

@test "README pre-push: the cp line wires the hook (the prefix is this checkout's) and a bad push is refused" {
	local line
	line=$(readme_line 'hooks/pre-push "$(')
	line=${line//\/usr\/local\/share\/stackgate\/hooks\//$CHECKOUT\/hooks\/}
	make_server
	mkdir -p sub
	cd sub
	run bash -ec "$line"
	assert_status 0
	cd ..
	[ -x .git/hooks/pre-push ]
	ts_db_bad | write_file lib/db.ts
	commit_all 'db'
	run git push origin main
	assert_failure
	assert_contains "$output" "lib/db.ts:4:32: error:"
	assert_equal "$(server_ref refs/heads/main)" none
}

@test "README Husky: the lines it shows are the ones install.sh prints and writes" {
	local block pkgblock want
	block=$(readme_block '# .husky/pre-commit')
	printf '{"name":"p","version":"1.0.0","devDependencies":{"husky":"9.1.7"}}\n' >package.json
	commit_all 'package'
	run --separate-stderr sh "$CHECKOUT/install.sh" --hooks-only --repo .
	assert_status 0
	want=$(printf '%s\n' "$block" | grep -v '^#')
	assert_equal "$want" "$(printf '%s\n' "$output" | sed -n 's/^install\.sh:     \.husky\/pre-[a-z]*: *//p')"

	# husky 4: the README's package.json hooks are what --husky-add writes
	command -v node >/dev/null 2>&1 || skip "node is not installed"
	pkgblock=$(readme_block '"husky": {')
	printf '{"name":"p","version":"1.0.0","devDependencies":{"husky":"4.3.8"},"husky":{"hooks":{"pre-commit":"lint-staged"}}}\n' >package.json
	commit_all 'husky 4'
	run --separate-stderr sh "$CHECKOUT/install.sh" --hooks-only --husky-add --repo .
	assert_status 0
	run node -e '
		const readme = JSON.parse("{" + process.argv[1] + "}").husky.hooks;
		const ours = require("./package.json").husky.hooks;
		if (readme["pre-commit"] !== ours["pre-commit"] || readme["pre-push"] !== ours["pre-push"]) {
			console.log(JSON.stringify({ readme, ours })); process.exit(1);
		}' "$pkgblock"
	assert_status 0
}

@test "README pre-commit framework: its .pre-commit-config.yaml and install command, as written, block a commit and a push" {
	local config version
	command -v pre-commit >/dev/null 2>&1 || skip "the pre-commit framework is not installed"
	export PRE_COMMIT_HOME=$TEST_ROOT/pre-commit-cache
	config=$(readme_block 'id: stackgate-push')
	# the rev the README names is the tag of this version
	version=$(sed -n 's/^#define STACKGATE_VERSION "\(.*\)"$/\1/p' "$CHECKOUT/src/base/version.h")
	assert_contains "$config" "rev: v$version"
	# this repository, as users fetch it: a clone holding the manifest, tagged
	git clone -q "$CHECKOUT" "$TEST_ROOT/stackgate"
	cp "$CHECKOUT/.pre-commit-hooks.yaml" "$TEST_ROOT/stackgate/"
	git -C "$TEST_ROOT/stackgate" add .pre-commit-hooks.yaml
	git -C "$TEST_ROOT/stackgate" commit -q --allow-empty -m 'the manifest as it is'
	# -f: a checkout that already has the tag (the released one) names this commit instead
	git -C "$TEST_ROOT/stackgate" tag -f "v$version" >/dev/null
	printf '%s\n' "${config//https:\/\/git.example.com\/platform\/stackgate/file://$TEST_ROOT/stackgate}" \
		>.pre-commit-config.yaml
	run bash -ec "$(readme_block 'pre-commit install --hook-type')"
	assert_status 0
	git add .pre-commit-config.yaml
	git commit -q -m 'pre-commit config'

	ts_bucket_static | write_file lib/data.ts
	git add lib/data.ts
	run git commit -m 'bucket'
	assert_failure
	assert_contains "$output" "[static-bucket-name]"
	refute_contains "$output" "InvalidManifestError"

	make_server
	git commit -q --no-verify -m 'bucket'
	run git push origin main
	assert_failure
	assert_contains "$output" "[static-bucket-name]"
	assert_equal "$(server_ref refs/heads/main)" none
}

@test "README Baseline: the adoption workflow, as written, makes check --all pass" {
	install_hook pre-commit
	ts_bucket_static | write_file lib/data.ts
	ts_db_bad | write_file lib/db.ts
	commit_all 'legacy'
	run bash -ec "$(readme_block 'stackgate baseline write            #')"
	assert_status 0
	assert_contains "$output" "known from the baseline"
	git ls-files --error-unmatch .stackgate-baseline.json
}

@test "README Baseline: 'baseline add --staged', as written, accepts what a blocked commit found" {
	install_hook pre-commit
	ts_vpc_good | write_file lib/net.ts
	commit_all 'net'
	ts_bucket_static | write_file lib/data.ts
	git add lib/data.ts
	before=$(head_or_none)
	run git commit -m 'bucket'
	assert_failure
	assert_equal "$(head_or_none)" "$before"

	run --separate-stderr bash -ec "$(readme_block 'stackgate baseline add --staged')"
	assert_status 0
	assert_contains "$stderr" "accepted lib/data.ts:2 [static-bucket-name] into the baseline"
	[ "$(head_or_none)" != "$before" ]
	git ls-files --error-unmatch .stackgate-baseline.json lib/data.ts
	# the next copy of it is new, and blocks again
	ts_bucket_static | write_file lib/data2.ts
	git add lib/data2.ts
	run git commit -m 'another'
	assert_failure
}
