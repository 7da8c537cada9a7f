#ifndef STACKGATE_UTIL_H
#define STACKGATE_UTIL_H

#include <stdarg.h>
#include <stddef.h>

/*
 * The error slot: fallible functions put one message here and return -1.
 * The message is owned by the slot and valid until the next error().
 */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *error_last(void);

/* Allocation that never returns NULL: out of memory ends the process
 * with exit 3 (the scan could not be completed). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/*
 * A growable byte buffer, always NUL-terminated once anything was added.
 * The caller owns `ptr` and frees it with buf_release() (or takes it with
 * buf_detach()).
 */
struct buf {
	char *ptr;
	size_t len, alloc;
};
#define BUF_INIT { NULL, 0, 0 }

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
char *buf_detach(struct buf *b);
void buf_release(struct buf *b);

/* Append `s` (of length `len`) with control bytes, backslashes and bytes
 * that are not valid UTF-8 escaped, for text output. */
void buf_add_escaped(struct buf *b, const char *s, size_t len);
/* Append `s` as the inside of a JSON string; invalid UTF-8 becomes U+FFFD. */
void buf_add_json(struct buf *b, const char *s, size_t len);

/* A growable array of owned strings. */
struct strlist {
	char **items;
	size_t nr, alloc;
};
#define STRLIST_INIT { NULL, 0, 0 }
void strlist_add(struct strlist *l, const char *s);
void strlist_clear(struct strlist *l);
int strlist_has(const struct strlist *l, const char *s);
int strlist_has_n(const struct strlist *l, const char *s, size_t len);

/*
 * An array whose elements never move: it grows by adding chunks (the
 * k-th holds 16 << k elements), so a pointer to an element stays valid
 * until stable_release(), however much is added meanwhile. For tables
 * that are read through pointers while a call may still add to them (a
 * lookup in the analysis context can walk more of the file). New
 * elements are zeroed. STABLE_INIT(type) or stable_init() first.
 */
#define STABLE_CHUNKS 40
struct stable {
	void *chunk[STABLE_CHUNKS];
	size_t nr, elem_size;
};
#define STABLE_INIT(type) { { NULL }, 0, sizeof(type) }
void stable_init(struct stable *s, size_t elem_size);
/* Append a zeroed element and return it; it never moves. */
void *stable_add(struct stable *s);
/* The i-th element (i < s->nr). */
void *stable_at(const struct stable *s, size_t i);
void stable_release(struct stable *s);

/* strcmp over pointers to strings, for qsort. */
int strcmp_ptr(const void *a, const void *b);

/* fnmatch-style glob where '**' crosses '/', '*' does not. */
int glob_match(const char *pattern, const char *path);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALLOC_GROW(p, nr, alloc) do { \
	if ((nr) >= (alloc)) { \
		(alloc) = (alloc) ? (alloc) * 2 : 16; \
		if ((alloc) <= (nr)) (alloc) = (nr) + 1; \
		(p) = xrealloc((p), (alloc) * sizeof(*(p))); \
	} \
} while (0)

#endif
