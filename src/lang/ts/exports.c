/*
 * exports.c - what a TypeScript or JavaScript module exports, for
 * lookups from other files (analyze/xfile.h): `export const`, `export
 * function`, `export class`, `export { a as b }`, `export default`,
 * `export { a as b } from './x'` and `export * from './x'` (barrels).
 * CommonJS `module.exports = ...` is not followed: those names stay
 * unknown.
 */
#include "rules/rules.h"
#include "analyze/xfile.h"
#include "lang/ts/ts.h"

#include <string.h>

static int name_eq(const struct ctx *c, TSNode n, const char *name, size_t len)
{
	const char *t;
	size_t tl;

	if (!string_content(c, n, &t, &tl))
		t = node_text(c, n, &tl);
	return tl == len && !memcmp(t, name, len);
}

/* A top-level name of m: its binding, function or class, into *out. */
static int local_name(struct ctx *m, TSNode id, struct xref *out, int depth)
{
	const char *t;
	size_t len;
	struct decl *d;

	t = node_text(m, id, &len);
	out->ctx = m;
	if ((out->func = ctx_find_func(m, t, len)))
		return 1;
	d = ctx_find_decl(m, t, len, ts_node_end_byte(m->root) ? ts_node_end_byte(m->root) - 1 : 0);
	if (!d)
		return 0;
	if (d->kind == DECL_IMPORT) {
		/* import { a } from './x'; export { a }: the other module's */
		return xfile_import(m, d, out);
	}
	out->decl = d;
	out->node = d->value;
	return 1;
}

/* `export const a = ..., b`, `export function f`, `export class C`: is `name` one of them? */
static int declared(struct ctx *m, TSNode decl, const char *name, size_t len, struct xref *out, int depth)
{
	TSNode id = node_field(decl, "name");
	uint32_t i, n;

	if (node_is(decl, "lexical_declaration") || node_is(decl, "variable_declaration")) {
		n = ts_node_named_child_count(decl);
		for (i = 0; i < n; i++) {
			TSNode v = ts_node_named_child(decl, i);

			id = node_field(v, "name");
			if (node_is(v, "variable_declarator") && node_is(id, "identifier") &&
			    name_eq(m, id, name, len))
				return local_name(m, id, out, depth);
		}
		return 0;
	}
	if (ts_node_is_null(id) || !name_eq(m, id, name, len))
		return 0;
	if (node_is(decl, "function_declaration") || node_is(decl, "generator_function_declaration"))
		return local_name(m, id, out, depth);
	out->ctx = m;
	out->node = decl;	/* a class, an enum, ... */
	return 1;
}

static int find_export(struct ctx *m, const char *name, size_t len, struct xref *out, int depth);

/* export { a as b } [from './x']: is `name` one of its specifiers? */
static int specified(struct ctx *m, TSNode clause, TSNode source, const char *name, size_t len,
		     struct xref *out, int depth)
{
	struct child_iter it;
	TSNode spec;
	int found = 0;

	for (child_iter_init(&it, clause); !found && child_iter_next(&it, &spec);) {
		TSNode nm = node_field(spec, "name"), alias = node_field(spec, "alias");
		const char *t;
		size_t tl;

		if (!node_is(spec, "export_specifier") || ts_node_is_null(nm) ||
		    !name_eq(m, ts_node_is_null(alias) ? nm : alias, name, len))
			continue;
		if (!ts_node_is_null(source)) {
			struct ctx *x = xfile_module(m, source);

			if (!string_content(m, nm, &t, &tl))
				t = node_text(m, nm, &tl);
			found = x && find_export(x, t, tl, out, depth + 1);
		} else if (node_is(nm, "identifier")) {
			found = local_name(m, nm, out, depth);
		}
		if (!found)
			break;	/* the name is this one's, and it is not known */
	}
	child_iter_end(&it);
	return found;
}

static int find_export(struct ctx *m, const char *name, size_t len, struct xref *out, int depth)
{
	struct child_iter it;
	TSNode st;
	int found = 0, is_default = len == 7 && !memcmp(name, "default", 7);

	if (depth > 8)
		return 0;
	memset(out, 0, sizeof(*out));
	/* the names the module declares or lists, before what it re-exports whole */
	for (child_iter_init(&it, m->root); !found && child_iter_next(&it, &st);) {
		TSNode decl, value, source;
		uint32_t i, n;

		if (!node_is(st, "export_statement"))
			continue;
		decl = node_field(st, "declaration");
		value = node_field(st, "value");
		source = node_field(st, "source");
		if (is_default) {
			int dflt = 0;

			for (i = 0, n = ts_node_child_count(st); i < n && !dflt; i++)
				dflt = node_is(ts_node_child(st, i), "default");
			if (!dflt)
				continue;
			if (!ts_node_is_null(value)) {
				out->ctx = m;
				if (node_is(value, "identifier"))
					found = local_name(m, value, out, depth);
				else
					out->node = value, found = 1;	/* export default { ... } */
			} else if (!ts_node_is_null(decl)) {
				TSNode id = node_field(decl, "name");

				out->ctx = m;
				if (!ts_node_is_null(id) && (node_is(decl, "function_declaration") ||
							     node_is(decl, "generator_function_declaration")))
					found = local_name(m, id, out, depth);
				else
					out->node = decl, found = 1;
			}
			continue;
		}
		if (!ts_node_is_null(decl)) {
			found = declared(m, decl, name, len, out, depth);
			continue;
		}
		for (i = 0, n = ts_node_named_child_count(st); i < n && !found; i++) {
			TSNode k = ts_node_named_child(st, i);

			if (node_is(k, "export_clause"))
				found = specified(m, k, source, name, len, out, depth);
		}
	}
	child_iter_end(&it);
	if (found || is_default)
		return found;
	/* export * from './x' (not export * as ns from): barrels */
	for (child_iter_init(&it, m->root); !found && child_iter_next(&it, &st);) {
		TSNode source;
		uint32_t i, n, star = 0, named = 0;

		if (!node_is(st, "export_statement") || ts_node_is_null(source = node_field(st, "source")))
			continue;
		for (i = 0, n = ts_node_child_count(st); i < n; i++) {
			TSNode k = ts_node_child(st, i);

			star |= node_is(k, "*");
			named |= node_is(k, "export_clause") || node_is(k, "namespace_export");
		}
		if (star && !named) {
			struct ctx *x = xfile_module(m, source);

			found = x && find_export(x, name, len, out, depth + 1);
		}
	}
	child_iter_end(&it);
	return found;
}

int ts_find_export(struct ctx *m, const char *name, size_t len, struct xref *out, int depth)
{
	return find_export(m, name, len, out, depth);
}
