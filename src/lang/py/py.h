#ifndef STACKGATE_LANG_PY_H
#define STACKGATE_LANG_PY_H

/*
 * The Python front end: its entry of the language table (lang.c), its
 * context pass (py_scope.c), its lowering into the model (py_lower.c),
 * its expressions as the model reads them (py_expr.c) and its value
 * classification (py_value.c).
 */

#include "lang/lang.h"

struct buf;
struct ctx;
struct resource;
struct resource_scope;
struct value;

/* The grammar's names of the kinds of enum sym. */
extern const char *const py_kinds[SYM__COUNT];
extern const struct lang_ops py_ops;

/* py_scope.c: the context pass and the names it learns. */
void py_collect_node(struct ctx *c, TSNode n);
/* 1 if nothing below n declares a name: a call, dict or list without `lambda`, `:=` or `for`. */
int py_context_skip(struct ctx *c, TSNode n);
int py_canon_name(struct ctx *c, TSNode n, struct buf *out);
/* 1 if the class's bases name ComponentResource or *.ComponentResource. */
int py_class_is_component(const struct ctx *c, TSNode cls);

/* py_lower.c */
int py_lower_resource(struct resource *out, struct ctx *c, TSNode n);
int py_resource_component(const struct resource *r, struct resource_scope *out);
int py_resource_conditional(const struct resource *r);
/*
 * The resource type a call constructs ("aws.s3.Bucket") into type: 1 if
 * n is a call of a class of a Pulumi provider package, else 0.
 */
int py_resource_type(struct ctx *c, TSNode call, struct buf *type);

/* py_expr.c */
int py_string_content(const struct ctx *c, TSNode n, const char **s, size_t *len);
int py_pair_key(struct ctx *c, TSNode pair, const char **key, size_t *len);
int py_object_like(struct ctx *c, TSNode n);
TSNode py_object_get(struct ctx *c, TSNode obj, const char *key, size_t len);
void py_object_each(struct ctx *c, TSNode obj, void (*fn)(struct ctx *, TSNode, void *), void *data);
int py_text_parts(struct ctx *c, TSNode value, TSNode *lit, text_part_fn fn, void *data);
/* The keyword argument `name=` of a call's argument list, or null. */
TSNode py_keyword_arg(const struct ctx *c, TSNode args, const char *name);
/* Free what py_expr.c remembers about the file (c->front_memo). */
void py_release(struct ctx *c);
/*
 * Where the file's text holds what may bind a name inside an expression
 * (py_scope.c, py_context_skip()): found in one pass over the text and
 * kept with the file's memo. `off` ascends; `kind` is py_scope.c's.
 */
struct py_binders {
	uint32_t *off;
	unsigned char *kind;
	size_t nr;
	int ready;
};
struct py_binders *py_binders(struct ctx *c);

/* py_value.c */
void py_classify(struct ctx *c, TSNode n, struct value *v, int depth);
int py_number(struct ctx *c, TSNode n, double *out);

#endif
