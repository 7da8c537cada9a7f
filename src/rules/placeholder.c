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
 * And values that break a deploy (blocking: AWS refuses them) or point
 * nowhere (advisory): names under the RFC 2606 reserved domains
 * (example.com, *.test, ...) where a certificate must validate, a zone be
 * delegated, an identity verify or an endpoint connect; AWS's
 * documentation account 123456789012; ARNs that are malformed
 * (ACCOUNT_ID, REGION) or hold a placeholder (your-, xxxx, REPLACE);
 * resource ids that cannot be AWS ids (vpc-default, subnet-1, sg-12345)
 * or are AWS's documentation examples (vpc-12345678).
 *
 * Violating:  new aws.acm.Certificate(`cert-${environmentSuffix}`, { domainName: 'app.example.com' })
 *             vpcId: 'vpc-default', roleArn: 'arn:aws:iam::123456789012:role/deploy'
 * Compliant:  domainName: config.require('domain'), vpcId: vpc.id,
 *             roleArn: pulumi.interpolate`arn:aws:iam::${caller.accountId}:role/deploy`
 *
 * Which shapes block is data (refused_keys, reserved_name_properties,
 * aws_reserved_zones); each message says what AWS does with the value.
 *
 * Limits: the endpoint and image are judged when they are literals (or
 * templates of literals and the suffix), through same-file consts. A
 * template whose literal tail ends the reference (`${repo.url}:latest`,
 * `${registry}/nginx`) is judged on that tail; `${url}` alone is unknown.
 * Container images are found under container keys (containerDefinitions,
 * container, containers) of the listed types, inside JSON.stringify,
 * pulumi.jsonStringify and .apply() callbacks alike. Ids, ARNs and
 * account ids are read from every string of a resource's arguments that
 * folds to text in this file (templates keep their literal parts; an
 * unknown substitution is never a finding), under the key they stand at;
 * descriptions and tags are not judged.
 */
#include "rules/rules.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define RULE "placeholder-value"

struct placeholder_value_settings {
	struct strlist subscription_types;
	struct strlist email_protocols;
	struct strlist container_types;
	struct strlist container_keys;
	struct strlist image_properties;
	struct strlist moving_tags;
	struct strlist reserved_domains;
	struct strlist reserved_name_properties;
	struct strlist aws_reserved_zones;
	struct strlist example_accounts;
	struct strlist placeholder_marks;
	struct strlist id_prefixes;
	struct strlist example_ids;
	struct strlist id_keys;
	struct strlist refused_keys;
	struct strlist statement_keys;
	struct strlist principal_keys;
	struct strlist skip_keys;
	struct strlist free_account_services;
	struct strlist reserved_name_lookups;
};

static const char hint_image[] =
	"pin a version tag (nginx:1.25.3) or a digest (image@sha256:...); for images this stack "
	"builds, tag them with the commit or build id";

/* Shapes that only point nowhere warn, whatever the rule's severity. */
static enum severity soft(struct ctx *c)
{
	enum severity s = c->sev[RULE_PLACEHOLDER_VALUE];

	return s > SEV_ADVISORY ? SEV_ADVISORY : s;
}

static int glob_listed(const struct strlist *l, const char *type)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (glob_match(l->items[i], type))
			return 1;
	return 0;
}

static TSNode prop_or_null(struct ctx *c, TSNode obj, const char *key)
{
	return object_literal(c, obj) ? object_get(c, obj, key) : (TSNode){ 0 };
}

/* ---- e-mail endpoints of SNS subscriptions ---- */

