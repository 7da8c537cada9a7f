/*
 * scope.c - the TypeScript context pass: which @pulumi modules the file
 * imports and under what names, its consts, lets, parameters, classes
 * and helper functions, and the lookups over them (what a name holds at
 * a place, the canonical name of an expression, a resource's type).
 * ts_collect_node() runs on every node the context walk visits (walk.c).
 */
#include "rules/rules.h"
#include "analyze/internal.h"
#include "lang/ts/ts.h"
#include "analyze/xfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct decl *ctx_find_decl(struct ctx *c, const char *name, size_t len, uint32_t at)
{
	struct decl *best = NULL;
	uint32_t i, h = name_hash(name, len);

	if (c->lazy)
		expand_at(c, at);
	if (!c->decls_ready)
		return NULL;
	for (i = name_index_first(&c->decl_names, h); i != NO_ENTRY; i = name_index_next(&c->decl_names, i)) {
		struct decl *d = stable_at(&c->decls, i);

		if (d->name_len != len || memcmp(d->name, name, len))
			continue;
		if (at < d->scope_start || at >= d->scope_end)
			continue;
		/* the innermost scope wins; in one scope, the later name */
		if (!best || d->scope_end - d->scope_start < best->scope_end - best->scope_start ||
		    (d->scope_end - d->scope_start == best->scope_end - best->scope_start && d->pos > best->pos))
			best = d;
	}
	return best;
}

struct func *ctx_find_func(struct ctx *c, const char *name, size_t len)
{
	struct func *best = NULL;
	uint32_t i, h = name_hash(name, len);

	if (c->lazy)
		expand_naming(c, name, len);
	for (i = name_index_first(&c->func_names, h); i != NO_ENTRY; i = name_index_next(&c->func_names, i)) {
		struct func *f = stable_at(&c->funcs, i);

		if (f->name_len == len && !memcmp(f->name, name, len) && (!best || f->pos < best->pos))
			best = f;
	}
	if (!best && c->xf) {
		/* import { resourceName } from './naming': the other file's helper */
		const struct decl *d = ctx_find_decl(c, name, len, 0);
		struct xref ref;

		if (d && d->kind == DECL_IMPORT && xfile_import(c, d, &ref))
			best = ref.func;
	}
	return best;
}

/*
 * Names assigned anywhere in the file (x = .., x += .., x++), as a bloom
 * filter over the name: built once, on the first question. A `let` whose
 * name is never assigned is read as a const; a false positive only makes
 * a binding unknown.
 */
#define ASSIGNED_BITS (1u << 16)

static void note_assigned(struct ctx *c, TSNode target)
{
	size_t len;
	const char *t;
	uint32_t h;

	target = strip_wrappers(target);
	if (!node_is(target, "identifier"))
		return;
	t = node_text(c, target, &len);
	h = name_hash(t, len);
	c->assigned[(h % ASSIGNED_BITS) / 8] |= (uint8_t)(1u << (h % 8));
	h = h * 2654435761u + 7;
	c->assigned[(h % ASSIGNED_BITS) / 8] |= (uint8_t)(1u << (h % 8));
}

static void collect_assigned(struct ctx *c)
{
	TSTreeCursor cur = ts_tree_cursor_new(c->root);

	c->assigned = xcalloc(ASSIGNED_BITS / 8, 1);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		const char *t = ts_node_type(n);

		if (!strcmp(t, "assignment_expression") || !strcmp(t, "augmented_assignment_expression"))
			note_assigned(c, node_field(n, "left"));
		else if (!strcmp(t, "update_expression"))
			note_assigned(c, node_field(n, "argument"));
		else if (!strcmp(t, "for_in_statement") && ts_node_is_null(node_field(n, "kind")))
			note_assigned(c, node_field(n, "left"));
		if (ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur))
			if (!ts_tree_cursor_goto_parent(&cur))
				goto done;
	}
done:
	ts_tree_cursor_delete(&cur);
}

static int never_assigned(struct ctx *c, const struct decl *d)
{
	uint32_t h = name_hash(d->name, d->name_len);

	if (!c->assigned)
		collect_assigned(c);
	if (!(c->assigned[(h % ASSIGNED_BITS) / 8] & (1u << (h % 8))))
		return 1;
	h = h * 2654435761u + 7;
	return !(c->assigned[(h % ASSIGNED_BITS) / 8] & (1u << (h % 8)));
}

