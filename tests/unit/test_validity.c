/* Unit tests of validity periods reported as fields and findings. */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "checks/validity.h"
#include "harness.h"

static const struct icp_date TODAY = {2026, 11, 24};

static struct icp_validity_ctx ctx_for(enum icp_span_rule span)
{
    struct icp_validity_ctx c = {TODAY, 3, span, 1950, 2100, NULL};
    return c;
}

/* valid_until as a string, "null" when null, NULL when absent. */
static const char *until_of(const struct icp_result *res)
{
    const cJSON *v =
        cJSON_GetObjectItemCaseSensitive(res->fields, "valid_until");
    if (!v)
        return NULL;
    return cJSON_IsNull(v) ? "null" : cJSON_GetStringValue(v);
}

static const char *rule0(const struct icp_result *res)
{
    const struct icp_finding *f = icp_result_finding(res, 0);
    return f ? f->rule : "(none)";
}

static const char *msg0(const struct icp_result *res)
{
    const struct icp_finding *f = icp_result_finding(res, 0);
    return f ? f->message : "(none)";
}

static void test_valid_id_card_passes(void)
{
    /* 2016.05.12-2036.05.12: no finding, until 2036-05-12 */
    struct icp_result *res = icp_result_new("a.jpg", ICP_LANG_ZH);
    struct icp_validity_ctx c = ctx_for(ICP_SPAN_IDCARD);
    icp_validity_report_text(res, "2016.05.12-2036.05.12", &c);
    INT_EQ(icp_result_finding_count(res), 0);
    STR_EQ(until_of(res), "2036-05-12");
    icp_result_free(res);
}

static void test_long_term(void)
{
    /* 2006.05.12-长期: "long-term", no finding */
    struct icp_result *res = icp_result_new("a.jpg", ICP_LANG_ZH);
    struct icp_validity_ctx c = ctx_for(ICP_SPAN_IDCARD);
    icp_validity_report_text(res, "2006.05.12-长 期", &c);
    INT_EQ(icp_result_finding_count(res), 0);
    STR_EQ(until_of(res), "long-term");
    icp_result_free(res);
}

static void test_expired_zh(void)
{
    /* ended 2026-05-12, before today */
    struct icp_result *res = icp_result_new("a.jpg", ICP_LANG_ZH);
    struct icp_validity_ctx c = ctx_for(ICP_SPAN_IDCARD);
    icp_validity_report_text(res, "2016.05.12-2026.05.12", &c);
    INT_EQ(icp_result_finding_count(res), 1);
    STR_EQ(rule0(res), "doc.expired");
    STR_EQ(msg0(res), "证件已于 2026-05-12 过期，请更换有效证件后再提交");
    STR_EQ(until_of(res), "2026-05-12");
    icp_result_free(res);
}

static void test_too_soon_en(void)
{
    /* 2027-01-10 is within 3 months of 2026-11-24 */
    struct icp_result *res = icp_result_new("a.jpg", ICP_LANG_EN);
    struct icp_validity_ctx c = ctx_for(ICP_SPAN_IDCARD);
    icp_validity_report_text(res, "2017.01.10-2027.01.10", &c);
    STR_EQ(rule0(res), "doc.expiry_too_soon");
    STR_EQ(msg0(res), "the document expires on 2027-01-10, less than 3 "
                      "months from today: renew it before filing");
    icp_result_free(res);
}

static void test_too_soon_zh(void)
{
    struct icp_result *res = icp_result_new("a.jpg", ICP_LANG_ZH);
    struct icp_validity_ctx c = ctx_for(ICP_SPAN_IDCARD);
    icp_validity_report_text(res, "2017.01.10-2027.01.10", &c);
    STR_EQ(msg0(res),
           "证件将于 2027-01-10 到期，距今不足 3 个月，请更换新证件后再提交");
    icp_result_free(res);
}

