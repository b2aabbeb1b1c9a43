/* Frontal-face detection with an OpenCV Haar cascade: the XML read with
 * GLib's GMarkupParser, evaluated on integral images of an area-averaged
 * pyramid, overlapping hits grouped as OpenCV's groupRectangles() does. */
#include "checks/face.h"

#include <glib.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

struct haar_rect {
    int x, y, w, h;
    float weight;
};

struct haar_feature {
    struct haar_rect r[3];
    int n;
};

struct haar_weak { /* a stump: one feature, one threshold, two leaves */
    int feature;
    float threshold, left, right;
};

struct haar_stage {
    int first, count;
    float threshold;
};

struct icp_face_cascade {
    int win_w, win_h;
    GArray *stages;   /* struct haar_stage */
    GArray *weaks;    /* struct haar_weak */
    GArray *features; /* struct haar_feature */
};

/* Grouping as OpenCV's detectMultiScale defaults: scale step 1.1, at least
 * minNeighbors + 1 = 4 raw hits, eps 0.2. */
#define SCALE_STEP 1.1
#define MIN_NEIGHBOURS 3
#define GROUP_EPS 0.2

struct parse {
    struct icp_face_cascade *c;
    GString *text;
    char *err;
};

static const char *parent_name(GMarkupParseContext *ctx, int up)
{
    const GSList *s = g_markup_parse_context_get_element_stack(ctx);
    for (int i = 0; s && i < up; i++)
        s = s->next;
    return s ? s->data : "";
}

static void set_err(struct parse *p, GError **error, const char *msg)
{
    if (!p->err)
        p->err = xstrdup(msg);
    g_set_error_literal(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                        msg);
}

static void on_start(GMarkupParseContext *ctx, const char *name,
                     const char **attr_names, const char **attr_values,
                     void *data, GError **error)
{
    (void)attr_names;
    (void)attr_values;
    (void)error;
    struct parse *p = data;
    g_string_truncate(p->text, 0);
    if (strcmp(name, "_") == 0 && strcmp(parent_name(ctx, 1), "features") == 0) {
        struct haar_feature f = {0};
        g_array_append_val(p->c->features, f);
    }
}

static void on_text(GMarkupParseContext *ctx, const char *text, gsize len,
                    void *data, GError **error)
{
    (void)ctx;
    (void)error;
    struct parse *p = data;
    g_string_append_len(p->text, text, (gssize)len);
}

/* Reads up to `max` numbers from s; returns how many. */
static int numbers(const char *s, double *v, int max)
{
    int n = 0;
    while (*s) {
        char *end = NULL;
        double d = g_ascii_strtod(s, &end);
        if (end == s) {
            if (g_ascii_isspace(*s)) {
                s++;
                continue;
            }
            return -1;
        }
        if (n == max)
            return -1;
        v[n++] = d;
        s = end;
    }
    return n;
}

