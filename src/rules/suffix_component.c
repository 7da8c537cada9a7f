/*
 * missing-env-suffix at a component's instantiation (issue 14).
 *
 * Risk: bin/tap.ts builds the project's component,
 * `new TapStack('TapStack', { environmentSuffix })`; TapStack names its
 * resources with what it is given. An entry point that stops passing the
 * suffix (or passes a fixed string, or a fixed name where the component
 * names resources after its own name) gives every environment the same
 * physical names, though no line of the component changed.
 *
 * Violating:  new TapStack('TapStack', { tags })      (TapStack: `tap-data-${args.environmentSuffix || 'dev'}`)
 *             new LogStack('logs', {})                 (LogStack: name: `/app/${name}-logs`)
 * Compliant:  new TapStack('TapStack', { environmentSuffix, tags })
 *             new LogStack(`logs-${environmentSuffix}`, {})
 *
 * How: at `new X(name, args, opts)` where X is a ComponentResource class
 * of the program (same file, or imported from a file of the judged tree),
 * the resources X's constructor creates are judged with the constructor's
 * `name` and `args` bound to what this call passes (struct binding,
 * model.h): a physical name that lacks the suffix with this call's values,
 * and not on its own, is a finding here, at the argument that makes it
 * lack it (the name, the suffix's value, or the arguments that leave the
 * suffix out), naming the resource and where it is written. Components X
 * builds are followed the same way, with their arguments as X's
 * constructor computes them, MAX_NESTING levels deep.
 *
 * Limits: only resources created in the constructor itself (arrow
 * functions in it included; other methods and helpers are not followed);
 * `args.KEY`, `const { KEY } = args` and suffix names bound in the
 * constructor are bound, `this.args` and destructured parameters are not
 * (they stay what one file says: the suffix by its name). A value the
 * call's file cannot decide (a package's, the network's, a parameter's)
 * binds as unknown and never makes a finding. A program that mocks Pulumi
 * (pulumi.runtime.setMocks, a unit test) deploys nothing: its
 * instantiations are not judged.
 */
#include "rules/rules.h"
#include "analyze/xfile.h"
#include "lang/ts/lower.h"
#include "model/autonaming.h"
#include "model/facts.h"

#include <string.h>

#define RULE "missing-env-suffix"
/* components followed below the judged instantiation */
#define MAX_NESTING 4
/* classes walked for one instantiation, all levels together */
#define MAX_CLASSES 64
/* resource names remembered per run, to tell what a cause fixes */
#define MAX_FOUND 32

/* A component class: the file it is written in and its constructor. */
struct comp_class {
	struct ctx *file;
	TSNode cls, ctor;
	const char *name;	/* borrowed from file's source */
	size_t name_len;
};

/* A resource name that lacks the suffix with the bound values. */
struct found {
	struct ctx *file;
	TSNode value;		/* the name's expression in the component */
	char type[96];		/* the resource's type */
	char what[96];		/* "physical name 'bucket'" */
	char chain[160];	/* "TapStack > StorageStack" */
};

/* One judging of an instantiation's classes. */
struct run {
	struct ctx *root;
	struct found found[MAX_FOUND];
	size_t nr;		/* all found (may exceed MAX_FOUND) */
	int classes;		/* walked so far, against MAX_CLASSES */
};

/* Every has_x cleared: the nodes of a bound value belong to its caller's tree. */
static void strip_nodes(struct value *v)
{
	unsigned any = v->any;
	int hard = v->hard;

	/* a parameter or a component name of the caller's own: not known here */
	if (any & (V_PARAM | V_COMPNAME))
		any = (any & ~(V_PARAM | V_COMPNAME)) | V_UNKNOWN;
	memset(v, 0, sizeof(*v));
	v->any = any;
	v->hard = hard;
}

/* The constructor of a class body, or a null node. */
static TSNode find_ctor(struct ctx *c, TSNode cls)
{
	TSNode body = node_field(cls, "body"), k, none = { 0 };
	struct child_iter it;

	for (child_iter_init(&it, body); child_iter_next(&it, &k);)
		if (node_is(k, "method_definition") && node_text_eq(c, node_field(k, "name"), "constructor")) {
			child_iter_end(&it);
			return k;
		}
	child_iter_end(&it);
	return none;
}

