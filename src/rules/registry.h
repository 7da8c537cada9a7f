#ifndef STACKGATE_REGISTRY_H
#define STACKGATE_REGISTRY_H

/*
 * The rule table. Each rule lives in its own file under src/rules/ and
 * defines one `struct rule_def`; rules/rules.def lists them, and gives
 * the enum below and the table in registry.c. Adding a rule touches its
 * file, one line of rules.def, and config/stackgate.ini.
 */

#include <stddef.h>
#include <tree_sitter/api.h>

/* RULE_HARDCODED_SECRET, ...: one per line of rules/rules.def. */
enum rule_id {
#define RULE(id, sym) RULE_##id,
#include "rules/rules.def"
#undef RULE
	RULE__COUNT
};

enum key_type {
	K_LIST,		/* struct strlist: items split at commas and blanks */
	K_BOOL,		/* int: true/false, yes/no, on/off, 1/0 */
	K_SIZE,		/* size_t: a count, or bytes with k/M */
	K_STRING,	/* char *, owned by the configuration */
};

/*
 * A configuration key of a rule's [rule "ID"] section: its value is
 * parsed when the INI loads into the rule's settings struct (see
 * rule_def.settings_size), at `offset`, as `type`. A key no rule
 * declares is a configuration error, with its file and line.
 */
struct key_def {
	const char *name;
	enum key_type type;
	size_t offset;
};
/* { "name", K_LIST, offsetof(struct bucket_settings, name) } */
#define RULE_KEY(settings, type, field) { #field, type, offsetof(struct settings, field) }

struct ctx;
struct resource;

struct rule_def {
	const char *id;
	const char *summary;		/* one line, for `stackgate rules` */
	const char *explain;		/* what, why, bad, good, how to tune */
	/* The rule's own configuration: keys (ending with { NULL }) that the
	 * INI loader parses into a struct of settings_size bytes, which the
	 * rule reads with rule_settings(). Shared facts are config/vocab.h. */
	const struct key_def *keys;
	size_t settings_size;
	/* Hooks, each called once per node of its kind (any may be NULL). */
	/* A resource the program creates (model/model.h), where it is created. */
	void (*on_resource)(struct ctx *c, const struct resource *r);
	/* `new X(...)` of a class that is no provider's resource: one of the
	 * program's own (a ComponentResource), or a package's. */
	void (*on_instance)(struct ctx *c, TSNode new_expr);
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
