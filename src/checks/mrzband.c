/* The MRZ band: dark OCR-B lines found by morphology on a small copy, read
 * at a text height Tesseract likes, parsed by the mrz module. */
#include "checks/mrzband.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "checks/document.h"
#include "checks/slant.h"
#include "ocr/pixconv.h"

#define MRZ_WHITELIST "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
#define FIND_SIDE 1000 /* long side of the copy the band is looked for on */
#define READ_SIDE 2000 /* long side of the copy the band is read from */
#define MAX_CANDIDATES 6
/* Copies of candidate bands read per photo, over every tilt and turn: the
 * readings that settle a zone come within the first few (37 of 50 phone
 * passports of seed 6029 took at most 3, all but 2 at most 6); a zone
 * found but failing its checks had every turn tried, 38 copies and seconds
 * of CPU, before the best reading was kept anyway. */
#define MAX_READS 24
#define MERGED_LINE 0.38 /* of a merged block's height: one line's text */
#define SMALL_LINE 20 /* px: a zone line this low is read from more pixels */

/* A text line found on the small copy. */
struct line {
    int x, y, w, h;
};

/* A group of stacked lines that may be the MRZ, in small-copy pixels. */
struct band {
    int box[4];
    int line_h; /* median height of its lines */
    int n_lines;
};

static int cmp_line_y(const void *a, const void *b)
{
    const struct line *p = a, *q = b;
    return p->y - q->y;
}

static int cmp_band_bottom(const void *a, const void *b)
{
    const struct band *p = a, *q = b;
    /* More lines first (2-3 line groups beat lone lines), then lowest. */
    int lp = p->n_lines >= 2, lq = q->n_lines >= 2;
    if (lp != lq)
        return lq - lp;
    return (q->box[1] + q->box[3]) - (p->box[1] + p->box[3]);
}

/* Text as 1 bpp foreground: darker than its neighbourhood (Sauvola, a
 * window of about `win` px). Returns NULL on failure. */
static PIX *text_mask(PIX *grey8, int win)
{
    PIX *bin = NULL;
    int half = VIPS_MAX(2, win / 2);
    int w = pixGetWidth(grey8), h = pixGetHeight(grey8);
    half = VIPS_MIN(half, VIPS_MIN(w, h) / 2 - 2);
    if (half < 2 ||
        pixSauvolaBinarize(grey8, half, 0.34f, 1, NULL, NULL, NULL, &bin))
        return NULL;
    return bin;
}

/* The paper of a grey band brought to white evenly: each pixel divided by
 * the brightest value within about two text heights (`text_h` px), so that
 * a shadow's edge across the zone leaves no step for Tesseract's global
 * threshold to cut the lines at. Returns a new image or NULL. */
static VipsImage *flatten(VipsImage *grey, double text_h)
{
    VipsImage *level = icp_image_level_paper(grey, (int)(text_h / 4), 9);
    VipsImage *out = level ? vips_image_copy_memory(level) : NULL;
    VIPS_UNREF(level);
    vips_error_clear();
    return out;
}

/* `im` turned clockwise by `angle` degrees, the uncovered corners white.
 * Returns a new image in memory (unref it) or NULL. */
static VipsImage *turn(VipsImage *im, double angle)
{
    VipsImage *t = NULL, *res = NULL;
    if (fabs(angle) < 0.3) {
        g_object_ref(im);
        return im;
    }
    double white[] = {255, 255, 255};
    VipsArrayDouble *bg = vips_array_double_new(white, im->Bands < 3 ? 1 : 3);
    if (vips_rotate(im, &t, angle, "background", bg, NULL) == 0)
        res = vips_image_copy_memory(t);
    vips_area_unref(VIPS_AREA(bg));
    VIPS_UNREF(t);
    if (!res)
        vips_error_clear();
    return res;
}

/* Long, thin components of dark text merged along lines. `grey` may be a
 * part of a copy `W` x `H` px, whose size sets the scale of text looked
 * for. Returns the count written to lines (at most cap). */
static int find_lines(PIX *grey, int W, int H, struct line *lines, int cap)
{
    int n = 0;
    int side = W > H ? W : H;
    int k = (side / 45) | 1;
    PIX *closed = NULL, *bh = NULL, *inv = NULL, *bin = NULL, *merged = NULL,
        *vert = NULL;
    BOXA *boxa = NULL;
    /* Black-hat: how much darker each pixel is than its surroundings, which
     * keeps text and drops shading and the printed background. */
    closed = pixCloseGray(grey, k, k);
    if (!closed)
        goto out;
    bh = pixSubtractGray(NULL, closed, grey);
    inv = bh ? pixInvert(NULL, bh) : NULL;
    if (!inv)
        goto out;
    /* MRZ print is far darker than guilloche backgrounds: keep what is
     * at least 40 % as dark as the darkest text on the page. */
    l_float32 top = 0;
    if (pixGetRankValueMasked(bh, NULL, 0, 0, 2, 0.995f, &top, NULL))
        goto out;
    int thresh = VIPS_MAX(40, (int)(top * 0.4f));
    bin = pixThresholdToBinary(inv, 255 - thresh);
    if (!bin)
        goto out;
    /* Long vertical strokes are no MRZ character: the page's edge against
     * the desk, a fold or the frame of the photo. Left in, one such edge
     * joins the ends of both zone lines to the rest of the page, and no
     * line stands out. */
    int kv = VIPS_MAX(9, side / 25);
    vert = pixOpenBrick(NULL, bin, 1, kv);
    if (vert)
        pixSubtract(bin, bin, vert);
    int kw = (side / 50) | 1;
    merged = pixCloseSafeBrick(NULL, bin, kw, 1);
    if (!merged)
        goto out;
    boxa = pixConnComp(merged, NULL, 8);
    if (!boxa)
        goto out;
    int nb = boxaGetCount(boxa);
    for (int i = 0; i < nb && n < cap; i++) {
        l_int32 x, y, w, h;
        if (boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h))
            continue;
        /* An MRZ line is 30-44 monospaced characters: at least 12 times as
         * long as high. A block of lines merged by the closing is kept
         * too (4-12 times), as a last resort. */
        if (w < W / 25 || h < 4 || w < 2 * h || h > H / 4)
            continue;
        lines[n++] = (struct line){x, y, w, h};
    }
