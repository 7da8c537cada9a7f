#ifndef STACKGATE_SOURCE_H
#define STACKGATE_SOURCE_H

/*
 * Sources: where changes come from. Each gathers what one commit (or the
 * index, or the plain files named) changes into a `struct changeset`
 * (source/change.h): every changed file in scope, its new content and the
 * lines it adds, and a reader of the rest of the tree. It hands the
 * changeset to a callback and counts what it covered.
 */

#include <git2.h>
#include <stddef.h>

#include "source/change.h"
#include "config/config.h"
#include "base/stats.h"
#include "base/util.h"

struct blob_cache;
struct git_blob;

/* New versions of files kept for the next commit, which reads them as old (git.c). */
#define SOURCE_KEPT_BLOBS 8

/* Monotonic clock in nanoseconds, for time limits. */
uint64_t now_ns(void);

struct source {
	const struct config *cfg;
	changeset_fn fn;
	void *data;
	struct scan_stats stats;
	int quiet;
	int exhaustive;		/* STACKGATE_OPTIMIZE=0: git_diff for every tree diff */

	/* limits: when one is hit the source stops and says so in `limit` */
	size_t max_commits;		/* 0: none */
	uint64_t deadline_ns;		/* now_ns() value; 0: none */
	char limit[512];		/* what was hit, what was and was not judged */

	/* what the trees' readers read, by blob id (source/blobcache.h) */
	struct blob_cache *blobs;
	/* the last new versions judged (libgit2's object cache is off) */
	struct git_blob *kept[SOURCE_KEPT_BLOBS];
	unsigned kept_next;

	/* hashes of the paths judged so far (stats.paths), open addressing */
	uint64_t *seen;
	size_t seen_size;

	/* files in scope that could not be judged (binary, a link out of
	 * scope): on_error decides; the first is named here */
	size_t nr_unjudged;
	char unjudged[512];
};

/*
 * Hand the files gathered for one commit (or the index, or plain files)
 * to s->fn as one changeset, then empty `files`; nothing is handed over
 * when nothing was gathered. `rc` is how gathering ended: what was
 * gathered before a failure is judged all the same, as each file was when
 * sources yielded them one by one. Returns -1 if s->fn failed (its
 * error), else `rc` (a gathering failure's error kept).
 */
int source_hand_over(struct source *s, struct change_list *files, const char *commit,
		     const char *subject, const struct tree_reader *tree, int rc);

/*
 * A whole tree (check --all) or a directory of plain files is one
 * changeset, but its files are not all held at once: once the gathered
 * contents pass this many bytes they are handed over as a changeset of
 * the same tree (every line counts there, so nothing depends on which
 * files share one) and gathering goes on. Memory stays flat in the size
 * of the tree.
 */
#define SOURCE_BATCH_BYTES ((size_t)4 << 20)

/* Free what the source allocated while judging (not the struct). */
void source_release(struct source *s);

/* Print "stackgate: MESSAGE" on stderr (unless quiet), escaped for a terminal. */
void source_notice(struct source *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The text of a file in scope as the analysis reads it: UTF-8 as is, a
 * UTF-8 byte-order mark skipped, UTF-16 with a byte-order mark decoded
 * (tsc reads all three). Returns 0 with *text and *text_len set (borrowed
 * from `raw` or from `decoded`, which the caller releases), or 1 with
 * *why set when the content cannot be judged as text (a NUL byte).
 */
int source_text(struct buf *decoded, const char *raw, size_t len,
		const char **text, size_t *text_len, const char **why);

/*
 * A file in scope could not be judged: say so (path, commit, why, and
 * `fix`, or how to make it text when NULL) and record it; on_error
 * decides whether the scan blocks.
 */
void source_unjudged(struct source *s, const char *path, const char *commit, const char *why,
		     const char *fix);

/* A file in scope over max_file_bytes: say so and record the limit (on_limit decides). */
void source_too_big(struct source *s, const char *path, unsigned long long size);

/* 1 (and s->limit set) when the time limit has passed. */
int source_out_of_time(struct source *s);

/*
 * Open the repository the way git's environment names it (GIT_DIR,
 * GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY and the quarantine's alternates).
 * The caller frees *out with git_repository_free(). -1 on failure.
 */
int source_open_repo(git_repository **out);

/* The index git names in GIT_INDEX_FILE, else the repository's. Owned by caller. */
int source_open_index(git_repository *repo, git_index **out);

/* Judge the index against HEAD (the empty tree on a first commit). */
int source_staged(struct source *s, git_repository *repo, git_index *index);

/* Judge one commit against its first parent; a merge on what none of
 * its parents has. */
int source_commit(struct source *s, git_repository *repo, const git_oid *id);

/* Judge every commit the walk yields. */
int source_walk(struct source *s, git_repository *repo, git_revwalk *walk);

/* Judge every commit reachable from `rev` (check --history), each against
 * its first parent, the root commits against the empty tree. */
int source_history(struct source *s, git_repository *repo, const char *rev);

/*
 * Judge the commits reachable from `tips` and not from `hide`, in a
 * shallow clone (libgit2 1.5's walk fails there): commits named in the
 * clone's `shallow` file have no parents. A new commit at that edge
 * cannot be judged and is an error that says how to deepen the clone.
 */
int source_walk_shallow(struct source *s, git_repository *repo, const git_oid *tips, size_t nr_tips,
			const git_oid *hide, size_t nr_hide);

/* Judge each REV or REV_RANGE argument (A..B, A...B, C). */
int source_ranges(struct source *s, git_repository *repo, char **revs, int nr);

/* Hide every ref of the repository (the server's state) in the walk. */
int source_hide_all_refs(git_repository *repo, git_revwalk *walk);

/* Judge every file of the tree at `rev` (check --all): every line counts. */
int source_tree(struct source *s, git_repository *repo, const char *rev);

/* Judge every file of `tree`, every line counting; `commit` (hex or
 * NULL) names where the findings are. */
int source_tree_object(struct source *s, git_repository *repo, git_tree *tree, const char *commit);

/* Judge plain files and directories, every line counting. */
int source_files(struct source *s, char **paths, int nr);

#endif
