/*
 * walk.c - the walks over a file's tree: the context pass (every node,
 * pruned, or lazy: subtrees without an added line left as units that a
 * lookup expands) and the judging walk that runs every rule's hook on
 * the nodes of their kinds. The walk's path gives ancestors cheaply.
 */
#include "rules/rules.h"
#include "analyze/internal.h"

#include <stdlib.h>
#include <string.h>

size_t ctx_ancestors(const struct ctx *c, TSNode n, TSNode *out, size_t max)
{
	TSNode top = c->path ? c->path[c->depth] : n, k;
	uint32_t s = ts_node_start_byte(n);
	size_t nr = 0, down = 0, i;

	if (ts_node_is_null(n) || !max)
		return 0;
	if (c->path && ts_node_start_byte(top) <= s && ts_node_end_byte(n) <= ts_node_end_byte(top)) {
		/* down from the walk's node to n, then up the walk's path */
		TSTreeCursor cur = ts_tree_cursor_new(top);
		int reached = 0, steps;

		for (steps = 0; steps < 4096; steps++) {
			k = ts_tree_cursor_current_node(&cur);
			if (ts_node_eq(k, n)) {
				reached = 1;
				break;
			}
			if (down < max)
				out[down++] = k;
			if (ts_tree_cursor_goto_first_child_for_byte(&cur, s) < 0)
				break;
			/* the library may stop at a child that ends where n starts */
			while (ts_node_end_byte(k = ts_tree_cursor_current_node(&cur)) <= s && !ts_node_eq(k, n) &&
			       ts_tree_cursor_goto_next_sibling(&cur))
				;
			if (ts_node_start_byte(ts_tree_cursor_current_node(&cur)) > s)
				break;
		}
		ts_tree_cursor_delete(&cur);
		if (reached && down < max) {
			/* innermost first */
			for (i = 0; i < down / 2; i++) {
				k = out[i];
				out[i] = out[down - 1 - i];
				out[down - 1 - i] = k;
			}
			nr = down;
			for (i = 1; i <= c->depth && nr < max; i++)
				out[nr++] = c->path[c->depth - i];
			return nr;
		}
	}
	/* elsewhere in the file: ts_node_parent() (a search from the root) */
	for (k = ts_node_parent(n); !ts_node_is_null(k) && nr < max; k = ts_node_parent(k))
		out[nr++] = k;
	return nr;
}

/* Positions of identifiers spelled `name`, sorted; built once per name. */
int ctx_names_in(struct ctx *c, const char *name, uint32_t start, uint32_t end)
{
	size_t lo, hi, len = strlen(name);

	if (ts_node_is_null(c->root))
		return 0;
	if (!c->idents_name || strcmp(c->idents_name, name)) {
		TSTreeCursor cur = ts_tree_cursor_new(c->root);
		size_t alloc = 0;

		free(c->idents_name);
		free(c->idents);
		c->idents = NULL;
		c->nr_idents = 0;
		c->idents_name = xstrdup(name);
		/* one walk, in document order: the positions come sorted */
		for (;;) {
			TSNode k = ts_tree_cursor_current_node(&cur);

			if ((node_is(k, "identifier") || node_is(k, "shorthand_property_identifier_pattern")) &&
			    ts_node_end_byte(k) - ts_node_start_byte(k) == len &&
			    !memcmp(c->src + ts_node_start_byte(k), name, len)) {
				ALLOC_GROW(c->idents, c->nr_idents, alloc);
				c->idents[c->nr_idents++] = ts_node_start_byte(k);
			}
			if (ts_tree_cursor_goto_first_child(&cur))
				continue;
			while (!ts_tree_cursor_goto_next_sibling(&cur))
				if (!ts_tree_cursor_goto_parent(&cur))
					goto done;
		}
done:
		ts_tree_cursor_delete(&cur);
	}
	lo = 0;
	hi = c->nr_idents;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->idents[mid] < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nr_idents && c->idents[lo] < end;
}

TSNode ctx_ancestor(const struct ctx *c, uint32_t k)
{
	TSNode none = { 0 };

	return k <= c->depth ? c->path[c->depth - k] : none;
}


#define THIS_UNKNOWN UINT32_MAX

static void path_set(struct ctx *c, uint32_t depth, TSNode n)
{
	if (depth >= c->path_alloc) {
		c->path_alloc = c->path_alloc ? c->path_alloc * 2 : 64;
		c->path = xrealloc(c->path, c->path_alloc * sizeof(TSNode));
		c->this_at = xrealloc(c->this_at, c->path_alloc * sizeof(uint32_t));
	}
	c->path[depth] = n;
	c->this_at[depth] = THIS_UNKNOWN;
	c->depth = depth;
}

