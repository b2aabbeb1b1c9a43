/* Application rules over hand-built results: required materials per entity,
 * duplicates, the organisation's seal, cross-checks and the verdict. */
#include <glib.h>
#include <stdlib.h>

#include "core/result.h"
#include "harness.h"
#include "icpcheck/application.h"

static struct icp_result *file(const char *path, enum icp_doc_type type,
                               const char *hash)
{
    struct icp_result *res = icp_result_new(path, ICP_LANG_EN);
    res->type = type;
    g_strlcpy(res->sha256, hash, sizeof res->sha256);
    return res;
}

/* Adds a result to the application and frees it (the application copies
 * what it needs). */
static void add(struct icp_application *app, struct icp_result *res)
{
    icp_application_add(app, res);
    icp_result_free(res);
}

static int count_rule(const struct icp_app_record *r, const char *rule)
{
    int n = 0;
    for (size_t i = 0; i < r->n_findings; i++)
        n += strcmp(r->findings[i].rule, rule) == 0;
    return n;
}

static bool message_has(const struct icp_app_record *r, const char *rule,
                        const char *text)
{
    for (size_t i = 0; i < r->n_findings; i++)
        if (strcmp(r->findings[i].rule, rule) == 0 &&
            strstr(r->findings[i].message, text))
            return true;
    return false;
}

static struct icp_application *personal_complete(void)
{
    struct icp_application *app =
        icp_application_new("app1", ICP_ENTITY_AUTO, ICP_LANG_EN);
    add(app, file("app1/front.jpg", ICP_TYPE_ID_CARD_FRONT, "a1"));
    add(app, file("app1/back.jpg", ICP_TYPE_ID_CARD_BACK, "a2"));
    add(app, file("app1/checklist.jpg", ICP_TYPE_CHECKLIST, "a3"));
    add(app, file("app1/backdrop.jpg", ICP_TYPE_BACKDROP_PHOTO, "a4"));
    return app;
}

static void test_personal_complete_passes(void)
{
    struct icp_application *app = personal_complete();
    struct icp_app_record r;
    icp_application_finish(app, &r);
    INT_EQ(r.n_findings, 0);
    INT_EQ(r.verdict, ICP_VERDICT_PASS);
    INT_EQ(r.entity, ICP_ENTITY_PERSONAL);
    INT_EQ(r.files, 4);
    STR_EQ(r.path, "app1");
    icp_application_free(app);
}

static void test_missing_back_and_backdrop(void)
{
    struct icp_application *app =
        icp_application_new("a", ICP_ENTITY_AUTO, ICP_LANG_EN);
    add(app, file("a/front.jpg", ICP_TYPE_ID_CARD_FRONT, "1"));
    add(app, file("a/checklist.jpg", ICP_TYPE_CHECKLIST, "2"));
    struct icp_app_record r;
    icp_application_finish(app, &r);
    INT_EQ(count_rule(&r, "app.missing_material"), 2);
    OK(message_has(&r, "app.missing_material", "back of the ID card"));
    OK(message_has(&r, "app.missing_material", "backdrop photo"));
    INT_EQ(r.verdict, ICP_VERDICT_FAIL);
    icp_application_free(app);
}

static void test_passport_replaces_id_card(void)
{
    struct icp_application *app =
        icp_application_new("a", ICP_ENTITY_PERSONAL, ICP_LANG_EN);
    add(app, file("a/p.jpg", ICP_TYPE_PASSPORT, "1"));
    add(app, file("a/c.jpg", ICP_TYPE_CHECKLIST, "2"));
    add(app, file("a/b.jpg", ICP_TYPE_BACKDROP_PHOTO, "3"));
    struct icp_app_record r;
    icp_application_finish(app, &r);
    INT_EQ(r.n_findings, 0);
    icp_application_free(app);
}

static void test_empty_names_everything_in_chinese(void)
{
    struct icp_application *app =
        icp_application_new("a", ICP_ENTITY_AUTO, ICP_LANG_ZH);
    add(app, file("a/x.jpg", ICP_TYPE_UNKNOWN, "1"));
    struct icp_app_record r;
    icp_application_finish(app, &r);
    INT_EQ(count_rule(&r, "app.missing_material"), 3);
    OK(message_has(&r, "app.missing_material", "幕布照片"));
    OK(message_has(&r, "app.missing_material", "核验单"));
    icp_application_free(app);
}

static void test_organisation_asked_needs_licence(void)
{
    struct icp_application *app =
        icp_application_new("a", ICP_ENTITY_ORGANISATION, ICP_LANG_EN);
    add(app, file("a/front.jpg", ICP_TYPE_ID_CARD_FRONT, "1"));
    add(app, file("a/back.jpg", ICP_TYPE_ID_CARD_BACK, "2"));
    add(app, file("a/c.jpg", ICP_TYPE_CHECKLIST, "3"));
    add(app, file("a/b.jpg", ICP_TYPE_BACKDROP_PHOTO, "4"));
    struct icp_app_record r;
    icp_application_finish(app, &r);
    INT_EQ(r.entity, ICP_ENTITY_ORGANISATION);
    INT_EQ(count_rule(&r, "app.missing_material"), 1);
    OK(message_has(&r, "app.missing_material", "business licence"));
    icp_application_free(app);
}

