/*
 * modules.c - the modules a changeset's files may import, read on the
 * source's thread (modules.h), and TypeScript's resolution of relative
 * specifiers.
 */
#include "source/modules.h"
#include "source/change.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What a relative import may name, in TypeScript's order. */
static const char *const code_suffixes[] = { ".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs" };

static int has_suffix(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	return n >= m && !strncasecmp(s + n - m, suffix, m);
}

static int is_code(const char *path)
{
	size_t i, n = strlen(path);

	for (i = 0; i < ARRAY_SIZE(code_suffixes); i++)
		if (has_suffix(path, n, code_suffixes[i]))
			return 1;
	return 0;
}

/*
 * Join the directory of `from` and the relative `spec` into *out,
 * folding "." and ".."; 0 if spec is not relative or climbs out of the
 * root.
 */
static int join(const char *from, const char *spec, size_t spec_len, struct buf *out)
{
	const char *slash = strrchr(from, '/');
	const char *p, *end = spec + spec_len;

	if (!spec_len || spec[0] != '.' ||
	    !(spec_len == 1 || spec[1] == '/' || (spec[1] == '.' && (spec_len == 2 || spec[2] == '/'))))
		return 0;
	buf_reset(out);
	if (slash)
		buf_add(out, from, (size_t)(slash - from));
	for (p = spec; p < end;) {
		const char *q = memchr(p, '/', (size_t)(end - p));
		size_t n = q ? (size_t)(q - p) : (size_t)(end - p);

		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* "./", "//": nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *up;

			if (!out->len)
				return 0;	/* out of the tree */
			up = memrchr(out->ptr, '/', out->len);
			out->len = up ? (size_t)(up - out->ptr) : 0;
			out->ptr[out->len] = '\0';
		} else {
			if (memchr(p, '\\', n) || memchr(p, '\0', n))
				return 0;
			if (out->len)
				buf_putc(out, '/');
			buf_add(out, p, n);
		}
		p += n + (q != NULL);
	}
	if (!out->ptr)
		buf_puts(out, "");
	return 1;
}

static int try_path(struct buf *out, size_t base_len, const char *add,
		    int (*exists)(const char *path, void *data), void *data)
{
	out->len = base_len;
	out->ptr[base_len] = '\0';
	buf_puts(out, add);
	return exists(out->ptr, data);
}

int module_resolve(const char *from, const char *spec, size_t spec_len,
		   int (*exists)(const char *path, void *data), void *data, struct buf *out)
{
	size_t i, base, n;
	int r;

	if (!join(from, spec, spec_len, out))
		return 0;
	base = out->len;
	if (base && is_code(out->ptr) && (r = exists(out->ptr, data)) != 0)
		return r;
	/* ./x.js written for x.ts (TypeScript's ESM spelling) */
	n = base;
	for (i = 4; i < ARRAY_SIZE(code_suffixes); i++) {
		size_t m = strlen(code_suffixes[i]);

		if (n > m && has_suffix(out->ptr, n, code_suffixes[i])) {
			static const char *const ts_for[] = { ".ts", ".tsx", ".mts", ".cts" };
			size_t k, stem = n - m;

			for (k = 0; k < ARRAY_SIZE(ts_for); k++) {
				/* .mjs is .mts, .cjs is .cts; .js is .ts or .tsx */
				if ((i == 5 && k != 2) || (i == 6 && k != 3) || (i == 4 && k > 1))
					continue;
				if ((r = try_path(out, stem, ts_for[k], exists, data)) != 0)
					return r;
			}
			out->len = base;
			out->ptr[base] = '\0';
			break;
		}
	}
	if (base)
		for (i = 0; i < ARRAY_SIZE(code_suffixes); i++)
			if ((r = try_path(out, base, code_suffixes[i], exists, data)) != 0)
				return r;
	for (i = 0; i < ARRAY_SIZE(code_suffixes); i++) {
		struct buf idx = BUF_INIT;

		buf_printf(&idx, "%sindex%s", base ? "/" : "", code_suffixes[i]);
		r = try_path(out, base, idx.ptr, exists, data);
		buf_release(&idx);
		if (r)
			return r;
	}
	buf_reset(out);
	return 0;
}

