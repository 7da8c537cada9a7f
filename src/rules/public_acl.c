/*
 * public-bucket-acl
 *
 * Risk: a public canned ACL (public-read, public-read-write,
 * authenticated-read), a grant to the AllUsers / AuthenticatedUsers
 * groups, or a public access block flag turned off exposes the bucket's
 * data to everyone on the internet (or every AWS account holder).
 *
 * Violating:  new aws.s3.BucketV2(`site-${environmentSuffix}`, { acl: 'public-read' })
 *             new aws.s3.BucketPublicAccessBlock(`pab-${environmentSuffix}`, { bucket: b.id, blockPublicAcls: false })
 * Compliant:  new aws.s3.BucketV2(`site-${environmentSuffix}`, {})   (private by default)
 *             blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true
 *
 * Limits: the ACL is read from a literal, a same-file const, or an
 * aws.s3.CannedAcl member (aws.s3.CannedAcl.PublicRead) or old-style
 * constant (aws.s3.PublicReadAcl), whose value is derived from the member
 * name; an ACL that comes from elsewhere is unknown and not reported. A
 * flag is a finding only when it is literally `false` (directly or
 * through a const); an absent flag is not judged.
 *
 * Bucket policies: an Allow statement to Principal '*' (or { AWS: '*' },
 * or getPolicyDocument's principals [{ type: 'AWS', identifiers: ['*'] }])
 * whose Action covers an object action and that has no Condition. The
 * policy may be an object literal, JSON.stringify / pulumi.jsonStringify
 * of one, JSON text in a string or template (parsed with the same
 * grammar: JSON is an expression), through same-file consts, .apply()
 * callbacks and same-file functions. A public website on purpose is
 * suppressed inline where it is granted. Policies built elsewhere, and
 * statements whose Effect, Principal or Action are not literal, are not
 * judged; NotPrincipal / NotAction are not judged.
 *
 * Violating:  policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*',
 *                 Action: 's3:GetObject', Resource: objectsArn }] })
 * Compliant:  Principal: { Service: 'cloudfront.amazonaws.com' }, Condition: { StringEquals:
 *                 { 'AWS:SourceArn': distribution.arn } }
 */
#include "rules/rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RULE "public-bucket-acl"

struct public_bucket_acl_settings {
	struct strlist public_acls;
	struct strlist acl_types;
	struct strlist public_grantee_groups;
	struct strlist access_block_types;
	struct strlist access_block_flags;
	struct strlist policy_properties;
	struct strlist object_actions;
};

static const char hint_acl[] =
	"drop the ACL (buckets are private by default) and keep a BucketPublicAccessBlock with all four "
	"flags true; serve public content through CloudFront with origin access control";

/*
 * The canned ACL an enum member names: aws.s3.CannedAcl.PublicReadWrite
 * -> "public-read-write", old constants aws.s3.PublicReadAcl ->
 * "public-read". 1 if `n` is such a member.
 */
static int acl_from_member(struct ctx *c, TSNode n, struct buf *out)
{
	struct buf name = BUF_INIT;
	const char *last, *prev = NULL, *p;
	size_t len;
	int ok = 0;
	TSNode obj, member;

	if (!member_parts(n, &obj, &member) || !canon_name(c, n, &name) ||
	    strncmp(name.ptr, "aws.s3.", 7))
		goto out;
	last = strrchr(name.ptr, '.') + 1;
	for (p = name.ptr; p < last - 1; p++)
		if (*p == '.')
			prev = p + 1;
	len = strlen(last);
	if (prev && !strncmp(prev, "CannedAcl.", 10)) {
		/* aws.s3.CannedAcl.PublicRead */
	} else if (len > 3 && !strcmp(last + len - 3, "Acl")) {
		len -= 3;	/* aws.s3.PublicReadAcl */
	} else {
		goto out;
	}
	buf_reset(out);
	for (p = last; p < last + len; p++) {
		/* PublicRead; Python's PUBLIC_READ */
		if (memchr(last, '_', len) ? *p == '_' : isupper((unsigned char)*p) && p > last)
			buf_putc(out, '-');
		if (*p != '_')
			buf_putc(out, (char)tolower((unsigned char)*p));
	}
	ok = out->len > 0;
out:
	buf_release(&name);
	return ok;
}

