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

int analyze_changeset(struct analyzer *a, const struct changeset *cs, struct autonaming_cache *names,
		      int quiet, struct finding_list *out)
{
	struct module_set *modules;
	size_t i;
	int rc = 0;

	if (module_set_build(cs, &modules) < 0)
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
	module_set_unref(modules);
	return rc;
}
