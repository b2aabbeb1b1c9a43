/* The backdrop photo (幕布照片): blue curtain, one person standing centred,
 * upper body, a top neither red nor blue, sleeves for the season, and an
 * original, recent camera photo. Measurements run on one shrink-on-load
 * copy (models/backdrop.ini [work] long_side). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checks/backdrop.h"
#include "checks/checks.h"
#include "checks/face.h"
#include "core/util.h"

#define M(group, key) icp_model_num(ctx, "backdrop", group, key)
#define MAX_FACES 8

struct scene {
    int w, h;
    const unsigned char *rgb; /* 3 bands, memory owned by the image */
    float *lab;               /* L, a, b per pixel */
    unsigned char *grey;
    unsigned char *blue;      /* curtain-blue pixels */
    unsigned char *person;    /* the person's silhouette */
    int *span_l, *span_r;     /* silhouette extent per row, -1 = none */
    double bg_L, bg_a, bg_b;  /* background model */
    bool bg_blue;
    int pbox[4];              /* silhouette box, working pixels */
    long person_px;
};

/* ---- pixels ------------------------------------------------------------ */

static int load_lab(VipsImage *rgb, float **out)
{
    *out = NULL;
    VipsImage *lab = NULL;
    size_t len = 0;
    if (vips_colourspace(rgb, &lab, VIPS_INTERPRETATION_LAB, NULL))
        return -1;
    void *mem = vips_image_write_to_memory(lab, &len);
    VIPS_UNREF(lab);
    if (!mem)
        return -1;
    *out = mem;
    return 0;
}

static double hue_of(double a, double b)
{
    double h = atan2(b, a) * 180.0 / G_PI;
    return h < 0 ? h + 360.0 : h;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

static double median(float *v, size_t n)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_float);
    return v[n / 2];
}

/* Separable binary erosion (grow=false) or dilation with a square of side
 * 2r+1. Erosion counts outside the image as set, so that a silhouette cut
 * by the frame keeps its edge. */
static void morph(unsigned char *m, int w, int h, int r, bool grow)
{
    unsigned char *tmp = xmalloc((size_t)w * h);
    int total = 2 * r + 1;
    for (int pass = 0; pass < 2; pass++) {
        const unsigned char *src = pass == 0 ? m : tmp;
        unsigned char *dst = pass == 0 ? tmp : m;
        int n = pass == 0 ? w : h, lines = pass == 0 ? h : w;
        size_t step = pass == 0 ? 1 : (size_t)w;
        for (int l = 0; l < lines; l++) {
            const unsigned char *s = src + (pass == 0 ? (size_t)l * w : (size_t)l);
            unsigned char *d = dst + (pass == 0 ? (size_t)l * w : (size_t)l);
            /* A running count of set pixels in the window. */
            int ones = 0;
            for (int k = -r; k <= r; k++)
                ones += k < 0 || k >= n ? !grow : s[k * step] != 0;
            for (int i = 0; i < n; i++) {
                d[i * step] = grow ? ones > 0 : ones == total;
                int out = i - r, in = i + r + 1;
                ones -= out < 0 || out >= n ? !grow : s[out * step] != 0;
                ones += in < 0 || in >= n ? !grow : s[in * step] != 0;
            }
        }
    }
    free(tmp);
}

/* Keeps the largest 4-connected component of m that touches the bottom
 * row (else the largest of all); returns its size. */