static void test_licence_makes_organisation_and_needs_seal(void)
{
    struct icp_application *app = personal_complete();
    struct icp_result *lic =
        file("app1/licence.jpg", ICP_TYPE_BUSINESS_LICENSE, "a5");
    add(app, lic);
    struct icp_result *cl = file("app1/c2.jpg", ICP_TYPE_CHECKLIST, "a6");
    cJSON *seal = cJSON_CreateObject();
    cJSON_AddFalseToObject(seal, "present");
    icp_result_set_json(cl, "seal", seal);
    add(app, cl);
    struct icp_app_record r;
    icp_application_finish(app, &r);
    INT_EQ(r.entity, ICP_ENTITY_ORGANISATION);
    INT_EQ(count_rule(&r, "checklist.seal_missing"), 1);
    OK(message_has(&r, "checklist.seal_missing", "organisation"));
    OK(message_has(&r, "checklist.seal_missing", "c2.jpg"));
    INT_EQ(r.verdict, ICP_VERDICT_FAIL);
    icp_application_free(app);
}

static void test_seal_not_reported_twice(void)
{
    struct icp_application *app =
        icp_application_new("a", ICP_ENTITY_ORGANISATION, ICP_LANG_EN);
    struct icp_result *cl = file("a/c.jpg", ICP_TYPE_CHECKLIST, "1");
    cJSON *seal = cJSON_CreateObject();
    cJSON_AddFalseToObject(seal, "present");
    icp_result_set_json(cl, "seal", seal);
    icp_result_add(cl, "checklist.seal_missing", ICP_SEV_ERROR, NULL, "x",
                   "x");
    add(app, cl);
    struct icp_app_record r;
    icp_application_finish(app, &r);
    INT_EQ(count_rule(&r, "checklist.seal_missing"), 0);
    icp_application_free(app);
}

static void test_personal_checklist_needs_no_seal(void)
{
    struct icp_application *app = personal_complete();
    struct icp_result *cl = file("app1/c2.jpg", ICP_TYPE_CHECKLIST, "z");
    cJSON *seal = cJSON_CreateObject();
    cJSON_AddFalseToObject(seal, "present");
    icp_result_set_json(cl, "seal", seal);
    add(app, cl);
    struct icp_app_record r;
    icp_application_finish(app, &r);
    INT_EQ(count_rule(&r, "checklist.seal_missing"), 0);
    icp_application_free(app);
}

static void test_duplicate_named_once(void)
{
    struct icp_application *app = personal_complete();
    add(app, file("app1/copy.jpg", ICP_TYPE_BACKDROP_PHOTO, "a4"));
    add(app, file("app1/unread.jpg", ICP_TYPE_UNKNOWN, ""));
    add(app, file("app1/unread2.jpg", ICP_TYPE_UNKNOWN, ""));
    struct icp_app_record r;
    icp_application_finish(app, &r);
    INT_EQ(count_rule(&r, "app.duplicate"), 1);
    OK(message_has(&r, "app.duplicate", "backdrop.jpg and copy.jpg"));
    INT_EQ(r.verdict, ICP_VERDICT_WARN);
    icp_application_free(app);
}

static void test_verdict_is_worst_of_files(void)
{
    struct icp_application *app = personal_complete();
    struct icp_result *bad = file("app1/z.jpg", ICP_TYPE_UNKNOWN, "zz");
    icp_result_add(bad, "input.unreadable", ICP_SEV_ERROR, NULL, "x", "x");
    add(app, bad);
    struct icp_app_record r;
    icp_application_finish(app, &r);
    INT_EQ(r.verdict, ICP_VERDICT_ERROR);
    INT_EQ(r.n_findings, 0);
    icp_application_free(app);
}

static void test_birth_date_cross_check(void)
{
    struct icp_application *app =
        icp_application_new("a", ICP_ENTITY_PERSONAL, ICP_LANG_EN);
    struct icp_result *f = file("a/front.jpg", ICP_TYPE_ID_CARD_FRONT, "1");
    icp_result_set_str(f, "id_number", "11010519491231002X");
    icp_result_set_str(f, "birth", "1949-12-30");
    add(app, f);
    struct icp_result *g = file("a/front2.jpg", ICP_TYPE_ID_CARD_FRONT, "2");
    icp_result_set_str(g, "id_number", "11010519491231002X");
    icp_result_set_str(g, "birth", "1949-12-31");
    add(app, g);
    struct icp_app_record r;
    icp_application_finish(app, &r);
    INT_EQ(count_rule(&r, "app.fields_mismatch"), 1);
    OK(message_has(&r, "app.fields_mismatch", "front.jpg: the birth date "
                                              "1949-12-30 differs"));
    icp_application_free(app);
}

