/*
 * Git sources: the staged index, single commits, ranges, and the commits
 * a push brings. All git access goes through libgit2.
 */
#include "source/source.h"
#include "lang/lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze/analyze.h"
#include "source/blobcache.h"
#include "base/lines.h"
#include "base/util.h"

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int source_out_of_time(struct source *s)
{
	if (!s->deadline_ns || now_ns() < s->deadline_ns)
		return 0;
	if (!s->limit[0])
		snprintf(s->limit, sizeof(s->limit),
			 "timeout_ms reached after judging %zu commit%s and %zu file%s; the rest was not judged",
			 s->stats.commits, s->stats.commits == 1 ? "" : "s", s->stats.files,
			 s->stats.files == 1 ? "" : "s");
	return 1;
}

static int git_fail(const char *what)
{
	const git_error *e = git_error_last();

	return error("%s: %s", what, e && e->message ? e->message : "unknown libgit2 error");
}

int source_open_repo(git_repository **out)
{
	const char *dir, *quarantine;
	git_odb *odb = NULL;
	int rc;

	*out = NULL;
	rc = git_repository_open_ext(out, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	if (rc == 0)
		return 0;
	if (rc == GIT_ENOTFOUND && !getenv("GIT_DIR"))
		return error("not a git repository (or any parent up to the mount point): "
			     "run stackgate inside a repository, or use 'check --files'");
	/*
	 * libgit2 1.5 refuses GIT_WORK_TREE and GIT_COMMON_DIR under
	 * OPEN_FROM_ENV ("unimplemented"): open plainly and add what the
	 * environment names by hand.
	 */
	dir = getenv("GIT_DIR");
	rc = git_repository_open_ext(out, dir ? dir : ".", dir ? GIT_REPOSITORY_OPEN_NO_SEARCH : 0, NULL);
	if (rc < 0) {
		const git_error *e = git_error_last();

		if (e && e->message && strstr(e->message, "sha256"))
			return error("cannot open the repository: SHA-256 repositories are not supported "
				     "by this build's libgit2");
		return git_fail("cannot open the repository");
	}
	quarantine = getenv("GIT_QUARANTINE_PATH");
	if (!quarantine)
		quarantine = getenv("GIT_OBJECT_DIRECTORY");
	if (quarantine) {
		if (git_repository_odb(&odb, *out) < 0 || git_odb_add_disk_alternate(odb, quarantine) < 0) {
			git_odb_free(odb);
			return git_fail("cannot read the pushed objects in the quarantine directory");
		}
		git_odb_free(odb);
	}
	return 0;
}

int source_open_index(git_repository *repo, git_index **out)
{
	const char *path = getenv("GIT_INDEX_FILE");

	if (path && *path) {
		if (git_index_open(out, path) < 0)
			return git_fail("cannot read the index named by GIT_INDEX_FILE");
		return 0;
	}
	if (git_repository_index(out, repo) < 0)
		return git_fail("cannot read the index");
	return 0;
}

void source_notice(struct source *s, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT, e = BUF_INIT;

	if (s->quiet)
		return;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	/* paths may hold newlines and bytes that are not UTF-8 */
	buf_add_escaped(&e, b.ptr, b.len);
	fprintf(stderr, "stackgate: %s\n", e.ptr);
	buf_release(&b);
	buf_release(&e);
}

static int collect_added(const git_diff_delta *d, const git_diff_hunk *h,
			 const git_diff_line *line, void *payload)
{
	if (line->origin == GIT_DIFF_LINE_ADDITION && line->new_lineno > 0)
		lines_add(payload, (uint32_t)line->new_lineno);
	return 0;
}

/* Diff options for files in scope: always text, whatever .gitattributes says. */
static void text_diff_options(git_diff_options *opts)
{
	opts->context_lines = 0;
	opts->flags |= GIT_DIFF_FORCE_TEXT;
}

/* One version of a file as text: its blob, and the text decoded from it. */
struct version {
	git_blob *blob;
	struct buf decoded;
	const char *text;
	size_t len;
	int judgeable;		/* 0: not text (NUL bytes), so not comparable */
};

static void version_release(struct version *v)
{
	git_blob_free(v->blob);
	buf_release(&v->decoded);
	memset(v, 0, sizeof(*v));
}

/* A version kept for the next commit is at most this big. */
#define KEEP_MAX_BYTES ((size_t)256 << 10)

/* Read blob `id` as text; -1 when it cannot be read. */
static int version_read(struct version *v, git_repository *repo, const git_oid *id)
{
	const char *why;

	memset(v, 0, sizeof(*v));
	if (git_blob_lookup(&v->blob, repo, id) < 0)
		return -1;
	v->judgeable = !source_text(&v->decoded, git_blob_rawcontent(v->blob),
				    (size_t)git_blob_rawsize(v->blob), &v->text, &v->len, &why);
	return 0;
}

/* Keep blob (a reference of its own) for the next commits; big ones are not kept. */
static void keep_blob(struct source *s, git_blob *blob)
{
	unsigned k = s->kept_next++ % SOURCE_KEPT_BLOBS;
	size_t i;

	if ((size_t)git_blob_rawsize(blob) > KEEP_MAX_BYTES)
		return;
	for (i = 0; i < SOURCE_KEPT_BLOBS; i++)
		if (s->kept[i] == blob)
			return;
	git_blob_free(s->kept[k]);
	s->kept[k] = NULL;
	if (git_blob_dup(&s->kept[k], blob) < 0)
		s->kept[k] = NULL;
}

/*
 * version_read() of a file's version that the previous commit may have
 * read as its new one: a commit's old versions are mostly its parent's
 * new ones, kept in s->kept (SOURCE_KEPT_BLOBS of them, the last ones).
 */
static int version_read_kept(struct source *s, struct version *v, git_repository *repo, const git_oid *id)
{
	const char *why;
	size_t i;

	for (i = 0; i < SOURCE_KEPT_BLOBS; i++)
		if (s->kept[i] && git_blob_owner(s->kept[i]) == repo && !git_oid_cmp(git_blob_id(s->kept[i]), id))
			break;
	if (i == SOURCE_KEPT_BLOBS)
		return version_read(v, repo, id);
	memset(v, 0, sizeof(*v));
	if (git_blob_dup(&v->blob, s->kept[i]) < 0)
		return -1;
	v->judgeable = !source_text(&v->decoded, git_blob_rawcontent(v->blob),
				    (size_t)git_blob_rawsize(v->blob), &v->text, &v->len, &why);
	return 0;
}

/*
 * A merge adds only what none of its parents has: keep the lines that
 * are added against every other parent too. The parent's version is
 * kept in `base` (unread when the parent has no such file) for the
 * whole-file comparison.
 */
static int intersect_other_parent(git_repository *repo, git_tree *other, const char *path,
				  const git_oid *new_id, const char *text, size_t len,
				  struct line_set *added, struct version *base, int *same)
{
	git_tree_entry *e = NULL;
	struct line_set against = LINE_SET_INIT;
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	int rc = 0;

	if (git_tree_entry_bypath(&e, other, path) < 0) {
		git_error_clear();
		return 0;	/* new against this parent too */
	}
	if (!git_oid_cmp(git_tree_entry_id(e), new_id)) {
		lines_release(added);	/* the parent has it whole */
		*same = 1;
		goto out;
	}
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		goto out;
	if (version_read(base, repo, git_tree_entry_id(e)) < 0) {
		rc = git_fail("cannot read a merge parent's version");
		goto out;
	}
	if (!base->judgeable)
		goto out;	/* not text there: every line is new against it */
	text_diff_options(&opts);
	if (git_diff_buffers(base->text, base->len, path, text, len, path, &opts,
			     NULL, NULL, NULL, collect_added, &against) < 0) {
		rc = git_fail("cannot diff against a merge parent");
		goto out;
	}
	lines_intersect(added, &against);
out:
	lines_release(&against);
	git_tree_entry_free(e);
	return rc;
}

/*
 * Project files of the judged tree (Pulumi.yaml next to a changed file):
 * the commit's tree, or the index when staged (struct tree_reader).
 */
struct git_reader {
	struct tree_reader r;
	git_repository *repo;
	git_tree *tree;			/* NULL: the index */
	git_index *index;
	struct blob_cache *cache;	/* the source's: what earlier trees read */
};

/* The blob id of `path` in the reader's tree into *out: 1, 0 if there is no such file, -1 on error. */
static int entry_id(const struct git_reader *g, const char *path, git_oid *out)
{
	git_tree_entry *e = NULL;
	const git_index_entry *ie;
	int rc;

	if (!g->tree) {
		ie = git_index_get_bypath(g->index, path, 0);
		if (!ie)
			return 0;
		git_oid_cpy(out, &ie->id);
		return 1;
	}
	rc = git_tree_entry_bypath(&e, g->tree, path);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return git_fail("cannot read the tree");
	rc = git_tree_entry_type(e) == GIT_OBJECT_BLOB;
	if (rc)
		git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return rc;
}

static int reader_id(const struct tree_reader *t, const char *path, unsigned char *id)
{
	git_oid oid;
	int rc = entry_id(t->data, path, &oid);

	if (rc > 0)
		memcpy(id, oid.id, GIT_OID_RAWSZ);
	return rc;
}

static int reader_read(const struct tree_reader *t, const char *path, struct buf *out)
{
	const struct git_reader *g = t->data;
	git_blob *blob = NULL;
	git_oid oid;
	const git_oid *id = &oid;
	int rc = entry_id(g, path, &oid);

	if (rc <= 0)
		return rc;
	if (blob_cache_get(g->cache, id->id, out)) {
		rc = 1;
	} else if (git_blob_lookup(&blob, g->repo, id) < 0) {
		rc = error("cannot read object of '%s' (missing or corrupt object)", path);
	} else {
		buf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
		blob_cache_put(g->cache, id->id, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
		rc = 1;
	}
	git_blob_free(blob);
	return rc;
}

static int reader_list(const struct tree_reader *t, const char *dir, struct strlist *out)
{
	const struct git_reader *g = t->data;
	size_t dlen = strlen(dir), i, n;

	if (g->tree) {
		git_tree_entry *e = NULL;
		git_tree *sub = NULL;
		const git_tree *tree = g->tree;
		int rc;

		if (dlen) {
			rc = git_tree_entry_bypath(&e, g->tree, dir);
			if (rc == GIT_ENOTFOUND)
				return 0;
			if (rc < 0)
				return git_fail("cannot read the tree");
			if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
				git_tree_entry_free(e);
				return 0;
			}
			rc = git_tree_lookup(&sub, g->repo, git_tree_entry_id(e));
			git_tree_entry_free(e);
			if (rc < 0)
				return error("cannot read the tree of '%s' (missing or corrupt object)", dir);
			tree = sub;
		}
		n = git_tree_entrycount(tree);
		for (i = 0; i < n; i++)
			strlist_add(out, git_tree_entry_name(git_tree_entry_byindex(tree, i)));
		git_tree_free(sub);
		return 0;
	}
	n = git_index_entrycount(g->index);
	for (i = 0; i < n; i++) {
		const git_index_entry *ie = git_index_get_byindex(g->index, i);
		const char *rest, *slash;

		if (!ie || git_index_entry_stage(ie) != 0)
			continue;
		if (dlen && (strncmp(ie->path, dir, dlen) || ie->path[dlen] != '/'))
			continue;
		rest = ie->path + (dlen ? dlen + 1 : 0);
		slash = strchr(rest, '/');
		if (!slash) {
			strlist_add(out, rest);
		} else if (!out->nr || strncmp(out->items[out->nr - 1], rest, (size_t)(slash - rest)) ||
			   out->items[out->nr - 1][slash - rest]) {
			/* a folder, once: the index is sorted by path */
			char *sub = xstrndup(rest, (size_t)(slash - rest));

			strlist_add(out, sub);
			free(sub);
		}
	}
	return 0;
}

/* Files read beside the changed ones, kept across the commits of a range. */
#define READER_CACHE_BYTES (4u << 20)

static void reader_init(struct git_reader *g, struct source *s, git_repository *repo, git_tree *tree,
			git_index *index)
{
	memset(g, 0, sizeof(*g));
	if (!s->blobs)
		s->blobs = blob_cache_new(READER_CACHE_BYTES);
	g->cache = s->blobs;
	g->r.read = reader_read;
	g->r.list = reader_list;
	g->r.id = reader_id;
	g->r.data = g;
	g->repo = repo;
	g->tree = tree;
	g->index = index;
	if (tree)
		git_oid_tostr(g->r.key, sizeof(g->r.key), git_tree_id(tree));
	else
		snprintf(g->r.key, sizeof(g->r.key), "index");
}

struct diff_job {
	git_repository *repo;
	git_tree *old_tree;
	git_tree *new_tree;		/* NULL: the index */
	git_index *index;
	git_tree **others;		/* further merge parents */
	size_t nr_others;
	const char *commit;		/* hex, NULL when staged */
	const char *subject;
	struct git_reader reader;	/* the new tree's other files */
	struct change_list files;	/* gathered for the changeset */
};

/*
 * A range changes one file in many commits: the coverage line counts the
 * files (distinct paths), kept as 64-bit hashes in a growing table.
 */
static void count_path(struct source *s, const char *path)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (; *path; path++)
		h = (h ^ (unsigned char)*path) * 1099511628211ull;
	h |= 1;		/* 0 marks a free slot */
	if ((s->stats.paths + 1) * 2 > s->seen_size) {
		uint64_t *old = s->seen;
		size_t k, oldn = s->seen_size;

		s->seen_size = oldn ? oldn * 2 : 256;
		s->seen = xcalloc(s->seen_size, sizeof(*s->seen));
		for (k = 0; k < oldn; k++) {
			if (!old[k])
				continue;
			for (i = old[k] & (s->seen_size - 1); s->seen[i]; i = (i + 1) & (s->seen_size - 1))
				;
			s->seen[i] = old[k];
		}
		free(old);
	}
	for (i = h & (s->seen_size - 1); s->seen[i]; i = (i + 1) & (s->seen_size - 1))
		if (s->seen[i] == h)
			return;
	s->seen[i] = h;
	s->stats.paths++;
}