static long keep_person(unsigned char *m, int w, int h)
{
    size_t n = (size_t)w * h;
    int *label = xcalloc(n, sizeof *label);
    int *stack = xmalloc(n * sizeof *stack);
    long best = 0, best_any = 0;
    int best_label = 0, best_any_label = 0, next = 0;
    for (size_t s = 0; s < n; s++) {
        if (!m[s] || label[s])
            continue;
        next++;
        long size = 0;
        bool bottom = false;
        int top = 0;
        stack[top++] = (int)s;
        label[s] = next;
        while (top) {
            int p = stack[--top];
            size++;
            int x = p % w, y = p / w;
            bottom |= y == h - 1;
            int nb[4] = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1,
                         y > 0 ? p - w : -1, y < h - 1 ? p + w : -1};
            for (int k = 0; k < 4; k++)
                if (nb[k] >= 0 && m[nb[k]] && !label[nb[k]]) {
                    label[nb[k]] = next;
                    stack[top++] = nb[k];
                }
        }
        if (bottom && size > best)
            best = size, best_label = next;
        if (size > best_any)
            best_any = size, best_any_label = next;
    }
    int keep = best_label ? best_label : best_any_label;
    for (size_t s = 0; s < n; s++)
        m[s] = keep && label[s] == keep;
    free(stack);
    free(label);
    return best_label ? best : best_any;
}

/* The background model from the border strips, the blue mask and the
 * silhouette. */
static void segment(const struct icp_context *ctx, struct scene *sc)
{
    int w = sc->w, h = sc->h;
    size_t n = (size_t)w * h;
    double hue_min = M("curtain", "hue_min"), hue_max = M("curtain", "hue_max");
    double min_c = M("curtain", "min_chroma");
    int bw = (int)(M("curtain", "border") * w) + 1;
    int bh = (int)(M("curtain", "border") * h) + 1;
    sc->blue = xmalloc(n);
    for (size_t i = 0; i < n; i++) {
        const float *p = sc->lab + 3 * i;
        double C = hypot(p[1], p[2]), hh = hue_of(p[1], p[2]);
        sc->blue[i] = C >= min_c && hh >= hue_min && hh < hue_max;
    }
    /* Sample the top strip and the upper side strips, where the curtain
     * shows round an upright person. */
    float *vl = xmalloc(n * sizeof *vl), *va = xmalloc(n * sizeof *va),
          *vb = xmalloc(n * sizeof *vb);
    size_t cnt = 0, blue = 0;
    for (int pass = 0; pass < 2; pass++) {
        cnt = 0;
        for (int y = 0; y < h * 7 / 10; y++)
            for (int x = 0; x < w; x++) {
                if (y >= bh && x >= bw && x < w - bw)
                    continue;
                size_t i = (size_t)y * w + x;
                if (pass == 0) {
                    blue += sc->blue[i];
                    cnt++;
                    continue;
                }
                if (sc->bg_blue && !sc->blue[i])
                    continue;
                vl[cnt] = sc->lab[3 * i];
                va[cnt] = sc->lab[3 * i + 1];
                vb[cnt] = sc->lab[3 * i + 2];
                cnt++;
            }
        if (pass == 0)
            sc->bg_blue = blue * 2 >= cnt;
    }
    sc->bg_L = median(vl, cnt);
    sc->bg_a = median(va, cnt);
    sc->bg_b = median(vb, cnt);
    free(vl);
    free(va);
    free(vb);

    double ab_tol = M("curtain", "ab_tol");
    double l_low = M("curtain", "l_low"), l_high = M("curtain", "l_high");
    /* Shading scales a and b with L: compare chroma directions through the
     * hue and the size through a ratio, so that folds stay background. */
    double bg_c = hypot(sc->bg_a, sc->bg_b), bg_h = hue_of(sc->bg_a, sc->bg_b);
    sc->person = xmalloc(n);
    for (size_t i = 0; i < n; i++) {
        const float *p = sc->lab + 3 * i;
        bool bg;
        if (!sc->bg_blue && sc->blue[i])
            bg = true;
        else if (p[0] < l_low * sc->bg_L || p[0] > l_high * sc->bg_L + 10)
            bg = false;
        else if (bg_c > 20) {
            double C = hypot(p[1], p[2]), dh = fabs(hue_of(p[1], p[2]) - bg_h);
            if (dh > 180)
                dh = 360 - dh;
            bg = dh < ab_tol && C > 0.45 * bg_c && C < 1.8 * bg_c;
        } else /* a grey backdrop: white shirts and grey suits are close */
            bg = hypot(p[1] - sc->bg_a, p[2] - sc->bg_b) < ab_tol * 0.5 &&
                 fabs(p[0] - sc->bg_L) < ab_tol;
        sc->person[i] = !bg;
    }
    /* Opening: drop the curtain's printed text and thin noise. */
    int r = MAX(1, w / 300);
    morph(sc->person, w, h, r, false);
    morph(sc->person, w, h, r, true);
    sc->person_px = keep_person(sc->person, w, h);
    sc->span_l = xmalloc((size_t)h * sizeof *sc->span_l);
    sc->span_r = xmalloc((size_t)h * sizeof *sc->span_r);
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int y = 0; y < h; y++) {
        sc->span_l[y] = sc->span_r[y] = -1;
        for (int x = 0; x < w; x++)
            if (sc->person[(size_t)y * w + x]) {
                if (sc->span_l[y] < 0)
                    sc->span_l[y] = x;
                sc->span_r[y] = x;
            }
        if (sc->span_l[y] >= 0) {
            x0 = MIN(x0, sc->span_l[y]), x1 = MAX(x1, sc->span_r[y]);
            y0 = MIN(y0, y), y1 = y;
        }
    }
    if (x1 >= 0) {
        sc->pbox[0] = x0, sc->pbox[1] = y0;
        sc->pbox[2] = x1 - x0 + 1, sc->pbox[3] = y1 - y0 + 1;
    }
}

