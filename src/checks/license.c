/* The business licence: 统一社会信用代码 with its GB 32100 / GB 11714 checks,
 * 营业期限 (including 长期 and none printed), and the QR code, which must
 * decode and, where it carries the code, agree with it. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "checks/checks.h"
#include "checks/document.h"
#include "checks/licterm.h"
#include "checks/locate.h"
#include "checks/qr.h"
#include "checks/uscc.h"
#include "core/text.h"
#include "core/util.h"
#include "ocr/ocr.h"

#define USCC_CHARS "0123456789ABCDEFGHJKLMNPQRTUWXY"
/* Dates, the separators and words of a term, and the labels' own
 * characters, so that a label in the region is not forced into digits. */
#define TERM_CHARS "0123456789-.年月日至长期自永久营业经成立限"
/* Re-reads of date regions per licence, at most: each costs a line OCR. */
#define MAX_READS 14
#define MAX_RUNS 12
/* The digits of a term's run on the page: 16 printed, a few lost. */
#define TERM_DIGITS 14
/* The long side (px) of the page's second reading: print of 4.6 mm is
 * then 30 px high on a whole licence, what Tesseract reads best; a licence
 * smaller in the photo is read at the photo's own resolution. */
#define RETRY_SIDE 2000
/* Characters of the printed credit code a reading may miss and still be
 * compared place by place with the code the QR code carries: 3 of 18
 * leaves 15 that must match in place, which other text does not by chance
 * (each character one of 31). */
#define MAX_CODE_MISREAD 3
/* The preparations the code's regions are re-read at, in turn
 * (icp_page_reread()): plain and thresholded, then both turned level by
 * the line's own tilt and scaled by its own height (a line sloping by
 * perspective drops its last characters out of a level box, and a box
 * that took the label's line in reads the code at half the height
 * Tesseract wants), then larger and smaller. */
static const int CODE_VARIANTS[] = {0, 1, 4, 5, 2, 3};
/* A licence's long side over its short one: the 2015 layout is printed on
 * A3 (正本) or A4 paper, 297 x 210 mm in landscape. */
#define LICENCE_ASPECT (297.0 / 210.0)

/* The invalid codes read so far (18 characters of the charset that fail a
 * check): two readings alike say what is printed, a wrong check
 * character, and no further reading is needed. */
struct uscc_seen {
    char code[6][19];
    int n;
};

static bool seen_twice(struct uscc_seen *s, const struct icp_uscc *u)
{
    if (u->error != ICP_USCC_CHECK && u->error != ICP_USCC_ORG_CODE)
        return false;
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->code[i], u->code) == 0)
            return true;
    if (s->n < (int)G_N_ELEMENTS(s->code))
        memcpy(s->code[s->n++], u->code, sizeof s->code[0]);
    return false;
}

/* A reading longer than a code whose first 18 characters of the charset's
 * run are a valid code (a frame stroke or the QR's edge read after it). */
static int parse_lead(const char *text, struct icp_uscc *u)
{
    int rc = icp_uscc_parse(text, u);
    if (rc == 0 || u->error != ICP_USCC_LENGTH)
        return rc;
    char *norm = icp_text_normalize(text);
    const char *s = norm;
    while (*s && !g_ascii_isalnum(*s))
        s++;
    size_t n = strspn(s, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    struct icp_uscc v;
    if (n > 18) {
        char head[19];
        memcpy(head, s, 18);
        head[18] = '\0';
        if (icp_uscc_parse(head, &v) == 0) {
            *u = v;
            rc = 0;
        }
    }
    free(norm);
    return rc;
}

/* One reading of the print compared with the QR's code (ICP_DEBUG_OCR
 * shows it place by place: the data of the look-alike study in
 * models/README.md). */
static bool match_add(struct icp_uscc_match *m, const char *text)
{
    bool counted = icp_uscc_match_add(m, text, MAX_CODE_MISREAD);
    if (counted && g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "licence: code read %s for %s\n", m->last, m->code);
    return counted;
}

/* The box of a page line's words that hold its first 17 letters and
 * digits, and a print height to the right: the code's own words, without
 * what the line reads after it (the QR's caption, whose letters, read in
 * place of a misprinted character, would stand for the QR's). */
static void code_words_box(const struct icp_page *p, const struct icp_line *l,
                           int *box)
{
    int x0 = INT_MAX, y0 = INT_MAX, x1 = 0, y1 = 0, n = 0;
    for (size_t k = 0; k < l->n_words && n < 17; k++) {
        const int *b = l->words[k].box;
        for (const char *c = l->words[k].text ? l->words[k].text : ""; *c;
             c++)
            n += g_ascii_isalnum(*c) != 0;
        x0 = VIPS_MIN(x0, b[0]);
        y0 = VIPS_MIN(y0, b[1]);
        x1 = VIPS_MAX(x1, b[0] + b[2]);
        y1 = VIPS_MAX(y1, b[1] + b[3]);
    }
    if (n < 17 || x1 <= x0 || y1 <= y0) {
        memcpy(box, l->box, 4 * sizeof *box);
        return;
    }
    x1 = VIPS_MIN(p->w, x1 + (y1 - y0));
    box[0] = x0;
    box[1] = y0;
    box[2] = x1 - x0;
    box[3] = y1 - y0;
}

/* The re-reads of the credit code's regions so far, each kept with its
 * text: the value box below the label is read by the QR's comparison and
 * again by the long way, and Tesseract reads one region at one
 * preparation alike every time, so a second reading of it is no second
 * witness (a misread place counted twice would stand as a misprint). */
struct uscc_reads {
    int key[16][6]; /* box, line height, variant */
    char *text[16];
    int n;
};

static void uscc_reads_clear(struct uscc_reads *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->text[i]);
    c->n = 0;
}

/* The reading of `box` at `variant` (a copy: caller frees with free()),
 * from the cache where it was read before; *fresh says it was read now
 * and may be counted. */
static char *uscc_reread(struct uscc_reads *c, struct icp_worker *w,
                         struct icp_image *img, struct icp_result *res,
                         struct icp_page *p, const int *box, int h,
                         int variant, bool *fresh)
{
    int key[6] = {box[0], box[1], box[2], box[3], h, variant};
    for (int i = 0; i < c->n; i++)
        if (memcmp(c->key[i], key, sizeof key) == 0) {
            *fresh = false;
            return c->text[i] ? strdup(c->text[i]) : NULL;
        }
    *fresh = true;
    char *t = icp_page_reread(w, img, res, p, box, h, ICP_PSM_LINE,
                              USCC_CHARS, false, variant);
    if (c->n < (int)G_N_ELEMENTS(c->text)) {
        memcpy(c->key[c->n], key, sizeof key);
        c->text[c->n++] = t ? strdup(t) : NULL;
    }
    return t;
}

/* The credit code: where the QR code carries one, the print read as it
 * (the page's reading or one re-read); else a line that parses, else
 * re-reads of the value under or beside the label. Returns 0 (valid) or
 * -1 with the best reading. */