/* const { a: { b = 'x' } } = value: the part of value that b names. */
static TSNode pattern_part(struct ctx *c, const struct decl *d, int depth)
{
	struct step { const char *key; size_t len; uint32_t index; } steps[16];
	TSNode n = ts_node_descendant_for_byte_range(c->root, d->pos, d->pos + (uint32_t)d->name_len);
	TSNode v = d->value, def = { 0 }, none = { 0 };
	int nr = 0, i;

	for (i = 0; i < 32 && !ts_node_is_null(n); i++) {
		TSNode parent = ts_node_parent(n);

		if (node_is(parent, "variable_declarator"))
			break;
		if (node_is(n, "shorthand_property_identifier_pattern") && node_is(parent, "object_pattern")) {
			if (nr == 16)
				return none;
			steps[nr].key = node_text(c, n, &steps[nr].len);
			nr++;
		} else if (node_is(parent, "object_assignment_pattern") || node_is(parent, "assignment_pattern")) {
			if (!nr && ts_node_is_null(def))
				def = node_field(parent, "right");
			if (node_is(n, "shorthand_property_identifier_pattern")) {
				if (nr == 16)
					return none;
				steps[nr].key = node_text(c, n, &steps[nr].len);
				nr++;
			}
		} else if (node_is(parent, "pair_pattern")) {
			TSNode key = node_field(parent, "key");

			if (nr == 16)
				return none;
			if (!string_content(c, key, &steps[nr].key, &steps[nr].len))
				steps[nr].key = node_text(c, key, &steps[nr].len);
			nr++;
		} else if (node_is(parent, "array_pattern")) {
			struct child_iter it;
			TSNode k;
			uint32_t idx = 0;

			if (nr == 16)
				return none;
			for (child_iter_init(&it, parent); child_iter_next(&it, &k); idx++)
				if (ts_node_eq(k, n))
					break;
			child_iter_end(&it);
			steps[nr].key = NULL;
			steps[nr].index = idx;
			nr++;
		} else if (!node_is(parent, "object_pattern")) {
			return none;	/* a rest pattern, or a shape not followed */
		}
		n = parent;
	}
	for (i = nr - 1; i >= 0 && !ts_node_is_null(v) && depth < 16; i--) {
		v = resolve_const(c, v);
		v = steps[i].key ? object_get_n_key(c, v, steps[i].key, steps[i].len) : array_element(c, v, steps[i].index);
	}
	return ts_node_is_null(v) ? def : v;
}

int decl_in_own_value(const struct decl *d, uint32_t at)
{
	if (d->kind != DECL_CONST && d->kind != DECL_MUTABLE && d->kind != DECL_PATTERN)
		return 0;
	return !ts_node_is_null(d->value) && at >= ts_node_start_byte(d->value) &&
	       at < ts_node_end_byte(d->value);
}

TSNode decl_value(struct ctx *c, const struct decl *d)
{
	TSNode none = { 0 };

	switch (d->kind) {
	case DECL_CONST:
		return d->value;
	case DECL_MUTABLE:
		/* let x = 'y' never assigned again is a const */
		if (!ts_node_is_null(d->value) && never_assigned(c, d))
			return d->value;
		return none;
	case DECL_PATTERN:
		return pattern_part(c, d, 0);
	case DECL_IMPORT: {
		/* what the other file binds to the name it exports: its node */
		struct xref ref;

		if (!xfile_import(c, d, &ref))
			return none;
		if (ref.decl)
			return decl_value(ref.ctx, ref.decl);
		return ref.func ? none : ref.node;
	}
	default:
		return none;
	}
}

TSNode resolve_const(struct ctx *c, TSNode n)
{
	/* resolving may resolve again (a pattern's value, a spread): bound
	 * the nesting, so `const { a } = a` ends */
	static _Thread_local int nesting;
	int depth;

	c = ctx_of(c, n);
	if (!c->resolve_budget)
		return n;
	if (nesting > 24) {
		/* a cycle (const a = b, b = a): nothing more resolves for this node */
		c->resolve_budget = 0;
		return n;
	}
	c->resolve_budget--;
	nesting++;
	for (depth = 0; depth < 16; depth++) {
		size_t len;
		const char *name;
		const struct decl *d;
		TSNode v;

		n = strip_wrappers(n);
		if (!node_is(n, "identifier") && !node_is(n, "shorthand_property_identifier"))
			break;
		name = node_text(c, n, &len);
		d = ctx_find_decl(c, name, len, ts_node_start_byte(n));
		if (!d || decl_in_own_value(d, ts_node_start_byte(n)))
			break;
		v = decl_value(c, d);
		if (ts_node_is_null(v))
			break;
		n = v;
		c = ctx_of(c, n);	/* an imported name: the other file's node */
	}
	nesting--;
	return n;
}

