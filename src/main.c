/*
 * stackgate: the command line. Parses arguments into `struct options`,
 * finds the command (the table below, or a hook of cmd/hooks.c), runs it,
 * and maps its result to the exit status (the only place that exits).
 */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/hooks.h"
#include "base/util.h"

#include "base/version.h"

static const char usage_head[] =
	"usage: stackgate <command> [options]\n"
	"\n";

static const char usage_tail[] =
	"\n"
	"options: --config FILE  --format text|json|sarif  --output FILE  -q  --no-baseline\n"
	"         --color=auto|always|never (auto: a terminal, not TERM=dumb, no NO_COLOR)\n"
	"exit: 0 nothing blocking, 1 blocking findings, 2 usage or configuration error,\n"
	"      3 scan incomplete (unreadable repository, missing object, grammar failure,\n"
	"        or a limit that on_limit = block makes blocking)\n"
	"\n"
	"`stackgate COMMAND --help` describes one command; `man stackgate` all of them.\n";

/* The commands run by hand; the hooks (cmd/hooks.c) are listed after check. */
static const struct command {
	const char *name;
	enum cmd_result (*fn)(const struct options *o);
	const char *synopsis;	/* its lines in `stackgate --help` */
	const char *help;	/* `stackgate NAME --help` */
} commands[] = {
	{ "check", cmd_check,
	  "  check --staged           judge the index against HEAD (what pre-commit runs)\n"
	  "  check REV_RANGE...       judge every commit in A..B, or one commit C\n"
	  "  check --all [REV]        judge every line of the tree at REV (default HEAD)\n"
	  "  check --files PATH...    judge plain files, no git (every line counts)\n"
	  "  check --history [REV]    judge every commit reachable from REV (default HEAD),\n"
	  "                           the root commit included\n",
	  "usage: stackgate check --staged | --all [REV] | --history [REV] | --files PATH... |\n"
	  "                       REV_RANGE... [options]\n\n"
	  "Judge what a change adds. --staged: the index (GIT_INDEX_FILE) against HEAD, the empty\n"
	  "tree on a first commit. REV_RANGE: every commit of A..B (A...B, or one commit C), each\n"
	  "against its first parent; a merge on what none of its parents has. --all: every line\n"
	  "of the tree at REV, for audits. --history: every commit reachable from REV (default\n"
	  "HEAD), the root commit against the empty tree: the whole history, as gitleaks scans.\n"
	  "--files: plain files or directories, every line. A revision git cannot resolve is a\n"
	  "usage error (exit 2).\n"
	  "Report on stdout; the coverage line on stderr. Exit 0, 1 (blocking), 2, 3.\n" },
	{ "baseline", cmd_baseline,
	  "  baseline write [REV]     record the findings of the tree at REV as known\n"
	  "  baseline add --staged    add the staged change's new findings to the baseline\n",
	  "usage: stackgate baseline write [REV] [--output FILE]\n"
	  "       stackgate baseline add --staged | REV_RANGE... [--output FILE]\n\n"
	  "write: judge every line of the tree at REV (default HEAD) and record the findings in\n"
	  ".stackgate-baseline.json at the top of the work tree (or FILE). add: judge the staged\n"
	  "change (or the commits of a range) and add the findings the baseline does not know\n"
	  "yet to it, keeping what it has: the one-shot way to accept what a blocked commit\n"
	  "found. Findings that match the baseline are reported as known and do not block.\n"
	  "Fingerprints are rule + path + the offending text, never line numbers.\n" },
	{ "rules", cmd_rules,
	  "  rules                    list rules: id, severity, one-line summary\n",
	  "usage: stackgate rules [--config FILE]\n\nList every rule with its severity.\n" },
	{ "explain", cmd_explain,
	  "  explain RULE             what a rule catches, why, examples, how to tune it\n",
	  "usage: stackgate explain RULE\n\nWhat RULE catches, why, examples, how to tune it.\n" },
	{ "facts", cmd_facts,
	  "  facts TYPE               what the provider says about a resource type (aws.s3.Bucket)\n",
	  "usage: stackgate facts [--config FILE] TYPE\n\n"
	  "What is known about resource TYPE (aws.s3.Bucket): its physical-name inputs (auto-named\n"
	  "or required, parent-scoped), secret inputs (nested ones as paths), name limits, each\n"
	  "with where it came from (the pinned @pulumi/aws, gen/aws-facts-curated.txt), and the\n"
	  "names the configuration adds or removes. Exit 0, or 2 when nothing is known about TYPE.\n" },
};

static void print_usage(FILE *out)
{
	size_t i, h;

	fputs(usage_head, out);
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		fputs(commands[i].synopsis, out);
		if (commands[i].fn != cmd_check)
			continue;
		/* the hook entries follow check, which they run */
		for (h = 0; h < nr_hook_modes; h++)
			fprintf(out, "  %-24s %s\n", hook_modes[h].usage, hook_modes[h].summary);
	}
	fputs(usage_tail, out);
}

