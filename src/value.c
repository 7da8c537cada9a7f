/*
 * Value classification: what a TypeScript expression may evaluate to, as
 * far as one file can tell. Every rule asks its question of this one
 * model: is the value a literal, does it carry the environment suffix,
 * is it derived from another resource, or is it unknown.
 */
#include "rules/rules.h"

#include <string.h>

#define MAX_DEPTH 24

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
	return strlist_has_n(rule_list(c->cfg, RULE_MISSING_ENV_SUFFIX, "suffix_identifiers"), s, len);
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

/* Parts that a predictable (hardcoded) value may be made of. */
#define PREDICTABLE (V_STATIC | V_SUFFIX | V_STACK | V_COMPNAME)

/* A value built by concatenating parts: a template, `a + b`. */
struct seq {
	struct value v;
	int text;		/* some literal text */
	int predictable;	/* every part so far is predictable */
};

static void seq_init(struct seq *s)
{
	memset(s, 0, sizeof(*s));
	s->predictable = 1;
}

static void seq_add(struct seq *s, const struct value *part)
{
	s->v.any |= part->any;
	if (part->has_lit)
		set_lit(&s->v, part->lit);
	if (part->has_dyn)
		set_dyn(&s->v, part->dyn);
	if (part->has_nondet)
		set_nondet(&s->v, part->nondet);
	if (part->hard)
		s->text = 1;
	else if (part->any & ~PREDICTABLE)
		s->predictable = 0;
}

static void seq_finish(struct seq *s, struct value *v)
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
}

static void classify_template(struct ctx *c, TSNode n, struct value *v, int depth)
{
	uint32_t i, cnt = ts_node_named_child_count(n);
	struct seq s;
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
		struct seq s;

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

/* Classify the expressions a helper function returns. */
static void classify_helper(struct ctx *c, const struct func *f, struct value *v, int depth)
{
	TSTreeCursor cur;
	struct value part;

	if (!node_is(f->body, "statement_block")) {
		classify(c, f->body, &part, depth + 1);
		v->any = (part.any & V_SUFFIX) ? V_SUFFIX : V_UNKNOWN;
		return;
	}
	v->any = V_UNKNOWN;
	cur = ts_tree_cursor_new(f->body);
	if (!ts_tree_cursor_goto_first_child(&cur))
		goto out;
	for (;;) {
		TSNode k = ts_tree_cursor_current_node(&cur);
		const char *t = ts_node_type(k);
		int descend = 1;

		if (!strcmp(t, "return_statement") && ts_node_named_child_count(k)) {
			classify(c, call_arg(k, 0), &part, depth + 1);
			/* a helper only ever helps: it never makes a name a finding */
			if (part.any & V_SUFFIX)
				v->any = V_SUFFIX;
			descend = 0;
		} else if (!strcmp(t, "arrow_function") || !strcmp(t, "function_expression") ||
			   !strcmp(t, "function_declaration") || !strcmp(t, "class_declaration")) {
			descend = 0;
		}
		if (descend && ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur) ||
			    ts_node_eq(ts_tree_cursor_current_node(&cur), f->body))
				goto out;
		}
	}
out:
	ts_tree_cursor_delete(&cur);
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
		struct seq s;
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
		v->any = is_suffix_name(c, key, klen) ? V_SUFFIX : V_UNKNOWN;
	} else if (prop && is_string_method(prop, plen)) {
		struct value recv;

		classify(c, node_field(fn, "object"), &recv, depth + 1);
		*v = recv;
		if (plen == 6 && !memcmp(prop, "concat", 6)) {
			struct seq s;
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
	} else if (prop && plen == 5 && !memcmp(prop, "apply", 5)) {
		struct value recv;

		classify(c, node_field(fn, "object"), &recv, depth + 1);
		v->any = V_DERIVED | (recv.any & V_SUFFIX);
	} else if (node_is(fn, "identifier") && node_text_eq(c, fn, "String") && !ts_node_is_null(arg0)) {
		classify(c, arg0, v, depth + 1);
	} else {
		const struct func *f = NULL;
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

static void classify_identifier(struct ctx *c, TSNode n, struct value *v, int depth)
{
	size_t len;
	const char *t = node_text(c, n, &len);
	const struct decl *d;

	if (is_suffix_name(c, t, len)) {
		v->any = V_SUFFIX;
		return;
	}
	if (len == 9 && !memcmp(t, "undefined", 9))
		return;
	d = ctx_find_decl(c, t, len, ts_node_start_byte(n));
	if (!d) {
		v->any = V_UNKNOWN;
		return;
	}
	switch (d->kind) {
	case DECL_CONST:
		if (node_is(d->value, "new_expression")) {
			struct buf type = BUF_INIT;

			v->any = resource_type(c, d->value, &type) ? V_RESOURCE : V_UNKNOWN;
			buf_release(&type);
		} else {
			classify(c, d->value, v, depth + 1);
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

static void classify_member(struct ctx *c, TSNode n, struct value *v, int depth)
{
	TSNode prop = node_field(n, "property");
	TSNode obj = node_field(n, "object");
	size_t len;
	const char *t;

	if (!ts_node_is_null(prop)) {
		t = node_text(c, prop, &len);
		if (is_suffix_name(c, t, len)) {
			v->any = V_SUFFIX;
			return;
		}
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
	if (depth > MAX_DEPTH) {
		v->any = V_UNKNOWN;
		return;
	}
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
	} else if (!strcmp(type, "parenthesized_expression") || !strcmp(type, "as_expression") ||
		   !strcmp(type, "non_null_expression") || !strcmp(type, "satisfies_expression") ||
		   !strcmp(type, "type_assertion") || !strcmp(type, "await_expression") ||
		   !strcmp(type, "template_substitution")) {
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
	} else if (!strcmp(type, "member_expression")) {
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
	classify(c, n, out, 0);
}

int value_lacks_suffix(const struct ctx *c, const struct value *v)
{
	unsigned known_bad = V_STATIC;

	if (!rule_bool(c->cfg, RULE_MISSING_ENV_SUFFIX, "accept_get_stack"))
		known_bad |= V_STACK;
	if (!rule_bool(c->cfg, RULE_MISSING_ENV_SUFFIX, "accept_component_name"))
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
			   node_is(n, "non_null_expression") || node_is(n, "satisfies_expression")) {
			n = call_arg(n, 0);
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
