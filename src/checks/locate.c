/* Document text as lines on a levelled view, labels, and values re-read
 * from a finer view. */
#include "checks/locate.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/document.h"
#include "core/text.h"
#include "core/util.h"
#include "ocr/pixconv.h"

/* Values are re-read from the document at up to this long side: from the
 * full decode on a phone photo, where a card is some 1500 px long but only
 * 600 px in a 1600 px copy (measured: ID back 3/12 unreadable at 1600). */
#define FINE_SIDE 2400
/* A view whose text still slopes by less than this (degrees) is read as
 * it is: the re-reads' levelled variants take such a slope. */
#define MIN_SLOPE 1.5

static int count_digits(const char *s);

void icp_locate_validity_ctx(struct icp_worker *w, enum icp_span_rule span,
                             struct icp_validity_ctx *out)
{
    const struct icp_options *o = &w->ctx->opts;
    memset(out, 0, sizeof *out);
    out->today = (struct icp_date){o->today_year, o->today_month,
                                   o->today_day};
    out->months = o->min_validity_months;
    out->span = span;
    /* Licences of 1949 and licences that run to 2099 both exist. */
    out->min_year = 1949;
    out->max_year = o->today_year + 80;
}

static int cmp_word_x(const void *a, const void *b)
{
    const struct icp_ocr_word *p = a, *q = b;
    return p->box[0] - q->box[0];
}

/* Groups words into lines: a word joins the line its vertical centre falls
 * in. Words arrive in Tesseract's reading order, mostly line by line. */
static void make_lines(struct icp_page *p, struct icp_ocr_word *words,
                       size_t n)
{
    size_t *line_of = xcalloc(n ? n : 1, sizeof *line_of);
    struct icp_line *lines = xcalloc(n ? n : 1, sizeof *lines);
    size_t nl = 0;
    for (size_t i = 0; i < n; i++) {
        const int *b = words[i].box;
        int cy = b[1] + b[3] / 2;
        size_t j = 0;
        for (; j < nl; j++) {
            int *lb = lines[j].box;
            if (cy >= lb[1] && cy <= lb[1] + lb[3] &&
                b[3] < 2 * lb[3] + 4 && lb[3] < 2 * b[3] + 4)
                break;
        }
        if (j == nl) {
            memcpy(lines[nl].box, b, sizeof lines[nl].box);
            nl++;
        } else {
            int *lb = lines[j].box;
            int x0 = VIPS_MIN(lb[0], b[0]), y0 = VIPS_MIN(lb[1], b[1]);
            int x1 = VIPS_MAX(lb[0] + lb[2], b[0] + b[2]);
            int y1 = VIPS_MAX(lb[1] + lb[3], b[1] + b[3]);
            lb[0] = x0, lb[1] = y0, lb[2] = x1 - x0, lb[3] = y1 - y0;
        }
        line_of[i] = j;
    }
    struct icp_ocr_word *tmp = xcalloc(n ? n : 1, sizeof *tmp);
    for (size_t j = 0; j < nl; j++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (line_of[i] == j)
                tmp[k++] = words[i];
        qsort(tmp, k, sizeof *tmp, cmp_word_x);
        GString *s = g_string_new(NULL);
        for (size_t i = 0; i < k; i++) {
            if (i)
                g_string_append_c(s, ' ');
            g_string_append(s, tmp[i].text);
        }
        lines[j].text = icp_text_normalize(s->str);
        g_string_free(s, TRUE);
        lines[j].words = xcalloc(k ? k : 1, sizeof *lines[j].words);
        lines[j].n_words = k;
        /* Tesseract writes UTF-8, but the page's UTF-8 walks (label
         * shares, value cuts) must stay inside a word whatever its bytes:
         * copies are made valid (fuzz_license found a read past a word
         * ending in a lead byte). */
        for (size_t i = 0; i < k; i++) {
            lines[j].words[i] = tmp[i];
            lines[j].words[i].text = g_utf8_make_valid(tmp[i].text, -1);
        }
    }
    free(tmp);
    free(line_of);
    p->lines = lines;
    p->n_lines = nl;
}

void icp_page_from_words(struct icp_page *out, const struct icp_ocr_word *words,
                         size_t n, int w, int h)
{
    memset(out, 0, sizeof *out);
    out->side = VIPS_MAX(w, h);
    out->w = w;
    out->h = h;
    /* make_lines sorts its words and copies their texts. */
    struct icp_ocr_word *copy = xcalloc(n ? n : 1, sizeof *copy);
    if (n)
        memcpy(copy, words, n * sizeof *copy);
    make_lines(out, copy, n);
    free(copy);
}

VipsImage *icp_document_ocr_view(struct icp_worker *w, struct icp_image *img,
                                 struct icp_result *res)
{
    int side = (int)icp_model_num(w->ctx, "classify", "classify", "ocr_side");
    return icp_document_ocr_view_at(img, side, res);
}

int icp_document_read_turn(struct icp_worker *w, VipsImage *view, int turn,
                           struct icp_ocr_word **words_out, size_t *n_out)
{
    *words_out = NULL;
    *n_out = 0;
    struct icp_ocr *ocr = icp_worker_ocr_zh(w);
    VipsImage *turned = NULL;
    int rc = -1;
    if (!ocr)
        return -1;
    if (turn == 0) {
        g_object_ref(view);
        turned = view;
    } else if (vips_rot(view, &turned,
                        turn == 90    ? VIPS_ANGLE_D90
                        : turn == 180 ? VIPS_ANGLE_D180
                                      : VIPS_ANGLE_D270,
                        NULL)) {
        vips_error_clear();
        return -1;
    }
    rc = icp_ocr_words(ocr, turned, ICP_PSM_SPARSE, NULL, words_out, n_out);
    VIPS_UNREF(turned);
    return rc;
}

int icp_document_reading(struct icp_worker *w, struct icp_image *img,
                         struct icp_result *res)
{
    if (img->reading.known)
        return 0;
    int side = (int)icp_model_num(w->ctx, "classify", "classify", "ocr_side");
    VipsImage *view = icp_document_ocr_view(w, img, res);
    struct icp_ocr_word *words = NULL;
    size_t n = 0;
    if (!view)
        return -1;
    int rc = icp_document_read_turn(w, view, 0, &words, &n);
    const char *dump = g_getenv("ICP_DEBUG_VIEW");
    if (dump && vips_image_write_to_file(view, dump, NULL))
        vips_error_clear();
    if (rc == 0)
        icp_image_set_reading(img, side, view->Xsize, view->Ysize, words, n);
    VIPS_UNREF(view);
    return rc;
}

