/* Per-thread engines, created lazily so that a run that never reads text
 * (backdrop photos only) never pays for Tesseract's start-up. */
#include "checks/worker.h"

#include <stdlib.h>

#include "core/util.h"

struct icp_worker *icp_worker_new(const struct icp_context *ctx,
                                  char **err_out)
{
    *err_out = NULL;
    struct icp_worker *w = xcalloc(1, sizeof *w);
    w->ctx = ctx;
    return w;
}

void icp_worker_free(struct icp_worker *w)
{
    if (!w)
        return;
    icp_ocr_free(w->ocr_zh);
    icp_ocr_free(w->ocr_en);
    icp_ocr_free(w->ocr_chi);
    if (w->zbar)
        zbar_image_scanner_destroy(w->zbar);
    icp_face_cascade_free(w->face);
    g_free(w->face_error);
    g_free(w->error);
    free(w);
}

/* How many times the CPU time a file may take it may also take in wall
 * time: room for a loaded machine, a stop for a read that stalls. */
#define WALL_TIME_FACTOR 4

void icp_worker_start_clock(struct icp_worker *w, long timeout_ms)
{
    w->cpu_limit_ms = timeout_ms > 0 ? icp_thread_cpu_ms() + timeout_ms : 0;
    w->wall_limit_ms =
        timeout_ms > 0 ? icp_now_ms() + WALL_TIME_FACTOR * timeout_ms : 0;
}

static bool engine_expired(void *worker)
{
    return icp_worker_expired(worker);
}

static struct icp_ocr *engine(struct icp_worker *w, struct icp_ocr **slot,
                              const char *langs)
{
    if (!*slot && !w->error) {
        *slot = icp_ocr_new(w->ctx->tessdata_dir, langs, &w->error);
        if (*slot)
            icp_ocr_set_cancel(*slot, engine_expired, w);
    }
    return *slot;
}

struct icp_ocr *icp_worker_ocr_zh(struct icp_worker *w)
{
    return engine(w, &w->ocr_zh, "chi_sim+eng");
}

struct icp_ocr *icp_worker_ocr_en(struct icp_worker *w)
{
    return engine(w, &w->ocr_en, "eng");
}

struct icp_ocr *icp_worker_ocr_chi(struct icp_worker *w)
{
    return engine(w, &w->ocr_chi, "chi_sim");
}

bool icp_worker_expired(const struct icp_worker *w)
{
    return (w->cpu_limit_ms && icp_thread_cpu_ms() >= w->cpu_limit_ms) ||
           (w->wall_limit_ms && icp_now_ms() >= w->wall_limit_ms);
}

zbar_image_scanner_t *icp_worker_zbar(struct icp_worker *w)
{
    if (!w->zbar) {
        w->zbar = zbar_image_scanner_create();
        zbar_image_scanner_set_config(w->zbar, 0, ZBAR_CFG_ENABLE, 0);
        zbar_image_scanner_set_config(w->zbar, ZBAR_QRCODE, ZBAR_CFG_ENABLE,
                                      1);
        /* Keep raw bytes: licences encode Chinese in GBK or UTF-8, and the
         * reader decodes the character set itself. */
        zbar_image_scanner_set_config(w->zbar, 0, ZBAR_CFG_BINARY, 1);
    }
    return w->zbar;
}

struct icp_face_cascade *icp_worker_face(struct icp_worker *w)
{
    if (!w->face && !w->face_error)
        w->face = icp_face_cascade_load(
            icp_model_str(w->ctx, "backdrop", "face", "cascade"),
            &w->face_error);
    return w->face;
}
