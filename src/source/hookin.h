#ifndef STACKGATE_HOOKIN_H
#define STACKGATE_HOOKIN_H

#include <git2.h>
#include <stdio.h>

/*
 * Hook standard input. pre-receive gives "<old> <new> <ref>" per updated
 * ref; pre-push gives "<local-ref> <local-oid> <remote-ref> <remote-oid>".
 */
struct ref_line {
	char *local_ref;	/* pre-push only */
	git_oid old;		/* pre-receive: old; pre-push: remote oid */
	git_oid new;		/* pre-receive: new; pre-push: local oid */
	char *ref;		/* pre-receive: ref; pre-push: remote ref */
};

struct ref_lines {
	struct ref_line *items;
	size_t nr, alloc;
};
#define REF_LINES_INIT { NULL, 0, 0 }

/*
 * Parse one line (without its newline). Returns 0, or -1 with a message
 * that quotes the problem (wrong field count, an id that is not 40 hex
 * digits, a SHA-256 id).
 */
typedef int (*hookin_parse_fn)(struct ref_line *out, const char *line, size_t len);
int hookin_parse_receive(struct ref_line *out, const char *line, size_t len);
int hookin_parse_push(struct ref_line *out, const char *line, size_t len);

/* Read every line of `f`, each parsed by `parse` (one of the above). Empty
 * lines are skipped. -1 on the first malformed line, naming its number. */
int hookin_read(struct ref_lines *out, FILE *f, hookin_parse_fn parse);
void hookin_release(struct ref_lines *l);

#endif
