/*
 * Value classification: what a TypeScript expression may evaluate to, as
 * far as one file can tell. Every rule asks its question of this one
 * model: is the value a literal, does it carry the environment suffix,
 * is it derived from another resource, or is it unknown.
 */
#include "rules/rules.h"
#include "model/lattice.h"
#include "analyze/xfile.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 24
/* Nodes one value_classify() may visit; past it the rest is unknown. */
#define MAX_STEPS 20000

/* Members that transform a string and keep what it carries. */
static const char *const string_methods[] = {
	"toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase",
	"substring", "substr", "slice", "replace", "replaceAll", "trim",
	"trimStart", "trimEnd", "padStart", "padEnd", "toString", "normalize",
	"concat", "valueOf",
};

static int is_string_method(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(string_methods); i++)
		if (strlen(string_methods[i]) == len && !memcmp(string_methods[i], s, len))
			return 1;
	return 0;
}

static int is_suffix_name(const struct ctx *c, const char *s, size_t len)
{
	return strlist_has_n(&c->cfg->vocab.suffix_identifiers, s, len);
}

/* environment, stage: names of values known not to be the suffix */
static int is_non_suffix_name(const struct ctx *c, const char *s, size_t len)
{
	return strlist_has_n(&c->cfg->vocab.non_suffix_identifiers, s, len);
}

static int starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

static void classify(struct ctx *c, TSNode n, struct value *v, int depth);

static void set_lit(struct value *v, TSNode n)
{
	if (!v->has_lit) {
		v->lit = n;
		v->has_lit = 1;
	}
}

static void set_nondet(struct value *v, TSNode n)
{
	v->any |= V_NONDET;
	if (!v->has_nondet) {
		v->nondet = n;
		v->has_nondet = 1;
	}
}

/* Calls whose result differs on every run. */
static const char *const nondet_calls[] = {
	"Date.now", "Math.random", "crypto.randomUUID", "crypto.randomBytes", "crypto.randomInt",
	"randomUUID", "randomBytes", "uuid.v4", "uuidv4", "v4", "nanoid", "performance.now",
};

static int is_nondet_call(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nondet_calls); i++)
		if (!strcmp(nondet_calls[i], name))
			return 1;
	return 0;
}

static void set_dyn(struct value *v, TSNode n)
{
	if (!v->has_dyn) {
		v->dyn = n;
		v->has_dyn = 1;
	}
}

/* Carry the notes of a part (parameter, literal-bound suffix) to the whole. */
static void merge_notes(struct value *v, const struct value *part)
{
	if (part->has_param && !v->has_param) {
		v->param = part->param;
		v->has_param = part->has_param;
	} else if (part->has_param && (part->has_param > 1 || !ts_node_eq(part->param, v->param))) {
		v->has_param = 2;	/* more than one parameter: calls are not judged */
	}
	if (part->has_fake && !v->has_fake) {
		v->fake = part->fake;
		v->has_fake = 1;
	}
}

/* Parts that a predictable (hardcoded) value may be made of. */
#define PREDICTABLE (V_STATIC | V_SUFFIX | V_STACK | V_COMPNAME)

static void seq_init(struct value_seq *s)
{
	memset(s, 0, sizeof(*s));
	s->predictable = 1;
}

static void seq_add(struct value_seq *s, const struct value *part)
{
	s->v.any |= part->any;
	if (part->has_lit)
		set_lit(&s->v, part->lit);
	if (part->has_dyn)
		set_dyn(&s->v, part->dyn);
	if (part->has_nondet)
		set_nondet(&s->v, part->nondet);
	merge_notes(&s->v, part);
	if (part->hard)
		s->text = 1;
	else if (part->any & ~PREDICTABLE)
		s->predictable = 0;
}

static void seq_finish(struct value_seq *s, struct value *v)
{
	*v = s->v;
	v->hard = s->text && s->predictable;
}

/* Alternatives: `a || b`, `a ?? b`, `c ? a : b`. */
static void alt_add(struct value *v, const struct value *part)
{
	v->any |= part->any;
	if (part->hard && !v->hard) {
		v->hard = 1;
		v->lit = part->lit;
		v->has_lit = part->has_lit;
	} else if (part->has_lit) {
		set_lit(v, part->lit);
	}
	if (part->has_dyn)
		set_dyn(v, part->dyn);
	if (part->has_nondet)
		set_nondet(v, part->nondet);
	merge_notes(v, part);
}

static void classify_template(struct ctx *c, TSNode n, struct value *v, int depth)
{
	uint32_t i, cnt = ts_node_named_child_count(n);
	struct value_seq s;
	int text = 0;

	seq_init(&s);
	for (i = 0; i < cnt; i++) {
		TSNode k = ts_node_named_child(n, i);

		if (node_is(k, "template_substitution")) {
			struct value part;

			classify(c, call_arg(k, 0), &part, depth + 1);
			seq_add(&s, &part);
		} else if (ts_node_end_byte(k) > ts_node_start_byte(k)) {
			text = 1;	/* string_fragment, escape_sequence */
		}
	}
	/* a template with no substitution may hold its text directly */
	if (!cnt && ts_node_end_byte(n) - ts_node_start_byte(n) > 2)
		text = 1;
	if (text) {
		s.text = 1;
		s.v.any |= V_STATIC;
	}
	seq_finish(&s, v);
	if (text || v->hard) {
		v->lit = n;
		v->has_lit = 1;
	}
	if (!text && !cnt)
		v->any |= V_STATIC;	/* `` is static, if empty */
}

