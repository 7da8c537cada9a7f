/*
 * The scan driver (scan.h): what check, baseline and every hook share,
 * from the mode's input to the result.
 */
#include "cmd/scan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze/pool.h"
#include "lang/lang.h"
#include "model/autonaming.h"
#include "source/modules.h"
#include "policy/skip.h"
#include "base/util.h"

void scan_init(struct scan *s, const struct options *o, const struct scan_mode *mode)
{
	memset(s, 0, sizeof(*s));
	s->o = o;
	s->mode = mode;
	s->rev = "HEAD";
	s->cover = COVER_COMMITS;
}

/* Parsing ran out of time: a limit, not a failure; the source stops at its next check. */
static int out_of_time(struct scan *s)
{
	snprintf(s->src.limit, sizeof(s->src.limit), "%s; the rest was not judged", error_last());
	s->src.deadline_ns = 1;
	return 0;
}

static int on_changeset(const struct changeset *cs, void *data)
{
	struct scan *s = data;
	int rc;

	if (s->pool) {
		rc = pool_submit_changeset(s->pool, cs, s->autonaming, s->modules, s->o->quiet);
		return rc > 0 ? out_of_time(s) : rc;
	}
	if (analyze_changeset(s->analyzer, cs, s->autonaming, s->modules, s->o->quiet, &s->findings) < 0) {
		if (!analyzer_timed_out(s->analyzer))
			return -1;
		return out_of_time(s);
	}
	return 0;
}

/* Wait for the workers; their findings join the scan's in order. */
static int finish_pool(struct scan *s, int rc)
{
	struct pool_dropped dropped = { 0, 0, 0 };
	int prc;

	if (!s->pool)
		return rc;
	prc = pool_finish(s->pool, &s->findings, &dropped);
	s->pool = NULL;
	/* the coverage line counts only what was judged */
	s->src.stats.files -= dropped.files;
	s->src.stats.lines -= dropped.lines;
	s->src.stats.commits -= dropped.commits;
	if (s->src.stats.paths > s->src.stats.files)
		s->src.stats.paths = s->src.stats.files;
	if (prc > 0 && !s->src.limit[0])
		out_of_time(s);
	return rc < 0 ? rc : prc < 0 ? -1 : rc;
}

char *scan_baseline_path(const struct config *cfg, git_repository *repo, int server)
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

int scan_start(struct scan *s, enum cmd_result *res)
{
	const struct scan_mode *m = s->mode;
	const struct options *o = s->o;
	int server = m->server, inline_ignore;

	*res = CMD_INCOMPLETE;
	/* hooks read their input first: git waits for us to consume it */
	if (m->read_input && m->read_input(&s->updates, o->args, o->nr_args, stdin) < 0) {
		fprintf(stderr, "stackgate: error: %s\n"
			"stackgate: scan incomplete: the hook input could not be read; blocking\n",
			error_last());
		return 1;
	}
	if (!m->no_repo && source_open_repo(&s->repo) < 0) {
		fprintf(stderr, "stackgate: error: %s\n"
			"stackgate: scan incomplete: nothing was judged; blocking\n", error_last());
		return 1;
	}
	if (m->preflight && (*res = m->preflight(s)) != CMD_OK)
		return 1;
	if (m->client_skip && skip_client_hook(s->repo)) {
		*res = CMD_OK;
		return 1;
	}
	if (cmd_load_config(&s->cfg, o, s->repo, server) < 0) {
		fprintf(stderr, "stackgate: configuration error: %s\n", error_last());
		*res = CMD_ERROR;
		return 1;
	}
	if (server && skip_push_option(&s->cfg, &s->updates)) {
		*res = CMD_OK;
		return 1;
	}
	if (!o->no_baseline && !s->no_baseline_file) {
		s->bl_path = scan_baseline_path(&s->cfg, s->repo, server);
		if (s->bl_path && baseline_load(&s->bl, s->bl_path) < 0) {
			fprintf(stderr, "stackgate: configuration error: %s\n", error_last());
			*res = CMD_ERROR;
			return 1;
		}
	}

	s->analyzer = analyzer_new(&s->cfg);
	s->autonaming = autonaming_cache_new();
	s->modules = module_cache_new();
	inline_ignore = !server ? INLINE_IGNORE_ALL : s->cfg.allow_inline_ignore ? INLINE_IGNORE_SERVER
									     : INLINE_IGNORE_NONE;
	analyzer_set_inline_ignore(s->analyzer, inline_ignore);
	s->src.cfg = &s->cfg;
	s->src.fn = on_changeset;
	s->src.data = s;
	s->src.quiet = o->quiet;
	s->src.max_commits = s->cfg.max_commits;
	if (s->cfg.timeout_ms || (server && s->cfg.receive_timeout_ms)) {
		/* a server never waits without end (receive_timeout_ms) */
		size_t ms = s->cfg.timeout_ms ? s->cfg.timeout_ms : s->cfg.receive_timeout_ms;

		s->src.deadline_ns = now_ns() + (uint64_t)ms * 1000000u;
		analyzer_set_deadline(s->analyzer, s->src.deadline_ns);
	}
	{
		const char *opt = getenv("STACKGATE_OPTIMIZE");
		int workers = opt && !strcmp(opt, "0") ? 0 : pool_default_workers();

		s->src.exhaustive = opt && !strcmp(opt, "0");

		if (workers)
			s->pool = pool_new(&s->cfg, workers, inline_ignore, s->src.deadline_ns, o->quiet);
	}
	return 0;
}

