/* icpcheck: the command line. Parses the options, sets up the libraries once,
 * walks the inputs and hands them to the run loop; no checking logic. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/options.h"
#include "cli/run.h"
#include "cli/serve.h"
#include "cli/walk.h"

static int usage_error(char *msg)
{
    fprintf(stderr,
            "icpcheck: %s\nTry 'icpcheck --help' for more "
            "information.\n",
            msg);
    g_free(msg);
    return 2;
}

/* Defaults that depend on where the output goes and how many cores run. */
static void finish_defaults(struct icp_cli *cli)
{
    if (!cli->format_given)
        cli->format =
            isatty(STDOUT_FILENO) ? ICP_FORMAT_TEXT : ICP_FORMAT_JSONL;
    if (cli->jobs <= 0)
        cli->jobs = (int)g_get_num_processors();
}

static struct icp_walk *walk_inputs(const struct icp_cli *cli)
{
    struct icp_walk *walk =
        icp_walk_new(cli->command == ICP_CMD_SCAN, cli->opts.lang);
    icp_walk_set_shard(walk, cli->shard_index, cli->shard_count);
    for (int i = 0; i < cli->n_paths; i++)
        icp_walk_add(walk, cli->paths[i]);
    char *err = NULL;
    if (cli->files_from && icp_walk_add_list(walk, cli->files_from, &err)) {
        fprintf(stderr, "icpcheck: %s\n", err);
        g_free(err);
        icp_walk_free(walk);
        return NULL;
    }
    return walk;
}

static int scan(struct icp_cli *cli, gint64 start)
{
    char *err = NULL;
    int status = 2;
    struct icp_context *ctx = NULL;
    struct icp_walk *walk = NULL;
    if (icp_init("icpcheck")) {
        fprintf(stderr, "icpcheck: cannot start libvips\n");
        return 2;
    }
    ctx = icp_context_new(&cli->opts, &err);
    if (!ctx) {
        fprintf(stderr, "icpcheck: %s\n", err);
        g_free(err);
        goto out;
    }
    if (cli->command == ICP_CMD_SERVE) {
        status = icp_serve(cli, ctx);
        goto out;
    }
    walk = walk_inputs(cli);
    if (!walk)
        goto out;
    status = icp_run(cli, ctx, walk, start);
out:
    icp_walk_free(walk);
    icp_context_free(ctx);
    icp_shutdown();
    return status;
}

/* Tesseract's OpenMP would start threads of its own in every worker, and
 * libgomp reads OMP_THREAD_LIMIT once, when it is loaded, before main runs:
 * setting it now is too late, so run ourselves again with it set. */
static void limit_openmp(char **argv)
{
    if (getenv("OMP_THREAD_LIMIT"))
        return;
    setenv("OMP_THREAD_LIMIT", "1", 1);
    execv("/proc/self/exe", argv);
    /* No /proc: carry on, only slower. */
}

/* glibc raises its mmap threshold each time a large block is freed, so
 * after the first photo the decoded images (tens of MB) come from the heap
 * and their pages stay resident after free, and every thread that
 * allocates gets an arena of its own. One arena per worker keeps freed
 * memory reusable. The thresholds are raised to 16 MB: within a file the
 * same buffers (working copies, Tesseract's network arrays) are freed and
 * allocated again many times, and a 1 MB threshold (as before) mapped and
 * page-faulted each of them anew. Measured on 18 phone photos (2 of each
 * type), CPU user+sys: -j 1 29.6 s before, 25.0 s after; -j 2 peak RSS
 * 305 MB before, 300 MB after (64 MB thresholds: 313 MB), but on 45
 * photos (5 of each type) at -j 2, 332 MB before and 360 MB after. Only
 * the full decodes of 12-MP photos (36 MB) still go to mmap and back at
 * once; what a file leaves free on the heap is handed back after each
 * file (the pool's malloc_trim), so memory stays flat over a batch. */
#define MALLOC_HIGH_THRESHOLD (16 * 1024 * 1024)

static void tune_malloc(int jobs)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, MALLOC_HIGH_THRESHOLD);
    mallopt(M_TRIM_THRESHOLD, MALLOC_HIGH_THRESHOLD);
    mallopt(M_ARENA_MAX, jobs > 1 ? jobs : 1);
#else
    (void)jobs;
#endif
}

int main(int argc, char **argv)
{
    limit_openmp(argv);
    gint64 start = g_get_monotonic_time();
    struct icp_cli cli;
    char *err = NULL;
    if (icp_cli_parse(argc, argv, &cli, &err))
        return usage_error(err);
    if (cli.command == ICP_CMD_HELP) {
        icp_cli_help(stdout);
        return 0;
    }
    if (cli.command == ICP_CMD_VERSION) {
        printf("icpcheck %s\n", icp_version());
        return 0;
    }
    finish_defaults(&cli);
    tune_malloc(cli.jobs);
    return scan(&cli, start);
}
