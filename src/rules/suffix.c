/*
 * missing-env-suffix
 *
 * Risk: a resource whose physical name lacks the environment suffix
 * collides with the same resource of every other environment deployed to
 * the account (dev and staging replace each other's queues, roles and
 * log groups).
 *
 * Violating:  new aws.sqs.Queue('orders', { name: 'orders' })
 *             name: `${environment}-payment-cluster`   (environment is not the suffix)
 * Compliant:  new aws.sqs.Queue('orders', { name: `orders-${environmentSuffix}` })
 *             new aws.sqs.Queue('orders')   (Pulumi names it orders-<random>)
 *
 * The logical name (first argument of new) is judged by
 * unsuffixed-logical-name (rules/logical_name.c), with the helpers here;
 * this rule judges it only where the project's pulumi:autonaming makes
 * it the physical name (autonaming.c).
 *
 * Limits: only names that are certain to lack the suffix are reported
 * (literals, templates of literals, pulumi.getStack(), a component's own
 * name, values known not to be the suffix, parameters whose same-file
 * calls pass such values); a name built from values this file cannot see
 * is never reported. Physical names are top-level properties: the
 * provider facts (model/facts.h) with the INI's additions and removals. A call added to an unchanged helper is judged when the
 * helper's resource is (the walk visits changed code).
 */
#include "rules/rules.h"
#include "model/autonaming.h"
#include "model/facts.h"

#include <string.h>

#define RULE "missing-env-suffix"

static const char *first_suffix_name(const struct ctx *c)
{
	const struct strlist *ids = &c->cfg->vocab.suffix_identifiers;

	return ids->nr ? ids->items[0] : "environmentSuffix";
}

/* Classes that make a name certain to lack the suffix (value_lacks_suffix). */
static unsigned known_bad(const struct ctx *c)
{
	unsigned bad = V_STATIC | V_NOTSUFFIX;

	if (!c->cfg->vocab.accept_get_stack)
		bad |= V_STACK;
	if (!c->cfg->vocab.accept_component_name)
		bad |= V_COMPNAME;
	return bad;
}

static void describe(struct ctx *c, const struct value *v, struct buf *why)
{
	size_t len, flen;
	const char *t, *f;

	if (v->has_fake) {
		const struct decl *d;
		TSNode val = { 0 };

		f = node_text(c, v->fake, &flen);
		d = ctx_find_decl(c, f, flen, ts_node_start_byte(v->fake));
		if (d)
			val = decl_value(c, d);
		if (!ts_node_is_null(val)) {
			t = node_text(c, val, &len);
			buf_printf(why, "'%.*s' is bound to the literal %.*s on line %u, so it is no suffix",
				   (int)(flen > 40 ? 40 : flen), f, (int)(len > 40 ? 40 : len), t,
				   ts_node_start_point(val).row + 1);
		} else {
			buf_printf(why, "'%.*s' is bound to a literal, so it is no suffix",
				   (int)(flen > 40 ? 40 : flen), f);
		}
	} else if (v->any & V_STACK && !c->cfg->vocab.accept_get_stack) {
		buf_puts(why, "pulumi.getStack() is not the environment suffix");
	} else if (v->any & V_COMPNAME && !c->cfg->vocab.accept_component_name) {
		t = node_text(c, v->dyn, &len);
		buf_printf(why, "the component's name parameter '%.*s' is not the environment suffix",
			   (int)(len > 40 ? 40 : len), t);
	} else if (v->any & V_NOTSUFFIX && v->has_dyn) {
		t = node_text(c, v->dyn, &len);
		buf_printf(why, "'%.*s' is not the environment suffix (non_suffix_identifiers)",
			   (int)(len > 40 ? 40 : len), t);
	} else {
		buf_puts(why, "it is a fixed string");
	}
}

