/* The run loop: take items from the lazy walk a bounded window ahead, hand
 * files to the pool, print records in walk order as they complete, run each
 * application's rules after its files, keep the progress bar, the exit
 * status, and stop cleanly on SIGINT or SIGTERM. */
#include "cli/run.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cli/pool.h"
#include "cli/progress.h"
#include "cli/resume.h"
#include "core/result.h"
#include "core/util.h"
#include "icpcheck/html.h"

struct run {
    const struct icp_cli *cli;
    struct icp_walk *walk;
    struct icp_pool *pool;
    struct icp_report *rep;
    struct icp_html *html;
    struct icp_resume *resume;
    struct icp_progress progress;
    GQueue window; /* struct icp_item *, in output order */
    struct icp_application *app; /* the folder whose files are printing */
    bool stdout_tty;
    enum icp_verdict worst;
    long walk_done, walk_failed; /* records not made by the pool */
    long resumed;
    bool write_failed;
    gint interrupted; /* atomic: a signal asked us to stop */
    gint stop_watch;  /* atomic: the signal and counting threads end */
    gint total;       /* atomic: files to come, -1 while counting */
};

static void show_progress(struct run *r, bool force)
{
    long done = 0, failed = 0;
    icp_pool_progress(r->pool, &done, &failed);
    r->progress.total = g_atomic_int_get(&r->total);
    icp_progress_update(&r->progress, done + r->walk_done,
                        failed + r->walk_failed, force);
}

static void note_verdict(struct run *r, enum icp_verdict v)
{
    if (v > r->worst)
        r->worst = v;
}

/* Prints a file's record and hands it to its application; frees `res`. */
static void print_file(struct run *r, struct icp_item *it,
                       struct icp_result *res, const char *thumb)
{
    if (r->stdout_tty)
        icp_progress_clear(&r->progress);
    if (icp_report_file(r->rep, res) || fflush(stdout))
        r->write_failed = true;
    if (r->html)
        icp_html_file(r->html, res, thumb);
    if (it->in_app) {
        if (!r->app)
            r->app = icp_application_new(it->display, r->cli->opts.entity,
                                         r->cli->opts.lang);
        icp_application_add(r->app, res);
    }
    note_verdict(r, icp_result_verdict(res));
    icp_result_free(res);
}

/* The application record of the folder `it`, after its files. */
static void print_application(struct run *r, const struct icp_item *it)
{
    if (!r->app)
        return;
    struct icp_app_record rec;
    icp_application_finish(r->app, &rec);
    rec.path = it->display;
    note_verdict(r, rec.verdict);
    if (r->stdout_tty)
        icp_progress_clear(&r->progress);
    if (icp_report_application(r->rep, &rec) || fflush(stdout))
        r->write_failed = true;
    if (r->html)
        icp_html_application(r->html, &rec);
    icp_application_free(r->app);
    r->app = NULL;
}

/* Waits for the item's task; false when the run was interrupted first. */
static bool wait_for(struct run *r, struct icp_item *it)
{
    /* Wake up ten times a second to keep the bar moving and to notice a
     * signal. */
    while (!icp_pool_wait(r->pool, &it->task,
                          g_get_monotonic_time() + G_USEC_PER_SEC / 10)) {
        if (g_atomic_int_get(&r->interrupted))
            return false;
        show_progress(r, false);
    }
    return true;
}

static void print_item(struct run *r, struct icp_item *it)
{
    struct icp_result *res = NULL;
    switch (it->kind) {
    case ICP_ITEM_FILE:
        if (!wait_for(r, it))
            return;
        res = it->task.result;
        it->task.result = NULL;
        if (res->resumed) {
            r->resumed++;
            r->walk_done++;
            r->walk_failed += icp_result_verdict(res) >= ICP_VERDICT_FAIL;
        }
        print_file(r, it, res, it->task.thumb);
        break;
    case ICP_ITEM_RESULT:
        res = it->result;
        it->result = NULL;
        r->walk_done++;
        r->walk_failed += icp_result_verdict(res) >= ICP_VERDICT_FAIL;
        print_file(r, it, res, NULL);
        break;
    case ICP_ITEM_APPLICATION:
        print_application(r, it);
        break;
    }
    show_progress(r, false);
}

/* Takes the next item from the walk into the window, handing files to the
 * pool. False when the walk is over. */
static bool take(struct run *r)
{
    struct icp_item *it = icp_walk_next(r->walk);
    if (!it)
        return false;
    if (it->kind == ICP_ITEM_FILE) {
        it->task.path = it->path;
        it->task.display = it->display;
        /* A file recorded by an earlier run, unchanged since: the pool
         * only hashes it for its application. */
        if (r->resume && it->has_stat)
            it->task.result =
                icp_resume_take(r->resume, it->display, it->size, it->mtime,
                                r->cli->opts.lang);
        icp_pool_push(r->pool, &it->task);
    }
    g_queue_push_tail(&r->window, it);
    return true;
}

