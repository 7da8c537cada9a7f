/*
 * hardcoded-secret
 *
 * Risk: a password, token or key written into the program is in git for
 * ever, readable by everyone with the repository; pulumi.secret('x')
 * only encrypts the state file, the literal stays in git.
 *
 * Violating:  password: 'TempPassword123!'
 *             masterPassword: pulumi.secret('ChangeMe123!')
 * Compliant:  password: config.requireSecret('dbPassword')
 *             masterPassword: new random.RandomPassword('db-pw', {...}).result
 *
 * Limits: a value is followed through same-file consts only; a literal
 * that arrives from another module or through a mutable variable is not
 * seen. Names that merely contain a secret word (passwordSecretName) are
 * references, decided by the reference suffixes in the INI.
 */
#include "rules.h"

#include <ctype.h>
#include <string.h>

#define RULE "hardcoded-secret"

static const char hint_config[] =
	"read it with config.requireSecret('<key>') (set it with `pulumi config set --secret <key>`) "
	"or generate it with random.RandomPassword";

static enum severity sev(struct ctx *c)
{
	return config_severity(c->cfg, RULE_HARDCODED_SECRET, c->change->path);
}

/* Lowercase, without '_' and '-': DB_PASSWORD -> dbpassword. */
static size_t normalise(const char *key, size_t len, char *out, size_t outsz)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 1 < outsz; i++) {
		if (key[i] == '_' || key[i] == '-' || key[i] == '.')
			continue;
		out[n++] = (char)tolower((unsigned char)key[i]);
	}
	out[n] = '\0';
	return n;
}

int key_is_secret_like(const struct config *cfg, const char *key, size_t len)
{
	const struct strlist *words = rule_list(cfg, RULE_HARDCODED_SECRET, "secret_words");
	const struct strlist *suffixes = rule_list(cfg, RULE_HARDCODED_SECRET, "reference_suffixes");
	const struct strlist *prefixes = rule_list(cfg, RULE_HARDCODED_SECRET, "reference_prefixes");
	char norm[128];
	size_t n = normalise(key, len, norm, sizeof(norm)), i;
	int secret = 0;

	for (i = 0; i < words->nr && !secret; i++) {
		char w[64];

		normalise(words->items[i], strlen(words->items[i]), w, sizeof(w));
		if (*w && strstr(norm, w))
			secret = 1;
	}
	if (!secret)
		return 0;
	for (i = 0; i < suffixes->nr; i++) {
		const char *s = suffixes->items[i];
		size_t sl = strlen(s);

		if (sl < n && !strncasecmp(norm + n - sl, s, sl))
			return 0;
	}
	for (i = 0; i < prefixes->nr; i++) {
		const char *s = prefixes->items[i];
		size_t sl = strlen(s);

		if (sl < n && !strncasecmp(norm, s, sl))
			return 0;
	}
	return 1;
}

/* Report `value` if a literal reaches it; `what` names the input. */
static int check_value(struct ctx *c, TSNode value, TSNode use, const char *what)
{
	struct value v;

	value_classify(c, value, &v);
	if (!v.hard)
		return 0;
	report_node(c, RULE, sev(c), v.has_lit ? v.lit : value, use, REPORT_REDACT, hint_config,
		    "hardcoded secret in '%s': a literal value reaches a secret input", what);
	return 1;
}

static int is_stringify(struct ctx *c, TSNode call)
{
	struct buf name = BUF_INIT;
	int bound, yes;

	if (!node_is(call, "call_expression"))
		return 0;
	bound = canon_name(c, node_field(call, "function"), &name);
	yes = name.ptr && (!strcmp(name.ptr, "JSON.stringify") ||
			   (bound && !strcmp(name.ptr, "pulumi.jsonStringify")));
	buf_release(&name);
	return yes;
}

/* The object a secretString stringifies: its secret-like keys. */
static void check_secret_object(struct ctx *c, TSNode obj)
{
	uint32_t i, n;

	obj = resolve_const(c, obj);
	if (!object_like(c, obj))
		return;
	n = ts_node_named_child_count(obj);
	for (i = 0; i < n; i++) {
		TSNode p = ts_node_named_child(obj, i);
		const char *k;
		size_t kl;
		char key[128];

		if (!node_is(p, "pair") || !pair_key(c, p, &k, &kl))
			continue;
		/* secret_keys are judged where they stand, by rule_secret_pair */
		if (list_has_ci(rule_list(c->cfg, RULE_HARDCODED_SECRET, "secret_keys"), k, kl) || !key_is_secret_like(c->cfg, k, kl))
			continue;
		snprintf(key, sizeof(key), "secretString.%.*s", (int)(kl > 100 ? 100 : kl), k);
		check_value(c, node_field(p, "value"), p, key);
	}
}

