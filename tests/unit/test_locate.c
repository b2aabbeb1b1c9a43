/* Unit tests of the page helpers that find the stretches of lines with
 * digits (the regions the licence and domain checks re-read). */
#include <stdlib.h>

#include "checks/locate.h"
#include "checks/worker.h"
#include "core/context.h"
#include "harness.h"

/* A one-line page of words at the given x positions, 20 px high. */
static void one_line(struct icp_page *p, struct icp_ocr_word *words,
                     const char *const *texts, const int *xs, const int *ws,
                     size_t n)
{
    static struct icp_line line;
    memset(p, 0, sizeof *p);
    memset(&line, 0, sizeof line);
    p->w = 1000;
    p->h = 600;
    for (size_t i = 0; i < n; i++) {
        words[i].text = (char *)texts[i];
        words[i].box[0] = xs[i];
        words[i].box[1] = 100;
        words[i].box[2] = ws[i];
        words[i].box[3] = 20;
    }
    line.words = words;
    line.n_words = n;
    line.box[0] = xs[0];
    line.box[1] = 100;
    line.box[2] = xs[n - 1] + ws[n - 1] - xs[0];
    line.box[3] = 20;
    p->lines = &line;
    p->n_lines = 1;
}

static void test_columns_split(void)
{
    /* two columns of a licence on one line: the name on the left, the
     * term on the right; only the right one has digits */
    static const char *const t[] = {"法定代表人", "张三", "营业期限",
                                    "2019年12月02日至2039年12月01日"};
    static const int xs[] = {20, 140, 520, 620}, ws[] = {100, 40, 80, 300};
    struct icp_ocr_word words[4];
    struct icp_page p;
    struct icp_digit_run runs[4];
    one_line(&p, words, t, xs, ws, 4);
    size_t n = icp_page_digit_runs(&p, 5, 7.0, 2.0, runs, 4);
    INT_EQ(n, 1);
    INT_EQ(runs[0].h, 20);
    INT_EQ(runs[0].digits, 16);
    /* widened left over its label, not into the left column's words */
    OK(runs[0].box[0] <= 520);
    OK(runs[0].box[0] >= 180);
    INT_EQ(runs[0].box[0] + runs[0].box[2], 920 + 40);
    OK(runs[0].box[1] <= 100 && runs[0].box[1] + runs[0].box[3] >= 120);
}

static void test_few_digits_skipped(void)
{
    /* an address with a house number is not a date line */
    static const char *const t[] = {"住所", "文化路374号"};
    static const int xs[] = {20, 100}, ws[] = {40, 200};
    struct icp_ocr_word words[2];
    struct icp_page p;
    struct icp_digit_run runs[2];
    one_line(&p, words, t, xs, ws, 2);
    INT_EQ(icp_page_digit_runs(&p, 5, 7.0, 2.0, runs, 2), 0);
    INT_EQ(icp_page_digit_runs(&p, 3, 7.0, 2.0, runs, 2), 1);
}

static void test_bounded_by_digit_run(void)
{
    /* two dates on one line: the second run does not reach back over the
     * first */
    static const char *const t[] = {"2019-12-02", "2039-12-01"};
    static const int xs[] = {100, 400}, ws[] = {150, 150};
    struct icp_ocr_word words[2];
    struct icp_page p;
    struct icp_digit_run runs[2];
    one_line(&p, words, t, xs, ws, 2);
    INT_EQ(icp_page_digit_runs(&p, 5, 40.0, 2.0, runs, 2), 2);
    OK(runs[1].box[0] >= 250);
    OK(runs[0].box[0] <= 10);
}

/* The period of a permit read by the page on the line under its label,
 * but with a box whose top reaches up beside the label (a stroke above the
 * digits joined the line): the page's own reading stands, before any
 * re-read (the test has no image: a re-read would fail it). */