static void classify_binary(struct ctx *c, TSNode n, struct value *v, int depth)
{
	TSNode op = node_field(n, "operator");
	TSNode l = node_field(n, "left");
	TSNode r = node_field(n, "right");
	struct value lv, rv;

	classify(c, l, &lv, depth + 1);
	classify(c, r, &rv, depth + 1);
	if (node_is(op, "+")) {
		struct value_seq s;

		seq_init(&s);
		seq_add(&s, &lv);
		seq_add(&s, &rv);
		seq_finish(&s, v);
	} else if (node_is(op, "||") || node_is(op, "??") || node_is(op, "&&")) {
		alt_add(v, &lv);
		alt_add(v, &rv);
	} else {
		v->any = V_UNKNOWN;
		if (lv.has_nondet)
			set_nondet(v, lv.nondet);
		if (rv.has_nondet)
			set_nondet(v, rv.nondet);
	}
}

/*
 * Memoized bindings (struct value_memo). memo_get() gives the remembered
 * value when it holds at this depth; else the caller computes it between
 * memo_begin() and memo_end(). c->value_cuts counts results the depth
 * limit (or a cycle) cut short, so that a memo knows whether it was.
 */
static int memo_get(struct ctx *c, struct value_memo *m, struct value *v, int depth)
{
	/* under a binding a value depends on the instantiation: never remembered */
	if (c->bind)
		return 0;
	if (m->state == 1) {
		/* const a = b; const b = a: the value is its own part */
		memset(v, 0, sizeof(*v));
		v->any = V_UNKNOWN;
		c->value_cuts++;
		return 1;
	}
	if (m->state != 2 || (m->cut && depth < m->depth))
		return 0;
	*v = m->v;
	if (m->cut)
		c->value_cuts++;
	return 1;
}

static unsigned memo_begin(struct ctx *c, struct value_memo *m)
{
	if (c->bind)
		return c->value_cuts;
	m->state = 1;
	m->budget_cuts = c->budget_cuts;
	return c->value_cuts;
}

static void memo_end(struct ctx *c, struct value_memo *m, const struct value *v, int depth,
		     unsigned cuts_before)
{
	if (c->bind)
		return;
	/* cut short by the step budget of one value_classify(): the next
	 * value has a budget of its own, so this result holds for none */
	if (c->budget_cuts != m->budget_cuts) {
		m->state = 0;
		return;
	}
	m->state = 2;
	m->v = *v;
	m->depth = depth;
	m->cut = c->value_cuts != cuts_before;
}

/*
 * The alternatives a function body returns (an expression body is one),
 * as alt_add() joins them; at most 32 return statements are read.
 */
static void classify_returns(struct ctx *c, TSNode body, struct value *v, int depth)
{
	TSTreeCursor cur;
	struct value part;
	int nr = 0;

	memset(v, 0, sizeof(*v));
	if (ts_node_is_null(body))
		return;
	if (!node_is(body, "statement_block")) {
		classify(c, body, v, depth + 1);
		return;
	}
	cur = ts_tree_cursor_new(body);
	if (!ts_tree_cursor_goto_first_child(&cur))
		goto out;
	for (;;) {
		TSNode k = ts_tree_cursor_current_node(&cur);
		const char *t = ts_node_type(k);
		int descend = 1;

		if (!strcmp(t, "return_statement") && ts_node_named_child_count(k)) {
			classify(c, call_arg(k, 0), &part, depth + 1);
			alt_add(v, &part);
			descend = 0;
			if (++nr >= 32) {
				v->any |= V_UNKNOWN;
				goto out;
			}
		} else if (!strcmp(t, "arrow_function") || !strcmp(t, "function_expression") ||
			   !strcmp(t, "function_declaration") || !strcmp(t, "class_declaration")) {
			descend = 0;
		}
		if (descend && ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur) ||
			    ts_node_eq(ts_tree_cursor_current_node(&cur), body))
				goto out;
		}
	}
out:
	ts_tree_cursor_delete(&cur);
	if (!nr && node_is(body, "statement_block"))
		v->any |= V_UNKNOWN;
}

/*
 * A helper's result. A helper only ever helps a name (it never makes a
 * name a finding: any is V_SUFFIX or V_UNKNOWN), but a literal it
 * returns is still a literal (hard) where a secret is expected.
 */
static void helper_value(struct ctx *c, const struct func *f, struct value *v, int depth)
{
	struct value ret;

	classify_returns(c, f->body, &ret, depth);
	memset(v, 0, sizeof(*v));
	v->any = (ret.any & V_SUFFIX) ? V_SUFFIX : V_UNKNOWN;
	if (ret.hard) {
		v->hard = 1;
		v->lit = ret.lit;
		v->has_lit = ret.has_lit;
	}
}

