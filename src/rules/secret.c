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
 * Limits: a value is followed as far as one file decides it (value.c:
 * consts, unassigned lets, object members, class fields, enums,
 * destructuring, defaults, callbacks and helpers); a literal that
 * arrives from another module is not seen. Names that merely contain a
 * secret word (passwordSecretName) are references, decided by the
 * reference suffixes in the INI; `{{resolve:...}}` and ARNs are
 * references too. Text (userData, kubeconfig, inline code) is searched
 * for KEY=value / KEY: value with a secret-like KEY, not parsed.
 */
#include "rules/rules.h"
#include "analyze/xfile.h"
#include "model/facts.h"

#include <ctype.h>
#include <string.h>

#define RULE "hardcoded-secret"

struct hardcoded_secret_settings {
	struct strlist provider_keys;
	struct strlist secure_value_types;
	struct strlist weak_segments;
	struct strlist non_secret_fields;
	struct strlist not_secret_values;
	struct strlist script_keys;
	struct strlist env_function_types;
	struct strlist secret_data_types;
};

/* How to fix a literal secret, in the file's language; buf_release() it. */
static void hint_config(const struct ctx *c, struct buf *out)
{
	buf_printf(out, "read it with %s (set it with `pulumi config set --secret <key>`) "
		   "or generate it with %s", c->lang->words->read_secret, c->lang->words->random_password);
}

/* How a key says its value is a secret. */
enum key_kind {
	KEY_NONE,
	KEY_WEAK,	/* ends in a weak word (STRIPE_KEY): a secret when the value looks like a token */
	KEY_WORD,	/* holds a secret word (apiToken, DB_PASS) */
	KEY_SECRET,	/* a secret input wherever it stands (password, OAuthToken) */
};

static enum key_kind key_kind(struct ctx *c, const char *k, size_t kl)
{
	const struct hardcoded_secret_settings *conf = rule_settings(c, RULE_HARDCODED_SECRET);
	char norm[128];
	size_t n;

	if (list_has_ci(&c->cfg->vocab.secret_keys, k, kl))
		return KEY_SECRET;
	if (vocab_key_is_secret_like(&c->cfg->vocab, k, kl))
		return KEY_WORD;
	n = vocab_normalise(k, kl, norm, sizeof(norm));
	if (vocab_has_segment(&conf->weak_segments, k, kl, 1) && !vocab_key_is_reference(&c->cfg->vocab, norm, n))
		return KEY_WEAK;
	return KEY_NONE;
}

/* The literal text of a string or a template without substitutions. */
static int lit_text(struct ctx *c, TSNode lit, const char **s, size_t *len)
{
	size_t l;
	const char *t;

	if (string_content(c, lit, s, len))
		return 1;
	if (!node_is(lit, "template_string"))
		return 0;
	t = node_text(c, lit, &l);
	if (l < 2)
		return 0;
	*s = t + 1;
	*len = l - 2;
	return 1;
}

static int starts_with_ci(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !strncasecmp(s, prefix, n);
}

/*
 * 1 if literal text is known not to be a secret: a reference that the
 * deploy resolves ({{resolve:secretsmanager:...}}, an ARN), or one of
 * not_secret_values (time units, booleans, fetch() credentials modes).
 */
static int text_not_secret(struct ctx *c, const char *s, size_t len)
{
	const struct hardcoded_secret_settings *conf = rule_settings(c, RULE_HARDCODED_SECRET);

	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	return !len || starts_with_ci(s, len, "{{resolve:") || starts_with_ci(s, len, "arn:") ||
	       list_has_ci(&conf->not_secret_values, s, len);
}

/* 1 if text is an UPPER_CASE name with a secret word: 'GITHUB_TOKEN'. */
static int names_a_variable(struct ctx *c, const char *s, size_t len)
{
	size_t i;

	if (!len || !isupper((unsigned char)s[0]))
		return 0;
	for (i = 0; i < len; i++)
		if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return vocab_key_is_secret_like(&c->cfg->vocab, s, len);
}

