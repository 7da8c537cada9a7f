#ifndef STACKGATE_REPORT_H
#define STACKGATE_REPORT_H

#include <stdio.h>

#include "base/finding.h"
#include "base/stats.h"

struct rule_entry;

enum report_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF };

/*
 * What a hook tells the person it blocked, in its own words (the hook
 * table, cmd/hooks.c, holds one per hook); the report puts them into
 * its sentences. A client hook names its bypass; the server's gate has
 * none and names `contact` instead.
 */
struct block_advice {
	const char *blocked;		/* what stopped: "commit blocked" */
	const char *fix;		/* way 1: "fix it and `git add` the fix" */
	const char *ignore_where;	/* way 2, after "on the line above it": "" or " in the commit ..." */
	const char *bypass;		/* way 3: "git commit --no-verify"; NULL: the server, ask contact */
	const char *bypass_incomplete;	/* a scan that could not finish: "to bypass once: ..." */
};

struct report_opts {
	enum report_format format;
	/* a hook's ways out of a block; NULL: a command run by hand, which
	 * blocks nothing and names none */
	const struct block_advice *advice;
	int color;
	int quiet;
	const char *config_source;	/* where the configuration came from */
	int complete;			/* 0: the scan stopped early and that blocks */
	const char *failure;		/* why it stopped, when it did */
	/* what was not judged, whether that blocks or on_limit / on_error
	 * = allow let it through; NULL: everything in scope was judged */
	const char *incomplete;
	const char *contact;		/* server: who grants exceptions */
	int gitlab_web;			/* GL_PROTOCOL=web: GL-HOOK-ERR lines */
	const char *limit_note;		/* a limit that was hit and allowed */
	/* the ways out of a block: the first blocking rule (for `explain`),
	 * and the first one an inline stackgate:ignore may suppress here
	 * (NULL: none may) */
	const char *block_rule;
	const char *ignore_rule;
	/* the rule table (config.rules), for SARIF's rule list; NULL: the
	 * built-in rules alone */
	const struct rule_entry *rules;
	size_t nr_rules;
};

/* Write the findings (text or JSON) and, for text, the summary to `out`. */
void report_write(FILE *out, const struct finding_list *l, const struct scan_stats *stats,
		  const struct report_opts *o);
/* The coverage line, always on stderr: what the scan covered. */
enum { COVER_COMMITS, COVER_STAGED, COVER_FILES, COVER_TREE };
void report_coverage(const struct scan_stats *stats, int kind);

#endif
