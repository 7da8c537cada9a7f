/*
 * plaintext-stack-secret
 *
 * Risk: (to be written with the rule)
 *
 * Violating:  (example)
 * Compliant:  (example)
 *
 * Limits: not implemented yet; the rule reports nothing.
 */
#include "rules.h"

#define RULE "plaintext-stack-secret"

static const struct key_def keys[] = {
	{ NULL, K_LIST },
};

const struct rule_def rule_plaintext_stack_secret = {
	.id = RULE,
	.summary = "a secret-looking key in Pulumi.<stack>.yaml holds plaintext instead of secure: v1:...",
	.explain = "A secret-looking key in Pulumi.<stack>.yaml holds plaintext instead of secure: v1:....\n",
	.keys = keys,
};
