/*
 * py_lower.c - Python syntax into the Pulumi model.
 *
 * A resource is a call of a class of a Pulumi provider package (Python
 * has no `new`): `aws.s3.Bucket('logs', bucket_prefix=..., opts=...)`,
 * named through the file's imports (`s3.Bucket` after `from pulumi_aws
 * import s3`). Its logical name is the first positional argument (or
 * `resource_name=`); its arguments are the call's keywords, or the
 * `args=` object (`aws.s3.BucketArgs(...)`, a dict), or the second
 * positional argument; its options are `opts=` as written.
 */
#include "rules/rules.h"
#include "lang/py/py.h"
#include "model/facts.h"

#include <ctype.h>
#include <string.h>

int py_resource_type(struct ctx *c, TSNode call, struct buf *type)
{
	const char *last;
	size_t ll;

	if (!node_is(call, "call") || !canon_name(c, node_field(call, "function"), type))
		return 0;
	/* the provider packages; pulumi itself defines no resources */
	if (!strncmp(type->ptr, "pulumi.", 7) || !strcmp(type->ptr, "pulumi") || !strchr(type->ptr, '.'))
		return 0;
	last = strrchr(type->ptr, '.') + 1;
	ll = strlen(last);
	/* classes, not functions (aws.get_region()) nor args classes */
	if (!isupper((unsigned char)*last) || (ll > 4 && !strcmp(last + ll - 4, "Args")) ||
	    (ll > 8 && !strcmp(last + ll - 8, "ArgsDict")))
		return 0;
	/* aws.s3.Bucket, not an enum or a type of @pulumi/aws that is not a resource */
	if (!strncmp(type->ptr, "aws.", 4))
		return facts_known_type(type->ptr) || !strcmp(type->ptr, "aws.Provider");
	return 1;
}

int py_lower_resource(struct resource *out, struct ctx *c, TSNode n)
{
	struct buf type = BUF_INIT;
	struct child_iter it;
	TSNode args, k, arg[3] = { { { 0 } } }, kw;
	uint32_t i = 0;

	memset(out, 0, sizeof(*out));
	if (!py_resource_type(c, n, &type)) {
		buf_release(&type);
		return 0;
	}
	resource_set_type(out, &type);

	out->file = c;
	out->at = n;
	out->type_at = node_field(n, "function");
	args = node_field(n, "arguments");
	for (child_iter_init(&it, args); i < 3 && child_iter_next(&it, &k);) {
		if (node_is(k, "keyword_argument") || node_is(k, "dictionary_splat") ||
		    node_is(k, "list_splat"))
			break;
		arg[i++] = k;
	}
	child_iter_end(&it);
	out->name = arg[0];
	out->opts = arg[2];
	if (!ts_node_is_null(kw = py_keyword_arg(c, args, "resource_name")))
		out->name = kw;
	if (!ts_node_is_null(kw = py_keyword_arg(c, args, "opts")))
		out->opts = kw;
	if (!ts_node_is_null(arg[1])) {
		TSNode obj = strip_wrappers(resolve_const(c, arg[1]));

		if (object_like(c, obj))
			out->props = obj;
	} else {
		/* keywords, and what `args=` or `**base` hold (object_get()) */
		out->props = args;
	}
	return 1;
}

/* 1 for a method decorated @staticmethod or @classmethod: no self. */
static int is_static(const struct ctx *c, TSNode decorated)
{
	struct child_iter it;
	TSNode k;
	int yes = 0;

	if (!node_is(decorated, "decorated_definition"))
		return 0;
	for (child_iter_init(&it, decorated); !yes && child_iter_next(&it, &k);)
		yes = node_is(k, "decorator") &&
		      (node_text_eq(c, k, "@staticmethod") || node_text_eq(c, k, "@classmethod"));
	child_iter_end(&it);
	return yes;
}

/*
 * The method a resource is created in: the innermost `def` directly in a
 * class body; the functions and lambdas inside it see its `self`.
 */
int py_resource_component(const struct resource *r, struct resource_scope *out)
{
	struct ctx *c = r->file;
	TSNode n, up, cls;
	uint32_t k;

	memset(out, 0, sizeof(*out));
	for (k = 1; !ts_node_is_null(n = ctx_ancestor(c, k)); k++) {
		uint32_t j = k + 1;

		if (!node_is(n, "function_definition"))
			continue;
		up = ctx_ancestor(c, j);
		if (node_is(up, "decorated_definition"))
			up = ctx_ancestor(c, ++j);
		cls = ctx_ancestor(c, j + 1);
		if (!node_is(up, "block") || !node_is(cls, "class_definition"))
			continue;
		if (is_static(c, ctx_ancestor(c, k + 1)) || !py_class_is_component(c, cls))
			return 0;
		out->component = cls;
		out->name = node_field(cls, "name");
		out->method = n;
		out->in_constructor = node_text_eq(c, node_field(n, "name"), "__init__");
		return 1;
	}
	return 0;
}

/* Its ancestors come from the walk's path (ts_node_parent() searches from the root). */
int py_resource_conditional(const struct resource *r)
{
	struct ctx *c = r->file;
	TSNode child, n;
	uint32_t k;

	for (k = 1; !ts_node_is_null(n = ctx_ancestor(c, k)); k++) {
		const char *t = ts_node_type(n);

		child = ctx_ancestor(c, k - 1);
		if (!strcmp(t, "if_statement") || !strcmp(t, "elif_clause")) {
			/* the condition itself always runs */
			if (!ts_node_eq(child, node_field(n, "condition")))
				return 1;
		} else if (!strcmp(t, "else_clause") || !strcmp(t, "case_clause")) {
			return 1;
		} else if (!strcmp(t, "conditional_expression")) {
			/* a if cond else b: cond always runs */
			if (!ts_node_eq(child, ts_node_named_child(n, 1)))
				return 1;
		} else if (!strcmp(t, "boolean_operator")) {
			if (ts_node_eq(child, node_field(n, "right")))
				return 1;
		}
	}
	return 0;
}
