/* The Hong Kong/Macau and Taiwan residents' travel permits: the number's
 * format, the name, and 有效期限 with the span such a permit has. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "checks/document.h"
#include "checks/locate.h"
#include "core/text.h"
#include "core/util.h"


/* The long side (px) of the view the number is read again from. */
#define NUMBER_VIEW_SIDE 1600

/* True when `s` (n chars) is a permit number of this kind: H/M + 8 digits
 * or HA/MA + 7 (Hong Kong/Macau), 8 digits (Taiwan). */
static bool number_ok(const char *s, size_t n, bool hkmo)
{
    if (!hkmo) {
        if (n != 8)
            return false;
        for (size_t i = 0; i < n; i++)
            if (!isdigit((unsigned char)s[i]))
                return false;
        return true;
    }
    if (n != 9 || (s[0] != 'H' && s[0] != 'M'))
        return false;
    size_t i = s[1] == 'A' ? 2 : 1;
    for (; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* True when `s` holds a separator between two digits, as a printed date
 * (1985.12.27) does and the number never. */
static bool date_like(const char *s)
{
    for (size_t i = 1; s[i] && s[i + 1]; i++)
        if (strchr(".-/", s[i]) && isdigit((unsigned char)s[i - 1]) &&
            isdigit((unsigned char)s[i + 1]))
            return true;
    return false;
}

/* The permit number in one word, digit look-alikes after the letter
 * prefix repaired, into out (32 bytes); whether it is one. */
static bool number_token(const char *word, bool hkmo, char *out)
{
    char tok[32];
    size_t n = 0;
    if (date_like(word))
        return false;
    for (const char *c = word; *c && n < sizeof tok - 1; c++)
        if (isalnum((unsigned char)*c))
            tok[n++] = (char)toupper((unsigned char)*c);
    tok[n] = '\0';
    size_t skip = hkmo ? (n > 1 && tok[1] == 'A' ? 2 : 1) : 0;
    if (n > skip)
        icp_text_fix_digits(tok + skip);
    if (!number_ok(tok, n, hkmo))
        return false;
    memcpy(out, tok, n + 1);
    return true;
}

/* The permit number: a token of the right form anywhere on the page (it is
 * printed alone, in red, without a label). */
static bool find_number(const struct icp_page *p, bool hkmo, char *out)
{
    for (size_t i = 0; i < p->n_lines; i++) {
        const struct icp_line *l = &p->lines[i];
        for (size_t k = 0; k < l->n_words; k++)
            if (number_token(l->words[k].text, hkmo, out))
                return true;
    }
    return false;
}

/* The two-digit count is printed after the number, under its label; the
 * label lost or read in part, the window holds the count too, read as one
 * word with the number at times (M98070288 06 as M9807028806): the number
 * without its last two digits, when those are digits and the rest is a
 * number. */
static bool count_after(const char *word, bool hkmo, char *out)
{
    size_t n = strlen(word);
    if (n < 3 || n > 31 || !isdigit((unsigned char)word[n - 1]) ||
        !isdigit((unsigned char)word[n - 2]))
        return false;
    char cut[32];
    memcpy(cut, word, n - 2);
    cut[n - 2] = '\0';
    return number_token(cut, hkmo, out);
}

/* The line the number is printed on: the first with a word of seven or
 * more digits that is no date; -1 if none. */
static int number_line(const struct icp_page *p)
{
    for (size_t i = 0; i < p->n_lines; i++)
        for (size_t k = 0; k < p->lines[i].n_words; k++) {
            const char *t = p->lines[i].words[k].text;
            int digits = 0;
            for (const char *c = t; *c; c++)
                digits += isdigit((unsigned char)*c) != 0;
            if (digits >= 7 && !date_like(t))
                return (int)i;
        }
    return -1;
}

/* The number's line read again with the English engine, its letters and
 * digits only: the page is read with the Chinese engine, which misreads
 * the number's digits at times (H55785941 as H25785941) and runs it into
 * the renewal count printed after it (H62063810 04 as H62063581004). A
 * raw line (no layout analysis) first: as a line, the English engine
 * reads some 1s and Hs of this print wrongly (H15895121 as H58951241). */
static bool reread_number(struct icp_worker *w, struct icp_image *img,
                          struct icp_result *res, struct icp_page *p, bool hkmo,
                          char *out)
{
    int li = number_line(p);
    if (li < 0)
        return false;
    const int *lb = p->lines[li].box;
    int h = lb[3], x0 = VIPS_MAX(0, lb[0] - h / 2);
    int x1 = VIPS_MIN(p->w, lb[0] + lb[2] + h / 2);
    /* The renewal or issue count is printed under its label (换证次数,
     * 签发次数) at the number's right: the window ends before the label. */
    int rl = icp_page_find(p, "次数", NULL);
    if (rl < 0)
        rl = icp_page_find(p, "发次", NULL);
    if (rl < 0)
        rl = icp_page_find(p, "证次", NULL);
    if (rl >= 0 && p->lines[rl].box[0] > lb[0] + 4 * h &&
        p->lines[rl].box[1] < lb[1] && p->lines[rl].box[1] > lb[1] - 3 * h)
        x1 = VIPS_MIN(x1, p->lines[rl].box[0] - h / 4);
    int y0 = VIPS_MAX(0, lb[1] - h / 4);
    int box[4] = {x0, y0, x1 - x0, VIPS_MIN(p->h, lb[1] + lb[3] + h / 4) - y0};
    /* From a view of 1600 px unless the finer one is made already: that
     * one decodes the photo at full resolution, which for this line alone
     * put some 25 MB on a batch's peak (and 130 ms CPU a permit). */
    VipsImage *fine = p->fine;
    if (!fine && !(p->fine = icp_document_view(img, NUMBER_VIEW_SIDE, res)))
        return false;
    bool found = false;
    /* A raw line, then a line (each misses what the other reads at
     * times), then levelled and thresholded (the red print faint). */
    static const struct {
        enum icp_psm psm;
        int variant;
    } plan[] = {
        {ICP_PSM_RAW_LINE, 0}, {ICP_PSM_LINE, 0}, {ICP_PSM_RAW_LINE, 1}};
    for (size_t k = 0; k < G_N_ELEMENTS(plan) && !found; k++) {
        char *t = icp_page_reread(w, img, res, p, box, h, plan[k].psm,
                                  hkmo ? "HMA0123456789" : "0123456789", false,
                                  plan[k].variant);
        char **tok = g_strsplit_set(t ? t : "", " \n", -1);
        for (size_t i = 0; tok[i] && !found; i++)
            found = number_token(tok[i], hkmo, out) ||
                    count_after(tok[i], hkmo, out);
        g_strfreev(tok);
        free(t);
    }
    if (!fine)
        VIPS_UNREF(p->fine);
    return found;
}

/* The name as the page read it: the words of the lines just under the
 * label (the Chinese name and its pinyin, printed under 姓名), from the
 * label's left edge on (the portrait beside them reads as stray marks).
 * NULL when the page holds no such words; the caller then re-reads. */
static char *page_name(const struct icp_page *p, const char *label)
{
    int li = icp_page_find(p, label, NULL);
    if (li < 0)
        return NULL;
    const struct icp_line *l = &p->lines[li];
    int h = l->box[3], x0 = l->box[0] - h / 2;
    GString *s = g_string_new(NULL);
    int cjk = 0;
    for (size_t i = 0; i < p->n_lines; i++) {
        const struct icp_line *m = &p->lines[i];
        int cy = m->box[1] + m->box[3] / 2;
        int dy = cy - (l->box[1] + l->box[3]);
        if ((int)i == li || dy < 0 || dy > 2 * h)
            continue;
        for (size_t k = 0; k < m->n_words; k++) {
            const struct icp_ocr_word *wd = &m->words[k];
            if (wd->box[0] + wd->box[2] / 2 < x0)
                continue;
            if (s->len)
                g_string_append_c(s, ' ');
            g_string_append(s, wd->text);
            for (const char *c = wd->text; *c; c = g_utf8_next_char(c))
                cjk += g_utf8_get_char(c) >= 0x4e00 &&
                       g_utf8_get_char(c) <= 0x9fff;
        }
    }
    char *out = NULL;
    if (cjk >= 2)
        out = icp_text_normalize(s->str);
    g_string_free(s, TRUE);
    return out;
}

static void check_permit(struct icp_worker *w, struct icp_image *img,
                         struct icp_result *res, bool hkmo)
{
    enum icp_span_rule span = hkmo ? ICP_SPAN_HKMO : ICP_SPAN_TW;
    struct icp_page page;
    struct icp_stage_timer t;
    icp_stage_timer_start(&t);
    int rc = icp_page_read(w, img, res, &page);
    icp_stage_lap(&t, res->path, "permit page");
    if (rc) {
        struct icp_validity_ctx v;
        icp_locate_validity_ctx(w, span, &v);
        icp_validity_report_text(res, NULL, &v);
        icp_page_clear(&page);
        return;
    }
    char number[32];
    bool got = reread_number(w, img, res, &page, hkmo, number) ||
               find_number(&page, hkmo, number);
    icp_result_set_str(res, "number", got ? number : NULL);
    /* The page's own reading first: a re-read costs the fine view. */
    const char *inl = icp_page_value_inline(&page, "姓名");
    char *name = inl && *inl ? NULL : page_name(&page, "姓名");
    if (!name)
        name = icp_page_value_text(w, img, res, &page, "姓名");
    icp_result_set_str(res, "name", name && *name ? name : NULL);
    free(name);
    icp_stage_lap(&t, res->path, "permit number/name");
    struct icp_period period;
    icp_page_card_period(w, img, res, &page, "有效期限", span, NULL, &period);
    icp_stage_lap(&t, res->path, "permit period");
    icp_page_report_period(w, img, res, &page, &period, span);
    icp_page_clear(&page);
}

void icp_check_hkmo_permit(struct icp_worker *w, struct icp_image *img,
                           struct icp_result *res)
{
    check_permit(w, img, res, true);
}

void icp_check_tw_permit(struct icp_worker *w, struct icp_image *img,
                         struct icp_result *res)
{
    check_permit(w, img, res, false);
}
