/* Ink on the checklist: the red round seal, and the handwriting in a field
 * (ruled lines, printed text and seal pixels taken out), with its colour
 * judged in LCh. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checklist.h"
#include "core/util.h"

#define MODEL "checklist"

static double num(const struct icp_context *ctx, const char *group,
                  const char *key)
{
    return icp_model_num(ctx, MODEL, group, key);
}

/* LCh (float, 3 bands) of a region of a background-normalised page whose
 * paper is ~200: scaled so that paper is white, then converted by libvips.
 * Returns a g_malloc'd array of w*h*3 floats (caller g_free()s) or NULL. */
static float *region_lch(PIX *norm, int x0, int y0, int w, int h)
{
    unsigned char *rgb = g_malloc((size_t)w * h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            l_int32 r = 255, g = 255, b = 255;
            l_uint32 px;
            if (pixGetPixel(norm, x0 + x, y0 + y, &px) == 0)
                extractRGBValues(px, &r, &g, &b);
            unsigned char *p = rgb + ((size_t)y * w + x) * 3;
            p[0] = (unsigned char)VIPS_MIN(255, r * 255 / 200);
            p[1] = (unsigned char)VIPS_MIN(255, g * 255 / 200);
            p[2] = (unsigned char)VIPS_MIN(255, b * 255 / 200);
        }
    VipsImage *in = NULL, *lch = NULL;
    float *out = NULL;
    in = vips_image_new_from_memory(rgb, (size_t)w * h * 3, w, h, 3,
                                    VIPS_FORMAT_UCHAR);
    if (!in)
        goto out;
    in->Type = VIPS_INTERPRETATION_sRGB;
    if (vips_colourspace(in, &lch, VIPS_INTERPRETATION_LCH, NULL))
        goto out;
    size_t len = 0;
    out = vips_image_write_to_memory(lch, &len);
    if (out && len != (size_t)w * h * 3 * sizeof(float)) {
        g_free(out);
        out = NULL;
    }
out:
    VIPS_UNREF(lch);
    VIPS_UNREF(in);
    g_free(rgb);
    vips_error_clear();
    return out;
}

static bool hue_in(double h, double lo, double hi)
{
    return lo <= hi ? h >= lo && h <= hi : h >= lo || h <= hi;
}

/* A colour range in LCh: chroma at least `chroma`, hue from..to. Read
 * once per field: the model's key file is not for per-pixel lookups. */
struct hue_range {
    double chroma, from, to;
};

static struct hue_range seal_red(const struct icp_context *ctx)
{
    return (struct hue_range){num(ctx, "seal", "chroma_min"),
                              num(ctx, "seal", "hue_from"),
                              num(ctx, "seal", "hue_to")};
}

static bool in_range(const struct hue_range *r, const float *lch)
{
    return lch[1] >= r->chroma && hue_in(lch[2], r->from, r->to);
}

/* Share of rays from the centre of an ellipse that meet red near its rim:
 * a seal's outer ring. */
static double ring_cover(PIX *red, int bx, int by, int bw, int bh)
{
    double cx = bx + bw / 2.0, cy = by + bh / 2.0;
    int hit = 0, rays = 72;
    for (int i = 0; i < rays; i++) {
        double a = i * 2 * M_PI / rays;
        for (double r = 0.78; r <= 1.04; r += 0.02) {
            int x = (int)(cx + r * bw / 2 * cos(a));
            int y = (int)(cy + r * bh / 2 * sin(a));
            l_uint32 v = 0;
            if (pixGetPixel(red, x, y, &v) == 0 && v) {
                hit++;
                break;
            }
        }
    }
    return (double)hit / rays;
}

/* The circle (centre, radius: *c) whose rim holds the most red within the
 * box bx, by, bw, bh of a 1 bpp mask as bytes `m` (w x h): a seal's ring.
 * Red handwriting joined to the seal stretches the marks' box, not the
 * ring. Returns the share of rays that meet red at the rim. */
static double ring_fit(const unsigned char *m, int w, int h, int bx, int by,
                       int bw, int bh, double rmin, double rmax, double *c)
{
    enum { RAYS = 48 };
    double best = 0;
    double co[RAYS], si[RAYS];
    for (int i = 0; i < RAYS; i++)
        co[i] = cos(i * 2 * M_PI / RAYS), si[i] = sin(i * 2 * M_PI / RAYS);
    rmax = VIPS_MIN(rmax, 0.75 * VIPS_MAX(bw, bh));
    for (int y = by; y <= by + bh; y += 3)
        for (int x = bx; x <= bx + bw; x += 3)
            for (double r = rmin; r <= rmax; r += 2) {
                int hit = 0;
                for (int i = 0; i < RAYS; i++)
                    for (int t = 0; t < 3; t++) {
                        int px = (int)(x + (r - t) * co[i]);
                        int py = (int)(y + (r - t) * si[i]);
                        if (px >= 0 && py >= 0 && px < w && py < h &&
                            m[(size_t)py * w + px]) {
                            hit++;
                            break;
                        }
                    }
                /* The outer ring over the rim's text just inside it. */
                double score = (double)hit / RAYS + 0.0005 * r;
                if (score > best) {
                    best = score;
                    c[0] = x, c[1] = y, c[2] = r;
                }
            }
    return best > 0 ? best - 0.0005 * c[2] : 0;
}