out:
    boxaDestroy(&boxa);
    pixDestroy(&merged);
    pixDestroy(&vert);
    pixDestroy(&bin);
    pixDestroy(&inv);
    pixDestroy(&bh);
    pixDestroy(&closed);
    return n;
}

static int overlap(int a0, int a1, int b0, int b1)
{
    int lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    return hi > lo ? hi - lo : 0;
}

static void band_of(const struct line *l, int n, struct band *b)
{
    int x0 = l[0].x, y0 = l[0].y, x1 = l[0].x + l[0].w, y1 = l[0].y + l[0].h;
    int hs[3] = {0};
    for (int i = 0; i < n; i++) {
        x0 = VIPS_MIN(x0, l[i].x), y0 = VIPS_MIN(y0, l[i].y);
        x1 = VIPS_MAX(x1, l[i].x + l[i].w), y1 = VIPS_MAX(y1, l[i].y + l[i].h);
        hs[i] = l[i].h;
    }
    /* median of up to three */
    int h = hs[0];
    if (n == 2)
        h = VIPS_MIN(hs[0], hs[1]);
    else if (n == 3)
        h = VIPS_MAX(VIPS_MIN(hs[0], hs[1]),
                     VIPS_MIN(VIPS_MAX(hs[0], hs[1]), hs[2]));
    *b = (struct band){{x0, y0, x1 - x0, y1 - y0}, h, n};
}

/* Groups stacked lines of similar width and height into candidate bands,
 * best first; `grey` is a part of a copy `W` x `H` px (see find_lines).
 * Returns the count. */
static int find_bands(PIX *grey, int W, int H, struct band *bands, int cap)
{
    struct line lines[256];
    int n = find_lines(grey, W, H, lines, 256), nb = 0;
    qsort(lines, (size_t)n, sizeof *lines, cmp_line_y);
    /* Join pieces of one line split where light fillers (<<<) broke it:
     * same height band and similar heights, small horizontal gap. */
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            struct line *a = &lines[i], *b = &lines[j];
            int h = VIPS_MAX(a->h, b->h);
            if (overlap(a->y, a->y + a->h, b->y, b->y + b->h) <
                VIPS_MIN(a->h, b->h) * 2 / 3)
                continue;
            /* Pieces of one line share its height: a tall blob (a shadow
             * at the page's edge beside the zone) would swallow both
             * lines and leave no band. */
            if (a->h > 2 * b->h || b->h > 2 * a->h)
                continue;
            int gap = b->x > a->x ? b->x - (a->x + a->w) : a->x - (b->x + b->w);
            if (gap > 4 * h)
                continue;
            int x0 = VIPS_MIN(a->x, b->x), y0 = VIPS_MIN(a->y, b->y);
            int x1 = VIPS_MAX(a->x + a->w, b->x + b->w);
            int y1 = VIPS_MAX(a->y + a->h, b->y + b->h);
            *a = (struct line){x0, y0, x1 - x0, y1 - y0};
            lines[j] = lines[--n];
            j = i;
        }
    int kept = 0;
    for (int i = 0; i < n; i++)
        if (lines[i].w >= W / 5 && lines[i].w >= 4 * lines[i].h)
            lines[kept++] = lines[i];
    n = kept;
    qsort(lines, (size_t)n, sizeof *lines, cmp_line_y);
    for (int i = 0; i < n && nb < cap; i++) {
        if (lines[i].w < 12 * lines[i].h)
            continue;
        struct line grp[3] = {lines[i]};
        int g = 1;
        for (int j = i + 1; j < n && g < 3; j++) {
            const struct line *p = &grp[g - 1], *q = &lines[j];
            int gap = q->y - (p->y + p->h);
            int ov = overlap(p->x, p->x + p->w, q->x, q->x + q->w);
            if (gap > 2 * p->h)
                break;
            if (q->w < 12 * q->h || gap < -p->h / 2 ||
                ov < VIPS_MIN(p->w, q->w) * 2 / 3 || q->h > 2 * p->h ||
                p->h > 2 * q->h || q->w * 10 < p->w * 7 || p->w * 10 < q->w * 7)
                continue;
            grp[g++] = *q;
        }
        if (g >= 2 && nb < cap)
            band_of(grp, g, &bands[nb++]);
        if (g == 3 && nb < cap)
            band_of(grp + 1, 2, &bands[nb++]);
    }
    /* A lone line may be the whole MRZ merged by the closing, or one line
     * whose partner was lost: the parser decides. */
    for (int i = 0; i < n && nb < cap; i++)
        band_of(&lines[i], 1, &bands[nb++]);
    qsort(bands, (size_t)nb, sizeof *bands, cmp_band_bottom);
    return nb;
}

/* How good a parse is: valid first, then the number of holding checks. */
static int score(const struct icp_mrz *m)
{
    int s = m->valid ? 100 : 0;
    for (int i = 0; i < ICP_MRZ_CHECK_COUNT; i++)
        s += m->check_present[i] && m->check_ok[i] ? 10 : 0;
    if (icp_date_is_set(m->expiry))
        s += 5;
    return s - m->repairs;
}

#define MAX_SOLID 8

