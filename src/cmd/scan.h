#ifndef STACKGATE_SCAN_H
#define STACKGATE_SCAN_H

/*
 * The scan driver every command that judges changes shares: the mode's
 * input -> the repository -> the configuration -> the mode's source ->
 * analysis -> baseline -> report -> a cmd_result. A mode (a hook in
 * hooks.c, a form of `check`) says what differs; the driver does the rest.
 */

#include <git2.h>
#include <stdio.h>

#include "analyze/analyze.h"
#include "base/finding.h"
#include "cmd/cmd.h"
#include "config/config.h"
#include "report/baseline.h"
#include "report/report.h"
#include "source/hookin.h"
#include "source/source.h"

struct scan;

/* One way of judging changes: a git hook (hooks.c) or a form of check. */
struct scan_mode {
	const char *name;		/* the command: "pre-push" */
	const char *usage;		/* its synopsis in `stackgate --help`: "pre-push REMOTE URL" */
	const char *summary;		/* beside it there */
	const char *help;		/* `stackgate NAME --help` */
	/*
	 * The server's gate: only the repository's own stackgate.ini counts,
	 * inline suppressions only as it allows, receive_timeout_ms bounds
	 * it, GitLab's web editor gets GL-HOOK-ERR lines. Else a client.
	 */
	unsigned server:1;
	/* its owner may switch it off: SKIP=stackgate, stackgate.enabled false */
	unsigned client_skip:1;
	unsigned no_repo:1;		/* judges plain files: no repository is opened */
	/*
	 * The ref updates it judges, read before anything else (git waits
	 * for a hook to consume its stdin): from `in` or from the hook's
	 * arguments. 0, or -1 with the message in the error slot. NULL: none.
	 */
	int (*read_input)(struct ref_lines *out, char **args, int nr_args, FILE *in);
	/* Checks the command line against the repository before the
	 * configuration loads (says why on stderr); NULL: nothing to check. */
	enum cmd_result (*preflight)(struct scan *s);
	/* Feeds the changes it judges to s->src and sets s->cover: 0, or -1
	 * with the message in the error slot. */
	int (*judge)(struct scan *s);
	/* What it tells the person it blocked; NULL: a command run by hand,
	 * whose report goes to stdout and names no ways out. */
	const struct block_advice *advice;
};

/* The state of one scan. The driver owns every member; modes read them. */
struct scan {
	const struct options *o;
	const struct scan_mode *mode;
	const char *rev;		/* the revision of check --all / --history, baseline write */
	int no_baseline_file;		/* do not read the baseline (baseline write makes one) */

	git_repository *repo;		/* NULL when the mode has none */
	git_index *index;		/* the index a mode opened, freed with the scan */
	struct ref_lines updates;	/* what read_input read */
	struct config cfg;
	struct source src;
	int cover;			/* COVER_*: what the coverage line says */

	/* after scan_judge(): the source's result, and why it failed */
	int rc;
	struct buf failure;

	struct baseline bl;
	char *bl_path;
	struct analyzer *analyzer;
	struct autonaming_cache *autonaming;	/* Pulumi.yaml settings, per tree */
	struct module_cache *modules;	/* texts of modules read, by blob id */
	struct pool *pool;		/* NULL: analyse on this thread */
	struct finding_list findings;
};

/* Prepare `s` for `mode`, run with `o` (both borrowed for the scan's life). */
void scan_init(struct scan *s, const struct options *o, const struct scan_mode *mode);

/*
 * Everything before judging: the mode's input, the repository, its
 * preflight, a client's switch, the configuration, the server's skip
 * option, the baseline, the analyzer. Returns 0 to go on, or 1 when the
 * scan ends here with *res (a skip, an error already said on stderr).
 */
int scan_start(struct scan *s, enum cmd_result *res);

/* Run the mode's judge and wait for the analysis; sets s->rc and s->failure. */
void scan_judge(struct scan *s);

/* Apply the baseline, write the report and the coverage line; the result. */
enum cmd_result scan_report(struct scan *s);

/* Free what the scan holds (not the struct). */
void scan_release(struct scan *s);

/* The whole of it: start, judge, report, release. */
enum cmd_result scan_run(const struct options *o, const struct scan_mode *mode);

/*
 * The baseline file's path for `cfg`: absolute as configured, else at the
 * top of the work tree (a client), or in the repository's directory (the
 * server, a bare repository). NULL when baseline is empty. Owned by the
 * caller.
 */
char *scan_baseline_path(const struct config *cfg, git_repository *repo, int server);

/* The judge of pre-commit and check --staged: the index against HEAD. */
int scan_staged(struct scan *s);

#endif
