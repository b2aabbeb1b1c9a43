/* One run of scan or check: checks the walked items on a pool of threads and
 * reports them in order. */
#ifndef ICPCHECK_CLI_RUN_H
#define ICPCHECK_CLI_RUN_H

#include <glib.h>

#include "cli/options.h"
#include "cli/walk.h"

/** Checks and reports every item of `walk` on stdout, with a progress bar
 * on stderr when it is a terminal. `start` is when the program started
 * (g_get_monotonic_time()). Returns the exit status: 0, 1, or 2 when the
 * workers cannot start or stdout fails. */
int icp_run(const struct icp_cli *cli, const struct icp_context *ctx,
            struct icp_walk *walk, gint64 start);

#endif
