#ifndef STACKGATE_PUSH_H
#define STACKGATE_PUSH_H

/*
 * Pushes: which commits a push brings. A push is a list of ref updates
 * (hookin.h); what it brings is every commit reachable from a new id and
 * from nothing the receiving side already has.
 */

#include <git2.h>

#include "source/hookin.h"
#include "source/source.h"

enum push_side {
	/*
	 * pre-push, on the client: the remote already has each update's old
	 * id (when this repository has that commit) and whatever any of its
	 * remote-tracking refs (refs/remotes/REMOTE/...) has. A new branch
	 * (old id zero) brings what none of those has.
	 */
	PUSH_SENDING,
	/*
	 * pre-receive, on the server inside git's quarantine: every ref of
	 * the repository is what the server already has.
	 */
	PUSH_RECEIVING,
};

/*
 * Judge what the ref updates `u` bring, each commit against its first
 * parent, oldest first. A deletion brings nothing; a ref that points at a
 * tree is judged whole (with a notice); one that points at a blob cannot
 * be judged (source_unjudged). `remote` names the remote for
 * PUSH_SENDING (ignored otherwise). A shallow clone is walked by hand
 * (source_walk_shallow). Returns 0, or -1 (a pushed object is missing,
 * the walk failed) with the message in the error slot.
 */
int source_push(struct source *s, git_repository *repo, const struct ref_lines *u, enum push_side side,
		const char *remote);

#endif
