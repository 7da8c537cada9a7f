#include "analyze/analyze.h"
#include "rules/rules.h"
#include "lang/parsecache.h"
#include "analyze/suppress.h"

#include <ctype.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);

/*
 * Cursors allocate their stack; rules iterate children on almost every
 * node, so finished cursors are kept here and reset, not freed.
 */
static _Thread_local TSTreeCursor cursor_pool[16];
static _Thread_local int cursor_pool_nr;

struct analyzer {
	const struct config *cfg;
	TSParser *parser;
	int inline_ignore;
	uint64_t deadline_ns;
	int timed_out;
	int optimize;			/* 0: STACKGATE_OPTIMIZE=0, every shortcut off */
	int quiet_notes;		/* a comparison's inner runs say nothing */
	struct parse_cache *cache;	/* NULL: every file is parsed whole */
	/* symbol ids of the two grammars, looked up once */
	const TSLanguage *sym_lang[2];
	TSSymbol sym[2][SYM__COUNT];
};

void analyzer_set_deadline(struct analyzer *a, uint64_t deadline_ns)
{
	a->deadline_ns = deadline_ns;
}

int analyzer_timed_out(const struct analyzer *a)
{
	return a->timed_out;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void name_index_release(struct name_index *x);

void ctx_view(struct ctx *view, const struct ctx *c, const char *src, size_t len)
{
	/* nothing growable is shared: a copy of *c would realloc c's arrays */
	memset(view, 0, sizeof(*view));
	view->scope_memo_result = -1;
	view->cfg = c->cfg;
	memcpy(view->sym, c->sym, sizeof(view->sym));
	view->change = c->change;
	view->src = src;
	view->len = len;
	view->inline_ignore = c->inline_ignore;
	view->full_judge = c->full_judge;
	view->added_before = c->added_before;	/* read only */
	view->added_max = c->added_max;
	view->deadline_ns = c->deadline_ns;
	stable_init(&view->imports, sizeof(struct import_binding));
	stable_init(&view->decls, sizeof(struct decl));
	stable_init(&view->funcs, sizeof(struct func));
	stable_init(&view->units, sizeof(struct unit));
}

void ctx_view_release(struct ctx *view)
{
	findings_release(&view->local);
	free(view->idents);
	free(view->idents_name);
	name_index_release(&view->finding_places);
	name_index_release(&view->finding_lines);
}

int ctx_out_of_time(struct ctx *c)
{
	if (c->timed_out)
		return 1;
	if (!c->deadline_ns || (c->ticks++ & 255))
		return 0;
	if (mono_ns() >= c->deadline_ns)
		c->timed_out = 1;
	return c->timed_out;
}

void analyzer_set_inline_ignore(struct analyzer *a, int allowed)
{
	a->inline_ignore = allowed;
}

struct analyzer *analyzer_new(const struct config *cfg)
{
	struct analyzer *a = xcalloc(1, sizeof(*a));

	a->cfg = cfg;
	a->parser = ts_parser_new();
	a->inline_ignore = 1;
	/* STACKGATE_OPTIMIZE=0: every shortcut off, to prove they change nothing */
	a->optimize = !getenv("STACKGATE_OPTIMIZE") || strcmp(getenv("STACKGATE_OPTIMIZE"), "0");
	if (a->optimize)
		a->cache = parse_cache_new();
	return a;
}

void analyze_thread_done(void)
{
	while (cursor_pool_nr)
		ts_tree_cursor_delete(&cursor_pool[--cursor_pool_nr]);
}

void analyzer_free(struct analyzer *a)
{
	if (!a)
		return;
	analyze_thread_done();
	parse_cache_free(a->cache);
	ts_parser_delete(a->parser);
	free(a);
}

static int has_suffix_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

int analyze_is_typescript(const char *path)
{
	/* JavaScript is judged with the TypeScript grammar, which parses it:
	 * Pulumi JavaScript programs and the Lambda handlers they ship. Any
	 * case: db.TS is TypeScript to tsc on a case-insensitive file system */
	return has_suffix_ci(path, ".ts") || has_suffix_ci(path, ".tsx") ||
	       has_suffix_ci(path, ".mts") || has_suffix_ci(path, ".cts") ||
	       has_suffix_ci(path, ".js") || has_suffix_ci(path, ".mjs") || has_suffix_ci(path, ".cjs");
}

/* ---- small tree helpers, shared with the rules ---- */

int node_is(TSNode n, const char *type)
{
	return !ts_node_is_null(n) && !strcmp(ts_node_type(n), type);
}

void child_iter_init(struct child_iter *it, TSNode parent)
{
	it->state = ts_node_is_null(parent) ? 2 : 0;
	it->has_cursor = !ts_node_is_null(parent);
	if (!it->has_cursor)
		return;
	if (cursor_pool_nr) {
		it->cur = cursor_pool[--cursor_pool_nr];
		ts_tree_cursor_reset(&it->cur, parent);
	} else {
		it->cur = ts_tree_cursor_new(parent);
	}
}

int child_iter_next(struct child_iter *it, TSNode *out)
{
	for (;;) {
		TSNode k;

		if (it->state == 2)
			return 0;
		if (it->state == 0) {
			it->state = ts_tree_cursor_goto_first_child(&it->cur) ? 1 : 2;
		} else if (!ts_tree_cursor_goto_next_sibling(&it->cur)) {
			it->state = 2;
		}
		if (it->state == 2)
			return 0;
		k = ts_tree_cursor_current_node(&it->cur);
		if (ts_node_is_named(k) && strcmp(ts_node_type(k), "comment")) {
			*out = k;
			return 1;
		}
	}
}

void child_iter_end(struct child_iter *it)
{
	if (it->has_cursor) {
		if (cursor_pool_nr < (int)ARRAY_SIZE(cursor_pool))
			cursor_pool[cursor_pool_nr++] = it->cur;
		else
			ts_tree_cursor_delete(&it->cur);
	}
	it->has_cursor = 0;
	it->state = 2;
}

TSNode call_arg(TSNode args, uint32_t i)
{
	struct child_iter it;
	TSNode k, none = { 0 };

	for (child_iter_init(&it, args); child_iter_next(&it, &k);) {
		if (i-- == 0) {
			child_iter_end(&it);
			return k;
		}
	}
	child_iter_end(&it);
	return none;
}

uint32_t call_argc(TSNode args)
{
	struct child_iter it;
	TSNode k;
	uint32_t cnt = 0;

	for (child_iter_init(&it, args); child_iter_next(&it, &k);)
		cnt++;
	child_iter_end(&it);
	return cnt;
}

const char *node_text(const struct ctx *c, TSNode n, size_t *len)
{
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);

	if (e > c->len)
		e = (uint32_t)c->len;
	if (s > e)
		s = e;
	*len = e - s;
	return c->src + s;
}