void source_release(struct source *s)
{
	size_t i;

	for (i = 0; i < SOURCE_KEPT_BLOBS; i++) {
		git_blob_free(s->kept[i]);
		s->kept[i] = NULL;
	}
	blob_cache_free(s->blobs);
	s->blobs = NULL;
	free(s->seen);
	s->seen = NULL;
	s->seen_size = 0;
}

static int is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '$';
}

/*
 * What of a run of lines [p, end) can change the meaning of the lines
 * around it, as a string: the tokens that carry a lexical state from one
 * line to the next, in order, one '\n' after each line that has any; and
 * after a '\0', the names the lines declare, sorted. Lines with none of
 * this cannot change what other lines mean. How a language carries state
 * and declares names is its own: meaning_of() picks by the file's
 * language.
 *
 * TypeScript and JavaScript: a comment's opener and closer, an unbalanced
 * backquote, a trailing backslash; names after const, let, var, function,
 * class, enum, import.
 */
static void meaning_of_c(struct buf *out, const char *p, const char *end)
{
	static const char *const words[] = {
		"const", "let", "var", "function", "class", "enum", "import",
	};
	struct strlist names = STRLIST_INIT;
	size_t i;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q, *le;
		size_t start = out->len, ticks = 0;
		int declare = 0;

		le = eol ? eol : end;
		for (q = p; q < le; q++) {
			if (q + 1 < le && q[0] == '/' && q[1] == '*')
				buf_puts(out, "/*"), q++;
			else if (q + 1 < le && q[0] == '*' && q[1] == '/')
				buf_puts(out, "*/"), q++;
			else if (*q == '`' && (q == p || q[-1] != '\\'))
				ticks++;
		}
		if (ticks % 2)
			buf_putc(out, '`');
		for (q = le; q > p && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r'); q--)
			;
		if (q > p && q[-1] == '\\')
			buf_putc(out, '\\');
		if (out->len > start)
			buf_putc(out, '\n');
		/* declared names: each word after a declaring keyword, and in
		 * the braces or brackets of a destructuring or an import */
		for (q = p; q < le; q++) {
			const char *w = q;
			size_t n;

			if (!is_word_char(*q) || (q > p && is_word_char(q[-1])))
				continue;
			while (q < le && is_word_char(*q))
				q++;
			n = (size_t)(q - w);
			if (declare) {
				struct buf name = BUF_INIT;

				buf_add(&name, w, n);
				strlist_add(&names, name.ptr);
				buf_release(&name);
				if (declare == 1)
					declare = 0;
			}
			for (i = 0; i < ARRAY_SIZE(words); i++)
				if (strlen(words[i]) == n && !memcmp(w, words[i], n))
					declare = 1;
			if (declare == 1 && q < le) {
				const char *r = q;

				while (r < le && (*r == ' ' || *r == '\t'))
					r++;
				if (r < le && (*r == '{' || *r == '[' || *r == '*'))
					declare = 2;	/* every word to the end of the line */
			}
			q--;
		}
		p = eol ? eol + 1 : end;
	}
	buf_putc(out, '\0');
	if (names.nr)
		qsort(names.items, names.nr, sizeof(char *), strcmp_ptr);
	for (i = 0; i < names.nr; i++)
		if (!i || strcmp(names.items[i], names.items[i - 1]))
			buf_printf(out, "%s ", names.items[i]);
	strlist_clear(&names);
}