static void test_representative_vs_checklist_name(void)
{
    struct icp_application *app = personal_complete();
    struct icp_result *lic = file("app1/l.jpg", ICP_TYPE_BUSINESS_LICENSE, "9");
    icp_result_set_str(lic, "legal_representative", "张三");
    add(app, lic);
    struct icp_result *cl = file("app1/c9.jpg", ICP_TYPE_CHECKLIST, "8");
    icp_result_set_str(cl, "name", "李四");
    add(app, cl);
    struct icp_app_record r;
    icp_application_finish(app, &r);
    INT_EQ(count_rule(&r, "app.fields_mismatch"), 1);
    OK(message_has(&r, "app.fields_mismatch", "张三"));
    INT_EQ(r.verdict, ICP_VERDICT_WARN);
    icp_application_free(app);
}

static void test_representative_id_required_when_names_differ(void)
{
    struct icp_application *app =
        icp_application_new("a", ICP_ENTITY_AUTO, ICP_LANG_EN);
    struct icp_result *front = file("a/f.jpg", ICP_TYPE_ID_CARD_FRONT, "1");
    icp_result_set_str(front, "name", "李四");
    add(app, front);
    add(app, file("a/b.jpg", ICP_TYPE_ID_CARD_BACK, "2"));
    add(app, file("a/c.jpg", ICP_TYPE_CHECKLIST, "3"));
    add(app, file("a/p.jpg", ICP_TYPE_BACKDROP_PHOTO, "4"));
    struct icp_result *lic = file("a/l.jpg", ICP_TYPE_BUSINESS_LICENSE, "5");
    icp_result_set_str(lic, "legal_representative", "张 三");
    add(app, lic);
    struct icp_app_record r;
    icp_application_finish(app, &r);
    INT_EQ(count_rule(&r, "app.missing_material"), 1);
    OK(message_has(&r, "app.missing_material", "legal representative"));
    icp_application_free(app);

    /* The same name, blanks aside: the lead is the representative. */
    app = icp_application_new("a", ICP_ENTITY_AUTO, ICP_LANG_EN);
    front = file("a/f.jpg", ICP_TYPE_ID_CARD_FRONT, "1");
    icp_result_set_str(front, "name", "张三");
    add(app, front);
    add(app, file("a/b.jpg", ICP_TYPE_ID_CARD_BACK, "2"));
    add(app, file("a/c.jpg", ICP_TYPE_CHECKLIST, "3"));
    add(app, file("a/p.jpg", ICP_TYPE_BACKDROP_PHOTO, "4"));
    lic = file("a/l.jpg", ICP_TYPE_BUSINESS_LICENSE, "5");
    icp_result_set_str(lic, "legal_representative", "张 三");
    add(app, lic);
    icp_application_finish(app, &r);
    INT_EQ(r.n_findings, 0);
    icp_application_free(app);
}

static void test_finish_twice_is_stable(void)
{
    struct icp_application *app =
        icp_application_new("a", ICP_ENTITY_AUTO, ICP_LANG_EN);
    struct icp_app_record r1, r2;
    icp_application_finish(app, &r1);
    icp_application_finish(app, &r2);
    INT_EQ(r1.n_findings, r2.n_findings);
    INT_EQ(r2.files, 0);
    icp_application_free(app);
    icp_application_free(NULL);
}

static void test_result_json_round_trip(void)
{
    struct icp_result *res = file("a/x.jpg", ICP_TYPE_ID_CARD_BACK, "ab");
    res->has_stat = true;
    res->size = 1234;
    res->mtime = 1700000000;
    icp_result_set_str(res, "valid_until", "2030-01-01");
    int box[4] = {1, 2, 3, 4};
    icp_result_add(res, "doc.expired", ICP_SEV_ERROR, box, "过期", "expired");
    cJSON *j = icp_result_json(res);
    struct icp_result *back = icp_result_from_json(j, ICP_LANG_EN);
    OK(back != NULL);
    if (back) {
        INT_EQ(back->type, ICP_TYPE_ID_CARD_BACK);
        INT_EQ(back->size, 1234);
        INT_EQ(back->mtime, 1700000000);
        INT_EQ(icp_result_verdict(back), ICP_VERDICT_FAIL);
        STR_EQ(icp_result_finding(back, 0)->rule, "doc.expired");
        INT_EQ(icp_result_finding(back, 0)->box[3], 4);
        STR_EQ(icp_result_field_str(back, "valid_until"), "2030-01-01");
    }
    icp_result_free(back);
    cJSON_Delete(j);
    icp_result_free(res);
}

int main(void)
{
    RUN(test_personal_complete_passes);
    RUN(test_missing_back_and_backdrop);
    RUN(test_passport_replaces_id_card);
    RUN(test_empty_names_everything_in_chinese);
    RUN(test_organisation_asked_needs_licence);
    RUN(test_licence_makes_organisation_and_needs_seal);
    RUN(test_seal_not_reported_twice);
    RUN(test_personal_checklist_needs_no_seal);
    RUN(test_duplicate_named_once);
    RUN(test_verdict_is_worst_of_files);
    RUN(test_birth_date_cross_check);
    RUN(test_representative_vs_checklist_name);
    RUN(test_representative_id_required_when_names_differ);
    RUN(test_finish_twice_is_stable);
    RUN(test_result_json_round_trip);
    return TEST_DONE();
}
