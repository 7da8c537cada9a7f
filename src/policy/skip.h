#ifndef STACKGATE_SKIP_H
#define STACKGATE_SKIP_H

/*
 * Skips: when a hook lets a change through without judging it, and the
 * trail that leaves. A client's hook may be switched off by its owner
 * (SKIP=stackgate, git config stackgate.enabled false); the server's gate
 * only by a push option the server's INI allows, recorded in its audit
 * log before anything says "skipped".
 */

#include <git2.h>

#include "config/config.h"
#include "source/hookin.h"

/*
 * A client hook is off: SKIP holds "stackgate" (the pre-commit
 * framework's comma-separated convention), or stackgate.enabled is false
 * in `repo`'s git configuration (`repo` may be NULL). Returns 1 and says
 * so on stderr, else 0.
 */
int skip_client_hook(git_repository *repo);

/*
 * A server configuration that allows the push-option skip must name an
 * audit_log: a push let through unjudged must leave a record. Returns 0,
 * or -1 with the message (naming where allow_skip_option was set).
 */
int skip_check_config(const struct config *cfg);

/*
 * git push -o stackgate.skip="reason" for the ref updates `u`: honoured
 * only when `cfg` allows it (and lists the pusher, when it lists any),
 * the reason has at least 10 characters, and the skip was appended to
 * audit_log (one JSON object per line, fsynced). Returns 1 when the push
 * is to be let through unjudged (and says so on stderr), 0 when it is to
 * be judged as usual (saying why a requested skip was refused).
 */
int skip_push_option(const struct config *cfg, const struct ref_lines *u);

#endif
