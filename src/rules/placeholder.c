/*
 * placeholder-value
 *
 * Risk: (to be written with the rule)
 *
 * Violating:  (example)
 * Compliant:  (example)
 *
 * Limits: not implemented yet; the rule reports nothing.
 */
#include "rules.h"

#define RULE "placeholder-value"

static const struct key_def keys[] = {
	{ NULL, K_LIST },
};

const struct rule_def rule_placeholder_value = {
	.id = RULE,
	.summary = "a hardcoded e-mail subscription endpoint or an untagged/:latest container image",
	.explain = "A hardcoded e-mail subscription endpoint or an untagged/:latest container image.\n",
	.keys = keys,
};