/* ---- geometry helpers ---------------------------------------------------- */

static void to_output(struct icp_image *img, const struct scene *sc,
                      const int *box, int *out)
{
    bool turned = img->rotation == 90 || img->rotation == 270;
    int seen_w = turned ? img->height : img->width;
    double k = (double)seen_w / sc->w;
    int full[4] = {(int)lround(box[0] * k), (int)lround(box[1] * k),
                   (int)lround(box[2] * k), (int)lround(box[3] * k)};
    icp_image_box_to_output(img, full, out);
}

static cJSON *box_json(struct icp_image *img, const struct scene *sc,
                       const int *box)
{
    int out[4];
    to_output(img, sc, box, out);
    return icp_box_json(out);
}

/* Fraction of blue pixels in a rectangle, person pixels left out. */
static double blue_share(const struct scene *sc, int x0, int y0, int x1,
                         int y1)
{
    long blue = 0, all = 0;
    x0 = MAX(0, x0), y0 = MAX(0, y0), x1 = MIN(sc->w, x1), y1 = MIN(sc->h, y1);
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            size_t i = (size_t)y * sc->w + x;
            if (sc->person[i])
                continue;
            all++;
            blue += sc->blue[i];
        }
    return all ? (double)blue / all : 1.0;
}

static bool skin_like(const struct icp_context *ctx, double a, double b)
{
    double C = hypot(a, b), hh = hue_of(a, b);
    return C >= M("face", "skin_min_chroma") &&
           C <= M("face", "skin_max_chroma") && hh >= M("face", "skin_hue_min") &&
           hh <= M("face", "skin_hue_max");
}

/* Median L, a, b over the middle of the face box (cheeks and nose). */
static void face_colour(const struct scene *sc, const struct icp_face *f,
                        double *L, double *a, double *b)
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
    *L = median(vl, n);
    *a = median(va, n);
    *b = median(vb, n);
    free(vl);
    free(va);
    free(vb);
}

/* ---- the check ----------------------------------------------------------- */

struct person_view {
    struct icp_face face;
    bool has_face;
    int others;
    double skin_L, skin_a, skin_b;
    bool colour; /* the photo has colour: skin tests apply */
};

