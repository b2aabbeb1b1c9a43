/* The checklist's page: turned upright by the tilt of its text lines,
 * cropped to its print, and whether the paper runs off the photo (told
 * from the desk around it). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "checks/checklist.h"
#include "checks/document.h"
#include "ocr/ocr.h"
#include "core/util.h"

#define MODEL "checklist"

static double num(const struct icp_context *ctx, const char *group,
                  const char *key)
{
    return icp_model_num(ctx, MODEL, group, key);
}

/* An 8 bpp PIX of the first band (red) of a 3-band uchar image in
 * memory. Caller destroys. */
static PIX *red_of(VipsImage *im)
{
    PIX *pix = pixCreateNoInit(im->Xsize, im->Ysize, 8);
    if (!pix)
        return NULL;
    l_uint32 *data = pixGetData(pix);
    int wpl = pixGetWpl(pix);
    const unsigned char *src = vips_image_get_data(im);
    for (int y = 0; y < im->Ysize; y++) {
        const unsigned char *p = src + (size_t)y * im->Xsize * 3;
        l_uint32 *line = data + (size_t)y * wpl;
        for (int x = 0; x < im->Xsize; x++, p += 3)
            SET_DATA_BYTE(line, x, p[0]);
    }
    return pix;
}

/* An 8 bpp PIX of the median-filtered grey of `im`, or NULL. */
static PIX *smooth_grey(VipsImage *im, int median)
{
    VipsImage *grey = NULL, *med = NULL, *u8 = NULL;
    PIX *pix = NULL;
    if (vips_colourspace(im, &grey, VIPS_INTERPRETATION_B_W, NULL) ||
        vips_median(grey, &med, median, NULL) ||
        vips_cast_uchar(med, &u8, NULL))
        goto out;
    size_t len = 0;
    unsigned char *buf = vips_image_write_to_memory(u8, &len);
    if (!buf)
        goto out;
    pix = pixCreate(u8->Xsize, u8->Ysize, 8);
    for (int y = 0; y < u8->Ysize; y++) {
        l_uint32 *line = pixGetData(pix) + (size_t)y * pixGetWpl(pix);
        for (int x = 0; x < u8->Xsize; x++)
            SET_DATA_BYTE(line, x, buf[(size_t)y * u8->Xsize + x]);
    }
    g_free(buf);
out:
    VIPS_UNREF(grey);
    VIPS_UNREF(med);
    VIPS_UNREF(u8);
    vips_error_clear();
    return pix;
}

/* The grey value below which `frac` of the pixels lie. */
static int percentile(PIX *grey, double frac)
{
    NUMA *hist = pixGetGrayHistogram(grey, 1);
    l_float32 total = 0, sum = 0, v;
    int n = numaGetCount(hist), i;
    for (i = 0; i < n; i++) {
        numaGetFValue(hist, i, &v);
        total += v;
    }
    for (i = 0; i < n; i++) {
        numaGetFValue(hist, i, &v);
        sum += v;
        if (sum >= frac * total)
            break;
    }
    numaDestroy(&hist);
    return i;
}

/* Paper pixels: smooth (no edge), bright, and among such regions the
 * brightest large one; holes (the print) filled. 1 bpp, or NULL. Sets
 * *mean to the paper's mean grey. */
static PIX *paper_mask(const struct icp_context *ctx, PIX *grey, double frac,
                       double *mean, PIX **holes_out)
{
    int w = pixGetWidth(grey), h = pixGetHeight(grey);
    PIX *edges = NULL, *smooth = NULL, *dark = NULL, *cand = NULL,
        *best = NULL, *holes = NULL;
    BOXA *boxa = NULL;
    PIXA *pixa = NULL;
    *mean = 0;
    edges = pixSobelEdgeFilter(grey, L_ALL_EDGES);
    smooth = pixThresholdToBinary(edges, (int)num(ctx, "page", "edge_max"));
    int bright = (int)(percentile(grey, num(ctx, "page", "white_percentile")) *
                       frac);
    dark = pixThresholdToBinary(grey, bright);
    cand = pixSubtract(NULL, smooth, dark);
    boxa = pixConnComp(cand, &pixa, 4);
    int n = boxa ? boxaGetCount(boxa) : 0, pick = -1;
    double min_area = num(ctx, "page", "paper_min_area") * w * h, top = 0;
    for (int i = 0; i < n; i++) {
        int bx, by, bw, bh, count = 0;
        boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh);
        if ((double)bw * bh < min_area)
            continue;
        PIX *comp = pixaGetPix(pixa, i, L_CLONE);
        pixCountPixels(comp, &count, NULL);
        l_float32 avg = 0;
        if (count >= min_area / 4 &&
            pixGetAverageMasked(grey, comp, bx, by, 1, L_MEAN_ABSVAL,
                                &avg) == 0 &&
            avg > top) {
            top = avg;
            pick = i;
        }
        pixDestroy(&comp);
    }
    if (pick >= 0) {
        int bx, by, bw, bh;
        boxaGetBoxGeometry(boxa, pick, &bx, &by, &bw, &bh);
        PIX *comp = pixaGetPix(pixa, pick, L_CLONE);
        best = pixCreate(w, h, 1);
        pixRasterop(best, bx, by, bw, bh, PIX_SRC, comp, 0, 0);
        pixDestroy(&comp);
        holes = pixHolesByFilling(best, 4);
        pixOr(best, best, holes);
        *mean = top;
        if (holes_out)
            *holes_out = pixClone(holes);
    }
    pixDestroy(&edges);
    pixDestroy(&smooth);
    pixDestroy(&dark);
    pixDestroy(&cand);
    pixDestroy(&holes);
    boxaDestroy(&boxa);
    pixaDestroy(&pixa);
    return best;
}

/* Whether print (dark marks on the paper) reaches side s: a page cut by
 * the frame has its table and text cut too, while paper that merely
 * merges with a light desk is blank there. */
static bool print_at(const struct icp_context *ctx, PIX *mask, PIX *grey,
                     PIX *raw, int s)
{
    double rel = num(ctx, "page", "print_contrast");
    int w = pixGetWidth(mask), h = pixGetHeight(mask);
    int depth = (int)(num(ctx, "page", "cut_depth") * (s % 2 ? w : h));
    int x0 = s == 1 ? w - depth : 0, x1 = s == 3 ? depth : w;
    int y0 = s == 2 ? h - depth : 0, y1 = s == 0 ? depth : h;
    int count = 0, area = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            l_uint32 m = 0, g = 0;
            pixGetPixel(mask, x, y, &m);
            if (!m)
                continue;
            area++;
            l_uint32 bg = 0;
            pixGetPixel(raw, x, y, &g);
            pixGetPixel(grey, x, y, &bg);
            count += g < rel * bg;
        }
    return area > 0 && count > num(ctx, "page", "cut_print") * area;
}

