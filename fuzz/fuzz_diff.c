/*
 * fuzz_diff: libFuzzer target for the analysis of a change as a diff: an
 * old version of a file, then a new one judged on its added lines, as a
 * range or a push judges consecutive commits of one path.
 *
 * fuzz_analyze judges whole files (every line added), which never takes
 * the paths that only a diff takes: lazy units (subtrees without an added
 * line are walked only when a lookup leads into them), the incremental
 * reparse of the new version from the old version's cached tree (the
 * hunks become tree edits), the parse cache carried over a version that
 * adds nothing (advance_only), and findings kept or dropped by line.
 *
 * Input: FLAGS OLD 0xff NEW. FLAGS (one byte): bit 0 picks "lib/x.tsx"
 * over "lib/x.ts"; bit 1 judges the old version first as added whole (a
 * new file), else only advances the cache over it, as after a commit that
 * only deleted lines; bit 2 judges NEW a second time against a third
 * version, NEW with its first line dropped (a later commit). Without a
 * 0xff byte, OLD is empty. The added lines and hunks come from libgit2's
 * diff of the two buffers with no context, as the git source computes
 * them; blob ids are the git hashes of the contents.
 *
 * A fresh analyzer per input, so that a crash reproduces from its input
 * alone (the parse cache is the analyzer's). Each content is a copy of
 * exactly its size: a read past the end is a finding.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "analyze/analyze.h"
#include "config/config.h"
#include "base/finding.h"
#include "base/lines.h"
#include "base/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config cfg;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	git_libgit2_init();
	memset(&cfg, 0, sizeof(cfg));
	if (config_init_defaults(&cfg) < 0 || config_compile(&cfg) < 0) {
		fprintf(stderr, "fuzz_diff: default configuration: %s\n", error_last());
		abort();
	}
	return 0;
}

struct diffed {
	struct line_set added;
	struct change_hunk *hunks;
	size_t nr, alloc;
};

static int on_hunk(const git_diff_delta *d, const git_diff_hunk *h, void *payload)
{
	struct diffed *df = payload;

	(void)d;
	ALLOC_GROW(df->hunks, df->nr, df->alloc);
	df->hunks[df->nr].old_start = (uint32_t)h->old_start;
	df->hunks[df->nr].old_lines = (uint32_t)h->old_lines;
	df->hunks[df->nr].new_start = (uint32_t)h->new_start;
	df->hunks[df->nr].new_lines = (uint32_t)h->new_lines;
	df->nr++;
	return 0;
}

static int on_line(const git_diff_delta *d, const git_diff_hunk *h, const git_diff_line *l, void *payload)
{
	struct diffed *df = payload;

	(void)d;
	(void)h;
	if (l->origin == GIT_DIFF_LINE_ADDITION && l->new_lineno > 0)
		lines_add(&df->added, (uint32_t)l->new_lineno);
	return 0;
}

/* Every finding points into the file it reports on. */
static void check_findings(const struct finding_list *fl, const char *content, size_t len)
{
	size_t i;

	for (i = 0; i < fl->nr; i++) {
		const struct finding *f = &fl->items[i];

		if (!f->rule || !f->path || !f->message || f->line < 1 || f->column < 1)
			abort();
		if (f->line > lines_in_text(content, len) + 1)
			abort();
	}
}

/* Judge `new` as the next version of `old` (whose tree the cache may hold). */
static void judge_version(struct analyzer *a, const char *path, const char *old, size_t old_len,
			  const char *new, size_t new_len)
{
	struct diffed df;
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	git_oid old_id, new_id;
	struct change ch;
	struct change_history hist;
	struct finding_list findings = FINDING_LIST_INIT;
	uint32_t syntax_line;

	memset(&df, 0, sizeof(df));
	opts.context_lines = 0;
	if (git_diff_buffers(old, old_len, path, new, new_len, path, &opts,
			     NULL, NULL, on_hunk, on_line, &df) < 0)
		goto out;
	git_odb_hash(&old_id, old, old_len, GIT_OBJECT_BLOB);
	git_odb_hash(&new_id, new, new_len, GIT_OBJECT_BLOB);
	memset(&ch, 0, sizeof(ch));
	memset(&hist, 0, sizeof(hist));
	ch.path = path;
	ch.content = new;
	ch.len = new_len;
	ch.id = new_id.id;
	hist.old_id = old_id.id;
	hist.hunks = df.hunks;
	hist.nr_hunks = df.nr;
	ch.hist = &hist;
	if (!df.added.count) {
		/* only deletions: the source advances the cache, judges nothing */
		hist.advance_only = 1;
		(void)analyze_change(a, &ch, &findings, &syntax_line);
		if (findings.nr)
			abort();
		goto out;
	}
	ch.added = &df.added;
	ch.commit = "0000000000000000000000000000000000000001";
	(void)analyze_change(a, &ch, &findings, &syntax_line);
	check_findings(&findings, new, new_len);
out:
	findings_release(&findings);
	lines_release(&df.added);
	free(df.hunks);
}

/* A copy of exactly len bytes (ASan sees a read past the end). */
static char *copy(const uint8_t *p, size_t len)
{
	char *s = malloc(len ? len : 1);

	if (s && len)
		memcpy(s, p, len);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct analyzer *a;
	const uint8_t *sep;
	unsigned flags;
	const char *path;
	char *old = NULL, *new = NULL, *third = NULL;
	size_t old_len = 0, new_len, third_len;
	struct finding_list findings = FINDING_LIST_INIT;
	uint32_t syntax_line;

	if (size < 1)
		return 0;
	flags = data[0];
	data++, size--;
	path = (flags & 1) ? "lib/x.tsx" : "lib/x.ts";
	sep = memchr(data, 0xff, size);
	if (sep) {
		old_len = (size_t)(sep - data);
		old = copy(data, old_len);
		new_len = size - old_len - 1;
		new = copy(sep + 1, new_len);
	} else {
		old = copy(data, 0);
		new_len = size;
		new = copy(data, size);
	}
	a = analyzer_new(&cfg);
	if (!old || !new || !a)
		goto out;
	if (flags & 2) {
		/* the old version as a new file: judged whole, its tree cached */
		struct change ch;
		git_oid id;

		git_odb_hash(&id, old, old_len, GIT_OBJECT_BLOB);
		memset(&ch, 0, sizeof(ch));
		ch.path = path;
		ch.content = old;
		ch.len = old_len;
		ch.id = id.id;
		(void)analyze_change(a, &ch, &findings, &syntax_line);
		check_findings(&findings, old, old_len);
		findings_release(&findings);
	}
	judge_version(a, path, old, old_len, new, new_len);
	if (flags & 4) {
		const char *nl = memchr(new, '\n', new_len);

		third_len = nl ? new_len - (size_t)(nl + 1 - new) : 0;
		third = copy((const uint8_t *)(nl ? nl + 1 : new), third_len);
		if (third)
			judge_version(a, path, new, new_len, third, third_len);
	}
out:
	analyzer_free(a);
	analyze_thread_done();
	free(old);
	free(new);
	free(third);
	return 0;
}