static void test_unreadable(void)
{
    /* garbage and NULL: valid_until null, doc.expiry_unreadable */
    struct icp_result *res = icp_result_new("a.jpg", ICP_LANG_EN);
    struct icp_validity_ctx c = ctx_for(ICP_SPAN_ANY);
    icp_validity_report_text(res, "2016.0?.12-20", &c);
    STR_EQ(rule0(res), "doc.expiry_unreadable");
    STR_EQ(until_of(res), "null");
    icp_result_free(res);
    res = icp_result_new("b.jpg", ICP_LANG_EN);
    icp_validity_report_text(res, NULL, &c);
    STR_EQ(rule0(res), "doc.expiry_unreadable");
    icp_result_free(res);
}

static void test_wrong_span(void)
{
    /* 15 years is no ID card span: inconsistent, but not expired */
    struct icp_result *res = icp_result_new("a.jpg", ICP_LANG_EN);
    struct icp_validity_ctx c = ctx_for(ICP_SPAN_IDCARD);
    icp_validity_report_text(res, "2016.05.12-2031.05.12", &c);
    INT_EQ(icp_result_finding_count(res), 1);
    STR_EQ(rule0(res), "doc.dates_inconsistent");
    STR_EQ(msg0(res), "the validity period 2016-05-12 to 2031-05-12 is not "
                      "one this kind of document has: check that the "
                      "document is genuine");
    icp_result_free(res);
}

static void test_end_before_start(void)
{
    /* start after end: inconsistent and expired */
    struct icp_result *res = icp_result_new("a.jpg", ICP_LANG_ZH);
    struct icp_validity_ctx c = ctx_for(ICP_SPAN_ANY);
    icp_validity_report_text(res, "2026.05.12-2016.05.12", &c);
    INT_EQ(icp_result_finding_count(res), 2);
    OK(icp_result_has(res, "doc.dates_inconsistent"));
    OK(icp_result_has(res, "doc.expired"));
    icp_result_free(res);
}

static void test_licence_long_term_any_span(void)
{
    /* business licence: 自2015年3月1日至长期 */
    struct icp_result *res = icp_result_new("l.jpg", ICP_LANG_ZH);
    struct icp_validity_ctx c = ctx_for(ICP_SPAN_ANY);
    icp_validity_report_text(res, "营业期限 自2015年3月1日至长期", &c);
    INT_EQ(icp_result_finding_count(res), 0);
    STR_EQ(until_of(res), "long-term");
    icp_result_free(res);
}

static void test_permit_span(void)
{
    /* HK/Macau permit 2019.03.01-2029.02.28 passes; to 03.01 does not */
    struct icp_result *res = icp_result_new("p.jpg", ICP_LANG_ZH);
    struct icp_validity_ctx c = ctx_for(ICP_SPAN_HKMO);
    icp_validity_report_text(res, "2019.03.01-2029.02.28", &c);
    INT_EQ(icp_result_finding_count(res), 0);
    icp_result_free(res);
    res = icp_result_new("p.jpg", ICP_LANG_ZH);
    icp_validity_report_text(res, "2019.03.01-2029.03.01", &c);
    STR_EQ(rule0(res), "doc.dates_inconsistent");
    icp_result_free(res);
}

static void test_mrz_dates_with_box(void)
{
    /* an MRZ expiry (no start) with a box: finding carries the box */
    static const int box[4] = {10, 20, 300, 40};
    struct icp_result *res = icp_result_new("pp.jpg", ICP_LANG_EN);
    struct icp_validity_ctx c = ctx_for(ICP_SPAN_ANY);
    c.box = box;
    struct icp_date none = {0, 0, 0}, until = {2012, 4, 15};
    icp_validity_report_dates(res, none, until, false, &c);
    STR_EQ(rule0(res), "doc.expired");
    const struct icp_finding *f = icp_result_finding(res, 0);
    OK(f && f->has_box && f->box[2] == 300);
    STR_EQ(until_of(res), "2012-04-15");
    icp_result_free(res);
}

int main(void)
{
    RUN(test_valid_id_card_passes);
    RUN(test_long_term);
    RUN(test_expired_zh);
    RUN(test_too_soon_en);
    RUN(test_too_soon_zh);
    RUN(test_unreadable);
    RUN(test_wrong_span);
    RUN(test_end_before_start);
    RUN(test_licence_long_term_any_span);
    RUN(test_permit_span);
    RUN(test_mrz_dates_with_box);
    return TEST_DONE();
}
