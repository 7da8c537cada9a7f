/*
 * reserved-lambda-env
 *
 * Risk: Lambda reserves some environment variable names for itself
 * (AWS_REGION, AWS_LAMBDA_*, _HANDLER, TZ...). Setting one in the
 * function's configuration makes the deploy fail ("Lambda was unable to
 * configure your environment variables because the environment variables
 * you have provided contains reserved keys").
 *
 * Violating:  environment: { variables: { AWS_REGION: aws.config.region! } }
 * Compliant:  environment: { variables: { APP_REGION: aws.config.region! } }
 *             (or nothing: the function reads process.env.AWS_REGION, which Lambda sets)
 *
 * Limits: keys written in this file: the `variables` object directly, through
 * same-file consts (of `environment` or `variables`) and through spreads of
 * same-file const objects; computed keys ([k]: v) are not judged.
 */
#include "rules/rules.h"

#include <string.h>

#define RULE "reserved-lambda-env"

struct reserved_lambda_env_settings {
	struct strlist function_types;
	struct strlist reserved_keys;
	struct strlist allowed_keys;
};

/* 1 if the key matches a reserved glob and no allowed one. */
static int key_reserved(const struct ctx *c, const char *key, size_t len)
{
	const struct reserved_lambda_env_settings *conf = rule_settings(c, RULE_RESERVED_LAMBDA_ENV);
	const struct strlist *reserved = &conf->reserved_keys;
	const struct strlist *allowed = &conf->allowed_keys;
	char k[128];
	size_t i;

	if (!len || len >= sizeof(k))
		return 0;
	memcpy(k, key, len);
	k[len] = '\0';
	for (i = 0; i < allowed->nr; i++)
		if (glob_match(allowed->items[i], k))
			return 0;
	for (i = 0; i < reserved->nr; i++)
		if (glob_match(reserved->items[i], k))
			return 1;
	return 0;
}

struct env_check {
	enum severity sev;
	const char *type;
};

/* One entry of environment.variables: `KEY: v`, a shorthand, `KEY=v`. */
static void check_variable(struct ctx *c, TSNode p, void *data)
{
	const struct env_check *e = data;
	TSNode key = p;
	const char *k;
	size_t kl;

	if (node_is(p, "shorthand_property_identifier")) {
		k = node_text(c, p, &kl);
	} else if (pair_key(c, p, &k, &kl)) {
		key = ts_node_child_by_field_name(p, "key", 3);
		if (ts_node_is_null(key))
			key = p;	/* a keyword argument: dict(AWS_REGION=...) */
	} else {
		return;
	}
	if (!key_reserved(c, k, kl))
		return;
	report_node(c, RULE, e->sev, key, key, 0,
		    "remove it: Lambda sets it itself (read process.env in the function), or rename "
		    "it (e.g. APP_ prefix) if it is your own setting",
		    "reserved Lambda environment variable '%.*s' in environment.variables of %s: "
		    "AWS rejects the function configuration and the deploy fails",
		    (int)(kl > 80 ? 80 : kl), k, e->type);
}

/* Every entry, also those it spreads ({ ...commonEnv, LOG_LEVEL: 'info' }, **common). */
static void check_variables(struct ctx *c, enum severity sev, TSNode vars, const char *type)
{
	struct env_check e = { sev, type };

	object_each(c, vars, check_variable, &e);
}

static void rule_reserved_env_resource(struct ctx *c, const struct resource *r)
{
	const char *type = r->type;
	const struct reserved_lambda_env_settings *conf = rule_settings(c, RULE_RESERVED_LAMBDA_ENV);
	enum severity sev = c->sev[RULE_RESERVED_LAMBDA_ENV];
	TSNode env;

	if (ts_node_is_null(r->props) ||
	    !strlist_has(&conf->function_types, type))
		return;
	env = resolve_const(c, resource_prop(r, "environment"));
	if (!object_like(c, env))
		return;
	check_variables(c, sev, object_get(c, env, "variables"), type);
}

static const struct key_def keys[] = {
	RULE_KEY(reserved_lambda_env_settings, K_LIST, function_types),
	RULE_KEY(reserved_lambda_env_settings, K_LIST, reserved_keys),
	RULE_KEY(reserved_lambda_env_settings, K_LIST, allowed_keys),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_reserved_lambda_env = {
	.id = RULE,
	.summary = "a Lambda environment variable uses a key that AWS reserves (the deploy fails)",
	.explain =
		"Catches: a key of `environment.variables` of aws.lambda.Function (function_types)\n"
		"that matches reserved_keys (globs: AWS_REGION, AWS_DEFAULT_REGION, AWS_ACCESS_KEY*,\n"
		"AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_LAMBDA_*, AWS_EXECUTION_ENV, _HANDLER,\n"
		"_X_AMZN_TRACE_ID, LAMBDA_TASK_ROOT, LAMBDA_RUNTIME_DIR, TZ) and not allowed_keys,\n"
		"written directly, through same-file consts, or in a spread const object.\n"
		"\n"
		"Why: Lambda sets these itself and rejects a configuration that sets them: the\n"
		"deploy fails.\n"
		"\n"
		"Bad:   environment: { variables: { AWS_REGION: 'us-east-1', TZ: 'Europe/Paris' } }\n"
		"Good:  environment: { variables: { APP_REGION: 'us-east-1', APP_TIMEZONE: 'Europe/Paris' } }\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   environment={\"variables\": {\"AWS_REGION\": \"us-east-1\"}}\n"
		"Good:  environment={\"variables\": {\"APP_REGION\": \"us-east-1\"}}\n"
		"\n"
		"Not findings: keys Lambda lets you set (AWS_LAMBDA_EXEC_WRAPPER, LANG, PATH,\n"
		"NODE_OPTIONS, AWS_NODEJS_CONNECTION_REUSE_ENABLED), process.env.AWS_REGION read in code,\n"
		"computed keys.\n"
		"\n"
		"Tune: [rule \"reserved-lambda-env\"] severity, exclude, function_types, reserved_keys,\n"
		"allowed_keys (exceptions to the globs).\n",
	.keys = keys,
	.settings_size = sizeof(struct reserved_lambda_env_settings),
	.on_resource = rule_reserved_env_resource,
};
