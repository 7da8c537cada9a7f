/*
 * xfile.c - the other files of the tree a judged file's lookups lead
 * to, loaded when a lookup first needs them (xfile.h).
 */
#include "analyze/xfile.h"
#include "analyze/internal.h"
#include "rules/rules.h"

#include <stdlib.h>
#include <string.h>

/* Re-exports followed from one name (export * from ... chains). */
#define MAX_EXPORT_DEPTH 8

struct xfile {
	const struct module_set *set;
	xfile_load_fn load;
	xfile_unload_fn unload;
	void *data;
	struct ctx *main;
	struct xmodule *mods;	/* one per file of the set, in its order */
};

struct xfile *xfile_new(const struct module_set *set, xfile_load_fn load, xfile_unload_fn unload,
			void *data, struct ctx *main)
{
	struct xfile *xf;
	size_t i;

	if (!set || !set->nr)
		return NULL;
	xf = xcalloc(1, sizeof(*xf));
	xf->set = set;
	xf->load = load;
	xf->unload = unload;
	xf->data = data;
	xf->main = main;
	xf->mods = xcalloc(set->nr, sizeof(*xf->mods));
	for (i = 0; i < set->nr; i++)
		xf->mods[i].file = &set->files[i];
	return xf;
}

void xfile_free(struct xfile *xf)
{
	size_t i;

	if (!xf)
		return;
	for (i = 0; i < xf->set->nr; i++)
		if (xf->mods[i].state == 1)
			xf->unload(xf->data, &xf->mods[i]);
	free(xf->mods);
	free(xf);
}

void xfile_finish(struct xfile *xf, struct finding_list *kept)
{
	size_t i;

	if (!xf)
		return;
	for (i = 0; i < xf->set->nr; i++) {
		struct xmodule *m = &xf->mods[i];

		if (m->state == 1 && m->ctx->local.nr) {
			size_t from = kept->nr, k;

			/* its suppressions apply; whether one is unused is for the
			 * module's own analysis to say, not this partial one */
			m->ctx->sev[RULE_INVALID_SUPPRESSION] = SEV_DISABLED;
			finish_file(m->ctx, kept);
			for (k = from; k < kept->nr; k++)
				kept->items[k].routed = 1;
		}
	}
}

static struct ctx *load(struct xfile *xf, const struct module_file *f)
{
	struct xmodule *m = &xf->mods[f - xf->set->files];
	const struct change *main = xf->main->change;

	if (m->state == 0) {
		m->state = -1;	/* a module that imports itself finds nothing */
		m->ch.path = f->path;
		m->ch.content = f->content;
		m->ch.len = f->len;
		m->ch.added = &f->added;	/* empty unless the changeset changes the file */
		m->ch.id = f->has_id ? f->id : NULL;
		m->ch.commit = main->commit;
		m->ch.commit_subject = main->commit_subject;
		m->ch.autonaming = main->autonaming;
		m->owner = xf;
		if (xf->load(xf->data, m) == 0)
			m->state = 1;
	}
	return m->state == 1 ? m->ctx : NULL;
}

struct ctx *ctx_of(const struct ctx *c, TSNode n)
{
	struct xfile *xf = c->xf;
	size_t i;

	if (!xf || ts_node_is_null(n) || n.tree == c->root.tree)
		return (struct ctx *)c;
	if (n.tree == xf->main->root.tree)
		return xf->main;
	for (i = 0; i < xf->set->nr; i++)
		if (xf->mods[i].state == 1 && n.tree == xf->mods[i].tree)
			return xf->mods[i].ctx;
	return (struct ctx *)c;
}

const char *xfile_path(const struct ctx *c)
{
	return c->change->path;
}

struct ctx *xfile_module(struct ctx *c, TSNode spec)
{
	const struct module_file *f;
	const char *s;
	size_t len;

	c = ctx_of(c, spec);
	if (!c->xf || !string_content(c, spec, &s, &len))
		return NULL;
	f = module_set_resolve(c->xf->set, c->change->path, s, len);
	return f ? load(c->xf, f) : NULL;
}

size_t xfile_count(const struct ctx *c)
{
	return c->xf ? c->xf->set->nr : 0;
}

struct ctx *xfile_module_at(struct ctx *c, size_t i, const char *word, size_t len)
{
	const struct module_file *f;

	if (!c->xf || i >= c->xf->set->nr)
		return NULL;
	f = &c->xf->set->files[i];
	if (len && !memmem(f->content, f->len, word, len))
		return NULL;
	return load(c->xf, f);
}

static int export_d(struct ctx *m, const char *name, size_t len, struct xref *out, int depth)
{
	/* modules that re-export each other's names end here */
	static _Thread_local int nesting;
	int r;

	if (!m || depth > MAX_EXPORT_DEPTH || nesting > MAX_EXPORT_DEPTH || !m->lang ||
	    !m->lang->ops->find_export)
		return 0;
	nesting++;
	r = m->lang->ops->find_export(m, name, len, out, depth);
	nesting--;
	return r;
}

int xfile_export(struct ctx *m, const char *name, size_t len, struct xref *out)
{
	memset(out, 0, sizeof(*out));
	return export_d(m, name, len, out, 0);
}

int xfile_import(struct ctx *c, const struct decl *d, struct xref *out)
{
	struct ctx *m;
	const char *name;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (d->kind != DECL_IMPORT || !(m = xfile_module(c, d->from)))
		return 0;
	switch (d->import) {
	case IMPORT_MODULE:
		out->ctx = m;
		out->node = m->root;
		return 1;
	case IMPORT_DEFAULT:
		return export_d(m, "default", 7, out, 0);
	case IMPORT_NAMED:
		if (ts_node_is_null(d->value))
			return 0;
		name = node_text(ctx_of(c, d->value), d->value, &len);
		return export_d(m, name, len, out, 0);
	}
	return 0;
}

int xfile_imports_changed(struct ctx *c)
{
	size_t i;

	if (!c->xf)
		return 0;
	for (i = 0; i < c->decls.nr; i++) {
		const struct decl *d = stable_at(&c->decls, i);
		const struct module_file *f;
		const char *s;
		size_t len;

		if (d->kind != DECL_IMPORT || !string_content(c, d->from, &s, &len))
			continue;
		f = module_set_resolve(c->xf->set, c->change->path, s, len);
		if (f && f->changed && f->added.count)
			return 1;
	}
	return 0;
}
