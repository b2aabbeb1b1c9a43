/* A one-line progress bar on stderr: done/total, rate, ETA, failures. */
#ifndef ICPCHECK_CLI_PROGRESS_H
#define ICPCHECK_CLI_PROGRESS_H

#include <glib.h>
#include <stdbool.h>

struct icp_progress {
    bool on;            /* drawing at all (stderr is a terminal, no -q) */
    bool drawn;         /* a line is on the screen */
    long total;         /* < 0: not known */
    gint64 start, last; /* g_get_monotonic_time() */
};

/** Starts a bar for `total` files (< 0 = unknown); `on` false makes every
 * call a no-op. */
void icp_progress_init(struct icp_progress *p, bool on, long total);

/** Redraws the bar, at most ten times a second unless `force`. */
void icp_progress_update(struct icp_progress *p, long done, long failed,
                         bool force);

/** Removes the bar from the screen (before other output, and at exit). */
void icp_progress_clear(struct icp_progress *p);

/** Formats the bar's text into buf (no escape codes). Pure: for tests. */
void icp_progress_format(char *buf, size_t size, long done, long total,
                         long failed, double seconds);

#endif