static void rule_secret_pair(struct ctx *c, TSNode pair)
{
	const char *k;
	size_t kl;
	char key[128];
	TSNode value;

	if (sev(c) == SEV_DISABLED)
		return;
	if (node_is(pair, "shorthand_property_identifier")) {
		/* { password }: the value is the binding of the same name */
		k = node_text(c, pair, &kl);
		value = pair;
	} else if (pair_key(c, pair, &k, &kl)) {
		value = node_field(pair, "value");
	} else {
		return;
	}
	if (!list_has_ci(rule_list(c->cfg, RULE_HARDCODED_SECRET, "secret_keys"), k, kl))
		return;
	snprintf(key, sizeof(key), "%.*s", (int)(kl > 100 ? 100 : kl), k);
	if (kl == 12 && !strncasecmp(k, "secretString", 12)) {
		TSNode inner = value;

		/* secretString: JSON.stringify({ ... }) or pulumi.jsonStringify */
		if (node_is(inner, "call_expression") && is_stringify(c, inner)) {
			TSNode args = node_field(inner, "arguments");

			if (call_argc(args))
				check_secret_object(c, call_arg(args, 0));
			return;
		}
	}
	check_value(c, value, pair, key);
}

static void rule_secret_call(struct ctx *c, TSNode call)
{
	struct buf name = BUF_INIT;
	TSNode args;

	if (sev(c) == SEV_DISABLED)
		return;
	if (!canon_name(c, node_field(call, "function"), &name) ||
	    strcmp(name.ptr, "pulumi.secret"))
		goto out;
	args = node_field(call, "arguments");
	if (call_argc(args)) {
		TSNode arg = call_arg(args, 0);
		struct value v;

		value_classify(c, arg, &v);
		if (v.hard && !(v.any & ~(V_STATIC | V_SUFFIX | V_STACK | V_COMPNAME)))
			report_node(c, RULE, sev(c), v.has_lit ? v.lit : arg, call, REPORT_REDACT,
				    "pulumi.secret() only encrypts the state file; the literal stays in git: "
				    "use config.requireSecret('<key>') instead",
				    "hardcoded secret passed to pulumi.secret()");
	}
out:
	buf_release(&name);
}

/*
 * Environment entries written as { name: 'API_TOKEN', value: '...' }
 * (CodeBuild, ECS container definitions); CodeBuild's PARAMETER_STORE and
 * SECRETS_MANAGER types hold references.
 */
static void rule_secret_object(struct ctx *c, TSNode obj)
{
	TSNode name, value, type;
	const char *s;
	size_t len;

	if (sev(c) == SEV_DISABLED)
		return;
	name = object_get(c, obj, "name");
	value = object_get(c, obj, "value");
	if (ts_node_is_null(name) || ts_node_is_null(value) || !string_content(c, name, &s, &len))
		return;
	type = object_get(c, obj, "type");
	if (!ts_node_is_null(type) && !node_text_eq(c, type, "'PLAINTEXT'") &&
	    !node_text_eq(c, type, "\"PLAINTEXT\""))
		return;
	if (!key_is_secret_like(c->cfg, s, len))
		return;
	{
		char what[128];

		snprintf(what, sizeof(what), "%.*s", (int)(len > 100 ? 100 : len), s);
		check_value(c, value, obj, what);
	}
}

static void check_env_variables(struct ctx *c, TSNode args_obj)
{
	TSNode env = resolve_const(c, object_get(c, args_obj, "environment"));
	TSNode vars = resolve_const(c, object_get(c, env, "variables"));
	uint32_t i, n;

	if (!node_is(vars, "object"))
		return;
	n = ts_node_named_child_count(vars);
	for (i = 0; i < n; i++) {
		TSNode p = ts_node_named_child(vars, i);
		const char *k;
		size_t kl;
		char what[160];

		if (!node_is(p, "pair") || !pair_key(c, p, &k, &kl))
			continue;
		if (list_has_ci(rule_list(c->cfg, RULE_HARDCODED_SECRET, "secret_keys"), k, kl) || !key_is_secret_like(c->cfg, k, kl))
			continue;
		snprintf(what, sizeof(what), "environment.variables.%.*s", (int)(kl > 100 ? 100 : kl), k);
		check_value(c, node_field(p, "value"), p, what);
	}
}

