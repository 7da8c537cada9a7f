/*
 * py_expr.c - Python expressions as the model reads them: string
 * literals, and the "objects" whose keys rules ask for: a call's keyword
 * arguments (a resource's `bucket_prefix=...`), an args class
 * (`aws.s3.BucketArgs(...)`), pulumi.ResourceOptions(...), dict(...)
 * and dict literals, with what they unpack (`**base`).
 *
 * Python spells inputs in snake_case; the model's keys are the facts'
 * camelCase (facts_camel_case()): a lookup of "bucketPrefix" finds
 * `bucket_prefix=`, and a keyword's key reads as its camelCase. Dict
 * keys are data (environment variables, policy documents) and read as
 * written; a lookup finds a snake_case one too.
 */
#include "rules/rules.h"
#include "analyze/internal.h"
#include "lang/py/py.h"
#include "model/facts.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int py_string_content(const struct ctx *c, TSNode n, const char **s, size_t *len)
{
	struct child_iter it;
	TSNode k, start = { 0 }, end = { 0 };
	int plain = 1;

	(void)c;
	if (!node_is(n, "string"))
		return 0;
	/* 'x', '': start, (content,) end, read directly; other shapes by their children */
	if (ts_node_child_count(n) <= 3 && ts_node_child_count(n) >= 2) {
		uint32_t cnt = ts_node_child_count(n);
		TSNode first = ts_node_child(n, 0), last = ts_node_child(n, cnt - 1);

		if (node_is(first, "string_start") && node_is(last, "string_end") &&
		    (cnt == 2 || node_is(ts_node_child(n, 1), "string_content")) &&
		    ts_node_start_byte(last) >= ts_node_end_byte(first) && ts_node_end_byte(last) <= c->len) {
			*s = c->src + ts_node_end_byte(first);
			*len = ts_node_start_byte(last) - ts_node_end_byte(first);
			return 1;
		}
	}
	for (child_iter_init(&it, n); child_iter_next(&it, &k);) {
		if (node_is(k, "string_start"))
			start = k;
		else if (node_is(k, "string_end"))
			end = k;
		else if (node_is(k, "interpolation"))
			plain = 0;
	}
	child_iter_end(&it);
	if (!plain || ts_node_is_null(start) || ts_node_is_null(end) ||
	    ts_node_start_byte(end) < ts_node_end_byte(start) || ts_node_end_byte(end) > c->len)
		return 0;
	*s = c->src + ts_node_end_byte(start);
	*len = ts_node_start_byte(end) - ts_node_end_byte(start);
	return 1;
}

/*
 * 1 if a keyword (snake_case) names key (camelCase, or as written): the
 * keyword's facts_camel_case() compared as it is spelled, without a copy.
 */
static int keyword_is(const char *kw, size_t kwlen, const char *key, size_t keylen)
{
	size_t i, n = 0;
	int up = 0;

	if (kwlen == keylen && !memcmp(kw, key, kwlen))
		return 1;
	if (!memchr(kw, '_', kwlen) || kwlen >= 128)
		return 0;
	for (i = 0; i < kwlen; i++) {
		char ch = kw[i];

		if (ch == '_' && n && key[n - 1] != '.') {
			up = 1;
			continue;
		}
		if (up)
			ch = (char)toupper((unsigned char)ch);
		if (n >= keylen || key[n] != ch)
			return 0;
		n++;
		up = 0;
	}
	return n == keylen;
}

