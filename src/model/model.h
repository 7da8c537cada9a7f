#ifndef STACKGATE_MODEL_H
#define STACKGATE_MODEL_H

/*
 * The Pulumi model rules judge: resources (what a program creates) and
 * values (what an argument may evaluate to). A language's front end
 * lowers its syntax into these (lang/ts/lower.c for TypeScript and
 * JavaScript); rules ask the model, not the syntax, for a resource's
 * type, logical name, properties and options.
 *
 * Nodes in the model are the file's syntax nodes: a property's value is
 * the expression written for it, so that a finding points at the line
 * where the text was written. They are borrowed from the file's tree and
 * stay valid until the file's analysis ends.
 */

#include <tree_sitter/api.h>

struct ctx;

/* ---- values (model/value.c) ---- */

/*
 * Value classes: what a value may contain, over all its parts and paths
 * (a template's substitutions, both arms of `a ?? b`, a helper's returns).
 */
enum {
	V_STATIC = 1 << 0,	/* literal text */
	V_SUFFIX = 1 << 1,	/* the environment suffix */
	V_DERIVED = 1 << 2,	/* another resource's output */
	V_UNKNOWN = 1 << 3,	/* cannot be decided from this file */
	V_SECRET = 1 << 4,	/* a secret source: config.requireSecret(), RandomPassword */
	V_STACK = 1 << 5,	/* pulumi.getStack() */
	V_COMPNAME = 1 << 6,	/* a component's own name parameter */
	V_RESOURCE = 1 << 7,	/* a resource object itself */
	V_NONDET = 1 << 8,	/* new on every run: Date.now(), Math.random() */
	V_PARAM = 1 << 9,	/* a function parameter: the calls decide (param) */
	V_NOTSUFFIX = 1 << 10,	/* known not to be the suffix: environment, stage */
};

/*
 * A classified value, with where its parts came from: each `has_x` says
 * that node `x` is set, and `x` is the node of the file where that part
 * was written (through consts, helpers and templates), not the use. A
 * finding about a fixed text is placed on `lit`, the literal itself.
 *
 * Pulumi's own calls, as value.c reads them: pulumi.secret(x),
 * pulumi.output(x) and the like are transparent (the value is x's, so a
 * literal under pulumi.secret() is still a literal; hardcoded-secret's
 * on_call judges the wrap itself). A config read is V_SECRET when it is
 * requireSecret*()/getSecret*(); a require*()/get*() of a string key is
 * V_SUFFIX or V_NOTSUFFIX when the key names the suffix or an
 * environment, and V_UNKNOWN otherwise.
 */
struct value {
	unsigned any;		/* V_*: what some path of the value may yield */
	int hard;		/* some path yields only literal text (and suffix) */
	int has_lit;
	TSNode lit;		/* the literal that makes it hard or static */
	int has_dyn;
	TSNode dyn;		/* a getStack()/name part, for messages */
	int has_nondet;
	TSNode nondet;		/* the Date.now()-like call, for messages */
	int has_param;		/* 1: one parameter use, 2: more than one */
	TSNode param;		/* an identifier naming a function parameter */
	int has_fake;
	TSNode fake;		/* a suffix name bound to a same-file literal */
};

/*
 * A binding's value, classified once (value.c): a const used a thousand
 * times, or a template of templates, is not classified again on every
 * use. `depth` is the classification depth it was computed at; a result
 * cut short by the depth limit (`cut`) is reused only at that depth or
 * deeper, where the limit would cut it as short.
 */
struct value_memo {
	int state;		/* 0: not computed, 1: being computed (a cycle), 2: done */
	int depth, cut;
	unsigned budget_cuts;	/* c->budget_cuts when the computation began */
	struct value v;
};

/*
 * What a component's constructor parameters hold at one instantiation,
 * `new TapStack(name, args)` (rules/suffix_component.c): while c->bind
 * points at one, value_classify() in the file of the component reads
 * the constructor's `name` parameter as `name`, and `args.KEY` (also
 * `const { KEY = 'dev' } = args`) as the value the call passes for KEY,
 * or as undefined (no class, as the `undefined` literal) where the call's
 * arguments are an object that does not set KEY. Suffix names bound inside the constructor
 * (`const environmentSuffix = args.environmentSuffix || 'dev'`) are then
 * what they are bound to, not the suffix by their name. The values are
 * the caller's, classified in the caller's file: they hold no node (every
 * has_x is 0), since their nodes belong to another tree.
 */