static void check_subscription(struct ctx *c, const char *type, TSNode obj)
{
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);
	TSNode protocol = object_get(c, obj, "protocol"), endpoint = object_get(c, obj, "endpoint"), lit;
	struct value v;
	const char *s;
	size_t len;

	if (ts_node_is_null(endpoint) || !value_static_text(c, protocol, &s, &len, &lit) ||
	    !list_has_ci(&conf->email_protocols, s, len))
		return;
	value_classify(c, endpoint, &v);
	/* a literal, or a template of literal text and the suffix: still fixed */
	if (!v.hard || !v.has_lit || (v.any & ~(V_STATIC | V_SUFFIX | V_STACK | V_COMPNAME)))
		return;
	s = node_text(c, v.lit, &len);
	report_node(c, RULE, soft(c), v.lit, endpoint, 0,
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
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);
	const char *last = s, *p, *colon = NULL;

	if (!len || memchr(s, '@', len))
		return IMAGE_OK;	/* empty, or pinned by digest */
	for (p = s; p < s + len; p++)
		if (*p == '/')
			last = p + 1;
	colon = memchr(last, ':', (size_t)(s + len - last));
	if (!colon)
		return last < s + len ? IMAGE_UNTAGGED : IMAGE_OK;	/* "registry/": not a reference */
	return list_has_ci(&conf->moving_tags, colon + 1, (size_t)(s + len - colon - 1)) ?
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
	report_node(c, RULE, soft(c), lit, use, 0, hint_image,
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
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);
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
		walk_images(c, type, value, in_container || list_has_ci(&conf->container_keys, k, kl),
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

/* ---- values that break a deploy or point nowhere ---- */

/* A substitution the file cannot decide, inside folded text. */
#define UNKNOWN_PART '\001'

/*
 * Fold a value to its text: literals, templates, `+`, same-file consts.
 * Parts this file cannot decide become UNKNOWN_PART. *lit is the literal
 * (or template) the text came from, for the report. 0 if no literal text.
 */
static int fold_text(struct ctx *c, TSNode n, struct buf *out, TSNode *lit, int depth)
{
	const char *t, *s;
	size_t len;

	if (ts_node_is_null(n) || depth > 16 || out->len > 4096)
		return 0;
	t = ts_node_type(n);
	if (!strcmp(t, "string") && node_is(ts_node_named_child(n, 0), "string_start") &&
	    !string_content(c, n, &s, &len)) {
		/* a Python f-string: its text, each {...} folded or unknown */
		struct child_iter it;
		TSNode k;
		int text = 0;

		for (child_iter_init(&it, n); child_iter_next(&it, &k);) {
			if (node_is(k, "interpolation")) {
				TSNode none = { 0 };

				if (!fold_text(c, ts_node_named_child(k, 0), out, &none, depth + 1))
					buf_putc(out, UNKNOWN_PART);
				continue;
			}
			if (node_is(k, "string_start") || node_is(k, "string_end"))
				continue;
			s = node_text(c, k, &len);
			buf_add(out, s, len);
			text = 1;
		}
		child_iter_end(&it);
		if (text && ts_node_is_null(*lit))
			*lit = n;
		return text;
	}
	if (!strcmp(t, "string")) {
		if (!string_content(c, n, &s, &len))
			return 0;
		buf_add(out, s, len);
		if (ts_node_is_null(*lit))
			*lit = n;
		return 1;
	}
	if (!strcmp(t, "template_string")) {
		struct child_iter it;
		TSNode k;
		int text = 0;

		for (child_iter_init(&it, n); child_iter_next(&it, &k);) {
			if (node_is(k, "template_substitution")) {
				TSNode none = { 0 };

				if (!fold_text(c, call_arg(k, 0), out, &none, depth + 1))
					buf_putc(out, UNKNOWN_PART);
				continue;
			}
			s = node_text(c, k, &len);
			buf_add(out, s, len);
			text = 1;
		}
		child_iter_end(&it);
		if (text && ts_node_is_null(*lit))
			*lit = n;
		return text;
	}
	if (number_literal(n)) {
		s = node_text(c, n, &len);
		buf_add(out, s, len);
		if (ts_node_is_null(*lit))
			*lit = n;
		return 1;
	}
	if ((!strcmp(t, "binary_expression") || !strcmp(t, "binary_operator")) &&
	    node_is(node_field(n, "operator"), "+")) {
		int l = fold_text(c, node_field(n, "left"), out, lit, depth + 1);

		if (!l)
			buf_putc(out, UNKNOWN_PART);
		if (fold_text(c, node_field(n, "right"), out, lit, depth + 1))
			return 1;
		buf_putc(out, UNKNOWN_PART);
		return l;
	}
	if (!strcmp(t, "parenthesized_expression") || !strcmp(t, "as_expression") ||
	    !strcmp(t, "non_null_expression") || !strcmp(t, "satisfies_expression"))
		return fold_text(c, call_arg(n, 0), out, lit, depth + 1);
	if (!strcmp(t, "identifier")) {
		TSNode v = resolve_const(c, n);

		return !ts_node_eq(v, n) && fold_text(c, v, out, lit, depth + 1);
	}
	return 0;
}

static int is_hex(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return 0;
	return 1;
}

/* The placeholder mark in s, or NULL: upper-case marks match exactly,
 * others without case. */
static const char *placeholder_mark(struct ctx *c, const char *s, size_t len)
{
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);
	const struct strlist *marks = &conf->placeholder_marks;
	size_t i, j, ml;
	int upper;

	for (i = 0; i < marks->nr; i++) {
		const char *m = marks->items[i];

		ml = strlen(m);
		upper = 1;
		for (j = 0; j < ml; j++)
			if (islower((unsigned char)m[j]))
				upper = 0;
		for (j = 0; j + ml <= len; j++)
			if (upper ? !memcmp(s + j, m, ml) : !strncasecmp(s + j, m, ml))
				return m;
	}
	return NULL;
}

/* Where a value stands: its key, and whether it is a policy's principal. */
struct spot {
	const char *type;
	const char *key;
	size_t klen;
	int in_policy;		/* under Statement / statements */
	int in_principal;	/* under Principal / principals */
};

static int key_listed(const struct strlist *l, const char *k, size_t kl)
{
	return k && list_has_ci(l, k, kl);
}

