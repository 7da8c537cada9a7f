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

/* A language's front end, as the analysis calls it (analyze.c). */
struct lang_ops {
	/* The context pass: called on every node the context walk visits. */
	void (*collect)(struct ctx *c, TSNode n);
	/* Notes on stderr about the file before it is judged; may be NULL. */
	void (*notes)(const struct ctx *c);
};

struct language {
	const char *name;			/* "typescript", "tsx" */
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
	const char *line_comment;		/* "//": what messages tell users to write */
};

/* The language a path is written in (by its suffix), or NULL: not code
 * stackgate parses (stack YAML and other files go to the file rules). */
const struct language *lang_for_path(const char *path);

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
