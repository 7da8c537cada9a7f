/*
 * stackgate check: judge what a change adds, by hand or in CI. One scan
 * mode per form: --staged, REV_RANGE..., --all [REV], --history [REV],
 * --files PATH... (cmd_baseline.c reuses them).
 */
#include "cmd/check.h"

#include <string.h>

#include "base/util.h"

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
static enum cmd_result check_revisions(struct scan *s)
{
	char **revs = s->o->nr_args ? s->o->args : (char **)&s->rev;
	int i, nr = s->o->nr_args ? s->o->nr_args : 1;

	for (i = 0; i < nr; i++) {
		git_revspec spec;
		int err;

		memset(&spec, 0, sizeof(spec));
		err = git_revparse(&spec, s->repo, revs[i]);
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
			size_t n = count_commits(s->repo, 1000000);

			if (!n)
				fprintf(stderr, "stackgate: HEAD has no commits yet; judge the index with: "
					"stackgate check --staged\n");
			else
				fprintf(stderr, "stackgate: HEAD has %zu commit%s; judge the whole history (the "
					"root commit included) with: stackgate check --history\n",
					n, n == 1 ? "" : "s");
		}
		return CMD_ERROR;
	}
	return CMD_OK;
}

static int judge_tree(struct scan *s)
{
	s->cover = COVER_TREE;
	return source_tree(&s->src, s->repo, s->rev);
}

static int judge_history(struct scan *s)
{
	return source_history(&s->src, s->repo, s->rev);
}

static int judge_files(struct scan *s)
{
	s->cover = COVER_FILES;
	if (!s->o->nr_args)
		return error("--files needs at least one path");
	return source_files(&s->src, s->o->args, s->o->nr_args);
}

static int judge_ranges(struct scan *s)
{
	return source_ranges(&s->src, s->repo, s->o->args, s->o->nr_args);
}

const struct scan_mode check_staged = { .name = "check", .judge = scan_staged };
const struct scan_mode check_ranges = { .name = "check", .preflight = check_revisions, .judge = judge_ranges };
const struct scan_mode check_tree = { .name = "check", .preflight = check_revisions, .judge = judge_tree };
const struct scan_mode check_history = { .name = "check", .preflight = check_revisions,
					 .judge = judge_history };
const struct scan_mode check_files = { .name = "check", .no_repo = 1, .judge = judge_files };

enum cmd_result cmd_check(const struct options *o)
{
	const struct scan_mode *m;
	struct scan s;
	enum cmd_result res;
	int single = o->all || o->history;
	int kinds = o->staged + o->files + o->all + o->history + (o->nr_args && !o->files && !single);

	if (!kinds)
		return cmd_usage_error("%s", "check needs --staged, --all [REV], --history [REV], --files PATH... "
				       "or a commit range");
	if (o->staged + o->files + o->all + o->history > 1 || (o->staged && o->nr_args))
		return cmd_usage_error("%s", "give one of --staged, --all [REV], --history [REV], --files PATH... "
				       "or commit ranges");
	if (single && o->nr_args > 1)
		return cmd_usage_error("%s", o->all ? "--all takes at most one revision"
						    : "--history takes at most one revision");
	m = o->staged ? &check_staged : o->files ? &check_files : o->all ? &check_tree
		: o->history ? &check_history : &check_ranges;
	scan_init(&s, o, m);
	if (single && o->nr_args)
		s.rev = o->args[0];
	if (!scan_start(&s, &res)) {
		scan_judge(&s);
		res = scan_report(&s);
	}
	scan_release(&s);
	return res;
}
