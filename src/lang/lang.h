#ifndef STACKGATE_LANG_H
#define STACKGATE_LANG_H

/*
 * The languages stackgate parses: one entry per tree-sitter grammar, in
 * one static table (lang.c). An entry says which paths are written in
 * it, how to get its grammar, which node kinds the analysis dispatches
 * on (by their names in that grammar) and its front end: the pass that
 * learns the file's imports and bindings. Adding a grammar adds an
 * entry, its front end (lang/<name>/) and its GRAMMARS line in the
 * Makefile; the analysis and the rules stay as they are.
 */

#include <stddef.h>
#include <tree_sitter/api.h>

#include "model/model.h"

/* Node kinds the walks dispatch on, as symbol ids of the file's grammar. */
enum sym {
	SYM_NEW, SYM_PAIR, SYM_SHORTHAND, SYM_CALL, SYM_OBJECT, SYM_COMMENT,
	SYM_IMPORT, SYM_LEXICAL, SYM_VARIABLE, SYM_FUNCTION_DECL, SYM_GENERATOR_DECL,
	SYM_METHOD, SYM_ARROW, SYM_FUNCTION_EXPR, SYM_EXPORT,
	SYM_CLASS_DECL, SYM_ENUM_DECL, SYM_DECLARATOR, SYM_FIELD, SYM_ENUM_ASSIGN,
	/* kinds whose subtrees declare nothing: the context pass skips them */
	SYM_STRING, SYM_NUMBER, SYM_REGEX, SYM_PROPERTY, SYM_TYPE_ANNOTATION, SYM_TYPE_ARGUMENTS,
	SYM_TYPE_PARAMETERS, SYM_INTERFACE, SYM_TYPE_ALIAS,
	SYM__COUNT
};

struct ctx;
struct buf;
struct resource;
struct resource_scope;
struct value;
struct xref;

/*
 * A language's front end, as the analysis and the model call it
 * (analyze.c, walk.c, model/). The model's questions that a front end
 * leaves NULL are answered by the shared functions themselves, which
 * read TypeScript's syntax (canon_name(), string_content(), object_get(),
 * value_classify(), ...): a front end of another syntax answers each.
 */
struct lang_ops {
	/* The context pass: called on every node the context walk visits. */
	void (*collect)(struct ctx *c, TSNode n);
	/* Notes on stderr about the file before it is judged; may be NULL. */
	void (*notes)(const struct ctx *c);
	/*
	 * 1: the context pass may leave a subtree without an added line for
	 * later, since a name declared inside it is seen only inside it
	 * (block scope). 0 for Python: `x = ...` under an `if` is the
	 * function's name.
	 */
	int lazy;
	/*
	 * 1: the context pass (WALK_CONTEXT: the file has no suppression
	 * comment) need not enter n, nothing below it declares a name; may be
	 * NULL. Python: a call, dict or list without `lambda`, `:=` or `for`.
	 */
	int (*context_skip)(struct ctx *c, TSNode n);
	/* Lowering (model/model.h): n is a node of kind SYM_NEW. */
	int (*lower)(struct resource *out, struct ctx *c, TSNode n);
	int (*component)(const struct resource *r, struct resource_scope *out);
	int (*conditional)(const struct resource *r);
	/* Expressions as the model reads them; NULL: TypeScript's reading. */
	int (*canon_name)(struct ctx *c, TSNode n, struct buf *out);
	int (*string_content)(const struct ctx *c, TSNode n, const char **s, size_t *len);
	int (*pair_key)(struct ctx *c, TSNode pair, const char **key, size_t *len);
	int (*object_like)(struct ctx *c, TSNode n);
	TSNode (*object_get)(struct ctx *c, TSNode obj, const char *key, size_t len);
	void (*object_each)(struct ctx *c, TSNode obj, void (*fn)(struct ctx *, TSNode, void *), void *data);
	int (*number)(struct ctx *c, TSNode n, double *out);
	int (*text_parts)(struct ctx *c, TSNode n, TSNode *lit, text_part_fn fn, void *data);
	/* One step of value_classify() (model/lattice.h): n is not null. */
	void (*classify)(struct ctx *c, TSNode n, struct value *v, int depth);
	/*
	 * What the module of context m exports as `name` ("default" for its
	 * default export), into *out (analyze/xfile.h): 1, or 0 if it exports
	 * no such name this file can see. `depth` bounds re-exports. NULL: the
	 * language's files are never followed across files.
	 */
	int (*find_export)(struct ctx *m, const char *name, size_t len, struct xref *out, int depth);
	/* Free c->front_memo, as the file's context is released; may be NULL. */
	void (*release)(struct ctx *c);
};

/* 1 if the file's front end answers `op` itself (struct lang_ops). */
#define LANG_OP(c, op) ((c)->lang && (c)->lang->ops->op)

/* Code that messages tell users to write, spelled in the language. */
struct lang_words {
	const char *parent;		/* "{ parent: this }" */
	const char *parent_fix;		/* how to pass it */
	const char *suffix_name;	/* "environmentSuffix": the suffix's usual name */
	const char *suffixed;		/* "`%.*s-${%s}`": a text, then the suffix name */
	const char *suffix_ref;		/* "${%s}": the suffix name inside a template */
	const char *read_secret;	/* "config.requireSecret('<key>')": a secret from config */
	const char *random_password;	/* "random.RandomPassword": a generated one */
};

struct language {
	const char *name;			/* "typescript", "tsx", "python" */
	const char *const *suffixes;		/* NULL-terminated; any case */
	const TSLanguage *(*grammar)(void);
	/*
	 * The grammar's name of each node kind the analysis dispatches on,
	 * indexed by enum sym; NULL where the language has no such kind (it
	 * is then never dispatched). A name the grammar does not know is an
	 * error (lang_resolve_kinds()), not a kind that silently never comes.
	 */
	const char *const *kinds;
	const struct lang_ops *ops;
	const char *line_comment;		/* "//", "#": what messages tell users to write */
	const struct lang_words *words;
};

/* The language a path is written in (by its suffix), or NULL: not code
 * stackgate parses (stack YAML and other files go to the file rules). */
const struct language *lang_for_path(const char *path);

/* The TypeScript entry: what text read with the TypeScript grammar is (JSON in a string). */
const struct language *lang_typescript(void);

/* The languages, for tables indexed by language: 0 <= lang_index(l) < lang_count(). */
size_t lang_count(void);
size_t lang_index(const struct language *l);

/*
 * The symbol ids of l's kinds (enum sym) in its grammar into out
 * (SYM__COUNT entries; 0 for a kind the language lacks). Returns 0, or
 * -1 naming the first kind the grammar does not have (error slot set):
 * a grammar that renamed a node the analysis needs.
 */
int lang_resolve_kinds(const struct language *l, TSSymbol *out);

#endif