/* Per side (top, right, bottom, left): whether the paper reaches the
 * image border there, and whether a darker background shows there. */
static void border_sides(const struct icp_context *ctx, PIX *mask, PIX *grey,
                         PIX *raw, double paper_mean, bool touch[4],
                         bool desk[4], bool reach[4])
{
    int w = pixGetWidth(mask), h = pixGetHeight(mask);
    double frac = num(ctx, "page", "touch_fraction");
    double desk_max = num(ctx, "page", "desk_max_fraction") * paper_mean;
    for (int s = 0; s < 4; s++) {
        int len = (s % 2 == 0) ? w : h, on = 0, off = 0;
        double off_sum = 0;
        for (int i = 0; i < len; i++)
            for (int d = 0; d < 2; d++) {
                int x = s == 0 || s == 2 ? i : (s == 1 ? w - 1 - d : d);
                int y = s == 1 || s == 3 ? i : (s == 2 ? h - 1 - d : d);
                l_uint32 v = 0, g = 0;
                pixGetPixel(mask, x, y, &v);
                if (v) {
                    on++;
                } else {
                    pixGetPixel(grey, x, y, &g);
                    off_sum += g;
                    off++;
                }
            }
        reach[s] = on > num(ctx, "page", "reach_fraction") * 2 * len;
        touch[s] = on > frac * 2 * len && print_at(ctx, mask, grey, raw, s);
        /* A desk lighter than desk_max but off the paper along the
         * whole side, shows the page stands apart there all the same. */
        desk[s] = (off > 0.4 * 2 * len && off_sum / off < desk_max) ||
                  on < num(ctx, "page", "bare_fraction") * 2 * len;
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "checklist side %d: paper %.2f touch %d desk %d "
                    "(%.0f of %.0f)\n", s, on / (2.0 * len), touch[s],
                    desk[s], off ? off_sum / off : 0, desk_max);
    }
}

/* Warps a grey PIX (`grey`) or a 3-band uchar image in memory (`rgb`,
 * to a 32 bpp page) so that the points `from` (in the source) land on
 * `to` (in a w x h page); coeffs receives the page -> source mapping.
 * Each page pixel is sampled bilinearly, white outside the source: only
 * the page is computed (Leptonica's transform fills an output the size of
 * its input, a landscape photo grown to hold a portrait page). */
static PIX *warp_pts(PIX *grey, VipsImage *rgb, double from[4][2],
                     double to[4][2], int w, int h, float coeffs[8])
{
    PTA *ptas = ptaCreate(4), *ptad = ptaCreate(4);
    for (int i = 0; i < 4; i++) {
        ptaAddPt(ptad, (float)to[i][0], (float)to[i][1]);
        ptaAddPt(ptas, (float)from[i][0], (float)from[i][1]);
    }
    l_float32 *vc = NULL;
    getProjectiveXformCoeffs(ptad, ptas, &vc);
    ptaDestroy(&ptas);
    ptaDestroy(&ptad);
    if (!vc)
        return NULL;
    memcpy(coeffs, vc, 8 * sizeof *vc);
    double c[8];
    for (int i = 0; i < 8; i++)
        c[i] = vc[i];
    LEPT_FREE(vc);
    if (grey && pixGetDepth(grey) != 8)
        return NULL;
    PIX *out = pixCreateNoInit(w, h, grey ? 8 : 32);
    if (!out)
        return NULL;
    int sw = grey ? pixGetWidth(grey) : rgb->Xsize;
    int sh = grey ? pixGetHeight(grey) : rgb->Ysize;
    int swpl = grey ? pixGetWpl(grey) : 0, owpl = pixGetWpl(out);
    const l_uint32 *gdata = grey ? pixGetData(grey) : NULL;
    const unsigned char *bytes = rgb ? vips_image_get_data(rgb) : NULL;
    size_t stride = (size_t)sw * 3;
    l_uint32 *odata = pixGetData(out);
    for (int y = 0; y < h; y++) {
        l_uint32 *line = odata + (size_t)y * owpl;
        /* Numerators and denominator are linear along the row. */
        double nx = c[1] * y + c[2], ny = c[4] * y + c[5];
        double d = c[7] * y + 1;
        for (int x = 0; x < w; x++, nx += c[0], ny += c[3], d += c[6]) {
            double inv = 1 / d, fx = nx * inv, fy = ny * inv;
            if (!(fx >= 0 && fy >= 0 && fx <= sw - 1 && fy <= sh - 1)) {
                if (grey)
                    SET_DATA_BYTE(line, x, 255);
                else
                    line[x] = 0xffffff00;
                continue;
            }
            int x0 = (int)fx, y0 = (int)fy;
            int x1 = VIPS_MIN(x0 + 1, sw - 1), y1 = VIPS_MIN(y0 + 1, sh - 1);
            int ax = (int)((fx - x0) * 256), ay = (int)((fy - y0) * 256);
            if (grey) {
                const l_uint32 *r0 = gdata + (size_t)y0 * swpl;
                const l_uint32 *r1 = gdata + (size_t)y1 * swpl;
                int top = GET_DATA_BYTE(r0, x0) * (256 - ax) +
                          GET_DATA_BYTE(r0, x1) * ax;
                int bot = GET_DATA_BYTE(r1, x0) * (256 - ax) +
                          GET_DATA_BYTE(r1, x1) * ax;
                SET_DATA_BYTE(line, x,
                              (top * (256 - ay) + bot * ay + 32768) >> 16);
                continue;
            }
            const unsigned char *r0 = bytes + y0 * stride + x0 * 3;
            const unsigned char *r1 = bytes + y1 * stride + x0 * 3;
            int dx = (x1 - x0) * 3;
            l_uint32 v = 0;
            for (int k = 0; k < 3; k++) {
                int top = r0[k] * (256 - ax) + r0[k + dx] * ax;
                int bot = r1[k] * (256 - ax) + r1[k + dx] * ax;
                v |= (l_uint32)((top * (256 - ay) + bot * ay + 32768) >> 16)
                     << (24 - 8 * k);
            }
            line[x] = v;
        }
    }
    return out;
}

/* Warps `src` so that quad q (tl, tr, br, bl in src) fills a w x h page. */
static PIX *warp(PIX *grey, VipsImage *rgb, double q[4][2], int w, int h,
                 float coeffs[8])
{
    double to[4][2] = {{0, 0}, {w - 1, 0}, {w - 1, h - 1}, {0, h - 1}};
    return warp_pts(grey, rgb, q, to, w, h, coeffs);
}

/* Maps page point (x, y) to the source through the page's coefficients. */
static void page_to_src(const float *c, double x, double y, double *out)
{
    double d = c[6] * x + c[7] * y + 1;
    out[0] = (c[0] * x + c[1] * y + c[2]) / d;
    out[1] = (c[3] * x + c[4] * y + c[5]) / d;
}