/* Kinds that give the code inside them their own `this` (an arrow function keeps the outer one). */
static int binds_this(TSNode n)
{
	static const char *const kinds[] = {
		"function_expression", "function_declaration", "function", "generator_function",
		"generator_function_declaration", "method_definition", "class_body", "program",
	};
	const char *t = ts_node_type(n);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(t, kinds[i]))
			return 1;
	return 0;
}

uint32_t ctx_this_scope(struct ctx *c)
{
	uint32_t d, k;

	/*
	 * this_at[d]: depth + 1 of the binder at or above path depth d (0:
	 * none), remembered while path[d] stays: resources nested a thousand
	 * arrow functions deep climb each level once, not once per resource.
	 */
	if (!c->depth)
		return 0;
	for (d = c->depth - 1; c->this_at[d] == THIS_UNKNOWN; d--) {
		if (binds_this(c->path[d])) {
			c->this_at[d] = d + 1;
			break;
		}
		if (!d) {
			c->this_at[d] = 0;
			break;
		}
	}
	/* fill in the levels climbed */
	for (k = d + 1; k < c->depth; k++)
		if (c->this_at[k] == THIS_UNKNOWN)
			c->this_at[k] = c->this_at[k - 1];
	return c->this_at[c->depth - 1] ? c->depth - (c->this_at[c->depth - 1] - 1) : 0;
}

/*
 * Subtrees that declare no name and hold no import (types, literals):
 * the context pass does not enter them. A comment inside one
 * would be missed, hence the pass is not pruned when the file mentions
 * stackgate:ignore at all.
 */
static int opaque(const struct ctx *c, TSSymbol sym)
{
	int i;

	for (i = SYM_STRING; i <= SYM_TYPE_ALIAS; i++)
		if (sym == c->sym[i])
			return 1;
	return 0;
}

static void add_unit(struct ctx *c, TSNode n)
{
	struct unit *u = stable_add(&c->units);

	u->node = n;
	u->parent = ctx_ancestor(c, 1);
	u->grand = ctx_ancestor(c, 2);
	u->done = 0;
	c->units_left++;
}

/*
 * Visit the nodes under `top` (and top itself unless skip_top) without
 * recursion (10,000-deep nesting must not overflow the stack), calling fn
 * on each and keeping c->path current; `depth` is top's depth in c->path.
 *
 * WALK_CHANGED: a finding is kept only when its literal or its use was
 * added, and both lie inside the node the rule runs on, except for a
 * literal reached through a const, which is why a change to a const's
 * value (c->full_judge) makes this walk visit everything.
 *
 * WALK_CONTEXT_LAZY: a subtree without an added line is a unit: fn sees
 * its top node (a declaration there is visible outside it) but not the
 * nodes below, whose names are visible only inside it. export_statement
 * is looked through: what it declares lives in the block around it.
 */
static void walk_from(struct ctx *c, TSNode top, uint32_t depth, int skip_top,
		      void (*fn)(struct ctx *, TSNode), enum walk_mode mode)
{
	TSTreeCursor cur = ts_tree_cursor_new(top);
	int all = mode != WALK_CHANGED || c->full_judge || !c->change->added;
	uint32_t top_depth = depth;

	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);

		if (ctx_out_of_time(c))
			break;
		if (all || node_on_added(c, n)) {
			int descend = mode == WALK_CONTEXT_ALL || mode == WALK_CHANGED ||
				      (!opaque(c, ts_node_symbol(n)) &&
				       !(mode == WALK_CONTEXT && LANG_OP(c, context_skip) &&
					 c->lang->ops->context_skip(c, n)));

			path_set(c, depth, n);
			if (!skip_top || depth != top_depth)
				fn(c, n);
			if (descend && mode == WALK_CONTEXT_LAZY && depth != top_depth &&
			    !node_on_added(c, n) && ts_node_symbol(n) != c->sym[SYM_EXPORT]) {
				if (ts_node_child_count(n))
					add_unit(c, n);
				descend = 0;
			}
			if (descend && ts_tree_cursor_goto_first_child(&cur)) {
				depth++;
				continue;
			}
		}
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur))
				goto done;
			depth--;
		}
	}
done:
	ts_tree_cursor_delete(&cur);
}

void walk(struct ctx *c, void (*fn)(struct ctx *, TSNode), enum walk_mode mode)
{
	walk_from(c, c->root, 0, 0, fn, mode);
}

/*
 * Walk a unit the lazy context pass left, with its own path (a lookup
 * may come in the middle of the judging walk, which owns c->path).
 */