int icp_page_read(struct icp_worker *w, struct icp_image *img,
                  struct icp_result *res, struct icp_page *out)
{
    memset(out, 0, sizeof *out);
    if (icp_document_reading(w, img, res))
        return -1;
    const struct icp_image_reading *r = &img->reading;
    /* A page read without a word (a dark or blank photo) has no words
     * array at all, which the copy in icp_page_from_words allows for. */
    icp_page_from_words(out, r->words, r->n_words, r->w, r->h);
    out->side = r->side;
    if (g_getenv("ICP_DEBUG_OCR"))
        for (size_t i = 0; i < out->n_lines; i++)
            fprintf(stderr, "page %d,%d %dx%d: %s\n", out->lines[i].box[0],
                    out->lines[i].box[1], out->lines[i].box[2],
                    out->lines[i].box[3], out->lines[i].text);
    return 0;
}

int icp_page_read_at(struct icp_worker *w, struct icp_image *img,
                     struct icp_result *res, int side, struct icp_page *out)
{
    memset(out, 0, sizeof *out);
    out->side = side;
    struct icp_ocr *ocr = icp_worker_ocr_zh(w);
    if (!ocr)
        return -1;
    VipsImage *view = icp_document_view(img, side, res);
    if (!view)
        return -1;
    int rc = -1;
    struct icp_ocr_word *words = NULL;
    size_t n = 0;
    out->w = view->Xsize;
    out->h = view->Ysize;
    if (icp_ocr_words(ocr, view, ICP_PSM_SPARSE, NULL, &words, &n))
        goto out;
    make_lines(out, words, n);
    rc = 0;
out:
    icp_ocr_words_free(words, n);
    VIPS_UNREF(view);
    return rc;
}

/* As icp_page_read_at(), but the levelled, thresholded view read (as
 * classification reads the page): a frame widened past a card takes in
 * the desk and, past the photo's edge, the white filled in there, which
 * put Tesseract's own global threshold above the whole card: the colour
 * view of a permit whose shaded right third the region had lost read not
 * one word (the bench's hkmo no. 17). */
static int read_thresholded(struct icp_worker *w, struct icp_image *img,
                            struct icp_result *res, int side,
                            struct icp_page *out)
{
    memset(out, 0, sizeof *out);
    out->side = side;
    VipsImage *bin = icp_document_ocr_view_at(img, side, res);
    struct icp_ocr_word *words = NULL;
    size_t n = 0;
    int rc = -1;
    if (bin && icp_document_read_turn(w, bin, 0, &words, &n) == 0) {
        icp_page_from_words(out, words, n, bin->Xsize, bin->Ysize);
        out->side = side;
        rc = 0;
    }
    icp_ocr_words_free(words, n);
    VIPS_UNREF(bin);
    return rc;
}

int icp_page_reframe_card(struct icp_worker *w, struct icp_image *img,
                          struct icp_result *res, struct icp_page *p)
{
    /* ISO/IEC 7810 ID-1: 85.6 x 54 mm, the ID card's and the permits'. */
    const double aspect = 85.6 / 54.0;
    double old[4], old_angle = img->doc.angle, old_alt = img->doc.alt_angle;
    memcpy(old, img->doc.box, sizeof old);
    if (p->w <= 0 || p->h <= 0)
        return -1;
    int side = p->side;
    bool alt = false, widened = false;
    if (icp_document_widen_card(img, aspect) == 0) {
        widened = true;
        double grow = VIPS_MAX(img->doc.box[2] / VIPS_MAX(old[2], 1e-6),
                               img->doc.box[3] / VIPS_MAX(old[3], 1e-6));
        side = VIPS_MIN(1600, (int)(p->side * grow + 0.5));
    } else if (!p->alt_tilt && icp_document_use_alternative(img, res) == 0) {
        alt = true;
    } else if (!p->alt_tilt) {
        /* One estimate only, and the view still slopes: by its own text
         * lines' tilt, measured on the view. */
        VipsImage *view = icp_document_view(img, p->side, res), *bin = NULL;
        double s = 0, conf = 0;
        if (view && (bin = icp_ocr_binarise(view)))
            icp_text_skew(bin, &s, &conf);
        VIPS_UNREF(bin);
        VIPS_UNREF(view);
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "reframe: the view slopes %.2f (conf %.2f)\n", s,
                    conf);
        if (fabs(s) < MIN_SLOPE || conf < 1.0)
            return -1;
        icp_document_turn_by(img, res, s);
        alt = true;
    } else
        return -1;
    struct icp_page np;
    if ((widened ? read_thresholded(w, img, res, side, &np)
                 : icp_page_read_at(w, img, res, side, &np))) {
        icp_page_clear(&np);
        img->doc.angle = old_angle;
        img->doc.alt_angle = old_alt;
        memcpy(img->doc.box, old, sizeof old);
        return -1;
    }
    np.alt_tilt = p->alt_tilt || alt;
    if (g_getenv("ICP_DEBUG_OCR"))
        for (size_t i = 0; i < np.n_lines; i++)
            fprintf(stderr, "reframed%s %d,%d %dx%d: %s\n",
                    alt ? " (other tilt)" : "", np.lines[i].box[0],
                    np.lines[i].box[1], np.lines[i].box[2],
                    np.lines[i].box[3], np.lines[i].text);
    icp_page_clear(p);
    *p = np;
    return 0;
}

void icp_page_clear(struct icp_page *p)
{
    for (size_t i = 0; i < p->n_lines; i++) {
        free(p->lines[i].text);
        icp_ocr_words_free(p->lines[i].words, p->lines[i].n_words);
    }
    free(p->lines);
    VIPS_UNREF(p->fine);
    memset(p, 0, sizeof *p);
}

int icp_page_find(const struct icp_page *p, const char *label,
                  const char **value_out)
{
    for (size_t i = 0; i < p->n_lines; i++) {
        const char *t = p->lines[i].text;
        if (!t || !icp_text_contains(t, label))
            continue;
        if (value_out) {
            /* Spaces were dropped between CJK characters by normalising;
             * an exact hit gives the text after the label. */
            const char *hit = strstr(t, label);
            *value_out = hit ? hit + strlen(label) : t;
        }
        return (int)i;
    }
    return -1;
}

/* The paper of a grey line crop brought to white, evenly: each pixel
 * divided by the brightest value around it (the paper under a shadow or a
 * light gradient). Against a white margin, grey paper would fall on the
 * ink's side of Tesseract's own threshold and the line read as nothing.
 * Returns a new image or NULL. */
static VipsImage *level_paper(VipsImage *grey)
{
    /* Around the size of a glyph: the brightest value there is paper. */
    return icp_image_level_paper(
        grey, VIPS_MIN(grey->Xsize, grey->Ysize) / 24, 7);
}

/* The band of rows [*y0, *y1) whose ink reaches `floor_ink`, within
 * [lo, hi), at or nearest the middle of the window's `h` rows (the window
 * was centred on the line), at least 4 rows and within a quarter of the
 * height of the middle. Returns -1 when there is none. */
