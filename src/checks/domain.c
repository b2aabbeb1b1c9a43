/* The domain certificate: domain, registrant, registration and expiry
 * dates; the expiry follows the same more-than-N-months rule. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "checks/document.h"
#include "checks/locate.h"
#include "core/text.h"

/* Line re-reads per certificate, at most: each costs a line OCR. */
#define MAX_READS 14
#define MAX_RUNS 10
/* The characters of a domain name. */
#define DOMAIN_CHARS                                                           \
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-."

/* Whether icp_page_value_text() re-reads the value of `label`: the label
 * read, its value not on its line. */
static bool value_reread(const struct icp_page *p, const char *label)
{
    const char *v = icp_page_value_inline(p, label);
    return v && !*v;
}

/* icp_page_reread() from icp_page_fine_view(). */
static char *reread(struct icp_worker *w, struct icp_image *img,
                    struct icp_result *res, struct icp_page *p, const int *box,
                    int line_h, enum icp_psm psm, const char *whitelist,
                    bool zh, int variant)
{
    icp_page_fine_view(img, res, p);
    return icp_page_reread(w, img, res, p, box, line_h, psm, whitelist, zh,
                           variant);
}


/* A domain-looking token: letters, digits, hyphens and at least one dot
 * followed by 2+ letters. Copies it into out (cap bytes). */
static bool find_domain(const struct icp_page *p, char *out, size_t cap)
{
    for (size_t i = 0; i < p->n_lines; i++) {
        const char *t = p->lines[i].text;
        for (const char *s = t; *s; s++) {
            if (!isalnum((unsigned char)*s))
                continue;
            const char *e = s;
            while (isalnum((unsigned char)*e) || *e == '-' || *e == '.')
                e++;
            size_t n = (size_t)(e - s);
            const char *dot = memchr(s, '.', n);
            const char *last = s + n;
            while (last > s && last[-1] == '.')
                last--;
            const char *ld = last;
            while (ld > s && ld[-1] != '.')
                ld--;
            if (dot && ld > s && last - ld >= 2 && n < cap &&
                !isdigit((unsigned char)*ld)) {
                size_t k = (size_t)(last - s);
                for (size_t j = 0; j < k; j++)
                    out[j] = (char)tolower((unsigned char)s[j]);
                out[k] = '\0';
                return true;
            }
            s = e - 1;
            if (!*e)
                break;
        }
    }
    return false;
}

/* The domain's line: the one the page read a domain on, else the first
 * with the label (域名, Domain Name) that is not the title; -1 if none. */
static int domain_line(const struct icp_page *p)
{
    char buf[256];
    for (size_t i = 0; i < p->n_lines; i++) {
        struct icp_page one = {.lines = p->lines + i, .n_lines = 1};
        if (find_domain(&one, buf, sizeof buf))
            return (int)i;
    }
    for (size_t i = 0; i < p->n_lines; i++) {
        const char *t = p->lines[i].text;
        if ((strstr(t, "Domain N") || g_str_has_prefix(t, "域名")) &&
            !strstr(t, "证书") && !strstr(t, "Certificate"))
            return (int)i;
    }
    return -1;
}

/* The line to the right of `label`'s line on its row, or NULL. */
static const struct icp_line *value_line(const struct icp_page *p,
                                         const struct icp_line *label)
{
    int end = label->box[0] + label->box[2];
    int cy = label->box[1] + label->box[3] / 2;
    for (size_t i = 0; i < p->n_lines; i++) {
        const struct icp_line *m = &p->lines[i];
        int dy = abs(m->box[1] + m->box[3] / 2 - cy);
        if (m != label && m->box[0] >= end - label->box[3] &&
            dy < VIPS_MAX(label->box[3], m->box[3]))
            return m;
    }
    return NULL;
}

/* The domain read again with the English engine from its line's last
 * word (the value after its label): the page is read with the Chinese
 * engine, which reads Latin text less surely (a dot lost, a digit
 * doubled). Whether a domain was read, into out (cap bytes). */
