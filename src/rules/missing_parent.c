/*
 * missing-parent
 *
 * Risk: (to be written with the rule)
 *
 * Violating:  (example)
 * Compliant:  (example)
 *
 * Limits: not implemented yet; the rule reports nothing.
 */
#include "rules.h"

#define RULE "missing-parent"

static const struct key_def keys[] = {
	{ NULL, K_LIST },
};

const struct rule_def rule_missing_parent = {
	.id = RULE,
	.summary = "a resource created inside a ComponentResource without { parent: this }",
	.explain = "A resource created inside a ComponentResource without { parent: this }.\n",
	.keys = keys,
};
