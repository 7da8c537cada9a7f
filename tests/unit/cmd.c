/*
 * Unit tests (cmocka) for the hook table (cmd/hooks.c) and the push walk
 * policy (source/push.c): which commits a push brings, over a real
 * repository built with libgit2 in a temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <git2.h>

#include "cmd/hooks.h"
#include "source/push.h"
#include "base/util.h"

int unit_cmd_tests(void);

/* ---- the hook table ---- */

static void hook_table_lookup(void **state)
{
	const struct scan_mode *pc = hook_find("pre-commit"), *pp = hook_find("pre-push");
	const struct scan_mode *pr = hook_find("pre-receive");
	size_t i, j;

	assert_non_null(pc);
	assert_non_null(pp);
	assert_non_null(pr);
	assert_null(hook_find("check"));	/* a command, not a hook */
	assert_null(hook_find("pre-commi"));
	assert_null(hook_find(""));
	/* what sets them apart */
	assert_true(pc->client_skip && !pc->server && !pc->read_input);
	assert_true(pp->client_skip && !pp->server && pp->read_input);
	assert_true(!pr->client_skip && pr->server && pr->read_input);
	/* every hook judges, is documented and tells a blocked person a way out */
	for (i = 0; i < nr_hook_modes; i++) {
		const struct scan_mode *h = &hook_modes[i];

		assert_ptr_equal(hook_find(h->name), h);
		assert_non_null(h->judge);
		assert_non_null(h->usage);
		assert_non_null(h->summary);
		assert_non_null(h->help);
		assert_true(!strncmp(h->help, "usage: stackgate ", 17));
		assert_non_null(h->advice);
		assert_non_null(h->advice->blocked);
		assert_non_null(h->advice->fix);
		assert_non_null(h->advice->ignore_where);
		/* a client names its bypass; the server's gate has none */
		assert_int_equal(!h->advice->bypass, h->server);
		assert_int_equal(!h->advice->bypass_incomplete, h->server);
		for (j = 0; j < i; j++)
			assert_string_not_equal(hook_modes[j].name, h->name);
	}
}

static void hook_input_formats(void **state)
{
	const char push[] = "refs/heads/main 1111111111111111111111111111111111111111 refs/heads/main "
			    "0000000000000000000000000000000000000000\n";
	const char receive[] = "0000000000000000000000000000000000000000 "
			       "1111111111111111111111111111111111111111 refs/heads/main\n";
	struct ref_lines l = REF_LINES_INIT;
	FILE *f;

	f = fmemopen((void *)push, strlen(push), "r");
	assert_int_equal(hook_find("pre-push")->read_input(&l, NULL, 0, f), 0);
	fclose(f);
	assert_int_equal(l.nr, 1);
	assert_string_equal(l.items[0].ref, "refs/heads/main");
	assert_string_equal(l.items[0].local_ref, "refs/heads/main");
	hookin_release(&l);
	/* each hook reads its own format, and only that */
	f = fmemopen((void *)push, strlen(push), "r");
	assert_int_equal(hook_find("pre-receive")->read_input(&l, NULL, 0, f), -1);
	fclose(f);
	hookin_release(&l);
	f = fmemopen((void *)receive, strlen(receive), "r");
	assert_int_equal(hook_find("pre-receive")->read_input(&l, NULL, 0, f), 0);
	fclose(f);
	assert_int_equal(l.nr, 1);
	assert_true(git_oid_is_zero(&l.items[0].old));
	hookin_release(&l);
}

/* ---- the push walk ---- */

struct push_repo {
	char dir[64];
	git_repository *repo;
	git_oid c[5];		/* c[0] <- c[1] <- c[2]; c[3] branches off c[1]; c[4] off c[2] */
	struct config cfg;
	struct strlist seen;	/* file paths the source yielded, in order */
};

