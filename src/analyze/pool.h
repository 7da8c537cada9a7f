#ifndef STACKGATE_POOL_H
#define STACKGATE_POOL_H

/*
 * Analysis on worker threads, fed by the source on the calling thread:
 * git reads the next commit while the workers parse and judge the last
 * ones. The workers share one parse cache; a path's versions stay with
 * one worker while any is queued (each is parsed from the one before),
 * then the next goes to the least busy. The findings come out in the
 * order the changes went in, whatever the number of workers.
 */

#include <stdint.h>

#include "analyze/analyze.h"
#include "config/config.h"
#include "base/finding.h"

struct pool;

/* How many workers pay on this machine: 0 means analyse on the caller's
 * thread. STACKGATE_JOBS overrides (1: one worker, 0: none). */
int pool_default_workers(void);

struct pool *pool_new(const struct config *cfg, int workers, int inline_ignore, uint64_t deadline_ns,
		      int quiet);

/*
 * Queue a copy of the change. Returns 0; 1 when a worker ran out of time
 * (the caller stops feeding: a limit); -1 when a worker failed (error
 * slot set to why).
 */
int pool_submit(struct pool *p, const struct change *c);

/*
 * Queue the files of a changeset, each looked up in `names` first, and
 * the modules they may import read through `mods` (as analyze_changeset()
 * does) on the caller's thread. Returns as
 * pool_submit() does.
 */
int pool_submit_changeset(struct pool *p, const struct changeset *cs, struct autonaming_cache *names,
			  struct module_cache *mods, int quiet);

/* Changes that were queued when the scan stopped (a failure or the time
 * limit) and so were not judged: the coverage line takes them off. */
struct pool_dropped {
	size_t commits, files, lines;
};

/*
 * Wait for the queued work, then append every finding to `out` in
 * submission order and free the pool. Returns as pool_submit() does for
 * what happened after the last submission (and before it).
 */
int pool_finish(struct pool *p, struct finding_list *out, struct pool_dropped *dropped);

#endif