int node_text_eq(const struct ctx *c, TSNode n, const char *s)
{
	size_t len;
	const char *t = node_text(c, n, &len);

	return strlen(s) == len && !memcmp(t, s, len);
}

int string_content(const struct ctx *c, TSNode n, const char **s, size_t *len)
{
	size_t l;
	const char *t;

	if (!node_is(n, "string"))
		return 0;
	t = node_text(c, n, &l);
	if (l < 2)
		return 0;
	*s = t + 1;
	*len = l - 2;
	return 1;
}

int pair_key(struct ctx *c, TSNode pair, const char **key, size_t *len)
{
	TSNode k = node_field(pair, "key");

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

int object_like(struct ctx *c, TSNode n)
{
	return node_is(n, "object") || is_object_assign(c, n);
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
	if (!object_like(c, obj) || !seen_enter(sn, obj))
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

	sn.nr = 0;
	object_each_s(c, obj, fn, data, &sn);
}

static uint32_t name_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

#define NO_ENTRY UINT32_MAX

/* Chain entry `id` (the next entry of its table) under hash h. */
static void name_index_add(struct name_index *x, uint32_t h, uint32_t id)
{
	uint32_t i;

	if (id >= x->alloc) {
		x->alloc = x->alloc ? x->alloc * 2 : 64;
		if (x->alloc <= id)
			x->alloc = id + 1;
		x->next = xrealloc(x->next, (size_t)x->alloc * sizeof(uint32_t));
		x->hash = xrealloc(x->hash, (size_t)x->alloc * sizeof(uint32_t));
	}
	x->hash[id] = h;
	x->nr = id + 1;
	/* at most two entries per chain on average: rechain into twice the heads */
	if (!x->heads || x->nr > 2 * (x->mask + 1)) {
		x->mask = x->heads ? 2 * x->mask + 1 : 15;
		free(x->heads);
		x->heads = xmalloc(((size_t)x->mask + 1) * sizeof(uint32_t));
		memset(x->heads, 0xff, ((size_t)x->mask + 1) * sizeof(uint32_t));
		for (i = 0; i < x->nr; i++) {
			x->next[i] = x->heads[x->hash[i] & x->mask];
			x->heads[x->hash[i] & x->mask] = i;
		}
		return;
	}
	x->next[id] = x->heads[h & x->mask];
	x->heads[h & x->mask] = id;
}

/* The first entry chained under h (NO_ENTRY if none); name_index_next() the rest. */
static uint32_t name_index_first(const struct name_index *x, uint32_t h)
{
	uint32_t i = x->heads ? x->heads[h & x->mask] : NO_ENTRY;

	while (i != NO_ENTRY && x->hash[i] != h)
		i = x->next[i];
	return i;
}

static uint32_t name_index_next(const struct name_index *x, uint32_t i)
{
	uint32_t h = x->hash[i];

	for (i = x->next[i]; i != NO_ENTRY && x->hash[i] != h; i = x->next[i])
		;
	return i;
}

static void name_index_release(struct name_index *x)
{
	free(x->heads);
	free(x->next);
	free(x->hash);
	memset(x, 0, sizeof(*x));
}

TSNode node_field(TSNode n, const char *name)
{
	static _Thread_local struct {
		const TSLanguage *lang;
		const char *name;
		TSFieldId id;
	} cache[128];
	const TSLanguage *lang;
	size_t slot;
	TSNode none = { 0 };

	if (ts_node_is_null(n))
		return none;
	lang = ts_tree_language(n.tree);
	slot = (((uintptr_t)name >> 3) ^ ((uintptr_t)lang >> 5)) & 127;
	if (cache[slot].name != name || cache[slot].lang != lang) {
		cache[slot].lang = lang;
		cache[slot].name = name;
		cache[slot].id = ts_language_field_id_for_name(lang, name, (uint32_t)strlen(name));
	}
	if (!cache[slot].id)
		return none;
	return ts_node_child_by_field_id(n, cache[slot].id);
}

static void expand_at(struct ctx *c, uint32_t at);
static void expand_naming(struct ctx *c, const char *name, size_t len);

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
	return best;
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
		v = steps[i].key ? object_get_n(c, v, steps[i].key, steps[i].len) : array_element(c, v, steps[i].index);
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
	const struct strlist *l = rule_list(cfg, RULE_MISSING_ENV_SUFFIX, "exclude_types");
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

/* ---- reporting ---- */

void redact_into(struct buf *b, const char *s, size_t len)
{
	size_t keep = len / 3;

	if (keep > 3)
		keep = 3;
	buf_add(b, s, keep);
	buf_puts(b, "***");
}

/* Prefix counts of added lines, so that "does [a, b] hold one" is O(1). */
static void index_added(struct ctx *c)
{
	const struct line_set *s = c->change->added;
	uint32_t l, n = 0;

	if (!s)
		return;
	c->added_max = s->max;
	c->added_before = xmalloc(((size_t)s->max + 2) * sizeof(uint32_t));
	for (l = 0; l <= s->max; l++) {
		c->added_before[l] = n;
		if (l && lines_has(s, l))
			n++;
	}
	c->added_before[s->max + 1] = n;
}

/* 1 if any line in [first, last] (1-based) was added. */
static int range_added(const struct ctx *c, uint32_t first, uint32_t last)
{
	if (!c->change->added)
		return 1;
	if (!first)
		first = 1;
	if (first > c->added_max)
		return 0;
	if (last > c->added_max)
		last = c->added_max;
	return first <= last && c->added_before[last + 1] > c->added_before[first];
}

static int node_on_added_lines(const struct ctx *c, uint32_t line)
{
	return range_added(c, line, line);
}

int node_on_added(const struct ctx *c, TSNode n)
{
	if (ts_node_is_null(n))
		return 0;
	return range_added(c, ts_node_start_point(n).row + 1, ts_node_end_point(n).row + 1);
}

static uint32_t line_start(const struct ctx *c, uint32_t off)
{
	while (off > 0 && c->src[off - 1] != '\n')
		off--;
	return off;
}

/* Secrets by where they start, then by finding: secrets_index() sorts them. */
static int by_secret_start(const void *pa, const void *pb)
{
	const struct secret_span *a = pa, *b = pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->nr < b->nr ? -1 : a->nr > b->nr;
}

/* The redacted spans of every finding of the file, sorted, for next_secret(). */
static void secrets_index(struct ctx *c)
{
	size_t i;

	c->nr_secrets = 0;
	free(c->secrets);
	c->secrets = xmalloc((c->local.nr + 1) * sizeof(*c->secrets));
	for (i = 0; i < c->local.nr; i++) {
		const struct finding *f = &c->local.items[i];

		if (f->redact_end <= f->redact_start)
			continue;
		c->secrets[c->nr_secrets].start = f->redact_start;
		c->secrets[c->nr_secrets].end = f->redact_end;
		c->secrets[c->nr_secrets].nr = i;
		c->nr_secrets++;
	}
	qsort(c->secrets, c->nr_secrets, sizeof(*c->secrets), by_secret_start);
}

/*
 * The secret within [*rs, *re) of any finding of this file that starts in
 * [from, to): the first one after `from` (of two at one place, the
 * earlier finding's). 0 if none. A binary search: a file may hold 100,000.
 */
static int next_secret(const struct ctx *c, uint32_t from, uint32_t to, uint32_t *rs, uint32_t *re)
{
	size_t lo = 0, hi = c->nr_secrets;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->secrets[mid].start < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == c->nr_secrets || c->secrets[lo].start >= to)
		return 0;
	*rs = c->secrets[lo].start;
	*re = c->secrets[lo].end;
	return 1;
}

