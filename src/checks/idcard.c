/* The resident ID card: the back's 有效期限 and 签发机关, the front's fields
 * and its 18-character number with the GB 11643 check character. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "checks/idnumber.h"
#include "checks/locate.h"
#include "core/text.h"
#include "core/util.h"

void icp_check_idcard_back(struct icp_worker *w, struct icp_image *img,
                           struct icp_result *res)
{
    struct icp_page page;
    struct icp_stage_timer t;
    icp_stage_timer_start(&t);
    int rc = icp_page_read(w, img, res, &page);
    icp_stage_lap(&t, res->path, "id back page");
    if (rc) {
        struct icp_validity_ctx v;
        icp_locate_validity_ctx(w, ICP_SPAN_IDCARD, &v);
        icp_validity_report_text(res, NULL, &v);
        icp_page_clear(&page);
        return;
    }
    char *issuer = icp_page_value_text(w, img, res, &page, "签发机关");
    icp_result_set_str(res, "issuer", issuer && *issuer ? issuer : NULL);
    free(issuer);
    icp_stage_lap(&t, res->path, "id back issuer");
    struct icp_period period;
    icp_page_card_period(w, img, res, &page, "有效期限", ICP_SPAN_IDCARD,
                         "长期", &period);
    icp_stage_lap(&t, res->path, "id back period");
    icp_page_report_period(w, img, res, &page, &period, ICP_SPAN_IDCARD);
    icp_page_clear(&page);
}

/* An ID number inside a line's text: the label's misread characters (公民
 * 身份S码) run into the number once CJK is dropped, so every window of 18
 * ASCII letters and digits is tried, windows of plain digits first. */
static int parse_in(const char *text, struct icp_date today,
                    struct icp_idnumber *out)
{
    char a[128];
    size_t n = 0;
    if (icp_idnumber_parse(text, today, out) == 0)
        return 0;
    struct icp_idnumber first = *out;
    for (const char *p = text; *p && n < sizeof a - 1; p++)
        if (g_ascii_isalnum(*p))
            a[n++] = *p;
    a[n] = '\0';
    for (int strict = 1; strict >= 0 && n > 18; strict--)
        for (size_t i = 0; i + 18 <= n; i++) {
            bool digits = true;
            for (size_t k = 0; k < 17; k++)
                digits &= g_ascii_isdigit(a[i + k]) != 0;
            digits &= g_ascii_isdigit(a[i + 17]) || a[i + 17] == 'X' ||
                      a[i + 17] == 'x';
            if (strict && !digits)
                continue;
            char win[19];
            memcpy(win, a + i, 18);
            win[18] = '\0';
            struct icp_idnumber t;
            if (icp_idnumber_parse(win, today, &t) == 0) {
                *out = t;
                return 0;
            }
            if (t.error > first.error)
                first = t;
        }
    *out = first;
    return -1;
}

/* What the card prints beside the number: the address's province code
 * (0 unknown) and the 出生 date (unset unknown). */
struct card_side {
    int province;
    struct icp_date birth;
};

/* The printed 出生 date: 1985年3月7日, its 年月日 often garbled, so any
 * three digit runs of 4, 1-2 and 1-2 digits in that order make a date. */
static struct icp_date printed_birth(const char *text, struct icp_date today)
{
    struct icp_date d = {0, 0, 0};
    int runs[3], lens[3], n = 0;
    for (const char *c = text ? text : ""; *c;) {
        if (!g_ascii_isdigit(*c)) {
            c++;
            continue;
        }
        int v = 0, len = 0;
        for (; g_ascii_isdigit(*c); c++, len++)
            v = len < 6 ? v * 10 + (*c - '0') : v;
        if (n == 3)
            return d;
        runs[n] = v, lens[n] = len, n++;
    }
    if (n != 3 || lens[0] != 4 || lens[1] > 2 || lens[2] > 2)
        return d;
    struct icp_date t = {runs[0], runs[1], runs[2]};
    if (icp_date_valid(t) && t.y >= 1900 && icp_date_cmp(t, today) <= 0)
        d = t;
    return d;
}

/* A reading with all 18 characters that fails a check, settled by the
 * card's own province and birth date where they disagree with it. */
