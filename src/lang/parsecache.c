#include "lang/parsecache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define MAX_ENTRIES 32
#define MAX_BYTES (2u << 20)

struct entry {
	unsigned char id[20];		/* the blob the tree was parsed from ... */
	const struct language *lang;	/* ... in this language; NULL: a free entry */
	TSTree *tree;
	uint32_t *line_off;		/* byte offset of each line start */
	uint32_t nr_lines;
	uint32_t len;
	uint64_t used;			/* LRU clock */
};

/* Modules parsed whole (parse_cache_blob()): kept apart, so that they
 * never push out the trees the next versions of changed files need. */
#define MAX_MODULES 32
#define MAX_MODULE_BYTES (4u << 20)

struct parse_cache {
	/* the workers of a pool share one cache: a file's next version may be
	 * judged by another worker than its last (analyze/pool.c). Parsing is
	 * done outside the lock: an entry is taken out while it is edited. */
	pthread_mutex_t lock;
	struct entry e[MAX_ENTRIES];
	int nr;
	uint64_t clock;
	size_t bytes;
	struct entry m[MAX_MODULES];
	int nr_m;
	size_t bytes_m;
};

struct parse_cache *parse_cache_new(void)
{
	struct parse_cache *pc = xcalloc(1, sizeof(struct parse_cache));

	pthread_mutex_init(&pc->lock, NULL);
	return pc;
}

static void entry_clear(struct parse_cache *pc, struct entry *e)
{
	pc->bytes -= e->len;
	free(e->line_off);
	if (e->tree)
		ts_tree_delete(e->tree);
	memset(e, 0, sizeof(*e));
}

void parse_cache_free(struct parse_cache *pc)
{
	int i;

	if (!pc)
		return;
	for (i = 0; i < pc->nr; i++)
		entry_clear(pc, &pc->e[i]);
	for (i = 0; i < pc->nr_m; i++)
		if (pc->m[i].tree)
			ts_tree_delete(pc->m[i].tree);
	pthread_mutex_destroy(&pc->lock);
	free(pc);
}

/* Start offset of every line of text; *nr gets the count. */
static uint32_t *line_offsets(const char *text, uint32_t len, uint32_t *nr)
{
	uint32_t n = 1, k = 0, alloc = len / 32 + 16, *off = xmalloc((size_t)alloc * sizeof(uint32_t));
	const char *p = text, *end = text + len;

	off[k++] = 0;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		p++;
		if (k == alloc) {
			alloc *= 2;
			off = xrealloc(off, (size_t)alloc * sizeof(uint32_t));
		}
		off[k++] = (uint32_t)(p - text);
	}
	n = k;
	*nr = n;
	return off;
}

/* Byte where 1-based line `line` starts; past the end: len. */
static uint32_t line_byte(const uint32_t *off, uint32_t nr, uint32_t len, uint32_t line)
{
	if (line == 0)
		return 0;
	return line <= nr ? off[line - 1] : len;
}

static TSPoint point_at(const uint32_t *off, uint32_t nr, uint32_t byte)
{
	uint32_t lo = 0, hi = nr;
	TSPoint p;

	/* the last line start <= byte */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (off[mid] <= byte)
			lo = mid;
		else
			hi = mid;
	}
	p.row = lo;
	p.column = byte - off[lo];
	return p;
}

/* The point reached from `from` after the text [b, e) of src. */
static TSPoint advance(TSPoint from, const char *src, uint32_t b, uint32_t e)
{
	uint32_t i;

	for (i = b; i < e; i++) {
		if (src[i] == '\n') {
			from.row++;
			from.column = 0;
		} else {
			from.column++;
		}
	}
	return from;
}

/*
 * Turn the hunks into edits of the old tree, last hunk first: the text
 * before a hunk is then still the old text, so its old offsets and points
 * are right in the document as edited so far.
 */
