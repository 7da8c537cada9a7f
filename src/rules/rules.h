#ifndef STACKGATE_RULES_H
#define STACKGATE_RULES_H

/*
 * What rules see of one file: the syntax tree, the file's imports and
 * bindings, and a way to report. Internal to the analysis stage.
 */

#include <stdint.h>
#include <tree_sitter/api.h>

#include "analyze/analyze.h"
#include "config/config.h"
#include "base/finding.h"
#include "base/lines.h"
#include "lang/lang.h"
#include "lang/tree.h"
#include "rules/registry.h"
#include "analyze/suppress.h"
#include "base/util.h"
#include "model/model.h"

/* resolve_const() calls one node's rules may make; past it values are
 * unknown (self-referring patterns must not cost exponential time). */
#define RESOLVE_BUDGET 4000

/* A name bound by an import of a @pulumi package. */
struct import_binding {
	const char *local;	/* borrowed from the source text */
	size_t local_len;
	uint32_t pos;		/* where the local name is: document order */
	char *canon;		/* owned: "aws", "aws.s3", "pulumi" */
};

enum decl_kind {
	DECL_CONST,		/* const x = value */
	DECL_MUTABLE,		/* let, var: never followed */
	DECL_PARAM,		/* a function parameter */
	DECL_COMPONENT_NAME,	/* first parameter of a ComponentResource constructor */
	DECL_PATTERN,		/* const { a, b: [c] } = value: a part of value */
	DECL_CLASS,		/* class X { static f = ... }: value is the class body */
	DECL_ENUM,		/* enum E { A = ... }: value is the enum body */
	DECL_IMPORT,		/* import { a as b } from './m', import * as m, import d,
				 * import x = require('./m'), const x = require('./m'):
				 * a name another file of the tree exports (analyze/xfile.h);
				 * value is the imported name (null: the whole module),
				 * `from` the specifier string */
};

/* What a DECL_IMPORT binds: a name the module exports, its default, or the module. */
enum import_kind { IMPORT_NAMED, IMPORT_DEFAULT, IMPORT_MODULE };

struct decl {
	const char *name;	/* borrowed */
	size_t name_len;
	enum decl_kind kind;
	uint32_t pos;		/* where the name is: the later of two in one scope wins */
	TSNode value;		/* DECL_CONST, DECL_MUTABLE, DECL_PATTERN: the initialiser;
				 * DECL_PARAM: its default value, else the name itself */
	uint32_t scope_start, scope_end;	/* bytes where the name is visible */
	struct value_memo memo;	/* what the value classifies as (value.c) */
	TSNode from;		/* DECL_IMPORT: the module specifier (a string) */
	enum import_kind import;	/* DECL_IMPORT: what it binds */
};

struct func {
	const char *name;
	size_t name_len;
	uint32_t pos;		/* the first in document order wins */
	TSNode body;		/* statement_block or expression */
	struct value_memo memo;	/* what the helper's returns classify as */
};

/* enum sym, the node kinds the walks dispatch on: lang/lang.h */

/*
 * A subtree the context pass did not enter: it holds no added line, so
 * nothing in it is judged unless a lookup leads there (see expand_units()).
 */
struct unit {
	TSNode node, parent, grand;	/* the subtree and its two ancestors */
	int done;			/* walked since */
};

/*
 * Names of one table of the context, hashed: entry i of the index is
 * element i of the table. Built as the table grows (a lazy unit adds
 * names late), so that a lookup costs the names that share its hash.
 */
struct name_index {
	uint32_t *heads;	/* mask + 1 chains, UINT32_MAX ends one */
	uint32_t *next, *hash;	/* per entry */
	uint32_t nr, alloc, mask;
};

struct ctx {
	const struct config *cfg;
	/* each rule's severity for this file, its excludes applied: set once
	 * per file by the analyzer, read by rules instead of the INI */
	enum severity sev[RULE__COUNT];
	const struct language *lang;	/* NULL: not code (stack config) */
	TSSymbol sym[SYM__COUNT];
	const struct change *change;
	const char *src;
	size_t len;
	TSNode root;
	struct finding_list *out;

	/*
	 * Bindings. A lookup may walk a lazy unit and so add to these while
	 * the caller holds what an earlier lookup returned: they are stable
	 * arrays (elements never move), indexed by name.
	 */
	struct stable imports;		/* struct import_binding */
	struct stable decls;		/* struct decl */
	struct stable funcs;		/* struct func */
	struct name_index import_names, decl_names, func_names;
	int decls_ready;		/* the context pass is over: decls are looked up */
	struct strlist made_names;	/* names a front end spelled anew (a Python
					 * keyword's camelCase): pair_key() lends them */
	struct name_index made_index;	/* made_names by name */
	unsigned value_cuts;		/* classifications the depth limit cut short */
	unsigned budget_cuts;		/* ... and the step budget (ctx->budget) */

