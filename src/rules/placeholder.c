/*
 * placeholder-value
 *
 * Risk: values that look finished but are placeholders: an e-mail
 * address written into an SNS subscription (every environment mails the
 * same inbox, often someone's personal one or admin@example.com, and the
 * subscription waits for a confirmation nobody clicks), and a container
 * image tagged ':latest' or not tagged at all (each deploy may run a
 * different image, and nothing redeploys when it changes).
 *
 * Violating:  new aws.sns.TopicSubscription(`alerts-${environmentSuffix}`, {
 *                 topic: t.arn, protocol: 'email', endpoint: 'ops@example.com' })
 *             containerDefinitions: JSON.stringify([{ name: 'web', image: 'nginx:latest' }])
 * Compliant:  endpoint: config.require('alertEmail')
 *             image: 'nginx:1.25.3', image: 'nginx@sha256:...', image: repo.repositoryUrl
 *
 * Limits: the endpoint and image are judged when they are literals (or
 * templates of literals and the suffix), through same-file consts. A
 * template whose literal tail ends the reference (`${repo.url}:latest`,
 * `${registry}/nginx`) is judged on that tail; `${url}` alone is unknown.
 * Container images are found under container keys (containerDefinitions,
 * container, containers) of the listed types, inside JSON.stringify,
 * pulumi.jsonStringify and .apply() callbacks alike.
 */
#include "rules.h"

#include <string.h>
#include <strings.h>

#define RULE "placeholder-value"

static const char hint_image[] =
	"pin a version tag (nginx:1.25.3) or a digest (image@sha256:...); for images this stack "
	"builds, tag them with the commit or build id";

static enum severity sev(struct ctx *c)
{
	return config_severity(c->cfg, RULE_PLACEHOLDER_VALUE, c->change->path);
}

static const struct strlist *list(struct ctx *c, const char *key)
{
	return rule_list(c->cfg, RULE_PLACEHOLDER_VALUE, key);
}

static int glob_listed(struct ctx *c, const char *key, const char *type)
{
	const struct strlist *l = list(c, key);
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (glob_match(l->items[i], type))
			return 1;
	return 0;
}

/* ---- e-mail endpoints of SNS subscriptions ---- */

static void check_subscription(struct ctx *c, const char *type, TSNode obj)
{
	TSNode protocol = object_get(c, obj, "protocol"), endpoint = object_get(c, obj, "endpoint"), lit;
	struct value v;
	const char *s;
	size_t len;

	if (ts_node_is_null(endpoint) || !value_static_text(c, protocol, &s, &len, &lit) ||
	    !list_has_ci(list(c, "email_protocols"), s, len))
		return;
	value_classify(c, endpoint, &v);
	/* a literal, or a template of literal text and the suffix: still fixed */
	if (!v.hard || !v.has_lit || (v.any & ~(V_STATIC | V_SUFFIX | V_STACK | V_COMPNAME)))
		return;
	s = node_text(c, v.lit, &len);
	report_node(c, RULE, sev(c), v.lit, endpoint, 0,
		    "read the address from stack config (endpoint: config.require('alertEmail')) so that "
		    "each environment names its own, confirmed inbox",
		    "hardcoded e-mail endpoint %.*s in %s: every environment mails the same inbox, and the "
		    "subscription stays pending until someone confirms it",
		    (int)(len > 80 ? 80 : len), s, type);
}

/* ---- container images ---- */

enum image_problem { IMAGE_OK, IMAGE_UNTAGGED, IMAGE_MOVING };

/* Judge a complete image reference [registry/]path[:tag][@digest]. */
static enum image_problem judge_reference(struct ctx *c, const char *s, size_t len)
{
	const char *last = s, *p, *colon = NULL;

	if (!len || memchr(s, '@', len))
		return IMAGE_OK;	/* empty, or pinned by digest */
	for (p = s; p < s + len; p++)
		if (*p == '/')
			last = p + 1;
	colon = memchr(last, ':', (size_t)(s + len - last));
	if (!colon)
		return last < s + len ? IMAGE_UNTAGGED : IMAGE_OK;	/* "registry/": not a reference */
	return list_has_ci(list(c, "moving_tags"), colon + 1, (size_t)(s + len - colon - 1)) ?
	       IMAGE_MOVING : IMAGE_OK;
}

