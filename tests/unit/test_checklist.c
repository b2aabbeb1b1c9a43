/* Checklist helpers: the OCR-tolerant label match, and the seal and ink
 * measures on real material from $ICP_SHARED (skipped when absent). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checklist.h"
#include "core/context.h"
#include "harness.h"

static void test_exact_match(void)
{
    size_t s, n;
    INT_EQ(icp_cl_fuzzy_find("本人承诺\n网站负责人签字：", "网站负责人签字", 1,
                             &s, &n),
           0);
    INT_EQ(s, 5);
    INT_EQ(n, 7);
}

static void test_one_wrong_character(void)
{
    size_t s, n;
    INT_EQ(icp_cl_fuzzy_find("网站负责入签字", "网站负责人签字", 1, &s, &n),
           1);
    INT_EQ(s, 0);
    INT_EQ(icp_cl_fuzzy_find("网站备案信息真实性核脸单（单位）",
                             "网站备案信息真实性核验单", 2, &s, &n),
           1);
    INT_EQ(n, 12);
}

static void test_too_many_errors(void)
{
    size_t s, n;
    INT_EQ(icp_cl_fuzzy_find("网站负责人已当面核验", "网站负责人签字", 1, &s,
                             &n),
           -1);
    INT_EQ(icp_cl_fuzzy_find("", "日期", 1, &s, &n), -1);
}

static void test_prefers_exact(void)
{
    size_t s, n;
    /* "网站负责人本人" is two edits away; the real label later is exact. */
    INT_EQ(icp_cl_fuzzy_find("网站负责人本人用黑笔 网站负责人签字",
                             "网站负责人签字", 2, &s, &n),
           0);
    INT_EQ(s, 11);
}

/* A reading of `s` (ASCII, one character a box) laid out along rows:
 * each '\n' starts a row `line_h` lower, characters `line_h` apart. */
static struct icp_cl_text text_of(const char *s, int line_h)
{
    struct icp_cl_text t = {0};
    t.n = strlen(s);
    t.c = calloc(t.n, sizeof *t.c);
    int x = 0, y = 0;
    for (size_t i = 0; i < t.n; i++) {
        t.c[i].c = (gunichar)s[i];
        t.c[i].box[0] = x, t.c[i].box[1] = y;
        t.c[i].box[2] = t.c[i].box[3] = line_h - 4;
        if (s[i] == '\n')
            x = 0, y += line_h;
        else
            x += line_h;
    }
    t.utf8 = g_strdup(s);
    return t;
}

/* A signature above the date line read as figures ("WY970") is no date
 * once the date line is known; the figures on that line are. */
static void test_date_on_its_line(void)
{
    struct icp_cl_text t = text_of("label\nWY970\nDATE Y M D", 40);
    int line[4] = {0, 80, 120, 36};
    INT_EQ(icp_cl_date_written(&t, 0, NULL, 10, 3, 5), 1);
    INT_EQ(icp_cl_date_written(&t, 0, line, 10, 3, 5), 0);
    icp_cl_text_free(&t);
    t = text_of("label\nWY\nDATE 2026 Y 11 M 7 D", 40);
    INT_EQ(icp_cl_date_written(&t, 0, line, 10, 3, 5), 1);
    icp_cl_text_free(&t);
    /* Figures above `from` never count. */
    t = text_of("2026\nlabel", 40);
    INT_EQ(icp_cl_date_written(&t, 40, NULL, 10, 3, 5), 0);
    icp_cl_text_free(&t);
}

/* One line of characters (UTF-8) `size` px apart from column `col`. */
static struct icp_cl_text line_of(const char *s, int col, int y, int size)
{
    struct icp_cl_text t = {0};
    t.n = (size_t)g_utf8_strlen(s, -1);
    t.c = calloc(t.n, sizeof *t.c);
    const char *p = s;
    for (size_t i = 0; i < t.n; i++, p = g_utf8_next_char(p)) {
        t.c[i].c = g_utf8_get_char(p);
        t.c[i].box[0] = (col + (int)i) * size, t.c[i].box[1] = y;
        t.c[i].box[2] = t.c[i].box[3] = size - 2;
    }
    t.utf8 = g_strdup(s);
    return t;
}