/*
 * How the suffix is spelled where `at` sits, for the hint: `sfx` when that
 * name is bound there (a const, a parameter, `const { sfx } = args`), else
 * `ARGS.sfx` inside a component's constructor(name, ARGS, opts), where the
 * suffix usually arrives; else plain `sfx`. The enclosing functions come
 * from ctx_ancestors() and the names they hold from ctx_names_in(): 1,000
 * nested arrow functions must not make each finding walk them all again.
 */
static void suffix_spelling(struct ctx *c, TSNode at, const char *sfx, struct buf *out)
{
	TSNode *up;
	size_t i, nr;

	if (ctx_find_decl(c, sfx, strlen(sfx), ts_node_start_byte(at))) {
		buf_puts(out, sfx);
		return;
	}
	up = xmalloc(4096 * sizeof(*up));
	nr = ctx_ancestors(c, at, up, 4096);
	for (i = 0; i < nr; i++) {
		TSNode n = up[i], params, second;

		if (!node_is(n, "method_definition") && !node_is(n, "function_declaration") &&
		    !node_is(n, "arrow_function") && !node_is(n, "function_expression") &&
		    !node_is(n, "function"))
			continue;
		if (ctx_names_in(c, sfx, ts_node_start_byte(n), ts_node_end_byte(n)))
			break;
		if (!node_is(n, "method_definition") || !node_text_eq(c, node_field(n, "name"), "constructor"))
			continue;
		params = node_field(n, "parameters");
		if (ts_node_is_null(params) || ts_node_named_child_count(params) < 2)
			continue;
		second = node_field(ts_node_named_child(params, 1), "pattern");
		if (!ts_node_is_null(second) && node_is(second, "identifier")) {
			size_t len;
			const char *t = node_text(c, second, &len);

			buf_printf(out, "%.*s.%s", (int)(len > 40 ? 40 : len), t, sfx);
			free(up);
			return;
		}
	}
	free(up);
	buf_puts(out, sfx);
}

/* The fix for a name at `at`, used at `use`: the suffix as it is spelled there. */
static void add_hint(struct ctx *c, TSNode at, TSNode use, struct buf *hint)
{
	const struct lang_words *w = c->lang->words;
	struct buf spelled = BUF_INIT;
	size_t len;
	const char *t;

	/* environment_suffix in Python, when it is a suffix name */
	suffix_spelling(c, use, strlist_has(&c->cfg->vocab.suffix_identifiers, w->suffix_name) ?
			w->suffix_name : first_suffix_name(c), &spelled);
	if (string_content(c, at, &t, &len)) {
		buf_puts(hint, "add the suffix: ");
		buf_printf(hint, w->suffixed, (int)(len > 60 ? 60 : len), t, spelled.ptr);
	} else {
		buf_puts(hint, "add ");
		buf_printf(hint, w->suffix_ref, spelled.ptr);
		buf_puts(hint, " to the name");
	}
	buf_release(&spelled);
}

/* A name certain to lack the suffix: report it where its literal is. */
static void report_lacking(struct ctx *c, const char *rule, enum severity sev, const struct value *v,
			   TSNode value, const char *type, const char *what, const char *note)
{
	struct buf why = BUF_INIT, hint = BUF_INIT;
	TSNode at = v->has_lit ? v->lit : value;
	size_t len, ulen;
	const char *t, *u;

	describe(c, v, &why);
	t = node_text(c, at, &len);
	if (!ts_node_eq(at, value)) {
		/* reached through a const: say where it is used */
		u = node_text(c, value, &ulen);
		buf_printf(&why, " (through %.*s on line %u)", (int)(ulen > 40 ? 40 : ulen), u,
			   ts_node_start_point(value).row + 1);
	}
	if (v->has_fake)
		buf_printf(&hint, "bind %s to the deployment's value (config.require('%s'), "
			   "args.%s || 'dev', process.env.ENVIRONMENT_SUFFIX), not to a literal",
			   first_suffix_name(c), first_suffix_name(c), first_suffix_name(c));
	else
		add_hint(c, at, value, &hint);
	report_node(c, rule, sev, at, value, 0, hint.ptr, "%s of %s, %.*s, lacks the environment suffix: %s%s",
		    what, type, (int)(len > 80 ? 80 : len), t, why.ptr, note ? note : "");
	buf_release(&why);
	buf_release(&hint);
}