/* Corners tl, tr, br, bl of a component (offset bx, by) as its extreme
 * points along the diagonals: right for any turn under 45 degrees. */
static void comp_corners(PIX *comp, int bx, int by, double q[4][2])
{
    int w = pixGetWidth(comp), h = pixGetHeight(comp);
    int best[4] = {INT32_MAX, INT32_MIN, INT32_MIN, INT32_MAX};
    l_uint32 *data = pixGetData(comp);
    int wpl = pixGetWpl(comp);
    for (int y = 0; y < h; y++) {
        l_uint32 *line = data + (size_t)y * wpl;
        for (int x = 0; x < w; x++) {
            if (!GET_DATA_BIT(line, x))
                continue;
            int s = x + y, d = x - y;
            if (s < best[0]) best[0] = s, q[0][0] = bx + x, q[0][1] = by + y;
            if (d > best[1]) best[1] = d, q[1][0] = bx + x, q[1][1] = by + y;
            if (s > best[2]) best[2] = s, q[2][0] = bx + x, q[2][1] = by + y;
            if (d < best[3]) best[3] = d, q[3][0] = bx + x, q[3][1] = by + y;
        }
    }
}

/* Whether box i of boxa holds another box at least min_w x min_h and
 * `share` of its own width: the paper's own outline against the desk
 * around the form's table, not a box printed on the page around its
 * handwriting and seal. */
static bool encloses(BOXA *boxa, int i, double min_w, double min_h,
                     double share)
{
    int x, y, w, h;
    boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h);
    min_w = VIPS_MAX(min_w, share * w);
    for (int j = 0; j < boxaGetCount(boxa); j++) {
        int a, b, c, d;
        boxaGetBoxGeometry(boxa, j, &a, &b, &c, &d);
        if (j != i && c >= min_w && d >= min_h && a > x && b > y &&
            a + c < x + w && b + d < y + h)
            return true;
    }
    return false;
}

/* Distance of point p from the line through a and b. */
static double off_line(const double *a, const double *b, const double *p)
{
    double dx = b[0] - a[0], dy = b[1] - a[1], len = hypot(dx, dy);
    if (len < 1)
        return hypot(p[0] - a[0], p[1] - a[1]);
    return fabs(dx * (p[1] - a[1]) - dy * (p[0] - a[0])) / len;
}

/* Whether box i touches the image border: the paper's edge or the desk,
 * never a box printed on the page. */
static bool at_border(BOXA *boxa, int i, int w, int h)
{
    int x, y, bw, bh;
    boxaGetBoxGeometry(boxa, i, &x, &y, &bw, &bh);
    return x <= 1 || y <= 1 || x + bw >= w - 1 || y + bh >= h - 1;
}

/* The printed ruled frame of the form in page pixels (tl, tr, br, bl): the
 * top corners of the upper and the bottom corners of the lower of the two
 * ruled boxes (the details table and the signature box) whose sides line
 * up, the pair spanning most rows when several do. A lone box is not the
 * frame: mapping it onto the frame's place would move the page. Ruled
 * boxes are large, thin components of the OCR view's dark marks (a red
 * seal is light there), clear of the image border. Returns 0, or -1 when
 * no such pair shows. */
static int ruled_frame(const struct icp_context *ctx, PIX *read,
                       double scale, double q[4][2])
{
    int w = pixGetWidth(read), h = pixGetHeight(read), rc = -1;
    /* Thin dark marks only (a black top-hat): a dark desk or a shadow
     * around the paper must not swallow the lines. */
    int k = (int)(num(ctx, "frame", "tophat") * scale) | 1;
    int bridge = (int)(num(ctx, "frame", "bridge") * scale) | 1;
    PIX *hat = pixTophat(read, k, k, L_TOPHAT_BLACK);
    PIX *bin = NULL;
    if (hat) {
        pixInvert(hat, hat);
        bin = pixThresholdToBinary(hat, 255 - (int)num(ctx, "frame",
                                                       "contrast"));
        pixDestroy(&hat);
        /* Bridge the breaks of faint, thin lines. */
        if (bin)
            pixCloseSafeBrick(bin, bin, bridge, bridge);
    }
    PIXA *pixa = NULL;
    BOXA *boxa = bin ? pixConnComp(bin, &pixa, 8) : NULL;
    double min_w = num(ctx, "frame", "min_width") * w;
    double min_h = num(ctx, "frame", "min_height") * w;
    double fill = num(ctx, "frame", "max_fill");
    double slack = num(ctx, "frame", "align") * w;
    int n = boxa ? boxaGetCount(boxa) : 0, nc = 0;
    double (*corners)[4][2] = xmalloc((size_t)(n ? n : 1) * sizeof *corners);
    for (int i = 0; i < n; i++) {
        int bx, by, bw, bh, count = 0;
        boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh);
        if (bw < min_w || bh < min_h || at_border(boxa, i, w, h))
            continue;
        PIX *comp = pixaGetPix(pixa, i, L_CLONE);
        pixCountPixels(comp, &count, NULL);
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "checklist frame? %d,%d %dx%d fill %.3f\n", bx,
                    by, bw, bh, count / ((double)bw * bh));
        if (count <= fill * bw * bh && !encloses(boxa, i, min_w, min_h,
                                                  num(ctx, "frame", "enclosed")))
        {
            double(*c)[2] = corners[nc++];
            comp_corners(comp, bx, by, c);
            if (g_getenv("ICP_DEBUG_OCR"))
                fprintf(stderr, "checklist frame corners %.0f,%.0f %.0f,%.0f "
                        "%.0f,%.0f %.0f,%.0f\n", c[0][0], c[0][1], c[1][0],
                        c[1][1], c[2][0], c[2][1], c[3][0], c[3][1]);
        }
        pixDestroy(&comp);
    }
    /* The table over the signature box spans most of a form's height: a
     * pair of a table's own rows, a shadow's cut of it, is too short. */
    double span = num(ctx, "frame", "min_span") * w;
    for (int i = 0; i < nc; i++)
        for (int j = 0; j < nc; j++) {
            double(*a)[2] = corners[i], (*b)[2] = corners[j];
            /* j lies below i, its sides continue i's (both seen tilted
             * alike). */
            if (i == j || b[0][1] <= a[3][1] ||
                off_line(a[0], a[3], b[0]) >= slack ||
                off_line(a[0], a[3], b[3]) >= slack ||
                off_line(a[1], a[2], b[1]) >= slack ||
                off_line(a[1], a[2], b[2]) >= slack ||
                b[3][1] - a[0][1] <= span)
                continue;
            span = b[3][1] - a[0][1];
            memcpy(q[0], a[0], sizeof a[0]);
            memcpy(q[1], a[1], sizeof a[1]);
            memcpy(q[2], b[2], sizeof b[2]);
            memcpy(q[3], b[3], sizeof b[3]);
            rc = 0;
        }
    free(corners);
    pixDestroy(&bin);
    pixaDestroy(&pixa);
    boxaDestroy(&boxa);
    return rc;
}

