#ifndef STACKGATE_SUPPRESS_H
#define STACKGATE_SUPPRESS_H

#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

struct config;

/*
 * An inline suppression: `// stackgate:ignore RULE[,RULE] [until=YYYY-MM-DD] -- reason`
 * (until= may also stand in the reason: `-- reason until=YYYY-MM-DD`).
 * RULE is a built-in rule or the NAME of a team's own [pattern "NAME"].
 * It covers findings on its own line, on the line after it, and in the
 * whole `new` expression that starts on the line after it.
 */
struct suppression {
	uint32_t line;			/* 1-based line of the comment */
	uint32_t start, end;		/* bytes of the comment */
	struct strlist rules;
	char *reason;			/* NULL when missing */
	char until[11];			/* "" when none */
	char problem[160];		/* why it is invalid, "" when valid */
	int used;
};

/*
 * Parse a comment's text. Returns 1 and fills *s (owned: release with
 * suppress_release()) if the comment is a stackgate:ignore, else 0.
 * A malformed one is returned with `problem` set. `cfg` (borrowed; may be
 * NULL: built-in rules only) says which pattern names are rules.
 */
int suppress_parse(struct suppression *s, const struct config *cfg, const char *text, size_t len);
void suppress_release(struct suppression *s);

/* Today as YYYY-MM-DD (UTC), or $STACKGATE_TODAY when set (for tests). */
void today_ymd(char out[11]);

#endif
