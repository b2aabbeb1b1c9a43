/* The backdrop check's pure parts, and the face detector on a real
 * portrait and on a plain blue image. */
#include <stdlib.h>
#include <vips/vips.h>

#include "checks/backdrop.h"
#include "checks/face.h"
#include "harness.h"

#define CASCADE                                                             \
    "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"

static const struct icp_colour_model model = {
    .neutral_chroma = 10, .black_l = 30, .white_l = 75, .dark_l = 22,
    .dark_chroma = 18, .red_hue_lo = 345, .red_hue_hi = 45, .red_chroma = 32,
    .blue_hue_lo = 220, .blue_hue_hi = 320, .blue_chroma = 18,
    .green_hue_lo = 120, .green_hue_hi = 220, .yellow_hue_lo = 80,
    .yellow_hue_hi = 120};

static void test_season(void)
{
    INT_EQ(icp_backdrop_season(12), ICP_SEASON_WINTER);
    INT_EQ(icp_backdrop_season(1), ICP_SEASON_WINTER);
    INT_EQ(icp_backdrop_season(2), ICP_SEASON_WINTER);
    INT_EQ(icp_backdrop_season(3), ICP_SEASON_SPRING);
    INT_EQ(icp_backdrop_season(7), ICP_SEASON_SUMMER);
    INT_EQ(icp_backdrop_season(11), ICP_SEASON_AUTUMN);
    INT_EQ(icp_backdrop_season(0), ICP_SEASON_UNKNOWN);
    INT_EQ(icp_backdrop_season(13), ICP_SEASON_UNKNOWN);
    STR_EQ(icp_backdrop_season_name(ICP_SEASON_WINTER), "winter");
    OK(icp_backdrop_season_name(ICP_SEASON_UNKNOWN) == NULL);
}

static void test_colour(void)
{
    /* LCh(ab) of typical tops. */
    INT_EQ(icp_backdrop_colour(&model, 43, 79, 33), ICP_COLOUR_RED);  /* red */
    INT_EQ(icp_backdrop_colour(&model, 35, 55, 350), ICP_COLOUR_RED); /* crimson */
    INT_EQ(icp_backdrop_colour(&model, 38, 60, 290), ICP_COLOUR_BLUE);
    INT_EQ(icp_backdrop_colour(&model, 14, 31, 285), ICP_COLOUR_BLUE); /* navy */
    INT_EQ(icp_backdrop_colour(&model, 10, 6, 280), ICP_COLOUR_BLACK); /* black */
    INT_EQ(icp_backdrop_colour(&model, 22, 4, 260), ICP_COLOUR_BLACK); /* charcoal */
    INT_EQ(icp_backdrop_colour(&model, 55, 2, 90), ICP_COLOUR_GREY);
    INT_EQ(icp_backdrop_colour(&model, 92, 3, 90), ICP_COLOUR_WHITE);
    INT_EQ(icp_backdrop_colour(&model, 75, 20, 75), ICP_COLOUR_BROWN); /* beige */
    INT_EQ(icp_backdrop_colour(&model, 48, 40, 140), ICP_COLOUR_GREEN);
    INT_EQ(icp_backdrop_colour(&model, 80, 70, 95), ICP_COLOUR_YELLOW);
    INT_EQ(icp_backdrop_colour(&model, 60, 25, 20), ICP_COLOUR_BROWN); /* pale rose */
    STR_EQ(icp_backdrop_colour_name(ICP_COLOUR_BLUE), "blue");
}

static void test_editor(void)
{
    char a[] = "Photoshop", b[] = "美图", c[] = "Snapseed";
    char *list[] = {a, b, c, NULL};
    STR_EQ(icp_backdrop_editor("Adobe Photoshop 25.0 (Windows)", list),
           "Photoshop");
    STR_EQ(icp_backdrop_editor("adobe PHOTOSHOP cs", list), "Photoshop");
    STR_EQ(icp_backdrop_editor("美图秀秀", list), "美图");
    OK(icp_backdrop_editor("HDR+ 1.0.5", list) == NULL);
    OK(icp_backdrop_editor("", list) == NULL);
    OK(icp_backdrop_editor(NULL, list) == NULL);
}

static void test_wordmark(void)
{
    char a[] = "阿里云", b[] = "HUAWEI CLOUD", c[] = "ICP备案专用";
    char *list[] = {a, b, c, NULL};
    INT_EQ(icp_backdrop_wordmark("阿里云 ICP备案专用", list), 0);
    INT_EQ(icp_backdrop_wordmark("阿 里 云", list), 0);
    INT_EQ(icp_backdrop_wordmark("Huawei Cloud 备案幕布", list), 1);
    /* One character misread in a keyword of four or more. */
    INT_EQ(icp_backdrop_wordmark("腾讯云 ICP备桉专用", list), 2);
    /* A mirrored wordmark reads as strokes, not as the name. */
    INT_EQ(icp_backdrop_wordmark("= Saat 云里", list), -1);
    INT_EQ(icp_backdrop_wordmark("", list), -1);
    INT_EQ(icp_backdrop_wordmark(NULL, list), -1);
    INT_EQ(icp_backdrop_wordmark("阿里云", NULL), -1);
}

