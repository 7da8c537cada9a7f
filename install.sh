#!/bin/sh
# install.sh: build and install stackgate, wire its git hooks, try it once.
#
#   ./install.sh [--prefix DIR] [--repo DIR] [--server BARE_REPO]
#                [--contact TEXT] [--no-deps] [--hooks-only] [--husky-add]
#
# 1. installs the missing Debian packages (apt-get; via sudo when not root),
#    unless --no-deps or --hooks-only;
# 2. runs `make` and `make install PREFIX=...` in this script's directory,
#    unless --hooks-only (which wires the stackgate already on PATH);
# 3. wires the pre-commit hook into --repo DIR, or into the git work tree
#    the script is run from (not stackgate's own checkout), and the
#    pre-receive hook and a server stackgate.ini into --server BARE_REPO.
#    A hook that is already there is chained, never lost:
#    - a shell-script pre-commit hook gets a marked block, right after its
#      #! line, that runs stackgate first (the original is kept as
#      pre-commit.stackgate-backup). A block at the end could be skipped
#      by the hook's own `exit` or `exec`;
#    - any other hook (another language, a symlink, any pre-receive, whose
#      stdin must reach both) is moved to NAME.local, and stackgate's hook
#      runs it first, with the same arguments and input;
#    - a husky project (a tracked .husky/, husky in package.json's
#      dependencies, or a `prepare` script that runs husky) never gets a
#      .git/hooks copy: husky bypasses or regenerates it. The script prints
#      the line for .husky/pre-commit and .husky/pre-push (husky 5-9), or the
#      package.json "husky" hooks (husky 4); --husky-add adds them;
#    - a hook tracked by git (a committed hooks directory) is not edited:
#      editing it changes every clone. The script prints the one line to add;
#    - a server whose hooks directory has pre-receive.d/ (Gitea) gets
#      pre-receive.d/stackgate, and its own pre-receive is left alone.
# 4. runs stackgate once over the project's recent history and prints a
#    short summary of what it found.
# Exit: 0 installed (even when the demo finds problems), 1 failed, 2 usage.

set -eu

MARKER='# stackgate-hook'
BLOCK_BEGIN='# >>> stackgate >>> (added by install.sh; delete this block to unwire it)'
BLOCK_END='# <<< stackgate <<<'

usage() {
	cat <<'EOF'
usage: ./install.sh [options]

Builds stackgate, installs it under PREFIX, wires its git hooks and runs it once.

  --prefix DIR         install into DIR/bin and DIR/share/stackgate
                       (default: $PREFIX, else /usr/local)
  --repo DIR           install the pre-commit hook into the repository at DIR
                       (default: the git work tree you run this from, if any)
  --server BARE_REPO   install the pre-receive hook into BARE_REPO's hooks and
                       write BARE_REPO/stackgate.ini, the server's policy
                       (contact, limits, inline suppressions, emergency skip),
                       unless one is there
  --contact TEXT       who grants exceptions, for that stackgate.ini (named in
                       every rejection), e.g. 'platform-team@example.com'
  --no-deps            do not install Debian packages
  --hooks-only         no packages, no build, no install: wire the hooks for
                       the stackgate already on PATH (or $STACKGATE)
  --husky-add          in a husky project, add stackgate's line to
                       .husky/pre-commit and .husky/pre-push (husky 5-9), or
                       its hooks to package.json's "husky" section (husky 4),
                       instead of printing what to add; commit the change
  -h, --help           show this help

An existing hook is kept and chained. A shell-script pre-commit hook gets a
marked block that runs stackgate first (the original is saved next to it as
pre-commit.stackgate-backup); any other hook is moved to NAME.local and
stackgate's hook runs it first. A hook tracked by git is left alone: the
script prints the line to add. In a husky project (.husky/ tracked, husky in
package.json, or a prepare script running husky) nothing goes into
.git/hooks, which husky bypasses (5-9) or regenerates (4): the script prints
the lines for .husky/pre-commit and .husky/pre-push, or package.json's
"husky" hooks for husky 4; --husky-add adds them for you.
EOF
}

say() { printf 'install.sh: %s\n' "$*"; }
warn() { printf 'install.sh: warning: %s\n' "$*" >&2; }
die() { printf 'install.sh: error: %s\n' "$*" >&2; exit 1; }
usage_error() {
	printf 'install.sh: %s (see ./install.sh --help)\n' "$*" >&2
	exit 2
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Read-only git queries. As root in a repository someone else owns, git
# refuses with "dubious ownership"; these commands run nothing the
# repository configures, so the check is lifted for them alone.
g() { git -c safe.directory='*' "$@"; }

# Run a command as the owner of directory $1 when we are root and it is
# not: the build then stays writable by the person who ran `sudo
# ./install.sh` (so `make test` works afterwards), and libgit2 opens their
# repository (it refuses repositories owned by another user).
as_owner() {
	ao_dir=$1
	shift
	if ! is_root; then
		"$@"
		return
	fi
	ao_owner=$(stat -c %U "$ao_dir" 2>/dev/null) || ao_owner=root
	case "$ao_owner" in
	root | UNKNOWN | '') "$@" ;;
	*)
		if command -v sudo >/dev/null 2>&1; then
			sudo -H -u "$ao_owner" -- "$@"
		elif command -v runuser >/dev/null 2>&1; then
			ao_home=$(getent passwd "$ao_owner" | cut -d: -f6)
			runuser -u "$ao_owner" -- env HOME="${ao_home:-/tmp}" "$@"
		else
			"$@"
		fi
		;;
	esac
}