/*
 * Build the excerpt: the finding's line, with every secret any finding of
 * the file found on it redacted (another rule's finding on the same line
 * must not show it either), and the span [sb, eb) marked.
 */
static void make_excerpt(const struct ctx *c, struct finding *f, uint32_t sb, uint32_t eb)
{
	uint32_t ls = line_start(c, sb), le = sb, p, rs = 0, re = 0;
	struct buf out = BUF_INIT;
	size_t m0 = 0, m1 = 0;
	int m0set = 0, m1set = 0;

	while (le < c->len && c->src[le] != '\n')
		le++;
	if (le > ls && c->src[le - 1] == '\r')
		le--;
	if (eb > le)
		eb = le;
	/* long lines: show a window around the mark */
	if (le - ls > 240) {
		if (sb > ls + 80)
			ls = sb - 80;
		if (le - ls > 240)
			le = ls + 240;
		if (eb > le)
			eb = le;
	}
	for (p = ls; p < le;) {
		uint32_t run_end = le;

		if (next_secret(c, p, le, &rs, &re) && rs == p) {
			const char *q = c->src + rs;
			uint32_t end = re > le ? le : re;
			/* one quoted string: keep its quotes; parts joined: redact it all */
			uint32_t quoted = (*q == '\'' || *q == '"' || *q == '`') && end - rs >= 2 &&
					  !memchr(q + 1, *q, end - rs - 2);

			if (p == sb && !m0set)
				m0 = out.len, m0set = 1;
			if (quoted)
				buf_putc(&out, *q);
			redact_into(&out, q + quoted, end - rs - 2 * quoted);
			if (quoted && re <= le)
				buf_putc(&out, c->src[re - 1]);
			p = end;
			if (sb > rs && sb < end && !m0set)
				m0 = out.len, m0set = 1;	/* a mark inside a secret starts after it */
			if (eb <= p && eb > rs && !m1set)
				m1 = out.len, m1set = 1;
			continue;
		}
		if (next_secret(c, p, le, &rs, &re) && rs < run_end)
			run_end = rs;
		/* copy [p, run_end) escaped, noting where the mark starts and ends */
		if (!m0set && sb >= p && sb < run_end) {
			buf_add_escaped(&out, c->src + p, sb - p);
			m0 = out.len, m0set = 1;
			p = sb;
		}
		if (m0set && !m1set && eb >= p && eb <= run_end) {
			buf_add_escaped(&out, c->src + p, eb - p);
			m1 = out.len, m1set = 1;
			p = eb;
		}
		buf_add_escaped(&out, c->src + p, run_end - p);
		p = run_end;
	}
	if (!m0set)
		m0 = out.len;
	if (!m1set || m1 < m0)
		m1 = out.len;
	f->excerpt = out.ptr ? buf_detach(&out) : xstrdup("");
	f->mark_col = (uint32_t)m0 + 1;
	f->mark_len = m1 > m0 ? (uint32_t)(m1 - m0) : 1;
}

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

/*
 * Line of the `new` expression around n (n itself or within 63 levels
 * above it), 0 if none. The ancestors come from ctx_ancestors(), which
 * goes down from the walk's node and then up its path: ts_node_parent()
 * searches from the root (quadratic in deep nesting).
 */
static uint32_t enclosing_new_line(const struct ctx *c, TSNode n)
{
	TSNode up[63];
	size_t nr, i;

	if (ts_node_is_null(n))
		return 0;
	if (!strcmp(ts_node_type(n), "new_expression"))
		return ts_node_start_point(n).row + 1;
	nr = ctx_ancestors(c, n, up, sizeof(up) / sizeof(*up));
	for (i = 0; i < nr; i++)
		if (!strcmp(ts_node_type(up[i]), "new_expression"))
			return ts_node_start_point(up[i]).row + 1;
	return 0;
}

static uint32_t finding_hash(const char *rule, uint32_t line, uint32_t col)
{
	uint32_t h = name_hash(rule, strlen(rule));

	h = (h ^ line) * 16777619u;
	return (h ^ col) * 16777619u;
}

int ctx_span_has_finding(const struct ctx *c, const char *rule, uint32_t line, size_t from, size_t to)
{
	uint32_t i;

	for (i = name_index_first(&c->finding_lines, finding_hash(rule, line, 0)); i != NO_ENTRY;
	     i = name_index_next(&c->finding_lines, i)) {
		const struct finding *f = &c->local.items[i];
		size_t s = f->redact_end > f->redact_start ? f->redact_start : f->span_start;
		size_t e = f->redact_end > f->redact_start ? f->redact_end : f->span_end;

		if (f->line == line && !strcmp(f->rule, rule) && s < to && from < e)
			return 1;
	}
	return 0;
}

