#ifndef STACKGATE_LANG_TREE_H
#define STACKGATE_LANG_TREE_H

/*
 * Helpers over tree-sitter syntax trees of any grammar (tree.c). Nodes
 * are borrowed from their tree. Helpers that read a node's text take the
 * file's context and are declared in rules/rules.h.
 */

#include <stdint.h>
#include <tree_sitter/api.h>

/*
 * ts_node_child_by_field_name() with the field id cached: the library
 * looks the name up by string compares on every call, and rules ask for
 * fields on every node. `name` must be a string literal (the cache is
 * keyed by its address).
 */
TSNode node_field(TSNode n, const char *name);
/*
 * Named children in order, without comments. ts_node_named_child(n, i)
 * walks from the first child on every call (quadratic over an object's
 * pairs); a cursor does not.
 *	struct child_iter it; TSNode k;
 *	for (child_iter_init(&it, obj); child_iter_next(&it, &k);) ...
 *	child_iter_end(&it);
 */
struct child_iter {
	TSTreeCursor cur;
	int state;		/* 0: not started, 1: inside, 2: done */
	int has_cursor;
};
void child_iter_init(struct child_iter *it, TSNode parent);
int child_iter_next(struct child_iter *it, TSNode *out);
void child_iter_end(struct child_iter *it);

/* The i-th named child that is not a comment (call arguments), or null. */
TSNode call_arg(TSNode args, uint32_t i);
uint32_t call_argc(TSNode args);
/* 1 if n is of the kind named `type` (a string literal: ids are cached by its address). */
int node_is(TSNode n, const char *type);

/* Free the cursors the calling thread keeps for child_iter (a worker, as it ends). */
void tree_thread_done(void);

#endif