# Give a file we wrote as root the owner of the directory it is in.
match_owner() {
	if is_root; then
		chown --reference="$(dirname "$1")" "$1" 2>/dev/null || true
	fi
}

abspath() {
	case "$1" in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$PWD" "$1" ;;
	esac
}

# ---- options ---------------------------------------------------------------

prefix=${PREFIX:-/usr/local}
repo=
server=
contact=
deps=1
build=1
husky_add=0
while [ $# -gt 0 ]; do
	case "$1" in
	--prefix) [ $# -ge 2 ] || usage_error "--prefix needs a directory"; prefix=$2; shift ;;
	--prefix=*) prefix=${1#--prefix=} ;;
	--repo) [ $# -ge 2 ] || usage_error "--repo needs a directory"; repo=$2; shift ;;
	--repo=*) repo=${1#--repo=} ;;
	--server) [ $# -ge 2 ] || usage_error "--server needs a bare repository"; server=$2; shift ;;
	--server=*) server=${1#--server=} ;;
	--contact) [ $# -ge 2 ] || usage_error "--contact needs a text"; contact=$2; shift ;;
	--contact=*) contact=${1#--contact=} ;;
	--no-deps) deps=0 ;;
	--hooks-only) deps=0; build=0 ;;
	--husky-add) husky_add=1 ;;
	-h | --help) usage; exit 0 ;;
	*) usage_error "unknown option '$1'" ;;
	esac
	shift
done
[ -n "$prefix" ] || usage_error "--prefix must not be empty"
prefix=$(abspath "$prefix")
srcdir=$(cd "$(dirname "$0")" && pwd -P) || die "cannot find the script's directory"
case "$contact" in
*'
'*) usage_error "--contact must be one line" ;;
esac
if [ -n "$contact" ] && [ -z "$server" ]; then
	usage_error "--contact is for --server"
fi
if [ "$build" -eq 1 ]; then
	bin=$prefix/bin/stackgate
else
	bin=$(command -v "${STACKGATE:-stackgate}" 2>/dev/null) ||
		die "--hooks-only: no stackgate on PATH (install it first, or set STACKGATE=/path/to/stackgate)"
	bin=$(abspath "$bin")
fi

# Check the repositories before spending minutes on the build.
if [ -n "$repo" ]; then
	[ -d "$repo" ] || usage_error "--repo '$repo': no such directory"
	repo=$(cd "$repo" && pwd -P)
	if [ "$(g -C "$repo" rev-parse --is-bare-repository 2>/dev/null)" = true ]; then
		usage_error "--repo '$repo' is a bare repository: use --server for it"
	fi
	[ "$(g -C "$repo" rev-parse --is-inside-work-tree 2>/dev/null)" = true ] ||
		usage_error "--repo '$repo' is not a git work tree"
	repo=$(g -C "$repo" rev-parse --show-toplevel)
elif [ -z "$server" ] && command -v git >/dev/null 2>&1 &&
	[ "$(g rev-parse --is-inside-work-tree 2>/dev/null)" = true ]; then
	here=$(g rev-parse --show-toplevel)
	self=$(g -C "$srcdir" rev-parse --show-toplevel 2>/dev/null || true)
	if [ "$here" = "$self" ]; then
		say "not wiring a hook into stackgate's own checkout (its test fixtures are deliberately bad); use --repo DIR for a project"
	else
		repo=$here
	fi
fi
if [ -n "$server" ]; then
	[ -d "$server" ] || usage_error "--server '$server': no such directory"
	server=$(cd "$server" && pwd -P)
	server_gitdir=$(g -C "$server" rev-parse --absolute-git-dir 2>/dev/null) ||
		usage_error "--server '$server' is not a git repository"
	if [ "$(g -C "$server" rev-parse --is-bare-repository)" != true ]; then
		warn "'$server' is not a bare repository; the hook and stackgate.ini go into '$server_gitdir'"
	fi
fi

# ---- 1. Debian packages ----------------------------------------------------

as_root() {
	if is_root; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root for: $*; run as root (or install sudo), or pass --no-deps"
	fi
}

# Is Debian package $1 installed? A node/npm that came from elsewhere
# (e.g. NodeSource's nodejs, which bundles npm and conflicts with Debian's
# npm package) counts as present.
have_package() {
	case "$1" in
	npm) command -v npm >/dev/null 2>&1 && return 0 ;;
	nodejs) command -v node >/dev/null 2>&1 && return 0 ;;
	*) ;;
	esac
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

