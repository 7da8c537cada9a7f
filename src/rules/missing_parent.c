/*
 * missing-parent
 *
 * Risk: a resource created inside a ComponentResource without
 * `{ parent: this }` is not a child of the component: it sits at the
 * stack's root in the state, does not inherit the component's provider,
 * aliases or protect flag, and renaming or moving the component later
 * replaces it instead of following.
 *
 * Violating:  class Tap extends pulumi.ComponentResource { constructor(...) {
 *                 new aws.sqs.Queue(`q-${environmentSuffix}`, {}); } }
 * Compliant:  new aws.sqs.Queue(`q-${environmentSuffix}`, {}, { parent: this });
 *
 * Limits: only `new` of @pulumi provider classes (providers included:
 * they are resources and belong under the component too) in a class
 * whose `extends` names *.ComponentResource, in its constructor or an
 * instance method (arrow functions inside them count; other functions
 * rebind `this` and are not judged). Options that this file cannot see
 * (a variable, a call such as pulumi.mergeOptions(...), a spread of an
 * unknown object) are unknown and never a finding; the constructor's own
 * parameters (opts) can never hold `this`, so `new X(n, a, opts)` and
 * `{ ...opts }` without parent are findings.
 */
#include "rules/rules.h"

#include <string.h>

#define RULE "missing-parent"

struct missing_parent_settings {
	int check_methods;
	struct strlist exclude_types;
};

enum parent { PARENT_MISSING, PARENT_SET, PARENT_UNKNOWN };

/* What the options value `n` says about `parent`; `method` is the
 * component method the resource is created in (its constructor: in_ctor). */
static enum parent options_parent(struct ctx *c, TSNode n, TSNode method, int in_ctor, int depth)
{
	const char *t;
	size_t len;
	uint32_t i, cnt;
	int unknown = 0;

	if (ts_node_is_null(n) || depth > 8)
		return PARENT_UNKNOWN;
	if (node_is(n, "undefined") || node_is(n, "null") || node_is(n, "none") ||
	    (node_is(n, "identifier") && node_text_eq(c, n, "undefined")))
		return PARENT_MISSING;
	if (node_is(n, "parenthesized_expression") || node_is(n, "as_expression") ||
	    node_is(n, "satisfies_expression") || node_is(n, "non_null_expression"))
		return options_parent(c, call_arg(n, 0), method, in_ctor, depth + 1);
	if (node_is(n, "identifier")) {
		const struct decl *d;

		t = node_text(c, n, &len);
		d = ctx_find_decl(c, t, len, ts_node_start_byte(n));
		if (!d)
			return PARENT_UNKNOWN;
		if (d->kind == DECL_CONST)
			return options_parent(c, d->value, method, in_ctor, depth + 1);
		/* the constructor's parameters exist before `this` does */
		if ((d->kind == DECL_PARAM || d->kind == DECL_COMPONENT_NAME) && in_ctor &&
		    d->scope_start == ts_node_start_byte(method) && d->scope_end == ts_node_end_byte(method))
			return PARENT_MISSING;
		return PARENT_UNKNOWN;
	}
	if (node_is(n, "call") && object_like(c, n)) {
		/* Python: pulumi.ResourceOptions(provider=p, parent=None) */
		TSNode v = object_get(c, n, "parent");

		if (ts_node_is_null(v)) {
			/* **base may hold one */
			t = node_text(c, n, &len);
			return memmem(t, len, "**", 2) ? PARENT_UNKNOWN : PARENT_MISSING;
		}
		return options_parent(c, v, method, in_ctor, depth + 1) != PARENT_MISSING ?
		       PARENT_SET : PARENT_MISSING;
	}
	if (!node_is(n, "object"))
		return PARENT_UNKNOWN;
	cnt = ts_node_named_child_count(n);
	for (i = 0; i < cnt; i++) {
		TSNode p = ts_node_named_child(n, i);
		const char *k;
		size_t kl;

		if (node_is(p, "pair") && pair_key(c, p, &k, &kl) && kl == 6 && !memcmp(k, "parent", 6)) {
			TSNode v = ts_node_child_by_field_name(p, "value", 5);

			/* parent: undefined says "no parent"; anything else is a parent */
			if (options_parent(c, v, method, in_ctor, depth + 1) != PARENT_MISSING)
				return PARENT_SET;
			continue;
		}
		if (node_is(p, "shorthand_property_identifier") && node_text_eq(c, p, "parent"))
			return PARENT_SET;
		if (node_is(p, "spread_element")) {
			enum parent r = options_parent(c, call_arg(p, 0), method, in_ctor, depth + 1);

			if (r == PARENT_SET)
				return PARENT_SET;
			if (r == PARENT_UNKNOWN)
				unknown = 1;
		}
	}
	return unknown ? PARENT_UNKNOWN : PARENT_MISSING;
}

