/*
 * deprecated-runtime
 *
 * Risk: AWS deprecates Lambda runtimes on a published schedule; after
 * deprecation a function gets no security patches, and from the
 * "create blocked" date `pulumi up` can no longer create the function (a
 * new environment, a replacement), later not even update it.
 *
 * Violating:  new aws.lambda.Function(`fn-${environmentSuffix}`, { runtime: 'nodejs12.x', ... })
 *             runtime: aws.lambda.Runtime.NodeJS12dX
 * Compliant:  runtime: 'nodejs24.x'   (or aws.lambda.Runtime.NodeJS24dX)
 *
 * The schedule is dated data in the INI ([rule "deprecated-runtime"]
 * runtimes, table_as_of, lead_days), not code. Severity depends on the
 * day of the run (UTC, or $STACKGATE_TODAY=YYYY-MM-DD for tests):
 *   before the deprecation date          nothing
 *   deprecated                           advisory
 *   from (create blocked - lead_days)    the configured severity
 * A rule configured advisory never escalates; disabled reports nothing.
 *
 * Limits: the runtime must be written in this file (a literal, a Runtime
 * member or a legacy XRuntime constant, directly or through a same-file
 * const); a runtime chosen at run time (a ternary, a parameter) is not
 * judged. Runtimes missing from the table are not judged. A malformed
 * table entry is skipped (config loading cannot see inside list items).
 */
#include "rules/runtime.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>

#define RULE "deprecated-runtime"

struct deprecated_runtime_settings {
	struct strlist runtime_properties;
	struct strlist runtimes;
	char *table_as_of;
	size_t lead_days;
};

/* A table date: days since 1970-01-01, or DATE_PAST ("past": already
 * passed when the table was written, day not recorded). */
#define DATE_PAST INT_MIN

struct rt_date {
	int days;
	char text[11];		/* as written: YYYY-MM-DD or YYYY-MM; "" for past */
};

/* One entry of `runtimes`: id:deprecated:create-blocked:update-blocked[:successors] */
struct rt_entry {
	char id[40];
	struct rt_date dep, create, update;
	char successors[40];	/* prefix of the runtimes that replace it */
	size_t pos;		/* position in the table, for ties */
};

/* ---- runtime ids (shared with sdk-v2-inline through runtime.h) ---- */

void lambda_runtime_from_member(struct buf *id, const char *m, size_t len)
{
	size_t i = 0;
	int custom = 0;

	buf_reset(id);
	/* Custom, CustomAL2, CustomAL2023: the OS-only runtimes "provided*" */
	if (len >= 6 && !strncasecmp(m, "custom", 6)) {
		buf_puts(id, "provided");
		i = 6;
		custom = 1;
	}
	for (; i < len; i++) {
		char ch = (char)tolower((unsigned char)m[i]);
		char next = i + 1 < len ? (char)tolower((unsigned char)m[i + 1]) : '\0';
		int after_digit = i > 0 && isdigit((unsigned char)m[i - 1]);

		if (ch == 'd' && after_digit && (isdigit((unsigned char)next) || next == 'x')) {
			buf_putc(id, '.');	/* NodeJS18dX, Python3d9, Go1dx */
		} else if (ch == 'a' && next == 'l' && (after_digit || (custom && i == 6))) {
			buf_puts(id, ".al");	/* Java8AL2, CustomAL2023 */
			i++;
		} else {
			buf_putc(id, ch);
		}
	}
}

/* 1 if s is a plausible runtime id: letters, digits, '.', '-' (nodejs4.3-edge). */
static int id_chars_ok(const char *s, size_t len)
{
	size_t i;

	if (!len || len >= sizeof(((struct rt_entry *)0)->id))
		return 0;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '.' && s[i] != '-')
			return 0;
	return 1;
}