static int key_ends(const char *k, size_t kl, const char *end)
{
	size_t el = strlen(end);

	return k && kl > el && !memcmp(k + kl - el, end, el);
}

/* A key whose value is an AWS id or ARN: vpcId, subnetIds, roleArn, subnets. */
static int id_key(struct ctx *c, const struct spot *w)
{
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);

	return key_ends(w->key, w->klen, "Id") || key_ends(w->key, w->klen, "Ids") ||
	       key_ends(w->key, w->klen, "ID") || key_ends(w->key, w->klen, "Arn") ||
	       key_ends(w->key, w->klen, "Arns") || key_ends(w->key, w->klen, "ARN") ||
	       key_listed(&conf->id_keys, w->key, w->klen);
}

/* AWS refuses what stands here: a principal, or a key listed as refused. */
static int refused_spot(struct ctx *c, const struct spot *w)
{
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);

	return w->in_principal || (!w->in_policy && key_listed(&conf->refused_keys, w->key, w->klen));
}

static void report_value(struct ctx *c, const struct spot *w, int refused, TSNode lit,
			 const char *text, size_t len, const char *hint, const char *what, const char *why)
{
	struct buf shown = BUF_INIT;
	size_t i;

	for (i = 0; i < len && i < 100; i++) {
		if (text[i] == UNKNOWN_PART)
			buf_puts(&shown, "${...}");
		else
			buf_putc(&shown, text[i]);
	}
	report_node(c, RULE, refused ? c->sev[RULE_PLACEHOLDER_VALUE] : soft(c), lit, lit, 0, hint, "'%s' in '%.*s' of %s %s: %s",
		    shown.ptr ? shown.ptr : "", (int)w->klen, w->key ? w->key : "", w->type, what, why);
	buf_release(&shown);
}

static const char hint_account[] =
	"use the stack's own account (aws.getCallerIdentityOutput().accountId) or read the id from "
	"stack config";
static const char hint_id[] =
	"take the id from the resource that owns it (vpc.id), a lookup (aws.ec2.getVpcOutput({ default: "
	"true }).id) or stack config";

/* 1 if [s, s+len) is a region-shaped ARN field (us-east-1), empty or unknown. */
static int region_ok(const char *s, size_t len)
{
	size_t i;
	int dash = 0;

	/* wildcards are for policies, which match with them: us-*, * */
	if (!len || memchr(s, UNKNOWN_PART, len) || memchr(s, '*', len))
		return 1;
	for (i = 0; i < len; i++) {
		if (s[i] == '-')
			dash++;
		else if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]))
			return 0;
	}
	return dash >= 2 && isdigit((unsigned char)s[len - 1]);
}

/* 1 if the ARN account field is fine: empty, 12 digits, 'aws', '*', unknown. */
static int account_ok(const char *s, size_t len)
{
	size_t i;

	if (!len || memchr(s, UNKNOWN_PART, len) || (len == 3 && !memcmp(s, "aws", 3)) ||
	    memchr(s, '*', len))
		return 1;
	if (len != 12)
		return 0;
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* 1 if the documentation account stands in s as a whole number. */
static int has_doc_account(struct ctx *c, const char *s, size_t len)
{
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);
	const struct strlist *ids = &conf->example_accounts;
	size_t i, j, il;

	for (i = 0; i < ids->nr; i++) {
		il = strlen(ids->items[i]);
		for (j = 0; j + il <= len; j++)
			if (!memcmp(s + j, ids->items[i], il) && (!j || !isdigit((unsigned char)s[j - 1])) &&
			    (j + il == len || !isdigit((unsigned char)s[j + il])))
				return 1;
	}
	return 0;
}

