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

int bucket_rule_covers(const struct ctx *c, const char *type, const char *prop, size_t plen);

static void describe(const struct ctx *c, const struct value *v, struct buf *why)
{
	size_t len;
	const char *t;

	if (v->any & V_STACK && !c->cfg->accept_get_stack)
		buf_puts(why, "pulumi.getStack() is not the environment suffix");
	else if (v->any & V_COMPNAME && !c->cfg->accept_component_name) {
		t = node_text(c, v->dyn, &len);
		buf_printf(why, "the component's name parameter '%.*s' is not the environment suffix",
			   (int)(len > 40 ? 40 : len), t);
	} else {
		buf_puts(why, "it is a fixed string");
	}
}

static void check_name(struct ctx *c, enum severity sev, TSNode value, TSNode use,
		       const char *type, const char *what)
{
	struct value v;
	struct buf why = BUF_INIT, hint = BUF_INIT;
	const char *sfx = c->cfg->suffix_identifiers.nr ? c->cfg->suffix_identifiers.items[0]
							 : "environmentSuffix";
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
	if (node_is(at, "string") && len >= 2)
		buf_printf(&hint, "add the suffix: `%.*s-${%s}`", (int)(len - 2 > 60 ? 60 : len - 2), t + 1, sfx);
	else
		buf_printf(&hint, "add ${%s} to the name", sfx);
	report_node(c, RULE, sev, at, use, 0, hint.ptr,
		    "%s of %s, %.*s, lacks the environment suffix: %s",
		    what, type, (int)(len > 80 ? 80 : len), t, why.ptr);
	buf_release(&why);
	buf_release(&hint);
}

void rule_suffix_resource(struct ctx *c, TSNode new_expr, const char *type, TSNode args)
{
	enum severity sev = config_severity(c->cfg, RULE_MISSING_ENV_SUFFIX, c->change->path);
	size_t tl = strlen(type), i;
	TSNode obj;

	if (sev == SEV_DISABLED || !node_is(args, "arguments") || !call_argc(args) ||
	    !resource_is_named(c, type))
		return;
	if (c->cfg->check_logical_name) {
		TSNode name = call_arg(args, 0);

		check_name(c, sev, name, name, type, "resource name");
	}
	if (call_argc(args) < 2)
		return;
	obj = resolve_const(c, call_arg(args, 1));
	if (!node_is(obj, "object"))
		return;
	for (i = 0; i < c->cfg->name_properties.nr; i++) {
		const char *entry = c->cfg->name_properties.items[i];
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
