/* Option values and the command-line parse. */
#include <stdlib.h>

#include "cli/options.h"
#include "cli/progress.h"
#include "cli/walk.h"
#include "harness.h"

static void test_date_valid(void)
{
    int y = 0, m = 0, d = 0;
    INT_EQ(icp_opt_date("2026-11-24", &y, &m, &d), 0);
    INT_EQ(y, 2026);
    INT_EQ(m, 11);
    INT_EQ(d, 24);
    INT_EQ(icp_opt_date("2024-02-29", &y, &m, &d), 0);
    INT_EQ(icp_opt_date("2000-02-29", &y, &m, &d), 0);
    INT_EQ(icp_opt_date("2026-12-31", &y, &m, &d), 0);
}

static void test_date_invalid(void)
{
    int y = 7, m = 7, d = 7;
    const char *bad[] = {
        "2026-02-29",  "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
        "2026-01-00",  "26-01-01",   "2026-1-01",  "2026/01/01", "2026-01-01x",
        " 2026-01-01", "",           "1899-12-31", "2026-0a-01", "+026-01-01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        INT_EQ(icp_opt_date(bad[i], &y, &m, &d), -1);
    INT_EQ(y, 7); /* untouched on failure */
}

static void test_int(void)
{
    long v = 0;
    INT_EQ(icp_opt_int("3", 0, 120, &v), 0);
    INT_EQ(v, 3);
    INT_EQ(icp_opt_int("0", 0, 120, &v), 0);
    INT_EQ(icp_opt_int("121", 0, 120, &v), -1);
    INT_EQ(icp_opt_int("-1", 0, 120, &v), -1);
    INT_EQ(icp_opt_int("", 0, 120, &v), -1);
    INT_EQ(icp_opt_int(" 3", 0, 120, &v), -1);
    INT_EQ(icp_opt_int("+3", 0, 120, &v), -1);
    INT_EQ(icp_opt_int("3x", 0, 120, &v), -1);
    INT_EQ(icp_opt_int("99999999999999999999", 0, 120, &v), -1);
    INT_EQ(v, 0);
}

static void test_size(void)
{
    long long v = 0;
    INT_EQ(icp_opt_size("50M", 1024, 1, 1LL << 40, &v), 0);
    INT_EQ(v, 50LL * 1024 * 1024);
    INT_EQ(icp_opt_size("100m", 1000, 1, 1LL << 40, &v), 0);
    INT_EQ(v, 100000000);
    INT_EQ(icp_opt_size("2k", 1000, 1, 1LL << 40, &v), 0);
    INT_EQ(v, 2000);
    INT_EQ(icp_opt_size("1G", 1024, 1, 1LL << 40, &v), 0);
    INT_EQ(icp_opt_size("12345", 1024, 1, 1LL << 40, &v), 0);
    INT_EQ(v, 12345);
    INT_EQ(icp_opt_size("0", 1024, 1, 1LL << 40, &v), -1);
    INT_EQ(icp_opt_size("5T", 1024, 1, 1LL << 40, &v), -1);
    INT_EQ(icp_opt_size("5MB", 1024, 1, 1LL << 40, &v), -1);
    INT_EQ(icp_opt_size("-5", 1024, 1, 1LL << 40, &v), -1);
    INT_EQ(icp_opt_size("9999999999999G", 1024, 1, 1LL << 62, &v), -1);
}

static void test_enums(void)
{
    enum icp_entity e;
    enum icp_lang l;
    enum icp_format f;
    INT_EQ(icp_opt_entity("personal", &e), 0);
    INT_EQ(e, ICP_ENTITY_PERSONAL);
    INT_EQ(icp_opt_entity("organization", &e), 0);
    INT_EQ(e, ICP_ENTITY_ORGANISATION);
    INT_EQ(icp_opt_entity("company", &e), -1);
    INT_EQ(icp_opt_lang("en", &l), 0);
    INT_EQ(l, ICP_LANG_EN);
    INT_EQ(icp_opt_lang("fr", &l), -1);
    INT_EQ(icp_format_parse("jsonl", &f), 0);
    INT_EQ(f, ICP_FORMAT_JSONL);
    INT_EQ(icp_format_parse("xml", &f), -1);
    STR_EQ(icp_format_name(ICP_FORMAT_CSV), "csv");
}

static void test_lang_from_env(void)
{
    INT_EQ(icp_opt_lang_from_env(NULL, NULL, NULL), ICP_LANG_ZH);
    INT_EQ(icp_opt_lang_from_env(NULL, NULL, "en_US.UTF-8"), ICP_LANG_EN);
    INT_EQ(icp_opt_lang_from_env(NULL, NULL, "C.UTF-8"), ICP_LANG_ZH);
    INT_EQ(icp_opt_lang_from_env("zh_CN.UTF-8", NULL, "en_GB"), ICP_LANG_ZH);
    INT_EQ(icp_opt_lang_from_env("", "en_GB", "zh_CN"), ICP_LANG_EN);
}

/* Parses a command line given as a NULL-terminated list. */
static int parse(struct icp_cli *cli, char **err, const char *const *args)
{
    static char *argv[32];
    int argc = 0;
    for (; args[argc]; argc++)
        argv[argc] = (char *)args[argc];
    argv[argc] = NULL;
    g_free(*err);
    *err = NULL;
    return icp_cli_parse(argc, argv, cli, err);
}

static void test_parse_good(void)
{
    struct icp_cli cli;
    char *err = NULL;
    const char *a[] = {"icpcheck", "scan",     "--today", "2026-11-24",
                       "-j",       "3",        "dir",     "--format=csv",
                       "--type",   "passport", "-q",      NULL};
    INT_EQ(parse(&cli, &err, a), 0);
    INT_EQ(cli.command, ICP_CMD_SCAN);
    INT_EQ(cli.opts.today_year, 2026);
    INT_EQ(cli.jobs, 3);
    INT_EQ(cli.format, ICP_FORMAT_CSV);
    OK(cli.format_given);
    OK(cli.quiet);
    INT_EQ(cli.opts.forced_type, ICP_TYPE_PASSPORT);
    INT_EQ(cli.n_paths, 1);
    STR_EQ(cli.paths[0], "dir");
    const char *b[] = {"icpcheck", "check", "--files-from", "-", NULL};
    INT_EQ(parse(&cli, &err, b), 0);
    INT_EQ(cli.command, ICP_CMD_CHECK);
    STR_EQ(cli.files_from, "-");
    const char *c[] = {"icpcheck", "scan", "--help", NULL};
    INT_EQ(parse(&cli, &err, c), 0);
    INT_EQ(cli.command, ICP_CMD_HELP);
    g_free(err);
}

static void test_parse_bad(void)
{
    struct icp_cli cli;
    char *err = NULL;
    const char *a[] = {"icpcheck", "scan", "--today", "2026-02-30", "x", NULL};
    INT_EQ(parse(&cli, &err, a), -1);
    OK(err && strstr(err, "--today"));
    const char *b[] = {"icpcheck", "scan", "--type", "selfie", "x", NULL};
    INT_EQ(parse(&cli, &err, b), -1);
    OK(err && strstr(err, "backdrop-photo")); /* lists the types */
    const char *c[] = {"icpcheck", "scan", "--frobnicate", "x", NULL};
    INT_EQ(parse(&cli, &err, c), -1);
    OK(err && strstr(err, "--frobnicate"));
    const char *d[] = {"icpcheck", "scan", NULL};
    INT_EQ(parse(&cli, &err, d), -1);
    const char *e[] = {"icpcheck", "list", "x", NULL};
    INT_EQ(parse(&cli, &err, e), -1);
    const char *f[] = {"icpcheck", "scan", "x", "-j", NULL};
    INT_EQ(parse(&cli, &err, f), -1);
    OK(err && strstr(err, "needs a value"));
    const char *g[] = {"icpcheck", "scan", "-j", "0", "x", NULL};
    INT_EQ(parse(&cli, &err, g), -1);
    const char *h[] = {"icpcheck", NULL};
    INT_EQ(parse(&cli, &err, h), -1);
    g_free(err);
}

static void test_image_names(void)
{
    OK(icp_walk_is_image_name("a/b/photo.JPG"));
    OK(icp_walk_is_image_name("x.tiff"));
    OK(icp_walk_is_image_name("x.HeIc"));
    OK(!icp_walk_is_image_name("x.txt"));
    OK(!icp_walk_is_image_name("jpg"));
    OK(!icp_walk_is_image_name("dir.jpg/file"));
    OK(!icp_walk_is_image_name("x.jpg.bak"));
}

static void test_display(void)
{
    char *s = icp_walk_display("app1///");
    STR_EQ(s, "app1");
    g_free(s);
    s = icp_walk_display("/");
    STR_EQ(s, "/");
    g_free(s);
    s = icp_walk_display("bad\xff\xfe.jpg");
    OK(g_utf8_validate(s, -1, NULL));
    STR_EQ(s, "bad\xef\xbf\xbd\xef\xbf\xbd.jpg"); /* U+FFFD each */
    g_free(s);
}

static void test_progress_format(void)
{
    char buf[160];
    icp_progress_format(buf, sizeof buf, 5, 10, 1, 2.0);
    STR_EQ(buf, "[##########----------] 5/10 files  2.5/s  ETA 0:02  1 failed");
    icp_progress_format(buf, sizeof buf, 0, -1, 0, 0);
    STR_EQ(buf, "[--------------------] 0/? files  0.0/s  ETA ?  0 failed");
}

int main(void)
{
    RUN(test_date_valid);
    RUN(test_date_invalid);
    RUN(test_int);
    RUN(test_size);
    RUN(test_enums);
    RUN(test_lang_from_env);
    RUN(test_parse_good);
    RUN(test_parse_bad);
    RUN(test_image_names);
    RUN(test_display);
    RUN(test_progress_format);
    return TEST_DONE();
}
