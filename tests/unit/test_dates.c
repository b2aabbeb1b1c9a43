/* Unit tests of printed dates, validity periods and the date rules. */
#include "core/dates.h"
#include "harness.h"

#define DATE_EQ(got, Y, M, D)                                                  \
    do {                                                                       \
        struct icp_date g__ = (got);                                           \
        INT_EQ(g__.y, Y);                                                      \
        INT_EQ(g__.m, M);                                                      \
        INT_EQ(g__.d, D);                                                      \
    } while (0)

static struct icp_date D(int y, int m, int d) {
    return (struct icp_date){y, m, d};
}

static void
date_is(const char *text, int y, int m, int d)
{
    struct icp_date got;
    int rc = icp_date_parse(text, 1900, 2100, &got);
    if (rc)
        fprintf(stderr, "  could not parse \"%s\"\n", text);
    INT_EQ(rc, 0);
    DATE_EQ(got, y, m, d);
}

static void date_fails(const char *text)
{
    struct icp_date got;
    int rc = icp_date_parse(text, 1900, 2100, &got);
    if (!rc)
        fprintf(stderr, "  \"%s\" parsed as %d-%d-%d\n", text, got.y, got.m,
                got.d);
    INT_EQ(rc, -1);
    OK(!icp_date_is_set(got));
}

static void test_parse_printed_forms(void)
{
    /* every printed form of 2016-05-12 */
    date_is("2016.05.12", 2016, 5, 12);
    date_is("2016-05-12", 2016, 5, 12);
    date_is("2016/5/12", 2016, 5, 12);
    date_is("2016年05月12日", 2016, 5, 12);
    date_is("2016年5月12日", 2016, 5, 12);
    date_is("20160512", 2016, 5, 12);
}

static void test_parse_ocr_forms(void)
{
    /* dropped separators, stray spaces, full width, look-alikes */
    date_is("2028.1106", 2028, 11, 6);
    date_is("202811.06", 2028, 11, 6);
    date_is("2016 .05. 12", 2016, 5, 12);
    date_is(" 2016年 5 月 12 日 ", 2016, 5, 12);
    date_is("２０１６．０５．１２", 2016, 5, 12);
    date_is("2O16.O5.l2", 2016, 5, 12);
    date_is("2016,05,12", 2016, 5, 12);
    date_is("2016..05.12", 2016, 5, 12);
}

static void test_parse_rejects_impossible(void)
{
    /* 30 February, month 13, 29 February of a common year */
    date_fails("2023.02.30");
    date_fails("2023.13.01");
    date_fails("2023.02.29");
    date_is("2024.02.29", 2024, 2, 29);
}

static void test_parse_rejects_ambiguous_and_junk(void)
{
    /* 2016512 could be 5/12 or 51/2: one-digit fields need separators */
    date_fails("2016512");
    date_fails("2016112");
    date_fails("");
    date_fails("2016.05");
    date_fails("2016.05.12.1");
    date_fails("20.16.05.12");
    date_fails("2016.05.12X");
    date_fails("长期");
    date_fails(".2016.05.12");
    date_fails("123456789012345");
}

static void test_parse_year_window(void)
{
    /* 1850 and 2150 are outside 1900..2100; 0 leaves a bound open */
    struct icp_date got;
    INT_EQ(icp_date_parse("1850.01.01", 1900, 2100, &got), -1);
    INT_EQ(icp_date_parse("2150.01.01", 1900, 2100, &got), -1);
    INT_EQ(icp_date_parse("2150.01.01", 1900, 0, &got), 0);
    DATE_EQ(got, 2150, 1, 1);
    INT_EQ(icp_date_parse(NULL, 0, 0, &got), -1);
}

static void test_parse_iso(void)
{
    /* strict YYYY-MM-DD only */
    struct icp_date got;
    INT_EQ(icp_date_parse_iso("2026-11-24", &got), 0);
    DATE_EQ(got, 2026, 11, 24);
    INT_EQ(icp_date_parse_iso("2026-11-31", &got), -1);
    INT_EQ(icp_date_parse_iso("2026-1-24", &got), -1);
    INT_EQ(icp_date_parse_iso("2026/11/24", &got), -1);
    INT_EQ(icp_date_parse_iso(NULL, &got), -1);
}

