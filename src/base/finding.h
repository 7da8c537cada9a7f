#ifndef STACKGATE_FINDING_H
#define STACKGATE_FINDING_H

#include <stddef.h>
#include <stdint.h>
#include "base/severity.h"

/*
 * One thing a change adds that a rule objects to. Every string is owned
 * by the finding; the list owns its findings.
 */
struct finding {
	char *rule;		/* rule id, e.g. "hardcoded-secret" */
	enum severity severity;
	char *path;
	uint32_t line, column;	/* 1-based; column counts bytes */
	uint32_t column_utf16;	/* the same column in UTF-16 code units (SARIF) */
	char *commit;		/* hex id, NULL when staged or plain files */
	char *commit_subject;
	char *message;		/* what is wrong, secrets redacted */
	char *hint;		/* how to fix it */
	char *excerpt;		/* the source line, secrets redacted */
	uint32_t mark_col, mark_len;	/* what to underline in excerpt (1-based) */
	char fingerprint[41];	/* rule + path + normalised text, no line numbers */
	int suppressed;		/* by an inline stackgate:ignore */
	char *justification;	/* its reason */
	int baselined;		/* known: recorded in the baseline */
	int routed;		/* placed in another file than the one judged (a changed
				 * definition an unchanged use makes bad: analyze/xfile.h) */
};

struct finding_list {
	struct finding *items;
	size_t nr, alloc;
};
#define FINDING_LIST_INIT { NULL, 0, 0 }

/* Append a zeroed finding and return it for the caller to fill. */
struct finding *findings_add(struct finding_list *l);
/* 1 if an identical (rule, path, line, column, commit) finding exists. */
int findings_has(const struct finding_list *l, const char *rule, const char *path,
		 uint32_t line, uint32_t column, const char *commit);
/* Findings of severity s that count (neither suppressed nor baselined). */
size_t findings_count(const struct finding_list *l, enum severity s);
/* Findings that were suppressed or baselined. */
size_t findings_count_quiet(const struct finding_list *l);
void findings_release(struct finding_list *l);
/* Free what the findings own, but not the array. */
void findings_release_items(struct finding_list *l);

/*
 * Drop each routed finding that another finding of the list already
 * reports (rule, path, line, column, commit): the file it is placed in
 * may find it on its own; and each "suppresses nothing here" of a file's
 * own analysis whose suppression a routed finding uses. Keeps the order
 * of the rest. A list without routed findings is left as it is.
 */
void findings_drop_routed_twins(struct finding_list *l);

#endif
