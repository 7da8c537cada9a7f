#include "config.h"
#include "pattern.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "default_ini.h"

static const struct {
	const char *id;
	const char *summary;
} rule_table[RULE__COUNT] = {
	[RULE_HARDCODED_SECRET] = { "hardcoded-secret",
		"a literal password, token or key reaches a secret input, pulumi.secret() or source text" },
	[RULE_STATIC_BUCKET_NAME] = { "static-bucket-name",
		"an S3 bucket's bucket/bucketPrefix is a fixed string, so every stack fights for one global name" },
	[RULE_MISSING_ENV_SUFFIX] = { "missing-env-suffix",
		"a resource's logical or physical name does not carry the environment suffix" },
};

const char *rule_name(enum rule_id id)
{
	return rule_table[id].id;
}

const char *rule_summary(enum rule_id id)
{
	return rule_table[id].summary;
}

int rule_lookup(const char *name, enum rule_id *out)
{
	int i;

	for (i = 0; i < RULE__COUNT; i++) {
		if (!strcmp(rule_table[i].id, name)) {
			*out = (enum rule_id)i;
			return 0;
		}
	}
	return -1;
}

const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_MANDATORY: return "mandatory";
	case SEV_ADVISORY: return "advisory";
	default: return "disabled";
	}
}

static int parse_severity(const char *v, enum severity *out)
{
	if (!strcmp(v, "mandatory"))
		*out = SEV_MANDATORY;
	else if (!strcmp(v, "advisory"))
		*out = SEV_ADVISORY;
	else if (!strcmp(v, "disabled"))
		*out = SEV_DISABLED;
	else
		return -1;
	return 0;
}

enum key_type { K_LIST, K_BOOL, K_SIZE };

/* Keys of [general] (rule == -1) and of each [rule "ID"] section. */
static const struct key {
	int rule;
	const char *name;
	enum key_type type;
	size_t offset;
} keys[] = {
#define C(f) offsetof(struct config, f)
	{ -1, "include", K_LIST, C(include) },
	{ -1, "exclude", K_LIST, C(exclude) },
	{ -1, "max_file_bytes", K_SIZE, C(max_file_bytes) },
	{ RULE_HARDCODED_SECRET, "secret_keys", K_LIST, C(secret_keys) },
	{ RULE_HARDCODED_SECRET, "secret_words", K_LIST, C(secret_words) },
	{ RULE_HARDCODED_SECRET, "reference_suffixes", K_LIST, C(reference_suffixes) },
	{ RULE_HARDCODED_SECRET, "reference_prefixes", K_LIST, C(reference_prefixes) },
	{ RULE_HARDCODED_SECRET, "provider_keys", K_LIST, C(provider_keys) },
	{ RULE_HARDCODED_SECRET, "secure_value_types", K_LIST, C(secure_value_types) },
	{ RULE_STATIC_BUCKET_NAME, "bucket_types", K_LIST, C(bucket_types) },
	{ RULE_STATIC_BUCKET_NAME, "bucket_properties", K_LIST, C(bucket_properties) },
	{ RULE_MISSING_ENV_SUFFIX, "suffix_identifiers", K_LIST, C(suffix_identifiers) },
	{ RULE_MISSING_ENV_SUFFIX, "name_properties", K_LIST, C(name_properties) },
	{ RULE_MISSING_ENV_SUFFIX, "exclude_types", K_LIST, C(exclude_types) },
	{ RULE_MISSING_ENV_SUFFIX, "accept_get_stack", K_BOOL, C(accept_get_stack) },
	{ RULE_MISSING_ENV_SUFFIX, "accept_component_name", K_BOOL, C(accept_component_name) },
	{ RULE_MISSING_ENV_SUFFIX, "check_logical_name", K_BOOL, C(check_logical_name) },
#undef C
};

struct load_ctx {
	struct config *cfg;
	char last_section[128];
	char last_key[64];
	char msg[512];		/* first problem found */
};