static void add_name(struct strlist *names, const char *w, size_t n)
{
	struct buf name = BUF_INIT;

	buf_add(&name, w, n);
	strlist_add(names, name.ptr);
	buf_release(&name);
}

/* Where the code of the line [p, le) ends: before a '#' comment that is
 * not in a one-line string (a triple quote ends the guess: it is counted
 * as a token anyway). */
static const char *py_code_end(const char *p, const char *le)
{
	const char *q;
	char quote = 0;

	for (q = p; q < le; q++) {
		if (quote) {
			if (*q == '\\' && q + 1 < le)
				q++;
			else if (*q == quote)
				quote = 0;
		} else if (*q == '#') {
			return q;
		} else if (*q == '"' || *q == '\'') {
			if (q + 2 < le && q[1] == *q && q[2] == *q)
				return le;
			quote = *q;
		}
	}
	return le;
}

static const char *const py_blocks[] = {
	"if", "elif", "else", "for", "while", "with", "try", "except", "finally",
	"def", "class", "async", "match", "case",
};

/* 1 if [w, w + n) is a keyword that opens a Python block. */
static int is_block_word(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(py_blocks); i++)
		if (strlen(py_blocks[i]) == n && !memcmp(w, py_blocks[i], n))
			return 1;
	return 0;
}

/*
 * The code of the Python line [p, le) into code, as long as the line:
 * what strings hold and comments become spaces, so that no word of a
 * comment or a docstring reads as a name (`# added for the migration`
 * declares nothing). *triple is the quote of a triple-quoted string the
 * line starts in (0: none), and the one it ends in.
 */
static void py_code_of_line(struct buf *code, const char *p, const char *le, char *triple)
{
	const char *q = p;
	char quote = 0, *o;

	buf_reset(code);
	buf_grow(code, (size_t)(le - p));
	o = code->ptr;
	while (q < le) {
		if (*triple || quote) {
			if (*q == '\\' && q + 1 < le) {
				*o++ = ' ';
				*o++ = ' ';
				q += 2;
				continue;
			}
			if (*triple && q + 2 < le && q[0] == *triple && q[1] == *triple && q[2] == *triple) {
				memset(o, ' ', 3);
				o += 3;
				*triple = 0;
				q += 3;
				continue;
			}
			if (quote && *q == quote)
				quote = 0;
			*o++ = ' ';
			q++;
		} else if (*q == '#') {
			break;
		} else if (*q == '"' || *q == '\'') {
			if (q + 2 < le && q[1] == *q && q[2] == *q) {
				*triple = *q;
				memset(o, ' ', 3);
				o += 3;
				q += 3;
				continue;
			}
			quote = *q;
			*o++ = ' ';
			q++;
		} else {
			*o++ = *q++;
		}
	}
	memset(o, ' ', (size_t)(le - q));
	code->len = (size_t)(le - p);
	code->ptr[code->len] = '\0';
}

/* The first run of three `ch` in [p, to), or NULL (memchr: quotes are few). */
static const char *find_triple(const char *p, const char *to, char ch)
{
	while (p + 2 < to && (p = memchr(p, ch, (size_t)(to - p - 2))) != NULL) {
		if (p[1] == ch && p[2] == ch)
			return p;
		p++;
	}
	return NULL;
}

/*
 * Whether [from, to) of Python text ends in a triple-quoted string:
 * *triple is its quote at from (0: none), and at to. Only triple quotes
 * are followed (a guess: one in a comment or a one-line string counts).
 */
static void py_triple_state(const char *from, const char *to, char *triple)
{
	const char *p = from, *q;

	while (p < to) {
		if (*triple) {
			q = find_triple(p, to, *triple);
			while (q && q > from && q[-1] == '\\')
				q = find_triple(q + 1, to, *triple);
			if (!q)
				return;
			*triple = 0;
		} else {
			const char *dq = find_triple(p, to, '"');
			const char *sq = find_triple(p, dq ? dq : to, '\'');

			q = sq ? sq : dq;
			if (!q)
				return;
			*triple = *q;
		}
		p = q + 3;
	}
}

/*
 * Python: an unbalanced triple quote (""" or ''': a string that goes on
 * to other lines), a trailing backslash, and the keyword of a line that
 * opens a block (`if x:` gives "if:": the lines indented under it mean
 * something else without it); names after def, class, as, for, import
 * (every word of an import line), the targets of an assignment at the
 * start of a line (`a = `, `a, b = `, `a: T = `) and of `:=`, read in the
 * code only: not in comments nor strings (docstrings too: triple is the
 * quote of the one [p, end) starts in, or 0).
 */
static void meaning_of_python(struct buf *out, const char *p, const char *end, char triple)
{
	static const char *const words[] = { "def", "class", "as", "for" };
	struct strlist names = STRLIST_INIT;
	struct buf code = BUF_INIT;
	size_t i;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q, *le, *ce, *w, *cp, *cle;
		size_t start = out->len, dq = 0, sq = 0, n;
		int declare = 0;

		le = eol ? eol : end;
		for (q = p; q + 2 < le; q++) {
			if ((*q == '"' || *q == '\'') && q[1] == *q && q[2] == *q && (q == p || q[-1] != '\\')) {
				if (*q == '"')
					dq++;
				else
					sq++;
				q += 2;
			}
		}
		if (dq % 2)
			buf_puts(out, "\"\"\"");
		if (sq % 2)
			buf_puts(out, "'''");
		for (q = le; q > p && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r'); q--)
			;
		if (q > p && q[-1] == '\\')
			buf_putc(out, '\\');
		/* a block opener: its first word, then ':' */
		ce = py_code_end(p, le);
		while (ce > p && (ce[-1] == ' ' || ce[-1] == '\t' || ce[-1] == '\r'))
			ce--;
		for (w = p; w < le && (*w == ' ' || *w == '\t'); w++)
			;
		for (q = w; q < le && is_word_char(*q); q++)
			;
		n = (size_t)(q - w);
		if (ce > p && ce[-1] == ':' && is_block_word(w, n)) {
			buf_add(out, w, n);
			buf_putc(out, ':');
		}
		if (out->len > start)
			buf_putc(out, '\n');

		/* the names: in the line's code */
		py_code_of_line(&code, p, le, &triple);
		cp = code.ptr;
		cle = cp + code.len;
		for (w = cp; w < cle && (*w == ' ' || *w == '\t'); w++)
			;
		for (q = w; q < cle && is_word_char(*q); q++)
			;
		n = (size_t)(q - w);
		/*
		 * assignment targets at the start of the line: names, commas,
		 * brackets and stars up to ' =' (not '==': `name=value` without
		 * the space is a keyword argument, a line of a call), or one name
		 * and its annotation (`name: T = value`); not a call `f(x) = `
		 */
		for (q = w; q < cle && (is_word_char(*q) || strchr(" \t,()[]*", *q)); q++)
			if (*q == '(' && q > w && is_word_char(q[-1]))
				break;
		if (q > w && q < cle &&
		    ((*q == '=' && (q[-1] == ' ' || q[-1] == '\t') && (q + 1 == cle || q[1] != '=')) ||
		     (*q == ':' && q - w == (ptrdiff_t)n && q + 2 < cle && q[1] == ' ' && !is_block_word(w, n)))) {
			const char *r = w;

			while (r < q) {
				const char *s0;

				while (r < q && !is_word_char(*r))
					r++;
				s0 = r;
				while (r < q && is_word_char(*r))
					r++;
				if (r > s0 && !(s0[0] >= '0' && s0[0] <= '9'))
					add_name(&names, s0, (size_t)(r - s0));
			}
		}
		/* names after a declaring keyword, and those of `x := ...` */
		for (q = cp; q < cle; q++) {
			const char *s0 = q, *r;

			if (!is_word_char(*q) || (q > cp && is_word_char(q[-1])))
				continue;
			while (q < cle && is_word_char(*q))
				q++;
			n = (size_t)(q - s0);
			for (r = q; r < cle && (*r == ' ' || *r == '\t'); r++)
				;
			if (declare || (r + 1 < cle && r[0] == ':' && r[1] == '='))
				add_name(&names, s0, n);
			if (declare == 1)
				declare = 0;
			if (n == 6 && !memcmp(s0, "import", 6))
				declare = 2;	/* every word to the end of the line */
			for (i = 0; i < ARRAY_SIZE(words) && !declare; i++)
				if (strlen(words[i]) == n && !memcmp(s0, words[i], n))
					declare = 1;
			q--;
		}
		p = eol ? eol + 1 : end;
	}
	buf_putc(out, '\0');
	if (names.nr)
		qsort(names.items, names.nr, sizeof(char *), strcmp_ptr);
	for (i = 0; i < names.nr; i++)
		if (!i || strcmp(names.items[i], names.items[i - 1]))
			buf_printf(out, "%s ", names.items[i]);
	strlist_clear(&names);
	buf_release(&code);
}

