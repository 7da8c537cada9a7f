/*
 * open-admin-ingress
 *
 * Risk: (to be written with the rule)
 *
 * Violating:  (example)
 * Compliant:  (example)
 *
 * Limits: not implemented yet; the rule reports nothing.
 */
#include "rules.h"

#define RULE "open-admin-ingress"

static const struct key_def keys[] = {
	{ NULL, K_LIST },
};

const struct rule_def rule_open_admin_ingress = {
	.id = RULE,
	.summary = "security group ingress from anywhere to SSH, RDP or all ports",
	.explain = "Security group ingress from anywhere to SSH, RDP or all ports.\n",
	.keys = keys,
};
