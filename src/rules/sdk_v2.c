/*
 * sdk-v2-inline
 *
 * Risk: the Node.js 18 and later Lambda runtimes ship only the AWS SDK
 * v3 (@aws-sdk/...); inline code that does require('aws-sdk') deploys
 * fine and then fails on every invocation ("Cannot find module
 * 'aws-sdk'").
 *
 * Violating:  runtime: 'nodejs20.x',
 *             code: new pulumi.asset.AssetArchive({ 'index.js': new pulumi.asset.StringAsset(
 *                 `const AWS = require('aws-sdk'); ...`) })
 * Compliant:  `const { S3Client } = require('@aws-sdk/client-s3'); ...`
 *
 * The finding is on the require (or import) inside the code text when
 * that line was added; else on the StringAsset when the code changed;
 * else on the runtime, when only the runtime moved to nodejs18.x+.
 *
 * Limits: only code written in this file (StringAsset text, directly or
 * through same-file consts) and a runtime this file decides; FileArchive
 * and FileAsset contents are not read.
 */
#include "rules/runtime.h"
#include "analyze/xfile.h"

#include <ctype.h>
#include <string.h>

#define RULE "sdk-v2-inline"

struct sdk_v2_inline_settings {
	struct strlist function_types;
	size_t from_nodejs_major;
};

/* The Node.js major version of a runtime id ("nodejs20.x" -> 20), or -1. */
static long node_major(const char *id)
{
	long n = 0;
	const char *p = id + 6;

	if (strncmp(id, "nodejs", 6) || !isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p) && n < 100000)
		n = n * 10 + (*p++ - '0');
	return n;
}

static int is_quote(char ch)
{
	return ch == '\'' || ch == '"' || ch == '`';
}

/* 1 if t[0..len) ends with word (after trailing blanks were skipped). */
static int ends_with_word(const char *t, size_t len, const char *word, size_t *start)
{
	size_t wl = strlen(word);

	if (len < wl || memcmp(t + len - wl, word, wl))
		return 0;
	if (len > wl && (isalnum((unsigned char)t[len - wl - 1]) || t[len - wl - 1] == '_' ||
			 t[len - wl - 1] == '$' || t[len - wl - 1] == '.'))
		return 0;
	*start = len - wl;
	return 1;
}

/*
 * Find the next `require('aws-sdk...')`, `from 'aws-sdk'`, `import('aws-sdk')`
 * or `import 'aws-sdk'` in code text t[from..len): the module is aws-sdk or
 * a path under it (aws-sdk/clients/s3), never @aws-sdk/... Quotes may be
 * escaped (the text is inside a TypeScript string). Returns 1 with the
 * span [*s, *e) of the statement part to show.
 */
static int find_v2(const char *t, size_t len, size_t from, size_t *s, size_t *e)
{
	const char *p;

	while (from < len && (p = memmem(t + from, len - from, "aws-sdk", 7))) {
		size_t at = (size_t)(p - t), q, b, end = at + 7, kw;

		from = at + 7;
		/* the opening quote, maybe escaped */
		if (at == 0 || !is_quote(t[at - 1]))
			continue;
		q = at - 1;
		if (q > 0 && t[q - 1] == '\\')
			q--;
		/* the closing quote or a subpath */
		if (end < len && t[end] == '\\')
			end++;
		if (end >= len || (!is_quote(t[end]) && t[end] != '/'))
			continue;
		/* what comes before the quote */
		b = q;
		while (b > 0 && isspace((unsigned char)t[b - 1]))
			b--;
		if (b > 0 && t[b - 1] == '(') {
			size_t paren = b - 1;

			b = paren;
			while (b > 0 && isspace((unsigned char)t[b - 1]))
				b--;
			if (!ends_with_word(t, b, "require", &kw) && !ends_with_word(t, b, "import", &kw))
				continue;
		} else if (!ends_with_word(t, b, "from", &kw) && !ends_with_word(t, b, "import", &kw)) {
			continue;
		}
		/* show up to the closing quote (and paren) */
		while (end < len && !is_quote(t[end]) && t[end] != '\n')
			end++;
		if (end < len && is_quote(t[end]))
			end++;
		if (end < len && t[end] == ')')
			end++;
		*s = kw;
		*e = end;
		return 1;
	}
	return 0;
}

static uint32_t line_of(const struct ctx *c, uint32_t off)
{
	uint32_t line = 1, i;

	for (i = 0; i < off && i < c->len; i++)
		if (c->src[i] == '\n')
			line++;
	return line;
}

struct lambda {
	enum severity sev;
	const char *runtime;
	TSNode runtime_node;
};

static void check_text(struct ctx *c, const struct lambda *l, TSNode asset, TSNode text)
{
	const char *t;
	size_t len, from = 0, s, e;
	uint32_t base;
	int reported = 0, found = 0;
	struct buf msg = BUF_INIT, hint = BUF_INIT;

	if (!node_is(text, "string") && !node_is(text, "template_string"))
		return;
	if (ctx_of(c, text) != c)
		return;	/* code written in another file: its lines are not this file's */
	t = node_text(c, text, &len);
	base = ts_node_start_byte(text);
	buf_printf(&hint, "use the SDK v3 clients, which %s includes (const { S3Client } = "
		   "require('@aws-sdk/client-s3')), or bundle aws-sdk with the code (FileArchive)", l->runtime);
	while (find_v2(t, len, from, &s, &e)) {
		uint32_t line = line_of(c, base + (uint32_t)s);

		found = 1;
		from = e;
		if (c->change->added && !lines_has(c->change->added, line))
			continue;
		buf_reset(&msg);
		buf_printf(&msg, "inline Lambda code loads aws-sdk (SDK v2), which the %s runtime does not "
			   "include: every invocation fails with \"Cannot find module 'aws-sdk'\"", l->runtime);
		report_span(c, RULE, l->sev, base + (uint32_t)s, base + (uint32_t)e, 0, 0, hint.ptr, msg.ptr);
		reported = 1;
	}
	/* the code did not change there: the asset or the runtime did */
	if (found && !reported)
		report_node(c, RULE, l->sev, asset, l->runtime_node, 0, hint.ptr,
			    "inline Lambda code loads aws-sdk (SDK v2), which the %s runtime does not include: "
			    "every invocation fails with \"Cannot find module 'aws-sdk'\"", l->runtime);
	buf_release(&msg);
	buf_release(&hint);
}

