#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* per thread: analysis workers fail on their own */
static _Thread_local char error_slot[1024];

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(error_slot, sizeof(error_slot), fmt, ap);
	va_end(ap);
	return -1;
}

const char *error_last(void)
{
	return error_slot[0] ? error_slot : "unknown error";
}

static void oom(void)
{
	fputs("stackgate: out of memory; scan incomplete\n", stderr);
	exit(3);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->alloc)
		return;
	b->alloc = b->alloc ? b->alloc * 2 : 64;
	while (b->alloc < b->len + extra + 1)
		b->alloc *= 2;
	b->ptr = xrealloc(b->ptr, b->alloc);
}

void buf_add(struct buf *b, const void *data, size_t len)
{
	buf_grow(b, len);
	memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *buf_detach(struct buf *b)
{
	char *p = b->ptr ? b->ptr : xstrdup("");

	b->ptr = NULL;
	b->len = b->alloc = 0;
	return p;
}

void buf_release(struct buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->alloc = 0;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t avail)
{
	size_t n, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > avail)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and out-of-range code points */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void buf_add_escaped(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_len(p + i, len - i);
		if (n == 1 && (p[i] < 0x20 || p[i] == 0x7f || p[i] == '\\')) {
			switch (p[i]) {
			case '\n': buf_puts(b, "\\n"); break;
			case '\t': buf_puts(b, "\\t"); break;
			case '\r': buf_puts(b, "\\r"); break;
			case '\\': buf_puts(b, "\\\\"); break;
			default: buf_printf(b, "\\x%02x", p[i]); break;
			}
			i++;
		} else if (n == 0) {
			buf_printf(b, "\\x%02x", p[i]);
			i++;
		} else {
			buf_add(b, p + i, n);
			i += n;
		}
	}
}

void buf_add_json(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_len(p + i, len - i);
		if (n == 0) {
			buf_puts(b, "\\ufffd");
			i++;
		} else if (n == 1 && (p[i] < 0x20 || p[i] == '"' || p[i] == '\\' || p[i] == 0x7f)) {
			switch (p[i]) {
			case '"': buf_puts(b, "\\\""); break;
			case '\\': buf_puts(b, "\\\\"); break;
			case '\n': buf_puts(b, "\\n"); break;
			case '\t': buf_puts(b, "\\t"); break;
			case '\r': buf_puts(b, "\\r"); break;
			default: buf_printf(b, "\\u%04x", p[i]); break;
			}
			i++;
		} else {
			buf_add(b, p + i, n);
			i += n;
		}
	}
}

void stable_init(struct stable *s, size_t elem_size)
{
	memset(s, 0, sizeof(*s));
	s->elem_size = elem_size;
}

/* Element i lives in chunk k = floor(log2(i / 16 + 1)), which starts at 16 * (2^k - 1). */
static size_t stable_chunk(size_t i, size_t *off)
{
	size_t q = i / 16 + 1, k = 0;

	while (q >>= 1)
		k++;
	*off = i - 16 * (((size_t)1 << k) - 1);
	return k;
}

void *stable_add(struct stable *s)
{
	size_t off, k = stable_chunk(s->nr, &off);

	if (k >= STABLE_CHUNKS)
		oom();
	if (!s->chunk[k])
		s->chunk[k] = xcalloc((size_t)16 << k, s->elem_size);
	s->nr++;
	return (char *)s->chunk[k] + off * s->elem_size;
}

void *stable_at(const struct stable *s, size_t i)
{
	size_t off, k = stable_chunk(i, &off);

	return (char *)s->chunk[k] + off * s->elem_size;
}

void stable_release(struct stable *s)
{
	size_t k;

	for (k = 0; k < STABLE_CHUNKS; k++)
		free(s->chunk[k]);
	stable_init(s, s->elem_size);
}

void strlist_add(struct strlist *l, const char *s)
{
	ALLOC_GROW(l->items, l->nr, l->alloc);
	l->items[l->nr++] = xstrdup(s);
}

void strlist_clear(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->nr = l->alloc = 0;
}

int strlist_has(const struct strlist *l, const char *s)
{
	return strlist_has_n(l, s, strlen(s));
}

int strlist_has_n(const struct strlist *l, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (strlen(l->items[i]) == len && !memcmp(l->items[i], s, len))
			return 1;
	return 0;
}

int glob_match(const char *pat, const char *str)
{
	/* iterative matcher with one backtrack point per star kind */
	const char *star_p = NULL, *star_s = NULL;
	int star_any = 0;

	while (*str) {
		if (pat[0] == '*' && pat[1] == '*') {
			pat += 2;
			if (*pat == '/')
				pat++;
			star_p = pat;
			star_s = str;
			star_any = 1;
			continue;
		}
		if (*pat == '*') {
			pat++;
			star_p = pat;
			star_s = str;
			star_any = 0;
			continue;
		}
		if (*pat == '?' ? *str != '/' : *pat == *str) {
			pat++;
			str++;
			continue;
		}
		if (star_p && (star_any || *star_s != '/')) {
			star_s++;
			str = star_s;
			pat = star_p;
			continue;
		}
		return 0;
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

int strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}
