#!/bin/sh
# Multi-file fixtures for stackgate: projects of several files, judged as a
# commit that changes some of them (issue 14: values across files).
#
# A case is a directory tests/xfile/<case>/ holding
#   base/     the project before the change (committed first)
#   change/   an overlay: every file here replaces or adds the file of the
#             same path (committed, or staged, second)
#   delete    optional: paths (one a line) the change deletes
#   messages  optional: lines "PATH:LINE:TEXT": the message of the finding
#             reported at PATH:LINE must contain TEXT
# Expected findings are `// expect: RULE[,RULE...]` comments in the files of
# change/ (on the line the finding is reported at); annotations in base/
# count for nothing, and so do findings an inline stackgate:ignore
# suppresses. A case named good-* must have none, bad-* at least one.
#
# Each case runs twice, as two TAP tests:
#   range   base and change are two commits; `check HEAD~1..HEAD`
#   staged  base is committed, the change is in the index; `check --staged`
# and passes when the report is one JSON document that judged the change
# completely (a file, unless the change only deletes lines), the set of
# reported PATH:LINE:RULE equals the annotated set, the messages hold what
# `messages` asks, and the exit status is 1 when a mandatory finding is
# expected, 0 otherwise.
#
# Usage: tests/xfile/run.sh [CASE-DIR...]     (default: every case)
# Env:   STACKGATE_BIN  binary to test (default: <repo>/build/stackgate)
# Exits 0 when every test passed, 1 otherwise, 2 on a usage problem.

set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${STACKGATE_BIN:-"$repo/build/stackgate"}

command -v jq >/dev/null 2>&1 || { echo "xfile/run.sh: jq is required" >&2; exit 2; }
command -v git >/dev/null 2>&1 || { echo "xfile/run.sh: git is required" >&2; exit 2; }
case $bin in
    */*) [ -x "$bin" ] || { echo "xfile/run.sh: no executable '$bin'" >&2; exit 2; } ;;
    *) command -v "$bin" >/dev/null 2>&1 || { echo "xfile/run.sh: no '$bin' in PATH" >&2; exit 2; } ;;
esac
case $bin in
    /*) ;;
    */*) bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stackgate-xfile.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

if [ "$#" -gt 0 ]; then
    for d in "$@"; do
        (cd "$d" && pwd) || exit 2
    done >"$tmp/list"
else
    for d in "$here"/*/; do
        [ -d "$d/base" ] && (cd "$d" && pwd)
    done | LC_ALL=C sort >"$tmp/list"
fi
total=$(wc -l <"$tmp/list" | tr -d ' ')
[ "$total" -gt 0 ] || { echo "xfile/run.sh: no cases" >&2; exit 2; }
echo "1..$((total * 2))"

unset STACKGATE_CONFIG GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
STACKGATE_TODAY=${STACKGATE_TODAY:-2026-11-22}
export STACKGATE_TODAY
GIT_CONFIG_NOSYSTEM=1
HOME=$tmp
export GIT_CONFIG_NOSYSTEM HOME
git config --global user.name "xfile fixtures"
git config --global user.email "xfile@example.invalid"
git config --global init.defaultBranch main
git config --global core.hooksPath /dev/null

# The expected "PATH:LINE:RULE" of a case: annotations in change/.
expected() {
    (cd "$1/change" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) |
        while IFS= read -r f; do
            case $f in
                *.yaml | *.yml) mark='#' ;;
                *) mark='//' ;;
            esac
            awk -v mark="$mark" -v path="$f" '
                BEGIN { re = mark "[ \t]*expect:[ \t]*[A-Za-z0-9_,\t -]+[ \t]*$" }
                match($0, re) {
                    s = substr($0, RSTART + length(mark), RLENGTH - length(mark))
                    sub(/^[ \t]*expect:[ \t]*/, "", s)
                    k = split(s, rules, ",")
                    for (i = 1; i <= k; i++) {
                        r = rules[i]
                        gsub(/[ \t]/, "", r)
                        if (r != "") print path ":" NR ":" r
                    }
                }' "$1/change/$f"
        done | LC_ALL=C sort -u
}

# Build the case's repository in $tmp/repo: base committed, then the
# change applied to the work tree and, for `range`, committed.
setup() { # case mode
    rm -rf "$tmp/repo" && mkdir "$tmp/repo" || return 1
    cp -R "$1/base/." "$tmp/repo/" || return 1
    (
        cd "$tmp/repo" && git init -q . && git add -A && git commit -q -m base &&
            cp -R "$1/change/." . &&
            if [ -f "$1/delete" ]; then
                grep -v '^[[:space:]]*$' "$1/delete" | while IFS= read -r p; do
                    git rm -q -- "$p" || exit 1
                done
            fi &&
            git add -A &&
            if [ "$2" = range ]; then git commit -q -m change; fi
    )
}

