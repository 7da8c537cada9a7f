/*
 * admin-iam-policy
 *
 * Risk: a policy statement that allows every action on every resource
 * (or the AWS managed AdministratorAccess policy) makes whoever holds it
 * an account administrator: a leaked Lambda role or CI credential then
 * owns the whole account.
 *
 * Violating:  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }]
 *             aws.iam.getPolicyDocument({ statements: [{ actions: ['*'], resources: ['*'] }] })
 * Compliant:  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: bucket.arn }]
 *             Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: {...} }]
 *
 * Limits: statements are object literals (in JSON.stringify,
 * pulumi.jsonStringify, a `policy:` value, a const, anywhere in the
 * file), with capitalised keys (Effect/Action/Resource) or the lowercase
 * keys of aws.iam.getPolicyDocument (effect/actions/resources, where a
 * missing effect means Allow); values are literals or same-file consts.
 * Policies written as JSON text in a string are not parsed.
 * NotAction / NotResource statements are not judged.
 */
#include "rules/rules.h"

#include <string.h>

#define RULE "admin-iam-policy"

struct admin_iam_policy_settings {
	struct strlist admin_actions;
	struct strlist all_resources;
	struct strlist policy_document_functions;
	struct strlist admin_policy_arns;
	struct strlist policy_arn_properties;
};

static const char hint_scope[] =
	"list the actions the role needs (e.g. 's3:GetObject') on the resources it uses "
	"(bucket.arn, pulumi.interpolate`${table.arn}/index/*`)";

/*
 * 1 if `value` is one of `words` or an array holding one, directly or
 * through consts; *at is the element (or value) where it is written.
 */
static int holds(struct ctx *c, TSNode value, const struct strlist *words, TSNode *at)
{
	const char *s;
	size_t len;
	TSNode lit, arr;
	uint32_t i, n;

	if (ts_node_is_null(value))
		return 0;
	if (value_static_text(c, value, &s, &len, &lit)) {
		*at = lit;
		return strlist_has_n(words, s, len);
	}
	arr = value_unwrap(c, value);
	if (!list_like(arr))
		return 0;
	n = ts_node_named_child_count(arr);
	for (i = 0; i < n; i++) {
		TSNode e = ts_node_named_child(arr, i);

		if (value_static_text(c, e, &s, &len, &lit) && strlist_has_n(words, s, len)) {
			*at = lit;
			return 1;
		}
	}
	return 0;
}

/* 1 if the node the walk is at lies in the arguments of
 * aws.iam.getPolicyDocument(...) (or its Output form), where a statement
 * without `effect` allows. Ancestors come from the walk's path. */
static int in_policy_document(struct ctx *c)
{
	const struct admin_iam_policy_settings *conf = rule_settings(c, RULE_ADMIN_IAM_POLICY);
	struct buf name = BUF_INIT;
	int yes = 0;
	uint32_t k;
	TSNode n;

	for (k = 1; !ts_node_is_null(n = ctx_ancestor(c, k)); k++) {
		if (node_is(n, "statement_block") || node_is(n, "program") || node_is(n, "module"))
			break;
		if (ts_node_symbol(n) != c->sym[SYM_CALL])
			continue;
		if (canon_name_camel(c, ts_node_child_by_field_name(n, "function", 8), &name) &&
		    strlist_has(&conf->policy_document_functions, name.ptr)) {
			yes = 1;
			break;
		}
	}
	buf_release(&name);
	return yes;
}