/* ---- parameters: what the same-file calls pass ---- */

static int is_function_like(TSNode n)
{
	return node_is(n, "function_declaration") || node_is(n, "generator_function_declaration") ||
	       node_is(n, "method_definition") || node_is(n, "arrow_function") ||
	       node_is(n, "function_expression") || node_is(n, "function");
}

/*
 * The function a parameter belongs to and the parameter's index; the
 * name the function is called by (*name, borrowed) and whether it is a
 * constructor (called with new). 0 if the function has no name: a
 * callback's parameters are not decided here.
 */
static int param_function(struct ctx *c, TSNode use, TSNode *fn, uint32_t *index,
			  const char **name, size_t *nlen, int *ctor)
{
	size_t len;
	const char *t = node_text(c, use, &len);
	const struct decl *d = ctx_find_decl(c, t, len, ts_node_start_byte(use));
	TSNode p, list, f, nm, k;
	uint32_t i, n;

	if (!d || d->kind != DECL_PARAM)
		return 0;
	/* the parameter's name, where the declaration says it is */
	p = ts_node_descendant_for_byte_range(c->root, d->pos, d->pos + (uint32_t)d->name_len);
	if (!node_is(p, "identifier"))
		return 0;
	p = ts_node_parent(p);
	if (is_function_like(p)) {
		f = p;		/* x => ...: the only parameter */
		*index = 0;
	} else {
		list = ts_node_parent(p);
		if (!node_is(list, "formal_parameters"))
			return 0;
		f = ts_node_parent(list);
		n = ts_node_named_child_count(list);
		for (i = 0, *index = 0; i < n; i++) {
			k = ts_node_named_child(list, i);
			if (ts_node_eq(k, p))
				break;
			if (!node_is(k, "comment"))
				(*index)++;
		}
		if (i == n)
			return 0;
	}
	*fn = f;
	*ctor = 0;
	if (node_is(f, "method_definition")) {
		nm = node_field(f, "name");
		if (node_text_eq(c, nm, "constructor")) {
			TSNode cls = ts_node_parent(ts_node_parent(f));	/* class_body, class */

			nm = node_field(cls, "name");
			*ctor = 1;
		}
	} else if (node_is(f, "arrow_function") || node_is(f, "function_expression") || node_is(f, "function")) {
		TSNode decl = ts_node_parent(f);

		if (!node_is(decl, "variable_declarator"))
			return 0;
		nm = node_field(decl, "name");
	} else {
		nm = node_field(f, "name");
	}
	if (!node_is(nm, "identifier") && !node_is(nm, "property_identifier") &&
	    !node_is(nm, "type_identifier"))
		return 0;
	*name = node_text(c, nm, nlen);
	return 1;
}

struct param_call {
	TSNode call;	/* the call or new expression */
	TSNode arg;	/* what it passes for the parameter (null: nothing) */
};

#define MAX_CALLS 32

/*
 * The same-file calls of a function named `name` (f(...), this.f(...),
 * x.f(...); new C(...) for a constructor), found by the name's text and
 * confirmed by the tree; at most MAX_CALLS.
 */
static size_t find_calls(struct ctx *c, const char *name, size_t nlen, int ctor, uint32_t index,
			 struct param_call *out)
{
	const char *p = c->src, *end = c->src + c->len;
	size_t nr = 0;