int ctx_line_has_finding(const struct ctx *c, const char *rule, uint32_t line)
{
	uint32_t i;

	for (i = name_index_first(&c->finding_lines, finding_hash(rule, line, 0)); i != NO_ENTRY;
	     i = name_index_next(&c->finding_lines, i))
		if (c->local.items[i].line == line && !strcmp(c->local.items[i].rule, rule))
			return 1;
	return 0;
}

/* 1-based column of byte `at` of the line starting at `ls`, in UTF-16 code units. */
static uint32_t utf16_column(const char *src, uint32_t ls, uint32_t at, size_t len)
{
	uint32_t p, n = 1;

	for (p = ls; p < at && p < len; p++) {
		unsigned char ch = (unsigned char)src[p];

		if (ch < 0x80 || ch >= 0xc0)
			n++;		/* a character starts here */
		if (ch >= 0xf0)
			n++;		/* outside the BMP: a surrogate pair */
	}
	return n;
}

/* Record a finding; what is kept and how it is shown is decided in finish_file(). */
static void record(struct ctx *c, const char *rule, enum severity sev, uint32_t start, uint32_t end,
		   uint32_t line, uint32_t col, uint32_t rs, uint32_t re, int added,
		   uint32_t use_line, uint32_t scope_line, const char *hint, char *msg)
{
	struct finding *f;
	uint32_t i, h = finding_hash(rule, line, col);

	/* one finding per rule and place: a hash, since a file may hold 100,000 */
	for (i = name_index_first(&c->finding_places, h); i != NO_ENTRY; i = name_index_next(&c->finding_places, i)) {
		f = &c->local.items[i];
		if (f->line == line && f->column == col && !strcmp(f->rule, rule)) {
			free(msg);
			return;
		}
	}
	name_index_add(&c->finding_places, h, (uint32_t)c->local.nr);
	name_index_add(&c->finding_lines, finding_hash(rule, line, 0), (uint32_t)c->local.nr);
	f = findings_add(&c->local);
	f->rule = xstrdup(rule);
	f->severity = sev;
	f->path = xstrdup(c->change->path);
	f->line = line;
	f->column = col;
	f->column_utf16 = utf16_column(c->src, start >= col - 1 ? start - (col - 1) : 0, start, c->len);
	f->commit = c->change->commit ? xstrdup(c->change->commit) : NULL;
	f->commit_subject = c->change->commit_subject ? xstrdup(c->change->commit_subject) : NULL;
	f->message = msg;
	f->hint = hint ? xstrdup(hint) : NULL;
	f->added = added;
	f->use_line = use_line;
	f->scope_line = scope_line;
	f->span_start = start;
	f->span_end = end;
	f->redact_start = rs;
	f->redact_end = re;
}

void report_span(struct ctx *c, const char *rule, enum severity sev,
		 uint32_t start, uint32_t end, uint32_t redact_start, uint32_t redact_end,
		 const char *hint, const char *msg)
{
	uint32_t line, p, ls;

	if (sev == SEV_DISABLED)
		return;
	/* line of `start`: findings mostly come in order, so go on from the last one */
	if (start < c->line_off || !c->line_no) {
		c->line_off = 0;
		c->line_no = 1;
		c->line_begin = 0;
	}
	for (p = c->line_off; p < start && p < c->len; p++)
		if (c->src[p] == '\n') {
			c->line_no++;
			c->line_begin = p + 1;
		}
	c->line_off = p;
	line = c->line_no;
	ls = c->line_begin;	/* not line_start(): a 1 MB line may hold 10,000 findings */
	record(c, rule, sev, start, end, line, start - ls + 1, redact_start, redact_end,
	       !c->change->added || lines_has(c->change->added, line), line, 0, hint, xstrdup(msg));
}

void report_node(struct ctx *c, const char *rule, enum severity sev,
		 TSNode lit, TSNode use, unsigned flags, const char *hint,
		 const char *fmt, ...)
{
	TSNode at;
	TSPoint pt;
	struct buf msg = BUF_INIT;
	va_list ap;
	uint32_t rs = 0, re = 0;
	int added = 1;

	if (sev == SEV_DISABLED)
		return;
	if ((flags & REPORT_AT_USE) && node_on_added(c, use))
		at = use;
	else if (node_on_added(c, lit))
		at = lit;
	else if (node_on_added(c, use))
		at = use;
	else {
		/* kept until suppressions are matched, then dropped */
		at = ts_node_is_null(lit) ? use : lit;
		added = 0;
	}
	if (ts_node_is_null(at))
		return;
	pt = ts_node_start_point(at);
	if ((flags & REPORT_REDACT) && !ts_node_is_null(lit)) {
		TSNode whole = lit, up;

		/* a secret built of parts ('Te' + 'mp...', `${a}${b}`) is redacted whole */
		for (up = ts_node_parent(whole); !ts_node_is_null(up) &&
		     (node_is(up, "binary_expression") || node_is(up, "parenthesized_expression") ||
		      node_is(up, "template_substitution") || node_is(up, "template_string") ||
		      node_is(up, "as_expression") || node_is(up, "non_null_expression") ||
		      node_is(up, "satisfies_expression")); up = ts_node_parent(up))
			whole = up;
		rs = ts_node_start_byte(whole);
		re = ts_node_end_byte(whole);
	}
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	record(c, rule, sev, ts_node_start_byte(at), ts_node_end_byte(at), pt.row + 1, pt.column + 1,
	       rs, re, added, ts_node_is_null(use) ? pt.row + 1 : ts_node_start_point(use).row + 1,
	       enclosing_new_line(c, ts_node_is_null(use) ? at : use), hint, buf_detach(&msg));
}

/* ---- suppressions, fingerprints, and what is kept ---- */

static void collect_suppression(struct ctx *c, TSNode n)
{
	size_t len;
	const char *t;
	struct suppression s;

	t = node_text(c, n, &len);
	if (!suppress_parse(&s, c->cfg, t, len))
		return;
	s.line = ts_node_start_point(n).row + 1;
	s.start = ts_node_start_byte(n);
	s.end = ts_node_end_byte(n);
	ALLOC_GROW(c->supps, c->nr_supps, c->alloc_supps);
	c->supps[c->nr_supps++] = s;
}

static int covers_line(const struct suppression *s, uint32_t line)
{
	return line && (s->line == line || s->line + 1 == line);
}

