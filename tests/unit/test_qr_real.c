/* The QR reader against real photos and scans: zxing-cpp's qrcode-2 set in
 * $ICP_SHARED/data/qr, compared with each image's expected text. */
#include <stdlib.h>
#include <string.h>

#include "checks/qr.h"
#include "core/context.h"
#include "harness.h"
#include "icpcheck/icpcheck.h"

/* Whitespace-insensitive equality: the expected files end with newlines
 * and some codes carry CR LF line ends. */
static bool same_text(const char *a, const char *b)
{
    for (;;) {
        while (*a && g_ascii_isspace(*a))
            a++;
        while (*b && g_ascii_isspace(*b))
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (*a++ != *b++)
            return false;
    }
}

static void test_decode_bytes(void)
{
    char *s = icp_qr_decode_bytes("abc", 3);
    STR_EQ(s, "abc");
    g_free(s);
    /* 统一 in GBK */
    s = icp_qr_decode_bytes("\xcd\xb3\xd2\xbb", 4);
    STR_EQ(s, "统一");
    g_free(s);
    s = icp_qr_decode_bytes("\xef\xbb\xbf\xe7\xbb\x9f", 6);
    STR_EQ(s, "统");
    g_free(s);
}

static const char *shared_dir(void)
{
    const char *s = getenv("ICP_SHARED");
    return s && *s ? s : "../shared";
}

static void test_qrcode2_set(void)
{
    char *dir = g_build_filename(shared_dir(), "data", "qr", NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d) {
        printf("note: %s is absent; skipping the real QR set\n", dir);
        g_free(dir);
        return;
    }
    struct icp_options opts;
    icp_options_init(&opts);
    char *err = NULL;
    struct icp_context *ctx = icp_context_new(&opts, &err);
    OK(ctx != NULL);
    struct icp_worker *w = icp_worker_new(ctx, &err);
    int total = 0, decoded = 0, matched = 0;
    const char *name;
    while ((name = g_dir_read_name(d))) {
        if (!g_str_has_prefix(name, "zxingcpp_qrcode-2_") ||
            g_str_has_suffix(name, ".txt") || g_str_has_suffix(name, ".bin"))
            continue;
        char *path = g_build_filename(dir, name, NULL);
        const char *dot = strrchr(name, '.');
        char *stem = g_strndup(name, (gsize)(dot - name));
        char *tpath = g_strdup_printf("%s/%s.txt", dir, stem);
        char *bpath = g_strdup_printf("%s/%s.bin", dir, stem);
        gchar *want = NULL;
        gsize wlen = 0;
        if (!g_file_get_contents(tpath, &want, &wlen, NULL) &&
            g_file_get_contents(bpath, &want, &wlen, NULL)) {
            char *u = icp_qr_decode_bytes(want, wlen);
            g_free(want);
            want = u;
        }
        total++;
        VipsImage *im = vips_image_new_from_file(path, NULL);
        VipsImage *flat = NULL;
        char *got = NULL;
        if (im && im->Bands == 4) {
            VipsArrayDouble *bg = vips_array_double_newv(1, 255.0);
            if (vips_flatten(im, &flat, "background", bg, NULL) == 0) {
                VIPS_UNREF(im);
                im = flat;
            }
            vips_area_unref(VIPS_AREA(bg));
        }
        if (im && icp_qr_read(w, im, &got, NULL) == 0) {
            decoded++;
            if (want && same_text(got, want))
                matched++;
            else
                printf("  mismatch %s\n", name);
        } else {
            vips_error_clear();
            printf("  unread   %s\n", name);
        }
        g_free(got);
        VIPS_UNREF(im);
        g_free(want);
        g_free(tpath);
        g_free(bpath);
        g_free(stem);
        g_free(path);
    }
    printf("qrcode-2: %d images, %d decoded, %d match the expected text\n",
           total, decoded, matched);
    INT_EQ(total, 54);
    OK(matched >= 45);
    g_dir_close(d);
    icp_worker_free(w);
    icp_context_free(ctx);
    g_free(dir);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (icp_init(argv[0]))
        return 1;
    RUN(test_decode_bytes);
    RUN(test_qrcode2_set);
    icp_shutdown();
    return TEST_DONE();
}
