/* The worker pool: GLib threads around one shared queue. The queue is
 * bounded by the caller, which pushes only a window ahead of what it has
 * printed. */
#include "cli/pool.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "core/result.h"
#include "core/util.h"
#include "icpcheck/html.h"

struct thread_arg {
    struct icp_pool *pool;
    struct icp_worker *worker;
};

struct icp_pool {
    GMutex lock;
    GCond work;     /* a task was queued, or the pool is stopping */
    GCond finished; /* a task is done */
    GQueue queue;   /* struct icp_task *, oldest first */
    bool stopping;
    long done, failed;
    GThread **threads;
    struct thread_arg *args;
    int n_workers, n; /* workers made, threads started */
    bool thumbnails;
    const struct icp_context *ctx;
};

/* The oldest queued task (borrowed), or NULL once the pool stops and the
 * queue is empty. */
static struct icp_task *next_task(struct icp_pool *pool)
{
    gint64 t0 = g_get_monotonic_time();
    bool waited = false;
    g_mutex_lock(&pool->lock);
    while (g_queue_is_empty(&pool->queue) && !pool->stopping) {
        waited = true;
        g_cond_wait(&pool->work, &pool->lock);
    }
    struct icp_task *t = g_queue_pop_head(&pool->queue);
    if (waited && t)
        icp_wait_add(ICP_WAIT_QUEUE, g_get_monotonic_time() - t0);
    g_mutex_unlock(&pool->lock);
    return t;
}

/* A file an earlier run recorded is not checked again, but the duplicate
 * check of its application needs the hash of its bytes. */
static void hash_file(struct icp_pool *pool, const char *path,
                      struct icp_result *res)
{
    char *data = NULL;
    gsize len = 0;
    if (res->size <= icp_context_options(pool->ctx)->max_bytes &&
        g_file_get_contents(path, &data, &len, NULL) && len > 0)
        icp_result_hash(res, data, len);
    g_free(data);
}

/* An upload's thumbnail, only for an image that passed intake: the
 * thumbnail decodes the image again, and the limits are intake's. */
static char *thumbnail_buffer(const void *data, size_t len,
                              const struct icp_result *res)
{
    for (size_t i = 0; i < res->n_findings; i++)
        if (g_str_has_prefix(res->findings[i].rule, "input.") &&
            strcmp(res->findings[i].rule, "input.timeout") != 0)
            return NULL;
    return icp_html_thumbnail_buffer(data, len, res);
}

static gpointer thread_main(gpointer data)
{
    struct thread_arg *arg = data;
    struct icp_pool *pool = arg->pool;
    struct icp_task *t;
    while ((t = next_task(pool))) {
        struct icp_result *res = t->result;
        char *thumb = NULL;
        if (t->deadline && g_get_monotonic_time() >= t->deadline)
            res = NULL; /* waited too long: its request has given up */
        else if (t->in_memory)
            res = icp_check_buffer_with(arg->worker, t->opts, t->data, t->len,
                                        t->display);
        else if (res)
            hash_file(pool, t->path, res);
        else
            res = icp_check_file(arg->worker, t->path, t->display);
        if (res && (t->want_thumb || pool->thumbnails))
            thumb = t->in_memory ? thumbnail_buffer(t->data, t->len, res)
                            : icp_html_thumbnail(t->path, res);
#ifdef __GLIBC__
        /* The file's buffers are free now but, under the high thresholds
         * main() sets, still resident: give their pages back so that a
         * batch's memory stays flat and a long-lived server shrinks when
         * idle. The pages come back as faults in the next file: on 45
         * phone photos at -j 2, trimming only when more than 64 MB lay
         * free cut CPU by about 10 % (user+sys 63.5 s to 55.5 s) but raised
         * peak RSS from 331 to 362 MB (never trimming: 368 MB), so the
         * trim stays while memory is over its goal. */
        gint64 trim_start = g_get_monotonic_time();
        malloc_trim(0);
        icp_wait_add(ICP_WAIT_TRIM, g_get_monotonic_time() - trim_start);
#endif
        /* Read before `done`: from then on the task may be freed. */
        void (*on_done)(struct icp_task *, void *) = t->on_done;
        void *on_done_arg = t->on_done_arg;
        g_mutex_lock(&pool->lock);
        t->result = res;
        t->thumb = thumb;
        t->done = true;
        pool->done++;
        if (res && icp_result_verdict(res) >= ICP_VERDICT_FAIL)
            pool->failed++;
        g_cond_broadcast(&pool->finished);
        g_mutex_unlock(&pool->lock);
        /* The task may be gone (a batch's printer frees it): only a task
         * with a callback, which stays until called, is passed on. */
        if (on_done)
            on_done(t, on_done_arg);
    }
    return NULL;
}