/* arn:partition:service:region:account:resource */
static int judge_arn(struct ctx *c, const struct spot *w, TSNode lit, const char *s, size_t len)
{
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);
	const char *f[6], *p = s, *end = s + len, *mark;
	size_t fl[6];
	int n = 0;
	char why[200];

	while (n < 5) {
		const char *colon = memchr(p, ':', (size_t)(end - p));

		if (!colon)
			break;
		f[n] = p;
		fl[n++] = (size_t)(colon - p);
		p = colon + 1;
	}
	f[n] = p;
	fl[n++] = (size_t)(end - p);
	if (n < 6) {
		/* an ARN cut short by an unknown part is not judged */
		if (memchr(s, UNKNOWN_PART, len))
			return 0;
		report_value(c, w, !w->in_policy, lit, s, len, "write the whole ARN, or take it from the resource "
			     "(topic.arn) or stack config", "is not an ARN",
			     !w->in_policy ? "an ARN has six parts (arn:partition:service:region:account:resource), "
			     "and AWS refuses a malformed one, so the deploy fails" :
			     "an ARN has six parts (arn:partition:service:region:account:resource): the statement "
			     "matches nothing");
		return 1;
	}
	/* API Gateway integration URIs name a service where the account goes */
	if (!region_ok(f[3], fl[3]) ||
	    (!account_ok(f[4], fl[4]) && !list_has_ci(&conf->free_account_services, f[2], fl[2]))) {
		int bad_region = !region_ok(f[3], fl[3]), refused = !w->in_policy || w->in_principal;

		snprintf(why, sizeof(why), "its %s '%.*s' is not %s%s", bad_region ? "region" : "account",
			 (int)(bad_region ? fl[3] : fl[4]), bad_region ? f[3] : f[4],
			 bad_region ? "a region such as us-east-1" : "a 12-digit account id",
			 refused ? ", and AWS refuses a malformed ARN: the deploy fails" :
			 ": the statement matches nothing");
		report_value(c, w, refused, lit, s, len, hint_account, "is a placeholder ARN", why);
		return 1;
	}
	if (has_doc_account(c, f[4], fl[4])) {
		report_value(c, w, refused_spot(c, w), lit, s, len, hint_account,
			     "names AWS's documentation account", w->in_principal ?
			     "that account is not yours, so AWS refuses the policy ('Invalid principal in policy') "
			     "and the deploy fails" : refused_spot(c, w) ?
			     "that account is not yours: the service cannot use or pass it, so the deploy fails" :
			     "that account is not yours: the value points at nothing of yours");
		return 1;
	}
	mark = placeholder_mark(c, f[5], fl[5]);
	if (mark) {
		snprintf(why, sizeof(why), "'%s' is placeholder text: %s", mark, refused_spot(c, w) ?
			 "AWS finds nothing by that name and the deploy fails" :
			 "the value points at nothing");
		report_value(c, w, refused_spot(c, w), lit, s, len,
			     "take the ARN from the resource that owns it (topic.arn), a lookup, or stack config",
			     "is a placeholder ARN", why);
		return 1;
	}
	return 0;
}

/* vpc-default, subnet-1, sg-12345; vpc-12345678 (documentation). */
static void judge_id(struct ctx *c, const struct spot *w, TSNode lit, const char *s, size_t len)
{
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);
	const struct strlist *prefixes = &conf->id_prefixes;
	const char *dash = memchr(s, '-', len), *rest, *mark;
	size_t i, pl, rl;
	char why[240];

	if (memchr(s, UNKNOWN_PART, len))
		return;
	mark = placeholder_mark(c, s, len);
	if (mark) {
		snprintf(why, sizeof(why), "'%s' is placeholder text, and AWS refuses a value that is no id: the "
			 "deploy fails", mark);
		report_value(c, w, 1, lit, s, len, hint_id, "is a placeholder", why);
		return;
	}
	if (!dash)
		return;
	pl = (size_t)(dash - s);
	for (i = 0; i < prefixes->nr; i++)
		if (strlen(prefixes->items[i]) == pl && !memcmp(prefixes->items[i], s, pl))
			break;
	if (i == prefixes->nr)
		return;
	rest = dash + 1;
	rl = (size_t)(s + len - rest);
	if ((rl == 8 || rl == 17) && is_hex(rest, rl)) {
		if (!list_has_ci(&conf->example_ids, rest, rl))
			return;
		snprintf(why, sizeof(why), "no account has it, so AWS answers NotFound and the deploy fails");
		report_value(c, w, 1, lit, s, len, hint_id, "is AWS's documentation example id", why);
		return;
	}
	snprintf(why, sizeof(why), "an id is '%.*s-' and 8 or 17 lowercase hex digits; AWS refuses it as "
		 "malformed and the deploy fails", (int)pl, s);
	report_value(c, w, 1, lit, s, len, hint_id, "cannot be an AWS id", why);
}

static void judge_text(struct ctx *c, const struct spot *w, TSNode lit, const char *s, size_t len)
{
	if (len > 4 && !memcmp(s, "arn:", 4)) {
		judge_arn(c, w, lit, s, len);
		return;
	}
	if (w->key && id_key(c, w)) {
		judge_id(c, w, lit, s, len);
		if (len > 4 && has_doc_account(c, s, len) && !memchr(s, '-', len))
			report_value(c, w, refused_spot(c, w) || w->in_principal, lit, s, len, hint_account,
				     "is AWS's documentation account", "that account is not yours");
		return;
	}
	if (has_doc_account(c, s, len))
		report_value(c, w, refused_spot(c, w), lit, s, len, hint_account,
			     "names AWS's documentation account", w->in_principal ?
			     "that account is not yours, so AWS refuses the policy ('Invalid principal in policy') "
			     "and the deploy fails" : refused_spot(c, w) ?
			     "that account is not yours: the service cannot use it, so the deploy fails" :
			     "that account is not yours: the value points at nothing of yours");
}

/*
 * Walk a resource's arguments for ids, ARNs and account ids, keeping the
 * key each value stands at. *budget bounds the nodes visited.
 */