int py_pair_key(struct ctx *c, TSNode pair, const char **key, size_t *len)
{
	if (node_is(pair, "keyword_argument")) {
		TSNode name = node_field(pair, "name");
		char snake[128], camel[128];
		uint32_t i, h;

		if (ts_node_is_null(name))
			return 0;
		*key = node_text(c, name, len);
		if (!memchr(*key, '_', *len) || *len >= sizeof(snake))
			return 1;
		memcpy(snake, *key, *len);
		snake[*len] = '\0';
		if (facts_camel_case(snake, camel, sizeof(camel)))
			return 1;
		/* lent until the file's analysis ends */
		h = name_hash(camel, strlen(camel));
		for (i = name_index_first(&c->made_index, h); i != NO_ENTRY; i = name_index_next(&c->made_index, i))
			if (!strcmp(c->made_names.items[i], camel))
				break;
		if (i == NO_ENTRY) {
			strlist_add(&c->made_names, camel);
			i = (uint32_t)(c->made_names.nr - 1);
			name_index_add(&c->made_index, h, i);
		}
		*key = c->made_names.items[i];
		*len = strlen(*key);
		return 1;
	}
	if (!node_is(pair, "pair"))
		return 0;
	return string_content(c, resolve_const(c, node_field(pair, "key")), key, len);
}

/* Calls whose keyword arguments are an object: args classes, options, dict(). */
static int object_call(struct ctx *c, TSNode n)
{
	struct buf name = BUF_INIT;
	TSNode fn = node_field(n, "function");
	int bound, yes = 0;
	const char *last;

	if (!node_is(n, "call") || !node_is(node_field(n, "arguments"), "argument_list"))
		return 0;
	bound = canon_name(c, fn, &name);
	if (!name.ptr)
		goto out;
	last = strrchr(name.ptr, '.');
	last = last ? last + 1 : name.ptr;
	if (bound)
		yes = (strlen(last) > 4 && !strcmp(last + strlen(last) - 4, "Args")) ||
		      (strlen(last) > 8 && !strcmp(last + strlen(last) - 8, "ArgsDict")) ||
		      !strcmp(last, "ResourceOptions") || !strcmp(last, "CustomResourceOptions") ||
		      !strcmp(last, "ComponentResourceOptions");
	else
		yes = !strcmp(name.ptr, "dict");
out:
	buf_release(&name);
	return yes;
}

int py_object_like(struct ctx *c, TSNode n)
{
	return node_is(n, "dictionary") || node_is(n, "argument_list") || object_call(c, n);
}

/* The argument list an object is read from, through names and calls. */
static TSNode object_of(struct ctx *c, TSNode obj)
{
	TSNode none = { 0 };

	obj = strip_wrappers(resolve_const(c, obj));
	if (node_is(obj, "dictionary") || node_is(obj, "argument_list"))
		return obj;
	if (object_call(c, obj))
		return node_field(obj, "arguments");
	return none;
}

/*
 * The entries of an object (a dict's pairs, an argument list's keywords
 * and `**` splats), read once per node and file: rules ask an object for
 * one key after another, and each walk over its children cost as much as
 * the lookup. Only the syntax is remembered: a dict's key is still
 * resolved at each lookup (resolve_const() counts the node's budget).
 */
enum entry_kind { ENTRY_OTHER, ENTRY_SPLAT, ENTRY_KEYWORD, ENTRY_PAIR };

struct entry {
	enum entry_kind kind;
	TSNode node;		/* the child itself */
	TSNode value;		/* a splat's operand, a keyword's or a pair's value */
	TSNode key;		/* a pair's key */
	const char *name;	/* a keyword's name */
	size_t name_len;
};

struct entries {
	TSNode obj;
	struct entry *e;
	size_t nr, alloc;
	int is_args;		/* an argument list */
};

#define MEMO_SLOTS 256

struct py_memo {
	struct entries slot[MEMO_SLOTS];
	struct py_binders binders;
};

struct py_binders *py_binders(struct ctx *c)
{
	if (!c->front_memo)
		c->front_memo = xcalloc(1, sizeof(struct py_memo));
	return &((struct py_memo *)c->front_memo)->binders;
}

void py_release(struct ctx *c)
{
	struct py_memo *m = c->front_memo;
	size_t i;

	if (!m)
		return;
	for (i = 0; i < MEMO_SLOTS; i++)
		free(m->slot[i].e);
	free(m->binders.off);
	free(m->binders.kind);
	free(m);
	c->front_memo = NULL;
}

