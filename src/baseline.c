#include "baseline.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A small JSON reader: enough to walk the baseline's own format. */
struct json {
	const char *p, *end;
	int depth;
};

static void ws(struct json *j)
{
	while (j->p < j->end && isspace((unsigned char)*j->p))
		j->p++;
}

/* Read a string into out (escapes decoded only as far as we need). */
static int jstring(struct json *j, struct buf *out)
{
	if (j->p >= j->end || *j->p != '"')
		return -1;
	j->p++;
	while (j->p < j->end && *j->p != '"') {
		if (*j->p == '\\') {
			j->p++;
			if (j->p >= j->end)
				return -1;
			if (*j->p == 'u') {
				if (j->end - j->p < 5)
					return -1;
				buf_putc(out, '?');	/* fingerprints are hex: never escaped */
				j->p += 5;
				continue;
			}
		}
		buf_putc(out, *j->p++);
	}
	if (j->p >= j->end)
		return -1;
	j->p++;
	return 0;
}

/*
 * Walk one object ('{') or array ('['): for each member, fn(j, key, data)
 * consumes its value (key is NULL in an array). 0, or -1 on bad syntax.
 */
typedef int (*json_fn)(struct json *j, const char *key, void *data);

static int jcontainer(struct json *j, json_fn fn, void *data)
{
	struct buf key = BUF_INIT;
	char close;
	int rc = -1;

	ws(j);
	if (j->p >= j->end || (*j->p != '{' && *j->p != '['))
		return -1;
	close = *j->p == '{' ? '}' : ']';
	if (++j->depth > 64)
		return -1;
	j->p++;
	ws(j);
	while (j->p < j->end && *j->p != close) {
		if (close == '}') {
			buf_reset(&key);
			if (jstring(j, &key) < 0)
				goto out;
			ws(j);
			if (j->p >= j->end || *j->p != ':')
				goto out;
			j->p++;
			ws(j);
		}
		if (fn(j, close == '}' ? (key.ptr ? key.ptr : "") : NULL, data) < 0)
			goto out;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			ws(j);
		} else if (j->p < j->end && *j->p != close) {
			goto out;
		}
	}
	if (j->p >= j->end)
		goto out;
	j->p++;
	j->depth--;
	rc = 0;
out:
	buf_release(&key);
	return rc;
}

/* Consume any value. */
static int jskip(struct json *j, const char *key, void *data)
{
	ws(j);
	if (j->p >= j->end)
		return -1;
	if (*j->p == '"') {
		struct buf str = BUF_INIT;
		int rc = jstring(j, &str);

		buf_release(&str);
		return rc;
	}
	if (*j->p == '{' || *j->p == '[')
		return jcontainer(j, jskip, NULL);
	while (j->p < j->end && (isalnum((unsigned char)*j->p) || strchr("+-.", *j->p)))
		j->p++;
	return 0;
}

static void add(struct baseline *b, const char *fp)
{
	size_t i;

	for (i = 0; i < b->nr; i++) {
		if (!strcmp(b->items[i].fingerprint, fp)) {
			b->items[i].count++;
			return;
		}
	}
	ALLOC_GROW(b->items, b->nr, b->alloc);
	snprintf(b->items[b->nr].fingerprint, sizeof(b->items[b->nr].fingerprint), "%s", fp);
	b->items[b->nr++].count = 1;
}

/* A member of an entry: keep its "fingerprint". */
static int entry_member(struct json *j, const char *key, void *data)
{
	struct buf val = BUF_INIT;
	int rc = 0;

	if (strcmp(key, "fingerprint"))
		return jskip(j, key, NULL);
	if (jstring(j, &val) < 0 || !val.ptr || val.len != 40)
		rc = -1;
	else
		add(data, val.ptr);
	buf_release(&val);
	return rc;
}

static int entry(struct json *j, const char *key, void *data)
{
	return jcontainer(j, entry_member, data);
}

static int top_member(struct json *j, const char *key, void *data)
{
	if (strcmp(key, "findings"))
		return jskip(j, key, NULL);
	ws(j);
	if (j->p >= j->end || *j->p != '[')
		return -1;
	return jcontainer(j, entry, data);
}