/* 1 if text looks like a generated token: long, one word, letters and digits. */
static int looks_like_token(const char *s, size_t len)
{
	size_t i;
	int alpha = 0, digit = 0;

	if (len < 12)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (isspace(ch) || ch == '/' || ch == '.' || ch == ':')
			return 0;
		alpha |= isalpha(ch) != 0;
		digit |= isdigit(ch) != 0;
	}
	return alpha && digit;
}

/*
 * Report `value` if a literal reaches it; `what` names the input. A weak
 * key (STRIPE_KEY) needs a value that looks like a token.
 */
static int check_value_kind(struct ctx *c, TSNode value, TSNode use, const char *what, enum key_kind kind)
{
	struct value v;
	struct buf hint = BUF_INIT;
	const char *s;
	size_t len;

	value_classify(c, value, &v);
	if (!v.hard)
		return 0;
	if (v.has_lit && lit_text(c, v.lit, &s, &len)) {
		if (text_not_secret(c, s, len))
			return 0;
		if (kind == KEY_WEAK && !looks_like_token(s, len))
			return 0;
		/* a key that merely mentions a secret word: a sentence is a label, and
		 * 'GITHUB_TOKEN' names an environment variable */
		if (kind == KEY_WORD && (memchr(s, ' ', len) || names_a_variable(c, s, len)))
			return 0;
	} else if (kind == KEY_WEAK) {
		return 0;
	}
	hint_config(c, &hint);
	report_node(c, RULE, c->sev[RULE_HARDCODED_SECRET], v.has_lit ? v.lit : value, use, REPORT_REDACT, hint.ptr,
		    "hardcoded secret in '%s': a literal value reaches a secret input", what);
	buf_release(&hint);
	return 1;
}

static int check_value(struct ctx *c, TSNode value, TSNode use, const char *what)
{
	return check_value_kind(c, value, use, what, KEY_SECRET);
}

static int is_stringify(struct ctx *c, TSNode call)
{
	struct buf name = BUF_INIT;
	int bound, yes;

	if (ts_node_symbol(call) != c->sym[SYM_CALL])
		return 0;
	bound = canon_name(c, node_field(call, "function"), &name);
	yes = name.ptr && (!strcmp(name.ptr, "JSON.stringify") || (!bound && !strcmp(name.ptr, "json.dumps")) ||
			   (bound && (!strcmp(name.ptr, "pulumi.jsonStringify") ||
				      !strcmp(name.ptr, "pulumi.Output.json_dumps"))));
	buf_release(&name);
	return yes;
}

/* An entry's key and value; a shorthand { password } is its own value. */
static int pair_parts(struct ctx *c, TSNode p, const char **k, size_t *kl, TSNode *value)
{
	TSNode key_at;

	return entry_parts(c, p, k, kl, &key_at, value);
}

struct secret_object {
	const char *what;	/* "secretString", "stringData" */
	int depth;
};

static void check_secret_object(struct ctx *c, TSNode obj, const char *what, int depth);

/*
 * One entry of an object whose every value is a secret (what a
 * secretString stringifies, a Kubernetes Secret's data): a literal is
 * a finding unless the key is a known non-secret field or a reference.
 */
static void secret_object_entry(struct ctx *c, TSNode p, void *data)
{
	const struct hardcoded_secret_settings *conf = rule_settings(c, RULE_HARDCODED_SECRET);
	const struct secret_object *so = data;
	const char *k;
	size_t kl, n;
	char key[160], norm[128];
	TSNode value, inner;

	if (!pair_parts(c, p, &k, &kl, &value))
		return;
	snprintf(key, sizeof(key), "%s.%.*s", so->what, (int)(kl > 100 ? 100 : kl), k);
	inner = resolve_const(c, value);
	if (ts_node_symbol(inner) == c->sym[SYM_OBJECT] || ts_node_symbol(inner) == c->sym[SYM_CALL]) {
		/* nested: { db: { password: 'x' } } */
		if (object_like(c, inner)) {
			check_secret_object(c, inner, key, so->depth + 1);
			return;
		}
	}
	n = vocab_normalise(k, kl, norm, sizeof(norm));
	if (list_has_ci(&conf->non_secret_fields, k, kl) || vocab_key_is_reference(&c->cfg->vocab, norm, n))
		return;
	check_value(c, value, p, key);
}

