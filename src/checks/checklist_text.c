/* The checklist's printed words: OCR of a band of the page's binarised
 * view, character by character with estimated boxes, and labels found in
 * it with an OCR-tolerant match. */
#include <stdio.h>
#include <string.h>

#include "checks/checklist.h"
#include "core/util.h"

int icp_cl_fuzzy_find(const char *text, const char *pattern, int max_edits,
                      size_t *start_out, size_t *len_out)
{
    *start_out = *len_out = 0;
    glong n = 0, m = 0;
    gunichar *t = g_utf8_to_ucs4_fast(text, -1, &n);
    gunichar *p = g_utf8_to_ucs4_fast(pattern, -1, &m);
    int best = -1;
    if (m == 0 || n == 0)
        goto out;
    /* Sellers' approximate substring match: the pattern may start at any
     * text position for free; d[i][j] = edits of p[0..i) ending at t[j). */
    size_t cols = (size_t)n + 1;
    int *d = xmalloc(((size_t)m + 1) * cols * sizeof *d);
    for (size_t j = 0; j < cols; j++)
        d[j] = 0;
    for (glong i = 1; i <= m; i++) {
        d[i * cols] = (int)i;
        for (glong j = 1; j <= n; j++) {
            int sub = d[(i - 1) * cols + j - 1] + (p[i - 1] != t[j - 1]);
            int del = d[(i - 1) * cols + j] + 1;
            int ins = d[i * cols + j - 1] + 1;
            int v = sub < del ? sub : del;
            d[i * cols + j] = v < ins ? v : ins;
        }
    }
    glong end = -1;
    for (glong j = 1; j <= n; j++) {
        int v = d[m * cols + j];
        if (v <= max_edits && (best < 0 || v < best)) {
            best = v;
            end = j;
        }
    }
    if (best >= 0) {
        glong i = m, j = end;
        while (i > 0 && j > 0) {
            int v = d[i * cols + j];
            if (v == d[(i - 1) * cols + j - 1] + (p[i - 1] != t[j - 1]))
                i--, j--;
            else if (v == d[(i - 1) * cols + j] + 1)
                i--;
            else
                j--;
        }
        *start_out = (size_t)j;
        *len_out = (size_t)(end - j);
    }
    free(d);
out:
    g_free(t);
    g_free(p);
    return best;
}

static bool is_figure(const struct icp_cl_chr *c)
{
    return c->c < 128 && g_ascii_isdigit((char)c->c);
}

bool icp_cl_date_written(const struct icp_cl_text *t, int from,
                         const int *line, int slack, int run, int figures)
{
    int now = 0, longest = 0, all = 0;
    for (size_t i = 0; i < t->n; i++) {
        const int *b = t->c[i].box;
        int mid = b[1] + b[3] / 2;
        bool digit = is_figure(&t->c[i]) && b[1] + b[3] >= from &&
                     (!line || (mid >= line[1] - slack &&
                                mid <= line[1] + line[3] + slack));
        now = digit ? now + 1 : 0;
        all += digit;
        longest = now > longest ? now : longest;
    }
    return longest >= run || all >= figures;
}

void icp_cl_text_free(struct icp_cl_text *t)
{
    free(t->c);
    g_free(t->utf8);
    memset(t, 0, sizeof *t);
}

/* A libvips copy of columns [0, w) of rows [y0, y1) of an 8 bpp PIX;
 * caller unrefs. */
static VipsImage *band_image(PIX *pix, int w, int y0, int y1)
{
    int h = y1 - y0;
    VipsImage *im = vips_image_new_memory();
    if (vips_image_init_fields(im, w, h, 1, VIPS_FORMAT_UCHAR,
                               VIPS_CODING_NONE, VIPS_INTERPRETATION_B_W,
                               1.0, 1.0),
        vips_image_write_prepare(im)) {
        VIPS_UNREF(im);
        vips_error_clear();
        return NULL;
    }
    for (int y = 0; y < h; y++) {
        const l_uint32 *line = pixGetData(pix) +
                               (size_t)(y0 + y) * pixGetWpl(pix);
        unsigned char *q = VIPS_IMAGE_ADDR(im, 0, y);
        for (int x = 0; x < w; x++)
            q[x] = (unsigned char)GET_DATA_BYTE(line, x);
    }
    return im;
}

