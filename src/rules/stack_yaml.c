/*
 * plaintext-stack-secret
 *
 * Risk: Pulumi.<stack>.yaml is committed. A value set with
 * `pulumi config set --secret` is stored as `secure: v1:...` ciphertext;
 * one set without --secret (or typed in by hand) is in git in clear text,
 * for everyone with the repository, for ever.
 *
 * Violating:  config:
 *               myproj:dbPassword: hunter2-prod
 * Compliant:  config:
 *               myproj:dbPassword:
 *                 secure: v1:Zm9vYmFy...
 *
 * How: the file is parsed with libyaml's event API (no tree is built, and
 * aliases are never expanded). Under the top-level `config:` mapping, a
 * scalar is judged when its nearest key looks like a secret: for
 * `project:key` the part after the last ':', for structured config the
 * nested key itself, for an array item the key that holds the array.
 * A `secure:` mapping is the encrypted form and never judged.
 *
 * A `secure:` value that is not v1: ciphertext is plaintext. Anchors are
 * remembered (a scalar's span; for a collection, its secret-looking
 * leaves), so an alias or a merge key (`<<: *creds`) under config is
 * judged as what it stands for. In the project file (Pulumi.yaml), the
 * `default:` or `value:` of a secret-looking key is judged.
 *
 * Limits: the nearest key decides, so `myproj:secrets: {github: x}` is
 * not judged (`github` does not look like a secret; token shapes still
 * are, by the pattern rules). Empty, null and boolean values are not
 * findings. A file that is not valid YAML (tabs for indentation included)
 * cannot be judged: on_file fails, and on_error decides (block by
 * default). The source decodes UTF-16 with a byte-order mark first.
 * Nesting deeper than MAX_NESTING levels is an error (the file is not
 * judged, on_error decides): libyaml's scanner costs the depth on every
 * token, so 400 KB of `[` would take minutes; no stack configuration
 * nests so deep.
 */
#include "rules/rules.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define RULE "plaintext-stack-secret"

struct plaintext_stack_secret_settings {
	struct strlist secret_config_keys;
	struct strlist allow_values;
};

/*
 * libyaml marks count characters (with the encoding set to UTF-8, a byte
 * order mark is one of them), and lines by its own rules (a lone '\r' is
 * a break); findings need byte offsets and '\n' lines.
 */
struct pos_map {
	const char *src;
	size_t len;
	size_t chr, byte;	/* a known pair: character index -> byte offset */
	uint32_t line;		/* the '\n' line of `byte`, 1-based */
};

/* Byte offset (and its line) of character index `chr`; marks arrive
 * nearly in order, so the walk goes on from the last answer. */
static size_t pos_byte(struct pos_map *m, size_t chr, uint32_t *line)
{
	if (chr < m->chr) {
		m->chr = m->byte = 0;
		m->line = 1;
	}
	while (m->chr < chr && m->byte < m->len) {
		if (m->src[m->byte] == '\n')
			m->line++;
		m->byte++;
		while (m->byte < m->len && ((unsigned char)m->src[m->byte] & 0xC0) == 0x80)
			m->byte++;
		m->chr++;
	}
	*line = m->line;
	return m->byte;
}

enum frame_kind { F_MAP, F_SEQ };

struct frame {
	enum frame_kind kind;
	int in_config;		/* the values inside are stack config */
	int in_key;		/* inside a complex (non-scalar) key: nothing is judged */
	int want_key;		/* F_MAP: the next node is a key */
	char *key;		/* F_MAP: the current key, owned; NULL if not a scalar */
	int secret;		/* values here sit under a secret-looking key */
	int parent_secret;	/* this mapping is the value of a secret-looking key */
	size_t index;		/* F_SEQ: index of the next item */
};

/*
 * An anchored node (&name): a scalar's span, or for a collection the
 * spans of the secret-looking scalars inside it, so that an alias (*name,
 * or a merge key `<<: *name`) under config is judged as what it stands for.
 */
struct anchor {
	char *name;
	size_t depth;			/* frame depth of the anchored collection; 0: a scalar */
	int open;			/* a collection still being read */
	struct leaf { size_t sb, eb; } *leaves;	/* spans to judge */
	size_t nr, alloc;
	size_t sb, eb;			/* a scalar's span */
};

struct walk {
	struct ctx *c;
	struct pos_map pos;
	struct frame *frames;
	size_t nr, alloc;
	struct anchor *anchors;
	size_t nr_anchors, alloc_anchors;
};