install_deps() {
	# Build and test dependencies (Debian bookworm names).
	set -- build-essential pkg-config libgit2-dev libtree-sitter-dev \
		libinih-dev libpcre2-dev libyaml-dev npm nodejs git ca-certificates \
		libcmocka-dev bats jq
	if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
		warn "not a Debian system: install these (or their equivalents) yourself, or pass --no-deps:"
		warn "  $*"
		return 0
	fi
	# Append the missing ones after the full list, then drop the full list.
	n=$#
	for p in "$@"; do
		have_package "$p" || set -- "$@" "$p"
	done
	shift "$n"
	if [ $# -eq 0 ]; then
		say "Debian packages: all present"
		return 0
	fi
	say "installing missing Debian packages: $*"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
		die "apt-get update failed"
	as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends "$@" ||
		die "apt-get install failed"
}

if [ "$deps" -eq 1 ]; then
	install_deps
fi

# ---- 2. build and install --------------------------------------------------

# First existing directory on the way to $1.
existing_parent() {
	ep=$1
	while [ ! -d "$ep" ]; do
		ep=$(dirname "$ep")
	done
	printf '%s\n' "$ep"
}

if [ "$build" -eq 1 ]; then
	say "building in $srcdir"
	as_owner "$srcdir" make -C "$srcdir" || die "make failed (see above)"

	say "installing into $prefix"
	if is_root || [ -w "$(existing_parent "$prefix")" ]; then
		make -C "$srcdir" install PREFIX="$prefix" || die "make install failed"
	elif command -v sudo >/dev/null 2>&1; then
		say "'$prefix' is not writable: using sudo for make install"
		sudo make -C "$srcdir" install PREFIX="$prefix" || die "make install failed"
	else
		die "cannot write to '$prefix': run as root or choose --prefix DIR"
	fi
	[ -x "$bin" ] || die "make install did not produce '$bin'"
else
	say "--hooks-only: wiring the hooks for $bin"
fi

# ---- 3. hooks --------------------------------------------------------------

# The installed hooks call "${STACKGATE:-stackgate}". When the stackgate
# that PATH finds is not the one just installed, the hooks we wire call the
# installed binary by its full path instead (STACKGATE still wins).
hook_default=stackgate
path_noted=0
choose_hook_default() {
	[ "$path_noted" -eq 0 ] || return 0
	path_noted=1
	found=$(command -v stackgate 2>/dev/null || true)
	[ "$found" != "$bin" ] || return 0
	case "$bin" in
	*[\"\$\`\\]*) warn "'$(dirname "$bin")' is not on PATH: set STACKGATE=$bin for the hooks" ;;
	*)
		hook_default=$bin
		say "note: '$(dirname "$bin")' is not first on PATH, so the hooks call $bin"
		;;
	esac
}

# Absolute hooks directory of a repository (honours core.hooksPath,
# e.g. husky's .husky/_; git prints it relative to the directory given).
hooks_dir() {
	hd=$(g -C "$1" rev-parse --git-path hooks) || return 1
	case "$hd" in
	/*) printf '%s\n' "$hd" ;;
	*) printf '%s/%s\n' "$1" "$hd" ;;
	esac
}

# How a hook line calls stackgate (the text of a shell word, unexpanded).
# shellcheck disable=SC2016
sg_call() {
	if [ "$hook_default" = stackgate ]; then
		printf '%s' '"${STACKGATE:-stackgate}"'
	else
		printf '"${STACKGATE:-%s}"' "$hook_default"
	fi
}

# The line to add to a hook we do not edit.
hook_line() {
	if [ "$hook_default" = stackgate ]; then
		printf 'stackgate %s || exit $?' "$1"
	else
		printf '"%s" %s || exit $?' "$hook_default" "$1"
	fi
}

# Is $1 a shell script (a #! line naming a POSIX-compatible shell)?
is_shell_script() {
	[ -f "$1" ] && [ ! -L "$1" ] || return 1
	iss_first=$(head -n 1 "$1" 2>/dev/null | tr -d '\r') || return 1
	case "$iss_first" in
	'#!'*) ;;
	*) return 1 ;;
	esac
	# shellcheck disable=SC2086 # split the #! line into its words
	set -- ${iss_first#??}
	[ $# -gt 0 ] || return 1
	iss_interp=${1##*/}
	if [ "$iss_interp" = env ]; then
		shift
		[ "${1:-}" != -S ] || shift
		iss_interp=${1:-}
		iss_interp=${iss_interp##*/}
	fi
	case "$iss_interp" in
	sh | bash | dash | ash | ksh | mksh | zsh | busybox) return 0 ;;
	esac
	return 1
}