/* What the readings of one photo have said so far. A reading whose data
 * lines had their width as read is solid: its characters sit where the
 * print has them. A valid solid reading ends the search; a valid reading
 * that is unsure ends it only when read again alike: one fitted to width
 * (a filler added where OCR lost a character) may have a filler standing
 * in for a lost check digit, and one whose check digit was read as a
 * letter may have had a misread digit turned into the one that holds (a
 * composite 4 read as G, taken for 6, passed a wrong print so), and stands
 * only when a reading has that digit as a digit. Two solid readings alike
 * that fail their checks are the print (a wrong check digit), and end it
 * too: more copies would only find a misfit that passes by chance, at
 * seconds a photo. A valid reading fitted to width, nothing guessed, also
 * stands when a solid failing reading vouches for it (icp_mrz_vouches():
 * the same check digits, one or two places apart, inside fields whose
 * checks fail there): the check digits, read alike in both, decide for
 * its characters (an E of a document number read as F in half the
 * readings, the one valid reading fitted). */
struct tally {
    struct icp_mrz best;
    int best_score;
    int best_box[4], best_turn;
    bool done;
    int box[4], turn;       /* where the reading being weighed was made */
    struct icp_mrz pending; /* an unsure valid reading, unconfirmed */
    bool has_pending;
    int pending_box[4], pending_turn;
    bool upright;           /* a zone read in this turn: no other turn */
    int n_read;             /* copies read */
    unsigned text_hash;     /* of the last copy's text */
    double lean;            /* a tilt the best band's own print suggests,
                               0 when none */
    struct icp_mrz solid[MAX_SOLID]; /* failing solid readings */
    int n_solid;
};

/* The data lines of m (every line but the names line), as one key. */
static void data_key(const struct icp_mrz *m, char key[3][ICP_MRZ_MAX_LINE + 1])
{
    int names = m->n_lines == 3 ? 2 : 0;
    memset(key, 0, 3 * (ICP_MRZ_MAX_LINE + 1));
    for (int i = 0; i < m->n_lines && i < 3; i++)
        if (i != names || m->n_lines == 1)
            memcpy(key[i], m->lines[i], ICP_MRZ_MAX_LINE + 1);
}

static void take(struct tally *t, const struct icp_mrz *m)
{
    t->best = *m;
    t->best_score = score(m);
    memcpy(t->best_box, t->box, sizeof t->box);
    t->best_turn = t->turn;
}

/* Ends the search with the pending reading, where it was read. */
static void take_pending(struct tally *t)
{
    t->best = t->pending;
    t->best_score = score(&t->pending);
    memcpy(t->best_box, t->pending_box, sizeof t->best_box);
    t->best_turn = t->pending_turn;
    t->done = true;
}

/* Whether `solid` (failing, read at full width) vouches for `fitted`
 * (valid, fitted to width, nothing guessed): see icp_mrz_vouches(). */
static bool vouched(const struct icp_mrz *solid, const struct icp_mrz *fitted)
{
    bool yes = fitted->fitted && !fitted->guessed_check &&
               icp_mrz_vouches(solid, fitted);
    if (yes && g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "mrz: a reading at full width, failing only where "
                        "the fitted one differs, vouches for it\n");
    return yes;
}

/* Weighs one parsed reading; sets t->done when the search may end. */
static void tally_add(struct tally *t, const struct icp_mrz *m)
{
    char key[3][ICP_MRZ_MAX_LINE + 1];
    data_key(m, key);
    bool unsure = m->fitted || m->guessed_check;
    if (m->valid && !unsure) {
        take(t, m);
        t->done = true;
        return;
    }
    if (m->valid) {
        t->upright = true;
        for (int i = 0; i < t->n_solid; i++)
            if (vouched(&t->solid[i], m)) {
                take(t, m);
                t->done = true;
                return;
            }
        char pk[3][ICP_MRZ_MAX_LINE + 1];
        /* The same letter read again is no second witness: OCR misreads
         * the same print alike. A guessed digit stands only when a
         * reading has it as a digit, and such a reading ends the search
         * above. */
        bool guessed = m->guessed_check || t->pending.guessed_check;
        if (t->has_pending) {
            data_key(&t->pending, pk);
            if (!guessed && memcmp(pk, key, sizeof key) == 0) {
                take(t, m);
                t->done = true;
            }
            return;
        }
        t->pending = *m;
        t->has_pending = true;
        memcpy(t->pending_box, t->box, sizeof t->box);
        t->pending_turn = t->turn;
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "mrz: valid only as %s; read on\n",
                    m->fitted ? "fitted to width"
                              : "a look-alike taken for a digit or letter");
        return;
    }
    if (score(m) > t->best_score)
        take(t, m);
    /* Solid also in what it says: its dates are real and at most two
     * checks fail (a wrong check digit fails its own and the composite's);
     * a zone read at the wrong width (a line cut short by a shadow, read
     * as another format) fails most of them. */
    int failed = 0;
    for (int k = 0; k < ICP_MRZ_CHECK_COUNT; k++)
        failed += m->check_present[k] && !m->check_ok[k];
    if (m->format == ICP_MRZ_NONE || failed > 2 ||
        !icp_date_is_set(m->birth) || !icp_date_is_set(m->expiry))
        return;
    t->upright = true;
    if (m->fitted)
        return;
    if (t->has_pending && vouched(m, &t->pending)) {
        take_pending(t);
        return;
    }
    for (int i = 0; i < t->n_solid; i++) {
        char sk[3][ICP_MRZ_MAX_LINE + 1];
        data_key(&t->solid[i], sk);
        if (memcmp(sk, key, sizeof key) == 0) {
            if (g_getenv("ICP_DEBUG_OCR"))
                fprintf(stderr, "mrz: the same failing checks read twice at "
                                "full width: the print's\n");
            take(t, m);
            t->done = true;
            return;
        }
    }
    if (t->n_solid < MAX_SOLID)
        t->solid[t->n_solid++] = *m;
}