/* meaning_of_*() for the file's language: '#' comments say Python's rules. */
static int is_python(const struct language *l)
{
	return l && l->line_comment && !strcmp(l->line_comment, "#");
}

/*
 * meaning_of_*() for the file's language. *at and *triple follow the
 * text from one run of lines to the next, in order (Python's docstrings):
 * at first the text's start and 0.
 */
static void meaning_of(const struct language *l, struct buf *out, const char *p, const char *end,
		       const char **at, char *triple)
{
	if (is_python(l)) {
		py_triple_state(*at, p, triple);
		*at = p;
		meaning_of_python(out, p, end, *triple);
	} else {
		meaning_of_c(out, p, end);
	}
}

/* Where a walk over a text's lines is: line `line` starts at p. */
struct line_cursor {
	const char *p;
	uint32_t line;
};

/*
 * [*from, *to) of the lines [first, first + n) of text (1-based), found
 * from *cur when it is not past them (hunks come in order), which is left
 * at *to.
 */
static void line_span(const char *text, size_t len, struct line_cursor *cur, uint32_t first, uint32_t n,
		      const char **from, const char **to)
{
	const char *p = text, *end = text + len;
	uint32_t line = 1;

	if (cur->p && cur->line <= first) {
		p = cur->p;
		line = cur->line;
	}
	while (line < first && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		p = nl ? nl + 1 : end;
		line++;
	}
	*from = p;
	while (line < first + n && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		p = nl ? nl + 1 : end;
		line++;
	}
	*to = p;
	cur->p = p;
	cur->line = line;
}

/* 1 if the space-separated list [l, l + n) holds the name [w, w + len). */
static int has_name(const char *l, size_t n, const char *w, size_t len)
{
	const char *p = l, *end = l + n;

	while (p < end) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));

		if (!sp)
			sp = end;
		if ((size_t)(sp - p) == len && !memcmp(p, w, len))
			return 1;
		p = sp + 1;
	}
	return 0;
}

/*
 * 1 if the name [w, w + len) is still used in text: as a word that is not
 * a member (x.name) or an object key (name:). Only then can a use resolve
 * to another definition once a declaration of it is gone.
 */
static int still_used(const char *text, size_t tlen, const char *w, size_t len)
{
	const char *p = text, *end = text + tlen;

	while (len && (p = memmem(p, (size_t)(end - p), w, len))) {
		const char *q = p + len;

		if ((p == text || (!is_word_char(p[-1]) && p[-1] != '.')) && (q == end || !is_word_char(*q))) {
			while (q < end && (*q == ' ' || *q == '\t'))
				q++;
			if (q == end || *q != ':' || (q + 1 < end && q[1] == ':'))
				return 1;
		}
		p += len;
	}
	return 0;
}

/*
 * What the lines `n` of `text` from line `start` mean (meaning_of(), into
 * *is, its state carried in *at and *triple); the names they declare are
 * appended to *names, and returned (inside *is).
 */
static const char *span_meaning(const struct language *l, struct buf *is, struct buf *names, const char *text,
				size_t len, struct line_cursor *cur, uint32_t start, uint32_t n, const char **at,
				char *triple)
{
	const char *a, *b, *in;

	line_span(text, len, cur, start, n, &a, &b);
	buf_reset(is);
	meaning_of(l, is, a, b, at, triple);
	in = memchr(is->ptr, '\0', is->len) + 1;
	buf_add(names, in, (size_t)(is->ptr + is->len - in));
	return in;
}

/*
 * 1 if a hunk's deleted lines can change what the rest of the file means
 * in a way its added lines do not restore: a comment or template opened
 * or closed differently, or a name no longer declared there (a use may
 * now resolve to another definition). Ordinary edits (a value changed, a
 * line added beside a template) keep both the same and cost nothing.
 */
static int deletes_meaning(const struct language *l, const char *old, size_t old_len,
			   const char *now, size_t now_len, const struct change_hunk *hunks, size_t nh)
{
	struct buf was = BUF_INIT, is = BUF_INIT, lost = BUF_INIT, added = BUF_INIT;
	const char *old_at = old, *now_at = now;
	struct line_cursor old_cur = { old, 1 }, now_cur = { now, 1 };
	char old_triple = 0, now_triple = 0;
	size_t h;
	int differ = 0;

	for (h = 0; h < nh && !differ; h++) {
		const char *wn, *in;

		/* lines only added: their names matter only if a name is lost (below) */
		if (!hunks[h].old_lines)
			continue;
		in = span_meaning(l, &is, &added, now, now_len, &now_cur, hunks[h].new_start, hunks[h].new_lines,
				  &now_at, &now_triple);
		wn = span_meaning(l, &was, &lost, old, old_len, &old_cur, hunks[h].old_start, hunks[h].old_lines,
				  &old_at, &old_triple);
		/* a comment or template opened or closed differently */
		differ = wn - was.ptr != in - is.ptr || memcmp(was.ptr, is.ptr, (size_t)(wn - was.ptr));
	}
	/* the names the other hunks add */
	now_at = now;
	now_triple = 0;
	now_cur.p = now;
	now_cur.line = 1;
	for (h = 0; h < nh && !differ && lost.len; h++)
		if (!hunks[h].old_lines)
			span_meaning(l, &is, &added, now, now_len, &now_cur, hunks[h].new_start, hunks[h].new_lines,
				     &now_at, &now_triple);
	/*
	 * A name declared in deleted lines and in no added line (code that
	 * moves keeps its names), that is still used: a use may now resolve
	 * to another definition.
	 */
	if (!differ) {
		const char *w = lost.ptr, *end = lost.ptr + lost.len;

		while (w && w < end && !differ) {
			const char *sp = memchr(w, ' ', (size_t)(end - w));

			if (!sp)
				break;
			differ = !has_name(added.ptr, added.len, w, (size_t)(sp - w)) &&
				 still_used(now, now_len, w, (size_t)(sp - w));
			w = sp + 1;
		}
	}
	buf_release(&was);
	buf_release(&is);
	buf_release(&lost);
	buf_release(&added);
	return differ;
}

/*
 * A symbolic link in scope: fine when it points at a path in scope of the
 * same tree (that file is judged itself); anything else cannot be judged
 * through the link and is recorded as such.
 */