static bool settle(const struct icp_idnumber *n, const struct card_side *side,
                   struct icp_date today, struct icp_idnumber *out)
{
    struct icp_idnumber t;
    if (!side || icp_idnumber_arbitrate(n, side->province, side->birth, today,
                                        &t) != 0)
        return false;
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "id number %s settled as %s (province %d)\n",
                n->number, t.number, side->province);
    *out = t;
    return true;
}

/* A valid reading held back because it disagrees with the card, or with
 * a whole reading of the number that failed only its check character
 * (`conflict`: one of the two is a misread, and a misread passes the check
 * by chance one time in eleven). */
struct suspect {
    struct icp_idnumber n;
    int box[4];
    int seen;
    bool conflict;
    bool settled; /* from hold_settled(), not read as it stands */
};

/* Whether to take the valid reading `n` now: yes when it agrees with the
 * card and with `bad` (the last whole reading that failed its check, or
 * ""), or when it is the held suspect read again; else it is held (the
 * first such reading) and the caller reads on. */
static bool trust(const struct icp_idnumber *n, const struct card_side *side,
                  const char *bad, const int *box, struct suspect *sus)
{
    bool disagrees =
        side && icp_idnumber_disagrees(n, side->province, side->birth);
    bool conflict = bad[0] && strcmp(bad, n->number) != 0;
    if (!disagrees && !conflict)
        return true;
    if (sus->seen && strcmp(sus->n.number, n->number) == 0)
        return true;
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "id number %s disagrees with the card (province %d)"
                " or with %s: read again\n", n->number,
                side ? side->province : 0, bad);
    if (!sus->seen) {
        sus->n = *n;
        memcpy(sus->box, box, sizeof sus->box);
        sus->seen = 1;
        sus->conflict = conflict;
    }
    return false;
}

/* Holds `fixed`, a failing reading settled by the card's printed province
 * or birth date, as a suspect: the printed date is read by OCR too, and a
 * misread there "settles" a card's wrong check character into a valid
 * number. Only a plain valid reading of the same number confirms it; and
 * it confirms a plain valid reading held before it (true: take `fixed`),
 * the same two sources met the other way round. */
static bool hold_settled(const struct icp_idnumber *fixed, const int *box,
                         struct suspect *sus)
{
    if (sus->seen)
        return !sus->settled && strcmp(sus->n.number, fixed->number) == 0;
    sus->n = *fixed;
    memcpy(sus->box, box, sizeof sus->box);
    sus->seen = 1;
    sus->conflict = true;
    sus->settled = true;
    return false;
}

/* Digits in `s`. */
static int digits_in(const char *s)
{
    int d = 0;
    for (; *s; s++)
        d += g_ascii_isdigit(*s) != 0;
    return d;
}

/* The page lines, other than the label's, right of the label `li` and
 * beside it, that hold the number's digits: on a tilted card the number
 * sits higher or lower than the label, and under perspective the page
 * reads it as two or three pieces sloping apart. The piece with most
 * digits, then the pieces that continue it to the left or right (beside
 * it, not above or below: an address line's house number is no part of
 * it). Fills `box` with their union, widened to the right to the width
 * 18 digits take at the pieces' own pitch (the page's reading of a
 * blurred number often stops short of its end); *h_out gets the lowest
 * piece's height (a long piece's box is taller than its text by its
 * slope). Returns the digits found (0 when fewer than 10: no number read
 * beside the label). */
