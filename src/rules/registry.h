#ifndef STACKGATE_REGISTRY_H
#define STACKGATE_REGISTRY_H

/*
 * The rule table. Each rule lives in its own file under src/rules/ and
 * defines one `struct rule_def`; rules/rules.def lists them, and gives
 * the enum below and the table in registry.c. Adding a rule touches its
 * file, one line of rules.def, and config/stackgate.ini.
 */

#include <tree_sitter/api.h>

/* RULE_HARDCODED_SECRET, ...: one per line of rules/rules.def. */
enum rule_id {
#define RULE(id, sym) RULE_##id,
#include "rules/rules.def"
#undef RULE
	RULE__COUNT
};

enum key_type { K_LIST, K_BOOL, K_SIZE, K_STRING };

/* A configuration key of a rule's [rule "ID"] section. */
struct key_def {
	const char *name;
	enum key_type type;
};

struct ctx;

struct rule_def {
	const char *id;
	const char *summary;		/* one line, for `stackgate rules` */
	const char *explain;		/* what, why, bad, good, how to tune */
	const struct key_def *keys;	/* ends with { NULL } */
	/* Hooks, each called once per node of its kind (any may be NULL). */
	void (*on_new)(struct ctx *c, TSNode new_expr, const char *type, TSNode args);
	void (*on_pair)(struct ctx *c, TSNode pair);
	void (*on_call)(struct ctx *c, TSNode call);
	void (*on_object)(struct ctx *c, TSNode obj);
	/* A name bound to a value: variable_declarator, public_field_definition
	 * (class fields), enum_assignment. */
	void (*on_binding)(struct ctx *c, TSNode binding);
	/* Files that are not TypeScript (e.g. Pulumi.<stack>.yaml): the rule
	 * says which paths it reads, and judges their text. -1: error slot set. */
	int (*wants_file)(const char *path);
	int (*on_file)(struct ctx *c);
};

extern const struct rule_def *const rule_defs[RULE__COUNT];

#endif