static int middle_band(const int *row, int lo, int hi, int h, int floor_ink,
                       int *y0, int *y1)
{
    int best = INT_MAX, rc = -1;
    for (int y = lo; y < hi;) {
        if (row[y] < floor_ink) {
            y++;
            continue;
        }
        int a = y;
        while (y < hi && row[y] >= floor_ink)
            y++;
        int d = a > h / 2 ? a - h / 2 : y <= h / 2 ? h / 2 - y + 1 : 0;
        if (y - a >= 4 && d < best && d < h / 4) {
            best = d;
            *y0 = a, *y1 = y;
            rc = 0;
        }
    }
    return rc;
}

/* How many bands of rows whose ink reaches `floor_ink` within [lo, hi)
 * are at least `min_h` rows tall (4 at least): lines, where a raised floor
 * parts merged lines, not the strokes of one line. */
static int lines_above(const int *row, int lo, int hi, int floor_ink,
                       int min_h)
{
    int n = 0;
    for (int y = lo; y < hi;) {
        int a = y;
        while (y < hi && row[y] >= floor_ink)
            y++;
        n += y - a >= VIPS_MAX(4, min_h);
        if (y == a)
            y++;
    }
    return n;
}

/* A band taller than `max_h` rows holds more than one line: the specks
 * of a guilloche pattern between them (an HK/Macau permit's) kept every
 * row above the floor, and the label's line, the date's and the next
 * merged into one (read at a third of its size, 2033 came out 2038). The
 * floor is raised within the band until the line at the middle stands
 * alone beside another line, both at least half a line's expected height
 * (not the strokes of one tall line), then the line is widened to the valleys on either side (its
 * accents and descenders). The band is kept when no floor parts it. */
static void split_band(const int *row, int h, int floor_ink, int top,
                       int max_h, int *y0, int *y1)
{
    /* Half the line's expected height (max_h is 1.6 times it): a band
     * that short is a stroke's rows, not a line. */
    int half = max_h * 5 / 16;
    for (int k = 1; k <= 5 && *y1 - *y0 > max_h; k++) {
        int f = floor_ink + (top - floor_ink) * k / 10, a, b;
        if (middle_band(row, *y0, *y1, h, f, &a, &b) || b - a > max_h ||
            b - a < half || lines_above(row, *y0, *y1, f, half) < 2)
            continue;
        while (a > *y0 && row[a - 1] <= row[a] && row[a - 1] >= floor_ink)
            a--;
        while (b < *y1 && row[b] <= row[b - 1] && row[b] >= floor_ink)
            b++;
        if (b - a <= max_h) {
            if (g_getenv("ICP_DEBUG_OCR"))
                fprintf(stderr, "line band %d-%d split to %d-%d (at most "
                        "%d rows)\n", *y0, *y1, a, b, max_h);
            *y0 = a, *y1 = b;
            return;
        }
    }
}

int icp_middle_line(const int *row, int h, int floor_ink, int max_h,
                    int *y0, int *y1)
{
    int top = 0;
    for (int y = 0; y < h; y++)
        top = VIPS_MAX(top, row[y]);
    if (middle_band(row, 0, h, h, floor_ink, y0, y1))
        return -1;
    if (max_h > 0)
        split_band(row, h, floor_ink, top, max_h, y0, y1);
    return 0;
}

/* The text line of a levelled black-on-white window `bin`: the band of
 * inked rows at or nearest its middle, columns inked on more than a quarter
 * of the rows (a portrait, the card's edge) left out; a band taller than
 * `max_h` (0: any) split to its line at the middle. Sets *y0 and *y1
 * (exclusive); returns -1 when no band stands out. */
static int line_band(VipsImage *bin, int max_h, int *y0, int *y1, int *x0,
                     int *x1)
{
    int w = bin->Xsize, h = bin->Ysize, rc = -1;
    const unsigned char *px = vips_image_get_data(bin);
    int *col = xcalloc((size_t)w, sizeof *col);
    int *row = xcalloc((size_t)h, sizeof *row);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            col[x] += px[(size_t)y * w + x] < 128;
    /* A column through a few lines of text is inked on far less than a
     * quarter of the window's rows; losing a few such columns costs
     * nothing. */
    int kept = 0;
    for (int x = 0; x < w; x++)
        kept += col[x] * 4 < h;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (col[x] * 4 < h)
                row[y] += px[(size_t)y * w + x] < 128;
    /* Between lines a row holds specks only: a tenth of the fullest. */
    int top = 0;
    for (int y = 0; y < h; y++)
        top = VIPS_MAX(top, row[y]);
    int floor_ink = VIPS_MAX(VIPS_MAX(2, kept / 150), top / 10);
    rc = icp_middle_line(row, h, floor_ink, max_h, y0, y1);
    if (rc == 0) {
        /* Across: the run of the band's inked columns (gaps under one and a
         * half line heights) that holds the most ink; the rest is a
         * portrait's edge, the card's border or a neighbouring field. */
        int bh = *y1 - *y0, gap = bh * 3 / 2 + 2, best_mass = 0;
        /* Ink a third of the band's height above and below it counts too:
         * a line left sloping a degree or two (perspective bends a long
         * number's slope along it) leaves the band at its end. */
        int r0 = VIPS_MAX(0, *y0 - bh / 3), r1 = VIPS_MIN(h, *y1 + bh / 3);
        for (int x = 0; x < w;) {
            /* Columns left out (a dark border across the line: the desk
             * beside a card photographed at an angle) are no gap. */
            int a = -1, last = -1, mass = 0, empty = 0;
            for (; x < w; x++) {
                int ink = 0;
                if (col[x] * 4 >= h)
                    continue;
                for (int y = r0; y < r1; y++)
                    ink += px[(size_t)y * w + x] < 128;
                if (ink) {
                    if (a < 0)
                        a = x;
                    last = x;
                    mass += ink;
                    empty = 0;
                } else if (a >= 0 && ++empty > gap)
                    break;
            }
            if (a >= 0 && mass > best_mass) {
                best_mass = mass;
                *x0 = a, *x1 = last + 1;
            }
        }
    }
    free(col);
    free(row);
    return rc;
}

/* The grey window `grey` turned so that its text runs level (its own
 * tilt: on a card photographed at an angle the lines of one part slope
 * apart from the page's), then cut to its text line with a margin; *text_h
 * gets the line's height in px. `line_h` is the height the page's reading
 * gave the line (px of `grey`; 0 unknown): a band of rows more than 1.6
 * times that is split. Returns a new image, or NULL when no tilt or line
 * was found. */