static int number_span(const struct icp_page *p, int li, int *box, int *h_out)
{
    const struct icp_line *l = &p->lines[li];
    int lcy = l->box[1] + l->box[3] / 2;
    bool *in = xcalloc(p->n_lines ? p->n_lines : 1, sizeof *in);
    int first = -1, most = 0;
    for (size_t i = 0; i < p->n_lines; i++) {
        const struct icp_line *m = &p->lines[i];
        int dy = abs((m->box[1] + m->box[3] / 2) - lcy);
        if ((int)i == li || m->box[0] + m->box[2] / 2 < l->box[0] + l->box[2] ||
            dy > 2 * l->box[3])
            continue;
        int d = digits_in(m->text);
        if (d > most)
            most = d, first = (int)i;
    }
    int digits = 0;
    if (first < 0) {
        free(in);
        return 0;
    }
    const int *fb = p->lines[first].box;
    int x0 = fb[0], y0 = fb[1], x1 = fb[0] + fb[2], y1 = fb[1] + fb[3];
    int h = fb[3];
    in[first] = true;
    digits = most;
    for (bool grew = true; grew;) {
        grew = false;
        for (size_t i = 0; i < p->n_lines; i++) {
            const struct icp_line *m = &p->lines[i];
            const int *mb = m->box;
            int cy = mb[1] + mb[3] / 2, uh = y1 - y0;
            int gap = mb[0] >= x1 ? mb[0] - x1
                      : mb[0] + mb[2] <= x0 ? x0 - (mb[0] + mb[2]) : -1;
            if (in[i] || (int)i == li || gap < 0 || gap > 3 * h ||
                cy < y0 - uh / 2 || cy > y1 + uh / 2 ||
                mb[0] + mb[2] / 2 < l->box[0] + l->box[2])
                continue;
            int d = digits_in(m->text);
            if (d == 0)
                continue;
            in[i] = grew = true;
            digits += d;
            x0 = VIPS_MIN(x0, mb[0]), y0 = VIPS_MIN(y0, mb[1]);
            x1 = VIPS_MAX(x1, mb[0] + mb[2]);
            y1 = VIPS_MAX(y1, mb[1] + mb[3]);
            h = VIPS_MIN(h, mb[3]);
        }
    }
    free(in);
    if (digits < 10)
        return 0;
    /* Digits read count against the pieces' width; a piece holding junk
     * beside them only makes the pitch wider, the window longer. */
    if (digits < 18)
        x1 = VIPS_MAX(x1, x0 + (x1 - x0) * 19 / digits);
    box[0] = x0, box[1] = y0;
    box[2] = VIPS_MIN(p->w, x1) - x0, box[3] = y1 - y0;
    *h_out = h;
    return digits;
}

/* The label's line may end in the number's first digits, read apart from
 * the rest ("身份号31" beside "0506197703279264": a card under
 * perspective splits the printed line). When line `i`, right of the label
 * and beside it, holds the rest of 18 characters, writes the two joined
 * into `buf` (19 bytes) and returns true; the check character decides
 * whether they are one number. */
static bool joined_with_label(const struct icp_page *p, int li, size_t i,
                              char *buf)
{
    if (li < 0 || (int)i == li)
        return false;
    const struct icp_line *l = &p->lines[li], *m = &p->lines[i];
    const char *t = l->text, *end = t + strlen(t), *run = end;
    while (run > t && g_ascii_isdigit(run[-1]))
        run--;
    size_t lead = (size_t)(end - run);
    int lcy = l->box[1] + l->box[3] / 2, mcy = m->box[1] + m->box[3] / 2;
    if (lead == 0 || lead > 4 || m->box[0] < l->box[0] + l->box[2] / 2 ||
        abs(mcy - lcy) > 2 * l->box[3])
        return false;
    size_t n = lead;
    memcpy(buf, run, lead);
    for (const char *c = m->text; *c && n < 18; c++)
        if (g_ascii_isdigit(*c) || ((*c == 'X' || *c == 'x') && n == 17))
            buf[n++] = *c;
    buf[n] = '\0';
    return n == 18;
}

/* The word of the page with the most digits, when it holds most of a
 * number's 18 (15 or more: a birth date has 8, an address a few), with a
 * margin of a third of its height: where the number is when its label was
 * not read. Fills `box` and *h_out and returns true when there is one. */
static bool number_word_box(const struct icp_page *p, int *box, int *h_out)
{
    const struct icp_ocr_word *best = NULL;
    int most = 14;
    for (size_t i = 0; i < p->n_lines; i++)
        for (size_t k = 0; k < p->lines[i].n_words; k++) {
            const struct icp_ocr_word *wd = &p->lines[i].words[k];
            int d = digits_in(wd->text);
            if (d > most)
                most = d, best = wd;
        }
    if (!best)
        return false;
    int h = best->box[3], m = h / 3;
    box[0] = VIPS_CLIP(0, best->box[0] - m, p->w - 2);
    box[1] = VIPS_CLIP(0, best->box[1] - m, p->h - 2);
    box[2] = VIPS_CLIP(1, best->box[2] + 2 * m, p->w - box[0]);
    box[3] = VIPS_CLIP(1, h + 2 * m, p->h - box[1]);
    *h_out = h;
    return true;
}

/* The 18-character number: the page's reading of the label's line, then
 * re-reads of its region with digits and X only. A reading that fails only
 * where it disagrees with the card's printed province or birth date is
 * settled by them. */
