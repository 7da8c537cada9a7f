/* Unit tests for the records sources hand to the analysis (source/change.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <git2.h>
#include <unistd.h>

#include "source/blobcache.h"
#include "source/change.h"
#include "source/source.h"

int change_tests(void);

/* change_dup() copies everything the change borrows; the copy outlives the original. */
static void change_dup_owns_all(void **state)
{
	char path[] = "lib/x.ts", content[] = "a\nb\nc\n", commit[] = "0123456789abcdef", subject[] = "s";
	char base0[] = "a\n", base1[] = "a\nb\n";
	unsigned char id[20], old_id[20];
	struct line_set added = LINE_SET_INIT;
	struct change_hunk hunks[2] = { { 1, 0, 2, 2 }, { 3, 1, 4, 0 } };
	struct change_base bases[2] = { { base0, 2 }, { base1, 4 } };
	struct change_history hist;
	struct change ch, *d;

	(void)state;
	memset(id, 7, sizeof(id));
	memset(old_id, 9, sizeof(old_id));
	lines_add(&added, 2);
	lines_add(&added, 3);
	memset(&hist, 0, sizeof(hist));
	hist.old_id = old_id;
	hist.hunks = hunks;
	hist.nr_hunks = 2;
	hist.bases = bases;
	hist.nr_bases = 2;
	hist.bases_why = "why";
	memset(&ch, 0, sizeof(ch));
	ch.path = path;
	ch.content = content;
	ch.len = strlen(content);
	ch.added = &added;
	ch.id = id;
	ch.commit = commit;
	ch.commit_subject = subject;
	ch.hist = &hist;

	d = change_dup(&ch);
	/* the original goes away, as a source's buffers do after the callback */
	memset(path, 'x', sizeof(path) - 1);
	memset(content, 'x', sizeof(content) - 1);
	memset(commit, 'x', sizeof(commit) - 1);
	memset(base0, 'x', sizeof(base0) - 1);
	memset(base1, 'x', sizeof(base1) - 1);
	memset(id, 0, sizeof(id));
	memset(old_id, 0, sizeof(old_id));
	memset(hunks, 0, sizeof(hunks));
	lines_release(&added);

	assert_string_equal(d->path, "lib/x.ts");
	assert_int_equal(d->len, 6);
	assert_memory_equal(d->content, "a\nb\nc\n", 7);	/* NUL-terminated */
	assert_string_equal(d->commit, "0123456789abcdef");
	assert_string_equal(d->commit_subject, "s");
	assert_non_null(d->added);
	assert_int_equal(d->added->count, 2);
	assert_true(lines_has(d->added, 2) && lines_has(d->added, 3) && !lines_has(d->added, 1));
	assert_non_null(d->id);
	assert_int_equal(d->id[0], 7);
	assert_int_equal(d->id[19], 7);
	assert_non_null(d->hist);
	assert_ptr_not_equal(d->hist, &hist);
	assert_int_equal(d->hist->old_id[0], 9);
	assert_int_equal(d->hist->nr_hunks, 2);
	assert_int_equal(d->hist->hunks[1].old_start, 3);
	assert_int_equal(d->hist->hunks[0].new_lines, 2);
	assert_int_equal(d->hist->nr_bases, 2);
	assert_int_equal(d->hist->bases[1].len, 4);
	assert_memory_equal(d->hist->bases[0].content, "a\n", 3);
	assert_memory_equal(d->hist->bases[1].content, "a\nb\n", 5);
	assert_string_equal(d->hist->bases_why, "why");
	assert_int_equal(d->hist->advance_only, 0);
	change_free(d);
}

/* A plain file (no ids, no lines, no history) copies as one. */
static void change_dup_plain(void **state)
{
	struct change ch, *d;

	(void)state;
	memset(&ch, 0, sizeof(ch));
	ch.path = "Pulumi.dev.yaml";
	ch.content = "";
	d = change_dup(&ch);
	assert_string_equal(d->path, "Pulumi.dev.yaml");
	assert_int_equal(d->len, 0);
	assert_string_equal(d->content, "");
	assert_null(d->added);
	assert_null(d->id);
	assert_null(d->hist);
	assert_null(d->commit);
	assert_null(d->commit_subject);
	change_free(d);
	change_free(NULL);
}

/* A version that only moves the parse cache on keeps its hunks and no bases. */
static void change_dup_advance_only(void **state)
{
	unsigned char id[20] = { 1 }, old_id[20] = { 2 };
	struct change_hunk h = { 4, 2, 3, 0 };
	struct change_history hist;
	struct change ch, *d;

	(void)state;
	memset(&hist, 0, sizeof(hist));
	hist.old_id = old_id;
	hist.hunks = &h;
	hist.nr_hunks = 1;
	hist.advance_only = 1;
	memset(&ch, 0, sizeof(ch));
	ch.path = "a.ts";
	ch.content = "x\n";
	ch.len = 2;
	ch.id = id;
	ch.hist = &hist;
	d = change_dup(&ch);
	assert_int_equal(d->hist->advance_only, 1);
	assert_int_equal(d->hist->nr_hunks, 1);
	assert_int_equal(d->hist->hunks[0].old_lines, 2);
	assert_null(d->hist->bases);
	assert_int_equal(d->hist->nr_bases, 0);
	assert_int_equal(d->id[0], 1);
	assert_int_equal(d->hist->old_id[0], 2);
	change_free(d);
}