	/* an empty name (a method the parser recovered without one) would
	 * match everywhere without moving on: no call can name it */
	if (!nlen)
		return 0;
	while (nr < MAX_CALLS && (p = memmem(p, (size_t)(end - p), name, nlen)) != NULL) {
		uint32_t at = (uint32_t)(p - c->src);
		TSNode id = ts_node_descendant_for_byte_range(c->root, at, at + (uint32_t)nlen);
		TSNode callee = id, call, args;

		p += nlen;
		if (ts_node_start_byte(id) != at || ts_node_end_byte(id) != at + nlen)
			continue;
		if (node_is(id, "property_identifier")) {
			callee = ts_node_parent(id);
			if (!node_is(callee, "member_expression") || ctor)
				continue;
		} else if (!node_is(id, "identifier")) {
			continue;
		}
		call = ts_node_parent(callee);
		if (ctor ? !node_is(call, "new_expression") : !node_is(call, "call_expression"))
			continue;
		if (!ts_node_eq(node_field(call, ctor ? "constructor" : "function"), callee))
			continue;
		args = node_field(call, "arguments");
		if (!node_is(args, "arguments"))
			continue;
		out[nr].call = call;
		out[nr].arg = call_arg(args, index);
		nr++;
	}
	return nr;
}

/* 1 if the name at n is bound at the module's top level. */
static int module_level(struct ctx *c, TSNode n, const char *name, size_t len)
{
	const struct decl *d = ctx_find_decl(c, name, len, ts_node_start_byte(n));

	return d && d->scope_start == ts_node_start_byte(c->root) && d->scope_end == ts_node_end_byte(c->root);
}

/*
 * 1 if a suffix identifier occurs as a name inside n (a use, a member, a
 * binding), not counting uses of a module-level binding (those are
 * suffix_in_scope()'s weaker case).
 */
static int mentions_suffix(struct ctx *c, TSNode n)
{
	const struct strlist *ids = &c->cfg->vocab.suffix_identifiers;
	TSTreeCursor cur = ts_tree_cursor_new(n);
	int found = 0;

	for (;;) {
		TSNode k = ts_tree_cursor_current_node(&cur);
		const char *t = ts_node_type(k);

		if (!strcmp(t, "identifier") || !strcmp(t, "property_identifier") ||
		    !strcmp(t, "shorthand_property_identifier") ||
		    !strcmp(t, "shorthand_property_identifier_pattern")) {
			size_t len;
			const char *s = node_text(c, k, &len);

			if (strlist_has_n(ids, s, len) && !(!strcmp(t, "identifier") && module_level(c, k, s, len))) {
				found = 1;
				break;
			}
		}
		if (strcmp(t, "string") && strcmp(t, "comment") && ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur))
				goto out;
		}
	}
out:
	ts_tree_cursor_delete(&cur);
	return found;
}

/*
 * Whether the suffix is within reach where the resource is built: 2 if
 * a binding of a suffix name inside a function is visible there, or one
 * is used anywhere in the outermost function or class around it
 * (args.environmentSuffix in the constructor, this.environmentSuffix in
 * another method); 1 if only a module-level binding is; 0 if none.
 */
static int suffix_in_scope(struct ctx *c, TSNode at)
{
	const struct strlist *ids = &c->cfg->vocab.suffix_identifiers;
	TSNode outer = { 0 };
	uint32_t k;
	size_t i;

	int module = 0;

	for (i = 0; i < ids->nr; i++) {
		const struct decl *d = ctx_find_decl(c, ids->items[i], strlen(ids->items[i]), ts_node_start_byte(at));

		if (d && module_level(c, at, ids->items[i], strlen(ids->items[i])))
			module = 1;
		else if (d)
			return 2;
	}
	for (k = 1; k <= c->depth; k++) {
		TSNode a = ctx_ancestor(c, k);

		if (is_function_like(a) || node_is(a, "class_declaration") || node_is(a, "class"))
			outer = a;
	}
	if (ts_node_is_null(outer))
		return module;
	/* one class holds many resources: remember the last answer, in the
	 * file's own context (a process-wide memo keyed by the source pointer
	 * could answer for another file whose buffer reused the address) */
	if (c->scope_memo_result < 0 || c->scope_memo_start != ts_node_start_byte(outer) ||
	    c->scope_memo_end != ts_node_end_byte(outer)) {
		c->scope_memo_start = ts_node_start_byte(outer);
		c->scope_memo_end = ts_node_end_byte(outer);
		c->scope_memo_result = mentions_suffix(c, outer) ? 1 : 0;
	}
	return c->scope_memo_result ? 2 : module;
}