static void apply_edits(TSTree *tree, const struct entry *old, const struct change *c,
			const uint32_t *noff, uint32_t nnr)
{
	size_t h;

	for (h = c->hist->nr_hunks; h-- > 0;) {
		const struct change_hunk *k = &c->hist->hunks[h];
		TSInputEdit ed;
		uint32_t start, old_end, new_from = 0, new_to = 0;

		if (k->old_lines) {
			start = line_byte(old->line_off, old->nr_lines, old->len, k->old_start);
			old_end = line_byte(old->line_off, old->nr_lines, old->len, k->old_start + k->old_lines);
		} else {
			/* an insertion after line old_start */
			start = line_byte(old->line_off, old->nr_lines, old->len, k->old_start + 1);
			old_end = start;
		}
		if (k->new_lines) {
			new_from = line_byte(noff, nnr, (uint32_t)c->len, k->new_start);
			new_to = line_byte(noff, nnr, (uint32_t)c->len, k->new_start + k->new_lines);
		}
		ed.start_byte = start;
		ed.old_end_byte = old_end;
		ed.new_end_byte = start + (new_to - new_from);
		ed.start_point = point_at(old->line_off, old->nr_lines, start);
		ed.old_end_point = point_at(old->line_off, old->nr_lines, old_end);
		ed.new_end_point = advance(ed.start_point, c->content, new_from, new_to);
		ts_tree_edit(tree, &ed);
	}
}

/* The entry of blob `id` parsed in `lang`, or NULL. */
static struct entry *lookup(struct parse_cache *pc, const unsigned char *id, const struct language *lang)
{
	int i;

	if (!id)
		return NULL;
	for (i = 0; i < pc->nr; i++)
		if (pc->e[i].lang == lang && !memcmp(pc->e[i].id, id, 20))
			return &pc->e[i];
	return NULL;
}

/* A slot for a new entry: a free one, else the least recently used. */
static struct entry *slot(struct parse_cache *pc)
{
	int i, lru = 0;

	if (pc->nr < MAX_ENTRIES)
		return &pc->e[pc->nr++];
	for (i = 1; i < pc->nr; i++)
		if (pc->e[i].used < pc->e[lru].used)
			lru = i;
	entry_clear(pc, &pc->e[lru]);
	return &pc->e[lru];
}

/* Close the gap entry e leaves: the last entry moves into it. */
static void unslot(struct parse_cache *pc, struct entry *e)
{
	*e = pc->e[--pc->nr];
	memset(&pc->e[pc->nr], 0, sizeof(pc->e[pc->nr]));
}

/* Take entry e out of the cache: its tree and line offsets are the caller's. */
static struct entry take(struct parse_cache *pc, struct entry *e)
{
	struct entry out = *e;

	pc->bytes -= e->len;
	unslot(pc, e);
	return out;
}

static void evict_to_fit(struct parse_cache *pc, size_t incoming)
{
	while (pc->nr && pc->bytes + incoming > MAX_BYTES) {
		int i, lru = 0;

		for (i = 1; i < pc->nr; i++)
			if (pc->e[i].used < pc->e[lru].used)
				lru = i;
		entry_clear(pc, &pc->e[lru]);
		unslot(pc, &pc->e[lru]);
	}
}

void parse_cache_advance(struct parse_cache *pc, const struct change *c, const struct language *lang)
{
	struct entry *e;
	uint32_t *noff, nnr;

	if (!c->id || !c->hist || !c->hist->hunks)
		return;
	noff = line_offsets(c->content, (uint32_t)c->len, &nnr);
	pthread_mutex_lock(&pc->lock);
	e = lookup(pc, c->hist->old_id, lang);
	if (!e || !e->tree) {
		pthread_mutex_unlock(&pc->lock);
		free(noff);
		return;
	}
	/* edits accumulate on the old tree until the next parse */
	apply_edits(e->tree, e, c, noff, nnr);
	free(e->line_off);
	pc->bytes -= e->len;
	e->line_off = noff;
	e->nr_lines = nnr;
	e->len = (uint32_t)c->len;
	pc->bytes += e->len;
	memcpy(e->id, c->id, 20);
	e->used = ++pc->clock;
	pthread_mutex_unlock(&pc->lock);
}

