/* Locating the document in a photo and turning it upright. The search runs
 * on a 512 px grey copy in plain C: a flood fill over 250 000 pixels costs
 * less than one libvips pipeline would. */
#include "checks/document.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ocr/ocr.h"
#include "ocr/pixconv.h"

enum { FIND_SIDE = 512, SKEW_SIDE = 1000, BASE_SIDE = 1600 };
/* The share of its outline's rectangle a document region fills at least:
 * whole licences on the generated phone photos (tilt to 20 degrees,
 * perspective to 0.12) filled 0.86 to 0.96; a desk's bright patch with the
 * document in it 0.41 to 0.74, a paper cut by a shadow 0.81. */
#define RECT_FILL 0.82
/* Grey levels a paper pixel stands above its surroundings' mean: JPEG
 * noise on a plain desk stays within a few. */
#define LOCAL_MARGIN 6
/* The finer ring's margin (grey levels), and the long side over the short
 * of what it finds: an A4 page 1.41 and a card 1.58, perspective taking
 * up to a tenth off either side (generated checklists on grey desks, seed
 * 6101: 1.27 to 1.45); a scan's ruled boxes measured 0.88 to 3. */
#define FINE_MARGIN 3
#define PAPER_ASPECT_MIN 1.22
#define PAPER_ASPECT_MAX 1.75
/* How far a card's framed proportions may fall short of ID-1's before a
 * side counts as lost: perspective foreshortens a side by up to 12 % on the
 * generated phone photos (persp to 0.12) and little more on real ones; a
 * permit whose region lost its shaded right part framed at 0.86 for 1.59. */
#define CARD_FIT 0.85

/* Labels the 4-connected region of `mask` value `from` that contains seed
 * with `to`; returns its size. `stack` holds w*h ints. */
static size_t flood(unsigned char *mask, int w, int h, int seed,
                    unsigned char from, unsigned char to, int *stack)
{
    size_t n = 0, top = 0;
    if (mask[seed] != from)
        return 0;
    mask[seed] = to;
    stack[top++] = seed;
    while (top) {
        int p = stack[--top], x = p % w, y = p / w;
        n++;
        int nb[4] = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1,
                     y > 0 ? p - w : -1, y < h - 1 ? p + w : -1};
        for (int k = 0; k < 4; k++)
            if (nb[k] >= 0 && mask[nb[k]] == from) {
                mask[nb[k]] = to;
                stack[top++] = nb[k];
            }
    }
    return n;
}

/* Marks the largest bright region as 2 and everything enclosed by it (text,
 * photo, emblem) as 2 too; returns the region's pixel count. */
static size_t largest_filled_region(unsigned char *mask, int w, int h)
{
    int *stack = xmalloc((size_t)w * h * sizeof *stack);
    size_t best = 0;
    int best_seed = -1;
    for (int p = 0; p < w * h; p++)
        if (mask[p] == 1) {
            size_t n = flood(mask, w, h, p, 1, 3, stack);
            if (n > best) {
                best = n;
                best_seed = p;
            }
        }
    size_t total = 0;
    if (best_seed >= 0) {
        flood(mask, w, h, best_seed, 3, 2, stack);
        /* Whatever the border can reach without crossing the region lies
         * outside it; the rest is the region and its holes. */
        for (int p = 0; p < w * h; p++)
            if (mask[p] != 2)
                mask[p] = 0;
        for (int x = 0; x < w; x++) {
            flood(mask, w, h, x, 0, 4, stack);
            flood(mask, w, h, (h - 1) * w + x, 0, 4, stack);
        }
        for (int y = 0; y < h; y++) {
            flood(mask, w, h, y * w, 0, 4, stack);
            flood(mask, w, h, y * w + w - 1, 0, 4, stack);
        }
        for (int p = 0; p < w * h; p++) {
            mask[p] = mask[p] == 4 ? 0 : 2;
            total += mask[p] == 2;
        }
    }
    free(stack);
    return total;
}

/* Fraction of the frame's edge pixels that belong to the region: a region
 * running along the edges is the desk or a wall, not a document on it. */
static double edge_share(const unsigned char *mask, int w, int h)
{
    size_t on = 0;
    for (int x = 0; x < w; x++)
        on += (mask[x] == 2) + (mask[(size_t)(h - 1) * w + x] == 2);
    for (int y = 0; y < h; y++)
        on += (mask[(size_t)y * w] == 2) + (mask[(size_t)y * w + w - 1] == 2);
    return (double)on / (2.0 * (w + h));
}

/* Tilt of a region, folded into (-45, 45]: the dominant direction of its
 * outline. A card's four edges all vote for one tilt modulo 90 degrees,
 * where a shadow that cut part of it off leaves a ragged edge that votes
 * for none; the region's second moments would follow the cut. */
static double region_angle(const unsigned char *mask, int w, int h)
{
    double hist[90] = {0};
    /* The indicator blurred (a 5x5 box, twice) first: Sobel on a hard
     * staircase edge gives only a few quantised directions. */
    float *a = xcalloc((size_t)w * h, sizeof *a);
    float *b = xcalloc((size_t)w * h, sizeof *b);
    for (size_t p = 0; p < (size_t)w * h; p++)
        a[p] = mask[p] == 2;
    for (int pass = 0; pass < 4; pass++) {
        /* Passes alternate across and down, a into b and back. */
        const float *src = pass % 2 ? b : a;
        float *dst = pass % 2 ? a : b;
        int dx = pass % 2 ? 0 : 1, dy = pass % 2 ? 1 : 0;
        /* Away from the ends of a row (or column) no tap is clipped: the
         * same five sums in the same order, without the clipping (a third
         * of the document search's own time). */
        size_t step = dx ? 1 : (size_t)w;
        int n = dx ? w : h;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int along = dx ? x : y;
                size_t p = (size_t)y * w + x;
                if (along >= 2 && along < n - 2) {
                    float v = 0;
                    v += src[p - 2 * step];
                    v += src[p - step];
                    v += src[p];
                    v += src[p + step];
                    v += src[p + 2 * step];
                    dst[p] = v / 5;
                    continue;
                }
                float v = 0;
                for (int k = -2; k <= 2; k++) {
                    int xx = VIPS_CLIP(0, x + k * dx, w - 1);
                    int yy = VIPS_CLIP(0, y + k * dy, h - 1);
                    v += src[(size_t)yy * w + xx];
                }
                dst[p] = v / 5;
            }
    }
    for (int y = 1; y < h - 1; y++)
        for (int x = 1; x < w - 1; x++) {
            const float *m = a + (size_t)y * w + x;
            double gx = m[-w + 1] + 2 * m[1] + m[w + 1] - m[-w - 1] -
                        2 * m[-1] - m[w - 1];
            double gy = m[w - 1] + 2 * m[w] + m[w + 1] - m[-w - 1] -
                        2 * m[-w] - m[-w + 1];
            double g = sqrt(gx * gx + gy * gy);
            if (g < 0.05)
                continue;
            /* The edge's normal, folded modulo 90 into [0, 90). */
            double d = fmod(atan2(gy, gx) * 180 / M_PI + 360.0, 90.0);
            hist[(int)d % 90] += g;
        }
    free(a);
    free(b);
    /* The peak of the histogram smoothed over 5 degrees, then the mean
     * around it. */
    int peak = 0;
    double best = -1;
    for (int i = 0; i < 90; i++) {
        double v = 0;
        for (int k = -2; k <= 2; k++)
            v += hist[(i + k + 90) % 90];
        if (v > best)
            best = v, peak = i;
    }
    double sum = 0, wsum = 0;
    for (int k = -3; k <= 3; k++) {
        double v = hist[(peak + k + 90) % 90];
        sum += v * (peak + k + 0.5);
        wsum += v;
    }
    if (wsum <= 0)
        return 0;
    double t = sum / wsum;
    while (t > 45)
        t -= 90;
    while (t <= -45)
        t += 90;
    return t;
}

