#!/bin/sh
# tests/soak.sh: concurrent pushes to one bare repository guarded by the
# pre-receive hook, on the local filesystem (no network).
#
#   sh tests/soak.sh            200 pushes, 20 at a time
#   SOAK_PUSHES=N SOAK_PARALLEL=P SOAK_BAD_EVERY=K SOAK_TIMEOUT=S sh tests/soak.sh
#
# Each push sends one new branch (its own commit on a shared base). Every
# K-th push (default 10) adds a hardcoded secret and must be rejected;
# the others must be accepted. Afterwards it checks that
#   - every push was judged (the hook's coverage line reached the pusher)
#     and ended as expected: accepted + rejected = pushes, refs to match;
#   - nothing stray is left in the bare repository: no quarantine
#     directories (objects/tmp_objdir-*), no *.lock, no temporary packs,
#     and `git fsck` is clean;
#   - no zombie or leftover git/stackgate process remains.
# Ends with "soak: N passed, M failed" (N pushes with the expected
# outcome; M unexpected outcomes plus failed checks). Exit 0 when M = 0.
#
# Bounded: each push has SOAK_PUSH_TIMEOUT seconds (default 120), the
# whole run SOAK_TIMEOUT seconds (default 900). Not part of `make test`.
# The binary: $STACKGATE_BIN (default build/stackgate); the hook is
# hooks/pre-receive of this checkout.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${STACKGATE_BIN:-$top/build/stackgate}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
pushes=${SOAK_PUSHES:-200}
parallel=${SOAK_PARALLEL:-20}
bad_every=${SOAK_BAD_EVERY:-10}
push_timeout=${SOAK_PUSH_TIMEOUT:-120}
total_timeout=${SOAK_TIMEOUT:-900}
secret='TempPassword123!'

if [ ! -x "$bin" ]; then
	echo "soak: $bin not found or not executable (make first)" >&2
	exit 2
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/sg-soak.XXXXXX")
root=$(cd "$root" && pwd -P)
trap 'rm -rf "$root"' EXIT
trap 'exit 130' INT TERM

# A clean environment: no outer hook's git variables, no user config.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
	GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_QUARANTINE_PATH GIT_COMMON_DIR \
	STACKGATE_CONFIG
HOME=$root/home
GIT_CONFIG_NOSYSTEM=1
GIT_TERMINAL_PROMPT=0
GIT_AUTHOR_NAME=soak GIT_AUTHOR_EMAIL=soak@example.com
GIT_COMMITTER_NAME=soak GIT_COMMITTER_EMAIL=soak@example.com
STACKGATE=$bin
LC_ALL=C
export HOME GIT_CONFIG_NOSYSTEM GIT_TERMINAL_PROMPT GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL STACKGATE LC_ALL
mkdir -p "$HOME" "$root/results"

server=$root/server.git
client=$root/client
git init -q --bare "$server"
git init -q "$client"
cp "$top/hooks/pre-receive" "$server/hooks/pre-receive"
chmod +x "$server/hooks/pre-receive"

# zombies and our processes before: only new ones count
zombies() {
	ps -eo stat=,comm= | awk '$1 ~ /^Z/ && $2 ~ /^(git|git-.*|stackgate|pre-receive|sh|timeout|valgrind.*)$/' | wc -l
}
zombies_before=$(zombies)

# ---- the client: a base commit and one branch per push ------------------
cd "$client" || exit 2
mkdir lib
cat >lib/net.ts <<'EOF'
import * as aws from '@pulumi/aws';
export const vpc = (environmentSuffix: string) => new aws.ec2.Vpc(`vpc-${environmentSuffix}`, { cidrBlock: '10.0.0.0/16' });
EOF
git add -A
git commit -q -m base
base=$(git rev-parse HEAD)
if ! git push -q "$server" HEAD:refs/heads/main >"$root/base-push.out" 2>&1; then
	cat "$root/base-push.out" >&2
	echo "soak: cannot push the base commit" >&2
	exit 2
fi

echo "soak: preparing $pushes branches (every ${bad_every}th carries a secret)"
i=1
bad_total=0
while [ "$i" -le "$pushes" ]; do
	n=$(printf '%03d' "$i")
	if [ $((i % bad_every)) -eq 0 ]; then
		expect=reject
		bad_total=$((bad_total + 1))
		content="import * as aws from '@pulumi/aws';
