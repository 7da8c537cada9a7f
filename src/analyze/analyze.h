#ifndef STACKGATE_ANALYZE_H
#define STACKGATE_ANALYZE_H

#include <stddef.h>
#include "config/config.h"
#include "base/finding.h"
#include "base/lines.h"
#include "source/change.h"

/* The analysis stage: owns a tree-sitter parser; reused across files. */
struct analyzer;
struct module_cache;

/* `cfg` is borrowed for the analyzer's lifetime. */
struct analyzer *analyzer_new(const struct config *cfg);
void analyzer_free(struct analyzer *a);
/*
 * Parse through `pc` (lang/parsecache.h), shared with other analyzers and
 * freed by the caller, instead of the analyzer's own cache. Nothing
 * changes when the analyzer has no cache (STACKGATE_OPTIMIZE=0).
 */
struct parse_cache;
void analyzer_share_cache(struct analyzer *a, struct parse_cache *pc);
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
 * Call fn with every resource the front end lowers from a judged file
 * (model/model.h), before the rules judge it: for tests, and for tools
 * that list a program's resources. r and its nodes are valid only during
 * the call. A NULL fn observes nothing.
 */
struct resource;
typedef void (*resource_observer)(const struct resource *r, void *data);
void analyzer_observe_resources(struct analyzer *a, resource_observer fn, void *data);

/*
 * Parse the change's content and run every rule; findings on added lines
 * are appended to `out`. Returns 0, or -1 when the file could not be
 * parsed at all (error slot set). Syntax errors inside a file are not
 * failures: what parses is judged and *syntax_errors is set to the line
 * of the first error (0: none).
 */
int analyze_change(struct analyzer *a, const struct change *c,
		   struct finding_list *out, uint32_t *syntax_error_line);

struct autonaming_cache;

/*
 * Judge every file of the changeset in order, on this thread: findings
 * on added lines are appended to `out`, a file with syntax errors is
 * noted on stderr (unless quiet). Each file's project settings
 * (pulumi:autonaming) are looked up in `names` through the changeset's
 * reader first; the modules its files may import are read through
 * `mods`, the run's cache (NULL: none). Returns 0, or -1 at the first file that could not be
 * judged (error slot set; analyzer_timed_out() says if time ran out).
 */
int analyze_changeset(struct analyzer *a, const struct changeset *cs, struct autonaming_cache *names,
		      struct module_cache *mods, int quiet, struct finding_list *out);

/*
 * File i of the changeset as analyze_change() takes it: a shallow copy
 * with its project settings looked up (on the source's thread, which
 * owns the reader) and `modules` (borrowed: module_set_build() of the
 * changeset, NULL for none) attached. 0, or -1 when the tree cannot be
 * read.
 */
struct module_set;
int changeset_prepare(const struct changeset *cs, size_t i, struct autonaming_cache *names, int quiet,
		      const struct module_set *modules, struct change *out);

/*
 * File k of `modules` as analyze_change() takes it when it is an importer
 * (source/modules.h): a change with no added line, change->importer set,
 * its project settings looked up. 1, 0 when file k is not an importer,
 * -1 when the tree cannot be read. On the source's thread.
 */
int changeset_importer(const struct changeset *cs, const struct module_set *modules, size_t k,
		       struct autonaming_cache *names, int quiet, struct change *out);

/* Print the note for a file with syntax errors. */
void note_syntax_errors(const struct change *c, uint32_t line);

#endif
