/*
 * collect.c - what rules report, until it becomes findings: the file's
 * candidates deduplicated by rule and place, whether they lie on added
 * lines, their excerpts (every secret of the file redacted), their
 * fingerprints, and finish_file(), which keeps those on added lines.
 */
#include "rules/rules.h"
#include "analyze/internal.h"
#include "analyze/xfile.h"

#include <git2.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void redact_into(struct buf *b, const char *s, size_t len)
{
	size_t keep = len / 3;

	if (keep > 3)
		keep = 3;
	buf_add(b, s, keep);
	buf_puts(b, "***");
}

/* Prefix counts of added lines, so that "does [a, b] hold one" is O(1). */
void index_added(struct ctx *c)
{
	const struct line_set *s = c->change->added;
	uint32_t l, n = 0;

	if (!s)
		return;
	c->added_max = s->max;
	c->added_before = xmalloc(((size_t)s->max + 2) * sizeof(uint32_t));
	for (l = 0; l <= s->max; l++) {
		c->added_before[l] = n;
		if (l && lines_has(s, l))
			n++;
	}
	c->added_before[s->max + 1] = n;
}

/* 1 if any line in [first, last] (1-based) was added. */
static int range_added(const struct ctx *c, uint32_t first, uint32_t last)
{
	if (!c->change->added)
		return 1;
	if (!first)
		first = 1;
	if (first > c->added_max)
		return 0;
	if (last > c->added_max)
		last = c->added_max;
	return first <= last && c->added_before[last + 1] > c->added_before[first];
}

int node_on_added_lines(const struct ctx *c, uint32_t line)
{
	return range_added(c, line, line);
}

int node_on_added(const struct ctx *c, TSNode n)
{
	if (ts_node_is_null(n))
		return 0;
	if (c->xf)
		c = ctx_of(c, n);	/* a node of another file: that file's added lines */
	return range_added(c, ts_node_start_point(n).row + 1, ts_node_end_point(n).row + 1);
}

uint32_t line_start(const struct ctx *c, uint32_t off)
{
	while (off > 0 && c->src[off - 1] != '\n')
		off--;
	return off;
}

/* Secrets by where they start, then by finding: secrets_index() sorts them. */
static int by_secret_start(const void *pa, const void *pb)
{
	const struct secret_span *a = pa, *b = pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->nr < b->nr ? -1 : a->nr > b->nr;
}

/* The redacted spans of every finding of the file, sorted, for next_secret(). */
static void secrets_index(struct ctx *c)
{
	size_t i;

	c->nr_secrets = 0;
	free(c->secrets);
	c->secrets = xmalloc((c->local.nr + 1) * sizeof(*c->secrets));
	for (i = 0; i < c->local.nr; i++) {
		const struct candidate *f = &c->local.items[i];

		if (f->redact_end <= f->redact_start)
			continue;
		c->secrets[c->nr_secrets].start = f->redact_start;
		c->secrets[c->nr_secrets].end = f->redact_end;
		c->secrets[c->nr_secrets].nr = i;
		c->nr_secrets++;
	}
	qsort(c->secrets, c->nr_secrets, sizeof(*c->secrets), by_secret_start);
}

/*
 * The secret within [*rs, *re) of any finding of this file that starts in
 * [from, to): the first one after `from` (of two at one place, the
 * earlier finding's). 0 if none. A binary search: a file may hold 100,000.
 */
static int next_secret(const struct ctx *c, uint32_t from, uint32_t to, uint32_t *rs, uint32_t *re)
{
	size_t lo = 0, hi = c->nr_secrets;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->secrets[mid].start < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == c->nr_secrets || c->secrets[lo].start >= to)
		return 0;
	*rs = c->secrets[lo].start;
	*re = c->secrets[lo].end;
	return 1;
}

/*
 * Build the excerpt: the finding's line, with every secret any finding of
 * the file found on it redacted (another rule's finding on the same line
 * must not show it either), and the span [sb, eb) marked.
 */
