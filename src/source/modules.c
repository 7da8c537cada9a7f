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
		free(m->files[i].content);
		lines_release(&m->files[i].added);
	}
	free(m->files);
	free(m);
}

/* ---- reading the set through the tree ---- */

struct build {
	const struct changeset *cs;
	struct module_set *set;
	struct buf text;
	int full;		/* a limit was reached: read no more */
};

static struct module_file *add_file(struct module_set *s, const char *path, const char *content,
				    size_t len)
{
	struct module_file *f;

	ALLOC_GROW(s->files, s->nr + 1, s->alloc);
	f = &s->files[s->nr++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	f->content = xmalloc(len + 1);
	memcpy(f->content, content, len);
	f->content[len] = '\0';
	f->len = len;
	s->bytes += len;
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

/* Read `path` into the set if it is there: 1, 0 (no such file, or the set is full), -1. */
static int tree_exists(const char *path, void *data)
{
	struct build *b = data;
	const struct tree_reader *t = b->cs->tree;
	const struct change *c;
	struct module_file *f;
	int r;

	if (set_find(b->set, path))
		return 1;
	if (b->full || !is_code(path))
		return 0;
	if ((c = changed_file(b->cs, path))) {
		/* what the changeset judges: its content is the tree's */
		f = add_file(b->set, path, c->content ? c->content : "", c->len);
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
	buf_reset(&b->text);
	/* what cannot be read (a submodule's entry) is not followed: unknown */
	if ((r = t->read(t, path, &b->text)) <= 0)
		return 0;
	if (b->set->bytes + b->text.len > MODULE_MAX_BYTES) {
		b->full = 1;
		return 0;
	}
	f = add_file(b->set, path, b->text.ptr ? b->text.ptr : "", b->text.len);
	if (t->id)
		f->has_id = t->id(t, path, f->id) == 1;
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
 * what the file may import. An over-approximation (a string in a
 * comment counts); the syntax tree decides later.
 */
static int read_imports(struct build *b, const char *from, const char *src, size_t len)
{
	struct buf found = BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i + 2 < len && !b->full; i++) {
		char q = src[i];
		size_t k;

		if ((q != '\'' && q != '"' && q != '`') || src[i + 1] != '.')
			continue;
		for (k = i + 1; k < len && src[k] != q && src[k] != '\n' && k - i < 512; k++)
			;
		if (k >= len || src[k] != q)
			continue;
		if (!import_context(src, i)) {
			i = k;
			continue;
		}
		if (module_resolve(from, src + i + 1, k - i - 1, tree_exists, b, &found) < 0) {
			rc = -1;
			break;
		}
		i = k;
	}
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
			/* add_file() may move the array: copy the path */
			char *path = xstrdup(b->set->files[*done].path);

			rc = read_imports(b, path, b->set->files[*done].content, b->set->files[*done].len);
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

/* 1 if a relative specifier of the text names one of the changed files `edited`. */
static int imports_one_of(const char *from, const char *src, size_t len, const struct listed *l,
			  const struct strlist *edited)
{
	struct buf found = BUF_INIT;
	size_t i;
	int hit = 0;

	for (i = 0; i + 2 < len && !hit; i++) {
		char q = src[i];
		size_t k;

		if ((q != '\'' && q != '"' && q != '`') || src[i + 1] != '.')
			continue;
		for (k = i + 1; k < len && src[k] != q && src[k] != '\n' && k - i < 512; k++)
			;
		if (k >= len || src[k] != q)
			continue;
		if (import_context(src, i) &&
		    module_resolve(from, src + i + 1, k - i - 1, listed_exists, (void *)l, &found) == 1)
			hit = strlist_has(edited, found.ptr);
		i = k;
	}
	buf_release(&found);
	return hit;
}

/* The files of the tree that import one of `edited`, into the set as importers. */
static int find_importers(struct build *b, const struct strlist *edited)
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
		struct module_file *f;
		int r;

		const struct change *ch = changed_file(b->cs, l.paths[i]);

		if (set_find(b->set, l.paths[i]))
			continue;
		if (ch) {
			/* a changed file that builds an edited component: readable
			 * as a module (judged as itself, not as an importer) */
			if (ch->content && imports_one_of(l.paths[i], ch->content, ch->len, &l, edited) &&
			    tree_exists(l.paths[i], b) == 1)
				found++;
			continue;
		}
		buf_reset(&b->text);
		/* what cannot be read (a submodule's entry) imports nothing */
		r = t->read(t, l.paths[i], &b->text);
		if (r <= 0 || !b->text.len ||
		    !imports_one_of(l.paths[i], b->text.ptr, b->text.len, &l, edited))
			continue;
		if (b->set->bytes + b->text.len > MODULE_MAX_BYTES) {
			b->full = 1;
			break;
		}
		f = add_file(b->set, l.paths[i], b->text.ptr, b->text.len);
		f->importer = 1;
		f->has_id = t->id && t->id(t, l.paths[i], f->id) == 1;
		found++;
	}
out:
	strlist_clear(&code);
	return rc;
}

int module_set_build(const struct changeset *cs, struct module_set **out)
{
	struct build b;
	struct strlist edited = STRLIST_INIT;
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
		if (edits_exported_value(c) || edits_component(c))
			strlist_add(&edited, c->path);
	}
	if (!any && !edited.nr)
		return 0;
	memset(&b, 0, sizeof(b));
	b.cs = cs;
	b.set = xcalloc(1, sizeof(*b.set));
	b.set->refs = 1;
	/* what the changed files import is depth 1 */
	for (i = 0; i < cs->nr && rc == 0 && !b.full; i++)
		if (is_code(cs->files[i]->path) && cs->files[i]->content &&
		    !(cs->files[i]->hist && cs->files[i]->hist->advance_only))
			rc = read_imports(&b, cs->files[i]->path, cs->files[i]->content, cs->files[i]->len);
	if (rc == 0)
		rc = expand(&b, &done, MODULE_DEPTH - 1);
	/* the files that import an edited definition, and what they import */
	if (rc == 0 && edited.nr && !b.full) {
		done = b.set->nr;
		rc = find_importers(&b, &edited);
		if (rc == 0)
			rc = expand(&b, &done, MODULE_DEPTH);
	}
	buf_release(&b.text);
	strlist_clear(&edited);
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