/* helper_value(), once per helper: its returns are the same on every call. */
static void classify_helper(struct ctx *c, struct func *f, struct value *v, int depth)
{
	unsigned cuts;

	if (memo_get(c, &f->memo, v, depth))
		return;
	cuts = memo_begin(c, &f->memo);
	helper_value(c, f, v, depth);
	memo_end(c, &f->memo, v, depth, cuts);
}

/* x.apply(cb), x.then(cb), pulumi.all([...]).apply(cb): what cb returns. */
static void classify_callback(struct ctx *c, TSNode args, struct value *v, int depth)
{
	TSNode cb = strip_wrappers(call_arg(args, 0));
	struct value ret;

	if (node_is(cb, "identifier")) {
		size_t len;
		const char *t = node_text(c, cb, &len);
		const struct func *f = ctx_find_func(c, t, len);

		if (!f)
			return;
		classify_returns(c, f->body, &ret, depth);
	} else if (node_is(cb, "arrow_function") || node_is(cb, "function_expression") ||
		   node_is(cb, "function")) {
		classify_returns(c, node_field(cb, "body"), &ret, depth);
	} else {
		return;
	}
	if (ret.hard) {
		v->hard = 1;
		v->lit = ret.lit;
		v->has_lit = ret.has_lit;
	}
	if (ret.has_nondet)
		set_nondet(v, ret.nondet);
}

/* 1 (and v set) if the object a method is called on changes every run. */
static int receiver_nondet(struct ctx *c, TSNode member, struct value *v, int depth)
{
	struct value recv;

	classify(c, node_field(member, "object"), &recv, depth + 1);
	if (!recv.has_nondet)
		return 0;
	*v = recv;
	return 1;
}

/* ['a', 'b'].join(sep): a sequence of the elements and separators. */
static void classify_join(struct ctx *c, TSNode arr, TSNode sep, struct value *v, int depth)
{
	struct child_iter it;
	struct value_seq s;
	struct value part, sepv;
	TSNode k;
	int first = 1, n = 0;

	seq_init(&s);
	classify(c, sep, &sepv, depth + 1);
	for (child_iter_init(&it, arr); child_iter_next(&it, &k);) {
		if (++n > 64 || node_is(k, "spread_element")) {
			memset(&part, 0, sizeof(part));
			part.any = V_UNKNOWN;
			seq_add(&s, &part);
			break;
		}
		if (!first && !ts_node_is_null(sep))
			seq_add(&s, &sepv);
		classify(c, k, &part, depth + 1);
		seq_add(&s, &part);
		first = 0;
	}
	child_iter_end(&it);
	seq_finish(&s, v);
	if (v->hard) {
		v->lit = arr;	/* the whole array is the secret */
		v->has_lit = 1;
	}
}

static void classify_call(struct ctx *c, TSNode n, struct value *v, int depth)
{
	TSNode fn = node_field(n, "function");
	TSNode args = node_field(n, "arguments");
	TSNode arg0 = { 0 };
	struct buf name = BUF_INIT;
	const char *prop = NULL;
	size_t plen = 0;
	int bound;

	if (node_is(args, "arguments") && call_argc(args))
		arg0 = call_arg(args, 0);
	bound = canon_name(c, fn, &name);
	if (node_is(fn, "member_expression")) {
		TSNode p = node_field(fn, "property");

		if (!ts_node_is_null(p))
			prop = node_text(c, p, &plen);
	}

	if (bound && name.ptr && !strcmp(name.ptr, "pulumi.interpolate") && node_is(args, "template_string")) {
		classify_template(c, args, v, depth);
	} else if (bound && name.ptr && (!strcmp(name.ptr, "pulumi.secret") ||
		   !strcmp(name.ptr, "pulumi.output") || !strcmp(name.ptr, "pulumi.Output.create") ||
		   !strcmp(name.ptr, "pulumi.unsecret"))) {
		if (!ts_node_is_null(arg0))
			classify(c, arg0, v, depth + 1);
	} else if (!bound && name.ptr && is_nondet_call(name.ptr)) {
		set_nondet(v, n);
	} else if (bound && name.ptr && !strcmp(name.ptr, "pulumi.getStack")) {
		v->any = V_STACK;
		set_dyn(v, n);
	} else if (bound && name.ptr && !strcmp(name.ptr, "pulumi.concat")) {
		struct value_seq s;
		uint32_t i, cnt = call_argc(args);

		seq_init(&s);
		for (i = 0; i < cnt; i++) {
			struct value part;

			classify(c, call_arg(args, i), &part, depth + 1);
			seq_add(&s, &part);
		}
		seq_finish(&s, v);
	} else if (prop && (starts_with(prop, plen, "requireSecret") || starts_with(prop, plen, "getSecret"))) {
		v->any = V_SECRET;	/* config secrets, secretsmanager lookups */
	} else if (prop && (starts_with(prop, plen, "require") || starts_with(prop, plen, "get")) &&
		   node_is(arg0, "string")) {
		const char *key;
		size_t klen;

		/* config.require('environmentSuffix') */
		string_content(c, arg0, &key, &klen);
		v->any = is_suffix_name(c, key, klen) ? V_SUFFIX :
			 is_non_suffix_name(c, key, klen) ? V_NOTSUFFIX : V_UNKNOWN;
		if (v->any == V_NOTSUFFIX)
			set_dyn(v, n);
	} else if (prop && is_string_method(prop, plen)) {
		struct value recv;

		classify(c, node_field(fn, "object"), &recv, depth + 1);
		*v = recv;
		if (plen == 6 && !memcmp(prop, "concat", 6)) {
			struct value_seq s;
			uint32_t i, cnt = call_argc(args);

			seq_init(&s);
			seq_add(&s, &recv);
			for (i = 0; i < cnt; i++) {
				struct value part;

				classify(c, call_arg(args, i), &part, depth + 1);
				seq_add(&s, &part);
			}
			seq_finish(&s, v);
		}
	} else if (prop && receiver_nondet(c, fn, v, depth)) {
		/* new Date().getTime(), Date.now().valueOf(): still new every run */
	} else if (prop && ((plen == 5 && !memcmp(prop, "apply", 5)) || (plen == 4 && !memcmp(prop, "then", 4)))) {
		struct value recv;

		/* derived for names; a literal the callback returns is still one */
		classify(c, node_field(fn, "object"), &recv, depth + 1);
		v->any = V_DERIVED | (recv.any & V_SUFFIX);
		classify_callback(c, args, v, depth);
	} else if (prop && plen == 4 && !memcmp(prop, "join", 4) &&
		   node_is(strip_wrappers(resolve_const(c, node_field(fn, "object"))), "array")) {
		classify_join(c, strip_wrappers(resolve_const(c, node_field(fn, "object"))), arg0, v, depth);
	} else if (node_is(fn, "identifier") && node_text_eq(c, fn, "String") && !ts_node_is_null(arg0)) {
		classify(c, arg0, v, depth + 1);
	} else if (node_text_eq(c, fn, "String.raw") && node_is(args, "template_string")) {
		classify_template(c, args, v, depth);
	} else {
		struct func *f = NULL;
		size_t len;
		const char *t;

		if (node_is(fn, "identifier")) {
			t = node_text(c, fn, &len);
			f = ctx_find_func(c, t, len);
		} else if (prop) {
			f = ctx_find_func(c, prop, plen);	/* this.getResourceName() */
		}
		if (f) {
			classify_helper(c, f, v, depth);
		} else {
			uint32_t i, cnt = call_argc(args);

			v->any = V_UNKNOWN;
			/* Math.floor(Math.random() * 1e4): still new every run */
			for (i = 0; i < cnt && i < 8; i++) {
				struct value part;

				classify(c, call_arg(args, i), &part, depth + 1);
				if (part.has_nondet)
					set_nondet(v, part.nondet);
			}
		}
	}
	buf_release(&name);
}

