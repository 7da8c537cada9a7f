# helpers.bash: shared setup for stackgate's end-to-end tests (bats).
#
# Every test gets its own temporary directory ($TEST_ROOT) holding:
#   home/        HOME, so no user configuration can leak in
#   repo/        the client repository (cwd at the start of each test)
#   server.git/  a bare repository, created on demand by make_server
# Nothing is written outside it.
#
# The binary comes from $STACKGATE_BIN (default: build/stackgate of this
# checkout), made absolute; its directory goes first in PATH, because the
# hooks run "${STACKGATE:-stackgate}". The hooks are copied from hooks/ of
# this checkout ($STACKGATE_HOOKS_DIR overrides).

bats_require_minimum_version 1.5.0

SECRET='TempPassword123!'

setup() {
	local bin bindir

	# A suite started from inside a git hook must not judge that repo.
	unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
		GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_QUARANTINE_PATH GIT_COMMON_DIR \
		GIT_PREFIX GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT
	unset STACKGATE STACKGATE_CONFIG

	TEST_ROOT=$(mktemp -d "${BATS_TEST_TMPDIR:-${TMPDIR:-/tmp}}/sg.XXXXXX")
	TEST_ROOT=$(cd "$TEST_ROOT" && pwd -P)
	export TEST_ROOT

	export HOME="$TEST_ROOT/home"
	mkdir -p "$HOME"
	export GIT_CONFIG_NOSYSTEM=1
	export GIT_CEILING_DIRECTORIES="$TEST_ROOT"
	export GIT_TERMINAL_PROMPT=0
	export LC_ALL=C
	git config --global init.defaultBranch main
	git config --global user.name 'Stackgate Test'
	git config --global user.email 'test@example.com'
	git config --global commit.gpgsign false
	git config --global advice.detachedHead false

	bin=${STACKGATE_BIN:-$BATS_TEST_DIRNAME/../../build/stackgate}
	case $bin in /*) ;; *) bin="$PWD/$bin" ;; esac
	if [ ! -x "$bin" ]; then
		echo "stackgate binary not found or not executable: $bin" >&2
		echo "build it (make) or set STACKGATE_BIN" >&2
		return 1
	fi
	bindir=$(cd "$(dirname "$bin")" && pwd -P)
	STACKGATE_BIN="$bindir/$(basename "$bin")"
	export STACKGATE_BIN
	if [ "$(basename "$bin")" = stackgate ]; then
		PATH="$bindir:$PATH"
	else
		# The hooks look for "stackgate": give them that name.
		mkdir -p "$TEST_ROOT/bin"
		ln -s "$STACKGATE_BIN" "$TEST_ROOT/bin/stackgate"
		PATH="$TEST_ROOT/bin:$bindir:$PATH"
	fi
	export PATH

	HOOKS_SRC=${STACKGATE_HOOKS_DIR:-$BATS_TEST_DIRNAME/../../hooks}

	git -c init.defaultBranch=main init -q -b main "$TEST_ROOT/repo"
	cd "$TEST_ROOT/repo" || return 1
}

teardown() {
	cd / || true
	if [ -n "${TEST_ROOT:-}" ] && [ -d "$TEST_ROOT" ]; then
		rm -rf "$TEST_ROOT"
	fi
}

# ---- hooks and repositories -------------------------------------------------

# install_hook NAME [GIT_DIR]: copy hooks/NAME into GIT_DIR/hooks (default:
# the client repository's .git), executable.
install_hook() {
	local name=$1 gitdir=${2:-$TEST_ROOT/repo/.git}
	if [ ! -f "$HOOKS_SRC/$name" ]; then
		echo "hook not found: $HOOKS_SRC/$name" >&2
		return 1
	fi
	mkdir -p "$gitdir/hooks"
	cp "$HOOKS_SRC/$name" "$gitdir/hooks/$name"
	chmod +x "$gitdir/hooks/$name"
}

# make_server: a fresh bare repository $SERVER, added to the client as
# "origin". No hook installed; call install_hook pre-receive "$SERVER".
make_server() {
	SERVER="$TEST_ROOT/server.git"
	export SERVER
	git -c init.defaultBranch=main init -q --bare "$SERVER"
	git -C "$TEST_ROOT/repo" remote add origin "$SERVER"
}

# server_ref REF: the server's oid for REF, or "none".
server_ref() {
	git -C "$SERVER" rev-parse -q --verify "$1^{commit}" 2>/dev/null || echo none
}

# head_or_none: HEAD of the current repository, or "none" when unborn.
head_or_none() {
	git rev-parse -q --verify HEAD 2>/dev/null || echo none
}

# write_file PATH: write stdin to PATH, creating directories.
write_file() {
	mkdir -p "$(dirname "$1")"
	cat >"$1"
}

# commit_all MSG: stage everything and commit, bypassing any pre-commit hook
# (used to build history, not to test the hook).
commit_all() {
	git add -A
	git commit -q --no-verify -m "$1"
}

# ---- sample TypeScript ------------------------------------------------------

# A hardcoded password on line 4, column 32 (the opening quote).
ts_db_bad() {
	cat <<'EOF'
import * as aws from '@pulumi/aws';
export const db = (environmentSuffix: string) => new aws.rds.Instance(`db-${environmentSuffix}`, {
  engine: 'postgres', instanceClass: 'db.t3.small', allocatedStorage: 20,
  username: 'admin', password: 'TempPassword123!' });
EOF
}

# The same resource reading the password from Pulumi config (line 6).
ts_db_good() {
	cat <<'EOF'
import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';
const config = new pulumi.Config();
export const db = (environmentSuffix: string) => new aws.rds.Instance(`db-${environmentSuffix}`, {
  engine: 'postgres', instanceClass: 'db.t3.small', allocatedStorage: 20,
  username: 'admin', password: config.requireSecret('dbPassword') });
EOF
}

# A static bucket name on line 2.
ts_bucket_static() {
	cat <<'EOF'
import * as aws from '@pulumi/aws';
export const data = (environmentSuffix: string) => new aws.s3.Bucket(`data-${environmentSuffix}`, { bucket: 'my-app-data-bucket' });
EOF
}

# A physical name without the environment suffix on line 2 (a logical name
# alone is only unsuffixed-logical-name's advisory convention).
ts_vpc_nosuffix() {
	cat <<'EOF'
import * as aws from '@pulumi/aws';
export const sg = (environmentSuffix: string) => new aws.ec2.SecurityGroup(`sg-${environmentSuffix}`, { name: 'main-sg' });
EOF
}

ts_vpc_good() {
	cat <<'EOF'
import * as aws from '@pulumi/aws';
export const vpc = (environmentSuffix: string) => new aws.ec2.Vpc(`vpc-${environmentSuffix}`, { cidrBlock: '10.0.0.0/16' });
EOF
}

# ---- assertions (print what was seen when they fail) -----------------------

_show() {
	echo "status: $status"
	echo "output:"
	printf '%s\n' "$output"
	if [ -n "${stderr+x}" ]; then
		echo "stderr:"
		printf '%s\n' "$stderr"
	fi
}

assert_status() {
	if [ "$status" -ne "$1" ]; then
		echo "expected exit status $1"
		_show
		return 1
	fi
}

assert_failure() {
	if [ "$status" -eq 0 ]; then
		echo "expected a non-zero exit status"
		_show
		return 1
	fi
}

# assert_contains TEXT [NEEDLE]: fixed-string match.
assert_contains() {
	local text=$1 needle=$2
	case $text in
	*"$needle"*) return 0 ;;
	esac
	echo "expected to find: $needle"
	_show
	return 1
}

refute_contains() {
	local text=$1 needle=$2
	case $text in
	*"$needle"*)
		echo "expected NOT to find: $needle"
		_show
		return 1
		;;
	esac
	return 0
}

# assert_match TEXT ERE
assert_match() {
	if ! printf '%s\n' "$1" | grep -Eq -- "$2"; then
		echo "expected to match /$2/"
		_show
		return 1
	fi
}

refute_match() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		echo "expected NOT to match /$2/"
		_show
		return 1
	fi
}

assert_equal() {
	if [ "$1" != "$2" ]; then
		echo "expected '$2', got '$1'${3:+ ($3)}"
		return 1
	fi
}

# assert_no_secret_leak TEXT...: the sample secret never shows beyond its
# first three characters.
assert_no_secret_leak() {
	local t
	for t in "$@"; do
		refute_contains "$t" "$SECRET" || return 1
		refute_contains "$t" "TempP" || return 1
		refute_contains "$t" "Password123" || return 1
	done
}

# The coverage line every run prints on stderr. Most tests only need to
# know that the run reported what it covered; the exact contract wording
# ("stackgate: judged N commits, N files, N added lines") is asserted by
# the dedicated tests in cli.bats (COVERAGE_CONTRACT_RE).
COVERAGE_RE='stackgate: judged .*[0-9]+ files?, [0-9]+ (added )?lines?'
COVERAGE_CONTRACT_RE='^stackgate: judged [0-9]+ commits?, [0-9]+ files?, [0-9]+ added lines?(, [0-9]+ skipped)?$'

# coverage_re FILES LINES: a coverage line with these counts.
coverage_re() {
	printf 'stackgate: judged (.*[^0-9])?%s files?, %s (added )?lines?' "$1" "$2"
}

# ---- SARIF ------------------------------------------------------------------

SARIF_MULTITOOL_VERSION=5.7.0

# sarif_multitool: set SARIF_MT to Microsoft's SARIF Multitool, fetched once
# with `npm pack` into build/sarif-multitool/ of this checkout (never
# committed: build/ is ignored). Skips the test when npm or the registry
# cannot be reached; fails on any other problem.
sarif_multitool() {
	local cache tmp err realhome
	cache=$(cd "$BATS_TEST_DIRNAME/../.." && pwd -P)/build/sarif-multitool/$SARIF_MULTITOOL_VERSION
	SARIF_MT=$cache/package/Sarif.Multitool
	[ -x "$SARIF_MT" ] && return 0
	command -v npm >/dev/null 2>&1 || skip "npm is not installed: cannot fetch the SARIF Multitool"
	mkdir -p "$(dirname "$cache")"
	tmp=$(mktemp -d "$cache.tmp.XXXXXX")
	# npm with the user's own configuration (registry, proxy, cache)
	realhome=$(getent passwd "$(id -u)" | cut -d: -f6)
	if ! err=$(cd "$tmp" && HOME=${realhome:-$HOME} npm pack --silent \
		"@microsoft/sarif-multitool-linux@$SARIF_MULTITOOL_VERSION" 2>&1); then
		rm -rf "$tmp"
		if ! HOME=${realhome:-$HOME} npm ping >/dev/null 2>&1; then
			skip "the npm registry is unreachable: cannot fetch the SARIF Multitool"
		fi
		echo "npm pack @microsoft/sarif-multitool-linux@$SARIF_MULTITOOL_VERSION failed:"
		echo "$err"
		return 1
	fi
	tar -xzf "$tmp"/*.tgz -C "$tmp" || return 1
	chmod u+x "$tmp/package/Sarif.Multitool" || return 1
	mkdir -p "$cache"
	# another run may have won the race: keep its copy
	mv "$tmp/package" "$cache/package" 2>/dev/null || true
	rm -rf "$tmp"
	[ -x "$SARIF_MT" ]
}

# sarif_validate FILE: run the Multitool's validator; fail on any error.
# (Its exit status is 0 even when it reports errors, so the output is read.)
sarif_validate() {
	run env DOTNET_CLI_TELEMETRY_OPTOUT=1 "$SARIF_MT" validate "$1"
	if [ "$status" -ne 0 ] || ! printf '%s\n' "$output" | grep -q 'Analysis completed successfully' ||
		printf '%s\n' "$output" | grep -Eq '(: error [A-Z]+[0-9]+:|[Ee]xception|ERROR\(S\))'; then
		echo "SARIF Multitool validate $1 reported errors:"
		_show
		return 1
	fi
}

# assert_no_crash: the last `run` ended by exit, not by a signal, and
# printed no sanitizer or crash report.
assert_no_crash() {
	if [ "$status" -ge 128 ]; then
		echo "crashed: exit status $status (signal $((status - 128)))"
		_show
		return 1
	fi
	refute_match "$output${stderr:-}" 'runtime error:|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|Segmentation fault|core dumped|Assertion .* failed' || return 1
}
