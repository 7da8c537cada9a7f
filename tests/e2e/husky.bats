#!/usr/bin/env bats
# husky, installed with npm as a project would, wired with install.sh in
# both orders (install.sh before and after `npm install`), then a real
# `git commit` of a bad stack that must be refused, and a push.
#
# npm fetches husky 9 and husky 4 once per file (setup_file) into a cache
# of this file's own; each test installs from it offline-first. Without npm
# or the registry the tests skip.

load helpers

HUSKY9=9.1.7
HUSKY4=4.3.8

setup_file() {
	local realhome
	export NPM_CACHE="$BATS_FILE_TMPDIR/npm-cache"
	HUSKY_SKIP_REASON=
	if ! command -v npm >/dev/null 2>&1; then
		export HUSKY_SKIP_REASON="npm is not installed"
		return 0
	fi
	realhome=$(getent passwd "$(id -u)" | cut -d: -f6)
	mkdir -p "$BATS_FILE_TMPDIR/warm"
	# the user's npm configuration (registry, proxy), a cache of our own
	if ! (cd "$BATS_FILE_TMPDIR/warm" && git init -q . && printf '{"name":"warm","version":"1.0.0"}\n' >package.json &&
		HOME=${realhome:-$HOME} timeout 300 npm install --cache "$NPM_CACHE" --no-audit --no-fund \
			--ignore-scripts "husky4@npm:husky@$HUSKY4" "husky@$HUSKY9" >"$BATS_FILE_TMPDIR/npm.log" 2>&1); then
		if ! HOME=${realhome:-$HOME} timeout 60 npm ping >/dev/null 2>&1; then
			export HUSKY_SKIP_REASON="the npm registry is unreachable"
			return 0
		fi
		cat "$BATS_FILE_TMPDIR/npm.log" >&2
		return 1
	fi
	export NPM_USERCONFIG="$realhome/.npmrc"
	export HUSKY_SKIP_REASON
}

# husky_project MAJOR: the client repository as a husky project before
# `npm install`: package.json with husky as a dev dependency, committed.
# husky 9 also has its `prepare` script and a tracked .husky/pre-commit.
husky_project() {
	[ -z "$HUSKY_SKIP_REASON" ] || skip "$HUSKY_SKIP_REASON"
	if [ "$1" = 9 ]; then
		cat >package.json <<EOF
{
  "name": "infra",
  "version": "1.0.0",
  "private": true,
  "scripts": {
    "prepare": "husky"
  },
  "devDependencies": {
    "husky": "$HUSKY9"
  }
}
EOF
		mkdir -p .husky
		echo 'echo lint-ok' >.husky/pre-commit
	else
		cat >package.json <<EOF
{
  "name": "infra",
  "version": "1.0.0",
  "private": true,
  "devDependencies": {
    "husky": "$HUSKY4"
  },
  "husky": {
    "hooks": {
      "pre-commit": "echo lint-ok"
    }
  }
}
EOF
	fi
	echo node_modules/ >.gitignore
	ts_vpc_good | write_file lib/net.ts
	commit_all 'project'
}

# npm_install: `npm install` in the client repository, offline-first from
# the file's cache (husky's own install scripts run, as in a project).
npm_install() {
	# husky 4 skips its install on CI unless told otherwise
	run env -u CI HUSKY_IGNORE_CI=true timeout 300 npm install --cache "$NPM_CACHE" \
		--userconfig "$NPM_USERCONFIG" --prefer-offline \
		--no-audit --no-fund
	assert_status 0
}

# wire ARGS...: install.sh, hooks only, for this repository.
wire() {
	run --separate-stderr sh "$BATS_TEST_DIRNAME/../../install.sh" --hooks-only --repo . "$@"
	assert_status 0
}

# commit_bad_is_refused: a fixed bucket name must not be committed.
commit_bad_is_refused() {
	local before
	ts_bucket_static | write_file lib/data.ts
	git add lib/data.ts
	before=$(head_or_none)
	run git commit -m 'add bucket'
	assert_failure
	assert_contains "$output" "lib/data.ts:2:"
	assert_contains "$output" "[static-bucket-name]"
	assert_equal "$(head_or_none)" "$before" "HEAD moved: the bad commit went through"
	git reset -q lib/data.ts
	rm lib/data.ts
}

# the project's own hook still runs
commit_good_runs_project_hook() {
	echo 'export const n = 1;' | write_file lib/n.ts
	git add lib/n.ts
	run git commit -m 'n'
	assert_status 0
	assert_contains "$output" "lint-ok"
}