/* Imports are all known once the context pass is done (expand_units()). */
static const struct import_binding *find_import(const struct ctx *c, const char *name, size_t len)
{
	const struct import_binding *best = NULL;
	uint32_t i;

	for (i = name_index_first(&c->import_names, name_hash(name, len)); i != NO_ENTRY;
	     i = name_index_next(&c->import_names, i)) {
		const struct import_binding *b = stable_at(&c->imports, i);

		if (b->local_len == len && !memcmp(b->local, name, len) && (!best || b->pos < best->pos))
			best = b;
	}
	return best;
}

static int canon_name_d(struct ctx *c, TSNode n, struct buf *out, int depth);

int canon_name(struct ctx *c, TSNode n, struct buf *out)
{
	if (LANG_OP(c, canon_name))
		return c->lang->ops->canon_name(c, n, out);
	return canon_name_d(c, n, out, 0);
}

static int canon_name_d(struct ctx *c, TSNode n, struct buf *out, int depth)
{
	TSNode parts[16];
	int nr = 0, bound = 0, i;
	size_t len;
	const char *t;

	buf_reset(out);
	/* aws.s3.Bucket, aws['s3']['Bucket'] */
	while ((node_is(n, "member_expression") || node_is(n, "subscript_expression")) && nr < 15) {
		parts[nr++] = node_field(n, node_is(n, "member_expression") ? "property" : "index");
		n = node_field(n, "object");
	}
	if (node_is(n, "identifier")) {
		const struct import_binding *b;

		const struct decl *d;
		TSNode val;

		t = node_text(c, n, &len);
		b = find_import(c, t, len);
		d = ctx_find_decl(c, t, len, ts_node_start_byte(n));
		val = d && d->kind == DECL_CONST ? strip_wrappers(d->value) : n;
		/* a local binding of the same name shadows the import */
		if (b && !d) {
			buf_puts(out, b->canon);
			bound = 1;
		} else if (d && d->kind == DECL_CONST && depth < 8 &&
			   (node_is(val, "identifier") || node_is(val, "member_expression") ||
			    node_is(val, "subscript_expression")) &&
			   canon_name_d(c, val, out, depth + 1)) {
			bound = 1;	/* const s3 = aws.s3: s3 is aws.s3 */
		} else {
			buf_reset(out);
			buf_add(out, t, len);
		}
	} else if (node_is(n, "this")) {
		buf_puts(out, "this");
	} else {
		return 0;
	}
	for (i = nr - 1; i >= 0; i--) {
		if (ts_node_is_null(parts[i]))
			return 0;
		if (node_is(parts[i], "string")) {
			if (!string_content(c, parts[i], &t, &len))
				return 0;
		} else if (node_is(parts[i], "property_identifier") ||
			   node_is(parts[i], "private_property_identifier")) {
			t = node_text(c, parts[i], &len);
		} else {
			return 0;	/* aws[name]: not a name this file decides */
		}
		buf_putc(out, '.');
		buf_add(out, t, len);
	}
	return bound;
}

int list_has_ci(const struct strlist *l, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (strlen(l->items[i]) == len && !strncasecmp(l->items[i], s, len))
			return 1;
	return 0;
}

static int type_excluded(const struct config *cfg, const char *type)
{
	const struct strlist *l = &cfg->vocab.exclude_types;
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (glob_match(l->items[i], type))
			return 1;
	return 0;
}

int resource_type(struct ctx *c, TSNode new_expr, struct buf *type)
{
	TSNode ctor = node_field(new_expr, "constructor");

	if (!canon_name(c, ctor, type))
		return 0;
	/* the provider packages; @pulumi/pulumi itself defines no resources */
	return strncmp(type->ptr, "pulumi.", 7) && strcmp(type->ptr, "pulumi");
}