static bool reread_domain(struct icp_worker *w, struct icp_image *img,
                          struct icp_result *res, struct icp_page *p, char *out,
                          size_t cap)
{
    int li = domain_line(p);
    if (li < 0 || p->lines[li].n_words == 0)
        return false;
    const struct icp_line *l = &p->lines[li];
    const struct icp_ocr_word *last = &l->words[l->n_words - 1];
    int h = l->box[3], x0 = VIPS_MAX(0, last->box[0] - h / 4);
    int x1 = VIPS_MIN(p->w, last->box[0] + last->box[2] + h / 2);
    int y0 = VIPS_MAX(0, l->box[1] - h / 4), y1 = l->box[1] + h + h / 4;
    /* The line ends with its label: the value, lost from the page's
     * line or read as a line of its own, lies to its right. */
    if (strstr(last->text, "Name") || strstr(last->text, "域名")) {
        const struct icp_line *v = value_line(p, l);
        x0 = VIPS_MIN(p->w - 1, last->box[0] + last->box[2]), x1 = p->w;
        if (v) {
            h = v->box[3];
            y0 = VIPS_MAX(0, v->box[1] - h / 4), y1 = v->box[1] + h + h / 4;
        }
    }
    y1 = VIPS_MIN(p->h, y1);
    int box[4] = {x0, y0, x1 - x0, y1 - y0};
    char *t =
        reread(w, img, res, p, box, h, ICP_PSM_LINE, DOMAIN_CHARS, false, 0);
    struct icp_line one_line = {.text = t ? t : (char *)""};
    struct icp_page one = {.lines = &one_line, .n_lines = 1};
    bool found = find_domain(&one, out, cap);
    free(t);
    return found;
}

/* A date written out with its words (2032年07月30日) inside a run that
 * does not parse whole: a stray digit before the year (the label's last
 * stroke) or after 日 is not part of it. The year is the four digits
 * before 年, the date ends at 日; nothing is dropped between them. */
