/* The Hong Kong/Macau and Taiwan residents' travel permits: the number's
 * format, the name, and 有效期限 with the span such a permit has. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "checks/locate.h"
#include "core/text.h"
#include "core/util.h"


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

/* The permit number: a token of the right form anywhere on the page (it is
 * printed alone, in red, without a label). Digit look-alikes are repaired
 * after the letter prefix. */
static bool find_number(const struct icp_page *p, bool hkmo, char *out,
                        int *box)
{
    for (size_t i = 0; i < p->n_lines; i++) {
        const struct icp_line *l = &p->lines[i];
        for (size_t k = 0; k < l->n_words; k++) {
            char tok[32];
            size_t n = 0;
            if (date_like(l->words[k].text))
                continue;
            for (const char *c = l->words[k].text; *c && n < sizeof tok - 1;
                 c++)
                if (isalnum((unsigned char)*c))
                    tok[n++] = (char)toupper((unsigned char)*c);
            tok[n] = '\0';
            size_t skip = hkmo ? (n > 1 && tok[1] == 'A' ? 2 : 1) : 0;
            if (n > skip)
                icp_text_fix_digits(tok + skip);
            if (number_ok(tok, n, hkmo)) {
                memcpy(out, tok, n + 1);
                memcpy(box, l->words[k].box, 4 * sizeof *box);
                return true;
            }
        }
    }
    return false;
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
    int box[4];
    icp_result_set_str(res, "number",
                       find_number(&page, hkmo, number, box) ? number : NULL);
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