void icp_cl_find_seal(const struct icp_context *ctx,
                      const struct icp_cl_page *page, struct icp_cl_seal *out)
{
    memset(out, 0, sizeof *out);
    PIX *small = pixScaleAreaMap2(page->norm);
    if (!small)
        return;
    int w = pixGetWidth(small), h = pixGetHeight(small);
    float *lch = region_lch(small, 0, 0, w, h);
    PIX *red = NULL, *closed = NULL;
    BOXA *boxa = NULL;
    unsigned char *bytes = NULL;
    if (!lch)
        goto out;
    /* A stamp's ink is uneven: its paler parts count here too, the
     * ring test below tells a seal from other red marks. */
    red = pixCreate(w, h, 1);
    bytes = g_malloc0((size_t)w * h);
    double pale = num(ctx, "seal", "mask_chroma");
    double hue_from = num(ctx, "seal", "hue_from");
    double hue_to = num(ctx, "seal", "hue_to");
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const float *p = lch + ((size_t)y * w + x) * 3;
            if (p[1] >= pale && hue_in(p[2], hue_from, hue_to)) {
                pixSetPixel(red, x, y, 1);
                bytes[(size_t)y * w + x] = 1;
            }
        }
    double lo = num(ctx, "seal", "diameter_min") * w;
    double hi = num(ctx, "seal", "diameter_max") * w;
    double best = 0;
    /* A faded stamp falls apart into pieces: join them at two sizes. */
    for (int pass = 0; pass < 2; pass++) {
        int k = (int)(num(ctx, "seal", pass ? "join" : "close") * w) | 1;
        closed = pixCloseBrick(NULL, red, k, k);
        boxa = pixConnCompBB(closed, 8);
        for (int i = 0; boxa && i < boxaGetCount(boxa); i++) {
            int bx, by, bw, bh;
            boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh);
            double d = (bw + bh) / 2.0, ratio = (double)bw / bh;
            if (VIPS_MIN(bw, bh) < lo || VIPS_MIN(bw, bh) > 2 * hi)
                continue;
            /* A round seal by its ring, whatever joins it; an oval one by
             * its marks' box. */
            double c[3] = {0, 0, 0};
            double cover = ring_fit(bytes, w, h, bx, by, bw, bh, lo / 2,
                                    hi / 2, c);
            int cb[4] = {(int)(c[0] - c[2]), (int)(c[1] - c[2]),
                         (int)(2 * c[2]) + 1, (int)(2 * c[2]) + 1};
            /* A round seal seen at a slant, or on a page straightened to
             * its frame's proportions, is an oval: its box's ellipse then
             * meets more of the ring than the best circle does (whose
             * ends would leave seal red outside it). */
            if (d >= lo && d <= hi &&
                ratio >= num(ctx, "seal", "aspect_min") &&
                ratio <= 1 / num(ctx, "seal", "aspect_min")) {
                double oval = ring_cover(red, bx, by, bw, bh);
                if (oval > cover) {
                    cover = oval;
                    cb[0] = bx, cb[1] = by, cb[2] = bw, cb[3] = bh;
                }
            }
            if (g_getenv("ICP_DEBUG_OCR"))
                fprintf(stderr, "checklist seal? %d,%d %dx%d: %d,%d %dx%d "
                        "ring %.2f\n", bx, by, bw, bh, cb[0], cb[1], cb[2],
                        cb[3], cover);
            if (cover >= num(ctx, "seal", "ring_min") && cover > best) {
                best = cover;
                out->present = true;
                memcpy(out->box, cb, sizeof cb);
            }
        }
        pixDestroy(&closed);
        boxaDestroy(&boxa);
    }
    for (int i = 0; i < 4 && out->present; i++)
        out->box[i] *= 2;
out:
    g_free(lch);
    g_free(bytes);
    pixDestroy(&small);
    pixDestroy(&red);
    pixDestroy(&closed);
    boxaDestroy(&boxa);
}

/* Whether page pixel (x, y) lies inside the seal's ellipse grown by
 * `grow` (a fraction of its radii). */
static bool in_seal(const struct icp_cl_seal *seal, int x, int y, double grow)
{
    if (!seal || !seal->present)
        return false;
    double rx = seal->box[2] / 2.0 * (1 + grow);
    double ry = seal->box[3] / 2.0 * (1 + grow);
    double dx = (x - seal->box[0] - seal->box[2] / 2.0) / rx;
    double dy = (y - seal->box[1] - seal->box[3] / 2.0) / ry;
    return dx * dx + dy * dy <= 1;
}

struct sample {
    float l, a, b;
    int tier; /* 0 clear of the seal, 1 in it but off its red, 2 on red */
    bool hand; /* red handwriting inside the seal (red_strokes) */
};

static int by_lightness(const void *pa, const void *pb)
{
    float a = ((const struct sample *)pa)->l, b = ((const struct sample *)pb)->l;
    return (a > b) - (a < b);
}