/* The page for OCR: the red channel of the levelled page, where print and
 * black or blue ink are dark and a red seal is nearly as light as the
 * paper. Left grey: thresholding the print of a small photo, upscaled,
 * merges its strokes and Tesseract reads less. 8 bpp, or NULL. */
static PIX *read_view(PIX *norm)
{
    return pixGetRGBComponent(norm, COLOR_RED);
}

/* Middle rows of the long ruled lines, top to bottom; returns how many
 * (at most `max`). Lines a little off the horizontal are thickened first
 * so that they still run unbroken. */
static int ruled_rows(const struct icp_context *ctx, PIX *ink, int *ys,
                      int max)
{
    int len = (int)(num(ctx, "layout", "rule_width") * pixGetWidth(ink));
    int slack = (int)num(ctx, "layout", "rule_slack");
    PIX *thick = pixDilateBrick(NULL, ink, 1, slack);
    /* A row holds a line when its longest run reaches len. */
    int n = 0, start = -1, count = thick ? pixGetHeight(thick) : 0;
    for (int y = 0; y <= count; y++) {
        l_int32 c = 0, x0 = 0;
        if (y < count)
            pixFindMaxHorizontalRunOnLine(thick, y, &x0, &c);
        if (c >= len && start < 0)
            start = y;
        else if (c < len && start >= 0) {
            if (n < max)
                ys[n++] = (start + y) / 2;
            start = -1;
        }
    }
    pixDestroy(&thick);
    return n;
}

/* The first row of the signature block: the top rule of the lowest pair
 * of ruled lines at least box_min of the page apart, in the lower part of
 * the page; -1 when there is none. */
static int sign_block_top(const struct icp_context *ctx,
                          const struct icp_cl_page *page)
{
    int ys[64];
    int n = ruled_rows(ctx, page->ink, ys, 64);
    int gap = (int)(num(ctx, "layout", "box_min") * page->h);
    int from = (int)(num(ctx, "layout", "box_from") * page->h);
    int pad = (int)(num(ctx, "layout", "unit") * page->w / 2);
    if (g_getenv("ICP_DEBUG_OCR")) {
        fprintf(stderr, "checklist rules (h %d):", page->h);
        for (int i = 0; i < n; i++)
            fprintf(stderr, " %d", ys[i]);
        fprintf(stderr, "\n");
    }
    /* The paper's own edge against a dark desk runs as long and straight
     * as a ruled line: not near the view's top or bottom. */
    int edge = (int)(num(ctx, "layout", "edge_rows") * page->h);
    for (int i = n - 2; i >= 0; i--)
        if (ys[i] >= from && ys[i + 1] - ys[i] >= gap &&
            ys[i + 1] < page->h - edge)
            return VIPS_MAX(0, ys[i] - pad);
    return -1;
}

/* What tells paper from marks when the page is levelled: the grey page
 * levelled by its own closing (a shadow is paper however dark it is),
 * so that a fixed threshold on it finds the marks. 8 bpp, or NULL. */
static PIX *level_guide(const struct icp_context *ctx, PIX *grey)
{
    return pixBackgroundNormMorph(grey, NULL,
                                  (int)num(ctx, "page", "guide_reduction"),
                                  (int)num(ctx, "page", "guide_size"), 200);
}

/* norm, grey, ink and the OCR view of a straightened colour page (takes
 * `rgb`), and where its signature block starts. */
static int finish(const struct icp_context *ctx, PIX *rgb,
                  struct icp_cl_page *page)
{
    pixDestroy(&page->norm);
    pixDestroy(&page->grey);
    pixDestroy(&page->ink);
    pixDestroy(&page->read);
    pixDestroy(&page->raw);
    /* The background map is taken where the luminance is light, for all
     * channels alike: a red seal is no background in any channel, so it
     * leaves no coloured halo on the ink around it. */
    PIX *lum = pixConvertRGBToLuminance(rgb);
    PIX *guide = lum ? level_guide(ctx, lum) : NULL;
    int tile = (int)num(ctx, "page", "norm_tile");
    page->norm = guide ? pixBackgroundNorm(rgb, NULL, guide, tile, tile,
                                           (int)num(ctx, "page",
                                                    "norm_light"),
                                           tile * tile / 4, 200, 2, 2)
                       : NULL;
    pixDestroy(&lum);
    pixDestroy(&guide);
    page->raw = rgb;
    if (!page->norm)
        return -1;
    page->read = read_view(page->norm);
    return page->read ? 0 : -1;
}

/* The rest of the page once it is final: grey, ink, the signature block. */
static int finish_ink(const struct icp_context *ctx, struct icp_cl_page *page)
{
    page->grey = pixConvertRGBToLuminance(page->norm);
    page->ink = page->grey ? pixThresholdToBinary(
                                 page->grey, (int)num(ctx, "ink", "grey_max"))
                           : NULL;
    if (!page->grey || !page->ink)
        return -1;
    /* Blue ink is light in luminance (its blue weighs little) but dark in
     * the red channel: a thin blue stroke softened by blur is ink there. */
    PIX *red = pixThresholdToBinary(page->read,
                                    (int)num(ctx, "ink", "grey_max"));
    if (!red)
        return -1;
    pixOr(page->ink, page->ink, red);
    pixDestroy(&red);
    page->sign_top = sign_block_top(ctx, page);
    return 0;
}

/* Twice the signed area of the quad q (tl, tr, br, bl). */
static double quad_area2(double q[4][2])
{
    double a = 0;
    for (int i = 0; i < 4; i++) {
        int j = (i + 1) % 4;
        a += q[i][0] * q[j][1] - q[j][0] * q[i][1];
    }
    return a;
}

/* The paper's corners (tl, tr, br, bl, in the mask's pixels) when the
 * paper stands apart from the desk as one convex four-sided region: its
 * extreme points along the diagonals, the quad they span covered by the
 * paper and the paper by it. Returns 1 when they cover each other to
 * quad_fit, 0 when only to quad_fit_loose (a shadow over part of the
 * paper, or a wrong quad: to be confirmed), -1 when the paper is no such
 * quad (a light desk merged with it). */