/* A file read through a tree reader is kept by blob id, the least recently used going first. */
static void blob_cache_by_id(void **state)
{
	struct blob_cache *c = blob_cache_new(10);
	unsigned char a[20], b[20], d[20], big[20];
	struct buf out = BUF_INIT;
	size_t entries, bytes;

	(void)state;
	memset(a, 'a', sizeof(a));
	memset(b, 'b', sizeof(b));
	memset(d, 'd', sizeof(d));
	memset(big, 'B', sizeof(big));
	assert_int_equal(blob_cache_get(c, a, &out), 0);
	assert_int_equal(out.len, 0);
	blob_cache_put(c, a, "aaaa", 4);
	blob_cache_put(c, b, "bbbb", 4);
	blob_cache_put(c, a, "xxxx", 4);	/* the same id is the same content: kept once */
	blob_cache_usage(c, &entries, &bytes);
	assert_int_equal(entries, 2);
	assert_int_equal(bytes, 8);
	assert_int_equal(blob_cache_get(c, a, &out), 1);	/* a is now the newest */
	assert_int_equal(out.len, 4);
	assert_memory_equal(out.ptr, "aaaa", 4);
	/* over 10 bytes: b, the least recently used, goes */
	blob_cache_put(c, d, "dddd", 4);
	assert_int_equal(blob_cache_get(c, b, &out), 0);
	buf_reset(&out);
	assert_int_equal(blob_cache_get(c, d, &out), 1);
	assert_string_equal(out.ptr, "dddd");
	buf_reset(&out);
	assert_int_equal(blob_cache_get(c, a, &out), 1);
	assert_string_equal(out.ptr, "aaaa");
	/* larger than the whole cache: not kept, nothing evicted */
	blob_cache_put(c, big, "0123456789ab", 12);
	assert_int_equal(blob_cache_get(c, big, &out), 0);
	blob_cache_usage(c, &entries, &bytes);
	assert_int_equal(entries, 2);
	assert_int_equal(bytes, 8);
	/* an empty file is a file */
	blob_cache_put(c, b, "", 0);
	buf_reset(&out);
	assert_int_equal(blob_cache_get(c, b, &out), 1);
	assert_int_equal(out.len, 0);
	buf_release(&out);
	blob_cache_free(c);
	blob_cache_free(NULL);
}

/* A source's list of gathered files owns copies; releasing empties it. */
static void change_list_owns_copies(void **state)
{
	struct change_list l = CHANGE_LIST_INIT;
	struct change ch;
	char path[8];
	int i;

	(void)state;
	memset(&ch, 0, sizeof(ch));
	for (i = 0; i < 40; i++) {
		snprintf(path, sizeof(path), "f%d.ts", i);
		ch.path = path;
		ch.content = path;
		ch.len = strlen(path);
		change_list_add(&l, &ch);
	}
	assert_int_equal(l.nr, 40);
	assert_string_equal(l.items[0]->path, "f0.ts");
	assert_string_equal(l.items[39]->content, "f39.ts");
	assert_ptr_not_equal(l.items[39]->path, path);
	change_list_release(&l);
	assert_int_equal(l.nr, 0);
	assert_null(l.items);
	change_list_release(&l);
}

/* What a source handed over, as the test's callback saw it. */
struct seen {
	size_t calls, files;
	char commit[41], paths[256];
	int read_rc, id_rc;
	struct buf project;
	unsigned char project_id[20];
};

static int see(const struct changeset *cs, void *data)
{
	struct seen *w = data;
	size_t i;

	w->calls++;
	w->files = cs->nr;
	snprintf(w->commit, sizeof(w->commit), "%s", cs->commit ? cs->commit : "");
	w->paths[0] = '\0';
	for (i = 0; i < cs->nr; i++) {
		assert_string_equal(cs->files[i]->commit, w->commit);
		assert_non_null(cs->files[i]->added);
		strncat(w->paths, cs->files[i]->path, sizeof(w->paths) - strlen(w->paths) - 2);
		strcat(w->paths, " ");
	}
	/* any other file of the commit's tree, read while the callback runs */
	buf_reset(&w->project);
	w->read_rc = cs->tree->read(cs->tree, "Pulumi.yaml", &w->project);
	w->id_rc = cs->tree->id(cs->tree, "Pulumi.yaml", w->project_id);
	assert_int_equal(cs->tree->read(cs->tree, "missing.ts", &w->project), 0);
	return 0;
}

