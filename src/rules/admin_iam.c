/*
 * admin-iam-policy
 *
 * Risk: (to be written with the rule)
 *
 * Violating:  (example)
 * Compliant:  (example)
 *
 * Limits: not implemented yet; the rule reports nothing.
 */
#include "rules.h"

#define RULE "admin-iam-policy"

static const struct key_def keys[] = {
	{ NULL, K_LIST },
};

const struct rule_def rule_admin_iam_policy = {
	.id = RULE,
	.summary = "an IAM policy allows every action on every resource",
	.explain = "An IAM policy allows every action on every resource.\n",
	.keys = keys,
};