enum reading { READ_NOTHING, READ_PARSED };

/* OCRs one prepared copy of the band and weighs its parse in the tally.
 * Says whether the text held an MRZ at all. */
static enum reading read_copy(struct icp_worker *w, VipsImage *band,
                              struct tally *t)
{
    struct icp_ocr *ocr = icp_worker_ocr_en(w);
    if (!ocr)
        return READ_NOTHING;
    char *text = icp_ocr_text(ocr, band, ICP_PSM_BLOCK, MRZ_WHITELIST);
    if (!text)
        return READ_NOTHING;
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "mrz %dx%d #%d: %s\n", band->Xsize, band->Ysize,
                t->n_read, text);
    if (g_getenv("ICP_DEBUG_VIEW")) {
        /* Each copy read: VIEW.mrz_read_N.png. */
        char *name = g_strdup_printf("%s.mrz_read_%d.png",
                                     g_getenv("ICP_DEBUG_VIEW"), t->n_read);
        if (vips_image_write_to_file(band, name, NULL))
            vips_error_clear();
        g_free(name);
    }
    t->n_read++;
    t->text_hash = g_str_hash(text);
    /* A run of fillers reads only from upright print: turned a half
     * circle, '<' is no character of the whitelist's, and turned a quarter,
     * the zone makes no line. The zone is here, read or not. */
    if (strstr(text, "<<<<<"))
        t->upright = true;
    const struct icp_options *o = &w->ctx->opts;
    struct icp_date today = {o->today_year, o->today_month, o->today_day};
    struct icp_mrz m;
    enum reading r = READ_NOTHING;
    if (icp_mrz_parse(text, today, &m) == 0) {
        tally_add(t, &m);
        r = READ_PARSED;
    }
    g_free(text);
    return r;
}

/* The band cut from `src` (grey), padded, deskewed and scaled so that the
 * text is about `text_h` px high; `bin` adds a Sauvola binarisation. */
static VipsImage *cut_band(VipsImage *src, const int *box, int line_h,
                           double text_h, bool bin, double *skew_out)
{
    VipsImage *t[3] = {NULL}, *res = NULL;
    PIX *pix = NULL, *mask = NULL, *grey8 = NULL;
    int padx = line_h * 2, pady = line_h * 2 / 3 + 2;
    int x0 = VIPS_MAX(0, box[0] - padx), y0 = VIPS_MAX(0, box[1] - pady);
    int x1 = VIPS_MIN(src->Xsize, box[0] + box[2] + padx);
    int y1 = VIPS_MIN(src->Ysize, box[1] + box[3] + pady);
    if (x1 - x0 < 16 || y1 - y0 < 8)
        goto out;
    if (vips_extract_area(src, &t[0], x0, y0, x1 - x0, y1 - y0, NULL))
        goto out;
    double sc = text_h / VIPS_MAX(line_h, 4);
    sc = VIPS_CLIP(0.2, sc, 5.0);
    if (!(t[1] = icp_ocr_prepare(t[0], sc)))
        goto out;
    /* Level the lines: Tesseract reads a band turned a degree or two
     * markedly worse. */
    double tilt = 0, conf = 0;
    if (icp_text_skew(t[1], &tilt, &conf) != 0)
        conf = 0;
    /* A weaker or larger measure still tells the caller which way to look
     * again: under perspective a zone slopes up to some 10 degrees from
     * the page's top edge, by which the page was levelled. */
    if (skew_out)
        *skew_out = conf > 1.0 && fabs(tilt) <= 12 ? tilt : 0;
    if (conf <= 2.0 || fabs(tilt) > 6)
        tilt = 0;
    if (!(t[2] = turn(t[1], -tilt)))
        goto out;
    /* The lines were measured on the small copy still turned by `tilt`:
     * each line's box is taller than its text by the rise across it, and
     * text scaled by that height comes out too small for Tesseract (a
     * 1.5 degree slope over a passport's zone doubles it). */
    double rise = box[2] * tan(fabs(tilt) * G_PI / 180);
    double true_h = VIPS_MAX(line_h / 3.0, line_h - rise);
    if (true_h < 0.85 * line_h) {
        double k = VIPS_MIN(line_h / true_h, 5.0 / sc);
        VipsImage *big = NULL;
        if (k > 1.05 && vips_resize(t[2], &big, k, NULL) == 0) {
            VIPS_UNREF(t[2]);
            t[2] = vips_image_copy_memory(big);
            VIPS_UNREF(big);
            if (!t[2])
                goto out;
        }
    }
    if (!bin) {
        VipsImage *flat = flatten(t[2], text_h);
        if (flat) {
            /* Dark regions touching the crop's border (the desk beside a small
             * page, the page's edge, a deep shadow) are no MRZ character (the
             * crop has a margin around the lines), and Tesseract's layout
             * takes a dark block beside the lines for a column. */
            res = icp_vips_clear_border(flat, 0);
            VIPS_UNREF(flat);
        }
        goto out;
    }
    if (!(pix = icp_pix_from_vips(t[2])) ||
        !(mask = text_mask(pix, (int)(text_h * 2))))
        goto out;
    /* 1 bpp foreground (text) becomes black on white. */
    grey8 = pixConvert1To8(NULL, mask, 255, 0);
    res = icp_vips_from_pix(grey8);
out:
    if (res) {
        /* A zone photographed at an angle leans its characters too; the
         * lean is measured on the cleaned copy, whose darkest pixels are
         * the print alone. */
        VipsImage *upright = icp_slant_straighten(res, NULL);
        VIPS_UNREF(res);
        res = upright;
    }
    pixDestroy(&grey8);
    pixDestroy(&mask);
    pixDestroy(&pix);
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
        VIPS_UNREF(t[i]);
    if (!res)
        vips_error_clear();
    return res;
}

