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
	const char *dot;
	size_t tl, pl;
	uint32_t i = 0;

	memset(out, 0, sizeof(*out));
	if (!resource_type(c, n, &type)) {
		buf_release(&type);
		return 0;
	}
	/* type and package in one allocation: "aws.s3.Bucket\0aws\0" */
	tl = type.len;
	dot = strchr(type.ptr, '.');
	pl = dot ? (size_t)(dot - type.ptr) : tl;
	out->owned_ = xmalloc(tl + pl + 2);
	memcpy(out->owned_, type.ptr, tl + 1);
	memcpy(out->owned_ + tl + 1, type.ptr, pl);
	out->owned_[tl + 1 + pl] = '\0';
	buf_release(&type);
	out->type = out->owned_;
	out->package = out->owned_ + tl + 1;

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
