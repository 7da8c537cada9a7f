#include "report/baseline.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

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

/* Read a string into out; escapes decoded (`baseline add` writes them back). */
static int jstring(struct json *j, struct buf *out)
{
	if (j->p >= j->end || *j->p != '"')
		return -1;
	j->p++;
	while (j->p < j->end && *j->p != '"') {
		if (*j->p == '\\') {
			const char *from = "bfnrt", *to = "\b\f\n\r\t", *k;

			j->p++;
			if (j->p >= j->end)
				return -1;
			if (*j->p == 'u') {
				char hex[5];
				unsigned long cp;

				if (j->end - j->p < 5)
					return -1;
				memcpy(hex, j->p + 1, 4);
				hex[4] = '\0';
				cp = strtoul(hex, NULL, 16);
				/* what buf_add_json escapes is ASCII; anything else is kept as '?' */
				buf_putc(out, cp && cp < 0x80 ? (char)cp : '?');
				j->p += 5;
				continue;
			}
			if ((k = strchr(from, *j->p)) != NULL) {
				buf_putc(out, to[k - from]);
				j->p++;
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

/* The top-level "findings" array, each element given to fn; other keys skipped. */
static int findings_member(struct json *j, const char *key, json_fn fn, void *data)
{
	if (strcmp(key, "findings"))
		return jskip(j, key, NULL);
	ws(j);
	if (j->p >= j->end || *j->p != '[')
		return -1;
	return jcontainer(j, fn, data);
}

static int top_member(struct json *j, const char *key, void *data)
{
	return findings_member(j, key, entry, data);
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

/* One entry of the file as written: all strings owned. */
struct record {
	char *rule, *path, *fingerprint, *code;
};

struct records {
	struct record *items;
	size_t nr, alloc;
	char *revision;
};

static void records_release(struct records *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++) {
		free(r->items[i].rule);
		free(r->items[i].path);
		free(r->items[i].fingerprint);
		free(r->items[i].code);
	}
	free(r->items);
	free(r->revision);
	memset(r, 0, sizeof(*r));
}

/* A finding as an entry: the redacted source line, trimmed, is what a
 * reviewer recognises and, unlike messages, free of line numbers. */
static void records_add_finding(struct records *r, const struct finding *fd)
{
	const char *e = fd->excerpt ? fd->excerpt : "";
	struct record *rec;
	size_t elen;

	while (*e == ' ' || *e == '\t')
		e++;
	elen = strlen(e);
	ALLOC_GROW(r->items, r->nr, r->alloc);
	rec = &r->items[r->nr++];
	rec->rule = xstrdup(fd->rule);
	rec->path = xstrdup(fd->path);
	rec->fingerprint = xstrdup(fd->fingerprint);
	rec->code = xstrndup(e, elen > 160 ? 160 : elen);
}

/* path, rule, fingerprint: an order that does not depend on where code sits */
static int by_identity(const void *pa, const void *pb)
{
	const struct record *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	if (!c)
		c = strcmp(a->rule, b->rule);
	if (!c)
		c = strcmp(a->fingerprint, b->fingerprint);
	return c;
}

static int records_write(const char *path, struct records *r, const char *revision)
{
	struct buf b = BUF_INIT;
	FILE *f;
	size_t i;
	int rc = 0;

	if (r->nr)
		qsort(r->items, r->nr, sizeof(*r->items), by_identity);
	buf_puts(&b, "{\n  \"version\": 1,\n  \"revision\": \"");
	buf_add_json(&b, revision, strlen(revision));
	buf_puts(&b, "\",\n  \"findings\": [");
	for (i = 0; i < r->nr; i++) {
		const struct record *rec = &r->items[i];

		buf_puts(&b, i ? ",\n    " : "\n    ");
		buf_puts(&b, "{\"rule\": \"");
		buf_add_json(&b, rec->rule, strlen(rec->rule));
		buf_puts(&b, "\", \"path\": \"");
		buf_add_json(&b, rec->path, strlen(rec->path));
		buf_printf(&b, "\", \"fingerprint\": \"%s\", \"code\": \"", rec->fingerprint);
		buf_add_json(&b, rec->code, strlen(rec->code));
		buf_puts(&b, "\"}");
	}
	buf_puts(&b, r->nr ? "\n  ]\n}\n" : "]\n}\n");
	f = fopen(path, "wb");
	if (!f || fwrite(b.ptr, 1, b.len, f) != b.len)
		rc = error("cannot write baseline '%s': %s", path, strerror(errno));
	if (f && fclose(f) != 0 && !rc)
		rc = error("cannot write baseline '%s': %s", path, strerror(errno));
	buf_release(&b);
	return rc;
}

int baseline_write(const char *path, const struct finding_list *l, const char *revision)
{
	struct records r;
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < l->nr; i++)
		if (!l->items[i].suppressed)
			records_add_finding(&r, &l->items[i]);
	rc = records_write(path, &r, revision);
	records_release(&r);
	return rc;
}

/* Reading a whole file back, for `baseline add`. */
static int record_member(struct json *j, const char *key, void *data)
{
	struct record *rec = data;
	char **slot = !strcmp(key, "rule") ? &rec->rule : !strcmp(key, "path") ? &rec->path :
		      !strcmp(key, "fingerprint") ? &rec->fingerprint : !strcmp(key, "code") ? &rec->code : NULL;
	struct buf val = BUF_INIT;

	if (!slot)
		return jskip(j, key, NULL);
	if (jstring(j, &val) < 0) {
		buf_release(&val);
		return -1;
	}
	free(*slot);
	*slot = val.ptr ? buf_detach(&val) : xstrdup("");
	return 0;
}

static int record_entry(struct json *j, const char *key, void *data)
{
	struct records *r = data;
	struct record rec;
	int rc;

	memset(&rec, 0, sizeof(rec));
	rc = jcontainer(j, record_member, &rec);
	if (rc == 0 && rec.fingerprint && strlen(rec.fingerprint) == 40) {
		ALLOC_GROW(r->items, r->nr, r->alloc);
		rec.rule = rec.rule ? rec.rule : xstrdup("");
		rec.path = rec.path ? rec.path : xstrdup("");
		rec.code = rec.code ? rec.code : xstrdup("");
		r->items[r->nr++] = rec;
		return 0;
	}
	free(rec.rule);
	free(rec.path);
	free(rec.fingerprint);
	free(rec.code);
	return -1;
}

static int records_top(struct json *j, const char *key, void *data)
{
	struct records *r = data;

	if (!strcmp(key, "revision")) {
		struct buf val = BUF_INIT;

		if (jstring(j, &val) < 0) {
			buf_release(&val);
			return -1;
		}
		free(r->revision);
		r->revision = val.ptr ? buf_detach(&val) : xstrdup("");
		return 0;
	}
	return findings_member(j, key, record_entry, r);
}

int baseline_add(const char *path, const struct finding_list *l, const char *revision, size_t *added)
{
	struct records r;
	struct buf text = BUF_INIT;
	struct buf rev = BUF_INIT;
	FILE *f;
	size_t i, n;
	int rc = -1;

	*added = 0;
	memset(&r, 0, sizeof(r));
	f = fopen(path, "rb");
	if (f) {
		char chunk[8192];
		struct json j;

		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&text, chunk, n);
		fclose(f);
		j.p = text.ptr ? text.ptr : "";
		j.end = j.p + text.len;
		j.depth = 0;
		ws(&j);
		if (j.p >= j.end || *j.p != '{' || jcontainer(&j, records_top, &r) < 0) {
			error("%s: not a stackgate baseline (malformed JSON); write it again with "
			      "`stackgate baseline write`", path);
			goto out;
		}
	} else if (errno != ENOENT) {
		error("cannot read baseline '%s': %s", path, strerror(errno));
		goto out;
	}
	for (i = 0; i < l->nr; i++) {
		if (l->items[i].suppressed || l->items[i].baselined)
			continue;
		records_add_finding(&r, &l->items[i]);
		(*added)++;
	}
	/* the revision says what the file was last written from, and what was added since */
	n = strlen(revision);
	if (r.revision && *r.revision && *added && strcmp(r.revision, revision) &&
	    !(strlen(r.revision) > n + 3 && !strcmp(r.revision + strlen(r.revision) - n, revision) &&
	      !strncmp(r.revision + strlen(r.revision) - n - 3, " + ", 3)))
		buf_printf(&rev, "%s + %s", r.revision, revision);
	else
		buf_puts(&rev, r.revision && *r.revision ? r.revision : revision);
	rc = records_write(path, &r, rev.ptr);
out:
	buf_release(&text);
	buf_release(&rev);
	records_release(&r);
	return rc;
}

void baseline_release(struct baseline *b)
{
	free(b->items);
	b->items = NULL;
	b->nr = b->alloc = 0;
}
