/* The backdrop photo's pixels: Lab copy, the curtain-blue mask, the
 * background model and the person's silhouette, and box mapping. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checks/backdrop_scene.h"
#include "core/util.h"

#define M(group, key) icp_model_num(ctx, "backdrop", group, key)

int icp_backdrop_load_lab(VipsImage *rgb, float **out)
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

double icp_backdrop_hue(double a, double b)
{
    /* Single precision: a hue to a hundredth of a degree is plenty, and
     * this runs for every pixel. */
    float h = atan2f((float)b, (float)a) * (float)(180.0 / G_PI);
    return h < 0 ? h + 360.0 : h;
}

double icp_backdrop_median(float *v, size_t n)
{
    if (n == 0)
        return 0;
    /* Quickselect (Hoare's partition) for the element of rank n/2. */
    size_t lo = 0, hi = n - 1, k = n / 2;
    while (lo < hi) {
        float pivot = v[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                float tmp = v[i];
                v[i] = v[j], v[j] = tmp;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            break;
    }
    return v[k];
}

/* Separable binary erosion (grow=false) or dilation with a square of side
 * 2r+1. Erosion counts outside the image as set, so that a silhouette cut
 * by the frame keeps its edge. */
void icp_backdrop_morph(unsigned char *m, int w, int h, int r, bool grow)
{
    unsigned char *tmp = xmalloc((size_t)w * h);
    int total = 2 * r + 1;
    for (int pass = 0; pass < 2; pass++) {
        const unsigned char *src = pass == 0 ? m : tmp;
        unsigned char *dst = pass == 0 ? tmp : m;
        int n = pass == 0 ? w : h, lines = pass == 0 ? h : w;
        size_t step = pass == 0 ? 1 : (size_t)w;
        for (int l = 0; l < lines; l++) {
            const unsigned char *s =
                src + (pass == 0 ? (size_t)l * w : (size_t)l);
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
void icp_backdrop_segment(const struct icp_context *ctx,
                          struct icp_backdrop_scene *sc)
{
    int w = sc->w, h = sc->h;
    size_t n = (size_t)w * h;
    double hue_min = M("curtain", "hue_min"), hue_max = M("curtain", "hue_max");
    double min_c = M("curtain", "min_chroma");
    int bw = (int)(M("curtain", "border") * w) + 1;
    int bh = (int)(M("curtain", "border") * h) + 1;
    bool lower_half = hue_min >= 180 && hue_max <= 360;
    sc->blue = xmalloc(n);
    for (size_t i = 0; i < n; i++) {
        const float *p = sc->lab + 3 * i;
        double C2 = (double)p[1] * p[1] + (double)p[2] * p[2];
        /* (A band within 180..360 degrees needs b < 0: skip the arc
         * tangent elsewhere.) */
        if (C2 < min_c * min_c || (lower_half && p[2] >= 0)) {
            sc->blue[i] = 0;
            continue;
        }
        double hh = icp_backdrop_hue(p[1], p[2]);
        sc->blue[i] = hh >= hue_min && hh < hue_max;
    }
    /* Sample the top strip and the upper side strips, where the curtain
     * shows round an upright person. */
    size_t cap = (size_t)bh * w + (size_t)h * 2 * bw;
    float *vl = xmalloc(cap * sizeof *vl), *va = xmalloc(cap * sizeof *va),
          *vb = xmalloc(cap * sizeof *vb);
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
    sc->bg_L = icp_backdrop_median(vl, cnt);
    sc->bg_a = icp_backdrop_median(va, cnt);
    sc->bg_b = icp_backdrop_median(vb, cnt);
    free(vl);
    free(va);
    free(vb);

    double ab_tol = M("curtain", "ab_tol");
    double l_low = M("curtain", "l_low"), l_high = M("curtain", "l_high");
    /* Shading scales a and b with L: compare chroma directions through the
     * hue and the size through a ratio, so that folds stay background. */
    double bg_c = hypot(sc->bg_a, sc->bg_b),
           bg_h = icp_backdrop_hue(sc->bg_a, sc->bg_b);
    sc->person = xmalloc(n);
    for (size_t i = 0; i < n; i++) {
        const float *p = sc->lab + 3 * i;
        bool bg;
        if (!sc->bg_blue && sc->blue[i])
            bg = true;
        else if (p[0] < l_low * sc->bg_L || p[0] > l_high * sc->bg_L + 10)
            bg = false;
        else if (bg_c > 20) {
            double C = sqrt((double)p[1] * p[1] + (double)p[2] * p[2]),
                   dh = fabs(icp_backdrop_hue(p[1], p[2]) - bg_h);
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
    icp_backdrop_morph(sc->person, w, h, r, false);
    icp_backdrop_morph(sc->person, w, h, r, true);
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

void icp_backdrop_box_out(struct icp_image *img,
                          const struct icp_backdrop_scene *sc, const int *box,
                          int *out)
{
    bool turned = img->rotation == 90 || img->rotation == 270;
    int seen_w = turned ? img->height : img->width;
    double k = (double)seen_w / sc->w;
    int full[4] = {(int)lround(box[0] * k), (int)lround(box[1] * k),
                   (int)lround(box[2] * k), (int)lround(box[3] * k)};
    icp_image_box_to_output(img, full, out);
}

cJSON *icp_backdrop_box_json(struct icp_image *img,
                             const struct icp_backdrop_scene *sc,
                             const int *box)
{
    int out[4];
    icp_backdrop_box_out(img, sc, box, out);
    return icp_box_json(out);
}

/* Fraction of blue pixels in a rectangle, person pixels left out. */
double icp_backdrop_blue_share(const struct icp_backdrop_scene *sc, int x0,
                               int y0, int x1, int y1)
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