void expand_unit(struct ctx *c, struct unit *u)
{
	TSNode *path = c->path;
	uint32_t *this_at = c->this_at;
	uint32_t depth = c->depth, alloc = c->path_alloc;
	int lazy = c->lazy;

	u->done = 1;
	c->units_left--;
	c->lazy = 0;	/* lookups made while collecting see what is known */
	c->path = NULL;
	c->this_at = NULL;
	c->path_alloc = 0;
	path_set(c, 0, u->grand);
	path_set(c, 1, u->parent);
	walk_from(c, u->node, 2, 1, c->lang->ops->collect, WALK_CONTEXT);
	free(c->path);
	free(c->this_at);
	c->path = path;
	c->this_at = this_at;
	c->depth = depth;
	c->path_alloc = alloc;
	c->lazy = lazy;
}

/* Units are disjoint and recorded in document order. */
void expand_at(struct ctx *c, uint32_t at)
{
	size_t lo = 0, hi = c->units.nr;
	struct unit *u;

	if (!c->units_left)
		return;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ts_node_end_byte(((struct unit *)stable_at(&c->units, mid))->node) <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= c->units.nr)
		return;
	u = stable_at(&c->units, lo);
	if (!u->done && ts_node_start_byte(u->node) <= at)
		expand_unit(c, u);
}

int ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '$' || (unsigned char)ch >= 0x80;
}

/* 1 if the word (not part of a longer identifier) is in src[from, to). */
int has_word(const char *src, uint32_t from, uint32_t to, const char *w, size_t len)
{
	const char *p = src + from, *end = src + to;

	while (len && (p = memmem(p, (size_t)(end - p), w, len)) != NULL) {
		if ((p == src || !ident_char(p[-1])) && (p + len == end || !ident_char(p[len])))
			return 1;
		p++;
	}
	return 0;
}

/* Walk every unit whose text names `name`: a helper may be declared there. */
void expand_naming(struct ctx *c, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < c->units.nr && c->units_left; i++) {
		struct unit *u = stable_at(&c->units, i);

		if (!u->done && has_word(c->src, ts_node_start_byte(u->node), ts_node_end_byte(u->node), name, len))
			expand_unit(c, u);
	}
}

/* Run every rule's hook for the node's kind: all rules in one pass. */
void judge_node(struct ctx *c, TSNode n)
{
	TSSymbol sym = ts_node_symbol(n);
	int i;

	c->resolve_budget = RESOLVE_BUDGET;

	if (sym == c->sym[SYM_NEW]) {
		struct resource r;

		if (c->lang->ops->lower(&r, c, n)) {
			if (c->observe)
				c->observe(&r, c->observe_data);
			for (i = 0; i < RULE__COUNT; i++)
				if (rule_defs[i]->on_resource && c->sev[i] != SEV_DISABLED)
					rule_defs[i]->on_resource(c, &r);
			resource_release(&r);
		} else if (sym != c->sym[SYM_CALL]) {
			/* `new X(...)` of a class of the program (TypeScript) */
			for (i = 0; i < RULE__COUNT; i++)
				if (rule_defs[i]->on_instance && c->sev[i] != SEV_DISABLED)
					rule_defs[i]->on_instance(c, n);
		}
	}
	/* a Python resource is a call: it is both (SYM_NEW and SYM_CALL are one kind) */
	if (sym == c->sym[SYM_NEW] && sym != c->sym[SYM_CALL]) {
		/* judged above */
	} else if (sym == c->sym[SYM_PAIR] || sym == c->sym[SYM_SHORTHAND]) {
		for (i = 0; i < RULE__COUNT; i++)
			if (rule_defs[i]->on_pair && c->sev[i] != SEV_DISABLED)
				rule_defs[i]->on_pair(c, n);
	} else if (sym == c->sym[SYM_CALL]) {
		for (i = 0; i < RULE__COUNT; i++)
			if (rule_defs[i]->on_call && c->sev[i] != SEV_DISABLED)
				rule_defs[i]->on_call(c, n);
		/* a call that builds an object in a front end that says so
		 * (Python's aws.iam.GetPolicyDocumentStatementArgs(...), dict(...))
		 * is an object too */
		if (LANG_OP(c, object_like) && object_like(c, n))
			for (i = 0; i < RULE__COUNT; i++)
				if (rule_defs[i]->on_object && c->sev[i] != SEV_DISABLED)
					rule_defs[i]->on_object(c, n);
	} else if (sym == c->sym[SYM_OBJECT]) {
		for (i = 0; i < RULE__COUNT; i++)
			if (rule_defs[i]->on_object && c->sev[i] != SEV_DISABLED)
				rule_defs[i]->on_object(c, n);
	} else if (sym == c->sym[SYM_DECLARATOR] || sym == c->sym[SYM_FIELD] || sym == c->sym[SYM_ENUM_ASSIGN]) {
		for (i = 0; i < RULE__COUNT; i++)
			if (rule_defs[i]->on_binding && c->sev[i] != SEV_DISABLED)
				rule_defs[i]->on_binding(c, n);
	}
}
