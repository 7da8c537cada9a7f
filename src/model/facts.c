/*
 * The provider facts: a lookup over the table gen/factsgen.c derives in
 * the build from a pinned @pulumi/aws (build/aws_facts.h), and the INI's
 * additions and removals on top of it.
 */
#include "model/facts.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_facts.h"

#define NFACTS (sizeof(aws_facts) / sizeof(aws_facts[0]))

const char *facts_source(void)
{
	return "@pulumi/aws " AWS_FACTS_VERSION;
}

size_t facts_classes(void)
{
	return AWS_FACTS_CLASSES;
}

size_t facts_count(void)
{
	return NFACTS;
}

const struct fact *facts_of(const char *type, size_t *nr)
{
	size_t lo = 0, hi = NFACTS, first;

	*nr = 0;
	if (!type)
		return NULL;
	/* the first entry whose type is not below `type` */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(aws_facts[mid].type, type) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < NFACTS && !strcmp(aws_facts[lo].type, type))
		lo++;
	*nr = lo - first;
	return *nr ? &aws_facts[first] : NULL;
}

const struct fact *facts_get(const char *type, const char *prop)
{
	size_t nr, i;
	const struct fact *f = facts_of(type, &nr);

	for (i = 0; i < nr; i++)
		if (!strcmp(f[i].prop, prop))
			return &f[i];
	return NULL;
}

int facts_camel_case(const char *snake, char *out, size_t outsz)
{
	size_t n = 0;
	int up = 0;

	for (; *snake; snake++) {
		if (*snake == '_' && n && out[n - 1] != '.') {
			up = 1;
			continue;
		}
		if (n + 1 >= outsz)
			return -1;
		out[n++] = up ? (char)toupper((unsigned char)*snake) : *snake;
		up = 0;
	}
	if (!outsz)
		return -1;
	out[n] = '\0';
	return 0;
}

int facts_entry_is(const char *entry, const char *type, const char *prop)
{
	size_t tl = strlen(type);

	return !strncmp(entry, type, tl) && entry[tl] == '.' && !strcmp(entry + tl + 1, prop);
}

static int list_has_entry(const struct strlist *l, const char *type, const char *prop)
{
	size_t i;

	for (i = 0; l && i < l->nr; i++)
		if (facts_entry_is(l->items[i], type, prop))
			return 1;
	return 0;
}

/* A derived name judged for the suffix: a physical name, not parent-scoped. */
static int judged(const struct fact *f)
{
	return (f->flags & FACT_NAME) && !(f->flags & FACT_SCOPED);
}

void facts_names_init(struct facts_names *it, const char *type, const struct strlist *add,
		      const struct strlist *remove)
{
	memset(it, 0, sizeof(*it));
	it->type = type;
	it->tl = strlen(type);
	it->add = add;
	it->remove = remove;
	it->f = facts_of(type, &it->nr);
}

const char *facts_names_next(struct facts_names *it)
{
	while (it->i < it->nr) {
		const struct fact *f = &it->f[it->i++];

		if (judged(f) && !list_has_entry(it->remove, it->type, f->prop))
			return f->prop;
	}
	while (it->add && it->ai < it->add->nr) {
		const char *e = it->add->items[it->ai++], *prop = e + it->tl + 1;
		const struct fact *f;
		size_t k;

		if (strncmp(e, it->type, it->tl) || e[it->tl] != '.' || strchr(prop, '.'))
			continue;
		f = facts_get(it->type, prop);
		if (f && judged(f) && !list_has_entry(it->remove, it->type, prop))
			continue;	/* given already */
		for (k = 0; k + 1 < it->ai; k++)
			if (!strcmp(it->add->items[k], e))
				break;
		if (k + 1 < it->ai)
			continue;	/* listed twice */
		return prop;
	}
	return NULL;
}

static void describe_flags(struct buf *out, const struct fact *f)
{
	if (!(f->flags & (FACT_NAME | FACT_SECRET)))
		buf_puts(out, "not a physical name, not a secret input");
	if (f->flags & FACT_NAME) {
		buf_puts(out, f->flags & FACT_PREFIX ? "name prefix" : "physical name");
		buf_puts(out, f->flags & FACT_REQUIRED ? ", required" : ", auto-named when omitted");
		if (f->flags & FACT_SCOPED)
			buf_puts(out, ", scoped to a parent (not judged for the suffix)");
	}
	if (f->flags & FACT_SECRET)
		buf_printf(out, "%ssecret input", f->flags & FACT_NAME ? ", " : "");
	if (f->max)
		buf_printf(out, ", %u-%u characters", f->min, f->max);
	if (f->flags & FACT_LOWER)
		buf_puts(out, ", lowercase");
	if (f->flags & FACT_FIFO)
		buf_puts(out, ", ends in .fifo for a FIFO one");
}

static int cmp_type(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

int facts_known_type(const char *type)
{
	return bsearch(type, aws_types, sizeof(aws_types) / sizeof(aws_types[0]), sizeof(aws_types[0]),
		       cmp_type) != NULL;
}

int facts_describe(struct buf *out, const char *type, const struct strlist *add,
		   const struct strlist *remove)
{
	size_t nr, i, extra = 0;
	const struct fact *f = facts_of(type, &nr);
	struct facts_names it;
	const char *prop;

	for (i = 0; add && i < add->nr; i++)
		extra += !strncmp(add->items[i], type, strlen(type)) && add->items[i][strlen(type)] == '.';
	for (i = 0; remove && i < remove->nr; i++)
		extra += !strncmp(remove->items[i], type, strlen(type)) && remove->items[i][strlen(type)] == '.';
	if (!nr && !extra && !facts_known_type(type))
		return error("nothing is known about '%s' (from %s, %zu resource types; types are "
			     "spelled like aws.s3.Bucket)", type, facts_source(), facts_classes());
	buf_printf(out, "%s (facts from %s, gen/aws-facts-curated.txt and the configuration)\n",
		   type, facts_source());
	if (!nr)
		buf_puts(out, "  no physical name, secret input or name limit is known\n");
	for (i = 0; i < nr; i++) {
		buf_printf(out, "  %s: ", f[i].prop);
		describe_flags(out, &f[i]);
		if (judged(&f[i]) && list_has_entry(remove, type, f[i].prop))
			buf_puts(out, " [removed by name_properties_remove]");
		buf_printf(out, "\n    from: %s\n", f[i].src);
	}
	buf_puts(out, "  judged for the environment suffix:");
	facts_names_init(&it, type, add, remove);
	i = 0;
	while ((prop = facts_names_next(&it)) != NULL) {
		const struct fact *g = facts_get(type, prop);

		buf_printf(out, "%s %s%s", i++ ? "," : "", prop,
			   g && judged(g) ? "" : " (name_properties)");
	}
	buf_puts(out, i ? "\n" : " none\n");
	return 0;
}
