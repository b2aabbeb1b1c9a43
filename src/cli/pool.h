/* A fixed pool of worker threads, each with its own struct icp_worker (and
 * so its own OCR engines), checking files handed to it in order. */
#ifndef ICPCHECK_CLI_POOL_H
#define ICPCHECK_CLI_POOL_H

#include <glib.h>

#include "icpcheck/icpcheck.h"

/** One file to check. The pool fills `result` (and `thumb`) and sets
 * `done`; read them only through icp_pool_wait(). */
struct icp_task {
    const char *path;    /* to open (borrowed) */
    const char *display; /* to report (borrowed) */
    /* Set before pushing for a file an earlier run recorded: the pool then
     * only hashes the file's bytes into it instead of checking it. */
    struct icp_result *result;
    char *thumb; /* the HTML report's thumbnail (g_free), or NULL */
    bool done;
    /* An upload (icpcheck serve, `in_memory` set): the bytes to check
     * (borrowed; `path` is then never opened), with per-request options
     * (borrowed; NULL = the context's; see icp_check_buffer_with()). */
    bool in_memory;
    const void *data;
    size_t len;
    const struct icp_options *opts;
    bool want_thumb;  /* this task's thumbnail, whatever the pool's */
    gint64 deadline;  /* g_get_monotonic_time(): a task not started by then
                         is not checked (result stays NULL); 0 = none */
    /* Called by the thread that finished the task, after `done` is set
     * (also for a task dropped by icp_pool_cancel(), with result NULL). */
    void (*on_done)(struct icp_task *task, void *arg);
    void *on_done_arg;
};

struct icp_pool;

/** Starts `n` threads, each with a worker made for it; with `thumbnails`
 * each file also gets the HTML report's thumbnail. Returns NULL with a
 * message in *err_out (caller g_free()s). Caller frees with
 * icp_pool_free(); the context must outlive the pool. */
struct icp_pool *icp_pool_new(const struct icp_context *ctx, int n,
                              bool thumbnails, char **err_out);

/** Queues a task (borrowed: it must stay put until done). */
void icp_pool_push(struct icp_pool *pool, struct icp_task *task);

/** Waits until `task` is done or `deadline` (g_get_monotonic_time() units)
 * passes. Returns true when done; the caller then owns task->result. */
bool icp_pool_wait(struct icp_pool *pool, struct icp_task *task,
                   gint64 deadline);

/** Files done so far and how many of them fail or could not be read. */
void icp_pool_progress(struct icp_pool *pool, long *done, long *failed);

/** Drops the tasks no thread has started (they stay not done, except those
 * with an on_done callback, which are done with no result and called back);
 * the ones running finish. For an interrupted run. */
void icp_pool_cancel(struct icp_pool *pool);

/** Lets the threads finish the queue, joins them and frees the workers;
 * NULL is a no-op. */
void icp_pool_free(struct icp_pool *pool);

#endif
