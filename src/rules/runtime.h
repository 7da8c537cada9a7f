#ifndef STACKGATE_RULES_RUNTIME_H
#define STACKGATE_RULES_RUNTIME_H

/*
 * Lambda runtime identifiers as the code spells them, shared by the
 * deprecated-runtime and sdk-v2-inline rules (both in rules/runtime.c and
 * rules/sdk_v2.c; the function lives in runtime.c).
 */

#include "rules/rules.h"

/*
 * The runtime id ("nodejs18.x") that `value` names: a string literal, a
 * template without substitutions, a member of aws.lambda.Runtime
 * (NodeJS18dX, Python3d9, Java8AL2, CustomAL2, Go1dx), or a legacy
 * aws.lambda.XRuntime constant (NodeJS12dXRuntime), directly or through
 * same-file consts. Puts the id into `id` (owned by the caller) and the
 * node that spells it into *lit. Returns 1 if the id is known, else 0.
 */
int lambda_runtime_id(struct ctx *c, TSNode value, struct buf *id, TSNode *lit);

/*
 * The runtime id for a member name of aws.lambda.Runtime ("NodeJS18dX" ->
 * "nodejs18.x", "CustomAL2" -> "provided.al2"); `id` is reset first.
 */
void lambda_runtime_from_member(struct buf *id, const char *member, size_t len);

#endif
