#ifndef STACKGATE_REGISTRY_H
#define STACKGATE_REGISTRY_H

/*
 * The rule table. Each rule lives in its own file under src/rules/ and
 * defines one `struct rule_def`; adding a rule touches that file, the
 * table in registry.c (and the enum below), and config/stackgate.ini.
 */

#include <tree_sitter/api.h>

enum rule_id {
	RULE_HARDCODED_SECRET = 0,
	RULE_STATIC_BUCKET_NAME,
	RULE_MISSING_ENV_SUFFIX,
	RULE_UNSUFFIXED_LOGICAL_NAME,
	RULE_DEPRECATED_RUNTIME,
	RULE_NONDETERMINISTIC_NAME,
	RULE_PLAINTEXT_STACK_SECRET,
	RULE_RESERVED_LAMBDA_ENV,
	RULE_INVALID_LOG_RETENTION,
	RULE_PUBLIC_BUCKET_ACL,
	RULE_OPEN_ADMIN_INGRESS,
	RULE_ADMIN_IAM_POLICY,
	RULE_MISSING_PARENT,
	RULE_STATIC_SNAPSHOT_ID,
	RULE_ACCOUNT_SINGLETON,
	RULE_SDK_V2_INLINE,
	RULE_PLACEHOLDER_VALUE,
	RULE_INVALID_SUPPRESSION,
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
