/*
 * stackgate baseline write [REV] | add --staged | add REV_RANGE...:
 * record findings as known, so that they are reported and do not block.
 */
#include "cmd/check.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* Judge the tree at s->rev and write every finding as the baseline. */
static enum cmd_result baseline_write_out(struct scan *s)
{
	const struct options *o = s->o;
	struct buf path = BUF_INIT;
	enum cmd_result res = CMD_INCOMPLETE;
	int rc;

	if (s->rc < 0) {
		fprintf(stderr, "stackgate: error: %s; no baseline written\n", s->failure.ptr);
		return res;
	}
	if (o->output) {
		buf_puts(&path, o->output);
	} else {
		char *p = scan_baseline_path(&s->cfg, s->repo, 0);

		buf_puts(&path, p ? p : ".stackgate-baseline.json");
		free(p);
	}
	{
		git_object *obj = NULL;
		char hex[GIT_OID_HEXSZ + 1] = "";

		if (git_revparse_single(&obj, s->repo, s->rev) == 0)
			git_oid_tostr(hex, sizeof(hex), git_object_id(obj));
		git_object_free(obj);
		rc = baseline_write(path.ptr, &s->findings, hex[0] ? hex : s->rev);
	}
	if (rc < 0) {
		fprintf(stderr, "stackgate: error: %s\n", error_last());
		res = CMD_ERROR;
	} else if (git_repository_is_bare(s->repo)) {
		/* nothing to commit: on a server the file is read where it is */
		fprintf(stderr, "stackgate: wrote %zu finding%s of %s to %s\n",
			s->findings.nr, s->findings.nr == 1 ? "" : "s", s->rev, path.ptr);
		res = CMD_OK;
	} else {
		fprintf(stderr, "stackgate: wrote %zu finding%s of %s to %s; commit it to adopt it\n",
			s->findings.nr, s->findings.nr == 1 ? "" : "s", s->rev, path.ptr);
		res = CMD_OK;
	}
	report_coverage(&s->src.stats, COVER_TREE);
	buf_release(&path);
	return res;
}

/* Add the findings of the staged change (or ranges) that the baseline lacks. */
static enum cmd_result baseline_add_out(struct scan *s)
{
	const struct options *o = s->o;
	struct buf path = BUF_INIT;
	size_t added = 0;
	char *p = o->output ? NULL : scan_baseline_path(&s->cfg, s->repo, 0);
	enum cmd_result res = CMD_INCOMPLETE;

	buf_puts(&path, o->output ? o->output : p ? p : ".stackgate-baseline.json");
	free(p);
	if (s->rc < 0 || s->src.limit[0]) {
		fprintf(stderr, "stackgate: error: %s; nothing added to the baseline\n",
			s->rc < 0 ? s->failure.ptr : s->src.limit);
	} else if (baseline_apply(&s->bl, &s->findings),
		   baseline_add(path.ptr, &s->findings, o->staged ? "staged change" : o->args[0], &added) < 0) {
		fprintf(stderr, "stackgate: error: %s\n", error_last());
		res = CMD_ERROR;
	} else {
		size_t i;

		for (i = 0; i < s->findings.nr; i++) {
			const struct finding *f = &s->findings.items[i];

			if (!f->suppressed && !f->baselined)
				fprintf(stderr, "stackgate: accepted %s:%u [%s] into the baseline\n",
					f->path, f->line, f->rule);
		}
		if (!added)
			fprintf(stderr, "stackgate: nothing new to add: %s already knows every finding\n",
				path.ptr);
		else if (git_repository_is_bare(s->repo))
			fprintf(stderr, "stackgate: added %zu finding%s to %s\n", added,
				added == 1 ? "" : "s", path.ptr);
		else
			fprintf(stderr, "stackgate: added %zu finding%s to %s; commit it with the change "
				"(git add %s), so the server and your team know them too\n", added,
				added == 1 ? "" : "s", path.ptr,
				!o->output && s->cfg.baseline && s->cfg.baseline[0] != '/' ? s->cfg.baseline
											     : path.ptr);
		res = CMD_OK;
	}
	report_coverage(&s->src.stats, s->cover);
	buf_release(&path);
	return res;
}

enum cmd_result cmd_baseline(const struct options *in)
{
	struct options o = *in;
	struct scan s;
	enum cmd_result res;
	int write;

	if (!o.nr_args || (strcmp(o.args[0], "write") && strcmp(o.args[0], "add")))
		return cmd_usage_error("%s", "usage: stackgate baseline write [REV] | add --staged | add REV_RANGE...");
	write = !strcmp(o.args[0], "write");
	o.args++;	/* the operands after write / add */
	o.nr_args--;
	if (write && o.nr_args > 1)
		return cmd_usage_error("%s", "baseline write takes at most one revision");
	if (!write && (o.files || o.all || o.history || (o.staged && o.nr_args) || (!o.staged && !o.nr_args)))
		return cmd_usage_error("%s", "baseline add needs --staged or commit ranges");
	scan_init(&s, &o, write ? &check_tree : o.staged ? &check_staged : &check_ranges);
	if (write) {
		s.no_baseline_file = 1;
		if (o.nr_args)
			s.rev = o.args[0];
	}
	if (!scan_start(&s, &res)) {
		scan_judge(&s);
		res = write ? baseline_write_out(&s) : baseline_add_out(&s);
	}
	scan_release(&s);
	return res;
}