/* ---- what the run has read ---- */

/* A relative specifier a text writes where an import does: its bytes. */
struct spec {
	uint32_t off, len;
};

struct cached {
	unsigned char id[20];
	struct shared_text *text;	/* NULL: a free slot */
	struct spec *specs;		/* once scanned */
	size_t nr_specs;
	int scanned;
};

/* Open addressing by blob id, at most half full. */
#define CACHE_SLOTS (2 * MODULE_CACHE_FILES)

struct module_cache {
	struct cached slot[CACHE_SLOTS];
	size_t nr, bytes;
};

struct module_cache *module_cache_new(void)
{
	return xcalloc(1, sizeof(struct module_cache));
}

static void cache_clear(struct module_cache *mc)
{
	size_t i;

	for (i = 0; i < CACHE_SLOTS; i++) {
		if (!mc->slot[i].text)
			continue;
		shared_text_unref(mc->slot[i].text);
		free(mc->slot[i].specs);
	}
	memset(mc, 0, sizeof(*mc));
}

void module_cache_free(struct module_cache *mc)
{
	if (!mc)
		return;
	cache_clear(mc);
	free(mc);
}

static struct cached *cache_slot(struct module_cache *mc, const unsigned char *id)
{
	size_t i = ((size_t)id[0] | (size_t)id[1] << 8 | (size_t)id[2] << 16) & (CACHE_SLOTS - 1);

	while (mc->slot[i].text && memcmp(mc->slot[i].id, id, 20))
		i = (i + 1) & (CACHE_SLOTS - 1);
	return &mc->slot[i];
}

/* The entry of blob id, or NULL. */
static struct cached *cache_find(struct module_cache *mc, const unsigned char *id)
{
	struct cached *e;

	if (!mc)
		return NULL;
	e = cache_slot(mc, id);
	return e->text ? e : NULL;
}

/* Keep text (a reference of its own) as blob id's; the entry, or NULL without a cache. */
static struct cached *cache_put(struct module_cache *mc, const unsigned char *id, struct shared_text *text)
{
	struct cached *e;

	if (!mc || text->len > MODULE_CACHE_BYTES)
		return NULL;
	if ((e = cache_find(mc, id)) != NULL)
		return e;
	if (mc->nr == MODULE_CACHE_FILES || mc->bytes + text->len > MODULE_CACHE_BYTES)
		cache_clear(mc);
	e = cache_slot(mc, id);
	memcpy(e->id, id, 20);
	e->text = shared_text_ref(text);
	mc->nr++;
	mc->bytes += text->len;
	return e;
}

/* ---- the set ---- */

static struct module_file *set_find(const struct module_set *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		if (!strcmp(s->files[i].path, path))
			return &s->files[i];
	return NULL;
}

static int by_path(const void *pa, const void *pb)
{
	const struct module_file *a = pa, *b = pb;

	return strcmp(a->path, b->path);
}

const struct module_file *module_set_find(const struct module_set *s, const char *path)
{
	struct module_file key;

	if (!s || !s->nr)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, s->files, s->nr, sizeof(*s->files), by_path);
}

static int set_exists(const char *path, void *data)
{
	return module_set_find(data, path) != NULL;
}

const struct module_file *module_set_resolve(const struct module_set *s, const char *from,
					     const char *spec, size_t spec_len)
{
	struct buf b = BUF_INIT;
	const struct module_file *f = NULL;

	if (s && module_resolve(from, spec, spec_len, set_exists, (void *)s, &b) == 1)
		f = module_set_find(s, b.ptr);
	buf_release(&b);
	return f;
}

