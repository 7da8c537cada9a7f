/*
 * resource.c - what rules ask of a resource: its properties, its
 * options, and its entries in the type-keyed tables of facts.
 *
 * Properties and options are looked up the way the program would read
 * them (object_get(): consts, spreads, Object.assign(), the last one
 * written wins), in the file the resource is written in.
 */
#include "rules/rules.h"

#include <stdlib.h>
#include <string.h>

TSNode resource_prop(const struct resource *r, const char *key)
{
	TSNode none = { 0 };

	if (ts_node_is_null(r->props))
		return none;
	return object_get(r->file, r->props, key);
}

TSNode resource_opt(const struct resource *r, const char *key)
{
	TSNode none = { 0 };

	if (ts_node_is_null(r->opts))
		return none;
	return object_get(r->file, r->opts, key);
}

const char *resource_entry_prop(const struct resource *r, const char *entry)
{
	const char *dot = strrchr(entry, '.');
	size_t tl = strlen(r->type);

	if (!dot || (size_t)(dot - entry) != tl || strncmp(entry, r->type, tl))
		return NULL;
	return dot + 1;
}

int resource_component(const struct resource *r, struct resource_scope *out)
{
	return r->file->lang->ops->component(r, out);
}

int resource_conditional(const struct resource *r)
{
	return r->file->lang->ops->conditional(r);
}

void resource_set_type(struct resource *r, struct buf *type)
{
	const char *dot = strchr(type->ptr, '.');
	size_t tl = type->len, pl = dot ? (size_t)(dot - type->ptr) : tl;

	/* "aws.s3.Bucket\0aws\0" */
	r->owned_ = xmalloc(tl + pl + 2);
	memcpy(r->owned_, type->ptr, tl + 1);
	memcpy(r->owned_ + tl + 1, type->ptr, pl);
	r->owned_[tl + 1 + pl] = '\0';
	buf_release(type);
	r->type = r->owned_;
	r->package = r->owned_ + tl + 1;
}

void resource_release(struct resource *r)
{
	free(r->owned_);
	r->owned_ = NULL;
}
