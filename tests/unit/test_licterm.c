/* Unit tests of the business licence's 营业期限 text rules, on strings as
 * Tesseract reads them from photos. */
#include <stdlib.h>
#include <string.h>

#include "checks/licterm.h"
#include "core/dates.h"
#include "harness.h"

static struct icp_validity_ctx ctx(void)
{
    struct icp_validity_ctx v;
    memset(&v, 0, sizeof v);
    v.today = (struct icp_date){2026, 11, 24};
    v.months = 3;
    v.min_year = 1949;
    v.max_year = 2200;
    return v;
}

static void test_two_digit_fields(void)
{
    OK(icp_licterm_two_digit_fields("营业期限2015年03月02日至2035年03月01日"));
    /* 11 read as 1, and a month with both digits gone */
    OK(!icp_licterm_two_digit_fields("2025年1月14日至2045年11月13日"));
    OK(!icp_licterm_two_digit_fields("2025年11月4日"));
    OK(icp_licterm_two_digit_fields("长期"));
    /* a last day that lost a digit and its 日 */
    OK(!icp_licterm_two_digit_fields("2006年12月17日至2026年12月6"));
    OK(icp_licterm_two_digit_fields("2006年12月17日至2026年12月16"));
}

static void test_end_closed(void)
{
    OK(icp_licterm_end_closed("营业期限2015年03月02日至2035年03月01日"));
    OK(icp_licterm_end_closed("2015年03月02日至长期"));
    OK(icp_licterm_end_closed("自2015年03月02日至永久"));
    /* 01日 read 11, its 日 gone: not closed */
    OK(!icp_licterm_end_closed("营业期限2024年03月02日至2044年03月11"));
    OK(!icp_licterm_end_closed("2024年03月02日至2044年03月"));
    OK(!icp_licterm_end_closed("2024年03月02日至"));
    OK(!icp_licterm_end_closed("2024年03月02日"));
    OK(!icp_licterm_end_closed(""));
    /* 日 with no year before it is no end */
    OK(!icp_licterm_end_closed("2024年03月02日至日"));
}

static void test_clean(void)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        /* a frame stroke after the last 日 is cut */
        {"2007年01月18日至2027年01月17日11", "2007年01月18日至2027年01月17日"},
        /* the lost 至 between two whole dates comes back */
        {"业2007年02月05日2027年02月05日11", "业2007年02月05日至2027年02月05日"},
        /* 成立日期's 日 is not a date's end */
        {"成立日2020年11月07日", "成立日2020年11月07日"},
        /* 长期 after the last 日 stays */
        {"2012年08月28日至长期", "2012年08月28日至长期"},
        /* and nothing follows 长期 */
        {"营业期限长期1", "营业期限长期"},
        {"2012年08月28日至长期|", "2012年08月28日至长期"},
        /* a stroke before the label read as 0 */
        {"0营业期限2014年11月27日至2044年1月27日",
         "营业期限2014年11月27日至2044年1月27日"},
        {"7经营期限2012年08月28日至长期", "经营期限2012年08月28日至长期"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = icp_licterm_clean(cases[i].in);
        STR_EQ(t, cases[i].want);
        free(t);
    }
}

static void test_cut_short(void)
{
    OK(icp_licterm_cut_short("营业期限2012年08月28日至长"));
    OK(icp_licterm_cut_short("营业期限2006年11月26日至2026年11月"));
    OK(!icp_licterm_cut_short("2012年08月28日至长期"));
    OK(!icp_licterm_cut_short("2006年11月26日至2026年11月25日"));
    OK(!icp_licterm_cut_short("成立日期2006年11月26日"));
}

static void test_whole_years(void)
{
    struct icp_period t = {.from = {2015, 3, 2}, .until = {2035, 3, 1}};
    OK(icp_licterm_whole_years(&t));
    t.until = (struct icp_date){2035, 3, 2};
    OK(icp_licterm_whole_years(&t));
    t.until = (struct icp_date){2035, 1, 2};
    OK(!icp_licterm_whole_years(&t));
}

