/* Image intake's working copies: a full-resolution region decoded and
 * turned a strip at a time must hold the pixels the whole decode holds. */
#include <glib.h>
#include <string.h>

#include "core/image.h"
#include "harness.h"

/* A 700×520 JPEG with a pattern that tells every turn and offset apart,
 * tagged with EXIF orientation `orientation`. Caller g_free()s. */
static void *pattern_jpeg(int orientation, size_t *len)
{
    VipsImage *xy = NULL, *x = NULL, *y = NULL, *b[3] = {NULL};
    VipsImage *s = NULL, *rgb = NULL, *u = NULL;
    void *buf = NULL;
    *len = 0;
    if (vips_xyz(&xy, 700, 520, NULL) ||
        vips_extract_band(xy, &x, 0, NULL) ||
        vips_extract_band(xy, &y, 1, NULL) ||
        vips_remainder_const1(x, &b[0], 251, NULL) ||
        vips_remainder_const1(y, &b[1], 241, NULL) ||
        vips_linear1(x, &s, 3, 0, NULL) ||
        vips_remainder_const1(s, &b[2], 239, NULL) ||
        vips_bandjoin(b, &rgb, 3, NULL) || vips_cast_uchar(rgb, &u, NULL))
        goto out;
    vips_image_set_int(u, VIPS_META_ORIENTATION, orientation);
    if (vips_jpegsave_buffer(u, &buf, len, "Q", 95, NULL))
        buf = NULL;
out:
    VIPS_UNREF(xy);
    VIPS_UNREF(x);
    VIPS_UNREF(y);
    VIPS_UNREF(s);
    for (int i = 0; i < 3; i++)
        VIPS_UNREF(b[i]);
    VIPS_UNREF(rgb);
    VIPS_UNREF(u);
    vips_error_clear();
    return buf;
}

/* The region of each (EXIF turn, extra turn) pair equals the same
 * rectangle cut from the whole decode; the rectangle spans more than one
 * strip of the turned decode whichever way it is turned. */
static void test_turned_region(void)
{
    struct icp_options o;
    icp_options_init(&o);
    o.min_short_side = 100;
    char *err = NULL;
    struct icp_context *ctx = icp_context_new(&o, &err);
    OK(ctx != NULL);
    static const int orientations[] = {1, 6, 3, 8};
    static const int turns[] = {0, 90, 180, 270};
    for (size_t i = 0; ctx && i < G_N_ELEMENTS(orientations); i++)
        for (size_t j = 0; j < G_N_ELEMENTS(turns); j++) {
            size_t len = 0;
            void *jpeg = pattern_jpeg(orientations[i], &len);
            OK(jpeg != NULL);
            struct icp_result *res = icp_result_new("t.jpg", ICP_LANG_EN);
            struct icp_image *img = NULL;
            if (!jpeg ||
                icp_image_open_buffer(ctx, jpeg, len, res, &img) != 0) {
                OK(0);
                icp_result_free(res);
                g_free(jpeg);
                continue;
            }
            icp_image_set_rotation(img, turns[j]);
            const int rect[4] = {37, 60, 400, 450};
            VipsImage *region = icp_image_region(img, rect, res);
            VipsImage *full = icp_image_full(img, res), *cut = NULL;
            OK(region && full);
            if (region && full &&
                vips_extract_area(full, &cut, rect[0], rect[1], rect[2],
                                  rect[3], NULL) == 0) {
                VipsImage *mem = vips_image_copy_memory(cut);
                INT_EQ(region->Xsize, rect[2]);
                INT_EQ(region->Ysize, rect[3]);
                INT_EQ(region->Bands, 3);
                OK(mem && memcmp(vips_image_get_data(mem),
                                 vips_image_get_data(region),
                                 (size_t)rect[2] * rect[3] * 3) == 0);
                VIPS_UNREF(mem);
            }
            VIPS_UNREF(cut);
            VIPS_UNREF(region);
            icp_image_free(img);
            icp_result_free(res);
            g_free(jpeg);
        }
    icp_context_free(ctx);
    g_free(err);
}

int main(void)
{
    if (VIPS_INIT("test_image"))
        return 1;
    RUN(test_turned_region);
    int rc = TEST_DONE();
    vips_shutdown();
    return rc;
}