static int parse(struct json *j, struct baseline *b)
{
	ws(j);
	if (j->p >= j->end || *j->p != '{')
		return -1;
	return jcontainer(j, top_member, b);
}

int baseline_load(struct baseline *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf text = BUF_INIT;
	char chunk[8192];
	size_t n;
	struct json j;
	int rc;

	if (!f) {
		if (errno == ENOENT)
			return 1;
		return error("cannot read baseline '%s': %s", path, strerror(errno));
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&text, chunk, n);
	fclose(f);
	j.p = text.ptr ? text.ptr : "";
	j.end = j.p + text.len;
	j.depth = 0;
	rc = parse(&j, b);
	buf_release(&text);
	if (rc < 0)
		return error("%s: not a stackgate baseline (malformed JSON); write it again with "
			     "`stackgate baseline write`", path);
	return 0;
}

void baseline_apply(struct baseline *b, struct finding_list *l)
{
	size_t i, k;

	for (i = 0; i < l->nr; i++) {
		struct finding *f = &l->items[i];

		if (f->suppressed)
			continue;
		for (k = 0; k < b->nr; k++) {
			if (b->items[k].count && !strcmp(b->items[k].fingerprint, f->fingerprint)) {
				b->items[k].count--;
				f->baselined = 1;
				break;
			}
		}
	}
}

/* path, rule, fingerprint: an order that does not depend on where code sits */
static int by_identity(const void *pa, const void *pb)
{
	const struct finding *a = *(const struct finding *const *)pa, *b = *(const struct finding *const *)pb;
	int c = strcmp(a->path, b->path);

	if (!c)
		c = strcmp(a->rule, b->rule);
	if (!c)
		c = strcmp(a->fingerprint, b->fingerprint);
	return c;
}

int baseline_write(const char *path, const struct finding_list *l, const char *revision)
{
	struct buf b = BUF_INIT;
	const struct finding **sorted;
	FILE *f;
	size_t i, n = 0;
	int rc = 0;

	sorted = xcalloc(l->nr + 1, sizeof(*sorted));
	for (i = 0; i < l->nr; i++)
		sorted[i] = &l->items[i];
	if (l->nr)
		qsort(sorted, l->nr, sizeof(*sorted), by_identity);

	buf_puts(&b, "{\n  \"version\": 1,\n  \"revision\": \"");
	buf_add_json(&b, revision, strlen(revision));
	buf_puts(&b, "\",\n  \"findings\": [");
	for (i = 0; i < l->nr; i++) {
		const struct finding *fd = sorted[i];

		if (fd->suppressed)
			continue;
		buf_puts(&b, n++ ? ",\n    " : "\n    ");
		buf_puts(&b, "{\"rule\": \"");
		buf_add_json(&b, fd->rule, strlen(fd->rule));
		buf_puts(&b, "\", \"path\": \"");
		buf_add_json(&b, fd->path, strlen(fd->path));
		/* the redacted source line, trimmed: what a reviewer recognises,
		 * and, unlike messages, free of line numbers */
		buf_printf(&b, "\", \"fingerprint\": \"%s\", \"code\": \"", fd->fingerprint);
		{
			const char *e = fd->excerpt ? fd->excerpt : "";
			size_t elen;

			while (*e == ' ' || *e == '\t')
				e++;
			elen = strlen(e);
			buf_add_json(&b, e, elen > 160 ? 160 : elen);
		}
		buf_puts(&b, "\"}");
	}
	buf_puts(&b, n ? "\n  ]\n}\n" : "]\n}\n");
	f = fopen(path, "wb");
	if (!f || fwrite(b.ptr, 1, b.len, f) != b.len)
		rc = error("cannot write baseline '%s': %s", path, strerror(errno));
	if (f && fclose(f) != 0 && !rc)
		rc = error("cannot write baseline '%s': %s", path, strerror(errno));
	buf_release(&b);
	free(sorted);
	return rc;
}

void baseline_release(struct baseline *b)
{
	free(b->items);
	b->items = NULL;
	b->nr = b->alloc = 0;
}
