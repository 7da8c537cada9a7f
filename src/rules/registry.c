/* The rule table: every rule the analysis runs, in report order. */
#include "rules/registry.h"

extern const struct rule_def rule_hardcoded_secret;
extern const struct rule_def rule_static_bucket_name;
extern const struct rule_def rule_missing_env_suffix;

const struct rule_def *const rule_defs[RULE__COUNT] = {
	[RULE_HARDCODED_SECRET] = &rule_hardcoded_secret,
	[RULE_STATIC_BUCKET_NAME] = &rule_static_bucket_name,
	[RULE_MISSING_ENV_SUFFIX] = &rule_missing_env_suffix,
};