/* The value of a top-level key, or the shorthand { acl } that stands for it. */
static TSNode prop(struct ctx *c, TSNode obj, const char *key)
{
	TSNode v = object_get(c, obj, key);
	uint32_t i, n;

	if (!ts_node_is_null(v) || !node_is(obj, "object"))
		return v;	/* (Python has no shorthand) */
	n = ts_node_named_child_count(obj);
	for (i = 0; i < n; i++) {
		TSNode p = ts_node_named_child(obj, i);

		if (node_is(p, "shorthand_property_identifier") && node_text_eq(c, p, key))
			return p;
	}
	return v;
}

/* Judge the canned ACL in `value` (the value of `acl` of `type`). */
static void check_acl(struct ctx *c, const char *type, const char *key, TSNode value)
{
	const struct public_bucket_acl_settings *conf = rule_settings(c, RULE_PUBLIC_BUCKET_ACL);
	struct buf acl = BUF_INIT;
	TSNode lit = value, member;
	const char *s;
	size_t len;

	if (value_static_text(c, value, &s, &len, &lit)) {
		buf_add(&acl, s, len);
	} else {
		member = value_unwrap(c, value);
		if (!acl_from_member(c, member, &acl))
			goto out;
		lit = member;
	}
	if (!acl.ptr || !list_has_ci(&conf->public_acls, acl.ptr, acl.len))
		goto out;
	report_node(c, RULE, c->sev[RULE_PUBLIC_BUCKET_ACL], lit, value, 0, hint_acl,
		    "public canned ACL '%s' in '%s' of %s: %s", acl.ptr, key, type,
		    !strcasecmp(acl.ptr, "authenticated-read") ?
		    "every AWS account holder in the world can read it" :
		    !strcasecmp(acl.ptr, "public-read-write") ?
		    "anyone on the internet can read and overwrite it" :
		    "anyone on the internet can read it");
out:
	buf_release(&acl);
}

/* 1 if `uri` names a public grantee group (.../groups/global/AllUsers). */
static int public_grantee(struct ctx *c, const char *uri, size_t len)
{
	const struct public_bucket_acl_settings *conf = rule_settings(c, RULE_PUBLIC_BUCKET_ACL);
	const struct strlist *groups = &conf->public_grantee_groups;
	static const char marker[] = "acs.amazonaws.com/groups/global/";
	const char *g = memmem(uri, len, marker, sizeof(marker) - 1);
	size_t i;

	if (!g)
		return 0;
	g += sizeof(marker) - 1;
	for (i = 0; i < groups->nr; i++)
		if (strlen(groups->items[i]) == (size_t)(uri + len - g) &&
		    !strncasecmp(groups->items[i], g, (size_t)(uri + len - g)))
			return 1;
	return 0;
}

/* grants: [{ type: 'Group', uri: '...AllUsers' }] (Bucket) or
 * [{ grantee: { uri } }] (BucketAclV2's accessControlPolicy). */
static void check_grants(struct ctx *c, const char *type, TSNode grants)
{
	uint32_t i, n;

	grants = value_unwrap(c, grants);
	if (!list_like(grants))
		return;
	n = ts_node_named_child_count(grants);
	for (i = 0; i < n; i++) {
		TSNode g = value_unwrap(c, ts_node_named_child(grants, i));
		TSNode uri = object_get(c, g, "uri"), lit;
		const char *s;
		size_t len;

		if (ts_node_is_null(uri))
			uri = object_get(c, value_unwrap(c, object_get(c, g, "grantee")), "uri");
		if (ts_node_is_null(uri) || !value_static_text(c, uri, &s, &len, &lit) || !public_grantee(c, s, len))
			continue;
		report_node(c, RULE, c->sev[RULE_PUBLIC_BUCKET_ACL], lit, uri, 0, hint_acl,
			    "ACL grant to the public group '%.*s' on %s: everyone in that group can reach the bucket",
			    (int)(len > 100 ? 100 : len), s, type);
	}
}

static void check_access_block(struct ctx *c, const char *type, TSNode obj)
{
	const struct public_bucket_acl_settings *conf = rule_settings(c, RULE_PUBLIC_BUCKET_ACL);
	const struct strlist *flags = &conf->access_block_flags;
	size_t i;

	for (i = 0; i < flags->nr; i++) {
		TSNode value = prop(c, obj, flags->items[i]);
		TSNode lit = value_unwrap(c, value);

		if (!node_is(lit, "false"))
			continue;
		report_node(c, RULE, c->sev[RULE_PUBLIC_BUCKET_ACL], lit, value, 0,
			    "set it to true; grant the access you need through a bucket policy for named "
			    "principals, or serve the content through CloudFront with origin access control",
			    "'%s: false' on %s turns off a public-access guard: the bucket can be made public",
			    flags->items[i], type);
	}
}