static void test_period_line_reaching_up(void)
{
    static struct icp_context ctx;
    struct icp_worker w = {.ctx = &ctx};
    ctx.opts.today_year = 2026, ctx.opts.today_month = 11;
    ctx.opts.today_day = 25, ctx.opts.min_validity_months = 3;
    struct icp_ocr_word label = {"有效期限", {132, 338, 113, 32}, 90};
    struct icp_ocr_word value = {"2021.05.01-2026.04.30", {135, 356, 372, 60},
                                 90};
    struct icp_line lines[2] = {
        {"有效期限", {132, 338, 113, 32}, &label, 1, false},
        {"2021.05.01-2026.04.30", {135, 356, 372, 60}, &value, 1, false}};
    struct icp_page p = {.w = 800, .h = 560, .lines = lines, .n_lines = 2};
    struct icp_period out;
    icp_page_period(&w, NULL, NULL, &p, "有效期限", ICP_SPAN_TW, NULL, &out);
    OK(out.found);
    INT_EQ(out.from.y, 2021);
    INT_EQ(out.from.m, 5);
    INT_EQ(out.from.d, 1);
    INT_EQ(out.until.y, 2026);
    INT_EQ(out.until.m, 4);
    INT_EQ(out.until.d, 30);
}

/* An ID back's period line split by the page where its words stand at
 * different heights: the label and 长期 as one line, the start date beside
 * them as another. Read left to right as one row, the period stands
 * before any re-read (the test has no image: a re-read would fail it). */
static void test_period_row_split(void)
{
    static struct icp_context ctx;
    struct icp_worker w = {.ctx = &ctx};
    ctx.opts.today_year = 2026, ctx.opts.today_month = 11;
    ctx.opts.today_day = 25, ctx.opts.min_validity_months = 3;
    struct icp_ocr_word row[2] = {{"有效期限", {238, 590, 150, 60}, 90},
                                  {"长期", {748, 576, 90, 93}, 90}};
    struct icp_ocr_word start = {"。2001.05.22-", {432, 598, 308, 39}, 90};
    struct icp_line lines[2] = {
        {"有效期限长期", {238, 576, 600, 93}, row, 2, false},
        {"。2001.05.22-", {432, 598, 308, 39}, &start, 1, false}};
    struct icp_page p = {.w = 1100, .h = 700, .lines = lines, .n_lines = 2};
    struct icp_period out;
    icp_page_period(&w, NULL, NULL, &p, "有效期限", ICP_SPAN_IDCARD, "长期",
                    &out);
    OK(out.found);
    OK(out.long_term);
    INT_EQ(out.from.y, 2001);
    INT_EQ(out.from.m, 5);
    INT_EQ(out.from.d, 22);
}

/* Rows [a, b) of `row` set to `ink`. */
static void ink_rows(int *row, int a, int b, int ink)
{
    for (int y = a; y < b; y++)
        row[y] = ink;
}

static void test_middle_line_parts_merged_lines(void)
{
    /* a label's line, the date's and the next, 20 rows each, with the
     * specks of a guilloche ground between them above the floor (12):
     * one band of 70 rows; the date's line, at the middle, is read */
    int row[90] = {0}, y0 = -1, y1 = -1;
    ink_rows(row, 10, 30, 100);
    ink_rows(row, 30, 35, 15);
    ink_rows(row, 35, 55, 120);
    ink_rows(row, 55, 60, 15);
    ink_rows(row, 60, 80, 100);
    OK(icp_middle_line(row, 90, 12, 0, &y0, &y1) == 0);
    OK(y0 == 10 && y1 == 80);
    OK(icp_middle_line(row, 90, 12, 32, &y0, &y1) == 0);
    OK(y0 >= 30 && y0 <= 35);
    OK(y1 >= 55 && y1 <= 60);
}

static void test_middle_line_keeps_one_tall_line(void)
{
    /* one line of large print taller than expected, its strokes' rows
     * uneven: no other line beside it, so it stays whole */
    int row[90] = {0}, y0 = -1, y1 = -1;
    for (int y = 20; y < 70; y++)
        row[y] = y % 7 == 0 ? 20 : y % 3 == 0 ? 60 : 110;
    OK(icp_middle_line(row, 90, 12, 32, &y0, &y1) == 0);
    OK(y0 == 20 && y1 == 70);
}

static void test_middle_line_none(void)
{
    int row[40] = {0}, y0, y1;
    ink_rows(row, 2, 4, 50); /* too thin, and far from the middle */
    OK(icp_middle_line(row, 40, 12, 0, &y0, &y1) == -1);
}

int main(void)
{
    RUN(test_columns_split);
    RUN(test_few_digits_skipped);
    RUN(test_bounded_by_digit_run);
    RUN(test_period_line_reaching_up);
    RUN(test_period_row_split);
    RUN(test_middle_line_parts_merged_lines);
    RUN(test_middle_line_keeps_one_tall_line);
    RUN(test_middle_line_none);
    return TEST_DONE();
}