export const db$n = (environmentSuffix: string) => new aws.rds.Instance(\`db$n-\${environmentSuffix}\`, {
  engine: 'postgres', instanceClass: 'db.t3.small', allocatedStorage: 20,
  username: 'admin', password: '$secret' });"
	else
		expect=accept
		content="import * as aws from '@pulumi/aws';
export const q$n = (environmentSuffix: string) => new aws.sqs.Queue(\`q$n-\${environmentSuffix}\`);"
	fi
	blob=$(printf '%s\n' "$content" | git hash-object -w --stdin)
	GIT_INDEX_FILE=$root/index.tmp git read-tree "$base"
	GIT_INDEX_FILE=$root/index.tmp git update-index --add --cacheinfo "100644,$blob,lib/f$n.ts"
	tree=$(GIT_INDEX_FILE=$root/index.tmp git write-tree)
	commit=$(echo "push $n" | git commit-tree "$tree" -p "$base")
	git update-ref "refs/heads/p$n" "$commit"
	echo "$n $expect $commit" >>"$root/plan"
	i=$((i + 1))
done
rm -f "$root/index.tmp"

# ---- the pushes ------------------------------------------------------------
# one push: by path, so that no remote-tracking ref is shared between them
cat >"$root/push.sh" <<'EOF'
#!/bin/sh
n=$1
timeout "$SOAK_PUSH_TIMEOUT" git push --porcelain "$SOAK_SERVER" "refs/heads/p$n:refs/heads/p$n" \
	>"$SOAK_RESULTS/$n.out" 2>&1
echo $? >"$SOAK_RESULTS/$n.rc"
EOF
SOAK_PUSH_TIMEOUT=$push_timeout SOAK_SERVER=$server SOAK_RESULTS=$root/results
export SOAK_PUSH_TIMEOUT SOAK_SERVER SOAK_RESULTS

echo "soak: $pushes pushes, $parallel at a time, to $server"
start=$(date +%s)
cut -d' ' -f1 "$root/plan" |
	timeout "$total_timeout" xargs -P "$parallel" -n 1 sh "$root/push.sh"
xargs_rc=$?
elapsed=$(($(date +%s) - start))

# ---- the verdicts ----------------------------------------------------------
passed=0
failed=0
accepted=0
rejected=0
judged=0
fail() {
	failed=$((failed + 1))
	echo "soak: FAIL $*"
}
while read -r n expect commit; do
	rc=$(cat "$root/results/$n.rc" 2>/dev/null || echo none)
	out=$root/results/$n.out
	ref=$(git -C "$server" rev-parse -q --verify "refs/heads/p$n" 2>/dev/null || echo none)
	grep -q 'remote: stackgate: judged' "$out" 2>/dev/null && judged=$((judged + 1))
	if [ "$rc" = 0 ] && [ "$ref" = "$commit" ]; then
		accepted=$((accepted + 1))
		got=accept
	elif [ "$rc" != 0 ] && [ "$rc" != none ] && [ "$rc" != 124 ] && [ "$ref" = none ]; then
		rejected=$((rejected + 1))
		got=reject
	else
		got="unclear (push exit $rc, server ref $ref)"
	fi
	if [ "$got" = "$expect" ] && { [ "$expect" = accept ] ||
		grep -q 'remote: .*\[hardcoded-secret\]' "$out"; }; then
		passed=$((passed + 1))
	else
		fail "push $n: expected $expect, got $got"
		sed 's/^/    /' "$out" 2>/dev/null | head -12
	fi
done <"$root/plan"

[ "$xargs_rc" -eq 0 ] || [ "$xargs_rc" -eq 123 ] ||
	fail "the run did not finish (xargs exit $xargs_rc; $total_timeout s limit)"
[ "$judged" -eq "$pushes" ] ||
	fail "only $judged of $pushes pushes show the hook's coverage line"
[ $((accepted + rejected)) -eq "$pushes" ] ||
	fail "accepted $accepted + rejected $rejected != $pushes"
[ "$rejected" -eq "$bad_total" ] ||
	fail "rejected $rejected, expected $bad_total"
refs=$(git -C "$server" for-each-ref refs/heads/ | wc -l)
[ "$refs" -eq $((1 + pushes - bad_total)) ] ||
	fail "server has $refs branches, expected $((1 + pushes - bad_total))"

# nothing stray in the bare repository
stray=$(cd "$server" && find . \( -name 'tmp_objdir-*' -o -name '*.lock' -o -name 'tmp_pack_*' \
	-o -name 'tmp_idx_*' -o -name 'incoming-*' \) -print | head -20)
[ -z "$stray" ] || fail "stray files in the bare repository: $(echo "$stray" | tr '\n' ' ')"
git -C "$server" fsck --no-progress >"$root/fsck.out" 2>&1 ||
	fail "git fsck of the server: $(head -5 "$root/fsck.out" | tr '\n' ' ')"

# no zombies, nothing of ours still running
sleep 1
zombies_after=$(zombies)
[ "$zombies_after" -le "$zombies_before" ] ||
	fail "zombie processes: $zombies_before before, $zombies_after after: $(ps -eo pid=,ppid=,stat=,comm= | awk '$3 ~ /^Z/' | head -5 | tr '\n' ';')"
left=$(pgrep -af -- "$root" | head -5)
[ -z "$left" ] || fail "processes still running: $left"

echo "soak: $pushes pushes in ${elapsed}s: $accepted accepted, $rejected rejected (expected $((pushes - bad_total)) and $bad_total), $judged judged"
echo "soak: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