/* Takes in one closed element; returns what is wrong with it, or NULL. */
static const char *take_element(GMarkupParseContext *ctx, const char *name,
                                struct parse *p)
{
    struct icp_face_cascade *c = p->c;
    const char *parent = parent_name(ctx, 1);
    const char *t = p->text->str;
    double v[5];
    int n;
    if (strcmp(parent, "cascade") == 0) {
        if (strcmp(name, "width") == 0 || strcmp(name, "height") == 0) {
            if (numbers(t, v, 1) != 1 || v[0] < 4 || v[0] > 256)
                return "bad window size";
            *(name[0] == 'w' ? &c->win_w : &c->win_h) = (int)v[0];
        } else if (strcmp(name, "stageType") == 0 &&
                   strcmp(g_strstrip(p->text->str), "BOOST") != 0) {
            return "not a boosted cascade";
        } else if (strcmp(name, "featureType") == 0 &&
                   strcmp(g_strstrip(p->text->str), "HAAR") != 0) {
            return "not a HAAR cascade";
        }
    } else if (strcmp(name, "stageThreshold") == 0) {
        if (numbers(t, v, 1) != 1)
            return "bad stage threshold";
        struct haar_stage s = {(int)c->weaks->len, 0, (float)v[0]};
        g_array_append_val(c->stages, s);
    } else if (strcmp(name, "internalNodes") == 0) {
        /* "left right feature threshold": a stump has exactly one node. */
        n = numbers(t, v, 5);
        if (n != 4 || c->stages->len == 0)
            return "only stump cascades are supported";
        struct haar_weak wk = {(int)v[2], (float)v[3], 0, 0};
        g_array_append_val(c->weaks, wk);
        g_array_index(c->stages, struct haar_stage, c->stages->len - 1)
            .count++;
    } else if (strcmp(name, "leafValues") == 0) {
        if (numbers(t, v, 3) != 2 || c->weaks->len == 0)
            return "bad leaf values";
        struct haar_weak *wk =
            &g_array_index(c->weaks, struct haar_weak, c->weaks->len - 1);
        wk->left = (float)v[0];
        wk->right = (float)v[1];
    } else if (strcmp(name, "_") == 0 && strcmp(parent, "rects") == 0) {
        if (c->features->len == 0 || numbers(t, v, 5) != 5)
            return "bad feature rectangle";
        struct haar_feature *f = &g_array_index(
            c->features, struct haar_feature, c->features->len - 1);
        if (f->n == 3)
            return "more than 3 rectangles in a feature";
        f->r[f->n++] = (struct haar_rect){(int)v[0], (int)v[1], (int)v[2],
                                          (int)v[3], (float)v[4]};
    } else if (strcmp(name, "tilted") == 0) {
        if (numbers(t, v, 1) != 1 || v[0] != 0)
            return "tilted features are not supported";
    }
    return NULL;
}

static void on_end(GMarkupParseContext *ctx, const char *name, void *data,
                   GError **error)
{
    struct parse *p = data;
    const char *why = take_element(ctx, name, p);
    if (why)
        set_err(p, error, why);
}

/* Every weak classifier must name a feature whose rectangles lie inside
 * the window: after this, evaluation needs no bounds checks. */
static int validate(const struct icp_face_cascade *c, char **err_out)
{
    if (c->win_w == 0 || c->win_h == 0 || c->stages->len == 0) {
        *err_out = g_strdup("no window size or no stages");
        return -1;
    }
    for (unsigned i = 0; i < c->weaks->len; i++) {
        int f = g_array_index(c->weaks, struct haar_weak, i).feature;
        if (f < 0 || (unsigned)f >= c->features->len) {
            *err_out = g_strdup("a classifier names a missing feature");
            return -1;
        }
    }
    for (unsigned i = 0; i < c->features->len; i++) {
        const struct haar_feature *f =
            &g_array_index(c->features, struct haar_feature, i);
        for (int k = 0; k < f->n; k++) {
            const struct haar_rect *r = &f->r[k];
            if (r->x < 0 || r->y < 0 || r->w <= 0 || r->h <= 0 ||
                r->x + r->w > c->win_w || r->y + r->h > c->win_h) {
                *err_out = g_strdup("a feature lies outside the window");
                return -1;
            }
        }
    }
    return 0;
}

struct icp_face_cascade *icp_face_cascade_load(const char *path,
                                               char **err_out)
{
    *err_out = NULL;
    char *xml = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    GMarkupParseContext *mctx = NULL;
    struct icp_face_cascade *c = xcalloc(1, sizeof *c);
    c->stages = g_array_new(FALSE, FALSE, sizeof(struct haar_stage));
    c->weaks = g_array_new(FALSE, FALSE, sizeof(struct haar_weak));
    c->features = g_array_new(FALSE, FALSE, sizeof(struct haar_feature));
    struct parse p = {c, g_string_new(NULL), NULL};
    static const GMarkupParser parser = {on_start, on_end, on_text, NULL,
                                         NULL};
    if (!g_file_get_contents(path, &xml, &len, &gerr)) {
        *err_out = g_strdup_printf("cannot read face model '%s': %s", path,
                                   gerr->message);
        goto out;
    }
    mctx = g_markup_parse_context_new(&parser, 0, &p, NULL);
    if (!g_markup_parse_context_parse(mctx, xml, (gssize)len, &gerr) ||
        !g_markup_parse_context_end_parse(mctx, &gerr)) {
        *err_out = g_strdup_printf("cannot parse face model '%s': %s", path,
                                   p.err ? p.err : gerr->message);
        goto out;
    }
    char *why = NULL;
    if (validate(c, &why)) {
        *err_out = g_strdup_printf("bad face model '%s': %s", path, why);
        g_free(why);
    }
out:
    if (mctx)
        g_markup_parse_context_free(mctx);
    g_clear_error(&gerr);
    g_string_free(p.text, TRUE);
    free(p.err);
    g_free(xml);
    if (*err_out) {
        icp_face_cascade_free(c);
        c = NULL;
    }
    return c;
}