# Is file $2 tracked by git in the work tree of repository $1?
is_tracked() {
	it_top=$(g -C "$1" rev-parse --show-toplevel 2>/dev/null) || return 1
	case "$2" in
	"$it_top"/*) ;;
	*) return 1 ;;
	esac
	g -C "$it_top" ls-files --error-unmatch -- "${2#"$it_top"/}" >/dev/null 2>&1
}

# write_our_hook NAME DST [CHAINED]: hooks/NAME into DST, calling the chosen
# binary; with CHAINED (a file name next to DST), our hook runs it first
# with the same arguments and the same stdin.
write_our_hook() {
	wh_name=$1
	wh_dst=$2
	wh_chain=${3:-}
	wh_tmp=$wh_dst.stackgate-tmp
	wh_esc=$(printf '%s\n' "$hook_default" | sed 's/[\\|&]/\\&/g')
	sed "s|\${STACKGATE:-stackgate}|\${STACKGATE:-$wh_esc}|g" \
		"$srcdir/hooks/$wh_name" >"$wh_tmp" || die "cannot write '$wh_tmp'"
	if [ -n "$wh_chain" ]; then
		wh_tmp2=$wh_dst.stackgate-tmp2
		chain_block "$wh_name" "$wh_chain" >"$wh_tmp2.block" || die "cannot write '$wh_tmp2.block'"
		# the block goes before the hook's first `if` (the binary check)
		awk -v blockfile="$wh_tmp2.block" '
			!done && /^if / {
				while ((getline l < blockfile) > 0) print l
				print ""
				done = 1
			}
			{ print }
		' "$wh_tmp" >"$wh_tmp2" || die "cannot write '$wh_tmp2'"
		rm -f "$wh_tmp2.block"
		mv -f "$wh_tmp2" "$wh_tmp"
	fi
	chmod 755 "$wh_tmp" || die "cannot chmod '$wh_tmp'"
	mv -f "$wh_tmp" "$wh_dst" || die "cannot write '$wh_dst'"
	match_owner "$wh_dst"
}

# chain_block NAME CHAINED: shell lines that run the moved hook first.
# shellcheck disable=SC2016 # they are written to the hook, unexpanded
chain_block() {
	echo "$BLOCK_BEGIN"
	echo "# The $1 hook that was here before, kept as $2, runs first."
	case "$1" in
	pre-receive | pre-push | post-receive | post-rewrite)
		# stdin (the ref lines) is read once: keep it for both.
		cat <<EOF
sg_input=\$(mktemp "\${TMPDIR:-/tmp}/stackgate-$1.XXXXXX") || exit 3
cat >"\$sg_input" || exit 3
"\$(dirname "\$0")/$2" "\$@" <"\$sg_input" || { sg_rc=\$?; rm -f "\$sg_input"; exit "\$sg_rc"; }
exec <"\$sg_input"
rm -f "\$sg_input"
EOF
		;;
	*)
		printf '"$(dirname "$0")/%s" "$@" || exit $?\n' "$2"
		;;
	esac
	echo "$BLOCK_END"
}

# insert_block NAME DST: put the marked block that runs stackgate right
# after the #! line of shell script DST, in place (mode and owner kept).
insert_block() {
	ib_name=$1
	ib_dst=$2
	ib_call=$(sg_call)
	ib_tmp=$ib_dst.stackgate-tmp
	{
		head -n 1 "$ib_dst"
		echo "$BLOCK_BEGIN"
		echo "# stackgate judges the staged Pulumi TypeScript; skip once: git commit --no-verify"
		echo "if command -v $ib_call >/dev/null 2>&1; then"
		echo "	$ib_call $ib_name || exit \$?"
		echo "else"
		echo "	echo \"stackgate: not found in PATH (set STACKGATE=/path/to/stackgate); blocking\" >&2"
		echo "	exit 3"
		echo "fi"
		echo "$BLOCK_END"
		tail -n +2 "$ib_dst"
	} >"$ib_tmp" || die "cannot write '$ib_tmp'"
	cat "$ib_tmp" >"$ib_dst" || die "cannot write '$ib_dst'"
	rm -f "$ib_tmp"
}

# A free name next to $1 for $1.SUFFIX.
free_name() {
	fn=$1.$2
	fn_n=1
	while [ -e "$fn" ] || [ -L "$fn" ]; do
		fn=$1.$2.$fn_n
		fn_n=$((fn_n + 1))
	done
	printf '%s\n' "$fn"
}

# install_hook NAME DIR REPO [FILE]: wire stackgate's NAME hook into hooks
# directory DIR of repository REPO, as DIR/FILE (default: DIR/NAME). Sets
# hook_wired to 1 when stackgate runs from the hook now, 0 when the user
# has a line to add.
install_hook() {
	hook_wired=0
	ih_name=$1
	ih_dir=$2
	ih_repo=$3
	ih_dst=$ih_dir/${4:-$1}
	choose_hook_default

	# husky 9: core.hooksPath = .husky/_, whose wrappers husky regenerates
	# and which run .husky/NAME; that file is the project's to edit.
	if [ "$(basename "$ih_dir")" = _ ] && [ "$(basename "$(dirname "$ih_dir")")" = .husky ]; then
		ih_user=$(dirname "$ih_dir")/$ih_name
		if [ -f "$ih_user" ] && grep -q "stackgate $ih_name" "$ih_user" 2>/dev/null; then
			say "husky: $ih_user already runs stackgate"
			hook_wired=1
			return 0
		fi
		say "husky manages the hooks here ($ih_dir is generated): not editing them."
		say "add this line to $ih_user (create it if needed) and commit it:"
		say "    $(hook_line "$ih_name")"
		return 0
	fi

	mkdir -p "$ih_dir" || die "cannot create '$ih_dir'"
	if [ ! -e "$ih_dst" ] && [ ! -L "$ih_dst" ]; then
		write_our_hook "$ih_name" "$ih_dst"
		say "installed the $ih_name hook: $ih_dst"
		hook_wired=1
		return 0
	fi
	if grep -qx "$MARKER" "$ih_dst" 2>/dev/null; then
		ih_chain=
		if grep -qxF "$BLOCK_BEGIN" "$ih_dst" 2>/dev/null; then
			# ours, chaining a moved hook: keep chaining it
			ih_chain=$(sed -n 's/^# The .* hook that was here before, kept as \(.*\), runs first\.$/\1/p' "$ih_dst" | head -n 1)
		fi
		write_our_hook "$ih_name" "$ih_dst" "$ih_chain"
		say "updated the $ih_name hook: $ih_dst${ih_chain:+ (still running $ih_chain first)}"
		hook_wired=1
		return 0
	fi
	if grep -qxF "$BLOCK_BEGIN" "$ih_dst" 2>/dev/null; then
		say "the $ih_name hook already runs stackgate (marked block): $ih_dst"
		hook_wired=1
		return 0
	fi
	if [ -n "$ih_repo" ] && is_tracked "$ih_repo" "$ih_dst"; then
		say "kept the existing $ih_name hook: $ih_dst is tracked by git, and editing it"
		say "changes the hook of everyone who clones the repository. Add this line to it"
		say "(near the top, before anything that exits) and commit it:"
		say "    $(hook_line "$ih_name")"
		return 0
	fi
	if [ "$ih_name" = pre-commit ] && is_shell_script "$ih_dst"; then
		ih_backup=$(free_name "$ih_dst" stackgate-backup)
		cp -p "$ih_dst" "$ih_backup" || die "cannot copy '$ih_dst' to '$ih_backup'"
		insert_block "$ih_name" "$ih_dst"
		say "chained with the existing $ih_name hook: added a marked block after its #! line"
		say "  that runs stackgate first ($ih_dst; the original is kept as $ih_backup)"
		hook_wired=1
		return 0
	fi
	ih_local=$(free_name "$ih_dst" local)
	mv "$ih_dst" "$ih_local" || die "cannot move '$ih_dst' to '$ih_local'"
	write_our_hook "$ih_name" "$ih_dst" "$(basename "$ih_local")"
	say "chained with the existing $ih_name hook: moved it to $ih_local;"
	say "  stackgate's hook ($ih_dst) runs it first, then stackgate"
	hook_wired=1
}

# ---- husky -----------------------------------------------------------------

# detect_husky REPO: is REPO a husky project, and which husky? Sets
# husky_major to the major version (4, 5, ... 9), "modern" when husky 5-9
# cannot be told apart, or "" when REPO does not use husky. A project counts
# before `npm install` too: husky in package.json's dependencies, a
# `prepare` script that runs husky, or a tracked .husky/ directory.
detect_husky() {
	husky_major=
	dh_repo=$1
	dh_pkg=$dh_repo/package.json
	dh_spec=
	dh_prepare=0
	dh_config=0
	if [ -f "$dh_pkg" ]; then
		if command -v node >/dev/null 2>&1; then
			dh_info=$(node -e '
				const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
				const deps = Object.assign({}, p.dependencies, p.devDependencies);
				const prep = (p.scripts && p.scripts.prepare) || "";
				console.log([deps.husky || "-", /\bhusky\b/.test(prep) ? 1 : 0,
					p.husky && p.husky.hooks ? 1 : 0].join(" "));
			' "$dh_pkg" 2>/dev/null) || dh_info="- 0 0"
			# three words (the function's arguments are not needed any more)
			# shellcheck disable=SC2086
			set -- $dh_info
			[ "$1" = - ] || dh_spec=$1
			dh_prepare=$2
			dh_config=$3
		else
			# no node: a rough look at the JSON text
			if grep -q '"husky"[[:space:]]*:[[:space:]]*"' "$dh_pkg"; then
				dh_spec=$(sed -n 's/.*"husky"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$dh_pkg" | head -n 1)
			fi
			grep -q '"prepare"[[:space:]]*:.*husky' "$dh_pkg" && dh_prepare=1
			grep -q '"husky"[[:space:]]*:[[:space:]]*{' "$dh_pkg" && dh_config=1
		fi
	fi
	if [ -z "$dh_spec" ] && [ "$dh_prepare" -eq 0 ] && [ "$dh_config" -eq 0 ] &&
		[ -z "$(g -C "$dh_repo" ls-files -- .husky 2>/dev/null | head -n 1)" ]; then
		return 0	# not a husky project (another package may still pull husky in)
	fi
	if [ -f "$dh_repo/node_modules/husky/package.json" ]; then
		# the husky npm installed decides
		husky_major=$(sed -n 's/^[[:space:]]*"version"[[:space:]]*:[[:space:]]*"\([0-9]*\)\..*/\1/p' \
			"$dh_repo/node_modules/husky/package.json" | head -n 1)
	fi
	if [ -z "$husky_major" ] && [ -n "$dh_spec" ]; then
		# "^4.3.8", "~9.1.7", ">=5", "4.x": the first number
		husky_major=$(printf '%s\n' "$dh_spec" | sed -n 's/^[^0-9]*\([0-9][0-9]*\).*/\1/p')
	fi
	if [ -z "$husky_major" ]; then
		if [ "$dh_config" -eq 1 ]; then
			husky_major=4
		else
			husky_major=modern
		fi
	fi
}