static int by_line_then_index(const void *pa, const void *pb)
{
	const struct suppression *const *a = pa, *const *b = pb;

	if ((*a)->line != (*b)->line)
		return (*a)->line < (*b)->line ? -1 : 1;
	return *a < *b ? -1 : *a > *b;
}

static int by_address(const void *pa, const void *pb)
{
	const struct suppression *const *a = pa, *const *b = pb;

	return *a < *b ? -1 : *a > *b;
}

/* Append to *out the suppressions (sorted by line) on `line`. */
static size_t supps_on_line(struct suppression **by_line, size_t nr, uint32_t line,
			    struct suppression **out, size_t n)
{
	size_t lo = 0, hi = nr;

	if (!line)
		return n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (by_line[mid]->line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nr && by_line[lo]->line == line; lo++)
		out[n++] = by_line[lo];
	return n;
}

static void apply_suppressions(struct ctx *c)
{
	size_t i, j, nr_cand;
	char today[11];
	/* by line: a file may hold 100,000 findings and as many comments */
	struct suppression **by_line = xmalloc(c->nr_supps * sizeof(*by_line));
	struct suppression **cand = NULL;
	size_t cand_alloc = 0;

	for (j = 0; j < c->nr_supps; j++)
		by_line[j] = &c->supps[j];
	qsort(by_line, c->nr_supps, sizeof(*by_line), by_line_then_index);
	today_ymd(today);
	for (i = 0; i < c->local.nr; i++) {
		struct finding *f = &c->local.items[i];
		uint32_t lines[5] = { f->line, f->line - 1, f->use_line, f->use_line - 1,
				      f->scope_line ? f->scope_line - 1 : 0 };
		int k;

		/* the comments that may cover it: on its line or the one above,
		 * its use's, the line above its enclosing `new` */
		nr_cand = 0;
		for (k = 0; k < 5; k++) {
			size_t at = nr_cand;

			if (!lines[k] || (k && lines[k] == lines[k - 1]) ||
			    (k >= 2 && (lines[k] == lines[0] || lines[k] == lines[1])))
				continue;
			if (cand_alloc < nr_cand + c->nr_supps) {
				cand_alloc = nr_cand + c->nr_supps;
				cand = xrealloc(cand, cand_alloc * sizeof(*cand));
			}
			nr_cand = supps_on_line(by_line, c->nr_supps, lines[k], cand, at);
		}
		/* in the order they appear in the file, as every one was tried */
		qsort(cand, nr_cand, sizeof(*cand), by_address);
		for (j = 0; j < nr_cand && !f->suppressed; j++) {
			struct suppression *s = cand[j];
			enum rule_id id;
			int allowed, server_refused;
			struct buf b = BUF_INIT;

			if (j && cand[j] == cand[j - 1])
				continue;
			if (s->problem[0] || !strlist_has(&s->rules, f->rule))
				continue;
			if (!covers_line(s, f->line) && !covers_line(s, f->use_line) &&
			    !(f->scope_line && s->line + 1 == f->scope_line))
				continue;
			s->used = 1;
			allowed = c->inline_ignore != INLINE_IGNORE_NONE;
			server_refused = 0;
			if (!rule_lookup(f->rule, &id) ? c->cfg->rules[id].no_inline_ignore :
			    (config_pattern(c->cfg, f->rule) && config_pattern(c->cfg, f->rule)->no_inline_ignore))
				allowed = 0;
			else if (c->inline_ignore == INLINE_IGNORE_SERVER && !rule_lookup(f->rule, &id) &&
				 (id == RULE_HARDCODED_SECRET || id == RULE_PLAINTEXT_STACK_SECRET) &&
				 !c->cfg->rules[id].inline_ignore_granted)
				allowed = 0, server_refused = 1;
			buf_puts(&b, f->message);
			if (s->until[0] && strcmp(today, s->until) > 0)
				buf_printf(&b, " (its stackgate:ignore on line %u expired on %s)", s->line, s->until);
			else if (server_refused)
				buf_printf(&b, " (its stackgate:ignore on line %u is not honoured on the server: "
					   "a pusher cannot approve their own secret; the server's INI may allow it "
					   "with [rule \"%s\"] allow_inline_ignore = true)", s->line, f->rule);
			else if (!allowed)
				buf_printf(&b, " (its stackgate:ignore on line %u is not honoured here: inline "
					   "suppression of this rule is not allowed)", s->line);
			else {
				f->suppressed = 1;
				f->justification = xstrdup(s->reason);
			}
			free(f->message);
			f->message = buf_detach(&b);
		}
	}
	free(cand);
	free(by_line);
}

static void report_bad_suppressions(struct ctx *c)
{
	enum severity sev = config_severity(c->cfg, RULE_INVALID_SUPPRESSION, c->change->path);
	size_t j;

	for (j = 0; j < c->nr_supps; j++) {
		struct suppression *s = &c->supps[j];
		struct buf msg = BUF_INIT;
		int added = !c->change->added || lines_has(c->change->added, s->line);

		if (!added)
			continue;
		if (s->problem[0])
			buf_printf(&msg, "stackgate:ignore %s, so it suppresses nothing", s->problem);
		else if (!s->used)
			buf_puts(&msg, "stackgate:ignore suppresses nothing here: no finding of its rules on "
				 "this line, the next, or the resource that starts on the next line");
		else
			continue;
		record(c, rule_name(RULE_INVALID_SUPPRESSION), sev, s->start, s->end, s->line,
		       s->start - line_start(c, s->start) + 1, 0, 0, 1, s->line, 0,
		       "write `// stackgate:ignore RULE -- a reason of at least ten characters`, "
		       "or remove the comment", buf_detach(&msg));
	}
}

/* rule + path + the offending text with whitespace runs folded */
static void fingerprint(const struct ctx *c, struct finding *f)
{
	struct buf b = BUF_INIT;
	uint32_t p;
	int space = 0;
	git_oid oid;

	buf_printf(&b, "%s\n%s\n", f->rule, f->path);
	for (p = f->span_start; p < f->span_end && p < c->len; p++) {
		char ch = c->src[p];

		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			space = 1;
			continue;
		}
		if (space)
			buf_putc(&b, ' ');
		space = 0;
		buf_putc(&b, ch);
	}
	git_odb_hash(&oid, b.ptr, b.len, GIT_OBJECT_BLOB);
	git_oid_tostr(f->fingerprint, sizeof(f->fingerprint), &oid);
	buf_release(&b);
}