static void make_excerpt(const struct ctx *c, struct finding *f, uint32_t sb, uint32_t eb)
{
	uint32_t ls = line_start(c, sb), le = sb, p, rs = 0, re = 0;
	struct buf out = BUF_INIT;
	size_t m0 = 0, m1 = 0;
	int m0set = 0, m1set = 0;

	while (le < c->len && c->src[le] != '\n')
		le++;
	if (le > ls && c->src[le - 1] == '\r')
		le--;
	if (eb > le)
		eb = le;
	/* long lines: show a window around the mark */
	if (le - ls > 240) {
		if (sb > ls + 80)
			ls = sb - 80;
		if (le - ls > 240)
			le = ls + 240;
		if (eb > le)
			eb = le;
	}
	for (p = ls; p < le;) {
		uint32_t run_end = le;

		if (next_secret(c, p, le, &rs, &re) && rs == p) {
			const char *q = c->src + rs;
			uint32_t end = re > le ? le : re;
			/* one quoted string: keep its quotes; parts joined: redact it all */
			uint32_t quoted = (*q == '\'' || *q == '"' || *q == '`') && end - rs >= 2 &&
					  !memchr(q + 1, *q, end - rs - 2);

			if (p == sb && !m0set)
				m0 = out.len, m0set = 1;
			if (quoted)
				buf_putc(&out, *q);
			redact_into(&out, q + quoted, end - rs - 2 * quoted);
			if (quoted && re <= le)
				buf_putc(&out, c->src[re - 1]);
			p = end;
			if (sb > rs && sb < end && !m0set)
				m0 = out.len, m0set = 1;	/* a mark inside a secret starts after it */
			if (eb <= p && eb > rs && !m1set)
				m1 = out.len, m1set = 1;
			continue;
		}
		if (next_secret(c, p, le, &rs, &re) && rs < run_end)
			run_end = rs;
		/* copy [p, run_end) escaped, noting where the mark starts and ends */
		if (!m0set && sb >= p && sb < run_end) {
			buf_add_escaped(&out, c->src + p, sb - p);
			m0 = out.len, m0set = 1;
			p = sb;
		}
		if (m0set && !m1set && eb >= p && eb <= run_end) {
			buf_add_escaped(&out, c->src + p, eb - p);
			m1 = out.len, m1set = 1;
			p = eb;
		}
		buf_add_escaped(&out, c->src + p, run_end - p);
		p = run_end;
	}
	if (!m0set)
		m0 = out.len;
	if (!m1set || m1 < m0)
		m1 = out.len;
	f->excerpt = out.ptr ? buf_detach(&out) : xstrdup("");
	f->mark_col = (uint32_t)m0 + 1;
	f->mark_len = m1 > m0 ? (uint32_t)(m1 - m0) : 1;
}

/*
 * Line of the `new` expression around n (n itself or within 63 levels
 * above it), 0 if none. The ancestors come from ctx_ancestors(), which
 * goes down from the walk's node and then up its path: ts_node_parent()
 * searches from the root (quadratic in deep nesting).
 */
static uint32_t enclosing_new_line(const struct ctx *c, TSNode n)
{
	TSNode up[63];
	size_t nr, i;

	if (ts_node_is_null(n))
		return 0;
	/* SYM_NEW: `new X(...)`; in Python, the innermost call */
	if (c->lang && ts_node_symbol(n) == c->sym[SYM_NEW])
		return ts_node_start_point(n).row + 1;
	nr = ctx_ancestors(c, n, up, sizeof(up) / sizeof(*up));
	for (i = 0; i < nr; i++)
		if (c->lang && ts_node_symbol(up[i]) == c->sym[SYM_NEW])
			return ts_node_start_point(up[i]).row + 1;
	return 0;
}

static uint32_t finding_hash(const char *rule, uint32_t line, uint32_t col)
{
	uint32_t h = name_hash(rule, strlen(rule));

	h = (h ^ line) * 16777619u;
	return (h ^ col) * 16777619u;
}

int ctx_span_has_finding(const struct ctx *c, const char *rule, uint32_t line, size_t from, size_t to)
{
	uint32_t i;

	for (i = name_index_first(&c->finding_lines, finding_hash(rule, line, 0)); i != NO_ENTRY;
	     i = name_index_next(&c->finding_lines, i)) {
		const struct candidate *k = &c->local.items[i];
		size_t s = k->redact_end > k->redact_start ? k->redact_start : k->span_start;
		size_t e = k->redact_end > k->redact_start ? k->redact_end : k->span_end;

		if (k->f.line == line && !strcmp(k->f.rule, rule) && s < to && from < e)
			return 1;
	}
	return 0;
}

int ctx_line_has_finding(const struct ctx *c, const char *rule, uint32_t line)
{
	uint32_t i;

	for (i = name_index_first(&c->finding_lines, finding_hash(rule, line, 0)); i != NO_ENTRY;
	     i = name_index_next(&c->finding_lines, i))
		if (c->local.items[i].f.line == line && !strcmp(c->local.items[i].f.rule, rule))
			return 1;
	return 0;
}

/* 1-based column of byte `at` of the line starting at `ls`, in UTF-16 code units. */
static uint32_t utf16_column(const char *src, uint32_t ls, uint32_t at, size_t len)
{
	uint32_t p, n = 1;

	for (p = ls; p < at && p < len; p++) {
		unsigned char ch = (unsigned char)src[p];

		if (ch < 0x80 || ch >= 0xc0)
			n++;		/* a character starts here */
		if (ch >= 0xf0)
			n++;		/* outside the BMP: a surrogate pair */
	}
	return n;
}