static bool date_marked(const char *run, const struct icp_validity_ctx *v,
                        struct icp_date *out)
{
    const char *y = strstr(run, "年"), *d = y ? strstr(y, "日") : NULL;
    if (!y || !d || y - run < 4)
        return false;
    const char *s = y - 4;
    for (const char *c = s; c < y; c++)
        if (!g_ascii_isdigit(*c))
            return false;
    char buf[64];
    size_t n = (size_t)(d + strlen("日") - s);
    if (n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return icp_date_parse(buf, v->min_year, v->max_year, out) == 0;
}

/* A date anywhere in `text`: each run that starts with a digit and goes on
 * with digits and date separators is tried alone, so that a garbled label
 * before it does not spoil it. */
static bool date_in(const char *text, const struct icp_validity_ctx *v,
                    struct icp_date *out)
{
    static const char *const seps[] = {"年", "月", "日"};
    for (const char *s = text; s && *s; s++) {
        if (!g_ascii_isdigit(*s))
            continue;
        const char *e = s;
        for (;;) {
            if (g_ascii_isdigit(*e) || *e == '.' || *e == '-' || *e == '/' ||
                *e == ' ') {
                e++;
                continue;
            }
            bool sep = false;
            for (size_t k = 0; k < G_N_ELEMENTS(seps) && !sep; k++)
                if (strncmp(e, seps[k], strlen(seps[k])) == 0) {
                    e += strlen(seps[k]);
                    sep = true;
                }
            if (!sep)
                break;
        }
        char buf[64];
        size_t n = (size_t)(e - s);
        if (n >= 8 && n < sizeof buf) {
            memcpy(buf, s, n);
            buf[n] = '\0';
            if (icp_date_parse(buf, v->min_year, v->max_year, out) == 0)
                return true;
            if (date_marked(buf, v, out))
                return true;
        }
        s = e - 1;
    }
    return false;
}

/* Readings of one date with their counts. */
struct date_votes {
    struct icp_date d[8];
    int n[8];
    int c0[8], c1[8]; /* the lowest and highest centre row (page pixels)
                         of the regions that read each */
    int h[8];         /* and the least of their heights */
    size_t k;
};

/* A vote for `d`, read in a region centred on row c, h rows high. */
static void vote(struct date_votes *dv, struct icp_date d, int c0, int c1,
                 int h)
{
    for (size_t i = 0; i < dv->k; i++)
        if (icp_date_cmp(dv->d[i], d) == 0) {
            dv->n[i]++;
            dv->c0[i] = VIPS_MIN(dv->c0[i], c0);
            dv->c1[i] = VIPS_MAX(dv->c1[i], c1);
            dv->h[i] = VIPS_MIN(dv->h[i], h);
            return;
        }
    if (dv->k < G_N_ELEMENTS(dv->d)) {
        dv->d[dv->k] = d;
        dv->c0[dv->k] = c0;
        dv->c1[dv->k] = c1;
        dv->h[dv->k] = h;
        dv->n[dv->k++] = 1;
    }
}

/* Whether dates i and j were read on lines apart: every region of one
 * centred a third of a region's height or more from every region of the
 * other (the next line is a line's pitch away). Two dates read on one
 * line are two readings of one date. */
static bool read_apart(const struct date_votes *dv, size_t i, size_t j)
{
    int gap = VIPS_MAX(dv->c0[j] - dv->c1[i], dv->c0[i] - dv->c1[j]);
    return gap * 3 >= VIPS_MIN(dv->h[i], dv->h[j]);
}

/* The reading with the most votes (ties: the first), or -1. */
static int top(const struct date_votes *dv)
{
    int best = -1;
    for (size_t i = 0; i < dv->k; i++)
        if (best < 0 || dv->n[i] > dv->n[best])
            best = (int)i;
    return best;
}

/* OCR look-alikes of the date words (月 read as 朋, 日 as 目 or 曰). */
static char *fix_words(const char *text)
{
    static const char *const from[] = {"朋", "目", "曰", "牟"};
    static const char *const to[] = {"月", "日", "日", "年"};
    GString *s = g_string_new(text);
    for (size_t i = 0; i < G_N_ELEMENTS(from); i++)
        g_string_replace(s, from[i], to[i], 0);
    return g_string_free(s, FALSE);
}

/* The expiry's labels. 到期 alone too: the label's 日期 is misread at times
 * with the date run on after it (到期白2027年02月25), where one misread
 * character of 到期日期 is no longer matched; no other label holds it. */
static const char *const exp_labels[] = {"到期日期", "过期时间", "到期时间",
                                         "到期", "Expiration", "Expiry"};

static bool has_exp_label(const char *text)
{
    for (size_t i = 0; i < G_N_ELEMENTS(exp_labels); i++)
        if (icp_text_contains(text, exp_labels[i]))
            return true;
    return false;
}

/* What a reading of a line says: its date counted as the registration, the
 * expiry, or (no label read) an unlabelled date. Returns true when it held
 * a date. */
static bool count_line(const char *text, const int *box,
                       const struct icp_validity_ctx *v,
                       struct date_votes *reg, struct date_votes *exp,
                       struct date_votes *other)
{
    int c = box[1] + box[3] / 2, h = box[3];
    if (!text)
        return false;
    char *t = fix_words(text);
    struct icp_date d;
    bool got = date_in(t, v, &d);
    if (got) {
        bool is_exp = has_exp_label(t);
        /* A registration after today is a misread year (2017 as 2027):
         * it counts as a date, not as the registration. */
        bool is_reg = icp_text_contains(t, "注册日期") ||
                      icp_text_contains(t, "Registration");
        if (is_exp)
            vote(exp, d, c, c, h);
        else if (is_reg && icp_date_cmp(d, v->today) <= 0)
            vote(reg, d, c, c, h);
        else
            vote(other, d, c, c, h);
    }
    g_free(t);
    return got;
}

/* An expiry a certificate can have: after the registration (when read),
 * at most ten years on (registrars sell one to ten years). */
static bool expiry_plausible(struct icp_date until, const struct date_votes *reg,
                             const struct icp_validity_ctx *v)
{
    int r = top(reg);
    if (r < 0)
        return until.y <= v->today.y + 10;
    struct icp_date from = reg->d[r];
    return icp_date_cmp(from, until) < 0 &&
           icp_date_cmp(until, icp_date_add_months(from, 121)) <= 0;
}

/* The registration the readings settle: the top reading with more votes
 * than all the others together, or -1. Readings that disagree back no
 * expiry: a blurred 1 read as 4 twice and as 1 and 3 once each made
 * 2018-03-14 the top registration, and one reading of the expiry as
 * 2028-03-14 (for 03-11) stood on it. */
static int reg_settled(const struct date_votes *reg)
{
    int r = top(reg), others = 0;
    if (r < 0)
        return -1;
    for (size_t i = 0; i < reg->k; i++)
        if ((int)i != r)
            others += reg->n[i];
    return reg->n[r] > others ? r : -1;
}

/* The expiry the readings agree on: read alike twice, or once on the
 * settled registration's month and day (a whole number of years). -1 if
 * none. */
static int expiry_agreed(const struct date_votes *exp,
                         const struct date_votes *reg,
                         const struct date_votes *other,
                         const struct icp_validity_ctx *v)
{
    int r = reg_settled(reg), best = -1, best_n = 0;
    for (size_t i = 0; i < exp->k; i++) {
        if (!expiry_plausible(exp->d[i], reg, v))
            continue;
        bool backed = r >= 0 && reg->d[r].m == exp->d[i].m &&
                      reg->d[r].d == exp->d[i].d;
        /* The value read alone, without its label, counts too. */
        int n = exp->n[i];
        for (size_t j = 0; j < other->k; j++)
            if (icp_date_cmp(other->d[j], exp->d[i]) == 0)
                n += other->n[j];
        if ((n >= 2 || backed) && (best < 0 || n > best_n)) {
            best = (int)i;
            best_n = n;
        }
    }
    return best;
}

/* Whether `e` is a registration `d` can end: one to ten whole years
 * before it, on its month and day, and not after today. */
static bool whole_years_before(struct icp_date e, struct icp_date d,
                               struct icp_date today)
{
    return e.m == d.m && e.d == d.d && d.y - e.y >= 1 && d.y - e.y <= 10 &&
           icp_date_cmp(e, today) <= 0;
}

/* The expiry from every date read, labels aside: on a photo taken at an
 * angle a label's line may carry the next row's value, but the expiry is
 * still the latest date the certificate prints (the issue date falls
 * before it), a whole number of years after the registration: a date
 * counts only with such a registration read beside it, on rows of its
 * own (a date read twice alone may be the registration itself). Two candidates on one month and
 * day (a year misread) need the winner read more often. Returns false
 * when none stands. */
static bool expiry_pooled(const struct date_votes *all,
                          const struct icp_validity_ctx *v,
                          struct icp_date *out)
{
    bool cand[G_N_ELEMENTS(all->d)] = {false}, paired[G_N_ELEMENTS(all->d)];
    int best = -1;
    for (size_t i = 0; i < all->k; i++) {
        struct icp_date d = all->d[i];
        paired[i] = false;
        /* The registration read on another line: the registration's
         * own line read twice, its year misread once (2019 as 2029), is
         * no registration with its expiry. */
        for (size_t j = 0; j < all->k && !paired[i]; j++)
            paired[i] = whole_years_before(all->d[j], d, v->today) &&
                        read_apart(all, i, j);
        cand[i] = d.y <= v->today.y + 10 && paired[i];
        if (cand[i] && (best < 0 || icp_date_cmp(d, all->d[best]) > 0))
            best = (int)i;
    }
    if (best < 0)
        return false;
    /* Of the candidates after a registration on its month and day, the
     * one read most often; a tie is left unread. */
    int win = best;
    bool tie = false;
    for (size_t i = 0; i < all->k; i++) {
        if ((int)i == best || !cand[i] || !paired[i] || !paired[best] ||
            all->d[i].m != all->d[best].m || all->d[i].d != all->d[best].d)
            continue;
        if (all->n[i] > all->n[win]) {
            win = (int)i;
            tie = false;
        } else if (all->n[i] == all->n[win])
            tie = true;
    }
    if (tie)
        return false;
    *out = all->d[win];
    return true;
}

/* Every date read, whatever its label. */
static void pool(const struct date_votes *const *from, size_t n,
                 struct date_votes *all)
{
    memset(all, 0, sizeof *all);
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < from[k]->k; i++)
            for (int c = 0; c < from[k]->n[i]; c++)
                vote(all, from[k]->d[i], from[k]->c0[i], from[k]->c1[i],
                     from[k]->h[i]);
}

