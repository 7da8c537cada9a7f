/*
 * stackgate: the command line. Parses arguments, loads the configuration,
 * picks a source, runs the analysis on every change, reports, and maps
 * the outcome to the exit status (the only place that exits).
 */
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "lang/lang.h"
#include "model/autonaming.h"
#include "report/baseline.h"
#include "config/config.h"
#include "base/finding.h"
#include "source/hookin.h"
#include "analyze/pool.h"
#include "report/report.h"
#include "source/source.h"
#include "base/util.h"

#include "base/version.h"

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
	enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color;
	int quiet, staged, files, all, history, no_baseline;
	char **args;
	int nr_args;
};

static const char usage_text[] =
	"usage: stackgate <command> [options]\n"
	"\n"
	"  check --staged           judge the index against HEAD (what pre-commit runs)\n"
	"  check REV_RANGE...       judge every commit in A..B, or one commit C\n"
	"  check --all [REV]        judge every line of the tree at REV (default HEAD)\n"
	"  check --files PATH...    judge plain files, no git (every line counts)\n"
	"  check --history [REV]    judge every commit reachable from REV (default HEAD),\n"
	"                           the root commit included\n"
	"  pre-commit               hook entry: = check --staged\n"
	"  pre-push REMOTE URL      hook entry: ref lines on stdin\n"
	"  pre-receive              hook entry: \"<old> <new> <ref>\" lines on stdin\n"
	"  baseline write [REV]     record the findings of the tree at REV as known\n"
	"  baseline add --staged    add the staged change's new findings to the baseline\n"
	"  rules                    list rules: id, severity, one-line summary\n"
	"  explain RULE             what a rule catches, why, examples, how to tune it\n"
	"\n"
	"options: --config FILE  --format text|json|sarif  --output FILE  -q  --no-baseline\n"
	"         --color=auto|always|never (auto: a terminal, not TERM=dumb, no NO_COLOR)\n"
	"exit: 0 nothing blocking, 1 blocking findings, 2 usage or configuration error,\n"
	"      3 scan incomplete (unreadable repository, missing object, grammar failure,\n"
	"        or a limit that on_limit = block makes blocking)\n"
	"\n"
	"`stackgate COMMAND --help` describes one command; `man stackgate` all of them.\n";

static const struct {
	const char *cmd;
	const char *help;
} command_help[] = {
	{ "check",
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
	{ "pre-commit",
	  "usage: stackgate pre-commit [options]\n\n"
	  "The pre-commit hook: the same as check --staged, with the report on stderr.\n"
	  "SKIP=stackgate or `git config stackgate.enabled false` turn it off (with a notice).\n"
	  "Bypass once: git commit --no-verify. It judges the index, never a file list: under\n"
	  "the pre-commit framework `pre-commit run --all-files` still judges only the staged\n"
	  "change; `stackgate check --all` judges every file (CI).\n" },
	{ "pre-push",
	  "usage: stackgate pre-push REMOTE URL [options] < ref lines\n\n"
	  "The pre-push hook: judges the commits not yet on REMOTE (each against its first\n"
	  "parent), from \"<local-ref> <local-oid> <remote-ref> <remote-oid>\" lines on stdin.\n"
	  "SKIP=stackgate or `git config stackgate.enabled false` turn it off. Bypass once:\n"
	  "git push --no-verify.\n" },
	{ "pre-receive",
	  "usage: stackgate pre-receive [--config FILE] [options] < ref lines\n\n"
	  "The server's gate: judges the commits a push brings (reachable from the new ids and\n"
	  "from no existing ref) from \"<old> <new> <ref>\" lines on stdin, inside git's\n"
	  "quarantine. Only --config or stackgate.ini in the repository's directory count; a\n"
	  "configuration inside the pushed tree never does. Limits (max_commits, timeout_ms,\n"
	  "max_file_bytes) and failures block unless on_limit / on_error say allow.\n" },
	{ "baseline",
	  "usage: stackgate baseline write [REV] [--output FILE]\n"
	  "       stackgate baseline add --staged | REV_RANGE... [--output FILE]\n\n"
	  "write: judge every line of the tree at REV (default HEAD) and record the findings in\n"
	  ".stackgate-baseline.json at the top of the work tree (or FILE). add: judge the staged\n"
	  "change (or the commits of a range) and add the findings the baseline does not know\n"
	  "yet to it, keeping what it has: the one-shot way to accept what a blocked commit\n"
	  "found. Findings that match the baseline are reported as known and do not block.\n"
	  "Fingerprints are rule + path + the offending text, never line numbers.\n" },
	{ "rules", "usage: stackgate rules [--config FILE]\n\nList every rule with its severity.\n" },
	{ "explain", "usage: stackgate explain RULE\n\nWhat RULE catches, why, examples, how to tune it.\n" },
};

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "stackgate: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n\n%s", usage_text);
	return EXIT_USAGE;
}

