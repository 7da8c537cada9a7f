/*
 * account-singleton
 *
 * Risk: (to be written with the rule)
 *
 * Violating:  (example)
 * Compliant:  (example)
 *
 * Limits: not implemented yet; the rule reports nothing.
 */
#include "rules.h"

#define RULE "account-singleton"

static const struct key_def keys[] = {
	{ NULL, K_LIST },
};

const struct rule_def rule_account_singleton = {
	.id = RULE,
	.summary = "a one-per-account resource in a per-environment stack fails in the second environment",
	.explain = "A one-per-account resource in a per-environment stack fails in the second environment.\n",
	.keys = keys,
};
