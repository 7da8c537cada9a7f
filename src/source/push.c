/*
 * Pushes: the commits a push brings, from its ref updates, for the
 * client's pre-push and the server's pre-receive (push.h).
 */
#include "source/push.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* What a push walks from and stops at, for a shallow clone's own walk. */
struct push_ids {
	git_repository *repo;
	git_oid *tips, *hide;
	size_t nr_tips, alloc_tips, nr_hide, alloc_hide;
};

static void add_hide(struct push_ids *ids, const git_oid *id)
{
	ALLOC_GROW(ids->hide, ids->nr_hide + 1, ids->alloc_hide);
	ids->hide[ids->nr_hide++] = *id;
}

static int collect_hide(const char *name, void *payload)
{
	struct push_ids *ids = payload;
	git_reference *ref = NULL;
	git_object *c = NULL;

	if (git_reference_lookup(&ref, ids->repo, name) == 0 &&
	    git_reference_peel(&c, ref, GIT_OBJECT_COMMIT) == 0)
		add_hide(ids, git_object_id(c));
	git_object_free(c);
	git_reference_free(ref);
	git_error_clear();
	return 0;
}

int source_push(struct source *s, git_repository *repo, const struct ref_lines *u, enum push_side side,
		const char *remote)
{
	git_revwalk *walk = NULL;
	struct push_ids ids;
	size_t i;
	int sending = side == PUSH_SENDING, pushed = 0, rc = -1;

	memset(&ids, 0, sizeof(ids));
	ids.repo = repo;
	if (git_revwalk_new(&walk, repo) < 0) {
		error("cannot walk the commits: %s", git_error_last() ? git_error_last()->message : "");
		goto out;
	}
	for (i = 0; i < u->nr; i++) {
		const struct ref_line *l = &u->items[i];
		git_object *obj = NULL, *c = NULL;
		char hex[GIT_OID_HEXSZ + 1];

		if (git_oid_is_zero(&l->new))
			continue;	/* a deletion brings nothing */
		git_oid_tostr(hex, sizeof(hex), &l->new);
		if (git_object_lookup(&obj, repo, &l->new, GIT_OBJECT_ANY) < 0) {
			error("cannot read pushed object '%.12s' for '%s' (missing or corrupt object)", hex, l->ref);
			goto out;
		}
		if (git_object_peel(&c, obj, GIT_OBJECT_COMMIT) == 0) {
			if (git_revwalk_push(walk, git_object_id(c)) < 0) {
				git_object_free(c);
				git_object_free(obj);
				error("cannot walk from '%.12s': %s", hex, git_error_last()->message);
				goto out;
			}
			ALLOC_GROW(ids.tips, ids.nr_tips + 1, ids.alloc_tips);
			ids.tips[ids.nr_tips++] = *git_object_id(c);
			pushed = 1;
		} else if (git_object_peel(&c, obj, GIT_OBJECT_TREE) == 0) {
			/* a ref to a tree stores its files without a commit: judge them whole */
			source_notice(s, "note: '%s' points at a tree, not a commit; every file of it is judged", l->ref);
			if (source_tree_object(s, repo, (git_tree *)c, NULL) < 0) {
				git_object_free(c);
				git_object_free(obj);
				goto out;
			}
		} else {
			/* a blob has no path: nothing can say what it holds */
			source_unjudged(s, l->ref, NULL, "it points at a blob, not a commit (a blob has no path "
					"to judge it by)", "push the file inside a commit, or delete the ref");
		}
		git_error_clear();
		git_object_free(c);
		git_object_free(obj);
		if (sending && !git_oid_is_zero(&l->old)) {
			git_object *old = NULL;

			/* the remote's tip, when we have it, is already there */
			if (git_object_lookup(&old, repo, &l->old, GIT_OBJECT_COMMIT) == 0) {
				git_revwalk_hide(walk, &l->old);
				add_hide(&ids, &l->old);
			}
			git_object_free(old);
			git_error_clear();
		}
	}
	if (!pushed) {
		rc = 0;
		goto out;
	}
	if (git_repository_is_shallow(repo) == 1) {
		/* libgit2 cannot walk a shallow clone: the source walks it by hand */
		struct buf glob = BUF_INIT;

		buf_printf(&glob, "refs/remotes/%s/*", remote);
		if (git_reference_foreach_glob(repo, sending ? glob.ptr : "*", collect_hide, &ids) < 0)
			git_error_clear();
		buf_release(&glob);
		rc = source_walk_shallow(s, repo, ids.tips, ids.nr_tips, ids.hide, ids.nr_hide);
		goto out;
	}
	if (sending) {
		struct buf glob = BUF_INIT;

		/* what any ref of this remote has is already on the remote */
		buf_printf(&glob, "refs/remotes/%s/*", remote);
		if (git_revwalk_hide_glob(walk, glob.ptr) < 0)
			git_error_clear();
		buf_release(&glob);
	} else if (source_hide_all_refs(repo, walk) < 0) {
		goto out;
	}
	rc = source_walk(s, repo, walk);
out:
	free(ids.tips);
	free(ids.hide);
	git_revwalk_free(walk);
	return rc;
}