/* Split a list value on commas and whitespace, appending each item. */
static void list_append(struct strlist *l, const char *value)
{
	const char *p = value;

	while (*p) {
		size_t n;

		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		n = strcspn(p, ", \t");
		if (n) {
			char *item = xstrndup(p, n);

			strlist_add(l, item);
			free(item);
		}
		p += n;
	}
}

static int parse_bool(const char *v, int *out)
{
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1") || !strcmp(v, "on"))
		*out = 1;
	else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0") || !strcmp(v, "off"))
		*out = 0;
	else
		return -1;
	return 0;
}

static int parse_size(const char *v, size_t *out)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || end == v || *v == '-')
		return -1;
	if (*end == 'k' || *end == 'K')
		n *= 1024, end++;
	else if (*end == 'm' || *end == 'M')
		n *= 1024 * 1024, end++;
	if (*end)
		return -1;
	*out = (size_t)n;
	return 0;
}

/* Parse `name "quoted"` section headers. Returns the quoted part or NULL. */
static int section_arg(const char *section, const char *kind, char *out, size_t outsz)
{
	size_t klen = strlen(kind), n;
	const char *p;

	if (strncmp(section, kind, klen) || section[klen] != ' ')
		return 0;
	p = section + klen;
	while (*p == ' ')
		p++;
	if (*p != '"')
		return 0;
	p++;
	n = strcspn(p, "\"");
	if (p[n] != '"' || p[n + 1] != '\0' || n == 0 || n >= outsz)
		return 0;
	memcpy(out, p, n);
	out[n] = '\0';
	return 1;
}

static struct pattern *pattern_get(struct config *cfg, const char *name)
{
	size_t i;
	struct pattern *p;

	for (i = 0; i < cfg->nr_patterns; i++)
		if (!strcmp(cfg->patterns[i].name, name))
			return &cfg->patterns[i];
	ALLOC_GROW(cfg->patterns, cfg->nr_patterns, cfg->alloc_patterns);
	p = &cfg->patterns[cfg->nr_patterns++];
	memset(p, 0, sizeof(*p));
	p->name = xstrdup(name);
	p->severity = SEV_MANDATORY;
	return p;
}

static int set_string(char **slot, const char *value, int append)
{
	if (append && *slot) {
		struct buf b = BUF_INIT;

		buf_puts(&b, *slot);
		buf_puts(&b, value);
		free(*slot);
		*slot = buf_detach(&b);
	} else {
		free(*slot);
		*slot = xstrdup(value);
	}
	return 0;
}

