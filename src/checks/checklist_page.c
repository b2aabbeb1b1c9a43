/* The checklist's page: paper told from the desk, four corners found (or
 * the paper running off the photo), the page straightened and deskewed. */
#include <math.h>
#include <string.h>

#include "checks/checklist.h"
#include "core/util.h"

#define MODEL "checklist"

static double num(const struct icp_context *ctx, const char *group,
                  const char *key)
{
    return icp_model_num(ctx, MODEL, group, key);
}

/* A 32 bpp PIX copy of a 3-band uchar image in memory. Caller destroys. */
static PIX *pix_from_rgb(VipsImage *im)
{
    PIX *pix = pixCreate(im->Xsize, im->Ysize, 32);
    l_uint32 *data = pixGetData(pix);
    int wpl = pixGetWpl(pix);
    const unsigned char *src = vips_image_get_data(im);
    for (int y = 0; y < im->Ysize; y++) {
        const unsigned char *p = src + (size_t)y * im->Xsize * 3;
        l_uint32 *line = data + (size_t)y * wpl;
        for (int x = 0; x < im->Xsize; x++, p += 3)
            line[x] = ((l_uint32)p[0] << 24) | ((l_uint32)p[1] << 16) |
                      ((l_uint32)p[2] << 8);
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
static PIX *paper_mask(const struct icp_context *ctx, PIX *grey, double *mean)
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
                       num(ctx, "page", "paper_min_fraction"));
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
static bool print_at(const struct icp_context *ctx, PIX *mask, PIX *raw,
                     int s, double paper_mean)
{
    int w = pixGetWidth(mask), h = pixGetHeight(mask);
    int depth = (int)(num(ctx, "page", "cut_depth") * (s % 2 ? w : h));
    int dark = (int)(paper_mean * num(ctx, "page", "print_max_fraction"));
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
            pixGetPixel(raw, x, y, &g);
            count += (int)g < dark;
        }
    return area > 0 && count > num(ctx, "page", "cut_print") * area;
}

/* Per side (top, right, bottom, left): whether the paper reaches the
 * image border there, and whether a darker background shows there. */
static void border_sides(const struct icp_context *ctx, PIX *mask, PIX *grey,
                         PIX *raw, double paper_mean, bool touch[4],
                         bool desk[4])
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
        touch[s] = on > frac * 2 * len && print_at(ctx, mask, raw, s,
                                                    paper_mean);
        desk[s] = off > 0.4 * 2 * len && off_sum / off < desk_max;
    }
}

/* Corners tl, tr, br, bl of the mask as its extreme points along the
 * diagonals: right for any rotation under 45 degrees. */
static void mask_corners(PIX *mask, double q[4][2])
{
    int w = pixGetWidth(mask), h = pixGetHeight(mask);
    int best[4] = {INT32_MAX, INT32_MIN, INT32_MIN, INT32_MAX};
    l_uint32 *data = pixGetData(mask);
    int wpl = pixGetWpl(mask);
    for (int y = 0; y < h; y++) {
        l_uint32 *line = data + (size_t)y * wpl;
        for (int x = 0; x < w; x++) {
            if (!GET_DATA_BIT(line, x))
                continue;
            int s = x + y, d = x - y;
            if (s < best[0]) best[0] = s, q[0][0] = x, q[0][1] = y;
            if (d > best[1]) best[1] = d, q[1][0] = x, q[1][1] = y;
            if (s > best[2]) best[2] = s, q[2][0] = x, q[2][1] = y;
            if (d < best[3]) best[3] = d, q[3][0] = x, q[3][1] = y;
        }
    }
}

static double dist(const double *a, const double *b)
{
    return hypot(a[0] - b[0], a[1] - b[1]);
}

/* Warps `src` so that quad q (tl, tr, br, bl in src) fills a w x h page,
 * turned by `angle` degrees clockwise about its centre. */
static PIX *warp(PIX *src, double q[4][2], int w, int h, double angle,
                 float coeffs[8])
{
    PTA *ptas = ptaCreate(4), *ptad = ptaCreate(4);
    double dx[4] = {0, w - 1, w - 1, 0}, dy[4] = {0, 0, h - 1, h - 1};
    double c = cos(angle * M_PI / 180), s = sin(angle * M_PI / 180);
    for (int i = 0; i < 4; i++) {
        double x = dx[i] - w / 2.0, y = dy[i] - h / 2.0;
        ptaAddPt(ptad, (float)(w / 2.0 + x * c - y * s),
                 (float)(h / 2.0 + x * s + y * c));
        ptaAddPt(ptas, (float)q[i][0], (float)q[i][1]);
    }
    l_float32 *vc = NULL;
    getProjectiveXformCoeffs(ptad, ptas, &vc);
    if (vc) {
        memcpy(coeffs, vc, 8 * sizeof *vc);
        LEPT_FREE(vc);
    }
    PIX *full = pixProjectivePtaColor(src, ptad, ptas, 0xffffff00);
    PIX *out = NULL;
    if (full) {
        BOX *b = boxCreate(0, 0, w, h);
        out = pixClipRectangle(full, b, NULL);
        boxDestroy(&b);
        pixDestroy(&full);
    }
    ptaDestroy(&ptas);
    ptaDestroy(&ptad);
    return out;
}