static void check_secret_object(struct ctx *c, TSNode obj, const char *what, int depth)
{
	struct secret_object so = { what, depth };

	if (depth > 4)
		return;
	object_each(c, obj, secret_object_entry, &so);
}

/* The last expression a callback returns (x.apply(cb), .then(cb)), or null. */
static TSNode callback_result(struct ctx *c, TSNode call)
{
	TSNode obj, prop, none = { 0 };

	if (!member_parts(node_field(call, "function"), &obj, &prop))
		return none;
	if (!node_text_eq(c, prop, "apply") && !node_text_eq(c, prop, "then"))
		return none;
	return callback_returns(call_arg(node_field(call, "arguments"), 0));
}

/* secretString: a literal, JSON.stringify({...}), or one built in .apply(). */
static void check_secret_string(struct ctx *c, TSNode value, TSNode use, const char *what, int depth)
{
	TSNode inner = strip_wrappers(resolve_const(c, value));

	if (depth > 4)
		return;
	if (is_stringify(c, inner)) {
		TSNode args = node_field(inner, "arguments");

		if (call_argc(args))
			check_secret_object(c, call_arg(args, 0), what, 0);
		return;
	}
	if (ts_node_symbol(inner) == c->sym[SYM_CALL]) {
		TSNode r = callback_result(c, inner);

		if (!ts_node_is_null(r)) {
			check_secret_string(c, r, use, what, depth + 1);
			return;
		}
	}
	check_value(c, value, use, what);
}

/*
 * Scripts and configuration text (userData, kubeconfig, inline code):
 * KEY=value, KEY: value or KEY="value" with a secret-like KEY and a
 * value written out (not $VAR, ${...} or a lookup) is a secret.
 */
static int text_has_secret_assignment(struct ctx *c, const char *s, size_t len, size_t *at, size_t *end)
{
	size_t i;

	for (i = 1; i < len; i++) {
		size_t ke = i, ks, vs, ve;

		if (s[i] != '=' && s[i] != ':')
			continue;
		if (s[i] == '=' && i + 1 < len && s[i + 1] == '=')
			continue;	/* == */
		while (ke > 0 && (s[ke - 1] == ' ' || s[ke - 1] == '"' || s[ke - 1] == '\''))
			ke--;
		ks = ke;
		while (ks > 0 && (isalnum((unsigned char)s[ks - 1]) || s[ks - 1] == '_' || s[ks - 1] == '-'))
			ks--;
		if (ks == ke || key_kind(c, s + ks, ke - ks) < KEY_WORD)
			continue;
		vs = i + 1;
		while (vs < len && (s[vs] == ' ' || s[vs] == '"' || s[vs] == '\''))
			vs++;
		ve = vs;
		while (ve < len && !isspace((unsigned char)s[ve]) && s[ve] != '"' && s[ve] != '\'' &&
		       s[ve] != ';' && s[ve] != ',' && s[ve] != '\\')
			ve++;
		if (ve - vs < 4 || s[vs] == '$' || s[vs] == '%' || s[vs] == '{' || s[vs] == '<' ||
		    s[vs] == '(' || s[vs] == '`' || text_not_secret(c, s + vs, ve - vs))
			continue;
		*at = vs;
		*end = ve;
		return 1;
	}
	return 0;
}

