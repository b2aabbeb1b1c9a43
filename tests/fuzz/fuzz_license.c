/* Fuzzes the licence's field reading on an OCR'd page without an image: the
 * input's lines become OCR words (split at spaces, boxes from their place
 * and first byte, so that lines merge and overlap as they do on photos),
 * grouped into a page by icp_page_from_words(); then the labels the licence
 * check looks for (名称, 法定代表人, 成立日期, 营业期限 ...), their values and
 * value boxes, the period and date parsers on them, and the credit code on
 * every word and line, as src/checks/license.c and locate.c do; every line
 * compared place by place with a QR's credit code; and the term's text
 * rules (src/checks/licterm.c) on every line. */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/licterm.h"
#include "checks/locate.h"
#include "checks/uscc.h"
#include "core/dates.h"
#include "ocr/ocr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const labels[] = {
    "统一社会信用代码", "名称", "类型", "法定代表人", "经营范围",
    "注册资本", "成立日期", "营业期限", "经营期限", "住所", "登记机关",
};

static void check_box(const struct icp_page *p, const int *b)
{
    if (b[0] < 0 || b[1] < 0 || b[2] < 1 || b[3] < 1 || b[0] + b[2] > p->w ||
        b[1] + b[3] > p->h)
        abort();
}

/* The term rules on one line: a repaired term is a real, plausible one
 * that runs whole years from the founding date given. */
static void fuzz_term(const char *line)
{
    struct icp_validity_ctx v;
    memset(&v, 0, sizeof v);
    v.today = (struct icp_date){2026, 11, 24};
    v.months = 3;
    v.min_year = 1949;
    v.max_year = 2106;
    char *clean = icp_licterm_clean(line);
    if (!clean)
        return;
    if (!g_utf8_validate(clean, -1, NULL))
        abort();
    (void)icp_licterm_cut_short(clean);
    (void)icp_licterm_two_digit_fields(clean);
    /* A closed end follows 至. */
    if (icp_licterm_end_closed(clean) && !strstr(clean, "至"))
        abort();
    /* A long-term end: the label, and 长期 or 永久 ending the reading. */
    if (icp_licterm_long_end(clean) &&
        (!strstr(clean, "期限") || (!g_str_has_suffix(clean, "长期") &&
                                     !g_str_has_suffix(clean, "永久"))))
        abort();
    /* Two bits at most, and none without 至 to part the dates. */
    int sides = icp_licterm_whole_sides(clean, v.min_year, v.max_year);
    if (sides & ~(ICP_LICTERM_START | ICP_LICTERM_END) ||
        (sides && !strstr(clean, "至")))
        abort();
    struct icp_period t;
    memset(&t, 0, sizeof t);
    /* An end read elsewhere fits only as a plausible whole-year term
     * ending on it. */
    struct icp_date until = {2035, 3, 1};
    if (icp_licterm_end_fits(clean, until, &v, &t) &&
        (icp_date_cmp(t.until, until) != 0 || !icp_licterm_plausible(&t, &v) ||
         !icp_licterm_whole_years(&t)))
        abort();
    memset(&t, 0, sizeof t);
    struct icp_date est = {2015, 3, 2};
    if (icp_licterm_repair_months(clean, est, &v, &t) &&
        (!icp_licterm_plausible(&t, &v) || !icp_licterm_whole_years(&t) ||
         (!t.long_term && !icp_date_valid(t.until))))
        abort();
    /* An end known to one of two days: two valid dates a day apart, the
     * later the start's month and day, after a start not after today;
     * never a reading the start alone settles. */
    struct icp_date from, ends[2];
    if (icp_licterm_end_pair(clean, &v, &from, ends)) {
        struct icp_date before = icp_date_add_days(ends[0], -1);
        struct icp_period one;
        if (!icp_date_valid(ends[0]) || !icp_date_valid(ends[1]) ||
            icp_date_cmp(before, ends[1]) != 0 || ends[0].m != from.m ||
            icp_date_cmp(from, v.today) > 0 ||
            icp_licterm_end_by_start(clean, &v, &one))
            abort();
    }
    free(clean);
}

/* Every line as a reading of the print against a QR's code: a DIFFERS
 * verdict names a printed code of the QR's length that is not the QR's. */
