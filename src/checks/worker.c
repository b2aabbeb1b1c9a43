/* Per-thread engines, created lazily so that a run that never reads text
 * (backdrop photos only) never pays for Tesseract's start-up. */
#include "checks/worker.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* The English engine is shared by every worker of the process (with the
 * same tessdata): its readings are short (machine-readable zones, dates,
 * numbers), so workers seldom wait for it, and each engine of its own held
 * some 18 MB. The Chinese engine reads most of a file's text and stays one
 * per worker. `shared_en` is a handle kept while any worker uses it. */
static GMutex shared_lock;
static struct icp_ocr *shared_en;
static char *shared_en_dir;
static int shared_en_users;

/* A handle on the process's English engine, made on first need, or NULL
 * (with *err_out set) when it cannot start. Workers whose tessdata differs
 * from the shared engine's get an engine of their own (*shared_out false). */
static struct icp_ocr *share_en(const char *tessdata, bool *shared_out,
                                char **err_out)
{
    struct icp_ocr *ocr = NULL;
    *shared_out = false;
    g_mutex_lock(&shared_lock);
    if (!shared_en) {
        shared_en = icp_ocr_new(tessdata, "eng", err_out);
        if (shared_en)
            shared_en_dir = xstrdup(tessdata);
    } else if (strcmp(shared_en_dir, tessdata) != 0) {
        g_mutex_unlock(&shared_lock);
        return icp_ocr_new(tessdata, "eng", err_out);
    }
    if (shared_en) {
        ocr = icp_ocr_share(shared_en);
        shared_en_users++;
        *shared_out = true;
    }
    g_mutex_unlock(&shared_lock);
    return ocr;
}

/* Gives back a worker's handle on the shared engine; the last user frees
 * the engine. */
static void unshare_en(struct icp_ocr *ocr)
{
    icp_ocr_free(ocr);
    g_mutex_lock(&shared_lock);
    if (--shared_en_users == 0) {
        icp_ocr_free(shared_en);
        shared_en = NULL;
        free(shared_en_dir);
        shared_en_dir = NULL;
    }
    g_mutex_unlock(&shared_lock);
}

struct icp_worker *icp_worker_new(const struct icp_context *ctx, char **err_out)
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
    if (w->en_shared)
        unshare_en(w->ocr_en);
    else
        icp_ocr_free(w->ocr_en);
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

static bool engine_expired(void *worker) { return icp_worker_expired(worker); }

/* The worker's own engine in *slot for `langs`, made on first use. */
static struct icp_ocr *own_engine(struct icp_worker *w, struct icp_ocr **slot,
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
    return own_engine(w, &w->ocr_zh, "chi_sim");
}

struct icp_ocr *icp_worker_ocr_en(struct icp_worker *w)
{
    if (!w->ocr_en && !w->error) {
        w->ocr_en = share_en(w->ctx->tessdata_dir, &w->en_shared, &w->error);
        if (w->ocr_en)
            icp_ocr_set_cancel(w->ocr_en, engine_expired, w);
    }
    return w->ocr_en;
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
        zbar_image_scanner_set_config(w->zbar, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
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