static int read_uscc_with(struct uscc_reads *c, struct icp_worker *w,
                          struct icp_image *img, struct icp_result *res,
                          struct icp_page *p, const char *qcode,
                          struct icp_uscc *out, int *box, bool *differs)
{
    struct icp_uscc best;
    struct uscc_seen seen = {.n = 0};
    memset(&best, 0, sizeof best);
    best.error = ICP_USCC_LENGTH;
    memset(box, 0, 4 * sizeof *box);
    *differs = false;
    struct icp_uscc_match m;
    icp_uscc_match_init(&m, qcode ? qcode : "");
    if (qcode) {
        /* The QR code's text is error-corrected: what it carries is exact.
         * The print is that code when each of its places was read as the
         * QR has it (the page's reading, then re-reads of the code's line
         * until it is); a place read otherwise twice and never as the QR
         * has it (look-alikes aside) is a wrongly printed code, which a
         * reviewer rejects: reported, the QR's code not taken for it. */
        for (size_t i = 0; i < p->n_lines; i++)
            if (match_add(&m, p->lines[i].text) && !box[3])
                code_words_box(p, &p->lines[i], box);
        enum icp_uscc_match_verdict mv = icp_uscc_match_verdict(&m, NULL);
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "licence: QR %s, page %d readings near: %d\n",
                    qcode, m.n, (int)mv);
        /* The regions re-read: the page's line that read near the QR's
         * code (its place is known: no label or value box to guess), then
         * the value beside and under the label. A region none of whose
         * first two readings comes near the QR's code holds something
         * else (the label's line read beside the QR's print); after all,
         * the long way below. */
        int regions[3][5], n_regions = 0;
        bool page_line = box[3] > 0;
        if (box[3]) {
            memcpy(regions[0], box, 4 * sizeof *box);
            regions[0][4] = VIPS_MAX(4, box[3]);
            n_regions++;
        }
        for (int below = 0; below < 2; below++) {
            int vb[4], h;
            if (icp_page_value_box(p, "统一社会信用代码", below, vb, &h))
                break;
            vb[3] = VIPS_MIN(vb[3], h * 3 / 2);
            bool dup = false;
            for (int r = 0; r < n_regions; r++)
                dup |= memcmp(regions[r], vb, sizeof vb) == 0;
            if (!dup) {
                memcpy(regions[n_regions], vb, sizeof vb);
                regions[n_regions++][4] = h;
            }
        }
        for (int r = 0; r < n_regions && mv != ICP_USCC_MATCH_SAME; r++) {
            int near = 0;
            for (size_t k = 0; k < G_N_ELEMENTS(CODE_VARIANTS) &&
                               mv != ICP_USCC_MATCH_SAME; k++) {
                bool fresh;
                char *t = uscc_reread(c, w, img, res, p, regions[r],
                                      regions[r][4], CODE_VARIANTS[k],
                                      &fresh);
                if (fresh && match_add(&m, t)) {
                    memcpy(box, regions[r], 4 * sizeof *box);
                    near++;
                }
                free(t);
                mv = icp_uscc_match_verdict(&m, NULL);
                if (mv == ICP_USCC_MATCH_DIFFERS &&
                    icp_uscc_match_settled(&m)) {
                    r = n_regions; /* a misprint beyond doubt */
                    break;
                }
                /* A guessed region (under or beside the label) none of
                 * whose first two readings came near holds something
                 * else; the line the page read near the code holds it,
                 * and is read levelled too. */
                if (k == 1 && near == 0 && (r > 0 || !page_line))
                    break;
                if (k == 3 && near == 0)
                    break;
            }
        }
        if (mv == ICP_USCC_MATCH_SAME) {
            int rc = icp_uscc_parse(qcode, out);
            if (g_getenv("ICP_DEBUG_OCR"))
                fprintf(stderr, "licence: the print reads as the QR's %s\n",
                        qcode);
            return rc;
        }
        if (mv == ICP_USCC_MATCH_DIFFERS) {
            char printed[19];
            icp_uscc_match_verdict(&m, printed);
            if (icp_uscc_parse(printed, out) == 0)
                out->error = ICP_USCC_CHECK; /* valid, but not the QR's */
            memcpy(out->code, printed, sizeof printed);
            *differs = true;
            if (g_getenv("ICP_DEBUG_OCR"))
                fprintf(stderr, "licence: the print reads %s, the QR %s\n",
                        printed, qcode);
            return -1;
        }
        memset(box, 0, 4 * sizeof *box);
    }
    for (size_t i = 0; i < p->n_lines; i++) {
        struct icp_uscc u;
        /* Spaces split the code into words on some prints. */
        for (size_t k = 0; k <= p->lines[i].n_words; k++) {
            const char *t = k < p->lines[i].n_words ? p->lines[i].words[k].text
                                                    : p->lines[i].text;
            if (icp_uscc_parse(t, &u) == 0) {
                *out = u;
                memcpy(box, p->lines[i].box, 4 * sizeof *box);
                return 0;
            }
            if (u.error != ICP_USCC_LENGTH && best.error == ICP_USCC_LENGTH) {
                best = u;
                memcpy(box, p->lines[i].box, 4 * sizeof *box);
            }
            if (k == p->lines[i].n_words)
                seen_twice(&seen, &u);
        }
    }
    int vb[4], h, last[4] = {-1, -1, -1, -1};
    for (int below = 0; below < 2; below++) {
        if (icp_page_value_box(p, "统一社会信用代码", below, vb, &h))
            break;
        vb[3] = VIPS_MIN(vb[3], h * 3 / 2);
        if (memcmp(vb, last, sizeof vb) == 0)
            break; /* the same region again */
        memcpy(last, vb, sizeof vb);
        for (int variant = 0; variant < 4; variant++) {
            bool fresh;
            char *t = uscc_reread(c, w, img, res, p, vb, h, variant, &fresh);
            struct icp_uscc u;
            if (qcode && fresh)
                match_add(&m, t);
            int rc = t ? parse_lead(t, &u) : -1;
            free(t);
            if (rc == 0) {
                *out = u;
                memcpy(box, vb, sizeof vb);
                return 0;
            }
            if (t && u.error != ICP_USCC_LENGTH &&
                (best.error == ICP_USCC_LENGTH || u.error > best.error)) {
                best = u;
                memcpy(box, vb, sizeof vb);
            }
            if (t && fresh && seen_twice(&seen, &u)) {
                *out = u;
                memcpy(box, vb, sizeof vb);
                goto out;
            }
        }
    }
    /* The label not read: the stretches of lines with digits, the code's
     * among them, re-read with the code's characters. */
    struct icp_digit_run runs[MAX_RUNS];
    size_t n = icp_page_digit_runs(p, 4, 2.0, 2.0, runs, MAX_RUNS);
    int tried = 0;
    for (size_t r = 0; r < n && tried < 4; r++) {
        if (runs[r].box[1] > p->h / 2 && runs[r].box[1] > p->w / 2)
            continue; /* the code is printed in the licence's top half */
        tried++;
        for (int variant = 0; variant < 2; variant++) {
            char *t = icp_page_reread(w, img, res, p, runs[r].box, runs[r].h,
                                      ICP_PSM_LINE, USCC_CHARS, false,
                                      variant);
            struct icp_uscc u;
            if (qcode)
                match_add(&m, t);
            int rc = t ? parse_lead(t, &u) : -1;
            free(t);
            if (rc == 0) {
                *out = u;
                memcpy(box, runs[r].box, sizeof runs[r].box);
                return 0;
            }
            if (t && u.error != ICP_USCC_LENGTH &&
                (best.error == ICP_USCC_LENGTH || u.error > best.error)) {
                best = u;
                memcpy(box, runs[r].box, sizeof runs[r].box);
            }
            if (t && seen_twice(&seen, &u)) {
                *out = u;
                memcpy(box, runs[r].box, sizeof runs[r].box);
                goto out;
            }
        }
    }
    if (tried == 0 || (qcode && m.n == 0)) {
        /* No line with digits up there at all, or none read near the QR's
         * code (else the QR's code stands in for a print never read, and
         * a wrongly printed one passes): the top left of the licence,
         * where the 2015 layout prints the code, read sparse. */
        int tl[4] = {0, 0, p->w * 45 / 100, p->h * 35 / 100};
        /* Once more, thresholded, where the first reading came near the
         * QR's code but one reading does not settle it. */
        for (int variant = 0; variant < 2; variant++) {
            char *t = icp_page_reread(w, img, res, p, tl,
                                      VIPS_MAX(8, p->h / 40), ICP_PSM_SPARSE,
                                      USCC_CHARS, false, variant);
            char **tok = g_strsplit_set(t ? t : "", " \n", -1);
            for (size_t i = 0; tok[i]; i++) {
                struct icp_uscc u;
                if (strlen(tok[i]) < 15)
                    continue;
                if (qcode)
                    match_add(&m, tok[i]);
                if (icp_uscc_parse(tok[i], &u) == 0) {
                    *out = u;
                    memcpy(box, tl, sizeof tl);
                    g_strfreev(tok);
                    free(t);
                    return 0;
                }
                if (u.error != ICP_USCC_LENGTH &&
                    (best.error == ICP_USCC_LENGTH || u.error > best.error)) {
                    best = u;
                    memcpy(box, tl, sizeof tl);
                }
            }
            g_strfreev(tok);
            free(t);
            if (!qcode || m.n == 0 ||
                icp_uscc_match_verdict(&m, NULL) != ICP_USCC_MATCH_UNSURE)
                break;
        }
    }
    *out = best;
out:
    /* The long way's readings compared with the QR's code as well: a
     * place read otherwise twice is a wrongly printed code, every place
     * read as the QR has it is the QR's code. */
    if (qcode) {
        char printed[19];
        enum icp_uscc_match_verdict mv = icp_uscc_match_verdict(&m, printed);
        if (mv == ICP_USCC_MATCH_SAME)
            return icp_uscc_parse(qcode, out);
        if (mv == ICP_USCC_MATCH_DIFFERS) {
            if (icp_uscc_parse(printed, out) == 0)
                out->error = ICP_USCC_CHECK;
            memcpy(out->code, printed, sizeof printed);
            *differs = true;
        }
    }
    return -1;
}

static int read_uscc(struct icp_worker *w, struct icp_image *img,
                     struct icp_result *res, struct icp_page *p,
                     const char *qcode, struct icp_uscc *out, int *box,
                     bool *differs)
{
    struct uscc_reads c = {.n = 0};
    int rc = read_uscc_with(&c, w, img, res, p, qcode, out, box, differs);
    uscc_reads_clear(&c);
    return rc;
}

/* One plain and one thresholded look (icp_qr_read_once()) at the top
 * right of the page's finer view, where the 2015 layout prints the code
 * (a fifth of the licence's width), its modules some 7 px wide there
 * however small the licence is in the photo; or with `all_looks`, every
 * scale and preparation icp_qr_read() tries. Landscape only: a view
 * turned wrong has no top right to look in. Returns 0 and the text, or -1.
 */