struct module_set *module_set_ref(const struct module_set *s)
{
	struct module_set *m = (struct module_set *)s;

	if (m)
		__atomic_add_fetch(&m->refs, 1, __ATOMIC_RELAXED);
	return m;
}

void module_set_unref(const struct module_set *s)
{
	struct module_set *m = (struct module_set *)s;
	size_t i;

	if (!m || __atomic_sub_fetch(&m->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	for (i = 0; i < m->nr; i++) {
		free(m->files[i].path);
		shared_text_unref(m->files[i].text);
		lines_release(&m->files[i].added);
	}
	free(m->files);
	free(m);
}

/* ---- reading the set through the tree ---- */

struct build {
	const struct changeset *cs;
	struct module_cache *mc;	/* NULL: none */
	struct module_set *set;
	struct buf text;
	int full;		/* a limit was reached: read no more */
};

/* Add path with text (the set takes a reference of its own). */
static struct module_file *add_file(struct module_set *s, const char *path, struct shared_text *text)
{
	struct module_file *f;

	ALLOC_GROW(s->files, s->nr + 1, s->alloc);
	f = &s->files[s->nr++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	f->text = shared_text_ref(text);
	f->content = text->data;
	f->len = text->len;
	s->bytes += text->len;
	return f;
}

static const struct change *changed_file(const struct changeset *cs, const char *path)
{
	size_t i;

	for (i = 0; i < cs->nr; i++)
		if (!strcmp(cs->files[i]->path, path))
			return cs->files[i];
	return NULL;
}

static void copy_lines(struct line_set *to, const struct line_set *from)
{
	*to = *from;
	to->bits = NULL;
	if (from->bits) {
		size_t n = from->max / 8 + 1;

		to->bits = xmalloc(n);
		memcpy(to->bits, from->bits, n);
	}
}

/*
 * The text of the tree's file at `path` (a reference of the caller's):
 * the cache's when it holds the file's blob, else read through the
 * reader (and kept in the cache). *has_id: id holds the blob id. NULL
 * when there is no such file or it cannot be read (a submodule's entry).
 */
static struct shared_text *tree_text(struct build *b, const char *path, unsigned char *id, int *has_id)
{
	const struct tree_reader *t = b->cs->tree;
	struct shared_text *text;
	struct cached *e;

	*has_id = 0;
	if (b->mc && t->id) {
		if (t->id(t, path, id) != 1)
			return NULL;
		*has_id = 1;
		if ((e = cache_find(b->mc, id)) != NULL)
			return shared_text_ref(e->text);
	}
	buf_reset(&b->text);
	if (t->read(t, path, &b->text) <= 0)
		return NULL;
	text = shared_text_new(b->text.ptr ? b->text.ptr : "", b->text.len);
	if (!*has_id && t->id)
		*has_id = t->id(t, path, id) == 1;
	if (*has_id)
		cache_put(b->mc, id, text);
	return text;
}

/* Read `path` into the set if it is there: 1, 0 (no such file, or the set is full), -1. */
static int tree_exists(const char *path, void *data)
{
	struct build *b = data;
	const struct change *c;
	struct module_file *f;
	struct shared_text *text;
	unsigned char id[20];
	int has_id;

	if (set_find(b->set, path))
		return 1;
	if (b->full || !is_code(path))
		return 0;
	if ((c = changed_file(b->cs, path))) {
		/* what the changeset judges: its content is the tree's (the
		 * cache's when it is the blob's bytes, module_set_build()) */
		struct cached *e = c->blob_text && c->id ? cache_find(b->mc, c->id) : NULL;

		text = e ? shared_text_ref(e->text) : change_share_text(c);
		f = add_file(b->set, path, text);
		shared_text_unref(text);
		f->changed = 1;
		if (c->added)
			copy_lines(&f->added, c->added);
		else
			lines_add_range(&f->added, 1, lines_in_text(f->content, f->len));
		if (c->id) {
			memcpy(f->id, c->id, 20);
			f->has_id = 1;
		}
		goto added;
	}
	/* what cannot be read (a submodule's entry) is not followed: unknown */
	if (!(text = tree_text(b, path, id, &has_id)))
		return 0;
	if (b->set->bytes + text->len > MODULE_MAX_BYTES) {
		shared_text_unref(text);
		b->full = 1;
		return 0;
	}
	f = add_file(b->set, path, text);
	shared_text_unref(text);
	if (has_id) {
		memcpy(f->id, id, 20);
		f->has_id = 1;
	}
added:
	if (b->set->nr >= MODULE_MAX_FILES)
		b->full = 1;
	return 1;
}

/* 1 if the word `w` ends right before src[at] (after white space), as a whole word. */
static int word_before(const char *src, size_t at, const char *w)
{
	size_t n = strlen(w);

	while (at > 0 && (src[at - 1] == ' ' || src[at - 1] == '\t' || src[at - 1] == '\n' || src[at - 1] == '\r'))
		at--;
	if (at < n || memcmp(src + at - n, w, n))
		return 0;
	at -= n;
	return !at || !(isalnum((unsigned char)src[at - 1]) || src[at - 1] == '_' || src[at - 1] == '$' ||
			 src[at - 1] == '.');
}

/*
 * 1 if the string opening at src[q] stands where a module specifier
 * does: after `from`, `import`, `require(`, `import(`. What the syntax
 * tree decides later; here it only keeps other strings that start with
 * "./" (a FileArchive's folder, a path joined at run time) from being
 * looked up as modules.
 */
static int import_context(const char *src, size_t q)
{
	size_t at = q;

	if (word_before(src, at, "from") || word_before(src, at, "import"))
		return 1;
	while (at > 0 && (src[at - 1] == ' ' || src[at - 1] == '\t' || src[at - 1] == '\n' || src[at - 1] == '\r'))
		at--;
	if (!at || src[at - 1] != '(')
		return 0;
	return word_before(src, at - 1, "require") || word_before(src, at - 1, "import");
}

/*
 * Every quoted string of the text that may be a relative specifier:
 * what the file may import, into a new array (*nr of them). An
 * over-approximation (a string in a comment counts); the syntax tree
 * decides later.
 */
static struct spec *scan_specs(const char *src, size_t len, size_t *nr)
{
	struct spec *out = NULL;
	size_t i, alloc = 0;

	*nr = 0;
	/* a specifier opens with a quote and a dot: look for the dots */
	for (i = 0; i + 2 < len;) {
		const char *dot = memchr(src + i + 1, '.', len - i - 2);
		char q;
		size_t k;

		if (!dot)
			break;
		i = (size_t)(dot - src) - 1;
		q = src[i];
		if (q != '\'' && q != '"' && q != '`') {
			i++;
			continue;
		}
		for (k = i + 1; k < len && src[k] != q && src[k] != '\n' && k - i < 512; k++)
			;
		if (k >= len || src[k] != q) {
			i++;
			continue;
		}
		if (import_context(src, i)) {
			ALLOC_GROW(out, *nr + 1, alloc);
			out[*nr].off = (uint32_t)(i + 1);
			out[(*nr)++].len = (uint32_t)(k - i - 1);
		}
		i = k + 1;
	}
	return out;
}

/*
 * The specifiers of a text (scan_specs()), as an array of the caller's;
 * `id` is the blob the text is, for the cache (NULL: not a blob's text).
 */
static struct spec *copy_specs(const struct spec *sp, size_t nr)
{
	struct spec *out = xmalloc((nr + 1) * sizeof(*out));

	if (nr)
		memcpy(out, sp, nr * sizeof(*out));
	return out;
}

static struct spec *specs_of(struct build *b, const unsigned char *id, const char *src, size_t len, size_t *nr)
{
	struct cached *e = id ? cache_find(b->mc, id) : NULL;
	struct spec *out;

	if (e && e->scanned) {
		*nr = e->nr_specs;
		return copy_specs(e->specs, e->nr_specs);
	}
	out = scan_specs(src, len, nr);
	if (e) {	/* the same bytes: id is their blob's */
		e->specs = copy_specs(out, *nr);
		e->nr_specs = *nr;
		e->scanned = 1;
	}
	return out;
}

/* The cache key of a changed file's content: its blob id when it is the blob's bytes, else NULL. */
static const unsigned char *blob_key(const struct change *c)
{
	return c->blob_text && c->id ? c->id : NULL;
}

/* Read what the text of `from` (blob id, or NULL) may import into the set. */
static int read_imports(struct build *b, const char *from, const char *src, size_t len, const unsigned char *id)
{
	struct buf found = BUF_INIT;
	size_t i, nr;
	struct spec *sp = specs_of(b, id, src, len, &nr);
	int rc = 0;

	for (i = 0; i < nr && !b->full; i++)
		if (module_resolve(from, src + sp[i].off, sp[i].len, tree_exists, b, &found) < 0) {
			rc = -1;
			break;
		}
	free(sp);
	buf_release(&found);
	return rc;
}

/* Read what the files of the set from *done on import, `levels` hops deep. */
static int expand(struct build *b, size_t *done, int levels)
{
	int depth, rc = 0;

	for (depth = 0; depth < levels && rc == 0 && !b->full; depth++) {
		size_t level_end = b->set->nr;

		for (; *done < level_end && rc == 0; (*done)++) {
			/* add_file() may move the array: copy what is read from it
			 * (the text itself stays: the set holds a reference) */
			const struct module_file *f = &b->set->files[*done];
			char *path = xstrdup(f->path);
			const char *src = f->content;
			size_t len = f->len;
			unsigned char id[20];
			int keyed = f->has_id && !f->changed;

			memcpy(id, f->id, 20);
			rc = read_imports(b, path, src, len, keyed ? id : NULL);
			free(path);
		}
	}
	return rc;
}

/*
 * 1 if an added line of c lies in a top-level `export const/let/var/
 * default` statement (or `module.exports`, `exports.x`) and holds a
 * quote: a definition whose unchanged uses elsewhere may now be bad. A
 * statement starts at a line that does not start with white space.
 */
static int edits_exported_value(const struct change *c)
{
	static const char *const heads[] = {
		"export const ", "export let ", "export var ", "export default ", "module.exports", "exports.",
	};
	const char *p = c->content, *end = c->content + c->len, *stmt = NULL;
	uint32_t line = 1;

	if (!c->content || !c->added || !c->added->count)
		return 0;
	for (; p < end; line++) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p), i;

		if (n && p[0] != ' ' && p[0] != '\t' && p[0] != '\r')
			stmt = p;
		if (stmt && lines_has(c->added, line) &&
		    (memchr(p, '\'', n) || memchr(p, '"', n) || memchr(p, '`', n)))
			for (i = 0; i < ARRAY_SIZE(heads); i++)
				if ((size_t)(end - stmt) >= strlen(heads[i]) && !memcmp(stmt, heads[i], strlen(heads[i])))
					return 1;
		if (!eol)
			break;
		p = eol + 1;
	}
	return 0;
}

/*
 * 1 if c declares a ComponentResource class and an added line of it
 * builds a string from a name (`${`, or a quote and `name`): a name made
 * of the component's name parameter is judged by what the component's
 * instantiations pass (rules/suffix_component.c), and those may lie in
 * files that import c.
 */
static int edits_component(const struct change *c)
{
	const char *p = c->content, *end = c->content + c->len;
	uint32_t line = 1;

	if (!c->content || !c->added || !c->added->count ||
	    !memmem(c->content, c->len, "ComponentResource", 17) || !memmem(c->content, c->len, "class ", 6))
		return 0;
	for (; p < end; line++) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);

		if (lines_has(c->added, line) &&
		    (memmem(p, n, "${", 2) ||
		     (memmem(p, n, "name", 4) && (memchr(p, '\'', n) || memchr(p, '"', n)))))
			return 1;
		if (!eol)
			break;
		p = eol + 1;
	}
	return 0;
}