static void find_faces(struct icp_worker *w, struct scene *sc,
                       struct person_view *pv, struct icp_result *res)
{
    const struct icp_context *ctx = w->ctx;
    struct icp_face_cascade *cascade = icp_worker_face(w);
    if (!cascade) {
        icp_result_add(res, "backdrop.no_person", ICP_SEV_ERROR, NULL,
                       "无法加载人脸检测模型（%s），无法判断",
                       "cannot load the face detector (%s): cannot decide",
                       w->face_error ? w->face_error : "unknown");
        return;
    }
    struct icp_face f[MAX_FACES];
    int n = icp_face_detect(cascade, sc->grey, sc->w, sc->h, sc->w,
                            (int)(M("face", "min_size") * sc->h),
                            (int)(M("face", "max_size") * sc->h), f,
                            MAX_FACES);
    n = MIN(n, MAX_FACES);
    /* A face is skin-coloured (in a colour photo) and lies in the
     * silhouette's rows; shirt folds and curtain prints are neither. */
    int kept = 0;
    for (int i = 0; i < n; i++) {
        double L, a, b;
        face_colour(sc, &f[i], &L, &a, &b);
        int cy = f[i].y + f[i].h / 2, cx = f[i].x + f[i].w / 2;
        bool in_body = cy >= 0 && cy < sc->h && sc->span_l[cy] >= 0 &&
                       cx >= sc->span_l[cy] - f[i].w / 2 &&
                       cx <= sc->span_r[cy] + f[i].w / 2;
        if (pv->colour && !skin_like(ctx, a, b))
            continue;
        /* A top that blends into the curtain cuts the head off the
         * silhouette: only further faces must stand in it. */
        if (!in_body && kept > 0)
            continue;
        f[kept++] = f[i];
    }
    if (kept == 0)
        return;
    /* The first is the largest; others below its chin are its own body. */
    pv->face = f[0];
    pv->has_face = true;
    face_colour(sc, &f[0], &pv->skin_L, &pv->skin_a, &pv->skin_b);
    for (int i = 1; i < kept; i++) {
        bool below = f[i].y > f[0].y + f[0].h * 0.8 &&
                     abs((f[i].x + f[i].w / 2) - (f[0].x + f[0].w / 2)) <
                         1.5 * f[0].w;
        if (!below && f[i].w >= M("face", "other_min_size") * f[0].w &&
            f[i].neighbours >= M("face", "other_min_hits"))
            pv->others++;
    }
}

static void check_curtain(struct icp_worker *w, struct icp_image *img,
                          struct scene *sc, struct icp_result *res)
{
    const struct icp_context *ctx = w->ctx;
    size_t n = (size_t)sc->w * sc->h;
    /* Close the blue mask so that printed text and seams count as cloth. */
    unsigned char *closed = xmalloc(n);
    memcpy(closed, sc->blue, n);
    int r = MAX(2, sc->w / 80);
    morph(closed, sc->w, sc->h, r, true);
    morph(closed, sc->w, sc->h, r, false);
    long bg = 0, blue = 0;
    for (size_t i = 0; i < n; i++)
        if (!sc->person[i]) {
            bg++;
            blue += closed[i] != 0;
        }
    unsigned char *raw = sc->blue;
    sc->blue = closed;
    double coverage = bg ? (double)blue / bg : 0;
    double hue = hue_of(sc->bg_a, sc->bg_b), chroma = hypot(sc->bg_a, sc->bg_b);
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
        double top = blue_share(sc, 0, 0, sc->w, by);
        double left = blue_share(sc, 0, 0, bx, sc->h * 7 / 10);
        double right = blue_share(sc, sc->w - bx, 0, sc->w, sc->h * 7 / 10);
        const char *zh = NULL, *en = NULL;
        if (top < side_min)
            zh = "上方", en = "above";
        else if (left < side_min)
            zh = "左侧", en = "on the left";
        else if (right < side_min)
            zh = "右侧", en = "on the right";
        if (zh || coverage < M("curtain", "min_coverage"))
            icp_result_add(res, "backdrop.curtain_too_small", ICP_SEV_ERROR,
                           NULL,
                           "幕布未铺满人物周围的画面（蓝色占背景 %.0f%%%s%s），"
                           "请靠近幕布、让幕布充满整个画面",
                           "the curtain does not fill the frame around the "
                           "person (blue covers %.0f%% of the background%s%s): "
                           "move closer so that it fills the picture",
                           coverage * 100, zh ? (res->lang == ICP_LANG_EN ? "; not " : "，") : "",
                           zh ? (res->lang == ICP_LANG_EN ? en : zh) : "");
    }
    (void)img;
    free(raw);
}