/* A large signature just below the label: the whole block's reading ran
 * both into one long 'word' (Bab), whose characters' boxes cover the
 * label's. The label's columns read alone hold it: merged first, their
 * characters stand, with the block's date line; merged second, they are
 * taken for the same characters read again and dropped. */
static void test_label_run_into_signature(void)
{
    struct icp_cl_text word = line_of("Bab", 0, 100, 100);
    struct icp_cl_text date = line_of("日期", 10, 400, 30);
    struct icp_cl_text block, strip = line_of("网站负责人签字", 0, 110, 30);
    struct icp_cl_text both;
    int box[4];
    icp_cl_text_merge(&word, &date, &block);
    INT_EQ(icp_cl_find_label(&block, "网站负责人签字", 1, box), -1);
    icp_cl_text_merge(&block, &strip, &both);
    INT_EQ(icp_cl_find_label(&both, "网站负责人签字", 1, box), -1);
    icp_cl_text_free(&both);
    icp_cl_text_merge(&strip, &block, &both);
    INT_EQ(icp_cl_find_label(&both, "网站负责人签字", 1, box), 0);
    INT_EQ(box[1], 110);
    INT_EQ(icp_cl_find_label(&both, "日期", 0, box), 0);
    icp_cl_text_free(&both);
    icp_cl_text_free(&block);
    icp_cl_text_free(&strip);
    icp_cl_text_free(&word);
    icp_cl_text_free(&date);
}

/* A shadow's edge across the label: one reading has its end, another its
 * start with the end misread. Together they hold it whole, in order; a
 * character both read is taken from the first one given. */
static void test_label_from_two_readings(void)
{
    struct icp_cl_text a = line_of("人签字", 4, 100, 30);
    struct icp_cl_text b = line_of("网站负责人亚李", 0, 102, 30);
    struct icp_cl_text both;
    int box[4];
    INT_EQ(icp_cl_find_label(&a, "网站负责人签字", 1, box), -1);
    INT_EQ(icp_cl_find_label(&b, "网站负责人签字", 1, box), -1);
    icp_cl_text_merge(&a, &b, &both);
    STR_EQ(both.utf8, "网站负责人签字");
    INT_EQ(icp_cl_find_label(&both, "网站负责人签字", 1, box), 0);
    INT_EQ(box[0], 0);
    icp_cl_text_free(&both);
    icp_cl_text_merge(&b, &a, &both);
    STR_EQ(both.utf8, "网站负责人亚李");
    icp_cl_text_free(&both);
    /* A line below stays a line of its own. */
    icp_cl_text_free(&b);
    b = line_of("日期", 10, 160, 30);
    icp_cl_text_merge(&a, &b, &both);
    STR_EQ(both.utf8, "人签字\n日期");
    icp_cl_text_free(&both);
    icp_cl_text_free(&a);
    icp_cl_text_free(&b);
}

/* A page of `w` x `h` paper with `im` (RGB) composited at (x, y). */
static PIX *page_with(VipsImage *im, int w, int h, int x, int y)
{
    PIX *pix = pixCreate(w, h, 32);
    pixSetAllArbitrary(pix, 0xfafaf700);
    const unsigned char *p = vips_image_get_data(im);
    for (int j = 0; j < im->Ysize && y + j < h; j++)
        for (int i = 0; i < im->Xsize && x + i < w; i++) {
            const unsigned char *q = p + ((size_t)j * im->Xsize + i) * 3;
            l_uint32 v;
            composeRGBPixel(q[0], q[1], q[2], &v);
            pixSetPixel(pix, x + i, y + j, v);
        }
    return pix;
}