void icp_face_cascade_free(struct icp_face_cascade *c)
{
    if (!c)
        return;
    g_array_free(c->stages, TRUE);
    g_array_free(c->weaks, TRUE);
    g_array_free(c->features, TRUE);
    free(c);
}

/* A feature's rectangles as offsets into one pyramid level's integral
 * image (stride iw). */
struct opt_feature {
    int ofs[3][4];
    float weight[3];
    int n;
};

struct level {
    int w, h, iw;     /* level size; integral image row length (w + 1) */
    uint32_t *sum;    /* (w+1) x (h+1) */
    double *sqsum;
};

static inline uint32_t rect_sum(const uint32_t *s, const int *o)
{
    return s[o[0]] - s[o[1]] - s[o[2]] + s[o[3]];
}

static void set_offsets(int *o, int x, int y, int w, int h, int iw)
{
    o[0] = y * iw + x;
    o[1] = y * iw + x + w;
    o[2] = (y + h) * iw + x;
    o[3] = (y + h) * iw + x + w;
}

/* Area-averages the source (through its integral image `src_sum`, stride
 * sw+1) into a level of factor f, then builds the level's integrals. */
static void make_level(const uint32_t *src_sum, int sw, int sh, double f,
                       struct level *lv, unsigned char *buf)
{
    int iw_src = sw + 1;
    for (int y = 0; y < lv->h; y++) {
        int y0 = (int)(y * f), y1 = (int)((y + 1) * f);
        if (y1 <= y0)
            y1 = y0 + 1;
        if (y1 > sh)
            y1 = sh;
        for (int x = 0; x < lv->w; x++) {
            int x0 = (int)(x * f), x1 = (int)((x + 1) * f);
            if (x1 <= x0)
                x1 = x0 + 1;
            if (x1 > sw)
                x1 = sw;
            uint32_t s = src_sum[y1 * iw_src + x1] - src_sum[y0 * iw_src + x1] -
                         src_sum[y1 * iw_src + x0] + src_sum[y0 * iw_src + x0];
            buf[y * lv->w + x] =
                (unsigned char)(s / (uint32_t)((x1 - x0) * (y1 - y0)));
        }
    }
    int iw = lv->iw;
    memset(lv->sum, 0, (size_t)iw * sizeof *lv->sum);
    for (int x = 0; x < iw; x++)
        lv->sqsum[x] = 0;
    for (int y = 0; y < lv->h; y++) {
        uint32_t row = 0;
        double rowsq = 0;
        lv->sum[(y + 1) * iw] = 0;
        lv->sqsum[(y + 1) * iw] = 0;
        for (int x = 0; x < lv->w; x++) {
            unsigned v = buf[y * lv->w + x];
            row += v;
            rowsq += (double)(v * v);
            lv->sum[(y + 1) * iw + x + 1] = lv->sum[y * iw + x + 1] + row;
            lv->sqsum[(y + 1) * iw + x + 1] = lv->sqsum[y * iw + x + 1] + rowsq;
        }
    }
}