/* ---- bucket policies that let anyone at the objects ---- */

/* Where a statement was found: in the code, or in JSON text inside a string. */
struct policy_walk {
	struct ctx *c;		/* the file: reports go here */
	const char *type;
	TSNode text;		/* the string holding JSON text, or null */
	TSNode use;		/* the policy property's value */
	unsigned budget;
};

/* A key's value, in either spelling: `Principal` or `"Principal"` (JSON). */
static TSNode key_value(struct ctx *c, TSNode obj, const char *key)
{
	return object_literal(c, obj) ? object_get(c, obj, key) : obj;
}

static int static_eq(struct ctx *c, TSNode n, const char *want)
{
	const char *s;
	size_t len;
	TSNode lit;

	return value_static_text(c, n, &s, &len, &lit) && len == strlen(want) && !memcmp(s, want, len);
}

/* 1 if `n` is '*', or an array holding '*' (through consts in code). */
static int is_everyone(struct ctx *c, TSNode n, TSNode *at)
{
	struct child_iter it;
	TSNode k;
	int found = 0;

	n = value_unwrap(c, n);
	if (static_eq(c, n, "*")) {
		*at = n;
		return 1;
	}
	if (!list_like(n))
		return 0;
	for (child_iter_init(&it, n); !found && child_iter_next(&it, &k);)
		if (static_eq(c, k, "*")) {
			*at = value_unwrap(c, k);
			found = 1;
		}
	child_iter_end(&it);
	return found;
}

/* 1 if the action `k` (IAM wildcards, any case) covers one of object_actions. */
static int action_reaches_objects(struct ctx *c, TSNode k, struct buf *hit)
{
	const struct public_bucket_acl_settings *conf = rule_settings(c, RULE_PUBLIC_BUCKET_ACL);
	const struct strlist *acts = &conf->object_actions;
	const char *s;
	size_t len, i, j;
	TSNode lit;
	char *action, *want;
	int found = 0;

	if (!value_static_text(c, k, &s, &len, &lit) || !len)
		return 0;
	action = xstrndup(s, len);
	for (j = 0; j < len; j++)
		action[j] = (char)tolower((unsigned char)action[j]);
	for (i = 0; i < acts->nr && !found; i++) {
		want = xstrdup(acts->items[i]);
		for (j = 0; want[j]; j++)
			want[j] = (char)tolower((unsigned char)want[j]);
		found = glob_match(action, want);
		free(want);
	}
	free(action);
	if (found) {
		buf_reset(hit);
		buf_add(hit, s, len);
	}
	return found;
}

/* The first action (a string, or an array of them) that reaches objects. */
static int object_action(struct ctx *c, TSNode n, struct buf *hit)
{
	struct child_iter it;
	TSNode k;
	int found = 0;

	n = value_unwrap(c, n);
	if (!list_like(n))
		return action_reaches_objects(c, n, hit);
	for (child_iter_init(&it, n); !found && child_iter_next(&it, &k);)
		found = action_reaches_objects(c, k, hit);
	child_iter_end(&it);
	return found;
}

/*
 * Judge one statement: Effect 'Allow' (given, or the default of
 * getPolicyDocument's lowercase form), a principal of everyone, an action
 * on objects, and no condition.
 */