static int read_qr_corner(struct icp_worker *w, const struct icp_page *p,
                          bool all_looks, char **text)
{
    *text = NULL;
    if (!p->fine || p->fine->Xsize <= p->fine->Ysize)
        return -1;
    VipsImage *crop = NULL, *mem = NULL;
    int fw = p->fine->Xsize, fh = p->fine->Ysize, rc = -1;
    if (vips_extract_area(p->fine, &crop, fw * 11 / 20, 0, fw - fw * 11 / 20,
                          fh / 2, NULL) == 0 &&
        (mem = vips_image_copy_memory(crop)))
        rc = all_looks ? icp_qr_read(w, mem, text, NULL)
                       : icp_qr_read_once(w, mem, text);
    VIPS_UNREF(mem);
    VIPS_UNREF(crop);
    vips_error_clear();
    return rc;
}

/* The QR code, first in the top right of the page's finer view (made here
 * for the re-reads all the same: the corner is a quarter of the pixels
 * the document's bounds at 1600 px are, some 25 ms CPU less a licence);
 * else in the document's own bounds at 1600 px, in the whole photo at
 * 1600 px (zbar finds a code whose modules are a few pixels wide there),
 * and in the corner again at every scale and preparation. */
static char *read_qr(struct icp_worker *w, struct icp_image *img,
                     struct icp_result *res, struct icp_page *p)
{
    char *text = NULL;
    icp_page_fine_view(img, res, p);
    if (read_qr_corner(w, p, false, &text) == 0)
        return text;
    /* One plain look at the document's own bounds (a fifth to a half of
     * the photo: zbar's cost goes with the pixels it scans). */
    VipsImage *bounds = icp_document_bounds(img, 1600, res);
    int got = bounds ? icp_qr_read_once(w, bounds, &text) : -1;
    VIPS_UNREF(bounds);
    vips_error_clear();
    if (got == 0)
        return text;
    VipsImage *view = icp_image_at(img, 1600, res);
    if (view && icp_qr_read(w, view, &text, NULL) == 0)
        return text;
    read_qr_corner(w, p, true, &text);
    return text;
}


/* What the date regions of a licence read as: votes for the term and for
 * the founding date, each a distinct reading with its count. */
struct term_votes {
    struct icp_period term[8];
    int term_n[8];   /* readings that read the term whole */
    int term_der[8]; /* readings that got it by a repair from their own
                        start or other date (icp_licterm_end_by_start,
                        icp_licterm_repair_months): each stands only with
                        another reading behind it */
    int term_sides[8]; /* the dates those repairs kept whole, one side a
                          reading (ICP_LICTERM_START, ICP_LICTERM_END) */
    bool term_whole[8]; /* read whole, label and all, by one reading
                           (reading_stands_alone()) */
    bool term_paired[8]; /* a start read whole with an end read whole by
                            another reading (pair_halves()) */
    size_t n_term;
    struct icp_date est[8];
    int est_n[8];
    size_t n_est;
    bool term_label; /* 营业期限 was read somewhere */
    int starts_read; /* readings with a term's start whole before 至 */
    int reads;
    struct icp_date until[8]; /* end dates read after 至, alone */
    int until_n[8];
    int until_closed[8]; /* of those, readings whose end closed with 日 */
    size_t n_until;
    char *broken[4]; /* term readings with a month short of a digit, kept
                        for repair once a founding date is agreed (owned) */
    int n_broken;
    int broken_box[4], broken_h;
    /* Readings whose end is one of two days (icp_licterm_end_pair()): the
     * start, the two ends, how many readings read them so, and where. */
    struct icp_date pair_from[4], pair_ends[4][2];
    int pair_n[4];
    size_t n_pair;
    int pair_box[4];
    int est_box[4]; /* where a founding date was read (view pixels) */
    int est_h;      /* and its region's line height; 0: none read */
    bool level;     /* each region also read turned level by its own
                       text's tilt (icp_page_reread's variant + 4) */
    /* The regions read on this page (box, line height, variant): one
     * region at one preparation reads alike every time, so it is read
     * once; counted twice, one misreading would agree with itself. */
    int read_keys[48][6];
    int n_read_keys;
};

static bool same_term(const struct icp_period *a, const struct icp_period *b)
{
    return a->long_term == b->long_term &&
           icp_date_cmp(a->from, b->from) == 0 &&
           (a->long_term || icp_date_cmp(a->until, b->until) == 0);
}

/* `derived`: repaired from one reading, whose whole dates are `sides`
 * (icp_licterm_whole_sides()). */
static void vote_term(struct term_votes *tv, const struct icp_period *t,
                      bool derived, int sides)
{
    size_t i = 0;
    while (i < tv->n_term && !same_term(&tv->term[i], t))
        i++;
    if (i == tv->n_term) {
        if (tv->n_term == G_N_ELEMENTS(tv->term))
            return;
        tv->term[i] = *t;
        tv->term_n[i] = tv->term_der[i] = tv->term_sides[i] = 0;
        tv->term_whole[i] = tv->term_paired[i] = false;
        tv->n_term++;
    }
    if (derived) {
        tv->term_der[i]++;
        /* One side only: a reading with both whole needs no repair. */
        if (sides == ICP_LICTERM_START || sides == ICP_LICTERM_END)
            tv->term_sides[i] |= sides;
    } else
        tv->term_n[i]++;
}

static int vote_est(struct term_votes *tv, struct icp_date d)
{
    for (size_t i = 0; i < tv->n_est; i++)
        if (icp_date_cmp(tv->est[i], d) == 0)
            return ++tv->est_n[i];
    if (tv->n_est == G_N_ELEMENTS(tv->est))
        return 0;
    tv->est[tv->n_est] = d;
    tv->est_n[tv->n_est++] = 1;
    return 1;
}

static void vote_pair(struct term_votes *tv, struct icp_date from,
                      const struct icp_date *ends, const int *box)
{
    memcpy(tv->pair_box, box, sizeof tv->pair_box);
    for (size_t i = 0; i < tv->n_pair; i++)
        if (icp_date_cmp(tv->pair_from[i], from) == 0 &&
            icp_date_cmp(tv->pair_ends[i][0], ends[0]) == 0) {
            tv->pair_n[i]++;
            return;
        }
    if (tv->n_pair == G_N_ELEMENTS(tv->pair_n))
        return;
    tv->pair_from[tv->n_pair] = from;
    memcpy(tv->pair_ends[tv->n_pair], ends, sizeof tv->pair_ends[0]);
    tv->pair_n[tv->n_pair++] = 1;
}

/* `closed`: the reading's end closed by its 日 (icp_licterm_end_closed()). */
static void vote_until(struct term_votes *tv, struct icp_date d, bool closed)
{
    size_t i = 0;
    while (i < tv->n_until && icp_date_cmp(tv->until[i], d) != 0)
        i++;
    if (i == tv->n_until) {
        if (tv->n_until == G_N_ELEMENTS(tv->until))
            return;
        tv->until[i] = d;
        tv->until_n[i] = tv->until_closed[i] = 0;
        tv->n_until++;
    }
    tv->until_n[i]++;
    tv->until_closed[i] += closed;
}

static int until_votes(const struct term_votes *tv, struct icp_date d)
{
    for (size_t i = 0; i < tv->n_until; i++)
        if (icp_date_cmp(tv->until[i], d) == 0)
            return tv->until_n[i];
    return 0;
}

/* The founding date the readings agree on (two votes, or the only one). */
static bool est_agreed(const struct term_votes *tv, struct icp_date *out)
{
    for (size_t i = 0; i < tv->n_est; i++)
        if (tv->est_n[i] >= 2 || (tv->n_est == 1 && tv->est_n[i] == 1)) {
            *out = tv->est[i];
            return true;
        }
    return false;
}

/* A long-term term without a start (count_reading()) is agreed when
 * readings of 至长期 after a start, whole or not, number two or more and no
 * reading read a dated end, whole or short of a digit (tv->broken):
 * readings that disagree on the end leave it unread. Its index or -1. */
static int long_agreed(const struct term_votes *tv)
{
    int bare = -1, n = 0;
    for (size_t i = 0; i < tv->n_term; i++) {
        const struct icp_period *t = &tv->term[i];
        if (!t->long_term && tv->term_n[i] + tv->term_der[i] > 0)
            return -1;
        if (t->long_term && !icp_date_is_set(t->from))
            bare = (int)i;
        if (t->long_term)
            n += tv->term_n[i];
    }
    return bare >= 0 && n >= 2 && tv->n_until == 0 && tv->n_broken == 0
               ? bare
               : -1;
}

/* The term the readings agree on: read alike twice, or once and backed by
 * the founding date and a whole-year span; failing those, a long-term term
 * whose start was lost (long_agreed()). Index or -1. */
