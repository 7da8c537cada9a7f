#ifndef STACKGATE_ANALYZE_H
#define STACKGATE_ANALYZE_H

#include <stddef.h>
#include "config/config.h"
#include "base/finding.h"
#include "base/lines.h"

/* A hunk of the diff that made the change: 1-based lines, counts. */
struct change_hunk {
	uint32_t old_start, old_lines, new_start, new_lines;
};

/* An earlier version of a changed file, its text borrowed like the change's. */
struct change_base {
	const char *content;
	size_t len;
};

/*
 * The tree a change comes from (the commit's, the index, the disk), as
 * its source reads it: for project files next to the changed one
 * (Pulumi.yaml). Paths are relative to the tree's root, '/'-separated.
 * Only valid during the source's callback, on the source's thread.
 */
struct tree_reader {
	/* The file's content into *out: 1, 0 if there is no such file, -1 on error. */
	int (*read)(const struct tree_reader *t, const char *path, struct buf *out);
	/* The names of the entries of `dir` ("" is the root) into *out; 0, or -1. */
	int (*list)(const struct tree_reader *t, const char *dir, struct strlist *out);
	void *data;
	char key[64];		/* names the tree: equal keys, equal trees */
};

struct autonaming;

/*
 * One changed file, as a source yields it. Everything is borrowed from
 * the source for the duration of the callback.
 */
struct change {
	const char *path;
	const char *content;
	size_t len;
	const struct line_set *added;	/* NULL: every line counts */
	const char *commit;		/* hex id, NULL when staged or plain files */
	const char *commit_subject;
	/* for incremental parsing: the blob ids (20 bytes) of the old and new
	 * versions and the hunks between them; NULL when unknown */
	const unsigned char *old_id, *new_id;
	const struct change_hunk *hunks;
	size_t nr_hunks;
	int advance_only;		/* adds nothing: only keep the parse cache current */
	const struct tree_reader *tree;	/* NULL: no project files to read */
	/* the project's pulumi:autonaming, looked up through `tree` before
	 * analysis (autonaming.h); NULL: logical names stay logical */
	const struct autonaming *autonaming;
	/*
	 * Earlier versions the new one is compared with whole: the old
	 * version when the change deletes lines that can change what the
	 * rest means (a comment opener, a declaration), every parent's
	 * version of a merge. A finding of the new version judged whole
	 * that none of them has (rule + normalized text) counts as added.
	 */
	const struct change_base *bases;
	size_t nr_bases;
	const char *bases_why;		/* said in such a finding's message */
};

/* The analysis stage: owns a tree-sitter parser; reused across files. */
struct analyzer;

/* `cfg` is borrowed for the analyzer's lifetime. */
struct analyzer *analyzer_new(const struct config *cfg);
void analyzer_free(struct analyzer *a);
/* Free what the calling thread keeps for analysis (a worker, as it ends). */
void analyze_thread_done(void);
/* Stop parsing at this monotonic time (ns; 0: never). analyze_change then
 * fails and analyzer_timed_out() says so. */
void analyzer_set_deadline(struct analyzer *a, uint64_t deadline_ns);
int analyzer_timed_out(const struct analyzer *a);
/*
 * Whether inline stackgate:ignore comments count: INLINE_IGNORE_NONE (the
 * server said no), INLINE_IGNORE_ALL (client modes), INLINE_IGNORE_SERVER
 * (pre-receive: all but the secret rules, hardcoded-secret with its token
 * patterns and plaintext-stack-secret, unless the server's INI grants
 * them per rule).
 */
enum { INLINE_IGNORE_NONE = 0, INLINE_IGNORE_ALL = 1, INLINE_IGNORE_SERVER = 2 };
void analyzer_set_inline_ignore(struct analyzer *a, int allowed);

/*
 * Parse the change's content and run every rule; findings on added lines
 * are appended to `out`. Returns 0, or -1 when the file could not be
 * parsed at all (error slot set). Syntax errors inside a file are not
 * failures: what parses is judged and *syntax_errors is set to the line
 * of the first error (0: none).
 */
int analyze_change(struct analyzer *a, const struct change *c,
		   struct finding_list *out, uint32_t *syntax_error_line);

/* 1 if the path is code the analyzer parses with the TypeScript grammar:
 * TypeScript (.ts, .tsx, .mts, .cts) and JavaScript (.js, .mjs, .cjs). */
int analyze_is_typescript(const char *path);

#endif