static void test_format(void)
{
    /* ISO output, zero padded */
    char buf[11];
    icp_date_format(D(2027, 1, 5), buf);
    STR_EQ(buf, "2027-01-05");
}

static void test_add_months_clamps(void)
{
    /* 2026-11-30 + 3 = 2027-02-28; 2024-01-31 + 1 = 2024-02-29 */
    DATE_EQ(icp_date_add_months(D(2026, 11, 30), 3), 2027, 2, 28);
    DATE_EQ(icp_date_add_months(D(2024, 1, 31), 1), 2024, 2, 29);
    DATE_EQ(icp_date_add_months(D(2026, 5, 12), 3), 2026, 8, 12);
    DATE_EQ(icp_date_add_months(D(2026, 12, 15), 1), 2027, 1, 15);
    DATE_EQ(icp_date_add_months(D(2026, 3, 31), -1), 2026, 2, 28);
    DATE_EQ(icp_date_add_months(D(2024, 2, 29), 60), 2029, 2, 28);
}

static void test_add_days(void)
{
    /* across month, year and leap day */
    DATE_EQ(icp_date_add_days(D(2029, 3, 1), -1), 2029, 2, 28);
    DATE_EQ(icp_date_add_days(D(2028, 3, 1), -1), 2028, 2, 29);
    DATE_EQ(icp_date_add_days(D(2026, 12, 31), 1), 2027, 1, 1);
    DATE_EQ(icp_date_add_days(D(1970, 1, 1), 0), 1970, 1, 1);
}

static void test_cmp_and_valid(void)
{
    OK(icp_date_cmp(D(2026, 1, 2), D(2026, 1, 3)) < 0);
    OK(icp_date_cmp(D(2026, 2, 1), D(2026, 1, 31)) > 0);
    OK(icp_date_cmp(D(2026, 2, 1), D(2026, 2, 1)) == 0);
    OK(icp_date_valid(D(2000, 2, 29)));
    OK(!icp_date_valid(D(1900, 2, 29)));
    OK(!icp_date_valid(D(0, 0, 0)));
    OK(!icp_date_is_set(D(0, 0, 0)));
}

static void period_is(const char *text, struct icp_date from,
                      struct icp_date until, bool long_term)
{
    struct icp_date f, u;
    bool lt = !long_term;
    int rc = icp_validity_parse(text, 1900, 2100, &f, &u, &lt);
    if (rc)
        fprintf(stderr, "  could not parse \"%s\"\n", text);
    INT_EQ(rc, 0);
    DATE_EQ(f, from.y, from.m, from.d);
    DATE_EQ(u, until.y, until.m, until.d);
    INT_EQ(lt, long_term);
}

static void period_fails(const char *text)
{
    struct icp_date f, u;
    bool lt;
    INT_EQ(icp_validity_parse(text, 1900, 2100, &f, &u, &lt), -1);
}

static const struct icp_date NONE = {0, 0, 0};

static void test_validity_dotted_range(void)
{
    /* ID card back: 2016.05.12-2036.05.12, any dash */
    period_is("2016.05.12-2036.05.12", D(2016, 5, 12), D(2036, 5, 12), false);
    period_is("2016.05.12—2036.05.12", D(2016, 5, 12), D(2036, 5, 12), false);
    period_is("2016.05.12 - 2036.05.12", D(2016, 5, 12), D(2036, 5, 12), false);
    period_is("有效期限：2016.05.12-2036.05.12", D(2016, 5, 12), D(2036, 5, 12),
              false);
    period_is("2016-05-12-2036-05-12", D(2016, 5, 12), D(2036, 5, 12), false);
}