/* The levelled view a band is read from: `desk` (the read copy turned
 * by `tilt`), `f` its scale against the small copy the bands were found
 * on, `g` the image's against it (for the marker's box); `first` when the
 * band is the likeliest of its tilt. */
struct band_view {
    VipsImage *desk;
    double f, g, tilt;
    bool first;
};

/* How reading one band's copies ended. */
enum band_end {
    BAND_READ,    /* a copy settled the zone, or the copies ran out */
    BAND_NO_ZONE, /* copies read as no zone, and more would read alike */
};

/* Reads copies of band `b` from `v` at each text height, grey then
 * binarised, its lines `line_h` px high in the view, until the tally is
 * done. Text that is no MRZ at all is not worth more copies; an MRZ whose
 * checks fail may read right on another. So is a band read twice in a row
 * alike as no zone: other copies read it alike too (the line of a card's
 * zone read without the others, six times over, used up the copies before
 * its zone was reached). *parsed is set when a copy parsed as a zone. */
static enum band_end read_band_copies(struct icp_worker *w,
                                      const struct band_view *v,
                                      const struct band *b, const int *box,
                                      int line_h, struct tally *tl,
                                      bool *parsed)
{
    static const double heights[] = {30, 24, 38};
    for (size_t h = 0; h < 2 * G_N_ELEMENTS(heights) && !tl->done &&
                       tl->n_read < MAX_READS; h++) {
        double skew = 0;
        VipsImage *cut = cut_band(v->desk, box, line_h, heights[h / 2],
                                  h % 2 == 1, &skew);
        /* A block of merged lines whose own print leans from the page's
         * tilt (a zone under perspective): the bands are worth looking
         * for again at the zone's tilt. */
        if (v->first && h == 0 && b->n_lines == 1 &&
            b->box[2] < 12 * b->box[3] && fabs(skew) >= 1.0)
            tl->lean = v->tilt + skew;
        if (!cut)
            continue;
        /* The box in the (levelled) view; close enough for a marker when
         * the page was turned a few degrees. */
        for (int k = 0; k < 4; k++)
            tl->box[k] = (int)(box[k] * v->g + 0.5);
        unsigned before = tl->text_hash;
        enum reading r = read_copy(w, cut, tl);
        VIPS_UNREF(cut);
        *parsed |= r == READ_PARSED;
        if (r == READ_NOTHING && h >= 1 &&
            (b->n_lines == 1 || tl->text_hash == before))
            return BAND_NO_ZONE;
    }
    return BAND_READ;
}

/* Reads band `b` (found on the small copy) from the view `v`. A lone band
 * 4-12 times as long as high may be the zone's lines merged into one block
 * (noise or blur bridging their gap): its height is then two lines and
 * their gap, and text scaled by it comes out half the size Tesseract
 * reads. Such a band, whose copies read as no zone at all, is read once
 * more with a line's height taken as MERGED_LINE of it. Returns true when
 * the tally is done. */
static bool read_band(struct icp_worker *w, const struct band_view *v,
                      const struct band *b, struct tally *tl)
{
    int box[4];
    for (int k = 0; k < 4; k++)
        box[k] = (int)(b->box[k] * v->f + 0.5);
    int line_h = (int)(b->line_h * v->f + 0.5);
    bool merged = b->n_lines == 1 && b->box[2] < 12 * b->box[3];
    bool parsed = false;
    enum band_end end =
        read_band_copies(w, v, b, box, line_h, tl, &parsed);
    if (end == BAND_NO_ZONE && merged && !parsed)
        read_band_copies(w, v, b, box, (int)(line_h * MERGED_LINE + 0.5),
                         tl, &parsed);
    return tl->done;
}

/* Tries the candidate bands found on `sgrey` (the small grey copy) levelled
 * by `tilt`. Returns true when a valid MRZ was read; *best keeps the best
 * reading either way. */
static bool try_tilt(struct icp_worker *w, struct icp_image *img,
                     struct icp_result *res, VipsImage *sgrey, double tilt,
                     struct tally *tl)
{
    bool found = false;
    VipsImage *big = NULL, *bgrey = NULL, *sdesk = NULL, *bdesk = NULL;
    PIX *pix = NULL;
    struct icp_stage_timer lap;
    icp_stage_timer_start(&lap);
    if (!(sdesk = turn(sgrey, -tilt)) ||
        !(pix = icp_pix_from_vips(sdesk)))
        goto out;
    struct band bands[MAX_CANDIDATES * 3];
    int nb = find_bands(pix, pixGetWidth(pix), pixGetHeight(pix), bands,
                        (int)G_N_ELEMENTS(bands));
    if (g_getenv("ICP_DEBUG_OCR")) {
        fprintf(stderr, "mrz tilt %.1f: %d bands", tilt, nb);
        for (int i = 0; i < nb && i < MAX_CANDIDATES; i++)
            fprintf(stderr, " %d,%d %dx%d h%d n%d", bands[i].box[0],
                    bands[i].box[1], bands[i].box[2], bands[i].box[3],
                    bands[i].line_h, bands[i].n_lines);
        fprintf(stderr, "\n");
    }
    if (g_getenv("ICP_DEBUG_VIEW")) {
        /* The levelled small copy the bands were looked for on. */
        char *name = g_strdup_printf("%s.mrz_r%d_%+.0f.png",
                                     g_getenv("ICP_DEBUG_VIEW"),
                                     img->rotation, tilt);
        if (vips_image_write_to_file(sdesk, name, NULL))
            vips_error_clear();
        g_free(name);
    }
    icp_stage_lap(&lap, res->path, "mrz bands");
    if (nb == 0)
        goto out;
    int side = VIPS_MAX(img->width, img->height);
    /* A zone whose lines would be under SMALL_LINE px high in the usual
     * copy (a passport small in a big frame) is read from twice as many
     * pixels: upscaling the usual copy invents no detail. */
    int read_side = VIPS_MIN(side, READ_SIDE);
    double f0 = (double)read_side / VIPS_MAX(sdesk->Xsize, sdesk->Ysize);
    if (bands[0].line_h * f0 < SMALL_LINE)
        read_side = VIPS_MIN(side, 2 * READ_SIDE);
    big = icp_image_at(img, read_side, res);
    if (!big || !(bgrey = icp_ocr_prepare(big, 1.0)) ||
        !(bdesk = turn(bgrey, -tilt)))
        goto out;
    icp_stage_lap(&lap, res->path, "mrz read view");
    double f = (double)bdesk->Xsize / sdesk->Xsize;
    double g = (double)VIPS_MAX(img->width, img->height) /
               VIPS_MAX(bgrey->Xsize, bgrey->Ysize);
    for (int i = 0; i < nb && i < MAX_CANDIDATES && !found &&
                    tl->n_read < MAX_READS; i++) {
        struct band_view v = {bdesk, f, g, tilt, i == 0};
        found = read_band(w, &v, &bands[i], tl);
    }
    icp_stage_lap(&lap, res->path, "mrz copies read");
out:
    pixDestroy(&pix);
    VIPS_UNREF(bdesk);
    VIPS_UNREF(bgrey);
    VIPS_UNREF(sdesk);
    return found;
}

