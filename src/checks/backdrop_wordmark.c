/* The backdrop photo's wordmark: the provider's white text on the curtain,
 * read as it is and flipped left to right. The reading that names a
 * wordmark of models/backdrop.ini [wordmark] tells whether the photo is
 * mirrored (a selfie camera) and whose curtain it is. Only the brightest
 * white text line on the curtain is read, and only when one exists. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checks/backdrop_scene.h"
#include "core/text.h"
#include "core/util.h"

#define M(group, key) icp_model_num(ctx, "backdrop", group, key)

struct line {
    int box[4]; /* x, y, w, h in working pixels */
    long ink;   /* white pixels inside */
};

/* White print on the curtain: light, nearly neutral, not the person. */
static unsigned char *white_mask(const struct icp_context *ctx,
                                 const struct icp_backdrop_scene *sc)
{
    size_t n = (size_t)sc->w * sc->h;
    unsigned char *m = xcalloc(n, 1);
    double min_l = fmax(M("wordmark", "min_l"), sc->bg_L + M("wordmark", "l_above"));
    double max_c = M("wordmark", "max_chroma");
    for (size_t i = 0; i < n; i++) {
        const float *p = sc->lab + 3 * i;
        m[i] = !sc->person[i] && p[0] >= min_l && hypot(p[1], p[2]) <= max_c;
    }
    return m;
}

/* The largest text-line-shaped component of the white mask joined along
 * rows (characters into words into a line). Returns 0 and *out, or -1. */
static int best_line(const struct icp_context *ctx,
                     const struct icp_backdrop_scene *sc,
                     const unsigned char *white, struct line *out)
{
    int w = sc->w, h = sc->h;
    size_t n = (size_t)w * h;
    memset(out, 0, sizeof *out);
    /* Join horizontally by half a character height. */
    int gap = MAX(2, (int)(M("wordmark", "join") * h));
    unsigned char *joined = xcalloc(n, 1);
    for (int y = 0; y < h; y++) {
        const unsigned char *s = white + (size_t)y * w;
        unsigned char *d = joined + (size_t)y * w;
        int last = -1;
        for (int x = 0; x < w; x++) {
            if (!s[x])
                continue;
            if (last >= 0 && x - last <= gap)
                memset(d + last, 1, (size_t)(x - last));
            d[x] = 1;
            last = x;
        }
    }
    int *label = xcalloc(n, sizeof *label);
    int *stack = xmalloc(n * sizeof *stack);
    double min_h = M("wordmark", "min_height") * h;
    double max_h = M("wordmark", "max_height") * h;
    int next = 0;
    for (size_t s = 0; s < n; s++) {
        if (!joined[s] || label[s])
            continue;
        next++;
        int top = 0, x0 = w, y0 = h, x1 = -1, y1 = -1;
        long ink = 0;
        stack[top++] = (int)s;
        label[s] = next;
        while (top) {
            int p = stack[--top];
            int x = p % w, y = p / w;
            x0 = MIN(x0, x), x1 = MAX(x1, x), y0 = MIN(y0, y), y1 = MAX(y1, y);
            ink += white[p];
            int nb[4] = {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1,
                         y > 0 ? p - w : -1, y < h - 1 ? p + w : -1};
            for (int k = 0; k < 4; k++)
                if (nb[k] >= 0 && joined[nb[k]] && !label[nb[k]]) {
                    label[nb[k]] = next;
                    stack[top++] = nb[k];
                }
        }
        int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
        double fill = (double)ink / ((double)bw * bh);
        /* A line of print: wider than tall, of a text's height, with
         * strokes rather than a solid patch (a white shirt, a wall). */
        if (bh < min_h || bh > max_h || bw < 2 * bh ||
            fill < M("wordmark", "min_fill") || fill > M("wordmark", "max_fill"))
            continue;
        if (ink > out->ink) {
            out->ink = ink;
            out->box[0] = x0, out->box[1] = y0;
            out->box[2] = bw, out->box[3] = bh;
        }
    }
    free(stack);
    free(label);
    free(joined);
    return out->ink > 0 ? 0 : -1;
}

/* The line's crop as dark print on light for OCR, scaled so that the text
 * stands about ocr_height px tall, and its mirror image. Caller unrefs. */