static bool dates_decided(const struct date_votes *reg,
                          const struct date_votes *exp,
                          const struct date_votes *other,
                          const struct icp_validity_ctx *v)
{
    if (expiry_agreed(exp, reg, other, v) >= 0 && top(reg) >= 0)
        return true;
    const struct date_votes *from[] = {reg, exp, other};
    struct date_votes all;
    struct icp_date d;
    pool(from, 3, &all);
    return expiry_pooled(&all, v, &d);
}

/* The registration read, the expiry not: the page's reading may have lost
 * the expiry's line altogether, and certificates print it on the line
 * under the registration. That line, label and value, to the page's right
 * edge, until the dates are decided; whether they were. */
static bool read_under(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res, struct icp_page *p,
                       const struct icp_validity_ctx *v, const int *reg_box,
                       struct date_votes *reg, struct date_votes *exp,
                       struct date_votes *other, int *exp_box)
{
    int h = reg_box[3];
    int b[4] = {reg_box[0], reg_box[1] + h, p->w - reg_box[0], h * 3 / 2};
    b[3] = VIPS_MIN(b[3], p->h - b[1]);
    static const int variants[] = {0, 4, 1};
    for (size_t k = 0; k < G_N_ELEMENTS(variants) && b[3] > h / 2; k++) {
        char *t = reread(w, img, res, p, b, h, ICP_PSM_LINE, NULL, true,
                         variants[k]);
        size_t before = exp->k + other->k;
        count_line(t, b, v, reg, exp, other);
        if (exp->k + other->k != before)
            memcpy(exp_box, b, sizeof b);
        free(t);
        if (dates_decided(reg, exp, other, v))
            return true;
    }
    return false;
}

