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
 * through a const); an absent flag is not judged. Bucket policies that
 * grant Principal '*' are not judged here.
 */
#include "rules.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define RULE "public-bucket-acl"

static const char hint_acl[] =
	"drop the ACL (buckets are private by default) and keep a BucketPublicAccessBlock with all four "
	"flags true; serve public content through CloudFront with origin access control";

static enum severity sev(struct ctx *c)
{
	return config_severity(c->cfg, RULE_PUBLIC_BUCKET_ACL, c->change->path);
}

static const struct strlist *list(struct ctx *c, const char *key)
{
	return rule_list(c->cfg, RULE_PUBLIC_BUCKET_ACL, key);
}

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

	if (!node_is(n, "member_expression") || !canon_name(c, n, &name) ||
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
		if (isupper((unsigned char)*p) && p > last)
			buf_putc(out, '-');
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
		return v;
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
	if (!acl.ptr || !list_has_ci(list(c, "public_acls"), acl.ptr, acl.len))
		goto out;
	report_node(c, RULE, sev(c), lit, value, 0, hint_acl,
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
	const struct strlist *groups = list(c, "public_grantee_groups");
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
	if (!node_is(grants, "array"))
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
		report_node(c, RULE, sev(c), lit, uri, 0, hint_acl,
			    "ACL grant to the public group '%.*s' on %s: everyone in that group can reach the bucket",
			    (int)(len > 100 ? 100 : len), s, type);
	}
}

static void check_access_block(struct ctx *c, const char *type, TSNode obj)
{
	const struct strlist *flags = list(c, "access_block_flags");
	size_t i;

	for (i = 0; i < flags->nr; i++) {
		TSNode value = prop(c, obj, flags->items[i]);
		TSNode lit = value_unwrap(c, value);

		if (!node_is(lit, "false"))
			continue;
		report_node(c, RULE, sev(c), lit, value, 0,
			    "set it to true; grant the access you need through a bucket policy for named "
			    "principals, or serve the content through CloudFront with origin access control",
			    "'%s: false' on %s turns off a public-access guard: the bucket can be made public",
			    flags->items[i], type);
	}
}

static void rule_public_acl_resource(struct ctx *c, TSNode new_expr, const char *type, TSNode args)
{
	TSNode obj;

	if (sev(c) == SEV_DISABLED || call_argc(args) < 2)
		return;
	obj = value_unwrap(c, call_arg(args, 1));
	if (!node_is(obj, "object"))
		return;
	if (strlist_has(list(c, "acl_types"), type)) {
		TSNode acl = prop(c, obj, "acl");

		if (!ts_node_is_null(acl))
			check_acl(c, type, "acl", acl);
		check_grants(c, type, object_get(c, obj, "grants"));
		check_grants(c, type, object_get(c, value_unwrap(c, object_get(c, obj, "accessControlPolicy")), "grants"));
	}
	if (strlist_has(list(c, "access_block_types"), type))
		check_access_block(c, type, obj);
}

static const struct key_def keys[] = {
	{ "public_acls", K_LIST },
	{ "acl_types", K_LIST },
	{ "public_grantee_groups", K_LIST },
	{ "access_block_types", K_LIST },
	{ "access_block_flags", K_LIST },
	{ NULL, K_LIST },
};

const struct rule_def rule_public_bucket_acl = {
	.id = RULE,
	.summary = "an S3 ACL or public access block exposes a bucket to the world",
	.explain =
		"Catches: `acl` of aws.s3.Bucket / BucketV2 / BucketAclV2 / BucketObject(v2) (acl_types)\n"
		"that is a public canned ACL (public_acls: public-read, public-read-write,\n"
		"authenticated-read), as a literal, a same-file const, or an aws.s3.CannedAcl member\n"
		"(aws.s3.CannedAcl.PublicRead; the old aws.s3.PublicReadAcl constants too); an ACL grant\n"
		"to the AllUsers or AuthenticatedUsers group (`grants`, `accessControlPolicy.grants`);\n"
		"and a flag of aws.s3.BucketPublicAccessBlock / AccountPublicAccessBlock\n"
		"(blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets) that is\n"
		"literally `false`.\n"
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
		"Good:  new aws.s3.BucketV2(`site-${environmentSuffix}`, {})          (private by default)\n"
		"       acl: 'private', acl: 'log-delivery-write', acl: 'bucket-owner-full-control'\n"
		"       blockPublicAcls: true (and the other three flags true)\n"
		"\n"
		"Not findings: an ACL or flag this file cannot see (a parameter, another module), a flag\n"
		"that is absent, `acl` on types not listed, bucket policies (Principal '*').\n"
		"\n"
		"Tune: [rule \"public-bucket-acl\"] severity, exclude, public_acls, acl_types,\n"
		"public_grantee_groups, access_block_types, access_block_flags. A bucket that is meant\n"
		"to be public (a static site without CloudFront) belongs in `exclude` by path.\n",
	.keys = keys,
	.on_new = rule_public_acl_resource,
};