static VipsImage *load_rgb(const char *path, int width)
{
    VipsImage *im = NULL, *flat = NULL, *rgb = NULL, *mem = NULL;
    if (vips_thumbnail(path, &im, width, NULL))
        goto out;
    if (vips_image_hasalpha(im)) {
        double white[] = {250, 250, 247};
        VipsArrayDouble *bg = vips_array_double_new(white, 3);
        int err = vips_flatten(im, &flat, "background", bg, NULL);
        vips_area_unref(VIPS_AREA(bg));
        if (err)
            goto out;
    } else {
        flat = im;
        g_object_ref(flat);
    }
    if (vips_colourspace(flat, &rgb, VIPS_INTERPRETATION_sRGB, NULL))
        goto out;
    mem = vips_image_copy_memory(rgb);
out:
    VIPS_UNREF(im);
    VIPS_UNREF(flat);
    VIPS_UNREF(rgb);
    return mem;
}

static struct icp_context *context(void)
{
    struct icp_options o;
    icp_options_init(&o);
    const char *root = getenv("ICP_ROOT");
    char *models = g_build_filename(root ? root : ".", "models", NULL);
    o.models_dir = models;
    char *err = NULL;
    struct icp_context *ctx = icp_context_new(&o, &err);
    g_free(err);
    g_free(models);
    return ctx;
}

static char *shared(const char *name)
{
    const char *dir = getenv("ICP_SHARED");
    char *path = g_build_filename(dir ? dir : "../shared", "data", "forms",
                                  name, NULL);
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        printf("# note: %s absent, skipped\n", path);
        g_free(path);
        return NULL;
    }
    return path;
}

static void fill_page(const struct icp_context *ctx, PIX *rgb,
                      struct icp_cl_page *page)
{
    memset(page, 0, sizeof *page);
    page->w = pixGetWidth(rgb), page->h = pixGetHeight(rgb);
    PIX *lum = pixConvertRGBToLuminance(rgb);
    page->norm = pixBackgroundNorm(rgb, NULL, lum, 24, 24, 150, 144, 200, 2,
                                   2);
    page->grey = pixConvertRGBToLuminance(page->norm);
    page->ink = pixThresholdToBinary(
        page->grey, (int)icp_model_num(ctx, "checklist", "ink", "grey_max"));
    pixDestroy(&lum);
}

static void test_real_seal_found(void)
{
    char *path = shared("getseal_source.png");
    struct icp_context *ctx = path ? context() : NULL;
    if (!ctx)
        goto out;
    /* A 42 mm seal on a 210 mm page 1100 px wide: about 220 px. */
    VipsImage *seal = load_rgb(path, 220);
    OK(seal != NULL);
    if (!seal)
        goto out;
    PIX *rgb = page_with(seal, 1100, 1556, 600, 1100);
    struct icp_cl_page page;
    fill_page(ctx, rgb, &page);
    struct icp_cl_seal found;
    icp_cl_find_seal(ctx, &page, &found);
    OK(found.present);
    OK(found.box[0] > 560 && found.box[0] < 660);
    OK(found.box[1] > 1060 && found.box[1] < 1160);
    /* No seal on plain paper. */
    PIX *blank = pixCreate(1100, 1556, 32);
    pixSetAllArbitrary(blank, 0xfafaf700);
    struct icp_cl_page empty;
    fill_page(ctx, blank, &empty);
    icp_cl_find_seal(ctx, &empty, &found);
    OK(!found.present);
    icp_cl_page_clear(&empty);
    pixDestroy(&blank);
    icp_cl_page_clear(&page);
    pixDestroy(&rgb);
    VIPS_UNREF(seal);
out:
    icp_context_free(ctx);
    g_free(path);
}