static int paper_corners(const struct icp_context *ctx, PIX *mask,
                         double q[4][2])
{
    int w = pixGetWidth(mask), h = pixGetHeight(mask), count = 0;
    comp_corners(mask, 0, 0, q);
    pixCountPixels(mask, &count, NULL);
    double area = quad_area2(q) / 2;
    double fit = num(ctx, "page", "quad_fit");
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "checklist paper %.0f,%.0f %.0f,%.0f %.0f,%.0f "
                "%.0f,%.0f: quad %.3f of the image, paper %.3f\n", q[0][0],
                q[0][1], q[1][0], q[1][1], q[2][0], q[2][1], q[3][0], q[3][1],
                area / w / h, (double)count / w / h);
    /* Each corner apart from the others; no side along the image border
     * (a desk as light as the paper joined to it, or a page running off
     * the photo: the print tells where it is then). */
    for (int i = 0; i < 4; i++) {
        const double *a = q[i], *b = q[(i + 1) % 4];
        double edge = 0.01 * VIPS_MAX(w, h);
        if (hypot(a[0] - b[0], a[1] - b[1]) < 0.1 * VIPS_MAX(w, h) ||
            (a[0] < edge && b[0] < edge) || (a[1] < edge && b[1] < edge) ||
            (a[0] > w - 1 - edge && b[0] > w - 1 - edge) ||
            (a[1] > h - 1 - edge && b[1] > h - 1 - edge))
            return -1;
    }
    double loose = num(ctx, "page", "quad_fit_loose");
    if (area < num(ctx, "page", "paper_min_area") * w * h ||
        area > num(ctx, "page", "quad_max_area") * w * h ||
        count < loose * area || area < loose * count)
        return -1;
    int rc = count >= fit * area && area >= fit * count;
    /* The paper's own edge is not smooth: grow the quad by a little more
     * than the edge filter's reach. */
    double cx = 0, cy = 0, grow = num(ctx, "page", "quad_grow");
    for (int i = 0; i < 4; i++)
        cx += q[i][0] / 4, cy += q[i][1] / 4;
    for (int i = 0; i < 4; i++) {
        q[i][0] = cx + (q[i][0] - cx) * (1 + grow);
        q[i][1] = cy + (q[i][1] - cy) * (1 + grow);
    }
    return rc;
}

/* Whether sides with print cut at them (touch) mean a page cut off: the
 * desk shows on another side, or no desk shows at all, the paper running
 * along every side (a page too close to the lens, no corner in view).
 * Print at all four sides is a scan with narrow margins, or clutter. */
static bool sides_cut(const bool touch[4], const bool desk[4],
                      const bool reach[4])
{
    int nt = 0, nd = 0, nr = 0, any_desk = 0;
    for (int s = 0; s < 4; s++) {
        nt += touch[s];
        nd += desk[s] && !touch[s];
        nr += reach[s];
        any_desk += desk[s];
    }
    return nt > 0 && nt < 4 && (nd > 0 || (nr == 4 && any_desk == 0));
}

/* The least share of an image side that the paper covers along it. */
static double border_cover(PIX *mask)
{
    int w = pixGetWidth(mask), h = pixGetHeight(mask);
    double least = 1;
    for (int s = 0; s < 4; s++) {
        int len = s % 2 ? h : w, on = 0;
        for (int i = 0; i < len; i++) {
            l_uint32 v = 0;
            pixGetPixel(mask, s == 1 ? w - 1 : s == 3 ? 0 : i,
                        s == 0 ? 0 : s == 2 ? h - 1 : i, &v);
            on += v != 0;
        }
        least = VIPS_MIN(least, (double)on / len);
    }
    return least;
}

/* Whether a desk lies inside the paper: a hole in the paper's region
 * that is dark next to the paper, large and clear of the image border. A
 * photo of a page on a desk lying on a white scanner bed shows so when
 * the page runs off that photo: the page and the bed merge into one
 * region around the desk that runs along the whole image border, and no
 * cut side is seen there. A
 * complete page on the desk would stand apart from the bed, the desk
 * around it. The desk seen beside such a page runs along most of the
 * pictured scene's side; a shadow over the signature block, the other
 * large dark hole seen, is compact. */
static bool desk_inside(const struct icp_context *ctx, PIX *grey, PIX *mask,
                        PIX *holes, double paper_mean)
{
    if (!holes ||
        border_cover(mask) < num(ctx, "page", "inner_desk_frame"))
        return false;
    int w = pixGetWidth(grey), h = pixGetHeight(grey);
    double min_area = num(ctx, "page", "inner_desk_area") * w * h;
    double dark = num(ctx, "page", "desk_max_fraction") * paper_mean;
    double span = num(ctx, "page", "inner_desk_span");
    int margin = (int)(0.01 * VIPS_MAX(w, h)) + 1;
    PIXA *pixa = NULL;
    BOXA *boxa = pixConnComp(holes, &pixa, 4);
    bool found = false;
    for (int i = 0; boxa && i < boxaGetCount(boxa) && !found; i++) {
        int bx, by, bw, bh, count = 0;
        boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh);
        if ((double)bw * bh < min_area || bx < margin || by < margin ||
            bx + bw > w - margin || by + bh > h - margin ||
            (bw < span * w && bh < span * h))
            continue;
        PIX *comp = pixaGetPix(pixa, i, L_CLONE);
        pixCountPixels(comp, &count, NULL);
        l_float32 avg = 255;
        if (count >= min_area)
            pixGetAverageMasked(grey, comp, bx, by, 1, L_MEAN_ABSVAL, &avg);
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "checklist hole %d,%d %dx%d: %.3f of the image, "
                    "grey %.0f of %.0f\n", bx, by, bw, bh,
                    (double)count / w / h, avg, dark);
        found = count >= min_area && avg < dark;
        pixDestroy(&comp);
    }
    boxaDestroy(&boxa);
    pixaDestroy(&pixa);
    return found;
}

/* Whether the paper runs off the photo: it reaches the border on some
 * side, with print cut there, while the desk shows on another side or on
 * none. Also
 * the paper's corners in the upright image of long side *side when it
 * stands apart from the desk (*side 0 otherwise). */
