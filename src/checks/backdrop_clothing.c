/* The backdrop photo's clothing: the top's colour and bare arms in
 * winter. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checks/backdrop_scene.h"
#include "core/util.h"

#define M(group, key) icp_model_num(ctx, "backdrop", group, key)

static void colour_model(const struct icp_context *ctx,
                         struct icp_colour_model *m)
{
    m->neutral_chroma = M("clothing", "neutral_chroma");
    m->black_l = M("clothing", "black_l");
    m->white_l = M("clothing", "white_l");
    m->dark_l = M("clothing", "dark_l");
    m->dark_chroma = M("clothing", "dark_chroma");
    m->red_hue_lo = M("clothing", "red_hue_lo");
    m->red_hue_hi = M("clothing", "red_hue_hi");
    m->red_chroma = M("clothing", "red_chroma");
    m->blue_hue_lo = M("clothing", "blue_hue_lo");
    m->blue_hue_hi = M("clothing", "blue_hue_hi");
    m->blue_chroma = M("clothing", "blue_chroma");
    m->green_hue_lo = M("clothing", "green_hue_lo");
    m->green_hue_hi = M("clothing", "green_hue_hi");
    m->yellow_hue_lo = M("clothing", "yellow_hue_lo");
    m->yellow_hue_hi = M("clothing", "yellow_hue_hi");
}

static bool is_skin(const struct icp_context *ctx,
                    const struct icp_backdrop_scene *sc,
                    const struct icp_backdrop_person *pv, size_t i)
{
    if (!pv->colour)
        return false;
    const float *p = sc->lab + 3 * i;
    return hypot(p[1] - pv->skin_a, p[2] - pv->skin_b) <
               M("clothing", "skin_tol") &&
           fabs(p[0] - pv->skin_L) < M("clothing", "skin_l_tol");
}

void icp_backdrop_check_clothing(struct icp_worker *w,
                                 const struct icp_backdrop_scene *sc,
                                 const struct icp_backdrop_person *pv,
                                 struct icp_result *res, enum icp_season season)
{
    const struct icp_context *ctx = w->ctx;
    const struct icp_face *f = &pv->face;
    struct icp_colour_model m;
    colour_model(ctx, &m);
    int cx = f->x + f->w / 2;
    int hw = (int)(M("clothing", "half_width") * f->w);
    int y0 = f->y + f->h * 135 / 100, y1 = MIN(sc->h, y0 + f->h * 2);
    int x0 = MAX(0, cx - hw), x1 = MIN(sc->w, cx + hw);
    if (y0 >= sc->h - 2 || x1 <= x0) {
        icp_result_add(res, "backdrop.not_upper_body", ICP_SEV_ERROR, NULL,
                       "画面中看不到上衣，无法判断衣着颜色",
                       "no top is visible below the face: cannot judge the "
                       "clothing");
        return;
    }
    /* Where the silhouette covers the torso window, pixels outside it are
     * curtain and are left out; where it does not, the top blends into the
     * curtain and every pixel counts. */
    long inside = 0, all = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++, all++)
            inside += sc->person[(size_t)y * sc->w + x];
    bool use_mask = all && inside * 2 >= all;
    long count[ICP_COLOUR_COUNT] = {0}, total = 0;
    double sumL[ICP_COLOUR_COUNT] = {0}, suma[ICP_COLOUR_COUNT] = {0},
           sumb[ICP_COLOUR_COUNT] = {0};
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            size_t i = (size_t)y * sc->w + x;
            if ((use_mask && !sc->person[i]) || is_skin(ctx, sc, pv, i))
                continue;
            const float *p = sc->lab + 3 * i;
            enum icp_colour c = icp_backdrop_colour(
                &m, p[0], hypot(p[1], p[2]), icp_backdrop_hue(p[1], p[2]));
            count[c]++, total++;
            sumL[c] += p[0], suma[c] += p[1], sumb[c] += p[2];
        }
    int best = 0;
    for (int c = 1; c < ICP_COLOUR_COUNT; c++)
        if (count[c] > count[best])
            best = c;
    double share_min = M("clothing", "min_share");
    enum icp_colour verdict = (enum icp_colour)best;
    if (total && (double)count[ICP_COLOUR_RED] / total >= share_min)
        verdict = ICP_COLOUR_RED;
    else if (total && (double)count[ICP_COLOUR_BLUE] / total >= share_min)
        verdict = ICP_COLOUR_BLUE;
    if (total) {
        double k = 1.0 / MAX(1, count[verdict]);
        double a = suma[verdict] * k, b = sumb[verdict] * k;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "colour", icp_backdrop_colour_name(verdict));
        double lch[3] = {round(sumL[verdict] * k), round(hypot(a, b)),
                         round(icp_backdrop_hue(a, b))};
        cJSON_AddItemToObject(o, "lch", cJSON_CreateDoubleArray(lch, 3));
        icp_result_set_json(res, "clothing", o);
    }
    if (verdict == ICP_COLOUR_RED)
        icp_result_add(res, "backdrop.clothing_red", ICP_SEV_ERROR, NULL,
                       "上衣为红色，请换穿非红、非蓝色的上衣",
                       "the top is red: wear a top that is neither red nor "
                       "blue");
    else if (verdict == ICP_COLOUR_BLUE)
        icp_result_add(res, "backdrop.clothing_blue", ICP_SEV_ERROR, NULL,
                       "上衣为蓝色，与幕布颜色相近，请换穿非红、非蓝色的上衣",
                       "the top is blue like the curtain: wear a top that is "
                       "neither red nor blue");

    /* Bare arms: skin in the silhouette beside the torso, below the
     * shoulders. */
    if (season != ICP_SEASON_WINTER || !pv->colour)
        return;
    int inner = (int)(M("season", "arm_inner") * f->w);
    long skin = 0, body = 0;
    for (int y = MIN(sc->h, f->y + f->h * 21 / 10); y < sc->h; y++)
        for (int x = 0; x < sc->w; x++) {
            size_t i = (size_t)y * sc->w + x;
            if (abs(x - cx) < inner || !sc->person[i])
                continue;
            body++;
            skin += is_skin(ctx, sc, pv, i);
        }
    if (body > 0 && (double)skin / body >= M("season", "min_arm_skin"))
        icp_result_add(res, "backdrop.clothing_season", ICP_SEV_WARNING, NULL,
                       "冬季拍摄却穿短袖（手臂裸露），请穿应季的长袖衣服",
                       "short sleeves in winter (bare arms): wear clothes "
                       "that fit the season");
}