/*
 * A suffix name bound to a same-file literal (const environmentSuffix =
 * 'dev') is that literal, not a suffix: 1 and *v set to it. The normal
 * bindings (args.environmentSuffix || 'dev', config reads) hold a part
 * that is not a literal, so they stay the suffix.
 */
static int literal_suffix(struct ctx *c, TSNode n, const char *t, size_t len, struct value *v, int depth)
{
	const struct decl *d = ctx_find_decl(c, t, len, ts_node_start_byte(n));
	struct value bound;
	TSNode val;

	if (!d || decl_in_own_value(d, ts_node_start_byte(n)) ||
	    (d->kind != DECL_CONST && d->kind != DECL_MUTABLE && d->kind != DECL_PATTERN &&
	     d->kind != DECL_IMPORT))
		return 0;
	val = decl_value(c, d);
	if (ts_node_is_null(val))
		return 0;
	/* const { environmentSuffix = 'dev' } = args: the default, not the binding */
	if (d->kind == DECL_PATTERN && !ts_node_is_null(d->value) && ts_node_start_byte(val) > d->pos &&
	    ts_node_end_byte(val) <= ts_node_start_byte(d->value))
		return 0;
	classify(c, val, &bound, depth + 1);
	if (bound.any != V_STATIC || !bound.has_lit)
		return 0;
	*v = bound;
	v->fake = n;
	v->has_fake = 1;
	return 1;
}

/* ---- bindings: a component's parameters at one instantiation (model.h) ---- */

/*
 * What the bound call passes for args.KEY into *v: 1; 2 if it does not
 * set KEY (*v is then undefined: nothing, as the `undefined` literal is,
 * so `name: args.KEY` is not set and autonamed, while `` `orders-${args.KEY}` ``
 * is fixed text and `args.KEY || 'dev'` is 'dev'); 0 when it may be anything.
 */
static int bound_key(const struct binding *b, const char *key, size_t len, struct value *v)
{
	size_t i;

	for (i = 0; i < b->nr; i++)
		if (strlen(b->keys[i].key) == len && !memcmp(b->keys[i].key, key, len)) {
			*v = b->keys[i].v;
			return 1;
		}
	if (b->args_open)
		return 0;
	memset(v, 0, sizeof(*v));
	return 2;
}

/* 1 if identifier n names the bound constructor's args parameter. */
static int is_bound_args(struct ctx *c, TSNode n)
{
	size_t len;
	const char *t;
	const struct decl *d;

	n = strip_wrappers(n);
	if (!node_is(n, "identifier") || c->bind->args_pos == UINT32_MAX)
		return 0;
	t = node_text(c, n, &len);
	d = ctx_find_decl(c, t, len, ts_node_start_byte(n));
	return d && d->kind == DECL_PARAM && d->pos == c->bind->args_pos;
}