/*
 * The component class `new X(...)` names in c: a class of c itself, or
 * one a relative import of c leads to (the judged tree's file, parsed
 * when asked). 1 and *out set; 0 for anything else (a package's class, a
 * provider's, a class that is no ComponentResource).
 */
static int find_class(struct ctx *c, TSNode new_expr, struct comp_class *out)
{
	TSNode ctor = strip_wrappers(node_field(new_expr, "constructor"));
	const struct decl *d;
	size_t len;
	const char *t;

	memset(out, 0, sizeof(*out));
	if (node_is(ctor, "member_expression")) {
		/* import * as network from './network'; new network.Vpc(...) */
		TSNode obj = strip_wrappers(node_field(ctor, "object")), prop = node_field(ctor, "property");
		struct xref mod, ref;

		if (!node_is(obj, "identifier") || ts_node_is_null(prop))
			return 0;
		t = node_text(c, obj, &len);
		d = ctx_find_decl(c, t, len, ts_node_start_byte(obj));
		if (!d || d->kind != DECL_IMPORT || d->import != IMPORT_MODULE || !xfile_import(c, d, &mod))
			return 0;
		t = node_text(c, prop, &len);
		if (!xfile_export(mod.ctx, t, len, &ref) || !ref.ctx || ts_node_is_null(ref.node))
			return 0;
		out->file = ref.ctx;
		out->cls = node_is(ref.node, "class_body") ? ts_node_parent(ref.node) : ref.node;
		goto found;
	}
	if (!node_is(ctor, "identifier"))
		return 0;
	t = node_text(c, ctor, &len);
	d = ctx_find_decl(c, t, len, ts_node_start_byte(ctor));
	if (d && d->kind == DECL_CLASS && !ts_node_is_null(d->value)) {
		out->file = c;
		out->cls = ts_node_parent(d->value);	/* the class body's class */
	} else if (d && d->kind == DECL_IMPORT) {
		struct xref ref;

		/* import { TapStack } from '../lib/tap-stack': the module's class */
		if (!xfile_import(c, d, &ref) || !ref.ctx || ts_node_is_null(ref.node))
			return 0;
		out->file = ref.ctx;
		out->cls = node_is(ref.node, "class_body") ? ts_node_parent(ref.node) : ref.node;
	} else {
		return 0;
	}
found:
	if ((!node_is(out->cls, "class_declaration") && !node_is(out->cls, "class")) ||
	    !class_extends_component(out->file, out->cls))
		return 0;
	out->ctor = find_ctor(out->file, out->cls);
	if (ts_node_is_null(out->ctor))
		return 0;
	out->name = t;
	out->name_len = len;
	return 1;
}

/* Where parameter i of a constructor names itself (an identifier), or UINT32_MAX. */
static uint32_t param_pos(TSNode ctor, uint32_t i)
{
	TSNode p = call_arg(node_field(ctor, "parameters"), i);
	TSNode pat = node_field(p, "pattern");

	return node_is(pat, "identifier") ? ts_node_start_byte(pat) : UINT32_MAX;
}

/* 1 if n (in c) is the args parameter of c's bound constructor. */
static int names_bound_args(struct ctx *c, TSNode n)
{
	const struct decl *d;
	size_t len;
	const char *t;

	n = strip_wrappers(n);
	if (!c->bind || !node_is(n, "identifier") || c->bind->args_pos == UINT32_MAX)
		return 0;
	t = node_text(c, n, &len);
	d = ctx_find_decl(c, t, len, ts_node_start_byte(n));
	return d && d->pos == c->bind->args_pos;
}

static void bind_key(struct binding *b, const char *key, size_t len, const struct value *v)
{
	size_t i;

	if (len >= sizeof(b->keys[0].key)) {
		b->args_open = 1;
		return;
	}
	for (i = 0; i < b->nr; i++)
		if (strlen(b->keys[i].key) == len && !memcmp(b->keys[i].key, key, len))
			break;
	if (i == b->nr) {
		if (b->nr == BINDING_KEYS) {
			b->args_open = 1;
			return;
		}
		b->nr++;
	}
	memcpy(b->keys[i].key, key, len);
	b->keys[i].key[len] = '\0';
	b->keys[i].v = *v;
	strip_nodes(&b->keys[i].v);
}