static int type_excluded(struct ctx *c, const char *type)
{
	const struct missing_parent_settings *conf = rule_settings(c, RULE_MISSING_PARENT);
	const struct strlist *l = &conf->exclude_types;
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (glob_match(l->items[i], type))
			return 1;
	return 0;
}

static void rule_parent_resource(struct ctx *c, const struct resource *r)
{
	const char *type = r->type;
	const struct missing_parent_settings *conf = rule_settings(c, RULE_MISSING_PARENT);
	struct resource_scope in;
	const char *t;
	size_t len;

	if (type_excluded(c, type))
		return;
	if (!resource_component(r, &in) ||
	    (!in.in_constructor && !conf->check_methods))
		return;
	/* no options at all: no parent */
	if (!ts_node_is_null(r->opts) &&
	    options_parent(c, r->opts, in.method, in.in_constructor, 0) != PARENT_MISSING)
		return;
	t = ts_node_is_null(in.name) ? "(anonymous)" : node_text(c, in.name, &len);
	if (ts_node_is_null(in.name))
		len = strlen(t);
	report_node(c, RULE, c->sev[RULE_MISSING_PARENT], ts_node_is_null(r->opts) ? r->type_at : r->opts, r->type_at,
		    REPORT_AT_USE, c->lang->words->parent_fix,
		    "%s created inside component %.*s without %s: it lands at the stack's "
		    "root instead of under the component, and does not follow it on rename",
		    type, (int)(len > 60 ? 60 : len), t, c->lang->words->parent);
}

static const struct key_def keys[] = {
	RULE_KEY(missing_parent_settings, K_BOOL, check_methods),
	RULE_KEY(missing_parent_settings, K_LIST, exclude_types),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_missing_parent = {
	.id = RULE,
	.summary = "a resource created inside a ComponentResource has no { parent: this }",
	.explain =
		"Catches: `new` of a @pulumi provider class (aws.Provider included) in the constructor\n"
		"of a class that extends pulumi.ComponentResource (or any *.ComponentResource), or in\n"
		"one of its instance methods (check_methods), whose options (third argument) do not\n"
		"set `parent`: no third argument, an object without `parent`, `parent: undefined`, or\n"
		"the constructor's own `opts` parameter (it can never hold `this`). Arrow functions\n"
		"inside the constructor keep `this` and are judged too.\n"
		"\n"
		"Why: without a parent the resource is not part of the component: it sits at the\n"
		"stack's root, does not inherit the component's providers, and renaming or moving the\n"
		"component later replaces it instead of following (and breaks aliases).\n"
		"\n"
		"Bad:   new aws.sqs.Queue(`q-${environmentSuffix}`, {})\n"
		"       new aws.sqs.Queue(`q-${environmentSuffix}`, {}, { provider })\n"
		"       new aws.sqs.Queue(`q-${environmentSuffix}`, {}, opts)\n"
		"Good:  new aws.sqs.Queue(`q-${environmentSuffix}`, {}, { parent: this })\n"
		"       { ...opts, parent: this }, { parent: this.vpc }, { parent: bucket },\n"
		"       const childOpts = { parent: this }; ... childOpts\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   aws.sqs.Queue(f\"q-{environment_suffix}\")   (inside a pulumi.ComponentResource subclass)\n"
		"Good:  aws.sqs.Queue(f\"q-{environment_suffix}\", opts=pulumi.ResourceOptions(parent=self))\n"
		"\n"
		"Not findings: resources outside component classes (bin/tap.ts), options this file\n"
		"cannot see (a method parameter, pulumi.mergeOptions(...), a spread of an unknown\n"
		"object), static methods and plain `function`s (they have their own `this`),\n"
		"exclude_types (aws.sdk.* clients are not resources).\n"
		"\n"
		"Tune: [rule \"missing-parent\"] severity (advisory by default), exclude,\n"
		"check_methods, exclude_types (e.g. add *.Provider to let providers sit at the root).\n",
	.keys = keys,
	.settings_size = sizeof(struct missing_parent_settings),
	.on_resource = rule_parent_resource,
};