	/* per-file candidates (analyze/internal.h), deduplicated; finish_file()
	 * turns those it keeps into findings */
	struct candidate_list {
		struct candidate *items;
		size_t nr, alloc;
	} local;
	struct name_index finding_places;	/* by rule, line and column */
	struct name_index finding_lines;	/* by rule and line */
	struct secret_span { uint32_t start, end; size_t nr; } *secrets;	/* sorted */
	size_t nr_secrets;
	uint32_t line_off, line_no, line_begin;	/* report_span's position cache */
	uint32_t *added_before;		/* added_before[l]: added lines < l */
	uint32_t added_max;
	int full_judge;			/* judge every node, not only changed ones */
	int exhaustive;			/* STACKGATE_OPTIMIZE=0: no shortcut at all */
	/* the walk's path from the root to the current node: ancestors come
	 * from here, since ts_node_parent() searches from the root each time */
	TSNode *path;
	uint32_t *this_at;	/* per depth, for ctx_this_scope() */
	uint32_t depth, path_alloc;
	struct suppression *supps;
	size_t nr_supps, alloc_supps;
	int inline_ignore;
	resource_observer observe;	/* analyzer_observe_resources() */
	void *observe_data;
	/* the lazy context pass: units are walked when a lookup needs them */
	struct stable units;	/* struct unit, in document order */
	size_t units_left;
	int lazy;		/* lookups expand units (set once the pass is done) */
	uint8_t *assigned;	/* names assigned anywhere (bloom filter), or NULL */
	char *idents_name;	/* ctx_names_in(): the name whose identifiers... */
	uint32_t *idents;	/* ... are at these bytes, sorted */
	size_t nr_idents;
	uint32_t budget;	/* classification steps left for the current value */
	uint32_t resolve_budget;	/* resolve_const() calls left for the current node */
	/* timeout_ms: every stage checks it (ctx_out_of_time()) */
	uint64_t deadline_ns;	/* CLOCK_MONOTONIC ns; 0: none */
	int timed_out;
	unsigned ticks;
	/* a component's constructor parameters, bound to one instantiation's
	 * arguments while its resources are judged (model.h); NULL: unbound */
	const struct binding *bind;
	/*
	 * The other files of the tree this file's lookups may lead to
	 * (analyze/xfile.h), shared by the judged file's context and every
	 * module's; NULL: none is followed. A node of another file belongs
	 * to that file's context: ctx_of() finds it.
	 */
	struct xfile *xf;
	/* suffix_in_scope(): the last function or class judged, per file */
	uint32_t scope_memo_start, scope_memo_end;
	int scope_memo_result;	/* -1: nothing remembered yet */
	/* what the front end remembers about the file's syntax (lang_ops.release frees it) */
	void *front_memo;
};

/*
 * A rule's settings: its struct of typed keys (rule_def.keys), parsed
 * when the INI loaded. Borrowed from the configuration.
 *	const struct bucket_settings *s = rule_settings(c, RULE_STATIC_BUCKET_NAME);
 */
static inline const void *rule_settings(const struct ctx *c, enum rule_id id)
{
	return c->cfg->rules[id].settings;
}
/* The shared Pulumi facts (config/vocab.h). */
static inline const struct vocab *ctx_vocab(const struct ctx *c)
{
	return &c->cfg->vocab;
}

/* 1 if any line of n was added by the change (always, for plain files). */
int node_on_added(const struct ctx *c, TSNode n);
/* 1 if line (1-based) was added by the change. */
int node_on_added_lines(const struct ctx *c, uint32_t line);

/* The k-th ancestor of the node the walk is at (1: its parent), or null. */
TSNode ctx_ancestor(const struct ctx *c, uint32_t k);
/*
 * The nearest ancestor of the node the walk is at that gives its code a
 * `this` of its own (a function, method, class body or the program; not
 * an arrow function), as k for ctx_ancestor(); 0 if none. Amortised O(1).
 */
uint32_t ctx_this_scope(struct ctx *c);

