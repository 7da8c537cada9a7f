/*
 * What a file in scope holds, as text the analysis can read; and the
 * record of a file in scope that could not be judged.
 */
#include "source/source.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"

static void put_utf8(struct buf *b, uint32_t cp)
{
	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_putc(b, (char)(0xc0 | (cp >> 6)));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_putc(b, (char)(0xe0 | (cp >> 12)));
		buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		buf_putc(b, (char)(0xf0 | (cp >> 18)));
		buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
		buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/* UTF-16 (after its byte-order mark) to UTF-8; a lone surrogate becomes U+FFFD. */
static void decode_utf16(struct buf *out, const unsigned char *p, size_t len, int big)
{
	size_t i;

	buf_grow(out, len + len / 2 + 1);
	for (i = 0; i + 1 < len; i += 2) {
		uint32_t u = big ? (uint32_t)(p[i] << 8 | p[i + 1]) : (uint32_t)(p[i + 1] << 8 | p[i]);

		if (u >= 0xd800 && u < 0xdc00 && i + 3 < len) {
			uint32_t v = big ? (uint32_t)(p[i + 2] << 8 | p[i + 3])
					 : (uint32_t)(p[i + 3] << 8 | p[i + 2]);

			if (v >= 0xdc00 && v < 0xe000) {
				put_utf8(out, 0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00));
				i += 2;
				continue;
			}
		}
		put_utf8(out, u >= 0xd800 && u < 0xe000 ? 0xfffd : u);
	}
	if (i < len)
		put_utf8(out, 0xfffd);	/* an odd last byte */
}

int source_text(struct buf *decoded, const char *raw, size_t len,
		const char **text, size_t *text_len, const char **why)
{
	const unsigned char *u = (const unsigned char *)raw;

	*text = raw ? raw : "";
	*text_len = len;
	*why = NULL;
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		/* tsc skips a UTF-8 byte-order mark; so does the analysis */
		*text = raw + 3;
		*text_len = len - 3;
	} else if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
		buf_reset(decoded);
		decode_utf16(decoded, u + 2, len - 2, u[0] == 0xfe);
		*text = decoded->ptr ? decoded->ptr : "";
		*text_len = decoded->len;
	}
	if (*text_len && memchr(*text, '\0', *text_len)) {
		*why = "it holds NUL bytes (binary content, or UTF-16 without a byte-order mark)";
		return 1;
	}
	return 0;
}

void source_unjudged(struct source *s, const char *path, const char *commit, const char *why,
		     const char *fix)
{
	if (!fix)
		fix = "save it as UTF-8 text (or UTF-16 with a byte-order mark)";
	source_notice(s, "cannot judge '%s'%s%.12s: %s; not judged. To fix: %s, or leave it out of "
		      "scope with [general] exclude in the INI", path, commit ? " in " : "",
		      commit ? commit : "", why, fix);
	s->stats.skipped++;
	if (!s->nr_unjudged++) {
		struct buf b = BUF_INIT, e = BUF_INIT;

		/* it reaches every report: paths may hold newlines and escapes */
		buf_printf(&b, "'%.200s'%s%.12s: %.200s", path, commit ? " in " : "", commit ? commit : "", why);
		buf_add_escaped(&e, b.ptr, b.len);
		snprintf(s->unjudged, sizeof(s->unjudged), "%s", e.ptr);
		buf_release(&b);
		buf_release(&e);
	}
}

void source_too_big(struct source *s, const char *path, unsigned long long size)
{
	source_notice(s, "skipped '%s': %llu bytes is over max_file_bytes (%zu); not judged", path, size,
		      s->cfg->max_file_bytes);
	s->stats.skipped++;
	if (!s->limit[0]) {
		struct buf b = BUF_INIT, e = BUF_INIT;

		buf_printf(&b, "max_file_bytes (%zu) exceeded by '%.200s' (%llu bytes), which was not judged",
			   s->cfg->max_file_bytes, path, size);
		buf_add_escaped(&e, b.ptr, b.len);	/* paths may hold newlines and escapes */
		snprintf(s->limit, sizeof(s->limit), "%s", e.ptr);
		buf_release(&b);
		buf_release(&e);
	}
}

int source_hand_over(struct source *s, struct change_list *files, const char *commit,
		     const char *subject, const struct tree_reader *tree, int rc)
{
	struct changeset cs;
	char *why = rc < 0 ? xstrdup(error_last()) : NULL;

	if (files->nr) {
		cs.commit = commit;
		cs.subject = subject;
		cs.files = (const struct change *const *)files->items;
		cs.nr = files->nr;
		cs.tree = tree;
		/* judging the earlier files failing comes first, as it would have */
		if (s->fn(&cs, s->data) < 0)
			rc = -1;
		else if (why)
			rc = error("%s", why);
	}
	free(why);
	change_list_release(files);
	return rc;
}