static void test_real_signature_black(void)
{
    char *path = shared("enzo_signed_image.jpeg");
    struct icp_context *ctx = path ? context() : NULL;
    if (!ctx)
        goto out;
    VipsImage *im = load_rgb(path, 1100);
    OK(im != NULL);
    if (!im)
        goto out;
    PIX *rgb = page_with(im, im->Xsize, im->Ysize, 0, 0);
    struct icp_cl_page page;
    fill_page(ctx, rgb, &page);
    /* The whole page as the field: typed text and the signature are all
     * black ink. */
    int field[4] = {0, 0, page.w, page.h};
    struct icp_cl_ink ink;
    icp_cl_measure_ink(ctx, &page, field, NULL, 0, NULL, NULL, 22, true, &ink);
    OK(ink.present);
    STR_EQ(ink.colour, "black");
    icp_cl_page_clear(&page);
    pixDestroy(&rgb);
    VIPS_UNREF(im);
out:
    icp_context_free(ctx);
    g_free(path);
}

/* A seal drawn on plain paper: a red ring of radius r at (cx, cy) and a
 * red star-like disc at its centre. */
static PIX *sealed_paper(int w, int h, int cx, int cy, int r)
{
    PIX *pix = pixCreate(w, h, 32);
    pixSetAllArbitrary(pix, 0xfafaf700);
    for (int y = cy - r; y <= cy + r; y++)
        for (int x = cx - r; x <= cx + r; x++) {
            double d = hypot(x - cx, y - cy);
            if ((d <= r && d >= r - 8) || d <= 0.3 * r)
                pixSetPixel(pix, x, y, 0xd21e2800);
        }
    return pix;
}

/* Whether (x, y) lies inside the polygon of n vertices v (crossings). */
static bool in_polygon(double (*v)[2], int n, double x, double y)
{
    bool in = false;
    for (int i = 0, j = n - 1; i < n; j = i++)
        if ((v[i][1] > y) != (v[j][1] > y) &&
            x < v[j][0] + (v[i][0] - v[j][0]) * (y - v[j][1]) /
                              (v[i][1] - v[j][1]))
            in = !in;
    return in;
}

/* A seal as stamped: a red ring of radius r at (cx, cy) and a filled
 * five-pointed star of 0.32 r at its centre (the generator's seal). */
static PIX *starred_paper(int w, int h, int cx, int cy, int r)
{
    PIX *pix = sealed_paper(w, h, cx, cy, r);
    double v[10][2];
    for (int i = 0; i < 10; i++) {
        double a = i * M_PI / 5 - M_PI / 2, rad = (i % 2 ? 0.12 : 0.32) * r;
        v[i][0] = cx + rad * cos(a), v[i][1] = cy + rad * sin(a);
    }
    for (int y = cy - r + 9; y < cy + r - 9; y++)
        for (int x = cx - r + 9; x < cx + r - 9; x++)
            pixSetPixel(pix, x, y,
                        in_polygon(v, 10, x, y) ? 0xd21e2800 : 0xfafaf700);
    return pix;
}

/* Whether the field over the seal holds handwriting, and its colour. */
static void ink_over_seal(const struct icp_context *ctx, PIX *rgb, int cx,
                          int cy, int r, struct icp_cl_ink *ink)
{
    struct icp_cl_page page;
    fill_page(ctx, rgb, &page);
    struct icp_cl_seal seal = {true, {cx - r, cy - r, 2 * r, 2 * r}};
    int field[4] = {cx - 2 * r, cy - 2 * r, 4 * r, 4 * r};
    icp_cl_measure_ink(ctx, &page, field, NULL, 0, NULL, &seal, 22, true,
                       ink);
    icp_cl_page_clear(&page);
}