static int term_agreed(const struct term_votes *tv)
{
    struct icp_date est;
    bool has_est = est_agreed(tv, &est);
    int best = -1;
    for (size_t i = 0; i < tv->n_term; i++) {
        const struct icp_period *t = &tv->term[i];
        bool backed = has_est && icp_date_cmp(t->from, est) == 0 &&
                      icp_licterm_whole_years(t);
        /* Or its end, the date the verdict turns on, read alike by
         * another reading that lost the start, over a whole-year span. */
        if (!t->long_term && icp_licterm_whole_years(t) &&
            until_votes(tv, t->until) >= 2)
            backed = true;
        /* A term repaired from one reading's own dates: with another
         * reading that read it whole, or read its end whole (a repair
         * never votes for the end: a start misread alike at every
         * preparation of one window would otherwise back itself). */
        if (tv->term_der[i] > 0 && !t->long_term &&
            (tv->term_n[i] >= 1 || until_votes(tv, t->until) >= 1))
            backed = true;
        /* Or repaired alike by two readings, one that read its start
         * whole and one its end (2010年11月03日至2030年1月03日 and
         * 2010年1月03日至2030年11月03日): each date read whole once, each
         * reading's lost digit where the other has it. */
        if (tv->term_der[i] >= 2 &&
            tv->term_sides[i] == (ICP_LICTERM_START | ICP_LICTERM_END))
            backed = true;
        if (tv->term_whole[i] || tv->term_paired[i])
            backed = true;
        if (t->long_term && !icp_date_is_set(t->from))
            continue;
        int n = tv->term_n[i] + tv->term_der[i];
        if (tv->term_n[i] >= 2 || backed)
            if (best < 0 || n > tv->term_n[best] + tv->term_der[best])
                best = (int)i;
    }
    return best >= 0 ? best : long_agreed(tv);
}

/* Whether one reading of a term settles it without a second: its label
 * read with it (营业期限 or 经营期限: the term's own line, not a date
 * elsewhere), both dates whole with two-digit fields (or 长期 after a
 * whole start), calendar dates, plausible and a whole-year span: a
 * misread month or day breaks the span, and a reading that lost or
 * doubled a character does not parse. Of the re-reads of 100 generated
 * licences that read a term whole, one had a wrong end (its month), which
 * the span rejects; the second reading that confirmed the others cost
 * 100-200 ms of CPU. */
static bool reading_stands_alone(const char *t, const struct icp_period *per)
{
    if (!icp_text_contains(t, "营业期限") && !icp_text_contains(t, "经营期限"))
        return false;
    return icp_date_is_set(per->from) && icp_licterm_two_digit_fields(t) &&
           icp_licterm_whole_years(per);
}

/* The readings kept for repair (a start whole, the end short of a digit:
 * 2006年12月11日至2026年12月1日, whose end may be 12-11 or 12-10) each
 * paired with an end another reading read whole after 至 that fits it
 * (icp_licterm_end_fits()): both dates read whole once, by different
 * readings, a whole-year span apart, and the short end's digits those of
 * the whole one. */
static void pair_halves(struct term_votes *tv,
                        const struct icp_validity_ctx *v)
{
    for (int b = 0; b < tv->n_broken; b++)
        for (size_t u = 0; u < tv->n_until; u++) {
            struct icp_period per = {0};
            if (!icp_licterm_end_fits(tv->broken[b], tv->until[u], v, &per))
                continue;
            size_t i = 0;
            while (i < tv->n_term && !same_term(&tv->term[i], &per))
                i++;
            if (i < tv->n_term && tv->term_paired[i])
                continue;
            vote_term(tv, &per, true, 0);
            for (i = 0; i < tv->n_term; i++)
                if (same_term(&tv->term[i], &per))
                    tv->term_paired[i] = true;
        }
}

/* The one date that `text` ends with, from the first run of digits on
 * which the rest parses as exactly one date (a stray digit read before the
 * label, 8成立日期2021年05月20日, is not part of it), or false. */
static bool one_date(const char *text, const struct icp_validity_ctx *v,
                     struct icp_date *out)
{
    for (const char *s = text; *s; s++)
        if (g_ascii_isdigit(*s) && (s == text || !g_ascii_isdigit(s[-1])) &&
            icp_date_parse(s, v->min_year, v->max_year, out) == 0)
            return true;
    return false;
}

/* A reading whose end is 长期 after a start that did not parse whole
 * (icp_licterm_long_end()): a vote for a long-term term without its start
 * (long_agreed()). */
static void vote_long_end(struct term_votes *tv, const int *box, int *term_box)
{
    struct icp_period lt = {.long_term = true};
    vote_term(tv, &lt, false, 0);
    memcpy(term_box, box, 4 * sizeof *box);
}

/* Counts what one reading `t` (taken) of a region `box` (view pixels,
 * line height h) says: a term, or a founding date where its label is
 * read. Returns 2 when it read a term, 1 a founding date, 0 neither;
 * *digits gets the digits it holds and *cut whether it stops inside a
 * term. */
static int count_reading(char *t, const int *box, int h,
                         const struct icp_validity_ctx *v,
                         struct term_votes *tv, int *term_box, int *digits,
                         bool *cut)
{
    *digits = 0;
    *cut = false;
    if (!t)
        return 0;
    for (const char *c = t; *c; c++)
        *digits += g_ascii_isdigit(*c) != 0;
    *cut = icp_licterm_cut_short(t);
    /* Read before the clean rule, which drops what follows the last 日
     * (至长, its 期 lost). */
    if (!icp_text_contains(t, "成立日期") &&
        (icp_licterm_whole_sides(t, v->min_year, v->max_year) &
         ICP_LICTERM_START))
        tv->starts_read++;
    char *clean = icp_licterm_clean(t);
    free(t);
    if (!(t = clean))
        return 0;
    int got = 0;
    bool est_label = icp_text_contains(t, "成立日期");
    /* The end date alone, whole, wherever it follows 至. */
    const char *to = g_strrstr(t, "至");
    struct icp_date end;
    bool end_whole = !est_label && to && icp_licterm_two_digit_fields(to) &&
                     one_date(to + strlen("至"), v, &end);
    if (icp_text_contains(t, "营业期限") || icp_text_contains(t, "经营期限"))
        tv->term_label = true;
    struct icp_period per = {0};
    struct icp_date pair_from, pair_ends[2];
    if (!est_label && icp_licterm_end_pair(t, v, &pair_from, pair_ends))
        vote_pair(tv, pair_from, pair_ends, box);
    if (!icp_licterm_two_digit_fields(t)) {
        /* A month that lost a digit: only where a whole-year span and
         * the founding date the readings agree on (or, none agreed yet,
         * the other date's whole month and day) leave one term. */
        int got_term = 0;
        struct icp_date est = {0, 0, 0};
        if (!est_agreed(tv, &est))
            memset(&est, 0, sizeof est);
        if (!est_label && (icp_licterm_repair_months(t, est, v, &per) ||
                           icp_licterm_end_by_start(t, v, &per))) {
            /* Repaired from this reading's own dates: a vote that needs
             * another reading (term_agreed), and none for the end. */
            vote_term(tv, &per, true,
                      icp_licterm_whole_sides(t, v->min_year, v->max_year));
            memcpy(term_box, box, 4 * sizeof *box);
            got_term = 2;
        } else if (!est_label && icp_licterm_long_end(t)) {
            vote_long_end(tv, box, term_box);
            got_term = 2;
        } else if (!est_label && strstr(t, "至") &&
                   tv->n_broken < (int)G_N_ELEMENTS(tv->broken)) {
            tv->broken[tv->n_broken++] = t;
            memcpy(tv->broken_box, box, sizeof tv->broken_box);
            tv->broken_h = h;
            if (end_whole)
                vote_until(tv, end, icp_licterm_end_closed(t));
            pair_halves(tv, v);
            return 0;
        }
        if (!got_term && end_whole)
            vote_until(tv, end, icp_licterm_end_closed(t));
        free(t);
        pair_halves(tv, v);
        return got_term;
    }
    /* A span of other than whole years stands only on an end closed by
     * its 日: an end that lost it may have lost a digit to it as well. */
    if (!est_label &&
        icp_validity_parse(t, v->min_year, v->max_year, &per.from, &per.until,
                           &per.long_term) == 0 &&
        icp_licterm_plausible(&per, v) &&
        (icp_licterm_whole_years(&per) || icp_licterm_end_closed(t))) {
        vote_term(tv, &per, false, 0);
        if (reading_stands_alone(t, &per))
            for (size_t i = 0; i < tv->n_term; i++)
                if (same_term(&tv->term[i], &per))
                    tv->term_whole[i] = true;
        memcpy(term_box, box, 4 * sizeof *box);
        got = 2;
    } else if (!est_label && icp_licterm_end_by_start(t, v, &per)) {
        /* The end garbled, the start whole: a vote for the term that
         * stands only with another reading behind it, none for the end. */
        vote_term(tv, &per, true, ICP_LICTERM_START);
        memcpy(term_box, box, 4 * sizeof *box);
        end_whole = false;
        got = 2;
    } else if (!est_label && icp_licterm_long_end(t)) {
        /* A start that does not parse (a year short of a digit) */
        vote_long_end(tv, box, term_box);
        got = 2;
    } else if (est_label) {
        struct icp_date d;
        /* A month or day of one digit is a digit lost (licences print
         * two): such a date is no vote, lest two alike agree on it. */
        if (one_date(t, v, &d) && icp_date_cmp(d, v->today) <= 0 &&
            icp_licterm_two_digit_fields(t)) {
            vote_est(tv, d);
            memcpy(tv->est_box, box, sizeof tv->est_box);
            tv->est_h = h;
            got = 1;
        } else if (tv->est_h == 0) {
            /* The label without a whole date still says where the term
             * is: on the line under it. */
            memcpy(tv->est_box, box, sizeof tv->est_box);
            tv->est_h = h;
        }
    }
    if (end_whole)
        vote_until(tv, end, icp_licterm_end_closed(t));
    free(t);
    pair_halves(tv, v);
    return got;
}