static VipsImage *level_line(VipsImage *grey, int line_h, int *text_h)
{
    VipsImage *bin = icp_ocr_binarise(grey), *turned = NULL, *tbin = NULL,
              *out = NULL;
    double tilt = 0, conf = 0;
    double white[] = {255};
    VipsArrayDouble *bg = vips_array_double_new(white, 1);
    if (!bin || icp_text_skew(bin, &tilt, &conf) != 0 || conf < 1.0 ||
        fabs(tilt) > 15)
        tilt = 0;
    if (fabs(tilt) < 0.4) {
        turned = grey;
        g_object_ref(turned);
    } else if (vips_rotate(grey, &turned, -tilt, "background", bg, NULL))
        goto out;
    VipsImage *mem = vips_image_copy_memory(turned);
    VIPS_UNREF(turned);
    if (!(turned = mem) || !(tbin = icp_ocr_binarise(turned)))
        goto out;
    /* The desk beside a card photographed at an angle, or the card's own
     * edge, cut across a levelled window as wedges wider than a third of
     * its height (a glyph touching the border is far smaller): otherwise
     * the line finder takes the wedge's columns for a portrait's edge and
     * cuts the line there. */
    VipsImage *clear =
        icp_vips_clear_border(tbin, VIPS_MAX(8, tbin->Ysize / 3));
    VIPS_UNREF(tbin);
    tbin = clear;
    int y0 = 0, y1 = 0, x0 = 0, x1 = turned->Xsize;
    if (line_band(tbin, line_h > 0 ? line_h * 8 / 5 : 0, &y0, &y1, &x0,
                  &x1))
        goto out;
    *text_h = y1 - y0;
    int m = (y1 - y0) / 3 + 2;
    y0 = VIPS_MAX(0, y0 - m), y1 = VIPS_MIN(turned->Ysize, y1 + m);
    x0 = VIPS_MAX(0, x0 - m), x1 = VIPS_MIN(turned->Xsize, x1 + m);
    VipsImage *cut = NULL;
    if (vips_extract_area(turned, &cut, x0, y0, x1 - x0, y1 - y0,
                          NULL) == 0) {
        out = vips_image_copy_memory(cut);
        VIPS_UNREF(cut);
    }
out:
    vips_area_unref(VIPS_AREA(bg));
    VIPS_UNREF(bin);
    VIPS_UNREF(tbin);
    VIPS_UNREF(turned);
    vips_error_clear();
    return out;
}

char *icp_page_reread(struct icp_worker *w, struct icp_image *img,
                      struct icp_result *res, struct icp_page *p,
                      const int *box, int line_h, enum icp_psm psm,
                      const char *whitelist, bool zh, int variant)
{
    struct icp_ocr *ocr = zh ? icp_worker_ocr_zh(w) : icp_worker_ocr_en(w);
    if (!ocr)
        return NULL;
    if (!p->fine) {
        p->fine = icp_document_view(img, FINE_SIDE, res);
        if (!p->fine)
            return NULL;
    }
    double f = (double)p->fine->Xsize / p->w;
    /* Levelled variants cut a taller window, turn it level and keep the
     * box's own height about its centre. */
    bool level = (variant & 4) != 0;
    /* Tall enough for a line sloping some 12 degrees from end to end. */
    int grow = level ? VIPS_MAX(box[3] * 3 / 4, box[2] / 8) : 0;
    int x0 = (int)(box[0] * f), y0 = (int)((box[1] - grow) * f);
    int x1 = (int)((box[0] + box[2]) * f + 0.5);
    int y1 = (int)((box[1] + box[3] + grow) * f + 0.5);
    x0 = VIPS_CLIP(0, x0, p->fine->Xsize - 1);
    y0 = VIPS_CLIP(0, y0, p->fine->Ysize - 1);
    x1 = VIPS_CLIP(x0 + 1, x1, p->fine->Xsize);
    y1 = VIPS_CLIP(y0 + 1, y1, p->fine->Ysize);
    VipsImage *crop = NULL, *grey = NULL, *bin = NULL, *pad = NULL;
    char *raw = NULL, *text = NULL;
    if (vips_extract_area(p->fine, &crop, x0, y0, x1 - x0, y1 - y0, NULL))
        goto out;
    static const double target[] = {32, 32, 44, 24};
    double sc = target[variant & 3] / VIPS_MAX(4.0, line_h * f);
    sc = VIPS_CLIP(0.3, sc, 4.0);
    if (!(grey = icp_ocr_prepare(crop, sc)))
        goto out;
    if (level) {
        /* Turned level and cut to its line, then scaled to the target
         * height by the line's own height. */
        int th = 0;
        VipsImage *lv = level_line(grey, (int)(line_h * f * sc + 0.5), &th),
                  *sized = NULL;
        if (!lv)
            goto out;
        double k = VIPS_CLIP(0.5, target[variant & 3] / VIPS_MAX(4, th), 3.0);
        if (fabs(k - 1) < 0.1)
            sized = lv;
        else if (vips_resize(lv, &sized, k, NULL))
            sized = NULL;
        if (sized != lv)
            VIPS_UNREF(lv);
        if (!sized)
            goto out;
        VIPS_UNREF(grey);
        grey = sized;
    }
    VipsImage *cur = grey;
    if ((variant & 3) == 1) {
        if (!(bin = icp_ocr_binarise(grey)))
            goto out;
        cur = bin;
    } else if (!(cur = bin = level_paper(grey)))
        goto out;
    /* A white margin: Tesseract drops glyphs that touch the border. */
    if (vips_embed(cur, &pad, 12, 12, cur->Xsize + 24, cur->Ysize + 24,
                   "extend", VIPS_EXTEND_WHITE, NULL))
        goto out;
    raw = icp_ocr_text(ocr, pad, psm, whitelist);
    if (raw)
        text = icp_text_normalize(raw);
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "reread %d,%d %dx%d v%d: %s\n", box[0], box[1],
                box[2], box[3], variant, text ? text : "(null)");
    if (g_getenv("ICP_DEBUG_VIEW")) {
        /* Each re-read region beside the view: VIEW.x_y_vN.png. */
        char *name = g_strdup_printf("%s.%d_%d_v%d.png",
                                     g_getenv("ICP_DEBUG_VIEW"), box[0],
                                     box[1], variant);
        if (vips_image_write_to_file(pad, name, NULL))
            vips_error_clear();
        g_free(name);
    }
out:
    g_free(raw);
    VIPS_UNREF(pad);
    VIPS_UNREF(bin);
    VIPS_UNREF(grey);
    VIPS_UNREF(crop);
    vips_error_clear();
    return text;
}

