#ifndef STACKGATE_CHECK_H
#define STACKGATE_CHECK_H

/* The forms of `stackgate check`, as scan modes (cmd_check.c). */

#include "cmd/scan.h"

extern const struct scan_mode check_staged;	/* --staged: the index against HEAD */
extern const struct scan_mode check_ranges;	/* REV_RANGE...: every commit of each */
extern const struct scan_mode check_tree;	/* --all [REV]: every line of s->rev's tree */
extern const struct scan_mode check_history;	/* --history [REV]: every commit reachable from s->rev */
extern const struct scan_mode check_files;	/* --files PATH...: plain files, every line */

#endif