/* The caller's own bound arguments passed on whole (`args`, `...args`). */
static void bind_copy(struct binding *b, const struct binding *from)
{
	size_t i;

	for (i = 0; i < from->nr; i++)
		bind_key(b, from->keys[i].key, strlen(from->keys[i].key), &from->keys[i].v);
	b->args_open |= from->args_open;
}

/*
 * What `new X(name, args)` in c passes to X's constructor, into *b; c's
 * own binding (c->bind) applies to the values, so a component passes on
 * what it was given.
 */
static void bind_call(struct ctx *c, TSNode new_expr, const struct comp_class *k, struct binding *b)
{
	TSNode args = node_field(new_expr, "arguments");
	TSNode a0 = call_arg(args, 0), a1 = call_arg(args, 1), obj, p;
	struct child_iter it;
	struct value v;

	memset(b, 0, sizeof(*b));
	b->ctor_start = ts_node_start_byte(k->ctor);
	b->ctor_end = ts_node_end_byte(k->ctor);
	b->name_pos = param_pos(k->ctor, 0);
	b->args_pos = param_pos(k->ctor, 1);
	if (ts_node_is_null(a0)) {
		b->name.any = V_UNKNOWN;
	} else {
		value_classify(c, a0, &b->name);
		strip_nodes(&b->name);
	}
	if (ts_node_is_null(a1))
		return;		/* no arguments: no key is set */
	if (names_bound_args(c, a1)) {
		bind_copy(b, c->bind);
		return;
	}
	obj = strip_wrappers(resolve_const(c, a1));
	if (!node_is(obj, "object")) {
		b->args_open = 1;	/* built elsewhere: any key may be set */
		return;
	}
	for (child_iter_init(&it, obj); child_iter_next(&it, &p);) {
		const char *key;
		size_t klen;

		if (node_is(p, "pair")) {
			TSNode kn = node_field(p, "key");

			if (!node_is(kn, "property_identifier") && !node_is(kn, "string")) {
				b->args_open = 1;	/* [computed]: any key */
				continue;
			}
			if (!string_content(c, kn, &key, &klen))
				key = node_text(c, kn, &klen);
			value_classify(c, node_field(p, "value"), &v);
			bind_key(b, key, klen, &v);
		} else if (node_is(p, "shorthand_property_identifier")) {
			key = node_text(c, p, &klen);
			value_classify(c, p, &v);
			bind_key(b, key, klen, &v);
		} else if (node_is(p, "spread_element") && names_bound_args(c, call_arg(p, 0))) {
			bind_copy(b, c->bind);
		} else {
			b->args_open = 1;	/* ...other, a method: not followed */
		}
	}
	child_iter_end(&it);
}

static void record(struct run *r, struct ctx *f, TSNode value, const char *type, const char *what,
		   const char *chain)
{
	struct found *x;

	if (r->nr++ >= MAX_FOUND)
		return;
	x = &r->found[r->nr - 1];
	x->file = f;
	x->value = value;
	snprintf(x->type, sizeof(x->type), "%s", type);
	snprintf(x->what, sizeof(x->what), "%s", what);
	snprintf(x->chain, sizeof(x->chain), "%s", chain);
}

/* Judge one name of a resource in f (f->bind is the binding). */
static void judge_name(struct run *r, struct ctx *f, TSNode value, const char *type, const char *what,
		       const char *chain)
{
	const struct binding *b = f->bind;
	struct value unbound, bound;

	if (ts_node_is_null(value))
		return;
	f->bind = NULL;
	value_classify(f, value, &unbound);
	f->bind = b;
	/* lacking it whatever the call passes: the component's own finding */
	if (value_lacks_suffix(f, &unbound) && !(unbound.any & V_COMPNAME))
		return;
	if (!(unbound.any & (V_SUFFIX | V_COMPNAME | V_UNKNOWN | V_PARAM | V_NOTSUFFIX)))
		return;		/* nothing in it the call decides */
	value_classify(f, value, &bound);
	if (value_lacks_suffix(f, &bound))
		record(r, f, value, type, what, chain);
}