struct icp_pool *icp_pool_new(const struct icp_context *ctx, int n,
                              bool thumbnails, char **err_out)
{
    *err_out = NULL;
    struct icp_pool *pool = xcalloc(1, sizeof *pool);
    pool->ctx = ctx;
    pool->thumbnails = thumbnails;
    g_mutex_init(&pool->lock);
    g_cond_init(&pool->work);
    g_cond_init(&pool->finished);
    g_queue_init(&pool->queue);
    pool->threads = xcalloc((size_t)n, sizeof *pool->threads);
    pool->args = xcalloc((size_t)n, sizeof *pool->args);
    /* Workers are made here, before any thread runs, so that a failure is
     * reported at once; each belongs to one thread from then on. */
    for (int i = 0; i < n; i++) {
        pool->args[i].pool = pool;
        pool->args[i].worker = icp_worker_new(ctx, err_out);
        if (!pool->args[i].worker) {
            icp_pool_free(pool);
            return NULL;
        }
        pool->n_workers++;
    }
    for (int i = 0; i < n; i++, pool->n++)
        pool->threads[i] =
            g_thread_new("icpcheck-worker", thread_main, &pool->args[i]);
    return pool;
}

void icp_pool_push(struct icp_pool *pool, struct icp_task *task)
{
    g_mutex_lock(&pool->lock);
    g_queue_push_tail(&pool->queue, task);
    g_cond_signal(&pool->work);
    g_mutex_unlock(&pool->lock);
}

bool icp_pool_wait(struct icp_pool *pool, struct icp_task *task,
                   gint64 deadline)
{
    g_mutex_lock(&pool->lock);
    while (!task->done)
        if (!g_cond_wait_until(&pool->finished, &pool->lock, deadline))
            break;
    bool done = task->done;
    g_mutex_unlock(&pool->lock);
    return done;
}

void icp_pool_progress(struct icp_pool *pool, long *done, long *failed)
{
    g_mutex_lock(&pool->lock);
    *done = pool->done;
    *failed = pool->failed;
    g_mutex_unlock(&pool->lock);
}

void icp_pool_cancel(struct icp_pool *pool)
{
    GQueue dropped = G_QUEUE_INIT;
    g_mutex_lock(&pool->lock);
    struct icp_task *t;
    while ((t = g_queue_pop_head(&pool->queue)))
        if (t->on_done) {
            t->done = true;
            g_queue_push_tail(&dropped, t);
        }
    g_cond_broadcast(&pool->finished);
    g_mutex_unlock(&pool->lock);
    /* Called back outside the lock, as a thread would. */
    while ((t = g_queue_pop_head(&dropped)))
        t->on_done(t, t->on_done_arg);
}

void icp_pool_free(struct icp_pool *pool)
{
    if (!pool)
        return;
    g_mutex_lock(&pool->lock);
    pool->stopping = true;
    g_cond_broadcast(&pool->work);
    g_mutex_unlock(&pool->lock);
    for (int i = 0; i < pool->n; i++)
        g_thread_join(pool->threads[i]);
    /* Workers that no thread ran (a failed start) are freed here too. */
    for (int i = 0; i < pool->n_workers; i++)
        icp_worker_free(pool->args[i].worker);
    free(pool->threads);
    free(pool->args);
    g_queue_clear(&pool->queue);
    g_cond_clear(&pool->finished);
    g_cond_clear(&pool->work);
    g_mutex_clear(&pool->lock);
    free(pool);
}