static void walk_values(struct ctx *c, struct spot w, TSNode n, int depth, unsigned *budget)
{
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);
	struct child_iter it;
	TSNode k;
	const char *t;

	if (ts_node_is_null(n) || depth > 24 || !*budget)
		return;
	(*budget)--;
	t = ts_node_type(n);
	if (!strcmp(t, "string") || !strcmp(t, "template_string") || number_literal(n) ||
	    !strcmp(t, "binary_expression") || !strcmp(t, "binary_operator")) {
		struct buf text = BUF_INIT;
		TSNode lit = { 0 };

		if (fold_text(c, n, &text, &lit, 0) && text.len)
			judge_text(c, &w, lit, text.ptr, text.len);
		buf_release(&text);
		if ((!strcmp(t, "binary_expression") || !strcmp(t, "binary_operator")) &&
		    !node_is(node_field(n, "operator"), "+")) {
			/* a || 'fallback': the alternatives */
			walk_values(c, w, node_field(n, "left"), depth + 1, budget);
			walk_values(c, w, node_field(n, "right"), depth + 1, budget);
		}
		return;
	}
	if (!strcmp(t, "identifier")) {
		TSNode v = resolve_const(c, n);

		if (!ts_node_eq(v, n) && !node_is(v, "new_expression"))
			walk_values(c, w, v, depth + 1, budget);
		return;
	}
	if (!strcmp(t, "pair") || !strcmp(t, "keyword_argument")) {
		/* a pair; a Python keyword argument is one of its call's object */
		const char *key;
		size_t kl;

		if (!pair_key(c, n, &key, &kl) || key_listed(&conf->skip_keys, key, kl))
			return;
		w.key = key;
		w.klen = kl;
		if (key_listed(&conf->statement_keys, key, kl))
			w.in_policy = 1;
		if (w.in_policy && key_listed(&conf->principal_keys, key, kl))
			w.in_principal = 1;
		walk_values(c, w, node_field(n, "value"), depth + 1, budget);
		return;
	}
	if (ts_node_symbol(n) == c->sym[SYM_CALL]) {
		TSNode fn = node_field(n, "function"), recv;
		TSNode prop = fn;

		member_parts(fn, &recv, &prop);
		size_t pl;
		const char *p = ts_node_is_null(prop) ? "" : node_text(c, prop, &pl);

		/* config.require('key'), require('mod'): names, not values */
		if (!ts_node_is_null(prop) && (!strncmp(p, "require", 7) || !strncmp(p, "get", 3)))
			return;
		walk_values(c, w, node_field(n, "arguments"), depth + 1, budget);
		return;
	}
	if (!strcmp(t, "comment") || !strcmp(t, "member_expression") || !strcmp(t, "new_expression") ||
	    !strcmp(t, "regex") || !strcmp(t, "attribute"))
		return;
	for (child_iter_init(&it, n); child_iter_next(&it, &k);)
		walk_values(c, w, k, depth + 1, budget);
	child_iter_end(&it);
}

/* ---- RFC 2606 names where something must resolve, validate or connect ---- */

/* The reserved domain `host` falls under (example.com, *.test), or NULL. */
static const char *reserved_domain(struct ctx *c, const char *s, size_t len, struct buf *host)
{
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);
	const struct strlist *doms = &conf->reserved_domains;
	const char *at = memchr(s, '@', len);
	size_t i;

	buf_reset(host);
	if (at) {
		len -= (size_t)(at + 1 - s);
		s = at + 1;
	}
	if (len > 2 && s[0] == '*' && s[1] == '.')
		s += 2, len -= 2;
	for (i = 0; i < len; i++)
		buf_putc(host, (char)tolower((unsigned char)s[i]));
	while (host->len && host->ptr[host->len - 1] == '.')
		host->ptr[--host->len] = '\0';
	/* an unknown part before the reserved tail does not matter */
	if (!host->len)
		return NULL;
	for (i = 0; i < doms->nr; i++) {
		const char *d = doms->items[i];
		size_t dl;

		if (d[0] == '*' && d[1] == '.')
			d += 1;	/* "*.test": any name ending in ".test" */
		dl = strlen(d);
		if (d[0] == '.' ? host->len > dl && !strcmp(host->ptr + host->len - dl, d) :
		    (host->len == dl && !strcmp(host->ptr, d)) ||
		    (host->len > dl && host->ptr[host->len - dl - 1] == '.' && !strcmp(host->ptr + host->len - dl, d)))
			return doms->items[i];
	}
	return NULL;
}

/* 1 if `zone` (a zoneId value) is a same-file private hosted zone. */
static int private_zone(struct ctx *c, TSNode obj, TSNode zone_id)
{
	TSNode v = value_unwrap(c, zone_id), args;
	struct buf type = BUF_INIT;
	int private = 0;

	if (!ts_node_is_null(obj) && !ts_node_is_null(prop_or_null(c, obj, "vpcs")))
		return 1;
	if (node_is(v, "member_expression"))
		v = resolve_const(c, node_field(v, "object"));	/* (a Python zone is not followed) */
	if (node_is(v, "new_expression") && resource_type(c, v, &type) && !strcmp(type.ptr, "aws.route53.Zone")) {
		args = node_field(v, "arguments");
		if (call_argc(args) >= 2)
			private = !ts_node_is_null(prop_or_null(c, value_unwrap(c, call_arg(args, 1)), "vpcs"));
	}
	buf_release(&type);
	return private;
}