/* Record a finding; what is kept and how it is shown is decided in finish_file(). */
void record(struct ctx *c, const char *rule, enum severity sev, uint32_t start, uint32_t end,
		   uint32_t line, uint32_t col, uint32_t rs, uint32_t re, int added,
		   uint32_t use_line, uint32_t scope_line, const char *hint, char *msg)
{
	struct candidate *k;
	struct finding *f;
	uint32_t i, h = finding_hash(rule, line, col);

	/* one finding per rule and place: a hash, since a file may hold 100,000 */
	for (i = name_index_first(&c->finding_places, h); i != NO_ENTRY; i = name_index_next(&c->finding_places, i)) {
		f = &c->local.items[i].f;
		if (f->line == line && f->column == col && !strcmp(f->rule, rule)) {
			free(msg);
			return;
		}
	}
	name_index_add(&c->finding_places, h, (uint32_t)c->local.nr);
	name_index_add(&c->finding_lines, finding_hash(rule, line, 0), (uint32_t)c->local.nr);
	ALLOC_GROW(c->local.items, c->local.nr, c->local.alloc);
	k = &c->local.items[c->local.nr++];
	memset(k, 0, sizeof(*k));
	f = &k->f;
	f->rule = xstrdup(rule);
	f->severity = sev;
	f->path = xstrdup(c->change->path);
	f->line = line;
	f->column = col;
	f->column_utf16 = utf16_column(c->src, start >= col - 1 ? start - (col - 1) : 0, start, c->len);
	f->commit = c->change->commit ? xstrdup(c->change->commit) : NULL;
	f->commit_subject = c->change->commit_subject ? xstrdup(c->change->commit_subject) : NULL;
	f->message = msg;
	f->hint = hint ? xstrdup(hint) : NULL;
	k->added = added;
	k->use_line = use_line;
	k->scope_line = scope_line;
	k->span_start = start;
	k->span_end = end;
	k->redact_start = rs;
	k->redact_end = re;
}

void report_span(struct ctx *c, const char *rule, enum severity sev,
		 uint32_t start, uint32_t end, uint32_t redact_start, uint32_t redact_end,
		 const char *hint, const char *msg)
{
	uint32_t line, p, ls;

	if (sev == SEV_DISABLED)
		return;
	/* line of `start`: findings mostly come in order, so go on from the last one */
	if (start < c->line_off || !c->line_no) {
		c->line_off = 0;
		c->line_no = 1;
		c->line_begin = 0;
	}
	for (p = c->line_off; p < start && p < c->len; p++)
		if (c->src[p] == '\n') {
			c->line_no++;
			c->line_begin = p + 1;
		}
	c->line_off = p;
	line = c->line_no;
	ls = c->line_begin;	/* not line_start(): a 1 MB line may hold 10,000 findings */
	record(c, rule, sev, start, end, line, start - ls + 1, redact_start, redact_end,
	       !c->change->added || lines_has(c->change->added, line), line, 0, hint, xstrdup(msg));
}

/*
 * A finding whose literal was written in another file (an imported
 * const): at the use when the use was added, saying where the value is
 * written; else on the literal in its module when the change added that
 * line (an unchanged use of a definition the change made bad), saying
 * where it is used; else nowhere. Takes msg.
 */
static void report_foreign(struct ctx *c, const char *rule, enum severity sev, TSNode lit, TSNode use,
			   unsigned flags, const char *hint, struct buf *msg)
{
	struct ctx *m = ctx_of(c, lit);
	TSPoint lp = ts_node_start_point(lit);
	TSNode at = ts_node_is_null(use) ? lit : use;
	TSPoint up = ts_node_start_point(at);

	if (!ts_node_is_null(use) && ctx_of(c, use) == c && node_on_added(c, use)) {
		buf_printf(msg, " (the value is written in %s:%u)", xfile_path(m), lp.row + 1);
		record(c, rule, sev, ts_node_start_byte(use), ts_node_end_byte(use), up.row + 1,
		       up.column + 1, 0, 0, 1, up.row + 1, enclosing_new_line(c, use), hint, buf_detach(msg));
		return;
	}
	if (node_on_added(m, lit) && !ts_node_is_null(use) && ctx_of(c, use) == c) {
		uint32_t rs = 0, re = 0;

		if (flags & REPORT_REDACT) {
			rs = ts_node_start_byte(lit);
			re = ts_node_end_byte(lit);
		}
		buf_printf(msg, " (used in %s:%u)", xfile_path(c), up.row + 1);
		record(m, rule, sev, ts_node_start_byte(lit), ts_node_end_byte(lit), lp.row + 1,
		       lp.column + 1, rs, re, 1, lp.row + 1, lp.row + 1, hint, buf_detach(msg));
		return;
	}
	buf_release(msg);
}

