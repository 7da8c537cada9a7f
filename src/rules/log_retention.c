/*
 * invalid-log-retention
 *
 * Risk: (to be written with the rule)
 *
 * Violating:  (example)
 * Compliant:  (example)
 *
 * Limits: not implemented yet; the rule reports nothing.
 */
#include "rules.h"

#define RULE "invalid-log-retention"

static const struct key_def keys[] = {
	{ NULL, K_LIST },
};

const struct rule_def rule_invalid_log_retention = {
	.id = RULE,
	.summary = "retentionInDays is not one of the values CloudWatch Logs accepts",
	.explain = "RetentionInDays is not one of the values CloudWatch Logs accepts.\n",
	.keys = keys,
};