TSTree *parse_cache_parse(struct parse_cache *pc, TSParser *parser, const struct change *c,
			  const struct language *lang)
{
	struct entry old, *e;
	uint32_t *noff, nnr;
	TSTree *tree;

	if (!c->id || c->len > MAX_BYTES)
		return ts_parser_parse_string(parser, NULL, c->content, (uint32_t)c->len);
	noff = line_offsets(c->content, (uint32_t)c->len, &nnr);
	memset(&old, 0, sizeof(old));
	pthread_mutex_lock(&pc->lock);
	e = lookup(pc, c->hist ? c->hist->old_id : NULL, lang);
	if (e)
		old = take(pc, e);	/* the old version is this parse's, or of no use */
	pthread_mutex_unlock(&pc->lock);
	if (old.tree && c->hist->hunks)
		apply_edits(old.tree, &old, c, noff, nnr);
	else if (old.tree) {
		ts_tree_delete(old.tree);
		old.tree = NULL;
	}
	tree = ts_parser_parse_string(parser, old.tree, c->content, (uint32_t)c->len);
	if (old.tree)
		ts_tree_delete(old.tree);
	free(old.line_off);
	if (!tree) {
		free(noff);
		return NULL;
	}
	pthread_mutex_lock(&pc->lock);
	if ((e = lookup(pc, c->id, lang))) {
		/* the same text parsed meanwhile (another path holds it) */
		entry_clear(pc, e);
		unslot(pc, e);
	}
	evict_to_fit(pc, c->len);
	e = slot(pc);
	memcpy(e->id, c->id, 20);
	e->lang = lang;
	e->tree = ts_tree_copy(tree);
	e->line_off = noff;
	e->nr_lines = nnr;
	e->len = (uint32_t)c->len;
	e->used = ++pc->clock;
	pc->bytes += e->len;
	pthread_mutex_unlock(&pc->lock);
	return tree;
}

TSTree *parse_cache_blob(struct parse_cache *pc, TSParser *parser, const unsigned char *id,
			 const char *content, uint32_t len, const struct language *lang)
{
	struct entry *e = NULL;
	TSTree *tree;
	int i, lru = 0;

	pthread_mutex_lock(&pc->lock);
	for (i = 0; i < pc->nr_m; i++) {
		if (pc->m[i].lang == lang && !memcmp(pc->m[i].id, id, 20)) {
			pc->m[i].used = ++pc->clock;
			tree = ts_tree_copy(pc->m[i].tree);
			pthread_mutex_unlock(&pc->lock);
			return tree;
		}
	}
	pthread_mutex_unlock(&pc->lock);
	tree = ts_parser_parse_string(parser, NULL, content, len);
	if (!tree || len > MAX_BYTES)
		return tree;
	pthread_mutex_lock(&pc->lock);
	for (i = 0; i < pc->nr_m; i++)
		if (pc->m[i].lang == lang && !memcmp(pc->m[i].id, id, 20)) {
			/* another worker parsed it meanwhile: keep theirs */
			pthread_mutex_unlock(&pc->lock);
			return tree;
		}
	/* room: the least recently used go first */
	while (pc->nr_m && (pc->nr_m == MAX_MODULES || pc->bytes_m + len > MAX_MODULE_BYTES)) {
		for (i = 1, lru = 0; i < pc->nr_m; i++)
			if (pc->m[i].used < pc->m[lru].used)
				lru = i;
		ts_tree_delete(pc->m[lru].tree);
		pc->bytes_m -= pc->m[lru].len;
		pc->m[lru] = pc->m[--pc->nr_m];
	}
	e = &pc->m[pc->nr_m++];
	memset(e, 0, sizeof(*e));
	memcpy(e->id, id, 20);
	e->lang = lang;
	e->tree = ts_tree_copy(tree);
	e->len = len;
	e->used = ++pc->clock;
	pc->bytes_m += len;
	pthread_mutex_unlock(&pc->lock);
	return tree;
}
