/*
 * pulumi:autonaming: when logical names are physical names (autonaming.h).
 *
 * The shape, in a stack file (Pulumi.yaml wraps the same under `value:`):
 *
 *	config:
 *	  pulumi:autonaming:
 *	    mode: verbatim | disabled | default
 *	    pattern: ${project}-${name}
 *	    providers:
 *	      aws:
 *	        pattern: ...
 *	        resources:
 *	          aws:s3/bucketV2:BucketV2:
 *	            mode: verbatim
 *
 * The most specific setting wins (resource type, then provider, then the
 * top). A stack file that sets pulumi:autonaming overrides the project's
 * for that stack; a type counts as physically named when any stack (or
 * the project, where some stack does not override it) makes it so.
 */
#include "model/autonaming.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_PROJECT_FILE (1u << 20)

struct an_entry {
	char *scope;		/* "": every type, "aws": a provider, "aws.s3.Bucket": a type */
	int physical;		/* logical names are physical names */
	char *why;		/* file and setting, for messages */
};

/* What one file says. */
struct an_set {
	struct an_entry *items;
	size_t nr, alloc;
};

struct autonaming {
	struct an_set *sets;
	size_t nr, alloc;
	char *key;		/* the files' names and texts: equal keys share settings */
	size_t key_len;
};

struct memo {
	char *dir;
	const struct autonaming *settings;	/* NULL: none, or no project */
};

struct autonaming_cache {
	struct autonaming **all;	/* every setting handed out */
	size_t nr_all, alloc_all;
	char tree_key[64];		/* the tree the memo is about */
	struct memo *memo;
	size_t nr_memo, alloc_memo;
};

struct autonaming_cache *autonaming_cache_new(void)
{
	return xcalloc(1, sizeof(struct autonaming_cache));
}

static void set_release(struct an_set *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++) {
		free(s->items[i].scope);
		free(s->items[i].why);
	}
	free(s->items);
}

void autonaming_free(struct autonaming *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->nr; i++)
		set_release(&a->sets[i]);
	free(a->sets);
	free(a->key);
	free(a);
}

static void memo_clear(struct autonaming_cache *c)
{
	size_t i;

	for (i = 0; i < c->nr_memo; i++)
		free(c->memo[i].dir);
	c->nr_memo = 0;
}

void autonaming_cache_free(struct autonaming_cache *c)
{
	size_t i;

	if (!c)
		return;
	memo_clear(c);
	free(c->memo);
	for (i = 0; i < c->nr_all; i++)
		autonaming_free(c->all[i]);
	free(c->all);
	free(c);
}

/* ---- one file ---- */

static yaml_node_t *map_get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *p;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);

		if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == strlen(key) &&
		    !memcmp(k->data.scalar.value, key, k->data.scalar.length))
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

static const char *scalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A pattern without a random part or the stack names every stack's resource alike. */
static int pattern_is_fixed(const char *p)
{
	static const char *const unique[] = {
		"${alphanum(", "${string(", "${num(", "${hex(", "${uuid}", "${stack}",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(unique); i++)
		if (strstr(p, unique[i]))
			return 0;
	return 1;
}

/* "aws:s3/bucketV2:BucketV2" -> "aws.s3.BucketV2"; "aws:index/x:X" -> "aws.X". */
static char *type_token_canon(const char *token)
{
	const char *c1 = strchr(token, ':'), *c2, *slash;
	struct buf b = BUF_INIT;

	if (!c1 || !(c2 = strchr(c1 + 1, ':')))
		return xstrdup(token);
	slash = memchr(c1 + 1, '/', (size_t)(c2 - c1 - 1));
	buf_add(&b, token, (size_t)(c1 - token));
	if (!slash)
		slash = c2;
	if ((size_t)(slash - c1 - 1) != 5 || memcmp(c1 + 1, "index", 5)) {
		buf_putc(&b, '.');
		buf_add(&b, c1 + 1, (size_t)(slash - c1 - 1));
	}
	buf_putc(&b, '.');
	buf_puts(&b, c2 + 1);
	return buf_detach(&b);
}