static void judge_class(struct run *r, const struct comp_class *k, const struct binding *b, int depth,
			const char *chain);

/* A resource or a component created in the bound constructor. */
static void judge_new(struct run *r, struct ctx *f, TSNode n, int depth, const char *chain)
{
	struct resource res;
	struct comp_class sub;

	if (f->lang->ops->lower(&res, f, n)) {
		struct facts_names names;
		struct buf why = BUF_INIT;
		const char *prop;
		char what[96];

		if (!resource_is_named(f, res.type))
			goto done;
		if (autonaming_physical(r->root->change->autonaming, res.type, &why))
			judge_name(r, f, res.name, res.type, "logical name", chain);
		buf_release(&why);
		if (ts_node_is_null(res.props))
			goto done;
		facts_names_init(&names, res.type, &f->cfg->vocab.name_properties,
				 &f->cfg->vocab.name_properties_remove);
		while ((prop = facts_names_next(&names)) != NULL) {
			size_t pl = strlen(prop);

			/* the provider appends a random suffix to a prefix */
			if (pl >= 6 && !strcmp(prop + pl - 6, "Prefix"))
				continue;
			snprintf(what, sizeof(what), "physical name '%s'", prop);
			judge_name(r, f, resource_prop(&res, prop), res.type, what, chain);
		}
done:
		resource_release(&res);
		return;
	}
	if (depth < MAX_NESTING && find_class(f, n, &sub)) {
		struct binding inner;
		char next[160];

		bind_call(f, n, &sub, &inner);
		snprintf(next, sizeof(next), "%s > %.*s", chain, (int)(sub.name_len > 40 ? 40 : sub.name_len),
			 sub.name);
		judge_class(r, &sub, &inner, depth + 1, next);
	}
}

/* Every `new` in k's constructor, with its parameters bound to b. */
static void judge_class(struct run *r, const struct comp_class *k, const struct binding *b, int depth,
			const char *chain)
{
	struct ctx *f = k->file;
	const struct binding *saved = f->bind;
	TSNode body = node_field(k->ctor, "body");
	TSTreeCursor cur;

	if (ts_node_is_null(body) || r->classes++ >= MAX_CLASSES)
		return;
	f->bind = b;
	cur = ts_tree_cursor_new(body);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		const char *t = ts_node_type(n);
		int descend = 1;

		if (!strcmp(t, "new_expression")) {
			judge_new(r, f, n, depth, chain);
			f->bind = b;	/* a nested class of the same file rebinds it */
		} else if (!strcmp(t, "class_declaration") || !strcmp(t, "class") ||
			   !strcmp(t, "function_declaration") || !strcmp(t, "method_definition")) {
			descend = 0;	/* code of its own, not run by the constructor */
		}
		if (ctx_out_of_time(f))
			break;
		if (descend && ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur) || ts_node_eq(ts_tree_cursor_current_node(&cur), body))
				goto out;
		}
	}
out:
	ts_tree_cursor_delete(&cur);
	f->bind = saved;
}

/* The run for an instantiation of k with b: what lacks the suffix. */
static void run_class(struct run *r, struct ctx *root, const struct comp_class *k, const struct binding *b)
{
	char chain[64];

	memset(r, 0, sizeof(*r));
	r->root = root;
	snprintf(chain, sizeof(chain), "%.*s", (int)(k->name_len > 40 ? 40 : k->name_len), k->name);
	judge_class(r, k, b, 0, chain);
}

/* The first name `all` found that `fixed` no longer finds, or NULL. */
static const struct found *first_fixed(const struct run *all, const struct run *fixed)
{
	size_t i, j, n = all->nr < MAX_FOUND ? all->nr : MAX_FOUND;
	size_t m = fixed->nr < MAX_FOUND ? fixed->nr : MAX_FOUND;

	if (fixed->nr >= all->nr)
		return NULL;
	for (i = 0; i < n; i++) {
		for (j = 0; j < m; j++)
			if (fixed->found[j].file == all->found[i].file &&
			    ts_node_eq(fixed->found[j].value, all->found[i].value))
				break;
		if (j == m)
			return &all->found[i];
	}
	return n ? &all->found[0] : NULL;
}

