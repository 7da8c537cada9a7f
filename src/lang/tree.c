/*
 * tree.c - helpers over tree-sitter syntax trees, for any grammar: node
 * kinds and text, named children through pooled cursors, fields by a
 * cached id. Shared by the front ends, the analysis and the rules.
 */
#include "lang/tree.h"
#include "rules/rules.h"
#include "analyze/xfile.h"

#include <string.h>

/*
 * Cursors allocate their stack; rules iterate children on almost every
 * node, so finished cursors are kept here and reset, not freed.
 */
static _Thread_local TSTreeCursor cursor_pool[16];
static _Thread_local int cursor_pool_nr;

/*
 * The symbol ids a kind's name has in a grammar, kept by the name's
 * address (a string literal) and the grammar: comparing ids is what
 * strcmp() on ts_node_type() did, without the string. A name may be both
 * a named kind and an anonymous one (`lambda`): either matches. The
 * table is open-addressed and never evicts: the sources name a few
 * hundred kinds, and a kind looked up again (a collision in a table that
 * evicted) costs a scan of every symbol name of the grammar.
 */
struct kind_ids {
	const TSLanguage *lang;
	const char *type;	/* NULL: a free slot */
	TSSymbol named, anon;
};

#define KIND_SLOTS 2048

static const struct kind_ids *kind_ids(const TSLanguage *lang, const char *type)
{
	static _Thread_local struct kind_ids table[KIND_SLOTS];
	static _Thread_local int used;
	static _Thread_local struct kind_ids spare;
	uint64_t h = ((uint64_t)(uintptr_t)type ^ ((uint64_t)(uintptr_t)lang >> 4)) * 0x9E3779B97F4A7C15ull;
	size_t i = (size_t)(h >> 53), n;
	struct kind_ids *k;
	uint32_t len;

	for (n = 0; n < KIND_SLOTS; n++, i = (i + 1) & (KIND_SLOTS - 1)) {
		k = &table[i];
		if (k->type == type && k->lang == lang)
			return k;
		if (!k->type)
			break;
	}
	/* kept while the table is at most half full; else answered, not kept */
	k = used < KIND_SLOTS / 2 && n < KIND_SLOTS ? &table[i] : &spare;
	if (k != &spare)
		used++;
	len = (uint32_t)strlen(type);
	k->lang = lang;
	k->type = type;
	k->named = ts_language_symbol_for_name(lang, type, len, true);
	k->anon = ts_language_symbol_for_name(lang, type, len, false);
	return k;
}

int node_is(TSNode n, const char *type)
{
	const struct kind_ids *k;
	TSSymbol s;

	if (ts_node_is_null(n))
		return 0;
	k = kind_ids(ts_tree_language(n.tree), type);
	s = ts_node_symbol(n);
	return (k->named && s == k->named) || (k->anon && s == k->anon);
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
		if (ts_node_is_named(k) && !node_is(k, "comment")) {
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

	if (c->xf)
		c = ctx_of(c, n);	/* a node of another file: its text */
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

	if (LANG_OP(c, string_content))
		return c->lang->ops->string_content(c, n, s, len);
	if (!node_is(n, "string"))
		return 0;
	t = node_text(c, n, &l);
	if (l < 2)
		return 0;
	*s = t + 1;
	*len = l - 2;
	return 1;
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

void tree_thread_done(void)
{
	while (cursor_pool_nr)
		ts_tree_cursor_delete(&cursor_pool[--cursor_pool_nr]);
}
