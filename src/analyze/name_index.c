/*
 * name_index.c - a hash index over the entries of a growing table (the
 * file's bindings, its findings): entry i of the index is element i of
 * the table, so the table itself may be any array.
 */
#include "rules/rules.h"
#include "analyze/internal.h"

#include <stdlib.h>
#include <string.h>

uint32_t name_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Chain entry `id` (the next entry of its table) under hash h. */
void name_index_add(struct name_index *x, uint32_t h, uint32_t id)
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
uint32_t name_index_first(const struct name_index *x, uint32_t h)
{
	uint32_t i = x->heads ? x->heads[h & x->mask] : NO_ENTRY;

	while (i != NO_ENTRY && x->hash[i] != h)
		i = x->next[i];
	return i;
}

uint32_t name_index_next(const struct name_index *x, uint32_t i)
{
	uint32_t h = x->hash[i];

	for (i = x->next[i]; i != NO_ENTRY && x->hash[i] != h; i = x->next[i])
		;
	return i;
}

void name_index_release(struct name_index *x)
{
	free(x->heads);
	free(x->next);
	free(x->hash);
	memset(x, 0, sizeof(*x));
}