/* Record what one level (mode, pattern) says, if it says anything. */
static void add_level(yaml_document_t *doc, struct an_set *s, yaml_node_t *level, const char *scope,
		      const char *file, const char *where)
{
	const char *mode = scalar(map_get(doc, level, "mode"));
	const char *pattern = scalar(map_get(doc, level, "pattern"));
	struct an_entry *e;
	struct buf why = BUF_INIT;

	if (!mode && !pattern)
		return;		/* inherits from the level above */
	ALLOC_GROW(s->items, s->nr, s->alloc);
	e = &s->items[s->nr++];
	e->scope = xstrdup(scope);
	if (mode && (!strcmp(mode, "verbatim") || !strcmp(mode, "disabled"))) {
		e->physical = 1;
		buf_printf(&why, "%s's pulumi:autonaming%s (mode: %s)", file, where, mode);
	} else if (pattern && (!mode || strcmp(mode, "default"))) {
		e->physical = pattern_is_fixed(pattern);
		buf_printf(&why, "%s's pulumi:autonaming%s (pattern %s has no random part and no ${stack})",
			   file, where, pattern);
	} else {
		e->physical = 0;
		buf_puts(&why, "");
	}
	e->why = buf_detach(&why);
}

/* The settings of one file, or 0 when it does not set pulumi:autonaming. */
static int parse_file(struct an_set *s, const char *file, const char *text, size_t len, int *bad)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *root, *an, *providers;
	yaml_node_pair_t *p, *q;
	struct buf where = BUF_INIT;
	int found = 0;

	memset(s, 0, sizeof(*s));
	*bad = 0;
	/* a project file is a few lines; a huge one is not read (and said so) */
	if (len > MAX_PROJECT_FILE) {
		*bad = 1;
		return 0;
	}
	if (!yaml_parser_initialize(&parser)) {
		*bad = 1;
		return 0;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		*bad = 1;
		yaml_parser_delete(&parser);
		return 0;
	}
	root = yaml_document_get_root_node(&doc);
	an = map_get(&doc, map_get(&doc, root, "config"), "pulumi:autonaming");
	/* the project file wraps a config value: `value:` */
	if (map_get(&doc, an, "value"))
		an = map_get(&doc, an, "value");
	if (!an || an->type != YAML_MAPPING_NODE)
		goto out;
	found = 1;
	add_level(&doc, s, an, "", file, "");
	providers = map_get(&doc, an, "providers");
	if (!providers || providers->type != YAML_MAPPING_NODE)
		goto out;
	for (p = providers->data.mapping.pairs.start; p < providers->data.mapping.pairs.top; p++) {
		const char *prov = scalar(yaml_document_get_node(&doc, p->key));
		yaml_node_t *pv = yaml_document_get_node(&doc, p->value), *res;

		if (!prov)
			continue;
		buf_reset(&where);
		buf_printf(&where, " for provider %s", prov);
		add_level(&doc, s, pv, prov, file, where.ptr);
		res = map_get(&doc, pv, "resources");
		if (!res || res->type != YAML_MAPPING_NODE)
			continue;
		for (q = res->data.mapping.pairs.start; q < res->data.mapping.pairs.top; q++) {
			const char *tok = scalar(yaml_document_get_node(&doc, q->key));
			char *canon;

			if (!tok)
				continue;
			canon = type_token_canon(tok);
			buf_reset(&where);
			buf_printf(&where, " for %s", tok);
			add_level(&doc, s, yaml_document_get_node(&doc, q->value), canon, file, where.ptr);
			free(canon);
		}
	}
out:
	buf_release(&where);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return found;
}

static void add_set(struct autonaming *a, struct an_set *s)
{
	ALLOC_GROW(a->sets, a->nr, a->alloc);
	a->sets[a->nr++] = *s;
}

struct autonaming *autonaming_parse(const char *file, const char *text, size_t len)
{
	struct autonaming *a;
	struct an_set s;
	int bad;

	if (!parse_file(&s, file, text, len, &bad))
		return NULL;
	a = xcalloc(1, sizeof(*a));
	add_set(a, &s);
	return a;
}