static void check_statement(struct policy_walk *w, struct ctx *c, TSNode st, int lower)
{
	TSNode effect = object_get(c, st, lower ? "effect" : "Effect");
	TSNode principal, at = st;
	struct buf action = BUF_INIT;
	const char *who;

	if (!ts_node_is_null(object_get(c, st, lower ? "conditions" : "Condition")))
		return;
	if (lower ? !ts_node_is_null(effect) && !static_eq(c, effect, "Allow") : !static_eq(c, effect, "Allow"))
		return;
	if (lower) {
		/* principals: [{ type: 'AWS' | '*', identifiers: ['*'] }] */
		struct child_iter it;
		TSNode p, list_node = value_unwrap(c, object_get(c, st, "principals"));
		int found = 0;

		if (!list_like(list_node))
			return;
		for (child_iter_init(&it, list_node); !found && child_iter_next(&it, &p);) {
			TSNode ptype;

			p = value_unwrap(c, p);
			ptype = object_get(c, p, "type");
			if ((static_eq(c, ptype, "AWS") || static_eq(c, ptype, "*")) &&
			    is_everyone(c, object_get(c, p, "identifiers"), &at))
				found = 1;
		}
		child_iter_end(&it);
		if (!found)
			return;
		who = "identifiers ['*']";
	} else {
		principal = value_unwrap(c, object_get(c, st, "Principal"));
		if (is_everyone(c, principal, &at))
			who = "Principal '*'";
		else if (object_literal(c, principal) && is_everyone(c, key_value(c, principal, "AWS"), &at))
			who = "Principal { AWS: '*' }";
		else
			return;
	}
	if (!object_action(c, object_get(c, st, lower ? "actions" : "Action"), &action))
		goto out;
	/* in JSON text, the finding sits on the string that holds it */
	report_node(w->c, RULE, w->c->sev[RULE_PUBLIC_BUCKET_ACL], ts_node_is_null(w->text) ? at : w->text, w->use, 0,
		    "grant the objects to named principals (CloudFront's origin access control with an "
		    "aws:SourceArn Condition); if the bucket is a public website on purpose, say so where it "
		    "is granted: // stackgate:ignore public-bucket-acl -- public static website, no private data",
		    "bucket policy of %s lets anyone on the internet (%s) %s without a Condition: the "
		    "bucket's objects are public", w->type, who, action.ptr);
out:
	buf_release(&action);
}

static void walk_policy(struct policy_walk *w, struct ctx *c, TSNode n, int depth);

/* JSON text in a string or template: parse it as an expression and walk it. */
static void walk_json_text(struct policy_walk *w, TSNode str, int depth)
{
	struct ctx sub;
	struct buf text = BUF_INIT;
	/* JSON is a JavaScript expression: the TypeScript grammar reads it,
	 * whatever language the file holding the string is written in */
	const struct language *js = lang_typescript();
	TSParser *parser = NULL;
	TSTree *tree = NULL;
	TSNode root;
	uint32_t i, cnt = ts_node_named_child_count(str);
	int in_string = 0;
	const char *p;

	if (!ts_node_is_null(w->text) || depth > 20)
		return;	/* JSON inside JSON: not a policy */
	buf_putc(&text, '(');
	if (node_is(str, "string")) {
		const char *s;
		size_t len;

		if (!string_content(w->c, str, &s, &len) || !memchr(s, '{', len))
			goto out;
		buf_add(&text, s, len);
	} else {
		/* a template: its text, each ${...} a string (or a part of one) */
		for (i = 0; i < cnt; i++) {
			TSNode k = ts_node_named_child(str, i);
			size_t len;
			const char *t = node_text(w->c, k, &len);

			if (node_is(k, "template_substitution")) {
				const char *v;
				size_t vl;
				TSNode lit;

				/* a same-file literal is its text; anything else a stand-in */
				if (!value_static_text(w->c, call_arg(k, 0), &v, &vl, &lit) || memchr(v, '"', vl)) {
					v = "x";
					vl = 1;
				}
				if (!in_string)
					buf_putc(&text, '"');
				buf_add(&text, v, vl);
				if (!in_string)
					buf_putc(&text, '"');
				continue;
			}
			for (p = t; p < t + len; p++)
				if (*p == '"' && (p == t || p[-1] != '\\'))
					in_string = !in_string;
			buf_add(&text, t, len);
		}
		if (!memchr(text.ptr, '{', text.len))
			goto out;
	}
	buf_putc(&text, ')');
	parser = ts_parser_new();
	if (!js || !parser || !ts_parser_set_language(parser, js->grammar()))
		goto out;
	tree = ts_parser_parse_string(parser, NULL, text.ptr, (uint32_t)text.len);
	if (!tree)
		goto out;
	root = ts_tree_root_node(tree);
	/* the same helpers, reading the JSON text: nothing in it is a binding */
	ctx_view(&sub, w->c, text.ptr, text.len);
	/* the view is TypeScript (ctx_view()); its kinds, when the file's are Python's */
	if (lang_resolve_kinds(js, sub.sym) < 0) {
		ctx_view_release(&sub);
		goto out;
	}
	w->text = str;
	walk_policy(w, &sub, root, depth + 1);
	w->text = (TSNode){ 0 };
	ctx_view_release(&sub);
out:
	if (tree)
		ts_tree_delete(tree);
	if (parser)
		ts_parser_delete(parser);
	buf_release(&text);
}

