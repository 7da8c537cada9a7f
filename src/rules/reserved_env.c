/*
 * reserved-lambda-env
 *
 * Risk: (to be written with the rule)
 *
 * Violating:  (example)
 * Compliant:  (example)
 *
 * Limits: not implemented yet; the rule reports nothing.
 */
#include "rules.h"

#define RULE "reserved-lambda-env"

static const struct key_def keys[] = {
	{ NULL, K_LIST },
};

const struct rule_def rule_reserved_lambda_env = {
	.id = RULE,
	.summary = "a Lambda environment variable uses a key that AWS reserves (the deploy fails)",
	.explain = "A Lambda environment variable uses a key that AWS reserves (the deploy fails).\n",
	.keys = keys,
};