/*
 * const { environmentSuffix = 'dev' } = args (one level, with or without
 * a default or a new name): what the bound call passes, or the default
 * when it passes nothing. 1 and *v set, 0 when the pattern is another shape.
 */
static int bound_pattern(struct ctx *c, const struct decl *d, struct value *v, int depth)
{
	TSNode n = ts_node_descendant_for_byte_range(c->root, d->pos, d->pos + (uint32_t)d->name_len);
	TSNode p = ts_node_parent(n), def = { 0 }, keyn = n, obj;
	size_t klen;
	const char *key;

	if (node_is(p, "object_assignment_pattern") || node_is(p, "assignment_pattern")) {
		def = node_field(p, "right");
		n = p;
		p = ts_node_parent(p);
	}
	if (node_is(p, "pair_pattern")) {
		keyn = node_field(p, "key");
		n = p;
		p = ts_node_parent(p);
	} else if (!node_is(keyn, "shorthand_property_identifier_pattern")) {
		return 0;
	}
	obj = p;
	if (!node_is(obj, "object_pattern") || !node_is(ts_node_parent(obj), "variable_declarator") ||
	    !is_bound_args(c, d->value))
		return 0;
	if (!string_content(c, keyn, &key, &klen))
		key = node_text(c, keyn, &klen);
	switch (bound_key(c->bind, key, klen, v)) {
	case 0:
		memset(v, 0, sizeof(*v));
		v->any = V_UNKNOWN;
		break;
	case 2:
		if (!ts_node_is_null(def))
			classify(c, def, v, depth + 1);	/* not passed: the default */
		break;
	}
	return 1;
}

/*
 * An identifier inside the bound constructor: its name parameter, the
 * args parameter, a name destructured from args, a suffix name bound
 * there. 1 and *v set; 0: classify it as usual.
 */
static int bound_identifier(struct ctx *c, TSNode n, const char *t, size_t len, struct value *v, int depth)
{
	const struct binding *b = c->bind;
	const struct decl *d = ctx_find_decl(c, t, len, ts_node_start_byte(n));
	TSNode val;

	if (!d || d->pos < b->ctor_start || d->pos >= b->ctor_end || decl_in_own_value(d, ts_node_start_byte(n)))
		return 0;
	if (d->kind == DECL_COMPONENT_NAME && d->pos == b->name_pos) {
		*v = b->name;
		return 1;
	}
	if (d->kind == DECL_PARAM && d->pos == b->args_pos) {
		v->any = V_UNKNOWN;	/* the arguments as a whole */
		return 1;
	}
	if (d->kind == DECL_PATTERN && bound_pattern(c, d, v, depth))
		return 1;
	if (!is_suffix_name(c, t, len) || (d->kind != DECL_CONST && d->kind != DECL_MUTABLE))
		return 0;
	/* const environmentSuffix = args.environmentSuffix || 'dev': what it holds here */
	val = decl_value(c, d);
	if (ts_node_is_null(val))
		return 0;
	classify(c, val, v, depth + 1);
	return 1;
}

static void classify_identifier(struct ctx *c, TSNode n, struct value *v, int depth)
{
	size_t len;
	const char *t = node_text(c, n, &len);
	struct decl *d;
	unsigned cuts;

	if (c->bind && bound_identifier(c, n, t, len, v, depth))
		return;
	if (is_suffix_name(c, t, len)) {
		if (!literal_suffix(c, n, t, len, v, depth))
			v->any = V_SUFFIX;
		return;
	}
	if (len == 9 && !memcmp(t, "undefined", 9))
		return;
	d = ctx_find_decl(c, t, len, ts_node_start_byte(n));
	if (is_non_suffix_name(c, t, len)) {
		/* environment, stage: whatever it holds, it is not the suffix,
		 * unless a same-file binding says otherwise */
		TSNode val = { 0 };

		if (d && !decl_in_own_value(d, ts_node_start_byte(n)) &&
		    (d->kind == DECL_CONST || d->kind == DECL_MUTABLE || d->kind == DECL_PATTERN))
			val = decl_value(c, d);
		if (!ts_node_is_null(val)) {
			classify(c, val, v, depth + 1);
			if ((v->any & V_NOTSUFFIX) && !v->has_dyn)
				set_dyn(v, n);	/* name it in messages */
			if ((v->any & V_SUFFIX) || value_lacks_suffix(c, v))
				return;
		}
		memset(v, 0, sizeof(*v));
		v->any = V_NOTSUFFIX;
		set_dyn(v, n);
		return;
	}
	if (!d || decl_in_own_value(d, ts_node_start_byte(n))) {
		v->any = V_UNKNOWN;
		return;
	}
	switch (d->kind) {
	case DECL_CONST:
	case DECL_MUTABLE:
	case DECL_PATTERN:
	case DECL_IMPORT: {
		TSNode val = decl_value(c, d);

		if (ts_node_is_null(val)) {
			v->any = V_UNKNOWN;
		} else if (node_is(val, "new_expression")) {
			struct buf type = BUF_INIT;

			v->any = resource_type(c, val, &type) ? V_RESOURCE : V_UNKNOWN;
			buf_release(&type);
		} else if (!memo_get(c, &d->memo, v, depth + 1)) {
			/* once per binding: a const used everywhere, templates of templates */
			cuts = memo_begin(c, &d->memo);
			classify(c, val, v, depth + 1);
			memo_end(c, &d->memo, v, depth + 1, cuts);
		}
		return;
	}
	case DECL_PARAM:
		/* f(password = 'x'): the caller's value, or the default */
		if (ts_node_start_byte(d->value) != d->pos) {
			classify(c, d->value, v, depth + 1);
			v->any |= V_UNKNOWN;
		} else {
			/* what each same-file call passes decides (rules/suffix.c) */
			v->any = V_PARAM;
			v->param = n;
			v->has_param = 1;
		}
		return;
	case DECL_COMPONENT_NAME:
		v->any = V_COMPNAME;
		set_dyn(v, n);
		return;
	default:
		v->any = V_UNKNOWN;
		return;
	}
}