static void anchors_clear(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->nr_anchors; i++) {
		free(w->anchors[i].name);
		free(w->anchors[i].leaves);
	}
	free(w->anchors);
	w->anchors = NULL;
	w->nr_anchors = w->alloc_anchors = 0;
}

static struct anchor *anchor_find(struct walk *w, const char *name)
{
	size_t i;

	/* the latest definition of a name counts */
	for (i = w->nr_anchors; i-- > 0;)
		if (!strcmp(w->anchors[i].name, name))
			return &w->anchors[i];
	return NULL;
}

static struct anchor *anchor_add(struct walk *w, const char *name)
{
	struct anchor *a;

	ALLOC_GROW(w->anchors, w->nr_anchors + 1, w->alloc_anchors);
	a = &w->anchors[w->nr_anchors++];
	memset(a, 0, sizeof(*a));
	a->name = xstrdup(name);
	return a;
}

static void frames_clear(struct walk *w)
{
	while (w->nr)
		free(w->frames[--w->nr].key);
}

/* 1 if the config key (or a nested key) names a secret. */
static int key_secret(const struct config *cfg, const char *key, size_t len)
{
	const struct plaintext_stack_secret_settings *conf = cfg->rules[RULE_PLAINTEXT_STACK_SECRET].settings;
	const char *last = memrchr(key, ':', len);
	size_t n;

	if (list_has_ci(&conf->secret_config_keys, key, len))
		return 1;
	if (last) {
		last++;
		n = len - (size_t)(last - key);
	} else {
		last = key;
		n = len;
	}
	if (!n)
		return 0;
	return list_has_ci(&cfg->vocab.secret_keys, last, n) ||
	       vocab_key_is_secret_like(&cfg->vocab, last, n);
}