static void test_validity_ocr_noise(void)
{
    /* dropped separator, dropped dash, look-alikes, full width */
    period_is("2018.11.06-2028.1106", D(2018, 11, 6), D(2028, 11, 6), false);
    period_is("2016.05.12 2036.05.12", D(2016, 5, 12), D(2036, 5, 12), false);
    period_is("2O16.O5.12-2O36.O5.I2", D(2016, 5, 12), D(2036, 5, 12), false);
    period_is("２０１６．０５．１２－２０３６．０５．１２", D(2016, 5, 12),
              D(2036, 5, 12), false);
    period_is("2016.05.12~2036.05.12", D(2016, 5, 12), D(2036, 5, 12), false);
    /* a dot read as a colon is no label's colon */
    period_is("2023.10:07-长期", D(2023, 10, 7), NONE, true);
    period_is("有效期限:2016.05:12-2036.05.12", D(2016, 5, 12), D(2036, 5, 12),
              false);
    /* the label's last character read as a digit, joined to the year */
    period_is("32018.04.20-2023.04.20", D(2018, 4, 20), D(2023, 4, 20), false);
    period_is("12015年03月01日至长期", D(2015, 3, 1), NONE, true);
}

static void test_validity_long_term(void)
{
    /* 长期, 长 期, 长朝/长斯 (期 misread) */
    period_is("2016.05.12-长期", D(2016, 5, 12), NONE, true);
    period_is("2016.05.12-长 期", D(2016, 5, 12), NONE, true);
    period_is("2016.05.12-长朝", D(2016, 5, 12), NONE, true);
    period_is("2016.05.12一长斯", D(2016, 5, 12), NONE, true);
    period_is("长期", NONE, NONE, true);
    period_is("永久", NONE, NONE, true);
    period_is("营业期限：长期", NONE, NONE, true);
}

static void test_validity_chinese_ranges(void)
{
    /* business licence forms */
    period_is("2015年03月01日至2035年02月28日", D(2015, 3, 1), D(2035, 2, 28),
              false);
    period_is("自2015年3月1日至2035年2月28日", D(2015, 3, 1), D(2035, 2, 28),
              false);
    period_is("2015年03月01日至长期", D(2015, 3, 1), NONE, true);
    period_is("2015年03月01日 至 长期", D(2015, 3, 1), NONE, true);
    period_is("自2015年03月01日至2035年02月28日止", D(2015, 3, 1),
              D(2035, 2, 28), false);
}

static void test_validity_rejects(void)
{
    /* impossible date, missing end, junk, ambiguous, empty */
    period_fails("2023.02.30-2033.02.30");
    period_fails("2016.05.12-");
    period_fails("2016.05.12");
    period_fails("长");
    period_fails("");
    period_fails(NULL);
    period_fails("2016.05.12-2036.05.12-2046.05.12");
    period_fails("abc");
    /* a glued digit is dropped only where the rest is a whole period */
    period_fails("32018.04.20-");
    period_fails("320180.04.20-2023.04.20");
}

static void test_validity_start_as(void)
{
    struct icp_date f, u;
    bool lt;
    /* a start year read out of range by its first digit, opening anew */
    INT_EQ(icp_validity_parse_start_as("3026.05.21-2031.05.20", 1949, 2106,
                                       '2', &f, &u, &lt), 0);
    DATE_EQ(f, 2026, 5, 21);
    DATE_EQ(u, 2031, 5, 20);
    INT_EQ(lt, false);
    INT_EQ(icp_validity_parse_start_as("有效期限7016.05.12-长期", 1949, 2106,
                                       '2', &f, &u, &lt), 0);
    DATE_EQ(f, 2016, 5, 12);
    INT_EQ(lt, true);
    /* a year in range, one already opening so, or no four-digit year
     * first: nothing to repair */
    INT_EQ(icp_validity_parse_start_as("2026.05.21-2031.05.20", 1949, 2106,
                                       '1', &f, &u, &lt), -1);
    INT_EQ(icp_validity_parse_start_as("2926.05.21-2031.05.20", 1949, 2106,
                                       '2', &f, &u, &lt), -1);
    INT_EQ(icp_validity_parse_start_as("30265.21-2031.05.20", 1949, 2106,
                                       '2', &f, &u, &lt), -1);
    INT_EQ(icp_validity_parse_start_as(NULL, 1949, 2106, '2', &f, &u, &lt),
           -1);
    /* the repaired text must still be a whole period */
    INT_EQ(icp_validity_parse_start_as("3026.05.21-", 1949, 2106, '2', &f,
                                       &u, &lt), -1);
}