/* The class body around n (for this.x), or a null node. */
static TSNode enclosing_class_body(TSNode n)
{
	int i;

	for (i = 0; i < 64 && !ts_node_is_null(n); i++) {
		n = ts_node_parent(n);
		if (node_is(n, "class_body"))
			return n;
	}
	return n;
}

/* The initialiser of field `key` of a class body or member of an enum body. */
static TSNode body_member(const struct ctx *c, TSNode body, const char *key, size_t klen)
{
	struct child_iter it;
	TSNode k, found = { 0 };

	for (child_iter_init(&it, body); child_iter_next(&it, &k);) {
		TSNode name = node_field(k, "name");
		const char *t;
		size_t len;

		if (!node_is(k, "public_field_definition") && !node_is(k, "enum_assignment"))
			continue;
		if (!string_content(c, name, &t, &len))
			t = node_text(c, name, &len);
		if (len == klen && !memcmp(t, key, len))
			found = node_field(k, "value");
	}
	child_iter_end(&it);
	return found;
}

/*
 * The node a member read names when this file holds it: creds.db and
 * creds['db'] of a const object, list[0] of a const array, Cls.field,
 * this.field, Enum.Member. A null node otherwise.
 */
static TSNode member_target(struct ctx *c, TSNode n)
{
	TSNode obj = strip_wrappers(node_field(n, "object")), key, none = { 0 };
	const char *k;
	size_t klen;

	if (node_is(n, "member_expression")) {
		key = node_field(n, "property");
		if (ts_node_is_null(key))
			return none;
		k = node_text(c, key, &klen);
	} else {
		key = strip_wrappers(node_field(n, "index"));
		if (node_is(key, "number")) {
			const char *t = node_text(c, key, &klen);
			char buf[16];

			if (klen >= sizeof(buf))
				return none;
			memcpy(buf, t, klen);
			buf[klen] = '\0';
			return array_element(c, resolve_const(c, obj), (uint32_t)strtoul(buf, NULL, 10));
		}
		if (!string_content(c, resolve_const(c, key), &k, &klen))
			return none;
	}
	if (node_is(obj, "this"))
		return body_member(c, enclosing_class_body(n), k, klen);
	if (node_is(obj, "identifier")) {
		size_t len;
		const char *t = node_text(c, obj, &len);
		const struct decl *d = ctx_find_decl(c, t, len, ts_node_start_byte(obj));

		if (d && (d->kind == DECL_CLASS || d->kind == DECL_ENUM))
			return body_member(c, d->value, k, klen);
	}
	if (node_is(obj, "member_expression") || node_is(obj, "subscript_expression")) {
		TSNode inner = member_target(c, obj);

		if (ts_node_is_null(inner))
			return none;
		obj = inner;
	}
	obj = resolve_const(c, obj);
	if (!object_like(c, obj))
		return none;
	return object_get_n_key(c, obj, k, klen);
}

static void classify_member(struct ctx *c, TSNode n, struct value *v, int depth)
{
	TSNode prop = node_field(n, "property");
	TSNode obj = node_field(n, "object");
	TSNode target;
	size_t len;
	const char *t;

	if (!ts_node_is_null(prop)) {
		t = node_text(c, prop, &len);
		/* args.environmentSuffix: what this instantiation passes */
		if (c->bind && node_is(n, "member_expression") && is_bound_args(c, obj)) {
			if (!bound_key(c->bind, t, len, v)) {
				memset(v, 0, sizeof(*v));
				v->any = V_UNKNOWN;
			}
			return;
		}
		if (is_suffix_name(c, t, len)) {
			v->any = V_SUFFIX;
			return;
		}
		/* args.environment, this.stage */
		if (is_non_suffix_name(c, t, len)) {
			v->any = V_NOTSUFFIX;
			set_dyn(v, n);
			return;
		}
	}
	/* creds.db of a const object in this file: what it holds */
	target = member_target(c, n);
	if (!ts_node_is_null(target)) {
		classify(c, target, v, depth + 1);
		return;
	}
	if (node_is(n, "subscript_expression")) {
		v->any = V_UNKNOWN;
		return;
	}
	/* bucket.arn, fn.name: another resource's output */
	if (node_is(obj, "identifier") || node_is(obj, "member_expression")) {
		struct value ov;

		classify(c, obj, &ov, depth + 1);
		if (ov.any & (V_RESOURCE | V_DERIVED)) {
			v->any = V_DERIVED;
			return;
		}
		if (ov.any & V_SECRET) {
			v->any = V_SECRET;
			return;
		}
	} else if (node_is(obj, "new_expression")) {
		struct buf type = BUF_INIT;

		v->any = resource_type(c, obj, &type) ? V_DERIVED : V_UNKNOWN;
		buf_release(&type);
		return;
	}
	v->any = V_UNKNOWN;
}