#define BINDING_KEYS 32
struct binding_key {
	char key[64];
	struct value v;
};
struct binding {
	uint32_t ctor_start, ctor_end;	/* the constructor, bytes of the component's file */
	uint32_t name_pos, args_pos;	/* where its parameters' names are; UINT32_MAX: none */
	struct value name;		/* what the call passes for `name` */
	int args_open;			/* a key not listed may be anything; else it is not set */
	struct binding_key keys[BINDING_KEYS];
	size_t nr;
};

void value_classify(struct ctx *c, TSNode n, struct value *out);
/* 1 if every path of v is known and none carries the suffix. */
int value_lacks_suffix(const struct ctx *c, const struct value *v);
/* 1 if v is made only of literal text (a static string). */
int value_is_static(const struct value *v);
/* Strip parentheses, `as`, `!`, `satisfies` and follow consts (and the
 * const a shorthand property names) to the value itself. */
TSNode value_unwrap(struct ctx *c, TSNode n);
/* The text of a value that is a pure literal (string or template without
 * substitutions), directly or through consts; *lit is that literal. */
int value_static_text(struct ctx *c, TSNode n, const char **s, size_t *len, TSNode *lit);
/*
 * The parts of a string the program writes in one piece (a literal, a
 * template, pulumi.interpolate`...`, an f-string, 'a' 'b'), through
 * consts: fn gets each in order, with its text for TEXT_LITERAL. 1 and
 * *lit (the string) if n is one, else 0 and fn is not called.
 */
enum text_part { TEXT_LITERAL, TEXT_ESCAPE, TEXT_SUBST };
typedef void (*text_part_fn)(void *data, enum text_part kind, const char *s, size_t len);
int value_text_parts(struct ctx *c, TSNode n, TSNode *lit, text_part_fn fn, void *data);
/* The number a value is when this file decides it: a literal, + - * of
 * numbers, a same-file const of one. 1 and *out, else 0. */
int value_number(struct ctx *c, TSNode n, double *out);

/* ---- resources (model/resource.c) ---- */

/*
 * One resource the program creates: `new aws.s3.Bucket(name, args, opts)`
 * in TypeScript. Built by the front end (lang/ts/lower.c) and handed to
 * every rule's on_resource hook; everything is borrowed for the hook's
 * duration. A node that the program does not write is null
 * (ts_node_is_null()).
 */
struct resource {
	struct ctx *file;	/* the file it is written in: lookups go through it */
	const char *type;	/* canonical type: "aws.s3.Bucket" */
	const char *package;	/* the provider package it came from: "aws" for @pulumi/aws */
	TSNode at;		/* the whole construction */
	TSNode type_at;		/* where the type is written (the constructor) */
	TSNode name;		/* the logical name as written */
	TSNode props;		/* the arguments object, through consts; null if the
				 * arguments are absent or not an object this file sees */
	int props_composed;	/* props is put together (Object.assign()), not written
				 * as one object */
	TSNode opts;		/* the resource options as written (not followed) */
	char *owned_;		/* owns type and package: resource_release() */
};

/*
 * The value written for property `key` of the resource's arguments, also
 * through consts, spreads and Object.assign() (the last one written
 * wins); a shorthand `{ bucket }` yields the shorthand node. A null node
 * if the arguments do not set it (or cannot be seen).
 */
TSNode resource_prop(const struct resource *r, const char *key);
/* The same for a resource option (`parent`, `provider`, `dependsOn`, ...). */
TSNode resource_opt(const struct resource *r, const char *key);
/*
 * Tables of facts key properties by type: "aws.s3.Bucket.bucket". If
 * `entry` names a property of r's type, the property's name (borrowed
 * from entry); NULL otherwise, or if entry has no dot.
 */
const char *resource_entry_prop(const struct resource *r, const char *entry);

/*
 * Where a resource is created, answered by the front end from the place
 * the analysis is at: call these only from an on_resource hook.
 */
struct resource_scope {
	TSNode component;	/* the ComponentResource class it is created in */
	TSNode name;		/* the class's name; null for an anonymous class */
	TSNode method;		/* the method whose `this` the creation sees */
	int in_constructor;	/* method is the class's constructor */
};
/*
 * 1 if r is created in a constructor or instance method of a class that
 * extends ComponentResource (arrow functions inside them count; other
 * functions have a `this` of their own), with *out filled; 0 otherwise.
 */
int resource_component(const struct resource *r, struct resource_scope *out);
/* 1 if r is created only under a condition: if, ? :, &&, || or ??. */
int resource_conditional(const struct resource *r);

/* Frees what the front end allocated for r; r itself is the caller's. */
void resource_release(struct resource *r);
/*
 * For front ends: set r's type (the canonical dotted name in `type`) and
 * package (its first part), owned by r in one allocation; `type` is
 * released.
 */
struct buf;
void resource_set_type(struct resource *r, struct buf *type);

#endif
