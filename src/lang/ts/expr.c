/*
 * expr.c - TypeScript expressions as the rules read them: the wrappers
 * around a value (parentheses, `as`, `!`, `satisfies`), object literals
 * and what they spread or Object.assign()s, array elements.
 */
#include "rules/rules.h"
#include "analyze/xfile.h"

#include <string.h>

int pair_key(struct ctx *c, TSNode pair, const char **key, size_t *len)
{
	TSNode k = node_field(pair, "key");

	if (LANG_OP(c, pair_key))
		return c->lang->ops->pair_key(c, pair, key, len);
	if (ts_node_is_null(k))
		return 0;
	if (node_is(k, "property_identifier") || node_is(k, "identifier")) {
		*key = node_text(c, k, len);
		return 1;
	}
	/* ['password']: 'x' is password: 'x' */
	if (node_is(k, "computed_property_name")) {
		k = resolve_const(c, call_arg(k, 0));
	}
	return string_content(c, k, key, len);
}

static int is_object_assign(const struct ctx *c, TSNode n)
{
	return node_is(n, "call_expression") && node_text_eq(c, node_field(n, "function"), "Object.assign");
}

/* import * as config from './config': the module, whose members are its exports */
static int is_module(const struct ctx *c, TSNode n)
{
	return c->xf && node_is(n, "program");
}

int object_like(struct ctx *c, TSNode n)
{
	if (LANG_OP(c, object_like))
		return c->lang->ops->object_like(c, n);
	return node_is(n, "object") || is_object_assign(c, n) || is_module(c, n);
}

/* What module `root` exports as `key`: the value node, or null. */
static TSNode module_get(struct ctx *c, TSNode root, const char *key, size_t keylen)
{
	struct xref ref;
	TSNode none = { 0 };

	if (!xfile_export(ctx_of(c, root), key, keylen, &ref))
		return none;
	if (ref.decl)
		return decl_value(ref.ctx, ref.decl);
	return ref.func ? none : ref.node;
}

/*
 * The value of `key` in an object, Object.assign({}, a, b) or what they
 * spread (...base): the last one written wins, as in JavaScript. A
 * shorthand { bucket } yields the shorthand node (it reads the binding).
 */
/*
 * The objects one lookup has entered: a spread cycle (const o = {...p},
 * p = {...o}) or a fan-out ({...a, ...a, ...a} nested) enters each once.
 */
struct seen {
	uint32_t start[32];
	int nr;
};

static int seen_enter(struct seen *sn, TSNode obj)
{
	uint32_t at = ts_node_start_byte(obj);
	int i;

	for (i = 0; i < sn->nr; i++)
		if (sn->start[i] == at)
			return 0;
	if (sn->nr == (int)ARRAY_SIZE(sn->start))
		return 0;
	sn->start[sn->nr++] = at;
	return 1;
}

static TSNode object_get_s(struct ctx *c, TSNode obj, const char *key, size_t keylen,
			   struct seen *sn)
{
	struct child_iter it;
	TSNode p, found = { 0 };

	obj = resolve_const(c, obj);
	if (!object_like(c, obj) || !seen_enter(sn, obj))
		return found;
	if (is_module(c, obj))
		return module_get(c, obj, key, keylen);
	if (is_object_assign(c, obj)) {
		TSNode args = node_field(obj, "arguments");
		uint32_t n = call_argc(args);

		while (n-- > 0 && ts_node_is_null(found))
			found = object_get_s(c, call_arg(args, n), key, keylen, sn);
		return found;
	}
	for (child_iter_init(&it, obj); child_iter_next(&it, &p);) {
		const char *k;
		size_t kl;

		if (node_is(p, "spread_element")) {
			TSNode v = object_get_s(c, call_arg(p, 0), key, keylen, sn);

			if (!ts_node_is_null(v))
				found = v;
			continue;
		}
		if (node_is(p, "shorthand_property_identifier")) {
			k = node_text(c, p, &kl);
			if (keylen == kl && !memcmp(k, key, kl))
				found = p;
			continue;
		}
		if (!node_is(p, "pair") || !pair_key(c, p, &k, &kl))
			continue;
		if (keylen == kl && !memcmp(k, key, kl))
			found = node_field(p, "value");
	}
	child_iter_end(&it);
	return found;
}

static TSNode object_get_n(struct ctx *c, TSNode obj, const char *key, size_t keylen)
{
	struct seen sn;

	if (LANG_OP(c, object_get))
		return c->lang->ops->object_get(c, obj, key, keylen);
	sn.nr = 0;
	return object_get_s(c, obj, key, keylen, &sn);
}

TSNode object_get(struct ctx *c, TSNode obj, const char *key)
{
	return object_get_n(c, obj, key, strlen(key));
}

