/*
 * static-bucket-name
 *
 * Risk: S3 bucket names are global across every AWS account; a fixed
 * name makes the second stack (or the second environment) fail to deploy
 * and invites bucket squatting.
 *
 * Violating:  new aws.s3.Bucket(`data-${environmentSuffix}`, { bucket: 'my-app-data-bucket' })
 * Compliant:  new aws.s3.Bucket(`data-${environmentSuffix}`, { bucket: `my-app-data-${environmentSuffix}` })
 *             or no `bucket` at all (Pulumi adds a random suffix).
 *
 * Limits: only literals and substitution-free templates, directly or
 * through a same-file const; `bucket` on companion resources
 * (BucketPolicy, BucketVersioningV2, ...) is a reference and not judged.
 */
#include "rules/rules.h"

#include <string.h>

#define RULE "static-bucket-name"

struct static_bucket_name_settings {
	struct strlist bucket_types;
	struct strlist bucket_properties;
};

/* bucketPrefix: the provider appends a unique random suffix to it. */
static int is_prefix(const char *prop, size_t plen)
{
	return plen >= 6 && !memcmp(prop + plen - 6, "Prefix", 6);
}

int bucket_rule_covers(const struct ctx *c, const char *type, const char *prop, size_t plen)
{
	const struct static_bucket_name_settings *conf = rule_settings(c, RULE_STATIC_BUCKET_NAME);

	return c->sev[RULE_STATIC_BUCKET_NAME] != SEV_DISABLED &&
	       strlist_has(&conf->bucket_types, type) &&
	       strlist_has_n(&conf->bucket_properties, prop, plen);
}

static void rule_bucket_resource(struct ctx *c, const struct resource *r)
{
	const char *type = r->type;
	const struct static_bucket_name_settings *conf = rule_settings(c, RULE_STATIC_BUCKET_NAME);
	enum severity sev = c->sev[RULE_STATIC_BUCKET_NAME];
	const struct strlist *props = &conf->bucket_properties;
	size_t i;

	if (!resource_is_named(c, type) ||
	    !strlist_has(&conf->bucket_types, type))
		return;
	for (i = 0; i < props->nr; i++) {
		const char *prop = props->items[i];
		TSNode value = resource_prop(r, prop);
		struct value v;
		size_t len;
		const char *text;
		char hint[256], where[64] = "";
		enum severity psev = sev;
		const char *note = "bucket names are global, so every other stack and environment collides with it";

		if (ts_node_is_null(value))
			continue;
		if (is_prefix(prop, strlen(prop))) {
			if (psev > SEV_ADVISORY)
				psev = SEV_ADVISORY;
			note = "advisory: the provider appends a unique random suffix to a prefix, so it never "
			       "collides, but every environment's buckets look alike";
		}
		value_classify(c, value, &v);
		if (!value_is_static(&v))
			continue;
		text = node_text(c, v.lit, &len);
		if (ts_node_start_point(v.lit).row != ts_node_start_point(value).row)
			snprintf(where, sizeof(where), " on line %u", ts_node_start_point(value).row + 1);
		{
			const struct lang_words *w = c->lang->words;
			struct buf h = BUF_INIT;
			const char *s;
			size_t sl;

			if (string_content(c, v.lit, &s, &sl)) {
				buf_puts(&h, "add the suffix (");
				buf_printf(&h, w->suffixed, (int)(sl > 60 ? 60 : sl), s, w->suffix_name);
				buf_printf(&h, ") or drop '%s' and let Pulumi name the bucket", prop);
			} else {
				buf_puts(&h, "add ");
				buf_printf(&h, w->suffix_ref, w->suffix_name);
				buf_printf(&h, " to it, or drop '%s' and let Pulumi name the bucket", prop);
			}
			snprintf(hint, sizeof(hint), "%s", h.ptr);
			buf_release(&h);
		}
		report_node(c, RULE, psev, v.lit, value, 0, hint, "static S3 bucket name %.*s in '%s' of %s%s: %s",
			    (int)(len > 80 ? 80 : len), text, prop, type, where, note);
	}
}

static const struct key_def keys[] = {
	RULE_KEY(static_bucket_name_settings, K_LIST, bucket_types),
	RULE_KEY(static_bucket_name_settings, K_LIST, bucket_properties),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_static_bucket_name = {
	.id = RULE,
	.summary = "an S3 bucket's bucket/bucketPrefix is a fixed string: one global name for every stack",
	.explain =
		"Catches: `bucket` or `bucketPrefix` of aws.s3.Bucket / aws.s3.BucketV2 that is a\n"
		"literal or a template without substitutions, directly or through a const of the file\n"
		"or one another file of the project exports (`import { bucketName } from './config'`)\n"
		"(also a template whose suffix is bound to a same-file literal). A `bucketPrefix` (any\n"
		"*Prefix) is advisory only: the provider appends a unique random suffix to it.\n"
		"\n"
		"Why: bucket names are global across all AWS accounts; the second environment (or\n"
		"anyone else) already owns the name, and `pulumi up` fails.\n"
		"\n"
		"Bad:   new aws.s3.Bucket(`data-${environmentSuffix}`, { bucket: 'my-app-data-bucket' })\n"
		"Good:  new aws.s3.Bucket(`data-${environmentSuffix}`, { bucket: `my-app-data-${environmentSuffix}` })\n"
		"       new aws.s3.Bucket(`data-${environmentSuffix}`)   (Pulumi adds a random suffix)\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   aws.s3.BucketV2(f\"data-{environment_suffix}\", bucket=\"acme-data\")\n"
		"Good:  aws.s3.BucketV2(f\"data-{environment_suffix}\", bucket=f\"acme-data-{environment_suffix}\")\n"
		"\n"
		"Not findings: `bucket` on BucketPolicy, BucketVersioningV2, BucketPublicAccessBlock,\n"
		"BucketObject and other companions: there it names an existing bucket.\n"
		"\n"
		"Tune: [rule \"static-bucket-name\"] severity, exclude, bucket_types, bucket_properties.\n",
	.keys = keys,
	.settings_size = sizeof(struct static_bucket_name_settings),
	.on_resource = rule_bucket_resource,
};
