/*
 * shape.c - the shapes rules walk that every grammar writes its own way:
 * the entries of an object (TypeScript's pairs and shorthands, Python's
 * dict pairs and keyword arguments), the elements of a list (an array, a
 * Python list or tuple) and a binding's name and value. Which key text an
 * entry has is the front end's (pair_key()); these read the node kinds of
 * both grammars, whose names do not collide.
 */
#include "rules/rules.h"
#include "model/facts.h"

#include <string.h>

int entry_parts(struct ctx *c, TSNode p, const char **key, size_t *len, TSNode *key_at, TSNode *value)
{
	if (node_is(p, "shorthand_property_identifier")) {
		/* { password }: its own key and value */
		*key = node_text(c, p, len);
		*key_at = p;
		*value = p;
		return 1;
	}
	if (!node_is(p, "pair") && !node_is(p, "keyword_argument"))
		return 0;
	if (!pair_key(c, p, key, len))
		return 0;
	*key_at = node_field(p, node_is(p, "pair") ? "key" : "name");
	*value = node_field(p, "value");
	return 1;
}

int list_like(TSNode n)
{
	return node_is(n, "array") || node_is(n, "list") || node_is(n, "tuple");
}

void list_each(struct ctx *c, TSNode list, void (*fn)(struct ctx *, TSNode, void *), void *data)
{
	struct child_iter it;
	TSNode k;

	list = strip_wrappers(resolve_const(c, list));
	if (!list_like(list))
		return;
	for (child_iter_init(&it, list); child_iter_next(&it, &k);)
		if (!node_is(k, "spread_element") && !node_is(k, "list_splat"))
			fn(c, k, data);
	child_iter_end(&it);
}

int binding_parts(TSNode n, TSNode *name, TSNode *value)
{
	if (node_is(n, "assignment")) {
		/* Python: x = v (x: T = v) */
		*name = node_field(n, "left");
		*value = node_field(n, "right");
	} else {
		*name = node_field(n, "name");
		*value = node_field(n, "value");
	}
	return !ts_node_is_null(*name);
}

int member_parts(TSNode n, TSNode *object, TSNode *property)
{
	if (node_is(n, "member_expression")) {
		*object = node_field(n, "object");
		*property = node_field(n, "property");
	} else if (node_is(n, "attribute")) {
		/* Python: x.y */
		*object = node_field(n, "object");
		*property = node_field(n, "attribute");
	} else {
		return 0;
	}
	return !ts_node_is_null(*object) && !ts_node_is_null(*property);
}

TSNode callback_returns(TSNode fn)
{
	TSNode body, none = { 0 };
	int i;

	fn = strip_wrappers(fn);
	if (!node_is(fn, "arrow_function") && !node_is(fn, "function_expression") &&
	    !node_is(fn, "function") && !node_is(fn, "lambda"))
		return none;
	body = node_field(fn, "body");
	if (!node_is(body, "statement_block"))
		return body;	/* an expression body; a Python lambda's */
	/* { ...; return x; }: the last top-level return */
	for (i = (int)ts_node_named_child_count(body) - 1; i >= 0; i--) {
		TSNode st = ts_node_named_child(body, (uint32_t)i);

		if (node_is(st, "return_statement") && ts_node_named_child_count(st))
			return ts_node_named_child(st, 0);
	}
	return none;
}

int number_literal(TSNode n)
{
	/* TypeScript's number; Python's integer and float */
	return node_is(n, "number") || node_is(n, "integer") || node_is(n, "float");
}


int canon_name_camel(struct ctx *c, TSNode n, struct buf *out)
{
	int bound = canon_name(c, n, out);
	struct buf camel = BUF_INIT;
	const char *p, *dot;

	if (!out->ptr || !strchr(out->ptr, '_'))
		return bound;
	for (p = out->ptr; p; p = dot ? dot + 1 : NULL) {
		char seg[128], cc[128];
		size_t len;

		dot = strchr(p, '.');
		len = dot ? (size_t)(dot - p) : strlen(p);
		if (camel.len)
			buf_putc(&camel, '.');
		if (len < sizeof(seg) && memchr(p, '_', len) && p[0] >= 'a' && p[0] <= 'z') {
			memcpy(seg, p, len);
			seg[len] = '\0';
			if (!facts_camel_case(seg, cc, sizeof(cc))) {
				buf_puts(&camel, cc);
				continue;
			}
		}
		buf_add(&camel, p, len);
	}
	buf_reset(out);
	buf_puts(out, camel.ptr);
	buf_release(&camel);
	return bound;
}

int object_literal(struct ctx *c, TSNode n)
{
	return ts_node_symbol(n) == c->sym[SYM_OBJECT] ||
	       (LANG_OP(c, object_like) && !ts_node_is_null(n) && object_like(c, n));
}
