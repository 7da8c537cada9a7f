/* The rule table: every rule the analysis runs, in report order. */
#include "rules/registry.h"

extern const struct rule_def rule_hardcoded_secret;
extern const struct rule_def rule_static_bucket_name;
extern const struct rule_def rule_missing_env_suffix;
extern const struct rule_def rule_unsuffixed_logical_name;
extern const struct rule_def rule_deprecated_runtime;
extern const struct rule_def rule_nondeterministic_name;
extern const struct rule_def rule_plaintext_stack_secret;
extern const struct rule_def rule_reserved_lambda_env;
extern const struct rule_def rule_invalid_log_retention;
extern const struct rule_def rule_public_bucket_acl;
extern const struct rule_def rule_open_admin_ingress;
extern const struct rule_def rule_admin_iam_policy;
extern const struct rule_def rule_missing_parent;
extern const struct rule_def rule_static_snapshot_id;
extern const struct rule_def rule_account_singleton;
extern const struct rule_def rule_sdk_v2_inline;
extern const struct rule_def rule_placeholder_value;
extern const struct rule_def rule_invalid_suppression;

const struct rule_def *const rule_defs[RULE__COUNT] = {
	[RULE_HARDCODED_SECRET] = &rule_hardcoded_secret,
	[RULE_STATIC_BUCKET_NAME] = &rule_static_bucket_name,
	[RULE_MISSING_ENV_SUFFIX] = &rule_missing_env_suffix,
	[RULE_UNSUFFIXED_LOGICAL_NAME] = &rule_unsuffixed_logical_name,
	[RULE_DEPRECATED_RUNTIME] = &rule_deprecated_runtime,
	[RULE_NONDETERMINISTIC_NAME] = &rule_nondeterministic_name,
	[RULE_PLAINTEXT_STACK_SECRET] = &rule_plaintext_stack_secret,
	[RULE_RESERVED_LAMBDA_ENV] = &rule_reserved_lambda_env,
	[RULE_INVALID_LOG_RETENTION] = &rule_invalid_log_retention,
	[RULE_PUBLIC_BUCKET_ACL] = &rule_public_bucket_acl,
	[RULE_OPEN_ADMIN_INGRESS] = &rule_open_admin_ingress,
	[RULE_ADMIN_IAM_POLICY] = &rule_admin_iam_policy,
	[RULE_MISSING_PARENT] = &rule_missing_parent,
	[RULE_STATIC_SNAPSHOT_ID] = &rule_static_snapshot_id,
	[RULE_ACCOUNT_SINGLETON] = &rule_account_singleton,
	[RULE_SDK_V2_INLINE] = &rule_sdk_v2_inline,
	[RULE_PLACEHOLDER_VALUE] = &rule_placeholder_value,
	[RULE_INVALID_SUPPRESSION] = &rule_invalid_suppression,
};