/* 1 if the function (or the class of a method) is exported: callers may be elsewhere. */
static int is_exported(TSNode fn)
{
	int k;

	for (k = 0; k < 4 && !ts_node_is_null(fn); k++) {
		fn = ts_node_parent(fn);
		if (node_is(fn, "export_statement"))
			return 1;
		if (node_is(fn, "program") || node_is(fn, "statement_block"))
			return 0;
	}
	return 0;
}

/*
 * A name built from fixed text and parameters (v->param): the suffix in
 * scope but unused makes it lack the suffix; else each same-file call
 * that passes a value lacking the suffix is a finding at its argument.
 */
static void judge_params(struct ctx *c, const char *rule, enum severity sev, const struct value *v,
			 TSNode value, const char *type, const char *what, const char *note)
{
	struct param_call calls[MAX_CALLS];
	size_t nr = 0, i, plen, nlen = 0;
	const char *pname = node_text(c, v->param, &plen), *fname = NULL;
	TSNode fn;
	uint32_t index = 0;
	int ctor = 0, some_suffix = 0, named, scope;
	struct value av[MAX_CALLS];

	named = v->has_param == 1 && param_function(c, v->param, &fn, &index, &fname, &nlen, &ctor);
	if (named)
		nr = find_calls(c, fname, nlen, ctor, index, calls);
	for (i = 0; i < nr; i++) {
		value_classify(c, calls[i].arg, &av[i]);
		if (!ts_node_is_null(calls[i].arg) && !value_lacks_suffix(c, &av[i]) &&
		    !(av[i].any & ~(V_SUFFIX | V_STACK | V_COMPNAME | V_STATIC | V_DERIVED)))
			some_suffix = 1;	/* a call passes the suffix in it */
	}
	/* fixed text plus parameters, the suffix at hand and unused: lacks it;
	 * a module-level suffix says so only where no caller is elsewhere */
	if (!some_suffix && (v->any & V_STATIC) && (scope = suffix_in_scope(c, value)) != 0 &&
	    (scope == 2 || (named && !is_exported(fn)))) {
		struct buf hint = BUF_INIT;
		size_t len;
		const char *t = node_text(c, value, &len);

		add_hint(c, value, value, &hint);
		report_node(c, rule, sev, value, value, 0, hint.ptr,
			    "%s of %s, %.*s, lacks the environment suffix: the suffix is in scope here but "
			    "the name uses none of it; its parts are fixed text and '%.*s', which is not "
			    "the suffix%s", what, type, (int)(len > 80 ? 80 : len), t,
			    (int)(plen > 40 ? 40 : plen), pname, note ? note : "");
		buf_release(&hint);
		return;
	}
	for (i = 0; i < nr; i++) {
		struct buf why = BUF_INIT, hint = BUF_INIT;
		TSNode at;
		size_t len, ulen;
		const char *t, *u;

		if (ts_node_is_null(calls[i].arg) || !value_lacks_suffix(c, &av[i]))
			continue;
		describe(c, &av[i], &why);
		at = av[i].has_lit ? av[i].lit : calls[i].arg;
		t = node_text(c, at, &len);
		u = node_text(c, value, &ulen);
		add_hint(c, at, calls[i].arg, &hint);
		report_node(c, rule, sev, at, calls[i].arg, 0, hint.ptr,
			    "%s of %s, %.*s on line %u, lacks the environment suffix: its parameter '%.*s' "
			    "of %.*s() gets %.*s here, and %s%s",
			    what, type, (int)(ulen > 60 ? 60 : ulen), u, ts_node_start_point(value).row + 1,
			    (int)(plen > 40 ? 40 : plen), pname, (int)(nlen > 40 ? 40 : nlen), fname,
			    (int)(len > 60 ? 60 : len), t, why.ptr, note ? note : "");
		buf_release(&why);
		buf_release(&hint);
	}
}