/* Reads one region (view pixels) of the page at `variant` and counts what
 * it says (count_reading()). */
static int read_region(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res, struct icp_page *p,
                       const int *box, int h, int variant,
                       const struct icp_validity_ctx *v,
                       struct term_votes *tv, int *term_box, int *digits,
                       bool *cut)
{
    int key[6] = {box[0], box[1], box[2], box[3], h, variant};
    for (int i = 0; i < tv->n_read_keys; i++)
        if (memcmp(tv->read_keys[i], key, sizeof key) == 0) {
            *digits = 0;
            *cut = false;
            return 0;
        }
    if (tv->n_read_keys < (int)G_N_ELEMENTS(tv->read_keys))
        memcpy(tv->read_keys[tv->n_read_keys++], key, sizeof key);
    char *t = icp_page_reread(w, img, res, p, box, h, ICP_PSM_LINE,
                              TERM_CHARS, true, variant);
    tv->reads++;
    return count_reading(t, box, h, v, tv, term_box, digits, cut);
}

/* Reads `box` with preparations [from, to) until the votes agree on a
 * term; whether they did. */
static bool read_until_agreed(struct icp_worker *w, struct icp_image *img,
                              struct icp_result *res, struct icp_page *p,
                              const int *box, int h, int from, int to,
                              const struct icp_validity_ctx *v,
                              struct term_votes *tv, int *term_box)
{
    for (int variant = from; variant < to; variant++) {
        int digits;
        bool cut;
        read_region(w, img, res, p, box, h, variant, v, tv, term_box, &digits,
                    &cut);
        if (term_agreed(tv) >= 0)
            return true;
    }
    return false;
}

/* The characters of `text` a term's re-read could give (TERM_CHARS), the
 * others dropped: the page's reading has no whitelist. Returns a new
 * string (caller frees with free()) or NULL. */
static char *term_chars_only(const char *text)
{
    GString *g = g_string_new(NULL);
    for (const char *c = text; *c; c = g_utf8_next_char(c)) {
        size_t n = (size_t)(g_utf8_next_char(c) - c);
        char one[8] = {0};
        memcpy(one, c, VIPS_MIN(n, sizeof one - 1));
        if (strstr(TERM_CHARS, one))
            g_string_append(g, one);
    }
    char *out = strdup(g->str);
    g_string_free(g, TRUE);
    return out;
}

/* The page's own reading of the term's line, counted as one reading: the
 * term and its end where read whole, never the founding date (a term
 * backed by a founding date needs one of the two re-read). Each re-read
 * that agrees with it then settles the term, one re-read or more saved. */
static void count_page(const struct icp_page *p,
                       const struct icp_validity_ctx *v,
                       struct term_votes *tv, int *term_box)
{
    for (size_t i = 0; i < p->n_lines; i++) {
        const char *t = p->lines[i].text;
        if (!strstr(t, "至") || icp_text_contains(t, "成立日期"))
            continue;
        int digits;
        bool cut;
        size_t n_est = tv->n_est;
        bool whole[G_N_ELEMENTS(tv->term_whole)];
        memcpy(whole, tv->term_whole, sizeof whole);
        count_reading(term_chars_only(t), p->lines[i].box,
                      VIPS_MAX(4, p->lines[i].box[3]), v, tv, term_box,
                      &digits, &cut);
        tv->n_est = n_est;
        /* Never alone: its characters outside TERM_CHARS were dropped,
         * which can join a garbled date into a whole one. */
        memcpy(tv->term_whole, whole, sizeof whole);
    }
}

/* A term printed as 长期 alone holds no digits for the runs: the page's
 * words that read 长期 or 永久 (at most two), each with room for its label
 * to the left (营业期限 stands six print heights before its value), re-read
 * until two readings agree on the term. Whether they did. */
static bool read_long_words(struct icp_worker *w, struct icp_image *img,
                            struct icp_result *res, struct icp_page *p,
                            const struct icp_validity_ctx *v,
                            struct term_votes *tv, int *term_box)
{
    int tried = 0;
    for (size_t i = 0; i < p->n_lines && tried < 2; i++) {
        const struct icp_line *l = &p->lines[i];
        if (!strstr(l->text, "长期") && !strstr(l->text, "永久"))
            continue;
        /* The word that holds 长 (or 永), and the next when it holds 期
         * (or 久): Chinese is read a character or two a word. */
        for (size_t k = 0; k < l->n_words && tried < 2; k++) {
            const char *t = l->words[k].text ? l->words[k].text : "";
            const char *next = k + 1 < l->n_words && l->words[k + 1].text
                                   ? l->words[k + 1].text
                                   : "";
            bool whole = strstr(t, "长期") || strstr(t, "永久");
            bool split = (g_str_has_suffix(t, "长") &&
                          g_str_has_prefix(next, "期")) ||
                         (g_str_has_suffix(t, "永") &&
                          g_str_has_prefix(next, "久"));
            if (!whole && !split)
                continue;
            int wb[4];
            memcpy(wb, l->words[k].box, sizeof wb);
            if (split) {
                const int *nb = l->words[k + 1].box;
                int x1 = VIPS_MAX(wb[0] + wb[2], nb[0] + nb[2]);
                int y0 = VIPS_MIN(wb[1], nb[1]);
                int y1 = VIPS_MAX(wb[1] + wb[3], nb[1] + nb[3]);
                wb[2] = x1 - wb[0];
                wb[1] = y0;
                wb[3] = y1 - y0;
            }
            tried++;
            int h = VIPS_MAX(4, wb[3]);
            int x0 = VIPS_MAX(0, wb[0] - 7 * h);
            int x1 = VIPS_MIN(p->w, wb[0] + wb[2] + h);
            int b[4] = {x0, wb[1], x1 - x0, wb[3]};
            if (b[2] > 0 &&
                read_until_agreed(w, img, res, p, b, h, 0, 3, v, tv, term_box))
                return true;
        }
    }
    return false;
}

/* The founding date and the term from their regions: the label's value
 * box where the page read the label, then every stretch of a line with
 * digits, each re-read at the variants until two readings agree. */