/* The text parts of a string or template (through consts and + / concat). */
static void check_script(struct ctx *c, TSNode value, TSNode use, const char *what, int depth)
{
	TSNode n = strip_wrappers(resolve_const(c, value));
	const char *s = NULL;
	size_t len, at = 0, end = 0;
	int found = 0;

	if (depth > 8 || ts_node_is_null(n))
		return;
	if (ctx_of(c, n) != c)
		return;	/* a script written in another file: its text is not placed here */
	if (node_is(n, "string")) {
		found = string_content(c, n, &s, &len) && text_has_secret_assignment(c, s, len, &at, &end);
	} else if (node_is(n, "template_string")) {
		uint32_t i, cnt = ts_node_named_child_count(n);

		for (i = 0; i < cnt && !found; i++) {
			TSNode k = ts_node_named_child(n, i);

			if (node_is(k, "template_substitution"))
				continue;
			s = node_text(c, k, &len);
			found = text_has_secret_assignment(c, s, len, &at, &end);
		}
		if (!cnt) {
			s = node_text(c, n, &len);
			found = len > 2 && text_has_secret_assignment(c, ++s, len - 2, &at, &end);
		}
	} else if (node_is(n, "object")) {
		struct child_iter it;
		TSNode k;

		/* new pulumi.asset.AssetArchive({ 'index.py': new StringAsset('...') }) */
		for (child_iter_init(&it, n); child_iter_next(&it, &k);)
			if (node_is(k, "pair"))
				check_script(c, node_field(k, "value"), use, what, depth + 1);
		child_iter_end(&it);
		return;
	} else if (node_is(n, "new_expression")) {
		TSNode args = node_field(n, "arguments");
		uint32_t i, cnt = call_argc(args);

		for (i = 0; i < cnt && i < 4; i++)
			check_script(c, call_arg(args, i), use, what, depth + 1);
		return;
	} else if (node_is(n, "binary_expression")) {
		check_script(c, node_field(n, "left"), use, what, depth + 1);
		check_script(c, node_field(n, "right"), use, what, depth + 1);
		return;
	} else if (node_is(n, "call_expression")) {
		TSNode fn = node_field(n, "function"), args = node_field(n, "arguments");
		uint32_t i, cnt = call_argc(args);

		/* Buffer.from(x).toString('base64'), [..].join('\n'), pulumi.interpolate`...` */
		if (node_is(args, "template_string")) {
			check_script(c, args, use, what, depth + 1);
		} else if (node_is(fn, "member_expression")) {
			TSNode obj = strip_wrappers(resolve_const(c, node_field(fn, "object")));

			if (node_is(obj, "array")) {
				struct child_iter it;
				TSNode k;

				for (child_iter_init(&it, obj); child_iter_next(&it, &k);)
					check_script(c, k, use, what, depth + 1);
				child_iter_end(&it);
			} else {
				check_script(c, obj, use, what, depth + 1);
			}
		}
		for (i = 0; i < cnt && i < 4; i++)
			check_script(c, call_arg(args, i), use, what, depth + 1);
		return;
	}
	if (found) {
		/* at the value itself, on its own line of the text */
		uint32_t vs = (uint32_t)(s - c->src + at), ve = (uint32_t)(s - c->src + end);
		struct buf msg = BUF_INIT;

		struct buf hint = BUF_INIT;

		buf_printf(&msg, "hardcoded secret in '%s': the text sets a secret-named variable to a literal", what);
		hint_config(c, &hint);
		report_span(c, RULE, c->sev[RULE_HARDCODED_SECRET], vs, ve, vs, ve, hint.ptr, msg.ptr);
		buf_release(&hint);
		buf_release(&msg);
	}
}