/* The most specific entry of a set for the type, or NULL. */
static const struct an_entry *set_match(const struct an_set *s, const char *type)
{
	const struct an_entry *best = NULL;
	size_t plen = strcspn(type, "."), i;
	int best_rank = -1;

	for (i = 0; i < s->nr; i++) {
		const struct an_entry *e = &s->items[i];
		int rank;

		if (!*e->scope)
			rank = 0;
		else if (!strcmp(e->scope, type))
			rank = 2;
		else if (strlen(e->scope) == plen && !memcmp(e->scope, type, plen))
			rank = 1;
		else
			continue;
		if (rank >= best_rank) {
			best = e;
			best_rank = rank;
		}
	}
	return best;
}

int autonaming_physical(const struct autonaming *a, const char *type, struct buf *why)
{
	size_t i;

	if (!a)
		return 0;
	for (i = 0; i < a->nr; i++) {
		const struct an_entry *e = set_match(&a->sets[i], type);

		if (e && e->physical) {
			buf_puts(why, e->why);
			return 1;
		}
	}
	return 0;
}

/* ---- a project in a tree ---- */

static int has_physical(const struct autonaming *a)
{
	size_t i, j;

	for (i = 0; i < a->nr; i++)
		for (j = 0; j < a->sets[i].nr; j++)
			if (a->sets[i].items[j].physical)
				return 1;
	return 0;
}

/* Pulumi.<stack>.yaml, Pulumi.<stack>.yml */
static int is_stack_file(const char *name)
{
	size_t n = strlen(name);

	if (strncmp(name, "Pulumi.", 7))
		return 0;
	if (n > 12 && !strcmp(name + n - 5, ".yaml"))
		return 1;
	return n > 11 && !strcmp(name + n - 4, ".yml");
}

static void note_bad(int quiet, const char *path)
{
	struct buf b = BUF_INIT;

	if (quiet)
		return;
	buf_add_escaped(&b, path, strlen(path));
	fprintf(stderr, "stackgate: note: '%s' is not valid YAML (or over 1 MiB); its pulumi:autonaming "
		"is not read, so logical names there are judged as logical names\n", b.ptr);
	buf_release(&b);
}

static int sort_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Read the project in `dir` (its Pulumi.yaml is `project`, already read):
 * its settings, shared with an equal earlier one. NULL: none physical.
 */
static int read_project(struct autonaming_cache *c, const struct tree_reader *t, const char *dir,
			const char *project_name, const struct buf *project, int quiet,
			const struct autonaming **out)
{
	struct strlist names = STRLIST_INIT;
	struct buf key = BUF_INIT, path = BUF_INIT, text = BUF_INIT;
	struct autonaming *a = xcalloc(1, sizeof(*a));
	struct an_set ps, s;
	int has_project, bad, rc = 0, stacks = 0, overridden = 0;
	size_t i;

	*out = NULL;
	buf_printf(&key, "%s", project_name);
	buf_putc(&key, '\0');
	buf_add(&key, project->ptr, project->len);
	buf_printf(&path, "%s%s%s", dir, *dir ? "/" : "", project_name);
	has_project = parse_file(&ps, path.ptr, project->ptr, project->len, &bad);
	if (bad)
		note_bad(quiet, path.ptr);
	if (t->list(t, dir, &names) < 0) {
		rc = -1;
		goto out;
	}
	if (names.nr)
		qsort(names.items, names.nr, sizeof(*names.items), sort_names);
	for (i = 0; i < names.nr; i++) {
		int r;

		if (!is_stack_file(names.items[i]))
			continue;
		buf_reset(&path);
		buf_reset(&text);
		buf_printf(&path, "%s%s%s", dir, *dir ? "/" : "", names.items[i]);
		r = t->read(t, path.ptr, &text);
		if (r < 0) {
			rc = -1;
			goto out;
		}
		if (!r)
			continue;
		stacks++;
		buf_putc(&key, '\0');
		buf_puts(&key, names.items[i]);
		buf_putc(&key, '\0');
		buf_add(&key, text.ptr, text.len);
		if (parse_file(&s, path.ptr, text.ptr ? text.ptr : "", text.len, &bad)) {
			add_set(a, &s);
			overridden++;
		}
		if (bad)
			note_bad(quiet, path.ptr);
	}
	/* the project's setting counts for the stacks that do not set their own */
	if (has_project && (!stacks || overridden < stacks))
		add_set(a, &ps);
	else if (has_project)
		set_release(&ps);
	if (!has_physical(a))
		goto out;
	for (i = 0; i < c->nr_all; i++) {
		if (c->all[i]->key_len == key.len && !memcmp(c->all[i]->key, key.ptr, key.len)) {
			*out = c->all[i];
			goto out;
		}
	}
	a->key_len = key.len;
	a->key = buf_detach(&key);
	ALLOC_GROW(c->all, c->nr_all, c->alloc_all);
	c->all[c->nr_all++] = a;
	*out = a;
	a = NULL;
out:
	autonaming_free(a);
	strlist_clear(&names);
	buf_release(&key);
	buf_release(&path);
	buf_release(&text);
	return rc;
}