@test "husky 9, install.sh before npm install: no .git/hooks copy, the printed lines block the commit" {
	husky_project 9
	wire
	assert_contains "$output" "husky"
	assert_contains "$output" '.husky/pre-commit:  stackgate pre-commit || exit $?'
	assert_contains "$output" '.husky/pre-push:    stackgate pre-push "$@" || exit $?'
	[ ! -e .git/hooks/pre-commit ]
	# what the user does with the printed lines
	printf '%s\n' "$output" | sed -n 's/^install\.sh:     \.husky\/pre-commit:  //p' >>.husky/pre-commit
	printf '%s\n' "$output" | sed -n 's/^install\.sh:     \.husky\/pre-push:    //p' >.husky/pre-push
	git add .husky
	git commit -q --no-verify -m 'stackgate in husky'
	npm_install
	assert_equal "$(git config core.hooksPath)" .husky/_
	commit_bad_is_refused
	commit_good_runs_project_hook

	# pre-push through husky's wrapper: the ref lines reach stackgate
	make_server
	ts_db_bad | write_file lib/db.ts
	commit_all 'db'
	run git push origin main
	assert_failure
	assert_contains "$output" "lib/db.ts:4:32: error:"
	assert_equal "$(server_ref refs/heads/main)" none
}

@test "husky 9, install.sh --husky-add after npm install: .husky/ files edited, the commit is blocked" {
	husky_project 9
	npm_install
	wire --husky-add
	assert_contains "$output" "added stackgate to"
	[ ! -e .git/hooks/pre-commit ]
	assert_equal "$(head -n 1 .husky/pre-commit)" 'stackgate pre-commit || exit $?'
	assert_contains "$(cat .husky/pre-commit)" "echo lint-ok"
	[ -f .husky/pre-push ]
	git add .husky
	git commit -q --no-verify -m 'stackgate in husky'
	commit_bad_is_refused
	commit_good_runs_project_hook
	# wiring again changes nothing
	wire --husky-add
	assert_contains "$output" "already runs stackgate"
	assert_equal "$(grep -c stackgate .husky/pre-commit)" 1
}

@test "husky 4, install.sh --husky-add before npm install: package.json's hooks, kept across npm install" {
	husky_project 4
	wire --husky-add
	assert_contains "$output" "husky 4"
	[ ! -e .git/hooks/pre-commit ]
	run node -e 'const p = require("./package.json"); console.log(p.husky.hooks["pre-commit"]);'
	assert_equal "$output" "stackgate pre-commit && echo lint-ok"
	git add package.json
	git commit -q --no-verify -m 'stackgate in husky'
	npm_install
	grep -q '# husky' .git/hooks/pre-commit
	commit_bad_is_refused
	commit_good_runs_project_hook
	# husky 4 rewrites .git/hooks on every install: stackgate stays wired
	npm_install
	run env -u CI HUSKY_IGNORE_CI=true timeout 120 npm rebuild husky --cache "$NPM_CACHE" --userconfig "$NPM_USERCONFIG"
	assert_status 0
	commit_bad_is_refused

	# pre-push: husky 4 hands the ref lines over in HUSKY_GIT_STDIN
	make_server
	ts_db_bad | write_file lib/db.ts
	commit_all 'db'
	run git push origin main
	assert_failure
	assert_contains "$output" "lib/db.ts:4:32: error:"
	assert_equal "$(server_ref refs/heads/main)" none
}

@test "husky 4, install.sh after npm install: prints the package.json hooks, never edits husky's .git/hooks" {
	husky_project 4
	npm_install
	cp .git/hooks/pre-commit "$TEST_ROOT/husky-hook"
	wire
	assert_contains "$output" "husky 4"
	assert_contains "$output" '"pre-commit": "stackgate pre-commit"'
	cmp .git/hooks/pre-commit "$TEST_ROOT/husky-hook"
	# as printed, in front of the project's own command
	node -e '
		const fs = require("fs"); const p = require("./package.json");
		p.husky.hooks["pre-commit"] = "stackgate pre-commit && " + p.husky.hooks["pre-commit"];
		fs.writeFileSync("package.json", JSON.stringify(p, null, 2) + "\n");'
	git add package.json
	git commit -q --no-verify -m 'stackgate in husky'
	commit_bad_is_refused
	commit_good_runs_project_hook
}

@test "not a husky project: --husky-add warns and the hook goes into .git/hooks" {
	[ -z "$HUSKY_SKIP_REASON" ] || skip "$HUSKY_SKIP_REASON"
	printf '{"name":"plain","version":"1.0.0"}\n' >package.json
	commit_all 'plain'
	# husky pulled in by another package does not make it a husky project
	mkdir -p node_modules/husky
	printf '{"name":"husky","version":"4.3.8"}\n' >node_modules/husky/package.json
	wire --husky-add
	assert_contains "$stderr" "does not use husky"
	grep -q stackgate .git/hooks/pre-commit
	commit_bad_is_refused
}