static int set_format(struct options *o, const char *v)
{
	if (!strcmp(v, "json"))
		o->format = FORMAT_JSON;
	else if (!strcmp(v, "text"))
		o->format = FORMAT_TEXT;
	else if (!strcmp(v, "sarif"))
		o->format = FORMAT_SARIF;
	else
		return usage_error("unknown format '%s' (use text, json or sarif)", v);
	return 0;
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
			else if (set_format(o, argv[++i]))
				return EXIT_USAGE;
		} else if (!strncmp(a, "--config=", 9)) {
			o->config = a + 9;
		} else if (!strncmp(a, "--output=", 9)) {
			o->output = a + 9;
		} else if (!strncmp(a, "--format=", 9)) {
			if (set_format(o, a + 9))
				return EXIT_USAGE;
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
				return usage_error("unknown --color value '%s' (use auto, always or never)", v);
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
	/* a break-glass without a trail is no break-glass */
	if (rc == 0 && server && cfg->allow_skip_option && (!cfg->audit_log || !*cfg->audit_log))
		rc = error("%s: allow_skip_option = true needs audit_log: a push let through unjudged "
			   "must leave a record; set audit_log = /var/log/stackgate/skips.log (writable by "
			   "the user the hook runs as) or allow_skip_option = false",
			   cfg->skip_option_at ? cfg->skip_option_at : cfg->source);
	free(workdir);
	buf_release(&path);
	return rc;
}

struct run {
	struct analyzer *analyzer;
	struct autonaming_cache *autonaming;	/* Pulumi.yaml settings, per tree */
	struct pool *pool;		/* NULL: analyse on this thread */
	struct finding_list findings;
	struct source *src;
	int quiet;
};

/* Parsing ran out of time: a limit, not a failure; the source stops at its next check. */
static int out_of_time(struct run *r)
{
	snprintf(r->src->limit, sizeof(r->src->limit), "%s; the rest was not judged", error_last());
	r->src->deadline_ns = 1;
	return 0;
}

static int on_changeset(const struct changeset *cs, void *data)
{
	struct run *r = data;
	int rc;

	if (r->pool) {
		rc = pool_submit_changeset(r->pool, cs, r->autonaming, r->quiet);
		return rc > 0 ? out_of_time(r) : rc;
	}
	if (analyze_changeset(r->analyzer, cs, r->autonaming, r->quiet, &r->findings) < 0) {
		if (!analyzer_timed_out(r->analyzer))
			return -1;
		return out_of_time(r);
	}
	return 0;
}