static void judge_link(struct source *s, git_repository *repo, const char *commit, const char *path,
		       const git_oid *id)
{
	git_blob *blob = NULL;
	struct buf target = BUF_INIT, resolved = BUF_INIT, why = BUF_INIT;
	const char *slash = strrchr(path, '/'), *p;
	int inside = 1;

	if (git_blob_lookup(&blob, repo, id) == 0)
		buf_add(&target, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_error_clear();
	if (slash)
		buf_add(&resolved, path, (size_t)(slash - path));
	/* resolve the target against the link's folder, lexically */
	for (p = target.ptr ? target.ptr : ""; *p && inside;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (target.ptr && p == target.ptr && *p == '/')
			inside = 0;
		else if (n == 2 && !memcmp(p, "..", 2)) {
			char *last = resolved.len ? strrchr(resolved.ptr, '/') : NULL;

			if (!resolved.len)
				inside = 0;
			else
				resolved.len = last ? (size_t)(last - resolved.ptr) : 0;
			if (resolved.ptr)
				resolved.ptr[resolved.len] = '\0';
		} else if (n && !(n == 1 && *p == '.')) {
			if (resolved.len)
				buf_putc(&resolved, '/');
			buf_add(&resolved, p, n);
		}
		p = e ? e + 1 : p + n;
	}
	if (inside && resolved.len && config_path_in_scope(s->cfg, resolved.ptr)) {
		source_notice(s, "skipped '%s': a symbolic link to '%s', which is judged as a file of its own",
			      path, resolved.ptr);
		s->stats.skipped++;
	} else {
		buf_printf(&why, "a symbolic link to '%.200s', which is %s", target.ptr ? target.ptr : "?",
			   inside ? "out of scope" : "outside the repository");
		source_unjudged(s, path, commit, why.ptr, "commit the file itself instead of a link");
	}
	buf_release(&why);
	buf_release(&resolved);
	buf_release(&target);
	git_blob_free(blob);
}

/*
 * The hunks from version old (NULL: none, every line is added) to version
 * new of `path`, and the lines they add. Blobs read as they are are
 * diffed as blobs: their ids are known, so libgit2 need not hash them
 * again (a buffer diff would, and costs more than the .gitattributes
 * lookup a blob diff makes for its path).
 */
static int diff_texts(const struct version *old, const char *old_path, const struct version *new,
		      const char *path, struct change_hunk **out, size_t *nr_out, struct line_set *added)
{
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	git_patch *patch = NULL;
	size_t h, nh, l, nl;
	struct change_hunk *hunks;
	int rc;

	text_diff_options(&opts);
	if (new->text == git_blob_rawcontent(new->blob) && (!old || old->text == git_blob_rawcontent(old->blob)))
		rc = git_patch_from_blobs(&patch, old ? old->blob : NULL, old_path, new->blob, path, &opts);
	else
		rc = git_patch_from_buffers(&patch, old ? old->text : NULL, old ? old->len : 0, old_path,
					    new->text, new->len, path, &opts);
	if (rc < 0)
		return git_fail("cannot compute the diff");
	nh = patch ? git_patch_num_hunks(patch) : 0;
	hunks = xcalloc(nh + 1, sizeof(*hunks));
	for (h = 0; h < nh; h++) {
		const git_diff_hunk *gh;

		if (git_patch_get_hunk(&gh, &nl, patch, h) < 0)
			goto fail;
		hunks[h].old_start = (uint32_t)gh->old_start;
		hunks[h].old_lines = (uint32_t)gh->old_lines;
		hunks[h].new_start = (uint32_t)gh->new_start;
		hunks[h].new_lines = (uint32_t)gh->new_lines;
		for (l = 0; l < nl; l++) {
			const git_diff_line *line;

			if (git_patch_get_line_in_hunk(&line, patch, h, l) < 0)
				goto fail;
			if (line->origin == GIT_DIFF_LINE_ADDITION && line->new_lineno > 0)
				lines_add(added, (uint32_t)line->new_lineno);
		}
	}
	git_patch_free(patch);
	*out = hunks;
	*nr_out = nh;
	return 0;
fail:
	free(hunks);
	git_patch_free(patch);
	return git_fail("cannot read the diff");
}

static int judge_delta(struct source *s, struct diff_job *j, const git_diff_delta *d)
{
	const char *path = d->new_file.path;
	struct line_set added = LINE_SET_INIT;
	struct change_hunk *hunks = NULL;
	struct version nv, ov, *bases = NULL;
	struct change_base *cb = NULL;
	struct change_history hist;
	struct change ch;
	size_t nh = 0, k, nb = 0;
	int rc = 0, whole = 0;

	memset(&nv, 0, sizeof(nv));
	memset(&ov, 0, sizeof(ov));
	if (d->status == GIT_DELTA_DELETED || d->status == GIT_DELTA_UNMODIFIED)
		return 0;	/* deleting is never refused */
	if (!config_path_in_scope(s->cfg, path))
		return 0;
	if (d->new_file.mode == GIT_FILEMODE_COMMIT) {
		source_notice(s, "skipped '%s': a submodule, not a file", path);
		s->stats.skipped++;
		return 0;
	}
	if (d->new_file.mode == GIT_FILEMODE_LINK) {
		judge_link(s, j->repo, j->commit, path, &d->new_file.id);
		return 0;
	}
	if (version_read_kept(s, &nv, j->repo, &d->new_file.id) < 0) {
		char hex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(hex, sizeof(hex), &d->new_file.id);
		return error("cannot read object '%.12s' of '%s' (missing or corrupt object): %s", hex, path,
			     git_error_last() ? git_error_last()->message : "");
	}
	if ((size_t)git_blob_rawsize(nv.blob) > s->cfg->max_file_bytes) {
		source_too_big(s, path, (unsigned long long)git_blob_rawsize(nv.blob));
		goto out;
	}
	keep_blob(s, nv.blob);
	if (!nv.judgeable) {
		const char *why;

		source_text(&nv.decoded, git_blob_rawcontent(nv.blob), (size_t)git_blob_rawsize(nv.blob),
			    &nv.text, &nv.len, &why);
		source_unjudged(s, path, j->commit, why, NULL);
		goto out;
	}
	/*
	 * The old version, as text. There is none to compare with, and every
	 * line is new, when the file enters scope (a rename or copy from a
	 * path out of scope), or the old version was not text, a link or a
	 * submodule (what it held was never judged).
	 */
	if (git_oid_is_zero(&d->old_file.id)) {
		whole = 1;
	} else if (d->old_file.mode != GIT_FILEMODE_BLOB && d->old_file.mode != GIT_FILEMODE_BLOB_EXECUTABLE) {
		whole = 1;
	} else if (strcmp(d->old_file.path, path) && !config_path_in_scope(s->cfg, d->old_file.path)) {
		source_notice(s, "note: '%s' enters scope from '%s'; every line of it is judged",
			      path, d->old_file.path);
		whole = 1;
	} else if (version_read_kept(s, &ov, j->repo, &d->old_file.id) < 0) {
		rc = git_fail("cannot read the previous version (missing or corrupt object)");
		goto out;
	} else if (!ov.judgeable) {
		whole = 1;
	}
	if (diff_texts(whole ? NULL : &ov, d->old_file.path, &nv, path, &hunks, &nh, &added) < 0) {
		rc = -1;
		goto out;
	}
	memset(&ch, 0, sizeof(ch));
	memset(&hist, 0, sizeof(hist));
	if (j->nr_others) {
		/* a merge: every parent's version is a base (the first parent's is ov) */
		bases = xcalloc(j->nr_others, sizeof(*bases));
		int same = 0;

		for (k = 0; k < j->nr_others && !same; k++)
			if ((rc = intersect_other_parent(j->repo, j->others[k], path, &d->new_file.id,
							 nv.text, nv.len, &added, &bases[k], &same)) < 0)
				goto out;
		if (!same) {
			/* no parent has this version whole: compare with each of them */
			cb = xcalloc(j->nr_others + 1, sizeof(*cb));
			if (ov.judgeable && !whole) {
				cb[nb].content = ov.text;
				cb[nb++].len = ov.len;
			}
			for (k = 0; k < j->nr_others; k++)
				if (bases[k].judgeable) {
					cb[nb].content = bases[k].text;
					cb[nb++].len = bases[k].len;
				}
			hist.bases_why = "new in this merge: none of its parents has it";
		}
	} else if (!whole && ov.judgeable && !lang_for_path(path)) {
		/*
		 * Stack config is small and read as a whole (an alias, a merge key,
		 * a syntax error fixed above a secret that was never judged): any
		 * change of it is compared with the old version whole.
		 */
		cb = xcalloc(1, sizeof(*cb));
		cb[nb].content = ov.text;
		cb[nb++].len = ov.len;
		hist.bases_why = "new in this version of the file";
	} else if (!whole && ov.judgeable && deletes_meaning(lang_for_path(path), ov.text, ov.len, nv.text, nv.len, hunks, nh)) {
		cb = xcalloc(1, sizeof(*cb));
		cb[nb].content = ov.text;
		cb[nb++].len = ov.len;
		hist.bases_why = "made live by lines this change deleted";
	}
	hist.bases = cb;
	hist.nr_bases = nb;
	if (!added.count && !nb) {
		/* a pure rename, a deletion, a merge taking a side: nothing to judge,
		 * but a deletion moves the file on for incremental parsing */
		if (d->status == GIT_DELTA_MODIFIED && nh && !j->nr_others && !whole) {
			ch.path = path;
			ch.content = nv.text;
			ch.len = nv.len;
			ch.id = d->new_file.id.id;
			ch.blob_text = nv.text == (const char *)git_blob_rawcontent(nv.blob);
			hist.old_id = d->old_file.id.id;
			hist.hunks = hunks;
			hist.nr_hunks = nh;
			hist.advance_only = 1;
			ch.hist = &hist;
			change_list_add(&j->files, &ch);
		}
		goto out;
	}

	ch.path = path;
	ch.content = nv.text;
	ch.len = nv.len;
	ch.added = &added;
	ch.commit = j->commit;
	ch.commit_subject = j->subject;
	/* what the analysis needs to parse this version incrementally */
	if (d->status == GIT_DELTA_MODIFIED && !whole) {
		hist.old_id = d->old_file.id.id;
		hist.hunks = hunks;
		hist.nr_hunks = nh;
	}
	if (hist.old_id || hist.nr_bases)
		ch.hist = &hist;
	ch.id = d->new_file.id.id;
	ch.blob_text = nv.text == (const char *)git_blob_rawcontent(nv.blob);
	s->stats.files++;
	count_path(s, path);
	s->stats.lines += added.count;
	change_list_add(&j->files, &ch);
out:
	for (k = 0; bases && k < j->nr_others; k++)
		version_release(&bases[k]);
	free(bases);
	free(cb);
	version_release(&ov);
	version_release(&nv);
	free(hunks);
	lines_release(&added);
	return rc;
}

/*
 * What two trees' diff holds, when it is plain: the files added (every
 * blob of an added folder) and changed, in the order git_diff gives them
 * (tree order is the order of the full paths). Not plain, and left to
 * git_diff (1): a submodule, a type change (a file becoming a link or a
 * folder), or files both added and deleted, which its rename detection
 * may pair. Deleted files are not listed: nothing of them is judged.
 * Comparing the trees' entries directly spares git_diff's per-diff work
 * (a snapshot of the configuration, whose files it stats, and iterators).
 */
struct tree_changes {
	git_diff_delta *d;
	size_t nr, alloc;
	int added, deleted;
};

static void changes_release(struct tree_changes *tc)
{
	size_t i;

	for (i = 0; i < tc->nr; i++)
		free((char *)tc->d[i].new_file.path);
	free(tc->d);
	memset(tc, 0, sizeof(*tc));
}

static void change_add(struct tree_changes *tc, git_delta_t status, const char *path,
		       const git_tree_entry *old, const git_tree_entry *new)
{
	git_diff_delta *d;

	ALLOC_GROW(tc->d, tc->nr + 1, tc->alloc);
	d = &tc->d[tc->nr++];
	memset(d, 0, sizeof(*d));
	d->status = status;
	d->nfiles = 2;
	d->new_file.path = xstrdup(path);
	d->old_file.path = d->new_file.path;
	d->new_file.id = *git_tree_entry_id(new);
	d->new_file.mode = (uint16_t)git_tree_entry_filemode(new);
	if (old) {
		d->old_file.id = *git_tree_entry_id(old);
		d->old_file.mode = (uint16_t)git_tree_entry_filemode(old);
	}
	if (status == GIT_DELTA_ADDED)
		tc->added = 1;
}

static int tree_changes(git_repository *repo, const git_tree *a, const git_tree *b, struct buf *prefix,
			struct tree_changes *tc);

static void prefix_cut(struct buf *b, size_t len)
{
	b->len = len;
	b->ptr[len] = '\0';
}

/* Entry e of a folder at `prefix` that only one side has: 0, 1 (not plain), -1. */
static int one_side(git_repository *repo, const git_tree_entry *e, int added, struct buf *prefix,
		    struct tree_changes *tc)
{
	git_tree *sub = NULL;
	size_t len = prefix->len;
	int rc;

	if (git_tree_entry_filemode(e) == GIT_FILEMODE_COMMIT)
		return 1;
	if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
		if (!added) {
			tc->deleted = 1;
			return 0;
		}
		buf_add(prefix, git_tree_entry_name(e), strlen(git_tree_entry_name(e)));
		change_add(tc, GIT_DELTA_ADDED, prefix->ptr, NULL, e);
		prefix_cut(prefix, len);
		return 0;
	}
	if (!added) {
		/* a deleted folder: its files are deleted, and none is judged */
		tc->deleted = 1;
		return 0;
	}
	if (git_tree_lookup(&sub, repo, git_tree_entry_id(e)) < 0)
		return -1;
	buf_printf(prefix, "%s/", git_tree_entry_name(e));
	rc = tree_changes(repo, NULL, sub, prefix, tc);
	prefix_cut(prefix, len);
	git_tree_free(sub);
	return rc;
}