static bool page_cut_off(const struct icp_context *ctx, struct icp_image *img,
                         struct icp_result *res, double q[4][2], int *side,
                         bool *sure, bool *reaches)
{
    *reaches = false;
    VipsImage *low = icp_image_at(img, (int)num(ctx, "page", "mask_side"),
                                  res);
    PIX *grey = NULL, *raw = NULL, *mask = NULL;
    bool cut = false;
    *side = 0;
    if (!low || !(grey = smooth_grey(low, (int)num(ctx, "page", "median"))) ||
        !(raw = smooth_grey(low, 1)))
        goto out;
    double mean = 0;
    PIX *holes = NULL;
    if (!(mask = paper_mask(ctx, grey, num(ctx, "page", "paper_min_fraction"),
                            &mean, &holes)))
        goto out;
    bool framed_desk = desk_inside(ctx, grey, mask, holes, mean);
    pixDestroy(&holes);
    bool touch[4], desk[4];
    int n_touch = 0, n_desk = 0;
    bool reach[4];
    border_sides(ctx, mask, grey, raw, mean, touch, desk, reach);
    for (int s = 0; s < 4; s++) {
        *reaches = *reaches || reach[s];
        n_touch += touch[s];
        n_desk += desk[s] && !touch[s];
    }
    cut = sides_cut(touch, desk, reach) || framed_desk;
    /* A light desk may merge with the paper: brighter thresholds part
     * them, for the sides (print cut at one, the desk at another) and the
     * paper's corners. */
    char **fracs = icp_model_list(ctx, MODEL, "page", "quad_fractions");
    for (size_t i = 1; !cut && n_touch > 0 && fracs[i]; i++) {
        double m2 = 0;
        PIX *m = paper_mask(ctx, grey, g_ascii_strtod(fracs[i], NULL), &m2,
                            NULL);
        bool t2[4], d2[4], r2[4];
        int nd = 0;
        if (m) {
            border_sides(ctx, m, grey, raw, m2, t2, d2, r2);
            for (int s = 0; s < 4; s++)
                nd += d2[s] && !t2[s];
            cut = sides_cut(t2, d2, r2);
            n_desk = VIPS_MAX(n_desk, nd);
        }
        pixDestroy(&m);
    }
    for (size_t i = 0; n_desk > 0 && fracs[i] && *side == 0; i++) {
        PIX *m = i == 0 ? pixClone(mask)
                        : paper_mask(ctx, grey, g_ascii_strtod(fracs[i], NULL),
                                     &mean, NULL);
        int fit = m ? paper_corners(ctx, m, q) : -1;
        if (fit >= 0) {
            *side = VIPS_MAX(pixGetWidth(m), pixGetHeight(m));
            *sure = fit == 1;
        }
        pixDestroy(&m);
    }
    g_strfreev(fracs);
out:
    pixDestroy(&grey);
    pixDestroy(&raw);
    pixDestroy(&mask);
    return cut;
}

/* The corners of the document's region in the upright w x h frame: the
 * region is kept as a box in the frame turned by -angle on a canvas just
 * holding it (document.c). */
static void doc_corners(const struct icp_image *img, int w, int h,
                        double pts[4][2])
{
    double rad = img->doc.angle * M_PI / 180, c = cos(rad), s = sin(rad);
    double tw = w * fabs(c) + h * fabs(s), th = w * fabs(s) + h * fabs(c);
    const double *b = img->doc.box;
    for (int i = 0; i < 4; i++) {
        double x = (b[0] + (i & 1 ? b[2] : 0)) * tw - tw / 2;
        double y = (b[1] + (i & 2 ? b[3] : 0)) * th - th / 2;
        pts[i][0] = w / 2.0 + x * c - y * s;
        pts[i][1] = h / 2.0 + x * s + y * c;
    }
}

/* Clears what lies outside the document's region, shrunk by `inset` of
 * the frame so that the paper's own edge stays out. `bin` is the w x h
 * frame turned by -angle on a canvas of its own size, the same centre. */
static void keep_document(const struct icp_image *img, PIX *bin, int w, int h,
                          double angle, double inset)
{
    int bw = pixGetWidth(bin), bh = pixGetHeight(bin);
    double pts[4][2], rad = -angle * M_PI / 180, c = cos(rad), s = sin(rad);
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    doc_corners(img, w, h, pts);
    for (int i = 0; i < 4; i++) {
        double x = pts[i][0] - w / 2.0, y = pts[i][1] - h / 2.0;
        double u = bw / 2.0 + x * c - y * s, v = bh / 2.0 + x * s + y * c;
        x0 = fmin(x0, u), y0 = fmin(y0, v), x1 = fmax(x1, u), y1 = fmax(y1, v);
    }
    x0 += inset * w, y0 += inset * h, x1 -= inset * w, y1 -= inset * h;
    if (x1 - x0 < w / 8 || y1 - y0 < h / 8)
        return;
    PIX *keep = pixCreate(bw, bh, 1);
    pixRasterop(keep, (int)fmax(0, x0), (int)fmax(0, y0), (int)(x1 - x0),
                (int)(y1 - y0), PIX_SET, NULL, 0, 0);
    pixAnd(bin, bin, keep);
    pixDestroy(&keep);
}

/* The bounding box (x, y, w, h in `bin`) of the print: components the size
 * of text or table parts, not long edges, wood grain or shadows. */
static int print_box(const struct icp_context *ctx, PIX *bin, int *box)
{
    int w = pixGetWidth(bin), h = pixGetHeight(bin), side = VIPS_MAX(w, h);
    BOXA *boxa = pixConnCompBB(bin, 8);
    int x0 = w, y0 = h, x1 = 0, y1 = 0, kept = 0;
    double tall = num(ctx, "page", "print_max_height") * side;
    double wide = num(ctx, "page", "print_max_width") * side;
    double least = num(ctx, "page", "print_min_size") * side;
    for (int i = 0; boxa && i < boxaGetCount(boxa); i++) {
        int bx, by, bw, bh;
        boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh);
        if (bh > tall || bw > wide || VIPS_MAX(bw, bh) < least)
            continue;
        x0 = VIPS_MIN(x0, bx), y0 = VIPS_MIN(y0, by);
        x1 = VIPS_MAX(x1, bx + bw), y1 = VIPS_MAX(y1, by + bh);
        kept++;
    }
    boxaDestroy(&boxa);
    if (kept < num(ctx, "page", "print_min_parts"))
        return -1;
    double m = num(ctx, "page", "print_margin") * (x1 - x0);
    box[0] = (int)VIPS_MAX(0, x0 - m), box[1] = (int)VIPS_MAX(0, y0 - m);
    box[2] = (int)VIPS_MIN(w, x1 + m) - box[0];
    box[3] = (int)VIPS_MIN(h, y1 + m) - box[1];
    return 0;
}

/* The page's corners (tl, tr, br, bl) in the upright image of long side
 * `find_side`: the print's box in the copy turned upright by the text
 * lines' tilt, turned back. Without print, the whole frame. */