/* The share of the torso window below the face inside the silhouette. */
static double torso_inside(const struct scene *sc, const struct icp_face *f)
{
    int cx = f->x + f->w / 2, hw = f->w * 8 / 10;
    int y0 = f->y + f->h * 135 / 100, y1 = MIN(sc->h, y0 + f->h * 2);
    long inside = 0, all = 0;
    for (int y = MAX(0, y0); y < y1; y++)
        for (int x = MAX(0, cx - hw); x < MIN(sc->w, cx + hw); x++, all++)
            inside += sc->person[(size_t)y * sc->w + x];
    return all ? (double)inside / all : 1.0;
}

static void check_person(struct icp_worker *w, struct icp_image *img,
                         struct scene *sc, struct person_view *pv,
                         struct icp_result *res, double *offset_out)
{
    const struct icp_context *ctx = w->ctx;
    const struct icp_face *f = &pv->face;
    *offset_out = 0;
    if (sc->person_px > 0) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "box", box_json(img, sc, sc->pbox));
        icp_result_set_json(res, "person", o);
    }
    if (!pv->has_face) {
        bool cut = sc->person_px > 0 && sc->pbox[1] == 0;
        if (sc->person_px < (long)sc->w * sc->h / 50)
            icp_result_add(res, "backdrop.no_person", ICP_SEV_ERROR, NULL,
                           "幕布前没有人，请本人站在幕布前拍摄上半身照",
                           "no person in front of the curtain: stand in "
                           "front of it and take an upper-body photo");
        else if (cut)
            icp_result_add(res, "backdrop.not_upper_body", ICP_SEV_ERROR,
                           NULL, "头部被裁掉、看不到正脸，请拍完整的头部和肩膀",
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
    cJSON_AddItemToObject(fo, "box", box_json(img, sc, fbox));
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
        for (int x = MAX(0, sc->span_l[y]); sc->span_l[y] >= 0 &&
                                           x <= sc->span_r[y];
             x++)
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
        to_output(img, sc, fbox, obox);
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
               blue_share(sc, cx0, 0, cx1, head_top) <
                   M("body", "above_head_curtain")) {
        zh = "头部高出了幕布上沿";
        en = "the head rises above the curtain's top edge";
    } else if (fh < M("face", "min_height")) {
        snprintf(zbuf, sizeof zbuf, "人物太小、离镜头太远（脸高仅占画面 %.0f%%）",
                 fh * 100);
        snprintf(ebuf, sizeof ebuf,
                 "the person is too small or too far (the face is only "
                 "%.0f%% of the image height)",
                 fh * 100);
        zh = zbuf, en = ebuf;
    } else if (fh > M("face", "max_height")) {
        snprintf(zbuf, sizeof zbuf, "离镜头太近（脸高占画面 %.0f%%），未拍到上半身",
                 fh * 100);
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

static bool is_skin(const struct icp_context *ctx, const struct scene *sc,
                    const struct person_view *pv, size_t i)
{
    if (!pv->colour)
        return false;
    const float *p = sc->lab + 3 * i;
    return hypot(p[1] - pv->skin_a, p[2] - pv->skin_b) <
               M("clothing", "skin_tol") &&
           fabs(p[0] - pv->skin_L) < M("clothing", "skin_l_tol");
}

static void check_clothing(struct icp_worker *w, struct scene *sc,
                           struct person_view *pv, struct icp_result *res,
                           enum icp_season season)
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
                &m, p[0], hypot(p[1], p[2]), hue_of(p[1], p[2]));
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
                         round(hue_of(a, b))};
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

