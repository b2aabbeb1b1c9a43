/* The small parsers of icpcheck serve, and form fields checked by the
 * command line's option parser. */
#include <arpa/inet.h>
#include <glib.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "cli/serve.h"
#include "harness.h"

static void test_listen(void)
{
    struct sockaddr_storage a;
    socklen_t len = 0;
    INT_EQ(icp_serve_parse_listen("127.0.0.1:8080", &a, &len), 0);
    INT_EQ(a.ss_family, AF_INET);
    INT_EQ(ntohs(((struct sockaddr_in *)&a)->sin_port), 8080);
    INT_EQ(icp_serve_parse_listen("localhost:0", &a, &len), 0);
    INT_EQ(ntohl(((struct sockaddr_in *)&a)->sin_addr.s_addr), 0x7f000001);
    INT_EQ(icp_serve_parse_listen("[::1]:443", &a, &len), 0);
    INT_EQ(a.ss_family, AF_INET6);
    INT_EQ(icp_serve_parse_listen("0.0.0.0:80", &a, &len), 0);
    const char *bad[] = {"127.0.0.1", ":80", "127.0.0.1:", "127.0.0.1:65536",
                         "127.0.0.1:-1", "127.0.0.1:+80", "example.com:80",
                         "[::1]80", "::1:80", "[::1:80", "1.2.3:80", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        INT_EQ(icp_serve_parse_listen(bad[i], &a, &len), -1);
}

static void test_multipart(void)
{
    OK(icp_serve_is_multipart("multipart/form-data; boundary=abc"));
    OK(icp_serve_is_multipart("Multipart/Form-Data;boundary=abc"));
    OK(icp_serve_is_multipart("multipart/form-data"));
    OK(!icp_serve_is_multipart("multipart/form-database"));
    OK(!icp_serve_is_multipart("application/x-www-form-urlencoded"));
    OK(!icp_serve_is_multipart("image/jpeg"));
    OK(!icp_serve_is_multipart(NULL));
}

static void name_is(const char *in, size_t index, const char *want)
{
    char *got = icp_serve_upload_name(in, index);
    STR_EQ(got, want);
    g_free(got);
}

static void test_upload_name(void)
{
    name_is("back.jpg", 0, "back.jpg");
    name_is("../../etc/passwd", 0, "passwd");
    name_is("C:\\Users\\me\\身份证.jpg", 0, "身份证.jpg");
    name_is("a\x01" "b.jpg", 0, "a_b.jpg");
    name_is("dir/", 2, "upload-3");
    name_is("..", 0, "upload-1");
    name_is(NULL, 0, "upload-1");
    char *long_name = g_strnfill(300, 'x');
    char *got = icp_serve_upload_name(long_name, 0);
    INT_EQ((long)strlen(got), 200);
    g_free(got);
    g_free(long_name);
}

static void test_fields(void)
{
    struct icp_cli cli;
    char *argv[] = {"icpcheck", "serve", NULL};
    char *err = NULL;
    INT_EQ(icp_cli_parse(2, argv, &cli, &err), 0);
    STR_EQ(cli.listen, "127.0.0.1:8080");
    INT_EQ(icp_cli_set_value(&cli, "today", "2026-11-24", &err), 0);
    INT_EQ(cli.opts.today_day, 24);
    INT_EQ(icp_cli_set_value(&cli, "lang", "en", &err), 0);
    INT_EQ(cli.opts.lang, ICP_LANG_EN);
    INT_EQ(icp_cli_set_value(&cli, "type", "passport", &err), 0);
    INT_EQ(cli.opts.forced_type, ICP_TYPE_PASSPORT);
    INT_EQ(icp_cli_set_value(&cli, "today", "2026-02-30", &err), -1);
    OK(err && strstr(err, "--today"));
    g_free(err);
    /* Never a path, a limit or the models from a client. */
    const char *refused[] = {"models", "report", "max-bytes", "jobs",
                             "listen", "resume"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        err = NULL;
        INT_EQ(icp_cli_set_value(&cli, refused[i], "1", &err), -1);
        g_free(err);
    }
}

int main(void)
{
    RUN(test_listen);
    RUN(test_multipart);
    RUN(test_upload_name);
    RUN(test_fields);
    return TEST_DONE();
}