static int crops(const struct icp_context *ctx,
                 const struct icp_backdrop_scene *sc, const struct line *ln,
                 VipsImage **plain_out, VipsImage **flip_out)
{
    *plain_out = *flip_out = NULL;
    /* A character at either end may be too dim to join the line: take
     * one more text height each side. */
    int pad = MAX(2, ln->box[3] / 3), padx = ln->box[3];
    int x0 = MAX(0, ln->box[0] - padx), y0 = MAX(0, ln->box[1] - pad);
    int x1 = MIN(sc->w, ln->box[0] + ln->box[2] + padx);
    int y1 = MIN(sc->h, ln->box[1] + ln->box[3] + pad);
    int cw = x1 - x0, ch = y1 - y0;
    unsigned char *grey = xmalloc((size_t)cw * ch);
    /* 255 minus the darkest band: white print turns black, the blue cloth
     * (its red band low) turns light. */
    for (int y = 0; y < ch; y++)
        for (int x = 0; x < cw; x++) {
            const unsigned char *p =
                sc->rgb + 3 * ((size_t)(y0 + y) * sc->w + x0 + x);
            grey[(size_t)y * cw + x] =
                (unsigned char)(255 - MIN(p[0], MIN(p[1], p[2])));
        }
    VipsImage *raw = vips_image_new_from_memory_copy(
        grey, (size_t)cw * ch, cw, ch, 1, VIPS_FORMAT_UCHAR);
    free(grey);
    VipsImage *scaled = NULL, *bin = NULL;
    int rc = -1;
    if (!raw)
        goto out;
    double scale = M("wordmark", "ocr_height") / ln->box[3];
    scale = fmin(fmax(scale, 1.0), 4.0);
    if (!(scaled = icp_ocr_prepare(raw, scale)) ||
        !(bin = icp_ocr_binarise(scaled)) || vips_flip(bin, flip_out,
                                                        VIPS_DIRECTION_HORIZONTAL,
                                                        NULL))
        goto out;
    *plain_out = bin;
    bin = NULL;
    rc = 0;
out:
    VIPS_UNREF(raw);
    VIPS_UNREF(scaled);
    VIPS_UNREF(bin);
    if (rc)
        vips_error_clear();
    return rc;
}

struct reading {
    char *text; /* g_free */
    int conf;
    int match;  /* index into the keyword list, -1 none */
};

static void read_crop(struct icp_ocr *ocr, VipsImage *im, char **keywords,
                      struct reading *r)
{
    r->text = icp_ocr_text(ocr, im, ICP_PSM_LINE, NULL);
    r->conf = r->text ? icp_ocr_mean_conf(ocr) : 0;
    r->match = icp_backdrop_wordmark(r->text, keywords);
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "wordmark (conf %d, match %d): %s\n", r->conf,
                r->match, r->text ? r->text : "(null)");
}

void icp_backdrop_check_wordmark(struct icp_worker *w, struct icp_image *img,
                                 const struct icp_backdrop_scene *sc,
                                 struct icp_result *res)
{
    const struct icp_context *ctx = w->ctx;
    unsigned char *white = NULL;
    VipsImage *plain = NULL, *flip = NULL;
    char **keywords = NULL, **providers = NULL;
    struct reading a = {NULL, 0, -1}, b = {NULL, 0, -1};
    struct line ln;
    icp_result_set_json(res, "provider", cJSON_CreateNull());
    if (!sc->bg_blue)
        goto out;
    white = white_mask(ctx, sc);
    if (best_line(ctx, sc, white, &ln) || crops(ctx, sc, &ln, &plain, &flip))
        goto out;
    struct icp_ocr *ocr = icp_worker_ocr_zh(w);
    if (!ocr)
        goto out; /* no OCR: the wordmark is simply not read */
    keywords = icp_model_list(ctx, "backdrop", "wordmark", "keywords");
    providers = icp_model_list(ctx, "backdrop", "wordmark", "providers");
    read_crop(ocr, plain, keywords, &a);
    /* A wordmark read as printed settles it; only otherwise is the mirror
     * image read. */
    if (a.match < 0)
        read_crop(ocr, flip, keywords, &b);
    bool mirrored = a.match < 0 && b.match >= 0;
    const struct reading *r = mirrored ? &b : &a;
    if (r->match < 0)
        goto out; /* white print, but no wordmark we know */
    const char *provider = NULL;
    if (providers && (size_t)r->match < g_strv_length(providers) &&
        strcmp(providers[r->match], "-") != 0)
        provider = providers[r->match];
    cJSON *o = cJSON_CreateObject();
    char *text = icp_text_normalize(r->text);
    cJSON_AddStringToObject(o, "text", text ? text : "");
    free(text);
    cJSON_AddBoolToObject(o, "mirrored", mirrored);
    cJSON_AddItemToObject(o, "box", icp_backdrop_box_json(img, sc, ln.box));
    icp_result_set_json(res, "wordmark", o);
    if (provider)
        icp_result_set_str(res, "provider", provider);
    if (mirrored) {
        int box[4];
        icp_backdrop_box_out(img, sc, ln.box, box);
        icp_result_add(res, "backdrop.mirrored", ICP_SEV_WARNING, box,
                       "幕布上的文字是左右反的（前置摄像头镜像），请关闭镜像或用后置摄像头重拍",
                       "the curtain's text reads mirrored (a selfie camera): "
                       "turn mirroring off or use the rear camera");
    }
out:
    g_strfreev(providers);
    g_strfreev(keywords);
    g_free(a.text);
    g_free(b.text);
    VIPS_UNREF(plain);
    VIPS_UNREF(flip);
    free(white);
}