int resource_is_named(const struct ctx *c, const char *type)
{
	return !type_excluded(c->cfg, type);
}

/* ---- the context pass: imports, bindings, helpers ---- */

static void add_import(struct ctx *c, TSNode local, const char *canon)
{
	struct import_binding *b = stable_add(&c->imports);

	b->local = node_text(c, local, &b->local_len);
	b->pos = ts_node_start_byte(local);
	b->canon = xstrdup(canon);
	name_index_add(&c->import_names, name_hash(b->local, b->local_len), (uint32_t)(c->imports.nr - 1));
}

/* "@pulumi/aws/s3" -> "aws.s3"; 0 if not a @pulumi package. */
static int pulumi_module(const struct ctx *c, TSNode source, struct buf *canon)
{
	const char *s;
	size_t len, i;

	buf_reset(canon);
	if (!string_content(c, source, &s, &len) || len <= 8 || memcmp(s, "@pulumi/", 8))
		return 0;
	for (i = 8; i < len; i++)
		buf_putc(canon, s[i] == '/' ? '.' : s[i]);
	return 1;
}

static void add_decl(struct ctx *c, TSNode name, enum decl_kind kind, TSNode value, TSNode scope);

/* A relative specifier ('./config', '../lib/x'): a module of the tree (analyze/xfile.h). */
static int relative_module(const struct ctx *c, TSNode source)
{
	const char *s;
	size_t len;

	return string_content(c, source, &s, &len) && len && s[0] == '.';
}

/* `local` names what module `source` exports as `name` (null: the whole module). */
static void add_module_import(struct ctx *c, TSNode local, TSNode source, TSNode name,
			      enum import_kind kind)
{
	struct decl *d;

	if (!node_is(local, "identifier"))
		return;
	add_decl(c, local, DECL_IMPORT, name, c->root);
	d = stable_at(&c->decls, c->decls.nr - 1);
	d->from = source;
	d->import = kind;
}

/* import { a as b } from './m', import d from './m', import * as m, import m = require('./m') */
static void collect_module_import(struct ctx *c, TSNode stmt, TSNode source)
{
	TSNode none = { 0 };
	uint32_t i, j, n = ts_node_named_child_count(stmt);

	for (i = 0; i < n; i++) {
		TSNode clause = ts_node_named_child(stmt, i);
		uint32_t m;

		if (node_is(clause, "import_require_clause")) {
			add_module_import(c, ts_node_named_child(clause, 0), source, none, IMPORT_MODULE);
			continue;
		}
		if (!node_is(clause, "import_clause"))
			continue;
		m = ts_node_named_child_count(clause);
		for (j = 0; j < m; j++) {
			TSNode k = ts_node_named_child(clause, j);

			if (node_is(k, "identifier")) {
				add_module_import(c, k, source, none, IMPORT_DEFAULT);
			} else if (node_is(k, "namespace_import")) {
				add_module_import(c, ts_node_named_child(k, 0), source, none, IMPORT_MODULE);
			} else if (node_is(k, "named_imports")) {
				uint32_t s, ns = ts_node_named_child_count(k);

				for (s = 0; s < ns; s++) {
					TSNode spec = ts_node_named_child(k, s);
					TSNode nm = node_field(spec, "name");
					TSNode alias = node_field(spec, "alias");

					if (!node_is(spec, "import_specifier") || !node_is(nm, "identifier"))
						continue;
					if (node_text_eq(c, nm, "default"))
						add_module_import(c, alias, source, none, IMPORT_DEFAULT);
					else
						add_module_import(c, ts_node_is_null(alias) ? nm : alias, source, nm,
								  IMPORT_NAMED);
				}
			}
		}
	}
}