/* Wait for the workers; their findings join the run's in order. */
static int finish_pool(struct run *r, int rc)
{
	struct pool_dropped dropped = { 0, 0, 0 };
	int prc;

	if (!r->pool)
		return rc;
	prc = pool_finish(r->pool, &r->findings, &dropped);
	r->pool = NULL;
	/* the coverage line counts only what was judged */
	r->src->stats.files -= dropped.files;
	r->src->stats.lines -= dropped.lines;
	r->src->stats.commits -= dropped.commits;
	if (r->src->stats.paths > r->src->stats.files)
		r->src->stats.paths = r->src->stats.files;
	if (prc > 0 && !r->src->limit[0])
		out_of_time(r);
	return rc < 0 ? rc : prc < 0 ? -1 : rc;
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

static void explain_ways_out(const char *name, const char *section)
{
	printf("\nSuppress one finding where it is intended: a comment on its line or on the line\n"
	       "above it (above a `new`, it covers the whole resource), with a reason:\n"
	       "  // stackgate:ignore %s -- why this is safe here [until=YYYY-MM-DD]\n"
	       "After its until= date it no longer suppresses. A server may refuse inline\n"
	       "suppressions ([general] allow_inline_ignore = false) and so may this rule\n"
	       "([%s \"%s\"] allow_inline_ignore = false).\n", name, section, name);
}

static int cmd_explain(const struct options *o)
{
	enum rule_id id;
	struct config cfg;
	const struct pattern *p;

	if (o->nr_args != 1)
		return usage_error("%s", "explain needs one rule id (see `stackgate rules`)");
	if (rule_lookup(o->args[0], &id) == 0) {
		printf("%s: %s\n\n%s", rule_defs[id]->id, rule_defs[id]->summary, rule_defs[id]->explain);
		printf("\nSuppress or tune it in the INI:\n  [rule \"%s\"]\n  severity = advisory    ; or disabled\n"
		       "  exclude = test/**      ; paths where it does not apply\n", rule_defs[id]->id);
		explain_ways_out(rule_defs[id]->id, "rule");
		return EXIT_OK;
	}
	/* a team's own [pattern "NAME"] is a rule too */
	if (load_config(&cfg, o, NULL, 0) < 0) {
		fprintf(stderr, "stackgate: error: %s\n", error_last());
		config_release(&cfg);
		return EXIT_USAGE;
	}
	p = config_pattern(&cfg, o->args[0]);
	if (!p || p->rule) {
		if (p)
			fprintf(stderr, "stackgate: '%s' is a token shape of rule '%s': see `stackgate "
				"explain %s`\n", o->args[0], p->rule, p->rule);
		else
			usage_error("unknown rule '%s' (see `stackgate rules`)", o->args[0]);
		config_release(&cfg);
		return EXIT_USAGE;
	}
	printf("%s: %s (a pattern rule of %s)\n\n", p->name, p->message ? p->message : p->regex, cfg.source);
	printf("Catches: a match of the regular expression\n  %s\non any added line of a file in scope, "
	       "comments included.\nSeverity: %s.\n", p->regex, severity_name(p->severity));
	printf("\nTune it in the INI:\n  [pattern \"%s\"]\n  severity = advisory    ; or disabled\n"
	       "  exclude = test/**      ; paths where it does not apply\n", p->name);
	explain_ways_out(p->name, "pattern");
	config_release(&cfg);
	return EXIT_OK;
}

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

/* The commits a push brings: reachable from the new ids, not from `hide`. */
static int push_walk(struct source *s, git_repository *repo, const struct ref_lines *lines,
		     int pre_push, const char *remote)
{
	git_revwalk *walk = NULL;
	struct push_ids ids;
	size_t i;
	int pushed = 0, rc = -1;

	memset(&ids, 0, sizeof(ids));
	ids.repo = repo;
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
		if (pre_push && !git_oid_is_zero(&l->old)) {
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
		if (git_reference_foreach_glob(repo, pre_push ? glob.ptr : "*", collect_hide, &ids) < 0)
			git_error_clear();
		buf_release(&glob);
		rc = source_walk_shallow(s, repo, ids.tips, ids.nr_tips, ids.hide, ids.nr_hide);
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
	free(ids.tips);
	free(ids.hide);
	git_revwalk_free(walk);
	return rc;
}

/* SKIP=a,stackgate,b (the pre-commit framework's convention). */
static int skip_env(void)
{
	const char *skip = getenv("SKIP");
	const char *p;

	if (!skip)
		return 0;
	for (p = skip; (p = strstr(p, "stackgate")); p += 9)
		if ((p == skip || p[-1] == ',' || p[-1] == ' ') && (!p[9] || p[9] == ',' || p[9] == ' '))
			return 1;
	return 0;
}

/* Client hooks only: is the hook switched off? Prints why. */
static int client_hook_off(git_repository *repo)
{
	git_config *gc = NULL;
	int enabled = 1;

	if (skip_env()) {
		fprintf(stderr, "stackgate: skipped: SKIP contains 'stackgate'; nothing was judged\n");
		return 1;
	}
	if (repo && git_repository_config_snapshot(&gc, repo) == 0 &&
	    git_config_get_bool(&enabled, gc, "stackgate.enabled") == 0 && !enabled) {
		git_config_free(gc);
		fprintf(stderr, "stackgate: skipped: git config stackgate.enabled is false; nothing was judged\n");
		return 1;
	}
	git_config_free(gc);
	git_error_clear();
	return 0;
}

/* The pusher's name as git servers pass it; *var is the variable it came from. */
static const char *pusher(const char **var)
{
	const char *vars[] = { "GL_USERNAME", "GITHUB_USER_LOGIN", "REMOTE_USER", "GITEA_PUSHER_NAME", "USER" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vars); i++)
		if (getenv(vars[i]) && *getenv(vars[i])) {
			*var = vars[i];
			return getenv(vars[i]);
		}
	*var = NULL;
	return "unknown";
}

/*
 * The pusher's address, where the transport gives one: git http-backend
 * runs with the web server's REMOTE_ADDR, sshd sets SSH_CONNECTION
 * ("client-ip client-port server-ip server-port") and SSH_CLIENT. NULL for
 * local pushes and platforms that pass none. *var names the variable.
 */
static char *pusher_address(const char **var)
{
	const char *vars[] = { "REMOTE_ADDR", "SSH_CONNECTION", "SSH_CLIENT" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vars); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v) {
			*var = vars[i];
			return xstrndup(v, strcspn(v, " "));
		}
	}
	*var = NULL;
	return NULL;
}

static void json_field(struct buf *b, const char *key, const char *value)
{
	buf_printf(b, ",\"%s\":", key);
	if (!value) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	buf_add_json(b, value, strlen(value));
	buf_putc(b, '"');
}