void report_node(struct ctx *c, const char *rule, enum severity sev,
		 TSNode lit, TSNode use, unsigned flags, const char *hint,
		 const char *fmt, ...)
{
	TSNode at;
	TSPoint pt;
	struct buf msg = BUF_INIT;
	va_list ap;
	uint32_t rs = 0, re = 0;
	int added = 1;

	if (sev == SEV_DISABLED)
		return;
	if (c->xf && !ts_node_is_null(lit) && ctx_of(c, lit) != c) {
		va_start(ap, fmt);
		buf_vprintf(&msg, fmt, ap);
		va_end(ap);
		report_foreign(c, rule, sev, lit, use, flags, hint, &msg);
		return;
	}
	if ((flags & REPORT_AT_USE) && node_on_added(c, use))
		at = use;
	else if (node_on_added(c, lit))
		at = lit;
	else if (node_on_added(c, use))
		at = use;
	else {
		/* kept until suppressions are matched, then dropped */
		at = ts_node_is_null(lit) ? use : lit;
		added = 0;
	}
	if (ts_node_is_null(at))
		return;
	pt = ts_node_start_point(at);
	if ((flags & REPORT_REDACT) && !ts_node_is_null(lit)) {
		TSNode whole = lit, up;

		/* a secret built of parts ('Te' + 'mp...', `${a}${b}`) is redacted whole */
		for (up = ts_node_parent(whole); !ts_node_is_null(up) &&
		     (node_is(up, "binary_expression") || node_is(up, "parenthesized_expression") ||
		      node_is(up, "template_substitution") || node_is(up, "template_string") ||
		      node_is(up, "as_expression") || node_is(up, "non_null_expression") ||
		      node_is(up, "satisfies_expression")); up = ts_node_parent(up))
			whole = up;
		rs = ts_node_start_byte(whole);
		re = ts_node_end_byte(whole);
	}
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	record(c, rule, sev, ts_node_start_byte(at), ts_node_end_byte(at), pt.row + 1, pt.column + 1,
	       rs, re, added, ts_node_is_null(use) ? pt.row + 1 : ts_node_start_point(use).row + 1,
	       enclosing_new_line(c, ts_node_is_null(use) ? at : use), hint, buf_detach(&msg));
}

/* rule + path + the offending text with whitespace runs folded */
static void fingerprint(const struct ctx *c, struct candidate *k)
{
	struct finding *f = &k->f;
	struct buf b = BUF_INIT;
	uint32_t p;
	int space = 0;
	git_oid oid;

	buf_printf(&b, "%s\n%s\n", f->rule, f->path);
	for (p = k->span_start; p < k->span_end && p < c->len; p++) {
		char ch = c->src[p];

		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			space = 1;
			continue;
		}
		if (space)
			buf_putc(&b, ' ');
		space = 0;
		buf_putc(&b, ch);
	}
	git_odb_hash(&oid, b.ptr, b.len, GIT_OBJECT_BLOB);
	git_oid_tostr(f->fingerprint, sizeof(f->fingerprint), &oid);
	buf_release(&b);
}

void candidates_release(struct candidate_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		struct finding_list one = { &l->items[i].f, 1, 1 };

		findings_release_items(&one);
	}
	free(l->items);
	l->items = NULL;
	l->nr = l->alloc = 0;
}

/* Keep the candidates on added lines; give them excerpts and fingerprints. */
void finish_file(struct ctx *c, struct finding_list *kept)
{
	size_t i;

	if (c->nr_supps) {
		apply_suppressions(c);
		if (c->sev[RULE_INVALID_SUPPRESSION] != SEV_DISABLED)
			report_bad_suppressions(c);
	}
	/* excerpts first: they redact what every finding of the file found */
	secrets_index(c);
	for (i = 0; i < c->local.nr; i++) {
		struct candidate *k = &c->local.items[i];

		if (!k->added)
			continue;
		make_excerpt(c, &k->f, k->span_start, k->span_end);
		fingerprint(c, k);
	}
	for (i = 0; i < c->local.nr; i++) {
		struct candidate *k = &c->local.items[i];

		if (!k->added) {
			struct finding_list one = { &k->f, 1, 1 };

			findings_release_items(&one);
			continue;
		}
		*findings_add(kept) = k->f;	/* the strings move */
	}
	free(c->local.items);
	c->local.items = NULL;
	c->local.nr = c->local.alloc = 0;
	for (i = 0; i < c->nr_supps; i++)
		suppress_release(&c->supps[i]);
	free(c->supps);
}