/* 0 when the window is rejected, 1 when every stage accepts it. */
static int run_window(const struct icp_face_cascade *c,
                      const struct opt_feature *of, const struct level *lv,
                      int x, int y, const int *norm_ofs, double norm_area)
{
    const uint32_t *s = lv->sum + y * lv->iw + x;
    const double *sq = lv->sqsum + y * lv->iw + x;
    double vs = rect_sum(s, norm_ofs);
    double vq = sq[norm_ofs[0]] - sq[norm_ofs[1]] - sq[norm_ofs[2]] +
                sq[norm_ofs[3]];
    double nf = norm_area * vq - vs * vs;
    /* OpenCV skips near-flat windows (a standard deviation of 10 grey
     * levels or less): no face is that flat, and it spares the curtain. */
    if (nf <= 0)
        return 0;
    nf = sqrt(nf);
    if (norm_area / nf >= 0.1)
        return 0;
    float inv = (float)(1.0 / nf);
    const struct haar_stage *st = (const struct haar_stage *)c->stages->data;
    const struct haar_weak *wk = (const struct haar_weak *)c->weaks->data;
    for (unsigned si = 0; si < c->stages->len; si++) {
        float acc = 0;
        for (int k = st[si].first; k < st[si].first + st[si].count; k++) {
            const struct opt_feature *f = &of[wk[k].feature];
            float v = f->weight[0] * (float)rect_sum(s, f->ofs[0]) +
                      f->weight[1] * (float)rect_sum(s, f->ofs[1]);
            if (f->n > 2)
                v += f->weight[2] * (float)rect_sum(s, f->ofs[2]);
            acc += v * inv < wk[k].threshold ? wk[k].left : wk[k].right;
        }
        if (acc < st[si].threshold)
            return 0;
    }
    return 1;
}

static bool similar(const struct icp_face *a, const struct icp_face *b)
{
    double d = GROUP_EPS * (MIN(a->w, b->w) + MIN(a->h, b->h)) * 0.5;
    return fabs((double)a->x - b->x) <= d && fabs((double)a->y - b->y) <= d &&
           fabs((double)a->x + a->w - b->x - b->w) <= d &&
           fabs((double)a->y + a->h - b->y - b->h) <= d;
}

