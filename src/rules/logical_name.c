/*
 * unsuffixed-logical-name
 *
 * Risk: none to the cloud by itself. The logical name (first argument of
 * `new`) is part of the resource's URN, which includes the stack, and
 * seeds Pulumi's auto-naming (`name-<random>`): two stacks never collide
 * on it. Teams whose convention wants the suffix in logical names too
 * make this rule mandatory; by default it only warns.
 *
 * Violating:  new aws.sqs.Queue('orders-queue', { ... })
 * Compliant:  new aws.sqs.Queue(`orders-queue-${environmentSuffix}`, { ... })
 *
 * Where the project's pulumi:autonaming turns logical names into physical
 * names (Pulumi.yaml, Pulumi.<stack>.yaml), missing-env-suffix judges them
 * instead and this rule stays silent on those types.
 *
 * Limits: as missing-env-suffix's (rules/suffix.c), whose
 * suffix_identifiers, non_suffix_identifiers, accept_get_stack,
 * accept_component_name and exclude_types it uses.
 */
#include "rules/rules.h"

#define RULE "unsuffixed-logical-name"

static void rule_logical_resource(struct ctx *c, const struct resource *r)
{
	const char *type = r->type;
	enum severity sev = c->sev[RULE_UNSUFFIXED_LOGICAL_NAME];
	struct buf why = BUF_INIT;
	int physical;

	if (ts_node_is_null(r->name) || !resource_is_named(c, type))
		return;
	/* there missing-env-suffix judges it, as the physical name it is */
	physical = autonaming_makes_physical(c, type, &why) &&
		   c->sev[RULE_MISSING_ENV_SUFFIX] != SEV_DISABLED;
	buf_release(&why);
	if (!physical)
		suffix_judge_name(c, RULE, sev, r->name, type, "logical name",
				  " (the logical name is part of a URN that includes the stack, so it never "
				  "collides; this is the team's naming convention)");
}

const struct rule_def rule_unsuffixed_logical_name = {
	.id = RULE,
	.summary = "a resource's logical name (first argument of new) does not carry the environment suffix",
	.explain =
		"Catches: the first argument of `new X.mod.Type(name, args)` (X imported from a\n"
		"@pulumi/* package) whose value is certain to lack the suffix, as missing-env-suffix\n"
		"decides it: a literal, a template of literals, pulumi.getStack(), a component's own\n"
		"`name`, a value known not to be the suffix, or what a same-file call passes to the\n"
		"parameter it is built from.\n"
		"\n"
		"Why: a convention, advisory by default. The logical name is part of the URN, which\n"
		"includes the stack, and Pulumi auto-names the cloud resource `name-<random>`, so two\n"
		"stacks never collide on it. A team that wants suffixed logical names sets this rule\n"
		"to mandatory.\n"
		"\n"
		"Bad:   new aws.sqs.Queue('orders-queue', {})\n"
		"Good:  new aws.sqs.Queue(`orders-queue-${environmentSuffix}`, {})\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   aws.sqs.Queue(\"orders-queue\")\n"
		"Good:  aws.sqs.Queue(f\"orders-queue-{environment_suffix}\")\n"
		"\n"
		"Not findings: types excluded by missing-env-suffix's exclude_types (Providers);\n"
		"types whose logical names the project's pulumi:autonaming makes physical names\n"
		"(missing-env-suffix reports those, blocking).\n"
		"\n"
		"Tune: [rule \"unsuffixed-logical-name\"] severity (mandatory to enforce the\n"
		"convention), exclude; the suffix words are [rule \"missing-env-suffix\"]\n"
		"suffix_identifiers and non_suffix_identifiers. This replaces missing-env-suffix's\n"
		"old check_logical_name key.\n",
	.on_resource = rule_logical_resource,
};