/* A statement: { Effect, Action, Resource } or { effect, actions, resources }. */
static void rule_admin_object(struct ctx *c, TSNode obj)
{
	const struct admin_iam_policy_settings *conf = rule_settings(c, RULE_ADMIN_IAM_POLICY);
	TSNode effect, action, resource, at_action = { 0 }, at_resource = { 0 }, at, lit;
	const char *s;
	size_t len;
	int lower = 0;

	/* most objects are no statement: two lookups tell (each is a scan) */
	action = object_get(c, obj, "Action");
	resource = ts_node_is_null(action) ? action : object_get(c, obj, "Resource");
	if (ts_node_is_null(action) || ts_node_is_null(resource)) {
		action = object_get(c, obj, "actions");
		if (ts_node_is_null(action))
			return;
		resource = object_get(c, obj, "resources");
		if (ts_node_is_null(resource))
			return;
		effect = object_get(c, obj, "effect");
		lower = 1;
	} else {
		effect = object_get(c, obj, "Effect");
	}
	if (ts_node_is_null(effect)) {
		/* getPolicyDocument's effect defaults to Allow; IAM JSON needs it */
		if (!lower || !in_policy_document(c))
			return;
	} else if (!value_static_text(c, effect, &s, &len, &lit) || len != 5 || memcmp(s, "Allow", 5)) {
		return;		/* Deny, or an effect this file cannot see */
	}
	if (!holds(c, action, &conf->admin_actions, &at_action) ||
	    !holds(c, resource, &conf->all_resources, &at_resource))
		return;
	/* on the action if that was added, else where the statement changed */
	at = node_on_added(c, at_action) ? at_action : node_on_added(c, action) ? action :
	     node_on_added(c, effect) ? effect : node_on_added(c, at_resource) ? at_resource : at_action;
	s = node_text(c, at_action, &len);
	report_node(c, RULE, c->sev[RULE_ADMIN_IAM_POLICY], at, at, 0, hint_scope,
		    "administrator policy: a statement allows %s %.*s on %s '*': whoever holds it "
		    "controls the whole account",
		    lower ? "actions" : "Action", (int)(len > 20 ? 20 : len), s,
		    lower ? "resources" : "Resource");
}

/* 1 if the text names an admin managed policy: its ARN in any partition,
 * or (for an enum member) its name. */
static int admin_arn(struct ctx *c, const char *s, size_t len, int member)
{
	const struct admin_iam_policy_settings *conf = rule_settings(c, RULE_ADMIN_IAM_POLICY);
	const struct strlist *arns = &conf->admin_policy_arns;
	size_t i;

	for (i = 0; i < arns->nr; i++) {
		const char *a = arns->items[i], *tail = strrchr(a, '/');
		const char *p1, *p2;

		if (member) {
			if (tail && strlen(tail + 1) == len && !memcmp(tail + 1, s, len))
				return 1;
			continue;
		}
		/* compare after "arn:<partition>:" so aws-cn and aws-us-gov match */
		p1 = strchr(a, ':');
		p2 = p1 ? strchr(p1 + 1, ':') : NULL;
		if (!p2 || len < 4 || memcmp(s, "arn:", 4))
			continue;
		{
			const char *q = memchr(s + 4, ':', len - 4);

			if (q && (size_t)(s + len - q) == strlen(p2) && !memcmp(q, p2, strlen(p2)))
				return 1;
		}
	}
	return 0;
}

/* Judge one managed policy ARN value (a literal, a const or
 * aws.iam.ManagedPolicy.AdministratorAccess). */
static void check_arn(struct ctx *c, const char *type, const char *prop, TSNode value, TSNode use)
{
	struct buf name = BUF_INIT;
	const char *s;
	size_t len;
	TSNode lit = value, n;
	int hit = 0;

	if (value_static_text(c, value, &s, &len, &lit)) {
		hit = admin_arn(c, s, len, 0);
	} else {
		TSNode obj, member;

		n = value_unwrap(c, value);
		if (member_parts(n, &obj, &member) && canon_name(c, n, &name) &&
		    (strstr(name.ptr, ".ManagedPolicy.") || strstr(name.ptr, ".ManagedPolicies."))) {
			s = strrchr(name.ptr, '.') + 1;
			hit = admin_arn(c, s, strlen(s), 1);
			lit = n;
		}
	}
	if (hit) {
		s = node_text(c, lit, &len);
		report_node(c, RULE, c->sev[RULE_ADMIN_IAM_POLICY], lit, use, 0, hint_scope,
			    "administrator policy: '%s' of %s attaches %.*s: whoever holds it controls "
			    "the whole account", prop, type, (int)(len > 80 ? 80 : len), s);
	}
	buf_release(&name);
}

