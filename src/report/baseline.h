#ifndef STACKGATE_BASELINE_H
#define STACKGATE_BASELINE_H

#include <stddef.h>

#include "base/finding.h"

/*
 * The baseline: fingerprints of findings a repository already had when it
 * adopted stackgate (`stackgate baseline write`). A fingerprint is rule +
 * path + normalised offending text, never a line number, so edits
 * elsewhere and moved code do not churn it. Each entry excuses as many
 * findings as it was recorded times.
 */
struct baseline_entry {
	char fingerprint[41];
	unsigned count;
};

struct baseline {
	struct baseline_entry *items;
	size_t nr, alloc;
};
#define BASELINE_INIT { NULL, 0, 0 }

/* Read a baseline file. Returns 0, 1 when the file does not exist (an
 * empty baseline), or -1 with "PATH: problem" in the error slot. */
int baseline_load(struct baseline *b, const char *path);
/* Mark the findings the baseline excuses (f->baselined). */
void baseline_apply(struct baseline *b, struct finding_list *l);
/*
 * Add to the baseline file at path (created when missing) the findings of
 * l that are neither suppressed nor already baselined (run baseline_apply
 * first), keeping every entry it has. *added says how many. -1 on a read,
 * parse or write error.
 */
int baseline_add(const char *path, const struct finding_list *l, const char *revision, size_t *added);
/* Write the findings as a baseline file; -1 on a write error. */
int baseline_write(const char *path, const struct finding_list *l, const char *revision);
void baseline_release(struct baseline *b);

#endif
