#ifndef STACKGATE_FINDING_H
#define STACKGATE_FINDING_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"

/*
 * One thing a change adds that a rule objects to. Every string is owned
 * by the finding; the list owns its findings.
 */
struct finding {
	char *rule;		/* rule id, e.g. "hardcoded-secret" */
	enum severity severity;
	char *path;
	uint32_t line, column;	/* 1-based; column counts bytes */
	char *commit;		/* hex id, NULL when staged or plain files */
	char *commit_subject;
	char *message;		/* what is wrong, secrets redacted */
	char *hint;		/* how to fix it */
	char *excerpt;		/* the source line, secrets redacted */
	uint32_t mark_col, mark_len;	/* what to underline in excerpt (1-based) */
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
size_t findings_count(const struct finding_list *l, enum severity s);
void findings_release(struct finding_list *l);

#endif