/*
 * Find statements in a policy value: object literals (a `Principal` key
 * makes a statement), JSON.stringify and .apply() callbacks, same-file
 * consts and functions, and JSON text in strings and templates.
 */
static void walk_policy(struct policy_walk *w, struct ctx *c, TSNode n, int depth)
{
	struct child_iter it;
	TSNode k, obj, member;
	const char *t;

	if (ts_node_is_null(n) || depth > 24 || !w->budget)
		return;
	w->budget--;
	t = ts_node_type(n);
	if (!strcmp(t, "identifier")) {
		size_t len;
		const char *name;
		const struct func *f;
		TSNode v;

		if (!ts_node_is_null(w->text))
			return;
		v = resolve_const(c, n);
		if (!ts_node_eq(v, n)) {
			walk_policy(w, c, v, depth + 1);
			return;
		}
		/* .apply(publicReadPolicy): a same-file function */
		name = node_text(c, n, &len);
		f = ctx_find_func(c, name, len);
		if (f)
			walk_policy(w, c, f->body, depth + 1);
		return;
	}
	if (!strcmp(t, "string") || !strcmp(t, "template_string")) {
		if (ts_node_is_null(w->text))
			walk_json_text(w, n, depth);
		return;
	}
	if (object_literal(c, n)) {
		if (!ts_node_is_null(object_get(c, n, "Principal")))
			check_statement(w, c, n, 0);
		else if (!ts_node_is_null(object_get(c, n, "principals")))
			check_statement(w, c, n, 1);
	}
	if (member_parts(n, &obj, &member)) {
		/* doc.json of a same-file getPolicyDocument(Output)() */
		if (ts_node_is_null(w->text) && node_is(obj, "identifier"))
			obj = resolve_const(c, obj);
		if (ts_node_is_null(w->text) && ts_node_symbol(obj) == c->sym[SYM_CALL])
			walk_policy(w, c, obj, depth + 1);
		if (ts_node_is_null(w->text) && node_is(obj, "this")) {
			/* .apply(this.publicReadPolicyForBucket): a method of the class */
			TSNode prop = member;
			const struct func *f;
			size_t len;
			const char *name = node_text(c, prop, &len);

			f = ctx_find_func(c, name, len);
			if (f)
				walk_policy(w, c, f->body, depth + 1);
		}
		return;
	}
	if (number_literal(n) || !strcmp(t, "comment") || !strcmp(t, "new_expression") ||
	    !strcmp(t, "true") || !strcmp(t, "false"))
		return;
	for (child_iter_init(&it, n); child_iter_next(&it, &k);)
		walk_policy(w, c, k, depth + 1);
	child_iter_end(&it);
}

static void check_policies(struct ctx *c, const struct resource *r)
{
	const struct public_bucket_acl_settings *conf = rule_settings(c, RULE_PUBLIC_BUCKET_ACL);
	const struct strlist *props = &conf->policy_properties;
	size_t i;

	for (i = 0; i < props->nr; i++) {
		const char *key = resource_entry_prop(r, props->items[i]);
		struct policy_walk w;

		if (!key)
			continue;
		memset(&w, 0, sizeof(w));
		w.c = c;
		w.type = r->type;
		w.use = prop(c, r->props, key);
		w.budget = 20000;
		if (!ts_node_is_null(w.use))
			walk_policy(&w, c, w.use, 0);
	}
}

static void rule_public_acl_resource(struct ctx *c, const struct resource *r)
{
	const char *type = r->type;
	const struct public_bucket_acl_settings *conf = rule_settings(c, RULE_PUBLIC_BUCKET_ACL);

	/* the arguments as one object literal (not one Object.assign() puts together) */
	if (ts_node_is_null(r->props) || r->props_composed)
		return;
	if (strlist_has(&conf->acl_types, type)) {
		TSNode acl = prop(c, r->props, "acl");

		if (!ts_node_is_null(acl))
			check_acl(c, type, "acl", acl);
		check_grants(c, type, resource_prop(r, "grants"));
		check_grants(c, type, object_get(c, value_unwrap(c, resource_prop(r, "accessControlPolicy")), "grants"));
	}
	if (strlist_has(&conf->access_block_types, type))
		check_access_block(c, type, r->props);
	check_policies(c, r);
}