/* "physical name 'bucket' of aws.s3.Bucket, `tap-data-${...}` on lib/tap-stack.ts:15 (in TapStack)" */
static void describe_found(const struct found *x, struct buf *out)
{
	size_t len;
	const char *t = node_text(x->file, x->value, &len);

	buf_printf(out, "%s of %s, %.*s on %s:%u (in %s)", x->what, x->type, (int)(len > 60 ? 60 : len), t,
		   xfile_path(x->file), ts_node_start_point(x->value).row + 1, x->chain);
}

/* " (and 2 more names)" */
static void describe_more(size_t more, struct buf *out)
{
	if (more)
		buf_printf(out, " (and %zu more name%s)", more, more == 1 ? "" : "s");
}

static const char *first_suffix_name(const struct ctx *c)
{
	const struct strlist *ids = &c->cfg->vocab.suffix_identifiers;

	return ids->nr ? ids->items[0] : "environmentSuffix";
}

/* The pair (or shorthand) of the call's arguments object that sets a suffix name, or null. */
static TSNode suffix_arg(struct ctx *c, TSNode args_obj)
{
	TSNode p, none = { 0 };
	struct child_iter it;

	if (!node_is(args_obj, "object"))
		return none;
	for (child_iter_init(&it, args_obj); child_iter_next(&it, &p);) {
		TSNode kn = node_is(p, "pair") ? node_field(p, "key") : p;
		size_t len;
		const char *t;

		if (!node_is(p, "pair") && !node_is(p, "shorthand_property_identifier"))
			continue;
		if (!string_content(c, kn, &t, &len))
			t = node_text(c, kn, &len);
		if (strlist_has_n(&c->cfg->vocab.suffix_identifiers, t, len)) {
			child_iter_end(&it);
			return node_is(p, "pair") ? node_field(p, "value") : p;
		}
	}
	child_iter_end(&it);
	return none;
}

/* The finding for a name the instantiation's `name` argument makes lack the suffix. */
static void report_name(struct ctx *c, TSNode new_expr, const struct comp_class *k, const struct found *x,
			size_t more)
{
	TSNode a0 = call_arg(node_field(new_expr, "arguments"), 0);
	struct buf desc = BUF_INIT, hint = BUF_INIT, tail = BUF_INIT;
	struct value v;
	size_t len;
	const char *t = node_text(c, a0, &len);

	value_classify(c, a0, &v);
	describe_found(x, &desc);
	if (node_is(a0, "string") && len >= 2)
		buf_printf(&hint, "add the suffix to the name: `%.*s-${%s}`", (int)(len - 2 > 60 ? 60 : len - 2),
			   t + 1, first_suffix_name(c));
	else
		buf_printf(&hint, "add ${%s} to the name passed to %.*s", first_suffix_name(c),
			   (int)(k->name_len > 40 ? 40 : k->name_len), k->name);
	describe_more(more, &tail);
	report_node(c, RULE, c->sev[RULE_MISSING_ENV_SUFFIX], v.has_lit ? v.lit : a0, a0, REPORT_AT_USE,
		    hint.ptr, "%s lacks the environment suffix when %.*s is built here: it is named after the "
		    "component's name, and the name passed here, %.*s, carries no suffix%s", desc.ptr,
		    (int)(k->name_len > 40 ? 40 : k->name_len), k->name, (int)(len > 60 ? 60 : len), t,
		    tail.len ? tail.ptr : "");
	buf_release(&desc);
	buf_release(&tail);
	buf_release(&hint);
}