static void rule_secret_pair(struct ctx *c, TSNode pair)
{
	const struct hardcoded_secret_settings *conf = rule_settings(c, RULE_HARDCODED_SECRET);
	const char *k;
	size_t kl;
	char key[128];
	TSNode value;
	enum key_kind kind;

	if (!pair_parts(c, pair, &k, &kl, &value))
		return;
	snprintf(key, sizeof(key), "%.*s", (int)(kl > 100 ? 100 : kl), k);
	if (list_has_ci(&conf->script_keys, k, kl)) {
		check_script(c, value, pair, key, 0);
		return;
	}
	kind = key_kind(c, k, kl);
	if (kind == KEY_NONE || kind == KEY_WEAK)
		return;
	if ((kl == 12 && (!strncasecmp(k, "secretString", 12) || !strncasecmp(k, "secretBinary", 12)))) {
		check_secret_string(c, value, pair, key, 0);
		return;
	}
	/* a nested settings object under a secret word is judged key by key */
	if (object_like(c, strip_wrappers(resolve_const(c, value))))
		return;
	check_value_kind(c, value, pair, key, kind);
}

/* const DB_PASSWORD = '...', static password = '...', enum { Token = '...' } */
static void rule_secret_binding(struct ctx *c, TSNode n)
{
	TSNode name, value;
	const char *k;
	size_t kl;
	char key[128];
	enum key_kind kind;

	if (!binding_parts(n, &name, &value) || ts_node_is_null(value))
		return;
	/* a let may be assigned the real value later: judged where it is used */
	if (node_is(n, "variable_declarator") && !node_is(ts_node_child(ctx_ancestor(c, 1), 0), "const"))
		return;
	if (!string_content(c, name, &k, &kl)) {
		/* (a Python `x = ...` binds an identifier too) */
		if (!node_is(name, "identifier") && !node_is(name, "property_identifier") &&
		    !node_is(name, "private_property_identifier"))
			return;
		k = node_text(c, name, &kl);
	}
	kind = key_kind(c, k, kl);
	if (kind == KEY_NONE || kind == KEY_WEAK)
		return;
	snprintf(key, sizeof(key), "%.*s", (int)(kl > 100 ? 100 : kl), k);
	/* only the literal written here: what a binding merely passes on is judged where it lands */
	value = strip_wrappers(value);
	if (!node_is(value, "string") && !node_is(value, "template_string") &&
	    !(node_is(value, "call_expression") && node_is(node_field(value, "arguments"), "template_string")))
		return;
	check_value_kind(c, value, n, key, kind);
}

