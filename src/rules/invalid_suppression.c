/*
 * invalid-suppression
 *
 * Risk: a stackgate:ignore comment that cannot work (no reason, an
 * unknown rule, a bad date) or that no longer suppresses anything hides
 * nothing today and confuses the next reader; stale ones pile up.
 *
 * Violating:  // stackgate:ignore hardcoded-secret
 *             // stackgate:ignore no-such-rule -- the reason is long enough
 * Compliant:  // stackgate:ignore hardcoded-secret -- fake password of the local test fixture
 *
 * Limits: only comments on added lines are judged. The matching itself
 * (which finding a comment covers) lives in analyze.c, next to the
 * findings it filters.
 */
#include "rules/rules.h"

const struct rule_def rule_invalid_suppression = {
	.id = "invalid-suppression",
	.summary = "a stackgate:ignore without a reason, with an unknown rule, or that suppresses nothing",
	.explain =
		"Catches: `// stackgate:ignore RULE[,RULE] [until=YYYY-MM-DD] -- reason` comments that\n"
		"have no reason of at least 10 characters, name an unknown rule (RULE is a built-in\n"
		"rule or a team's own [pattern \"NAME\"]; a built-in token shape such as github-token\n"
		"is not: name its rule), carry a malformed date or two different ones, or suppress no\n"
		"finding (stale). until= may also stand after the reason (`-- reason until=DATE`).\n"
		"\n"
		"A valid comment suppresses the named rules on its own line, on the next line, and in\n"
		"the whole `new` expression that starts on the next line. After its until= date it no\n"
		"longer suppresses, and the finding says that it expired. The server may refuse\n"
		"inline suppressions (allow_inline_ignore = false in [general]), and any rule may be\n"
		"made unsuppressible ([rule \"ID\"] allow_inline_ignore = false).\n"
		"\n"
		"Bad:   // stackgate:ignore hardcoded-secret\n"
		"Good:  // stackgate:ignore hardcoded-secret -- fake password of the local test fixture\n"
		"\n"
		"Python writes the comment with #:\n"
		"Bad:   bucket=\"acme-data\",  # stackgate:ignore static-bucket-name\n"
		"Good:  bucket=\"acme-data\",  # stackgate:ignore static-bucket-name -- imported bucket of the data team\n"
		"\n"
		"Tune: [rule \"invalid-suppression\"] severity.\n",
};