/* Adds `a` to the `n` tilts unless one within 1.5 degrees is there. */
static int add_tilt(double *tilts, int n, double a)
{
    if (fabs(a) < 1.0)
        a = 0;
    for (int i = 0; i < n; i++)
        if (fabs(tilts[i] - a) < 1.5)
            return n;
    tilts[n] = a;
    return n + 1;
}

/* Tries the current orientation: levelled by the best guess at the page's
 * tilt, then, only when no valid MRZ was read, by the other estimates (the
 * line finder merges characters horizontally and misses a band a few
 * degrees off). Returns true when a valid MRZ was read. */
static bool try_orientation(struct icp_worker *w, struct icp_image *img,
                            struct icp_result *res, struct tally *tl)
{
    bool found = false;
    struct icp_stage_timer lap;
    icp_stage_timer_start(&lap);
    VipsImage *small = icp_image_at(img, FIND_SIDE, res);
    VipsImage *sgrey = small ? icp_ocr_prepare(small, 1.0) : NULL;
    if (!sgrey)
        return false;
    /* Phone photos are turned by up to 20 degrees: level the page first. */
    double tilt = 0, conf = 0;
    if (icp_text_skew(sgrey, &tilt, &conf) != 0)
        conf = 0;
    bool doc = icp_document_find(img, res) == 0;
    /* Leptonica is sure above 2; below, the document's own tilt (its text
     * inside the page, or its outline) is the better guess, and a weak
     * reading of the lines still beats none. */
    double tilts[5];
    int n = 0;
    if (conf > 2.0 || !(doc && img->doc.found))
        n = add_tilt(tilts, n, conf > 1.0 ? tilt : 0);
    if (doc) {
        n = add_tilt(tilts, n, img->doc.angle);
        if (img->doc.has_alt)
            n = add_tilt(tilts, n, img->doc.alt_angle);
    }
    if (conf > 0.3)
        n = add_tilt(tilts, n, tilt);
    icp_stage_lap(&lap, res->path, "mrz page tilt");
    tl->lean = 0;
    for (int i = 0; i < n && !found && tl->n_read < MAX_READS; i++) {
        found = try_tilt(w, img, res, sgrey, tilts[i], tl);
        /* The zone's own lean, once, after the page's tilts. */
        if (i == n - 1 && !found && tl->lean != 0 && n < 5) {
            int before = n;
            n = add_tilt(tilts, n, tl->lean);
            if (n > before && g_getenv("ICP_DEBUG_OCR"))
                fprintf(stderr, "mrz: the zone leans to %.1f\n", tl->lean);
        }
    }
    VIPS_UNREF(sgrey);
    return found;
}

int icp_mrz_read(struct icp_worker *w, struct icp_image *img,
                 struct icp_result *res, struct icp_mrz *out, int *box_out)
{
    memset(out, 0, sizeof *out);
    int orig = img->rotation;
    struct tally *tl = xcalloc(1, sizeof *tl);
    tl->best_score = -1000;
    /* Classification's first look, when it read a zone as the photo
     * stands: weighed as one more reading (a valid one read at its width
     * ends the search before any other). */
    if (img->mrz_look.known && img->mrz_look.rotation == orig &&
        img->mrz_look.zone[0]) {
        const struct icp_options *o = &w->ctx->opts;
        struct icp_date today = {o->today_year, o->today_month,
                                 o->today_day};
        struct icp_mrz m;
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "mrz first look kept: %s", img->mrz_look.zone);
        if (icp_mrz_parse(img->mrz_look.zone, today, &m) == 0) {
            memcpy(tl->box, img->mrz_look.box, sizeof tl->box);
            tally_add(tl, &m);
        }
    }
    static const int turns[] = {0, 180, 90, 270};
    for (size_t t = 0; t < G_N_ELEMENTS(turns) && !tl->done &&
                       tl->n_read < MAX_READS; t++) {
        icp_image_set_rotation(img, orig + turns[t]);
        tl->turn = turns[t];
        /* A turn that cannot be decoded says nothing about the file: the
         * upright attempt reports decode failures. */
        struct icp_result *scratch =
            t == 0 ? res : icp_result_new("", res->lang);
        try_orientation(w, img, scratch, tl);
        if (scratch != res)
            icp_result_free(scratch);
        /* A zone read here with real dates and at most two failing checks
         * (or valid) is the right way up: the other turns read nothing. */
        if (tl->upright)
            break;
    }
    /* An unsure valid reading never read again does not stand: the filler
     * fitted in may stand for the digit the print has wrong, a speck
     * beside the zone may have become its last check digit, or a letter
     * read for a check digit may have been taken for the one digit that
     * holds, each passing by chance (bad composite digits passed so). It
     * is never valid on its own; but where no other reading gave an
     * expiry, its fields stand as read, and the zone is reported as
     * failing its checks with the dates it gives, not as unreadable. */
    if (!tl->done && tl->has_pending && !icp_date_is_set(tl->best.expiry)) {
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "mrz: the unsure reading was never confirmed: "
                            "invalid, its dates kept\n");
        tl->best = tl->pending;
        tl->best.valid = false;
        tl->best_score = score(&tl->best);
        memcpy(tl->best_box, tl->pending_box, sizeof tl->best_box);
        tl->best_turn = tl->pending_turn;
    }
    icp_image_set_rotation(img, orig + tl->best_turn);
    int rc = -1;
    if (tl->best_score != -1000) {
        *out = tl->best;
        if (box_out)
            memcpy(box_out, tl->best_box, sizeof tl->best_box);
        rc = 0;
    }
    free(tl);
    return rc;
}