static int member_runtime(struct ctx *c, TSNode n, struct buf *id)
{
	static const char *const prefixes[] = {
		"aws.lambda.Runtime.", "aws.types.enums.lambda.Runtime.",
	};
	struct buf name = BUF_INIT;
	const char *m = NULL;
	size_t mlen = 0, i;
	int ok = 0;

	if (!canon_name(c, n, &name) || !name.ptr)
		goto out;
	for (i = 0; i < ARRAY_SIZE(prefixes) && !m; i++) {
		size_t pl = strlen(prefixes[i]);

		if (!strncmp(name.ptr, prefixes[i], pl) && !strchr(name.ptr + pl, '.')) {
			m = name.ptr + pl;
			mlen = strlen(m);
		}
	}
	/* legacy constants: aws.lambda.NodeJS12dXRuntime */
	if (!m && !strncmp(name.ptr, "aws.lambda.", 11) && !strchr(name.ptr + 11, '.')) {
		size_t l = strlen(name.ptr + 11);

		if (l > 7 && !strcmp(name.ptr + 11 + l - 7, "Runtime")) {
			m = name.ptr + 11;
			mlen = l - 7;
		}
	}
	if (!m || !mlen)
		goto out;
	if (memchr(m, '_', mlen)) {
		/* Python: aws.lambda_.Runtime.NODE_JS14D_X is NodeJS14dX */
		struct buf plain = BUF_INIT;

		for (i = 0; i < mlen; i++)
			if (m[i] != '_')
				buf_putc(&plain, m[i]);
		lambda_runtime_from_member(id, plain.ptr ? plain.ptr : "", plain.len);
		buf_release(&plain);
	} else {
		lambda_runtime_from_member(id, m, mlen);
	}
	ok = id->len > 0;
out:
	buf_release(&name);
	return ok;
}

int lambda_runtime_id(struct ctx *c, TSNode value, struct buf *id, TSNode *lit)
{
	TSNode n = value;
	const char *s;
	size_t len, i;
	int depth;

	buf_reset(id);
	for (depth = 0; depth < 8; depth++) {
		n = resolve_const(c, n);
		if (node_is(n, "parenthesized_expression") || node_is(n, "as_expression") ||
		    node_is(n, "satisfies_expression") || node_is(n, "non_null_expression"))
			n = call_arg(n, 0);	/* ('nodejs18.x' as aws.lambda.Runtime) */
		else
			break;
	}
	if (ts_node_is_null(n))
		return 0;
	*lit = n;
	/* aws.lambda.Runtime.NodeJS18dX; a name the model cannot read is not one */
	if (member_runtime(c, n, id))
		return 1;
	if (string_content(c, n, &s, &len)) {
		/* the literal as written */
	} else if (node_is(n, "template_string")) {
		uint32_t k, cnt = ts_node_named_child_count(n);

		for (k = 0; k < cnt; k++)
			if (node_is(ts_node_named_child(n, k), "template_substitution"))
				return 0;
		s = node_text(c, n, &len);
		if (len < 2)
			return 0;
		s++;
		len -= 2;
	} else {
		return 0;
	}
	if (!id_chars_ok(s, len))
		return 0;
	for (i = 0; i < len; i++)
		buf_putc(id, (char)tolower((unsigned char)s[i]));
	return 1;
}

/* ---- dates ---- */

static int days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* YYYY-MM-DD of day z; out holds at least 32 bytes. */
static void civil_from_days(int z, char out[32])
{
	int era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	snprintf(out, 32, "%04d-%02d-%02d", (y + (m <= 2)) % 10000, m, d);
}

static int digits(const char *s, size_t n, int *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		*out = *out * 10 + (s[i] - '0');
	}
	return 1;
}

/*
 * Parse YYYY-MM-DD, YYYY-MM (read as the month's last day, so a vague
 * date never makes the rule stricter than the truth) or "past".
 * Returns 0, or -1 if malformed.
 */
static int parse_date(const char *s, size_t len, struct rt_date *out)
{
	int y, m, d = 0, last;

	out->text[0] = '\0';
	if (len == 4 && !strncmp(s, "past", 4)) {
		out->days = DATE_PAST;
		return 0;
	}
	if ((len != 7 && len != 10) || s[4] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
	    m < 1 || m > 12)
		return -1;
	last = days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
	if (len == 10) {
		if (s[7] != '-' || !digits(s + 8, 2, &d) || d < 1 ||
		    days_from_civil(y, m, d) > last)
			return -1;
		out->days = days_from_civil(y, m, d);
	} else {
		out->days = last;
	}
	memcpy(out->text, s, len);
	out->text[len] = '\0';
	return 0;
}

static int today_days(void)
{
	char ymd[11];
	struct rt_date d;

	today_ymd(ymd);
	if (parse_date(ymd, strlen(ymd), &d) < 0 || d.days == DATE_PAST)
		return 0;
	return d.days;
}

/* 1 if date d has come (a "past" date always has). */
static int reached(const struct rt_date *d, int today)
{
	return d->days == DATE_PAST || today >= d->days;
}

/* ---- the table ---- */

