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
	char *path, *commit, *subject;
	struct change_hunk *hunks;
	struct change_base *bases;
	char **base_texts;
};

struct shared_text *shared_text_new(const char *p, size_t len)
{
	struct shared_text *t = xmalloc(sizeof(*t) + len + 1);

	t->refs = 1;
	t->len = len;
	if (len)
		memcpy(t->data, p, len);
	t->data[len] = '\0';
	return t;
}

struct shared_text *shared_text_ref(struct shared_text *t)
{
	__atomic_add_fetch(&t->refs, 1, __ATOMIC_RELAXED);
	return t;
}

void shared_text_unref(struct shared_text *t)
{
	if (t && __atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) == 0)
		free(t);
}

struct shared_text *change_share_text(const struct change *c)
{
	if (c->text && c->content == c->text->data && c->len == c->text->len)
		return shared_text_ref(c->text);
	return shared_text_new(c->content ? c->content : "", c->content ? c->len : 0);
}

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
	o->ch.text = change_share_text(c);
	o->ch.content = o->ch.text->data;
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
	shared_text_unref(o->ch.text);
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
