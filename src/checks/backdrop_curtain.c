/* The backdrop photo's curtain: blue, and filling the frame round the
 * person. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checks/backdrop_scene.h"
#include "core/util.h"

#define M(group, key) icp_model_num(ctx, "backdrop", group, key)

void icp_backdrop_check_curtain(struct icp_worker *w, struct icp_image *img,
                                struct icp_backdrop_scene *sc,
                                struct icp_result *res)
{
    const struct icp_context *ctx = w->ctx;
    size_t n = (size_t)sc->w * sc->h;
    /* Close the blue mask so that printed text and seams count as cloth. */
    unsigned char *closed = xmalloc(n);
    memcpy(closed, sc->blue, n);
    int r = MAX(2, sc->w / 80);
    icp_backdrop_morph(closed, sc->w, sc->h, r, true);
    icp_backdrop_morph(closed, sc->w, sc->h, r, false);
    long bg = 0, blue = 0;
    for (size_t i = 0; i < n; i++)
        if (!sc->person[i]) {
            bg++;
            blue += closed[i] != 0;
        }
    unsigned char *raw = sc->blue;
    sc->blue = closed;
    double coverage = bg ? (double)blue / bg : 0;
    double hue = icp_backdrop_hue(sc->bg_a, sc->bg_b),
           chroma = hypot(sc->bg_a, sc->bg_b);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "hue", round(hue));
    cJSON_AddNumberToObject(o, "chroma", round(chroma));
    cJSON_AddNumberToObject(o, "coverage", round(coverage * 100) / 100);
    icp_result_set_json(res, "background", o);
    int bx = (int)(M("curtain", "border") * sc->w) + 1;
    int by = (int)(M("curtain", "border") * sc->h) + 1;
    if (coverage < M("curtain", "not_blue")) {
        icp_result_add(res, "backdrop.not_blue", ICP_SEV_ERROR, NULL,
                       "背景不是蓝色幕布（色相 %.0f°，彩度 %.0f，蓝色仅占 "
                       "%.0f%%），请在服务商提供的蓝色幕布前拍摄",
                       "the background is not the blue curtain (hue %.0f°, "
                       "chroma %.0f, only %.0f%% blue): stand in front of the "
                       "provider's blue curtain",
                       hue, chroma, coverage * 100);
    } else {
        double side_min = M("curtain", "min_side");
        double top = icp_backdrop_blue_share(sc, 0, 0, sc->w, by);
        double left = icp_backdrop_blue_share(sc, 0, 0, bx, sc->h * 7 / 10);
        double right =
            icp_backdrop_blue_share(sc, sc->w - bx, 0, sc->w, sc->h * 7 / 10);
        const char *zh = NULL, *en = NULL;
        if (top < side_min)
            zh = "上方", en = "above";
        else if (left < side_min)
            zh = "左侧", en = "on the left";
        else if (right < side_min)
            zh = "右侧", en = "on the right";
        if (zh || coverage < M("curtain", "min_coverage"))
            icp_result_add(
                res, "backdrop.curtain_too_small", ICP_SEV_ERROR, NULL,
                "幕布未铺满人物周围的画面（蓝色占背景 %.0f%%%s%s），"
                "请靠近幕布、让幕布充满整个画面",
                "the curtain does not fill the frame around the "
                "person (blue covers %.0f%% of the background%s%s): "
                "move closer so that it fills the picture",
                coverage * 100,
                zh ? (res->lang == ICP_LANG_EN ? "; not " : "，") : "",
                zh ? (res->lang == ICP_LANG_EN ? en : zh) : "");
    }
    (void)img;
    free(raw);
}
