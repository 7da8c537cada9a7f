/*
 * public-bucket-acl
 *
 * Risk: (to be written with the rule)
 *
 * Violating:  (example)
 * Compliant:  (example)
 *
 * Limits: not implemented yet; the rule reports nothing.
 */
#include "rules.h"

#define RULE "public-bucket-acl"

static const struct key_def keys[] = {
	{ NULL, K_LIST },
};

const struct rule_def rule_public_bucket_acl = {
	.id = RULE,
	.summary = "an S3 ACL or public access block exposes a bucket to the world",
	.explain = "An S3 ACL or public access block exposes a bucket to the world.\n",
	.keys = keys,
};
