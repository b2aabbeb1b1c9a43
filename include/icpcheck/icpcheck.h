/* icpcheck: pre-checks the image materials of a Chinese ICP filing.
 * Include this one header for the whole public API. */
#ifndef ICPCHECK_ICPCHECK_H
#define ICPCHECK_ICPCHECK_H

#include "application.h"
#include "check.h"
#include "context.h"
#include "report.h"
#include "result.h"
#include "types.h"

/** The library version, e.g. "0.1.0"; static. */
const char *icp_version(void);

/** Initialises the libraries icpcheck uses (libvips). Call once from the main
 * thread before anything else; argv0 may be NULL. Returns 0 or -1. */
int icp_init(const char *argv0);

/** Shuts the libraries down; call once at exit. */
void icp_shutdown(void);

#endif