int icp_text_skew(VipsImage *grey, double *angle_out, double *conf_out)
{
    *angle_out = 0;
    *conf_out = 0;
    if (grey->Bands != 1 || grey->BandFmt != VIPS_FORMAT_UCHAR)
        return -1;
    const unsigned char *px = vips_image_get_data(grey);
    PIX *pix = icp_pix_from_vips(grey), *bin = NULL;
    float angle = 0, conf = 0;
    if (!pix)
        return -1;
    /* Otsu puts its threshold in the dark class; Leptonica blackens what
     * lies below the value it is given. */
    bin = pixThresholdToBinary(
        pix, icp_otsu_threshold(px, VIPS_IMAGE_N_PELS(grey)) + 1);
    if (bin && pixFindSkewSweepAndSearch(bin, &angle, &conf, 2, 2, 25.0f,
                                         1.0f, 0.05f) != 0)
        angle = 0;
    pixDestroy(&bin);
    pixDestroy(&pix);
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "skew %.2f conf %.2f\n", angle, conf);
    *conf_out = conf;
    if (conf <= 0.0f)
        return -1;
    /* Leptonica's angle is the one to rotate by (counter-clockwise
     * positive); ours is the tilt, clockwise positive. */
    *angle_out = -angle;
    return 0;
}

static VipsImage *grey_copy(VipsImage *in)
{
    VipsImage *g = NULL, *mem = NULL;
    if (vips_colourspace(in, &g, VIPS_INTERPRETATION_B_W, NULL) == 0)
        mem = vips_image_copy_memory(g);
    VIPS_UNREF(g);
    if (!mem)
        vips_error_clear();
    return mem;
}

/* The bounding box of mask value 2 after turning the mask by -angle, as
 * fractions of the turned mask. */
static void turned_box(const unsigned char *mask, int w, int h, double angle,
                       double *box)
{
    double rad = -angle * M_PI / 180, c = cos(rad), s = sin(rad);
    /* The turned canvas grows to hold the whole rotated frame. */
    double tw = fabs(w * c) + fabs(h * s), th = fabs(w * s) + fabs(h * c);
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            if (mask[y * w + x] != 2)
                continue;
            double dx = x - w / 2.0, dy = y - h / 2.0;
            double rx = dx * c - dy * s + tw / 2, ry = dx * s + dy * c + th / 2;
            x0 = fmin(x0, rx), x1 = fmax(x1, rx);
            y0 = fmin(y0, ry), y1 = fmax(y1, ry);
        }
    box[0] = fmax(0, x0 / tw);
    box[1] = fmax(0, y0 / th);
    box[2] = fmin(1, (x1 + 1) / tw) - box[0];
    box[3] = fmin(1, (y1 + 1) / th) - box[1];
}

static int print_skew(struct icp_image *img, struct icp_result *res,
                      double *out, double *conf);
static void region_bounds(const unsigned char *mask, int w, int h,
                          double *frac);
static void crop_to_print(struct icp_image *img, struct icp_result *res);

/* The turned box of the region at img->doc.angle, cropped to the print
 * where no paper stood out from the desk (so that a passport on a white
 * table is read at a useful size). */
static void frame_document(struct icp_image *img, struct icp_result *res)
{
    turned_box(img->doc.mask, img->doc.mask_w, img->doc.mask_h,
               img->doc.angle, img->doc.box);
    if (!img->doc.found)
        crop_to_print(img, res);
}

int icp_document_use_alternative(struct icp_image *img,
                                 struct icp_result *res)
{
    if (!img->doc.known || !img->doc.has_alt || !img->doc.mask)
        return -1;
    /* A swap: calling again goes back to the first estimate. */
    double a = img->doc.angle;
    img->doc.angle = img->doc.alt_angle;
    img->doc.alt_angle = a;
    frame_document(img, res);
    return 0;
}

void icp_document_turn_by(struct icp_image *img, struct icp_result *res,
                          double delta)
{
    if (!img->doc.known || !img->doc.mask)
        return;
    img->doc.angle += delta;
    frame_document(img, res);
}

/* The document's box in pixels, and the frame it is measured in (the
 * upright photo turned by the document's angle). */
struct doc_frame {
    double tw, th; /* the turned frame's size */
    double bw, bh; /* the box's size */
};

/* Fills f for a known document that a widening to `aspect` (long side
 * over short, at least 1) can apply to; -1 otherwise. */
static int doc_frame(const struct icp_image *img, double aspect,
                     struct doc_frame *f)
{
    if (!img->doc.known || aspect < 1.0)
        return -1;
    double W = img->rotation % 180 ? img->height : img->width;
    double H = img->rotation % 180 ? img->width : img->height;
    double rad = img->doc.angle * M_PI / 180, c = cos(rad), s = sin(rad);
    f->tw = fabs(W * c) + fabs(H * s);
    f->th = fabs(W * s) + fabs(H * c);
    f->bw = img->doc.box[2] * f->tw;
    f->bh = img->doc.box[3] * f->th;
    return 0;
}

int icp_document_widen_card(struct icp_image *img, double aspect)
{
    struct doc_frame f;
    if (doc_frame(img, aspect, &f))
        return -1;
    double *b = img->doc.box, tw = f.tw, th = f.th, bw = f.bw, bh = f.bh;
    int axis = bw < CARD_FIT * bh * aspect       ? 0
               : bh < CARD_FIT * bw / aspect ? 1
                                             : -1;
    if (axis < 0)
        return -1;
    double want = axis == 0 ? bh * aspect / tw : bw / aspect / th;
    double grow = want - b[2 + axis];
    double lo = VIPS_MAX(0.0, b[axis] - grow);
    double hi = VIPS_MIN(1.0, b[axis] + b[2 + axis] + grow);
    b[axis] = lo;
    b[2 + axis] = hi - lo;
    return 0;
}