/* The expiry's label read on the page without a date, none read
 * elsewhere: the page's box of the line ends short of the value at times
 * (到期日期Date月13日, the year and month lost). The label's line again, to
 * the page's right edge, until the dates are decided; whether they were. */
static bool read_exp_line(struct icp_worker *w, struct icp_image *img,
                          struct icp_result *res, struct icp_page *p,
                          const struct icp_validity_ctx *v,
                          struct date_votes *reg, struct date_votes *exp,
                          struct date_votes *other, int *exp_box)
{
    for (size_t i = 0; i < p->n_lines; i++) {
        const int *lb = p->lines[i].box;
        if (!has_exp_label(p->lines[i].text) || lb[3] <= 0)
            continue;
        int h = lb[3], y = VIPS_MAX(0, lb[1] - h / 4);
        int b[4] = {lb[0], y, p->w - lb[0], VIPS_MIN(h * 3 / 2, p->h - y)};
        static const int variants[] = {0, 4, 1};
        for (size_t k = 0; k < G_N_ELEMENTS(variants) && b[2] > 0 && b[3] > 0;
             k++) {
            char *t = reread(w, img, res, p, b, h, ICP_PSM_LINE, NULL, true,
                             variants[k]);
            size_t before = exp->k;
            count_line(t, b, v, reg, exp, other);
            if (exp->k != before)
                memcpy(exp_box, b, sizeof b);
            free(t);
            if (dates_decided(reg, exp, other, v))
                return true;
        }
        return false; /* one label line */
    }
    return false;
}

/* The characters of a printed date. */
#define DATE_CHARS "0123456789年月日.-/"

/* The dates of the certificate: the page's own lines first; then each
 * stretch with digits re-read from the finer view, its value alone with
 * the characters of a date (plain, then levelled and thresholded), then
 * with its label back to the line's start (the label says which date it
 * is), until the expiry is agreed on. */
