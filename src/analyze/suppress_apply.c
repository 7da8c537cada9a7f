/*
 * suppress_apply.c - stackgate:ignore comments applied to a file's
 * findings: which comment covers which finding, where it is honoured
 * (client, server, per rule), expiry, and the invalid-suppression
 * findings for comments that are malformed or suppress nothing.
 * Parsing one comment is suppress.c's.
 */
#include "rules/rules.h"
#include "analyze/internal.h"

#include <stdlib.h>
#include <string.h>

void collect_suppression(struct ctx *c, TSNode n)
{
	size_t len;
	const char *t;
	struct suppression s;

	t = node_text(c, n, &len);
	if (!suppress_parse(&s, c->cfg, t, len))
		return;
	s.line = ts_node_start_point(n).row + 1;
	s.start = ts_node_start_byte(n);
	s.end = ts_node_end_byte(n);
	ALLOC_GROW(c->supps, c->nr_supps, c->alloc_supps);
	c->supps[c->nr_supps++] = s;
}

static int covers_line(const struct suppression *s, uint32_t line)
{
	return line && (s->line == line || s->line + 1 == line);
}

static int by_line_then_index(const void *pa, const void *pb)
{
	const struct suppression *const *a = pa, *const *b = pb;

	if ((*a)->line != (*b)->line)
		return (*a)->line < (*b)->line ? -1 : 1;
	return *a < *b ? -1 : *a > *b;
}

static int by_address(const void *pa, const void *pb)
{
	const struct suppression *const *a = pa, *const *b = pb;

	return *a < *b ? -1 : *a > *b;
}

/* Append to *out the suppressions (sorted by line) on `line`. */
static size_t supps_on_line(struct suppression **by_line, size_t nr, uint32_t line,
			    struct suppression **out, size_t n)
{
	size_t lo = 0, hi = nr;

	if (!line)
		return n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (by_line[mid]->line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nr && by_line[lo]->line == line; lo++)
		out[n++] = by_line[lo];
	return n;
}

void apply_suppressions(struct ctx *c)
{
	size_t i, j, nr_cand;
	char today[11];
	/* by line: a file may hold 100,000 findings and as many comments */
	struct suppression **by_line = xmalloc(c->nr_supps * sizeof(*by_line));
	struct suppression **cand = NULL;
	size_t cand_alloc = 0;

	for (j = 0; j < c->nr_supps; j++)
		by_line[j] = &c->supps[j];
	qsort(by_line, c->nr_supps, sizeof(*by_line), by_line_then_index);
	today_ymd(today);
	for (i = 0; i < c->local.nr; i++) {
		struct candidate *cd = &c->local.items[i];
		struct finding *f = &cd->f;
		uint32_t lines[5] = { f->line, f->line - 1, cd->use_line, cd->use_line - 1,
				      cd->scope_line ? cd->scope_line - 1 : 0 };
		int k;

		/* the comments that may cover it: on its line or the one above,
		 * its use's, the line above its enclosing `new` */
		nr_cand = 0;
		for (k = 0; k < 5; k++) {
			size_t at = nr_cand;

			if (!lines[k] || (k && lines[k] == lines[k - 1]) ||
			    (k >= 2 && (lines[k] == lines[0] || lines[k] == lines[1])))
				continue;
			if (cand_alloc < nr_cand + c->nr_supps) {
				cand_alloc = nr_cand + c->nr_supps;
				cand = xrealloc(cand, cand_alloc * sizeof(*cand));
			}
			nr_cand = supps_on_line(by_line, c->nr_supps, lines[k], cand, at);
		}
		/* in the order they appear in the file, as every one was tried */
		qsort(cand, nr_cand, sizeof(*cand), by_address);
		for (j = 0; j < nr_cand && !f->suppressed; j++) {
			struct suppression *s = cand[j];
			const struct rule_entry *e;
			enum rule_id id;
			int allowed, server_refused;
			struct buf b = BUF_INIT;

			if (j && cand[j] == cand[j - 1])
				continue;
			if (s->problem[0] || !strlist_has(&s->rules, f->rule))
				continue;
			if (!covers_line(s, f->line) && !covers_line(s, cd->use_line) &&
			    !(cd->scope_line && s->line + 1 == cd->scope_line))
				continue;
			s->used = 1;
			allowed = c->inline_ignore != INLINE_IGNORE_NONE;
			server_refused = 0;
			e = config_rule(c->cfg, f->rule);
			id = e && e->def ? (enum rule_id)config_rule_index(c->cfg, e) : RULE__COUNT;
			if (e && e->no_inline_ignore)
				allowed = 0;
			else if (c->inline_ignore == INLINE_IGNORE_SERVER &&
				 (id == RULE_HARDCODED_SECRET || id == RULE_PLAINTEXT_STACK_SECRET) &&
				 !e->inline_ignore_granted)
				allowed = 0, server_refused = 1;
			buf_puts(&b, f->message);
			if (s->until[0] && strcmp(today, s->until) > 0)
				buf_printf(&b, " (its stackgate:ignore on line %u expired on %s)", s->line, s->until);
			else if (server_refused)
				buf_printf(&b, " (its stackgate:ignore on line %u is not honoured on the server: "
					   "a pusher cannot approve their own secret; the server's INI may allow it "
					   "with [rule \"%s\"] allow_inline_ignore = true)", s->line, f->rule);
			else if (!allowed)
				buf_printf(&b, " (its stackgate:ignore on line %u is not honoured here: inline "
					   "suppression of this rule is not allowed)", s->line);
			else {
				f->suppressed = 1;
				f->justification = xstrdup(s->reason);
			}
			free(f->message);
			f->message = buf_detach(&b);
		}
	}
	free(cand);
	free(by_line);
}

void report_bad_suppressions(struct ctx *c)
{
	enum severity sev = c->sev[RULE_INVALID_SUPPRESSION];
	struct buf hint = BUF_INIT;	/* in the language's comment syntax */
	size_t j;

	for (j = 0; j < c->nr_supps; j++) {
		struct suppression *s = &c->supps[j];
		struct buf msg = BUF_INIT;
		int added = !c->change->added || lines_has(c->change->added, s->line);

		if (!added)
			continue;
		if (s->problem[0])
			buf_printf(&msg, "stackgate:ignore %s, so it suppresses nothing", s->problem);
		else if (!s->used)
			buf_puts(&msg, "stackgate:ignore suppresses nothing here: no finding of its rules on "
				 "this line, the next, or the resource that starts on the next line");
		else
			continue;
		buf_reset(&hint);
		buf_printf(&hint, "write `%s stackgate:ignore RULE -- a reason of at least ten characters`, "
			   "or remove the comment", c->lang ? c->lang->line_comment : "//");
		record(c, rule_name(RULE_INVALID_SUPPRESSION), sev, s->start, s->end, s->line,
		       s->start - line_start(c, s->start) + 1, 0, 0, 1, s->line, 0,
		       hint.ptr, buf_detach(&msg));
	}
	buf_release(&hint);
}
