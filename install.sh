#!/bin/sh
# install.sh: build and install stackgate, wire its git hook, try it once.
#
#   ./install.sh [--prefix DIR] [--repo DIR] [--server BARE_REPO] [--no-deps]
#
# 1. installs the missing Debian packages (apt-get; via sudo when not root),
#    unless --no-deps;
# 2. runs `make` and `make install PREFIX=...` in this script's directory;
# 3. wires the pre-commit hook into --repo DIR, or into the git work tree
#    the script is run from (not stackgate's own checkout), and the
#    pre-receive hook into --server BARE_REPO; an existing hook that is not
#    stackgate's is never overwritten;
# 4. runs stackgate once and shows what it reports.
# Exit: 0 installed (even when the demo finds problems), 1 failed, 2 usage.

set -eu

MARKER='# stackgate-hook'

usage() {
	cat <<'EOF'
usage: ./install.sh [options]

Builds stackgate, installs it under PREFIX, wires its git hook and runs it once.

  --prefix DIR         install into DIR/bin and DIR/share/stackgate
                       (default: $PREFIX, else /usr/local)
  --repo DIR           install the pre-commit hook into the repository at DIR
                       (default: the git work tree you run this from, if any)
  --server BARE_REPO   install the pre-receive hook into BARE_REPO/hooks and
                       BARE_REPO/stackgate.ini (the server's policy) if absent
  --no-deps            do not install Debian packages
  -h, --help           show this help

An existing hook that is not stackgate's is left alone; the script says
which line to add to it instead.
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
deps=1
while [ $# -gt 0 ]; do
	case "$1" in
	--prefix) [ $# -ge 2 ] || usage_error "--prefix needs a directory"; prefix=$2; shift ;;
	--prefix=*) prefix=${1#--prefix=} ;;
	--repo) [ $# -ge 2 ] || usage_error "--repo needs a directory"; repo=$2; shift ;;
	--repo=*) repo=${1#--repo=} ;;
	--server) [ $# -ge 2 ] || usage_error "--server needs a bare repository"; server=$2; shift ;;
	--server=*) server=${1#--server=} ;;
	--no-deps) deps=0 ;;
	-h | --help) usage; exit 0 ;;
	*) usage_error "unknown option '$1'" ;;
	esac
	shift
done
[ -n "$prefix" ] || usage_error "--prefix must not be empty"
prefix=$(abspath "$prefix")
srcdir=$(cd "$(dirname "$0")" && pwd -P) || die "cannot find the script's directory"
bin=$prefix/bin/stackgate

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
		libinih-dev libpcre2-dev npm nodejs git ca-certificates \
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

say "building in $srcdir"
as_owner "$srcdir" make -C "$srcdir" || die "make failed (see above)"

# First existing directory on the way to $1.
existing_parent() {
	ep=$1
	while [ ! -d "$ep" ]; do
		ep=$(dirname "$ep")
	done
	printf '%s\n' "$ep"
}

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

# ---- 3. hooks --------------------------------------------------------------

