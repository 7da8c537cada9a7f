#ifndef STACKGATE_LANG_TS_H
#define STACKGATE_LANG_TS_H

/*
 * The TypeScript front end (also JavaScript, through the tsx grammar):
 * its entries of the language table (lang.c).
 */

#include "lang/lang.h"

/* The grammar's names of the kinds of enum sym. */
extern const char *const ts_kinds[SYM__COUNT];
/* ts_collect_node() and ts_note_excluded_imports() (scope.c). */
extern const struct lang_ops ts_ops;

struct ctx;
/* The context pass: called on every node the context walk visits. */
void ts_collect_node(struct ctx *c, TSNode n);
/* A note on stderr for each import of a folder excluded from scope. */
void ts_note_excluded_imports(const struct ctx *c);
/* What the module exports as `name` (exports.c; struct lang_ops.find_export). */
struct xref;
int ts_find_export(struct ctx *m, const char *name, size_t len, struct xref *out, int depth);

#endif