/* The colour name of the darkest part of the strokes. */
static const char *classify(const struct icp_context *ctx,
                            struct sample *s, size_t n)
{
    qsort(s, n, sizeof *s, by_lightness);
    size_t core = (size_t)(n * num(ctx, "ink", "core_fraction"));
    if (core < 8)
        core = n;
    double l = 0, a = 0, b = 0;
    for (size_t i = 0; i < core; i++)
        l += s[i].l, a += s[i].a, b += s[i].b;
    l /= core, a /= core, b /= core;
    double c = hypot(a, b), hue = atan2(b, a) * 180 / M_PI;
    if (hue < 0)
        hue += 360;
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "checklist ink %zu px, core %zu: L %.1f C %.1f "
                "h %.0f (darkest L %.1f)\n", n, core, l, c, hue,
                (double)s[0].l);
    if (c >= num(ctx, "ink", "chroma_min")) {
        if (hue_in(hue, num(ctx, "ink", "blue_from"), num(ctx, "ink", "blue_to")))
            return "blue";
        if (hue_in(hue, num(ctx, "ink", "red_from"), num(ctx, "ink", "red_to")))
            return "red";
        return "other";
    }
    if (l > num(ctx, "ink", "black_l_max"))
        return "grey";
    return "black";
}

/* The colour from the samples of the lowest tier that has enough of them:
 * ink clear of the seal, else ink between the seal's strokes (under them
 * any ink turns dark), else all of it. */
static const char *colour_of(const struct icp_context *ctx,
                             struct sample *s, size_t n)
{
    size_t least = (size_t)num(ctx, "ink", "min_samples");
    for (int tier = 0; tier <= 2; tier++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (s[i].tier <= tier) {
                struct sample t = s[k];
                s[k++] = s[i];
                s[i] = t;
            }
        if (k >= least || (tier == 2 && k > 0))
            return classify(ctx, s, k);
    }
    return "black";
}

/* The colour of the ink: of all its stroke pixels, unless components of
 * blue ink (or, with no seal, red ink) hold at least colour_share of it:
 * ink clear of them (a shadow's edge, ruled-line remains) must not make a
 * coloured signature pass as black. Reorders the samples. */
static const char *pick_colour(const struct icp_context *ctx,
                               struct sample *s, size_t n,
                               size_t *starts, size_t n_comp, bool sealed)
{
    double blue = 0, red = 0;
    starts[n_comp] = n;
    for (size_t i = 0; i < n_comp; i++) {
        size_t k = starts[i + 1] - starts[i];
        if (k < (size_t)num(ctx, "ink", "min_samples"))
            continue;
        size_t hand = 0;
        for (size_t j = starts[i]; j < starts[i + 1]; j++)
            hand += s[j].hand;
        const char *c = colour_of(ctx, s + starts[i], k);
        blue += strcmp(c, "blue") == 0 ? (double)k : 0;
        /* Under a seal red is the seal's, unless its shape is not. */
        red += strcmp(c, "red") == 0 && (!sealed || 2 * hand >= k)
                   ? (double)k
                   : 0;
    }
    const char *all = colour_of(ctx, s, n);
    double share = num(ctx, "ink", "colour_share") * (double)n;
    if (strcmp(all, "black") == 0 && blue >= share)
        return "blue";
    if (strcmp(all, "black") == 0 && red >= share)
        return "red";
    return all;
}

/* Pixels of a w x h region (LCh) near seal red: red, grown by a few
 * pixels to take JPEG's colour bleed around it. 1 bpp, or NULL. */
static PIX *near_red(const struct icp_context *ctx, const float *lch, int w,
                     int h)
{
    PIX *red = pixCreate(w, h, 1);
    struct hue_range sr = seal_red(ctx);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (in_range(&sr, lch + ((size_t)y * w + x) * 3))
                pixSetPixel(red, x, y, 1);
    int k = (int)num(ctx, "ink", "red_bleed") * 2 + 1;
    PIX *grown = pixDilateBrick(NULL, red, k, k);
    pixDestroy(&red);
    return grown;
}

/* The thin strokes of a mark taken for the seal's star (1 bpp, its box):
 * what an opening by the star's filled middle (star_core of the radius
 * across: wider than a pen's stroke) does not keep, grown back over its
 * edge. A red signature written over the star joins it into one mark;
 * the star's own points leave short stubs, a signature's strokes parts
 * more than `small` of the radius across. Returns those parts, or NULL. */
