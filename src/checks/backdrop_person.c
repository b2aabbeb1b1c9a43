/* The backdrop photo's person: faces, centring and the upper-body
 * framing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/backdrop_scene.h"
#include "core/util.h"

#define M(group, key) icp_model_num(ctx, "backdrop", group, key)
#define MAX_FACES 8

static bool skin_like(const struct icp_context *ctx, double a, double b)
{
    double C = hypot(a, b), hh = icp_backdrop_hue(a, b);
    double lo = M("face", "skin_hue_min"), hi = M("face", "skin_hue_max");
    /* The band may wrap round 0 (lo > hi). */
    bool hue_ok = lo <= hi ? hh >= lo && hh <= hi : hh >= lo || hh <= hi;
    return C >= M("face", "skin_min_chroma") &&
           C <= M("face", "skin_max_chroma") && hue_ok;
}

/* Median L, a, b over the middle of the face box (cheeks and nose). */
static void face_colour(const struct icp_backdrop_scene *sc,
                        const struct icp_face *f, double *L, double *a,
                        double *b)
{
    int x0 = f->x + f->w * 3 / 10, x1 = f->x + f->w * 7 / 10;
    int y0 = f->y + f->h * 45 / 100, y1 = f->y + f->h * 8 / 10;
    size_t cap = (size_t)MAX(1, (x1 - x0) * (y1 - y0)), n = 0;
    float *vl = xmalloc(cap * sizeof *vl), *va = xmalloc(cap * sizeof *va),
          *vb = xmalloc(cap * sizeof *vb);
    for (int y = MAX(0, y0); y < MIN(sc->h, y1); y++)
        for (int x = MAX(0, x0); x < MIN(sc->w, x1) && n < cap; x++) {
            const float *p = sc->lab + 3 * ((size_t)y * sc->w + x);
            vl[n] = p[0], va[n] = p[1], vb[n] = p[2];
            n++;
        }
    *L = icp_backdrop_median(vl, n);
    *a = icp_backdrop_median(va, n);
    *b = icp_backdrop_median(vb, n);
    free(vl);
    free(va);
    free(vb);
}

/* Keeps the detections that can be the person's face, in order: skin-
 * coloured (in a colour photo) and in the silhouette's rows, where shirt
 * folds and curtain prints are neither. Returns how many. */
static int keep_faces(const struct icp_context *ctx,
                      const struct icp_backdrop_scene *sc,
                      const struct icp_backdrop_person *pv,
                      struct icp_face *f, int n)
{
    int kept = 0;
    for (int i = 0; i < n; i++) {
        double L, a, b;
        face_colour(sc, &f[i], &L, &a, &b);
        int cy = f[i].y + f[i].h / 2, cx = f[i].x + f[i].w / 2;
        bool in_body = cy >= 0 && cy < sc->h && sc->span_l[cy] >= 0 &&
                       cx >= sc->span_l[cy] - f[i].w / 2 &&
                       cx <= sc->span_r[cy] + f[i].w / 2;
        if (g_getenv("ICP_DEBUG_FACE"))
            fprintf(stderr, "face %d,%d %dx%d hits %d Lab %.0f %.0f %.0f%s\n",
                    f[i].x, f[i].y, f[i].w, f[i].h, f[i].neighbours, L, a, b,
                    in_body ? " in body" : "");
        if (pv->colour && !skin_like(ctx, a, b))
            continue;
        /* A top that blends into the curtain cuts the head off the
         * silhouette: only further faces must stand in it. */
        if (!in_body && kept > 0)
            continue;
        f[kept++] = f[i];
    }
    return kept;
}