/* A commit on `parent` (or a root) that adds `path` to the parent's tree. */
static void commit_file(git_oid *out, git_repository *repo, const git_oid *parent, const char *path)
{
	git_signature *sig = NULL;
	git_commit *p = NULL;
	git_tree *ptree = NULL, *tree = NULL;
	git_treebuilder *tb = NULL;
	git_oid blob, tree_id;
	char text[128];

	snprintf(text, sizeof(text), "export const name = '%s';\n", path);
	assert_int_equal(git_blob_create_from_buffer(&blob, repo, text, strlen(text)), 0);
	if (parent) {
		assert_int_equal(git_commit_lookup(&p, repo, parent), 0);
		assert_int_equal(git_commit_tree(&ptree, p), 0);
	}
	assert_int_equal(git_treebuilder_new(&tb, repo, ptree), 0);
	assert_int_equal(git_treebuilder_insert(NULL, tb, path, &blob, GIT_FILEMODE_BLOB), 0);
	assert_int_equal(git_treebuilder_write(&tree_id, tb), 0);
	assert_int_equal(git_tree_lookup(&tree, repo, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "T", "t@example.com", 1700000000, 0), 0);
	assert_int_equal(git_commit_create_v(out, repo, NULL, sig, sig, NULL, path, tree, p ? 1 : 0, p), 0);
	git_signature_free(sig);
	git_tree_free(tree);
	git_treebuilder_free(tb);
	git_tree_free(ptree);
	git_commit_free(p);
}

static int setup_push(void **state)
{
	struct push_repo *r = xcalloc(1, sizeof(*r));

	snprintf(r->dir, sizeof(r->dir), "/tmp/stackgate-unit-push.XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	assert_int_equal(git_repository_init(&r->repo, r->dir, 1), 0);
	commit_file(&r->c[0], r->repo, NULL, "c0.ts");
	commit_file(&r->c[1], r->repo, &r->c[0], "c1.ts");
	commit_file(&r->c[2], r->repo, &r->c[1], "c2.ts");
	commit_file(&r->c[3], r->repo, &r->c[1], "c3.ts");
	commit_file(&r->c[4], r->repo, &r->c[2], "c4.ts");
	assert_int_equal(config_init_defaults(&r->cfg), 0);
	assert_int_equal(config_compile(&r->cfg), 0);
	*state = r;
	return 0;
}

static int teardown_push(void **state)
{
	struct push_repo *r = *state;
	char cmd[128];

	config_release(&r->cfg);
	strlist_clear(&r->seen);
	git_repository_free(r->repo);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", r->dir);
	assert_int_equal(system(cmd), 0);
	free(r);
	return 0;
}

static int record(const struct changeset *cs, void *data)
{
	size_t i;

	for (i = 0; i < cs->nr; i++)
		strlist_add(data, cs->files[i]->path);
	return 0;
}

static void set_ref(struct push_repo *r, const char *name, const git_oid *id)
{
	git_reference *ref = NULL;

	assert_int_equal(git_reference_create(&ref, r->repo, name, id, 1, NULL), 0);
	git_reference_free(ref);
}

/* Run the walk for one update of refs/heads/main from `old` (NULL: a new branch) to `new`. */
static int push(struct push_repo *r, enum push_side side, const git_oid *old, const git_oid *new)
{
	struct source s;
	struct ref_line line;
	struct ref_lines u = { &line, 1, 1 };
	int rc;

	memset(&s, 0, sizeof(s));
	memset(&line, 0, sizeof(line));
	s.cfg = &r->cfg;
	s.fn = record;
	s.data = &r->seen;
	s.quiet = 1;
	strlist_clear(&r->seen);
	if (old)
		line.old = *old;
	if (new)
		line.new = *new;
	line.ref = (char *)"refs/heads/main";
	rc = source_push(&s, r->repo, &u, side, "origin");
	source_release(&s);
	return rc;
}

/* The paths judged, joined by spaces. */
static const char *seen(struct push_repo *r)
{
	static char out[256];
	size_t i;

	out[0] = '\0';
	for (i = 0; i < r->seen.nr; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, r->seen.items[i]);
	}
	return out;
}

static void hex_id(git_oid *out, char digit)
{
	char hex[GIT_OID_HEXSZ + 1];

	memset(hex, digit, GIT_OID_HEXSZ);
	hex[GIT_OID_HEXSZ] = '\0';
	assert_int_equal(git_oid_fromstr(out, hex), 0);
}

