#ifndef STACKGATE_CMD_H
#define STACKGATE_CMD_H

/*
 * Commands: one file per command (cmd_*.c), the hook table (hooks.c)
 * and the scan driver they share (scan.h). main.c parses the command
 * line into `struct options`, runs a command, and maps its result to the
 * exit status; no command exits.
 */

#include <git2.h>

#include "config/config.h"
#include "report/report.h"

/* What a command came to; main() alone turns it into an exit status. */
enum cmd_result {
	CMD_OK,			/* 0: nothing blocking */
	CMD_BLOCKED,		/* 1: blocking findings */
	CMD_USAGE,		/* 2: a bad command line; main() adds the usage text */
	CMD_ERROR,		/* 2: a configuration error, an output that cannot be written */
	CMD_INCOMPLETE,		/* 3: the scan could not judge everything in scope */
};

/* The command line, as main() parsed it; everything is borrowed from argv. */
struct options {
	const char *cmd;
	const char *config;
	const char *output;
	enum report_format format;
	enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color;
	int quiet, staged, files, all, history, no_baseline;
	char **args;		/* the operands, options removed; owned by main() */
	int nr_args;
};

/*
 * Say "stackgate: " and the message (`fmt` takes `arg`) on stderr, for a
 * command line that is wrong. Returns CMD_USAGE (main() prints the usage
 * text after it).
 */
enum cmd_result cmd_usage_error(const char *fmt, const char *arg);

/*
 * The configuration a command runs with, into `cfg` (which the caller
 * releases with config_release() whatever this returns). A client:
 * --config, else $STACKGATE_CONFIG, else .stackgate.ini at the top of the
 * work tree (of `repo`, or the one around the current directory when
 * `repo` is NULL), over the embedded defaults. The server: only --config
 * or stackgate.ini in the repository's own directory. Returns 0, or -1
 * with the message in the error slot.
 */
int cmd_load_config(struct config *cfg, const struct options *o, git_repository *repo, int server);

enum cmd_result cmd_check(const struct options *o);
enum cmd_result cmd_baseline(const struct options *o);
enum cmd_result cmd_rules(const struct options *o);
enum cmd_result cmd_explain(const struct options *o);
enum cmd_result cmd_facts(const struct options *o);

#endif