/* Keep the findings on added lines; give them excerpts and fingerprints. */
static void finish_file(struct ctx *c)
{
	size_t i, kept = 0;

	if (c->nr_supps) {
		apply_suppressions(c);
		if (config_severity(c->cfg, RULE_INVALID_SUPPRESSION, c->change->path) != SEV_DISABLED)
			report_bad_suppressions(c);
	}
	/* excerpts first: they redact what every finding of the file found */
	secrets_index(c);
	for (i = 0; i < c->local.nr; i++) {
		struct finding *f = &c->local.items[i];

		if (!f->added)
			continue;
		make_excerpt(c, f, f->span_start, f->span_end);
		fingerprint(c, f);
	}
	for (i = 0; i < c->local.nr; i++) {
		struct finding *f = &c->local.items[i];

		if (!f->added) {
			struct finding_list one = { f, 1, 1 };

			findings_release_items(&one);
			continue;
		}
		c->local.items[kept++] = *f;
	}
	c->local.nr = kept;
	for (i = 0; i < c->nr_supps; i++)
		suppress_release(&c->supps[i]);
	free(c->supps);
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

/* const x = require('@pulumi/aws') */
static int collect_require(struct ctx *c, TSNode name, TSNode value)
{
	struct buf canon = BUF_INIT, fn = BUF_INIT;
	TSNode args;
	int ok = 0;

	if (!node_is(value, "call_expression") || !node_is(name, "identifier"))
		return 0;
	canon_name(c, node_field(value, "function"), &fn);
	args = node_field(value, "arguments");
	if (fn.ptr && !strcmp(fn.ptr, "require") && call_argc(args) == 1 &&
	    pulumi_module(c, call_arg(args, 0), &canon)) {
		add_import(c, name, canon.ptr);
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
	struct buf canon = BUF_INIT, sub = BUF_INIT;
	int ok = 0;

	if ((!node_is(value, "identifier") && !node_is(value, "member_expression") &&
	     !node_is(value, "subscript_expression")) || !canon_name(c, value, &canon))
		goto out;
	if (node_is(name, "object_pattern")) {
		struct child_iter it;
		TSNode k;

		for (child_iter_init(&it, name); child_iter_next(&it, &k);) {
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
			buf_printf(&sub, "%s.%.*s", canon.ptr, (int)len, t);
			add_import(c, local, sub.ptr);
		}
		child_iter_end(&it);
		ok = 1;
	}
out:
	buf_release(&canon);
	buf_release(&sub);
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
	if (is_const && (collect_require(c, name, value) || collect_alias(c, name, value)))
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

static const char *const sym_names[SYM__COUNT] = {
	[SYM_NEW] = "new_expression",
	[SYM_PAIR] = "pair",
	[SYM_SHORTHAND] = "shorthand_property_identifier",
	[SYM_CALL] = "call_expression",
	[SYM_OBJECT] = "object",
	[SYM_COMMENT] = "comment",
	[SYM_IMPORT] = "import_statement",
	[SYM_LEXICAL] = "lexical_declaration",
	[SYM_VARIABLE] = "variable_declaration",
	[SYM_FUNCTION_DECL] = "function_declaration",
	[SYM_GENERATOR_DECL] = "generator_function_declaration",
	[SYM_METHOD] = "method_definition",
	[SYM_ARROW] = "arrow_function",
	[SYM_FUNCTION_EXPR] = "function_expression",
	[SYM_FUNCTION] = "function",
	[SYM_EXPORT] = "export_statement",
	[SYM_CLASS_DECL] = "class_declaration",
	[SYM_ENUM_DECL] = "enum_declaration",
	[SYM_DECLARATOR] = "variable_declarator",
	[SYM_FIELD] = "public_field_definition",
	[SYM_ENUM_ASSIGN] = "enum_assignment",
	[SYM_STRING] = "string",
	[SYM_NUMBER] = "number",
	[SYM_REGEX] = "regex",
	[SYM_PROPERTY] = "property_identifier",
	[SYM_TYPE_ANNOTATION] = "type_annotation",
	[SYM_TYPE_ARGUMENTS] = "type_arguments",
	[SYM_TYPE_PARAMETERS] = "type_parameters",
	[SYM_INTERFACE] = "interface_declaration",
	[SYM_TYPE_ALIAS] = "type_alias_declaration",
};

/* Symbol ids compare as integers; ts_node_type() would need strcmp on every node. */
static void load_symbols(struct analyzer *a, struct ctx *c, const TSLanguage *lang)
{
	int i, k = lang == tree_sitter_tsx();

	if (a->sym_lang[k] != lang) {
		for (i = 0; i < SYM__COUNT; i++)
			a->sym[k][i] = ts_language_symbol_for_name(lang, sym_names[i],
								   (uint32_t)strlen(sym_names[i]), true);
		a->sym_lang[k] = lang;
	}
	memcpy(c->sym, a->sym[k], sizeof(c->sym));
}

static void collect_node(struct ctx *c, TSNode n)
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
	} else if (sym == c->sym[SYM_ARROW] || sym == c->sym[SYM_FUNCTION_EXPR] || sym == c->sym[SYM_FUNCTION]) {
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

enum walk_mode {
	WALK_CONTEXT,	/* every node, but not into subtrees that declare nothing */
	WALK_CONTEXT_ALL,	/* every node (a comment may hide anywhere) */
	WALK_CONTEXT_LAZY,	/* as WALK_CONTEXT, but leave units (below) for later */
	WALK_CHANGED,	/* only subtrees holding an added line */
};

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
				      !opaque(c, ts_node_symbol(n));

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

static void walk(struct ctx *c, void (*fn)(struct ctx *, TSNode), enum walk_mode mode)
{
	walk_from(c, c->root, 0, 0, fn, mode);
}

/*
 * Walk a unit the lazy context pass left, with its own path (a lookup
 * may come in the middle of the judging walk, which owns c->path).
 */
static void expand_unit(struct ctx *c, struct unit *u)
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
	walk_from(c, u->node, 2, 1, collect_node, WALK_CONTEXT);
	free(c->path);
	free(c->this_at);
	c->path = path;
	c->this_at = this_at;
	c->depth = depth;
	c->path_alloc = alloc;
	c->lazy = lazy;
}

/* Units are disjoint and recorded in document order. */
static void expand_at(struct ctx *c, uint32_t at)
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

static int is_ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '$' || (unsigned char)ch >= 0x80;
}

/* 1 if the word (not part of a longer identifier) is in src[from, to). */
static int has_word(const char *src, uint32_t from, uint32_t to, const char *w, size_t len)
{
	const char *p = src + from, *end = src + to;

	while (len && (p = memmem(p, (size_t)(end - p), w, len)) != NULL) {
		if ((p == src || !is_ident_char(p[-1])) && (p + len == end || !is_ident_char(p[len])))
			return 1;
		p++;
	}
	return 0;
}

/* Walk every unit whose text names `name`: a helper may be declared there. */
static void expand_naming(struct ctx *c, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < c->units.nr && c->units_left; i++) {
		struct unit *u = stable_at(&c->units, i);

		if (!u->done && has_word(c->src, ts_node_start_byte(u->node), ts_node_end_byte(u->node), name, len))
			expand_unit(c, u);
	}
}