/* Plain scalars that YAML reads as null or a boolean: not a secret. */
static int plain_not_text(const char *v)
{
	static const char *const words[] = {
		"~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (!strcmp(v, words[i]))
			return 1;
	return 0;
}

/* Pulumi's name for the value: myproj:db.password, myproj:tokens[0]. */
static void config_path(const struct walk *w, struct buf *out)
{
	size_t i, start = out->len;

	for (i = 1; i < w->nr; i++) {
		const struct frame *f = &w->frames[i];

		if (f->kind == F_SEQ) {
			buf_printf(out, "[%zu]", f->index);
			continue;
		}
		if (i > 1)
			buf_putc(out, '.');
		buf_puts(out, f->key ? f->key : "?");
	}
	/* keys are data from the file: keep messages on one printable line */
	for (i = start; i < out->len; i++)
		if ((unsigned char)out->ptr[i] < 0x20 || out->ptr[i] == 0x7f)
			out->ptr[i] = '?';
	if (out->len - start > 120) {
		out->len = start + 117;
		out->ptr[out->len] = '\0';
		buf_puts(out, "...");
	}
}

/* 1 if a scalar event is a value worth judging (text, not null/bool, not allowed). */
static int scalar_is_text(const struct ctx *c, const yaml_event_t *e)
{
	const struct plaintext_stack_secret_settings *conf = rule_settings(c, RULE_PLAINTEXT_STACK_SECRET);
	const char *v = (const char *)e->data.scalar.value;

	if (!e->data.scalar.length)
		return 0;
	if (e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && plain_not_text(v))
		return 0;
	return !strlist_has_n(&conf->allow_values, v, e->data.scalar.length);
}

/* Encrypted config as Pulumi writes it: v1: and base64. */
static int is_ciphertext(const char *v, size_t len)
{
	size_t i;

	if (len < 4 || strncmp(v, "v1:", 3))
		return 0;
	for (i = 3; i < len; i++)
		if (!((v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= 'a' && v[i] <= 'z') ||
		      (v[i] >= '0' && v[i] <= '9') || v[i] == '+' || v[i] == '/' || v[i] == '=' || v[i] == ':'))
			return 0;
	return 1;
}

static void report_value(struct walk *w, size_t sb, size_t eb, uint32_t first, uint32_t last,
			 const char *why);

static void judge_scalar(struct walk *w, const yaml_event_t *e, const char *why)
{
	size_t sb, eb;
	uint32_t first, last;

	if (!scalar_is_text(w->c, e))
		return;
	sb = pos_byte(&w->pos, e->start_mark.index, &first);
	eb = pos_byte(&w->pos, e->end_mark.index, &last);
	report_value(w, sb, eb, first, last, why);
}

/* Line (1-based) of byte offset `off`. */
static uint32_t line_of(const struct ctx *c, size_t off)
{
	uint32_t line = 1;
	size_t i;

	for (i = 0; i < off && i < c->len; i++)
		if (c->src[i] == '\n')
			line++;
	return line;
}

static void report_value(struct walk *w, size_t sb, size_t eb, uint32_t first, uint32_t last,
			 const char *why)
{
	struct ctx *c = w->c;
	size_t rs, re;
	uint32_t at;
	struct buf path = BUF_INIT, msg = BUF_INIT, hint = BUF_INIT;

	if (eb <= sb || sb >= c->len || eb > c->len || sb > UINT32_MAX || eb > UINT32_MAX)
		return;
	/* the line of the value's last byte (a block scalar ends after a break) */
	if (c->src[eb - 1] == '\n' && last > first)
		last--;
	/* only added lines count; a block scalar may change below its key */
	at = first;
	if (c->change->added) {
		while (at <= last && !lines_has(c->change->added, at))
			at++;
		if (at > last)
			return;
	}
	rs = sb;
	re = eb;
	if (at != first) {
		uint32_t l = first;

		for (rs = sb; l < at && rs < eb; rs++)
			if (c->src[rs] == '\n')
				l++;
		while (rs < eb && (c->src[rs] == ' ' || c->src[rs] == '\t'))
			rs++;
	}
	config_path(w, &path);
	buf_printf(&msg, "plaintext secret in stack config '%s': it is committed to git in clear text%s%s",
		   path.ptr, why ? " " : "", why ? why : "");
	buf_printf(&hint, "encrypt it: pulumi config set --secret %s'%s' <value> (writes secure: v1:...)%s",
		   w->nr > 2 ? "--path " : "", path.ptr,
		   c->change->commit ? ", then rotate it: the plaintext stays in git history"
				     : " before it is committed (a commit keeps the plaintext in git history)");
	report_span(c, RULE, c->sev[RULE_PLAINTEXT_STACK_SECRET],
		    (uint32_t)rs, (uint32_t)re, (uint32_t)rs, (uint32_t)re, hint.ptr, msg.ptr);
	buf_release(&path);
	buf_release(&msg);
	buf_release(&hint);
}

/* A node (scalar, alias or collection) was completed in the top frame. */
static void node_done(struct walk *w)
{
	struct frame *f;

	if (!w->nr)
		return;
	f = &w->frames[w->nr - 1];
	if (f->kind == F_SEQ)
		f->index++;
	else
		f->want_key = !f->want_key;
}

/* The top frame's key is `key` (NULL: not a scalar); the value comes next. */
static void set_key(struct walk *w, const char *key, size_t len)
{
	struct frame *f = &w->frames[w->nr - 1];

	free(f->key);
	f->key = key ? xstrndup(key, len) : NULL;
	/* outside config too: an anchored value may be used under config */
	f->secret = key && !f->in_key && key_secret(w->c->cfg, key, len);
	/* project config (Pulumi.yaml): `dbPassword: {default: x}` */
	if (key && f->parent_secret && (!strcmp(f->key, "default") || !strcmp(f->key, "value")))
		f->secret = 1;
}

static void push(struct walk *w, enum frame_kind kind, const yaml_char_t *anchor)
{
	struct frame *parent, *f;

	if (anchor) {
		struct anchor *a = anchor_add(w, (const char *)anchor);

		a->depth = w->nr + 1;
		a->open = 1;
	}
	ALLOC_GROW(w->frames, w->nr + 1, w->alloc);
	parent = w->nr ? &w->frames[w->nr - 1] : NULL;
	f = &w->frames[w->nr++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->want_key = kind == F_MAP;
	if (!parent)
		return;
	f->in_key = parent->in_key || (parent->kind == F_MAP && parent->want_key);
	/* the document's root mapping is frame 0; its `config:` value is stack config */
	f->in_config = parent->in_config ||
		       (w->nr == 2 && parent->kind == F_MAP && parent->key && !strcmp(parent->key, "config"));
	if (kind == F_SEQ)
		f->secret = parent->secret;
	f->parent_secret = parent->secret;
}

static void pop(struct walk *w)
{
	struct frame *f;
	int was_key;

	if (!w->nr)
		return;
	{
		size_t i;

		for (i = 0; i < w->nr_anchors; i++)
			if (w->anchors[i].open && w->anchors[i].depth == w->nr)
				w->anchors[i].open = 0;
	}
	f = &w->frames[--w->nr];
	free(f->key);
	if (!w->nr)
		return;
	was_key = w->frames[w->nr - 1].kind == F_MAP && w->frames[w->nr - 1].want_key;
	if (was_key)
		set_key(w, NULL, 0);
	node_done(w);
}

/* Judge what alias *name stands for, under a secret key or not. */
static void judge_alias(struct walk *w, const struct anchor *a, int secret)
{
	size_t i;
	uint32_t first, last;
	struct buf why = BUF_INIT;

	buf_printf(&why, "(through the alias *%.60s)", a->name);
	if (!a->depth) {
		if (secret && a->eb > a->sb) {
			first = line_of(w->c, a->sb);
			last = line_of(w->c, a->eb);
			report_value(w, a->sb, a->eb, first, last, why.ptr);
		}
	} else {
		for (i = 0; i < a->nr; i++) {
			first = line_of(w->c, a->leaves[i].sb);
			last = line_of(w->c, a->leaves[i].eb);
			report_value(w, a->leaves[i].sb, a->leaves[i].eb, first, last, why.ptr);
		}
	}
	buf_release(&why);
}

/* Note a secret-looking scalar inside every open anchored collection. */
static void anchors_note_leaf(struct walk *w, const yaml_event_t *e)
{
	size_t i, sb, eb;
	uint32_t first, last;

	if (!scalar_is_text(w->c, e))
		return;
	sb = pos_byte(&w->pos, e->start_mark.index, &first);
	eb = pos_byte(&w->pos, e->end_mark.index, &last);
	for (i = 0; i < w->nr_anchors; i++) {
		struct anchor *a = &w->anchors[i];

		if (!a->open)
			continue;
		ALLOC_GROW(a->leaves, a->nr + 1, a->alloc);
		a->leaves[a->nr].sb = sb;
		a->leaves[a->nr++].eb = eb;
	}
}

static void on_scalar_or_alias(struct walk *w, const yaml_event_t *e)
{
	struct frame *f;

	if (!w->nr)
		return;		/* a scalar document */
	f = &w->frames[w->nr - 1];
	if (e->type == YAML_SCALAR_EVENT && e->data.scalar.anchor && !(f->kind == F_MAP && f->want_key)) {
		struct anchor *a = anchor_add(w, (const char *)e->data.scalar.anchor);
		uint32_t l;

		a->sb = pos_byte(&w->pos, e->start_mark.index, &l);
		a->eb = pos_byte(&w->pos, e->end_mark.index, &l);
		if (!scalar_is_text(w->c, e))
			a->eb = a->sb;
	}
	if (f->kind == F_MAP && f->want_key) {
		if (e->type == YAML_SCALAR_EVENT)
			set_key(w, (const char *)e->data.scalar.value, e->data.scalar.length);
		else
			set_key(w, NULL, 0);
	} else if (e->type == YAML_ALIAS_EVENT && f->in_config && !f->in_key) {
		const struct anchor *a = anchor_find(w, (const char *)e->data.alias.anchor);

		if (a && !a->open)
			judge_alias(w, a, f->secret);
	} else if (e->type == YAML_SCALAR_EVENT && f->kind == F_MAP && f->key && !strcmp(f->key, "secure") &&
		   f->in_config && !f->in_key) {
		/* secure: holds ciphertext; anything else is plaintext in disguise */
		if (!is_ciphertext((const char *)e->data.scalar.value, e->data.scalar.length))
			judge_scalar(w, e, "(a secure: value must be the v1:... ciphertext that "
				     "`pulumi config set --secret` writes)");
	} else if (e->type == YAML_SCALAR_EVENT && f->secret && !f->in_key) {
		if (f->in_config)
			judge_scalar(w, e, NULL);
		else
			anchors_note_leaf(w, e);
	}
	node_done(w);
}

static int wants_file(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (strncasecmp(base, "Pulumi.", 7))
		return 0;
	/* the project file (its config defaults), and Pulumi.<stack>.yaml/.yml/.json;
	 * extensions in any case, as a case-insensitive file system reads them */
	if (!strcasecmp(base + 7, "yaml") || !strcasecmp(base + 7, "yml"))
		return 1;
	if (n > 12 && !strcasecmp(base + n - 5, ".yaml"))
		return 1;
	if (n > 11 && (!strcasecmp(base + n - 4, ".yml") || !strcasecmp(base + n - 5, ".json")))
		return 1;
	return 0;
}

#define MAX_NESTING 100

static int on_file(struct ctx *c)
{
	yaml_parser_t parser;
	yaml_event_t e;
	struct walk w;
	int done = 0, rc = 0;

	memset(&w, 0, sizeof(w));
	w.c = c;
	w.pos.src = c->src;
	w.pos.len = c->len;
	w.pos.line = 1;
	if (!yaml_parser_initialize(&parser))
		return error("cannot set up the YAML parser for '%s'", c->change->path);
	/* marks are mapped to bytes of UTF-8 text; other encodings fail to parse */
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&parser, (const unsigned char *)c->src, c->len);
	while (!done && !ctx_out_of_time(c)) {
		if (!yaml_parser_parse(&parser, &e)) {
			/* what follows the error is unread: the file cannot be judged */
			rc = error("cannot judge '%s': it is not valid YAML (line %zu: %s); fix the syntax "
				   "(YAML indents with spaces, never tabs)", c->change->path,
				   parser.problem_mark.line + 1, parser.problem ? parser.problem : "syntax error");
			break;
		}
		if ((e.type == YAML_MAPPING_START_EVENT || e.type == YAML_SEQUENCE_START_EVENT) &&
		    w.nr >= MAX_NESTING) {
			rc = error("'%s' nests YAML more than %d levels deep (line %zu); stackgate does "
				   "not judge it: flatten the structure", c->change->path, MAX_NESTING,
				   (size_t)e.start_mark.line + 1);
			yaml_event_delete(&e);
			break;
		}
		switch (e.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			frames_clear(&w);
			anchors_clear(&w);
			break;
		case YAML_MAPPING_START_EVENT:
			push(&w, F_MAP, e.data.mapping_start.anchor);
			break;
		case YAML_SEQUENCE_START_EVENT:
			push(&w, F_SEQ, e.data.sequence_start.anchor);
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			pop(&w);
			break;
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT:
			on_scalar_or_alias(&w, &e);
			break;
		default:
			break;
		}
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&parser);
	frames_clear(&w);
	anchors_clear(&w);
	free(w.frames);
	return rc;
}

static const struct key_def keys[] = {
	RULE_KEY(plaintext_stack_secret_settings, K_LIST, secret_config_keys),
	RULE_KEY(plaintext_stack_secret_settings, K_LIST, allow_values),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_plaintext_stack_secret = {
	.id = RULE,
	.summary = "a secret-looking key in Pulumi.<stack>.yaml holds plaintext instead of secure: v1:...",
	.explain =
		"Catches: in Pulumi.<stack>.yaml (Pulumi.dev.yaml, Pulumi.prod.yml, Pulumi.qa.json),\n"
		"a value under `config:` whose key looks like a secret but that is plaintext instead\n"
		"of the `secure: v1:...` that `pulumi config set --secret` writes. The key is judged\n"
		"by the part after the last ':' (myproj:dbPassword -> dbPassword, aws:secretKey);\n"
		"in structured config, each scalar leaf by its own key, and array items by the key\n"
		"that holds the array. A `secure:` value that is not v1: ciphertext; what an alias\n"
		"(*pw) or a merge key (<<: *creds) brings under a secret key; in the project file\n"
		"Pulumi.yaml, the default: of a secret-looking config key.\n"
		"\n"
		"Why: the stack file is committed; the plaintext is in git history for ever.\n"
		"\n"
		"Bad:   config:\n"
		"         myproj:dbPassword: hunter2-prod\n"
		"         aws:secretKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
		"         myproj:database:\n"
		"           password: hunter2-prod\n"
		"Good:  config:\n"
		"         myproj:dbPassword:\n"
		"           secure: v1:Zm9vYmFyYmF6...\n"
		"         aws:region: us-east-1\n"
		"\n"
		"Not findings: empty, null and boolean values; reference keys (myproj:dbPasswordArn,\n"
		"myproj:kmsKeyId); keys outside `config:`; values listed in allow_values. A file\n"
		"that is not valid YAML (tab indentation included) cannot be judged and blocks\n"
		"(on_error).\n"
		"\n"
		"Tune: [rule \"plaintext-stack-secret\"] severity, exclude (path globs),\n"
		"secret_config_keys (namespace:key that always hold secrets), allow_values; the\n"
		"secret words are hardcoded-secret's secret_keys, secret_words, reference_suffixes\n"
		"and reference_prefixes.\n",
	.keys = keys,
	.settings_size = sizeof(struct plaintext_stack_secret_settings),
	.wants_file = wants_file,
	.on_file = on_file,
};