static int tree_changes(git_repository *repo, const git_tree *a, const git_tree *b, struct buf *prefix,
			struct tree_changes *tc)
{
	size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0, i = 0, k = 0;
	int rc = 0;

	while (rc == 0 && (i < na || k < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb = k < nb ? git_tree_entry_byindex(b, k) : NULL;
		int cmp = !ea ? 1 : !eb ? -1 : git_tree_entry_cmp(ea, eb);
		size_t len = prefix->len;

		if (cmp < 0) {
			rc = one_side(repo, ea, 0, prefix, tc);
			i++;
			continue;
		}
		if (cmp > 0) {
			rc = one_side(repo, eb, 1, prefix, tc);
			k++;
			continue;
		}
		i++;
		k++;
		if (!git_oid_cmp(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
		    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
			continue;
		if (git_tree_entry_filemode(ea) == GIT_FILEMODE_COMMIT ||
		    git_tree_entry_filemode(eb) == GIT_FILEMODE_COMMIT ||
		    (git_tree_entry_type(ea) == GIT_OBJECT_TREE) != (git_tree_entry_type(eb) == GIT_OBJECT_TREE) ||
		    (git_tree_entry_filemode(ea) == GIT_FILEMODE_LINK) != (git_tree_entry_filemode(eb) == GIT_FILEMODE_LINK))
			return 1;
		if (git_tree_entry_type(ea) == GIT_OBJECT_TREE) {
			git_tree *sa = NULL, *sb = NULL;

			if (git_tree_lookup(&sa, repo, git_tree_entry_id(ea)) < 0 ||
			    git_tree_lookup(&sb, repo, git_tree_entry_id(eb)) < 0) {
				git_tree_free(sa);
				return -1;
			}
			buf_printf(prefix, "%s/", git_tree_entry_name(ea));
			rc = tree_changes(repo, sa, sb, prefix, tc);
			prefix_cut(prefix, len);
			git_tree_free(sa);
			git_tree_free(sb);
		} else {
			buf_add(prefix, git_tree_entry_name(eb), strlen(git_tree_entry_name(eb)));
			change_add(tc, GIT_DELTA_MODIFIED, prefix->ptr, ea, eb);
			prefix_cut(prefix, len);
		}
	}
	if (rc == 0 && tc->added && tc->deleted)
		rc = 1;		/* a rename, maybe */
	return rc;
}

static int judge_diff(struct source *s, struct diff_job *j)
{
	git_diff *diff = NULL;
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
	struct tree_changes tc = { NULL, 0, 0, 0, 0 };
	struct buf prefix = BUF_INIT;
	size_t i, n;
	int rc = 1;

	reader_init(&j->reader, s, j->repo, j->new_tree, j->index);
	if (j->new_tree && !s->exhaustive) {
		buf_puts(&prefix, "");
		rc = tree_changes(j->repo, j->old_tree, j->new_tree, &prefix, &tc);
		buf_release(&prefix);
		if (rc < 0) {
			changes_release(&tc);
			return git_fail("cannot compute the diff");
		}
	}
	if (rc == 0) {
		for (i = 0; i < tc.nr && rc == 0 && !source_out_of_time(s); i++)
			rc = judge_delta(s, j, &tc.d[i]);
		changes_release(&tc);
		return source_hand_over(s, &j->files, j->commit, j->subject, &j->reader.r, rc);
	}
	changes_release(&tc);
	text_diff_options(&opts);
	opts.flags |= GIT_DIFF_IGNORE_SUBMODULES;
	if (j->new_tree)
		rc = git_diff_tree_to_tree(&diff, j->repo, j->old_tree, j->new_tree, &opts);
	else
		rc = git_diff_tree_to_index(&diff, j->repo, j->old_tree, j->index, &opts);
	if (rc < 0)
		return git_fail("cannot compute the diff");
	/* a moved file adds nothing: without this every line of it looks new */
	find.flags = GIT_DIFF_FIND_RENAMES;
	if (git_diff_find_similar(diff, &find) < 0) {
		git_diff_free(diff);
		return git_fail("cannot detect renames");
	}
	n = git_diff_num_deltas(diff);
	for (i = 0, rc = 0; i < n && rc == 0 && !source_out_of_time(s); i++)
		rc = judge_delta(s, j, git_diff_get_delta(diff, i));
	git_diff_free(diff);
	/* what was gathered is judged, also when a later file stopped the source */
	return source_hand_over(s, &j->files, j->commit, j->subject, &j->reader.r, rc);
}

struct merge_heads {
	git_repository *repo;
	git_tree **trees;
	size_t nr, alloc;
};

static int add_merge_head(const git_oid *id, void *payload)
{
	struct merge_heads *m = payload;
	git_commit *c = NULL;
	git_tree *t = NULL;

	if (git_commit_lookup(&c, m->repo, id) < 0 || git_commit_tree(&t, c) < 0) {
		git_commit_free(c);
		return -1;
	}
	git_commit_free(c);
	ALLOC_GROW(m->trees, m->nr, m->alloc);
	m->trees[m->nr++] = t;
	return 0;
}

int source_staged(struct source *s, git_repository *repo, git_index *index)
{
	struct merge_heads mh = { repo, NULL, 0, 0 };
	size_t i;
	git_reference *head = NULL;
	git_commit *head_commit = NULL;
	git_tree *head_tree = NULL;
	struct diff_job j;
	int rc;

	memset(&j, 0, sizeof(j));
	rc = git_repository_head(&head, repo);
	if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) {
		/* the first commit: everything staged is added */
	} else if (rc < 0) {
		return git_fail("cannot read HEAD");
	} else if (git_reference_peel((git_object **)&head_commit, head, GIT_OBJECT_COMMIT) < 0 ||
		   git_commit_tree(&head_tree, head_commit) < 0) {
		rc = git_fail("cannot read the commit HEAD points to");
		goto out;
	}
	/* concluding a merge: judge what none of the merged heads has */
	if (head_tree) {
		rc = git_repository_mergehead_foreach(repo, add_merge_head, &mh);
		if (rc < 0 && rc != GIT_ENOTFOUND) {
			rc = git_fail("cannot read MERGE_HEAD");
			goto out;
		}
	}
	j.repo = repo;
	j.old_tree = head_tree;
	j.index = index;
	j.others = mh.trees;
	j.nr_others = mh.nr;
	rc = judge_diff(s, &j);
out:
	for (i = 0; i < mh.nr; i++)
		git_tree_free(mh.trees[i]);
	free(mh.trees);
	git_tree_free(head_tree);
	git_commit_free(head_commit);
	git_reference_free(head);
	return rc;
}

int source_commit(struct source *s, git_repository *repo, const git_oid *id)
{
	git_commit *commit = NULL, *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL, **others = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	unsigned int i, np = 0;
	struct diff_job j;
	int rc = -1;

	git_oid_tostr(hex, sizeof(hex), id);
	if (git_commit_lookup(&commit, repo, id) < 0) {
		error("cannot read commit '%.12s' (missing or corrupt object): %s", hex,
		      git_error_last() ? git_error_last()->message : "");
		goto out;
	}
	if (git_commit_tree(&tree, commit) < 0) {
		git_fail("cannot read a commit's tree");
		goto out;
	}
	np = git_commit_parentcount(commit);
	if (np > 0) {
		if (git_commit_parent(&parent, commit, 0) < 0 || git_commit_tree(&ptree, parent) < 0) {
			git_commit_free(parent);
			parent = NULL;
			git_fail("cannot read a commit's parent");
			goto out;
		}
		git_commit_free(parent);
		parent = NULL;
		others = xcalloc(np, sizeof(*others));
		for (i = 1; i < np; i++) {
			if (git_commit_parent(&parent, commit, i) < 0 ||
			    git_commit_tree(&others[i - 1], parent) < 0) {
				git_commit_free(parent);
				parent = NULL;
				git_fail("cannot read a merge parent");
				goto out;
			}
			git_commit_free(parent);
			parent = NULL;
		}
	}
	memset(&j, 0, sizeof(j));
	j.repo = repo;
	j.old_tree = ptree;
	j.new_tree = tree;
	j.others = others;
	j.nr_others = np > 1 ? np - 1 : 0;
	j.commit = hex;
	j.subject = git_commit_summary(commit);
	s->stats.commits++;
	rc = judge_diff(s, &j);
out:
	if (others) {
		for (i = 0; i + 1 < np; i++)
			git_tree_free(others[i]);
		free(others);
	}
	git_tree_free(ptree);
	git_tree_free(tree);
	git_commit_free(commit);
	return rc;
}

/* Judge the commits `ids` (oldest first), within max_commits and the time limit. */
static int judge_ids(struct source *s, git_repository *repo, const git_oid *ids, size_t nr)
{
	size_t i, todo = nr;
	int rc;

	if (s->max_commits && nr > s->max_commits) {
		todo = s->max_commits;
		snprintf(s->limit, sizeof(s->limit),
			 "max_commits (%zu) exceeded: %zu new commits; the oldest %zu were judged, "
			 "the newest %zu were not", s->max_commits, nr, todo, nr - todo);
	}
	for (i = 0, rc = 0; i < todo && rc == 0; i++) {
		if (source_out_of_time(s))
			break;
		rc = source_commit(s, repo, &ids[i]);
	}
	return rc;
}

int source_walk(struct source *s, git_repository *repo, git_revwalk *walk)
{
	git_oid id, *ids = NULL;
	size_t nr = 0, alloc = 0;
	int rc;

	/* all ids first: a limit must be able to say how many were left */
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	while ((rc = git_revwalk_next(&id, walk)) == 0) {
		ALLOC_GROW(ids, nr, alloc);
		ids[nr++] = id;
	}
	if (rc != GIT_ITEROVER) {
		free(ids);
		return git_fail("cannot walk the commits");
	}
	rc = judge_ids(s, repo, ids, nr);
	free(ids);
	return rc;
}

/* A set of object ids: open addressing, power-of-two size. */
struct oid_set {
	git_oid *slots;
	unsigned char *used;
	size_t nr, size;
};

static size_t oid_slot(const struct oid_set *set, const git_oid *id)
{
	size_t h, mask = set->size - 1;

	memcpy(&h, id->id, sizeof(h));
	for (h &= mask; set->used[h] && git_oid_cmp(&set->slots[h], id); h = (h + 1) & mask)
		;
	return h;
}

static int oid_set_has(const struct oid_set *set, const git_oid *id)
{
	return set->size && set->used[oid_slot(set, id)];
}

/* 1 if added, 0 if it was there. */
static int oid_set_add(struct oid_set *set, const git_oid *id)
{
	size_t h;

	if ((set->nr + 1) * 2 > set->size) {
		struct oid_set big = { NULL, NULL, 0, set->size ? set->size * 2 : 64 };
		size_t i;

		big.slots = xcalloc(big.size, sizeof(*big.slots));
		big.used = xcalloc(big.size, 1);
		for (i = 0; i < set->size; i++)
			if (set->used[i])
				oid_set_add(&big, &set->slots[i]);
		free(set->slots);
		free(set->used);
		*set = big;
	}
	h = oid_slot(set, id);
	if (set->used[h])
		return 0;
	set->used[h] = 1;
	set->slots[h] = *id;
	set->nr++;
	return 1;
}

static void oid_set_clear(struct oid_set *set)
{
	free(set->slots);
	free(set->used);
	memset(set, 0, sizeof(*set));
}

/* git's `shallow` file: the commits whose parents this clone does not have. */
static void read_shallow(git_repository *repo, struct oid_set *out)
{
	struct buf path = BUF_INIT;
	char line[128];
	FILE *f;

	buf_printf(&path, "%sshallow", git_repository_path(repo));
	f = fopen(path.ptr, "r");
	while (f && fgets(line, sizeof(line), f)) {
		git_oid id;

		if (git_oid_fromstrn(&id, line, GIT_OID_HEXSZ) == 0)
			oid_set_add(out, &id);
	}
	if (f)
		fclose(f);
	buf_release(&path);
}

int source_walk_shallow(struct source *s, git_repository *repo, const git_oid *tips, size_t nr_tips,
			const git_oid *hide, size_t nr_hide)
{
	struct oid_set shallow = { 0 }, hidden = { 0 }, seen = { 0 };
	git_oid *stack = NULL, *order = NULL;
	unsigned char *expanded = NULL;
	size_t nr = 0, alloc = 0, nr_order = 0, alloc_order = 0, alloc_exp = 0, i;
	int rc = 0;

	/*
	 * libgit2 1.5 does not know shallow clones: its walk reads the parents
	 * of the clone's oldest commits and fails. Walk by hand, with the
	 * commits in `shallow` taken as having no parents.
	 */
	read_shallow(repo, &shallow);
	for (i = 0; i < nr_hide; i++) {
		ALLOC_GROW(stack, nr + 1, alloc);
		stack[nr++] = hide[i];
	}
	while (nr) {
		git_oid id = stack[--nr];
		git_commit *c = NULL;
		unsigned int p;

		if (!oid_set_add(&hidden, &id) || oid_set_has(&shallow, &id))
			continue;
		if (git_commit_lookup(&c, repo, &id) < 0) {
			git_error_clear();
			continue;	/* what the clone lacks cannot be new */
		}
		for (p = 0; p < git_commit_parentcount(c); p++) {
			ALLOC_GROW(stack, nr + 1, alloc);
			stack[nr++] = *git_commit_parent_id(c, p);
		}
		git_commit_free(c);
	}
	/* new commits, parents before children: a depth-first walk, post-order */
	for (i = 0; i < nr_tips; i++) {
		if (oid_set_has(&hidden, &tips[i]))
			continue;
		ALLOC_GROW(stack, nr + 1, alloc);
		ALLOC_GROW(expanded, nr + 1, alloc_exp);
		stack[nr] = tips[i];
		expanded[nr++] = 0;
	}
	while (nr && rc == 0) {
		git_oid id = stack[nr - 1];
		git_commit *c = NULL;
		unsigned int p;
		char hex[GIT_OID_HEXSZ + 1];

		if (expanded[nr - 1]) {
			nr--;
			ALLOC_GROW(order, nr_order + 1, alloc_order);
			order[nr_order++] = id;
			continue;
		}
		if (!oid_set_add(&seen, &id)) {
			nr--;
			continue;
		}
		expanded[nr - 1] = 1;
		git_oid_tostr(hex, sizeof(hex), &id);
		if (oid_set_has(&shallow, &id)) {
			rc = error("commit '%.12s' is new to the remote but is the oldest commit of this shallow "
				   "clone: its parent is not here, so what it adds cannot be computed; fetch more "
				   "history (git fetch --deepen=50, or --unshallow) and push again", hex);
			break;
		}
		if (git_commit_lookup(&c, repo, &id) < 0) {
			rc = error("cannot read commit '%.12s' (missing or corrupt object): %s", hex,
				   git_error_last() ? git_error_last()->message : "");
			break;
		}
		for (p = 0; p < git_commit_parentcount(c); p++) {
			const git_oid *pid = git_commit_parent_id(c, p);

			if (oid_set_has(&hidden, pid) || oid_set_has(&seen, pid))
				continue;
			ALLOC_GROW(stack, nr + 1, alloc);
			ALLOC_GROW(expanded, nr + 1, alloc_exp);
			stack[nr] = *pid;
			expanded[nr++] = 0;
		}
		git_commit_free(c);
	}
	if (rc == 0)
		rc = judge_ids(s, repo, order, nr_order);
	free(order);
	free(expanded);
	free(stack);
	oid_set_clear(&seen);
	oid_set_clear(&hidden);
	oid_set_clear(&shallow);
	return rc;
}

struct tree_walk {
	struct source *s;
	git_repository *repo;
	const char *commit;
	int rc;
	struct git_reader reader;
	struct change_list files;	/* gathered for the changeset */
};

static int tree_entry(const char *root, const git_tree_entry *e, void *payload)
{
	struct tree_walk *w = payload;
	struct buf path = BUF_INIT;
	struct version v;
	struct change ch;
	int rc = 0;

	memset(&v, 0, sizeof(v));
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	buf_printf(&path, "%s%s", root, git_tree_entry_name(e));
	if (!config_path_in_scope(w->s->cfg, path.ptr))
		goto out;
	if (git_tree_entry_filemode(e) == GIT_FILEMODE_LINK) {
		judge_link(w->s, w->repo, w->commit, path.ptr, git_tree_entry_id(e));
		goto out;
	}
	if (source_out_of_time(w->s)) {
		rc = 1;	/* stop the walk */
		goto out;
	}
	if (version_read(&v, w->repo, git_tree_entry_id(e)) < 0) {
		w->rc = error("cannot read object of '%s' (missing or corrupt object)", path.ptr);
		rc = -1;
		goto out;
	}
	if ((size_t)git_blob_rawsize(v.blob) > w->s->cfg->max_file_bytes) {
		source_too_big(w->s, path.ptr, (unsigned long long)git_blob_rawsize(v.blob));
		goto out;
	}
	if (!v.judgeable) {
		const char *why;

		source_text(&v.decoded, git_blob_rawcontent(v.blob), (size_t)git_blob_rawsize(v.blob),
			    &v.text, &v.len, &why);
		source_unjudged(w->s, path.ptr, w->commit, why, NULL);
		goto out;
	}
	memset(&ch, 0, sizeof(ch));
	ch.path = path.ptr;
	ch.content = v.text;
	ch.len = v.len;
	ch.commit = w->commit;
	w->s->stats.files++;
	w->s->stats.lines += lines_in_text(ch.content, ch.len);
	change_list_add(&w->files, &ch);
	if (w->files.bytes >= SOURCE_BATCH_BYTES &&
	    source_hand_over(w->s, &w->files, w->commit, NULL, &w->reader.r, 0) < 0) {
		w->rc = -1;
		rc = -1;	/* stop the walk */
	}
out:
	version_release(&v);
	buf_release(&path);
	return rc;
}

int source_tree_object(struct source *s, git_repository *repo, git_tree *tree, const char *commit)
{
	struct tree_walk w;
	int rc;

	memset(&w, 0, sizeof(w));
	w.s = s;
	w.repo = repo;
	w.commit = commit;
	reader_init(&w.reader, s, repo, tree, NULL);
	git_error_clear();
	rc = git_tree_walk(tree, GIT_TREEWALK_PRE, tree_entry, &w);
	/* what was gathered is judged, also when a later file stopped the walk */
	if (source_hand_over(s, &w.files, commit, NULL, &w.reader.r, w.rc) < 0)
		return -1;
	if (rc < 0 && rc != GIT_EUSER)
		return git_fail("cannot walk the tree");
	return 0;
}

int source_tree(struct source *s, git_repository *repo, const char *rev)
{
	git_object *obj = NULL, *commit = NULL;
	git_tree *tree = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int rc = -1;

	if (git_revparse_single(&obj, repo, rev) < 0)
		return error("cannot resolve '%s': %s", rev,
			     git_error_last() ? git_error_last()->message : "unknown revision");
	if (git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) < 0) {
		error("'%s' does not name a tree", rev);
		goto out;
	}
	if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0) {
		git_oid_tostr(hex, sizeof(hex), git_object_id(commit));
		s->stats.commits++;
	}
	rc = source_tree_object(s, repo, tree, commit ? hex : NULL);
out:
	git_tree_free(tree);
	git_object_free(commit);
	git_object_free(obj);
	return rc;
}