static void collect_import(struct ctx *c, TSNode stmt)
{
	TSNode source = node_field(stmt, "source");
	struct buf canon = BUF_INIT, name = BUF_INIT;
	uint32_t i, j, n;

	/* import aws = require('@pulumi/aws'): the source is the clause's */
	if (ts_node_is_null(source)) {
		n = ts_node_named_child_count(stmt);
		for (i = 0; i < n && ts_node_is_null(source); i++)
			if (node_is(ts_node_named_child(stmt, i), "import_require_clause"))
				source = node_field(ts_node_named_child(stmt, i), "source");
	}
	if (!ts_node_is_null(source) && c->xf && relative_module(c, source)) {
		collect_module_import(c, stmt, source);
		goto out;
	}
	if (ts_node_is_null(source) || !pulumi_module(c, source, &canon))
		goto out;
	n = ts_node_named_child_count(stmt);
	for (i = 0; i < n; i++) {
		TSNode clause = ts_node_named_child(stmt, i);
		uint32_t m;

		if (node_is(clause, "import_require_clause")) {
			/* import aws = require('@pulumi/aws') */
			add_import(c, ts_node_named_child(clause, 0), canon.ptr);
			continue;
		}
		if (!node_is(clause, "import_clause"))
			continue;
		m = ts_node_named_child_count(clause);
		for (j = 0; j < m; j++) {
			TSNode k = ts_node_named_child(clause, j);

			if (node_is(k, "identifier")) {
				add_import(c, k, canon.ptr);	/* default import */
			} else if (node_is(k, "namespace_import")) {
				add_import(c, ts_node_named_child(k, 0), canon.ptr);
			} else if (node_is(k, "named_imports")) {
				uint32_t s, ns = ts_node_named_child_count(k);

				for (s = 0; s < ns; s++) {
					TSNode spec = ts_node_named_child(k, s);
					TSNode nm = node_field(spec, "name");
					TSNode alias = node_field(spec, "alias");
					size_t len;
					const char *t;

					if (!node_is(spec, "import_specifier") || ts_node_is_null(nm))
						continue;
					t = node_text(c, nm, &len);
					buf_reset(&name);
					buf_printf(&name, "%s.%.*s", canon.ptr, (int)len, t);
					add_import(c, ts_node_is_null(alias) ? nm : alias, name.ptr);
				}
			}
		}
	}
out:
	buf_release(&canon);
	buf_release(&name);
}

static void add_decl(struct ctx *c, TSNode name, enum decl_kind kind, TSNode value, TSNode scope)
{
	struct decl *d = stable_add(&c->decls);

	d->name = node_text(c, name, &d->name_len);
	d->pos = ts_node_start_byte(name);
	d->kind = kind;
	d->value = value;
	d->scope_start = ts_node_start_byte(scope);
	d->scope_end = ts_node_end_byte(scope);
	name_index_add(&c->decl_names, name_hash(d->name, d->name_len), (uint32_t)(c->decls.nr - 1));
}

static void add_func(struct ctx *c, TSNode name, TSNode body)
{
	struct func *f;

	if (ts_node_is_null(name) || ts_node_is_null(body))
		return;
	f = stable_add(&c->funcs);
	f->name = node_text(c, name, &f->name_len);
	f->pos = ts_node_start_byte(name);
	f->body = body;
	name_index_add(&c->func_names, name_hash(f->name, f->name_len), (uint32_t)(c->funcs.nr - 1));
}

/* const { s3, ec2: compute } = <module `canon`>: each name is the module's member */
static void collect_pattern_imports(struct ctx *c, TSNode pattern, const char *canon)
{
	struct buf sub = BUF_INIT;
	struct child_iter it;
	TSNode k;

	for (child_iter_init(&it, pattern); child_iter_next(&it, &k);) {
		TSNode key = k, local = k;
		const char *t;
		size_t len;

		if (node_is(k, "pair_pattern")) {
			key = node_field(k, "key");
			local = node_field(k, "value");
		} else if (!node_is(k, "shorthand_property_identifier_pattern")) {
			continue;
		}
		if (!node_is(local, "identifier") && !node_is(local, "shorthand_property_identifier_pattern"))
			continue;
		if (!string_content(c, key, &t, &len))
			t = node_text(c, key, &len);
		buf_reset(&sub);
		buf_printf(&sub, "%s.%.*s", canon, (int)len, t);
		add_import(c, local, sub.ptr);
	}
	child_iter_end(&it);
	buf_release(&sub);
}

/*
 * const x = require('@pulumi/aws'), const { s3 } = require('@pulumi/aws');
 * also with let and var, as older CommonJS programs write it (a module
 * binding is not assigned again).
 */