static int read_number(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res, struct icp_page *p,
                       const struct card_side *side,
                       struct icp_idnumber *out, int *box_out)
{
    const struct icp_options *o = &w->ctx->opts;
    struct icp_date today = {o->today_year, o->today_month, o->today_day};
    struct icp_idnumber best;
    memset(&best, 0, sizeof best);
    best.error = ICP_IDNUMBER_LENGTH;
    int box[4] = {0}, h = 0;
    const char *val = NULL;
    int li = icp_page_find(p, "公民身份号码", &val);
    if (li < 0)
        li = icp_page_find(p, "身份号码", &val);
    if (li >= 0 && icp_page_value_box(p, "身份号码", false, box, &h) != 0)
        memcpy(box, p->lines[li].box, sizeof box), h = box[3];
    int nb[4], nh = 0;
    if (li >= 0 && number_span(p, li, nb, &nh) > 0) {
        /* The number's own pieces, with a margin of a third of a line's
         * height; not into the label when it is a line of its own (the
         * end of 码 reads as a digit). */
        int m = nh / 3;
        int left = nb[0] - m;
        const int *lb = p->lines[li].box;
        if (digits_in(p->lines[li].text) < 4)
            left = VIPS_MAX(left, lb[0] + lb[2] + m / 2);
        box[0] = VIPS_CLIP(0, left, p->w - 2);
        box[1] = VIPS_MAX(0, nb[1] - m);
        box[2] = VIPS_CLIP(1, nb[0] + nb[2] + m - box[0], p->w - box[0]);
        box[3] = VIPS_CLIP(1, nb[3] + 2 * m, p->h - box[1]);
        h = nh;
    }
    /* A number that fails only its check character, as last read, and the
     * window it was read from (0 the page, 1 the label's box, 2 a levelled
     * window): when a reading from another window gives the same, the
     * card carries it (a re-read that "repairs" it is a misread). One
     * window read twice shares its artefacts (a border read as a digit). */
    char bad[19] = "";
    int bad_from = -1;
    /* The last failing whole reading of each window: a misread of one
     * window in between must not hide a match with another's. */
    char failed[3][19] = {"", "", ""};
    /* A valid reading that disagrees with the card's province or birth
     * date: a misread passing the check by chance, or a holder who moved.
     * Held until a second reading gives it again (trusted) or two windows
     * agree on a failing number (the card's); kept when neither comes. */
    struct suspect sus = {.seen = 0};
    /* Candidates: the label line, any line with 18 digit-like characters. */
    for (size_t i = 0; i < p->n_lines; i++) {
        const char *t = (int)i == li && val ? val : p->lines[i].text;
        const int *at = (int)i == li ? box : p->lines[i].box;
        struct icp_idnumber n;
        if (parse_in(t, today, &n) == 0 && trust(&n, side, bad, at, &sus)) {
            *out = n;
            memcpy(box_out, at, 4 * sizeof *box_out);
            return 0;
        }
        char joined[19];
        struct icp_idnumber jn;
        if (n.error != ICP_IDNUMBER_OK && joined_with_label(p, li, i, joined) &&
            icp_idnumber_parse(joined, today, &jn) == 0 &&
            trust(&jn, side, bad, at, &sus)) {
            if (g_getenv("ICP_DEBUG_OCR"))
                fprintf(stderr, "id number %s: the label's line holds its "
                        "first digits\n", jn.number);
            *out = jn;
            memcpy(box_out, at, 4 * sizeof *box_out);
            return 0;
        }
        struct icp_idnumber fixed;
        if (n.error != ICP_IDNUMBER_OK && settle(&n, side, today, &fixed) &&
            hold_settled(&fixed, at, &sus)) {
            *out = fixed;
            memcpy(box_out, at, 4 * sizeof *box_out);
            return 0;
        }
        if (n.error == ICP_IDNUMBER_OK)
            continue;
        if (n.error > best.error) {
            best = n;
            memcpy(box_out, p->lines[i].box, 4 * sizeof *box_out);
        }
        if ((int)i == li && n.error == ICP_IDNUMBER_CHECK) {
            memcpy(bad, n.number, sizeof bad);
            bad_from = 0;
            memcpy(failed[0], n.number, sizeof failed[0]);
        }
    }
    /* No label read (shadow, glare): the page's word that holds most of
     * a number, else the number's band at the foot of the card, right of
     * the label column. */
    bool one_line = li >= 0 || number_word_box(p, box, &h);
    if (!one_line) {
        box[0] = p->w * 22 / 100, box[1] = p->h * 78 / 100;
        box[2] = p->w * 74 / 100, box[3] = p->h * 16 / 100;
        h = p->h * 8 / 100;
    }
    /* Levelled copies (4, 5) last: only a number no other reading gave.
     * Each window is read as a line and as a raw line (Tesseract's page
     * segmentation mode 13, no layout analysis): the two misread
     * differently, a line's first digit most (5 read as 9, 3 or 2). */
    static const struct {
        int variant;
        bool raw;
    } plan[] = {{0, false}, {0, true}, {1, false}, {2, false},
                {3, false}, {4, false}, {5, false}, {4, true}};
    for (size_t k = 0; k < G_N_ELEMENTS(plan); k++) {
        int variant = plan[k].variant;
        enum icp_psm psm = !one_line       ? ICP_PSM_BLOCK
                           : plan[k].raw   ? ICP_PSM_RAW_LINE
                                           : ICP_PSM_LINE;
        if (!one_line && plan[k].raw)
            continue;
        char *t = icp_page_reread(w, img, res, p, box, h, psm,
                                  "0123456789X", false, variant);
        struct icp_idnumber n;
        bool got = t != NULL;
        int rc = got ? parse_in(t, today, &n) : -1;
        free(t);
        struct icp_idnumber fixed;
        if (got && rc != 0 && settle(&n, side, today, &fixed) &&
            hold_settled(&fixed, box, &sus)) {
            *out = fixed;
            memcpy(box_out, box, sizeof box);
            return 0;
        }
        if (rc == 0 && trust(&n, side, bad, box, &sus)) {
            *out = n;
            memcpy(box_out, box, sizeof box);
            return 0;
        }
        if (rc == 0)
            continue;
        if (got && n.error > best.error) {
            best = n;
            memcpy(box_out, box, sizeof box);
        }
        int from = variant & 4 ? 2 : 1;
        if (got && n.error == ICP_IDNUMBER_CHECK) {
            for (int src = 0; src < 3; src++)
                if (src != from && strcmp(failed[src], n.number) == 0) {
                    *out = n;
                    memcpy(box_out, box, sizeof box);
                    return -1;
                }
            /* The same window giving the same again: on to another. */
            if (bad_from == from && strcmp(bad, n.number) == 0)
                while (k + 1 < G_N_ELEMENTS(plan) &&
                       !(plan[k + 1].variant & 4))
                    k++;
            memcpy(bad, n.number, sizeof bad);
            bad_from = from;
            memcpy(failed[from], n.number, sizeof failed[from]);
        }
    }
    /* A valid reading never read again stands against the card's print,
     * not against a failing reading of the number: two readings, neither
     * confirmed, leave the number unread. */
    if (sus.seen && !sus.conflict) {
        *out = sus.n;
        memcpy(box_out, sus.box, sizeof sus.box);
        return 0;
    }
    if (sus.seen) {
        memset(out, 0, sizeof *out);
        out->error = ICP_IDNUMBER_LENGTH;
        return -1;
    }
    *out = best;
    return -1;
}