static void read_dates(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res, struct icp_page *p,
                       const struct icp_validity_ctx *v,
                       struct date_votes *reg, struct date_votes *exp,
                       struct date_votes *other, int *exp_box)
{
    int reg_box[4] = {0};
    for (size_t i = 0; i < p->n_lines; i++) {
        size_t before = exp->k + other->k, reg_before = reg->k;
        count_line(p->lines[i].text, p->lines[i].box, v, reg, exp, other);
        if (exp->k + other->k != before)
            memcpy(exp_box, p->lines[i].box, 4 * sizeof *exp_box);
        if (reg->k != reg_before && !reg_box[3])
            memcpy(reg_box, p->lines[i].box, sizeof reg_box);
    }
    if (dates_decided(reg, exp, other, v))
        return;
    /* The registration read and no other date: the expiry's line lost. */
    if (reg_box[3] && exp->k + other->k == 0 &&
        read_under(w, img, res, p, v, reg_box, reg, exp, other, exp_box))
        return;
    if (exp->k == 0 &&
        read_exp_line(w, img, res, p, v, reg, exp, other, exp_box))
        return;
    struct icp_digit_run runs[MAX_RUNS], vals[MAX_RUNS];
    size_t n = icp_page_digit_runs(p, 5, 40.0, 12.0, runs, MAX_RUNS);
    size_t nv = icp_page_digit_runs(p, 5, 1.0, 3.0, vals, MAX_RUNS);
    int reads = 0;
    /* {value alone, variant, whitelist} */
    static const int plan[][3] = {{1, 0, 1}, {1, 4, 1}, {1, 1, 1},
                                  {0, 0, 0}, {1, 2, 1}};
    for (size_t r = 0; r < n && reads < MAX_READS; r++) {
        /* The registration's line, read with its label on the page, says
         * nothing more read again. */
        int cy = runs[r].box[1] + runs[r].box[3] / 2;
        if (reg_box[3] && cy > reg_box[1] && cy < reg_box[1] + reg_box[3])
            continue;
        int got = 0, digits = 0;
        char *first = NULL; /* the first reading, kept to compare */
        for (size_t k = 0; k < G_N_ELEMENTS(plan) && reads < MAX_READS; k++) {
            const struct icp_digit_run *run =
                plan[k][0] && r < nv ? &vals[r] : &runs[r];
            char *t = reread(w, img, res, p, run->box, run->h, ICP_PSM_LINE,
                             plan[k][2] ? DATE_CHARS : NULL, true,
                             plan[k][1]);
            reads++;
            size_t before = exp->k + other->k;
            int n_exp = 0;
            for (size_t i = 0; i < exp->k; i++)
                n_exp += exp->n[i];
            got += count_line(t, run->box, v, reg, exp, other);
            for (const char *c = t ? t : ""; *c; c++)
                digits += g_ascii_isdigit(*c) != 0;
            int n_exp2 = 0;
            for (size_t i = 0; i < exp->k; i++)
                n_exp2 += exp->n[i];
            if (exp->k + other->k != before || n_exp2 != n_exp)
                memcpy(exp_box, run->box, sizeof run->box);
            bool same = k == 1 && t && first && strcmp(t, first) == 0;
            if (k == 0) {
                free(first);
                first = t;
            } else
                free(t);
            if (dates_decided(reg, exp, other, v)) {
                free(first);
                return;
            }
            /* Two readings without a date and hardly a digit, or alike:
             * not a date line. */
            if (k == 1 && !got && (digits < 8 || same))
                break;
        }
        free(first);
    }
}

void icp_check_domain(struct icp_worker *w, struct icp_image *img,
                      struct icp_result *res)
{
    struct icp_page page;
    struct icp_validity_ctx v;
    if (icp_page_open(w, img, res, ICP_SPAN_ANY, &page, &v))
        return;
    char domain[256];
    bool got = reread_domain(w, img, res, &page, domain, sizeof domain) ||
               find_domain(&page, domain, sizeof domain);
    icp_result_set_str(res, "domain", got ? domain : NULL);
    /* The registrant's value under its label is re-read: the finer view
     * made first, as the re-reads below make it. */
    if (value_reread(&page, "域名持有者") || value_reread(&page, "注册人"))
        icp_page_fine_view(img, res, &page);
    char *reg = icp_page_value_text(w, img, res, &page, "域名持有者");
    if (!reg)
        reg = icp_page_value_text(w, img, res, &page, "注册人");
    icp_result_set_str(res, "registrant", reg && *reg ? reg : NULL);
    free(reg);
    struct date_votes regv = {0}, expv = {0}, other = {0};
    int box[4] = {0}, obox[4];
    char buf[16];
    read_dates(w, img, res, &page, &v, &regv, &expv, &other, box);
    int r = top(&regv);
    if (r >= 0) {
        icp_date_format(regv.d[r], buf);
        icp_result_set_str(res, "registered", buf);
    } else
        icp_result_set_str(res, "registered", NULL);
    struct icp_date until = {0, 0, 0};
    int k = expiry_agreed(&expv, &regv, &other, &v);
    if (k >= 0)
        until = expv.d[k];
    else {
        const struct date_votes *from[] = {&regv, &expv, &other};
        struct date_votes all;
        pool(from, 3, &all);
        expiry_pooled(&all, &v, &until);
    }
    if (!icp_date_is_set(until)) {
        icp_validity_report_text(res, NULL, &v);
    } else {
        icp_page_box_to_output(img, &page, box, obox);
        v.box = obox;
        struct icp_date none = {0, 0, 0};
        icp_validity_report_dates(res, none, until, false, &v);
    }
    icp_page_clear(&page);
}