static void rule_admin_resource(struct ctx *c, const struct resource *r)
{
	const char *type = r->type;
	const struct admin_iam_policy_settings *conf = rule_settings(c, RULE_ADMIN_IAM_POLICY);
	const struct strlist *props = &conf->policy_arn_properties;
	size_t i;

	/* the arguments as one object literal (not one Object.assign() puts together) */
	if (ts_node_is_null(r->props) || r->props_composed)
		return;
	for (i = 0; i < props->nr; i++) {
		const char *prop = resource_entry_prop(r, props->items[i]);
		TSNode value, arr;

		if (!prop)
			continue;
		value = resource_prop(r, prop);
		if (ts_node_is_null(value))
			continue;
		arr = value_unwrap(c, value);
		if (list_like(arr)) {
			uint32_t k, n = ts_node_named_child_count(arr);

			for (k = 0; k < n; k++) {
				TSNode e = ts_node_named_child(arr, k);

				check_arn(c, type, prop, e, ts_node_eq(arr, value) ? e : value);
			}
		} else {
			check_arn(c, type, prop, value, value);
		}
	}
}

static const struct key_def keys[] = {
	RULE_KEY(admin_iam_policy_settings, K_LIST, admin_actions),
	RULE_KEY(admin_iam_policy_settings, K_LIST, all_resources),
	RULE_KEY(admin_iam_policy_settings, K_LIST, policy_document_functions),
	RULE_KEY(admin_iam_policy_settings, K_LIST, admin_policy_arns),
	RULE_KEY(admin_iam_policy_settings, K_LIST, policy_arn_properties),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_admin_iam_policy = {
	.id = RULE,
	.summary = "an IAM statement allows every action on every resource (administrator access)",
	.explain =
		"Catches: a policy statement object with Effect 'Allow', an Action that is (or holds)\n"
		"'*' or '*:*' (admin_actions) and a Resource that is (or holds) '*' (all_resources):\n"
		"inside JSON.stringify / pulumi.jsonStringify, a `policy:` value or a const; also the\n"
		"lowercase statements of aws.iam.getPolicyDocument (effect/actions/resources; a missing\n"
		"effect means Allow there); and the AWS managed AdministratorAccess policy attached\n"
		"through policyArn / managedPolicyArns (admin_policy_arns, policy_arn_properties),\n"
		"written as an ARN or as aws.iam.ManagedPolicy.AdministratorAccess. The finding is on\n"
		"the Action value.\n"
		"\n"
		"Why: whoever holds the policy (a Lambda, a CI user, an instance) is an administrator\n"
		"of the account: one leaked credential or injected request owns everything.\n"
		"\n"
		"Bad:   policy: JSON.stringify({ Version: '2012-10-17',\n"
		"           Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })\n"
		"       policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess'\n"
		"Good:  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: `${arn}/*` }]\n"
		"       Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup'], Resource: '*' }]\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   json.dumps({\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]})\n"
		"       aws.iam.get_policy_document(statements=[{\"actions\": [\"*\"], \"resources\": [\"*\"]}])\n"
		"Good:  json.dumps({\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\"], \"Resource\": [arn]}]})\n"
		"\n"
		"Not findings: Deny statements (a region guard `Deny * on *` is a control, not a grant),\n"
		"Resource '*' with specific actions (common and often required), service wildcards such\n"
		"as 's3:*', values this file cannot see, JSON policies written as text.\n"
		"\n"
		"Tune: [rule \"admin-iam-policy\"] severity, exclude, admin_actions, all_resources,\n"
		"policy_document_functions, admin_policy_arns (add PowerUserAccess, IAMFullAccess to\n"
		"be stricter), policy_arn_properties.\n",
	.keys = keys,
	.settings_size = sizeof(struct admin_iam_policy_settings),
	.on_resource = rule_admin_resource,
	.on_object = rule_admin_object,
};