static void check_reserved(struct ctx *c, const char *type, TSNode obj, const struct strlist *props,
			   int lookup);

/* A lookup by a reserved name finds nothing: the deploy fails. */
static void check_reserved_lookup(struct ctx *c, const char *fn, TSNode obj)
{
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);

	check_reserved(c, fn, obj, &conf->reserved_name_lookups, 1);
}

static void check_reserved_names(struct ctx *c, const char *type, TSNode obj)
{
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);

	check_reserved(c, type, obj, &conf->reserved_name_properties, 0);
}

/* `props` are TYPE.PROPERTY entries, or FUNCTION.ARGUMENT ones for `lookup`s. */
static void check_reserved(struct ctx *c, const char *type, TSNode obj, const struct strlist *props,
			   int lookup)
{
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);
	size_t tl = strlen(type), i;
	struct buf host = BUF_INIT;

	for (i = 0; i < props->nr; i++) {
		const char *entry = props->items[i], *dot = strrchr(entry, '.'), *dom;
		TSNode value, items[64];
		uint32_t nr = 0, j;
		int zone = !strcmp(type, "aws.route53.Zone"), cert = !strncmp(type, "aws.acm.", 8);

		if (!dot || (size_t)(dot - entry) != tl || strncmp(entry, type, tl))
			continue;
		value = value_unwrap(c, object_get(c, obj, dot + 1));
		if (ts_node_is_null(value))
			continue;
		if (list_like(value)) {
			struct child_iter it;
			TSNode k;

			for (child_iter_init(&it, value); nr < 64 && child_iter_next(&it, &k);)
				items[nr++] = k;
			child_iter_end(&it);
		} else {
			items[nr++] = value;
		}
		/* a private zone (and the records in one) may use any name */
		if (lookup && !ts_node_is_null(prop_or_null(c, obj, "privateZone")))
			continue;
		if ((zone || !strcmp(type, "aws.route53.Record")) &&
		    private_zone(c, zone ? obj : (TSNode){ 0 }, zone ? (TSNode){ 0 } : object_get(c, obj, "zoneId")))
			continue;
		for (j = 0; j < nr; j++) {
			struct buf text = BUF_INIT;
			TSNode lit = { 0 };
			struct spot w = { type, dot + 1, strlen(dot + 1), 0, 0 };
			int refused;

			if (fold_text(c, items[j], &text, &lit, 0) && text.len &&
			    (dom = reserved_domain(c, text.ptr, text.len, &host))) {
				struct buf what = BUF_INIT;

				refused = lookup || cert ||
					  (zone && list_has_ci(&conf->aws_reserved_zones, host.ptr, host.len));
				buf_printf(&what, "is under the reserved domain '%s' (RFC 2606)", dom);
				report_value(c, &w, refused, lit, text.ptr, text.len,
					     "use the stack's own domain from config (config.require('domain'))",
					     what.ptr, lookup ? "nothing of yours has that name, so the lookup fails and "
					     "so does the deploy" : refused && cert ?
					     "nobody can prove they own it, so the certificate never validates: its "
					     "validation times out and every listener or distribution that uses it is refused" :
					     refused ? "Route 53 refuses a public hosted zone for the names AWS reserves, "
					     "so the deploy fails" : zone ?
					     "no registrar can delegate it to this zone: nothing it holds will ever resolve" :
					     "nothing there resolves, verifies or answers");
				buf_release(&what);
			}
			buf_release(&text);
		}
	}
	buf_release(&host);
}

struct values_walk {
	struct spot w;
	unsigned budget;
};

static void walk_entry(struct ctx *c, TSNode p, void *data)
{
	struct values_walk *vw = data;

	walk_values(c, vw->w, p, 1, &vw->budget);
}

static void rule_placeholder_resource(struct ctx *c, const struct resource *r)
{
	const char *type = r->type;
	const struct placeholder_value_settings *conf = rule_settings(c, RULE_PLACEHOLDER_VALUE);
	const struct strlist *props = &conf->image_properties;
	TSNode obj = r->props;
	size_t i;

	/* the arguments as one object literal (not one Object.assign() puts together) */
	if (ts_node_is_null(obj) || r->props_composed)
		return;
	if (strlist_has(&conf->subscription_types, type))
		check_subscription(c, type, obj);
	for (i = 0; i < props->nr; i++) {
		const char *prop = resource_entry_prop(r, props->items[i]);
		TSNode value;

		if (!prop)
			continue;
		value = resource_prop(r, prop);
		if (!ts_node_is_null(value))
			check_image(c, type, prop, value, value);
	}
	if (glob_listed(&conf->container_types, type)) {
		unsigned budget = 50000;

		walk_images(c, type, obj, 0, 0, &budget);
	}
	check_reserved_names(c, type, obj);
	{
		struct spot w = { type, NULL, 0, 0, 0 };
		struct values_walk vw = { w, 50000 };

		/* the entries of the arguments (a Python call's keyword arguments,
		 * not its positional name) */
		if (ts_node_symbol(obj) == c->sym[SYM_OBJECT])
			walk_values(c, w, obj, 0, &vw.budget);
		else
			object_each(c, obj, walk_entry, &vw);
	}
}