/* 1 if v lacks the suffix only through the component's name parameter. */
static int lacks_by_component_name(struct ctx *c, const struct value *v)
{
	struct value w = *v;

	if (!(v->any & V_COMPNAME) || c->cfg->vocab.accept_component_name)
		return 0;
	w.any = (w.any & ~V_COMPNAME) | V_SUFFIX;
	return !value_lacks_suffix(c, &w);
}

void suffix_judge_name(struct ctx *c, const char *rule, enum severity sev, TSNode value,
		       const char *type, const char *what, const char *note)
{
	struct value v;

	if (sev == SEV_DISABLED || ts_node_is_null(value))
		return;
	value_classify(c, value, &v);
	if (value_lacks_suffix(c, &v) && !strcmp(rule, RULE) && lacks_by_component_name(c, &v)) {
		struct buf where = BUF_INIT, more = BUF_INIT;
		int r = suffix_component_uses(c, value, &where);

		if (r == 1)
			buf_printf(&more, "%s; it is built with a fixed name at %s", note ? note : "", where.ptr);
		if (r != 0)
			report_lacking(c, rule, sev, &v, value, type, what, r == 1 ? more.ptr : note);
		buf_release(&where);
		buf_release(&more);
	} else if (value_lacks_suffix(c, &v))
		report_lacking(c, rule, sev, &v, value, type, what, note);
	else if ((v.any & V_PARAM) && !(v.any & ~(known_bad(c) | V_PARAM)))
		judge_params(c, rule, sev, &v, value, type, what, note);
}

