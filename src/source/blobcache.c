#include "source/blobcache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Few files are read beside the changed ones (project files, imports):
 * a short table searched in full is enough. */
#define MAX_ENTRIES 256

struct entry {
	unsigned char id[20];
	char *data;		/* NULL: a free slot */
	size_t len;
	uint64_t used;		/* clock of the last use */
};

struct blob_cache {
	pthread_mutex_t lock;	/* guards what follows */
	struct entry e[MAX_ENTRIES];
	size_t bytes, max_bytes;
	uint64_t clock;
};

struct blob_cache *blob_cache_new(size_t max_bytes)
{
	struct blob_cache *c = xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->lock, NULL);
	c->max_bytes = max_bytes;
	return c;
}

void blob_cache_free(struct blob_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < MAX_ENTRIES; i++)
		free(c->e[i].data);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static struct entry *find(struct blob_cache *c, const unsigned char *id)
{
	size_t i;

	for (i = 0; i < MAX_ENTRIES; i++)
		if (c->e[i].data && !memcmp(c->e[i].id, id, sizeof(c->e[i].id)))
			return &c->e[i];
	return NULL;
}

int blob_cache_get(struct blob_cache *c, const unsigned char *id, struct buf *out)
{
	struct entry *e;

	pthread_mutex_lock(&c->lock);
	e = find(c, id);
	if (e) {
		e->used = ++c->clock;
		buf_add(out, e->data, e->len);
	}
	pthread_mutex_unlock(&c->lock);
	return e != NULL;
}

static void drop(struct blob_cache *c, struct entry *e)
{
	c->bytes -= e->len;
	free(e->data);
	memset(e, 0, sizeof(*e));
}

/* A free slot, made by dropping the least recently used if need be. */
static struct entry *slot(struct blob_cache *c)
{
	struct entry *oldest = NULL;
	size_t i;

	for (i = 0; i < MAX_ENTRIES; i++) {
		if (!c->e[i].data)
			return &c->e[i];
		if (!oldest || c->e[i].used < oldest->used)
			oldest = &c->e[i];
	}
	drop(c, oldest);
	return oldest;
}

void blob_cache_put(struct blob_cache *c, const unsigned char *id, const char *data, size_t len)
{
	struct entry *e;

	if (len > c->max_bytes)
		return;
	pthread_mutex_lock(&c->lock);
	if (!find(c, id)) {
		while (c->bytes + len > c->max_bytes) {
			struct entry *oldest = NULL;
			size_t i;

			for (i = 0; i < MAX_ENTRIES; i++)
				if (c->e[i].data && (!oldest || c->e[i].used < oldest->used))
					oldest = &c->e[i];
			drop(c, oldest);
		}
		e = slot(c);
		memcpy(e->id, id, sizeof(e->id));
		e->data = xmalloc(len + 1);
		memcpy(e->data, data, len);
		e->data[len] = '\0';
		e->len = len;
		e->used = ++c->clock;
		c->bytes += len;
	}
	pthread_mutex_unlock(&c->lock);
}

void blob_cache_usage(struct blob_cache *c, size_t *entries, size_t *bytes)
{
	size_t i, n = 0;

	pthread_mutex_lock(&c->lock);
	for (i = 0; i < MAX_ENTRIES; i++)
		n += c->e[i].data != NULL;
	*entries = n;
	*bytes = c->bytes;
	pthread_mutex_unlock(&c->lock);
}