static void classify(struct ctx *c, TSNode n, struct value *v, int depth)
{
	const char *type;

	memset(v, 0, sizeof(*v));
	if (ts_node_is_null(n))
		return;
	if (c->xf) {
		/* a node of another file (an imported const) is classified there,
		 * on the same step budget */
		struct ctx *o = ctx_of(c, n);

		if (o != c) {
			o->budget = c->budget;
			o->resolve_budget = c->resolve_budget;
			classify(o, n, v, depth);
			c->budget = o->budget;
			return;
		}
	}
	/* a bound on work: no shape of code makes one value cost more */
	if (depth > MAX_DEPTH || !c->budget) {
		v->any = V_UNKNOWN;
		if (depth > MAX_DEPTH)
			c->value_cuts++;
		else
			c->budget_cuts++;
		return;
	}
	c->budget--;
	if (LANG_OP(c, classify)) {
		c->lang->ops->classify(c, n, v, depth);
		return;
	}
	n = strip_wrappers(n);
	type = ts_node_type(n);
	if (!strcmp(type, "string")) {
		v->any = V_STATIC;
		set_lit(v, n);
		v->hard = ts_node_end_byte(n) - ts_node_start_byte(n) > 2;
	} else if (!strcmp(type, "template_string")) {
		classify_template(c, n, v, depth);
	} else if (!strcmp(type, "number")) {
		v->any = V_STATIC;
	} else if (!strcmp(type, "true") || !strcmp(type, "false") || !strcmp(type, "null") ||
		   !strcmp(type, "undefined")) {
		/* nothing to name, nothing to hide */
	} else if (!strcmp(type, "type_assertion")) {
		classify(c, strip_wrappers(n), v, depth + 1);	/* <string>'x': the expression, not the type */
	} else if (!strcmp(type, "parenthesized_expression") || !strcmp(type, "as_expression") ||
		   !strcmp(type, "non_null_expression") || !strcmp(type, "satisfies_expression") ||
		   !strcmp(type, "await_expression") || !strcmp(type, "template_substitution")) {
		classify(c, call_arg(n, 0), v, depth + 1);
	} else if (!strcmp(type, "binary_expression")) {
		classify_binary(c, n, v, depth);
	} else if (!strcmp(type, "ternary_expression")) {
		struct value a, b;

		classify(c, node_field(n, "consequence"), &a, depth + 1);
		classify(c, node_field(n, "alternative"), &b, depth + 1);
		alt_add(v, &a);
		alt_add(v, &b);
	} else if (!strcmp(type, "identifier") || !strcmp(type, "shorthand_property_identifier")) {
		classify_identifier(c, n, v, depth);
	} else if (!strcmp(type, "member_expression") || !strcmp(type, "subscript_expression")) {
		classify_member(c, n, v, depth);
	} else if (!strcmp(type, "call_expression")) {
		classify_call(c, n, v, depth);
	} else if (!strcmp(type, "new_expression")) {
		struct buf rtype = BUF_INIT;
		TSNode ctor = node_field(n, "constructor");

		if (node_is(ctor, "identifier") && node_text_eq(c, ctor, "Date") &&
		    call_argc(node_field(n, "arguments")) == 0)
			set_nondet(v, n);	/* new Date(): now */
		else
			v->any = resource_type(c, n, &rtype) ? V_RESOURCE : V_UNKNOWN;
		buf_release(&rtype);
	} else {
		v->any = V_UNKNOWN;
	}
}

void value_classify(struct ctx *c, TSNode n, struct value *out)
{
	c->budget = MAX_STEPS;
	classify(c, n, out, 0);
}

int value_lacks_suffix(const struct ctx *c, const struct value *v)
{
	unsigned known_bad = V_STATIC | V_NOTSUFFIX;

	if (!c->cfg->vocab.accept_get_stack)
		known_bad |= V_STACK;
	if (!c->cfg->vocab.accept_component_name)
		known_bad |= V_COMPNAME;
	return (v->any & known_bad) && !(v->any & ~known_bad);
}

int value_is_static(const struct value *v)
{
	return v->any == V_STATIC && v->has_lit;
}

/* Strip wrappers that do not change a value and follow same-file consts
 * (also the const a shorthand property names). */