void icp_page_relabel(struct icp_worker *w, struct icp_image *img,
                      struct icp_result *res, struct icp_page *p,
                      int min_digits)
{
    int done = 0;
    for (size_t i = 0; i < p->n_lines && done < 12; i++) {
        struct icp_line *l = &p->lines[i];
        int digits = 0;
        for (const char *c = l->text; *c; c++)
            digits += g_ascii_isdigit(*c) != 0;
        if (digits < min_digits || l->p_reread)
            continue;
        int h = l->box[3], box[4];
        /* From a label's width before the first word with a digit: a
         * two-column form's other column stays out. */
        int x0 = l->box[0] - 2 * h;
        for (size_t k = 0; k < l->n_words; k++)
            if (strpbrk(l->words[k].text, "0123456789")) {
                x0 = VIPS_MAX(x0, l->words[k].box[0] - 6 * h);
                break;
            }
        box[0] = VIPS_MAX(0, x0);
        box[1] = VIPS_MAX(0, l->box[1] - h / 3);
        box[2] = VIPS_MIN(p->w - box[0], l->box[0] + l->box[2] + 2 * h - box[0]);
        box[3] = VIPS_MIN(p->h - box[1], h + 2 * (h / 3));
        done++;
        l->p_reread = true;
        /* Plain grey first, then levelled and thresholded (patterned
         * paper). A re-read that lost digits is worse than the page's. */
        for (int variant = 0; variant < 2; variant++) {
            char *t = icp_page_reread(w, img, res, p, box, h, ICP_PSM_LINE,
                                      NULL, true, variant);
            int kept = 0;
            for (const char *c = t ? t : ""; *c; c++)
                kept += g_ascii_isdigit(*c) != 0;
            if (t && kept >= digits) {
                free(l->text);
                l->text = t;
                break;
            }
            free(t);
        }
    }
}

void icp_page_box_to_output(const struct icp_image *img,
                            const struct icp_page *p, const int *box,
                            int *out)
{
    icp_document_box_to_output(img, p->side, box, out);
}

int icp_page_value_box(const struct icp_page *p, const char *label,
                       bool below, int *box_out, int *line_h_out)
{
    int li = icp_page_find(p, label, NULL);
    if (li < 0)
        return -1;
    const struct icp_line *l = &p->lines[li];
    /* The label ends in the first word whose prefix of the line holds it;
     * a word that runs on past the label gets its share by characters. */
    GString *acc = g_string_new(NULL);
    int end_x = l->box[0] + l->box[3] * 4;
    size_t k = 0;
    for (; k < l->n_words; k++) {
        const struct icp_ocr_word *wd = &l->words[k];
        size_t before = g_utf8_strlen(acc->str, -1);
        g_string_append(acc, wd->text);
        if (!icp_text_contains(acc->str, label))
            continue;
        long n = g_utf8_strlen(wd->text, -1);
        long used = (long)g_utf8_strlen(label, -1) - (long)before;
        used = VIPS_CLIP(1, used, n);
        end_x = wd->box[0] + (int)((double)wd->box[2] * used / VIPS_MAX(n, 1));
        break;
    }
    g_string_free(acc, TRUE);
    int h = l->box[3];
    bool text_after = false;
    for (size_t i = 0; i < l->n_words; i++)
        if (l->words[i].box[0] >= end_x - 2 ||
            (i == k && l->words[i].box[0] + l->words[i].box[2] > end_x + h))
            text_after = true;
    if (!below && text_after) {
        box_out[0] = end_x + h / 4;
        box_out[1] = l->box[1] - h / 3;
        box_out[2] = p->w - box_out[0];
        box_out[3] = h + 2 * (h / 3);
    } else {
        /* Under the label, from its left edge. */
        box_out[0] = VIPS_MAX(0, l->box[0] - h);
        box_out[1] = l->box[1] + h;
        box_out[2] = p->w - box_out[0];
        box_out[3] = 2 * h;
    }
    box_out[0] = VIPS_CLIP(0, box_out[0], p->w - 2);
    box_out[1] = VIPS_CLIP(0, box_out[1], p->h - 2);
    box_out[2] = VIPS_CLIP(1, box_out[2], p->w - box_out[0]);
    box_out[3] = VIPS_CLIP(1, box_out[3], p->h - box_out[1]);
    *line_h_out = h;
    return 0;
}

/* The end date of a period whose start was cut off with the document's
 * edge ("16-2029.06.16", "9.06.16-2029.06.16" with the start's year lost):
 * a whole date after the last '-', and before it only part of a date
 * (digits and dots, fewer than 8 digits). For an ID card the start's day,
 * where two of its digits remain, must be the end's. */
struct span_votes;
struct end_only {
    struct icp_date until;
    int seen;    /* readings that gave this end date */
    int box[4];
    struct span_votes *votes; /* the whole periods with a wrong span */
};

static void note_end_only(const char *text, const struct icp_validity_ctx *v,
                          const int *box, struct end_only *e);

/* Whole periods read that fail the document's span, each with the number
 * of readings that gave it: when no reading has a right span, the one read
 * most often stands (a digit misread once does not outvote the print). */
struct span_votes {
    struct icp_period p[8];
    int n[8];
    int rereads[8]; /* of n, the re-reads of the value's region */
    size_t k;
    bool reread;    /* the readings being voted now are re-reads */
    /* Periods with a right span read after a wrong one was read twice,
     * held back until read twice themselves (hold()). */
    struct icp_period held[4];
    int held_n[4];
    size_t held_k;
};

/* Re-reads of the value's region, each from another preparation, that
 * agree on one whole period with a wrong span: the print's own (an ID
 * card issued for 15 years), which more re-reads only read again (seven
 * to twelve more, 250-750 ms of CPU on an inconsistent card). */
#define SPAN_AGREED 3

/* Whether two readings give the same period. */
static bool same_period(const struct icp_period *a, const struct icp_period *b)
{
    return a->long_term == b->long_term &&
           icp_date_cmp(a->from, b->from) == 0 &&
           (a->long_term || icp_date_cmp(a->until, b->until) == 0);
}

static void vote(struct span_votes *sv, const struct icp_period *p)
{
    for (size_t i = 0; i < sv->k; i++)
        if (same_period(&sv->p[i], p)) {
            sv->n[i]++;
            sv->rereads[i] += sv->reread;
            return;
        }
    if (sv->k < G_N_ELEMENTS(sv->p)) {
        sv->p[sv->k] = *p;
        sv->rereads[sv->k] = sv->reread;
        sv->n[sv->k++] = 1;
    }
}

/* Whether a period with a wrong span was read twice or more. A reading
 * with a right span must then be read twice too before it stands: a card
 * printed with a wrong span (2024.01.02-2029.01.01, read so twice) passed
 * on one binarised reading that misread its end as 2029.01.02. */
static bool wrong_span_read_twice(const struct span_votes *sv)
{
    for (size_t i = 0; i < sv->k; i++)
        if (sv->n[i] >= 2)
            return true;
    return false;
}

/* Counts a reading of period p (with a right span) held back; returns how
 * often it has been read so. */