/* A band's box on `desk` (`part` of the small copy, whose long side is
 * `small_side`, at `crop` in it, turned by `angle`) in the image as checks
 * see it: its centre turned back and scaled, its size kept (a marker's
 * box). */
static void look_box(const struct icp_image *img, int small_side,
                     const VipsImage *desk, const VipsImage *part,
                     const int *crop, double angle, const int *box, int *out)
{
    double a = angle * G_PI / 180, c = cos(a), s = sin(a);
    double x = box[0] + box[2] / 2.0 - desk->Xsize / 2.0;
    double y = box[1] + box[3] / 2.0 - desk->Ysize / 2.0;
    double ux = x * c + y * s + part->Xsize / 2.0 + crop[0];
    double uy = -x * s + y * c + part->Ysize / 2.0 + crop[1];
    double k = (double)VIPS_MAX(img->width, img->height) /
               VIPS_MAX(small_side, 1);
    out[0] = (int)((ux - box[2] / 2.0) * k + 0.5);
    out[1] = (int)((uy - box[3] / 2.0) * k + 0.5);
    out[2] = (int)(box[2] * k + 0.5);
    out[3] = (int)(box[3] * k + 0.5);
}

/* The lines of an OCR text that may be zone lines (at least 20 characters
 * once spaces are dropped), spaces dropped: a speck read beside the zone
 * as a line of its own would make the parser count three lines. Caller
 * g_free()s. */
static char *zone_lines(const char *text)
{
    GString *out = g_string_new(NULL);
    char **lines = g_strsplit(text, "\n", -1);
    for (size_t i = 0; lines[i]; i++) {
        GString *l = g_string_new(NULL);
        for (const char *p = lines[i]; *p; p++)
            if (!g_ascii_isspace(*p))
                g_string_append_c(l, *p);
        if (l->len >= 20)
            g_string_append_printf(out, "%s\n", l->str);
        g_string_free(l, TRUE);
    }
    g_strfreev(lines);
    return g_string_free(out, FALSE);
}

/* Whether zone lines (as zone_lines gives them) look like a passport's or
 * a visa's zone even where fillers misread as letters keep the parser from
 * them: a line opening with the document code (P or V), a second letter
 * or filler and the issuer's three letters, that holds a filler run, and
 * a line under it of about its length with at least eight digits. */
static bool zone_shape(const char *zone)
{
    char **l = g_strsplit(zone, "\n", -1);
    bool ok = false;
    for (size_t i = 0; l[i] && l[i + 1] && !ok; i++) {
        const char *a = l[i], *b = l[i + 1];
        size_t la = strlen(a), lb = strlen(b);
        if (la < 28 || la > 48 || lb + 4 < la || lb > la + 4 ||
            (a[0] != 'P' && a[0] != 'V') || !strstr(a, "<<"))
            continue;
        bool head = true;
        for (int k = 1; k < 5; k++)
            head = head && (g_ascii_isupper(a[k]) || a[k] == '<');
        int digits = 0;
        for (const char *p = b; *p; p++)
            digits += g_ascii_isdigit(*p);
        ok = head && digits >= 8;
    }
    g_strfreev(l);
    return ok;
}

/* A zone's line holds 30 to 44 characters narrower than they are high and
 * runs across most of its page. */
#define ZONE_MIN_DOC_WIDTH 0.62 /* of the document's width */
#define ZONE_MIN_HEIGHTS 21     /* line heights */

/* Whether `b` is rather a card's printed lines than a zone: on the back of
 * an ID card, the issuer's and the period's lines stack like a zone's two
 * lines and span half the card, but they are 15 to 20 line heights long
 * (Chinese characters are as wide as high) and stop short of
 * ZONE_MIN_DOC_WIDTH of a card found on the desk (0.50 to 0.56 on 50 phone
 * photos of ID backs, seed 9977, where every passport's zone found with
 * its page took 0.69 or more of it, seed 7412). Reading them cost
 * classification an English engine and a reading of the band, which
 * found no zone. A band of stacked lines as long as a zone's is kept
 * whatever its share (a page's bounds widened by its shadow or the
 * desk), and a page not told from the desk (bounds the whole frame) says
 * nothing of shares. */
static bool card_lines(const struct icp_image *img, const struct band *b,
                       double doc_w)
{
    if (!img->doc.found || img->doc.bounds[2] > 0.95 ||
        b->box[2] >= ZONE_MIN_DOC_WIDTH * doc_w)
        return false;
    return b->n_lines < 2 || b->box[2] < ZONE_MIN_HEIGHTS * b->line_h;
}

