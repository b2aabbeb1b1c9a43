/* The limits against hostile input: --timeout and --max-memory-mb values,
 * the --files-from line splitter, and the decoded-size budget of intake. */
#include <glib.h>
#include <string.h>

#include "cli/options.h"
#include "cli/walk.h"
#include "core/image.h"
#include "harness.h"

static void test_seconds(void)
{
    long ms = -1;
    INT_EQ(icp_opt_seconds("60", 86400, &ms), 0);
    INT_EQ(ms, 60000);
    INT_EQ(icp_opt_seconds("0", 86400, &ms), 0);
    INT_EQ(ms, 0);
    INT_EQ(icp_opt_seconds("0.5", 86400, &ms), 0);
    INT_EQ(ms, 500);
    INT_EQ(icp_opt_seconds("0.001", 86400, &ms), 0);
    INT_EQ(ms, 1);
    INT_EQ(icp_opt_seconds("86400", 86400, &ms), 0);
    INT_EQ(ms, 86400000);
    const char *bad[] = {"",     "-1",  "1e3",    "0x10", " 1",     "1 ",
                         "1.",   ".5",  "0.0001", "inf",  "86400.1", "86401",
                         "1,5", "99999999999999999999"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        ms = -7;
        OK(icp_opt_seconds(bad[i], 86400, &ms) == -1);
        INT_EQ(ms, -7);
    }
}

static void test_parse_limits(void)
{
    struct icp_cli cli;
    char *err = NULL;
    char *a[] = {"icpcheck", "check", "--timeout", "2.5", "--max-memory-mb",
                 "64", "f.jpg", NULL};
    INT_EQ(icp_cli_parse(7, a, &cli, &err), 0);
    INT_EQ(cli.opts.timeout_ms, 2500);
    INT_EQ(cli.opts.max_memory, 64LL << 20);
    char *b[] = {"icpcheck", "check", "--max-memory-mb", "8", "f.jpg", NULL};
    INT_EQ(icp_cli_parse(5, b, &cli, &err), -1);
    OK(err && strstr(err, "--max-memory-mb"));
    g_free(err);
    err = NULL;
    char *c[] = {"icpcheck", "check", "f.jpg", NULL};
    INT_EQ(icp_cli_parse(3, c, &cli, &err), 0);
    INT_EQ(cli.opts.timeout_ms, 60000); /* the documented defaults */
    INT_EQ(cli.opts.max_memory, 1024LL << 20);
}

static void test_lines(void)
{
    /* Blank lines come back as empty lines: the walk skips them. */
    char text[] = "a.jpg\r\n\n\tb c.jpg\nlast.jpg";
    const char *want[] = {"a.jpg", "", "\tb c.jpg", "last.jpg"};
    FILE *f = fmemopen(text, strlen(text), "r");
    char buf[64];
    size_t n = 0;
    int rc;
    while ((rc = icp_walk_read_line(f, buf, sizeof buf)) == 1) {
        OK(n < G_N_ELEMENTS(want));
        if (n < G_N_ELEMENTS(want))
            STR_EQ(buf, want[n]);
        n++;
    }
    INT_EQ(rc, 0);
    INT_EQ(n, 4);
    fclose(f);
}

static void test_list_refuses_nul_and_overlong(void)
{
    char nul[] = "a.jpg\nb\0c.jpg\n";
    FILE *f = fmemopen(nul, sizeof nul - 1, "r");
    char buf[8];
    INT_EQ(icp_walk_read_line(f, buf, sizeof buf), 1);
    INT_EQ(icp_walk_read_line(f, buf, sizeof buf), -1);
    fclose(f);
    char longer[] = "0123456789.jpg\n";
    f = fmemopen(longer, strlen(longer), "r");
    INT_EQ(icp_walk_read_line(f, buf, sizeof buf), -1);
    fclose(f);
}

/* A 3000×2000 grey PNG: 6 Mpx is about 24 MB decoded (1 band + the 3-band
 * working copy), over a 16 MB budget, refused from the header. */
static void test_memory_budget(void)
{
    VipsImage *im = vips_image_new_matrix(3000, 2000), *u = NULL;
    void *png = NULL;
    size_t len = 0;
    OK(vips_cast_uchar(im, &u, NULL) == 0);
    OK(u && vips_pngsave_buffer(u, &png, &len, "compression", 9, NULL) == 0);
    struct icp_options o;
    icp_options_init(&o);
    o.max_memory = 16LL << 20;
    char *err = NULL;
    struct icp_context *ctx = icp_context_new(&o, &err);
    OK(ctx != NULL);
    struct icp_result *res = icp_result_new("budget.png", ICP_LANG_EN);
    struct icp_image *img = NULL;
    if (ctx && png) {
        INT_EQ(icp_image_open_buffer(ctx, png, len, res, &img), -1);
        OK(icp_result_has(res, "input.too_large"));
    }
    icp_image_free(img);
    icp_result_free(res);
    icp_context_free(ctx);
    g_free(err);
    g_free(png);
    VIPS_UNREF(u);
    VIPS_UNREF(im);
}

int main(void)
{
    if (VIPS_INIT("test_limits"))
        return 1;
    RUN(test_seconds);
    RUN(test_parse_limits);
    RUN(test_lines);
    RUN(test_list_refuses_nul_and_overlong);
    RUN(test_memory_budget);
    int rc = TEST_DONE();
    vips_shutdown();
    return rc;
}