static void page_quad(const struct icp_context *ctx, struct icp_image *img,
                      struct icp_result *res, double a, bool whole,
                      double q[4][2], int *side)
{
    VipsImage *im = icp_image_at(img, (int)num(ctx, "page", "find_side"),
                                 res);
    PIX *grey = NULL, *turned = NULL, *norm = NULL, *bin = NULL;
    *side = 0;
    if (!im || !(grey = smooth_grey(im, 1)))
        goto out;
    int w = pixGetWidth(grey), h = pixGetHeight(grey);
    *side = VIPS_MAX(w, h);
    double quad[4][2] = {{0, 0}, {w, 0}, {w, h}, {0, h}};
    memcpy(q, quad, sizeof quad);
    /* Levelled before it is turned: levelling the turned copy darkens
     * the desk beside the white brought into the canvas's corners, a
     * staircase of dark bits along the frame's edges taken for print. */
    /* Leptonica turns clockwise for a positive angle: undo the tilt. */
    /* Embedded in a canvas that holds the whole turned frame. */
    if (!(norm = pixBackgroundNormSimple(grey, NULL, NULL)))
        goto out;
    turned = fabs(a) > 0.1 ? pixRotate(norm, (float)(-a * M_PI / 180),
                                      L_ROTATE_AREA_MAP, L_BRING_IN_WHITE,
                                      w, h)
                          : pixClone(norm);
    if (!turned ||
        !(bin = pixThresholdToBinary(turned, (int)num(ctx, "page",
                                                      "print_grey"))))
        goto out;
    if (img->doc.found && !whole)
        keep_document(img, bin, w, h, a, num(ctx, "page", "document_inset"));
    int box[4];
    if (print_box(ctx, bin, box))
        goto out;
    double c = cos(a * M_PI / 180), s = sin(a * M_PI / 180);
    int tw = pixGetWidth(bin), th = pixGetHeight(bin);
    for (int i = 0; i < 4; i++) {
        double x = box[0] + (i == 1 || i == 2 ? box[2] : 0) - tw / 2.0;
        double y = box[1] + (i >= 2 ? box[3] : 0) - th / 2.0;
        q[i][0] = w / 2.0 + x * c - y * s;
        q[i][1] = h / 2.0 + x * s + y * c;
    }
out:
    pixDestroy(&grey);
    pixDestroy(&turned);
    pixDestroy(&norm);
    pixDestroy(&bin);
}

/* The tilt of the text lines inside the document's region, read on the
 * working copy: a small page's print is too fine for the whole-frame
 * estimate at 1000 px. Falls back to the document's own angle. */
static double page_tilt(const struct icp_context *ctx, struct icp_image *img,
                        struct icp_result *res)
{
    double a = img->doc.angle;
    VipsImage *work = icp_image_at(img, (int)num(ctx, "page", "work_side"),
                                   res);
    if (!img->doc.found || !work)
        return a;
    int w = work->Xsize, h = work->Ysize;
    double pts[4][2], x0 = w, y0 = h, x1 = 0, y1 = 0;
    doc_corners(img, w, h, pts);
    for (int i = 0; i < 4; i++) {
        x0 = fmin(x0, pts[i][0]), y0 = fmin(y0, pts[i][1]);
        x1 = fmax(x1, pts[i][0]), y1 = fmax(y1, pts[i][1]);
    }
    x0 = fmax(0, x0), y0 = fmax(0, y0), x1 = fmin(w, x1), y1 = fmin(h, y1);
    VipsImage *crop = NULL, *bin = NULL;
    double t = 0, tc = 0;
    if (x1 - x0 > w / 8 && y1 - y0 > h / 8 &&
        !vips_extract_area(work, &crop, (int)x0, (int)y0, (int)(x1 - x0),
                           (int)(y1 - y0), NULL) &&
        (bin = icp_ocr_binarise(crop)) && icp_text_skew(bin, &t, &tc) == 0)
        a = t;
    VIPS_UNREF(crop);
    VIPS_UNREF(bin);
    vips_error_clear();
    return a;
}

static double dist(const double *a, const double *b)
{
    return hypot(a[0] - b[0], a[1] - b[1]);
}

/* Straightens the page whose corners in `src` (the working copy) are q:
 * onto the form's ruled frame when it shows (returns 1), else onto q
 * itself (returns 0), or -1. Sets page->w, h, coeffs, title_end; *rgb
 * receives the straightened colour page. */
static int place(const struct icp_context *ctx, VipsImage *src, PIX *red,
                 double q[4][2],
                 struct icp_cl_page *page, PIX **rgb)
{
    *rgb = NULL;
    double qw = dist(q[0], q[1]), qh = dist(q[0], q[3]);
    double aspect = qw > 1 ? qh / qw : 1.414;
    aspect = aspect < 0.5 ? 0.5 : aspect > 2.5 ? 2.5 : aspect;
    page->w = (int)num(ctx, "page", "width");
    page->h = (int)(page->w * aspect);
    page->title_end = 0;
    /* The ruled frame is looked for on the red channel alone (where the
     * page is read): a third of the work of warping and levelling colour,
     * done in colour once the final mapping is known. */
    /* ... and at a reduced size (`frame` `scale`): the frame's lines are
     * long, their corners need no finer place than the final warp. */
    double fs = num(ctx, "frame", "scale");
    PIX *redlow = red && fs < 0.75 ? pixScaleAreaMap2(red) : pixClone(red);
    double rs = red ? (double)pixGetWidth(redlow) / pixGetWidth(red) : 1;
    /* ... in a view a little wider than the quad: a print's box ends at
     * the text, short of the table's empty right column, and a paper's
     * outline cut by a shadow cuts the table; a box touching the view's
     * border is no frame. */
    double ql[4][2], mx = 0, my = 0;
    double grow = 1 + num(ctx, "frame", "grow");
    for (int i = 0; i < 4; i++)
        mx += q[i][0] / 4, my += q[i][1] / 4;
    for (int i = 0; i < 4; i++) {
        ql[i][0] = (mx + (q[i][0] - mx) * grow) * rs;
        ql[i][1] = (my + (q[i][1] - my) * grow) * rs;
    }
    int lw = (int)(page->w * fs), lh = (int)(page->h * fs);
    float lc[8];
    PIX *flat = redlow ? warp(redlow, NULL, ql, lw, lh, lc) : NULL;
    pixDestroy(&redlow);
    int tile = (int)(num(ctx, "page", "norm_tile") * fs);
    PIX *guide = flat ? level_guide(ctx, flat) : NULL;
    PIX *read = guide ? pixBackgroundNorm(flat, NULL, guide, tile, tile,
                                          (int)num(ctx, "page", "norm_light"),
                                          tile * tile / 4, 200, 2, 2)
                      : NULL;
    pixDestroy(&guide);
    pixDestroy(&flat);
    if (!read)
        return -1;
    /* The paper's outline or the print's box leave some tilt and the
     * photo's perspective; the form's own ruled frame is a rectangle on
     * paper: map it onto one, at a fixed share of the page width. */
    double fq[4][2];
    int framed = 0;
    if (ruled_frame(ctx, read, fs, fq) == 0) {
        for (int i = 0; i < 4; i++)
            fq[i][0] /= fs, fq[i][1] /= fs;
        double fw = (dist(fq[0], fq[1]) + dist(fq[3], fq[2])) / 2;
        double from[4][2];
        for (int i = 0; i < 4; i++) {
            /* The reduced page's mapping, in the working copy's pixels. */
            page_to_src(lc, fq[i][0] * fs, fq[i][1] * fs, from[i]);
            from[i][0] /= rs, from[i][1] /= rs;
        }
        /* The frame's proportions as photographed: the first quad's view
         * stretches them when that quad is no rectangle on paper (a print's
         * box on a page seen at a slant). */
        double pw = (dist(from[0], from[1]) + dist(from[3], from[2])) / 2;
        double ph = (dist(from[0], from[3]) + dist(from[1], from[2])) / 2;
        double m = num(ctx, "frame", "margin") * page->w;
        double rw = page->w - 2 * m, rh = ph / VIPS_MAX(1, pw) * rw;
        double top = num(ctx, "frame", "above") * rw;
        int h = (int)VIPS_MAX(page->w * 1.414,
                              top + rh + num(ctx, "frame", "below") * rw);
        double to[4][2] = {{m, top}, {m + rw, top}, {m + rw, top + rh},
                           {m, top + rh}};
        if (fw > page->w / 4.0 && h < 3 * page->w) {
            *rgb = warp_pts(NULL, src, from, to, page->w, h,
                            page->coeffs);
            page->h = h;
            page->title_end = (int)top;
            framed = 1;
        }
    }
    pixDestroy(&read);
    if (!framed)
        *rgb = warp(NULL, src, q, page->w, page->h, page->coeffs);
    return *rgb ? framed : -1;
}

