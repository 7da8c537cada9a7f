/*
 * invalid-name
 *
 * Risk: a physical name that breaks a limit the provider documents
 * (S3 bucket names are 3-63 lowercase characters, load balancer and
 * target group names at most 32, IAM role and Lambda function names at
 * most 64) fails the deploy, after review, in the pipeline.
 *
 * Violating:  new aws.lb.TargetGroup('tg', { name: `payments-service-blue-green-tg-${environmentSuffix}` })
 *             (31 characters of fixed text: with any suffix it is over 32)
 *             new aws.s3.Bucket('b', { bucket: `MyBucket-${environmentSuffix}` })   (uppercase)
 *             new aws.sqs.Queue('q', { fifoQueue: true, name: `orders-${environmentSuffix}` })
 * Compliant:  new aws.lb.TargetGroup('tg', { name: `pay-tg-${environmentSuffix}` })
 *
 * The limits are provider facts (model/facts.h: the doc comments of the
 * pinned @pulumi/aws, plus gen/aws-facts-curated.txt). Mandatory when the
 * fixed text alone breaks a limit (the deploy fails whatever the suffix
 * is); advisory when fixed text plus typical_suffix_length characters
 * would.
 *
 * Limits: the fixed text is read from a literal, a template literal
 * (also pulumi.interpolate`...`) or a same-file const holding one; a name
 * built by concatenation or a helper is not measured. Character rules
 * other than "lowercase only" and ".fifo" are not judged.
 */
#include "rules/rules.h"
#include "model/facts.h"

#include <ctype.h>
#include <string.h>

#define RULE "invalid-name"

struct invalid_name_settings {
	size_t typical_suffix_length;	/* the other parts of a template, for the advisory */
};

/* The fixed text of a name: its length, whether it has other parts. */
struct fixed {
	size_t len;		/* characters of literal text */
	int dynamic;		/* some part is not literal */
	int upper;		/* the literal text has an uppercase letter */
	int end_known;		/* the name ends in literal text */
	int fifo;		/* ... and that ends in .fifo */
	TSNode lit;		/* the literal, for the finding */
};

static void add_text(struct fixed *fx, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		/* count characters, not UTF-8 continuation bytes */
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			fx->len++;
		if (isupper((unsigned char)s[i]))
			fx->upper = 1;
	}
}

static void add_part(void *data, enum text_part kind, const char *s, size_t len)
{
	struct fixed *fx = data;

	fx->end_known = 0;
	if (kind == TEXT_LITERAL) {
		add_text(fx, s, len);
		fx->end_known = 1;
		fx->fifo = len >= 5 && !memcmp(s + len - 5, ".fifo", 5);
	} else if (kind == TEXT_ESCAPE) {
		fx->len++;
	} else {
		fx->dynamic = 1;
	}
}

/* 1 if the name's fixed text can be measured: a literal or a template. */
static int fixed_text(struct ctx *c, TSNode value, struct fixed *fx)
{
	memset(fx, 0, sizeof(*fx));
	return value_text_parts(c, value, &fx->lit, add_part, fx);
}