/*
 * Lookups: aws.route53.getZone({ name: 'example.com' }) finds nothing and
 * aws.ec2.getVpc({ id: 'vpc-default' }) is refused: the deploy fails. The
 * same ids, ARNs and accounts as in resources, and reserved names in
 * reserved_name_lookups, are judged in the arguments of aws.*.get*().
 */
static void rule_placeholder_call(struct ctx *c, TSNode call)
{
	struct buf name = BUF_INIT;
	TSNode args = node_field(call, "arguments"), obj;
	const char *last;
	struct spot w = { NULL, NULL, 0, 0, 0 };
	unsigned budget = 20000;

	if (!canon_name_camel(c, node_field(call, "function"), &name) ||
	    strncmp(name.ptr, "aws.", 4) || !(last = strrchr(name.ptr, '.')) || strncmp(last + 1, "get", 3) ||
	    !call_argc(args))
		goto out;
	if (node_is(args, "arguments"))
		obj = value_unwrap(c, call_arg(args, 0));
	else if (object_literal(c, args))
		obj = args;	/* Python: aws.route53.get_zone_output(name=...) */
	else
		goto out;
	if (!object_literal(c, obj))
		goto out;
	w.type = name.ptr;
	check_reserved_lookup(c, name.ptr, obj);
	walk_values(c, w, obj, 0, &budget);
out:
	buf_release(&name);
}