static int parse_entry(const char *item, size_t pos, struct rt_entry *e)
{
	const char *f[6];
	size_t flen[6];
	int nf = 0;
	const char *p = item;

	memset(e, 0, sizeof(*e));
	e->pos = pos;
	while (nf < 6) {
		const char *colon = strchr(p, ':');

		f[nf] = p;
		flen[nf] = colon ? (size_t)(colon - p) : strlen(p);
		nf++;
		if (!colon)
			break;
		p = colon + 1;
	}
	if (nf < 4 || nf > 5 || !id_chars_ok(f[0], flen[0]) ||
	    parse_date(f[1], flen[1], &e->dep) < 0 || parse_date(f[2], flen[2], &e->create) < 0 ||
	    parse_date(f[3], flen[3], &e->update) < 0)
		return -1;
	memcpy(e->id, f[0], flen[0]);
	if (nf == 5) {
		if (!flen[4] || flen[4] >= sizeof(e->successors))
			return -1;
		memcpy(e->successors, f[4], flen[4]);
	} else {
		/* the family: the id's leading letters (nodejs, python, java) */
		size_t n = 0;

		while (n < flen[0] && n + 1 < sizeof(e->successors) && isalpha((unsigned char)f[0][n]))
			n++;
		memcpy(e->successors, f[0], n);
	}
	return 0;
}

static int table_find(const struct strlist *table, const char *id, struct rt_entry *out)
{
	size_t i;

	for (i = 0; i < table->nr; i++)
		if (!parse_entry(table->items[i], i, out) && !strcmp(out->id, id))
			return 1;
	return 0;
}

/* Up to two supported runtimes that replace e, newest first: "nodejs24.x or nodejs22.x". */
static void successors(const struct strlist *table, const struct rt_entry *e, int today, struct buf *out)
{
	struct rt_entry best[2], cand;
	size_t i, pl = strlen(e->successors);
	int nr = 0, k, j;

	for (i = 0; i < table->nr; i++) {
		if (parse_entry(table->items[i], i, &cand) < 0 || strncmp(cand.id, e->successors, pl) ||
		    !strcmp(cand.id, e->id) || reached(&cand.dep, today))
			continue;
		/* keep the two that are supported longest (later entries win ties) */
		for (k = 0; k < nr; k++)
			if (cand.dep.days >= best[k].dep.days)
				break;
		if (k >= 2)
			continue;
		for (j = nr < 2 ? nr : 1; j > k; j--)
			best[j] = best[j - 1];
		best[k] = cand;
		if (nr < 2)
			nr++;
	}
	for (k = 0; k < nr; k++)
		buf_printf(out, "%s%s", k ? " or " : "", best[k].id);
}

/* "since 2025-09-01", "from 2027-02-01", or "already" for a past date. */
static void when(struct buf *b, const struct rt_date *d, int today)
{
	if (d->days == DATE_PAST)
		buf_puts(b, "already");
	else
		buf_printf(b, "%s %s", today >= d->days ? "since" : "from", d->text);
}

static void judge(struct ctx *c, TSNode value, TSNode use, const char *where)
{
	const struct deprecated_runtime_settings *conf = rule_settings(c, RULE_DEPRECATED_RUNTIME);
	const struct strlist *table = &conf->runtimes;
	const char *as_of = (conf->table_as_of ? conf->table_as_of : "");
	size_t lead = conf->lead_days;
	enum severity sev = c->sev[RULE_DEPRECATED_RUNTIME];
	struct buf id = BUF_INIT, msg = BUF_INIT, hint = BUF_INIT, alt = BUF_INIT;
	struct rt_entry e;
	TSNode lit;
	int today, block_from = DATE_PAST;
	char block_text[32] = "";

	if (sev == SEV_DISABLED || !lambda_runtime_id(c, value, &id, &lit) ||
	    !table_find(table, id.ptr, &e))
		goto out;
	today = today_days();
	if (!reached(&e.dep, today))
		goto out;
	/* blocking starts lead_days before AWS refuses to create functions */
	if (e.create.days != DATE_PAST) {
		block_from = e.create.days - (int)(lead > 3650 ? 3650 : lead);
		civil_from_days(block_from, block_text);
	}
	if (sev == SEV_MANDATORY && block_from != DATE_PAST && today < block_from)
		sev = SEV_ADVISORY;

	buf_printf(&msg, "lambda runtime '%s'%s is deprecated (", id.ptr, where);
	if (e.dep.days == DATE_PAST)
		buf_puts(&msg, "long ago");
	else
		buf_printf(&msg, "since %s", e.dep.text);
	if (e.create.days == DATE_PAST && e.update.days == DATE_PAST) {
		buf_puts(&msg, "; creating and updating functions on it is already blocked");
	} else {
		buf_puts(&msg, "; creating functions on it is blocked ");
		when(&msg, &e.create, today);
		buf_puts(&msg, ", updating them ");
		when(&msg, &e.update, today);
	}
	buf_printf(&msg, "; runtime table as of %s)", *as_of ? as_of : "an unknown date");

	successors(table, &e, today, &alt);
	if (alt.len)
		buf_printf(&hint, "move to %s", alt.ptr);
	else
		buf_puts(&hint, "move to a supported runtime (see the AWS Lambda runtimes page)");
	if (sev == SEV_ADVISORY && c->sev[RULE_DEPRECATED_RUNTIME] ==
	    SEV_MANDATORY)
		buf_printf(&hint, "; this blocks commits from %s, %zu days before AWS blocks creating functions",
			   block_text, lead);
	report_node(c, RULE, sev, lit, use, 0, hint.ptr, "%s", msg.ptr);
out:
	buf_release(&id);
	buf_release(&msg);
	buf_release(&hint);
	buf_release(&alt);
}