static void read_entries(struct ctx *c, TSNode obj, struct entries *out)
{
	struct child_iter it;
	TSNode p;

	out->obj = obj;
	out->nr = 0;
	out->is_args = node_is(obj, "argument_list");
	for (child_iter_init(&it, obj); child_iter_next(&it, &p);) {
		struct entry *e;

		ALLOC_GROW(out->e, out->nr + 1, out->alloc);
		e = &out->e[out->nr++];
		memset(e, 0, sizeof(*e));
		e->node = p;
		if (node_is(p, "dictionary_splat")) {
			e->kind = ENTRY_SPLAT;
			e->value = call_arg(p, 0);
		} else if (node_is(p, "keyword_argument")) {
			e->kind = ENTRY_KEYWORD;
			e->name = node_text(c, node_field(p, "name"), &e->name_len);
			e->value = node_field(p, "value");
		} else if (node_is(p, "pair")) {
			e->kind = ENTRY_PAIR;
			e->key = node_field(p, "key");
			e->value = node_field(p, "value");
		}
	}
	child_iter_end(&it);
}

/* obj's entries: remembered for a node of the file's own tree. */
static const struct entries *object_entries(struct ctx *c, TSNode obj, struct entries *scratch)
{
	struct py_memo *m;
	struct entries *s;
	uint64_t h;

	if (obj.tree != c->root.tree || ts_node_is_null(c->root)) {
		read_entries(c, obj, scratch);
		return scratch;
	}
	if (!c->front_memo)
		c->front_memo = xcalloc(1, sizeof(struct py_memo));
	m = c->front_memo;
	h = (uint64_t)(uintptr_t)obj.id * 0x9E3779B97F4A7C15ull;
	s = &m->slot[h >> 56];
	if (!s->nr || !ts_node_eq(s->obj, obj))
		read_entries(c, obj, s);
	return s;
}

/* What a call's own keywords are not: the resource's name, args and options. */
static int resource_keyword(const struct entry *e)
{
	return (e->name_len == 13 && !memcmp(e->name, "resource_name", 13)) ||
	       (e->name_len == 4 && !memcmp(e->name, "opts", 4)) ||
	       (e->name_len == 4 && !memcmp(e->name, "args", 4));
}

static TSNode object_get_d(struct ctx *c, TSNode obj, const char *key, size_t keylen, int depth)
{
	struct entries scratch = { 0 };
	const struct entries *es;
	TSNode found = { 0 }, args = { 0 };
	size_t i;

	if (depth > 8)
		return found;
	obj = object_of(c, obj);
	if (ts_node_is_null(obj))
		return found;
	es = object_entries(c, obj, &scratch);
	for (i = 0; i < es->nr; i++) {
		const struct entry *e = &es->e[i];
		const char *k;
		size_t kl;

		if (e->kind == ENTRY_SPLAT) {
			/* the slot may be read anew below: the entry is copied first */
			TSNode operand = e->value, v;

			v = object_get_d(c, operand, key, keylen, depth + 1);
			if (!ts_node_is_null(v))
				found = v;
			es = object_entries(c, obj, &scratch);
		} else if (e->kind == ENTRY_KEYWORD) {
			if (es->is_args && e->name_len == 4 && !memcmp(e->name, "args", 4))
				args = e->value;
			if (keyword_is(e->name, e->name_len, key, keylen))
				found = e->value;
		} else if (e->kind == ENTRY_PAIR && string_content(c, resolve_const(c, e->key), &k, &kl) &&
			   keyword_is(k, kl, key, keylen)) {
			found = e->value;
		}
	}
	free(scratch.e);
	/* aws.s3.Bucket('b', args=aws.s3.BucketArgs(...)) */
	if (ts_node_is_null(found) && !ts_node_is_null(args))
		found = object_get_d(c, args, key, keylen, depth + 1);
	return found;
}

TSNode py_object_get(struct ctx *c, TSNode obj, const char *key, size_t len)
{
	return object_get_d(c, obj, key, len, 0);
}