static void read_term(struct icp_worker *w, struct icp_image *img,
                      struct icp_result *res, struct icp_page *p,
                      const struct icp_validity_ctx *v, const int *uscc_box,
                      struct term_votes *tv, struct icp_period *out)
{
    memset(out, 0, sizeof *out);
    count_page(p, v, tv, out->box);
    struct icp_digit_run runs[MAX_RUNS + 2];
    size_t n = 0;
    bool est_first = false; /* the label region is the founding date's */
    static const char *const labels[] = {"营业期限", "经营期限", "成立日期"};
    for (size_t i = 0; i < G_N_ELEMENTS(labels); i++) {
        int box[4], h;
        if (icp_page_value_box(p, labels[i], false, box, &h) == 0) {
            if (i < 2)
                tv->term_label = true;
            /* Take the label in: it says which date this is. */
            int li = icp_page_find(p, labels[i], NULL);
            int x0 = VIPS_MAX(0, VIPS_MIN(box[0], p->lines[li].box[0]) - h);
            box[2] = VIPS_MIN(box[0] + box[2], x0 + 30 * h) - x0;
            box[0] = x0;
            memcpy(runs[n].box, box, sizeof box);
            runs[n].h = h;
            runs[n++].digits = 8;
            est_first = i == 2;
            break;
        }
    }
    size_t first = n;
    n += icp_page_digit_runs(p, 5, 7.0, 12.0, runs + n, MAX_RUNS);
    /* The term prints the most digits of any date line (16, the founding
     * date 8): the runs with most digits first, so that the term is
     * usually read before the read cap is spent on other lines. */
    for (size_t i = first + 1; i < n; i++)
        for (size_t j = i; j > first && runs[j].digits > runs[j - 1].digits;
             j--) {
            struct icp_digit_run tmp = runs[j];
            runs[j] = runs[j - 1];
            runs[j - 1] = tmp;
        }
    /* The founding date's region only backs a term: after the first run
     * with a term's digits, which a reading of its own can settle
     * (reading_stands_alone()). */
    if (est_first && n > first && runs[first].digits >= TERM_DIGITS) {
        struct icp_digit_run est_run = runs[0];
        runs[0] = runs[first];
        runs[first] = est_run;
    }
    for (size_t r = 0; r < n && tv->reads < MAX_READS; r++) {
        const int *b = runs[r].box;
        /* The credit code's line is not a date. */
        if (uscc_box[2] && b[1] < uscc_box[1] + uscc_box[3] &&
            uscc_box[1] < b[1] + b[3] && b[0] < uscc_box[0] + uscc_box[2] &&
            uscc_box[0] < b[0] + b[2])
            continue;
        /* The founding date's line, its date agreed from the label's
         * region already: a run there with the digits of a date (8, and
         * the page's misreads of 年月日 as digits) says nothing more; a
         * line merged with the term's (8 + 16) still is read. */
        struct icp_date est_now;
        int cy = b[1] + b[3] / 2;
        if (tv->est_h > 0 && runs[r].digits <= 14 &&
            est_agreed(tv, &est_now) && cy > tv->est_box[1] &&
            cy < tv->est_box[1] + tv->est_box[3])
            continue;
        int got[8] = {0}, digits_read[8] = {0};
        bool widened = false, lengthened = false, cut;
        /* Plain, thresholded, larger, smaller. The levelled-line
         * preparations 4 and 5, tried here on the first reading, lost as
         * many terms through the read cap as they won; on the second, each
         * preparation is followed by its levelled one (tv->level). */
        int n_var = tv->level ? 8 : 4;
        for (int k = 0; k < n_var && tv->reads < MAX_READS; k++) {
            int variant = tv->level ? (k / 2) | (k % 2 ? 4 : 0) : k;
            got[k] = read_region(w, img, res, p, b, runs[r].h, variant, v, tv,
                                 out->box, &digits_read[k], &cut);
            if (term_agreed(tv) >= 0)
                goto done;
            if (cut && !lengthened && b[0] + b[2] < p->w) {
                /* The term runs on past the region's right end: once,
                 * to the page's edge, plain and larger. */
                int lb[4] = {b[0], b[1], p->w - b[0], b[3]};
                lengthened = true;
                for (int lv = 0; lv < 4 && tv->reads < MAX_READS; lv += 2) {
                    int dr;
                    bool c2;
                    read_region(w, img, res, p, lb, runs[r].h, lv, v, tv,
                                out->box, &dr, &c2);
                    if (term_agreed(tv) >= 0)
                        goto done;
                }
            }
            /* Two readings without a date: not a date line; a founding
             * date read alike twice needs no more. */
            struct icp_date est;
            if (k == 1 && got[0] == 0 && got[1] == 0 &&
                digits_read[0] < 4 && digits_read[1] < 4)
                break;
            /* Digits enough for a term but no term: the run may start
             * inside the value (its boxes on a garbled page are rough);
             * once, wider to the left. */
            if (k == 0 && got[0] == 0 && digits_read[0] >= 10 &&
                !widened) {
                int wb[4] = {VIPS_MAX(0, b[0] - 6 * runs[r].h), b[1], 0,
                             b[3]};
                wb[2] = b[0] + b[2] - wb[0];
                widened = true;
                int dr;
                bool c2;
                read_region(w, img, res, p, wb, runs[r].h, 0, v, tv, out->box,
                            &dr, &c2);
                if (term_agreed(tv) >= 0)
                    goto done;
            }
            /* A founding date read: its line needs no more readings (it
             * only backs a term that starts on it, and a misread one backs
             * nothing). */
            if (got[k] == 1 && est_agreed(tv, &est) && tv->n_est == 1)
                break;
        }
    }
    if (read_long_words(w, img, res, p, v, tv, out->box))
        goto done;
    if (tv->n_term > 0) {
        /* A term read once and not yet agreed on: its region again at the
         * other preparations, past the cap. */
        int b[4], h = VIPS_MAX(4, out->box[3] / 2);
        memcpy(b, out->box, sizeof b);
        if (read_until_agreed(w, img, res, p, b, h, 1, 4, v, tv, out->box))
            goto done;
    }
    if (tv->est_h > 0) {
        /* The term is printed on the line under the founding date (the
         * 2015 layout); the page's reading may have lost its digits
         * altogether. That line, to the page's right edge. */
        int eh = tv->est_h, cy = tv->est_box[1] + tv->est_box[3] / 2;
        int b[4] = {tv->est_box[0], cy + eh * 13 / 10, p->w - tv->est_box[0],
                    2 * eh};
        b[3] = VIPS_MIN(b[3], p->h - b[1]);
        if (b[3] > eh &&
            read_until_agreed(w, img, res, p, b, eh, 0, 3, v, tv, out->box))
            goto done;
    }
    if (tv->n_broken > 0) {
        /* Readings short of a month's digit wait for the founding date,
         * printed on the line above the term (the 2015 layout): read it
         * when no reading has agreed it yet, then repair. */
        struct icp_date est;
        int bh = tv->broken_h, *bb = tv->broken_box;
        int cy = bb[1] + bb[3] / 2;
        int b[4] = {bb[0], VIPS_MAX(0, cy - bh * 33 / 10), bb[2], 2 * bh};
        for (int variant = 0; variant < 3 && !est_agreed(tv, &est);
             variant++) {
            int dr;
            bool cut;
            read_region(w, img, res, p, b, bh, variant, v, tv, out->box, &dr,
                        &cut);
        }
        if (est_agreed(tv, &est))
            for (int i = 0; i < tv->n_broken; i++) {
                struct icp_period per = {0};
                if (icp_licterm_repair_months(tv->broken[i], est, v, &per)) {
                    /* Starting on the founding date read apart: backed. */
                    vote_term(tv, &per, true,
                              icp_licterm_whole_sides(tv->broken[i],
                                                      v->min_year,
                                                      v->max_year));
                    memcpy(out->box, bb, sizeof out->box);
                }
            }
    }
done:;
    int k = term_agreed(tv);
    if (k >= 0) {
        int box[4];
        memcpy(box, out->box, sizeof box);
        *out = tv->term[k];
        out->found = true;
        memcpy(out->box, box, sizeof box);
    } else {
        /* No whole term agreed, but its end read alike by more readings
         * than any other end (at least two): the end is what the verdict
         * turns on; the start is the founding date where agreed. */
        int best = -1, second = 0;
        for (size_t i = 0; i < tv->n_until; i++)
            if (best < 0 || tv->until_n[i] > tv->until_n[best]) {
                second = best < 0 ? 0 : tv->until_n[best];
                best = (int)i;
            } else if (tv->until_n[i] > second)
                second = tv->until_n[i];
        struct icp_date est;
        /* One of them closed by its 日: a day that ends a reading
         * without it may have lost a digit to it, alike at every
         * preparation of one region (…03月01日 read …03月11 twice). */
        if (best >= 0 && tv->until_n[best] >= 2 &&
            tv->until_n[best] > second && tv->until_closed[best] > 0) {
            int box[4];
            memcpy(box, out->box, sizeof box);
            memset(out, 0, sizeof *out);
            out->until = tv->until[best];
            if (est_agreed(tv, &est) && icp_date_cmp(est, out->until) < 0)
                out->from = est;
            out->found = true;
            memcpy(out->box, box, sizeof box);
        }
    }
}

/* The first 18-character run of credit-code characters in the QR text
 * (uniscid=...), copied into code (19 bytes). */
static bool qr_uscc(const char *qr, char *code)
{
    for (const char *t = qr; *t;) {
        size_t n = strspn(t, USCC_CHARS);
        if (n == 18) {
            memcpy(code, t, 18);
            code[18] = '\0';
            return true;
        }
        t += n ? n : 1;
    }
    return false;
}

/* Whether any reading so far held a date of the term: the term, its end
 * alone, its start whole before 至, or a term short of a digit. */
static bool term_dates_read(const struct term_votes *tv)
{
    return tv->n_term > 0 || tv->n_until > 0 || tv->n_broken > 0 ||
           tv->starts_read > 0;
}

/* Lines a page read again must have to stand: a licence prints some 20. */
#define MIN_AGAIN_LINES 5

/* The view the page is read again from, at most `side` px: the fine view
 * (`fine`, or NULL) scaled down where the frame and tilt are still its own,
 * rather than the photo's pixels turned again; else made anew. */
static VipsImage *again_view(struct icp_image *img, struct icp_result *res,
                             VipsImage *fine, int side)
{
    if (fine) {
        double f = (double)side / VIPS_MAX(fine->Xsize, fine->Ysize);
        if (f >= 1) {
            g_object_ref(fine);
            return fine;
        }
        VipsImage *small = NULL, *mem = NULL;
        if (vips_resize(fine, &small, f, NULL) == 0)
            mem = vips_image_copy_memory(small);
        VIPS_UNREF(small);
        vips_error_clear();
        if (mem)
            return mem;
    }
    return icp_document_view_quick(img, side, res);
}

/* The band of a landscape licence the term is printed in (fractions of
 * the page: x0, y0, x1, y1): the right column's 成立日期 and 营业期限 lines
 * and a line either side (the 2015 layout prints them at 0.45-0.55 of the
 * height, from 0.53 of the width). */
static const double TERM_BAND[4] = {0.45, 0.3, 1.0, 0.75};

/* Lines a band read again must have to stand: 注册资本, 成立日期, 营业期限
 * and 住所 are printed in it. */
#define MIN_BAND_LINES 3

