/*
 * invalid-log-retention
 *
 * Risk: CloudWatch Logs accepts only a fixed set of retention periods
 * (1, 3, 5, 7, 14, 30, ... 3653 days); any other `retentionInDays`
 * fails the deploy (InvalidParameterException). 2555 ("seven years") is
 * the classic wrong guess: the value is 2557.
 *
 * Violating:  new aws.cloudwatch.LogGroup(`app-${environmentSuffix}`, { retentionInDays: 2555 })
 *             retentionInDays: 365 * 7
 * Compliant:  retentionInDays: 2557
 *
 * Limits: the value must be a number this file decides: a literal, simple
 * arithmetic of literals (+ - * and parentheses), or a same-file const of
 * one; config values and parameters are not judged. Every object key
 * named retentionInDays counts (the name is CloudWatch Logs'), wherever
 * the object is (a LogGroup, an awsx log group's args, a component's
 * args that are passed on).
 */
#include "rules/rules.h"

#include <stdlib.h>
#include <string.h>

#define RULE "invalid-log-retention"

struct invalid_log_retention_settings {
	struct strlist properties;
	struct strlist allowed_values;
};

/* Judge `value`, which stands at `use` (the same node, or a shorthand key). */
static void check_value(struct ctx *c, enum severity sev, TSNode value, TSNode use, const char *name,
			size_t nlen)
{
	const struct invalid_log_retention_settings *conf = rule_settings(c, RULE_INVALID_LOG_RETENTION);
	const struct strlist *allowed = &conf->allowed_values;
	struct buf hint = BUF_INIT, list = BUF_INIT;
	TSNode at = resolve_const(c, value);
	double v;
	long below = -1, above = -1, n;
	size_t i, len;
	const char *t;
	char where[64] = "", value_text[48] = "";

	if (!value_number(c, value, &v) || !allowed->nr)
		return;
	for (i = 0; i < allowed->nr; i++) {
		char *end;
		long a = strtol(allowed->items[i], &end, 10);

		if (*end)
			continue;
		if ((double)a == v)
			goto out;
		if ((double)a < v && a > below)
			below = a;
		if ((double)a > v && (above < 0 || a < above))
			above = a;
		buf_printf(&list, "%s%s", list.len ? ", " : "", allowed->items[i]);
	}
	/* the nearer neighbour first */
	if (below >= 0 && above >= 0 && v - (double)below < (double)above - v) {
		n = below;
		below = above;
		above = n;
	} else if (above < 0) {
		above = below;
		below = -1;
	}
	if (above >= 0 && below >= 0)
		buf_printf(&hint, "use %ld, the nearest allowed value (the other neighbour is %ld)", above, below);
	else if (above >= 0)
		buf_printf(&hint, "use %ld, the nearest allowed value", above);
	buf_printf(&hint, "; allowed: %s", list.ptr ? list.ptr : "");
	t = node_text(c, at, &len);
	if (ts_node_start_point(at).row != ts_node_start_point(use).row)
		snprintf(where, sizeof(where), " (used on line %u)", ts_node_start_point(use).row + 1);
	if (!node_is(at, "number") && !node_is(at, "integer") && !node_is(at, "float"))
		snprintf(value_text, sizeof(value_text), " (= %g)", v);
	report_node(c, RULE, sev, at, use, 0, hint.ptr,
		    "'%.*s' is %.*s%s%s, which CloudWatch Logs does not accept: the deploy fails",
		    (int)(nlen > 60 ? 60 : nlen), name, (int)(len > 40 ? 40 : len), t, value_text, where);
out:
	buf_release(&hint);
	buf_release(&list);
}

static void rule_retention_pair(struct ctx *c, TSNode pair)
{
	const struct invalid_log_retention_settings *conf = rule_settings(c, RULE_INVALID_LOG_RETENTION);
	enum severity sev = c->sev[RULE_INVALID_LOG_RETENTION];
	const struct strlist *props = &conf->properties;
	const char *k;
	size_t kl;
	TSNode value, use;

	if (node_is(pair, "shorthand_property_identifier")) {
		/* { retentionInDays }: the binding of the same name */
		k = node_text(c, pair, &kl);
		value = pair;
	} else if (pair_key(c, pair, &k, &kl)) {
		value = ts_node_child_by_field_name(pair, "value", 5);
	} else {
		return;
	}
	if (!strlist_has_n(props, k, kl))
		return;
	if (node_is(value, "shorthand_property_identifier")) {
		const struct decl *d = ctx_find_decl(c, k, kl, ts_node_start_byte(value));

		if (!d || d->kind != DECL_CONST)
			return;
		value = d->value;
	}
	use = node_is(pair, "shorthand_property_identifier") ? pair : value;
	check_value(c, sev, value, use, k, kl);
}

static const struct key_def keys[] = {
	RULE_KEY(invalid_log_retention_settings, K_LIST, properties),
	RULE_KEY(invalid_log_retention_settings, K_LIST, allowed_values),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_invalid_log_retention = {
	.id = RULE,
	.summary = "retentionInDays is not one of the values CloudWatch Logs accepts",
	.explain =
		"Catches: an object key `retentionInDays` (properties) whose value this file decides\n"
		"(a number, + - * of numbers, or a same-file const of one) and that is not in\n"
		"allowed_values.\n"
		"\n"
		"Why: CloudWatch Logs accepts only fixed retention periods; any other value fails the\n"
		"deploy. 2555 ('seven years') is a common wrong guess: the value is 2557.\n"
		"\n"
		"Bad:   new aws.cloudwatch.LogGroup(`app-${environmentSuffix}`, { retentionInDays: 2555 })\n"
		"       retentionInDays: 365 * 7\n"
		"Good:  retentionInDays: 2557\n"
		"       retentionInDays: 0     (the provider's 'never expire')\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   aws.cloudwatch.LogGroup(f\"audit-{environment_suffix}\", retention_in_days=365 * 7)\n"
		"Good:  aws.cloudwatch.LogGroup(f\"audit-{environment_suffix}\", retention_in_days=2557)\n"
		"\n"
		"Not findings: values from config or parameters, other keys (retentionPeriod, days).\n"
		"\n"
		"Tune: [rule \"invalid-log-retention\"] severity, exclude, properties, allowed_values.\n",
	.keys = keys,
	.settings_size = sizeof(struct invalid_log_retention_settings),
	.on_pair = rule_retention_pair,
};