int autonaming_makes_physical(const struct ctx *c, const char *type, struct buf *why)
{
	return autonaming_physical(c->change->autonaming, type, why);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static void rule_suffix_resource(struct ctx *c, const struct resource *r)
{
	const char *type = r->type;
	enum severity sev = c->sev[RULE_MISSING_ENV_SUFFIX];
	struct facts_names names;
	const char *prop;
	struct buf why = BUF_INIT;

	if (ts_node_is_null(r->name) || !resource_is_named(c, type))
		return;
	if (autonaming_makes_physical(c, type, &why)) {
		struct buf note = BUF_INIT;

		buf_printf(&note, " (%s makes logical names physical names)", why.ptr);
		suffix_judge_name(c, RULE, sev, r->name, type, "logical name", note.ptr);
		buf_release(&note);
	}
	buf_release(&why);
	if (ts_node_is_null(r->props))
		return;
	facts_names_init(&names, r->type, &c->cfg->vocab.name_properties,
			 &c->cfg->vocab.name_properties_remove);
	while ((prop = facts_names_next(&names)) != NULL) {
		enum severity psev = sev;
		const char *note = NULL;
		TSNode value;
		char what[96];

		value = resource_prop(r, prop);
		if (ts_node_is_null(value))
			continue;
		if (bucket_rule_covers(c, type, prop, strlen(prop))) {
			struct value v;

			value_classify(c, value, &v);
			if (value_is_static(&v))
				continue;	/* static-bucket-name reports it */
		}
		if (ends_with(prop, "Prefix")) {
			/* the provider appends a random suffix: it never collides */
			if (psev > SEV_ADVISORY)
				psev = SEV_ADVISORY;
			note = " (advisory: the provider appends a unique random suffix to a prefix, so it "
			       "never collides; the suffix only tells environments apart)";
		}
		snprintf(what, sizeof(what), "physical name '%s'", prop);
		suffix_judge_name(c, RULE, psev, value, type, what, note);
	}
}

const struct rule_def rule_missing_env_suffix = {
	.id = RULE,
	.summary = "a resource's physical name does not carry the environment suffix",
	.explain =
		"Catches: a physical-name property of `new X.mod.Type(name, args)` (the provider\n"
		"facts, `stackgate facts TYPE`, plus name_properties, minus name_properties_remove;\n"
		"parent-scoped names such as apigateway.Stage.stageName are not judged unless added;\n"
		"top-level keys only) whose value is certain to lack the suffix: a literal, a\n"
		"template of literals, pulumi.getStack(), a component's own `name` parameter, a\n"
		"value known not to be the suffix (non_suffix_identifiers: `${environment}-db`,\n"
		"config.get('stage')), a suffix name bound to a same-file literal\n"
		"(const environmentSuffix = 'dev'), or fixed text plus parameters where the suffix\n"
		"is in scope but unused. A name built from a parameter of a same-file function is\n"
		"judged by what each same-file call passes (the finding is at that argument).\n"
		"The logical name (first argument of new) is unsuffixed-logical-name's, except where\n"
		"Pulumi.yaml or a Pulumi.<stack>.yaml sets pulumi:autonaming so that logical names\n"
		"become physical names (mode verbatim or disabled, or a pattern with neither a random\n"
		"part nor ${stack}): then this rule judges them too, for the types it covers.\n"
		"\n"
		"Why: every environment deploys to the same account; names without the suffix collide\n"
		"(dev replaces staging's queue, the second stack fails on an existing role).\n"
		"\n"
		"Bad:   new aws.sqs.Queue('orders', { name: 'orders' })\n"
		"       name: `${environment}-payment-cluster`\n"
		"       function buckets(environmentSuffix: string, region: string) {\n"
		"         new aws.s3.Bucket('logs', { bucket: 'fintech-alb-logs-' + region }) }\n"
		"Good:  new aws.sqs.Queue('orders', { name: `orders-${environmentSuffix}` })\n"
		"       name: `orders-${args.environmentSuffix.toLowerCase()}`\n"
		"       name: pulumi.interpolate`/aws/lambda/${fn.name}`   (derived from a resource)\n"
		"       new aws.sqs.Queue('orders')   (no name: Pulumi adds a random suffix)\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   aws.sqs.Queue(f\"jobs-{environment_suffix}\", name=\"jobs-queue\")\n"
		"Good:  aws.sqs.Queue(f\"jobs-{environment_suffix}\", name=f\"jobs-queue-{environment_suffix}\")\n"
		"\n"
		"Advisory only: *Prefix properties (namePrefix, bucketPrefix, identifierPrefix): the\n"
		"provider appends a unique random suffix, so they never collide.\n"
		"\n"
		"Components: at `new TapStack(name, args)` of a ComponentResource class of the\n"
		"program (same file or imported from the judged tree), TapStack's resources are\n"
		"judged with its `name` and `args` bound to what the call passes, and the components\n"
		"it builds likewise (4 levels). A name that lacks the suffix only because of the call\n"
		"is a finding at the call, naming the resource and where it is written:\n"
		"Bad:   new TapStack('TapStack', { tags })   (TapStack: `tap-data-${args.environmentSuffix\n"
		"       || 'dev'}`: the same name in every environment)\n"
		"       new TapStack('TapStack', { environmentSuffix: 'prod' })\n"
		"       new LogStack('logs', {})              (LogStack: name: `/app/${name}-logs`)\n"
		"Good:  new TapStack('TapStack', { environmentSuffix, tags })\n"
		"       new LogStack(`logs-${environmentSuffix}`, {})\n"
		"A value the call's file cannot decide binds as unknown (never a finding); a program\n"
		"that mocks Pulumi (pulumi.runtime.setMocks: a unit test) is not judged there.\n"
		"\n"
		"Not findings: names this file cannot decide (imported helpers, parameters of a\n"
		"function no same-file call passes a value to), new aws.Provider(...), pulumi.Config,\n"
		"pulumi.asset.*, static .get() lookups.\n"
		"\n"
		"Tune: [rule \"missing-env-suffix\"] severity, exclude, suffix_identifiers,\n"
		"non_suffix_identifiers, name_properties, name_properties_remove, exclude_types,\n"
		"accept_get_stack,\n"
		"accept_component_name. check_logical_name is gone: set [rule\n"
		"\"unsuffixed-logical-name\"] severity = mandatory instead.\n",
	.on_resource = rule_suffix_resource,
	.on_instance = suffix_judge_instance,
};