/* Run every rule's hook for the node's kind: all rules in one pass. */
static void judge_node(struct ctx *c, TSNode n)
{
	TSSymbol sym = ts_node_symbol(n);
	int i;

	c->resolve_budget = RESOLVE_BUDGET;

	if (sym == c->sym[SYM_NEW]) {
		struct buf rtype = BUF_INIT;

		if (resource_type(c, n, &rtype)) {
			TSNode args = node_field(n, "arguments");

			for (i = 0; i < RULE__COUNT; i++)
				if (rule_defs[i]->on_new && c->cfg->rules[i].severity != SEV_DISABLED)
					rule_defs[i]->on_new(c, n, rtype.ptr, args);
		}
		buf_release(&rtype);
	} else if (sym == c->sym[SYM_PAIR] || sym == c->sym[SYM_SHORTHAND]) {
		for (i = 0; i < RULE__COUNT; i++)
			if (rule_defs[i]->on_pair && c->cfg->rules[i].severity != SEV_DISABLED)
				rule_defs[i]->on_pair(c, n);
	} else if (sym == c->sym[SYM_CALL]) {
		for (i = 0; i < RULE__COUNT; i++)
			if (rule_defs[i]->on_call && c->cfg->rules[i].severity != SEV_DISABLED)
				rule_defs[i]->on_call(c, n);
	} else if (sym == c->sym[SYM_OBJECT]) {
		for (i = 0; i < RULE__COUNT; i++)
			if (rule_defs[i]->on_object && c->cfg->rules[i].severity != SEV_DISABLED)
				rule_defs[i]->on_object(c, n);
	} else if (sym == c->sym[SYM_DECLARATOR] || sym == c->sym[SYM_FIELD] || sym == c->sym[SYM_ENUM_ASSIGN]) {
		for (i = 0; i < RULE__COUNT; i++)
			if (rule_defs[i]->on_binding && c->cfg->rules[i].severity != SEV_DISABLED)
				rule_defs[i]->on_binding(c, n);
	}
}

/*
 * Excluded folders (build/, dist/, node_modules/) hold generated output
 * that is not judged. A judged file that imports from one makes that
 * code part of the program: say so, naming both.
 */
static void note_excluded_imports(const struct ctx *c)
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

static uint32_t first_error_line(TSNode root)
{
	TSTreeCursor cur;
	uint32_t line = 0;

	if (!ts_node_has_error(root))
		return 0;
	cur = ts_tree_cursor_new(root);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);

		if ((!strcmp(ts_node_type(n), "ERROR")) || ts_node_is_missing(n)) {
			line = ts_node_start_point(n).row + 1;
			break;
		}
		if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur))
				goto done;
		}
	}
done:
	ts_tree_cursor_delete(&cur);
	return line ? line : 1;
}

static int by_position(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return strcmp(a->rule, b->rule);
}

/*
 * The change judged as usual, then the new version judged whole against
 * each base judged whole: a finding that no base has (rule + normalized
 * text; a suppressed one in a base does not count) is added too, saying
 * why. This is what finds code that a deletion or a clean merge made
 * live without adding the lines it lies on.
 */
static int analyze_compared(struct analyzer *a, const struct change *ch,
			    struct finding_list *out, uint32_t *syntax_error_line)
{
	struct change plain = *ch, whole;
	struct finding_list now = FINDING_LIST_INIT, before = FINDING_LIST_INIT;
	size_t i, k, start = out->nr, nr_plain;
	uint32_t ignored;
	char *used = NULL;
	int rc;

	plain.bases = NULL;
	plain.nr_bases = 0;
	if ((rc = analyze_change(a, &plain, out, syntax_error_line)) < 0)
		return rc;
	nr_plain = out->nr;
	whole = plain;
	whole.added = NULL;
	whole.old_id = whole.new_id = NULL;	/* not from or into the parse cache */
	whole.hunks = NULL;
	whole.nr_hunks = 0;
	a->quiet_notes = 1;
	if ((rc = analyze_change(a, &whole, &now, &ignored)) < 0)
		goto out;
	for (k = 0; k < ch->nr_bases && now.nr; k++) {
		struct change b = whole;

		b.content = ch->bases[k].content;
		b.len = ch->bases[k].len;
		if ((rc = analyze_change(a, &b, &before, &ignored)) < 0) {
			if (analyzer_timed_out(a))
				goto out;
			/* a base that could not be judged (stack config that did not
			 * parse) had nothing judged: everything now found is new */
			rc = 0;
		}
	}
	used = xcalloc(before.nr + 1, 1);
	for (i = 0; i < now.nr; i++) {
		struct finding *f = &now.items[i];
		int seen = f->suppressed;

		for (k = 0; k < before.nr && !seen; k++)
			if (!used[k] && !before.items[k].suppressed &&
			    !strcmp(before.items[k].fingerprint, f->fingerprint))
				used[k] = seen = 1;
		for (k = start; k < nr_plain && !seen; k++)
			if (out->items[k].line == f->line && !strcmp(out->items[k].fingerprint, f->fingerprint))
				seen = 1;
		if (seen)
			continue;
		if (ch->bases_why) {
			struct buf m = BUF_INIT;

			buf_printf(&m, "%s (%s)", f->message, ch->bases_why);
			free(f->message);
			f->message = buf_detach(&m);
		}
		*findings_add(out) = *f;
		memset(f, 0, sizeof(*f));
	}
	if (out->nr > start)
		qsort(out->items + start, out->nr - start, sizeof(*out->items), by_position);
out:
	a->quiet_notes = 0;
	free(used);
	findings_release(&now);
	findings_release(&before);
	return rc;
}

