#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "pattern.h"

#include <math.h>
#include <string.h>
#include <strings.h>

int pattern_compile(struct pattern *p)
{
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *code;
	PCRE2_UCHAR msg[256];

	pattern_free(p);
	code = pcre2_compile((PCRE2_SPTR)p->regex, PCRE2_ZERO_TERMINATED, 0,
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

static int has_keyword(const struct pattern *p, const char *text, size_t len)
{
	size_t i, j;

	if (!p->keywords.nr)
		return 1;
	for (i = 0; i < p->keywords.nr; i++) {
		const char *k = p->keywords.items[i];
		size_t kl = strlen(k);

		if (kl > len)
			continue;
		for (j = 0; j + kl <= len; j++)
			if (!strncasecmp(text + j, k, kl))
				return 1;
	}
	return 0;
}

int pattern_find(const struct pattern *p, const char *text, size_t len,
		 size_t *off, size_t *mlen)
{
	pcre2_match_data *md;
	PCRE2_SIZE start = 0, *ov;
	int rc, found = 0;

	if (!p->code || !has_keyword(p, text, len))
		return 0;
	md = pcre2_match_data_create_from_pattern((pcre2_code *)p->code, NULL);
	while (start <= len) {
		size_t s, n;

		rc = pcre2_match((pcre2_code *)p->code, (PCRE2_SPTR)text, len, start, 0, md, NULL);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0) {
			found = error("pattern '%s' could not be matched (pcre2 error %d)", p->name, rc);
			break;
		}
		ov = pcre2_get_ovector_pointer(md);
		/* a capture group 1, when present, is the secret itself */
		if (rc > 1 && ov[2] != PCRE2_UNSET) {
			s = ov[2];
			n = ov[3] - ov[2];
		} else {
			s = ov[0];
			n = ov[1] - ov[0];
		}
		if (!strlist_has_n(&p->allow_values, text + s, n) &&
		    (p->min_entropy <= 0 || shannon_entropy(text + s, n) >= p->min_entropy)) {
			*off = s;
			*mlen = n;
			found = 1;
			break;
		}
		start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	pcre2_match_data_free(md);
	return found;
}
