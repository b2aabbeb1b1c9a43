/* Results: verdict aggregation, findings in the chosen language, and the
 * DESIGN.md `kind: file` record. */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "core/result.h"
#include "harness.h"

static void empty_result_passes(void)
{
    struct icp_result *res = icp_result_new("a.jpg", ICP_LANG_ZH);
    INT_EQ(icp_result_verdict(res), ICP_VERDICT_PASS);
    icp_result_free(res);
}

static void warning_gives_warn_error_gives_fail(void)
{
    struct icp_result *res = icp_result_new("a.jpg", ICP_LANG_EN);
    icp_result_add(res, "backdrop.stale", ICP_SEV_WARNING, NULL, "旧", "old");
    INT_EQ(icp_result_verdict(res), ICP_VERDICT_WARN);
    icp_result_add(res, "doc.expired", ICP_SEV_ERROR, NULL, "过期", "expired");
    INT_EQ(icp_result_verdict(res), ICP_VERDICT_FAIL);
    icp_result_free(res);
}

static void unreadable_input_is_an_error_verdict(void)
{
    struct icp_result *res = icp_result_new("a.jpg", ICP_LANG_EN);
    icp_result_add(res, "doc.expired", ICP_SEV_ERROR, NULL, "x", "x");
    icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL, "x", "x");
    INT_EQ(icp_result_verdict(res), ICP_VERDICT_ERROR);
    icp_result_free(res);
}

static void message_follows_language(void)
{
    struct icp_result *zh = icp_result_new("a.jpg", ICP_LANG_ZH);
    struct icp_result *en = icp_result_new("a.jpg", ICP_LANG_EN);
    icp_result_add(zh, "doc.expired", ICP_SEV_ERROR, NULL, "至 %s", "until %s",
                   "2026-05-12");
    icp_result_add(en, "doc.expired", ICP_SEV_ERROR, NULL, "至 %s", "until %s",
                   "2026-05-12");
    STR_EQ(icp_result_finding(zh, 0)->message, "至 2026-05-12");
    STR_EQ(icp_result_finding(en, 0)->message, "until 2026-05-12");
    OK(icp_result_finding(en, 1) == NULL);
    icp_result_free(zh);
    icp_result_free(en);
}

static void json_record_has_design_fields(void)
{
    struct icp_result *res = icp_result_new("app1/back.jpg", ICP_LANG_EN);
    res->type = ICP_TYPE_ID_CARD_BACK;
    res->type_confidence = 0.936;
    icp_result_set_str(res, "valid_until", "2026-05-12");
    icp_result_set_str(res, "valid_until", NULL); /* replaced, not added */
    int box[4] = {120, 410, 520, 40};
    icp_result_add(res, "doc.expired", ICP_SEV_ERROR, box, "x", "expired");
    char *json = icp_result_to_json(res);
    cJSON *o = cJSON_Parse(json);
    OK(o != NULL);
    STR_EQ(cJSON_GetObjectItem(o, "kind")->valuestring, "file");
    STR_EQ(cJSON_GetObjectItem(o, "path")->valuestring, "app1/back.jpg");
    STR_EQ(cJSON_GetObjectItem(o, "type")->valuestring, "id-card-back");
    OK(cJSON_GetObjectItem(o, "type_confidence")->valuedouble == 0.94);
    STR_EQ(cJSON_GetObjectItem(o, "verdict")->valuestring, "fail");
    cJSON *fields = cJSON_GetObjectItem(o, "fields");
    INT_EQ(cJSON_GetArraySize(fields), 1);
    OK(cJSON_IsNull(cJSON_GetObjectItem(fields, "valid_until")));
    cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "findings"), 0);
    STR_EQ(cJSON_GetObjectItem(f, "rule")->valuestring, "doc.expired");
    STR_EQ(cJSON_GetObjectItem(f, "severity")->valuestring, "error");
    INT_EQ(cJSON_GetArrayItem(cJSON_GetObjectItem(f, "box"), 2)->valueint,
           520);
    cJSON_Delete(o);
    free(json);
    icp_result_free(res);
}

static void type_names_round_trip(void)
{
    for (int t = 0; t < ICP_TYPE_COUNT; t++) {
        enum icp_doc_type back = ICP_TYPE_AUTO;
        INT_EQ(icp_doc_type_parse(icp_doc_type_name((enum icp_doc_type)t),
                                  &back),
               0);
        INT_EQ(back, t);
    }
    enum icp_doc_type x;
    INT_EQ(icp_doc_type_parse("idcard", &x), -1);
}

int main(void)
{
    RUN(empty_result_passes);
    RUN(warning_gives_warn_error_gives_fail);
    RUN(unreadable_input_is_an_error_verdict);
    RUN(message_follows_language);
    RUN(json_record_has_design_fields);
    RUN(type_names_round_trip);
    return TEST_DONE();
}