/* The one place results become exit statuses (documented in --help and the man page). */
static int exit_status(enum cmd_result res)
{
	switch (res) {
	case CMD_OK:
		return 0;
	case CMD_BLOCKED:
		return 1;
	case CMD_USAGE:
		fputc('\n', stderr);
		print_usage(stderr);
		return 2;
	case CMD_ERROR:
		return 2;
	case CMD_INCOMPLETE:
		return 3;
	}
	return 3;
}

static enum cmd_result set_format(struct options *o, const char *v)
{
	if (!strcmp(v, "json"))
		o->format = FORMAT_JSON;
	else if (!strcmp(v, "text"))
		o->format = FORMAT_TEXT;
	else if (!strcmp(v, "sarif"))
		o->format = FORMAT_SARIF;
	else
		return cmd_usage_error("unknown format '%s' (use text, json or sarif)", v);
	return CMD_OK;
}

static enum cmd_result parse_args(struct options *o, int argc, char **argv)
{
	int i;

	memset(o, 0, sizeof(*o));
	if (argc < 2)
		return cmd_usage_error("%s", "missing command");
	o->cmd = argv[1];
	o->args = xcalloc((size_t)argc, sizeof(char *));
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--config") || !strcmp(a, "--format") || !strcmp(a, "--output")) {
			if (i + 1 >= argc)
				return cmd_usage_error("option '%s' needs a value", a);
			if (!strcmp(a, "--config"))
				o->config = argv[++i];
			else if (!strcmp(a, "--output"))
				o->output = argv[++i];
			else if (set_format(o, argv[++i]))
				return CMD_USAGE;
		} else if (!strncmp(a, "--config=", 9)) {
			o->config = a + 9;
		} else if (!strncmp(a, "--output=", 9)) {
			o->output = a + 9;
		} else if (!strncmp(a, "--format=", 9)) {
			if (set_format(o, a + 9))
				return CMD_USAGE;
		} else if (!strcmp(a, "--no-color") || !strcmp(a, "--no-colour")) {
			o->color = COLOR_NEVER;
		} else if (!strcmp(a, "--color") || !strcmp(a, "--colour")) {
			o->color = COLOR_ALWAYS;
		} else if (!strncmp(a, "--color=", 8) || !strncmp(a, "--colour=", 9)) {
			const char *v = strchr(a, '=') + 1;

			if (!strcmp(v, "auto"))
				o->color = COLOR_AUTO;
			else if (!strcmp(v, "always"))
				o->color = COLOR_ALWAYS;
			else if (!strcmp(v, "never"))
				o->color = COLOR_NEVER;
			else
				return cmd_usage_error("unknown --color value '%s' (use auto, always or never)", v);
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			o->quiet = 1;
		} else if (!strcmp(a, "--staged") || !strcmp(a, "--cached")) {
			o->staged = 1;
		} else if (!strcmp(a, "--files")) {
			o->files = 1;
		} else if (!strcmp(a, "--all")) {
			o->all = 1;
		} else if (!strcmp(a, "--history")) {
			o->history = 1;
		} else if (!strcmp(a, "--no-baseline")) {
			o->no_baseline = 1;
		} else if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				o->args[o->nr_args++] = argv[i];
		} else if (a[0] == '-' && a[1]) {
			return cmd_usage_error("unknown option '%s'", a);
		} else {
			o->args[o->nr_args++] = argv[i];
		}
	}
	return CMD_OK;
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static enum cmd_result command_help(const char *name)
{
	const struct command *c = find_command(name);
	const struct scan_mode *hook = hook_find(name);

	if (!c && !hook)
		return cmd_usage_error("unknown command '%s'", name);
	fputs(c ? c->help : hook->help, stdout);
	return CMD_OK;
}

int main(int argc, char **argv)
{
	struct options o;
	const struct command *c;
	const struct scan_mode *hook;
	enum cmd_result res;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))) {
		print_usage(stdout);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("stackgate %s\n", STACKGATE_VERSION);
		return 0;
	}
	if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")))
		return exit_status(command_help(argv[1]));
	res = parse_args(&o, argc, argv);
	if (res != CMD_OK) {
		free(o.args);
		return exit_status(res);
	}
	git_libgit2_init();
	/*
	 * Every object is read about once: libgit2's object cache only costs
	 * memory (4 MiB of cache held 16 MiB of blobs at the 10,000-commit
	 * peak). The one object read twice, a file's version read as the new
	 * one and by the next commit as the old one, is kept by the source
	 * (source.h, kept). Small pack windows keep memory flat with history
	 * (2 MiB windows, 8 MiB mapped: 10,000 bench commits peak at 52 MiB
	 * instead of 60 with 4 and 16, in the same time). (Strict hash
	 * verification stays on: it is what refuses an object file that holds
	 * another object's content. pre-receive alone turns it off: git hashed
	 * every object it received, cmd/hooks.c.)
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)(2 << 20));
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)(8 << 20));
	if ((c = find_command(o.cmd)))
		res = c->fn(&o);
	else if ((hook = hook_find(o.cmd)))
		res = scan_run(&o, hook);
	else
		res = cmd_usage_error("unknown command '%s'", o.cmd);
	git_libgit2_shutdown();
	free(o.args);
	return exit_status(res);
}