/* Whether the region (mask value 2, n pixels) fills most of its own
 * rectangle at the tilt of its outline: paper or a card does, even in
 * perspective; a patch of bright desk with the document in it does not. */
static bool rectangular(const unsigned char *mask, int w, int h, size_t n)
{
    if (n == 0)
        return false;
    double angle = region_angle(mask, w, h), box[4];
    double rad = angle * M_PI / 180, c = fabs(cos(rad)), s = fabs(sin(rad));
    double tw = w * c + h * s, th = w * s + h * c;
    turned_box(mask, w, h, angle, box);
    double rect = box[2] * tw * box[3] * th;
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "document: region %.2f of the frame fills %.2f of "
                "its rectangle\n", (double)n / ((double)w * h),
                rect > 0 ? (double)n / rect : 0.0);
    return rect > 0 && (double)n / rect > RECT_FILL;
}

/* The mean of each pixel's surroundings: a Gaussian of sigma `sigma` over
 * the grey frame `in`, into memory. The mean is smooth on the scale of
 * sigma (a sixth or a twelfth of the frame), so it is taken on a copy
 * shrunk by SURROUND_SHRINK and scaled back: the blur at full size was
 * 30 of the document search's 80 ms of CPU; the mean moves by under a
 * grey level. NULL when it cannot be made. */
#define SURROUND_SHRINK 4
static VipsImage *surround_mean(VipsImage *in, double sigma)
{
    int w = in->Xsize, h = in->Ysize, k = SURROUND_SHRINK;
    VipsImage *small = NULL, *blur = NULL, *up = NULL, *mem = NULL;
    if (sigma / k >= 2 && w / k >= 16 && h / k >= 16) {
        if (vips_shrink(in, &small, k, k, NULL) == 0 &&
            vips_gaussblur(small, &blur, sigma / k, "precision",
                           VIPS_PRECISION_INTEGER, NULL) == 0 &&
            vips_resize(blur, &up, (double)w / blur->Xsize, "vscale",
                        (double)h / blur->Ysize, NULL) == 0 &&
            up->Xsize == w && up->Ysize == h)
            mem = vips_image_copy_memory(up);
    } else if (vips_gaussblur(in, &blur, sigma, "precision",
                              VIPS_PRECISION_INTEGER, NULL) == 0)
        mem = vips_image_copy_memory(blur);
    VIPS_UNREF(small);
    VIPS_UNREF(blur);
    VIPS_UNREF(up);
    return mem;
}

/* The ring of pixels brighter by `margin` than the mean of their
 * surroundings (a Gaussian of the frame's long side over `div`), its
 * largest region filled, in m (as largest_filled_region() leaves it);
 * returns the region's size, 0 when it cannot be made. */
static size_t ring_region(const unsigned char *px, int w, int h, double div,
                          int margin, unsigned char *m)
{
    size_t total = (size_t)w * h, got = 0;
    VipsImage *in = NULL, *mem = NULL;
    in = vips_image_new_from_memory((void *)px, total, w, h, 1,
                                    VIPS_FORMAT_UCHAR);
    if (in && (mem = surround_mean(in, VIPS_MAX(w, h) / div)) &&
        (size_t)mem->Xsize * mem->Ysize == total && mem->Bands == 1 &&
        mem->BandFmt == VIPS_FORMAT_UCHAR) {
        const unsigned char *mean = vips_image_get_data(mem);
        for (size_t p = 0; p < total; p++)
            m[p] = px[p] > mean[p] + margin;
        got = largest_filled_region(m, w, h);
    }
    VIPS_UNREF(mem);
    VIPS_UNREF(in);
    vips_error_clear();
    return got;
}

/* Other regions the paper may be, where the first threshold (mask, *n
 * pixels) did not give a rectangular one: on a light desk it splits the
 * desk's own light and shade and the paper is lost in the desk's bright
 * part, so the brighter class is split again, up to twice; and, tried
 * always, the paper against its surroundings (a shadow or the light's
 * fall-off cuts part of the paper off any one threshold). A region must
 * stand clear of the frame's edges and be rectangular; `mask` and *n
 * (and *found) are replaced only by one that is. */
static void brighter_paper(const unsigned char *px, int w, int h, int t,
                           unsigned char *mask, size_t *n, bool *found)
{
    size_t total = (size_t)w * h;
    unsigned char *m = xmalloc(total), *upper = xmalloc(total);
    bool better = *found && rectangular(mask, w, h, *n);
    for (int pass = 0; pass < 2 && !better; pass++) {
        /* Otsu's threshold over the pixels above the last threshold. */
        size_t k = 0;
        for (size_t p = 0; p < total; p++)
            if (px[p] > t)
                upper[k++] = px[p];
        if (k < total / 20)
            break;
        int t2 = icp_otsu_threshold(upper, k);
        if (t2 <= t + 4)
            break;
        t = t2;
        for (size_t p = 0; p < total; p++)
            m[p] = px[p] > t;
        size_t got = largest_filled_region(m, w, h);
        double area = (double)got / (double)total;
        if (area > 0.06 && area < 0.92 && edge_share(m, w, h) < 0.25 &&
            rectangular(m, w, h, got)) {
            memcpy(mask, m, total);
            *n = got;
            *found = better = true;
            break;
        }
    }
    {
        /* The paper's light falling off across it: each pixel against the
         * mean of its surroundings, a sixth of the frame across. Near its
         * edges the paper is brighter than the desk around it, the desk
         * darker than the paper: the ring that leaves encloses the paper,
         * and filling its holes gives the paper whole. */
        size_t got = ring_region(px, w, h, 12, LOCAL_MARGIN, m);
        double area = (double)got / (double)total;
        /* Where light and shade split the paper, the ring takes it
         * whole: the larger of two regions that both pass. */
        if (area > 0.06 && area < 0.92 && edge_share(m, w, h) < 0.25 &&
            (!better || got > *n) && rectangular(m, w, h, got)) {
            memcpy(mask, m, total);
            *n = got;
            *found = true;
        }
    }
    free(upper);
    free(m);
}

/* The long side over the short of the region's box at the tilt of its
 * outline. */
static double region_aspect(const unsigned char *mask, int w, int h)
{
    double angle = region_angle(mask, w, h), box[4];
    double rad = angle * M_PI / 180, c = fabs(cos(rad)), s = fabs(sin(rad));
    double tw = w * c + h * s, th = w * s + h * c;
    turned_box(mask, w, h, angle, box);
    double bw = box[2] * tw, bh = box[3] * th;
    return bw > 0 && bh > 0 ? fmax(bw, bh) / fmin(bw, bh) : 0;
}

