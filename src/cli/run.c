/* The run loop: push a window of files ahead to the pool, print records in
 * input order as they complete, keep the progress bar and the exit status. */
#include "cli/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/pool.h"
#include "cli/progress.h"

struct run {
    const struct icp_cli *cli;
    struct icp_walk *walk;
    struct icp_pool *pool;
    struct icp_report *rep;
    struct icp_progress progress;
    bool stdout_tty;
    enum icp_verdict worst;
    long walk_done, walk_failed; /* records the walk made, printed so far */
    bool write_failed;
};

static struct icp_item *item_at(struct run *r, size_t i)
{
    return &g_array_index(r->walk->items, struct icp_item, i);
}

static void show_progress(struct run *r, bool force)
{
    long done = 0, failed = 0;
    icp_pool_progress(r->pool, &done, &failed);
    icp_progress_update(&r->progress, done + r->walk_done,
                        failed + r->walk_failed, force);
}

static void note_verdict(struct run *r, enum icp_verdict v)
{
    if (v > r->worst)
        r->worst = v;
}

/* Prints a file's record and keeps what its application needs. */
static void print_file(struct run *r, struct icp_item *it,
                       struct icp_result *res)
{
    if (r->stdout_tty)
        icp_progress_clear(&r->progress);
    if (icp_report_file(r->rep, res) || fflush(stdout))
        r->write_failed = true;
    it->verdict = icp_result_verdict(res);
    it->type = icp_result_type(res);
    note_verdict(r, it->verdict);
    icp_result_free(res);
}

/* The application record. The application-level rules (missing materials,
 * duplicates) belong to src/checks/application.c; until they exist the
 * record says what the walk knows: its files, the worst of their verdicts
 * and the entity (organisation when a business licence is among them). */
static void print_application(struct run *r, const struct icp_item *app)
{
    struct icp_app_record rec = {.path = app->display,
                                 .verdict = ICP_VERDICT_PASS,
                                 .entity = r->cli->opts.entity,
                                 .files = (int)app->count};
    bool licence = false;
    for (size_t i = app->first; i < app->first + app->count; i++) {
        const struct icp_item *f = item_at(r, i);
        if (f->verdict > rec.verdict)
            rec.verdict = f->verdict;
        licence |= f->type == ICP_TYPE_BUSINESS_LICENSE;
    }
    if (rec.entity == ICP_ENTITY_AUTO)
        rec.entity = licence ? ICP_ENTITY_ORGANISATION : ICP_ENTITY_PERSONAL;
    note_verdict(r, rec.verdict);
    if (r->stdout_tty)
        icp_progress_clear(&r->progress);
    if (icp_report_application(r->rep, &rec) || fflush(stdout))
        r->write_failed = true;
}

/* The item's result, once checked; the caller then owns it (free with
 * icp_result_free()). */
static struct icp_result *wait_for(struct run *r, struct icp_item *it)
{
    /* Wake up ten times a second to keep the bar moving. */
    while (!icp_pool_wait(r->pool, &it->task,
                          g_get_monotonic_time() + G_USEC_PER_SEC / 10))
        show_progress(r, false);
    struct icp_result *res = it->task.result;
    it->task.result = NULL;
    return res;
}

static void print_item(struct run *r, struct icp_item *it)
{
    struct icp_result *res = NULL;
    switch (it->kind) {
    case ICP_ITEM_FILE:
        print_file(r, it, wait_for(r, it));
        break;
    case ICP_ITEM_RESULT:
        res = it->result;
        it->result = NULL;
        r->walk_done++;
        r->walk_failed += icp_result_verdict(res) >= ICP_VERDICT_FAIL;
        print_file(r, it, res);
        break;
    case ICP_ITEM_APPLICATION:
        print_application(r, it);
        break;
    }
    show_progress(r, false);
}

static void loop(struct run *r)
{
    size_t n = r->walk->items->len, next = 0;
    /* Bounded: at most `window` items ahead of the printer, so that neither
     * the queue nor the results waiting to be printed grow with the input. */
    size_t window = (size_t)r->cli->jobs * 4;
    for (size_t i = 0; i < n && !r->write_failed; i++) {
        for (; next < n && next < i + window; next++) {
            struct icp_item *it = item_at(r, next);
            if (it->kind != ICP_ITEM_FILE)
                continue;
            it->task.path = it->path;
            it->task.display = it->display;
            icp_pool_push(r->pool, &it->task);
        }
        print_item(r, item_at(r, i));
    }
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

int icp_run(const struct icp_cli *cli, const struct icp_context *ctx,
            struct icp_walk *walk, gint64 start)
{
    struct run r = {.cli = cli, .walk = walk};
    char *err = NULL;
    r.pool = icp_pool_new(ctx, cli->jobs, &err);
    if (!r.pool) {
        fprintf(stderr, "icpcheck: cannot start the workers: %s\n", err);
        g_free(err);
        return 2;
    }
    r.stdout_tty = isatty(STDOUT_FILENO);
    struct icp_report_options ro = {
        .format = cli->format,
        .lang = cli->opts.lang,
        .colour = r.stdout_tty && !no_colour(),
    };
    r.rep = icp_report_new(stdout, &ro);
    icp_progress_init(&r.progress, stderr_bar_wanted(cli), walk->records);
    loop(&r);
    icp_progress_clear(&r.progress);
    double seconds = (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
    if (!r.write_failed && icp_report_finish(r.rep, walk->skipped, seconds))
        r.write_failed = true;
    icp_pool_free(r.pool);
    icp_report_free(r.rep);
    if (r.write_failed) {
        fprintf(stderr, "icpcheck: cannot write the report to stdout\n");
        return 2;
    }
    return r.worst >= ICP_VERDICT_FAIL ? 1 : 0;
}