static void test_repair_months(void)
{
    struct icp_validity_ctx v = ctx();
    struct icp_period p;
    struct icp_date est = {2025, 11, 14};
    /* both months lost their second 1: one term starts on the founding
     * date and runs whole years */
    OK(icp_licterm_repair_months("营业期限2025年1月14日至2045年1月13日", est,
                                 &v, &p));
    INT_EQ(p.from.m, 11);
    INT_EQ(p.until.y, 2045);
    INT_EQ(p.until.m, 11);
    INT_EQ(p.until.d, 13);
    /* a month with no digit left */
    OK(icp_licterm_repair_months("2025年月14日至2045年11月13日", est, &v, &p));
    INT_EQ(p.from.m, 11);
    /* no founding date: the start's whole month and day leave one end */
    OK(icp_licterm_repair_months("营业期限2021年11月21日至2041年1月21日",
                                 (struct icp_date){0, 0, 0}, &v, &p));
    INT_EQ(p.until.y, 2041);
    INT_EQ(p.until.m, 11);
    INT_EQ(p.until.d, 21);
    /* and the end's leave one start */
    OK(icp_licterm_repair_months("2021年1月21日至2041年11月20日",
                                 (struct icp_date){0, 0, 0}, &v, &p));
    INT_EQ(p.from.m, 11);
    /* nothing repaired: a founding date that does not fit, a day that lost
     * a digit, no founding date, whole months */
    static const struct {
        const char *text;
        struct icp_date est;
    } none[] = {
        {"2025年1月14日至2045年1月13日", {2025, 3, 14}},
        {"2025年1月4日至2045年11月13日", {2025, 11, 14}},
        {"2025年1月14日至2045年1月13日", {0, 0, 0}},
        {"2025年11月14日至2045年11月13日", {2025, 11, 14}},
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        OK(!icp_licterm_repair_months(none[i].text, none[i].est, &v, &p));
}

static void test_plausible(void)
{
    struct icp_validity_ctx v = ctx();
    struct icp_period t = {.from = {2030, 1, 1}, .until = {2050, 1, 1}};
    OK(!icp_licterm_plausible(&t, &v)); /* starts after today */
    t.from = (struct icp_date){2010, 1, 1};
    OK(icp_licterm_plausible(&t, &v));
    t.until = (struct icp_date){2200, 1, 1};
    OK(!icp_licterm_plausible(&t, &v)); /* more than a century */
    struct icp_period lt = {.long_term = true};
    OK(icp_licterm_plausible(&lt, &v)); /* bare 长期 */
}

static void test_end_by_start(void)
{
    struct icp_validity_ctx v = ctx();
    struct icp_period p;
    /* the day's 1 and 日 lost: 16 (the day before), not 17 */
    OK(icp_licterm_end_by_start("2006年12月17日至2026年12月6", &v, &p));
    INT_EQ(p.until.y, 2026);
    INT_EQ(p.until.m, 12);
    INT_EQ(p.until.d, 16);
    INT_EQ(p.from.d, 17);
    /* the digits fit both ends (12-1 of 12-17 and 12-16): nothing */
    OK(!icp_licterm_end_by_start("2006年12月17日至2026年121", &v, &p));
    /* digits neither end holds */
    OK(!icp_licterm_end_by_start("2006年12月17日至2026年1298", &v, &p));
    /* the start not whole */
    OK(!icp_licterm_end_by_start("2006年2月17日至2026年12月16", &v, &p));
    /* too little of the end */
    OK(!icp_licterm_end_by_start("2006年12月17日至2026年1", &v, &p));
    OK(!icp_licterm_end_by_start("2006年12月17日至长期", &v, &p));
}

static void test_end_pair(void)
{
    struct icp_validity_ctx v = ctx();
    struct icp_date from, ends[2];
    /* seed 6029 no. 41 as read: 2026年12月11日 read 12月1日 (and a stray 1
     * after it, which the clean rule drops); 12-12 and 12-11 both hold 121 */
    OK(icp_licterm_end_pair("营业期限2006年12月12日至2026年12月1日", &v,
                            &from, ends));
    INT_EQ(from.y, 2006);
    INT_EQ(from.m, 12);
    INT_EQ(from.d, 12);
    INT_EQ(ends[0].y, 2026);
    INT_EQ(ends[0].m, 12);
    INT_EQ(ends[0].d, 12);
    INT_EQ(ends[1].m, 12);
    INT_EQ(ends[1].d, 11);
    /* digits neither end holds (03-01 and 02-28 against 021) */
    OK(!icp_licterm_end_pair("2015年03月01日至2035年021", &v, &from, ends));
    /* the digits tell the two apart: end_by_start's case, not a pair */
    OK(!icp_licterm_end_pair("2006年12月17日至2026年12月6", &v, &from, ends));
    /* the start not whole, or no end year */
    OK(!icp_licterm_end_pair("2006年2月12日至2026年12月1日", &v, &from, ends));
    OK(!icp_licterm_end_pair("2006年12月12日至20年12月1日", &v, &from, ends));
    OK(!icp_licterm_end_pair("2006年12月12日至长期", &v, &from, ends));
    /* OCR noise: no 至, letters, nothing at all */
    OK(!icp_licterm_end_pair("2006年12月12日2026年12月1日", &v, &from, ends));
    OK(!icp_licterm_end_pair("营业期限AB至2026年12月1日", &v, &from, ends));
    OK(!icp_licterm_end_pair("", &v, &from, ends));
    /* a start after today is no term */
    OK(!icp_licterm_end_pair("2027年12月12日至2047年12月1日", &v, &from,
                             ends));
}

static void test_whole_sides(void)
{
    const int S = ICP_LICTERM_START, E = ICP_LICTERM_END;
    /* both whole, with the label before the start */
    OK(icp_licterm_whole_sides("营业期限2010年11月03日至2030年11月03日", 1949,
                               2200) == (S | E));
    /* the end's month lost a digit: the start alone is whole */
    OK(icp_licterm_whole_sides("营业期限2010年11月03日至2030年1月03日", 1949,
                               2200) == S);
    /* the start's month lost a digit: the end alone */
    OK(icp_licterm_whole_sides("2010年1月03日至2030年11月03日", 1949, 2200) ==
       E);
    /* an end cut short, or no date at all after 至 */
    OK(icp_licterm_whole_sides("2010年11月03日至2030年11月", 1949, 2200) == S);
    OK(icp_licterm_whole_sides("2010年11月03日至长期", 1949, 2200) == S);
    /* a day that is no day, and no 至 */
    OK(icp_licterm_whole_sides("2010年11月33日至2030年11月03日", 1949, 2200) ==
       E);
    OK(icp_licterm_whole_sides("2010年11月03日2030年11月03日", 1949, 2200) ==
       0);
    OK(icp_licterm_whole_sides("", 1949, 2200) == 0);
}

static void test_end_fits(void)
{
    struct icp_validity_ctx v = ctx();
    struct icp_period t;
    /* the day's digit lost: 12-11 and 12-10 both hold 1,2,1; the end read
     * whole elsewhere picks one */
    const char *short_end = "营业期限2006年12月11日至2026年12月1日";
    OK(!icp_licterm_end_by_start(short_end, &v, &t));
    OK(icp_licterm_end_fits(short_end, (struct icp_date){2026, 12, 11}, &v,
                            &t));
    INT_EQ(t.from.y, 2006);
    INT_EQ(t.from.d, 11);
    INT_EQ(t.until.d, 11);
    OK(icp_licterm_end_fits(short_end, (struct icp_date){2026, 12, 10}, &v,
                            &t));
    INT_EQ(t.until.d, 10);
    /* another year, a day the digits do not hold, no whole-year span */
    OK(!icp_licterm_end_fits(short_end, (struct icp_date){2027, 12, 11}, &v,
                             &t));
    OK(!icp_licterm_end_fits(short_end, (struct icp_date){2026, 12, 21}, &v,
                             &t));
    OK(!icp_licterm_end_fits("2006年12月11日至2026年12月12",
                             (struct icp_date){2026, 12, 12}, &v, &t));
    /* the start not whole, too few digits left, 长期 */
    OK(!icp_licterm_end_fits("2006年12月1日至2026年12月11日",
                             (struct icp_date){2026, 12, 11}, &v, &t));
    OK(!icp_licterm_end_fits("2006年12月11日至2026年1",
                             (struct icp_date){2026, 1, 10}, &v, &t));
    OK(!icp_licterm_end_fits("2006年12月11日至长期",
                             (struct icp_date){2026, 12, 11}, &v, &t));
    OK(!icp_licterm_end_fits("", (struct icp_date){2026, 12, 11}, &v, &t));
}

static void test_long_end(void)
{
    /* 11 read as 1 in the start: the end still read whole */
    OK(icp_licterm_long_end("营业期限2025年1月28日至长期"));
    OK(icp_licterm_long_end("经营期限2012年08月28日至永久"));
    OK(icp_licterm_long_end("业营业期限201年08月2日至长期"));
    /* the label's first character, or the 至, lost */
    OK(icp_licterm_long_end("业期限2011年07月249至长期"));
    OK(icp_licterm_long_end("营业期限204年07月24日长期"));
    /* no label: a date line elsewhere */
    OK(!icp_licterm_long_end("2025年1月28日至长期"));
    /* the start lost altogether: 长期 alone is read_long_words' */
    OK(!icp_licterm_long_end("营业期限至长期"));
    OK(!icp_licterm_long_end("营业期限长期"));
    /* cut short, or a dated end */
    OK(!icp_licterm_long_end("营业期限2025年1月28日至长"));
    OK(!icp_licterm_long_end("营业期限2025年1月28日至2045年11月27日"));
    /* something after 长期 that clean() would not cut */
    OK(!icp_licterm_long_end("营业期限2025年1月28日至长期2045"));
    /* 至 before the label: not this line's */
    OK(!icp_licterm_long_end("2019至营业期限2025"));
}

int main(void)
{
    RUN(test_two_digit_fields);
    RUN(test_clean);
    RUN(test_cut_short);
    RUN(test_whole_years);
    RUN(test_repair_months);
    RUN(test_plausible);
    RUN(test_end_by_start);
    RUN(test_end_pair);
    RUN(test_whole_sides);
    RUN(test_end_fits);
    RUN(test_long_end);
    RUN(test_end_closed);
    return TEST_DONE();
}
