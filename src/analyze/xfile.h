#ifndef STACKGATE_XFILE_H
#define STACKGATE_XFILE_H

/*
 * Values across files (issue 14): the other files of the tree that a
 * judged file's lookups lead to, as contexts of their own.
 *
 * The source reads, on its thread, the files a changeset's files may
 * import (source/modules.h: change->modules). While a file is judged on
 * a worker, a lookup that reaches a relative import (a DECL_IMPORT
 * binding, lang/ts/scope.c) loads the module it names here: parsed
 * through the parse cache by blob id (parse_cache_blob()), its context
 * pass run, once per judged file. Its bindings are then looked up in
 * its own context, and the nodes a lookup returns (an exported const's
 * initialiser, a helper's body, a class) are that file's nodes.
 *
 * The API other stages use:
 *  - ctx_of(c, n): the context of the file node n belongs to (c itself
 *    for c's nodes). Every lookup that takes a node (value_classify(),
 *    resolve_const(), object_get(), node_text(), ...) switches to it, so
 *    a rule may hand a node of another file to any of them.
 *  - xfile_import(c, d, &ref): what a DECL_IMPORT binding names: the
 *    module's context (ref.ctx) and the exported const (ref.decl), helper
 *    function (ref.func) or other declaration (ref.node: a class, an
 *    `export default` expression; the module's root for `import * as m`).
 *    decl_value() of a DECL_IMPORT is the value this finds, so consts and
 *    object literals are followed through imports like same-file ones;
 *    ctx_find_func() finds an imported helper.
 *  - xfile_export(m, name, len, &ref): the same for a name module m
 *    exports (through `export { a as b }`, `export * from`, re-exports).
 *  - xfile_module(c, spec): the context of the module a specifier string
 *    node of c names (loaded on demand), or NULL.
 *  - xfile_path(c): the path of c's file, for messages.
 * Unknown stays unknown: a package, a file outside the tree or past the
 * source's bounds, a module that does not parse: every lookup there
 * finds nothing.
 *
 * What is judged (collect.c report_node()): a finding whose literal lies
 * in another file is placed at the use when the use was added ("the
 * value is written in config.ts:3"); when only the literal was added (the
 * change edits the definition, not the use), it is placed on the
 * literal, in that module, saying where it is used; xfile_finish() hands
 * those on with the judged file's findings.
 */

#include <tree_sitter/api.h>

#include "base/finding.h"
#include "source/change.h"
#include "source/modules.h"

struct ctx;
struct decl;
struct func;

/* A module of the analysis: loaded by the analyzer (analyze.c). */
struct xmodule {
	const struct module_file *file;
	struct change ch;	/* the module as a change: its added lines, if changed */
	struct ctx *ctx;	/* owned; valid once state is 1 */
	TSTree *tree;
	int state;		/* 0: not loaded, 1: loaded, -1: could not be */
	struct xfile *owner;	/* the load sets m->ctx->xf to it */
};

typedef int (*xfile_load_fn)(void *data, struct xmodule *m);
typedef void (*xfile_unload_fn)(void *data, struct xmodule *m);

/*
 * The modules of `set` as the judged file `main` may reach them; `load`
 * fills m->ctx and m->tree (0, or -1: the module stays unknown),
 * `unload` frees them. Free with xfile_free(). NULL set: NULL.
 */
struct xfile *xfile_new(const struct module_set *set, xfile_load_fn load, xfile_unload_fn unload,
			void *data, struct ctx *main);
void xfile_free(struct xfile *xf);
/* Move the findings recorded in modules (a changed definition's added
 * line) to `kept`. NULL xf: nothing. */
void xfile_finish(struct xfile *xf, struct finding_list *kept);

struct ctx *ctx_of(const struct ctx *c, TSNode n);
/* 1 if c's file imports a module the changeset adds lines to: an
 * unchanged use there may make them findings, so c is judged whole. */
int xfile_imports_changed(struct ctx *c);
const char *xfile_path(const struct ctx *c);

struct xref {
	struct ctx *ctx;	/* the module's context */
	struct decl *decl;	/* an exported binding, or NULL */
	struct func *func;	/* an exported function, or NULL */
	TSNode node;		/* the declaration or expression exported; the
				 * module's root for a whole-module import */
};

struct ctx *xfile_module(struct ctx *c, TSNode spec);
/* The number of modules c's analysis may load (0 without any). */
size_t xfile_count(const struct ctx *c);
/* Module i of them, loaded on demand, or NULL (it does not load, or its
 * text does not mention `word` of len bytes: nothing there names it). */
struct ctx *xfile_module_at(struct ctx *c, size_t i, const char *word, size_t len);
/* 1 and *out set if found, 0 if not (unknown). */
int xfile_import(struct ctx *c, const struct decl *d, struct xref *out);
int xfile_export(struct ctx *m, const char *name, size_t len, struct xref *out);

#endif