n=0
failed=0
while IFS= read -r case; do
    name=${case#"$here"/}
    expected "$case" >"$tmp/expected"
    nexpect=$(wc -l <"$tmp/expected" | tr -d ' ')
    for mode in range staged; do
        n=$((n + 1))
        problems=$tmp/problems
        : >"$problems"
        case ${name##*/} in
            good-*)
                [ "$nexpect" -eq 0 ] ||
                    echo "# case error: a good-* case has expect annotations" >>"$problems" ;;
            bad-*)
                [ "$nexpect" -gt 0 ] ||
                    echo "# case error: a bad-* case has no expect annotations" >>"$problems" ;;
        esac
        if ! setup "$case" "$mode" >"$tmp/setup" 2>&1; then
            echo "# could not build the repository: $(head -3 "$tmp/setup" | tr '\n' ' ')" >>"$problems"
        fi
        if [ "$mode" = range ]; then
            set -- check HEAD~1..HEAD
        else
            set -- check --staged
        fi
        (cd "$tmp/repo" && "$bin" "$@" --format json --no-color) >"$tmp/out" 2>"$tmp/err"
        status=$?

        if jq -s -e 'length == 1 and (.[0].findings | type) == "array"
                     and (.[0].summary | type) == "object"' "$tmp/out" >/dev/null 2>&1; then
            jq -r '.findings[] | select(.suppressed | not) | "\(.path):\(.line):\(.rule)"' "$tmp/out" |
                LC_ALL=C sort -u >"$tmp/actual"
            # a change that only deletes lines has no file to judge
            if [ "$mode" = range ]; then
                adds=$(cd "$tmp/repo" && git diff --numstat HEAD~1 HEAD | awk '{ n += $1 } END { print n + 0 }')
            else
                adds=$(cd "$tmp/repo" && git diff --cached --numstat | awk '{ n += $1 } END { print n + 0 }')
            fi
            jq -e --argjson adds "$adds" \
                '(.summary.files >= 1 or $adds == 0) and (.summary.skipped // 0) == 0 and .summary.complete == true' \
                "$tmp/out" >/dev/null 2>&1 ||
                echo "# change not fully judged: summary $(jq -c .summary "$tmp/out")" >>"$problems"
        else
            : >"$tmp/actual"
            echo "# no JSON report on stdout" >>"$problems"
        fi

        want=0
        if [ "$nexpect" -gt 0 ] &&
            jq -e '[.findings[] | select(.severity == "mandatory")] | length > 0' \
                "$tmp/out" >/dev/null 2>&1; then
            want=1
        fi
        missing=$(LC_ALL=C comm -23 "$tmp/expected" "$tmp/actual" | tr '\n' ' ')
        unexpected=$(LC_ALL=C comm -13 "$tmp/expected" "$tmp/actual" | tr '\n' ' ')
        [ -z "$missing" ] || echo "# missing: $missing" >>"$problems"
        [ -z "$unexpected" ] || echo "# unexpected: $unexpected" >>"$problems"
        [ "$status" -eq "$want" ] || echo "# exit status: got $status, want $want" >>"$problems"

        if [ -f "$case/messages" ]; then
            grep -v '^[[:space:]]*$' "$case/messages" | while IFS= read -r m; do
                p=${m%%:*}
                rest=${m#*:}
                l=${rest%%:*}
                text=${rest#*:}
                jq -e --arg p "$p" --argjson l "$l" --arg t "$text" \
                    '[.findings[] | select(.path == $p and .line == $l and (.message | contains($t)))] | length > 0' \
                    "$tmp/out" >/dev/null 2>&1 ||
                    echo "# no finding at $p:$l whose message contains '$text'"
            done >>"$problems"
        fi

        if [ -s "$problems" ]; then
            failed=$((failed + 1))
            echo "not ok $n - $name ($mode)"
            cat "$problems"
            if [ -s "$tmp/err" ]; then
                sed -n '1,5s/^/# stderr: /p' "$tmp/err"
            fi
            jq -r '.findings[] | "# reported: \(.path):\(.line):\(.rule): \(.message)"' "$tmp/out" 2>/dev/null | head -5
        else
            echo "ok $n - $name ($mode)"
        fi
    done
done <"$tmp/list"

echo "xfile: $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
