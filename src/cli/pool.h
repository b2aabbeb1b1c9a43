/* A fixed pool of worker threads, each with its own struct icp_worker (and
 * so its own OCR engines), checking files handed to it in order. */
#ifndef ICPCHECK_CLI_POOL_H
#define ICPCHECK_CLI_POOL_H

#include <glib.h>

#include "icpcheck/icpcheck.h"

/** One file to check. The pool fills `result` and sets `done`; read them
 * only through icp_pool_wait(). */
struct icp_task {
    const char *path;    /* to open (borrowed) */
    const char *display; /* to report (borrowed) */
    struct icp_result *result;
    bool done;
};

struct icp_pool;

/** Starts `n` threads, each with a worker made for it. Returns NULL with a
 * message in *err_out (caller g_free()s). Caller frees with
 * icp_pool_free(); the context must outlive the pool. */
struct icp_pool *icp_pool_new(const struct icp_context *ctx, int n,
                              char **err_out);

/** Queues a task (borrowed: it must stay put until done). */
void icp_pool_push(struct icp_pool *pool, struct icp_task *task);

/** Waits until `task` is done or `deadline` (g_get_monotonic_time() units)
 * passes. Returns true when done; the caller then owns task->result. */
bool icp_pool_wait(struct icp_pool *pool, struct icp_task *task,
                   gint64 deadline);

/** Files done so far and how many of them fail or could not be read. */
void icp_pool_progress(struct icp_pool *pool, long *done, long *failed);

/** Lets the threads finish the queue, joins them and frees the workers;
 * NULL is a no-op. */
void icp_pool_free(struct icp_pool *pool);

#endif