static PIX *strokes_off_star(const struct icp_context *ctx, PIX *comp,
                             double rx, double ry, double small)
{
    int k = (int)(num(ctx, "strokes", "star_core") * VIPS_MIN(rx, ry)) | 1;
    PIX *body = pixOpenBrick(NULL, comp, k, k);
    if (!body)
        return NULL;
    pixDilateBrick(body, body, 5, 5);
    PIX *thin = pixSubtract(NULL, comp, body);
    pixDestroy(&body);
    PIX *out = NULL;
    BOXA *boxa = thin ? pixConnComp(thin, NULL, 8) : NULL;
    for (int i = 0; boxa && i < boxaGetCount(boxa); i++) {
        int bx, by, bw, bh;
        boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh);
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "checklist off the star %dx%d (core %d px)\n",
                    bw, bh, k);
        if (VIPS_MAX(bw / rx, bh / ry) <= small)
            continue;
        if (!out)
            out = pixCreateTemplate(comp);
        BOX *b = boxCreate(bx, by, bw, bh);
        PIX *part = pixClipRectangle(thin, b, NULL);
        boxDestroy(&b);
        if (part)
            pixRasterop(out, bx, by, bw, bh, PIX_PAINT, part, 0, 0);
        pixDestroy(&part);
    }
    boxaDestroy(&boxa);
    pixDestroy(&thin);
    return out;
}

/* Red marks inside the seal that a seal's parts do not explain: red
 * handwriting under the stamp. Seal red is the same hue as red ink, so the
 * seal is told apart by its layout: its ring (cut off at `ring` of the
 * radius), its rim text (marks nearly all beyond `inner` of the radius),
 * the star at its centre, single characters and lines of text (at most
 * `small` of the radius across, or that thin). A signature's characters are
 * larger and cross from the rim into the middle; with `over_star`, those
 * written over the star are taken off it (strokes_off_star). Returns a
 * 1 bpp mask of the region (x0, y0, w, h) in page pixels, or NULL when
 * nothing is found. Caller pixDestroy()s it. */
static PIX *red_strokes(const struct icp_context *ctx, const float *lch,
                        int x0, int y0, int w, int h,
                        const struct icp_cl_seal *seal, bool over_star)
{
    double rx = seal->box[2] / 2.0, ry = seal->box[3] / 2.0;
    double cx = seal->box[0] + rx, cy = seal->box[1] + ry;
    double ring = num(ctx, "strokes", "ring");
    double inner = num(ctx, "strokes", "inner");
    double small = num(ctx, "strokes", "small");
    double star_r = num(ctx, "strokes", "star") / 2;
    PIX *m = pixCreate(w, h, 1), *out = NULL;
    BOXA *boxa = NULL;
    PIXA *pixa = NULL;
    struct hue_range sr = seal_red(ctx);
    if (!m || rx < 4 || ry < 4)
        goto out;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double dx = (x0 + x - cx) / rx, dy = (y0 + y - cy) / ry;
            if (dx * dx + dy * dy < ring * ring &&
                in_range(&sr, lch + ((size_t)y * w + x) * 3))
                pixSetPixel(m, x, y, 1);
        }
    boxa = pixConnComp(m, &pixa, 8);
    for (int i = 0; boxa && i < boxaGetCount(boxa); i++) {
        int bx, by, bw, bh;
        boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh);
        if (VIPS_MAX(bw / rx, bh / ry) <= small)
            continue;
        PIX *comp = pixaGetPix(pixa, i, L_CLONE);
        double n = 0, in = 0, out_star = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        PTA *xy = ptaGetPixelsFromPix(comp, NULL);
        int np = xy ? ptaGetCount(xy) : 0;
        for (int k = 0; k < np; k++) {
            l_int32 px, py;
            ptaGetIPt(xy, k, &px, &py);
            double dx = (x0 + bx + px - cx) / rx;
            double dy = (y0 + by + py - cy) / ry;
            n++;
            in += dx * dx + dy * dy < inner * inner;
            out_star += hypot(dx, dy) > star_r;
            sx += dx, sy += dy;
            sxx += dx * dx, syy += dy * dy, sxy += dx * dy;
        }
        ptaDestroy(&xy);
        double mx = sx / n, my = sy / n;
        double vxx = sxx / n - mx * mx, vyy = syy / n - my * my;
        double vxy = sxy / n - mx * my;
        /* The spread across the mark's long axis: a line of text is thin. */
        double minor = (vxx + vyy) / 2 -
                       sqrt((vxx - vyy) * (vxx - vyy) / 4 + vxy * vxy);
        double thick = 2 * sqrt(3 * VIPS_MAX(0, minor));
        double ext = VIPS_MAX(bw / rx, bh / ry);
        bool rim = in <= num(ctx, "strokes", "inner_share") * n;
        bool star = hypot(mx, my) <= num(ctx, "strokes", "star_centre") &&
                    ext <= num(ctx, "strokes", "star") &&
                    out_star <= num(ctx, "strokes", "inner_share") * n;
        /* A line of the seal's text lies level below its star, as a seal
         * is stamped (turned by less than line_tilt); a signature's part
         * as thin stands at any angle, anywhere. */
        double tilt = 0.5 * atan2(2 * vxy, vxx - vyy) * 180 / G_PI;
        bool line = thick <= small && my > 0 &&
                    fabs(tilt) <= num(ctx, "strokes", "line_tilt");
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "checklist red in seal %d,%d %dx%d: inner %.2f "
                    "centre %.2f extent %.2f thick %.2f out of star %.2f "
                    "tilt %.0f below %.2f\n",
                    x0 + bx, y0 + by, bw, bh, in / n, hypot(mx, my), ext,
                    thick, out_star / n, tilt, my);
        PIX *mark = !rim && !star && !line ? pixClone(comp)
                    : star && over_star
                        ? strokes_off_star(ctx, comp, rx, ry, small)
                           : NULL;
        if (mark) {
            if (!out)
                out = pixCreate(w, h, 1);
            pixRasterop(out, bx, by, bw, bh, PIX_PAINT, mark, 0, 0);
        }
        pixDestroy(&mark);
        pixDestroy(&comp);
    }
