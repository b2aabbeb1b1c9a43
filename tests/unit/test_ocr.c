/* The English engine that workers share: two workers reading at once get
 * what one worker alone reads, and the engine outlives either worker. The
 * Chinese engine (chi_sim alone) reads the page's Chinese title. */
#include <stdlib.h>
#include <string.h>

#include "checks/worker.h"
#include "core/context.h"
#include "harness.h"
#include "icpcheck/icpcheck.h"

#define READS 3

/* The upper half of a sample domain certificate, with its English title,
 * grey. Caller unrefs; NULL when the sample is missing. */
static VipsImage *title_half(void)
{
    const char *root = getenv("ICP_ROOT");
    char *path =
        g_build_filename(root && *root ? root : ".", "samples", "personal-pass",
                         "domain-certificate-valid.jpg", NULL);
    VipsImage *im = vips_image_new_from_file(path, NULL), *cut = NULL;
    g_free(path);
    if (im && vips_extract_area(im, &cut, 0, 0, im->Xsize, im->Ysize / 2, NULL))
        cut = NULL;
    VipsImage *grey = cut ? icp_ocr_prepare(cut, 1.0) : NULL;
    VIPS_UNREF(cut);
    VIPS_UNREF(im);
    vips_error_clear();
    return grey;
}

struct reader {
    struct icp_worker *w;
    VipsImage *image;
    char *texts[READS];
};

static gpointer read_image(gpointer data)
{
    struct reader *r = data;
    struct icp_ocr *ocr = icp_worker_ocr_en(r->w);
    for (int i = 0; i < READS && ocr; i++)
        r->texts[i] = icp_ocr_text(ocr, r->image, ICP_PSM_AUTO, NULL);
    return NULL;
}

/* The title's half image and a context with the default options; false
 * (both released, the failure counted) when either cannot be made. */
static bool title_and_context(VipsImage **half, struct icp_context **ctx)
{
    *half = title_half();
    OK(*half != NULL);
    if (!*half)
        return false;
    struct icp_options opts;
    icp_options_init(&opts);
    char *err = NULL;
    *ctx = icp_context_new(&opts, &err);
    g_free(err);
    OK(*ctx != NULL);
    if (!*ctx)
        VIPS_UNREF(*half);
    return *ctx != NULL;
}

static void test_shared_engine_reads_alike(void)
{
    VipsImage *half = NULL;
    struct icp_context *ctx = NULL;
    if (!title_and_context(&half, &ctx))
        return;
    char *err = NULL;
    struct icp_worker *a = icp_worker_new(ctx, &err);
    struct icp_worker *b = icp_worker_new(ctx, &err);
    /* What one worker reads alone is the reference. */
    char *alone = icp_ocr_text(icp_worker_ocr_en(a), half, ICP_PSM_AUTO, NULL);
    OK(alone && strstr(alone, "Domain"));
    OK(icp_worker_ocr_en(a) != icp_worker_ocr_en(b));
    OK(a->en_shared && b->en_shared);
    struct reader ra = {.w = a, .image = half}, rb = {.w = b, .image = half};
    GThread *ta = g_thread_new("reader-a", read_image, &ra);
    GThread *tb = g_thread_new("reader-b", read_image, &rb);
    g_thread_join(ta);
    g_thread_join(tb);
    for (int i = 0; i < READS; i++) {
        STR_EQ(ra.texts[i], alone);
        STR_EQ(rb.texts[i], alone);
        g_free(ra.texts[i]);
        g_free(rb.texts[i]);
    }
    /* The first worker goes; the engine stays for the second. */
    icp_worker_free(a);
    char *after = icp_ocr_text(icp_worker_ocr_en(b), half, ICP_PSM_AUTO, NULL);
    STR_EQ(after, alone);
    g_free(after);
    g_free(alone);
    icp_worker_free(b);
    icp_context_free(ctx);
    VIPS_UNREF(half);
}

/* The Chinese engine is chi_sim alone (eng reads the Latin-only fields):
 * it must still read a certificate's Chinese title. */
static void test_chinese_engine_reads_title(void)
{
    VipsImage *half = NULL;
    struct icp_context *ctx = NULL;
    if (!title_and_context(&half, &ctx))
        return;
    char *err = NULL;
    struct icp_worker *w = icp_worker_new(ctx, &err);
    struct icp_ocr *zh = icp_worker_ocr_zh(w);
    OK(zh != NULL && zh != icp_worker_ocr_en(w));
    char *text = zh ? icp_ocr_text(zh, half, ICP_PSM_AUTO, NULL) : NULL;
    OK(text && strstr(text, "注册证书"));
    g_free(text);
    icp_worker_free(w);
    icp_context_free(ctx);
    VIPS_UNREF(half);
}

int main(void)
{
    if (VIPS_INIT("test_ocr"))
        return 1;
    RUN(test_shared_engine_reads_alike);
    RUN(test_chinese_engine_reads_title);
    return TEST_DONE();
}
