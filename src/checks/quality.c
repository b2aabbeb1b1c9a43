/* The quality gate: colour, sharpness, exposure and glare of the document
 * (or of the whole photo, for a backdrop photo). */
#include <math.h>

#include "checks/checks.h"
#include "checks/document.h"

struct measures {
    double coloured;  /* fraction of pixels with colour beyond the cast */
    double sharpness; /* var(Laplacian) / var(grey) */
    double mean_l;    /* mean L* */
    double blown;     /* fraction of pixels at 250+ in every channel */
};

/* A passport's data page is paper, bright by nature like a sheet: only
 * the plastic cards are judged for glare. */
static bool is_card(enum icp_doc_type t)
{
    return t == ICP_TYPE_ID_CARD_FRONT || t == ICP_TYPE_ID_CARD_BACK ||
           t == ICP_TYPE_HKMO_PERMIT || t == ICP_TYPE_TW_PERMIT;
}

static void colour_measures(const struct icp_context *ctx, VipsImage *rgb,
                            VipsImage *lab, struct measures *m)
{
    double cmin = icp_model_num(ctx, "quality", "grayscale", "min_chroma");
    size_t n = (size_t)lab->Xsize * lab->Ysize;
    const float *p = (const float *)vips_image_get_data(lab);
    const unsigned char *q = vips_image_get_data(rgb);
    double sa = 0, sb = 0, sl = 0;
    for (size_t i = 0; i < n; i++)
        sl += p[3 * i], sa += p[3 * i + 1], sb += p[3 * i + 2];
    sa /= n, sb /= n;
    size_t coloured = 0, blown = 0;
    for (size_t i = 0; i < n; i++) {
        coloured += hypot(p[3 * i + 1] - sa, p[3 * i + 2] - sb) > cmin;
        blown += q[3 * i] >= 250 && q[3 * i + 1] >= 250 && q[3 * i + 2] >= 250;
    }
    m->coloured = (double)coloured / n;
    m->blown = (double)blown / n;
    m->mean_l = sl / n;
}

static int sharpness(VipsImage *rgb, double *out)
{
    VipsImage *lazy = NULL, *grey = NULL, *lap = NULL, *mask = NULL;
    double gsd = 0, lsd = 0;
    int rc = -1;
    static const double k[] = {0, 1, 0, 1, -4, 1, 0, 1, 0};
    /* The grey copy in memory: both deviations read it, and each would
     * otherwise convert the view again. */
    if (vips_colourspace(rgb, &lazy, VIPS_INTERPRETATION_B_W, NULL) ||
        !(grey = vips_image_copy_memory(lazy)) ||
        !(mask = vips_image_new_matrix_from_array(3, 3, k, 9)) ||
        vips_conv(grey, &lap, mask, "precision", VIPS_PRECISION_FLOAT,
                  NULL) ||
        vips_deviate(grey, &gsd, NULL) || vips_deviate(lap, &lsd, NULL))
        goto out;
    *out = gsd > 0 ? (lsd * lsd) / (gsd * gsd) : 0;
    rc = 0;
out:
    VIPS_UNREF(lazy);
    VIPS_UNREF(grey);
    VIPS_UNREF(lap);
    VIPS_UNREF(mask);
    if (rc)
        vips_error_clear();
    return rc;
}

static int measure(struct icp_worker *w, struct icp_image *img,
                   struct icp_result *res, struct measures *m)
{
    int side = (int)icp_model_num(w->ctx, "quality", "quality", "view_side");
    VipsImage *view = NULL, *lab = NULL, *labm = NULL;
    int rc = -1;
    if (res->type == ICP_TYPE_BACKDROP_PHOTO) {
        view = icp_image_at(img, side, res);
        if (view)
            g_object_ref(view);
    } else {
        view = icp_document_bounds(img, side, res);
    }
    if (!view)
        goto out;
    if (vips_colourspace(view, &lab, VIPS_INTERPRETATION_LAB, NULL) ||
        !(labm = vips_image_copy_memory(lab)) || sharpness(view, &m->sharpness))
        goto out;
    colour_measures(w->ctx, view, labm, m);
    rc = 0;
out:
    VIPS_UNREF(view);
    VIPS_UNREF(lab);
    VIPS_UNREF(labm);
    if (rc)
        vips_error_clear();
    return rc;
}

static void judge(const struct icp_context *ctx, enum icp_doc_type type,
                  const struct measures *m, struct icp_result *res)
{
    bool backdrop = type == ICP_TYPE_BACKDROP_PHOTO;
    double min_frac = icp_model_num(ctx, "quality", "grayscale",
                                    type == ICP_TYPE_PASSPORT
                                        ? "passport_min_fraction"
                                        : "min_fraction");
    /* A personal checklist is printed and signed in black: being colourless
     * is no sign of a copy there. */
    if (type != ICP_TYPE_CHECKLIST && m->coloured < min_frac)
        icp_result_add(res, "quality.grayscale", ICP_SEV_ERROR, NULL,
                       "黑白图片：请上传原件的彩色照片或彩色扫描件",
                       "black-and-white image: upload a colour photo or "
                       "colour scan of the original");
    double blur_min = icp_model_num(ctx, "quality", "blur",
                                    backdrop ? "backdrop_error_below"
                                             : "error_below");
    if (m->sharpness < blur_min)
        icp_result_add(res, "quality.blurry", ICP_SEV_ERROR, NULL,
                       "图片模糊（清晰度 %.3f，至少需要 %.3f）：请对焦后重新拍摄",
                       "the image is blurred (sharpness %.3f, needs %.3f): "
                       "focus and take it again",
                       m->sharpness, blur_min);
    double dark = icp_model_num(ctx, "quality", "dark",
                                backdrop ? "backdrop_error_below"
                                         : "error_below");
    if (m->mean_l < dark)
        icp_result_add(res, "quality.too_dark", ICP_SEV_ERROR, NULL,
                       "图片太暗：请在光线充足处重新拍摄",
                       "the image is too dark: take it again in good light");
    double glare = icp_model_num(ctx, "quality", "glare", "warn_above");
    if (is_card(type) && m->blown > glare)
        icp_result_add(res, "quality.glare", ICP_SEV_WARNING, NULL,
                       "证件有反光（%.0f%% 过曝）：请避开灯光直射重新拍摄",
                       "glare on the document (%.0f%% blown out): avoid "
                       "direct light and take it again",
                       100 * m->blown);
}

void icp_check_quality(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res)
{
    struct measures m = {0};
    if (measure(w, img, res, &m)) {
        if (!icp_result_has(res, "input.unreadable"))
            icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                           "无法分析图片质量", "cannot measure image quality");
        return;
    }
    cJSON *q = cJSON_CreateObject();
    cJSON_AddNumberToObject(q, "coloured", round(m.coloured * 1e4) / 1e4);
    cJSON_AddNumberToObject(q, "sharpness", round(m.sharpness * 1e4) / 1e4);
    cJSON_AddNumberToObject(q, "lightness", round(m.mean_l * 10) / 10);
    cJSON_AddNumberToObject(q, "blown", round(m.blown * 1e4) / 1e4);
    icp_result_set_json(res, "quality", q);
    judge(w->ctx, res->type, &m, res);
}