/* norm, grey and ink of a straightened colour page (takes `rgb`). */
static int finish(const struct icp_context *ctx, PIX *rgb,
                  struct icp_cl_page *page)
{
    pixDestroy(&page->norm);
    pixDestroy(&page->grey);
    pixDestroy(&page->ink);
    /* The background map is taken where the luminance is light, for all
     * channels alike: a red seal is no background in any channel, so it
     * leaves no coloured halo on the ink around it. */
    PIX *lum = pixConvertRGBToLuminance(rgb);
    int tile = (int)num(ctx, "page", "norm_tile");
    page->norm = lum ? pixBackgroundNorm(rgb, NULL, lum, tile, tile,
                                         (int)num(ctx, "page", "norm_light"),
                                         tile * tile / 4, 200, 2, 2)
                     : NULL;
    pixDestroy(&lum);
    pixDestroy(&rgb);
    if (!page->norm)
        return -1;
    page->grey = pixConvertRGBToLuminance(page->norm);
    page->ink = pixThresholdToBinary(page->grey,
                                     (int)num(ctx, "ink", "grey_max"));
    return page->grey && page->ink ? 0 : -1;
}

int icp_cl_page_make(struct icp_worker *w, struct icp_image *img,
                     struct icp_result *res, struct icp_cl_page *page)
{
    const struct icp_context *ctx = w->ctx;
    memset(page, 0, sizeof *page);
    int rc = -1;
    PIX *grey = NULL, *raw = NULL, *mask = NULL, *src = NULL, *rgb = NULL;
    VipsImage *low = icp_image_at(img, (int)num(ctx, "page", "mask_side"),
                                  res);
    if (!low)
        goto out;
    grey = smooth_grey(low, (int)num(ctx, "page", "median"));
    raw = smooth_grey(low, 1);
    if (!grey || !raw)
        goto out;
    int lw = pixGetWidth(grey), lh = pixGetHeight(grey);
    double q[4][2] = {{0, 0}, {lw - 1, 0}, {lw - 1, lh - 1}, {0, lh - 1}};
    double mean = 0;
    mask = paper_mask(ctx, grey, &mean);
    if (mask) {
        bool touch[4], desk[4];
        int n_touch = 0, n_desk = 0, area = 0;
        border_sides(ctx, mask, grey, raw, mean, touch, desk);
        for (int s = 0; s < 4; s++) {
            n_touch += touch[s];
            n_desk += desk[s] && !touch[s];
        }
        pixCountPixels(mask, &area, NULL);
        if (n_touch > 0 && n_touch < 4 && n_desk > 0)
            page->incomplete = true;
        else if (n_touch == 0 &&
                 area < num(ctx, "page", "whole_fraction") * lw * lh) {
            mask_corners(mask, q);
            page->found_paper = true;
        }
    }
    VipsImage *work = icp_image_at(img, (int)num(ctx, "page", "work_side"),
                                   res);
    if (!work)
        goto out;
    double k = (double)work->Xsize / lw;
    for (int i = 0; i < 4; i++)
        q[i][0] *= k, q[i][1] *= k;
    page->to_view = (double)VIPS_MAX(img->width, img->height) /
                    VIPS_MAX(work->Xsize, work->Ysize);
    double qw = (dist(q[0], q[1]) + dist(q[3], q[2])) / 2;
    double qh = (dist(q[0], q[3]) + dist(q[1], q[2])) / 2;
    double aspect = qw > 1 ? qh / qw : 1.414;
    aspect = aspect < 0.5 ? 0.5 : aspect > 2.5 ? 2.5 : aspect;
    page->w = (int)num(ctx, "page", "width");
    page->h = (int)(page->w * aspect);
    src = pix_from_rgb(work);
    rgb = warp(src, q, page->w, page->h, 0, page->coeffs);
    if (!rgb || finish(ctx, rgb, page))
        goto fail;
    /* Corners found on a small copy leave a little skew; a scan or a
     * cropped photo keeps all of its own. Text lines tell it. */
    l_float32 angle = 0, conf = 0;
    if (pixFindSkewSweepAndSearch(page->ink, &angle, &conf, 2, 2,
                                  (float)num(ctx, "page", "skew_range"), 0.5f,
                                  0.01f) == 0 &&
        conf > num(ctx, "page", "skew_min_conf") &&
        fabs(angle) > num(ctx, "page", "skew_min")) {
        rgb = warp(src, q, page->w, page->h, angle, page->coeffs);
        if (!rgb || finish(ctx, rgb, page))
            goto fail;
    }
    rc = 0;
    goto out;
fail:
    icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                   "无法处理图片", "cannot process the image");
out:
    pixDestroy(&grey);
    pixDestroy(&raw);
    pixDestroy(&mask);
    pixDestroy(&src);
    if (rc)
        icp_cl_page_clear(page);
    return rc;
}

void icp_cl_page_clear(struct icp_cl_page *page)
{
    pixDestroy(&page->norm);
    pixDestroy(&page->grey);
    pixDestroy(&page->ink);
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