static void rule_secret_call(struct ctx *c, TSNode call)
{
	struct buf name = BUF_INIT;
	TSNode args;

	/* pulumi.secret(x); Python's pulumi.Output.secret(x) too */
	if (!canon_name(c, node_field(call, "function"), &name) ||
	    (strcmp(name.ptr, "pulumi.secret") && strcmp(name.ptr, "pulumi.Output.secret")))
		goto out;
	args = node_field(call, "arguments");
	if (call_argc(args)) {
		TSNode arg = call_arg(args, 0);
		struct value v;
		const char *s;
		size_t len;

		value_classify(c, arg, &v);
		if (v.hard && v.has_lit && lit_text(c, v.lit, &s, &len) && text_not_secret(c, s, len))
			goto out;
		if (v.hard && !(v.any & ~(V_STATIC | V_SUFFIX | V_STACK | V_COMPNAME))) {
			struct buf hint = BUF_INIT;

			buf_printf(&hint, "%s only encrypts the state file; the literal stays in git: use %s instead",
				   strcmp(name.ptr, "pulumi.secret") ? "pulumi.Output.secret()" : "pulumi.secret()",
				   c->lang->words->read_secret);
			report_node(c, RULE, c->sev[RULE_HARDCODED_SECRET], v.has_lit ? v.lit : arg, call, REPORT_REDACT,
				    hint.ptr, "hardcoded secret passed to %s",
				    strcmp(name.ptr, "pulumi.secret") ? "pulumi.Output.secret()" : "pulumi.secret()");
			buf_release(&hint);
		}
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
	enum key_kind kind;

	name = object_get(c, obj, "name");
	value = object_get(c, obj, "value");
	if (ts_node_is_null(name) || ts_node_is_null(value) || !string_content(c, name, &s, &len))
		return;
	type = object_get(c, obj, "type");
	if (!ts_node_is_null(type) && !node_text_eq(c, type, "'PLAINTEXT'") &&
	    !node_text_eq(c, type, "\"PLAINTEXT\""))
		return;
	kind = key_kind(c, s, len);
	if (kind == KEY_NONE)
		return;
	{
		char what[128];

		snprintf(what, sizeof(what), "%.*s", (int)(len > 100 ? 100 : len), s);
		check_value_kind(c, value, obj, what, kind);
	}
}

static void env_entry(struct ctx *c, TSNode p, void *data)
{
	const char *k;
	size_t kl;
	char what[160];
	TSNode value;
	enum key_kind kind;

	(void)data;
	if (!pair_parts(c, p, &k, &kl, &value))
		return;
	kind = key_kind(c, k, kl);
	if (kind == KEY_NONE)
		return;
	snprintf(what, sizeof(what), "environment.variables.%.*s", (int)(kl > 100 ? 100 : kl), k);
	check_value_kind(c, value, p, what, kind);
}

static void check_env_variables(struct ctx *c, TSNode args_obj)
{
	TSNode env = object_get(c, args_obj, "environment");

	object_each(c, object_get(c, env, "variables"), env_entry, NULL);
}

/* ssm.Parameter: SecureString, or a String whose name says it holds a password. */
static int ssm_value_is_secret(struct ctx *c, TSNode obj, int *plain)
{
	TSNode t = resolve_const(c, object_get(c, obj, "type"));
	const char *s, *slash;
	size_t len;
	TSNode lit;

	*plain = 0;
	if (ts_node_is_null(t))
		return 0;
	s = node_text(c, t, &len);
	if (memmem(s, len, "SecureString", 12))
		return 1;
	/* name: '/app/prod/db-password' (or `/app/${env}/db-password`) with type String */
	if (!value_static_text(c, object_get(c, obj, "name"), &s, &len, &lit)) {
		TSNode name = strip_wrappers(resolve_const(c, object_get(c, obj, "name")));

		if (!node_is(name, "template_string"))
			return 0;
		s = node_text(c, name, &len);
		if (len < 2)
			return 0;
		len--;	/* the closing backtick */
	}
	while ((slash = memchr(s, '/', len)) != NULL) {
		len -= (size_t)(slash - s) + 1;
		s = slash + 1;
	}
	*plain = 1;
	return key_kind(c, s, len) >= KEY_WORD;
}

/*
 * A secret input of the provider (model/facts.h) at `path` under `obj`
 * (masterUserOptions.masterUserPassword; a list of blocks is searched
 * element by element). A key that names a secret by itself is judged
 * where it stands (rule_secret_pair), not here again.
 */
static void check_fact_path(struct ctx *c, TSNode obj, const char *path, const char *what, int depth)
{
	const char *dot = strchr(path, '.');
	char key[128];
	TSNode v;

	if (depth > 8 || (dot ? (size_t)(dot - path) : strlen(path)) >= sizeof(key))
		return;
	snprintf(key, sizeof(key), "%.*s", (int)(dot ? (size_t)(dot - path) : strlen(path)), path);
	v = object_get(c, obj, key);
	if (ts_node_is_null(v))
		return;
	if (!dot) {
		if (key_kind(c, key, strlen(key)) >= KEY_WORD ||
		    object_like(c, strip_wrappers(resolve_const(c, v))))
			return;
		check_value(c, v, ts_node_parent(v), what);
		return;
	}
	v = strip_wrappers(resolve_const(c, v));
	if (list_like(v)) {
		uint32_t i, nc = ts_node_named_child_count(v);

		for (i = 0; i < nc; i++) {
			TSNode el = strip_wrappers(resolve_const(c, ts_node_named_child(v, i)));

			if (object_like(c, el))
				check_fact_path(c, el, dot + 1, what, depth + 1);
		}
	} else if (object_like(c, v)) {
		check_fact_path(c, v, dot + 1, what, depth + 1);
	}
}

static void rule_secret_resource(struct ctx *c, const struct resource *r)
{
	const char *type = r->type;
	const struct hardcoded_secret_settings *conf = rule_settings(c, RULE_HARDCODED_SECRET);
	const struct strlist *secure = &conf->secure_value_types;
	const struct strlist *fn_types = &conf->env_function_types;
	const struct strlist *data = &conf->secret_data_types;
	size_t i, tl = strlen(type);
	const char *prop;

	if (ts_node_is_null(r->props))
		return;

	/* Lambda environment variables, also what they spread */
	if (strlist_has(fn_types, type))
		check_env_variables(c, r->props);

	/* provider credentials: new aws.Provider('p', { accessKey: ... }) */
	if (tl >= 9 && !strcmp(type + tl - 9, ".Provider")) {
		const struct strlist *keys = &conf->provider_keys;

		for (i = 0; i < keys->nr; i++) {
			const char *key = keys->items[i];
			TSNode v = resource_prop(r, key);

			if (!ts_node_is_null(v))
				check_value(c, v, ts_node_parent(v), key);
		}
	}

	/* objects whose every value is a secret: a Kubernetes Secret's stringData */
	for (i = 0; i < data->nr; i++) {
		TSNode v;

		if (!(prop = resource_entry_prop(r, data->items[i])))
			continue;
		v = resource_prop(r, prop);
		if (!ts_node_is_null(v))
			check_secret_object(c, v, prop, 0);
	}

	/* inputs that are secret on some types: ssm.Parameter SecureString */
	for (i = 0; i < secure->nr; i++) {
		TSNode v;
		int plain = 0;

		if (!(prop = resource_entry_prop(r, secure->items[i])))
			continue;
		v = resource_prop(r, prop);
		if (ts_node_is_null(v))
			continue;
		if (!strcmp(type, "aws.ssm.Parameter") && !ssm_value_is_secret(c, r->props, &plain))
			continue;
		check_value(c, v, ts_node_parent(v), plain ? "value (a String parameter named as a secret: "
				"make it a SecureString read from config)" : prop);
	}

	/* the provider's secret inputs, nested ones too (model/facts.h) */
	{
		size_t nr;
		const struct fact *f = facts_of(type, &nr);

		for (i = 0; i < nr; i++) {
			size_t k;

			if (!(f[i].flags & FACT_SECRET))
				continue;
			for (k = 0; k < secure->nr; k++)
				if (facts_entry_is(secure->items[k], type, f[i].prop))
					break;
			if (k == secure->nr)	/* secure_value_types are judged above */
				check_fact_path(c, r->props, f[i].prop, f[i].prop, 0);
		}
	}
}

static const struct key_def keys[] = {
	RULE_KEY(hardcoded_secret_settings, K_LIST, provider_keys),
	RULE_KEY(hardcoded_secret_settings, K_LIST, secure_value_types),
	RULE_KEY(hardcoded_secret_settings, K_LIST, weak_segments),
	RULE_KEY(hardcoded_secret_settings, K_LIST, non_secret_fields),
	RULE_KEY(hardcoded_secret_settings, K_LIST, not_secret_values),
	RULE_KEY(hardcoded_secret_settings, K_LIST, script_keys),
	RULE_KEY(hardcoded_secret_settings, K_LIST, env_function_types),
	RULE_KEY(hardcoded_secret_settings, K_LIST, secret_data_types),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_hardcoded_secret = {
	.id = RULE,
	.summary = "a literal password, token or key reaches a secret input, pulumi.secret() or the source",
	.explain =
		"Catches: a literal (a string, a template of only literal text and the suffix,\n"
		"String.raw, ['a', 'b'].join('')) that reaches a secret input:\n"
		"  - secret_keys wherever they stand (password, masterPassword, authToken, OAuthToken in a\n"
		"    CodePipeline action's configuration, secretToken, accessToken, token, clientSecret,\n"
		"    apiKey, privateKey), and any key holding a secret word or segment (apiToken, DB_PASS,\n"
		"    pw, webhookSecret, NEW_RELIC_LICENSE_KEY) in any object; consts, class fields and enum\n"
		"    members of such names (const DB_PASSWORD = '...');\n"
		"  - every literal of the object a secretString / secretBinary stringifies (nested, or\n"
		"    built in .apply()) and of a Kubernetes Secret's stringData / data, except\n"
		"    non_secret_fields (username, engine, host, port, ...);\n"
		"  - Lambda Function / CallbackFunction environment variables (spreads too; a *_KEY such\n"
		"    as STRIPE_KEY when the value looks like a token), {name, value} entries of type\n"
		"    PLAINTEXT, provider credentials (aws accessKey/secretKey/token, azure clientSecret,\n"
		"    gcp credentials), a SecureString ssm.Parameter, or a String one named as a password;\n"
		"  - KEY=value or KEY: value with a secret KEY inside userData, a kubeconfig or inline\n"
		"    code (script_keys, StringAsset text);\n"
		"  - pulumi.secret('literal'), literal fallbacks (config.getSecret('x') || 'literal',\n"
		"    ?? pulumi.secret('literal')), a literal an .apply()/.then() callback or a same-file\n"
		"    helper returns;\n"
		"  - token shapes anywhere ([pattern] sections): AWS key ids, PEM private keys with a\n"
		"    body, GitHub and Slack tokens, Slack webhook URLs, Stripe and Pulumi tokens,\n"
		"    user:password@ inside URLs and connection strings.\n"
		"Values are followed through what one file decides: consts, lets never assigned again,\n"
		"members of const objects (creds.db, creds['db'], creds?.db), class fields, enums,\n"
		"destructuring, default parameter values, spreads, Object.assign, `as`/`satisfies`.\n"
		"\n"
		"Why: the value is in git history for ever. pulumi.secret() only encrypts the state.\n"
		"\n"
		"Bad:   password: 'TempPassword123!'\n"
		"       masterPassword: pulumi.secret('ChangeMe123!')\n"
		"       secretString: JSON.stringify({ username: 'app', stripeKey: 'sk_test_...' })\n"
		"       configuration: { Owner: 'acme', Repo: 'app', OAuthToken: 'ghp-...' }\n"
		"Good:  password: config.requireSecret('dbPassword')\n"
		"       password: new random.RandomPassword('db-pw', { length: 24 }).result\n"
		"       password: '{{resolve:secretsmanager:prod/db:SecretString:password}}'\n"
		"       manageMasterUserPassword: true\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   master_password=\"Sup3r-Secret!\"\n"
		"       pulumi.Output.secret(\"whsec-123\")\n"
		"Good:  master_password=config.require_secret(\"dbPassword\")\n"
		"\n"
		"Not findings: passwordSecretName, minimumPasswordLength, secretId, process.env.X,\n"
		"another resource's output, keys ending in a reference suffix (SECRET_ARN, KMS_KEY_ID,\n"
		"tokenHeader), {{resolve:...}} dynamic references and ARNs, not_secret_values\n"
		"(accessToken: 'hours'), a PEM header without a body (key.startsWith('-----BEGIN ...')),\n"
		"a let that is assigned again, a parameter without a default.\n"
		"\n"
		"Tune: [rule \"hardcoded-secret\"] severity, exclude (path globs), secret_keys,\n"
		"secret_words, secret_segments, weak_segments, reference_suffixes, reference_prefixes,\n"
		"non_secret_fields, not_secret_values, script_keys, env_function_types,\n"
		"secret_data_types, provider_keys, secure_value_types; token shapes are\n"
		"[pattern \"NAME\"] sections with allow_values.\n",
	.keys = keys,
	.settings_size = sizeof(struct hardcoded_secret_settings),
	.on_resource = rule_secret_resource,
	.on_pair = rule_secret_pair,
	.on_call = rule_secret_call,
	.on_object = rule_secret_object,
	.on_binding = rule_secret_binding,
};
