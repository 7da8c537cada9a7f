#include "config/config.h"
#include "config/pattern.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "default_ini.h"

const char *rule_name(enum rule_id id)
{
	return rule_defs[id]->id;
}

const char *rule_summary(enum rule_id id)
{
	return rule_defs[id]->summary;
}

int rule_lookup(const char *name, enum rule_id *out)
{
	int i;

	for (i = 0; i < RULE__COUNT; i++) {
		if (!strcmp(rule_defs[i]->id, name)) {
			*out = (enum rule_id)i;
			return 0;
		}
	}
	return -1;
}

const struct rule_entry *config_rule(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->nr_rules; i++)
		if (!strcmp(cfg->rules[i].id, name))
			return &cfg->rules[i];
	return NULL;
}

const char *rule_entry_summary(const struct rule_entry *e)
{
	if (e->def)
		return e->def->summary;
	return e->pattern->message ? e->pattern->message : e->pattern->regex;
}

const struct pattern *config_pattern(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->nr_patterns; i++)
		if (!strcmp(cfg->patterns[i].name, name))
			return &cfg->patterns[i];
	return NULL;
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

/* Keys of [general]; a rule's own keys are declared in its rule_def. */
static const struct key_def general_keys[] = {
#define C(f) offsetof(struct config, f)
	{ "include", K_LIST, C(include) },
	{ "exclude", K_LIST, C(exclude) },
	{ "max_file_bytes", K_SIZE, C(max_file_bytes) },
	{ "max_commits", K_SIZE, C(max_commits) },
	{ "timeout_ms", K_SIZE, C(timeout_ms) },
	{ "receive_timeout_ms", K_SIZE, C(receive_timeout_ms) },
	{ "on_limit", K_STRING, C(on_limit) },
	{ "on_error", K_STRING, C(on_error) },
	{ "allow_inline_ignore", K_BOOL, C(allow_inline_ignore) },
	{ "baseline", K_STRING, C(baseline) },
	{ "contact", K_STRING, C(contact) },
	{ "allow_skip_option", K_BOOL, C(allow_skip_option) },
	{ "skip_users", K_LIST, C(skip_users) },
	{ "audit_log", K_STRING, C(audit_log) },
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
	if (!strcmp(name, "allow_inline_ignore")) {
		int allowed;

		if (parse_bool(value, &allowed) < 0) {
			snprintf(ctx->msg, sizeof(ctx->msg), "'%s' must be true or false, not '%s'", name, value);
			return 0;
		}
		p->no_inline_ignore = !allowed;
		return 1;
	}
	{
		struct strlist *l = !strcmp(name, "keywords") ? &p->keywords :
				    !strcmp(name, "allow_values") ? &p->allow_values :
				    !strcmp(name, "paths") ? &p->paths :
				    !strcmp(name, "exclude") ? &p->exclude : NULL;
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

static void copy_bounded(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Store `value` in `slot` of `type`; 1 on success, 0 with ctx->msg set. */
static int set_value(struct load_ctx *ctx, void *slot, enum key_type type, const char *name,
		     const char *value, int append)
{
	switch (type) {
	case K_LIST:
		if (!append)
			strlist_clear(slot);
		list_append(slot, value);
		return 1;
	case K_BOOL:
		if (parse_bool(value, slot) < 0) {
			snprintf(ctx->msg, sizeof(ctx->msg), "'%s' must be true or false, not '%s'", name, value);
			return 0;
		}
		return 1;
	case K_SIZE:
		if (parse_size(value, slot) < 0) {
			snprintf(ctx->msg, sizeof(ctx->msg), "'%s' must be a size in bytes, not '%s'", name, value);
			return 0;
		}
		return 1;
	case K_STRING:
		set_string(slot, value, append);
		return 1;
	}
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
	/* strncpy-style copies: snprintf("%s") trips -Wformat-truncation under -fsanitize */
	copy_bounded(ctx->last_section, sizeof(ctx->last_section), section);
	copy_bounded(ctx->last_key, sizeof(ctx->last_key), name);
	if (!strcmp(section, "general")) {
		rule = -1;
	} else if (section_arg(section, "rule", arg, sizeof(arg))) {
		enum rule_id id;

		if (rule_lookup(arg, &id) < 0) {
			/* a team's own [pattern "NAME"] is a rule too: its rule-wide keys */
			if (!strcmp(name, "severity") || !strcmp(name, "exclude") ||
			    !strcmp(name, "allow_inline_ignore"))
				return pattern_key(ctx, pattern_get(cfg, arg), name, value, append);
			snprintf(ctx->msg, sizeof(ctx->msg), "unknown key '%s' in [%s] (a pattern rule takes "
				 "severity, exclude and allow_inline_ignore here)", name, section);
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
		if (!strcmp(name, "allow_inline_ignore")) {
			int allowed;

			if (set_value(ctx, &allowed, K_BOOL, name, value, 0) != 1)
				return 0;
			cfg->rules[id].no_inline_ignore = !allowed;
			cfg->rules[id].inline_ignore_granted = allowed;
			return 1;
		}
	} else if (section_arg(section, "pattern", arg, sizeof(arg))) {
		return pattern_key(ctx, pattern_get(cfg, arg), name, value, append);
	} else {
		snprintf(ctx->msg, sizeof(ctx->msg),
			 "unknown section [%s] (use [general], [rule \"ID\"] or [pattern \"NAME\"])", section);
		return 0;
	}

	if (rule == -1) {
		for (i = 0; i < ARRAY_SIZE(general_keys); i++) {
			if (strcmp(general_keys[i].name, name))
				continue;
			if ((!strcmp(name, "on_limit") || !strcmp(name, "on_error")) &&
			    strcmp(value, "block") && strcmp(value, "allow")) {
				snprintf(ctx->msg, sizeof(ctx->msg), "'%s' must be block or allow, not '%s'", name, value);
				return 0;
			}
			return set_value(ctx, (char *)cfg + general_keys[i].offset, general_keys[i].type,
					 name, value, append);
		}
	} else {
		const struct vocab_key *v;
		const struct key_def *k;

		/* a shared fact keeps the section it has always been written in */
		for (v = vocab_keys; v->key.name; v++)
			if ((int)v->section == rule && !strcmp(v->key.name, name))
				return set_value(ctx, (char *)&cfg->vocab + v->key.offset, v->key.type,
						 name, value, append);
		for (k = rule_defs[rule]->keys; k && k->name; k++)
			if (!strcmp(k->name, name))
				return set_value(ctx, (char *)cfg->rules[rule].settings + k->offset, k->type,
						 name, value, append);
	}
	if (rule == RULE_MISSING_ENV_SUFFIX && !strcmp(name, "check_logical_name")) {
		/* an INI written before logical names got their own rule */
		snprintf(ctx->msg, sizeof(ctx->msg),
			 "'check_logical_name' in [%s] is gone: logical names are judged by the rule "
			 "'unsuffixed-logical-name' (advisory by default); remove the key, and to enforce "
			 "suffixed logical names set [rule \"unsuffixed-logical-name\"] severity = mandatory",
			 section);
		return 0;
	}
	snprintf(ctx->msg, sizeof(ctx->msg), "unknown key '%s' in [%s]", name, section);
	return 0;
}

/* 1 if a [pattern "NAME"] is in cfg already or anywhere in `text`. */
static int pattern_named(const struct config *cfg, const char *text, const char *name)
{
	struct buf hdr = BUF_INIT;
	const char *p = text;
	int found = config_pattern(cfg, name) != NULL;

	buf_printf(&hdr, "[pattern \"%s\"]", name);
	while (!found && (p = strstr(p, hdr.ptr))) {
		found = p == text || p[-1] == '\n';
		p++;
	}
	buf_release(&hdr);
	return found;
}

/* 0 if `name` (the text between brackets) is a section we know. */
static int check_section(const struct config *cfg, const char *text, const char *name, size_t len,
			 const char *file, int line)
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
		if (rule_lookup(arg, &id) < 0 && !pattern_named(cfg, text, arg))
			return error("%s:%d: unknown rule '%s' in section [%s] (not a built-in rule, and no "
				     "[pattern \"%s\"] defines it)", file, line, arg, sec, arg);
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
static int precheck(const struct config *cfg, const char *text, const char *name)
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
			if (check_section(cfg, text, p + i + 1, (size_t)(close - p - i - 1), name, line) < 0)
				return -1;
		}
		p += n;
		if (*p)
			p++;
		line++;
	}
	return 0;
}

/* Remember where allow_skip_option was set last, for a message naming FILE:LINE. */
static void note_skip_option(struct config *cfg, const char *text, const char *name)
{
	const char *p = text;
	int line = 1, at = 0;

	while (*p) {
		size_t n = strcspn(p, "\n"), i = 0;

		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i == 0 && n >= 17 && !strncmp(p, "allow_skip_option", 17) &&
		    strchr(" \t=:", p[17]))
			at = line;
		p += n;
		if (*p)
			p++;
		line++;
	}
	if (at) {
		struct buf b = BUF_INIT;

		buf_printf(&b, "%s:%d", name, at);
		free(cfg->skip_option_at);
		cfg->skip_option_at = buf_detach(&b);
	}
}