/* Words read in `view` (colour, or thresholded with `binarise`), only in
 * `band` (a view pixels rectangle) where it is not NULL, their boxes in
 * the view's pixels. Returns 0, or -1. */
static int read_view_words(struct icp_worker *w, VipsImage *view,
                           const int *band, bool binarise,
                           struct icp_ocr_word **words, size_t *n)
{
    VipsImage *crop = NULL, *bin = NULL;
    *words = NULL;
    *n = 0;
    if (band && vips_extract_area(view, &crop, band[0], band[1], band[2],
                                  band[3], NULL)) {
        vips_error_clear();
        return -1;
    }
    VipsImage *src = crop ? crop : view;
    if (binarise && !(src = bin = icp_ocr_binarise(src))) {
        VIPS_UNREF(crop);
        vips_error_clear();
        return -1;
    }
    int rc = icp_document_read_turn(w, src, 0, words, n);
    VIPS_UNREF(bin);
    VIPS_UNREF(crop);
    for (size_t i = 0; rc == 0 && band && i < *n; i++) {
        (*words)[i].box[0] += band[0];
        (*words)[i].box[1] += band[1];
    }
    return rc;
}

/* The page read again at `side` (as icp_page_read_at() reads it, from
 * again_view()), the whole of it, or with `band` only TERM_BAND of it (a
 * quarter of the pixels and of the reading's cost: some 0.6 s CPU less
 * where the term is read there); where the colour view gave next to
 * nothing, or the frame was widened (`widened`), its levelled,
 * thresholded copy read instead: a desk brighter than the paper (white,
 * or a frame widened onto it) puts Tesseract's own global threshold above
 * the whole paper, and nothing is read. Returns 0, or -1 (free *out with
 * icp_page_clear() either way). */
static int read_page_again(struct icp_worker *w, struct icp_image *img,
                           struct icp_result *res, int side, bool widened,
                           bool band, VipsImage *fine, struct icp_page *out)
{
    memset(out, 0, sizeof *out);
    VipsImage *colour = again_view(img, res, fine, side);
    if (!colour)
        return -1;
    int vw = colour->Xsize, vh = colour->Ysize;
    int rect[4] = {(int)(vw * TERM_BAND[0]), (int)(vh * TERM_BAND[1]), 0, 0};
    rect[2] = (int)(vw * TERM_BAND[2]) - rect[0];
    rect[3] = (int)(vh * TERM_BAND[3]) - rect[1];
    const int *area = band ? rect : NULL;
    size_t min_lines = band ? MIN_BAND_LINES : MIN_AGAIN_LINES;
    struct icp_ocr_word *words = NULL;
    size_t n = 0;
    /* A frame widened past the paper takes the desk in: thresholded
     * at once. */
    if (!widened) {
        int rc = read_view_words(w, colour, area, false, &words, &n);
        if (rc == 0)
            icp_page_from_words(out, words, n, vw, vh);
        out->side = side;
        icp_ocr_words_free(words, n);
        words = NULL;
        n = 0;
        if (rc != 0 || out->n_lines >= min_lines) {
            VIPS_UNREF(colour);
            return rc;
        }
    }
    int rc = -1;
    if (read_view_words(w, colour, area, true, &words, &n) == 0) {
        icp_page_clear(out);
        icp_page_from_words(out, words, n, vw, vh);
        out->side = side;
        rc = 0;
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "licence: read again thresholded, %zu lines\n",
                    out->n_lines);
    }
    VIPS_UNREF(colour);
    icp_ocr_words_free(words, n);
    return rc == 0 || out->n_lines > 0 ? 0 : -1;
}

/* Whether a full reading of the print is near the QR's code (all but a
 * few places alike): a misprint or a misread of that code, not junk read
 * where the code should be. */
static bool near_code(const char *read, const char *qcode)
{
    if (strlen(read) != 18 || strlen(qcode) != 18)
        return false;
    int alike = 0;
    for (int i = 0; i < 18; i++)
        alike += read[i] == qcode[i];
    return alike >= 14;
}

/* No term agreed, but its start and end read alike by two readings or
 * more save the end's day, one of two (icp_licterm_end_pair()), and both
 * ends give the licence the same failing verdict: that verdict, the end
 * left unread (valid_until null; the finding names both days). A term
 * that passes either way still needs its end read: no pass on a date not
 * known. The start must be the founding date where that was agreed.
 * Whether it reported. */
static bool report_end_pair(struct icp_result *res,
                            const struct term_votes *tv,
                            const struct icp_validity_ctx *v, const int *box)
{
    int k = -1;
    for (size_t i = 0; i < tv->n_pair; i++)
        if (tv->pair_n[i] >= 2 && (k < 0 || tv->pair_n[i] > tv->pair_n[k]))
            k = (int)i;
    struct icp_date est;
    if (k < 0 || (est_agreed(tv, &est) &&
                  icp_date_cmp(est, tv->pair_from[k]) != 0))
        return false;
    const struct icp_date *e = tv->pair_ends[k];
    enum icp_validity a =
        icp_validity_verdict(e[0], false, v->today, v->months);
    if (a == ICP_VALIDITY_OK ||
        a != icp_validity_verdict(e[1], false, v->today, v->months))
        return false;
    char from[11], e0[11], e1[11];
    icp_date_format(tv->pair_from[k], from);
    icp_date_format(e[1], e0);
    icp_date_format(e[0], e1);
    icp_result_set_str(res, "valid_from", from);
    icp_result_set_str(res, "valid_until", NULL);
    if (a == ICP_VALIDITY_EXPIRED)
        icp_result_add(res, "doc.expired", ICP_SEV_ERROR, box,
                       "营业执照已于 %s 或 %s 过期（期限末日的日期有一位无法"
                       "辨认），请更换有效执照后再提交",
                       "the licence expired on %s or %s (a digit of its end's "
                       "day cannot be read): renew it before filing",
                       e0, e1);
    else
        icp_result_add(res, "doc.expiry_too_soon", ICP_SEV_ERROR, box,
                       "营业执照将于 %s 或 %s 到期（期限末日的日期有一位无法"
                       "辨认），距今不足 %d 个月，请更换新执照后再提交",
                       "the licence expires on %s or %s (a digit of its end's "
                       "day cannot be read), less than %d months from today: "
                       "renew it before filing",
                       e0, e1, v->months);
    return true;
}