void scan_judge(struct scan *s)
{
	s->rc = finish_pool(s, s->mode->judge(s));
	if (s->rc < 0)
		buf_puts(&s->failure, error_last());
	findings_drop_routed_twins(&s->findings);
}

int scan_staged(struct scan *s)
{
	s->cover = COVER_STAGED;
	if (git_repository_is_bare(s->repo))
		return error("'check --staged' needs a work tree; this repository is bare");
	if (source_open_index(s->repo, &s->index) < 0)
		return -1;
	return source_staged(&s->src, s->repo, s->index);
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
		const struct rule_entry *e = config_rule(cfg, f->rule);
		int allowed = (!server || cfg->allow_inline_ignore) && lang_for_path(f->path);

		if (f->severity != SEV_MANDATORY || f->suppressed || f->baselined)
			continue;
		if (!ro->block_rule)
			ro->block_rule = f->rule;
		if (e)
			allowed = allowed && !e->no_inline_ignore;
		if (allowed)
			ro->ignore_rule = f->rule;
	}
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

enum cmd_result scan_report(struct scan *s)
{
	const struct options *o = s->o;
	const struct config *cfg = &s->cfg;
	const struct source *src = &s->src;
	struct report_opts ro;
	struct buf limit_note = BUF_INIT, *failure = &s->failure;
	int server = s->mode->server;
	enum cmd_result res;
	FILE *out;