# The line a husky 5-9 hook file runs stackgate with.
# shellcheck disable=SC2016 # written to the hook, unexpanded
husky_line() {
	case "$1" in
	pre-push) hook_line 'pre-push "$@"' ;;
	*) hook_line "$1" ;;
	esac
}

# The command package.json's husky 4 hooks run (a shell command line;
# husky 4 passes pre-push's ref lines in HUSKY_GIT_STDIN, its arguments in
# HUSKY_GIT_PARAMS).
# shellcheck disable=SC2016 # written to package.json, unexpanded
husky4_command() {
	hc_bin=stackgate
	[ "$hook_default" = stackgate ] || hc_bin=$hook_default
	case "$1" in
	pre-push) printf '%s' "printf '%s\\n' \"\$HUSKY_GIT_STDIN\" | $hc_bin pre-push \$HUSKY_GIT_PARAMS" ;;
	*) printf '%s pre-commit' "$hc_bin" ;;
	esac
}

# add_husky_line FILE NAME: put stackgate's line into husky 5-9's hook FILE
# (created when missing), after its #! and husky.sh lines, before anything
# that could exit.
add_husky_line() {
	ahl_file=$1
	ahl_line=$(husky_line "$2")
	if [ ! -f "$ahl_file" ]; then
		mkdir -p "$(dirname "$ahl_file")" || die "cannot create '$(dirname "$ahl_file")'"
		if [ "$husky_major" != modern ] && [ "$husky_major" -lt 9 ] 2>/dev/null; then
			# husky 5-8 runs the file itself: it needs its header
			# shellcheck disable=SC2016
			printf '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\n' >"$ahl_file" ||
				die "cannot write '$ahl_file'"
		fi
		printf '%s\n' "$ahl_line" >>"$ahl_file" || die "cannot write '$ahl_file'"
		chmod 755 "$ahl_file"
		match_owner "$ahl_file"
		return 0
	fi
	awk -v line="$ahl_line" '
		!done && !/^#!/ && !/husky\.sh"?$/ && !/^[[:space:]]*$/ { print line; done = 1 }
		{ print }
		END { if (!done) print line }
	' "$ahl_file" >"$ahl_file.stackgate-tmp" || die "cannot write '$ahl_file.stackgate-tmp'"
	cat "$ahl_file.stackgate-tmp" >"$ahl_file" || die "cannot write '$ahl_file'"
	rm -f "$ahl_file.stackgate-tmp"
}