static void test_verdict(void)
{
    /* today 2026-11-24, 3 months → limit 2027-02-24 */
    struct icp_date today = D(2026, 11, 24);
    INT_EQ(icp_validity_verdict(D(2026, 11, 23), false, today, 3),
           ICP_VALIDITY_EXPIRED);
    INT_EQ(icp_validity_verdict(D(2026, 11, 24), false, today, 3),
           ICP_VALIDITY_TOO_SOON);
    INT_EQ(icp_validity_verdict(D(2027, 2, 24), false, today, 3),
           ICP_VALIDITY_TOO_SOON);
    INT_EQ(icp_validity_verdict(D(2027, 2, 25), false, today, 3),
           ICP_VALIDITY_OK);
    INT_EQ(icp_validity_verdict(D(0, 0, 0), true, today, 3), ICP_VALIDITY_OK);
}

static void test_verdict_month_end(void)
{
    /* today 2026-11-30: limit 2027-02-28, so 2027-03-01 passes */
    struct icp_date today = D(2026, 11, 30);
    INT_EQ(icp_validity_verdict(D(2027, 2, 28), false, today, 3),
           ICP_VALIDITY_TOO_SOON);
    INT_EQ(icp_validity_verdict(D(2027, 3, 1), false, today, 3),
           ICP_VALIDITY_OK);
}

static void test_idcard_span(void)
{
    /* 5, 10, 20 years with the same month-day, or long-term */
    OK(icp_idcard_span_ok(D(2016, 5, 12), D(2036, 5, 12), false));
    OK(icp_idcard_span_ok(D(2016, 5, 12), D(2026, 5, 12), false));
    OK(icp_idcard_span_ok(D(2016, 5, 12), D(2021, 5, 12), false));
    OK(icp_idcard_span_ok(D(2016, 5, 12), NONE, true));
    OK(icp_idcard_span_ok(D(2024, 2, 29), D(2029, 2, 28), false));
    OK(!icp_idcard_span_ok(D(2016, 5, 12), D(2036, 5, 11), false));
    OK(!icp_idcard_span_ok(D(2016, 5, 12), D(2031, 5, 12), false));
    OK(!icp_idcard_span_ok(D(2036, 5, 12), D(2016, 5, 12), false));
    OK(!icp_idcard_span_ok(D(1983, 12, 31), D(2003, 12, 31), false));
    OK(!icp_idcard_span_ok(NONE, NONE, true));
}

static void test_permit_span(void)
{
    /* HK/Macau: 5 or 10 years to the day before; Taiwan: 5 years, both */
    OK(icp_permit_span_ok(ICP_PERMIT_HKMO, D(2019, 3, 1), D(2029, 2, 28)));
    OK(icp_permit_span_ok(ICP_PERMIT_HKMO, D(2019, 3, 1), D(2024, 2, 29)));
    OK(!icp_permit_span_ok(ICP_PERMIT_HKMO, D(2019, 3, 1), D(2029, 3, 1)));
    OK(!icp_permit_span_ok(ICP_PERMIT_HKMO, D(2019, 3, 1), D(2039, 2, 28)));
    OK(icp_permit_span_ok(ICP_PERMIT_TW, D(2020, 6, 10), D(2025, 6, 9)));
    OK(icp_permit_span_ok(ICP_PERMIT_TW, D(2020, 6, 10), D(2025, 6, 10)));
    OK(!icp_permit_span_ok(ICP_PERMIT_TW, D(2020, 6, 10), D(2030, 6, 9)));
    OK(!icp_permit_span_ok(ICP_PERMIT_TW, NONE, D(2025, 6, 9)));
}

int main(void)
{
    RUN(test_parse_printed_forms);
    RUN(test_parse_ocr_forms);
    RUN(test_parse_rejects_impossible);
    RUN(test_parse_rejects_ambiguous_and_junk);
    RUN(test_parse_year_window);
    RUN(test_parse_iso);
    RUN(test_format);
    RUN(test_add_months_clamps);
    RUN(test_add_days);
    RUN(test_cmp_and_valid);
    RUN(test_validity_dotted_range);
    RUN(test_validity_ocr_noise);
    RUN(test_validity_long_term);
    RUN(test_validity_chinese_ranges);
    RUN(test_validity_rejects);
    RUN(test_validity_start_as);
    RUN(test_verdict);
    RUN(test_verdict_month_end);
    RUN(test_idcard_span);
    RUN(test_permit_span);
    return TEST_DONE();
}
