/*
 * stackgate: the command line. Parses arguments, loads the configuration,
 * picks a source, runs the analysis on every change, reports, and maps
 * the outcome to the exit status (the only place that exits).
 */
#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "config.h"
#include "finding.h"
#include "hookin.h"
#include "report.h"
#include "source.h"
#include "util.h"

#define STACKGATE_VERSION "0.1.0"

enum {
	EXIT_OK = 0,
	EXIT_BLOCK = 1,
	EXIT_USAGE = 2,
	EXIT_INCOMPLETE = 3,
};

struct options {
	const char *cmd;
	const char *config;
	const char *output;
	enum report_format format;
	int no_color, quiet, staged, files;
	char **args;
	int nr_args;
};

static const char usage_text[] =
	"usage: stackgate <command> [options]\n"
	"\n"
	"  check --staged           judge the index against HEAD (what pre-commit runs)\n"
	"  check REV_RANGE...       judge every commit in A..B, or one commit C\n"
	"  check --files PATH...    judge plain files, no git (every line counts)\n"
	"  pre-commit               hook entry: = check --staged\n"
	"  pre-push REMOTE URL      hook entry: ref lines on stdin\n"
	"  pre-receive              hook entry: \"<old> <new> <ref>\" lines on stdin\n"
	"  rules                    list rules: id, severity, one-line summary\n"
	"  explain RULE             what a rule catches, why, examples, how to tune it\n"
	"\n"
	"options: --config FILE  --format text|json  --output FILE  --no-color  -q\n"
	"exit: 0 nothing blocking, 1 blocking findings, 2 usage or configuration error,\n"
	"      3 scan incomplete (unreadable repository, missing object, grammar failure)\n";

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "stackgate: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n\n%s", usage_text);
	return EXIT_USAGE;
}

static int parse_args(struct options *o, int argc, char **argv)
{
	int i;

	memset(o, 0, sizeof(*o));
	if (argc < 2)
		return usage_error("%s", "missing command");
	o->cmd = argv[1];
	o->args = xcalloc((size_t)argc, sizeof(char *));
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--config") || !strcmp(a, "--format") || !strcmp(a, "--output")) {
			if (i + 1 >= argc)
				return usage_error("option '%s' needs a value", a);
			if (!strcmp(a, "--config"))
				o->config = argv[++i];
			else if (!strcmp(a, "--output"))
				o->output = argv[++i];
			else if (!strcmp(argv[++i], "json"))
				o->format = FORMAT_JSON;
			else if (!strcmp(argv[i], "text"))
				o->format = FORMAT_TEXT;
			else
				return usage_error("unknown format '%s' (use text or json)", argv[i]);
		} else if (!strncmp(a, "--config=", 9)) {
			o->config = a + 9;
		} else if (!strncmp(a, "--output=", 9)) {
			o->output = a + 9;
		} else if (!strncmp(a, "--format=", 9)) {
			if (!strcmp(a + 9, "json"))
				o->format = FORMAT_JSON;
			else if (!strcmp(a + 9, "text"))
				o->format = FORMAT_TEXT;
			else
				return usage_error("unknown format '%s' (use text or json)", a + 9);
		} else if (!strcmp(a, "--no-color") || !strcmp(a, "--no-colour")) {
			o->no_color = 1;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			o->quiet = 1;
		} else if (!strcmp(a, "--staged") || !strcmp(a, "--cached")) {
			o->staged = 1;
		} else if (!strcmp(a, "--files")) {
			o->files = 1;
		} else if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				o->args[o->nr_args++] = argv[i];
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option '%s'", a);
		} else {
			o->args[o->nr_args++] = argv[i];
		}
	}
	return 0;
}

/* Top of the work tree of the repository around the current directory. */
static char *discover_workdir(void)
{
	git_repository *repo = NULL;
	char *dir = NULL;

	if (git_repository_open_ext(&repo, ".", 0, NULL) == 0 && git_repository_workdir(repo))
		dir = xstrdup(git_repository_workdir(repo));
	git_repository_free(repo);
	git_error_clear();
	return dir;
}