int icp_cl_page_make(struct icp_worker *w, struct icp_image *img,
                     struct icp_result *res, bool whole,
                     struct icp_cl_page *page)
{
    const struct icp_context *ctx = w->ctx;
    memset(page, 0, sizeof *page);
    int rc = -1, side = 0, placed = -1;
    PIX *src = NULL, *rgb = NULL;
    struct icp_stage_timer timer;
    icp_stage_timer_start(&timer);
    if (icp_document_find(img, res))
        goto out;
    icp_stage_lap(&timer, res->path, "checklist page/document");
    double q[4][2];
    bool sure = false;
    page->incomplete = page_cut_off(ctx, img, res, q, &side, &sure,
                                    &page->reaches_border);
    icp_stage_lap(&timer, res->path, "checklist page/cut-off");
    VipsImage *work = icp_image_at(img, (int)num(ctx, "page", "work_side"),
                                   res);
    if (!work)
        goto out;
    icp_stage_lap(&timer, res->path, "checklist page/work copy");
    page->found_paper = img->doc.found;
    page->to_view = (double)VIPS_MAX(img->width, img->height) /
                    VIPS_MAX(work->Xsize, work->Ysize);
    src = red_of(work);
    /* The paper apart from the desk gives the page's corners directly;
     * a paper partly in shadow only when the form's frame confirms them.
     * Else the print's box in the copy turned by the text lines' tilt. */
    /* Without the frame, the paper's quad is kept, but the print's box
     * is tried too: glare or shadow may have cut the paper's mask. */
    struct icp_cl_page kept = {0};
    PIX *kept_rgb = NULL;
    if (whole)
        side = 0;
    for (int pass = 0; pass < 2 && placed < 1; pass++) {
        if (pass == 1)
            page_quad(ctx, img, res, page_tilt(ctx, img, res), whole, q,
                      &side);
        if (side == 0)
            continue;
        double k = (double)VIPS_MAX(work->Xsize, work->Ysize) / side;
        for (int i = 0; i < 4; i++)
            q[i][0] *= k, q[i][1] *= k;
        int r = place(ctx, work, src, q, page, &rgb);
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "checklist pass %d quad %.0f,%.0f %.0f,%.0f "
                    "%.0f,%.0f %.0f,%.0f (of %dx%d): %s%s\n", pass,
                    q[0][0], q[0][1], q[1][0], q[1][1], q[2][0], q[2][1],
                    q[3][0], q[3][1], work->Xsize, work->Ysize,
                    r == 1 ? "framed" : r == 0 ? "placed" : "failed",
                    sure ? ", sure" : "");
        if (r == 1 || (r == 0 && pass == 1 && !kept_rgb)) {
            placed = r;
        } else if (r == 0 && sure) {
            pixDestroy(&kept_rgb); /* the later placing is kept */
            kept = *page, kept_rgb = rgb, rgb = NULL;
        } else {
            pixDestroy(&rgb);
        }
        side = 0;
    }
    if (placed < 1 && kept_rgb) {
        pixDestroy(&rgb);
        rgb = kept_rgb;
        *page = kept;
        placed = 0;
    } else {
        pixDestroy(&kept_rgb);
    }
    icp_stage_lap(&timer, res->path, "checklist page/placed");
    if (placed < 0) /* finish() takes rgb */
        goto fail;
    page->framed = placed == 1;
    if (finish(ctx, rgb, page)) {
        rgb = NULL;
        goto fail;
    }
    rgb = NULL;
    icp_stage_lap(&timer, res->path, "checklist page/frame");
    if (finish_ink(ctx, page))
        goto fail;
    rc = 0;
    goto out;
fail:
    icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                   "无法处理图片", "cannot process the image");
out:
    pixDestroy(&src);
    pixDestroy(&rgb);
    if (rc)
        icp_cl_page_clear(page);
    return rc;
}

void icp_cl_page_clear(struct icp_cl_page *page)
{
    pixDestroy(&page->raw);
    pixDestroy(&page->norm);
    pixDestroy(&page->grey);
    pixDestroy(&page->ink);
    pixDestroy(&page->read);
}

void icp_cl_page_box_out(const struct icp_cl_page *page,
                         const struct icp_image *img, const int *in,
                         int *out)
{
    const float *c = page->coeffs;
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
    for (int i = 0; i < 4; i++) {
        double x = in[0] + (i & 1 ? in[2] : 0);
        double y = in[1] + (i & 2 ? in[3] : 0);
        double d = c[6] * x + c[7] * y + 1;
        double u = (c[0] * x + c[1] * y + c[2]) / d * page->to_view;
        double v = (c[3] * x + c[4] * y + c[5]) / d * page->to_view;
        x0 = fmin(x0, u), y0 = fmin(y0, v), x1 = fmax(x1, u), y1 = fmax(y1, v);
    }
    bool turned = img->rotation == 90 || img->rotation == 270;
    int vw = turned ? img->height : img->width;
    int vh = turned ? img->width : img->height;
    x0 = fmax(0, x0), y0 = fmax(0, y0);
    x1 = fmin(vw, x1), y1 = fmin(vh, y1);
    int view[4] = {(int)x0, (int)y0, (int)fmax(0, x1 - x0),
                   (int)fmax(0, y1 - y0)};
    icp_image_box_to_output(img, view, out);
}