void icp_check_license(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res)
{
    struct icp_page page;
    struct icp_validity_ctx v;
    struct icp_stage_timer t;
    icp_stage_timer_start(&t);
    if (icp_page_open(w, img, res, ICP_SPAN_ANY, &page, &v))
        return;
    icp_stage_lap(&t, res->path, "licence page");
    char *qr = read_qr(w, img, res, &page);
    icp_stage_lap(&t, res->path, "licence qr");
    char qcode[19];
    bool qr_code = qr && qr_uscc(qr, qcode);
    struct icp_uscc u;
    int box[4], obox[4];
    bool differs;
    int ok = read_uscc(w, img, res, &page, qr_code ? qcode : NULL, &u, box,
                       &differs);
    icp_stage_lap(&t, res->path, "licence uscc");
    /* The print unreadable or failing its check while the QR code carries
     * a code: the QR's code is no witness for the print (a misprinted
     * code beside a right QR code is what a reviewer rejects), so the
     * code fails as read, naming the QR's. */
    bool qr_only = ok != 0 && qr_code && !differs &&
                   strcmp(u.code, qcode) != 0;
    /* Junk read where the code should be is no code. */
    bool junk = qr_only && !near_code(u.code, qcode);
    icp_page_box_to_output(img, &page, box, obox);
    const int *ubox_out = obox;
    icp_result_set_str(res, "uscc", u.code[0] && !junk ? u.code : NULL);
    icp_result_set_bool(res, "uscc_valid", ok == 0);
    if (differs)
        icp_result_add(res, "doc.uscc_invalid", ICP_SEV_ERROR, ubox_out,
                       "执照上印的统一社会信用代码 %s 与二维码中的 %s 不一致，"
                       "请核对营业执照",
                       "the printed credit code %s differs from the %s the "
                       "QR code carries: check the licence",
                       u.code, qcode);
    else if (qr_only && !junk)
        icp_result_add(res, "doc.uscc_invalid", ICP_SEV_ERROR, ubox_out,
                       "执照上印的统一社会信用代码读作 %s，校验不符（GB "
                       "32100），二维码中为 %s：请核对营业执照，或上传更清晰的照片",
                       "the printed credit code reads %s, which fails its GB "
                       "32100 check, while the QR code carries %s: check the "
                       "licence, or upload a sharper photo",
                       u.code, qcode);
    else if (qr_only)
        icp_result_add(res, "doc.uscc_invalid", ICP_SEV_ERROR, NULL,
                       "无法读取执照上印的统一社会信用代码（二维码中为 %s），"
                       "无法核对：请上传清晰完整的营业执照",
                       "cannot read the printed credit code, so it cannot be "
                       "checked against the %s the QR code carries: upload a "
                       "sharp, complete photo of the licence",
                       qcode);
    else if (ok != 0) {
        if (u.error == ICP_USCC_OLD_REGNO)
            icp_result_add(res, "doc.uscc_invalid", ICP_SEV_ERROR, ubox_out,
                           "营业执照为旧版 15 位注册号（%s），2018 年 1 月 1 日起"
                           "已失效，请上传载有统一社会信用代码的新版营业执照",
                           "the licence carries an old 15-digit registration "
                           "number (%s), void since 2018-01-01: upload the "
                           "licence with the unified social credit code",
                           u.code);
        else if (u.code[0] && u.error != ICP_USCC_LENGTH)
            icp_result_add(res, "doc.uscc_invalid", ICP_SEV_ERROR, ubox_out,
                           "统一社会信用代码 %s 校验不符（GB 32100），请核对营业执"
                           "照",
                           "the unified social credit code %s fails its GB "
                           "32100 check: check the licence",
                           u.code);
        else
            icp_result_add(res, "doc.uscc_invalid", ICP_SEV_ERROR, NULL,
                           "无法读取统一社会信用代码，请上传清晰完整的营业执照",
                           "cannot read the unified social credit code: upload "
                           "a sharp, complete photo of the licence");
    }
    char *name = icp_page_value_text(w, img, res, &page, "名称");
    icp_result_set_str(res, "name", name && *name ? name : NULL);
    free(name);
    char *rep = icp_page_value_text(w, img, res, &page, "法定代表人");
    icp_result_set_str(res, "legal_representative", rep && *rep ? rep : NULL);
    free(rep);
    icp_stage_lap(&t, res->path, "licence name");
    struct term_votes tv;
    struct icp_period period;
    memset(&tv, 0, sizeof tv);
    int ubox[4];
    memcpy(ubox, box, sizeof ubox);
    read_term(w, img, res, &page, &v, ubox, &tv, &period);
    icp_stage_lap(&t, res->path, "licence term");
    /* No term agreed on: the page read again, the votes so far kept (a
     * date read is a date read). First the document at the resolution the
     * photo has, up to RETRY_SIDE: a licence small in a large frame was read
     * at the size it has in the 1600 px copy (700 px across, print under
     * 12 px), where the shared reading lost the digits; its lines sloping
     * by perspective there, each region is also read turned level by its
     * own text (which also measures the print's height the page's rough
     * boxes overstate). Then, where the paper's outline and the text lines
     * disagreed on the tilt, at the other tilt: a line read at the wrong
     * one loses its digits. */
    /* A region narrower than a landscape licence lost a side (its right
     * third under a shadow or the light's fall-off, the term's column with
     * it): the frame widened first, for the page read again. */
    bool widened = !period.found &&
                   icp_document_widen_page(img, LICENCE_ASPECT) == 0;
    /* A page read upright (its text level) but taller than wide is no
     * 2015 licence, which is printed in landscape: it lost half its width
     * or more (the left column alone in the light, the right under a
     * shadow), which icp_document_widen_page() takes for a page stood
     * upright and leaves. Widened to a licence's proportions all the
     * same. */
    if (!period.found && !widened && page.w < page.h)
        widened = icp_document_widen_card(img, LICENCE_ASPECT) == 0;
    if (widened && g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "licence: the frame widened to a licence's "
                "proportions\n");
    /* The page read again: first only the band the term is printed in
     * (TERM_BAND, on a page read in landscape), then the whole of it, then
     * at the other tilt. */
    bool landscape = page.w > page.h, band_read = false;
    for (int pass = landscape ? 0 : 1; pass < 3 && !period.found; pass++) {
        /* The other tilt only where no reading so far held a date of the
         * term: lines that gave the term's dates, whole or short of a
         * digit, were read level enough, and the other tilt reads the
         * same print no better. On seeds 6017 and 6029 and the bench's
         * licences (123) it settled none of the terms those left, at
         * 0.8-1.4 s CPU each. */
        if (pass == 2 && (term_dates_read(&tv) ||
                          icp_document_use_alternative(img, res) != 0))
            break;
        /* The whole page after its band likewise only where no reading
         * held a date of the term: the band's lines gave the term's line,
         * and its regions are read from the same view alike whatever else
         * the page holds. On seeds 7411 and 7523 (100 licences) the whole
         * page settled none of the terms its band left, at 1.0 s CPU. */
        if (pass == 1 && band_read && term_dates_read(&tv))
            break;
        struct icp_page again;
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "licence: read again %s\n",
                    pass == 2   ? "at the other tilt"
                    : pass == 0 ? "larger, levelled, the term's band"
                                : "larger, levelled");
        /* The fine view is still the document's before the other tilt
         * where the frame was not widened (or the band's reading made it
         * for the widened frame): the page's second reading is cut from
         * it, and it is kept for the re-reads. */
        bool same_view = pass < 2 && (!widened || (pass == 1 && band_read));
        if (read_page_again(w, img, res, pass == 2 ? 1600 : RETRY_SIDE,
                            widened, pass == 0,
                            same_view ? page.fine : NULL, &again) != 0) {
            icp_page_clear(&again);
            if (pass == 0)
                continue;
            break;
        }
        band_read = pass == 0;
        if (g_getenv("ICP_DEBUG_OCR"))
            for (size_t i = 0; i < again.n_lines; i++)
                fprintf(stderr, "again %d,%d %dx%d: %s\n",
                        again.lines[i].box[0], again.lines[i].box[1],
                        again.lines[i].box[2], again.lines[i].box[3],
                        again.lines[i].text);
        /* The kept readings' boxes were the old page's: the same
         * document, scaled to the new view (at the other tilt, near
         * enough for the credit code's line to be skipped and the
         * founding date's to be found under). */
        double f = (double)again.w / VIPS_MAX(1, page.w);
        for (int i = 0; i < 4; i++) {
            ubox[i] = (int)(ubox[i] * f + 0.5);
            tv.est_box[i] = (int)(tv.est_box[i] * f + 0.5);
            tv.pair_box[i] = (int)(tv.pair_box[i] * f + 0.5);
        }
        tv.est_h = (int)(tv.est_h * f + 0.5);
        /* The whole page after its band: the same view, whose regions
         * read at a preparation once are not read (counted) again. */
        bool same_boxes = pass == 1 && again.w == page.w &&
                          again.h == page.h && page.fine;
        if (same_view) {
            again.fine = page.fine;
            page.fine = NULL;
        }
        icp_page_clear(&page);
        page = again;
        icp_page_fine_view(img, res, &page);
        for (int i = 0; i < tv.n_broken; i++)
            free(tv.broken[i]);
        tv.n_broken = 0;
        tv.reads = 0;
        if (!same_boxes)
            tv.n_read_keys = 0; /* another page: its boxes are new */
        tv.level = pass < 2;
        read_term(w, img, res, &page, &v, ubox, &tv, &period);
        icp_stage_lap(&t, res->path, "licence term-again");
    }
    struct icp_date est;
    char buf[16];
    if (est_agreed(&tv, &est)) {
        icp_date_format(est, buf);
        icp_result_set_str(res, "established", buf);
    } else if (period.found && icp_date_is_set(period.from)) {
        /* The term starts on the founding day. */
        icp_date_format(period.from, buf);
        icp_result_set_str(res, "established", buf);
    } else
        icp_result_set_str(res, "established", NULL);
    int pbox[4];
    icp_page_box_to_output(img, &page, tv.pair_box, pbox);
    if (!period.found && report_end_pair(res, &tv, &v, pbox)) {
        /* reported: the verdict both possible ends give */
    } else if (!period.found && !tv.term_label && tv.n_est > 0) {
        /* Newer licences print no term: no end date, but nothing to show
         * it is long-term either; say so rather than guess. */
        icp_result_set_str(res, "valid_from", NULL);
        icp_result_set_str(res, "valid_until", NULL);
        icp_result_add(res, "doc.expiry_unreadable", ICP_SEV_ERROR, NULL,
                       "营业执照上未见营业期限，请确认执照完整或提供载明期限的"
                       "执照",
                       "no business term (营业期限) is printed on the licence: "
                       "make sure the whole licence is shown");
    } else
        icp_page_report_period(w, img, res, &page, &period, ICP_SPAN_ANY);
    icp_result_set_str(res, "qr_text", qr);
    if (!qr)
        icp_result_add(res, "doc.qr_unreadable", ICP_SEV_WARNING, NULL,
                       "营业执照上的二维码无法识别，请上传清晰完整的执照照片",
                       "the licence's QR code cannot be read: upload a sharp, "
                       "complete photo");
    else if (ok == 0) {
        /* Where the QR text carries a valid code, it must be ours. */
        bool same = false;
        bool carries = icp_uscc_in_text(qr, u.code, &same) > 0;
        if (carries && !same)
            icp_result_add(res, "doc.uscc_invalid", ICP_SEV_ERROR, obox,
                           "二维码中的统一社会信用代码与执照上印的 %s 不一致",
                           "the credit code in the QR code differs from the "
                           "printed %s",
                           u.code);
    }
    icp_stage_lap(&t, res->path, "licence report");
    g_free(qr);
    for (int i = 0; i < tv.n_broken; i++)
        free(tv.broken[i]);
    icp_page_clear(&page);
}
