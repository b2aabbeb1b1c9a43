/* Record shapes: the file record's fields and order, application and
 * summary records, and each writer's framing. */
#include <stdlib.h>

#include "core/result.h"
#include "harness.h"
#include "report/writers.h"

static struct icp_result *sample(void)
{
    struct icp_result *res = icp_result_new("app1/back.jpg", ICP_LANG_ZH);
    res->type = ICP_TYPE_ID_CARD_BACK;
    res->type_confidence = 0.9412;
    res->ms = 380;
    icp_result_set_str(res, "valid_from", "2016-05-12");
    icp_result_set_str(res, "valid_until", "2026-05-12");
    int box[4] = {120, 410, 520, 40};
    icp_result_add(res, "doc.expired", ICP_SEV_ERROR, box,
                   "证件已过期（有效期至 %s）", "expired on %s", "2026-05-12");
    return res;
}

/* The member names of a JSON object, joined with ','. g_free() it. */
static char *keys(const cJSON *o)
{
    GString *s = g_string_new(NULL);
    const cJSON *c;
    cJSON_ArrayForEach(c, o)
    {
        g_string_append_printf(s, "%s%s", s->len ? "," : "", c->string);
    }
    return g_string_free(s, FALSE);
}

static void test_file_record(void)
{
    struct icp_result *res = sample();
    cJSON *o = icp_result_json(res);
    char *k = keys(o);
    STR_EQ(k, "kind,path,type,type_confidence,verdict,ms,fields,findings");
    g_free(k);
    STR_EQ(cJSON_GetObjectItem(o, "kind")->valuestring, "file");
    STR_EQ(cJSON_GetObjectItem(o, "type")->valuestring, "id-card-back");
    STR_EQ(cJSON_GetObjectItem(o, "verdict")->valuestring, "fail");
    OK(cJSON_GetObjectItem(o, "type_confidence")->valuedouble == 0.94);
    INT_EQ(cJSON_GetObjectItem(o, "ms")->valueint, 380);
    cJSON *fields = cJSON_GetObjectItem(o, "fields");
    k = keys(fields);
    STR_EQ(k, "valid_from,valid_until");
    g_free(k);
    cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "findings"), 0);
    k = keys(f);
    STR_EQ(k, "rule,severity,message,box");
    g_free(k);
    STR_EQ(cJSON_GetObjectItem(f, "message")->valuestring,
           "证件已过期（有效期至 2026-05-12）");
    INT_EQ(cJSON_GetArrayItem(cJSON_GetObjectItem(f, "box"), 1)->valueint, 410);
    cJSON_Delete(o);
    icp_result_free(res);
}

static void test_application_and_summary(void)
{
    struct icp_app_record app = {.path = "app1",
                                 .verdict = ICP_VERDICT_FAIL,
                                 .entity = ICP_ENTITY_PERSONAL,
                                 .files = 4};
    cJSON *o = icp_app_record_json(&app);
    char *k = keys(o);
    STR_EQ(k, "kind,path,verdict,entity,files,findings");
    g_free(k);
    STR_EQ(cJSON_GetObjectItem(o, "entity")->valuestring, "personal");
    cJSON_Delete(o);
    struct icp_report_counts c = {
        .files = 4, .applications = 1, .verdicts = {2, 1, 1, 0}};
    o = icp_summary_json(&c, 3, 1.894);
    k = keys(o);
    STR_EQ(k, "kind,files,applications,pass,warn,fail,error,skipped,seconds");
    g_free(k);
    OK(cJSON_GetObjectItem(o, "seconds")->valuedouble == 1.89);
    INT_EQ(cJSON_GetObjectItem(o, "skipped")->valueint, 3);
    cJSON_Delete(o);
}

/* Runs one report over the sample and an application; free() the text. */
static char *write_report(enum icp_format fmt, enum icp_lang lang, bool files)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct icp_report_options o = {.format = fmt, .lang = lang};
    struct icp_report *rep = icp_report_new(f, &o);
    struct icp_result *res = sample();
    struct icp_app_record app = {.path = "app1",
                                 .verdict = ICP_VERDICT_FAIL,
                                 .entity = ICP_ENTITY_PERSONAL,
                                 .files = 2};
    for (int i = 0; files && i < 2; i++)
        icp_report_file(rep, res);
    if (files)
        icp_report_application(rep, &app);
    icp_report_finish(rep, 1, 2.0);
    INT_EQ(icp_report_counts(rep)->verdicts[ICP_VERDICT_FAIL], files ? 2 : 0);
    icp_report_free(rep);
    icp_result_free(res);
    fclose(f);
    return buf;
}

static void test_jsonl(void)
{
    char *out = write_report(ICP_FORMAT_JSONL, ICP_LANG_ZH, true);
    char **lines = g_strsplit(out, "\n", -1);
    INT_EQ(g_strv_length(lines), 5); /* 4 records and the empty tail */
    const char *kinds[] = {"file", "file", "application", "summary"};
    for (int i = 0; i < 4 && lines[i]; i++) {
        cJSON *o = cJSON_Parse(lines[i]);
        OK(o != NULL);
        if (o)
            STR_EQ(cJSON_GetObjectItem(o, "kind")->valuestring, kinds[i]);
        cJSON_Delete(o);
    }
    g_strfreev(lines);
    free(out);
}

static void test_json_document(void)
{
    bool with[] = {true, false};
    for (int i = 0; i < 2; i++) {
        char *out = write_report(ICP_FORMAT_JSON, ICP_LANG_EN, with[i]);
        cJSON *o = cJSON_Parse(out);
        OK(o != NULL);
        char *k = keys(o);
        STR_EQ(k, "files,applications,summary");
        g_free(k);
        INT_EQ(cJSON_GetArraySize(cJSON_GetObjectItem(o, "files")),
               with[i] ? 2 : 0);
        INT_EQ(cJSON_GetArraySize(cJSON_GetObjectItem(o, "applications")),
               with[i] ? 1 : 0);
        cJSON *s = cJSON_GetObjectItem(o, "summary");
        INT_EQ(cJSON_GetObjectItem(s, "files")->valueint, with[i] ? 2 : 0);
        cJSON_Delete(o);
        free(out);
    }
}

static void test_text(void)
{
    char *zh = write_report(ICP_FORMAT_TEXT, ICP_LANG_ZH, true);
    OK(strstr(zh, "不通过 app1/back.jpg  身份证国徽面\n") != NULL);
    OK(strstr(zh, "doc.expired  证件已过期") != NULL);
    OK(strstr(zh, "共 2 个文件、1 份申请") != NULL);
    OK(strchr(zh, '\033') == NULL); /* no colour asked for */
    free(zh);
    char *en = write_report(ICP_FORMAT_TEXT, ICP_LANG_EN, true);
    OK(strstr(en, "FAIL  app1/back.jpg  id-card-back\n") != NULL);
    OK(strstr(en, "FAIL  app1/  application · 2 files · personal") != NULL);
    OK(strstr(en, "2 files, 1 application: 0 pass, 0 warn, 2 fail, 0 "
                  "error; 1 skipped; 2.0 s") != NULL);
    free(en);
}

int main(void)
{
    RUN(test_file_record);
    RUN(test_application_and_summary);
    RUN(test_jsonl);
    RUN(test_json_document);
    RUN(test_text);
    return TEST_DONE();
}