out:
    pixDestroy(&m);
    boxaDestroy(&boxa);
    pixaDestroy(&pixa);
    return out;
}

/* Marks of the w x h region at x0, y0 of the photographed page (`raw`,
 * before levelling) darker than the paper on both sides within a stroke's
 * width, by at least `contrast` of the paper's grey, in the luminance or
 * the red channel (where blue ink is dark): a black top-hat against the
 * closing. A shadow's edge is a step, dark on one side only, and a shadow
 * a wide dark area: neither stands out from its own closing. Levelling
 * would not do: it leaves a dark seam along a sharp shadow's edge. 1 bpp,
 * or NULL. */
static PIX *dark_thin(PIX *raw, int x0, int y0, int w, int h, int size,
                      double contrast)
{
    BOX *b = boxCreate(x0, y0, w, h);
    PIX *clip = pixClipRectangle(raw, b, NULL);
    boxDestroy(&b);
    PIX *out = NULL, *view = NULL, *closed = NULL;
    if (!clip)
        goto out;
    out = pixCreate(pixGetWidth(clip), pixGetHeight(clip), 1);
    for (int ch = 0; ch < 2; ch++) {
        view = ch ? pixGetRGBComponent(clip, COLOR_RED)
                  : pixConvertRGBToLuminance(clip);
        closed = view ? pixCloseGray(view, size, size) : NULL;
        if (!closed)
            goto out;
        int vw = pixGetWpl(view), cw = pixGetWpl(closed), ow = pixGetWpl(out);
        for (int y = 0; y < pixGetHeight(view); y++) {
            l_uint32 *v = pixGetData(view) + (size_t)y * vw;
            l_uint32 *c = pixGetData(closed) + (size_t)y * cw;
            l_uint32 *o = pixGetData(out) + (size_t)y * ow;
            for (int x = 0; x < pixGetWidth(view); x++) {
                int paper = GET_DATA_BYTE(c, x);
                if (paper - GET_DATA_BYTE(v, x) >= contrast * paper)
                    SET_DATA_BIT(o, x);
            }
        }
        pixDestroy(&view);
        pixDestroy(&closed);
    }
out:
    pixDestroy(&clip);
    pixDestroy(&view);
    pixDestroy(&closed);
    return out;
}

/* Keeps in `sub` (the region's ink) only what is stroke-like on the
 * photographed page: handwriting is thin and dark against the paper on
 * both sides, a shadow's edge across the field is not (its dark side lies
 * below the ink threshold after levelling, but it is a long, smooth
 * step). */
static void keep_strokes(const struct icp_context *ctx,
                         const struct icp_cl_page *page, int x0, int y0,
                         int w, int h, int unit, PIX *sub)
{
    if (!page->raw)
        return;
    int size = (int)(num(ctx, "ink", "stroke_units") * unit) | 1;
    PIX *thin = dark_thin(page->raw, x0, y0, w, h, size,
                          num(ctx, "ink", "stroke_contrast"));
    if (thin)
        pixAnd(sub, sub, thin);
    pixDestroy(&thin);
}

/* Runs of `ink` at least `len` long across and down (within `bend`
 * pixels), grown a little to
 * take their anti-aliased edges too. 1 bpp, or NULL. */
static PIX *straight_runs(PIX *ink, int len, int bend)
{
    /* Thickened by `bend` pixels: a line levelled by turning still bends
     * a little (perspective, resampling). */
    PIX *h = NULL, *v = NULL, *a = pixDilateBrick(NULL, ink, 1, bend);
    PIX *b = pixDilateBrick(NULL, ink, bend, 1);
    if (a && b) {
        h = pixOpenBrick(NULL, a, len, 1);
        v = pixOpenBrick(NULL, b, 1, len);
    }
    pixDestroy(&a);
    pixDestroy(&b);
    if (h && v) {
        pixDilateBrick(h, h, 1, 5);
        pixDilateBrick(v, v, 5, 1);
        pixOr(h, h, v);
    }
    pixDestroy(&v);
    return h;
}

/* The ruled lines of a field's ink: its straight runs at least `len` long,
 * found square to the field's own lines. A page straightened on its
 * paper's outline rather than its printed frame may keep a few degrees of
 * tilt, which breaks a line's runs; thickening them instead would take the
 * strokes of dense handwriting for lines. 1 bpp, or NULL. */