/* The code files of the tree under dir, into out (bounded by *listed). */
static int list_code(const struct tree_reader *t, const char *dir, int depth, struct strlist *out,
		     size_t *listed)
{
	struct strlist names = STRLIST_INIT;
	struct buf path = BUF_INIT;
	size_t i;
	int rc = 0;

	if (t->list(t, dir, &names) < 0)
		return 0;	/* a folder that cannot be listed holds no importer we know of */
	for (i = 0; i < names.nr && rc == 0 && *listed < MODULE_MAX_LISTED; i++) {
		const char *name = names.items[i];

		(*listed)++;
		if (name[0] == '.' || !strcmp(name, "node_modules"))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s%s%s", dir, *dir ? "/" : "", name);
		if (is_code(path.ptr))
			strlist_add(out, path.ptr);
		else if (depth < 8 && !strchr(name, '.'))
			rc = list_code(t, path.ptr, depth + 1, out, listed);
	}
	buf_release(&path);
	strlist_clear(&names);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct listed {
	char **paths;
	size_t nr;
};

static int listed_exists(const char *path, void *data)
{
	const struct listed *l = data;

	return bsearch(&path, l->paths, l->nr, sizeof(*l->paths), cmp_str) != NULL;
}

/*
 * What the text's specifiers (sp, nr) name of the changed files: 2 one
 * of `values` (whose exported definitions the change edits), 1 only
 * some of `comps` (whose component classes it edits), 0 neither.
 */
static int imports_edited(const char *from, const char *src, const struct spec *sp, size_t nr,
			  const struct listed *l, const struct strlist *values, const struct strlist *comps)
{
	struct buf found = BUF_INIT;
	size_t i;
	int hit = 0;

	for (i = 0; i < nr && hit < 2; i++)
		if (module_resolve(from, src + sp[i].off, sp[i].len, listed_exists, (void *)l, &found) == 1) {
			if (strlist_has(values, found.ptr))
				hit = 2;
			else if (strlist_has(comps, found.ptr))
				hit = 1;
		}
	buf_release(&found);
	return hit;
}

/*
 * The files of the tree that import one of the edited files: of `values`,
 * into the set as importers (judged whole for their unchanged uses); of
 * `comps` only, as modules (where the component is built decides a name
 * made of its `name` parameter: rules/suffix_component.c looks there; no
 * other finding of theirs could be kept).
 */
static int find_importers(struct build *b, const struct strlist *values, const struct strlist *comps)
{
	const struct tree_reader *t = b->cs->tree;
	struct strlist code = STRLIST_INIT;
	struct listed l;
	size_t i, listed = 0, found = 0;
	int rc = 0;

	if (!t->list || (rc = list_code(t, "", 0, &code, &listed)) < 0)
		goto out;
	l.paths = code.items;
	l.nr = code.nr;
	qsort(l.paths, l.nr, sizeof(*l.paths), cmp_str);
	for (i = 0; i < l.nr && rc == 0 && found < MODULE_MAX_IMPORTERS && !b->full; i++) {
		const struct change *ch = changed_file(b->cs, l.paths[i]);
		struct module_file *f;
		struct shared_text *text;
		struct spec *sp;
		unsigned char id[20];
		size_t nr;
		int has_id, hit;

		if (set_find(b->set, l.paths[i]))
			continue;
		if (ch) {
			/* a changed file that builds an edited component: readable
			 * as a module (judged as itself, not as an importer) */
			if (!ch->content)
				continue;
			sp = specs_of(b, blob_key(ch), ch->content, ch->len, &nr);
			hit = imports_edited(l.paths[i], ch->content, sp, nr, &l, values, comps);
			free(sp);
			if (hit && tree_exists(l.paths[i], b) == 1)
				found++;
			continue;
		}
		/* what cannot be read (a submodule's entry) imports nothing */
		if (!(text = tree_text(b, l.paths[i], id, &has_id)))
			continue;
		sp = specs_of(b, has_id ? id : NULL, text->data, text->len, &nr);
		hit = text->len ? imports_edited(l.paths[i], text->data, sp, nr, &l, values, comps) : 0;
		free(sp);
		if (!hit) {
			shared_text_unref(text);
			continue;
		}
		if (b->set->bytes + text->len > MODULE_MAX_BYTES) {
			shared_text_unref(text);
			b->full = 1;
			break;
		}
		f = add_file(b->set, l.paths[i], text);
		shared_text_unref(text);
		f->importer = hit == 2;
		if (has_id) {
			memcpy(f->id, id, 20);
			f->has_id = 1;
		}
		found++;
	}
out:
	strlist_clear(&code);
	return rc;
}

int module_set_build(const struct changeset *cs, struct module_cache *mc, struct module_set **out)
{
	struct build b;
	struct strlist values = STRLIST_INIT, comps = STRLIST_INIT;
	size_t i, done = 0;
	int rc = 0, any = 0;

	*out = NULL;
	if (!cs->tree)
		return 0;
	for (i = 0; i < cs->nr; i++) {
		const struct change *c = cs->files[i];

		if (!is_code(c->path) || !c->content || (c->hist && c->hist->advance_only))
			continue;
		any = any || memmem(c->content, c->len, "'.", 2) || memmem(c->content, c->len, "\".", 2) ||
			memmem(c->content, c->len, "`.", 2);
		if (edits_exported_value(c))
			strlist_add(&values, c->path);
		else if (edits_component(c))
			strlist_add(&comps, c->path);
	}
	if (!any && !values.nr && !comps.nr)
		return 0;
	memset(&b, 0, sizeof(b));
	b.cs = cs;
	b.mc = mc;
	b.set = xcalloc(1, sizeof(*b.set));
	b.set->refs = 1;
	/* the next commits read these versions as unchanged modules */
	for (i = 0; mc && i < cs->nr; i++) {
		const struct change *c = cs->files[i];

		if (c->blob_text && c->id && c->content && is_code(c->path) && !cache_find(mc, c->id)) {
			struct shared_text *text = change_share_text(c);

			cache_put(mc, c->id, text);
			shared_text_unref(text);
		}
	}
	/* what the changed files import is depth 1 */
	for (i = 0; i < cs->nr && rc == 0 && !b.full; i++)
		if (is_code(cs->files[i]->path) && cs->files[i]->content &&
		    !(cs->files[i]->hist && cs->files[i]->hist->advance_only))
			rc = read_imports(&b, cs->files[i]->path, cs->files[i]->content, cs->files[i]->len,
					  blob_key(cs->files[i]));
	if (rc == 0)
		rc = expand(&b, &done, MODULE_DEPTH - 1);
	/* the files that import an edited definition, and what they import */
	if (rc == 0 && (values.nr || comps.nr) && !b.full) {
		done = b.set->nr;
		rc = find_importers(&b, &values, &comps);
		if (rc == 0)
			rc = expand(&b, &done, MODULE_DEPTH);
	}
	buf_release(&b.text);
	strlist_clear(&values);
	strlist_clear(&comps);
	if (rc < 0) {
		module_set_unref(b.set);
		return -1;
	}
	if (!b.set->nr) {
		module_set_unref(b.set);
		return 0;
	}
	qsort(b.set->files, b.set->nr, sizeof(*b.set->files), by_path);
	*out = b.set;
	return 0;
}