/* Appends the characters of one word, its box split evenly among them. */
static void add_word(struct icp_cl_text *out, GString *s, size_t *cap,
                     const struct icp_ocr_word *word, int y0, bool newline)
{
    glong len = g_utf8_strlen(word->text, -1);
    const int *wb = word->box;
    size_t need = out->n + (size_t)len + 1;
    if (need > *cap) {
        *cap = need * 2;
        out->c = xrealloc(out->c, *cap * sizeof *out->c);
    }
    if (newline && out->n) {
        out->c[out->n++] = (struct icp_cl_chr){'\n', {0, 0, 0, 0}, 0};
        g_string_append_c(s, '\n');
    }
    const char *p = word->text;
    for (glong k = 0; k < len; k++, p = g_utf8_next_char(p)) {
        struct icp_cl_chr *ch = &out->c[out->n++];
        ch->c = g_utf8_get_char(p);
        ch->box[0] = wb[0] + (int)(wb[2] * k / len);
        ch->box[1] = wb[1] + y0;
        ch->box[2] = VIPS_MAX(1, (int)(wb[2] / len));
        ch->box[3] = wb[3];
        ch->conf = word->conf;
        g_string_append_unichar(s, ch->c);
    }
}

int icp_cl_read_band(struct icp_ocr *ocr, const struct icp_cl_page *page,
                     PIX *from, int y0, int y1, double scale, bool local,
                     struct icp_cl_text *out)
{
    return icp_cl_read_block(ocr, page, from, page->w, y0, y1, scale, local,
                             out);
}

int icp_cl_read_block(struct icp_ocr *ocr, const struct icp_cl_page *page,
                      PIX *from, int x1, int y0, int y1, double scale,
                      bool local, struct icp_cl_text *out)
{
    PIX *src = from ? from : page->read;
    memset(out, 0, sizeof *out);
    x1 = VIPS_CLIP(1, x1, page->w);
    y0 = VIPS_CLIP(0, y0, page->h - 1);
    y1 = VIPS_CLIP(y0 + 1, y1, page->h);
    VipsImage *im = NULL;
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "checklist band %d..%d of %d (%d columns) at %.1f\n",
                y0, y1, page->h, x1, scale);
    if (!local) {
        im = band_image(src, x1, y0, y1);
        VipsImage *big = NULL;
        if (im && scale != 1 &&
            vips_resize(im, &big, scale, "kernel", VIPS_KERNEL_CUBIC, NULL))
            vips_error_clear();
        if (big) {
            VIPS_UNREF(im);
            im = big;
        }
    } else {
        /* Thresholded locally (Sauvola): Tesseract's global threshold
         * loses faint print beside a shadow. */
        BOX *b = boxCreate(0, y0, x1, y1 - y0);
        PIX *band = pixClipRectangle(src, b, NULL);
        PIX *big = band ? pixScaleGrayLI(band, (float)scale, (float)scale)
                        : NULL;
        PIX *bin = NULL, *grey = NULL;
        /* In tiles of about 1000 px, overlapped by Leptonica so that the
         * result is the same bits: the whole band's sums (12 bytes a
         * pixel) made a -j 2 batch's peak memory. */
        int nx = big ? (pixGetWidth(big) + 999) / 1000 : 1;
        int ny = big ? (pixGetHeight(big) + 999) / 1000 : 1;
        if (big && pixSauvolaBinarizeTiled(big, (int)(20 * scale), 0.34f,
                                           nx, ny, NULL, &bin) == 0 &&
            (grey = pixConvert1To8(NULL, bin, 255, 0)))
            im = band_image(grey, pixGetWidth(grey), 0, pixGetHeight(grey));
        boxDestroy(&b);
        pixDestroy(&band);
        pixDestroy(&big);
        pixDestroy(&bin);
        pixDestroy(&grey);
    }
    struct icp_ocr_word *words = NULL;
    size_t n_words = 0;
    long long t0 = icp_process_cpu_ms();
    int rc = im ? icp_ocr_words(ocr, im, ICP_PSM_SPARSE, NULL, &words,
                                &n_words)
                : -1;
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "checklist band %d..%d: %zu words, %lld ms CPU\n",
                y0, y1, n_words, icp_process_cpu_ms() - t0);
    VIPS_UNREF(im);
    if (rc)
        return -1;

    /* Sparse text comes block by block, roughly top to bottom: a word
     * whose middle is off the last one's line starts a new line. */
    GString *s = g_string_new(NULL);
    size_t cap = 0;
    int last_cy = -100000, last_h = 0;
    for (size_t i = 0; i < n_words; i++) {
        const int *wb = words[i].box;
        int cy = wb[1] + wb[3] / 2;
        if (g_utf8_strlen(words[i].text, -1) <= 0)
            continue;
        bool newline = abs(cy - last_cy) > VIPS_MAX(wb[3], last_h) * 0.6;
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "checklist word '%s' %d,%d %dx%d conf %.0f\n",
                    words[i].text, wb[0], wb[1] + y0, wb[2], wb[3],
                    words[i].conf);
        add_word(out, s, &cap, &words[i], y0, newline);
        last_cy = cy, last_h = wb[3];
    }
    icp_ocr_words_free(words, n_words);
    if (scale != 1)
        for (size_t i = 0; i < out->n; i++) {
            int *b = out->c[i].box;
            b[0] = (int)(b[0] / scale), b[2] = (int)(b[2] / scale);
            b[1] = y0 + (int)((b[1] - y0) / scale);
            b[3] = (int)(b[3] / scale);
        }
    out->utf8 = g_string_free(s, FALSE);
    return 0;
}

