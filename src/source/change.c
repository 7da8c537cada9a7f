#include "source/change.h"
#include "source/modules.h"

#include <stdlib.h>
#include <string.h>

/* A change and everything it points at, owned: change_dup()'s result. */
struct owned_change {
	struct change ch;		/* first: change_free() gets it back from &ch */
	struct change_history hist;
	struct line_set added;
	unsigned char id[20], old_id[20];
	char *path, *content, *commit, *subject;
	struct change_hunk *hunks;
	struct change_base *bases;
	char **base_texts;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char *dup_text(const char *s, size_t len)
{
	char *t = xmalloc(len + 1);

	memcpy(t, s, len);
	t[len] = '\0';
	return t;
}

static void copy_history(struct owned_change *o, const struct change_history *h)
{
	size_t i;

	o->hist = *h;
	if (h->old_id) {
		memcpy(o->old_id, h->old_id, sizeof(o->old_id));
		o->hist.old_id = o->old_id;
	}
	if (h->hunks && h->nr_hunks) {
		o->hunks = xmalloc(h->nr_hunks * sizeof(*o->hunks));
		memcpy(o->hunks, h->hunks, h->nr_hunks * sizeof(*o->hunks));
		o->hist.hunks = o->hunks;
	} else {
		o->hist.hunks = NULL;
	}
	if (h->nr_bases) {
		o->bases = xcalloc(h->nr_bases, sizeof(*o->bases));
		o->base_texts = xcalloc(h->nr_bases, sizeof(*o->base_texts));
		for (i = 0; i < h->nr_bases; i++) {
			o->base_texts[i] = dup_text(h->bases[i].content, h->bases[i].len);
			o->bases[i].content = o->base_texts[i];
			o->bases[i].len = h->bases[i].len;
		}
	}
	o->hist.bases = o->bases;	/* bases_why is a string constant */
	o->ch.hist = &o->hist;
}

struct change *change_dup(const struct change *c)
{
	struct owned_change *o = xcalloc(1, sizeof(*o));

	o->ch = *c;
	o->path = xstrdup(c->path);
	o->ch.path = o->path;
	o->content = dup_text(c->content ? c->content : "", c->len);
	o->ch.content = o->content;
	o->commit = dup_or_null(c->commit);
	o->ch.commit = o->commit;
	o->subject = dup_or_null(c->commit_subject);
	o->ch.commit_subject = o->subject;
	if (c->added) {
		o->added = *c->added;
		if (c->added->bits) {
			size_t n = c->added->max / 8 + 1;

			o->added.bits = xmalloc(n);
			memcpy(o->added.bits, c->added->bits, n);
		}
		o->ch.added = &o->added;
	}
	if (c->id) {
		memcpy(o->id, c->id, sizeof(o->id));
		o->ch.id = o->id;
	}
	if (c->hist)
		copy_history(o, c->hist);
	o->ch.modules = module_set_ref(c->modules);
	return &o->ch;
}

void change_free(struct change *c)
{
	struct owned_change *o = (struct owned_change *)c;
	size_t i;

	if (!c)
		return;
	free(o->path);
	free(o->content);
	free(o->commit);
	free(o->subject);
	free(o->hunks);
	for (i = 0; o->base_texts && i < o->hist.nr_bases; i++)
		free(o->base_texts[i]);
	free(o->base_texts);
	free(o->bases);
	lines_release(&o->added);
	module_set_unref(o->ch.modules);
	free(o);
}

void change_list_add(struct change_list *l, const struct change *c)
{
	ALLOC_GROW(l->items, l->nr, l->alloc);
	l->items[l->nr++] = change_dup(c);
	l->bytes += c->len;
}

void change_list_release(struct change_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		change_free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->nr = l->alloc = 0;
	l->bytes = 0;
}