/* The text printed after `label`: on its own line as the page read it,
 * else the page line beside it (right of the label, reaching across the
 * label's middle: a tilted card or a taller value splits the two into
 * lines of their own), else a re-read of the region (the costly way,
 * some 500 ms: the fine view and the Chinese engine). Returns a new
 * string (caller frees with free()) or NULL. */
static char *value_beside(struct icp_worker *w, struct icp_image *img,
                          struct icp_result *res, struct icp_page *p,
                          const char *label)
{
    const char *val = icp_page_value_inline(p, label);
    if (!val || *val) /* no label, or the value on its line */
        return icp_page_value_text(w, img, res, p, label);
    const int *lb = p->lines[icp_page_find(p, label, NULL)].box;
    int cy = lb[1] + lb[3] / 2, right = lb[0] + lb[2];
    const struct icp_line *best = NULL;
    for (size_t i = 0; i < p->n_lines; i++) {
        const struct icp_line *m = &p->lines[i];
        if (m->box[0] < right || m->box[0] > right + 4 * lb[3] ||
            m->box[1] > cy || m->box[1] + m->box[3] < cy ||
            g_utf8_strlen(m->text, -1) < 3)
            continue;
        if (!best || m->box[0] < best->box[0])
            best = m;
    }
    if (best)
        return xstrdup(best->text);
    return icp_page_value_text(w, img, res, p, label);
}