static void check_exif(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res, struct icp_exif_info *info)
{
    const struct icp_context *ctx = w->ctx;
    icp_backdrop_exif_read(icp_image_exif(img), info);
    cJSON *o = cJSON_CreateObject();
    if (info->has_date)
        cJSON_AddStringToObject(o, "taken_at", info->taken_at);
    else
        cJSON_AddNullToObject(o, "taken_at");
    if (info->camera[0])
        cJSON_AddStringToObject(o, "camera", info->camera);
    else
        cJSON_AddNullToObject(o, "camera");
    if (info->software[0])
        cJSON_AddStringToObject(o, "software", info->software);
    else
        cJSON_AddNullToObject(o, "software");
    icp_result_set_json(res, "exif", o);

    if (!info->has_date)
        icp_result_add(res, "backdrop.exif_missing", ICP_SEV_WARNING, NULL,
                       "照片没有拍摄时间（EXIF），可能不是相机原图，请上传原始照片",
                       "the photo has no capture date (EXIF): it may not be "
                       "the camera's original; upload the original photo");
    char **editors = icp_model_list(ctx, "backdrop", "exif", "editors");
    const char *editor = icp_backdrop_editor(info->software, editors);
    if (editor)
        icp_result_add(res, "backdrop.edited", ICP_SEV_WARNING, NULL,
                       "照片经过编辑软件处理（%s），请上传未经修图的原始照片",
                       "the photo was edited (%s): upload the unedited "
                       "original",
                       info->software);
    g_strfreev(editors);
    if (info->has_date) {
        const struct icp_options *o2 = &ctx->opts;
        long age = icp_backdrop_days_between(info->year, info->month,
                                             info->day, o2->today_year,
                                             o2->today_month, o2->today_day);
        long max_age = (long)M("exif", "max_age_days");
        if (age > max_age)
            icp_result_add(res, "backdrop.stale", ICP_SEV_WARNING, NULL,
                           "照片拍摄于 %04d-%02d-%02d，已超过 %ld 天，请重新拍摄",
                           "the photo was taken on %04d-%02d-%02d, more than "
                           "%ld days ago: take a new one",
                           info->year, info->month, info->day, max_age);
    }
}

void icp_check_backdrop(struct icp_worker *w, struct icp_image *img,
                        struct icp_result *res)
{
    const struct icp_context *ctx = w->ctx;
    struct scene sc = {0};
    struct person_view pv = {0};
    struct icp_exif_info info;
    double offset = 0;

    check_exif(w, img, res, &info);
    enum icp_season season = info.has_date ? icp_backdrop_season(info.month)
                                           : ICP_SEASON_UNKNOWN;
    icp_result_set_str(res, "season", icp_backdrop_season_name(season));

    VipsImage *rgb = icp_image_at(img, (int)M("work", "long_side"), res);
    if (!rgb)
        goto out;
    sc.w = rgb->Xsize;
    sc.h = rgb->Ysize;
    sc.rgb = VIPS_IMAGE_ADDR(rgb, 0, 0);
    if (load_lab(rgb, &sc.lab)) {
        icp_image_vips_error(res, "colour");
        goto out;
    }
    size_t n = (size_t)sc.w * sc.h;
    sc.grey = xmalloc(n);
    double chroma_sum = 0;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = sc.rgb + 3 * i;
        sc.grey[i] = (unsigned char)((299 * p[0] + 587 * p[1] + 114 * p[2] +
                                      500) / 1000);
        chroma_sum += hypot(sc.lab[3 * i + 1], sc.lab[3 * i + 2]);
    }
    pv.colour = chroma_sum / n > 3;
    segment(ctx, &sc);
    check_curtain(w, img, &sc, res);
    find_faces(w, &sc, &pv, res);
    check_person(w, img, &sc, &pv, res, &offset);
    if (pv.has_face) {
        icp_result_set_num(res, "offset", round(offset * 100) / 100);
        check_clothing(w, &sc, &pv, res, season);
    }
out:
    free(sc.span_r);
    free(sc.span_l);
    free(sc.person);
    free(sc.blue);
    free(sc.grey);
    g_free(sc.lab);
}