static int hold(struct span_votes *sv, const struct icp_period *p)
{
    for (size_t i = 0; i < sv->held_k; i++)
        if (same_period(&sv->held[i], p))
            return ++sv->held_n[i];
    if (sv->held_k == G_N_ELEMENTS(sv->held))
        return 1;
    sv->held[sv->held_k] = *p;
    return sv->held_n[sv->held_k++] = 1;
}

/* Whether SPAN_AGREED re-reads gave one period with a wrong span. */
static bool span_agreed(const struct span_votes *sv)
{
    for (size_t i = 0; i < sv->k; i++)
        if (sv->rereads[i] >= SPAN_AGREED)
            return true;
    return false;
}

/* Whether period `p` has a span such a document has. */
static bool span_ok(const struct icp_validity_ctx *v,
                    const struct icp_period *p)
{
    if (v->span == ICP_SPAN_IDCARD)
        return icp_idcard_span_ok(p->from, p->until, p->long_term);
    if (v->span == ICP_SPAN_HKMO || v->span == ICP_SPAN_TW)
        return !p->long_term &&
               icp_permit_span_ok(v->span == ICP_SPAN_HKMO ? ICP_PERMIT_HKMO
                                                           : ICP_PERMIT_TW,
                                  p->from, p->until);
    if (icp_date_is_set(p->from) && icp_date_is_set(p->until))
        return icp_date_cmp(p->from, p->until) < 0;
    return true;
}

/* A period whose start's year was read out of range by its first digit
 * (3026.05.21-2031.05.20): taken, with the year opening 2 or 1, only when
 * exactly one of the two gives the document's span (a span rule needed). */
static bool start_misread(const char *text, const struct icp_validity_ctx *v,
                          struct icp_period *out)
{
    struct icp_period got = {0}, p = {0};
    int n = 0;
    if (v->span == ICP_SPAN_ANY)
        return false;
    for (const char *d = "21"; *d; d++)
        if (icp_validity_parse_start_as(text, v->min_year, v->max_year, *d,
                                        &p.from, &p.until,
                                        &p.long_term) == 0 &&
            !p.long_term && span_ok(v, &p))
            got = p, n++;
    if (n != 1)
        return false;
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "period: the start's year misread by its first "
                "digit (%s): %04d\n", text, got.from.y);
    got.found = true;
    memcpy(got.box, out->box, sizeof got.box);
    *out = got;
    return true;
}

/* Parses `text` as a period; true when it reads and, for a span rule, the
 * span is one such a document has. *parsed says whether it read at all. */
static bool try_period(const char *text, const struct icp_validity_ctx *v,
                       struct icp_period *out, bool *parsed,
                       struct end_only *e)
{
    struct icp_period p = {0};
    *parsed = false;
    if (!text || icp_validity_parse(text, v->min_year, v->max_year, &p.from,
                                    &p.until, &p.long_term) != 0) {
        if (start_misread(text, v, out))
            return *parsed = true;
        note_end_only(text, v, out->box, e);
        return false;
    }
    *parsed = true;
    p.found = true;
    bool ok = span_ok(v, &p);
    memcpy(p.box, out->box, sizeof p.box);
    if (ok && wrong_span_read_twice(e->votes) && hold(e->votes, &p) < 2) {
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "period: a right span read once against a wrong "
                    "one read twice, held back\n");
        return false;
    }
    if (ok || !out->found)
        *out = p;
    if (!ok)
        vote(e->votes, &p);
    return ok;
}


static void note_end_only(const char *text, const struct icp_validity_ctx *v,
                          const int *box, struct end_only *e)
{
    const char *dash = text ? strrchr(text, '-') : NULL;
    if (!dash || dash == text)
        return;
    struct icp_date d;
    if (icp_date_parse(dash + 1, v->min_year, v->max_year, &d) != 0)
        return;
    int digits = 0, tail = -1, tail_n = 0;
    for (const char *c = text; c < dash; c++) {
        if (*c == ' ')
            continue;
        if (!g_ascii_isdigit(*c) && *c != '.')
            return;
        if (g_ascii_isdigit(*c)) {
            digits++;
            tail = tail_n > 0 ? (tail * 10 + (*c - '0')) % 100 : *c - '0';
            tail_n++;
        } else
            tail_n = 0, tail = -1;
    }
    if (digits == 0 || digits >= 8)
        return;
    if (v->span == ICP_SPAN_IDCARD && tail_n >= 2 && tail != d.d)
        return;
    if (e->seen && icp_date_cmp(e->until, d) != 0) {
        e->seen = -1; /* two different end dates: none */
        return;
    }
    if (e->seen < 0)
        return;
    if (!e->seen)
        memcpy(e->box, box, sizeof e->box);
    e->until = d;
    e->seen++;
}

static bool period_cut(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res, struct icp_page *p,
                       const char *label, enum icp_span_rule span,
                       const char *extra, struct icp_period *out,
                       struct end_only *e);

void icp_page_period(struct icp_worker *w, struct icp_image *img,
                     struct icp_result *res, struct icp_page *p,
                     const char *label, enum icp_span_rule span,
                     const char *extra, struct icp_period *out)
{
    struct end_only e;
    struct span_votes sv;
    memset(&e, 0, sizeof e);
    memset(&sv, 0, sizeof sv);
    e.votes = &sv;
    bool ok = period_cut(w, img, res, p, label, span, extra, out, &e);
    /* No reading with a span such a document has: the period read most
     * often (the first of equals), not merely the first. */
    if (!ok && out->found && sv.k > 1) {
        size_t best = 0;
        for (size_t i = 1; i < sv.k; i++)
            if (sv.n[i] > sv.n[best])
                best = i;
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "period: %zu readings with a wrong span, the "
                    "most often read %d times\n", sv.k, sv.n[best]);
        *out = sv.p[best];
    }
    /* A whole period with a wrong span, and two or more readings of the
     * end alone (their start garbled) that agree on another end giving
     * the start read a right span: a digit of the whole reading's end was
     * misread (05 read as 9), the end readings' print is the card's. */
    if (!ok && out->found && !out->long_term && e.seen >= 2 &&
        icp_date_cmp(out->until, e.until) != 0) {
        struct icp_validity_ctx v;
        icp_locate_validity_ctx(w, span, &v);
        struct icp_period joined = *out;
        joined.until = e.until;
        if (span_ok(&v, &joined)) {
            if (g_getenv("ICP_DEBUG_OCR"))
                fprintf(stderr, "period: end %04d-%02d-%02d read %d times "
                        "alone gives the start a right span\n", e.until.y,
                        e.until.m, e.until.d, e.seen);
            *out = joined;
        }
    }
    /* No whole period read, but two readings agree on the end date of one
     * whose start the photo's edge cut: the end is what the rule needs. */
    if (!out->found && e.seen >= 2) {
        memset(out, 0, sizeof *out);
        out->until = e.until;
        out->found = true;
        out->start_cut = true;
        memcpy(out->box, e.box, sizeof out->box);
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "period: start cut off, end %04d-%02d-%02d read "
                    "%d times\n", e.until.y, e.until.m, e.until.d, e.seen);
    }
}