static const struct key_def keys[] = {
	RULE_KEY(placeholder_value_settings, K_LIST, subscription_types),
	RULE_KEY(placeholder_value_settings, K_LIST, email_protocols),
	RULE_KEY(placeholder_value_settings, K_LIST, container_types),
	RULE_KEY(placeholder_value_settings, K_LIST, container_keys),
	RULE_KEY(placeholder_value_settings, K_LIST, image_properties),
	RULE_KEY(placeholder_value_settings, K_LIST, moving_tags),
	RULE_KEY(placeholder_value_settings, K_LIST, reserved_domains),
	RULE_KEY(placeholder_value_settings, K_LIST, reserved_name_properties),
	RULE_KEY(placeholder_value_settings, K_LIST, aws_reserved_zones),
	RULE_KEY(placeholder_value_settings, K_LIST, example_accounts),
	RULE_KEY(placeholder_value_settings, K_LIST, placeholder_marks),
	RULE_KEY(placeholder_value_settings, K_LIST, id_prefixes),
	RULE_KEY(placeholder_value_settings, K_LIST, example_ids),
	RULE_KEY(placeholder_value_settings, K_LIST, id_keys),
	RULE_KEY(placeholder_value_settings, K_LIST, refused_keys),
	RULE_KEY(placeholder_value_settings, K_LIST, statement_keys),
	RULE_KEY(placeholder_value_settings, K_LIST, principal_keys),
	RULE_KEY(placeholder_value_settings, K_LIST, skip_keys),
	RULE_KEY(placeholder_value_settings, K_LIST, free_account_services),
	RULE_KEY(placeholder_value_settings, K_LIST, reserved_name_lookups),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_placeholder_value = {
	.id = RULE,
	.summary = "a placeholder that breaks a deploy (blocks) or points nowhere (warns)",
	.explain =
		"Catches, blocking (AWS refuses the value and the deploy fails; the rule's severity):\n"
		"  - an RFC 2606 reserved name (reserved_domains: example.com/.net/.org, *.example,\n"
		"    *.test, *.invalid, *.localhost) in an aws.acm.Certificate domainName or\n"
		"    subjectAlternativeNames: nobody can prove they own it, so it never validates and\n"
		"    every listener or distribution that uses it is refused; a public aws.route53.Zone\n"
		"    named example.com/.net/.org (aws_reserved_zones): Route 53 refuses it; a lookup by\n"
		"    a reserved name (reserved_name_lookups: aws.route53.getZone name, unless\n"
		"    privateZone; aws.acm.getCertificate domain): it finds nothing;\n"
		"  - a resource id under an id key (vpcId, subnetIds, ami, ...: keys ending in Id/Ids,\n"
		"    id_keys) that cannot be an AWS id: one of id_prefixes, '-', then not 8 or 17\n"
		"    lowercase hex digits (vpc-default, subnet-1, sg-12345: refused as malformed), AWS's\n"
		"    documentation examples (example_ids: vpc-12345678: NotFound), or placeholder text;\n"
		"  - a malformed ARN outside a policy's Resource (account ACCOUNT_ID, region REGION, fewer\n"
		"    than six parts): refused as malformed;\n"
		"  - AWS's documentation account (example_accounts: 123456789012) or an ARN holding a\n"
		"    placeholder (placeholder_marks: placeholder, xxxx, your-, REPLACE, <...>) as a\n"
		"    policy principal (IAM refuses 'Invalid principal in policy') or under refused_keys\n"
		"    (role, roleArn, executionRoleArn, certificateArn, allowedAccountIds, ...: a role\n"
		"    AWS cannot assume or pass, a certificate it cannot find).\n"
		"  Ids, ARNs and accounts are read in resources' arguments and in the arguments of\n"
		"  aws.*.get*() lookups (aws.ec2.getVpc({ id: 'vpc-default' }), getPolicyDocument).\n"
		"Catches, advisory (AWS accepts it, and it points nowhere; never more than a warning):\n"
		"  - a reserved name in an aws.route53.Record name, a public zone for another reserved\n"
		"    name (nothing can delegate it), an SES identity (never verifies), a DMS endpoint\n"
		"    serverName (never connects): reserved_name_properties;\n"
		"  - the documentation account or a placeholder ARN anywhere else in a resource's\n"
		"    arguments (a policy's Resource, sourceAccount, environment variables);\n"
		"  - a literal e-mail `endpoint` of aws.sns.TopicSubscription (subscription_types) whose\n"
		"    protocol is 'email' or 'email-json' (email_protocols), directly or through a const;\n"
		"  - a container image that is untagged ('nginx', which means :latest) or has a moving\n"
		"    tag (moving_tags: latest): `image` under containerDefinitions / container /\n"
		"    containers (container_keys) of aws.ecs.TaskDefinition, awsx.ecs.* and kubernetes.*\n"
		"    (container_types), inside JSON.stringify, pulumi.jsonStringify or .apply()\n"
		"    callbacks, and aws.lambda.Function `imageUri` (image_properties). A template whose\n"
		"    literal tail ends the reference counts: `${repo.repositoryUrl}:latest`.\n"
		"Values are read as far as this file decides them: literals, templates (an unknown\n"
		"`${...}` part is never a finding), `+`, same-file consts.\n"
		"\n"
		"Why: a placeholder that AWS refuses fails the deploy after review, often half-way\n"
		"through a stack; one that AWS accepts sends traffic, mail, permissions or alarms to\n"
		"nothing (or to someone else's account), and nobody notices until it matters.\n"
		"\n"
		"Bad:   new aws.acm.Certificate(`cert-${environmentSuffix}`, { domainName: 'app.example.com' })\n"
		"       vpcId: 'vpc-default', subnetIds: ['subnet-1'], vpcSecurityGroupIds: ['sg-12345']\n"
		"       role: 'arn:aws:iam::123456789012:role/lambda-exec'\n"
		"       executionRoleArn: 'arn:aws:iam::ACCOUNT_ID:role/ecsTaskExecutionRole'\n"
		"       protocol: 'email', endpoint: 'admin@example.com'\n"
		"       containerDefinitions: JSON.stringify([{ name: 'web', image: 'nginx' }])\n"
		"Good:  domainName: config.require('domain'), vpcId: vpc.id, subnetIds: vpc.privateSubnetIds\n"
		"       role: pulumi.interpolate`arn:aws:iam::${caller.accountId}:role/lambda-exec`\n"
		"       endpoint: config.require('alertEmail'), image: 'nginx:1.25.3'\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   ami=\"ami-12345678\"\n"
		"       domain_name=f\"app-{environment_suffix}.example.com\"\n"
		"Good:  ami=aws.ec2.get_ami_output(most_recent=True, owners=[\"amazon\"], filters=[...]).id\n"
		"\n"
		"Not findings: private hosted zones (with vpcs) and their records, values this file\n"
		"cannot see (config, parameters, other modules), descriptions and tags (skip_keys),\n"
		"API Gateway integration URIs (free_account_services), pinned tags and digests,\n"
		"non-e-mail protocols.\n"
		"\n"
		"Tune: [rule \"placeholder-value\"] severity (mandatory by default: what the blocking\n"
		"shapes get; advisory makes every shape a warning), exclude, reserved_domains,\n"
		"reserved_name_properties, reserved_name_lookups, aws_reserved_zones, example_accounts,\n"
		"placeholder_marks, id_prefixes, example_ids, id_keys, refused_keys, statement_keys,\n"
		"principal_keys, skip_keys, free_account_services, subscription_types,\n"
		"email_protocols, container_types, container_keys, image_properties, moving_tags.\n",
	.keys = keys,
	.settings_size = sizeof(struct placeholder_value_settings),
	.on_resource = rule_placeholder_resource,
	.on_call = rule_placeholder_call,
};