static void test_red_signature_under_seal(void)
{
    struct icp_context *ctx = context();
    OK(ctx != NULL);
    if (!ctx)
        return;
    int cx = 600, cy = 1100, r = 110;
    /* A red signature written steeply across the seal's inner part, left
     * of its star, in thin strokes: red handwriting, however thin. */
    PIX *signed_ = sealed_paper(1100, 1556, cx, cy, r);
    const int zig[][2] = {{-70, -60}, {-50, 10}, {-62, -30}, {-40, 40},
                          {-52, 0}, {-36, 60}};
    for (size_t i = 0; i + 1 < sizeof zig / sizeof zig[0]; i++)
        pixRenderLineArb(signed_, cx + zig[i][0], cy + zig[i][1],
                         cx + zig[i + 1][0], cy + zig[i + 1][1], 3, 200, 28,
                         36);
    struct icp_cl_ink ink;
    ink_over_seal(ctx, signed_, cx, cy, r, &ink);
    OK(ink.present);
    STR_EQ(ink.present ? ink.colour : "", "red");
    pixDestroy(&signed_);
    /* The same red signature beside black marks left in the field (a
     * ruled line's remains, print): still red, never black. */
    PIX *beside = sealed_paper(1100, 1556, cx, cy, r);
    for (size_t i = 0; i + 1 < sizeof zig / sizeof zig[0]; i++)
        pixRenderLineArb(beside, cx + zig[i][0], cy + zig[i][1],
                         cx + zig[i + 1][0], cy + zig[i + 1][1], 3, 200, 28,
                         36);
    const int mark[][2] = {{-200, -60}, {-185, 0}, {-170, -55}, {-160, 10},
                           {-145, -50}};
    for (size_t i = 0; i + 1 < sizeof mark / sizeof mark[0]; i++)
        pixRenderLineArb(beside, cx + mark[i][0], cy + mark[i][1],
                         cx + mark[i + 1][0], cy + mark[i + 1][1], 3, 30, 30,
                         30);
    ink_over_seal(ctx, beside, cx, cy, r, &ink);
    OK(ink.present);
    STR_EQ(ink.present ? ink.colour : "", "red");
    pixDestroy(&beside);
    /* A red signature written over the star joins it into one mark
     * within the star's reach: its strokes off the star are handwriting. */
    PIX *over = starred_paper(1100, 1556, cx, cy, r);
    const int scrawl[][2] = {{-46, -22}, {-22, 26}, {-4, -32}, {18, 28},
                             {46, -20}, {30, 34}};
    for (size_t i = 0; i + 1 < sizeof scrawl / sizeof scrawl[0]; i++)
        pixRenderLineArb(over, cx + scrawl[i][0], cy + scrawl[i][1],
                         cx + scrawl[i + 1][0], cy + scrawl[i + 1][1], 3,
                         200, 28, 36);
    ink_over_seal(ctx, over, cx, cy, r, &ink);
    OK(ink.present);
    STR_EQ(ink.present ? ink.colour : "", "red");
    pixDestroy(&over);
    /* The star alone, its points included, is the seal's. */
    PIX *star = starred_paper(1100, 1556, cx, cy, r);
    ink_over_seal(ctx, star, cx, cy, r, &ink);
    OK(!ink.present);
    pixDestroy(&star);
    /* A level line of the seal's own text below its star is the seal's. */
    PIX *text = sealed_paper(1100, 1556, cx, cy, r);
    pixRenderLineArb(text, cx - 40, cy + 55, cx + 40, cy + 58, 6, 210, 30,
                     40);
    ink_over_seal(ctx, text, cx, cy, r, &ink);
    OK(!ink.present);
    pixDestroy(&text);
    icp_context_free(ctx);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (VIPS_INIT(argv[0]))
        return 1;
    setMsgSeverity(L_SEVERITY_ERROR);
    RUN(test_exact_match);
    RUN(test_one_wrong_character);
    RUN(test_too_many_errors);
    RUN(test_prefers_exact);
    RUN(test_date_on_its_line);
    RUN(test_label_from_two_readings);
    RUN(test_label_run_into_signature);
    RUN(test_real_seal_found);
    RUN(test_real_signature_black);
    RUN(test_red_signature_under_seal);
    vips_shutdown();
    return TEST_DONE();
}
