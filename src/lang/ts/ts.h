#ifndef STACKGATE_LANG_TS_H
#define STACKGATE_LANG_TS_H

/*
 * The TypeScript front end (also JavaScript, through the tsx grammar):
 * its entries of the language table (lang.c).
 */

#include "lang/lang.h"

/* The grammar's names of the kinds of enum sym. */
extern const char *const ts_kinds[SYM__COUNT];
/* collect_node() and note_excluded_imports() (scope.c). */
extern const struct lang_ops ts_ops;

#endif
