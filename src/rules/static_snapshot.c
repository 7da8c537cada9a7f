/*
 * static-snapshot-id
 *
 * Risk: (to be written with the rule)
 *
 * Violating:  (example)
 * Compliant:  (example)
 *
 * Limits: not implemented yet; the rule reports nothing.
 */
#include "rules.h"

#define RULE "static-snapshot-id"

static const struct key_def keys[] = {
	{ NULL, K_LIST },
};

const struct rule_def rule_static_snapshot_id = {
	.id = RULE,
	.summary = "a fixed finalSnapshotIdentifier makes the second destroy fail",
	.explain = "A fixed finalSnapshotIdentifier makes the second destroy fail.\n",
	.keys = keys,
};
