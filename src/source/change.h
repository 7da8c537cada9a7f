#ifndef STACKGATE_CHANGE_H
#define STACKGATE_CHANGE_H

/*
 * The records a source hands to the analysis: what one commit (or the
 * index, or a set of plain files) changes. Leaves: they name no parser
 * and no git library, so every stage may include them.
 */

#include <stddef.h>
#include <stdint.h>

#include "base/lines.h"
#include "base/util.h"

/* A hunk of the diff that made the change: 1-based lines, counts. */
struct change_hunk {
	uint32_t old_start, old_lines, new_start, new_lines;
};

/* An earlier version of a changed file. */
struct change_base {
	const char *content;
	size_t len;
};

/*
 * Where a changed file came from, for what is judged against its earlier
 * versions: incremental parsing and the comparison of the new version
 * whole with old ones.
 */
struct change_history {
	/* the blob id (20 bytes) of the version the hunks start from, and
	 * the hunks from it to this one; NULL/0 when unknown */
	const unsigned char *old_id;
	const struct change_hunk *hunks;
	size_t nr_hunks;
	int advance_only;		/* adds nothing: only keep the parse cache current */
	/*
	 * Earlier versions the new one is compared with whole: the old
	 * version when the change deletes lines that can change what the
	 * rest means (a comment opener, a declaration), every parent's
	 * version of a merge. A finding of the new version judged whole
	 * that none of them has (rule + normalized text) counts as added.
	 */
	const struct change_base *bases;
	size_t nr_bases;
	const char *bases_why;		/* said in such a finding's message; a string constant */
};

/*
 * The tree a change comes from (the commit's, the index, the disk), as
 * its source reads it: any file of it, changed or not (Pulumi.yaml next
 * to a changed file, a module it imports), read when asked (lazily);
 * the git sources keep what they read by blob id across the trees of a
 * range or push (source/blobcache.h). Paths are relative to the tree's
 * root, '/'-separated. Valid for the source's callback, on the source's
 * thread.
 */
struct tree_reader {
	/* The file's content into *out: 1, 0 if there is no such file, -1 on error. */
	int (*read)(const struct tree_reader *t, const char *path, struct buf *out);
	/* The names of the entries of `dir` ("" is the root), files and folders, into *out; 0, or -1. */
	int (*list)(const struct tree_reader *t, const char *dir, struct strlist *out);
	void *data;
	char key[64];		/* names the tree: equal keys, equal trees */
	/* The file's blob id (20 bytes) into id: 1, 0 if there is no such
	 * file, -1 on error. NULL when the tree has no ids (the disk). What
	 * is derived from a file (a parse) can be kept by it across trees. */
	int (*id)(const struct tree_reader *t, const char *path, unsigned char *id);
};

struct autonaming;
struct module_set;

/*
 * A text shared by reference, immutable once made: the content of a
 * change's copies (change_dup() of a copy takes a reference, not a copy)
 * and of the modules a run has read (source/modules.h). Its references
 * are dropped on any thread.
 */
struct shared_text {
	int refs;		/* atomic */
	size_t len;
	char data[];		/* NUL-terminated */
};

struct shared_text *shared_text_new(const char *p, size_t len);
struct shared_text *shared_text_ref(struct shared_text *t);
void shared_text_unref(struct shared_text *t);

/*
 * One changed file. As a source yields it, everything is borrowed from
 * the source for the duration of the callback; change_dup() makes a copy
 * that owns all of it.
 */
struct change {
	const char *path;
	const char *content;
	size_t len;
	/* content's owner in a change_dup() copy (and what is copied from
	 * one), else NULL: a copy of a copy shares it */
	struct shared_text *text;
	const struct line_set *added;	/* NULL: every line counts */
	const unsigned char *id;	/* the blob id (20 bytes); NULL for plain files */
	int blob_text;		/* content is the blob's bytes, not a decoding of them */
	/* the changeset's commit (hex) and subject, NULL when staged or plain files */
	const char *commit;
	const char *commit_subject;
	/* the project's pulumi:autonaming, looked up through `tree` before
	 * analysis (model/autonaming.h); NULL: logical names stay logical */
	const struct autonaming *autonaming;
	const struct change_history *hist;	/* NULL: judged on its own */
	/* the modules of the tree the file may import (source/modules.h),
	 * read before analysis; NULL: no other file is followed. A copy
	 * (change_dup()) holds a reference. */
	const struct module_set *modules;
	/*
	 * Not a file of the change: a file that imports one whose definitions
	 * the change edits (source/modules.h). It is judged whole, and only
	 * what it makes of the other file's added lines is kept; `added` is
	 * empty. Not counted as judged.
	 */
	int importer;
};

/*
 * What one commit changes, whole: the files it adds lines to (in the
 * diff's order), and a way to read any other file of the same tree (the
 * index for --staged, the commit's tree for ranges and pushes, the disk
 * for --files). One changeset per commit; one for the index; one for a
 * set of plain files. Borrowed from the source for its callback.
 */
struct changeset {
	const char *commit;		/* hex id; NULL when staged or plain files */
	const char *subject;
	const struct change *const *files;
	size_t nr;
	const struct tree_reader *tree;	/* NULL: no other file to read */
};

/* What a source calls with each changeset: 0 to go on, -1 (error slot set) to stop. */
typedef int (*changeset_fn)(const struct changeset *cs, void *data);

/* The files of a changeset a source is gathering: owned copies (change_dup()). */
struct change_list {
	struct change **items;
	size_t nr, alloc;
	size_t bytes;		/* the contents' sizes, summed */
};
#define CHANGE_LIST_INIT { NULL, 0, 0, 0 }

/* A reference to c's content: c's own shared text, else a new copy of it. */
struct shared_text *change_share_text(const struct change *c);

/* Append a copy of `c` (change_dup()). */
void change_list_add(struct change_list *l, const struct change *c);
/* Free every copy and the array; the list is empty again. */
void change_list_release(struct change_list *l);

/*
 * A copy of `c` that owns its strings, lines, ids, hunks and bases (not
 * `autonaming`, which the caller keeps alive), and a reference to
 * `modules`. Free it with change_free().
 */
struct change *change_dup(const struct change *c);
/* Free a copy made by change_dup() (NULL is fine). */
void change_free(struct change *c);

#endif