/* The paper on a mottled desk (grey laminate, light patches and shade),
 * where neither Otsu's classes nor the coarse ring gave a rectangular
 * region: the light falls off across the paper as much as across the
 * desk, so no one threshold parts them, and the coarse ring (a sixth of
 * the frame) runs into the desk's own light patches. A finer ring (a
 * twelfth of the frame, FINE_MARGIN) follows the paper's edge and its
 * shadow. It must be rectangular, clear of the frame's edges, and have a
 * document's proportions: a ruled box on a page that fills the frame (a
 * table, the signature's box) would pass the rest. */
static void fine_ring(const unsigned char *px, int w, int h,
                      unsigned char *mask, size_t *n, bool *found)
{
    size_t total = (size_t)w * h;
    unsigned char *m = xmalloc(total);
    size_t got = ring_region(px, w, h, 24, FINE_MARGIN, m);
    double area = (double)got / (double)total, aspect = region_aspect(m, w, h);
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "document: fine ring %.2f of the frame, long/short "
                "%.2f\n", area, aspect);
    if (area > 0.06 && area < 0.92 && edge_share(m, w, h) < 0.25 &&
        aspect >= PAPER_ASPECT_MIN && aspect <= PAPER_ASPECT_MAX &&
        rectangular(m, w, h, got)) {
        memcpy(mask, m, total);
        *n = got;
        *found = true;
    }
    free(m);
}

static int find_document(struct icp_image *img, struct icp_result *res,
                         bool use_region);

VipsImage *icp_document_search_copy(struct icp_image *img,
                                    struct icp_result *res)
{
    return icp_image_at(img, FIND_SIDE, res);
}

int icp_document_find(struct icp_image *img, struct icp_result *res)
{
    return img->doc.known ? 0 : find_document(img, res, true);
}

int icp_document_reframe_by_print(struct icp_image *img,
                                  struct icp_result *res)
{
    if (!img->doc.known || !img->doc.found || !img->doc.mask)
        return -1;
    size_t n = 0, total = (size_t)img->doc.mask_w * img->doc.mask_h;
    for (size_t p = 0; p < total; p++)
        n += img->doc.mask[p] == 2;
    if (rectangular(img->doc.mask, img->doc.mask_w, img->doc.mask_h, n))
        return -1;
    return icp_document_reframe_whole(img, res);
}

int icp_document_reframe_whole(struct icp_image *img, struct icp_result *res)
{
    if (!img->doc.known || !img->doc.found)
        return -1;
    free(img->doc.mask);
    memset(&img->doc, 0, sizeof img->doc);
    return find_document(img, res, false);
}

/* icp_document_find(); without `use_region`, no region is taken for the
 * document: the whole frame is, cropped to its print. */
static int find_document(struct icp_image *img, struct icp_result *res,
                         bool use_region)
{
    struct icp_stage_timer timer;
    icp_stage_timer_start(&timer);
    VipsImage *small = icp_document_search_copy(img, res);
    if (!small)
        return -1;
    VipsImage *grey = grey_copy(small);
    if (!grey)
        return -1;
    int w = grey->Xsize, h = grey->Ysize;
    const unsigned char *px = vips_image_get_data(grey);
    unsigned char *mask = xmalloc((size_t)w * h);
    int t = icp_otsu_threshold(px, (size_t)w * h);
    for (int p = 0; p < w * h; p++)
        mask[p] = px[p] > t;
    size_t n = largest_filled_region(mask, w, h);
    img->doc.known = true;
    img->doc.area = (double)n / ((double)w * h);
    /* Below a few percent it is a speck; above nearly all it is a scan or
     * a close-up, where the text lines tell the tilt better. */
    img->doc.found = img->doc.area > 0.06 && img->doc.area < 0.92 &&
                     edge_share(mask, w, h) < 0.25;
    if (use_region) {
        brighter_paper(px, w, h, t, mask, &n, &img->doc.found);
        if (!img->doc.found)
            fine_ring(px, w, h, mask, &n, &img->doc.found);
    } else {
        img->doc.found = false;
    }
    img->doc.area = (double)n / ((double)w * h);
    /* Text lines tell the tilt best, whatever the desk; the outline of the
     * paper is the fallback for a page with too little text. */
    if (!img->doc.found)
        memset(mask, 2, (size_t)w * h); /* the whole frame is the document */
    double frac[4], text_angle = 0, conf = 0;
    region_bounds(mask, w, h, frac);
    memcpy(img->doc.bounds, frac, sizeof frac);
    print_skew(img, res, &text_angle, &conf);
    /* Leptonica's confidence: above 2 the print's lines are clear; a weak
     * reading still beats no tilt at all when there is no outline. */
    bool text_ok = conf > 1.0;
    double outline = img->doc.found ? region_angle(mask, w, h) : 0;
    img->doc.angle = text_ok ? text_angle : outline;
    /* Where the two disagree, the other is kept for a second reading. */
    img->doc.alt_angle = text_ok ? outline : text_angle;
    img->doc.has_alt = (img->doc.found || conf > 0.3) &&
                       fabs(img->doc.alt_angle - img->doc.angle) > 2.0;
    img->doc.mask = mask;
    img->doc.mask_w = w, img->doc.mask_h = h;
    mask = NULL;
    frame_document(img, res);
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "document: found %d area %.2f angle %.1f from "
                "%s box %.2f %.2f %.2f %.2f\n", img->doc.found,
                img->doc.area, img->doc.angle, text_ok ? "text" : "outline", img->doc.box[0],
                img->doc.box[1], img->doc.box[2], img->doc.box[3]);
    free(mask);
    VIPS_UNREF(grey);
    icp_stage_lap(&timer, res->path, "frame");
    return 0;
}

/* The size of the canvas that an image of W x H px turned by `angle`
 * degrees about its centre makes, as turned_window() cuts a window from
 * it: the image's own size under 0.3 degrees, where the window is cut
 * unturned. */
static void turned_canvas(double W, double H, double angle, double *tw,
                          double *th)
{
    double rad = angle * M_PI / 180, c = cos(rad), s = sin(rad);
    bool level = fabs(angle) < 0.3;
    *tw = level ? W : fabs(W * c) + fabs(H * s);
    *th = level ? H : fabs(W * s) + fabs(H * c);
}

/* One output pixel of icp_turn_bilinear(): the source at (ix, iy) in a frame
 * of one background pixel around the source (so 0 is its left edge's
 * outside neighbour), interpolated bilinearly in 12-bit fixed point. */