static int file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/*
 * Client modes: --config, else $STACKGATE_CONFIG, else .stackgate.ini at
 * the top of the work tree, over the embedded defaults. The server: only
 * --config or stackgate.ini in the repository's own directory.
 */
static int load_config(struct config *cfg, const struct options *o, git_repository *repo, int server)
{
	struct buf path = BUF_INIT;
	const char *env = getenv("STACKGATE_CONFIG");
	char *workdir = NULL;
	int rc = 0;

	if (config_init_defaults(cfg) < 0)
		return -1;
	if (o->config) {
		rc = config_load_file(cfg, o->config);
	} else if (server) {
		buf_printf(&path, "%sstackgate.ini", git_repository_path(repo));
		if (file_exists(path.ptr))
			rc = config_load_file(cfg, path.ptr);
	} else if (env && *env) {
		rc = config_load_file(cfg, env);
	} else {
		if (repo && git_repository_workdir(repo))
			workdir = xstrdup(git_repository_workdir(repo));
		else if (!repo)
			workdir = discover_workdir();
		if (workdir) {
			buf_printf(&path, "%s.stackgate.ini", workdir);
			if (file_exists(path.ptr))
				rc = config_load_file(cfg, path.ptr);
		}
	}
	if (rc == 0)
		rc = config_compile(cfg);
	free(workdir);
	buf_release(&path);
	return rc;
}

struct run {
	struct analyzer *analyzer;
	struct finding_list findings;
	int quiet;
};

static int on_change(const struct change *c, void *data)
{
	struct run *r = data;
	uint32_t syntax_line = 0;

	if (analyze_change(r->analyzer, c, &r->findings, &syntax_line) < 0)
		return -1;
	if (syntax_line && !r->quiet) {
		struct buf b = BUF_INIT;

		buf_add_escaped(&b, c->path, strlen(c->path));
		fprintf(stderr, "stackgate: note: '%s'%s%.12s has syntax errors from line %u; "
			"judged what parses\n", b.ptr, c->commit ? " in " : "", c->commit ? c->commit : "",
			syntax_line);
		buf_release(&b);
	}
	return 0;
}

static int cmd_rules(const struct options *o)
{
	struct config cfg;
	int i;
	size_t p;

	if (load_config(&cfg, o, NULL, 0) < 0) {
		fprintf(stderr, "stackgate: error: %s\n", error_last());
		config_release(&cfg);
		return EXIT_USAGE;
	}
	for (i = 0; i < RULE__COUNT; i++)
		printf("%-22s %-10s %s\n", rule_name((enum rule_id)i),
		       severity_name(cfg.rules[i].severity), rule_summary((enum rule_id)i));
	for (p = 0; p < cfg.nr_patterns; p++) {
		const struct pattern *pt = &cfg.patterns[p];

		if (pt->rule)
			continue;	/* reported under its built-in rule */
		printf("%-22s %-10s %s (pattern)\n", pt->name, severity_name(pt->severity),
		       pt->message ? pt->message : pt->regex);
	}
	config_release(&cfg);
	return EXIT_OK;
}

static int cmd_explain(const struct options *o)
{
	enum rule_id id;

	if (o->nr_args != 1)
		return usage_error("%s", "explain needs one rule id (see `stackgate rules`)");
	if (rule_lookup(o->args[0], &id) < 0)
		return usage_error("unknown rule '%s' (see `stackgate rules`)", o->args[0]);
	printf("%s: %s\n\n%s", rule_defs[id]->id, rule_defs[id]->summary, rule_defs[id]->explain);
	printf("\nSuppress or tune it in the INI:\n  [rule \"%s\"]\n  severity = advisory    ; or disabled\n"
	       "  exclude = test/**      ; paths where it does not apply\n", rule_defs[id]->id);
	return EXIT_OK;
}