/* The finding for names the instantiation's arguments make lack the suffix. */
static void report_args(struct ctx *c, TSNode new_expr, const struct comp_class *k, const struct found *x,
			size_t more)
{
	TSNode args = node_field(new_expr, "arguments"), a1 = call_arg(args, 1), obj, sfx, at;
	struct buf desc = BUF_INIT, why = BUF_INIT, hint = BUF_INIT, tail = BUF_INIT;
	const char *sname = first_suffix_name(c);
	int kl = (int)(k->name_len > 40 ? 40 : k->name_len);
	struct value v;

	describe_found(x, &desc);
	describe_more(more, &tail);
	obj = ts_node_is_null(a1) ? a1 : strip_wrappers(resolve_const(c, a1));
	sfx = suffix_arg(c, obj);
	if (!ts_node_is_null(sfx)) {
		size_t len;
		const char *t;

		value_classify(c, sfx, &v);
		at = sfx;
		t = node_text(c, v.has_lit ? v.lit : sfx, &len);
		buf_printf(&why, "the suffix it passes, %.*s, is the same in every environment%s",
			   (int)(len > 60 ? 60 : len), t, tail.len ? tail.ptr : "");
		buf_printf(&hint, "pass the deployment's suffix (config.require('%s'), "
			   "process.env.ENVIRONMENT_SUFFIX), not a fixed value", sname);
		report_node(c, RULE, c->sev[RULE_MISSING_ENV_SUFFIX], v.has_lit ? v.lit : sfx, at, REPORT_AT_USE,
			    hint.ptr, "%s lacks the environment suffix when %.*s is built here: %s", desc.ptr, kl,
			    k->name, why.ptr);
	} else {
		at = ts_node_is_null(a1) ? new_expr : a1;
		buf_printf(&hint, "pass the suffix: new %.*s(..., { %s, ... }), with %s from "
			   "config.require('%s') or process.env.ENVIRONMENT_SUFFIX", kl, k->name, sname, sname, sname);
		report_node(c, RULE, c->sev[RULE_MISSING_ENV_SUFFIX], at, at, 0, hint.ptr,
			    "%s lacks the environment suffix when %.*s is built here: this call does not pass %s, "
			    "so every environment gets the same name%s", desc.ptr, kl, k->name, sname,
			    tail.len ? tail.ptr : "");
	}
	buf_release(&desc);
	buf_release(&why);
	buf_release(&hint);
	buf_release(&tail);
}

/* 1 if the value of n (in c) is written on an added line or in another file. */
static int value_may_report(struct ctx *c, TSNode n)
{
	struct value v;

	if (ts_node_is_null(n))
		return 0;
	if (ctx_of(c, n) != c || node_on_added(c, n))
		return 1;
	value_classify(c, n, &v);
	return v.has_lit && (ctx_of(c, v.lit) != c || node_on_added(c, v.lit));
}

/*
 * 1 if a finding at this instantiation could be kept: the reports below
 * place it on the call, its name's or suffix's literal (in c, or routed
 * to another file's added line), so a call none of whose parts was added
 * reports nothing, unless an added suppression must see what it covers.
 * A file judged whole for other reasons (it imports an edited const) so
 * does not judge every component it builds. STACKGATE_OPTIMIZE=0 judges
 * them all (tests/e2e/optimize.bats compares the two).
 */
static int instance_may_report(struct ctx *c, TSNode new_expr)
{
	TSNode args = node_field(new_expr, "arguments"), a1 = call_arg(args, 1), obj;
	size_t i;

	if (c->exhaustive || !c->change->added || node_on_added(c, new_expr))
		return 1;
	for (i = 0; i < c->nr_supps; i++)
		if (node_on_added_lines(c, c->supps[i].line))
			return 1;
	if (value_may_report(c, call_arg(args, 0)))
		return 1;
	if (ts_node_is_null(a1))
		return 0;
	obj = strip_wrappers(resolve_const(c, a1));
	if (ts_node_is_null(obj))
		return 0;
	if (ctx_of(c, obj) != c || node_on_added(c, obj))
		return 1;
	return value_may_report(c, suffix_arg(c, obj));
}