TSNode object_get_n_key(struct ctx *c, TSNode obj, const char *key, size_t len)
{
	return object_get_n(c, obj, key, len);
}

static void object_each_s(struct ctx *c, TSNode obj, void (*fn)(struct ctx *, TSNode, void *),
			  void *data, struct seen *sn)
{
	struct child_iter it;
	TSNode p;

	obj = resolve_const(c, obj);
	if (!object_like(c, obj) || is_module(c, obj) || !seen_enter(sn, obj))
		return;
	if (is_object_assign(c, obj)) {
		TSNode args = node_field(obj, "arguments");
		uint32_t i, n = call_argc(args);

		for (i = 0; i < n; i++)
			object_each_s(c, call_arg(args, i), fn, data, sn);
		return;
	}
	for (child_iter_init(&it, obj); child_iter_next(&it, &p);) {
		if (node_is(p, "spread_element"))
			object_each_s(c, call_arg(p, 0), fn, data, sn);
		else if (node_is(p, "pair") || node_is(p, "shorthand_property_identifier"))
			fn(c, p, data);
	}
	child_iter_end(&it);
}

void object_each(struct ctx *c, TSNode obj, void (*fn)(struct ctx *, TSNode, void *), void *data)
{
	struct seen sn;

	if (LANG_OP(c, object_each)) {
		c->lang->ops->object_each(c, obj, fn, data);
		return;
	}
	sn.nr = 0;
	object_each_s(c, obj, fn, data, &sn);
}

/* Parentheses, `as T`, `satisfies T`, `x!`, `<T>x`: the expression inside. */
TSNode strip_wrappers(TSNode n)
{
	int i;

	for (i = 0; i < 32; i++) {
		if (node_is(n, "parenthesized_expression") || node_is(n, "as_expression") ||
		    node_is(n, "satisfies_expression") || node_is(n, "non_null_expression"))
			n = ts_node_named_child(n, 0);
		else if (node_is(n, "type_assertion"))
			n = ts_node_named_child(n, ts_node_named_child_count(n) - 1);	/* <T>x: x is last */
		else if (node_is(n, "member_expression") &&
			 (node_is(node_field(n, "object"), "as_expression") ||
			  node_is(node_field(n, "object"), "satisfies_expression")))
			/* the grammar reads `x as aws.s3.BucketArgs` as `(x as aws.s3).BucketArgs`;
			 * a member of an as-expression needs parentheses, so this is that */
			n = ts_node_named_child(node_field(n, "object"), 0);
		else
			break;
	}
	return n;
}

/* The element at `index` of an array literal (no spread before it), or null. */
TSNode array_element(struct ctx *c, TSNode arr, uint32_t index)
{
	struct child_iter it;
	TSNode k, none = { 0 };
	uint32_t i = 0;

	arr = strip_wrappers(resolve_const(c, arr));
	if (!node_is(arr, "array"))
		return none;
	for (child_iter_init(&it, arr); child_iter_next(&it, &k); i++) {
		if (node_is(k, "spread_element"))
			break;
		if (i == index) {
			child_iter_end(&it);
			return k;
		}
	}
	child_iter_end(&it);
	return none;
}

int value_text_parts(struct ctx *c, TSNode value, TSNode *lit, text_part_fn fn, void *data)
{
	TSNode n;
	const char *s;
	size_t len;
	uint32_t i, nc;

	if (LANG_OP(c, text_parts))
		return c->lang->ops->text_parts(c, value, lit, fn, data);
	n = strip_wrappers(resolve_const(c, value));
	if (node_is(n, "call_expression")) {
		/* pulumi.interpolate`...` */
		TSNode f = ts_node_child_by_field_name(n, "function", 8);
		TSNode arg = ts_node_child_by_field_name(n, "arguments", 9);

		s = node_text(c, f, &len);
		if (!node_is(arg, "template_string") || len < 12 ||
		    memcmp(s + len - 12, ".interpolate", 12))
			return 0;
		n = arg;
	}
	*lit = n;
	if (node_is(n, "string")) {
		if (!string_content(c, n, &s, &len))
			return 0;
		fn(data, TEXT_LITERAL, s, len);
		return 1;
	}
	if (!node_is(n, "template_string"))
		return 0;
	nc = ts_node_named_child_count(n);
	for (i = 0; i < nc; i++) {
		TSNode part = ts_node_named_child(n, i);

		if (node_is(part, "string_fragment")) {
			s = node_text(c, part, &len);
			fn(data, TEXT_LITERAL, s, len);
		} else if (node_is(part, "escape_sequence")) {
			fn(data, TEXT_ESCAPE, NULL, 0);
		} else {
			fn(data, TEXT_SUBST, NULL, 0);
		}
	}
	return 1;
}
