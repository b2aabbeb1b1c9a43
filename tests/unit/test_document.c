/* Unit tests of the print helpers the checklist's title is found with:
 * clearing what touches a binarised band's edges, and the band's tallest
 * line of print. */
#include <math.h>
#include <string.h>

#include "checks/document.h"
#include "core/context.h"
#include "core/result.h"
#include "harness.h"
#include "icpcheck/icpcheck.h"

enum { W = 400, H = 200 };

/* A white W x H one-band image in memory. */
static VipsImage *blank(void)
{
    VipsImage *im = vips_image_new_memory();
    vips_image_init_fields(im, W, H, 1, VIPS_FORMAT_UCHAR, VIPS_CODING_NONE,
                           VIPS_INTERPRETATION_B_W, 1, 1);
    OK(vips_image_write_prepare(im) == 0);
    memset(VIPS_IMAGE_ADDR(im, 0, 0), 255, (size_t)W * H);
    return im;
}

/* Black "characters": 6 px squares every 12 px across [x0, x1), rows
 * [y0, y1). */
static void print_line(VipsImage *im, int x0, int x1, int y0, int y1)
{
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            if ((x - x0) % 12 < 6)
                *VIPS_IMAGE_ADDR(im, x, y) = 0;
}

static void fill(VipsImage *im, int x0, int x1, int y0, int y1)
{
    for (int y = y0; y < y1; y++)
        memset(VIPS_IMAGE_ADDR(im, x0, y), 0, (size_t)(x1 - x0));
}

static void test_tallest_line_is_the_title(void)
{
    /* a small header, the title twice its height, a table row below */
    VipsImage *im = blank();
    print_line(im, 150, 250, 10, 20);
    print_line(im, 60, 340, 40, 64);
    print_line(im, 40, 360, 90, 102);
    int y0 = 0, y1 = 0;
    OK(icp_print_tallest_line(im, 0.02, &y0, &y1));
    INT_EQ(y0, 40);
    INT_EQ(y1, 64);
    g_object_unref(im);
}

static void test_desk_at_the_edge_is_cleared(void)
{
    /* a dark desk down the left side and a table's rule cut by the band's
     * bottom edge: both touch the edges and go; the title stays */
    VipsImage *im = blank();
    fill(im, 0, 60, 0, H);
    fill(im, 70, 80, 110, H);
    print_line(im, 100, 300, 40, 60);
    icp_print_clear_edges(im);
    OK(*VIPS_IMAGE_ADDR(im, 10, 100) == 255);
    OK(*VIPS_IMAGE_ADDR(im, 75, 150) == 255);
    OK(*VIPS_IMAGE_ADDR(im, 100, 50) == 0);
    int y0 = 0, y1 = 0;
    OK(icp_print_tallest_line(im, 0.02, &y0, &y1));
    INT_EQ(y0, 40);
    INT_EQ(y1, 60);
    g_object_unref(im);
}

static void test_no_print_no_line(void)
{
    VipsImage *im = blank();
    fill(im, 0, W, 0, 20); /* all along the top edge: cleared */
    icp_print_clear_edges(im);
    int y0 = -1, y1 = -1;
    OK(!icp_print_tallest_line(im, 0.02, &y0, &y1));
    g_object_unref(im);
}

/* A 1200 x 900 photo of a portrait page (its light falling off from 235
 * to 150 across it, lines of print on it) on a grey desk lit from below
 * (120 to 220, brighter than the page's shaded corner) with light patches
 * some 250 px across, the page casting a thin shadow: PNG bytes in *len.
 * Neither Otsu's classes nor the coarse ring part the page from the
 * desk's patches (the ring's region fills 0.81 of its rectangle). */
static void *shaded_desk_photo(size_t *len)
{
    enum { PW = 1200, PH = 900 };
    unsigned char *px = g_malloc((size_t)PW * PH);
    int x0 = 400, y0 = 150, pw = 420, ph = 594; /* 1:1.414 */
    for (int y = 0; y < PH; y++)
        for (int x = 0; x < PW; x++) {
            double v = 120 + 100.0 * y / PH +
                       30 * sin(x / 80.0) * cos(y / 100.0);
            bool in = x >= x0 && x < x0 + pw && y >= y0 && y < y0 + ph;
            if (in) {
                v = 150 + 85.0 * (x - x0 + y - y0) / (pw + ph);
                int ly = (y - y0) % 40, lx = (x - x0) % 14;
                if (y - y0 > 40 && y - y0 < ph - 40 && x - x0 > 40 &&
                    x - x0 < pw - 40 && ly < 8 && lx < 9)
                    v = 40;
            } else if (x >= x0 + pw && x < x0 + pw + 6 && y > y0 &&
                       y < y0 + ph + 6) {
                v -= 40;
            } else if (y >= y0 + ph && y < y0 + ph + 6 && x > x0 &&
                       x < x0 + pw + 6) {
                v -= 40;
            }
            px[(size_t)y * PW + x] = (unsigned char)VIPS_CLIP(0, v, 255);
        }
    VipsImage *im = vips_image_new_from_memory(px, (size_t)PW * PH, PW, PH, 1,
                                               VIPS_FORMAT_UCHAR);
    void *buf = NULL;
    *len = 0;
    if (!im || vips_image_write_to_buffer(im, ".png", &buf, len, NULL))
        buf = NULL;
    VIPS_UNREF(im);
    g_free(px);
    return buf;
}

