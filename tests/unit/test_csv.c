/* RFC 4180 quoting of CSV fields, and the CSV writer's rows. */
#include <stdlib.h>

#include "core/result.h"
#include "harness.h"
#include "report/writers.h"

static void check_field(const char *in, const char *want)
{
    char *got = icp_csv_field(in);
    STR_EQ(got, want);
    g_free(got);
}

static void test_plain_fields(void)
{
    check_field("", "");
    check_field("doc.expired", "doc.expired");
    check_field("证件已过期", "证件已过期");
    check_field("a;b|c'd", "a;b|c'd");
}

static void test_quoted_fields(void)
{
    check_field("a,b", "\"a,b\"");
    check_field("say \"hi\"", "\"say \"\"hi\"\"\"");
    check_field("\"", "\"\"\"\"");
    check_field("line\nbreak", "\"line\nbreak\"");
    check_field("cr\rhere", "\"cr\rhere\"");
    check_field(" lead", "\" lead\"");
    check_field("trail ", "\"trail \"");
}

/* Everything the writer wrote, NUL-terminated. Caller frees with free(). */
static char *write_csv(const struct icp_result *res)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct icp_report_options o = {.format = ICP_FORMAT_CSV};
    struct icp_report *rep = icp_report_new(f, &o);
    icp_report_file(rep, res);
    struct icp_app_record app = {
        .path = "app,1", .files = 1, .verdict = ICP_VERDICT_FAIL};
    icp_report_application(rep, &app);
    icp_report_finish(rep, 0, 0.5);
    icp_report_free(rep);
    fclose(f);
    return buf;
}

static void test_rows(void)
{
    struct icp_result *res = icp_result_new("dir/a \"b\".jpg", ICP_LANG_EN);
    int box[4] = {1, 2, 3, 4};
    icp_result_add(res, "doc.expired", ICP_SEV_ERROR, box, "过期，%d",
                   "expired, %d", 7);
    icp_result_add(res, "backdrop.stale", ICP_SEV_WARNING, NULL, "旧", "old");
    char *out = write_csv(res);
    STR_EQ(out, "path,type,verdict,rule,severity,message,box\r\n"
                "\"dir/a \"\"b\"\".jpg\",unknown,fail,doc.expired,error,"
                "\"expired, 7\",\"[1,2,3,4]\"\r\n"
                "\"dir/a \"\"b\"\".jpg\",unknown,fail,backdrop.stale,warning,"
                "old,\r\n"
                "\"app,1\",application,fail,,,,\r\n");
    free(out);
    icp_result_free(res);
}

static void test_file_without_findings(void)
{
    struct icp_result *res = icp_result_new("ok.jpg", ICP_LANG_EN);
    char *out = write_csv(res);
    OK(strstr(out, "\r\nok.jpg,unknown,pass,,,,\r\n") != NULL);
    free(out);
    icp_result_free(res);
}

int main(void)
{
    RUN(test_plain_fields);
    RUN(test_quoted_fields);
    RUN(test_rows);
    RUN(test_file_without_findings);
    return TEST_DONE();
}