static void test_offset_text(void)
{
    char buf[64];
    icp_backdrop_offset_text(-0.18, ICP_LANG_ZH, buf, sizeof buf);
    STR_EQ(buf, "向左偏 18%");
    icp_backdrop_offset_text(0.25, ICP_LANG_EN, buf, sizeof buf);
    STR_EQ(buf, "25% right of centre");
    icp_backdrop_offset_text(-0.181, ICP_LANG_EN, buf, sizeof buf);
    STR_EQ(buf, "18% left of centre");
}

static void test_exif_date(void)
{
    struct icp_exif_info e = {0};
    INT_EQ(icp_backdrop_exif_date("2026:11:20 10:00:00", &e), 0);
    STR_EQ(e.taken_at, "2026-11-20T10:00:00");
    INT_EQ(e.month, 11);
    struct icp_exif_info z = {0};
    INT_EQ(icp_backdrop_exif_date("2026:02:30 10:00:00", &z), -1);
    INT_EQ(icp_backdrop_exif_date("0000:00:00 00:00:00", &z), -1);
    INT_EQ(icp_backdrop_exif_date("", &z), -1);
    OK(!z.has_date);
    INT_EQ(icp_backdrop_days_between(2026, 8, 26, 2026, 11, 24), 90);
    INT_EQ(icp_backdrop_days_between(2024, 2, 28, 2024, 3, 1), 2);
}

static unsigned char *grey_of(const char *path, int *w, int *h)
{
    VipsImage *im = NULL, *g = NULL;
    unsigned char *px = NULL;
    if (vips_thumbnail(path, &im, 800, NULL) ||
        vips_colourspace(im, &g, VIPS_INTERPRETATION_B_W, NULL) ||
        vips_extract_band(g, &im, 0, NULL)) {
        vips_error_clear();
        return NULL;
    }
    size_t len = 0;
    px = vips_image_write_to_memory(im, &len);
    *w = im->Xsize;
    *h = im->Ysize;
    g_object_unref(im);
    g_object_unref(g);
    return px;
}

static void test_face_detector(void)
{
    char *err = NULL;
    struct icp_face_cascade *c = icp_face_cascade_load(CASCADE, &err);
    if (!c) {
        printf("skip: %s\n", err);
        g_free(err);
        return;
    }
    const char *shared = getenv("ICP_SHARED");
    char *path = g_strdup_printf("%s/data/portrait/hivision_old_test3.jpg",
                                 shared ? shared : "../shared");
    struct icp_face f[4];
    int w = 0, h = 0;
    unsigned char *grey = g_file_test(path, G_FILE_TEST_EXISTS)
                              ? grey_of(path, &w, &h)
                              : NULL;
    if (grey) {
        int n = icp_face_detect(c, grey, w, h, w, h / 20, h / 2, f, 4);
        OK(n >= 1);
        /* The face is in the middle third, in the upper half. */
        OK(n >= 1 && f[0].x + f[0].w / 2 > w / 3 &&
           f[0].x + f[0].w / 2 < 2 * w / 3 && f[0].y < h / 2);
        g_free(grey);
    } else {
        printf("skip: no portrait at %s\n", path);
    }
    g_free(path);
    /* A plain blue image, grey about 90, with mild noise: no face. */
    w = 640, h = 480;
    unsigned char *blue = malloc((size_t)w * h);
    unsigned seed = 1;
    for (int i = 0; i < w * h; i++) {
        seed = seed * 1103515245u + 12345u;
        blue[i] = (unsigned char)(88 + (seed >> 16) % 5);
    }
    INT_EQ(icp_face_detect(c, blue, w, h, w, 24, h / 2, f, 4), 0);
    free(blue);
    icp_face_cascade_free(c);
}

static void test_cascade_errors(void)
{
    char *err = NULL;
    OK(icp_face_cascade_load("/nonexistent.xml", &err) == NULL);
    OK(err != NULL);
    g_free(err);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (VIPS_INIT(argv[0]))
        return 1;
    RUN(test_season);
    RUN(test_colour);
    RUN(test_editor);
    RUN(test_wordmark);
    RUN(test_offset_text);
    RUN(test_exif_date);
    RUN(test_face_detector);
    RUN(test_cascade_errors);
    vips_shutdown();
    return TEST_DONE();
}