static void test_page_on_a_shaded_desk_is_found(void)
{
    struct icp_options o;
    icp_options_init(&o);
    char *err = NULL;
    struct icp_context *ctx = icp_context_new(&o, &err);
    OK(ctx != NULL);
    size_t len = 0;
    void *png = shaded_desk_photo(&len);
    OK(png != NULL);
    struct icp_result *res = icp_result_new("desk.png", ICP_LANG_EN);
    struct icp_image *img = NULL;
    OK(ctx && png && icp_image_open_buffer(ctx, png, len, res, &img) == 0);
    if (img) {
        OK(icp_document_find(img, res) == 0);
        OK(img->doc.found);
        /* the page: 420 x 594 px at (400, 150) of 1200 x 900 */
        OK(fabs(img->doc.area - 420.0 * 594 / (1200.0 * 900)) < 0.05);
        OK(fabs(icp_document_aspect(img, res) - 1.414) < 0.15);
    }
    icp_image_free(img);
    icp_result_free(res);
    g_free(png);
    icp_context_free(ctx);
}

/* A turn (scaled, shifted, past the source's edges) as vips_affine()
 * makes it with bilinear interpolation and a white background: pixel for
 * pixel the same, on noise, where any difference of weights shows. */
static void test_turn_is_vips_affine_bit_for_bit(void)
{
    GRand *rng = g_rand_new_with_seed(3717);
    long differing = 0, samples = 0;
    for (int trial = 0; trial < 12; trial++) {
        int w = 40 + g_rand_int_range(rng, 0, 200);
        int h = 40 + g_rand_int_range(rng, 0, 200);
        int bands = trial % 2 ? 3 : 1;
        VipsImage *src = vips_image_new_memory();
        vips_image_init_fields(src, w, h, bands, VIPS_FORMAT_UCHAR,
                               VIPS_CODING_NONE,
                               bands == 3 ? VIPS_INTERPRETATION_sRGB
                                          : VIPS_INTERPRETATION_B_W,
                               1, 1);
        OK(vips_image_write_prepare(src) == 0);
        unsigned char *px = VIPS_IMAGE_ADDR(src, 0, 0);
        for (size_t i = 0; i < (size_t)w * h * bands; i++)
            px[i] = (unsigned char)g_rand_int_range(rng, 0, 256);
        double angle = g_rand_double_range(rng, -12, 12) * G_PI / 180;
        double k = trial % 3 ? 1.0 : g_rand_double_range(rng, 0.5, 1.0);
        double a = k * cos(angle), b = -k * sin(angle);
        double c = k * sin(angle), d = k * cos(angle);
        double odx = g_rand_double_range(rng, -10, 10);
        double ody = g_rand_double_range(rng, -10, 10);
        int ol = g_rand_int_range(rng, -6, 14), ot = g_rand_int_range(rng, -6, 14);
        int ow = (int)(w * k * 0.9) + 4, oh = (int)(h * k * 0.9) + 4;
        static const unsigned char white[3] = {255, 255, 255};
        VipsImage *lazy = icp_turn_bilinear(src, a, b, c, d, ol, ot, ow, oh,
                                            odx, ody, white);
        VipsImage *mine = lazy ? vips_image_copy_memory(lazy) : NULL;
        VIPS_UNREF(lazy);
        double bgv[] = {255, 255, 255};
        VipsArrayDouble *bg = vips_array_double_new(bgv, bands);
        VipsArrayInt *area = vips_array_int_newv(4, ol, ot, ow, oh);
        VipsImage *ref = NULL, *refm = NULL;
        OK(vips_affine(src, &ref, a, b, c, d, "oarea", area, "odx", odx,
                       "ody", ody, "interpolate",
                       vips_interpolate_bilinear_static(), "extend",
                       VIPS_EXTEND_BACKGROUND, "background", bg, NULL) == 0);
        vips_area_unref(VIPS_AREA(bg));
        vips_area_unref(VIPS_AREA(area));
        OK(mine && ref && (refm = vips_image_copy_memory(ref)));
        if (mine && refm) {
            INT_EQ(mine->Xsize, refm->Xsize);
            INT_EQ(mine->Ysize, refm->Ysize);
            INT_EQ(mine->Bands, refm->Bands);
            size_t n = VIPS_IMAGE_SIZEOF_IMAGE(refm);
            const unsigned char *p = VIPS_IMAGE_ADDR(mine, 0, 0);
            const unsigned char *q = VIPS_IMAGE_ADDR(refm, 0, 0);
            for (size_t i = 0; i < n && n == VIPS_IMAGE_SIZEOF_IMAGE(mine);
                 i++)
                differing += p[i] != q[i];
            samples += (long)n;
        }
        VIPS_UNREF(mine);
        VIPS_UNREF(ref);
        VIPS_UNREF(refm);
        VIPS_UNREF(src);
    }
    OK(samples > 100000);
    INT_EQ(differing, 0);
    g_rand_free(rng);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (icp_init(argv[0]))
        return 1;
    RUN(test_tallest_line_is_the_title);
    RUN(test_desk_at_the_edge_is_cleared);
    RUN(test_no_print_no_line);
    RUN(test_page_on_a_shaded_desk_is_found);
    RUN(test_turn_is_vips_affine_bit_for_bit);
    return TEST_DONE();
}