static int collect_require(struct ctx *c, TSNode name, TSNode value)
{
	struct buf canon = BUF_INIT, fn = BUF_INIT;
	TSNode args;
	int ok = 0;

	if (!node_is(value, "call_expression") ||
	    (!node_is(name, "identifier") && !node_is(name, "object_pattern")))
		return 0;
	canon_name(c, node_field(value, "function"), &fn);
	args = node_field(value, "arguments");
	if (fn.ptr && !strcmp(fn.ptr, "require") && call_argc(args) == 1 &&
	    pulumi_module(c, call_arg(args, 0), &canon)) {
		if (node_is(name, "identifier"))
			add_import(c, name, canon.ptr);
		else
			collect_pattern_imports(c, name, canon.ptr);
		ok = 1;
	} else if (fn.ptr && !strcmp(fn.ptr, "require") && call_argc(args) == 1 && c->xf &&
		   relative_module(c, call_arg(args, 0))) {
		TSNode none = { 0 };

		/* const config = require('./config') */
		add_module_import(c, name, call_arg(args, 0), none, IMPORT_MODULE);
		ok = 1;
	}
	buf_release(&canon);
	buf_release(&fn);
	return ok;
}

/* const { s3, ec2: compute } = aws: names for a @pulumi module or class
 * (const s3 = aws.s3 is a const that canon_name() follows) */
static int collect_alias(struct ctx *c, TSNode name, TSNode value)
{
	struct buf canon = BUF_INIT;
	int ok = 0;

	if ((!node_is(value, "identifier") && !node_is(value, "member_expression") &&
	     !node_is(value, "subscript_expression")) || !canon_name(c, value, &canon))
		goto out;
	if (node_is(name, "object_pattern")) {
		collect_pattern_imports(c, name, canon.ptr);
		ok = 1;
	}
out:
	buf_release(&canon);
	return ok;
}

/*
 * The names a destructuring pattern binds: each is a DECL_PATTERN over
 * the whole initialiser (value_part() finds its part), or DECL_MUTABLE.
 */
static void collect_pattern(struct ctx *c, TSNode pat, TSNode value, TSNode scope, int is_const, int depth)
{
	struct child_iter it;
	TSNode k;

	if (depth > 16)
		return;
	if (node_is(pat, "identifier") || node_is(pat, "shorthand_property_identifier_pattern")) {
		add_decl(c, pat, is_const && !ts_node_is_null(value) ? DECL_PATTERN : DECL_MUTABLE, value, scope);
		return;
	}
	if (node_is(pat, "pair_pattern")) {
		collect_pattern(c, node_field(pat, "value"), value, scope, is_const, depth + 1);
		return;
	}
	if (node_is(pat, "assignment_pattern") || node_is(pat, "object_assignment_pattern")) {
		collect_pattern(c, node_field(pat, "left"), value, scope, is_const, depth + 1);
		return;
	}
	if (node_is(pat, "rest_pattern")) {
		/* ...rest: a binding of its own, never followed */
		collect_pattern(c, call_arg(pat, 0), value, scope, 0, depth + 1);
		return;
	}
	if (!node_is(pat, "object_pattern") && !node_is(pat, "array_pattern"))
		return;
	for (child_iter_init(&it, pat); child_iter_next(&it, &k);)
		collect_pattern(c, k, value, scope, is_const, depth + 1);
	child_iter_end(&it);
}

static void collect_declarator(struct ctx *c, TSNode decl, int is_const)
{
	TSNode name = node_field(decl, "name");
	TSNode value = node_field(decl, "value");
	/* called at the declaration: its parent is the block the name lives in */
	TSNode scope = ctx_ancestor(c, 1);

	/* export const x: x lives in the block around the export */
	if (!ts_node_is_null(scope) && ts_node_symbol(scope) == c->sym[SYM_EXPORT])
		scope = ctx_ancestor(c, 2);
	if (ts_node_is_null(scope))
		scope = c->root;
	if (collect_require(c, name, value) || (is_const && collect_alias(c, name, value)))
		return;
	if (!node_is(name, "identifier")) {
		collect_pattern(c, name, value, scope, is_const, 0);
		if (!ts_node_is_null(value) && !c->full_judge && node_on_added(c, value))
			c->full_judge = 1;
		return;
	}
	if (is_const && !ts_node_is_null(value) &&
	    (node_is(value, "arrow_function") || node_is(value, "function_expression") ||
	     node_is(value, "function")))
		add_func(c, name, node_field(value, "body"));
	add_decl(c, name, is_const && !ts_node_is_null(value) ? DECL_CONST : DECL_MUTABLE, value, scope);
	/*
	 * A changed value may reach a finding through a use that did not
	 * change. A resource or a function bound to a const carries no literal
	 * to another place (uses see V_RESOURCE, helpers only ever help).
	 */
	if (!ts_node_is_null(value) && !c->full_judge && node_on_added(c, value) && !node_is(value, "new_expression") &&
	    !node_is(value, "arrow_function") && !node_is(value, "function_expression") &&
	    !node_is(value, "function"))
		c->full_judge = 1;
}