static void set_after(struct icp_worker *w, struct icp_image *img,
                      struct icp_result *res, struct icp_page *p,
                      const char *key, const char *label)
{
    char *v = icp_page_value_text(w, img, res, p, label);
    icp_result_set_str(res, key, v && *v ? v : NULL);
    free(v);
}

void icp_check_idcard_front(struct icp_worker *w, struct icp_image *img,
                            struct icp_result *res)
{
    struct icp_page page;
    struct icp_idnumber num;
    int box[4] = {0}, obox[4];
    struct icp_stage_timer t;
    icp_stage_timer_start(&t);
    if (icp_page_read(w, img, res, &page)) {
        icp_result_add(res, "doc.id_number_invalid", ICP_SEV_ERROR, NULL,
                       "无法读取公民身份号码，请上传清晰完整的身份证人像面",
                       "cannot read the ID number: upload a sharp, complete "
                       "photo of the card's portrait side");
        icp_page_clear(&page);
        return;
    }
    icp_stage_lap(&t, res->path, "id front page");
    set_after(w, img, res, &page, "name", "姓名");
    icp_stage_lap(&t, res->path, "id front name");
    char *sex = icp_page_value_text(w, img, res, &page, "性别");
    const char *s = sex ? (strstr(sex, "男") ? "男" : strstr(sex, "女") ? "女"
                                                                        : NULL)
                        : NULL;
    icp_result_set_str(res, "sex", s);
    free(sex);
    set_after(w, img, res, &page, "ethnicity", "民族");
    icp_stage_lap(&t, res->path, "id front sex ethnicity");
    char *addr = value_beside(w, img, res, &page, "住址");
    icp_stage_lap(&t, res->path, "id front address");
    icp_result_set_str(res, "address", addr && *addr ? addr : NULL);
    const struct icp_options *o = &w->ctx->opts;
    struct icp_date today = {o->today_year, o->today_month, o->today_day};
    struct card_side side = {
        icp_idnumber_province_of(addr),
        printed_birth(icp_page_value_inline(&page, "出生"), today)};
    free(addr);
    int ok = read_number(w, img, res, &page, &side, &num, box);
    /* A number not read whole, where the view may have lost the card's
     * side (a region split by uneven light, a card under perspective
     * framed by its upper part: seed 3527, no. 39, the view cut through
     * the number's 17th digit): the card framed again, once, and its
     * number read on the new page. A number read whole that fails its
     * check is the print's, not the frame's, and costs nothing more. */
    if (ok != 0 && num.error < ICP_IDNUMBER_CHECK &&
        icp_page_reframe_card(w, img, res, &page) == 0) {
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "id number unread: the card framed again\n");
        ok = read_number(w, img, res, &page, &side, &num, box);
    }
    icp_stage_lap(&t, res->path, "id front number");
    icp_page_box_to_output(img, &page, box, obox);
    char bd[16];
    if (icp_date_is_set(num.birth)) {
        icp_date_format(num.birth, bd);
        icp_result_set_str(res, "birth_date", bd);
    } else
        icp_result_set_str(res, "birth_date", NULL);
    icp_result_set_str(res, "id_number", num.number[0] ? num.number : NULL);
    icp_result_set_bool(res, "id_number_valid", ok == 0);
    if (ok != 0) {
        if (num.error == ICP_IDNUMBER_CHECK)
            icp_result_add(res, "doc.id_number_invalid", ICP_SEV_ERROR, obox,
                           "公民身份号码 %s 的校验码不符（GB 11643），请核对证件",
                           "the ID number %s fails its GB 11643 check "
                           "character: check the card",
                           num.number);
        else
            icp_result_add(res, "doc.id_number_invalid", ICP_SEV_ERROR,
                           num.number[0] ? obox : NULL,
                           "无法读取有效的公民身份号码，请上传清晰完整的身份证人"
                           "像面",
                           "cannot read a valid ID number: upload a sharp, "
                           "complete photo of the card's portrait side");
    }
    icp_page_clear(&page);
}