static int find_root(int *parent, int i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

static int by_area_desc(const void *a, const void *b)
{
    const struct icp_face *fa = a, *fb = b;
    long aa = (long)fa->w * fa->h, ab = (long)fb->w * fb->h;
    return aa < ab ? 1 : aa > ab ? -1 : 0;
}

/* OpenCV's groupRectangles(): clusters of similar hits averaged, small
 * clusters dropped, and clusters inside a stronger one dropped. */
static GArray *group_hits(GArray *hits)
{
    int n = (int)hits->len;
    struct icp_face *h = (struct icp_face *)hits->data;
    GArray *out = g_array_new(FALSE, FALSE, sizeof(struct icp_face));
    if (n == 0)
        return out;
    int *parent = xmalloc((size_t)n * sizeof *parent);
    for (int i = 0; i < n; i++)
        parent[i] = i;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (similar(&h[i], &h[j])) {
                int a = find_root(parent, i), b = find_root(parent, j);
                if (a != b)
                    parent[b] = a;
            }
    double(*acc)[5] = xcalloc((size_t)n, sizeof *acc);
    for (int i = 0; i < n; i++) {
        int r = find_root(parent, i);
        acc[r][0] += h[i].x, acc[r][1] += h[i].y;
        acc[r][2] += h[i].w, acc[r][3] += h[i].h;
        acc[r][4] += 1;
    }
    GArray *groups = g_array_new(FALSE, FALSE, sizeof(struct icp_face));
    for (int i = 0; i < n; i++) {
        if (acc[i][4] <= MIN_NEIGHBOURS)
            continue;
        double k = 1.0 / acc[i][4];
        struct icp_face f = {(int)lround(acc[i][0] * k),
                             (int)lround(acc[i][1] * k),
                             (int)lround(acc[i][2] * k),
                             (int)lround(acc[i][3] * k), (int)acc[i][4]};
        g_array_append_val(groups, f);
    }
    struct icp_face *g = (struct icp_face *)groups->data;
    for (unsigned i = 0; i < groups->len; i++) {
        bool inside = false;
        for (unsigned j = 0; j < groups->len && !inside; j++) {
            if (i == j)
                continue;
            int dx = (int)lround(g[j].w * GROUP_EPS);
            int dy = (int)lround(g[j].h * GROUP_EPS);
            inside = g[i].x >= g[j].x - dx && g[i].y >= g[j].y - dy &&
                     g[i].x + g[i].w <= g[j].x + g[j].w + dx &&
                     g[i].y + g[i].h <= g[j].y + g[j].h + dy &&
                     (g[j].neighbours > MAX(3, g[i].neighbours) ||
                      g[i].neighbours < 3);
        }
        if (!inside)
            g_array_append_val(out, g[i]);
    }
    g_array_free(groups, TRUE);
    free(acc);
    free(parent);
    return out;
}

int icp_face_detect(const struct icp_face_cascade *c,
                    const unsigned char *grey, int width, int height,
                    int stride, int min_size, int max_size,
                    struct icp_face *out, int max_out)
{
    if (width < c->win_w || height < c->win_h)
        return 0;
    size_t iw = (size_t)width + 1;
    uint32_t *src_sum = xcalloc(iw * ((size_t)height + 1), sizeof *src_sum);
    for (int y = 0; y < height; y++) {
        uint32_t row = 0;
        for (int x = 0; x < width; x++) {
            row += grey[(size_t)y * stride + x];
            src_sum[(y + 1) * iw + x + 1] = src_sum[y * iw + x + 1] + row;
        }
    }
    int nfeat = (int)c->features->len;
    struct opt_feature *of = xcalloc((size_t)nfeat, sizeof *of);
    struct level lv = {0};
    lv.sum = xmalloc(iw * ((size_t)height + 1) * sizeof *lv.sum);
    lv.sqsum = xmalloc(iw * ((size_t)height + 1) * sizeof *lv.sqsum);
    unsigned char *buf = xmalloc((size_t)width * height);
    GArray *hits = g_array_new(FALSE, FALSE, sizeof(struct icp_face));
    double f = (double)MAX(min_size, c->win_w) / c->win_w;
    for (; c->win_w * f <= max_size; f *= SCALE_STEP) {
        lv.w = (int)(width / f);
        lv.h = (int)(height / f);
        if (lv.w < c->win_w || lv.h < c->win_h)
            break;
        lv.iw = lv.w + 1;
        make_level(src_sum, width, height, f, &lv, buf);
        for (int i = 0; i < nfeat; i++) {
            const struct haar_feature *hf =
                &g_array_index(c->features, struct haar_feature, i);
            of[i].n = hf->n;
            for (int k = 0; k < hf->n; k++) {
                set_offsets(of[i].ofs[k], hf->r[k].x, hf->r[k].y,
                            hf->r[k].w, hf->r[k].h, lv.iw);
                of[i].weight[k] = hf->r[k].weight;
            }
        }
        int norm_ofs[4];
        set_offsets(norm_ofs, 1, 1, c->win_w - 2, c->win_h - 2, lv.iw);
        double norm_area = (double)(c->win_w - 2) * (c->win_h - 2);
        /* OpenCV steps by 1 above scale 2; 2 everywhere costs a quarter
         * and a real face still collects enough hits to group. */
        int step = 2;
        for (int y = 0; y + c->win_h <= lv.h; y += step)
            for (int x = 0; x + c->win_w <= lv.w; x += step)
                if (run_window(c, of, &lv, x, y, norm_ofs, norm_area)) {
                    struct icp_face hit = {
                        (int)lround(x * f), (int)lround(y * f),
                        (int)lround(c->win_w * f), (int)lround(c->win_h * f),
                        1};
                    g_array_append_val(hits, hit);
                }
    }
    GArray *faces = group_hits(hits);
    /* No faces: data may be NULL, which qsort must not be given. */
    if (faces->len > 1)
        qsort(faces->data, faces->len, sizeof(struct icp_face), by_area_desc);
    int n = (int)faces->len;
    for (int i = 0; i < n && i < max_out; i++)
        out[i] = g_array_index(faces, struct icp_face, i);
    g_array_free(faces, TRUE);
    g_array_free(hits, TRUE);
    free(buf);
    free(lv.sqsum);
    free(lv.sum);
    free(of);
    free(src_sum);
    return n;
}