void suffix_judge_instance(struct ctx *c, TSNode new_expr)
{
	struct comp_class k;
	struct binding *b, *what_if;
	struct run *all, *fixed;
	const struct found *x;
	size_t i;

	if (c->sev[RULE_MISSING_ENV_SUFFIX] == SEV_DISABLED || c->bind)
		return;
	/* a program with Pulumi mocked (a unit test) deploys nothing */
	if (memmem(c->src, c->len, "setMocks", 8))
		return;
	if (!instance_may_report(c, new_expr))
		return;
	if (!find_class(c, new_expr, &k))
		return;
	b = xmalloc(2 * sizeof(*b));
	what_if = b + 1;
	all = xmalloc(2 * sizeof(*all));
	fixed = all + 1;
	bind_call(c, new_expr, &k, b);
	run_class(all, c, &k, b);
	if (!all->nr)
		goto out;
	/* the name: would a suffixed one leave fewer names lacking it? */
	*what_if = *b;
	memset(&what_if->name, 0, sizeof(what_if->name));
	what_if->name.any = V_SUFFIX;
	run_class(fixed, c, &k, what_if);
	x = first_fixed(all, fixed);
	if (x && value_lacks_suffix(c, &b->name))
		report_name(c, new_expr, &k, x, all->nr - fixed->nr - 1);
	if (!fixed->nr)
		goto out;
	/* the arguments: would a suffix in them leave fewer? */
	*what_if = *b;
	for (i = 0; i < what_if->nr; i++)
		if (strlist_has(&c->cfg->vocab.suffix_identifiers, what_if->keys[i].key)) {
			memset(&what_if->keys[i].v, 0, sizeof(what_if->keys[i].v));
			what_if->keys[i].v.any = V_SUFFIX;
		}
	what_if->args_open = 1;
	what_if->name.any = V_SUFFIX;
	{
		struct run *base = fixed;
		struct run *again = xmalloc(sizeof(*again));

		run_class(again, c, &k, what_if);
		x = first_fixed(base, again);
		if (x)
			report_args(c, new_expr, &k, x, base->nr - again->nr - 1);
		free(again);
	}
out:
	free(b);
	free(all);
}

/* What the instantiations of one component class pass as its name. */
struct uses {
	const char *path;	/* the class's file */
	uint32_t cls_start;
	const char *name;	/* the class's name */
	size_t name_len;
	int found;		/* instantiations seen */
	int fixed_old;		/* ... passing a fixed name on a line not added */
	struct buf where;	/* the first of those: "bin/tap.ts:5" */
};

/* Every `new` of the class in m, counted into *u. */
static void uses_in(struct ctx *m, struct uses *u)
{
	TSTreeCursor cur = ts_tree_cursor_new(m->root);

	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		struct comp_class k;

		if (node_is(n, "new_expression") && find_class(m, n, &k) &&
		    !strcmp(xfile_path(k.file), u->path) && ts_node_start_byte(k.cls) == u->cls_start) {
			TSNode a0 = call_arg(node_field(n, "arguments"), 0);
			struct value v;
			uint32_t line = ts_node_start_point(n).row + 1;

			u->found++;
			if (!ts_node_is_null(a0)) {
				value_classify(m, a0, &v);
				/* a name of the caller's own parameters: not known here */
				if (value_lacks_suffix(m, &v) && !(v.any & (V_COMPNAME | V_PARAM)) &&
				    m->change->added && !lines_has(m->change->added, line) && !u->fixed_old++)
					buf_printf(&u->where, "%s:%u", xfile_path(m), line);
			}
		}
		if (ctx_out_of_time(m))
			break;
		if (ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur))
			if (!ts_tree_cursor_goto_parent(&cur))
				goto out;
	}
out:
	ts_tree_cursor_delete(&cur);
}

int suffix_component_uses(struct ctx *c, TSNode value, struct buf *where)
{
	TSNode n = ts_node_parent(value), name;
	struct uses u;
	size_t i, nr;

	while (!ts_node_is_null(n) && !node_is(n, "class_declaration") && !node_is(n, "class"))
		n = ts_node_parent(n);
	if (ts_node_is_null(n) || !class_extends_component(c, n))
		return -1;
	name = node_field(n, "name");
	memset(&u, 0, sizeof(u));
	u.path = xfile_path(c);
	u.cls_start = ts_node_start_byte(n);
	if (!ts_node_is_null(name))
		u.name = node_text(c, name, &u.name_len);
	uses_in(c, &u);
	nr = u.name_len ? xfile_count(c) : 0;
	for (i = 0; i < nr; i++) {
		struct ctx *m = xfile_module_at(c, i, u.name, u.name_len);

		if (m && strcmp(xfile_path(m), u.path))
			uses_in(m, &u);
	}
	buf_reset(where);
	if (u.where.len)
		buf_puts(where, u.where.ptr);
	buf_release(&u.where);
	if (!u.found)
		return -1;
	return u.fixed_old ? 1 : 0;
}