/*
 * The literal tail of a template whose last part is text, when it ends
 * the reference on its own: `${repo.url}:latest` (a tag), or
 * `${registry}/nginx` (a whole last path segment). 0 if unknown.
 */
static int template_tail(struct ctx *c, TSNode n, const char **s, size_t *len, TSNode *at)
{
	uint32_t cnt;
	TSNode last;
	struct buf name = BUF_INIT;
	int is_interpolate;

	n = value_unwrap(c, n);
	if (node_is(n, "call_expression")) {
		/* pulumi.interpolate`...` */
		is_interpolate = canon_name(c, ts_node_child_by_field_name(n, "function", 8), &name) &&
				 !strcmp(name.ptr, "pulumi.interpolate");
		buf_release(&name);
		if (!is_interpolate)
			return 0;
		n = ts_node_child_by_field_name(n, "arguments", 9);
	}
	if (!node_is(n, "template_string") || !(cnt = ts_node_named_child_count(n)))
		return 0;
	last = ts_node_named_child(n, cnt - 1);
	if (!node_is(last, "string_fragment"))
		return 0;
	*s = node_text(c, last, len);
	*at = n;
	/* a tail without '/' or ':' only continues the substitution's text */
	return memchr(*s, '/', *len) || memchr(*s, ':', *len);
}

static void check_image(struct ctx *c, const char *type, const char *key, TSNode value, TSNode use)
{
	const char *s, *ref;
	size_t len, rlen;
	TSNode lit;
	enum image_problem p;

	if (value_static_text(c, value, &s, &len, &lit)) {
		p = judge_reference(c, s, len);
	} else if (template_tail(c, value, &s, &len, &lit)) {
		const char *slash = NULL, *q;

		/* judge what the tail says about the last path segment */
		for (q = s; q < s + len; q++)
			if (*q == '/')
				slash = q;
		if (memchr(s, '@', len))
			return;
		if (slash)
			p = judge_reference(c, slash + 1, (size_t)(s + len - slash - 1));
		else
			p = judge_reference(c, s, len) == IMAGE_MOVING ? IMAGE_MOVING : IMAGE_OK;
	} else {
		return;
	}
	if (p == IMAGE_OK)
		return;
	ref = node_text(c, lit, &rlen);
	report_node(c, RULE, sev(c), lit, use, 0, hint_image,
		    p == IMAGE_UNTAGGED ?
		    "container image %.*s in '%s' of %s has no tag, which means ':latest': each deploy may "
		    "run a different image" :
		    "container image %.*s in '%s' of %s uses a moving tag: each deploy may run a different "
		    "image, and nothing redeploys when it changes",
		    (int)(rlen > 80 ? 80 : rlen), ref, key, type);
}

/*
 * Walk a resource's arguments for `image` keys under a container key,
 * through objects, arrays, calls (JSON.stringify, .apply callbacks) and
 * same-file consts. *budget bounds the nodes visited: a const used many
 * times is walked each time.
 */
static void walk_images(struct ctx *c, const char *type, TSNode n, int in_container, int depth,
			unsigned *budget)
{
	uint32_t i, cnt;
	const char *t;

	if (ts_node_is_null(n) || depth > 24 || !*budget)
		return;
	(*budget)--;
	t = ts_node_type(n);
	if (!strcmp(t, "identifier")) {
		TSNode v = resolve_const(c, n);

		if (!ts_node_eq(v, n))
			walk_images(c, type, v, in_container, depth + 1, budget);
		return;
	}
	if (!strcmp(t, "pair")) {
		const char *k;
		size_t kl;
		TSNode value = ts_node_child_by_field_name(n, "value", 5);

		if (!pair_key(c, n, &k, &kl))
			return;
		if (in_container && kl == 5 && !memcmp(k, "image", 5)) {
			check_image(c, type, "image", value, value);
			return;
		}
		walk_images(c, type, value, in_container || list_has_ci(list(c, "container_keys"), k, kl),
			    depth + 1, budget);
		return;
	}
	if (!strcmp(t, "shorthand_property_identifier")) {
		/* { image }: the binding of the same name */
		if (in_container && node_text_eq(c, n, "image"))
			check_image(c, type, "image", n, n);
		return;
	}
	if (!strcmp(t, "string") || !strcmp(t, "template_string") || !strcmp(t, "number") ||
	    !strcmp(t, "member_expression") || !strcmp(t, "comment"))
		return;
	cnt = ts_node_named_child_count(n);
	for (i = 0; i < cnt; i++)
		walk_images(c, type, ts_node_named_child(n, i), in_container, depth + 1, budget);
}

