/* Fuzzes image intake with arbitrary bytes: header checks and limits, the
 * decode (at a small size), EXIF parsing and reading, and the quality gate
 * (the check of a file forced to type "unknown", which reads no text, so
 * that each input stays fast). Every input must give a record with a
 * verdict, never a crash, hang or leak. */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/backdrop.h"
#include "checks/worker.h"
#include "core/image.h"
#include "icpcheck/icpcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One context and worker for the whole run, as a batch would use them. */
static struct icp_context *ctx;
static struct icp_worker *worker;

static void setup(void)
{
    if (icp_init("fuzz_image"))
        abort();
    struct icp_options o;
    icp_options_init(&o);
    o.forced_type = ICP_TYPE_UNKNOWN;
    o.today_year = 2026, o.today_month = 11, o.today_day = 24;
    /* Small limits keep each input fast; the limits are what is tested. */
    o.max_pixels = 4LL * 1000 * 1000;
    o.max_memory = 64LL * 1024 * 1024;
    o.min_short_side = 8;
    o.timeout_ms = 10 * 1000;
    char *err = NULL;
    ctx = icp_context_new(&o, &err);
    if (!ctx || !(worker = icp_worker_new(ctx, &err)))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx)
        setup();
    struct icp_result *res = icp_check_buffer(worker, data, size, "fuzz");
    enum icp_verdict v = icp_result_verdict(res);
    if (v < ICP_VERDICT_PASS || v > ICP_VERDICT_ERROR)
        abort();
    icp_result_free(res);

    /* Intake alone, then EXIF and a small decode as the backdrop check
     * does them. */
    res = icp_result_new("fuzz", ICP_LANG_EN);
    struct icp_image *img = NULL;
    if (icp_image_open_buffer(ctx, data, size, res, &img) == 0) {
        struct icp_exif_info info;
        icp_backdrop_exif_read(icp_image_exif(img), &info);
        VipsImage *small = icp_image_at(img, 64, res);
        if (small && (small->Bands != 3 || small->BandFmt != VIPS_FORMAT_UCHAR))
            abort();
    } else if (icp_result_finding_count(res) == 0) {
        abort(); /* a refusal always says why */
    }
    icp_image_free(img);
    icp_result_free(res);
    return 0;
}
