/* Checking one file: intake, classification, the quality gate, then the
 * check of its material. */
#include <leptonica/allheaders.h>
#include <stdio.h>
#include <string.h>

#include "checks/checks.h"
#include "core/util.h"
#include "icpcheck/icpcheck.h"

static const icp_check_fn material_checks[ICP_TYPE_COUNT] = {
    [ICP_TYPE_ID_CARD_FRONT] = icp_check_idcard_front,
    [ICP_TYPE_ID_CARD_BACK] = icp_check_idcard_back,
    [ICP_TYPE_PASSPORT] = icp_check_passport,
    [ICP_TYPE_HKMO_PERMIT] = icp_check_hkmo_permit,
    [ICP_TYPE_TW_PERMIT] = icp_check_tw_permit,
    [ICP_TYPE_BUSINESS_LICENSE] = icp_check_license,
    [ICP_TYPE_DOMAIN_CERTIFICATE] = icp_check_domain,
    [ICP_TYPE_CHECKLIST] = icp_check_checklist,
    [ICP_TYPE_BACKDROP_PHOTO] = icp_check_backdrop,
};

static void check_image(struct icp_worker *w, struct icp_image *img,
                        struct icp_result *res)
{
    enum icp_doc_type forced = w->ctx->opts.forced_type;
    struct icp_stage_timer t;
    icp_stage_timer_start(&t);
    if (forced == ICP_TYPE_AUTO) {
        icp_classify(w, img, res);
    } else {
        res->type = forced;
        res->type_confidence = 1.0;
    }
    icp_stage_lap(&t, res->path, "classify");
    if (icp_result_has(res, "input.unreadable") || icp_worker_expired(w))
        return;
    if (res->type == ICP_TYPE_UNKNOWN) {
        if (!icp_result_has(res, "doc.type_unknown"))
            icp_result_add(res, "doc.type_unknown", ICP_SEV_ERROR, NULL,
                           "无法识别材料类型（不是身份证、护照、营业执照、核验单或"
                           "幕布照片）",
                           "cannot tell what material this is (not an ID "
                           "card, passport, licence, checklist or backdrop "
                           "photo)");
        icp_check_quality(w, img, res);
        return;
    }
    icp_check_quality(w, img, res);
    icp_stage_lap(&t, res->path, "quality");
    if (icp_result_has(res, "input.unreadable") || icp_worker_expired(w))
        return;
    material_checks[res->type](w, img, res);
    icp_stage_lap(&t, res->path, icp_doc_type_name(res->type));
}

static struct icp_result *finish(struct icp_worker *w, struct icp_result *res,
                                 long long t0)
{
    /* OCR cancelled when the time was up reads as no text; whatever the
     * checks concluded from that, the file was not fully checked: say so. */
    if (icp_worker_expired(w) && !icp_result_has(res, "input.unreadable"))
        icp_result_add(res, "input.timeout", ICP_SEV_ERROR, NULL,
                       "检查超时（计算时间超过 %g 秒），结果不完整，请换一张"
                       "更清晰、更小的图片或调大 --timeout",
                       "the check ran out of time (over %g s of processing) "
                       "and is incomplete: upload a smaller, clearer image or "
                       "raise --timeout",
                       w->ctx->opts.timeout_ms / 1000.0);
    icp_worker_start_clock(w, 0);
    res->ms = (long)(icp_now_ms() - t0);
    return res;
}

struct icp_result *icp_check_file(struct icp_worker *w, const char *path,
                                  const char *display_path)
{
    long long t0 = icp_now_ms();
    icp_worker_start_clock(w, w->ctx->opts.timeout_ms);
    struct icp_result *res =
        icp_result_new(display_path ? display_path : path, w->ctx->opts.lang);
    struct icp_image *img = NULL;
    if (icp_image_open_file(w->ctx, path, res, &img) == 0)
        check_image(w, img, res);
    icp_image_free(img);
    return finish(w, res, t0);
}

struct icp_result *icp_check_buffer(struct icp_worker *w, const void *data,
                                    size_t len, const char *name)
{
    long long t0 = icp_now_ms();
    icp_worker_start_clock(w, w->ctx->opts.timeout_ms);
    struct icp_result *res = icp_result_new(name, w->ctx->opts.lang);
    struct icp_image *img = NULL;
    if (icp_image_open_buffer(w->ctx, data, len, res, &img) == 0)
        check_image(w, img, res);
    icp_image_free(img);
    return finish(w, res, t0);
}

struct icp_result *icp_check_buffer_with(struct icp_worker *w,
                                         const struct icp_options *opts,
                                         const void *data, size_t len,
                                         const char *name)
{
    if (!opts)
        return icp_check_buffer(w, data, len, name);
    /* A view of the context for this one file: the same models and paths
     * (borrowed, never freed through the view), the request's options. */
    const struct icp_context *base = w->ctx;
    struct icp_context view = *base;
    view.opts.today_year = opts->today_year;
    view.opts.today_month = opts->today_month;
    view.opts.today_day = opts->today_day;
    view.opts.min_validity_months = opts->min_validity_months;
    view.opts.forced_type = opts->forced_type;
    view.opts.entity = opts->entity;
    view.opts.lang = opts->lang;
    view.opts.timeout_ms = opts->timeout_ms;
    w->ctx = &view;
    struct icp_result *res = icp_check_buffer(w, data, len, name);
    w->ctx = base;
    return res;
}

const char *icp_version(void)
{
    return ICP_VERSION;
}

/* libvips warns on stderr about every damaged upload; those become
 * findings in the file's record, so the warnings only add noise. */
static void quiet_log(const gchar *domain, GLogLevelFlags level,
                      const gchar *message, gpointer data)
{
    (void)domain;
    (void)level;
    (void)message;
    (void)data;
}

int icp_init(const char *argv0)
{
    if (!g_getenv("G_MESSAGES_DEBUG"))
        g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, quiet_log, NULL);
    if (VIPS_INIT(argv0 ? argv0 : "icpcheck"))
        return -1;
    /* Every file is new: caching operations would only hold memory. */
    vips_cache_set_max(0);
    /* Threads are ours (one per worker): keep libvips from adding more. */
    vips_concurrency_set(1);
    /* Leptonica reports every clipped box it meets inside Tesseract; a
     * batch's stderr is for our own diagnostics. */
    setMsgSeverity(L_SEVERITY_NONE);
    return 0;
}

void icp_shutdown(void)
{
    vips_shutdown();
}
