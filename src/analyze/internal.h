#ifndef STACKGATE_ANALYZE_INTERNAL_H
#define STACKGATE_ANALYZE_INTERNAL_H

/*
 * What the pieces of the analysis share and nothing else sees: the
 * analysis of one file is analyze.c (orchestration), walk.c (walks and
 * dispatch), collect.c (candidates to findings), suppress_apply.c
 * (stackgate:ignore), name_index.c, and the front end's context pass
 * (lang/ts/scope.c). All of them work on the file's struct ctx.
 */

#include "rules/rules.h"

/* name_index.c: entry i of an index is element i of its table. */
#define NO_ENTRY UINT32_MAX
uint32_t name_hash(const char *s, size_t len);
/* Chain entry `id` (the next entry of its table) under hash h. */
void name_index_add(struct name_index *x, uint32_t h, uint32_t id);
/* The first entry chained under h (NO_ENTRY if none); name_index_next() the rest. */
uint32_t name_index_first(const struct name_index *x, uint32_t h);
uint32_t name_index_next(const struct name_index *x, uint32_t i);
void name_index_release(struct name_index *x);

/* walk.c */
enum walk_mode {
	WALK_CONTEXT,	/* every node, but not into subtrees that declare nothing */
	WALK_CONTEXT_ALL,	/* every node (a comment may hide anywhere) */
	WALK_CONTEXT_LAZY,	/* as WALK_CONTEXT, but leave units (below) for later */
	WALK_CHANGED,	/* only subtrees holding an added line */
};
/* Call fn on the nodes of the file's tree that `mode` visits, keeping the path. */
void walk(struct ctx *c, void (*fn)(struct ctx *, TSNode), enum walk_mode mode);
/* Walk a unit the lazy context pass left (the language's collect on its nodes). */
void expand_unit(struct ctx *c, struct unit *u);
/* Expand the unit holding byte `at`; every unit whose text names `name`. */
void expand_at(struct ctx *c, uint32_t at);
void expand_naming(struct ctx *c, const char *name, size_t len);
/* 1 if ch may be part of an identifier (letters, digits, _ and $, UTF-8). */
int ident_char(char ch);
/* 1 if the word (not part of a longer identifier) is in src[from, to). */
int has_word(const char *src, uint32_t from, uint32_t to, const char *w, size_t len);
/* Run every rule's hook for the node's kind: the judging walk's callback. */
void judge_node(struct ctx *c, TSNode n);

/* collect.c */
/*
 * A finding as the analysis collects it: what it will be if it is kept,
 * and what decides that and how it is shown. Private to the analysis:
 * reports, baselines and the pool see only the finding.
 */
struct candidate {
	struct finding f;
	int added;		/* lies on an added line */
	uint32_t use_line, scope_line;	/* the use, the enclosing `new` */
	uint32_t span_start, span_end, redact_start, redact_end;
};
/* Prefix counts of added lines, so that "does [a, b] hold one" is O(1). */
void index_added(struct ctx *c);
/* The byte where the line holding byte `off` starts. */
uint32_t line_start(const struct ctx *c, uint32_t off);
/* Record a finding; what is kept and how it is shown is decided in finish_file(). */
void record(struct ctx *c, const char *rule, enum severity sev, uint32_t start, uint32_t end,
	    uint32_t line, uint32_t col, uint32_t rs, uint32_t re, int added,
	    uint32_t use_line, uint32_t scope_line, const char *hint, char *msg);
/*
 * Keep the candidates on added lines as findings, appended to `kept`,
 * with excerpts and fingerprints; free the rest. c->local is empty after.
 */
void finish_file(struct ctx *c, struct finding_list *kept);
/* Free the candidates and what they own. */
void candidates_release(struct candidate_list *l);

/* suppress_apply.c */
/* A comment node: keep it if it is a stackgate:ignore. */
void collect_suppression(struct ctx *c, TSNode n);
void apply_suppressions(struct ctx *c);
/* invalid-suppression findings for the file's malformed or unused ones */
void report_bad_suppressions(struct ctx *c);

#endif