static int hide_ref(git_reference *ref, void *payload)
{
	git_revwalk *walk = payload;
	git_object *obj = NULL;

	/* refs to trees, blobs or missing objects have no history to hide */
	if (git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) == 0)
		git_revwalk_hide(walk, git_object_id(obj));
	git_object_free(obj);
	git_reference_free(ref);
	return 0;
}

int source_hide_all_refs(git_repository *repo, git_revwalk *walk)
{
	if (git_reference_foreach(repo, hide_ref, walk) < 0)
		return git_fail("cannot list the repository's refs");
	git_error_clear();
	return 0;
}

int source_history(struct source *s, git_repository *repo, const char *rev)
{
	git_revwalk *walk = NULL;
	git_object *obj = NULL, *c = NULL;
	int rc = -1;

	if (git_revparse_single(&obj, repo, rev) < 0) {
		error("cannot resolve '%s': %s", rev, git_error_last() ? git_error_last()->message : "");
		goto out;
	}
	if (git_object_peel(&c, obj, GIT_OBJECT_COMMIT) < 0) {
		error("'%s' is not a commit", rev);
		goto out;
	}
	if (git_revwalk_new(&walk, repo) < 0 || git_revwalk_push(walk, git_object_id(c)) < 0) {
		git_fail("cannot walk the commits");
		goto out;
	}
	rc = source_walk(s, repo, walk);
out:
	git_revwalk_free(walk);
	git_object_free(c);
	git_object_free(obj);
	return rc;
}

