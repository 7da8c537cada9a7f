#ifndef STACKGATE_MODULES_H
#define STACKGATE_MODULES_H

/*
 * The modules of the tree a changeset comes from that its files may
 * import (issue 14: values across files), read on the source's thread.
 *
 * A tree reader (struct tree_reader) is valid only on the source's
 * thread during its callback, while files are judged on worker threads
 * (analyze/pool.c). So before a changeset is judged, module_set_build()
 * reads through the reader every file a changed file may import by a
 * relative path, and what those import in turn (bounded: MODULE_DEPTH
 * hops, MODULE_MAX_FILES files, MODULE_MAX_BYTES bytes), into a set of
 * owned copies that every change of the changeset shares (change->modules,
 * reference counted: change_dup() takes a reference, change_free() drops
 * it). What a changed file may import is over-approximated from its text
 * (every quoted string that starts with "./" or "../" after `from`,
 * `import`, `require(` or `import(`, in a comment too); the syntax tree
 * decides later what is really imported, and a file that is read but not
 * imported costs only its copy: nothing is parsed here. A file is parsed
 * on a worker only when a lookup leads there, through the parse cache
 * keyed by (blob id, language), so that a range or push parses an
 * untouched module once, not per commit (analyze/modules.c).
 *
 * Resolution is TypeScript's for relative specifiers: `./config` is
 * config.ts, .tsx, .mts, .cts, .js, .mjs, .cjs (in that order), then
 * config/index.* in the same order; `./x.js` is also x.ts (TypeScript's
 * ESM spelling). A specifier that climbs out of the tree's root is
 * refused; a bare one (a package) is never looked up: unknown stays
 * unknown.
 *
 * "Definition changed, use unchanged": when a changed file's added line
 * lies in a top-level `export const/let/var/default` statement and holds
 * a quote (a literal the change may have made bad), the files of the tree
 * that import it (MODULE_MAX_LISTED entries listed, MODULE_MAX_IMPORTERS
 * importers; .git, node_modules and dot folders skipped) join the set as
 * importers, and the analysis judges them whole for what their unchanged
 * uses make of the added lines. The same search runs for a changed file
 * that declares a ComponentResource class and adds a line building a
 * string from a name: where the component is built decides a name made
 * of its `name` parameter (rules/suffix_component.c), so the files that
 * build it join the set, as modules only (importer = 0: no finding of
 * theirs could be kept, so they are not judged whole). A changed file
 * that imports such a file joins the set as a changed module (changed =
 * 1, not an importer: it is judged as itself).
 *
 * A run keeps what it reads by blob id (struct module_cache): texts are
 * shared, not copied, and a text's specifiers are scanned once.
 */

#include <stddef.h>

#include "base/lines.h"
#include "base/util.h"

struct changeset;
struct tree_reader;

#define MODULE_DEPTH 4
#define MODULE_MAX_FILES 64
#define MODULE_MAX_BYTES (2u << 20)
#define MODULE_MAX_LISTED 4000
#define MODULE_MAX_IMPORTERS 16

struct shared_text;

struct module_file {
	char *path;		/* relative to the tree's root, '/'-separated */
	const char *content;	/* NUL-terminated; text's */
	size_t len;
	struct shared_text *text;	/* one reference (shared with the run's cache) */
	unsigned char id[20];	/* the blob id, when has_id */
	int has_id;
	/* the lines the changeset adds to the file, when it is one of its
	 * changed files (changed = 1); a finding of an importer placed on
	 * them is kept (what is judged: "definition changed") */
	int changed;
	struct line_set added;
	/* not imported by a changed file but importing one whose exported
	 * definitions the change edits: judged whole for their sake
	 * (change->importer) */
	int importer;
};

struct module_set {
	struct module_file *files;	/* sorted by path */
	size_t nr, alloc;
	size_t bytes;
	int refs;		/* atomic: changes of several workers share it */
};

/*
 * What a run has read, kept across its changesets by blob id: a file's
 * text (shared with the sets that hold it, not copied) and the relative
 * specifiers it writes. A range or push reads and scans a module that
 * its commits do not touch once, not per commit. Bounded (a cache full
 * of MODULE_CACHE_FILES texts or MODULE_CACHE_BYTES bytes starts over);
 * used on the source's thread only.
 */
#define MODULE_CACHE_FILES 1024
#define MODULE_CACHE_BYTES (2u << 20)
struct module_cache;
struct module_cache *module_cache_new(void);
void module_cache_free(struct module_cache *mc);

/*
 * The set of modules the changed files of `cs` may import, through
 * cs->tree, into *out (NULL when there is nothing to read: no reader, or
 * no changed file with a relative import). `mc` is the run's cache (NULL:
 * none; a reader without blob ids, the disk's, is never cached). The
 * caller holds one reference. 0, or -1 on an error (error slot set); a
 * file that cannot be read (a submodule's entry) is not followed: what it
 * holds stays unknown. Call it on the source's thread, in its callback.
 */
int module_set_build(const struct changeset *cs, struct module_cache *mc, struct module_set **out);

struct module_set *module_set_ref(const struct module_set *s);
/* Drop a reference; the last one frees the set. NULL is fine. */
void module_set_unref(const struct module_set *s);

/* The file at `path` in the set, or NULL. */
const struct module_file *module_set_find(const struct module_set *s, const char *path);

/*
 * The path a relative specifier written in `from` names, into *out
 * (reset first): 1 if exists(path, data) says one of TypeScript's
 * candidates exists, 0 if none does or the specifier is not relative or
 * climbs out of the root. exists() returns 1, 0, or -1 on an error,
 * which is returned (the error slot set by exists()).
 */
int module_resolve(const char *from, const char *spec, size_t spec_len,
		   int (*exists)(const char *path, void *data), void *data, struct buf *out);

/* module_resolve() over the files of a set. */
const struct module_file *module_set_resolve(const struct module_set *s, const char *from,
					     const char *spec, size_t spec_len);

#endif
