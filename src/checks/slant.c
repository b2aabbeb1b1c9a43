/* Slanted print stood upright. A page photographed at an angle leans its
 * letters as well as its lines; Tesseract reads leaning OCR-B markedly
 * worse (a 9 after an A read as I in every copy of a zone that leant by a
 * tenth). The lean is measured the way handwriting recognisers deslant:
 * upright strokes pile up into narrow columns, so the column profile of
 * the dark pixels is sharpest at the shear that undoes the lean. */
#include "checks/slant.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define SHEAR_STEP 0.025
/* A shear must sharpen the profile by this share over none to be applied:
 * an upright line's profile wavers a little between shears by chance. */
#define MIN_GAIN 0.04

/* The dark pixels of a band of print: their columns and rows. */
struct ink {
    int *x, *y;
    size_t n;
};

/* Sum of squared column counts of the dark pixels, each moved by
 * s * (its height above the middle row). */
static double profile_sharpness(const struct ink *ink, int h, double s,
                                double *cols, int ncols, int off)
{
    memset(cols, 0, sizeof *cols * (size_t)ncols);
    for (size_t i = 0; i < ink->n; i++)
        cols[ink->x[i] + (int)lround(s * (h / 2.0 - ink->y[i])) + off]++;
    double sq = 0;
    for (int i = 0; i < ncols; i++)
        sq += cols[i] * cols[i];
    return sq;
}

/* The dark pixels (at or under Otsu's threshold) of `px`. */
static bool gather_ink(const unsigned char *px, int w, int h, struct ink *ink)
{
    int t = icp_otsu_threshold(px, (size_t)w * h);
    size_t n = 0;
    for (size_t i = 0; i < (size_t)w * h; i++)
        n += px[i] <= t;
    ink->x = malloc(sizeof *ink->x * (n ? n : 1));
    ink->y = malloc(sizeof *ink->y * (n ? n : 1));
    ink->n = 0;
    if (!ink->x || !ink->y)
        return false;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (px[(size_t)y * w + x] <= t) {
                ink->x[ink->n] = x;
                ink->y[ink->n++] = y;
            }
    return true;
}

double icp_slant_measure(const unsigned char *px, int w, int h,
                         double max_shear)
{
    if (!px || w < 8 || h < 8 || max_shear <= 0)
        return 0;
    int off = (int)ceil(max_shear * h / 2.0) + 1;
    int ncols = w + 2 * off;
    struct ink ink = {NULL, NULL, 0};
    double *cols = malloc(sizeof *cols * (size_t)ncols);
    double best_s = 0;
    if (cols && gather_ink(px, w, h, &ink) && ink.n > 0) {
        double none = profile_sharpness(&ink, h, 0, cols, ncols, off);
        double best = none;
        int steps = (int)floor(max_shear / SHEAR_STEP + 1e-9);
        for (int i = -steps; i <= steps; i++) {
            double s = i * SHEAR_STEP;
            double sq =
                i ? profile_sharpness(&ink, h, s, cols, ncols, off) : none;
            if (sq > best)
                best = sq, best_s = s;
        }
        if (!(best > none * (1 + MIN_GAIN)))
            best_s = 0;
    }
    free(cols);
    free(ink.x);
    free(ink.y);
    return best_s;
}

VipsImage *icp_slant_straighten(VipsImage *grey, double *shear_out)
{
    if (shear_out)
        *shear_out = 0;
    VipsImage *mem = vips_image_copy_memory(grey), *out = NULL;
    if (!mem)
        return NULL;
    if (mem->Bands != 1 || mem->BandFmt != VIPS_FORMAT_UCHAR) {
        g_object_unref(mem);
        g_object_ref(grey);
        return grey;
    }
    double s = icp_slant_measure(vips_image_get_data(mem), mem->Xsize,
                                 mem->Ysize, 0.3);
    if (s == 0) {
        g_object_unref(mem);
        g_object_ref(grey);
        return grey;
    }
    /* Each pixel moves right by s px per px above the bottom row (the
     * same shear as s per px above the middle row, shifted so that the
     * whole line stays on the canvas, which grows by |s| x height). */
    double white = 255;
    VipsArrayDouble *bg = vips_array_double_new(&white, 1);
    int h = mem->Ysize, grow = (int)ceil(fabs(s) * h);
    VipsArrayInt *area = vips_array_int_newv(4, 0, 0, mem->Xsize + grow, h);
    int rc = vips_affine(mem, &out, 1, -s, 0, 1, "oarea", area, "odx",
                         s > 0 ? s * h : 0.0, "interpolate",
                         vips_interpolate_bilinear_static(), "extend",
                         VIPS_EXTEND_BACKGROUND, "background", bg, NULL);
    vips_area_unref(VIPS_AREA(area));
    vips_area_unref(VIPS_AREA(bg));
    VipsImage *res = rc ? NULL : vips_image_copy_memory(out);
    VIPS_UNREF(out);
    g_object_unref(mem);
    if (res && shear_out)
        *shear_out = s;
    return res;
}