static inline void bilinear_pixel(const unsigned char *in, int iw, int ih,
                                  int bands, const unsigned char *bg,
                                  double ix, double iy, unsigned char *q)
{
    int fx = (int)floor(ix), fy = (int)floor(iy);
    if (fx < 0 || fy < 0 || fx > iw || fy > ih) {
        memcpy(q, bg, (size_t)bands);
        return;
    }
    int X = (int)((ix - fx) * 4096), Y = (int)((iy - fy) * 4096);
    int c4 = (X * Y) >> 12, c2 = ((4096 - Y) * X) >> 12;
    int c3 = Y - c4, c1 = 4096 - Y - c2;
    /* Source pixel (fx - 1, fy - 1) and its right and lower neighbours. */
    int sx = fx - 1, sy = fy - 1;
    size_t ls = (size_t)iw * bands;
    if (sx >= 0 && sy >= 0 && sx + 1 < iw && sy + 1 < ih) {
        const unsigned char *p = in + sy * ls + (size_t)sx * bands;
        for (int z = 0; z < bands; z++)
            q[z] = (unsigned char)((c1 * p[z] + c2 * p[z + bands] +
                                    c3 * p[z + ls] + c4 * p[z + ls + bands] +
                                    2048) >> 12);
        return;
    }
    for (int z = 0; z < bands; z++) {
        int v[4];
        for (int k = 0; k < 4; k++) {
            int x = sx + (k & 1), y = sy + (k >> 1);
            v[k] = x < 0 || y < 0 || x >= iw || y >= ih
                       ? bg[z]
                       : in[(size_t)y * ls + (size_t)x * bands + z];
        }
        q[z] = (unsigned char)((c1 * v[0] + c2 * v[1] + c3 * v[2] +
                                c4 * v[3] + 2048) >> 12);
    }
}

/* libvips calls its interpolator through a function pointer pixel by
 * pixel (some 13 ns a pixel and band, 10-20 ms of CPU for a card's 1100 px
 * view, some 50 for a fine view); this loop does the same arithmetic in a
 * fraction of that. Checked against vips_affine() on 12 million random
 * samples (edges included) and 95 views of photos: no pixel differed. */
struct turn_args {
    VipsImage *src; /* in memory; a reference held */
    double ia, ib, ic, id; /* the inverse matrix */
    double ol, ot, odx, ody;
    unsigned char bg[4];
};

static void turn_args_free(void *data)
{
    struct turn_args *t = data;
    VIPS_UNREF(t->src);
    g_free(t);
}

/* Fills a region of the turned image: row by row from the region's left,
 * stepping by the matrix's derivative, as vips_affine() does. */
static int turn_gen(VipsRegion *out, void *seq, void *a, void *b,
                    gboolean *stop)
{
    (void)seq;
    (void)a;
    (void)stop;
    const struct turn_args *t = b;
    const VipsRect *r = &out->valid;
    VipsImage *src = t->src;
    const unsigned char *in = vips_image_get_data(src);
    int iw = src->Xsize, ih = src->Ysize, bands = src->Bands;
    for (int y = r->top; y < r->top + r->height; y++) {
        double ox = r->left + t->ol - t->odx, oy = y + t->ot - t->ody;
        double ix = t->ia * ox + t->ib * oy + 1;
        double iy = t->ic * ox + t->id * oy + 1;
        unsigned char *q = VIPS_REGION_ADDR(out, r->left, y);
        for (int x = 0; x < r->width; x++, q += bands) {
            bilinear_pixel(in, iw, ih, bands, t->bg, ix, iy, q);
            ix += t->ia;
            iy += t->ic;
        }
    }
    return 0;
}

VipsImage *icp_turn_bilinear(VipsImage *src, double a, double b, double c,
                             double d, int ol, int ot, int W, int H,
                             double odx, double ody, const unsigned char *bg)
{
    double det = a * d - b * c;
    if (src->BandFmt != VIPS_FORMAT_UCHAR || src->Coding != VIPS_CODING_NONE ||
        src->Bands > 4 || det == 0 || W < 1 || H < 1 ||
        (src->dtype != VIPS_IMAGE_SETBUF &&
         src->dtype != VIPS_IMAGE_SETBUF_FOREIGN) ||
        !vips_image_get_data(src))
        return NULL;
    struct turn_args *t = g_new0(struct turn_args, 1);
    t->src = src;
    g_object_ref(src);
    t->ia = d / det, t->ib = -b / det, t->ic = -c / det, t->id = a / det;
    t->ol = ol, t->ot = ot, t->odx = odx, t->ody = ody;
    memcpy(t->bg, bg, (size_t)src->Bands);
    /* Made on demand, tile by tile, as vips_affine()'s output is: a view
     * scaled after its turn never holds the turned window whole (a fine
     * view's is up to 47 MB). */
    VipsImage *out = vips_image_new();
    g_object_set_data_full(G_OBJECT(out), "icp-turn", t, turn_args_free);
    if (vips_image_pipelinev(out, VIPS_DEMAND_STYLE_SMALLTILE, src, NULL)) {
        VIPS_UNREF(out);
        vips_error_clear();
        return NULL;
    }
    out->Xsize = W;
    out->Ysize = H;
    if (vips_image_generate(out, NULL, turn_gen, NULL, src, t)) {
        VIPS_UNREF(out);
        vips_error_clear();
        return NULL;
    }
    return out;
}

/* The window `box` (fractions of the image turned clockwise by `angle`
 * about its centre on a grown canvas, as turn() makes it) of an image of
 * W x H px, cut from `src`, which holds that image's pixels from (rx, ry)
 * on: only the window's pixels are turned, scaled by k on the way where it
 * is turned (k <= 1). Returns a new image or NULL. */
static VipsImage *turned_window(VipsImage *src, int rx, int ry, double W,
                                double H, double angle, const double *box,
                                double k)
{
    double rad = angle * M_PI / 180, c = cos(rad), s = sin(rad);
    bool level = fabs(angle) < 0.3;
    double tw, th;
    turned_canvas(W, H, angle, &tw, &th);
    int x = (int)(box[0] * tw), y = (int)(box[1] * th);
    int cw = (int)(box[2] * tw), ch = (int)(box[3] * th);
    x = VIPS_CLIP(0, x, (int)tw - 1), y = VIPS_CLIP(0, y, (int)th - 1);
    cw = VIPS_CLIP(1, cw, (int)tw - x), ch = VIPS_CLIP(1, ch, (int)th - y);
    VipsImage *out = NULL;
    if (level) {
        int ex = VIPS_CLIP(0, x - rx, src->Xsize - 1);
        int ey = VIPS_CLIP(0, y - ry, src->Ysize - 1);
        if (vips_extract_area(src, &out, ex, ey,
                              VIPS_CLIP(1, cw, src->Xsize - ex),
                              VIPS_CLIP(1, ch, src->Ysize - ey), NULL))
            return NULL;
        return out;
    }
    /* Turned coordinates: M (q - centre) + canvas centre, q = src pixel +
     * (rx, ry). */
    double dx = rx - W / 2, dy = ry - H / 2;
    double odx = c * dx - s * dy + tw / 2, ody = s * dx + c * dy + th / 2;
    /* Paper white where the window reaches past the photo: black would
     * read as a dark blob to the binariser. */
    static const unsigned char paper[4] = {255, 255, 255, 255};
    if ((src->Bands == 1 || src->Bands == 3) &&
        (out = icp_turn_bilinear(src, k * c, -k * s, k * s, k * c, (int)(x * k),
                             (int)(y * k), VIPS_MAX(1, (int)(cw * k)),
                             VIPS_MAX(1, (int)(ch * k)), k * odx, k * ody,
                             paper)))
        return out;
    double white[] = {255, 255, 255};
    VipsArrayDouble *bg = vips_array_double_new(white, src->Bands < 3 ? 1 : 3);
    VipsArrayInt *area = vips_array_int_newv(
        4, (int)(x * k), (int)(y * k), VIPS_MAX(1, (int)(cw * k)),
        VIPS_MAX(1, (int)(ch * k)));
    int rc = vips_affine(src, &out, k * c, -k * s, k * s, k * c, "oarea",
                         area, "odx", k * odx, "ody", k * ody, "interpolate",
                         vips_interpolate_bilinear_static(), "extend",
                         VIPS_EXTEND_BACKGROUND, "background", bg, NULL);
    vips_area_unref(VIPS_AREA(area));
    vips_area_unref(VIPS_AREA(bg));
    return rc ? NULL : out;
}

