#ifndef STACKGATE_BLOBCACHE_H
#define STACKGATE_BLOBCACHE_H

/*
 * Contents of files read through a tree reader, keyed by blob id: the
 * commits of a range or push share most of their tree, so a file that
 * does not change is read from git once. Bounded in bytes (the least
 * recently used go first); safe to share between threads.
 */

#include <stddef.h>

#include "base/util.h"

struct blob_cache;

/* A cache holding at most `max_bytes` of content. Free it with blob_cache_free(). */
struct blob_cache *blob_cache_new(size_t max_bytes);
void blob_cache_free(struct blob_cache *c);

/* 1 with the content of blob `id` (20 bytes) appended to *out when cached, else 0. */
int blob_cache_get(struct blob_cache *c, const unsigned char *id, struct buf *out);

/* Keep a copy of `data` as blob `id`; content larger than the cache is not kept. */
void blob_cache_put(struct blob_cache *c, const unsigned char *id, const char *data, size_t len);

/* What the cache holds: entries and bytes (for tests). */
void blob_cache_usage(struct blob_cache *c, size_t *entries, size_t *bytes);

#endif