/* Append `line` to the audit log and fsync it: 0 once it is on disk. */
static int audit_append(const char *path, const char *line, size_t len)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	size_t done = 0;

	if (fd < 0)
		return error("cannot open audit_log '%s': %s", path, strerror(errno));
	/* one write per line: O_APPEND keeps concurrent pushes' lines whole */
	while (done < len) {
		ssize_t n = write(fd, line + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			error("cannot write audit_log '%s': %s", path, n < 0 ? strerror(errno) : "short write");
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	if (fsync(fd) < 0) {
		error("cannot sync audit_log '%s': %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) < 0)
		return error("cannot close audit_log '%s': %s", path, strerror(errno));
	return 0;
}

/*
 * git push -o stackgate.skip="reason": honoured only when the server's
 * INI allows it (and the pusher is listed), and only once the skip is
 * recorded: one JSON object per line in audit_log, written and fsynced
 * before anything says "skipped" (an INI that allows skipping without
 * audit_log does not load: see load_config()). Returns 1 when the push is
 * to be let through unjudged.
 */
static int push_option_skip(const struct config *cfg, const struct ref_lines *lines)
{
	const char *count = getenv("GIT_PUSH_OPTION_COUNT");
	const char *reason = NULL, *user_var, *addr_var, *user = pusher(&user_var);
	char *addr = NULL;
	int i, n = count ? atoi(count) : 0, ok = 0;
	struct buf log = BUF_INIT;
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	size_t k;

	for (i = 0; i < n && i < 1000; i++) {
		char name[32];
		const char *v;

		snprintf(name, sizeof(name), "GIT_PUSH_OPTION_%d", i);
		v = getenv(name);
		if (v && !strncmp(v, "stackgate.skip", 14) && (v[14] == '=' || !v[14]))
			reason = v[14] ? v + 15 : "";
	}
	if (!reason)
		return 0;
	if (!cfg->allow_skip_option) {
		fprintf(stderr, "stackgate: the push option stackgate.skip is not enabled on this server "
			"(allow_skip_option); the push is judged as usual\n");
		return 0;
	}
	if (cfg->skip_users.nr && !strlist_has(&cfg->skip_users, user)) {
		fprintf(stderr, "stackgate: user '%s' may not use stackgate.skip on this server; the push "
			"is judged as usual\n", user);
		return 0;
	}
	if (strlen(reason) < 10) {
		fprintf(stderr, "stackgate: stackgate.skip needs a reason of at least 10 characters "
			"(git push -o stackgate.skip=\"why\"); the push is judged as usual\n");
		return 0;
	}
	if (!cfg->audit_log || !*cfg->audit_log) {
		/* load_config() refuses such an INI; never skip without a trail */
		fprintf(stderr, "stackgate: stackgate.skip needs audit_log on this server; the push is "
			"judged as usual\n");
		return 0;
	}
	addr = pusher_address(&addr_var);
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_puts(&log, "{\"time\":");
	buf_printf(&log, "\"%s\"", when);
	json_field(&log, "event", "stackgate.skip");
	json_field(&log, "user", user);
	json_field(&log, "user_from", user_var);
	json_field(&log, "remote_addr", addr);
	json_field(&log, "remote_addr_from", addr_var);
	buf_puts(&log, ",\"refs\":[");
	for (k = 0; k < lines->nr; k++) {
		char old_hex[GIT_OID_HEXSZ + 1], new_hex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(old_hex, sizeof(old_hex), &lines->items[k].old);
		git_oid_tostr(new_hex, sizeof(new_hex), &lines->items[k].new);
		buf_puts(&log, k ? ",{\"ref\":\"" : "{\"ref\":\"");
		buf_add_json(&log, lines->items[k].ref, strlen(lines->items[k].ref));
		buf_printf(&log, "\",\"old\":\"%s\",\"new\":\"%s\"}", old_hex, new_hex);
	}
	buf_putc(&log, ']');
	json_field(&log, "reason", reason);
	buf_puts(&log, "}\n");
	if (audit_append(cfg->audit_log, log.ptr, log.len) < 0) {
		fprintf(stderr, "stackgate: %s; the skip is refused and the push is judged as usual\n",
			error_last());
		goto out;
	}
	{
		struct buf shown = BUF_INIT;

		buf_add_escaped(&shown, reason, strlen(reason));
		fprintf(stderr, "stackgate: SKIPPED by push option stackgate.skip: user %s (%s), %zu ref%s, "
			"reason \"%s\"; recorded in %s\n", user, user_var ? user_var : "no variable set",
			lines->nr, lines->nr == 1 ? "" : "s", shown.ptr ? shown.ptr : "", cfg->audit_log);
		buf_release(&shown);
	}
	ok = 1;
out:
	free(addr);
	buf_release(&log);
	return ok;
}

/* The baseline path: the work tree's top (client) or the repository's directory (server). */
static char *baseline_path(const struct config *cfg, git_repository *repo, int server)
{
	struct buf p = BUF_INIT;
	const char *base;

	if (!cfg->baseline || !*cfg->baseline)
		return NULL;
	if (cfg->baseline[0] == '/')
		return xstrdup(cfg->baseline);
	base = repo ? (server || !git_repository_workdir(repo) ? git_repository_path(repo)
							     : git_repository_workdir(repo)) : NULL;
	if (base)
		buf_puts(&p, base);
	buf_puts(&p, cfg->baseline);
	return buf_detach(&p);
}

/*
 * For the block message: the first blocking rule, and the first blocking
 * rule an inline stackgate:ignore may suppress (the server may refuse
 * them all, a rule or pattern may refuse them, and only files parsed as
 * code take comments).
 */
static void ways_out_rules(struct report_opts *ro, const struct finding_list *l, const struct config *cfg,
			   int server)
{
	size_t i;

	for (i = 0; i < l->nr && !ro->ignore_rule; i++) {
		const struct finding *f = &l->items[i];
		const struct pattern *p;
		enum rule_id id;
		int allowed = (!server || cfg->allow_inline_ignore) && lang_for_path(f->path);

		if (f->severity != SEV_MANDATORY || f->suppressed || f->baselined)
			continue;
		if (!ro->block_rule)
			ro->block_rule = f->rule;
		if (!rule_lookup(f->rule, &id))
			allowed = allowed && !cfg->rules[id].no_inline_ignore;
		else if ((p = config_pattern(cfg, f->rule)))
			allowed = allowed && !p->no_inline_ignore;
		if (allowed)
			ro->ignore_rule = f->rule;
	}
}

/* How many commits HEAD has (up to `cap`); 0 when it has none. */
static size_t count_commits(git_repository *repo, size_t cap)
{
	git_revwalk *walk = NULL;
	git_oid id;
	size_t n = 0;

	if (git_revwalk_new(&walk, repo) == 0 && git_revwalk_push_head(walk) == 0)
		while (n < cap && git_revwalk_next(&id, walk) == 0)
			n++;
	git_revwalk_free(walk);
	git_error_clear();
	return n;
}

/*
 * Every revision argument must name something: one git cannot resolve is
 * the user's mistake (exit 2, said as git says it), not an incomplete
 * scan. Other failures (a corrupt object) are left to the scan (exit 3).
 */
static int check_revisions(git_repository *repo, char **revs, int nr)
{
	int i;

	for (i = 0; i < nr; i++) {
		git_revspec spec;
		int err;

		memset(&spec, 0, sizeof(spec));
		err = git_revparse(&spec, repo, revs[i]);
		git_object_free(spec.from);
		git_object_free(spec.to);
		if (err == 0)
			continue;
		if (err != GIT_ENOTFOUND && err != GIT_EINVALIDSPEC && err != GIT_EAMBIGUOUS &&
		    err != GIT_EUNBORNBRANCH) {
			git_error_clear();
			continue;
		}
		git_error_clear();
		fprintf(stderr, "stackgate: ambiguous argument '%s': unknown revision or path not in the "
			"working tree\n", revs[i]);
		{
			size_t n = count_commits(repo, 1000000);

			if (!n)
				fprintf(stderr, "stackgate: HEAD has no commits yet; judge the index with: "
					"stackgate check --staged\n");
			else
				fprintf(stderr, "stackgate: HEAD has %zu commit%s; judge the whole history (the "
					"root commit included) with: stackgate check --history\n",
					n, n == 1 ? "" : "s");
		}
		return -1;
	}
	return 0;
}

/* Colour: --color=always|never decide; auto wants a terminal that is not
 * TERM=dumb, and no NO_COLOR (https://no-color.org: set and not empty). */
static int use_color(const struct options *o, FILE *out)
{
	const char *term = getenv("TERM"), *no = getenv("NO_COLOR");

	if (o->color != COLOR_AUTO)
		return o->color == COLOR_ALWAYS;
	if (o->output || (no && *no) || (term && !strcmp(term, "dumb")))
		return 0;
	return isatty(fileno(out));
}

enum baseline_cmd { BASELINE_NONE, BASELINE_WRITE, BASELINE_ADD };

static int cmd_scan(const struct options *o, enum report_mode mode, enum baseline_cmd write_baseline)
{
	struct config cfg;
	struct source src;
	struct run run;
	struct report_opts ro;
	struct ref_lines lines = REF_LINES_INIT;
	struct baseline bl = BASELINE_INIT;
	struct buf limit_note = BUF_INIT, failure = BUF_INIT;
	git_repository *repo = NULL;
	git_index *index = NULL;
	FILE *out = NULL;
	char *bl_path = NULL;
	const char *rev = "HEAD";
	int rc = -1, status = EXIT_INCOMPLETE, need_repo, cover = COVER_COMMITS, server, inline_ignore;

	memset(&cfg, 0, sizeof(cfg));
	memset(&src, 0, sizeof(src));
	memset(&run, 0, sizeof(run));
	memset(&ro, 0, sizeof(ro));
	server = mode == MODE_PRE_RECEIVE;
	need_repo = !(mode == MODE_CHECK && o->files);

	if (write_baseline == BASELINE_WRITE) {
		if (o->nr_args > 1)
			return usage_error("%s", "baseline write takes at most one revision");
		if (o->nr_args)
			rev = o->args[0];
	} else if (write_baseline == BASELINE_ADD) {
		if (o->files || o->all || o->history || (o->staged && o->nr_args) || (!o->staged && !o->nr_args))
			return usage_error("%s", "baseline add needs --staged or commit ranges");
	} else if (mode == MODE_CHECK) {
		int single = o->all || o->history;
		int kinds = o->staged + o->files + o->all + o->history + (o->nr_args && !o->files && !single);

		if (!kinds)
			return usage_error("%s", "check needs --staged, --all [REV], --history [REV], --files PATH... "
					   "or a commit range");
		if (o->staged + o->files + o->all + o->history > 1 || (o->staged && o->nr_args))
			return usage_error("%s", "give one of --staged, --all [REV], --history [REV], --files PATH... "
					   "or commit ranges");
		if (single && o->nr_args > 1)
			return usage_error("%s", o->all ? "--all takes at most one revision"
							: "--history takes at most one revision");
		if (single && o->nr_args)
			rev = o->args[0];
	}

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
	if (mode == MODE_CHECK && !o->files && !o->staged &&
	    check_revisions(repo, o->nr_args ? o->args : (char **)&rev, o->nr_args ? o->nr_args : 1) < 0) {
		status = EXIT_USAGE;
		goto done;
	}
	if ((mode == MODE_PRE_COMMIT || mode == MODE_PRE_PUSH) && client_hook_off(repo)) {
		status = EXIT_OK;
		goto done;
	}
	if (load_config(&cfg, o, repo, server) < 0) {
		fprintf(stderr, "stackgate: configuration error: %s\n", error_last());
		status = EXIT_USAGE;
		goto done;
	}
	if (server && push_option_skip(&cfg, &lines)) {
		status = EXIT_OK;
		goto done;
	}
	if (!o->no_baseline && write_baseline != BASELINE_WRITE) {
		bl_path = baseline_path(&cfg, repo, server);
		if (bl_path && baseline_load(&bl, bl_path) < 0) {
			fprintf(stderr, "stackgate: configuration error: %s\n", error_last());
			status = EXIT_USAGE;
			goto done;
		}
	}

	run.analyzer = analyzer_new(&cfg);
	run.autonaming = autonaming_cache_new();
	inline_ignore = !server ? INLINE_IGNORE_ALL : cfg.allow_inline_ignore ? INLINE_IGNORE_SERVER
									 : INLINE_IGNORE_NONE;
	analyzer_set_inline_ignore(run.analyzer, inline_ignore);
	run.quiet = o->quiet;
	src.cfg = &cfg;
	src.fn = on_changeset;
	src.data = &run;
	src.quiet = o->quiet;
	src.max_commits = cfg.max_commits;
	if (cfg.timeout_ms || (server && cfg.receive_timeout_ms)) {
		/* a server never waits without end (receive_timeout_ms) */
		size_t ms = cfg.timeout_ms ? cfg.timeout_ms : cfg.receive_timeout_ms;

		src.deadline_ns = now_ns() + (uint64_t)ms * 1000000u;
		analyzer_set_deadline(run.analyzer, src.deadline_ns);
	}
	run.src = &src;
	{
		const char *opt = getenv("STACKGATE_OPTIMIZE");
		int workers = opt && !strcmp(opt, "0") ? 0 : pool_default_workers();

		if (workers)
			run.pool = pool_new(&cfg, workers, inline_ignore, src.deadline_ns,
					    o->quiet);
	}

	if (write_baseline == BASELINE_WRITE || (mode == MODE_CHECK && o->all)) {
		cover = COVER_TREE;
		rc = source_tree(&src, repo, rev);
	} else if (mode == MODE_CHECK && o->history) {
		rc = source_history(&src, repo, rev);
	} else if (mode == MODE_PRE_COMMIT || (mode == MODE_CHECK && o->staged)) {
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
	rc = finish_pool(&run, rc);
	if (rc < 0)
		buf_puts(&failure, error_last());

	if (write_baseline == BASELINE_ADD) {
		struct buf path = BUF_INIT;
		size_t added = 0;
		char *p = o->output ? NULL : baseline_path(&cfg, repo, 0);

		buf_puts(&path, o->output ? o->output : p ? p : ".stackgate-baseline.json");
		free(p);
		if (rc < 0 || src.limit[0]) {
			fprintf(stderr, "stackgate: error: %s; nothing added to the baseline\n",
				rc < 0 ? failure.ptr : src.limit);
		} else if (baseline_apply(&bl, &run.findings),
			   baseline_add(path.ptr, &run.findings, o->staged ? "staged change" : o->args[0],
					&added) < 0) {
			fprintf(stderr, "stackgate: error: %s\n", error_last());
			status = EXIT_USAGE;
		} else {
			size_t i;

			for (i = 0; i < run.findings.nr; i++) {
				const struct finding *f = &run.findings.items[i];

				if (!f->suppressed && !f->baselined)
					fprintf(stderr, "stackgate: accepted %s:%u [%s] into the baseline\n",
						f->path, f->line, f->rule);
			}
			if (!added)
				fprintf(stderr, "stackgate: nothing new to add: %s already knows every finding\n",
					path.ptr);
			else if (git_repository_is_bare(repo))
				fprintf(stderr, "stackgate: added %zu finding%s to %s\n", added,
					added == 1 ? "" : "s", path.ptr);
			else
				fprintf(stderr, "stackgate: added %zu finding%s to %s; commit it with the change "
					"(git add %s), so the server and your team know them too\n", added,
					added == 1 ? "" : "s", path.ptr,
					!o->output && cfg.baseline && cfg.baseline[0] != '/' ? cfg.baseline : path.ptr);
			status = EXIT_OK;
		}
		report_coverage(&src.stats, cover);
		buf_release(&path);
		goto done;
	}
	if (write_baseline == BASELINE_WRITE) {
		struct buf path = BUF_INIT;

		if (rc < 0) {
			fprintf(stderr, "stackgate: error: %s; no baseline written\n", failure.ptr);
			goto done;
		}
		if (o->output)
			buf_puts(&path, o->output);
		else {
			char *p = baseline_path(&cfg, repo, 0);

			buf_puts(&path, p ? p : ".stackgate-baseline.json");
			free(p);
		}
		{
			git_object *obj = NULL;
			char hex[GIT_OID_HEXSZ + 1] = "";

			if (git_revparse_single(&obj, repo, rev) == 0)
				git_oid_tostr(hex, sizeof(hex), git_object_id(obj));
			git_object_free(obj);
			rc = baseline_write(path.ptr, &run.findings, hex[0] ? hex : rev);
		}
		if (rc < 0) {
			fprintf(stderr, "stackgate: error: %s\n", error_last());
			status = EXIT_USAGE;
		} else if (git_repository_is_bare(repo)) {
			/* nothing to commit: on a server the file is read where it is */
			fprintf(stderr, "stackgate: wrote %zu finding%s of %s to %s\n",
				run.findings.nr, run.findings.nr == 1 ? "" : "s", rev, path.ptr);
			status = EXIT_OK;
		} else {
			fprintf(stderr, "stackgate: wrote %zu finding%s of %s to %s; commit it to adopt it\n",
				run.findings.nr, run.findings.nr == 1 ? "" : "s", rev, path.ptr);
			status = EXIT_OK;
		}
		report_coverage(&src.stats, COVER_TREE);
		buf_release(&path);
		goto done;
	}

	baseline_apply(&bl, &run.findings);
	ro.format = o->format;
	ro.mode = mode;
	ro.quiet = o->quiet;
	ro.config_source = cfg.source;
	ro.contact = cfg.contact && *cfg.contact ? cfg.contact : NULL;
	ro.rules = cfg.rules;
	ro.nr_rules = cfg.nr_rules;
	ro.gitlab_web = server && getenv("GL_PROTOCOL") && !strcmp(getenv("GL_PROTOCOL"), "web");
	ro.complete = rc == 0 && !src.limit[0] && !src.nr_unjudged;
	if (rc < 0)
		ro.incomplete = failure.ptr;
	else if (src.limit[0])
		ro.incomplete = src.limit;
	else if (src.nr_unjudged)
		ro.incomplete = src.unjudged;
	if (rc < 0 && cfg.on_error && !strcmp(cfg.on_error, "allow")) {
		buf_printf(&limit_note, "scan incomplete (%s); allowed by on_error = allow", failure.ptr);
		ro.complete = 1;
	} else if (rc < 0) {
		ro.failure = failure.ptr;
	} else {
		int allow_error = cfg.on_error && !strcmp(cfg.on_error, "allow");
		int allow_limit = cfg.on_limit && !strcmp(cfg.on_limit, "allow");
		struct buf *into;

		/* a file in scope that could not be judged is a failure to judge it */
		if (src.nr_unjudged) {
			into = allow_error ? &limit_note : &failure;
			buf_printf(into, "%s%zu file%s in scope could not be judged (%s)", into->len ? "; " : "",
				   src.nr_unjudged, src.nr_unjudged == 1 ? "" : "s", src.unjudged);
			if (allow_error)
				buf_puts(into, "; allowed by on_error = allow");
			else
				buf_printf(into, " (on_error = block; make %s text, or set on_error = allow in %s)",
					   src.nr_unjudged == 1 ? "it" : "them", cfg.source);
		}
		if (src.limit[0]) {
			into = allow_limit ? &limit_note : &failure;
			buf_printf(into, "%slimit reached: %s", into->len ? "; " : "", src.limit);
			if (allow_limit)
				buf_puts(into, "; allowed by on_limit = allow");
			else
				buf_printf(into, " (on_limit = block; raise the limit in %s, or set on_limit = allow)",
					   cfg.source);
			if (!allow_limit && server && !cfg.timeout_ms && strstr(src.limit, "timeout_ms"))
				buf_printf(into, "; with timeout_ms = 0, pre-receive takes receive_timeout_ms "
					   "(%zu ms)", cfg.receive_timeout_ms);
		}
		if (failure.len) {
			ro.failure = failure.ptr;
		} else {
			ro.complete = 1;
		}
	}
	ro.limit_note = limit_note.len ? limit_note.ptr : NULL;
	ways_out_rules(&ro, &run.findings, &cfg, server);
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
	ro.color = use_color(o, out);
	report_write(out, &run.findings, &src.stats, &ro);
	report_coverage(&src.stats, cover);
	/* a report in a file (or in JSON/SARIF) is not what a person reads:
	 * why the exit status is 3 goes to stderr too */
	if (!ro.complete && (o->format != FORMAT_TEXT || o->output))
		fprintf(stderr, "stackgate: scan incomplete: %s; blocking\n", ro.failure);
	if (ro.limit_note && (o->format != FORMAT_TEXT || o->output))
		fprintf(stderr, "stackgate: warning: %s\n", ro.limit_note);
	if (!ro.complete)
		status = EXIT_INCOMPLETE;
	else
		status = findings_count(&run.findings, SEV_MANDATORY) ? EXIT_BLOCK : EXIT_OK;
done:
	if (out && out != stdout && out != stderr && fclose(out) != 0) {
		fprintf(stderr, "stackgate: error: cannot write '%s'\n", o->output);
		status = EXIT_USAGE;
	}
	free(bl_path);
	baseline_release(&bl);
	buf_release(&limit_note);
	buf_release(&failure);
	hookin_release(&lines);
	finish_pool(&run, 0);
	source_release(&src);
	findings_release(&run.findings);
	analyzer_free(run.analyzer);
	autonaming_cache_free(run.autonaming);
	git_index_free(index);
	git_repository_free(repo);
	config_release(&cfg);
	return status;
}

static int command_usage(const char *cmd)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(command_help); i++) {
		if (!strcmp(command_help[i].cmd, cmd)) {
			fputs(command_help[i].help, stdout);
			return EXIT_OK;
		}
	}
	return usage_error("unknown command '%s'", cmd);
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
	if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")))
		return command_usage(argv[1]);
	status = parse_args(&o, argc, argv);
	if (status) {
		free(o.args);
		return status;
	}
	git_libgit2_init();
	/*
	 * Every object is read about once: libgit2's object cache only costs
	 * memory, and small pack windows keep memory flat with history (2 MiB
	 * windows, 8 MiB mapped: 10,000 bench commits peak at 52 MiB instead of
	 * 60 with 4 and 16, in the same time). (Strict
	 * hash verification stays on: it is what refuses an object file that
	 * holds another object's content; turning it off saved 5%.)
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)(2 << 20));
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)(8 << 20));
	if (!strcmp(o.cmd, "check"))
		status = cmd_scan(&o, MODE_CHECK, BASELINE_NONE);
	else if (!strcmp(o.cmd, "pre-commit"))
		status = cmd_scan(&o, MODE_PRE_COMMIT, BASELINE_NONE);
	else if (!strcmp(o.cmd, "pre-push"))
		status = cmd_scan(&o, MODE_PRE_PUSH, BASELINE_NONE);
	else if (!strcmp(o.cmd, "pre-receive"))
		status = cmd_scan(&o, MODE_PRE_RECEIVE, BASELINE_NONE);
	else if (!strcmp(o.cmd, "baseline")) {
		if (!o.nr_args || (strcmp(o.args[0], "write") && strcmp(o.args[0], "add"))) {
			status = usage_error("%s", "usage: stackgate baseline write [REV] | add --staged | add REV_RANGE...");
		} else {
			enum baseline_cmd bc = strcmp(o.args[0], "write") ? BASELINE_ADD : BASELINE_WRITE;

			o.args++;
			o.nr_args--;
			status = cmd_scan(&o, MODE_CHECK, bc);
			o.args--;
		}
	}
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
