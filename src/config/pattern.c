#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "config/pattern.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * A regex from a configuration may backtrack catastrophically. PCRE2's
 * match limit counts per start position, so one call over a 200 KB line
 * can run for hours below it. Matching therefore starts at most
 * WINDOW positions per call (an offset limit), each start at most
 * MATCH_LIMIT backtracking steps, and the deadline is checked between
 * calls: a call is bounded, so is the wait for the deadline.
 */
#define WINDOW 64
#define MATCH_LIMIT 1000000

int pattern_compile(struct pattern *p)
{
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *code;
	PCRE2_UCHAR msg[256];

	pattern_free(p);
	code = pcre2_compile((PCRE2_SPTR)p->regex, PCRE2_ZERO_TERMINATED, PCRE2_USE_OFFSET_LIMIT,
			     &errcode, &erroff, NULL);
	if (!code) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		return error("invalid regex for pattern '%s' at offset %zu: %s",
			     p->name, (size_t)erroff, (char *)msg);
	}
	/* JIT is an optimisation: without it matching is still correct */
	(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	p->code = code;
	return 0;
}

void pattern_free(struct pattern *p)
{
	if (p->code)
		pcre2_code_free((pcre2_code *)p->code);
	p->code = NULL;
}

double shannon_entropy(const char *s, size_t len)
{
	size_t counts[256] = { 0 }, i;
	double h = 0;

	if (!len)
		return 0;
	for (i = 0; i < len; i++)
		counts[(unsigned char)s[i]]++;
	for (i = 0; i < 256; i++) {
		double q;

		if (!counts[i])
			continue;
		q = (double)counts[i] / (double)len;
		h -= q * log2(q);
	}
	return h;
}

/* ASCII only, whatever the locale: the same as strncasecmp() in "C". */
static inline unsigned char ascii_lower(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + ('a' - 'A')) : ch;
}

void pattern_scratch_line(struct pattern_scratch *s, const char *text, size_t len)
{
	s->text = text;
	s->len = len;
	s->lowered = 0;
}

void pattern_scratch_release(struct pattern_scratch *s)
{
	if (s->md)
		pcre2_match_data_free((pcre2_match_data *)s->md);
	if (s->mctx)
		pcre2_match_context_free((pcre2_match_context *)s->mctx);
	free(s->lower);
	memset(s, 0, sizeof(*s));
}

static void lower_line(struct pattern_scratch *s)
{
	size_t i;

	if (s->lowered)
		return;
	if (s->len + 1 > s->lower_alloc) {
		s->lower_alloc = s->len + 1 > 2 * s->lower_alloc ? s->len + 1 : 2 * s->lower_alloc;
		s->lower = xrealloc(s->lower, s->lower_alloc);
	}
	for (i = 0; i < s->len; i++)
		s->lower[i] = (char)ascii_lower((unsigned char)s->text[i]);
	s->lowered = 1;
}

/* 1 if `k` (any case) occurs in the lowercased `hay`. */
static int contains_lower(const char *hay, size_t n, const char *k, size_t kl)
{
	const char *p = hay, *end = hay + n, *q;
	unsigned char c0 = ascii_lower((unsigned char)k[0]);
	size_t i;

	while ((size_t)(end - p) >= kl && (q = memchr(p, c0, (size_t)(end - p) - kl + 1)) != NULL) {
		for (i = 1; i < kl && (unsigned char)q[i] == ascii_lower((unsigned char)k[i]); i++)
			;
		if (i == kl)
			return 1;
		p = q + 1;
	}
	return 0;
}

static int has_keyword(struct pattern_scratch *s, const struct pattern *p)
{
	size_t i;

	if (!p->keywords.nr)
		return 1;
	for (i = 0; i < p->keywords.nr; i++) {
		const char *k = p->keywords.items[i];
		size_t kl = strlen(k);

		if (kl > s->len)
			continue;
		if (!kl)
			return 1;
		lower_line(s);
		if (contains_lower(s->lower, s->len, k, kl))
			return 1;
	}
	return 0;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int pattern_match(struct pattern_scratch *s, const struct pattern *p, size_t *off, size_t *mlen)
{
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	PCRE2_SIZE start = 0, *ov;
	const char *text = s->text;
	size_t len = s->len;
	int rc;

	if (!p->code || !has_keyword(s, p))
		return 0;
	/* two pairs: the match and group 1, whatever the pattern holds */
	if (!s->md)
		s->md = pcre2_match_data_create(2, NULL);
	if (!s->mctx) {
		s->mctx = pcre2_match_context_create(NULL);
		if (s->mctx)
			pcre2_set_match_limit((pcre2_match_context *)s->mctx, MATCH_LIMIT);
	}
	md = s->md;
	mctx = s->mctx;
	if (!md || !mctx)
		return error("pattern '%s' could not be matched (out of memory)", p->name);
	ov = pcre2_get_ovector_pointer(md);
	while (start <= len) {
		size_t so, n;

		if (s->deadline_ns && mono_ns() >= s->deadline_ns) {
			s->timed_out = 1;
			return error("timeout_ms reached while matching pattern '%s' (its regex may "
				     "backtrack without end on a long line)", p->name);
		}
		pcre2_set_offset_limit(mctx, start + WINDOW);
		rc = pcre2_match((pcre2_code *)p->code, (PCRE2_SPTR)text, len, start, 0, md, mctx);
		if (rc == PCRE2_ERROR_NOMATCH) {
			/* none starting in this window: the next one */
			start += WINDOW + 1;
			continue;
		}
		if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
			return error("pattern '%s' could not be matched: its regex backtracks beyond "
				     "PCRE2's limits on a line of %zu bytes; make it simpler (no nested "
				     "or adjacent unbounded repeats)", p->name, len);
		if (rc < 0)
			return error("pattern '%s' could not be matched (pcre2 error %d)", p->name, rc);
		/* rc 0: more groups than pairs, and the pairs there are are set */
		if ((rc == 0 || rc > 1) && ov[2] != PCRE2_UNSET) {
			so = ov[2];
			n = ov[3] - ov[2];
		} else {
			so = ov[0];
			n = ov[1] - ov[0];
		}
		if (!strlist_has_n(&p->allow_values, text + so, n) &&
		    (p->min_entropy <= 0 || shannon_entropy(text + so, n) >= p->min_entropy)) {
			*off = so;
			*mlen = n;
			return 1;
		}
		start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	return 0;
}

int pattern_find(const struct pattern *p, const char *text, size_t len,
		 size_t *off, size_t *mlen)
{
	struct pattern_scratch s = PATTERN_SCRATCH_INIT;
	int rc;

	pattern_scratch_line(&s, text, len);
	rc = pattern_match(&s, p, off, mlen);
	pattern_scratch_release(&s);
	return rc;
}
