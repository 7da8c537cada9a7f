/*
 * The analysis of one changeset: its files judged in order, each with the
 * project settings of the tree it comes from.
 */
#include "analyze/analyze.h"
#include "lang/lang.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "model/autonaming.h"
#include "source/modules.h"

void note_syntax_errors(const struct change *c, uint32_t line)
{
	struct buf b = BUF_INIT;

	buf_add_escaped(&b, c->path, strlen(c->path));
	fprintf(stderr, "stackgate: note: '%s'%s%.12s has syntax errors from line %u; "
		"judged what parses\n", b.ptr, c->commit ? " in " : "", c->commit ? c->commit : "", line);
	buf_release(&b);
}

int changeset_prepare(const struct changeset *cs, size_t i, struct autonaming_cache *names, int quiet,
		      const struct module_set *modules, struct change *out)
{
	const struct change *c = cs->files[i];

	*out = *c;
	out->modules = modules;
	/* on the source's thread: its reader is not shared with the workers */
	if (!(c->hist && c->hist->advance_only) && lang_for_path(c->path) &&
	    autonaming_lookup(names, cs->tree, c->path, quiet, &out->autonaming) < 0)
		return -1;
	return 0;
}

/* An importer's own lines are never added: only the other files' count. */
static const struct line_set no_lines = LINE_SET_INIT;

int changeset_importer(const struct changeset *cs, const struct module_set *modules, size_t k,
		       struct autonaming_cache *names, int quiet, struct change *out)
{
	const struct module_file *f = &modules->files[k];

	memset(out, 0, sizeof(*out));
	if (!f->importer)
		return 0;
	out->path = f->path;
	out->content = f->content;
	out->len = f->len;
	out->added = &no_lines;
	out->id = f->has_id ? f->id : NULL;
	out->commit = cs->commit;
	out->commit_subject = cs->subject;
	out->modules = modules;
	out->importer = 1;
	if (autonaming_lookup(names, cs->tree, f->path, quiet, &out->autonaming) < 0)
		return -1;
	return 1;
}

int analyze_changeset(struct analyzer *a, const struct changeset *cs, struct autonaming_cache *names,
		      struct module_cache *mods, int quiet, struct finding_list *out)
{
	struct module_set *modules;
	size_t i;
	int rc = 0;

	if (module_set_build(cs, mods, &modules) < 0)
		return -1;
	for (i = 0; i < cs->nr; i++) {
		struct change c;
		uint32_t syntax_line = 0;

		if (changeset_prepare(cs, i, names, quiet, modules, &c) < 0 ||
		    analyze_change(a, &c, out, &syntax_line) < 0) {
			rc = -1;
			break;
		}
		if (syntax_line && !quiet)
			note_syntax_errors(&c, syntax_line);
	}
	/* the files whose unchanged uses judge the definitions the change edits */
	for (i = 0; modules && rc == 0 && i < modules->nr; i++) {
		struct change c;
		uint32_t syntax_line;
		int r = changeset_importer(cs, modules, i, names, quiet, &c);

		/* an importer that does not parse only leaves its uses unknown */
		if (r < 0 || (r > 0 && analyze_change(a, &c, out, &syntax_line) < 0 && analyzer_timed_out(a)))
			rc = -1;
	}
	module_set_unref(modules);
	return rc;
}