	memset(&ro, 0, sizeof(ro));
	baseline_apply(&s->bl, &s->findings);
	ro.format = o->format;
	ro.advice = s->mode->advice;
	ro.quiet = o->quiet;
	ro.config_source = cfg->source;
	ro.contact = cfg->contact && *cfg->contact ? cfg->contact : NULL;
	ro.rules = cfg->rules;
	ro.nr_rules = cfg->nr_rules;
	ro.gitlab_web = server && getenv("GL_PROTOCOL") && !strcmp(getenv("GL_PROTOCOL"), "web");
	ro.complete = s->rc == 0 && !src->limit[0] && !src->nr_unjudged;
	if (s->rc < 0)
		ro.incomplete = failure->ptr;
	else if (src->limit[0])
		ro.incomplete = src->limit;
	else if (src->nr_unjudged)
		ro.incomplete = src->unjudged;
	if (s->rc < 0 && cfg->on_error && !strcmp(cfg->on_error, "allow")) {
		buf_printf(&limit_note, "scan incomplete (%s); allowed by on_error = allow", failure->ptr);
		ro.complete = 1;
	} else if (s->rc < 0) {
		ro.failure = failure->ptr;
	} else {
		int allow_error = cfg->on_error && !strcmp(cfg->on_error, "allow");
		int allow_limit = cfg->on_limit && !strcmp(cfg->on_limit, "allow");
		struct buf *into;

		/* a file in scope that could not be judged is a failure to judge it */
		if (src->nr_unjudged) {
			into = allow_error ? &limit_note : failure;
			buf_printf(into, "%s%zu file%s in scope could not be judged (%s)", into->len ? "; " : "",
				   src->nr_unjudged, src->nr_unjudged == 1 ? "" : "s", src->unjudged);
			if (allow_error)
				buf_puts(into, "; allowed by on_error = allow");
			else
				buf_printf(into, " (on_error = block; make %s text, or set on_error = allow in %s)",
					   src->nr_unjudged == 1 ? "it" : "them", cfg->source);
		}
		if (src->limit[0]) {
			into = allow_limit ? &limit_note : failure;
			buf_printf(into, "%slimit reached: %s", into->len ? "; " : "", src->limit);
			if (allow_limit)
				buf_puts(into, "; allowed by on_limit = allow");
			else
				buf_printf(into, " (on_limit = block; raise the limit in %s, or set on_limit = allow)",
					   cfg->source);
			if (!allow_limit && server && !cfg->timeout_ms && strstr(src->limit, "timeout_ms"))
				buf_printf(into, "; with timeout_ms = 0, pre-receive takes receive_timeout_ms "
					   "(%zu ms)", cfg->receive_timeout_ms);
		}
		if (failure->len)
			ro.failure = failure->ptr;
		else
			ro.complete = 1;
	}
	ro.limit_note = limit_note.len ? limit_note.ptr : NULL;
	ways_out_rules(&ro, &s->findings, cfg, server);
	if (o->output) {
		out = fopen(o->output, "w");
		if (!out) {
			fprintf(stderr, "stackgate: error: cannot write '%s': %s\n", o->output, strerror(errno));
			res = CMD_ERROR;
			goto out;
		}
	} else {
		/* git shows a hook's stderr; a command run by hand reports on stdout */
		out = s->mode->advice ? stderr : stdout;
	}
	ro.color = use_color(o, out);
	report_write(out, &s->findings, &src->stats, &ro);
	report_coverage(&src->stats, s->cover);
	/* a report in a file (or in JSON/SARIF) is not what a person reads:
	 * why the exit status is 3 goes to stderr too */
	if (!ro.complete && (o->format != FORMAT_TEXT || o->output))
		fprintf(stderr, "stackgate: scan incomplete: %s; blocking\n", ro.failure);
	if (ro.limit_note && (o->format != FORMAT_TEXT || o->output))
		fprintf(stderr, "stackgate: warning: %s\n", ro.limit_note);
	if (!ro.complete)
		res = CMD_INCOMPLETE;
	else
		res = findings_count(&s->findings, SEV_MANDATORY) ? CMD_BLOCKED : CMD_OK;
	if (out != stdout && out != stderr && fclose(out) != 0) {
		fprintf(stderr, "stackgate: error: cannot write '%s'\n", o->output);
		res = CMD_ERROR;
	}
out:
	buf_release(&limit_note);
	return res;
}

void scan_release(struct scan *s)
{
	free(s->bl_path);
	baseline_release(&s->bl);
	buf_release(&s->failure);
	hookin_release(&s->updates);
	finish_pool(s, 0);
	source_release(&s->src);
	findings_release(&s->findings);
	analyzer_free(s->analyzer);
	autonaming_cache_free(s->autonaming);
	module_cache_free(s->modules);
	git_index_free(s->index);
	git_repository_free(s->repo);
	config_release(&s->cfg);
}

enum cmd_result scan_run(const struct options *o, const struct scan_mode *mode)
{
	struct scan s;
	enum cmd_result res;

	scan_init(&s, o, mode);
	if (!scan_start(&s, &res)) {
		scan_judge(&s);
		res = scan_report(&s);
	}
	scan_release(&s);
	return res;
}