static void rule_secret_resource(struct ctx *c, TSNode new_expr, const char *type, TSNode args)
{
	const struct strlist *secure = rule_list(c->cfg, RULE_HARDCODED_SECRET, "secure_value_types");
	TSNode obj;
	size_t i, tl = strlen(type);

	if (sev(c) == SEV_DISABLED || call_argc(args) < 2)
		return;
	obj = resolve_const(c, call_arg(args, 1));
	if (!object_like(c, obj))
		return;

	/* Lambda environment variables */
	if (!strcmp(type, "aws.lambda.Function"))
		check_env_variables(c, obj);

	/* provider credentials: new aws.Provider('p', { accessKey: ... }) */
	if (tl >= 9 && !strcmp(type + tl - 9, ".Provider")) {
		const struct strlist *keys = rule_list(c->cfg, RULE_HARDCODED_SECRET, "provider_keys");

		for (i = 0; i < keys->nr; i++) {
			const char *key = keys->items[i];
			TSNode v = object_get(c, obj, key);

			if (!ts_node_is_null(v))
				check_value(c, v, ts_node_parent(v), key);
		}
	}

	/* inputs that are secret on some types: ssm.Parameter SecureString */
	for (i = 0; i < secure->nr; i++) {
		const char *entry = secure->items[i];
		const char *dot = strrchr(entry, '.');
		TSNode v;

		if (!dot || (size_t)(dot - entry) != tl || strncmp(entry, type, tl))
			continue;
		v = object_get(c, obj, dot + 1);
		if (ts_node_is_null(v))
			continue;
		if (!strcmp(type, "aws.ssm.Parameter")) {
			TSNode t = resolve_const(c, object_get(c, obj, "type"));
			size_t len;
			const char *s;

			/* 'SecureString' or aws.ssm.ParameterType.SecureString */
			if (ts_node_is_null(t))
				continue;
			s = node_text(c, t, &len);
			if (!memmem(s, len, "SecureString", 12))
				continue;
		}
		check_value(c, v, ts_node_parent(v), dot + 1);
	}
}

static const struct key_def keys[] = {
	{ "secret_keys", K_LIST },
	{ "secret_words", K_LIST },
	{ "reference_suffixes", K_LIST },
	{ "reference_prefixes", K_LIST },
	{ "provider_keys", K_LIST },
	{ "secure_value_types", K_LIST },
	{ NULL, K_LIST },
};

const struct rule_def rule_hardcoded_secret = {
	.id = RULE,
	.summary = "a literal password, token or key reaches a secret input, pulumi.secret() or the source",
	.explain =
		"Catches: a string literal, or a template of only literal text (and the suffix), that\n"
		"reaches a secret-bearing input (password, masterPassword, masterUserPassword, authToken,\n"
		"secretString and the secret-like keys of the object it stringifies, Provider\n"
		"accessKey/secretKey/token, SecureString ssm.Parameter value, secret-like Lambda\n"
		"environment variables, {name, value} environment entries of type PLAINTEXT), directly,\n"
		"through a same-file const, or as the fallback of config.get('x') ?? 'literal'; any\n"
		"pulumi.secret('literal'); and token shapes anywhere ([pattern] sections).\n"
		"\n"
		"Why: the value is in git history for ever. pulumi.secret() only encrypts the state.\n"
		"\n"
		"Bad:   password: 'TempPassword123!'\n"
		"       masterPassword: pulumi.secret('ChangeMe123!')\n"
		"Good:  password: config.requireSecret('dbPassword')\n"
		"       password: new random.RandomPassword('db-pw', { length: 24 }).result\n"
		"       manageMasterUserPassword: true\n"
		"\n"
		"Not findings: passwordSecretName, minimumPasswordLength, secretId, process.env.X,\n"
		"another resource's output, keys ending in a reference suffix (SECRET_ARN, KMS_KEY_ID).\n"
		"\n"
		"Tune: [rule \"hardcoded-secret\"] severity, exclude (path globs), secret_keys,\n"
		"secret_words, reference_suffixes, reference_prefixes, provider_keys, secure_value_types;\n"
		"token shapes are [pattern \"NAME\"] sections with allow_values.\n",
	.keys = keys,
	.on_new = rule_secret_resource,
	.on_pair = rule_secret_pair,
	.on_call = rule_secret_call,
	.on_object = rule_secret_object,
};