static PIX *ruled_lines(const struct icp_context *ctx, PIX *ink, int len)
{
    l_float32 angle = 0, conf = 0;
    if (pixFindSkewSweepAndSearch(ink, &angle, &conf, 1, 1,
                                  (l_float32)num(ctx, "ink", "tilt_max"),
                                  1.0f, 0.05f) ||
        conf < num(ctx, "ink", "tilt_conf") ||
        fabs(angle) < num(ctx, "ink", "tilt_min"))
        return straight_runs(ink, len, 1);
    float rad = (float)(angle * M_PI / 180);
    int w = pixGetWidth(ink), h = pixGetHeight(ink);
    PIX *level = pixRotate(ink, rad, L_ROTATE_SAMPLING, L_BRING_IN_WHITE, w,
                           h);
    PIX *runs = level ? straight_runs(level, len, 3) : NULL;
    /* The levelled copy is embedded in a canvas holding all of it: turn
     * back on that canvas and take the middle. */
    PIX *turned = runs ? pixRotate(runs, -rad, L_ROTATE_SAMPLING,
                                   L_BRING_IN_WHITE, 0, 0)
                       : NULL;
    PIX *back = NULL;
    if (turned) {
        BOX *mid = boxCreate((pixGetWidth(turned) - w) / 2,
                             (pixGetHeight(turned) - h) / 2, w, h);
        back = pixClipRectangle(turned, mid, NULL);
        boxDestroy(&mid);
        pixDestroy(&turned);
    }
    pixDestroy(&level);
    pixDestroy(&runs);
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "checklist field tilt %.2f (conf %.1f)\n", angle,
                conf);
    if (back)
        pixDilateBrick(back, back, 3, 3);
    return back;
}

/* The ink in the field; red marks inside the seal that its layout does
 * not explain count as handwriting (red_strokes), with `over_star` also
 * the strokes off a mark taken for its star. */
