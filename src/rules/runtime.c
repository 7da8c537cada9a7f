/*
 * deprecated-runtime
 *
 * Risk: (to be written with the rule)
 *
 * Violating:  (example)
 * Compliant:  (example)
 *
 * Limits: not implemented yet; the rule reports nothing.
 */
#include "rules.h"

#define RULE "deprecated-runtime"

static const struct key_def keys[] = {
	{ NULL, K_LIST },
};

const struct rule_def rule_deprecated_runtime = {
	.id = RULE,
	.summary = "a Lambda runtime that AWS has deprecated or will soon refuse to create",
	.explain = "A Lambda runtime that AWS has deprecated or will soon refuse to create.\n",
	.keys = keys,
};