/* Whether boxes a and b cover over half of the smaller one's width and
 * half of its height in common: the same character read twice. */
static bool same_place(const int *a, const int *b)
{
    int ox = VIPS_MIN(a[0] + a[2], b[0] + b[2]) - VIPS_MAX(a[0], b[0]);
    int oy = VIPS_MIN(a[1] + a[3], b[1] + b[3]) - VIPS_MAX(a[1], b[1]);
    return 2 * ox > VIPS_MIN(a[2], b[2]) && 2 * oy > VIPS_MIN(a[3], b[3]);
}

static int by_middle_row(const void *pa, const void *pb)
{
    const struct icp_cl_chr *a = pa, *b = pb;
    int ya = 2 * a->box[1] + a->box[3], yb = 2 * b->box[1] + b->box[3];
    return (ya > yb) - (ya < yb);
}

static int by_column(const void *pa, const void *pb)
{
    const struct icp_cl_chr *a = pa, *b = pb;
    return (a->box[0] > b->box[0]) - (a->box[0] < b->box[0]);
}

void icp_cl_text_merge(const struct icp_cl_text *a,
                       const struct icp_cl_text *b, struct icp_cl_text *out)
{
    memset(out, 0, sizeof *out);
    struct icp_cl_chr *all = xmalloc((a->n + b->n + 1) * sizeof *all);
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->c[i].c != '\n' && a->c[i].box[2] > 0)
            all[n++] = a->c[i];
    size_t from_a = n;
    for (size_t j = 0; j < b->n; j++) {
        bool seen = b->c[j].c == '\n' || b->c[j].box[2] <= 0;
        for (size_t i = 0; i < from_a && !seen; i++)
            seen = same_place(all[i].box, b->c[j].box);
        if (!seen)
            all[n++] = b->c[j];
    }
    /* Lines as read_band() tells them (a middle off the line's by more
     * than 0.6 of a height starts a new one), each left to right. */
    qsort(all, n, sizeof *all, by_middle_row);
    out->c = xmalloc((2 * n + 1) * sizeof *out->c);
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < n;) {
        int cy = all[i].box[1] + all[i].box[3] / 2, h = all[i].box[3];
        size_t k = i + 1;
        while (k < n && abs(all[k].box[1] + all[k].box[3] / 2 - cy) <=
                            VIPS_MAX(h, all[k].box[3]) * 0.6)
            k++;
        qsort(all + i, k - i, sizeof *all, by_column);
        if (out->n) {
            out->c[out->n++] = (struct icp_cl_chr){'\n', {0, 0, 0, 0}, 0};
            g_string_append_c(s, '\n');
        }
        for (; i < k; i++) {
            out->c[out->n++] = all[i];
            g_string_append_unichar(s, all[i].c);
        }
    }
    out->utf8 = g_string_free(s, FALSE);
    free(all);
}

int icp_cl_find_label(const struct icp_cl_text *t, const char *label,
                      int max_edits, int *box)
{
    size_t start = 0, len = 0;
    if (!t->utf8)
        return -1;
    int e = icp_cl_fuzzy_find(t->utf8, label, max_edits, &start, &len);
    if (e < 0)
        return -1;
    int x0 = INT32_MAX, y0 = INT32_MAX, x1 = INT32_MIN, y1 = INT32_MIN;
    for (size_t i = start; i < start + len && i < t->n; i++) {
        const int *b = t->c[i].box;
        if (t->c[i].c == '\n' || b[2] == 0)
            continue;
        x0 = VIPS_MIN(x0, b[0]), y0 = VIPS_MIN(y0, b[1]);
        x1 = VIPS_MAX(x1, b[0] + b[2]), y1 = VIPS_MAX(y1, b[1] + b[3]);
    }
    if (x0 > x1)
        return -1;
    box[0] = x0, box[1] = y0, box[2] = x1 - x0, box[3] = y1 - y0;
    return e;
}