void icp_backdrop_find_faces(struct icp_worker *w,
                             const struct icp_backdrop_scene *sc,
                             struct icp_backdrop_person *pv,
                             struct icp_result *res)
{
    const struct icp_context *ctx = w->ctx;
    struct icp_face_cascade *cascade = icp_worker_face(w);
    if (!cascade) {
        pv->no_detector = true;
        icp_result_add(res, "backdrop.no_person", ICP_SEV_ERROR, NULL,
                       "无法加载人脸检测模型（%s），无法判断",
                       "cannot load the face detector (%s): cannot decide",
                       w->face_error ? w->face_error : "unknown");
        return;
    }
    struct icp_face f[MAX_FACES];
    /* Most faces are of a fitting size: the small windows, which cost the
     * most, are searched only when the larger ones hold no face. */
    int kept = 0;
    for (int pass = 0; pass < 2 && kept == 0; pass++) {
        double min = M("face", pass == 0 ? "first_min_size" : "min_size");
        int n = icp_face_detect(cascade, sc->grey, sc->w, sc->h, sc->w,
                                (int)(min * sc->h),
                                (int)(M("face", "max_size") * sc->h), f,
                                MAX_FACES);
        n = MIN(n, MAX_FACES);
        kept = keep_faces(ctx, sc, pv, f, n);
    }
    if (kept == 0)
        return;
    /* The first is the largest; others below its chin are its own body. */
    pv->face = f[0];
    pv->has_face = true;
    face_colour(sc, &f[0], &pv->skin_L, &pv->skin_a, &pv->skin_b);
    for (int i = 1; i < kept; i++) {
        bool below =
            f[i].y > f[0].y + f[0].h * 0.8 &&
            abs((f[i].x + f[i].w / 2) - (f[0].x + f[0].w / 2)) < 1.5 * f[0].w;
        if (!below && f[i].w >= M("face", "other_min_size") * f[0].w &&
            f[i].neighbours >= M("face", "other_min_hits"))
            pv->others++;
    }
}

/* The share of the torso window below the face inside the silhouette. */
static double torso_inside(const struct icp_backdrop_scene *sc,
                           const struct icp_face *f)
{
    int cx = f->x + f->w / 2, hw = f->w * 8 / 10;
    int y0 = f->y + f->h * 135 / 100, y1 = MIN(sc->h, y0 + f->h * 2);
    long inside = 0, all = 0;
    for (int y = MAX(0, y0); y < y1; y++)
        for (int x = MAX(0, cx - hw); x < MIN(sc->w, cx + hw); x++, all++)
            inside += sc->person[(size_t)y * sc->w + x];
    return all ? (double)inside / all : 1.0;
}