static int cmp_word_ptr_x(const void *a, const void *b)
{
    const struct icp_ocr_word *const *p = a, *const *q = b;
    return ((*p)->box[0] > (*q)->box[0]) - ((*p)->box[0] < (*q)->box[0]);
}

/* The words of the label's line `li` and of the other lines beside it
 * (their centre within its rows), left to right, after the label: the
 * page splits one printed line where its words stand at different
 * heights ("有效期限长期" over "2001.05.22-" beside it). NULL when no other
 * line stands beside it. Caller g_free()s. */
static char *label_row(const struct icp_page *p, int li, const char *label)
{
    const struct icp_line *l = &p->lines[li];
    size_t n = 0;
    for (size_t i = 0; i < p->n_lines; i++) {
        const int *b = p->lines[i].box;
        int cy = b[1] + b[3] / 2;
        if ((int)i == li || cy < l->box[1] || cy > l->box[1] + l->box[3])
            continue;
        n += p->lines[i].n_words;
    }
    if (n == 0)
        return NULL;
    n += l->n_words;
    const struct icp_ocr_word **order = xmalloc(n * sizeof *order);
    size_t k = 0;
    for (size_t i = 0; i < p->n_lines; i++) {
        const int *b = p->lines[i].box;
        int cy = b[1] + b[3] / 2;
        if ((int)i != li && (cy < l->box[1] || cy > l->box[1] + l->box[3]))
            continue;
        for (size_t j = 0; j < p->lines[i].n_words; j++)
            order[k++] = &p->lines[i].words[j];
    }
    qsort(order, k, sizeof *order, cmp_word_ptr_x);
    GString *row = g_string_new(NULL);
    for (size_t i = 0; i < k; i++)
        g_string_append(row, order[i]->text);
    free(order);
    char *text = icp_text_normalize(row->str);
    g_string_free(row, TRUE);
    const char *hit = strstr(text, label);
    char *out = hit ? g_strdup(hit + strlen(label)) : NULL;
    free(text);
    return out;
}

/* Whether `text` reads a date, a dash, then something that is no date. */
static bool start_without_end(const char *text,
                              const struct icp_validity_ctx *v)
{
    const char *dash = text ? strrchr(text, '-') : NULL;
    if (!dash || dash == text || !dash[1])
        return false;
    char *start = g_strndup(text, (gsize)(dash - text));
    struct icp_date d;
    bool ok = icp_date_parse(start, v->min_year, v->max_year, &d) == 0 &&
              icp_date_parse(dash + 1, v->min_year, v->max_year, &d) != 0;
    g_free(start);
    return ok;
}

/* Returns true when a reading with a right span was found. */
static bool period_cut(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res, struct icp_page *p,
                       const char *label, enum icp_span_rule span,
                       const char *extra, struct icp_period *out,
                       struct end_only *e)
{
    memset(out, 0, sizeof *out);
    struct icp_validity_ctx v;
    icp_locate_validity_ctx(w, span, &v);
    bool parsed;
    int li = icp_page_find(p, label, NULL);
    char wl[96];
    snprintf(wl, sizeof wl, "0123456789.-%s", extra ? extra : "");
    /* The page's own readings of the label's line and of the line under
     * it first (cheap, and right on most photos), then re-reads of each. */
    for (int step = 0; step < 4 && li >= 0; step++) {
        bool below = step & 1, reread = step >= 2;
        int box[4], h;
        if (icp_page_value_box(p, label, below, box, &h))
            break;
        memcpy(out->box, box, sizeof box);
        if (!reread && !below) {
            const char *val = NULL;
            icp_page_find(p, label, &val);
            if (try_period(val, &v, out, &parsed, e))
                return true;
            char *row = label_row(p, li, label);
            bool ok = row && try_period(row, &v, out, &parsed, e);
            g_free(row);
            if (ok)
                return true;
        } else if (!reread && (size_t)li + 1 < p->n_lines) {
            /* the nearest line under the label: one whose centre lies
             * below the label's, within two label heights. Its top may
             * reach well up beside the label (a period line read with
             * the larger box of a speck or a stroke above it). */
            const struct icp_line *l = &p->lines[li];
            for (size_t i = 0; i < p->n_lines; i++) {
                const struct icp_line *m = &p->lines[i];
                int dy = m->box[1] - (l->box[1] + l->box[3]);
                bool under = 2 * m->box[1] + m->box[3] >
                             2 * l->box[1] + l->box[3];
                if (under && dy < 2 * l->box[3] &&
                    try_period(m->text, &v, out, &parsed, e))
                    return true;
            }
        }
        if (!reread)
            continue;
        e->votes->reread = true;
        /* The levelled copies (4, 5) only when the others failed. A
         * window whose plain and binarised copies read no digit at all
         * holds no period (the line under the last label): its other
         * copies are not read. */
        static const int plan[] = {0, 1, 2, 3, 4, 5};
        int digits = 0;
        for (size_t k = 0; k < G_N_ELEMENTS(plan); k++) {
            char *t = icp_page_reread(w, img, res, p, box, h, ICP_PSM_LINE,
                                      wl, extra && *extra, plan[k]);
            digits += count_digits(t);
            bool ok = try_period(t, &v, out, &parsed, e);
            /* The levelled plain copy read a start but no end: with words
             * in the whitelist, the English model of the Chinese engine
             * may have won the end with digits (长期 read 435), which it
             * cannot read as words. Read once more with no whitelist. */
            if (!ok && plan[k] == 4 && extra && *extra &&
                start_without_end(t, &v)) {
                free(t);
                t = icp_page_reread(w, img, res, p, box, h, ICP_PSM_LINE,
                                    NULL, true, 4);
                ok = try_period(t, &v, out, &parsed, e);
            }
            free(t);
            if (ok)
                return true;
            if (span_agreed(e->votes))
                return false;
            if (plan[k] == 1 && digits == 0) {
                /* A window read as one line that gave nothing may hold
                 * two (the label's line merged with the one above it):
                 * read once as a block before leaving it. */
                t = icp_page_reread(w, img, res, p, box, h, ICP_PSM_BLOCK,
                                    wl, extra && *extra, 0);
                ok = try_period(t, &v, out, &parsed, e);
                free(t);
                if (ok)
                    return true;
                break;
            }
        }
    }
    if (out->found)
        return false;
    /* The label was not read: any line that holds a period. */
    for (size_t i = 0; i < p->n_lines; i++) {
        memcpy(out->box, p->lines[i].box, sizeof out->box);
        if (try_period(p->lines[i].text, &v, out, &parsed, e))
            return true;
    }
    /* Nor a whole period in one line (its dates split over two words of
     * different heights): the lines with digits, re-read across the page
     * at the line's height with digits and separators only. */
    int tried = 0;
    for (size_t i = 0; i < p->n_lines && tried < 6; i++) {
        const struct icp_line *l = &p->lines[i];
        int digits = 0;
        for (const char *c = l->text; *c; c++)
            digits += g_ascii_isdigit(*c) != 0;
        if (digits < 6)
            continue;
        tried++;
        int h = l->box[3], box[4];
        box[0] = 0;
        box[1] = VIPS_MAX(0, l->box[1] - h / 4);
        box[2] = p->w;
        box[3] = VIPS_MIN(p->h - box[1], h + h / 2);
        static const int plan[] = {0, 1, 4, 5};
        for (size_t k = 0; k < G_N_ELEMENTS(plan); k++) {
            memcpy(out->box, box, sizeof out->box);
            char *t = icp_page_reread(w, img, res, p, box, h, ICP_PSM_LINE,
                                      wl, extra && *extra, plan[k]);
            bool ok = try_period(t, &v, out, &parsed, e);
            free(t);
            if (ok)
                return true;
        }
    }
    return false;
}