/* Helpers over the tree: lang/tree.h; these read the file's text. */
/* The node's text; borrowed from the source. */
const char *node_text(const struct ctx *c, TSNode n, size_t *len);
int node_text_eq(const struct ctx *c, TSNode n, const char *s);
/* A pair's key as text (property name or string content), borrowed. */
int pair_key(struct ctx *c, TSNode pair, const char **key, size_t *len);
/* Content of a string node without quotes, borrowed; 0 if not a plain string. */
int string_content(const struct ctx *c, TSNode n, const char **s, size_t *len);
/* Canonical dotted name of an expression (e.g. "aws.s3.Bucket",
 * "pulumi.secret", "JSON.stringify") into buf; 1 if the root was bound
 * to a @pulumi import (or is a known global), 0 otherwise. */
int canon_name(struct ctx *c, TSNode n, struct buf *out);
/* Resource type of a `new` expression into buf; 1 if it is a class of a
 * @pulumi provider package (aws.Provider included). */
int resource_type(struct ctx *c, TSNode new_expr, struct buf *type);
/* 1 unless the type is listed in exclude_types (Providers and the like). */
int resource_is_named(const struct ctx *c, const char *type);
/* The value of a top-level key of an object (also one it spreads, and
 * Object.assign's), through consts; a null node if absent. */
TSNode object_get(struct ctx *c, TSNode obj, const char *key);
/* Follow an identifier to its const initialiser (object literals etc.),
 * through wrappers (as, satisfies, !, <T>), shorthand properties,
 * destructuring and `let` that is never assigned again. */
TSNode resolve_const(struct ctx *c, TSNode n);
/* Parentheses, `as T`, `satisfies T`, `x!`, `<T>x`: the expression inside. */
TSNode strip_wrappers(TSNode n);
/* 1 if `at` lies in the binding's own initialiser (const a = a + 1). */
int decl_in_own_value(const struct decl *d, uint32_t at);
/* What a binding holds, or a null node when the file cannot say. */
TSNode decl_value(struct ctx *c, const struct decl *d);
/* 1 for an object literal or Object.assign(...): what object_get() reads. */
int object_like(struct ctx *c, TSNode n);
/* The element at index of an array literal (through consts), or null. */
TSNode array_element(struct ctx *c, TSNode arr, uint32_t index);
/* object_get() with a key that is not NUL-terminated. */
TSNode object_get_n_key(struct ctx *c, TSNode obj, const char *key, size_t len);
/* Call fn on every pair and shorthand property of an object, including
 * those it spreads and those of Object.assign's arguments, in order. */
void object_each(struct ctx *c, TSNode obj, void (*fn)(struct ctx *, TSNode, void *), void *data);
/*
 * Lookup of bindings: the const/let/parameter `name` visible at byte
 * `at`, the helper function `name`. NULL if none. A lookup may walk a
 * lazy unit of the file (and so add bindings): hence `c` is not const.
 * The result stays valid until the file's analysis ends.
 */
struct decl *ctx_find_decl(struct ctx *c, const char *name, size_t len, uint32_t at);
struct func *ctx_find_func(struct ctx *c, const char *name, size_t len);

/*
 * Report a finding. `lit` is the literal behind the value (may be null),
 * `use` the place where the value is used. The finding is kept only if
 * one of them lies on an added line; it is placed on the literal when the
 * literal was added, else on the use (REPORT_AT_USE: the other way round).
 */
enum {
	REPORT_REDACT = 1,	/* hide the literal's text */
	REPORT_AT_USE = 2,	/* place it on the use when that was added */
};
void report_node(struct ctx *c, const char *rule, enum severity sev,
		 TSNode lit, TSNode use, unsigned flags, const char *hint,
		 const char *fmt, ...) __attribute__((format(printf, 8, 9)));
/* Report a span of bytes [start, end), redacting [redact_start, redact_end). */
void report_span(struct ctx *c, const char *rule, enum severity sev,
		 uint32_t start, uint32_t end, uint32_t redact_start, uint32_t redact_end,
		 const char *hint, const char *msg);
/*
 * The ancestors of n, innermost first, at most max of them into out;
 * returns how many. When n lies under the node the walk is at they come
 * from going down to n and from the walk's path (ts_node_parent()
 * searches from the root: climbing with it is quadratic in the depth).
 */
size_t ctx_ancestors(const struct ctx *c, TSNode n, TSNode *out, size_t max);
/* 1 if an identifier (or destructured name) spelled `name` starts in
 * bytes [start, end) of the file: one walk per name, then a search. */
int ctx_names_in(struct ctx *c, const char *name, uint32_t start, uint32_t end);

/*
 * A context over other text (JSON inside a string, say), parsed with the
 * TypeScript grammar whatever c's language is, that shares no
 * binding and no growable array with `c`: lookups in it find nothing,
 * and what is reported to it stays in it (report to `c`). `src` is
 * borrowed; ctx_view_release() frees what the view gathered. A plain
 * copy of a ctx would grow c's arrays behind its back.
 */