# wire_husky REPO: stackgate into a husky project's own hook definitions,
# never into .git/hooks (husky 5-9 point core.hooksPath elsewhere, husky 4
# rewrites .git/hooks on every npm install). Prints what it did or what to add.
wire_husky() {
	wh_repo=$1
	choose_hook_default
	if [ "$husky_major" = 4 ]; then
		wh_pkg=$wh_repo/package.json
		if grep -q 'stackgate pre-commit' "$wh_pkg" 2>/dev/null; then
			say "husky 4: package.json's husky hooks already run stackgate"
			hook_wired=1
			return 0
		fi
		if [ "$husky_add" -eq 1 ]; then
			command -v node >/dev/null 2>&1 || die "--husky-add for husky 4 needs node to edit package.json"
			node -e '
				const fs = require("fs");
				const [file, commit, push] = process.argv.slice(1);
				const text = fs.readFileSync(file, "utf8");
				const p = JSON.parse(text);
				p.husky = p.husky || {};
				p.husky.hooks = p.husky.hooks || {};
				const h = p.husky.hooks;
				h["pre-commit"] = h["pre-commit"] ? commit + " && " + h["pre-commit"] : commit;
				h["pre-push"] = h["pre-push"] ? push + " && " + h["pre-push"] : push;
				const indent = (text.match(/^[ \t]+/m) || ["  "])[0];
				fs.writeFileSync(file, JSON.stringify(p, null, indent) + "\n");
			' "$wh_pkg" "$(husky4_command pre-commit)" "$(husky4_command pre-push)" ||
				die "cannot edit '$wh_pkg'"
			say "husky 4: added stackgate to the \"husky\" hooks of $wh_pkg (pre-commit, pre-push);"
			say "  commit package.json. husky writes .git/hooks itself on npm install"
			hook_wired=1
			return 0
		fi
		say "husky 4 manages .git/hooks here (it rewrites them on every npm install): not editing them."
		say "add stackgate to the \"husky\" section of $wh_pkg and commit it"
		say "(or run again with --husky-add):"
		say '    "husky": { "hooks": {'
		say "      \"pre-commit\": \"$(husky4_command pre-commit | sed 's/["\\]/\\&/g')\","
		say "      \"pre-push\": \"$(husky4_command pre-push | sed 's/["\\]/\\&/g')\""
		say '    } }'
		say "(an existing command goes after it: \"$(husky4_command pre-commit) && lint-staged\")"
		return 0
	fi
	wh_missing=
	for wh_name in pre-commit pre-push; do
		wh_file=$wh_repo/.husky/$wh_name
		if [ -f "$wh_file" ] && grep -q "stackgate $wh_name" "$wh_file" 2>/dev/null; then
			say "husky: $wh_file already runs stackgate"
		elif [ "$husky_add" -eq 1 ]; then
			add_husky_line "$wh_file" "$wh_name"
			say "husky: added stackgate to $wh_file; commit it"
		else
			wh_missing="$wh_missing $wh_name"
		fi
	done
	case "$wh_missing" in
	*pre-commit*) ;;
	*) hook_wired=1 ;;
	esac
	[ -n "$wh_missing" ] || return 0
	say "husky manages the hooks here (core.hooksPath, .husky/_ is generated): not editing .git/hooks."
	say "add these lines (near the top, before anything that exits; create the files if needed)"
	say "and commit them, or run again with --husky-add:"
	for wh_name in $wh_missing; do
		say "    $(printf '%-19s' ".husky/$wh_name:") $(husky_line "$wh_name")"
	done
}