TSNode value_unwrap(struct ctx *c, TSNode n)
{
	int i;

	for (i = 0; i < 8; i++) {
		if (node_is(n, "identifier")) {
			n = resolve_const(c, n);
		} else if (node_is(n, "shorthand_property_identifier")) {
			/* { acl }: the const of the same name */
			size_t len;
			const char *t = node_text(c, n, &len);
			const struct decl *d = ctx_find_decl(c, t, len, ts_node_start_byte(n));

			if (!d || d->kind != DECL_CONST)
				break;
			n = d->value;
		} else if (node_is(n, "parenthesized_expression") || node_is(n, "as_expression") ||
			   node_is(n, "non_null_expression") || node_is(n, "satisfies_expression") ||
			   node_is(n, "type_assertion") || node_is(n, "member_expression")) {
			TSNode in = strip_wrappers(n);

			if (ts_node_eq(in, n))
				break;
			n = in;
		} else {
			break;
		}
	}
	return n;
}

/* The text of a value that is a pure literal (string or template without
 * substitutions), directly or through consts; *lit is that literal. */
int value_static_text(struct ctx *c, TSNode n, const char **s, size_t *len, TSNode *lit)
{
	struct value v;
	size_t l;
	const char *t;

	value_classify(c, n, &v);
	if (!value_is_static(&v))
		return 0;
	*lit = v.lit;
	if (node_is(v.lit, "string"))
		return string_content(c, v.lit, s, len);
	if (!node_is(v.lit, "template_string"))
		return 0;
	t = node_text(c, v.lit, &l);
	if (l < 2)
		return 0;
	*s = t + 1;
	*len = l - 2;
	return 1;
}

/* A constant numeric expression of TypeScript; 1 and *out on success. */
static int eval_number(struct ctx *c, TSNode n, int depth, double *out)
{
	if (ts_node_is_null(n) || depth > 16)
		return 0;
	n = resolve_const(c, n);
	if (node_is(n, "number")) {
		size_t len, i, k = 0;
		const char *t = node_text(c, n, &len);
		char num[64];
		char *end;

		if (len >= sizeof(num))
			return 0;
		for (i = 0; i < len; i++)
			if (t[i] != '_')	/* 1_000 */
				num[k++] = t[i];
		num[k] = '\0';
		*out = strtod(num, &end);
		return *end == '\0';
	}
	if (node_is(n, "parenthesized_expression") || node_is(n, "as_expression") ||
	    node_is(n, "satisfies_expression") || node_is(n, "non_null_expression"))
		return eval_number(c, call_arg(n, 0), depth + 1, out);
	if (node_is(n, "unary_expression")) {
		TSNode op = ts_node_child_by_field_name(n, "operator", 8);
		double v;

		if (!eval_number(c, ts_node_child_by_field_name(n, "argument", 8), depth + 1, &v))
			return 0;
		if (node_is(op, "-"))
			*out = -v;
		else if (node_is(op, "+"))
			*out = v;
		else
			return 0;
		return 1;
	}
	if (node_is(n, "binary_expression")) {
		TSNode op = ts_node_child_by_field_name(n, "operator", 8);
		double l, r;

		if (!eval_number(c, ts_node_child_by_field_name(n, "left", 4), depth + 1, &l) ||
		    !eval_number(c, ts_node_child_by_field_name(n, "right", 5), depth + 1, &r))
			return 0;
		if (node_is(op, "+"))
			*out = l + r;
		else if (node_is(op, "-"))
			*out = l - r;
		else if (node_is(op, "*"))
			*out = l * r;
		else
			return 0;
		return 1;
	}
	return 0;
}

int value_number(struct ctx *c, TSNode n, double *out)
{
	if (LANG_OP(c, number))
		return c->lang->ops->number(c, n, out);
	return eval_number(c, n, 0, out);
}

/* ---- the lattice, for front ends (model/lattice.h) ---- */

void value_classify_at(struct ctx *c, TSNode n, struct value *v, int depth)
{
	classify(c, n, v, depth);
}

void value_classify_name(struct ctx *c, TSNode n, struct value *v, int depth)
{
	memset(v, 0, sizeof(*v));
	classify_identifier(c, n, v, depth);
}

void value_seq_init(struct value_seq *s)
{
	seq_init(s);
}

void value_seq_add(struct value_seq *s, const struct value *part)
{
	seq_add(s, part);
}

void value_seq_finish(struct value_seq *s, struct value *v)
{
	seq_finish(s, v);
}

void value_alt_add(struct value *v, const struct value *part)
{
	alt_add(v, part);
}

void value_set_lit(struct value *v, TSNode n)
{
	set_lit(v, n);
}

void value_set_dyn(struct value *v, TSNode n)
{
	set_dyn(v, n);
}

void value_set_nondet(struct value *v, TSNode n)
{
	set_nondet(v, n);
}

int value_is_suffix_name(const struct ctx *c, const char *s, size_t len)
{
	return is_suffix_name(c, s, len);
}

int value_is_non_suffix_name(const struct ctx *c, const char *s, size_t len)
{
	return is_non_suffix_name(c, s, len);
}

int value_memo_get(struct ctx *c, struct value_memo *m, struct value *v, int depth)
{
	return memo_get(c, m, v, depth);
}

unsigned value_memo_begin(struct ctx *c, struct value_memo *m)
{
	return memo_begin(c, m);
}

void value_memo_end(struct ctx *c, struct value_memo *m, const struct value *v, int depth, unsigned cuts)
{
	memo_end(c, m, v, depth, cuts);
}