static const struct key_def keys[] = {
	RULE_KEY(public_bucket_acl_settings, K_LIST, public_acls),
	RULE_KEY(public_bucket_acl_settings, K_LIST, acl_types),
	RULE_KEY(public_bucket_acl_settings, K_LIST, public_grantee_groups),
	RULE_KEY(public_bucket_acl_settings, K_LIST, access_block_types),
	RULE_KEY(public_bucket_acl_settings, K_LIST, access_block_flags),
	RULE_KEY(public_bucket_acl_settings, K_LIST, policy_properties),
	RULE_KEY(public_bucket_acl_settings, K_LIST, object_actions),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_public_bucket_acl = {
	.id = RULE,
	.summary = "an S3 ACL, public access block or bucket policy exposes a bucket to the world",
	.explain =
		"Catches: `acl` of aws.s3.Bucket / BucketV2 / BucketAclV2 / BucketObject(v2) (acl_types)\n"
		"that is a public canned ACL (public_acls: public-read, public-read-write,\n"
		"authenticated-read), as a literal, a same-file const, or an aws.s3.CannedAcl member\n"
		"(aws.s3.CannedAcl.PublicRead; the old aws.s3.PublicReadAcl constants too); an ACL grant\n"
		"to the AllUsers or AuthenticatedUsers group (`grants`, `accessControlPolicy.grants`);\n"
		"a flag of aws.s3.BucketPublicAccessBlock / AccountPublicAccessBlock\n"
		"(blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets) that is\n"
		"literally `false`; and a bucket policy (`policy` of aws.s3.BucketPolicy, Bucket,\n"
		"BucketV2: policy_properties) with an Allow statement to Principal '*' or { AWS: '*' }\n"
		"whose Action covers reading or writing objects (object_actions, IAM wildcards such as\n"
		"s3:Get* and s3:* count) and that has no Condition: as an object literal,\n"
		"JSON.stringify / pulumi.jsonStringify of one, JSON text in a string or template,\n"
		"getPolicyDocument's principals [{ type: 'AWS', identifiers: ['*'] }], through consts,\n"
		".apply() callbacks and same-file functions.\n"
		"\n"
		"Why: the bucket's objects become readable (or writable) by anyone on the internet, or\n"
		"by every AWS account holder; turning a public access block flag off removes the guard\n"
		"that would stop it.\n"
		"\n"
		"Bad:   new aws.s3.BucketV2(`site-${environmentSuffix}`, { acl: 'public-read' })\n"
		"       new aws.s3.BucketAclV2(`site-acl-${environmentSuffix}`, { bucket: b.id,\n"
		"           acl: aws.s3.CannedAcl.PublicReadWrite })\n"
		"       new aws.s3.BucketPublicAccessBlock(`pab-${environmentSuffix}`, { bucket: b.id,\n"
		"           blockPublicAcls: false })\n"
		"       policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*',\n"
		"           Action: 's3:GetObject', Resource: `${arn}/*` }] })\n"
		"Good:  new aws.s3.BucketV2(`site-${environmentSuffix}`, {})          (private by default)\n"
		"       acl: 'private', acl: 'log-delivery-write', acl: 'bucket-owner-full-control'\n"
		"       blockPublicAcls: true (and the other three flags true)\n"
		"       Principal: { Service: 'cloudfront.amazonaws.com' }, Condition: { StringEquals:\n"
		"           { 'AWS:SourceArn': distribution.arn } }\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   acl=aws.s3.CannedAcl.PUBLIC_READ\n"
		"       json.dumps({... \"Principal\": \"*\", \"Action\": \"s3:GetObject\" ...})\n"
		"Good:  aws.s3.BucketPublicAccessBlock(..., block_public_acls=True, block_public_policy=True, ...)\n"
		"\n"
		"Not findings: an ACL, flag or policy this file cannot see (a parameter, another module,\n"
		"config), a flag that is absent, `acl` on types not listed, Deny statements, statements\n"
		"with any Condition, named principals, actions on the bucket itself\n"
		"(s3:GetBucketLocation), NotPrincipal / NotAction.\n"
		"\n"
		"A bucket that is public on purpose (a static website without CloudFront): say so where\n"
		"it is granted, `// stackgate:ignore public-bucket-acl -- public static website, no\n"
		"private data`, or exclude its path.\n"
		"\n"
		"Tune: [rule \"public-bucket-acl\"] severity, exclude, public_acls, acl_types,\n"
		"public_grantee_groups, access_block_types, access_block_flags, policy_properties,\n"
		"object_actions.\n",
	.keys = keys,
	.settings_size = sizeof(struct public_bucket_acl_settings),
	.on_resource = rule_public_acl_resource,
};