/* pre-push: the remote has the update's old id; oldest first. */
static void sending_from_old_tip(void **state)
{
	struct push_repo *r = *state;

	assert_int_equal(push(r, PUSH_SENDING, &r->c[0], &r->c[2]), 0);
	assert_string_equal(seen(r), "c1.ts c2.ts");
}

/* pre-push of a new branch: what the remote's tracking refs have is there. */
static void sending_new_branch(void **state)
{
	struct push_repo *r = *state;

	assert_int_equal(push(r, PUSH_SENDING, NULL, &r->c[4]), 0);
	assert_string_equal(seen(r), "c0.ts c1.ts c2.ts c4.ts");
	set_ref(r, "refs/remotes/upstream/main", &r->c[2]);	/* another remote's: not hidden */
	assert_int_equal(push(r, PUSH_SENDING, NULL, &r->c[4]), 0);
	assert_string_equal(seen(r), "c0.ts c1.ts c2.ts c4.ts");
	set_ref(r, "refs/remotes/origin/main", &r->c[1]);
	assert_int_equal(push(r, PUSH_SENDING, NULL, &r->c[4]), 0);
	assert_string_equal(seen(r), "c2.ts c4.ts");
}

/* pre-push: an old id this clone lacks (the remote moved on) hides nothing. */
static void sending_unknown_old(void **state)
{
	struct push_repo *r = *state;
	git_oid unknown;

	hex_id(&unknown, '2');
	assert_int_equal(push(r, PUSH_SENDING, &unknown, &r->c[2]), 0);
	assert_string_equal(seen(r), "c0.ts c1.ts c2.ts");
}

/* pre-receive: every ref of the server is already there, whatever the old ids say. */
static void receiving_hides_every_ref(void **state)
{
	struct push_repo *r = *state;

	assert_int_equal(push(r, PUSH_RECEIVING, &r->c[1], &r->c[2]), 0);
	assert_string_equal(seen(r), "c0.ts c1.ts c2.ts");
	set_ref(r, "refs/heads/main", &r->c[1]);
	assert_int_equal(push(r, PUSH_RECEIVING, &r->c[1], &r->c[2]), 0);
	assert_string_equal(seen(r), "c2.ts");
	set_ref(r, "refs/heads/topic", &r->c[3]);
	assert_int_equal(push(r, PUSH_RECEIVING, NULL, &r->c[4]), 0);
	assert_string_equal(seen(r), "c2.ts c4.ts");
	set_ref(r, "refs/tags/v1", &r->c[2]);
	assert_int_equal(push(r, PUSH_RECEIVING, NULL, &r->c[4]), 0);
	assert_string_equal(seen(r), "c4.ts");
}

/* A deletion brings nothing; a pushed id that is not there is an error. */
static void deletion_and_missing(void **state)
{
	struct push_repo *r = *state;
	git_oid missing;

	assert_int_equal(push(r, PUSH_SENDING, &r->c[2], NULL), 0);
	assert_string_equal(seen(r), "");
	assert_int_equal(push(r, PUSH_RECEIVING, &r->c[2], NULL), 0);
	assert_string_equal(seen(r), "");
	hex_id(&missing, '3');
	assert_int_equal(push(r, PUSH_RECEIVING, NULL, &missing), -1);
	assert_non_null(strstr(error_last(), "cannot read pushed object '333333333333' for 'refs/heads/main'"));
	assert_string_equal(seen(r), "");
}

int unit_cmd_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hook_table_lookup),
		cmocka_unit_test(hook_input_formats),
		cmocka_unit_test_setup_teardown(sending_from_old_tip, setup_push, teardown_push),
		cmocka_unit_test_setup_teardown(sending_new_branch, setup_push, teardown_push),
		cmocka_unit_test_setup_teardown(sending_unknown_old, setup_push, teardown_push),
		cmocka_unit_test_setup_teardown(receiving_hides_every_ref, setup_push, teardown_push),
		cmocka_unit_test_setup_teardown(deletion_and_missing, setup_push, teardown_push),
	};

	return cmocka_run_group_tests_name("hooks and pushes", tests, NULL, NULL);
}