int source_ranges(struct source *s, git_repository *repo, char **revs, int nr)
{
	int i, rc = 0;

	for (i = 0; i < nr && rc == 0; i++) {
		git_revspec spec;
		git_revwalk *walk = NULL;
		git_object *c = NULL;

		memset(&spec, 0, sizeof(spec));
		if (git_revparse(&spec, repo, revs[i]) < 0) {
			rc = error("cannot resolve '%s': %s", revs[i],
				   git_error_last() ? git_error_last()->message : "unknown revision");
			/* a range may fail on its second end with the first resolved */
			git_object_free(spec.from);
			git_object_free(spec.to);
			return rc;
		}
		if (spec.flags & GIT_REVSPEC_SINGLE) {
			if (git_object_peel(&c, spec.from, GIT_OBJECT_COMMIT) < 0)
				rc = error("'%s' is not a commit", revs[i]);
			else
				rc = source_commit(s, repo, git_object_id(c));
			git_object_free(c);
			git_object_free(spec.from);
			continue;
		}
		if (git_revwalk_new(&walk, repo) < 0) {
			rc = git_fail("cannot walk the commits");
		} else {
			git_object *from = NULL, *to = NULL;

			if (git_object_peel(&from, spec.from, GIT_OBJECT_COMMIT) < 0 ||
			    git_object_peel(&to, spec.to, GIT_OBJECT_COMMIT) < 0) {
				rc = error("'%s' does not name commits", revs[i]);
			} else if (spec.flags & GIT_REVSPEC_MERGE_BASE) {
				git_oid base;

				/* A...B: what either side has that the other lacks */
				git_revwalk_push(walk, git_object_id(from));
				git_revwalk_push(walk, git_object_id(to));
				if (git_merge_base(&base, repo, git_object_id(from), git_object_id(to)) == 0)
					git_revwalk_hide(walk, &base);
				rc = source_walk(s, repo, walk);
			} else {
				git_revwalk_push(walk, git_object_id(to));
				git_revwalk_hide(walk, git_object_id(from));
				rc = source_walk(s, repo, walk);
			}
			git_object_free(from);
			git_object_free(to);
		}
		git_revwalk_free(walk);
		git_object_free(spec.from);
		git_object_free(spec.to);
	}
	return rc;
}