void ctx_view(struct ctx *view, const struct ctx *c, const char *src, size_t len);
void ctx_view_release(struct ctx *view);

/*
 * 1 once the analysis's deadline (timeout_ms) has passed: a stage that
 * loops over the file (a walk, lines, YAML events) asks on every step
 * and stops; the file then fails as timed out, and on_limit decides.
 * Cheap: the clock is read every 256th call.
 */
int ctx_out_of_time(struct ctx *c);
/* 1 if the file has a finding of `rule` on `line` (1-based). */
int ctx_line_has_finding(const struct ctx *c, const char *rule, uint32_t line);
/* 1 if a finding of `rule` on `line` covers bytes [from, to): another one on
 * the line (a baselined one, say) must not hide a new token beside it. */
int ctx_span_has_finding(const struct ctx *c, const char *rule, uint32_t line, size_t from, size_t to);
/* Redacted form of a secret: at most 3 leading characters, then "***". */
void redact_into(struct buf *b, const char *s, size_t len);

/*
 * Shapes every grammar writes its own way (lang/shape.c). An entry of an
 * object: a pair, a shorthand ({ password }), a Python keyword argument
 * (password=...) or dict pair: its key text (pair_key()), where the key
 * is written and its value; 0 if the key is not static text.
 */
int entry_parts(struct ctx *c, TSNode p, const char **key, size_t *len, TSNode *key_at, TSNode *value);
/* 1 for a list literal: an array; a Python list or tuple. */
int list_like(TSNode n);
/* fn on each element of a list literal (through consts), spreads left out. */
void list_each(struct ctx *c, TSNode list, void (*fn)(struct ctx *, TSNode, void *), void *data);
/* A binding's name and value (const x = v, a class field, an enum member;
 * Python's x = v); 0 if it has no name. */
int binding_parts(TSNode n, TSNode *name, TSNode *value);

/* x.y (Python's attribute too): its object and property; 0 if n is not one. */
int member_parts(TSNode n, TSNode *object, TSNode *property);
/* What a callback returns (an arrow function's or lambda's expression
 * body, a block's last top-level return), or null if fn is no function. */
TSNode callback_returns(TSNode fn);

/* 1 for a number literal (Python's integer and float too); value_number()
 * evaluates constant arithmetic. */
int number_literal(TSNode n);

/* canon_name() with each snake_case segment in camelCase, as the facts and
 * the INI spell functions (Python's aws.iam.get_policy_document reads
 * aws.iam.getPolicyDocument); other names unchanged. */
int canon_name_camel(struct ctx *c, TSNode n, struct buf *out);

/* 1 for an object written as one: an object literal; a Python dict or an
 * object-building call (aws.ec2.SecurityGroupIngressArgs(...)). Not
 * Object.assign(), which object_like() also reads. */
int object_literal(struct ctx *c, TSNode n);

/* Pattern rules over added lines (rules/patterns.c). */
int rule_patterns(struct ctx *c);
/* 1 if static-bucket-name judges `prop` of `type` (so the suffix rule need not). */
int bucket_rule_covers(const struct ctx *c, const char *type, const char *prop, size_t plen);

/*
 * Judge a resource's name for the suffix (rules/suffix.c): report under
 * `rule` at `sev` what value is certain to lack it; `what` says which name
 * ("physical name 'name'"), `note` (may be NULL) is added to the message.
 */
void suffix_judge_name(struct ctx *c, const char *rule, enum severity sev, TSNode value,
		       const char *type, const char *what, const char *note);
/*
 * Judge `new X(name, args)` where X is a component class of the program
 * (rules/suffix_component.c): X's resources with this call's name and
 * args bound; what lacks the suffix because of them is reported here.
 */
void suffix_judge_instance(struct ctx *c, TSNode new_expr);
/*
 * What the instantiations of the component class whose constructor
 * holds `value` (a name built from the component's name parameter) pass
 * as the name, in c's file and the modules of c's analysis: -1 when none
 * is found (or value is in no component class); 0 when none passes a
 * fixed name, or only ones on added lines (judged there); 1 when one on
 * a line not added does, *where (reset) set to its "file:line".
 */
int suffix_component_uses(struct ctx *c, TSNode value, struct buf *where);
/*
 * 1 if the project's pulumi:autonaming (Pulumi.yaml or a stack file of the
 * tree the change comes from) makes logical names of `type` physical
 * names; *why says which file and setting (autonaming.c).
 */
int autonaming_makes_physical(const struct ctx *c, const char *type, struct buf *why);

int list_has_ci(const struct strlist *l, const char *s, size_t len);

#endif
