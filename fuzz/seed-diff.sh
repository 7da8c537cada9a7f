#!/bin/sh
# fuzz/seed-diff.sh DIR: write seeds for fuzz_diff into DIR (see
# fuzz_diff.c for the input format: FLAGS OLD 0xff NEW).
#
#   fixture-*   each rule fixture as a new version of itself without its
#               `// expect:` lines (the findings are then on added lines),
#               the old version judged whole first (FLAGS 2)
#   history-*   consecutive versions of the TypeScript files of the first
#               COMMITS (default 150) commits of the bench history
#               (bench/gen-history.py), as a range judges them (FLAGS 0)
#
# Run from anywhere; needs python3 and git (test tooling, not the product).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
commits=${COMMITS:-150}
mkdir -p "$dir"
sep=$(printf '\377')

find "$top/tests/fixtures" -type f \( -name '*.ts' -o -name '*.tsx' \) | while IFS= read -r f; do
	name=fixture-$(echo "${f#"$top"/}" | tr '/' '_')
	flags=$(printf '\002')
	case $f in *.tsx) flags=$(printf '\003') ;; esac
	{ printf '%s' "$flags"; grep -v '// expect:' "$f" || true; printf '%s' "$sep"; cat "$f"; } >"$dir/$name"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git init -q --bare "$tmp/h.git"
python3 "$top/bench/gen-history.py" --commits "$commits" | git -C "$tmp/h.git" fast-import --quiet
git -C "$tmp/h.git" rev-list --no-merges "n0..main" | while IFS= read -r c; do
	git -C "$tmp/h.git" diff-tree -r --no-renames --diff-filter=M "$c^" "$c" -- '*.ts' |
	while read -r _ _ old new _ path; do
		out=$dir/history-$(echo "$c" | cut -c1-8)-$(echo "$path" | tr '/' '_')
		{ printf '\000'; git -C "$tmp/h.git" cat-file blob "$old"; printf '%s' "$sep"
		  git -C "$tmp/h.git" cat-file blob "$new"; } >"$out"
	done
done
