#include "suppress.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"

#define MARKER "stackgate:ignore"
#define MIN_REASON 10

static int valid_date(const char *s, size_t n)
{
	size_t i;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int suppress_parse(struct suppression *s, const char *text, size_t len)
{
	const char *m = memmem(text, len, MARKER, strlen(MARKER));
	const char *p, *end = text + len, *dash;
	enum rule_id id;

	memset(s, 0, sizeof(*s));
	if (!m)
		return 0;
	/* block comments end with the terminator; not part of the reason */
	if (len >= 4 && text[0] == '/' && text[1] == '*' && end[-1] == '/' && end[-2] == '*')
		end -= 2;
	p = m + strlen(MARKER);
	dash = NULL;
	{
		const char *q;

		for (q = p; q + 1 < end; q++)
			if (q[0] == '-' && q[1] == '-') {
				dash = q;
				break;
			}
	}
	/* rules and options before "--" */
	while (p < (dash ? dash : end)) {
		const char *tok;
		size_t n;

		while (p < (dash ? dash : end) && (isspace((unsigned char)*p) || *p == ','))
			p++;
		tok = p;
		while (p < (dash ? dash : end) && !isspace((unsigned char)*p) && *p != ',')
			p++;
		n = (size_t)(p - tok);
		if (!n)
			continue;
		if (n > 6 && !strncmp(tok, "until=", 6)) {
			if (!valid_date(tok + 6, n - 6))
				snprintf(s->problem, sizeof(s->problem), "until= needs a date as YYYY-MM-DD");
			else
				memcpy(s->until, tok + 6, 10);
			continue;
		}
		{
			char *name = xstrndup(tok, n);

			if (rule_lookup(name, &id) < 0 && !s->problem[0])
				snprintf(s->problem, sizeof(s->problem), "unknown rule '%.60s'", name);
			strlist_add(&s->rules, name);
			free(name);
		}
	}
	if (!s->rules.nr && !s->problem[0])
		snprintf(s->problem, sizeof(s->problem), "names no rule");
	if (dash) {
		const char *r = dash + 2, *re = end;

		while (r < re && isspace((unsigned char)*r))
			r++;
		while (re > r && isspace((unsigned char)re[-1]))
			re--;
		if (re > r)
			s->reason = xstrndup(r, (size_t)(re - r));
	}
	if (!s->problem[0] && (!s->reason || strlen(s->reason) < MIN_REASON))
		snprintf(s->problem, sizeof(s->problem),
			 "needs a reason of at least %d characters after '--'", MIN_REASON);
	return 1;
}

void suppress_release(struct suppression *s)
{
	strlist_clear(&s->rules);
	free(s->reason);
	s->reason = NULL;
}

void today_ymd(char out[11])
{
	const char *env = getenv("STACKGATE_TODAY");
	time_t now;
	struct tm tm;

	if (env && valid_date(env, strlen(env))) {
		memcpy(out, env, 10);
		out[10] = '\0';
		return;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}