static void measure(const struct icp_context *ctx,
                    const struct icp_cl_page *page, const int *field,
                    const int (*erase)[4], size_t n_erase, const int *label,
                    const struct icp_cl_seal *seal, int unit,
                    bool want_colour, bool over_star,
                    struct icp_cl_ink *out)
{
    memset(out, 0, sizeof *out);
    out->colour = NULL;
    int x0 = VIPS_MAX(0, field[0]), y0 = VIPS_MAX(0, field[1]);
    int x1 = VIPS_MIN(page->w, field[0] + field[2]);
    int y1 = VIPS_MIN(page->h, field[1] + field[3]);
    int w = x1 - x0, h = y1 - y0;
    if (w < 4 || h < 4)
        return;
    BOX *box = boxCreate(x0, y0, w, h);
    PIX *sub = pixClipRectangle(page->ink, box, NULL);
    boxDestroy(&box);
    PIX *hl = NULL;
    BOXA *boxa = NULL;
    PIXA *pixa = NULL;
    struct sample *samples = NULL;
    size_t *starts = NULL;
    float *lch = NULL;
    PIX *red = NULL, *hand = NULL;
    if (!sub)
        goto out;
    /* Ruled lines: long straight runs, grown a little to take their
     * anti-aliased edges too. */
    hl = ruled_lines(ctx, sub, (int)(num(ctx, "ink", "line_units") * unit));
    if (hl)
        pixSubtract(sub, sub, hl);
    for (size_t i = 0; i < n_erase; i++) {
        BOX *e = boxCreate(erase[i][0] - x0, erase[i][1] - y0, erase[i][2],
                           erase[i][3]);
        pixClearInRect(sub, e);
        boxDestroy(&e);
    }
    keep_strokes(ctx, page, x0, y0, w, h, unit, sub);
    lch = region_lch(page->norm, x0, y0, w, h);
    if (!lch)
        goto out;
    red = near_red(ctx, lch, w, h);
    /* Seal pixels inside the seal are not handwriting: seal red, and the
     * paler, less saturated rims of its strokes (JPEG and blur), but not
     * what is dark: ink under the seal's red stays dark (low L*). */
    if (seal && seal->present)
        hand = red_strokes(ctx, lch, x0, y0, w, h, seal, over_star);
    if (seal && seal->present) {
        double grow = num(ctx, "ink", "seal_grow");
        double dark = num(ctx, "ink", "seal_dark_l");
        double tint = num(ctx, "ink", "seal_tint");
        struct hue_range sr = seal_red(ctx);
        struct hue_range tinted = {tint, sr.from, sr.to};
        struct hue_range blue = {num(ctx, "ink", "chroma_min"),
                                 num(ctx, "ink", "blue_from"),
                                 num(ctx, "ink", "blue_to")};
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                const float *p = lch + ((size_t)y * w + x) * 3;
                if (!in_seal(seal, x0 + x, y0 + y, grow))
                    continue;
                l_uint32 r = 0, ink = 0;
                if (hand)
                    pixGetPixel(hand, x, y, &ink);
                if (ink)
                    continue;
                pixGetPixel(red, x, y, &r);
                bool reddish = in_range(&tinted, p);
                /* Blue is never the seal's, however near its red. */
                if (!in_range(&blue, p) &&
                    (in_range(&sr, p) || (p[0] > dark && (r || reddish))))
                    pixSetPixel(sub, x, y, 0);
            }
    }
    boxa = pixConnComp(sub, &pixa, 8);
    int min_comp = (int)(num(ctx, "ink", "min_component") * unit * unit);
    double min_ink = num(ctx, "ink", "min_area") * unit * unit;
    /* Only where the label stands in the field itself: a label in a cell
     * of its own has the signature beside it at its height. */
    if (label && field[0] >= label[0] + label[2])
        label = NULL;
    int line_h = label ? (int)(num(ctx, "text", "label_line_height") *
                               label[3])
                       : 0;
    int line_pad = label ? label[3] / 4 : 0;
    double seal_grow = num(ctx, "ink", "seal_grow");
    size_t cap = 0, n = 0;
    int bx0 = w, by0 = h, bx1 = 0, by1 = 0;
    /* Stroke pixels per component, judged each on its own: junk ink (a
     * shadow's edge, a smudge) must not outweigh a blue signature. */
    size_t n_comp = 0;
    for (int i = 0; boxa && i < boxaGetCount(boxa); i++) {
        int cx, cy, cw, ch, count = 0;
        boxaGetBoxGeometry(boxa, i, &cx, &cy, &cw, &ch);
        /* Print on the label's line (单位公章： beside it), however
         * OCR read it: marks within the line no taller than the label. A
         * signature written there stands taller and crosses the line. */
        if (label && ch <= line_h && y0 + cy >= label[1] - line_pad &&
            y0 + cy + ch <= label[1] + label[3] + line_pad)
            continue;
        PIX *comp = pixaGetPix(pixa, i, L_CLONE);
        pixCountPixels(comp, &count, NULL);
        if (count >= min_comp) {
            if (g_getenv("ICP_DEBUG_OCR"))
                fprintf(stderr, "checklist ink part %d,%d %dx%d: %d px\n",
                        x0 + cx, y0 + cy, cw, ch, count);
            starts = xrealloc(starts, (n_comp + 2) * sizeof *starts);
            starts[n_comp++] = n;
            /* The length matters only while the ink is short of
             * min_area: thinning costs. */
            if (out->area < min_ink) {
                PIX *thin = pixThinConnected(comp, L_THIN_FG, 8, 0);
                int len = 0;
                if (thin)
                    pixCountPixels(thin, &len, NULL);
                pixDestroy(&thin);
                out->length += len;
            }
            out->area += count;
            bx0 = VIPS_MIN(bx0, cx), by0 = VIPS_MIN(by0, cy);
            bx1 = VIPS_MAX(bx1, cx + cw), by1 = VIPS_MAX(by1, cy + ch);
            PTA *xy = ptaGetPixelsFromPix(comp, NULL);
            int np = xy ? ptaGetCount(xy) : 0;
            for (int k = 0; k < np; k++) {
                l_int32 x, y;
                ptaGetIPt(xy, k, &x, &y);
                /* Near a seal, JPEG colour bleeds red into black ink:
                 * judge the colour away from it when there is ink. */
                l_uint32 r = 0;
                if (red)
                    pixGetPixel(red, cx + x, cy + y, &r);
                if (n == cap) {
                    cap = cap ? 2 * cap : 256;
                    samples = xrealloc(samples, cap * sizeof *samples);
                }
                const float *p = lch + ((size_t)(cy + y) * w + cx + x) * 3;
                double hr = p[2] * M_PI / 180;
                samples[n].l = p[0];
                samples[n].a = (float)(p[1] * cos(hr));
                samples[n].b = (float)(p[1] * sin(hr));
                /* Only inside the seal is red the seal's. */
                int inside =
                    in_seal(seal, x0 + cx + x, y0 + cy + y, seal_grow);
                l_uint32 hv = 0;
                if (hand)
                    pixGetPixel(hand, cx + x, cy + y, &hv);
                samples[n].hand = hv != 0;
                /* Handwriting in the seal (red_strokes) is judged as ink
                 * clear of it; the rest of the seal by whether it is red. */
                int tier = 0;
                if (inside && !hv)
                    tier = r ? 2 : 1;
                samples[n].tier = tier;
                n++;
            }
            ptaDestroy(&xy);
        }
        pixDestroy(&comp);
    }
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "checklist ink total %.0f px (%.2f units^2), "
                "length %.0f px (%.2f units), %zu parts\n", out->area,
                out->area / unit / unit, out->length, out->length / unit,
                n_comp);
    /* A fine pen's signature has little ink for its size: its strokes'
     * length tells it too. */
    out->present = out->area >= min_ink ||
                   (out->area >= num(ctx, "ink", "thin_area") * unit * unit &&
                    out->length >= num(ctx, "ink", "min_length") * unit);
    if (out->present) {
        out->box[0] = x0 + bx0, out->box[1] = y0 + by0;
        out->box[2] = bx1 - bx0, out->box[3] = by1 - by0;
        if (want_colour)
            out->colour = pick_colour(ctx, samples, n, starts, n_comp,
                                      seal && seal->present);
    }
out:
    free(starts);
    free(samples);
    g_free(lch);
    pixDestroy(&red);
    pixDestroy(&hand);
    pixDestroy(&sub);
    pixDestroy(&hl);
    boxaDestroy(&boxa);
    pixaDestroy(&pixa);
}

