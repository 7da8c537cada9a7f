#ifndef STACKGATE_LATTICE_H
#define STACKGATE_LATTICE_H

/*
 * The value lattice's operations (value.c), for a front end that
 * classifies its own syntax (struct lang_ops.classify): which syntax
 * makes which value is the front end's; how parts combine, how bindings
 * are remembered and what names carry the suffix is the model's.
 */

#include "model/model.h"

/* A value built by concatenating parts: a template, `a + b`, an f-string. */
struct value_seq {
	struct value v;
	int text;		/* some literal text */
	int predictable;	/* every part so far is predictable */
};
void value_seq_init(struct value_seq *s);
void value_seq_add(struct value_seq *s, const struct value *part);
void value_seq_finish(struct value_seq *s, struct value *v);
/* Alternatives: `a or b`, `a if c else b`: v gains part's paths. */
void value_alt_add(struct value *v, const struct value *part);
/* The first literal / dynamic part / nondeterministic call seen, for messages. */
void value_set_lit(struct value *v, TSNode n);
void value_set_dyn(struct value *v, TSNode n);
void value_set_nondet(struct value *v, TSNode n);

/* Classify a part of a value one level deeper (v is zeroed first). */
void value_classify_at(struct ctx *c, TSNode n, struct value *v, int depth);
/* A name (identifier node): suffix names, bindings, parameters. */
void value_classify_name(struct ctx *c, TSNode n, struct value *v, int depth);
/* The [vocab] suffix_identifiers / non_suffix_identifiers. */
int value_is_suffix_name(const struct ctx *c, const char *s, size_t len);
int value_is_non_suffix_name(const struct ctx *c, const char *s, size_t len);

/* Memoized bindings and helpers (struct value_memo), as value.c uses them. */
int value_memo_get(struct ctx *c, struct value_memo *m, struct value *v, int depth);
unsigned value_memo_begin(struct ctx *c, struct value_memo *m);
void value_memo_end(struct ctx *c, struct value_memo *m, const struct value *v, int depth, unsigned cuts);

#endif
