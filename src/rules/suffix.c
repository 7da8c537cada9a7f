/*
 * missing-env-suffix
 *
 * Risk: a resource whose name lacks the environment suffix collides with
 * the same resource of every other environment deployed to the account
 * (dev and staging replace each other's queues, roles and log groups).
 *
 * Violating:  new aws.ec2.Vpc('main-vpc', { ... })
 *             new aws.sqs.Queue(`q-${environmentSuffix}`, { name: 'orders' })
 * Compliant:  new aws.ec2.Vpc(`vpc-${environmentSuffix}`, { ... })
 *
 * Limits: only names that are certain to lack the suffix are reported
 * (literals, templates of literals, pulumi.getStack(), a component's own
 * name); a name built from values this file cannot see is never reported.
 * Physical names are the top-level properties listed in the INI.
 */
#include "rules.h"

#include <string.h>

#define RULE "missing-env-suffix"

static void describe(const struct ctx *c, const struct value *v, struct buf *why)
{
	size_t len;
	const char *t;

	if (v->any & V_STACK && !rule_bool(c->cfg, RULE_MISSING_ENV_SUFFIX, "accept_get_stack"))
		buf_puts(why, "pulumi.getStack() is not the environment suffix");
	else if (v->any & V_COMPNAME && !rule_bool(c->cfg, RULE_MISSING_ENV_SUFFIX, "accept_component_name")) {
		t = node_text(c, v->dyn, &len);
		buf_printf(why, "the component's name parameter '%.*s' is not the environment suffix",
			   (int)(len > 40 ? 40 : len), t);
	} else {
		buf_puts(why, "it is a fixed string");
	}
}

/* Does an identifier (or destructured name) `name` occur under n? */
static int names_identifier(const struct ctx *c, TSNode n, const char *name, int depth)
{
	uint32_t i, nc;

	if (depth > 200)
		return 0;
	if ((node_is(n, "identifier") || node_is(n, "shorthand_property_identifier_pattern")) &&
	    node_text_eq(c, n, name))
		return 1;
	nc = ts_node_named_child_count(n);
	for (i = 0; i < nc; i++)
		if (names_identifier(c, ts_node_named_child(n, i), name, depth + 1))
			return 1;
	return 0;
}

/*
 * How the suffix is spelled where `at` sits, for the hint: `sfx` when that
 * name is bound there (a const, a parameter, `const { sfx } = args`), else
 * `ARGS.sfx` inside a component's constructor(name, ARGS, opts), where the
 * suffix usually arrives; else plain `sfx`.
 */
static void suffix_in_scope(struct ctx *c, TSNode at, const char *sfx, struct buf *out)
{
	TSNode n = at;

	if (ctx_find_decl(c, sfx, strlen(sfx), ts_node_start_byte(at))) {
		buf_puts(out, sfx);
		return;
	}
	for (n = ts_node_parent(at); !ts_node_is_null(n); n = ts_node_parent(n)) {
		TSNode params, second;

		if (!node_is(n, "method_definition") && !node_is(n, "function_declaration") &&
		    !node_is(n, "arrow_function") && !node_is(n, "function_expression") &&
		    !node_is(n, "function"))
			continue;
		if (names_identifier(c, n, sfx, 0))
			break;
		if (!node_is(n, "method_definition") || !node_text_eq(c, node_field(n, "name"), "constructor"))
			continue;
		params = node_field(n, "parameters");
		if (ts_node_is_null(params) || ts_node_named_child_count(params) < 2)
			continue;
		second = node_field(ts_node_named_child(params, 1), "pattern");
		if (!ts_node_is_null(second) && node_is(second, "identifier")) {
			size_t len;
			const char *t = node_text(c, second, &len);

			buf_printf(out, "%.*s.%s", (int)(len > 40 ? 40 : len), t, sfx);
			return;
		}
	}
	buf_puts(out, sfx);
}