/* The full-resolution rectangle of the seen image that the document's
 * turned box covers, with a small margin. */
static void window_source(const struct icp_image *img, double W, double H,
                          int *rect)
{
    double rad = -img->doc.angle * M_PI / 180, c = cos(rad), s = sin(rad);
    double tw = fabs(W * c) + fabs(H * s), th = fabs(W * s) + fabs(H * c);
    const double *b = img->doc.box;
    double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
    for (int i = 0; i < 4; i++) {
        double tx = (b[0] + (i & 1 ? b[2] : 0)) * tw - tw / 2;
        double ty = (b[1] + (i & 2 ? b[3] : 0)) * th - th / 2;
        /* The inverse turn: M transposed. */
        double qx = c * tx + s * ty + W / 2, qy = -s * tx + c * ty + H / 2;
        x0 = fmin(x0, qx), x1 = fmax(x1, qx);
        y0 = fmin(y0, qy), y1 = fmax(y1, qy);
    }
    int X0 = VIPS_CLIP(0, (int)floor(x0) - 3, (int)W - 1);
    int Y0 = VIPS_CLIP(0, (int)floor(y0) - 3, (int)H - 1);
    int X1 = VIPS_CLIP(X0 + 1, (int)ceil(x1) + 3, (int)W);
    int Y1 = VIPS_CLIP(Y0 + 1, (int)ceil(y1) + 3, (int)H);
    rect[0] = X0, rect[1] = Y0, rect[2] = X1 - X0, rect[3] = Y1 - Y0;
}

/* The long side, in px of an image of W x H, of the window
 * turned_window() cuts from it. */
static double window_long_side(const struct icp_image *img, double W,
                               double H)
{
    double tw, th;
    turned_canvas(W, H, -img->doc.angle, &tw, &th);
    return fmax(img->doc.box[2] * tw, img->doc.box[3] * th);
}

/* Whether the copy a view of `long_side` is cut from holds the document's
 * window at fewer pixels than asked for while the photo holds more: a page
 * a fifth of the frame is some 700 px in the 1600 px copy, and a view of
 * 1100 px scaled up from it reads no better than the 700. A window short by
 * less than a quarter is not worth the decode (50 ms CPU), and its reading
 * changes without gaining: a card at 0.75 and a checklist's strip at 0.81
 * of the view read worse from the photo (its grain kept) than from the
 * copy, and were not recognised (seed 6449, 12 per type). */
static bool window_wants_full(const struct icp_image *img, int long_side,
                              int copy_side)
{
    double W = img->rotation % 180 ? img->height : img->width;
    double H = img->rotation % 180 ? img->width : img->height;
    double full_side = fmax(W, H);
    if (full_side <= copy_side)
        return false;
    double in_copy = window_long_side(img, W, H) * copy_side / full_side;
    return in_copy < 0.75 * long_side;
}

/* *src (a region of an image of *W x *H px at (*rx, *ry)) replaced by
 * itself scaled by f < 1, and the image's size and the region's place with
 * it. Returns 0, or -1 (vips error set; *src unreffed and NULL). */
static int shrink_region(VipsImage **src, double f, int *rx, int *ry,
                         double *W, double *H)
{
    VipsImage *small = NULL;
    int rc = vips_resize(*src, &small, f, NULL);
    VIPS_UNREF(*src);
    if (rc)
        return -1;
    *src = small;
    *rx = (int)lround(*rx * f), *ry = (int)lround(*ry * f);
    *W *= f, *H *= f;
    return 0;
}

/* icp_document_view(), the fine view scaled in its turn where
 * `scale_in_turn` (icp_document_view_quick()). */