/* The classifier's first look for a passport: the lower part of the
 * document, where a zone is printed, levelled by the document's tilt, the
 * zone's bands found as icp_mrz_read finds them, and the likeliest
 * two-or-three-line band read once from that small copy. The whole-page
 * reading that keywords need costs far more. What it read is kept in
 * img->mrz_look, where the passport check starts. */
bool icp_mrz_band_seen(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res)
{
    bool seen = false;
    memset(&img->mrz_look, 0, sizeof img->mrz_look);
    img->mrz_look.known = true;
    img->mrz_look.rotation = img->rotation;
    /* The document first: its copies are scaled from the cached ones, and
     * made in the order the classifier's own reading makes them, they come
     * out the same. */
    bool doc = icp_document_find(img, res) == 0;
    VipsImage *small = icp_image_at(img, FIND_SIDE, res);
    VipsImage *sgrey = small ? icp_ocr_prepare(small, 1.0) : NULL;
    VipsImage *part = NULL, *sdesk = NULL;
    PIX *pix = NULL;
    if (!sgrey)
        goto out;
    double tilt = doc ? img->doc.angle : 0;
    if (fabs(tilt) < 1.0)
        tilt = 0;
    /* Only below the top 0.4 of the document's bounds: a zone runs along
     * the page's foot, which stays below that at a tilt of up to 20
     * degrees, and so it does when the bounds hold only part of the page
     * (a shadow over the rest). Sideways the bounds are no guide: a
     * shadow cuts them short. The rest of the frame costs morphology and
     * may hold stacked lines of other print. */
    int W = sgrey->Xsize, H = sgrey->Ysize;
    int crop[4] = {0, 0, W, H};
    if (doc && img->doc.bounds[3] > 0) {
        const double *b = img->doc.bounds;
        int y0 = VIPS_MAX(0, (int)((b[1] + 0.4 * b[3]) * H) - H / 50);
        if (H - y0 > H / 10)
            crop[1] = y0, crop[3] = H - y0;
    }
    if (vips_extract_area(sgrey, &part, crop[0], crop[1], crop[2], crop[3],
                          NULL) ||
        !(sdesk = turn(part, -tilt)) || !(pix = icp_pix_from_vips(sdesk)))
        goto out;
    struct band bands[MAX_CANDIDATES * 3];
    int nb = find_bands(pix, W, H, bands, (int)G_N_ELEMENTS(bands));
    if (g_getenv("ICP_DEBUG_OCR")) {
        fprintf(stderr, "mrz first look: %d bands", nb);
        for (int i = 0; i < nb && i < 2; i++)
            fprintf(stderr, " %d,%d %dx%d h%d n%d", bands[i].box[0],
                    bands[i].box[1], bands[i].box[2], bands[i].box[3],
                    bands[i].line_h, bands[i].n_lines);
        fprintf(stderr, "\n");
    }
    const struct icp_options *o = &w->ctx->opts;
    struct icp_date today = {o->today_year, o->today_month, o->today_day};
    /* Stacked lines come first; a lone line is left to the full search
     * unless it is as tall as a block of two or three (a zone's lines
     * merged where the page's own tilt differs from the zone's, under
     * perspective), and so is a band narrower than half the document: a
     * zone runs across its page. */
    double doc_w = img->doc.bounds[2] * W;
    for (int i = 0; i < nb && i < 2 && !seen; i++) {
        const int *bb = bands[i].box;
        if (bb[2] < 0.5 * doc_w ||
            (bands[i].n_lines < 2 && (bb[2] > 16 * bb[3] || bb[2] < 6 * bb[3])) ||
            card_lines(img, &bands[i], doc_w))
            continue;
        /* The English engine only for a band worth reading: most photos
         * that are no passport have none. */
        struct icp_ocr *ocr = icp_worker_ocr_en(w);
        if (!ocr)
            break;
        VipsImage *cut = cut_band(sdesk, bands[i].box, bands[i].line_h, 30,
                                  false, NULL);
        char *text = cut ? icp_ocr_text(ocr, cut, ICP_PSM_BLOCK,
                                        MRZ_WHITELIST)
                         : NULL;
        VIPS_UNREF(cut);
        char *zone = text ? zone_lines(text) : NULL;
        struct icp_mrz mz;
        /* An MRZ as the parser knows it, with two check digits holding
         * or real dates, which no other print comes near (the checks are
         * the passport check's to read right), but not a Chinese permit's
         * (document code C): its page names its type; or a passport's
         * zone by its shape alone. */
        int rc = zone ? icp_mrz_parse(zone, today, &mz) : -1, held = 0;
        if (rc == 0) {
            for (int k = 0; k < ICP_MRZ_CHECK_COUNT; k++)
                held += mz.check_present[k] && mz.check_ok[k];
            seen = mz.format != ICP_MRZ_NONE && mz.doc_type[0] != 'C' &&
                   (held >= 2 || (icp_date_is_set(mz.birth) &&
                                  icp_date_is_set(mz.expiry)));
        }
        seen = seen || (zone && zone_shape(zone));
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "mrz first look %d (%dx%d h%d n%d of %.0f): %s-> %d\n",
                    i, bb[2], bb[3], bands[i].line_h, bands[i].n_lines, doc_w,
                    zone ? zone : "", seen);
        if (zone && (seen || !img->mrz_look.zone[0]) &&
            strlen(zone) < sizeof img->mrz_look.zone) {
            memcpy(img->mrz_look.zone, zone, strlen(zone) + 1);
            look_box(img, VIPS_MAX(W, H), sdesk, part, crop, -tilt, bands[i].box,
                     img->mrz_look.box);
        }
        g_free(zone);
        g_free(text);
    }
out:
    pixDestroy(&pix);
    VIPS_UNREF(sdesk);
    VIPS_UNREF(part);
    VIPS_UNREF(sgrey);
    vips_error_clear();
    return seen;
}