static const struct memo *memo_find(const struct autonaming_cache *c, const char *dir)
{
	size_t i;

	for (i = 0; i < c->nr_memo; i++)
		if (!strcmp(c->memo[i].dir, dir))
			return &c->memo[i];
	return NULL;
}

static void memo_add(struct autonaming_cache *c, const char *dir, const struct autonaming *a)
{
	ALLOC_GROW(c->memo, c->nr_memo, c->alloc_memo);
	c->memo[c->nr_memo].dir = xstrdup(dir);
	c->memo[c->nr_memo].settings = a;
	c->nr_memo++;
}

int autonaming_lookup(struct autonaming_cache *c, const struct tree_reader *t, const char *file,
		      int quiet, const struct autonaming **out)
{
	struct buf dir = BUF_INIT, path = BUF_INIT, text = BUF_INIT;
	const struct memo *m;
	size_t first_memo;
	int rc = 0, depth, absolute;
	const char *slash;

	*out = NULL;
	if (!t)
		return 0;
	if (strcmp(c->tree_key, t->key)) {
		memo_clear(c);
		snprintf(c->tree_key, sizeof(c->tree_key), "%s", t->key);
	}
	slash = strrchr(file, '/');
	buf_add(&dir, file, slash ? (size_t)(slash - file) : 0);
	absolute = file[0] == '/';
	first_memo = c->nr_memo;
	/* from the file's directory up: the nearest Pulumi.yaml is the project */
	for (depth = 0; depth < 64; depth++) {
		static const char *const project_names[] = { "Pulumi.yaml", "Pulumi.yml" };
		size_t i;
		int r = 0;

		if (absolute && !dir.len)
			break;	/* the file system's root: "" would be the working directory */
		if ((m = memo_find(c, dir.ptr ? dir.ptr : "")) != NULL) {
			*out = m->settings;
			break;
		}
		for (i = 0; i < ARRAY_SIZE(project_names) && !r; i++) {
			buf_reset(&path);
			buf_reset(&text);
			buf_printf(&path, "%s%s%s", dir.ptr ? dir.ptr : "", dir.len ? "/" : "", project_names[i]);
			r = t->read(t, path.ptr, &text);
			if (r < 0) {
				rc = -1;
				goto out;
			}
			if (r && read_project(c, t, dir.ptr ? dir.ptr : "", project_names[i], &text, quiet, out) < 0) {
				rc = -1;
				goto out;
			}
		}
		memo_add(c, dir.ptr ? dir.ptr : "", *out);
		if (r || !dir.len)
			break;
		slash = memrchr(dir.ptr, '/', dir.len);
		dir.len = slash ? (size_t)(slash - dir.ptr) : 0;
		dir.ptr[dir.len] = '\0';
	}
	/* the directories passed on the way share the project's answer */
	for (; first_memo < c->nr_memo; first_memo++)
		c->memo[first_memo].settings = *out;
out:
	buf_release(&dir);
	buf_release(&path);
	buf_release(&text);
	return rc;
}