static VipsImage *document_view(struct icp_image *img, int long_side,
                                struct icp_result *res, bool scale_in_turn)
{
    if (icp_document_find(img, res))
        return NULL;
    VipsImage *src = NULL, *crop = NULL, *out = NULL;
    int rx = 0, ry = 0;
    double W, H;
    int copy_side = long_side <= BASE_SIDE / 2 ? BASE_SIDE / 2 : BASE_SIDE;
    if (long_side <= BASE_SIDE &&
        !window_wants_full(img, long_side, copy_side)) {
        /* Only the part of the copy under the document's window is made
         * (the whole 1600 px copy cost 45-80 ms), once, into memory: the
         * turn reads it out of order. Turned at the copy's scale and
         * scaled after: the window scaled straight from the decode to the
         * view's size and turned there (as the branch below does) saves
         * some 35 ms of a card's 65 ms 1100 px view, but the turn's
         * bilinear blur at the view's own size changed 42 of 72 records
         * (seed 7391: fields, findings' boxes, an ID front's number lost)
         * and the card checks' re-reads took longer. */
        VipsImage *lazy = icp_image_at_lazy(img, copy_side, res),
                  *part = NULL;
        if (!lazy)
            return NULL;
        int rect[4];
        W = lazy->Xsize, H = lazy->Ysize;
        window_source(img, W, H, rect);
        /* A window under 0.3 degrees is cut unturned, where the turned
         * corners stand up to some 12 px off: a wider margin keeps every
         * pixel it reads inside the part. */
        int x0 = VIPS_MAX(0, rect[0] - 24), y0 = VIPS_MAX(0, rect[1] - 24);
        int x1 = VIPS_MIN((int)W, rect[0] + rect[2] + 24);
        int y1 = VIPS_MIN((int)H, rect[1] + rect[3] + 24);
        rect[0] = x0, rect[1] = y0, rect[2] = x1 - x0, rect[3] = y1 - y0;
        if (vips_extract_area(lazy, &part, rect[0], rect[1], rect[2],
                              rect[3], NULL) == 0)
            src = vips_image_copy_memory(part);
        VIPS_UNREF(part);
        VIPS_UNREF(lazy);
        if (!src) {
            icp_image_vips_error(res, "document view");
            return NULL;
        }
        rx = rect[0], ry = rect[1];
    } else {
        /* Full resolution (a view larger than the copy, or a document
         * small in the photo), but only the document's part of the photo
         * is decoded and turned. */
        int rect[4];
        W = img->rotation % 180 ? img->height : img->width;
        H = img->rotation % 180 ? img->width : img->height;
        window_source(img, W, H, rect);
        if (!(src = icp_image_region(img, rect, res)))
            return NULL;
        rx = rect[0], ry = rect[1];
        /* A view the copy could not give: the region scaled to the view's
         * size before it is turned, which costs a quarter of turning it
         * whole (an 1100 px view of a 2300 px window: 70 ms CPU whole). */
        double f = (double)long_side / window_long_side(img, W, H);
        if (long_side <= BASE_SIDE && f < 1.0 &&
            shrink_region(&src, f, &rx, &ry, &W, &H) != 0) {
            icp_image_vips_error(res, "document view");
            return NULL;
        }
    }
    /* A fine view (from the photo, larger than the copy) scaled in the
     * turn itself, bilinear as the turn is, down to half the photo's size
     * (icp_document_view_quick()). */
    double k = 1;
    if (scale_in_turn && long_side > BASE_SIDE) {
        double f = long_side / window_long_side(img, W, H);
        k = f < 1 && f >= 0.5 ? f : 1;
    }
    if (!(crop = turned_window(src, rx, ry, W, H, -img->doc.angle,
                               img->doc.box, k)))
        goto out;
    int cw = crop->Xsize, ch = crop->Ysize;
    double scale = (double)long_side / VIPS_MAX(cw, ch);
    if (scale < 1.0) {
        if (vips_resize(crop, &out, scale, NULL))
            goto out;
    } else {
        out = crop;
        crop = NULL;
    }
    /* Made into memory, a fine view holds its own pixels (some 13 MB at
     * 2400 px) rather than the full-resolution decode under it (36 MB
     * for a 12-MP photo). */
    VipsImage *mem = vips_image_copy_memory(out);
    VIPS_UNREF(out);
    out = mem;
out:
    VIPS_UNREF(src);
    VIPS_UNREF(crop);
    if (!out)
        icp_image_vips_error(res, "document view");
    return out;
}

VipsImage *icp_document_view(struct icp_image *img, int long_side,
                             struct icp_result *res)
{
    return document_view(img, long_side, res, false);
}

VipsImage *icp_document_view_quick(struct icp_image *img, int long_side,
                                   struct icp_result *res)
{
    return document_view(img, long_side, res, true);
}

VipsImage *icp_document_ocr_view_at(struct icp_image *img, int long_side,
                                    struct icp_result *res)
{
    VipsImage *colour = icp_document_view(img, long_side, res);
    VipsImage *view = colour ? icp_ocr_binarise(colour) : NULL;
    VIPS_UNREF(colour);
    vips_error_clear();
    return view;
}

double icp_document_aspect(struct icp_image *img, struct icp_result *res)
{
    if (icp_document_find(img, res))
        return 0;
    /* As icp_document_view() frames the window (turned_window()). */
    double W = img->rotation % 180 ? img->height : img->width;
    double H = img->rotation % 180 ? img->width : img->height;
    double tw, th;
    turned_canvas(W, H, -img->doc.angle, &tw, &th);
    double cw = img->doc.box[2] * tw, ch = img->doc.box[3] * th;
    return cw > 0 ? ch / cw : 0;
}

/* The span [lo, hi) holding all but `tail` of the mass on each side. */
static void mass_span(const double *mass, int n, double tail, int *lo,
                      int *hi)
{
    double total = 0, acc = 0;
    for (int i = 0; i < n; i++)
        total += mass[i];
    *lo = 0, *hi = n;
    for (int i = 0; i < n; i++) {
        acc += mass[i];
        if (acc <= tail * total)
            *lo = i + 1;
        if (acc >= (1 - tail) * total) {
            *hi = i + 1;
            break;
        }
    }
}

static void crop_to_print(struct icp_image *img, struct icp_result *res)
{
    VipsImage *view = icp_document_view(img, SKEW_SIDE, res), *bin = NULL;
    if (!view || !(bin = icp_ocr_binarise(view))) {
        VIPS_UNREF(view);
        return;
    }
    int w = bin->Xsize, h = bin->Ysize;
    /* The turn leaves ragged edges; the frame's outer band is not print. */
    int bx = w / 40 + 1, by = h / 40 + 1;
    double *col = xcalloc((size_t)w, sizeof *col);
    double *row = xcalloc((size_t)h, sizeof *row);
    const unsigned char *px = vips_image_get_data(bin);
    for (int y = by; y < h - by; y++)
        for (int x = bx; x < w - bx; x++)
            if (px[(size_t)y * w + x] < 128)
                col[x]++, row[y]++;
    int x0, x1, y0, y1;
    mass_span(col, w, 0.003, &x0, &x1);
    mass_span(row, h, 0.003, &y0, &y1);
    int mx = w / 25, my = h / 25;
    x0 = VIPS_MAX(0, x0 - mx), x1 = VIPS_MIN(w, x1 + mx);
    y0 = VIPS_MAX(0, y0 - my), y1 = VIPS_MIN(h, y1 + my);
    if (x1 - x0 > w / 10 && y1 - y0 > h / 10) {
        double *b = img->doc.box;
        double nx = b[0] + b[2] * x0 / w, ny = b[1] + b[3] * y0 / h;
        b[2] = b[2] * (x1 - x0) / w, b[3] = b[3] * (y1 - y0) / h;
        b[0] = nx, b[1] = ny;
    }
    free(col);
    free(row);
    VIPS_UNREF(bin);
    VIPS_UNREF(view);
}

/* The bounding box of mask value 2 as fractions of the frame. */
static void region_bounds(const unsigned char *mask, int w, int h,
                          double *frac)
{
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (mask[(size_t)y * w + x] == 2) {
                x0 = VIPS_MIN(x0, x), x1 = VIPS_MAX(x1, x);
                y0 = VIPS_MIN(y0, y), y1 = VIPS_MAX(y1, y);
            }
    if (x1 < 0) {
        frac[0] = frac[1] = 0, frac[2] = frac[3] = 1;
        return;
    }
    frac[0] = (double)x0 / w, frac[1] = (double)y0 / h;
    frac[2] = (double)(x1 + 1 - x0) / w, frac[3] = (double)(y1 + 1 - y0) / h;
}