/*
 * (Re)build the pattern part of the rule table after a load: one entry
 * per team pattern, which takes the section's severity, excludes and
 * allow_inline_ignore (whichever of [pattern "NAME"] or [rule "NAME"]
 * said them last), and each pattern's `entry`: its own, or for a token
 * shape its built-in rule's.
 */
static void table_patterns(struct config *cfg)
{
	size_t i, j;

	for (i = RULE__COUNT; i < cfg->nr_rules; i++)
		strlist_clear(&cfg->rules[i].exclude);
	cfg->nr_rules = RULE__COUNT;
	for (i = 0; i < cfg->nr_patterns; i++) {
		struct pattern *p = &cfg->patterns[i];
		struct rule_entry *e;
		enum rule_id id;

		if (p->rule && rule_lookup(p->rule, &id) == 0) {
			p->entry = (size_t)id;
			continue;
		}
		ALLOC_GROW(cfg->rules, cfg->nr_rules, cfg->alloc_rules);
		p->entry = cfg->nr_rules;
		e = &cfg->rules[cfg->nr_rules++];
		memset(e, 0, sizeof(*e));
		e->id = p->name;
		e->pattern = p;
		e->severity = p->severity;
		for (j = 0; j < p->exclude.nr; j++)
			strlist_add(&e->exclude, p->exclude.items[j]);
		e->no_inline_ignore = p->no_inline_ignore;
	}
}