void icp_cl_measure_ink(const struct icp_context *ctx,
                        const struct icp_cl_page *page, const int *field,
                        const int (*erase)[4], size_t n_erase,
                        const int *label, const struct icp_cl_seal *seal,
                        int unit, bool want_colour, struct icp_cl_ink *out)
{
    /* Seal red and red ink look alike: red marks the seal's layout does
     * not explain are a red signature under it, whatever other ink the
     * field holds (a ruled line or print left in it must not make a red
     * signature pass as black). */
    measure(ctx, page, field, erase, n_erase, label, seal, unit, want_colour,
            false, out);
    /* The star's strokes only with no ink besides the seal: black strokes
     * across the star cut it into slivers as thin as a pen's. */
    if (!out->present && seal && seal->present)
        measure(ctx, page, field, erase, n_erase, label, seal, unit,
                want_colour, true, out);
}

/* Rows (or columns) of `lines` whose count of set pixels reaches `min`. */
static NUMA *line_counts(PIX *lines, bool rows)
{
    return rows ? pixCountPixelsByRow(lines, NULL)
                : pixCountPixelsByColumn(lines);
}

void icp_cl_field_bounds(const struct icp_context *ctx,
                         const struct icp_cl_page *page, const int *label,
                         int unit, int *field)
{
    int right = (int)(page->w * (1 - num(ctx, "layout", "margin")));
    int up = (int)(num(ctx, "layout", "field_up") * unit);
    int down = (int)(num(ctx, "layout", "field_down") * unit);
    int reach = (int)(num(ctx, "layout", "box_reach") * unit);
    int lbottom = label[1] + label[3];
    int x0 = label[0], y0 = VIPS_MAX(0, label[1] - reach);
    int y1 = VIPS_MIN(page->h, lbottom + reach);
    int top = label[1] - up, bottom = lbottom + down, left = label[0];
    int x1 = right;
    BOX *b = boxCreate(x0, y0, VIPS_MAX(1, right - x0), VIPS_MAX(1, y1 - y0));
    PIX *sub = pixClipRectangle(page->ink, b, NULL);
    boxDestroy(&b);
    PIX *hl = NULL, *vl = NULL;
    NUMA *cols = NULL;
    if (!sub)
        goto out;
    /* The box's ruled lines run across the field: a shorter run is a
     * signature's stroke joined to the seal's ring, or a shadow's seam.
     * Thickened a few rows, as the page's own rules (ruled_rows). */
    int hlen = (int)VIPS_MAX(num(ctx, "layout", "rule_units") * unit,
                             num(ctx, "layout", "rule_width") * page->w);
    int slack = (int)num(ctx, "layout", "rule_slack");
    hl = pixDilateBrick(NULL, sub, 1, slack);
    int nrows = hl ? pixGetHeight(hl) : 0;
    /* The box: the nearest ruled line above and below the label. */
    for (int y = VIPS_MIN(label[1] - y0, nrows) - 1; y >= 0; y--) {
        l_int32 c = 0, xs = 0;
        pixFindMaxHorizontalRunOnLine(hl, y, &xs, &c);
        if (c >= hlen) {
            top = y0 + y + 3;
            break;
        }
    }
    for (int y = lbottom - y0 + unit / 2; y < nrows; y++) {
        l_int32 c = 0, xs = 0;
        pixFindMaxHorizontalRunOnLine(hl, y, &xs, &c);
        if (c >= hlen) {
            bottom = y0 + y - 3;
            break;
        }
    }
    /* A label in a cell of its own: the field starts after the cell's
     * right border; the field ends at the next vertical rule. */
    BOX *band = boxCreate(0, VIPS_MAX(0, top - y0), pixGetWidth(sub),
                          VIPS_MAX(1, bottom - top));
    PIX *rows_pix = pixClipRectangle(sub, band, NULL);
    boxDestroy(&band);
    if (rows_pix) {
        int vlen = VIPS_MAX(unit, (bottom - top) * 3 / 4);
        vl = pixOpenBrick(NULL, rows_pix, 1, vlen);
        cols = line_counts(vl, false);
        int lr = label[0] + label[2] - x0;
        int nc = numaGetCount(cols);
        for (int x = VIPS_MAX(0, lr); x < nc && x < lr + 5 * unit; x++) {
            l_float32 c = 0;
            numaGetFValue(cols, x, &c);
            if (c >= vlen) {
                left = x0 + x + 3;
                break;
            }
        }
        for (int x = VIPS_MAX(0, left - x0 + 4 * unit); x < nc; x++) {
            l_float32 c = 0;
            numaGetFValue(cols, x, &c);
            if (c >= vlen) {
                x1 = x0 + x - 3;
                break;
            }
        }
        pixDestroy(&rows_pix);
    }
out:
    field[0] = left;
    field[1] = VIPS_MAX(0, top);
    field[2] = VIPS_MAX(1, x1 - left);
    field[3] = VIPS_MAX(1, VIPS_MIN(page->h, bottom) - field[1]);
    pixDestroy(&sub);
    pixDestroy(&hl);
    pixDestroy(&vl);
    numaDestroy(&cols);
}