static void add_file(git_repository *repo, git_treebuilder *tb, const char *name, const char *text,
		     git_oid *id)
{
	assert_int_equal(git_blob_create_from_buffer(id, repo, text, strlen(text)), 0);
	assert_int_equal(git_treebuilder_insert(NULL, tb, name, id, GIT_FILEMODE_BLOB), 0);
}

static void commit_tree(git_repository *repo, git_treebuilder *tb, const git_commit *parent, git_oid *out)
{
	git_signature *sig;
	git_tree *tree;
	git_oid tid;

	assert_int_equal(git_treebuilder_write(&tid, tb), 0);
	assert_int_equal(git_tree_lookup(&tree, repo, &tid), 0);
	assert_int_equal(git_signature_new(&sig, "t", "t@example.com", 1700000000, 0), 0);
	assert_int_equal(git_commit_create_v(out, repo, NULL, sig, sig, NULL, "c", tree, parent ? 1 : 0,
					     parent), 0);
	git_signature_free(sig);
	git_tree_free(tree);
}

/*
 * A commit is handed over as one changeset: its changed files in scope,
 * and a reader of the rest of its tree whose reads are kept by blob id,
 * so the next commit reads an unchanged file from the cache.
 */
static void commit_is_one_changeset(void **state)
{
	char dir[] = "/tmp/stackgate-unit-XXXXXX";
	git_repository *repo;
	git_treebuilder *tb;
	git_commit *first;
	git_oid project, blob, c1, c2, c3;
	struct config cfg;
	struct source s;
	struct seen w;
	char hex[41];
	size_t entries, bytes;

	(void)state;
	memset(&w, 0, sizeof(w));
	assert_non_null(mkdtemp(dir));
	assert_int_equal(git_repository_init(&repo, dir, 1), 0);
	assert_int_equal(git_treebuilder_new(&tb, repo, NULL), 0);
	add_file(repo, tb, "Pulumi.yaml", "name: app\nruntime: nodejs\n", &project);
	add_file(repo, tb, "a.ts", "export const a = 1;\n", &blob);
	commit_tree(repo, tb, NULL, &c1);
	assert_int_equal(git_commit_lookup(&first, repo, &c1), 0);
	add_file(repo, tb, "a.ts", "export const a = 1;\nexport const b = 2;\n", &blob);
	add_file(repo, tb, "b.ts", "export const c = 3;\n", &blob);
	add_file(repo, tb, "notes.txt", "out of scope\n", &blob);
	commit_tree(repo, tb, first, &c2);
	git_commit_free(first);
	assert_int_equal(git_commit_lookup(&first, repo, &c2), 0);
	add_file(repo, tb, "b.ts", "export const c = 4;\n", &blob);
	commit_tree(repo, tb, first, &c3);
	git_commit_free(first);

	assert_int_equal(config_init_defaults(&cfg), 0);
	memset(&s, 0, sizeof(s));
	s.cfg = &cfg;
	s.fn = see;
	s.data = &w;
	s.quiet = 1;
	assert_int_equal(source_commit(&s, repo, &c2), 0);
	git_oid_tostr(hex, sizeof(hex), &c2);
	assert_int_equal(w.calls, 1);
	assert_int_equal(w.files, 2);
	assert_string_equal(w.paths, "a.ts b.ts ");
	assert_string_equal(w.commit, hex);
	assert_int_equal(w.read_rc, 1);
	assert_string_equal(w.project.ptr, "name: app\nruntime: nodejs\n");
	assert_int_equal(w.id_rc, 1);
	assert_memory_equal(w.project_id, project.id, 20);
	blob_cache_usage(s.blobs, &entries, &bytes);
	assert_int_equal(entries, 1);
	assert_int_equal(bytes, w.project.len);

	/* the next commit leaves Pulumi.yaml alone: the same blob, read from the cache */
	assert_int_equal(source_commit(&s, repo, &c3), 0);
	assert_int_equal(w.calls, 2);
	assert_string_equal(w.paths, "b.ts ");
	assert_int_equal(w.read_rc, 1);
	assert_string_equal(w.project.ptr, "name: app\nruntime: nodejs\n");
	blob_cache_usage(s.blobs, &entries, &bytes);
	assert_int_equal(entries, 1);
	assert_int_equal(s.stats.commits, 2);
	assert_int_equal(s.stats.files, 3);

	source_release(&s);
	config_release(&cfg);
	buf_release(&w.project);
	git_treebuilder_free(tb);
	git_repository_free(repo);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		assert_int_equal(system(cmd), 0);
	}
}

int change_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(change_dup_owns_all),
		cmocka_unit_test(change_dup_plain),
		cmocka_unit_test(change_dup_advance_only),
		cmocka_unit_test(change_list_owns_copies),
		cmocka_unit_test(blob_cache_by_id),
		cmocka_unit_test(commit_is_one_changeset),
	};

	return cmocka_run_group_tests_name("change records", tests, NULL, NULL);
}
