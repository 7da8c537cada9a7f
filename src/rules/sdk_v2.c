/*
 * sdk-v2-inline
 *
 * Risk: (to be written with the rule)
 *
 * Violating:  (example)
 * Compliant:  (example)
 *
 * Limits: not implemented yet; the rule reports nothing.
 */
#include "rules.h"

#define RULE "sdk-v2-inline"

static const struct key_def keys[] = {
	{ NULL, K_LIST },
};

const struct rule_def rule_sdk_v2_inline = {
	.id = RULE,
	.summary = "inline Lambda code requires aws-sdk (v2), which nodejs18.x and later do not ship",
	.explain = "Inline Lambda code requires aws-sdk (v2), which nodejs18.x and later do not ship.\n",
	.keys = keys,
};
