#ifndef STACKGATE_PARSECACHE_H
#define STACKGATE_PARSECACHE_H

/*
 * The syntax trees of recently judged versions of files, keyed by the
 * blob they were parsed from and its language, so that the next version
 * of a file (the next commit of a range or push) is parsed incrementally:
 * the diff's hunks become ts_tree_edit() edits and tree-sitter reuses
 * every subtree they do not touch. Bounded in entries and bytes so
 * memory stays flat however long the history is. Thread-safe: a pool's
 * workers share one (a file's versions may be judged on different
 * workers, one after another).
 */

#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "source/change.h"
#include "lang/lang.h"

struct parse_cache;

struct parse_cache *parse_cache_new(void);
void parse_cache_free(struct parse_cache *pc);

/*
 * Parse `c` with `parser` (its language already set to `lang`'s grammar),
 * reusing the cached tree of the version c->hist->old_id names in `lang`.
 * The returned tree is owned by the caller. When c->id is set, a copy of
 * it is kept for the next version. NULL on a parse failure (timeout).
 */
TSTree *parse_cache_parse(struct parse_cache *pc, TSParser *parser, const struct change *c,
			  const struct language *lang);

/*
 * A version that adds no line (only deletions) is not analysed, but the
 * next version will be diffed against it: carry the cached tree over to
 * it by applying the edits without parsing.
 */
void parse_cache_advance(struct parse_cache *pc, const struct change *c, const struct language *lang);

/*
 * The tree of a whole file that is not diffed (a module a lookup leads
 * to, analyze/xfile.c): blob `id` in `lang`, parsed once and kept apart
 * from the trees of changed files (bounded in entries and bytes), so a
 * range or push parses an untouched module once, not per commit. The
 * returned tree is the caller's. NULL on a parse failure (timeout).
 */
TSTree *parse_cache_blob(struct parse_cache *pc, TSParser *parser, const unsigned char *id,
			 const char *content, uint32_t len, const struct language *lang);

#endif