/* The commits a push brings: reachable from the new ids, not from `hide`. */
static int push_walk(struct source *s, git_repository *repo, const struct ref_lines *lines,
		     int pre_push, const char *remote)
{
	git_revwalk *walk = NULL;
	size_t i;
	int pushed = 0, rc = -1;

	if (git_revwalk_new(&walk, repo) < 0) {
		error("cannot walk the commits: %s", git_error_last() ? git_error_last()->message : "");
		goto out;
	}
	for (i = 0; i < lines->nr; i++) {
		const struct ref_line *l = &lines->items[i];
		git_object *obj = NULL, *c = NULL;
		char hex[GIT_OID_HEXSZ + 1];

		if (git_oid_is_zero(&l->new))
			continue;	/* a deletion brings nothing */
		git_oid_tostr(hex, sizeof(hex), &l->new);
		if (git_object_lookup(&obj, repo, &l->new, GIT_OBJECT_ANY) < 0) {
			error("cannot read pushed object '%.12s' for '%s' (missing or corrupt object)", hex, l->ref);
			goto out;
		}
		/* a tag of a tree or blob brings no commits */
		if (git_object_peel(&c, obj, GIT_OBJECT_COMMIT) == 0) {
			if (git_revwalk_push(walk, git_object_id(c)) < 0) {
				git_object_free(c);
				git_object_free(obj);
				error("cannot walk from '%.12s': %s", hex, git_error_last()->message);
				goto out;
			}
			pushed = 1;
		}
		git_object_free(c);
		git_object_free(obj);
		if (pre_push && !git_oid_is_zero(&l->old)) {
			git_object *old = NULL;

			/* the remote's tip, when we have it, is already there */
			if (git_object_lookup(&old, repo, &l->old, GIT_OBJECT_COMMIT) == 0)
				git_revwalk_hide(walk, &l->old);
			git_object_free(old);
			git_error_clear();
		}
	}
	if (!pushed) {
		rc = 0;
		goto out;
	}
	if (pre_push) {
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
	git_revwalk_free(walk);
	return rc;
}

static int cmd_scan(const struct options *o, enum report_mode mode)
{
	struct config cfg;
	struct source src;
	struct run run;
	struct report_opts ro;
	struct ref_lines lines = REF_LINES_INIT;
	git_repository *repo = NULL;
	git_index *index = NULL;
	FILE *out = NULL;
	int rc = -1, status = EXIT_INCOMPLETE, need_repo, cover = COVER_COMMITS;

	memset(&cfg, 0, sizeof(cfg));
	memset(&src, 0, sizeof(src));
	memset(&run, 0, sizeof(run));
	memset(&ro, 0, sizeof(ro));
	need_repo = !(mode == MODE_CHECK && o->files);

	if (mode == MODE_CHECK && !o->staged && !o->files && !o->nr_args)
		return usage_error("%s", "check needs --staged, --files PATH... or a commit range");
	if (mode == MODE_CHECK && o->staged + o->files + (o->nr_args && !o->files) > 1)
		return usage_error("%s", "give one of --staged, --files PATH... or commit ranges");
	if (mode == MODE_CHECK && o->staged && o->nr_args)
		return usage_error("%s", "--staged takes no arguments");

	/* hooks read stdin first: git waits for us to consume it */
	if (mode == MODE_PRE_RECEIVE || mode == MODE_PRE_PUSH) {
		if (hookin_read(&lines, stdin, mode == MODE_PRE_PUSH) < 0) {
			fprintf(stderr, "stackgate: error: %s\n"
				"stackgate: scan incomplete: the hook input could not be read; blocking\n",
				error_last());
			goto done;
		}
	}
	if (need_repo && source_open_repo(&repo) < 0) {
		fprintf(stderr, "stackgate: error: %s\n"
			"stackgate: scan incomplete: nothing was judged; blocking\n", error_last());
		goto done;
	}
	if (load_config(&cfg, o, repo, mode == MODE_PRE_RECEIVE) < 0) {
		fprintf(stderr, "stackgate: configuration error: %s\n", error_last());
		status = EXIT_USAGE;
		goto done;
	}

	run.analyzer = analyzer_new(&cfg);
	run.quiet = o->quiet;
	src.cfg = &cfg;
	src.fn = on_change;
	src.data = &run;
	src.quiet = o->quiet;

	if (mode == MODE_PRE_COMMIT || (mode == MODE_CHECK && o->staged)) {
		cover = COVER_STAGED;
		if (git_repository_is_bare(repo)) {
			error("'check --staged' needs a work tree; this repository is bare");
		} else if (source_open_index(repo, &index) == 0) {
			rc = source_staged(&src, repo, index);
		}
	} else if (mode == MODE_CHECK && o->files) {
		cover = COVER_FILES;
		if (!o->nr_args)
			error("--files needs at least one path");
		else
			rc = source_files(&src, o->args, o->nr_args);
	} else if (mode == MODE_CHECK) {
		rc = source_ranges(&src, repo, o->args, o->nr_args);
	} else {
		rc = push_walk(&src, repo, &lines, mode == MODE_PRE_PUSH,
			       o->nr_args ? o->args[0] : "origin");
	}

	ro.format = o->format;
	ro.mode = mode;
	ro.quiet = o->quiet;
	ro.config_source = cfg.source;
	ro.complete = rc == 0;
	ro.failure = rc == 0 ? NULL : error_last();
	if (o->output) {
		out = fopen(o->output, "w");
		if (!out) {
			fprintf(stderr, "stackgate: error: cannot write '%s': %s\n", o->output, strerror(errno));
			status = EXIT_USAGE;
			goto done;
		}
	} else {
		out = (mode == MODE_CHECK) ? stdout : stderr;
	}
	ro.color = !o->no_color && !o->output && !getenv("NO_COLOR") && isatty(fileno(out));
	report_write(out, &run.findings, &src.stats, &ro);
	report_coverage(&src.stats, cover);
	if (rc < 0 && o->format == FORMAT_JSON && out != stderr)
		fprintf(stderr, "stackgate: scan incomplete: %s; blocking\n", error_last());
	if (rc < 0)
		status = EXIT_INCOMPLETE;
	else
		status = findings_count(&run.findings, SEV_MANDATORY) ? EXIT_BLOCK : EXIT_OK;
done:
	if (out && out != stdout && out != stderr && fclose(out) != 0) {
		fprintf(stderr, "stackgate: error: cannot write '%s'\n", o->output);
		status = EXIT_USAGE;
	}
	hookin_release(&lines);
	findings_release(&run.findings);
	analyzer_free(run.analyzer);
	git_index_free(index);
	git_repository_free(repo);
	config_release(&cfg);
	return status;
}

int main(int argc, char **argv)
{
	struct options o;
	int status;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("stackgate %s\n", STACKGATE_VERSION);
		return EXIT_OK;
	}
	status = parse_args(&o, argc, argv);
	if (status) {
		free(o.args);
		return status;
	}
	git_libgit2_init();
	if (!strcmp(o.cmd, "check"))
		status = cmd_scan(&o, MODE_CHECK);
	else if (!strcmp(o.cmd, "pre-commit"))
		status = cmd_scan(&o, MODE_PRE_COMMIT);
	else if (!strcmp(o.cmd, "pre-push"))
		status = cmd_scan(&o, MODE_PRE_PUSH);
	else if (!strcmp(o.cmd, "pre-receive"))
		status = cmd_scan(&o, MODE_PRE_RECEIVE);
	else if (!strcmp(o.cmd, "rules"))
		status = cmd_rules(&o);
	else if (!strcmp(o.cmd, "explain"))
		status = cmd_explain(&o);
	else
		status = usage_error("unknown command '%s'", o.cmd);
	git_libgit2_shutdown();
	free(o.args);
	return status;
}