static void object_each_d(struct ctx *c, TSNode obj, void (*fn)(struct ctx *, TSNode, void *),
			  void *data, int depth)
{
	struct entries es = { 0 };
	size_t i;

	if (depth > 8)
		return;
	obj = object_of(c, obj);
	if (ts_node_is_null(obj))
		return;
	/* a copy: fn and the nested objects may read other objects' entries */
	{
		struct entries scratch = { 0 };
		const struct entries *m = object_entries(c, obj, &scratch);

		es = *m;
		es.e = xmalloc((m->nr ? m->nr : 1) * sizeof(*es.e));
		memcpy(es.e, m->e, m->nr * sizeof(*es.e));
		free(scratch.e);
	}
	for (i = 0; i < es.nr; i++) {
		const struct entry *e = &es.e[i];

		if (e->kind == ENTRY_SPLAT) {
			object_each_d(c, e->value, fn, data, depth + 1);
		} else if (e->kind == ENTRY_KEYWORD && es.is_args && resource_keyword(e)) {
			if (e->name_len == 4 && !memcmp(e->name, "args", 4))
				object_each_d(c, e->value, fn, data, depth + 1);
		} else if (e->kind == ENTRY_KEYWORD || e->kind == ENTRY_PAIR) {
			fn(c, e->node, data);
		}
	}
	free(es.e);
}

void py_object_each(struct ctx *c, TSNode obj, void (*fn)(struct ctx *, TSNode, void *), void *data)
{
	object_each_d(c, obj, fn, data, 0);
}

TSNode py_keyword_arg(const struct ctx *c, TSNode args, const char *name)
{
	struct child_iter it;
	TSNode p, found = { 0 };

	for (child_iter_init(&it, args); child_iter_next(&it, &p);)
		if (node_is(p, "keyword_argument") && node_text_eq(c, node_field(p, "name"), name))
			found = node_field(p, "value");
	child_iter_end(&it);
	return found;
}

/* A literal's text with its escapes (\\n) as single characters. */
static void content_parts(const struct ctx *c, TSNode content, text_part_fn fn, void *data)
{
	struct child_iter it;
	TSNode k;
	uint32_t at = ts_node_start_byte(content);

	for (child_iter_init(&it, content); child_iter_next(&it, &k);) {
		if (ts_node_start_byte(k) > at)
			fn(data, TEXT_LITERAL, c->src + at, ts_node_start_byte(k) - at);
		fn(data, TEXT_ESCAPE, NULL, 0);
		at = ts_node_end_byte(k);
	}
	child_iter_end(&it);
	if (ts_node_end_byte(content) > at || at == ts_node_start_byte(content))
		fn(data, TEXT_LITERAL, c->src + at, ts_node_end_byte(content) - at);
}

static void string_parts(const struct ctx *c, TSNode str, text_part_fn fn, void *data)
{
	struct child_iter it;
	TSNode k;
	int any = 0;

	for (child_iter_init(&it, str); child_iter_next(&it, &k);) {
		if (node_is(k, "string_content")) {
			content_parts(c, k, fn, data);
			any = 1;
		} else if (node_is(k, "interpolation")) {
			fn(data, TEXT_SUBST, NULL, 0);
			any = 1;
		} else if (node_is(k, "escape_sequence")) {
			fn(data, TEXT_ESCAPE, NULL, 0);
			any = 1;
		}
	}
	child_iter_end(&it);
	if (!any)
		fn(data, TEXT_LITERAL, "", 0);	/* '' */
}

int py_text_parts(struct ctx *c, TSNode value, TSNode *lit, text_part_fn fn, void *data)
{
	TSNode n = strip_wrappers(resolve_const(c, value));
	struct child_iter it;
	TSNode k;

	*lit = n;
	if (node_is(n, "string")) {
		string_parts(c, n, fn, data);
		return 1;
	}
	if (!node_is(n, "concatenated_string"))
		return 0;
	for (child_iter_init(&it, n); child_iter_next(&it, &k);)
		if (node_is(k, "string"))
			string_parts(c, k, fn, data);
	child_iter_end(&it);
	return 1;
}
