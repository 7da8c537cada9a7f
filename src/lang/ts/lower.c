/*
 * lower.c - TypeScript syntax into the Pulumi model.
 *
 * A resource is `new <type>(name, args, opts)` where <type> is a class of
 * a @pulumi provider package, named through the file's imports
 * (canon_name(): `aws.s3.Bucket`, `s3.Bucket` after
 * `import * as s3 from '@pulumi/aws/s3'`, a const alias of either).
 * `args` is followed through consts to the object the program writes
 * (also one put together with Object.assign()); options are kept as
 * written, since what `parent: this` means depends on where it is.
 */
#include "lang/ts/lower.h"
#include "rules/rules.h"

#include <string.h>

int lower_resource(struct resource *out, struct ctx *c, TSNode n)
{
	struct buf type = BUF_INIT;
	struct child_iter it;
	TSNode args, k, arg[3] = { { { 0 } } };
	uint32_t i = 0;

	memset(out, 0, sizeof(*out));
	if (!resource_type(c, n, &type)) {
		buf_release(&type);
		return 0;
	}
	resource_set_type(out, &type);

	out->file = c;
	out->at = n;
	out->type_at = node_field(n, "constructor");
	args = node_field(n, "arguments");
	for (child_iter_init(&it, args); i < 3 && child_iter_next(&it, &k);)
		arg[i++] = k;
	child_iter_end(&it);
	out->name = arg[0];
	out->opts = arg[2];
	if (!ts_node_is_null(arg[1])) {
		TSNode obj = resolve_const(c, arg[1]);

		if (object_like(c, obj)) {
			out->props = obj;
			out->props_composed = !node_is(obj, "object");
		}
	}
	return 1;
}

int class_extends_component(struct ctx *c, TSNode cls)
{
	uint32_t i, j, n = ts_node_named_child_count(cls);

	for (i = 0; i < n; i++) {
		TSNode h = ts_node_named_child(cls, i);
		uint32_t m;

		if (!node_is(h, "class_heritage"))
			continue;
		m = ts_node_named_child_count(h);
		for (j = 0; j < m; j++) {
			TSNode ext = ts_node_named_child(h, j), v;
			size_t len;
			const char *t;

			if (!node_is(ext, "extends_clause"))
				continue;
			v = ts_node_child_by_field_name(ext, "value", 5);
			if (ts_node_is_null(v))
				continue;
			t = node_text(c, v, &len);
			if ((len == 17 && !memcmp(t, "ComponentResource", 17)) ||
			    (len > 18 && !memcmp(t + len - 18, ".ComponentResource", 18)))
				return 1;
		}
	}
	return 0;
}

static int is_static(TSNode method)
{
	uint32_t i, n = ts_node_child_count(method);

	for (i = 0; i < n; i++)
		if (node_is(ts_node_child(method, i), "static"))
			return 1;
	return 0;
}

int ts_resource_component(const struct resource *r, struct resource_scope *out)
{
	struct ctx *c = r->file;
	uint32_t k = ctx_this_scope(c);
	TSNode n, body, cls;

	/* climbed along the walk's path: ts_node_parent() searches from the root */
	memset(out, 0, sizeof(*out));
	if (!k)
		return 0;
	n = ctx_ancestor(c, k);
	if (!node_is(n, "method_definition"))
		return 0;
	body = ctx_ancestor(c, k + 1);
	cls = ctx_ancestor(c, k + 2);
	if (!node_is(body, "class_body") ||
	    !(node_is(cls, "class_declaration") || node_is(cls, "class")) ||
	    is_static(n) || !class_extends_component(c, cls))
		return 0;
	out->component = cls;
	out->name = ts_node_child_by_field_name(cls, "name", 4);
	out->method = n;
	out->in_constructor = node_text_eq(c, ts_node_child_by_field_name(n, "name", 4), "constructor");
	return 1;
}

/* Its ancestors come from the walk's path (ts_node_parent() searches from the root). */
int ts_resource_conditional(const struct resource *r)
{
	struct ctx *c = r->file;
	TSNode child, n;
	uint32_t k;

	for (k = 1; !ts_node_is_null(n = ctx_ancestor(c, k)); k++) {
		const char *t = ts_node_type(n);

		child = ctx_ancestor(c, k - 1);
		if (!strcmp(t, "if_statement") || !strcmp(t, "else_clause")) {
			/* the condition itself always runs */
			if (!ts_node_eq(child, ts_node_child_by_field_name(n, "condition", 9)))
				return 1;
		} else if (!strcmp(t, "ternary_expression")) {
			if (!ts_node_eq(child, ts_node_child_by_field_name(n, "condition", 9)))
				return 1;
		} else if (!strcmp(t, "binary_expression")) {
			TSNode op = ts_node_child_by_field_name(n, "operator", 8);

			if ((node_is(op, "&&") || node_is(op, "||") || node_is(op, "??")) &&
			    ts_node_eq(child, ts_node_child_by_field_name(n, "right", 5)))
				return 1;
		}
	}
	return 0;
}