static void fuzz_qr_match(const struct icp_page *p)
{
    static const char qr[] = "91110108MA01EBFH9B";
    struct icp_uscc_match m;
    icp_uscc_match_init(&m, qr);
    for (size_t i = 0; i < p->n_lines; i++)
        if (icp_uscc_match_add(&m, p->lines[i].text, 3)) {
            /* Place by place: 18 places, at most one lost. */
            const char *gap = strchr(m.last, '_');
            if (strlen(m.last) != 18 || (gap && strchr(gap + 1, '_')))
                abort();
        }
    char printed[19];
    memset(printed, 0, sizeof printed);
    enum icp_uscc_match_verdict v = icp_uscc_match_verdict(&m, printed);
    if (v == ICP_USCC_MATCH_DIFFERS &&
        (strlen(printed) != 18 || strcmp(printed, qr) == 0))
        abort();
    for (size_t k = 0; k < 18; k++)
        if (m.agree[k] > m.n)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16)
        return 0;
    char *text = g_strndup((const char *)data, size);
    GPtrArray *words = g_ptr_array_new();
    GArray *boxes = g_array_new(FALSE, FALSE, sizeof(int) * 4);
    int row = 0, right = 100, bottom = 100;
    char **lines = g_strsplit(text, "\n", 200);
    for (char **l = lines; *l; l++, row++) {
        int x = 10;
        char **parts = g_strsplit(*l, " ", 40);
        for (char **w = parts; *w; w++) {
            if (!**w) {
                g_free(*w);
                continue;
            }
            unsigned char c = (unsigned char)**w;
            int len = (int)strlen(*w);
            int b[4] = {x, 40 * row + c % 17, 14 * len + 1, 18 + c % 23};
            x += b[2] + 8;
            right = MAX(right, b[0] + b[2] + 10);
            bottom = MAX(bottom, b[1] + b[3] + 10);
            g_ptr_array_add(words, *w);
            g_array_append_val(boxes, b);
        }
        g_free(parts); /* its strings are in `words` now */
    }
    g_strfreev(lines);
    size_t n = 0;
    struct icp_ocr_word *ow = calloc(words->len + 1, sizeof *ow);
    for (guint i = 0; i < words->len; i++, n++) {
        ow[n].text = g_ptr_array_index(words, i);
        memcpy(ow[n].box, &g_array_index(boxes, int, 4 * i), 4 * sizeof(int));
        ow[n].conf = 90;
    }
    struct icp_page page;
    icp_page_from_words(&page, ow, n, right, bottom);
    for (size_t i = 0; i < n; i++)
        g_free(ow[i].text);
    free(ow);
    g_ptr_array_free(words, TRUE);
    g_array_free(boxes, TRUE);

    struct icp_date from, until, d;
    bool long_term;
    for (size_t i = 0; i < G_N_ELEMENTS(labels); i++) {
        const char *val = NULL;
        int li = icp_page_find(&page, labels[i], &val);
        const char *inl = icp_page_value_inline(&page, labels[i]);
        if ((li < 0) != (inl == NULL))
            abort();
        if (li < 0)
            continue;
        if ((size_t)li >= page.n_lines || !g_utf8_validate(inl, -1, NULL))
            abort();
        for (int below = 0; below < 2; below++) {
            int box[4], h;
            if (icp_page_value_box(&page, labels[i], below, box, &h) != 0)
                abort(); /* the label is on the page */
            check_box(&page, box);
        }
        if (icp_date_parse(inl, 1949, 2106, &d) == 0 && !icp_date_valid(d))
            abort();
        if (icp_validity_parse(val, 1949, 2106, &from, &until, &long_term) ==
                0 &&
            icp_date_is_set(until) && !icp_date_valid(until))
            abort();
    }
    struct icp_uscc u;
    for (size_t i = 0; i < page.n_lines; i++) {
        const struct icp_line *l = &page.lines[i];
        check_box(&page, l->box);
        (void)icp_validity_parse(l->text, 1949, 2106, &from, &until,
                                 &long_term);
        for (size_t k = 0; k <= l->n_words; k++) {
            const char *t = k < l->n_words ? l->words[k].text : l->text;
            if (icp_uscc_parse(t, &u) == 0 && strlen(u.code) != 18)
                abort();
        }
        (void)icp_uscc_in_text(l->text, u.code, NULL);
    }
    fuzz_qr_match(&page);
    for (size_t i = 0; i < page.n_lines; i++)
        fuzz_term(page.lines[i].text);
    icp_page_clear(&page);
    g_free(text);
    return 0;
}