int analyze_change(struct analyzer *a, const struct change *ch,
		   struct finding_list *out, uint32_t *syntax_error_line)
{
	struct ctx c;
	TSTree *tree = NULL;
	const TSLanguage *lang;
	size_t i;
	int rc = 0;
	int optimize = a->optimize;

	*syntax_error_line = 0;
	if (ch->nr_bases && !ch->advance_only)
		return analyze_compared(a, ch, out, syntax_error_line);
	if (ch->advance_only) {
		if (a->cache && analyze_is_typescript(ch->path))
			parse_cache_advance(a->cache, ch);
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.scope_memo_result = -1;
	stable_init(&c.imports, sizeof(struct import_binding));
	stable_init(&c.decls, sizeof(struct decl));
	stable_init(&c.funcs, sizeof(struct func));
	stable_init(&c.units, sizeof(struct unit));
	c.cfg = a->cfg;
	c.change = ch;
	c.src = ch->content;
	c.len = ch->len;
	c.out = out;
	c.inline_ignore = a->inline_ignore;
	c.resolve_budget = RESOLVE_BUDGET;
	c.deadline_ns = a->deadline_ns;

	if (!analyze_is_typescript(ch->path)) {
		int r;

		for (r = 0; r < RULE__COUNT && rc == 0; r++)
			if (rule_defs[r]->on_file && rule_defs[r]->wants_file(ch->path) &&
			    config_severity(c.cfg, (enum rule_id)r, ch->path) != SEV_DISABLED)
				rc = rule_defs[r]->on_file(&c);
		goto patterns;
	}

	/* JavaScript may hold JSX (React sources next to a program); without
	 * type assertions, TSX parses every JavaScript file that TS does */
	lang = has_suffix_ci(ch->path, ".tsx") || has_suffix_ci(ch->path, ".js") ||
	       has_suffix_ci(ch->path, ".mjs") || has_suffix_ci(ch->path, ".cjs") ? tree_sitter_tsx()
										: tree_sitter_typescript();
	if (!ts_parser_set_language(a->parser, lang)) {
		rc = error("cannot load the TypeScript grammar (ABI %u not supported)",
			   ts_language_version(lang));
		goto move;
	}
	if (ch->len > UINT32_MAX) {
		rc = error("'%s' is too large to parse", ch->path);
		goto move;
	}
	if (a->deadline_ns) {
		uint64_t now = mono_ns();

		ts_parser_set_timeout_micros(a->parser, now < a->deadline_ns ?
					     (a->deadline_ns - now) / 1000 + 1 : 1);
	}
	if (a->cache)
		tree = parse_cache_parse(a->cache, a->parser, ch, lang == tree_sitter_tsx());
	else
		tree = ts_parser_parse_string(a->parser, NULL, ch->content, (uint32_t)ch->len);
	if (!tree) {
		if (a->deadline_ns && mono_ns() >= a->deadline_ns) {
			a->timed_out = 1;
			rc = error("timeout_ms reached while parsing '%s'", ch->path);
		} else {
			rc = error("cannot parse '%s'", ch->path);
		}
		ts_parser_reset(a->parser);
		goto move;
	}
	c.root = ts_tree_root_node(tree);
	load_symbols(a, &c, lang);
	*syntax_error_line = first_error_line(c.root);
	if (!a->quiet_notes)
		note_excluded_imports(&c);
	index_added(&c);
	if (memmem(c.src, c.len, "stackgate:ignore", 16))
		walk(&c, collect_node, WALK_CONTEXT_ALL);	/* every comment counts */
	else if (optimize)
		walk(&c, collect_node, WALK_CONTEXT_LAZY);
	else
		walk(&c, collect_node, WALK_CONTEXT);
	/* imports are looked up by name from anywhere: know them all now */
	for (i = 0; i < c.units.nr && c.units_left; i++) {
		struct unit *u = stable_at(&c.units, i);
		uint32_t s = ts_node_start_byte(u->node), e = ts_node_end_byte(u->node);

		if (!u->done && (has_word(c.src, s, e, "require", 7) || has_word(c.src, s, e, "import", 6)))
			expand_unit(&c, u);
	}
	c.decls_ready = 1;
	c.lazy = 1;
	/* a new suppression must see the old findings it may cover */
	for (i = 0; i < c.nr_supps && !c.full_judge; i++)
		if (node_on_added_lines(&c, c.supps[i].line))
			c.full_judge = 1;
	if (!optimize)
		c.full_judge = 1;
	walk(&c, judge_node, WALK_CHANGED);

patterns:
	/* token shapes apply to every added line of any file in scope */
	if (!c.timed_out && rule_patterns(&c) < 0)
		rc = -1;
	if (c.timed_out) {
		/* what was found so far is reported; the file counts as not judged */
		a->timed_out = 1;
		if (rc == 0)
			rc = error("timeout_ms reached while judging '%s'", ch->path);
	}
move:
	finish_file(&c);
	if (*syntax_error_line) {
		/* what is found is found where the file parses; say the rest did not */
		for (i = 0; i < c.local.nr; i++) {
			struct buf m = BUF_INIT;

			buf_printf(&m, "%s (the file has syntax errors from line %u: judged where it parses)",
				   c.local.items[i].message, *syntax_error_line);
			free(c.local.items[i].message);
			c.local.items[i].message = buf_detach(&m);
		}
	}
	/* hand the file's findings to the caller, in source order */
	if (c.local.nr)
		qsort(c.local.items, c.local.nr, sizeof(*c.local.items), by_position);
	for (i = 0; i < c.local.nr; i++) {
		struct finding *f = findings_add(out);

		*f = c.local.items[i];
	}
	free(c.local.items);
	free(c.secrets);
	name_index_release(&c.finding_places);
	name_index_release(&c.finding_lines);
	for (i = 0; i < c.imports.nr; i++)
		free(((struct import_binding *)stable_at(&c.imports, i))->canon);
	stable_release(&c.imports);
	stable_release(&c.decls);
	stable_release(&c.funcs);
	stable_release(&c.units);
	name_index_release(&c.import_names);
	name_index_release(&c.decl_names);
	name_index_release(&c.func_names);
	free(c.added_before);
	free(c.path);
	free(c.assigned);
	free(c.this_at);
	free(c.idents);
	free(c.idents_name);
	if (tree)
		ts_tree_delete(tree);
	return rc;
}
