/*
 * nondeterministic-name
 *
 * Risk: (to be written with the rule)
 *
 * Violating:  (example)
 * Compliant:  (example)
 *
 * Limits: not implemented yet; the rule reports nothing.
 */
#include "rules.h"

#define RULE "nondeterministic-name"

static const struct key_def keys[] = {
	{ NULL, K_LIST },
};

const struct rule_def rule_nondeterministic_name = {
	.id = RULE,
	.summary = "a name built from Date.now(), Math.random() and the like changes on every deploy",
	.explain = "A name built from Date.now(), Math.random() and the like changes on every deploy.\n",
	.keys = keys,
};
