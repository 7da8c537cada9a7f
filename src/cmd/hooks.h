#ifndef STACKGATE_HOOKS_H
#define STACKGATE_HOOKS_H

/*
 * The hook table: every git hook stackgate runs as, with what sets it
 * apart (its input, client or server, its switch, its source, its words
 * to the person it blocked). Adding a hook is adding an entry here (and
 * its script under hooks/).
 */

#include <stddef.h>

#include "cmd/scan.h"

/* Every hook, in the order `stackgate --help` lists them. */
extern const struct scan_mode hook_modes[];
extern const size_t nr_hook_modes;

/* The hook named `name`, or NULL. */
const struct scan_mode *hook_find(const char *name);

#endif