void icp_backdrop_check_person(struct icp_worker *w, struct icp_image *img,
                               const struct icp_backdrop_scene *sc,
                               const struct icp_backdrop_person *pv,
                               struct icp_result *res, double *offset_out)
{
    const struct icp_context *ctx = w->ctx;
    const struct icp_face *f = &pv->face;
    *offset_out = 0;
    if (sc->person_px > 0) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "box",
                              icp_backdrop_box_json(img, sc, sc->pbox));
        icp_result_set_json(res, "person", o);
    }
    if (!pv->has_face && pv->no_detector)
        return; /* find_faces has said why it cannot decide */
    if (!pv->has_face) {
        bool cut = sc->person_px > 0 && sc->pbox[1] == 0;
        if (sc->person_px < (long)sc->w * sc->h / 50)
            icp_result_add(res, "backdrop.no_person", ICP_SEV_ERROR, NULL,
                           "幕布前没有人，请本人站在幕布前拍摄上半身照",
                           "no person in front of the curtain: stand in "
                           "front of it and take an upper-body photo");
        else if (cut)
            icp_result_add(res, "backdrop.not_upper_body", ICP_SEV_ERROR, NULL,
                           "头部被裁掉、看不到正脸，请拍完整的头部和肩膀",
                           "the head is cut off and no face shows: keep the "
                           "whole head and the shoulders in the frame");
        else
            icp_result_add(res, "backdrop.no_person", ICP_SEV_ERROR, NULL,
                           "未检测到正面人脸，请正对镜头、免冠拍摄",
                           "no frontal face found: face the camera, "
                           "bare-headed");
        return;
    }
    int fbox[4] = {f->x, f->y, f->w, f->h};
    cJSON *fo = cJSON_CreateObject();
    cJSON_AddItemToObject(fo, "box", icp_backdrop_box_json(img, sc, fbox));
    icp_result_set_json(res, "face", fo);
    if (pv->others > 0)
        icp_result_add(res, "backdrop.not_upper_body", ICP_SEV_WARNING, NULL,
                       "照片中有 %d 个人，幕布照片只能有网站负责人本人",
                       "%d people are in the photo: only the website lead "
                       "may be in it",
                       pv->others + 1);

    /* Centred on the curtain: its horizontal extent is the frame's. */
    double fcx = f->x + f->w / 2.0;
    double face_off = (fcx - sc->w / 2.0) / sc->w;
    double body_off = 0;
    long bsum = 0, bn = 0;
    int chin = f->y + f->h * 11 / 10;
    for (int y = MAX(0, chin + f->h / 2); y < sc->h; y++)
        for (int x = MAX(0, sc->span_l[y]);
             sc->span_l[y] >= 0 && x <= sc->span_r[y]; x++)
            if (sc->person[(size_t)y * sc->w + x])
                bsum += x, bn++;
    if (bn > 0)
        body_off = ((double)bsum / bn - sc->w / 2.0) / sc->w;
    *offset_out = face_off;
    double fmax = M("centre", "face_max"), bmax = M("centre", "body_max");
    if (fabs(face_off) > fmax || (bn > 0 && fabs(body_off) > bmax)) {
        double off = fabs(face_off) > fmax ? face_off : body_off;
        char zh[64], en[64];
        icp_backdrop_offset_text(off, ICP_LANG_ZH, zh, sizeof zh);
        icp_backdrop_offset_text(off, ICP_LANG_EN, en, sizeof en);
        int obox[4];
        icp_backdrop_box_out(img, sc, fbox, obox);
        icp_result_add(res, "backdrop.off_centre", ICP_SEV_ERROR, obox,
                       "人物没有站在幕布中间（%s），请站到幕布正中",
                       "the person is not in the middle of the curtain (%s): "
                       "stand in its centre",
                       res->lang == ICP_LANG_EN ? en : zh);
    }

    /* Upper body: the head's top inside the frame and under the curtain's
     * top edge, the shoulders in the frame, the face a fitting size. */
    double fh = (double)f->h / sc->h;
    int cx0 = f->x + f->w / 4, cx1 = f->x + f->w * 3 / 4;
    int head_top = f->y;
    for (int y = f->y; y >= 0; y--) {
        bool any = false;
        for (int x = MAX(0, cx0); x < MIN(sc->w, cx1) && !any; x++)
            any = sc->person[(size_t)y * sc->w + x];
        if (!any)
            break;
        head_top = y;
    }
    const char *zh = NULL, *en = NULL;
    char zbuf[160], ebuf[160];
    if (head_top <= 0 || f->y <= 1) {
        zh = "头顶被画面裁掉";
        en = "the top of the head is cut off";
    } else if (head_top > 3 && sc->bg_blue &&
               icp_backdrop_blue_share(sc, cx0, 0, cx1, head_top) <
                   M("body", "above_head_curtain")) {
        zh = "头部高出了幕布上沿";
        en = "the head rises above the curtain's top edge";
    } else if (fh < M("face", "min_height")) {
        snprintf(zbuf, sizeof zbuf,
                 "人物太小、离镜头太远（脸高仅占画面 %.0f%%）", fh * 100);
        snprintf(ebuf, sizeof ebuf,
                 "the person is too small or too far (the face is only "
                 "%.0f%% of the image height)",
                 fh * 100);
        zh = zbuf, en = ebuf;
    } else if (fh > M("face", "max_height")) {
        snprintf(zbuf, sizeof zbuf,
                 "离镜头太近（脸高占画面 %.0f%%），未拍到上半身", fh * 100);
        snprintf(ebuf, sizeof ebuf,
                 "too close (the face is %.0f%% of the image height): not an "
                 "upper-body framing",
                 fh * 100);
        zh = zbuf, en = ebuf;
    } else if (torso_inside(sc, f) >= 0.5) {
        /* (A top the colour of the curtain hides the shoulders from the
         * silhouette; clothing_blue reports that.) */
        int yb = sc->h - 1 - sc->h / 50;
        int width = sc->span_l[yb] >= 0 ? sc->span_r[yb] - sc->span_l[yb] : 0;
        if (width < M("body", "min_shoulder_width") * f->w) {
            zh = "肩膀不在画面内";
            en = "the shoulders are not in the frame";
        }
    }
    if (zh)
        icp_result_add(res, "backdrop.not_upper_body", ICP_SEV_ERROR, NULL,
                       "不是完整的上半身照：%s，请拍摄头顶到胸部的上半身",
                       "not an upper-body photo: %s; frame from the top of "
                       "the head to the chest",
                       res->lang == ICP_LANG_EN ? en : zh);
}
