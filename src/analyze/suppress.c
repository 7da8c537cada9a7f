#include "analyze/suppress.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/config.h"

#define MARKER "stackgate:ignore"
#define MIN_REASON 10

static int valid_date(const char *s, size_t n)
{
	size_t i;
	int month, day;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* Where a suppression names a rule of the table: built-in, or a team's
 * own pattern; a token shape names its rule instead. */
static void check_rule_name(struct suppression *s, const struct config *cfg, const char *name)
{
	enum rule_id id;
	const struct pattern *p;

	if (s->problem[0] || (cfg ? config_rule(cfg, name) != NULL : rule_lookup(name, &id) == 0))
		return;
	if (cfg && (p = config_pattern(cfg, name)))
		snprintf(s->problem, sizeof(s->problem),
			 "names '%.40s', a token shape of rule '%.40s' (name the rule)", name, p->rule);
	else
		snprintf(s->problem, sizeof(s->problem), "unknown rule '%.60s'", name);
}

/* Take an until= date: 0, or -1 with the problem set. */
static int set_until(struct suppression *s, const char *date, size_t n)
{
	if (!valid_date(date, n)) {
		if (!s->problem[0])
			snprintf(s->problem, sizeof(s->problem),
				 "until= needs a date as YYYY-MM-DD, not '%.*s'", (int)(n > 20 ? 20 : n), date);
		return -1;
	}
	if (s->until[0] && memcmp(s->until, date, 10)) {
		if (!s->problem[0])
			snprintf(s->problem, sizeof(s->problem), "has two until= dates (%s and %.10s)",
				 s->until, date);
		return -1;
	}
	memcpy(s->until, date, 10);
	return 0;
}

/*
 * A reason may carry the date too: `-- waiting for the vault until=2027-01-31`
 * (people write it where they write the rest). Take it out of the reason
 * and honour it; a malformed one makes the comment invalid, so that it
 * never silently stays forever.
 */
static void until_in_reason(struct suppression *s)
{
	char *r = s->reason, *p = r, *end;
	size_t n;

	while ((p = strstr(p, "until="))) {
		if (p > r && !isspace((unsigned char)p[-1]) && !strchr("([,;", p[-1])) {
			p += 6;
			continue;
		}
		end = p + 6;
		while (*end && !isspace((unsigned char)*end) && !strchr(")],;", *end))
			end++;
		/* a sentence may end right after the date */
		if (end - p == 17 && end[-1] == '.')
			end--;
		n = (size_t)(end - p - 6);
		set_until(s, p + 6, n);
		if (p > r && strchr("([", p[-1]) && strchr(")]", *end) && *end) {
			p--;	/* "(until=DATE)": the brackets go too */
			end++;
		}
		memmove(p, end, strlen(end) + 1);
		/* "db (until=D), ask" reads "db, ask"; "it until=D." reads "it." */
		while (p > r && p[-1] == ' ' && (!*p || strchr(" ,;.", *p))) {
			memmove(p - 1, p, strlen(p) + 1);
			p--;
		}
	}
	/* what the removal left at the end: blanks and separators */
	n = strlen(r);
	while (n && (isspace((unsigned char)r[n - 1]) || strchr(",;", r[n - 1])))
		r[--n] = '\0';
}

int suppress_parse(struct suppression *s, const struct config *cfg, const char *text, size_t len)
{
	const char *m = memmem(text, len, MARKER, strlen(MARKER));
	const char *p, *end = text + len, *dash;

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
		if (n >= 6 && !strncmp(tok, "until=", 6)) {
			set_until(s, tok + 6, n - 6);
			continue;
		}
		{
			char *name = xstrndup(tok, n);

			check_rule_name(s, cfg, name);
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
		if (re > r) {
			s->reason = xstrndup(r, (size_t)(re - r));
			until_in_reason(s);
		}
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
