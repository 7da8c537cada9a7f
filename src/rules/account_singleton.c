/*
 * account-singleton
 *
 * Risk: some resources exist once per account (and region): the AWS
 * Config recorder and delivery channel, the GuardDuty detector, Security
 * Hub, the account password policy, EBS encryption by default. A stack
 * deployed once per environment creates them once per environment, and
 * the second environment's deploy fails (or fights the first over the
 * same setting).
 *
 * Violating:  new aws.guardduty.Detector(`detector-${environmentSuffix}`, { enable: true })
 *             in a file that names resources with environmentSuffix
 * Compliant:  the detector in a shared, account-level stack, looked up
 *             here with aws.guardduty.getDetector(); or created only
 *             behind a condition (if (config.getBoolean('ownsGuardDuty')) ...).
 *
 * Limits: "per-environment" is a heuristic: the file mentions one of the
 * environment suffix identifiers (missing-env-suffix's
 * suffix_identifiers) as a word anywhere, comments included. A `new`
 * under an `if`, a `? :`, `&&` or `||` is taken as deliberately gated and
 * not reported. A file that gets the suffix from elsewhere under another
 * name is not recognised as per-environment.
 *
 * The type list (INI singleton_types) is the reference's six plus types
 * that are one per account by their nature (Config recorder status,
 * Macie account, account alias, EBS default KMS key, account-level S3
 * public access block). aws.accessanalyzer.Analyzer is left out: the
 * reference does not list it; add it if your accounts hit its limit.
 */
#include "rules/rules.h"

#include <ctype.h>
#include <string.h>

#define RULE "account-singleton"

struct account_singleton_settings {
	struct strlist singleton_types;
	int conditional_is_deliberate;
};

static int ident_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '$';
}

/* The suffix identifier the file mentions as a whole word, or NULL. */
static const char *suffix_mentioned(struct ctx *c)
{
	const struct strlist *ids = &c->cfg->vocab.suffix_identifiers;
	size_t i;

	for (i = 0; i < ids->nr; i++) {
		const char *id = ids->items[i], *p = c->src, *end = c->src + c->len;
		size_t n = strlen(id);

		while (n && p < end && (p = memmem(p, (size_t)(end - p), id, n)) != NULL) {
			if ((p == c->src || !ident_char(p[-1])) && (p + n == end || !ident_char(p[n])))
				return id;
			p++;
		}
	}
	return NULL;
}

static void rule_singleton_resource(struct ctx *c, const struct resource *r)
{
	const char *type = r->type;
	const struct account_singleton_settings *conf = rule_settings(c, RULE_ACCOUNT_SINGLETON);
	const char *sfx;

	if (!strlist_has(&conf->singleton_types, type))
		return;
	if (conf->conditional_is_deliberate && resource_conditional(r))
		return;
	sfx = suffix_mentioned(c);
	if (!sfx)
		return;
	report_node(c, RULE, c->sev[RULE_ACCOUNT_SINGLETON], r->name, r->type_at, REPORT_AT_USE,
		    "create it once in a shared account-level stack and look it up here (e.g. "
		    "aws.guardduty.getDetector()), or create it only behind a config flag that one "
		    "environment sets",
		    "%s exists once per account and region, but this stack is deployed per environment "
		    "(the file uses '%s'): the second environment's deploy fails or fights over it",
		    type, sfx);
}

static const struct key_def keys[] = {
	RULE_KEY(account_singleton_settings, K_LIST, singleton_types),
	RULE_KEY(account_singleton_settings, K_BOOL, conditional_is_deliberate),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_account_singleton = {
	.id = RULE,
	.summary = "a one-per-account resource is created in a per-environment stack",
	.explain =
		"Catches: `new` of a resource type that exists once per account and region\n"
		"(singleton_types: AWS Config recorder, recorder status and delivery channel, GuardDuty\n"
		"detector, Security Hub and Macie accounts, the account password policy and alias, EBS\n"
		"encryption by default and its default key, the account-level S3 public access block)\n"
		"in a file that is per-environment: it mentions one of missing-env-suffix's\n"
		"suffix_identifiers (environmentSuffix, envSuffix, ...) as a word anywhere. Reported\n"
		"at the class name of the `new`.\n"
		"\n"
		"Why: every environment deploys the same stack to the account; the first one creates\n"
		"the singleton and the second fails (\"already exists\", \"maximum number of\n"
		"recorders\") or silently takes over the first one's setting.\n"
		"\n"
		"Bad:   new aws.guardduty.Detector(`detector-${environmentSuffix}`, { enable: true })\n"
		"       new aws.iam.AccountPasswordPolicy(`pw-${environmentSuffix}`, { minimumPasswordLength: 14 })\n"
		"Good:  const detector = aws.guardduty.getDetectorOutput();   (created by a shared stack)\n"
		"       if (config.getBoolean('ownsAccountResources')) { new aws.guardduty.Detector(...) }\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   aws.guardduty.Detector(f\"detector-{environment_suffix}\", enable=True)\n"
		"Good:  if owns_account_resources: aws.guardduty.Detector(f\"detector-{environment_suffix}\", enable=True)\n"
		"\n"
		"Not findings: files that never mention the suffix (an account-level stack), a `new`\n"
		"under if / ? : / && / || (conditional_is_deliberate), lookups (get...()), resources\n"
		"that merely configure a singleton (aws.cfg.Rule, guardduty.Filter).\n"
		"\n"
		"Tune: [rule \"account-singleton\"] severity (advisory by default), exclude,\n"
		"singleton_types, conditional_is_deliberate; what counts as the suffix is\n"
		"[rule \"missing-env-suffix\"] suffix_identifiers.\n",
	.keys = keys,
	.settings_size = sizeof(struct account_singleton_settings),
	.on_resource = rule_singleton_resource,
};