static int pattern_key(struct load_ctx *ctx, struct pattern *p, const char *name,
		       const char *value, int append)
{
	if (!strcmp(name, "rule")) {
		enum rule_id id;

		if (rule_lookup(value, &id) < 0) {
			snprintf(ctx->msg, sizeof(ctx->msg), "unknown rule '%s' for pattern '%s'", value, p->name);
			return 0;
		}
		return set_string(&p->rule, value, 0), 1;
	}
	if (!strcmp(name, "severity")) {
		if (parse_severity(value, &p->severity) < 0) {
			snprintf(ctx->msg, sizeof(ctx->msg),
				 "unknown severity '%s' (use mandatory, advisory or disabled)", value);
			return 0;
		}
		return 1;
	}
	if (!strcmp(name, "regex")) {
		/* compiled here so that a bad pattern is reported with its line */
		set_string(&p->regex, value, 0);
		if (pattern_compile(p) < 0) {
			snprintf(ctx->msg, sizeof(ctx->msg), "%s", error_last());
			return 0;
		}
		return 1;
	}
	if (!strcmp(name, "message"))
		return set_string(&p->message, value, 0), 1;
	if (!strcmp(name, "min_entropy")) {
		char *end;

		p->min_entropy = strtod(value, &end);
		if (*end || p->min_entropy < 0 || p->min_entropy > 8) {
			snprintf(ctx->msg, sizeof(ctx->msg), "min_entropy '%s' is not a number in 0..8", value);
			return 0;
		}
		return 1;
	}
	{
		struct strlist *l = !strcmp(name, "keywords") ? &p->keywords :
				    !strcmp(name, "allow_values") ? &p->allow_values :
				    !strcmp(name, "paths") ? &p->paths : NULL;
		if (l) {
			if (!append)
				strlist_clear(l);
			list_append(l, value);
			return 1;
		}
	}
	snprintf(ctx->msg, sizeof(ctx->msg), "unknown key '%s' in [pattern \"%s\"]", name, p->name);
	return 0;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct load_ctx *ctx = user;
	struct config *cfg = ctx->cfg;
	char arg[128];
	int rule = -2, append;
	size_t i;

	if (!name) /* section header alone */
		return 1;
	/* inih calls again with the same key for each continuation line */
	append = !strcmp(ctx->last_section, section) && !strcmp(ctx->last_key, name);
	snprintf(ctx->last_section, sizeof(ctx->last_section), "%s", section);
	snprintf(ctx->last_key, sizeof(ctx->last_key), "%s", name);
	if (!strcmp(section, "general")) {
		rule = -1;
	} else if (section_arg(section, "rule", arg, sizeof(arg))) {
		enum rule_id id;

		if (rule_lookup(arg, &id) < 0) {
			snprintf(ctx->msg, sizeof(ctx->msg), "unknown rule '%s' in section [%s]", arg, section);
			return 0;
		}
		rule = (int)id;
		if (!strcmp(name, "severity")) {
			if (parse_severity(value, &cfg->rules[id].severity) < 0) {
				snprintf(ctx->msg, sizeof(ctx->msg),
					 "unknown severity '%s' for rule '%s' (use mandatory, advisory or disabled)",
					 value, arg);
				return 0;
			}
			return 1;
		}
		if (!strcmp(name, "exclude")) {
			if (!append)
				strlist_clear(&cfg->rules[id].exclude);
			list_append(&cfg->rules[id].exclude, value);
			return 1;
		}
	} else if (section_arg(section, "pattern", arg, sizeof(arg))) {
		return pattern_key(ctx, pattern_get(cfg, arg), name, value, append);
	} else {
		snprintf(ctx->msg, sizeof(ctx->msg),
			 "unknown section [%s] (use [general], [rule \"ID\"] or [pattern \"NAME\"])", section);
		return 0;
	}

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const struct key *k = &keys[i];
		char *slot = (char *)cfg + k->offset;

		if (k->rule != rule || strcmp(k->name, name))
			continue;
		switch (k->type) {
		case K_LIST:
			if (!append)
				strlist_clear((struct strlist *)slot);
			list_append((struct strlist *)slot, value);
			return 1;
		case K_BOOL:
			if (parse_bool(value, (int *)slot) < 0) {
				snprintf(ctx->msg, sizeof(ctx->msg), "'%s' must be true or false, not '%s'", name, value);
				return 0;
			}
			return 1;
		case K_SIZE:
			if (parse_size(value, (size_t *)slot) < 0) {
				snprintf(ctx->msg, sizeof(ctx->msg), "'%s' must be a size in bytes, not '%s'", name, value);
				return 0;
			}
			return 1;
		}
	}
	snprintf(ctx->msg, sizeof(ctx->msg), "unknown key '%s' in [%s]", name, section);
	return 0;
}

/* 0 if `name` (the text between brackets) is a section we know. */
static int check_section(const char *name, size_t len, const char *file, int line)
{
	char sec[160], arg[128];
	enum rule_id id;

	if (len >= sizeof(sec))
		return error("%s:%d: section name too long", file, line);
	memcpy(sec, name, len);
	sec[len] = '\0';
	if (!strcmp(sec, "general") || section_arg(sec, "pattern", arg, sizeof(arg)))
		return 0;
	if (section_arg(sec, "rule", arg, sizeof(arg))) {
		if (rule_lookup(arg, &id) < 0)
			return error("%s:%d: unknown rule '%s' in section [%s]", file, line, arg, sec);
		return 0;
	}
	return error("%s:%d: unknown section [%s] (use [general], [rule \"ID\"] or [pattern \"NAME\"])",
		     file, line, sec);
}

/*
 * Before inih reads the text: inih cuts lines at 200 bytes and would read
 * the rest as a new line, and it reports a section only through its keys;
 * refuse over-long lines and unknown sections here, with their lines.
 */