static int class_is_component(const struct ctx *c, TSNode cls)
{
	uint32_t i, n = ts_node_named_child_count(cls);

	for (i = 0; i < n; i++) {
		TSNode h = ts_node_named_child(cls, i);
		size_t len;
		const char *t;

		if (!node_is(h, "class_heritage"))
			continue;
		t = node_text(c, h, &len);
		return memmem(t, len, "ComponentResource", 17) != NULL;
	}
	return 0;
}

/*
 * class X extends aws.s3.Bucket: X names the resource class (new X(...)
 * is a bucket). Other classes and enums are bindings whose members a
 * value may read (Settings.password, Secrets.Db).
 */
static void collect_type_decl(struct ctx *c, TSNode n, int is_enum)
{
	TSNode name = node_field(n, "name"), body = node_field(n, "body");
	TSNode scope = ctx_ancestor(c, 1);
	uint32_t i, cnt;

	if (!node_is(name, "identifier") && !node_is(name, "type_identifier"))
		return;
	if (!ts_node_is_null(scope) && ts_node_symbol(scope) == c->sym[SYM_EXPORT])
		scope = ctx_ancestor(c, 2);
	if (ts_node_is_null(scope))
		scope = c->root;
	cnt = is_enum ? 0 : ts_node_named_child_count(n);
	for (i = 0; i < cnt; i++) {
		TSNode h = ts_node_named_child(n, i), ext;
		struct buf base = BUF_INIT;
		int resource;

		if (!node_is(h, "class_heritage"))
			continue;
		ext = call_arg(h, 0);
		if (!node_is(ext, "extends_clause"))
			break;
		resource = canon_name(c, node_field(ext, "value"), &base) &&
			   strncmp(base.ptr, "pulumi.", 7) && strcmp(base.ptr, "pulumi");
		if (resource)
			add_import(c, name, base.ptr);
		buf_release(&base);
		if (resource)
			return;
		break;
	}
	add_decl(c, name, is_enum ? DECL_ENUM : DECL_CLASS, body, scope);
}

static void collect_params(struct ctx *c, TSNode fn, int component_ctor)
{
	TSNode params = node_field(fn, "parameters");
	uint32_t i, n;

	if (ts_node_is_null(params)) {
		/* x => ...: a single bare parameter */
		TSNode p = node_field(fn, "parameter");

		if (node_is(p, "identifier"))
			add_decl(c, p, DECL_PARAM, p, fn);
		return;
	}
	n = ts_node_named_child_count(params);
	for (i = 0; i < n; i++) {
		TSNode p = ts_node_named_child(params, i);
		TSNode pat = node_field(p, "pattern");

		TSNode def = node_field(p, "value");

		if (!node_is(pat, "identifier"))
			continue;
		/* f(password = 'x'): a DECL_PARAM's value is its default */
		add_decl(c, pat, (component_ctor && i == 0) ? DECL_COMPONENT_NAME : DECL_PARAM,
			 ts_node_is_null(def) ? pat : def, fn);
	}
}