# The installed hooks call "${STACKGATE:-stackgate}". When the stackgate
# that PATH finds is not the one just installed, the copies we wire call
# the installed binary by its full path instead (STACKGATE still wins).
hook_default=stackgate
path_noted=0
choose_hook_default() {
	[ "$path_noted" -eq 0 ] || return 0
	path_noted=1
	found=$(command -v stackgate 2>/dev/null || true)
	[ "$found" != "$bin" ] || return 0
	case "$bin" in
	*[\"\$\`\\]*) warn "'$prefix/bin' is not on PATH: set STACKGATE=$bin for the hooks" ;;
	*)
		hook_default=$bin
		say "note: '$prefix/bin' is not first on PATH, so the hook calls $bin"
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

# install_hook NAME DIR: put hooks/NAME into hooks directory DIR, unless a
# hook that is not stackgate's is there already. Sets hook_wired to 1 when
# stackgate's hook is in place, 0 when a foreign one was kept.
install_hook() {
	hook_wired=0
	ih_name=$1
	ih_dir=$2
	ih_dst=$ih_dir/$ih_name
	choose_hook_default
	ih_call=stackgate
	[ "$hook_default" = stackgate ] || ih_call="\"$hook_default\""
	if [ -e "$ih_dst" ] || [ -L "$ih_dst" ]; then
		if ! grep -qx "$MARKER" "$ih_dst" 2>/dev/null; then
			say "kept the existing $ih_name hook, which is not stackgate's: $ih_dst"
			sed -n '1,15s/^/    | /p' "$ih_dst" 2>/dev/null || true
			if [ "$(basename "$ih_dir")" = _ ] && [ "$(basename "$(dirname "$ih_dir")")" = .husky ]; then
				say "this is husky's generated wrapper; add the line below to $(dirname "$ih_dir")/$ih_name instead:"
			else
				say "to chain stackgate, add this line to it (before it exits):"
			fi
			if [ "$ih_name" = pre-receive ]; then
				# The ref lines on stdin can be read only once.
				say "    printf '%s\\n' \"\$input\" | $ih_call pre-receive || exit \$?"
				say "  having saved its stdin first with: input=\$(cat)"
			else
				say "    $ih_call $ih_name || exit \$?"
			fi
			return 0
		fi
		ih_verb=replaced
	else
		ih_verb=installed
	fi
	mkdir -p "$ih_dir" || die "cannot create '$ih_dir'"
	ih_esc=$(printf '%s\n' "$hook_default" | sed 's/[\\|&]/\\&/g')
	ih_tmp=$ih_dst.stackgate-tmp
	sed "s|\${STACKGATE:-stackgate}|\${STACKGATE:-$ih_esc}|g" \
		"$srcdir/hooks/$ih_name" >"$ih_tmp" || die "cannot write '$ih_tmp'"
	chmod 755 "$ih_tmp" || die "cannot chmod '$ih_tmp'"
	mv -f "$ih_tmp" "$ih_dst" || die "cannot write '$ih_dst'"
	match_owner "$ih_dst"
	say "$ih_verb the $ih_name hook: $ih_dst"
	hook_wired=1
}

if [ -n "$repo" ]; then
	repo_hooks=$(hooks_dir "$repo") || die "cannot find the hooks directory of '$repo'"
	install_hook pre-commit "$repo_hooks"
	if [ "$hook_wired" -eq 1 ]; then
		say "a commit there now runs stackgate; skip it once with: git commit --no-verify"
	fi
fi

if [ -n "$server" ]; then
	server_hooks=$(hooks_dir "$server") || die "cannot find the hooks directory of '$server'"
	install_hook pre-receive "$server_hooks"
	ini=$server_gitdir/stackgate.ini
	if [ -e "$ini" ]; then
		say "kept the existing server policy: $ini"
	elif [ -f "$srcdir/config/stackgate.ini" ]; then
		cp "$srcdir/config/stackgate.ini" "$ini" || die "cannot write '$ini'"
		chmod 644 "$ini"
		match_owner "$ini"
		say "wrote the server policy (the documented defaults): $ini"
		say "it is the only configuration that counts for pushes to this repository; edit it there"
	else
		warn "no config/stackgate.ini to copy; pushes are judged by the embedded defaults"
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
		# Fewer than 21 commits: every commit, i.e. each root commit itself
		# and everything after it.
		set -- check
		while IFS= read -r root; do
			[ -z "$root" ] || set -- "$@" "$root" "$root..HEAD"
		done <<EOF
$(g -C "$repo" rev-list --max-parents=0 --abbrev-commit HEAD)
EOF
	fi
	say "trying it on the recent history of $repo:"
	say "  stackgate $*"
	(cd "$repo" && as_owner "$repo" "$bin" "$@") || rc=$?
	case "$rc" in
	0) say "nothing blocking there." ;;
	1) say "the findings above are in commits already made; new commits with such lines will be refused." ;;
	esac
else
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