static int precheck(const char *text, const char *name)
{
	const char *p = text;
	int line = 1;

	while (*p) {
		size_t n = strcspn(p, "\n"), i = 0;

		if (n > 196)
			return error("%s:%d: line is longer than 196 bytes; split the list over "
				     "several indented continuation lines", name, line);
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i == 0 && i < n && p[i] == '[') {
			const char *close = memchr(p + i, ']', n - i);

			if (!close)
				return error("%s:%d: section header without ']'", name, line);
			if (check_section(p + i + 1, (size_t)(close - p - i - 1), name, line) < 0)
				return -1;
		}
		p += n;
		if (*p)
			p++;
		line++;
	}
	return 0;
}

int config_load_string(struct config *cfg, const char *text, const char *name)
{
	struct load_ctx ctx;
	int rc;

	if (precheck(text, name) < 0)
		return -1;
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = cfg;
	rc = ini_parse_string(text, handler, &ctx);
	if (rc > 0)
		return error("%s:%d: %s", name, rc, ctx.msg[0] ? ctx.msg : "syntax error");
	if (rc < 0)
		return error("cannot parse configuration '%s'", name);
	return 0;
}

int config_load_file(struct config *cfg, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	int rc = -1;

	if (!f)
		return error("cannot read configuration '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (memchr(chunk, '\0', n)) {
			error("%s: not a text file (contains NUL bytes)", path);
			goto out;
		}
		buf_add(&b, chunk, n);
		if (b.len > (1u << 20)) {
			error("%s: configuration larger than 1 MiB", path);
			goto out;
		}
	}
	if (ferror(f)) {
		error("cannot read configuration '%s': %s", path, strerror(errno));
		goto out;
	}
	rc = config_load_string(cfg, b.ptr ? b.ptr : "", path);
	if (!rc) {
		free(cfg->source);
		cfg->source = xstrdup(path);
	}
out:
	fclose(f);
	buf_release(&b);
	return rc;
}

int config_init_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_file_bytes = 2u << 20;
	cfg->check_logical_name = 1;
	if (config_load_string(cfg, default_ini, "embedded defaults") < 0)
		return -1;
	cfg->source = xstrdup("embedded defaults");
	return 0;
}

int config_compile(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nr_patterns; i++) {
		struct pattern *p = &cfg->patterns[i];

		if (!p->regex || !p->code)
			return error("%s: pattern '%s' has no regex", cfg->source, p->name);
	}
	return 0;
}

int path_glob_match(const char *pattern, const char *path)
{
	const char *base;

	if (!strchr(pattern, '/')) {
		base = strrchr(path, '/');
		return glob_match(pattern, base ? base + 1 : path);
	}
	return glob_match(pattern, path);
}

static int any_glob(const struct strlist *l, const char *path)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (path_glob_match(l->items[i], path))
			return 1;
	return 0;
}

int config_path_in_scope(const struct config *cfg, const char *path)
{
	return any_glob(&cfg->include, path) && !any_glob(&cfg->exclude, path);
}

enum severity config_severity(const struct config *cfg, enum rule_id id, const char *path)
{
	if (path && any_glob(&cfg->rules[id].exclude, path))
		return SEV_DISABLED;
	return cfg->rules[id].severity;
}

void config_release(struct config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	for (i = 0; i < RULE__COUNT; i++)
		strlist_clear(&cfg->rules[i].exclude);
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (keys[i].type == K_LIST)
			strlist_clear((struct strlist *)((char *)cfg + keys[i].offset));
	for (i = 0; i < cfg->nr_patterns; i++) {
		struct pattern *p = &cfg->patterns[i];

		free(p->name);
		free(p->rule);
		free(p->regex);
		free(p->message);
		strlist_clear(&p->keywords);
		strlist_clear(&p->allow_values);
		strlist_clear(&p->paths);
		pattern_free(p);
	}
	free(cfg->patterns);
	free(cfg->source);
	memset(cfg, 0, sizeof(*cfg));
}