static void rule_runtime_resource(struct ctx *c, const struct resource *r)
{
	const struct deprecated_runtime_settings *conf = rule_settings(c, RULE_DEPRECATED_RUNTIME);
	const struct strlist *props = &conf->runtime_properties;
	size_t i;

	if (ts_node_is_null(r->props))
		return;
	for (i = 0; i < props->nr; i++) {
		const char *prop = resource_entry_prop(r, props->items[i]);
		TSNode value, list;

		if (!prop)
			continue;
		value = resource_prop(r, prop);
		if (ts_node_is_null(value))
			continue;
		list = resolve_const(c, value);
		if (node_is(list, "array")) {
			/* compatibleRuntimes: ['nodejs12.x', aws.lambda.Runtime.NodeJS24dX] */
			uint32_t k, n = call_argc(list);
			char where[96];

			snprintf(where, sizeof(where), " in '%s'", prop);
			for (k = 0; k < n; k++) {
				TSNode el = call_arg(list, k);

				judge(c, el, ts_node_eq(list, value) ? el : value, where);
			}
		} else {
			char where[96] = "";

			if (!ts_node_eq(list, value))
				snprintf(where, sizeof(where), " (used as '%s' on line %u)", prop,
					 ts_node_start_point(value).row + 1);
			judge(c, value, value, where);
		}
	}
}

static const struct key_def keys[] = {
	RULE_KEY(deprecated_runtime_settings, K_LIST, runtime_properties),
	RULE_KEY(deprecated_runtime_settings, K_LIST, runtimes),
	RULE_KEY(deprecated_runtime_settings, K_STRING, table_as_of),
	RULE_KEY(deprecated_runtime_settings, K_SIZE, lead_days),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_deprecated_runtime = {
	.id = RULE,
	.summary = "a Lambda runtime that AWS has deprecated or will soon refuse to create",
	.explain =
		"Catches: the `runtime` of aws.lambda.Function (and CallbackFunction) and each entry of\n"
		"aws.lambda.LayerVersion `compatibleRuntimes` that names a deprecated runtime: a string\n"
		"('nodejs18.x'), an aws.lambda.Runtime member (NodeJS18dX, Python3d9, Java8AL2, CustomAL2,\n"
		"Go1dx), or a legacy constant (aws.lambda.NodeJS12dXRuntime), directly or through a\n"
		"same-file const. The schedule is the dated table in the INI.\n"
		"\n"
		"Why: a deprecated runtime gets no security patches; from the 'create blocked' date a\n"
		"new environment (or any replacement) fails to deploy, later every update does.\n"
		"Severity: advisory once deprecated; the configured severity from lead_days before\n"
		"creation is blocked. The date is today (UTC) or $STACKGATE_TODAY (YYYY-MM-DD).\n"
		"\n"
		"Bad:   runtime: 'nodejs12.x'\n"
		"       runtime: aws.lambda.Runtime.NodeJS16dX\n"
		"Good:  runtime: 'nodejs24.x'\n"
		"       runtime: aws.lambda.Runtime.Python3d13\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   runtime=\"python3.7\"\n"
		"       runtime=aws.lambda_.Runtime.NODE_JS14D_X\n"
		"Good:  runtime=\"python3.13\"\n"
		"       runtime=aws.lambda_.Runtime.PYTHON3D13\n"
		"\n"
		"Not findings: runtimes the table does not list, runtimes not yet deprecated, a runtime\n"
		"this file cannot see (a parameter, a ternary, an imported constant).\n"
		"\n"
		"Tune: [rule \"deprecated-runtime\"] severity, exclude, runtimes (entries\n"
		"id:deprecated:create-blocked:update-blocked[:successor-prefix], dates YYYY-MM-DD,\n"
		"YYYY-MM or past), table_as_of, lead_days, runtime_properties.\n",
	.keys = keys,
	.settings_size = sizeof(struct deprecated_runtime_settings),
	.on_resource = rule_runtime_resource,
};