/* The tilt of the print inside the document's upright bounding box
 * (img->doc.bounds): the desk around it, wood grain above all, would draw
 * long lines of its own into the projection profiles. */
static int print_skew(struct icp_image *img, struct icp_result *res,
                      double *out, double *conf)
{
    *out = 0;
    *conf = 0;
    /* The whole copy, kept: the quality gate cuts the same bounds from it,
     * the passport's first look and the checklist's page search read it
     * whole; a part made here for the bounds alone was made again by each
     * (a checklist's page paid for it three times). */
    if (!icp_image_at(img, SKEW_SIDE, res))
        return -1;
    VipsImage *crop = icp_document_bounds(img, SKEW_SIDE, res), *bin = NULL;
    if (!crop)
        return -1;
    int rc = -1;
    /* Levelled and thresholded, so that shadows drop out and the
     * projection profiles see the print alone. */
    if ((bin = icp_ocr_binarise(crop)))
        rc = icp_text_skew(bin, out, conf);
    VIPS_UNREF(crop);
    VIPS_UNREF(bin);
    vips_error_clear();
    return rc;
}

VipsImage *icp_document_bounds(struct icp_image *img, int long_side,
                                struct icp_result *res)
{
    if (icp_document_find(img, res))
        return NULL;
    /* Lazy: only the bounds' part of the copy is made (the document
     * search's tilt and the quality gate each cut it; the whole 1000 px
     * copy of a 2000 px decode cost 19 ms of CPU, a card's part a third
     * to a half of that), and its pixels are the whole copy's. */
    VipsImage *im = icp_image_at_lazy(img, long_side, res), *crop = NULL;
    if (!im)
        return NULL;
    const double *b = img->doc.bounds;
    int x = (int)(b[0] * im->Xsize), y = (int)(b[1] * im->Ysize);
    int cw = VIPS_CLIP(1, (int)(b[2] * im->Xsize), im->Xsize - x);
    int ch = VIPS_CLIP(1, (int)(b[3] * im->Ysize), im->Ysize - y);
    int rc = vips_extract_area(im, &crop, x, y, cw, ch, NULL);
    VIPS_UNREF(im);
    if (rc) {
        icp_image_vips_error(res, "document bounds");
        return NULL;
    }
    VipsImage *mem = vips_image_copy_memory(crop);
    VIPS_UNREF(crop);
    if (!mem)
        icp_image_vips_error(res, "document bounds");
    return mem;
}

void icp_document_box_to_output(const struct icp_image *img, int long_side,
                                const int *vb, int *out)
{
    /* View pixels -> fractions of the turned image -> the seen image. */
    double bw = img->doc.box[2], bh = img->doc.box[3];
    int seen_w = img->rotation % 180 ? img->height : img->width;
    int seen_h = img->rotation % 180 ? img->width : img->height;
    double rad = img->doc.angle * M_PI / 180, c = cos(rad), s = sin(rad);
    double tw = fabs(seen_w * c) + fabs(seen_h * s);
    double th = fabs(seen_w * s) + fabs(seen_h * c);
    double view_long = fmax(bw * tw, bh * th);
    double k = view_long > long_side ? view_long / long_side : 1.0;
    double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
    for (int i = 0; i < 4; i++) {
        double vx = vb[0] + (i & 1 ? vb[2] : 0), vy = vb[1] + (i & 2 ? vb[3] : 0);
        double tx = img->doc.box[0] * tw + vx * k - tw / 2;
        double ty = img->doc.box[1] * th + vy * k - th / 2;
        /* Undo the turn by -angle: rotate by +angle. */
        double sx = tx * c - ty * s + seen_w / 2.0;
        double sy = tx * s + ty * c + seen_h / 2.0;
        x0 = fmin(x0, sx), x1 = fmax(x1, sx);
        y0 = fmin(y0, sy), y1 = fmax(y1, sy);
    }
    int seen[4] = {(int)fmax(0, x0), (int)fmax(0, y0), (int)(x1 - fmax(0, x0)),
                   (int)(y1 - fmax(0, y0))};
    icp_image_box_to_output(img, seen, out);
}

int icp_document_widen_page(struct icp_image *img, double aspect)
{
    struct doc_frame f;
    if (doc_frame(img, aspect, &f))
        return -1;
    double *b = img->doc.box, tw = f.tw, bw = f.bw, bh = f.bh;
    if (bh <= 0 || bw <= 0)
        return -1;
    double ratio = bw / bh;
    /* Narrower than a landscape page, but wider than an upright one
     * (1 / aspect, perspective aside): a side lost. */
    if (ratio >= CARD_FIT * aspect || ratio < 1.0 / (aspect * CARD_FIT))
        return -1;
    double grow = bh * aspect / tw - b[2];
    double lo = VIPS_MAX(0.0, b[0] - grow);
    double hi = VIPS_MIN(1.0, b[0] + b[2] + grow);
    if (hi - lo <= b[2])
        return -1; /* already at the photo's edges */
    b[0] = lo;
    b[2] = hi - lo;
    return 0;
}

void icp_print_clear_edges(VipsImage *bin)
{
    int w = bin->Xsize, h = bin->Ysize;
    unsigned char *px = VIPS_IMAGE_ADDR(bin, 0, 0);
    int *stack = xmalloc((size_t)w * h * sizeof *stack);
    size_t top = 0;
    for (int p = 0; p < w * h; p++) {
        int x = p % w, y = p / w;
        if ((x == 0 || y == 0 || x == w - 1 || y == h - 1) && px[p] < 128) {
            px[p] = 255;
            stack[top++] = p;
        }
    }
    while (top) {
        int p = stack[--top], x = p % w, y = p / w;
        int nb[4] = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1,
                     y > 0 ? p - w : -1, y < h - 1 ? p + w : -1};
        for (int k = 0; k < 4; k++)
            if (nb[k] >= 0 && px[nb[k]] < 128) {
                px[nb[k]] = 255;
                stack[top++] = nb[k];
            }
    }
    free(stack);
}

bool icp_print_tallest_line(VipsImage *band, double min_ink, int *y0,
                             int *y1)
{
    int w = band->Xsize, h = band->Ysize;
    const unsigned char *px = vips_image_get_data(band);
    int best = 0, start = -1, last = -1;
    for (int y = 0; y <= h; y++) {
        int ink = 0;
        for (int x = 0; y < h && x < w; x++)
            ink += px[(size_t)y * w + x] < 128;
        if (y < h && ink >= min_ink * w) {
            if (start < 0 || y - last > 1 + (last - start) / 10)
                start = y;
            last = y;
            continue;
        }
        if (start >= 0 && last + 1 - start > best) {
            best = last + 1 - start;
            *y0 = start, *y1 = last + 1;
        }
    }
    return best > 0;
}
