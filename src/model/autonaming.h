#ifndef STACKGATE_AUTONAMING_H
#define STACKGATE_AUTONAMING_H

/*
 * Pulumi's auto-naming, as the project configures it: `pulumi:autonaming`
 * in Pulumi.yaml or a Pulumi.<stack>.yaml next to it. By default the
 * logical name only seeds the physical name (`name-<random>`); with mode
 * verbatim or disabled, or a pattern with neither a random part nor
 * ${stack}, the logical name IS the physical name, globally, for one
 * provider or for one resource type.
 *
 * The analysis asks this of the tree a change comes from, through the
 * source's reader (struct tree_reader, source/change.h). Reading happens on the
 * thread that runs the source (libgit2 objects are not shared with
 * workers); what is read is kept per tree, and settings are shared by
 * content, so a push of many commits parses each distinct file once.
 */

#include "source/change.h"
#include "base/util.h"

struct autonaming;
struct autonaming_cache;

struct autonaming_cache *autonaming_cache_new(void);
/* Frees the cache and every setting it handed out. NULL is fine. */
void autonaming_cache_free(struct autonaming_cache *cache);

/*
 * The settings of the project `file` belongs to (the nearest directory
 * at or above it holding Pulumi.yaml), read through `t`, the reader of
 * the file's tree (its changeset's). *out is NULL when no file there
 * makes any logical name physical (or `t` is NULL); else it is owned by the cache, valid until
 * autonaming_cache_free(). A file that is not valid YAML is noted on
 * stderr (unless quiet) and counts as saying nothing. Returns 0, or -1
 * when the tree cannot be read (error slot set).
 */
int autonaming_lookup(struct autonaming_cache *cache, const struct tree_reader *t, const char *file,
		      int quiet, const struct autonaming **out);

/*
 * 1 if the settings make logical names of `type` (canonical, e.g.
 * "aws.s3.Bucket") physical names; *why then says which file and
 * setting. NULL settings: 0.
 */
int autonaming_physical(const struct autonaming *a, const char *type, struct buf *why);

/* Parse one file's text (for tests): the settings it alone makes, or NULL. */
struct autonaming *autonaming_parse(const char *file, const char *text, size_t len);
void autonaming_free(struct autonaming *a);

#endif