static void rule_placeholder_resource(struct ctx *c, TSNode new_expr, const char *type, TSNode args)
{
	const struct strlist *props = list(c, "image_properties");
	size_t tl = strlen(type), i;
	TSNode obj;

	if (sev(c) == SEV_DISABLED || call_argc(args) < 2)
		return;
	obj = value_unwrap(c, call_arg(args, 1));
	if (!node_is(obj, "object"))
		return;
	if (strlist_has(list(c, "subscription_types"), type))
		check_subscription(c, type, obj);
	for (i = 0; i < props->nr; i++) {
		const char *entry = props->items[i], *dot = strrchr(entry, '.');
		TSNode value;

		if (!dot || (size_t)(dot - entry) != tl || strncmp(entry, type, tl))
			continue;
		value = object_get(c, obj, dot + 1);
		if (!ts_node_is_null(value))
			check_image(c, type, dot + 1, value, value);
	}
	if (glob_listed(c, "container_types", type)) {
		unsigned budget = 50000;

		walk_images(c, type, obj, 0, 0, &budget);
	}
}

static const struct key_def keys[] = {
	{ "subscription_types", K_LIST },
	{ "email_protocols", K_LIST },
	{ "container_types", K_LIST },
	{ "container_keys", K_LIST },
	{ "image_properties", K_LIST },
	{ "moving_tags", K_LIST },
	{ NULL, K_LIST },
};

const struct rule_def rule_placeholder_value = {
	.id = RULE,
	.summary = "a hardcoded e-mail endpoint or an untagged / ':latest' container image",
	.explain =
		"Catches:\n"
		"  - a literal e-mail `endpoint` of aws.sns.TopicSubscription (subscription_types) whose\n"
		"    protocol is 'email' or 'email-json' (email_protocols), directly or through a const;\n"
		"  - a container image that is untagged ('nginx', which means :latest) or has a moving\n"
		"    tag (moving_tags: latest): `image` under containerDefinitions / container /\n"
		"    containers (container_keys) of aws.ecs.TaskDefinition, awsx.ecs.* and kubernetes.*\n"
		"    (container_types), inside JSON.stringify, pulumi.jsonStringify or .apply()\n"
		"    callbacks, and aws.lambda.Function `imageUri` (image_properties). A template whose\n"
		"    literal tail ends the reference counts: `${repo.repositoryUrl}:latest`.\n"
		"\n"
		"Why: a literal address sends every environment's alarms to one inbox (often a\n"
		"placeholder nobody reads, and the subscription waits for a confirmation); a moving\n"
		"image tag makes deploys unrepeatable: each task start may pull a different image,\n"
		"rollbacks do not roll back, and Pulumi sees no change when the image does.\n"
		"\n"
		"Bad:   protocol: 'email', endpoint: 'admin@example.com'\n"
		"       containerDefinitions: JSON.stringify([{ name: 'web', image: 'nginx' }])\n"
		"       imageUri: pulumi.interpolate`${repo.repositoryUrl}:latest`\n"
		"Good:  endpoint: config.require('alertEmail')\n"
		"       image: 'nginx:1.25.3', image: 'nginx@sha256:0d17...', image: repo.repositoryUrl\n"
		"\n"
		"Not findings: protocols other than e-mail (sqs, lambda, https), endpoints and images\n"
		"this file cannot see, pinned tags and digests, `image` keys outside container\n"
		"definitions.\n"
		"\n"
		"Tune: [rule \"placeholder-value\"] severity (advisory by default), exclude,\n"
		"subscription_types, email_protocols, container_types, container_keys,\n"
		"image_properties, moving_tags (add 'stable', 'main', 'dev' to be stricter).\n",
	.keys = keys,
	.on_new = rule_placeholder_resource,
};