void ts_collect_node(struct ctx *c, TSNode n)
{
	TSSymbol sym = ts_node_symbol(n);

	if (sym == c->sym[SYM_IMPORT]) {
		collect_import(c, n);
	} else if (sym == c->sym[SYM_LEXICAL] || sym == c->sym[SYM_VARIABLE]) {
		TSNode kw = ts_node_child(n, 0);
		int is_const = node_is(kw, "const");
		uint32_t i, m = ts_node_named_child_count(n);

		for (i = 0; i < m; i++) {
			TSNode d = ts_node_named_child(n, i);

			if (node_is(d, "variable_declarator"))
				collect_declarator(c, d, is_const);
		}
	} else if (sym == c->sym[SYM_FUNCTION_DECL] || sym == c->sym[SYM_GENERATOR_DECL]) {
		add_func(c, node_field(n, "name"), node_field(n, "body"));
		collect_params(c, n, 0);
	} else if (sym == c->sym[SYM_METHOD]) {
		TSNode name = node_field(n, "name");
		int ctor = 0;

		if (node_text_eq(c, name, "constructor")) {
			TSNode cls = ctx_ancestor(c, 2);	/* method <- class_body <- class */

			ctor = (node_is(cls, "class_declaration") || node_is(cls, "class")) &&
			       class_is_component(c, cls);
		} else {
			add_func(c, name, node_field(n, "body"));
		}
		collect_params(c, n, ctor);
	} else if (sym == c->sym[SYM_ARROW] || sym == c->sym[SYM_FUNCTION_EXPR]) {
		collect_params(c, n, 0);
	} else if (sym == c->sym[SYM_CLASS_DECL] || sym == c->sym[SYM_ENUM_DECL]) {
		collect_type_decl(c, n, sym == c->sym[SYM_ENUM_DECL]);
	} else if (sym == c->sym[SYM_FIELD] || sym == c->sym[SYM_ENUM_ASSIGN]) {
		/* Settings.password, this.pw, Enum.Member: a changed value may reach an unchanged use */
		TSNode value = node_field(n, "value");

		if (!c->full_judge && !ts_node_is_null(value) && node_on_added(c, value) &&
		    !node_is(value, "new_expression") && !node_is(value, "arrow_function") &&
		    !node_is(value, "function_expression"))
			c->full_judge = 1;
	} else if (sym == c->sym[SYM_COMMENT]) {
		/* all of them: an old comment may suppress a new finding */
		collect_suppression(c, n);
	}
}

/*
 * Excluded folders (build/, dist/, node_modules/) hold generated output
 * that is not judged. A judged file that imports from one makes that
 * code part of the program: say so, naming both.
 */
void ts_note_excluded_imports(const struct ctx *c)
{
	uint32_t i, n = ts_node_named_child_count(c->root);
	const char *slash = strrchr(c->change->path, '/');

	for (i = 0; i < n; i++) {
		TSNode st = ts_node_named_child(c->root, i), src;
		const char *spec, *p;
		size_t len, k;
		struct buf path = BUF_INIT, shown = BUF_INIT;
		static const char *const tails[] = { "", ".ts", "/index.ts" };
		int up = 0;

		if (!node_is(st, "import_statement") && !node_is(st, "export_statement"))
			continue;
		src = node_field(st, "source");
		if (ts_node_is_null(src) || !string_content(c, src, &spec, &len) || len < 2 || spec[0] != '.')
			continue;
		if (slash)
			buf_add(&path, c->change->path, (size_t)(slash - c->change->path));
		/* resolve ./ and ../ lexically against the file's folder */
		for (p = spec; p < spec + len && !up;) {
			const char *e = memchr(p, '/', (size_t)(spec + len - p));
			size_t m = e ? (size_t)(e - p) : (size_t)(spec + len - p);

			if (m == 2 && !memcmp(p, "..", 2)) {
				char *last = path.len ? strrchr(path.ptr, '/') : NULL;

				if (!path.len)
					up = 1;
				path.len = last ? (size_t)(last - path.ptr) : 0;
				if (path.ptr)
					path.ptr[path.len] = '\0';
			} else if (m && !(m == 1 && *p == '.')) {
				if (path.len)
					buf_putc(&path, '/');
				buf_add(&path, p, m);
			}
			p = e ? e + 1 : spec + len;
		}
		for (k = 0; k < ARRAY_SIZE(tails) && !up && path.len; k++) {
			buf_reset(&shown);
			buf_printf(&shown, "%s%s", path.ptr, tails[k]);
			if (config_path_excluded(c->cfg, shown.ptr)) {
				struct buf e = BUF_INIT;

				buf_add_escaped(&e, c->change->path, strlen(c->change->path));
				buf_puts(&e, "' imports '");
				buf_add_escaped(&e, spec, len);
				fprintf(stderr, "stackgate: note: '%s', which is excluded from scope ([general] "
					"exclude: generated output): the code it pulls in is not judged; judge it by "
					"narrowing exclude, or import the source instead\n", e.ptr);
				buf_release(&e);
				break;
			}
		}
		buf_release(&path);
		buf_release(&shown);
	}
}