int config_load_string(struct config *cfg, const char *text, const char *name)
{
	struct load_ctx ctx;
	int rc;

	if (precheck(cfg, text, name) < 0)
		return -1;
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = cfg;
	rc = ini_parse_string(text, handler, &ctx);
	if (rc > 0)
		return error("%s:%d: %s", name, rc, ctx.msg[0] ? ctx.msg : "syntax error");
	if (rc < 0)
		return error("cannot parse configuration '%s'", name);
	note_skip_option(cfg, text, name);
	table_patterns(cfg);
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
	int i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->max_file_bytes = 2u << 20;
	cfg->allow_inline_ignore = 1;
	ALLOC_GROW(cfg->rules, RULE__COUNT, cfg->alloc_rules);
	cfg->nr_rules = RULE__COUNT;
	for (i = 0; i < RULE__COUNT; i++) {
		struct rule_entry *e = &cfg->rules[i];

		memset(e, 0, sizeof(*e));
		e->def = rule_defs[i];
		e->id = e->def->id;
		e->settings = xcalloc(1, e->def->settings_size ? e->def->settings_size : 1);
	}
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
	int in = any_glob(&cfg->include, path);

	/* includes match in any case (db.TS, Pulumi.dev.YAML): a case-insensitive
	 * file system and tsc read them as the lower-case names */
	if (!in) {
		char *lower = xstrdup(path), *p;

		for (p = lower; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		in = any_glob(&cfg->include, lower);
		if (!in) {
			/* keep the name's own case before the extension (Pulumi.dev.YAML) */
			const char *dot = strrchr(path, '.');

			if (dot && !strchr(dot, '/')) {
				memcpy(lower, path, (size_t)(dot - path));
				in = any_glob(&cfg->include, lower);
			}
		}
		free(lower);
	}
	return in && !any_glob(&cfg->exclude, path);
}

int config_path_excluded(const struct config *cfg, const char *path)
{
	return any_glob(&cfg->exclude, path);
}

enum severity rule_entry_severity(const struct rule_entry *e, const char *path)
{
	if (path && any_glob(&e->exclude, path))
		return SEV_DISABLED;
	return e->severity;
}

enum severity config_severity(const struct config *cfg, enum rule_id id, const char *path)
{
	return rule_entry_severity(&cfg->rules[id], path);
}

void config_release(struct config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	for (i = 0; i < cfg->nr_rules; i++) {
		const struct rule_entry *e = &cfg->rules[i];
		const struct key_def *k;

		strlist_clear(&cfg->rules[i].exclude);
		for (k = e->def ? e->def->keys : NULL; e->settings && k && k->name; k++) {
			if (k->type == K_LIST)
				strlist_clear((struct strlist *)((char *)e->settings + k->offset));
			else if (k->type == K_STRING)
				free(*(char **)((char *)e->settings + k->offset));
		}
		free(e->settings);
	}
	free(cfg->rules);
	vocab_release(&cfg->vocab);
	strlist_clear(&cfg->include);
	strlist_clear(&cfg->exclude);
	strlist_clear(&cfg->skip_users);
	free(cfg->on_limit);
	free(cfg->on_error);
	free(cfg->baseline);
	free(cfg->contact);
	free(cfg->audit_log);
	free(cfg->skip_option_at);
	for (i = 0; i < cfg->nr_patterns; i++) {
		struct pattern *p = &cfg->patterns[i];

		free(p->name);
		free(p->rule);
		free(p->regex);
		free(p->message);
		strlist_clear(&p->keywords);
		strlist_clear(&p->allow_values);
		strlist_clear(&p->paths);
		strlist_clear(&p->exclude);
		pattern_free(p);
	}
	free(cfg->patterns);
	free(cfg->source);
	memset(cfg, 0, sizeof(*cfg));
}