static void judge(struct ctx *c, enum severity sev, const struct resource *r, const struct fact *f,
		  TSNode value)
{
	const char *type = r->type;
	struct fixed fx;
	const struct invalid_name_settings *conf = rule_settings(c, RULE_INVALID_NAME);
	size_t typical = conf->typical_suffix_length;
	const char *what = f->flags & FACT_PREFIX ? "name prefix" : "physical name";
	const char *hint = "shorten the fixed text (keep the environment suffix), or drop the name and "
			   "let Pulumi name the resource";

	if (!fixed_text(c, value, &fx))
		return;
	if ((f->flags & FACT_LOWER) && fx.upper) {
		report_node(c, RULE, sev, fx.lit, value, 0, "write the name in lowercase",
			    "%s '%s' of %s has uppercase letters in its fixed text: only lowercase is "
			    "allowed (`stackgate facts %s`), so the deploy fails", what, f->prop, type, type);
		return;
	}
	if ((f->flags & FACT_FIFO) && !(f->flags & FACT_PREFIX) && fx.end_known) {
		TSNode sw = resource_prop(r, "fifoQueue");
		int fifo;

		if (ts_node_is_null(sw))
			sw = resource_prop(r, "fifoTopic");
		sw = strip_wrappers(resolve_const(c, sw));
		fifo = node_is(sw, "true") ? 1 : ts_node_is_null(sw) || node_is(sw, "false") ? 0 : -1;
		if (fifo == 1 && !fx.fifo) {
			report_node(c, RULE, sev, fx.lit, value, 0, "end the name in .fifo",
				    "%s '%s' of %s does not end in .fifo, but the resource is FIFO: %s says "
				    "a FIFO one's name must end with the .fifo suffix, so the deploy fails",
				    what, f->prop, type, facts_source());
			return;
		}
		if (fifo == 0 && fx.fifo) {
			report_node(c, RULE, sev, fx.lit, value, 0,
				    "set fifoQueue: true (fifoTopic for a topic), or drop .fifo from the name",
				    "%s '%s' of %s ends in .fifo, but the resource is not FIFO: only a FIFO "
				    "one's name may (a '.' is not allowed otherwise; %s), so the deploy fails",
				    what, f->prop, type, facts_source());
			return;
		}
	}
	if (!f->max)
		return;
	if (fx.len > f->max) {
		report_node(c, RULE, sev, fx.lit, value, 0, hint,
			    "%s '%s' of %s is %zu characters of fixed text%s: at most %u are allowed "
			    "(`stackgate facts %s`), so the deploy fails", what, f->prop, type, fx.len,
			    fx.dynamic ? " before its other parts" : "", f->max, type);
	} else if (!fx.dynamic && f->min && fx.len < f->min) {
		report_node(c, RULE, sev, fx.lit, value, 0, "lengthen the name",
			    "%s '%s' of %s is %zu characters: at least %u are required (`stackgate facts "
			    "%s`), so the deploy fails", what, f->prop, type, fx.len, f->min, type);
	} else if (fx.dynamic && fx.len + typical > f->max) {
		report_node(c, RULE, sev > SEV_ADVISORY ? SEV_ADVISORY : sev, fx.lit, value, 0, hint,
			    "%s '%s' of %s is %zu characters of fixed text: with a suffix of %zu "
			    "characters it passes the limit of %u (`stackgate facts %s`) and the deploy "
			    "fails (advisory: the other parts' length is not known here)", what, f->prop,
			    type, fx.len, typical, f->max, type);
	}
}

static void rule_invalid_name_resource(struct ctx *c, const struct resource *r)
{
	enum severity sev = c->sev[RULE_INVALID_NAME];
	const struct fact *f;
	size_t nr, i;

	if (ts_node_is_null(r->props) || !resource_is_named(c, r->type))
		return;
	f = facts_of(r->type, &nr);
	for (i = 0; i < nr; i++) {
		TSNode value;

		if (!(f[i].flags & FACT_NAME) || !(f[i].max || (f[i].flags & (FACT_LOWER | FACT_FIFO))))
			continue;
		value = resource_prop(r, f[i].prop);
		if (!ts_node_is_null(value))
			judge(c, sev, r, &f[i], value);
	}
}

static const struct key_def keys[] = {
	RULE_KEY(invalid_name_settings, K_SIZE, typical_suffix_length),
	{ NULL, K_LIST },
};

const struct rule_def rule_invalid_name = {
	.id = RULE,
	.summary = "a physical name breaks a limit the provider documents (the deploy fails)",
	.explain =
		"Catches: a physical name (or name prefix) of a resource whose fixed text breaks a\n"
		"limit the provider documents: longer than its maximum (S3 bucket 63, load balancer\n"
		"and target group 32, IAM role and Lambda function 64, ...), shorter than its minimum\n"
		"(a literal only), uppercase where only lowercase is allowed (S3 buckets), or a FIFO\n"
		"queue or topic whose name does not end in .fifo (or a standard one's that does).\n"
		"The limits are the provider facts (`stackgate facts TYPE` lists them and where each\n"
		"came from: the doc comments of the pinned @pulumi/aws, or gen/aws-facts-curated.txt).\n"
		"\n"
		"Why: the deploy fails, after review, in the pipeline.\n"
		"\n"
		"Bad:   new aws.lb.TargetGroup('tg', { name: 'payments-service-blue-green-target' })\n"
		"       bucket: `MyCompany-Logs-${environmentSuffix}`\n"
		"Good:  new aws.lb.TargetGroup('tg', { name: `pay-tg-${environmentSuffix}` })\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   bucket=f\"MyCompany-Logs-{environment_suffix}\"\n"
		"Good:  bucket=f\"mycompany-logs-{environment_suffix}\"\n"
		"\n"
		"Mandatory when the fixed text alone breaks the limit; advisory when the fixed text\n"
		"plus typical_suffix_length characters (the other parts of a template) would.\n"
		"Not judged: names built by concatenation or helpers; character rules other than\n"
		"lowercase and .fifo.\n"
		"\n"
		"Tune: [rule \"invalid-name\"] severity, exclude, typical_suffix_length.\n",
	.keys = keys,
	.settings_size = sizeof(struct invalid_name_settings),
	.on_resource = rule_invalid_name_resource,
};