# The server's policy, written when the repository has none. It names only
# what a server decides; everything else comes from the built-in defaults.
write_server_ini() {
	wsi=$1
	{
		cat <<'EOF'
; stackgate.ini: this repository's server policy, read by the pre-receive
; hook (written by install.sh). It is layered over stackgate's built-in
; defaults key by key (PREFIX/share/stackgate/stackgate.ini lists them all,
; commented). It is the only configuration that counts for pushes: a
; .stackgate.ini in the pushed tree, the pusher's STACKGATE_CONFIG, SKIP and
; stackgate.enabled are ignored. Check it with:
;   stackgate rules --config stackgate.ini

[general]
; Who grants exceptions: named at the end of every rejection.
EOF
		printf 'contact = %s\n' "$contact"
		cat <<'EOF'

; Limits. Hitting one is never silent: the rejection says which limit, and
; what was and was not judged. on_limit = block refuses the push (exit 3);
; allow lets it through with a warning.
max_commits = 10000
max_file_bytes = 2m
; Milliseconds; 0: none. GitHub Enterprise Server gives all pre-receive
; hooks together 5 s: use 4000 there.
timeout_ms = 0
on_limit = block
; A scan that cannot complete (a missing or corrupt object): block or allow.
on_error = block

; Honour `// stackgate:ignore RULE -- reason` comments in pushed code.
; false: every finding counts on this server, whatever the comments say
; (a single rule can be made unsuppressible instead, see below).
allow_inline_ignore = true

; The emergency skip: git push -o stackgate.skip="reason" lets one push
; through unjudged when true (this repository also needs
; `git config receive.advertisePushOptions true`), for skip_users only
; (empty: anyone). The pusher is GL_USERNAME, GITHUB_USER_LOGIN,
; REMOTE_USER, GITEA_PUSHER_NAME or USER, the first that is set. Every
; skip is logged to the pusher and appended to audit_log.
allow_skip_option = false
skip_users =
audit_log =

; Per-rule policy, e.g.:
;   [rule "missing-env-suffix"]
;   severity = advisory          ; mandatory (blocks) | advisory | disabled
;   [rule "hardcoded-secret"]
;   allow_inline_ignore = false  ; no inline suppressions of this rule
;   exclude = test/**            ; paths where it does not apply
EOF
	} >"$wsi" || die "cannot write '$wsi'"
	chmod 644 "$wsi"
	match_owner "$wsi"
}

if [ -n "$repo" ]; then
	detect_husky "$repo"
	if [ -n "$husky_major" ]; then
		hook_wired=0
		wire_husky "$repo"
	else
		[ "$husky_add" -eq 0 ] || warn "--husky-add: '$repo' does not use husky; wiring .git/hooks"
		repo_hooks=$(hooks_dir "$repo") || die "cannot find the hooks directory of '$repo'"
		install_hook pre-commit "$repo_hooks" "$repo"
	fi
	if [ "$hook_wired" -eq 1 ]; then
		say "a commit there now runs stackgate; skip it once with: git commit --no-verify"
	fi
fi

if [ -n "$server" ]; then
	server_hooks=$(hooks_dir "$server") || die "cannot find the hooks directory of '$server'"
	if [ -L "$server_hooks" ]; then
		# e.g. GitLab's gitlab-shell: its hooks serve every repository
		warn "'$server_hooks' is a symbolic link (shared by other repositories?): not touching it."
		warn "put stackgate's pre-receive where your server runs per-repository hooks"
		warn "(GitLab: custom_hooks/pre-receive.d/, see the README); stackgate.ini still goes into '$server_gitdir'"
	else
		# A web server's CGI environment (git http-backend) may not have
		# PREFIX/bin on PATH: the server's hook calls the installed binary
		# by its absolute path, so no push is refused for want of PATH.
		choose_hook_default
		sv_default=$hook_default
		case "$bin" in
		/*[\"\$\`\\]*) warn "'$bin' cannot be written into the hook: set STACKGATE=$bin for it" ;;
		/*) hook_default=$bin ;;
		*) warn "'$bin' is not an absolute path: the server's hook looks for stackgate on PATH" ;;
		esac
		if [ -d "$server_hooks/pre-receive.d" ]; then
			# Gitea (and gitlab-shell's global hooks) run every executable in
			# pre-receive.d with the same input: join them, leave theirs alone.
			install_hook pre-receive "$server_hooks/pre-receive.d" '' stackgate
			say "(the platform's own hooks/pre-receive runs everything in pre-receive.d)"
		else
			install_hook pre-receive "$server_hooks" ''
		fi
		hook_default=$sv_default
	fi
	ini=$server_gitdir/stackgate.ini
	if [ -e "$ini" ]; then
		say "kept the existing server policy: $ini"
		[ -z "$contact" ] || warn "--contact not written: edit contact in $ini yourself"
	else
		write_server_ini "$ini"
		say "wrote the server policy: $ini"
		say "it is the only configuration that counts for pushes to this repository; edit it there"
		[ -n "$contact" ] || say "set contact = ... in it: rejections name whoever grants exceptions"
	fi
	if ! "$bin" rules --config "$ini" >/dev/null; then
		warn "stackgate cannot read '$ini' (see above): every push will be refused until it is fixed"
	fi
fi

# ---- 4. try it once --------------------------------------------------------

echo
rc=0
if [ -n "$repo" ]; then
	if ! g -C "$repo" rev-parse -q --verify HEAD >/dev/null; then
		set -- check --staged
	elif g -C "$repo" rev-parse -q --verify 'HEAD~20^{commit}' >/dev/null; then
		set -- check 'HEAD~20..HEAD'
	else
		# fewer than 21 commits: all of them, the root commit included
		set -- check --history
	fi
	say "trying it on the recent history of $repo:"
	say "  stackgate $*"
	# a summary, not the whole report: the first findings and the totals
	demo_out=$(mktemp "${TMPDIR:-/tmp}/stackgate-demo.XXXXXX") || die "cannot create a temporary file"
	(cd "$repo" && as_owner "$repo" "$bin" "$@" --color=never) >"$demo_out" 2>&1 || rc=$?
	grep -E '^[^ ].*:[0-9]+:[0-9]+: (error|warning):' "$demo_out" | head -n 3 | cut -c 1-160 |
		sed 's/^/install.sh:   /'
	demo_more=$(grep -cE '^[^ ].*:[0-9]+:[0-9]+: (error|warning):' "$demo_out" || true)
	[ "${demo_more:-0}" -le 3 ] || say "  ... and $((demo_more - 3)) more"
	grep -E '^stackgate: ([0-9]+ blocking|judged|scan incomplete|error|configuration error)' "$demo_out" |
		sed 's/^/install.sh:   /'
	rm -f "$demo_out"
	case "$rc" in
	0) say "nothing blocking there." ;;
	1)
		say "those findings are in commits already made; new commits with such lines will be refused."
		say "  the whole report: (cd $repo && stackgate $*)"
		say "  to accept them as known: stackgate baseline write, then commit .stackgate-baseline.json"
		;;
	esac
elif [ -f "$srcdir/examples/bad-stack.ts" ]; then
	say "trying it on a deliberately bad example in $srcdir (exit status 1 is expected):"
	say "  stackgate check --files examples/bad-stack.ts"
	(cd "$srcdir" && "$bin" check --files examples/bad-stack.ts) || rc=$?
	case "$rc" in
	0) warn "the example should have been refused: check the installation" ;;
	1) say "refused, as expected: that example is bad on purpose (examples/good-stack.ts is the fixed version)." ;;
	esac
fi
case "$rc" in
0 | 1) ;;
2) warn "stackgate reported a usage or configuration error (exit 2, see above)" ;;
3) warn "stackgate could not complete the scan (exit 3, see above)" ;;
*) die "stackgate did not run (exit $rc)" ;;
esac

echo
say "done: $bin"
