#ifndef STACKGATE_FACTS_H
#define STACKGATE_FACTS_H

#include <stddef.h>

#include "base/util.h"

/*
 * What the provider says about its resource types: which inputs are
 * physical names (and whether Pulumi or the provider names the resource
 * when they are omitted, or they are unique only within a parent), which
 * are secret inputs (also nested ones, as dotted paths), and the name
 * limits the docs state. Derived in the build from a pinned @pulumi/aws
 * by gen/factsgen.c (README, "Provider facts"); the table is static and
 * every pointer into it lives as long as the program.
 */
#define FACT_NAME 0x01		/* a physical name */
#define FACT_PREFIX 0x02	/* a *Prefix: the provider appends a random suffix */
#define FACT_AUTO 0x04		/* optional: named by Pulumi or the provider when omitted */
#define FACT_REQUIRED 0x08	/* the user must give it */
#define FACT_SCOPED 0x10	/* unique only within a parent: not judged for the suffix */
#define FACT_SECRET 0x20	/* a secret input */
#define FACT_LOWER 0x40		/* lowercase only */
#define FACT_FIFO 0x80		/* ends in .fifo exactly when fifoQueue / fifoTopic is true */

struct fact {
	const char *type;	/* aws.s3.Bucket */
	const char *prop;	/* bucket; a nested input is a dotted path */
	unsigned flags;		/* FACT_* */
	unsigned min, max;	/* length limits; max 0: none known */
	const char *src;	/* where each part of it came from */
};

/* The provider package and version the facts come from ("@pulumi/aws 7.48.0"). */
const char *facts_source(void);
/* How many resource classes, and facts, the table was derived from / holds. */
size_t facts_classes(void);
size_t facts_count(void);

/* The facts of `type`, sorted by property; *nr of them (0: none known). */
const struct fact *facts_of(const char *type, size_t *nr);
/* 1 if `type` is a resource type of the provider (facts or not). */
int facts_known_type(const char *type);
/* The fact for type.prop, or NULL. */
const struct fact *facts_get(const char *type, const char *prop);

/*
 * The physical-name properties of `type` judged for the environment
 * suffix: the derived ones that are not parent-scoped, minus the
 * Type.property entries of `remove`, plus those of `add` (the INI's
 * name_properties_remove and name_properties). Both lists are borrowed
 * until the walk ends; either may be NULL.
 *
 *	struct facts_names it;
 *	const char *prop;
 *
 *	facts_names_init(&it, type, add, remove);
 *	while ((prop = facts_names_next(&it)) != NULL)
 *		...
 */
struct facts_names {
	const char *type;
	size_t tl;
	const struct fact *f;
	size_t nr, i, ai;
	const struct strlist *add, *remove;
};
void facts_names_init(struct facts_names *it, const char *type, const struct strlist *add,
		      const struct strlist *remove);
/* The next property (borrowed), or NULL at the end. */
const char *facts_names_next(struct facts_names *it);

/*
 * A Python (snake_case) input name as the facts spell it (camelCase):
 * master_user_password -> masterUserPassword; dotted paths part by part.
 * Writes at most outsz bytes into out; returns 0, or -1 if it does not fit.
 */
int facts_camel_case(const char *snake, char *out, size_t outsz);

/* 1 if `entry` (Type.property) is `type`.`prop`. */
int facts_entry_is(const char *entry, const char *type, const char *prop);

/*
 * Describe what is known about `type` into `out`, for `stackgate facts`:
 * each fact with its source, and the INI's additions and removals.
 * Returns 0, or -1 (error()) when nothing is known about `type`.
 */
int facts_describe(struct buf *out, const char *type, const struct strlist *add,
		   const struct strlist *remove);

#endif