void icp_page_report_period(struct icp_worker *w, struct icp_image *img,
                            struct icp_result *res,
                            const struct icp_page *p,
                            const struct icp_period *period,
                            enum icp_span_rule span)
{
    struct icp_validity_ctx v;
    icp_locate_validity_ctx(w, span, &v);
    int box[4];
    if (period->found) {
        /* Without its start, a period's span cannot be judged. */
        if (period->start_cut)
            v.span = ICP_SPAN_ANY;
        icp_page_box_to_output(img, p, period->box, box);
        v.box = box;
        icp_validity_report_dates(res, period->from, period->until,
                                  period->long_term, &v);
    } else
        icp_validity_report_text(res, NULL, &v);
}

const char *icp_page_value_inline(const struct icp_page *p, const char *label)
{
    const char *val = NULL;
    if (icp_page_find(p, label, &val) < 0)
        return NULL;
    while (*val == ':' || *val == ' ')
        val++;
    /* Bilingual forms gloss the label in English (注册人 Registrant): skip
     * it when a Chinese value or digits follow. */
    const char *g = val;
    while (g_ascii_isalpha(*g) || *g == ' ' || *g == ':')
        g++;
    if (g > val && *g && ((unsigned char)*g >= 0x80 || g_ascii_isdigit(*g)))
        val = g;
    return val;
}

char *icp_page_value_text(struct icp_worker *w, struct icp_image *img,
                          struct icp_result *res, struct icp_page *p,
                          const char *label)
{
    const char *val = icp_page_value_inline(p, label);
    if (!val)
        return NULL;
    if (*val)
        return xstrdup(val);
    int box[4], h;
    if (icp_page_value_box(p, label, true, box, &h))
        return NULL;
    box[3] = h * 3 / 2;
    return icp_page_reread(w, img, res, p, box, h, ICP_PSM_LINE, NULL, true,
                           0);
}

int icp_page_open(struct icp_worker *w, struct icp_image *img,
                  struct icp_result *res, enum icp_span_rule span,
                  struct icp_page *out, struct icp_validity_ctx *v_out)
{
    icp_locate_validity_ctx(w, span, v_out);
    if (icp_page_read(w, img, res, out) == 0)
        return 0;
    icp_validity_report_text(res, NULL, v_out);
    icp_page_clear(out);
    return -1;
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static int count_digits(const char *s)
{
    int n = 0;
    for (; s && *s; s++)
        n += g_ascii_isdigit(*s) != 0;
    return n;
}

size_t icp_page_digit_runs(const struct icp_page *p, int min_digits,
                           double left_h, double right_h,
                           struct icp_digit_run *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_lines && n < cap; i++) {
        const struct icp_line *l = &p->lines[i];
        int prev_end = 0;
        for (size_t a = 0; a < l->n_words && n < cap;) {
            /* The stretch a..b-1: words closer than three heights. */
            size_t b = a + 1;
            int hs[64], nh = 0;
            hs[nh++] = l->words[a].box[3];
            while (b < l->n_words) {
                const int *pb = l->words[b - 1].box, *nb = l->words[b].box;
                int hh = VIPS_MAX(pb[3], nb[3]);
                if (nb[0] - (pb[0] + pb[2]) > 3 * hh)
                    break;
                if (nh < 64)
                    hs[nh++] = nb[3];
                b++;
            }
            int digits = 0, x0 = INT_MAX, y0 = INT_MAX, x1 = 0, y1 = 0;
            for (size_t k = a; k < b; k++) {
                const int *bx = l->words[k].box;
                digits += count_digits(l->words[k].text);
                x0 = VIPS_MIN(x0, bx[0]), y0 = VIPS_MIN(y0, bx[1]);
                x1 = VIPS_MAX(x1, bx[0] + bx[2]);
                y1 = VIPS_MAX(y1, bx[1] + bx[3]);
            }
            qsort(hs, (size_t)nh, sizeof *hs, cmp_int);
            int h = VIPS_MAX(4, hs[nh / 2]);
            if (digits >= min_digits) {
                struct icp_digit_run *r = &out[n++];
                int cy = (y0 + y1) / 2;
                int left = VIPS_MAX(prev_end + h / 2, x0 - (int)(left_h * h));
                r->box[0] = VIPS_CLIP(0, VIPS_MIN(left, x0), p->w - 2);
                r->box[1] = VIPS_CLIP(0, cy - h, p->h - 2);
                r->box[2] = VIPS_CLIP(1, x1 + (int)(right_h * h) - r->box[0],
                                      p->w - r->box[0]);
                r->box[3] = VIPS_CLIP(1, 2 * h, p->h - r->box[1]);
                r->h = h;
                r->digits = digits;
            }
            /* A stretch without digits may be the label itself, read
             * apart from its value: only a digit run bounds the next. */
            if (digits > 0)
                prev_end = x1;
            a = b;
        }
    }
    return n;
}

void icp_page_card_period(struct icp_worker *w, struct icp_image *img,
                          struct icp_result *res, struct icp_page *p,
                          const char *label, enum icp_span_rule span,
                          const char *extra, struct icp_period *out)
{
    icp_page_period(w, img, res, p, label, span, extra, out);
    for (int k = 0; !out->found && k < 2 &&
                    icp_page_reframe_card(w, img, res, p) == 0;
         k++)
        icp_page_period(w, img, res, p, label, span, extra, out);
}

void icp_page_fine_view(struct icp_image *img, struct icp_result *res,
                        struct icp_page *p)
{
    if (!p->fine)
        p->fine = icp_document_view_quick(img, FINE_SIDE, res);
}
