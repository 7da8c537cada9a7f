#include "base/finding.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct finding *findings_add(struct finding_list *l)
{
	struct finding *f;

	ALLOC_GROW(l->items, l->nr, l->alloc);
	f = &l->items[l->nr++];
	memset(f, 0, sizeof(*f));
	return f;
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

int findings_has(const struct finding_list *l, const char *rule, const char *path,
		 uint32_t line, uint32_t column, const char *commit)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		const struct finding *f = &l->items[i];

		if (f->line == line && f->column == column && same(f->rule, rule) &&
		    same(f->path, path) && same(f->commit, commit))
			return 1;
	}
	return 0;
}

size_t findings_count(const struct finding_list *l, enum severity s)
{
	size_t i, n = 0;

	for (i = 0; i < l->nr; i++)
		if (l->items[i].severity == s && !l->items[i].suppressed && !l->items[i].baselined)
			n++;
	return n;
}

size_t findings_count_quiet(const struct finding_list *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->nr; i++)
		if (l->items[i].suppressed || l->items[i].baselined)
			n++;
	return n;
}

void findings_release(struct finding_list *l)
{
	findings_release_items(l);
	free(l->items);
	l->items = NULL;
	l->nr = l->alloc = 0;
}

void findings_release_items(struct finding_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		struct finding *f = &l->items[i];

		free(f->rule);
		free(f->path);
		free(f->commit);
		free(f->commit_subject);
		free(f->message);
		free(f->hint);
		free(f->excerpt);
		free(f->justification);
	}
}

/* "stackgate:ignore suppresses nothing here" (analyze/suppress_apply.c) */
static int unused_suppression(const struct finding *f)
{
	return !strcmp(f->rule, "invalid-suppression") && f->message &&
	       strstr(f->message, "suppresses nothing here");
}

void findings_drop_routed_twins(struct finding_list *l)
{
	size_t i, k, out = 0, routed = 0;

	for (i = 0; i < l->nr; i++)
		routed += l->items[i].routed;
	for (i = 0; routed && i < l->nr; i++) {
		struct finding *f = &l->items[i];
		int twin = 0;

		for (k = 0; f->routed && k < l->nr && !twin; k++) {
			const struct finding *g = &l->items[k];

			/* the first of two routed twins stays */
			twin = k != i && (!g->routed || k < i) && g->line == f->line && g->column == f->column &&
				!strcmp(g->rule, f->rule) && same(g->path, f->path) && same(g->commit, f->commit);
		}
		/* a suppression the file's own analysis found unused, which a
		 * routed finding on its line or the next one uses */
		for (k = 0; !f->routed && unused_suppression(f) && k < l->nr && !twin; k++) {
			const struct finding *g = &l->items[k];

			twin = g->routed && g->suppressed && (g->line == f->line || g->line == f->line + 1) &&
				same(g->path, f->path) && same(g->commit, f->commit);
		}
		if (twin) {
			struct finding_list one = { f, 1, 1 };

			findings_release_items(&one);
			continue;
		}
		l->items[out++] = *f;
	}
	if (routed)
		l->nr = out;
}