static void loop(struct run *r)
{
    /* Bounded: at most `window` items ahead of the printer, so that neither
     * the queue nor the results waiting to be printed grow with the
     * input. */
    guint window = (guint)r->cli->jobs * 4;
    bool more = true;
    while (!r->write_failed && !g_atomic_int_get(&r->interrupted)) {
        while (more && r->window.length < window)
            more = take(r);
        struct icp_item *it = g_queue_peek_head(&r->window);
        if (!it)
            break;
        print_item(r, it);
        if (g_atomic_int_get(&r->interrupted) && it->kind == ICP_ITEM_FILE &&
            !it->task.done)
            break;
        icp_walk_item_free(g_queue_pop_head(&r->window));
    }
}

/* SIGINT and SIGTERM are blocked in every thread and taken here, so that
 * no handler runs inside a library call: the first asks the run to stop
 * after the record being written; a second one ends the program at once. */
static gpointer watch_signals(gpointer data)
{
    struct run *r = data;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    struct timespec tick = {0, 100 * 1000 * 1000};
    while (!g_atomic_int_get(&r->stop_watch)) {
        if (sigtimedwait(&set, NULL, &tick) < 0)
            continue;
        if (g_atomic_int_get(&r->interrupted))
            _exit(130);
        g_atomic_int_set(&r->interrupted, 1);
    }
    return NULL;
}

/* Counts the files to come for the progress bar, beside the run. */
static gpointer count_files(gpointer data)
{
    struct run *r = data;
    const struct icp_cli *cli = r->cli;
    long n = 0;
    for (int i = 0; i < cli->n_paths; i++)
        n += icp_walk_count(cli->paths[i], cli->command == ICP_CMD_SCAN,
                            cli->shard_index, cli->shard_count,
                            &r->stop_watch);
    if (!g_atomic_int_get(&r->stop_watch))
        g_atomic_int_set(&r->total, (gint)(n > G_MAXINT ? G_MAXINT : n));
    return NULL;
}

/* https://no-color.org: set and not empty. */
static bool no_colour(void)
{
    const char *v = g_getenv("NO_COLOR");
    return v && v[0];
}

static bool stderr_bar_wanted(const struct icp_cli *cli)
{
    return !cli->quiet && isatty(STDERR_FILENO);
}

/* Opens what the run needs besides the walk; 0, or -1 after a message. */
static int open_extras(struct run *r, const struct icp_cli *cli)
{
    char *err = NULL;
    if (cli->resume) {
        r->resume = icp_resume_open(cli->resume, &err);
        if (!r->resume)
            goto fail;
    }
    if (cli->report_html) {
        r->html = icp_html_new(cli->report_html, cli->opts.lang, &err);
        if (!r->html)
            goto fail;
    }
    return 0;
fail:
    fprintf(stderr, "icpcheck: %s\n", err);
    g_free(err);
    return -1;
}

int icp_run(const struct icp_cli *cli, const struct icp_context *ctx,
            struct icp_walk *walk, gint64 start)
{
    struct run r = {.cli = cli, .walk = walk, .total = -1};
    char *err = NULL;
    int status = 2;
    GThread *watcher = NULL, *counter = NULL;
    g_queue_init(&r.window);
    /* Blocked before any thread starts, so that every thread inherits
     * it and only the watcher takes the signals. */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    if (open_extras(&r, cli))
        goto out;
    r.pool = icp_pool_new(ctx, cli->jobs, r.html != NULL, &err);
    if (!r.pool) {
        fprintf(stderr, "icpcheck: cannot start the workers: %s\n", err);
        g_free(err);
        goto out;
    }
    watcher = g_thread_new("icpcheck-signals", watch_signals, &r);
    r.stdout_tty = isatty(STDOUT_FILENO);
    struct icp_report_options ro = {
        .format = cli->format,
        .lang = cli->opts.lang,
        .colour = r.stdout_tty && !no_colour(),
    };
    r.rep = icp_report_new(stdout, &ro);
    icp_progress_init(&r.progress, stderr_bar_wanted(cli), -1);
    if (r.progress.on && !cli->files_from)
        counter = g_thread_new("icpcheck-count", count_files, &r);
    loop(&r);
    bool interrupted = g_atomic_int_get(&r.interrupted);
    if (interrupted)
        icp_pool_cancel(r.pool);
    icp_progress_clear(&r.progress);
    double seconds = (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
    icp_report_note(r.rep, r.resume ? r.resumed : -1, interrupted);
    if (!r.write_failed &&
        icp_report_finish(r.rep, icp_walk_skipped(walk), seconds))
        r.write_failed = true;
    if (r.html && icp_html_finish(r.html, interrupted, &err)) {
        fprintf(stderr, "icpcheck: %s\n", err);
        g_free(err);
        r.write_failed = true;
    }
    if (r.write_failed)
        fprintf(stderr, "icpcheck: cannot write the report\n");
    status = r.write_failed || icp_walk_list_failed(walk) ? 2
             : interrupted                               ? 130
             : r.worst >= ICP_VERDICT_FAIL               ? 1
                                                         : 0;
out:
    g_atomic_int_set(&r.stop_watch, 1);
    /* The pool first: its threads may still run tasks of the window. */
    icp_pool_free(r.pool);
    icp_waits_report();
    g_queue_clear_full(&r.window, (GDestroyNotify)icp_walk_item_free);
    if (counter)
        g_thread_join(counter);
    if (watcher)
        g_thread_join(watcher);
    icp_application_free(r.app);
    icp_report_free(r.rep);
    icp_html_free(r.html);
    icp_resume_free(r.resume);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return status;
}
