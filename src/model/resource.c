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

void resource_release(struct resource *r)
{
	free(r->owned_);
	r->owned_ = NULL;
}