static void check_name(struct ctx *c, enum severity sev, TSNode value, TSNode use,
		       const char *type, const char *what)
{
	struct value v;
	struct buf why = BUF_INIT, hint = BUF_INIT, spelled = BUF_INIT;
	const struct strlist *ids = rule_list(c->cfg, RULE_MISSING_ENV_SUFFIX, "suffix_identifiers");
	const char *sfx = ids->nr ? ids->items[0] : "environmentSuffix";
	TSNode at;
	size_t len, ulen;
	const char *t, *u;

	value_classify(c, value, &v);
	if (!value_lacks_suffix(c, &v))
		return;
	describe(c, &v, &why);
	at = v.has_lit ? v.lit : value;
	t = node_text(c, at, &len);
	if (!ts_node_eq(at, value)) {
		/* reached through a const: say where it is used */
		u = node_text(c, value, &ulen);
		buf_printf(&why, " (through %.*s on line %u)", (int)(ulen > 40 ? 40 : ulen), u,
			   ts_node_start_point(use).row + 1);
	}
	suffix_in_scope(c, use, sfx, &spelled);
	if (node_is(at, "string") && len >= 2)
		buf_printf(&hint, "add the suffix: `%.*s-${%s}`", (int)(len - 2 > 60 ? 60 : len - 2), t + 1,
			   spelled.ptr);
	else
		buf_printf(&hint, "add ${%s} to the name", spelled.ptr);
	report_node(c, RULE, sev, at, use, 0, hint.ptr,
		    "%s of %s, %.*s, lacks the environment suffix: %s",
		    what, type, (int)(len > 80 ? 80 : len), t, why.ptr);
	buf_release(&why);
	buf_release(&hint);
	buf_release(&spelled);
}

static void rule_suffix_resource(struct ctx *c, TSNode new_expr, const char *type, TSNode args)
{
	enum severity sev = config_severity(c->cfg, RULE_MISSING_ENV_SUFFIX, c->change->path);
	const struct strlist *props = rule_list(c->cfg, RULE_MISSING_ENV_SUFFIX, "name_properties");
	size_t tl = strlen(type), i;
	TSNode obj;

	if (sev == SEV_DISABLED || !node_is(args, "arguments") || !call_argc(args) ||
	    !resource_is_named(c, type))
		return;
	if (rule_bool(c->cfg, RULE_MISSING_ENV_SUFFIX, "check_logical_name")) {
		TSNode name = call_arg(args, 0);

		check_name(c, sev, name, name, type, "resource name");
	}
	if (call_argc(args) < 2)
		return;
	obj = resolve_const(c, call_arg(args, 1));
	if (!object_like(c, obj))
		return;
	for (i = 0; i < props->nr; i++) {
		const char *entry = props->items[i];
		const char *dot = strrchr(entry, '.');
		TSNode value;
		char what[96];

		if (!dot || (size_t)(dot - entry) != tl || strncmp(entry, type, tl))
			continue;
		value = object_get(c, obj, dot + 1);
		if (ts_node_is_null(value))
			continue;
		if (bucket_rule_covers(c, type, dot + 1, strlen(dot + 1))) {
			struct value v;

			value_classify(c, value, &v);
			if (value_is_static(&v))
				continue;	/* static-bucket-name reports it */
		}
		snprintf(what, sizeof(what), "physical name '%s'", dot + 1);
		check_name(c, sev, value, value, type, what);
	}
}

static const struct key_def keys[] = {
	{ "suffix_identifiers", K_LIST },
	{ "name_properties", K_LIST },
	{ "exclude_types", K_LIST },
	{ "accept_get_stack", K_BOOL },
	{ "accept_component_name", K_BOOL },
	{ "check_logical_name", K_BOOL },
	{ NULL, K_LIST },
};

const struct rule_def rule_missing_env_suffix = {
	.id = RULE,
	.summary = "a resource's logical or physical name does not carry the environment suffix",
	.explain =
		"Catches: the first argument of `new X.mod.Type(name, args)` (X imported from a\n"
		"@pulumi/* package), or a physical-name property of args (name_properties; top-level\n"
		"keys only), whose value is certain to lack the suffix: a literal, a template of\n"
		"literals, pulumi.getStack(), or a component's own `name` parameter.\n"
		"\n"
		"Why: every environment deploys to the same account; names without the suffix collide\n"
		"(dev replaces staging's queue, the second stack fails on an existing role).\n"
		"\n"
		"Bad:   new aws.ec2.Vpc('main-vpc', { cidrBlock: '10.0.0.0/16' })\n"
		"       new aws.sqs.Queue(`q-${environmentSuffix}`, { name: 'orders' })\n"
		"Good:  new aws.ec2.Vpc(`vpc-${environmentSuffix}`, { cidrBlock: '10.0.0.0/16' })\n"
		"       name: `orders-${args.environmentSuffix.toLowerCase()}`\n"
		"       name: pulumi.interpolate`/aws/lambda/${fn.name}`   (derived from a resource)\n"
		"\n"
		"Not findings: names this file cannot decide (imported helpers, parameters),\n"
		"new aws.Provider(...), pulumi.Config, pulumi.asset.*, static .get() lookups, the\n"
		"project's own component classes.\n"
		"\n"
		"Tune: [rule \"missing-env-suffix\"] severity, exclude, suffix_identifiers,\n"
		"name_properties, exclude_types, accept_get_stack, accept_component_name,\n"
		"check_logical_name.\n",
	.keys = keys,
	.on_new = rule_suffix_resource,
};