/* Find pulumi.asset.StringAsset(...) under the code value, through consts. */
static void walk_code(struct ctx *c, const struct lambda *l, TSNode n, int depth)
{
	uint32_t i, cnt;

	if (ts_node_is_null(n) || depth > 48)
		return;
	if (node_is(n, "identifier")) {
		TSNode init = resolve_const(c, n);

		if (!ts_node_eq(init, n))
			walk_code(c, l, init, depth + 8);
		return;
	}
	if (ts_node_symbol(n) == c->sym[SYM_NEW]) {
		/* new pulumi.asset.StringAsset(...); Python's pulumi.StringAsset(...) */
		struct buf name = BUF_INIT;
		TSNode args = ts_node_child_by_field_name(n, "arguments", 9);
		TSNode ctor = ts_node_child_by_field_name(n, "constructor", 11);
		int is_asset;

		if (ts_node_is_null(ctor))
			ctor = node_field(n, "function");
		is_asset = canon_name(c, ctor, &name) && name.ptr &&
			   (!strcmp(name.ptr, "pulumi.asset.StringAsset") || !strcmp(name.ptr, "pulumi.StringAsset"));

		buf_release(&name);
		if (is_asset) {
			if (call_argc(args))
				check_text(c, l, n, resolve_const(c, call_arg(args, 0)));
			return;
		}
	}
	cnt = ts_node_named_child_count(n);
	for (i = 0; i < cnt; i++)
		walk_code(c, l, ts_node_named_child(n, i), depth + 1);
}

static void rule_sdk_v2_resource(struct ctx *c, const struct resource *r)
{
	const char *type = r->type;
	const struct sdk_v2_inline_settings *conf = rule_settings(c, RULE_SDK_V2_INLINE);
	struct lambda l;
	struct buf id = BUF_INIT;
	TSNode runtime, code, lit;
	long major;

	l.sev = c->sev[RULE_SDK_V2_INLINE];
	if (ts_node_is_null(r->props) ||
	    !strlist_has(&conf->function_types, type))
		return;
	runtime = resource_prop(r, "runtime");
	code = resource_prop(r, "code");
	if (ts_node_is_null(runtime) || ts_node_is_null(code) || !lambda_runtime_id(c, runtime, &id, &lit))
		goto out;
	major = node_major(id.ptr);
	if (major < 0 || (size_t)major < conf->from_nodejs_major)
		goto out;
	l.runtime = id.ptr;
	l.runtime_node = runtime;
	walk_code(c, &l, code, 0);
out:
	buf_release(&id);
}

static const struct key_def keys[] = {
	RULE_KEY(sdk_v2_inline_settings, K_LIST, function_types),
	RULE_KEY(sdk_v2_inline_settings, K_SIZE, from_nodejs_major),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_sdk_v2_inline = {
	.id = RULE,
	.summary = "inline Lambda code requires aws-sdk (v2), which nodejs18.x and later do not ship",
	.explain =
		"Catches: aws.lambda.Function (function_types) with a Node.js runtime from\n"
		"from_nodejs_major on ('nodejs18.x', aws.lambda.Runtime.NodeJS20dX, ...) whose inline\n"
		"code (pulumi.asset.StringAsset text in `code`, directly or through same-file consts)\n"
		"loads the v2 SDK: require('aws-sdk'), require('aws-sdk/clients/s3'), import ... from\n"
		"'aws-sdk', import('aws-sdk').\n"
		"\n"
		"Why: those runtimes include only the v3 SDK (@aws-sdk/*); the deploy succeeds and\n"
		"every invocation fails with \"Cannot find module 'aws-sdk'\".\n"
		"\n"
		"Bad:   runtime: 'nodejs20.x', code: ... StringAsset(`const AWS = require('aws-sdk');`)\n"
		"Good:  StringAsset(`const { S3Client } = require('@aws-sdk/client-s3');`)\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   code=pulumi.AssetArchive({\"index.js\": pulumi.StringAsset(\"const AWS = require('aws-sdk'); ...\")})\n"
		"Good:  code=pulumi.AssetArchive({\"index.js\": pulumi.StringAsset(\"const { S3Client } = require('@aws-sdk/client-s3'); ...\")})\n"
		"\n"
		"Not findings: @aws-sdk/* modules, nodejs16.x and older (they ship v2), code in\n"
		"FileArchive/FileAsset (bundled: it may include aws-sdk), a runtime this file cannot see.\n"
		"\n"
		"Tune: [rule \"sdk-v2-inline\"] severity, exclude, function_types, from_nodejs_major.\n",
	.keys = keys,
	.settings_size = sizeof(struct sdk_v2_inline_settings),
	.on_resource = rule_sdk_v2_resource,
};
