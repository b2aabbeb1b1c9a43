/* QR codes: zbar on a grey copy, retried on stretched, thinned, thickened,
 * binarised and inverted copies at other scales; raw bytes to UTF-8. */
#include "checks/qr.h"

#include <stdbool.h>
#include <string.h>

#include "core/util.h"
#include "ocr/ocr.h"

/* The ways a copy is prepared before zbar sees it, cheapest and most often
 * successful first. */
enum variant {
    V_PLAIN,
    V_STRETCH,  /* contrast stretch between the 1st and 99th percentile */
    V_ERODE,    /* 3x3 minimum: thickens dark modules that print thin */
    V_DILATE,   /* 3x3 maximum: thins dark modules that bleed */
    V_BINARY,   /* local-mean threshold: uneven light, shadows */
    V_INVERT,   /* light modules on a dark ground */
    V_INVERT_BINARY,
    V_COUNT
};

/* True when `u` (UTF-8) holds a code point in U+0300..U+07FF: combining
 * marks, Greek, Cyrillic, Hebrew, Arabic. GBK or Shift_JIS bytes often form
 * such two-byte UTF-8 sequences by accident. */
static bool has_accidental_utf8(const char *u)
{
    bool wide = false, odd = false;
    for (const char *p = u; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c >= 0x800)
            wide = true;
        else if (c >= 0x300)
            odd = true;
    }
    return odd && !wide;
}

/* True when a Shift_JIS reading looks Japanese: full-width kana (lead bytes
 * 0x82/0x83, which GBK gives only to rare extension characters) or a
 * half-width sound mark (ﾞ ﾟ) after a half-width kana that takes one. */
static bool looks_japanese(const char *u)
{
    gunichar prev = 0;
    for (const char *p = u; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c >= 0x3041 && c <= 0x30FF)
            return true;
        if ((c == 0xFF9E || c == 0xFF9F) && prev >= 0xFF73 && prev <= 0xFF8E)
            return true;
        prev = c;
    }
    return false;
}

char *icp_qr_decode_bytes(const char *data, size_t len)
{
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    char *out = NULL, *gb = NULL, *sjis = NULL;
    bool utf8 = g_utf8_validate(data, (gssize)len, NULL);
    gb = g_convert(data, (gssize)len, "UTF-8", "GB18030", NULL, NULL, NULL);
    if (utf8) {
        out = g_strndup(data, len);
        /* Two-byte UTF-8 that reads as Chinese in GB18030 is GBK. */
        if (gb && has_accidental_utf8(out)) {
            g_free(out);
            out = gb;
            gb = NULL;
        }
        goto done;
    }
    /* Japanese codes carry Shift_JIS (read as CP932, where 0x5C stays a
     * backslash as in URLs), which GB18030 also accepts as
     * nonsense Chinese: take it only when it reads as Japanese. */
    sjis = g_convert(data, (gssize)len, "UTF-8", "CP932", NULL, NULL,
                     NULL);
    if (sjis && looks_japanese(sjis)) {
        out = sjis;
        sjis = NULL;
    } else if (gb) {
        out = gb;
        gb = NULL;
    } else {
        out = g_convert(data, (gssize)len, "UTF-8", "ISO-8859-1", NULL, NULL,
                        NULL);
    }
done:
    g_free(gb);
    g_free(sjis);
    return out ? out : g_strdup("");
}

/* Scans one grey uchar image in memory. Returns 0 and the first symbol's
 * text and box, or -1. */
static int scan(zbar_image_scanner_t *scanner, VipsImage *grey,
                char **text_out, int *box)
{
    int rc = -1;
    zbar_image_t *zi = zbar_image_create();
    zbar_image_set_format(zi, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(zi, (unsigned)grey->Xsize, (unsigned)grey->Ysize);
    zbar_image_set_data(zi, vips_image_get_data(grey),
                        (unsigned long)grey->Xsize * grey->Ysize, NULL);
    if (zbar_scan_image(scanner, zi) <= 0)
        goto out;
    for (const zbar_symbol_t *sym = zbar_image_first_symbol(zi); sym;
         sym = zbar_symbol_next(sym)) {
        if (zbar_symbol_get_type(sym) != ZBAR_QRCODE)
            continue;
        const char *data = zbar_symbol_get_data(sym);
        unsigned len = zbar_symbol_get_data_length(sym);
        if (!data)
            continue;
        *text_out = icp_qr_decode_bytes(data, len);
        int x0 = grey->Xsize, y0 = grey->Ysize, x1 = 0, y1 = 0;
        unsigned n = zbar_symbol_get_loc_size(sym);
        for (unsigned i = 0; i < n; i++) {
            int x = zbar_symbol_get_loc_x(sym, i);
            int y = zbar_symbol_get_loc_y(sym, i);
            x0 = VIPS_MIN(x0, x), y0 = VIPS_MIN(y0, y);
            x1 = VIPS_MAX(x1, x), y1 = VIPS_MAX(y1, y);
        }
        if (n == 0)
            x0 = y0 = 0, x1 = grey->Xsize, y1 = grey->Ysize;
        box[0] = x0, box[1] = y0, box[2] = x1 - x0, box[3] = y1 - y0;
        rc = 0;
        break;
    }
out:
    zbar_image_destroy(zi);
    return rc;
}

static VipsImage *stretch(VipsImage *grey)
{
    VipsImage *t = NULL, *res = NULL;
    int lo = 0, hi = 255;
    if (vips_percent(grey, 1, &lo, NULL) || vips_percent(grey, 99, &hi, NULL))
        goto out;
    if (hi - lo < 8)
        goto out;
    double a = 255.0 / (hi - lo), b = -lo * a;
    if (vips_linear1(grey, &t, a, b, "uchar", TRUE, NULL))
        goto out;
    res = vips_image_copy_memory(t);
out:
    VIPS_UNREF(t);
    return res;
}

/* Dark where the pixel is darker than its neighbourhood's mean by a margin,
 * white elsewhere; the neighbourhood spans a few modules of a typical code. */
static VipsImage *binarise(VipsImage *grey, bool invert)
{
    VipsImage *t[4] = {NULL}, *res = NULL;
    double sigma = VIPS_MAX(grey->Xsize, grey->Ysize) / 60.0;
    sigma = VIPS_CLIP(2.0, sigma, 25.0);
    if (vips_gaussblur(grey, &t[0], sigma, "precision", VIPS_PRECISION_INTEGER,
                       NULL) ||
        vips_subtract(grey, t[0], &t[1], NULL))
        goto out;
    /* grey - mean >= -4: light (255); else dark (0). */
    if (invert) {
        if (vips_relational_const1(t[1], &t[2], VIPS_OPERATION_RELATIONAL_LESS,
                                   4, NULL))
            goto out;
    } else if (vips_relational_const1(t[1], &t[2],
                                      VIPS_OPERATION_RELATIONAL_MOREEQ, -4,
                                      NULL))
        goto out;
    res = vips_image_copy_memory(t[2]);
out:
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
        VIPS_UNREF(t[i]);
    return res;
}

static VipsImage *make_variant(VipsImage *grey, enum variant v)
{
    VipsImage *t = NULL, *res = NULL;
    switch (v) {
    case V_PLAIN:
        g_object_ref(grey);
        return grey;
    case V_STRETCH:
        return stretch(grey);
    case V_ERODE:
    case V_DILATE:
        if (vips_rank(grey, &t, 3, 3, v == V_ERODE ? 0 : 8, NULL))
            break;
        res = vips_image_copy_memory(t);
        break;
    case V_BINARY:
        return binarise(grey, false);
    case V_INVERT_BINARY:
        return binarise(grey, true);
    case V_INVERT:
        if (vips_invert(grey, &t, NULL))
            break;
        res = vips_image_copy_memory(t);
        break;
    default:
        break;
    }
    VIPS_UNREF(t);
    return res;
}

/* A grey copy scaled by `sc` inside a white margin: zbar needs the quiet
 * zone that crops and screenshots often cut off. Small images are enlarged
 * without smoothing so that modules stay sharp-edged. */
static VipsImage *prepare(VipsImage *im, double sc)
{
    VipsImage *t[3] = {NULL}, *res = NULL;
    if (sc > 1.0) {
        if (vips_colourspace(im, &t[0], VIPS_INTERPRETATION_B_W, NULL) ||
            vips_cast_uchar(t[0], &t[1], NULL) ||
            vips_resize(t[1], &t[2], sc, "kernel", VIPS_KERNEL_NEAREST, NULL))
            goto out;
        VIPS_UNREF(t[0]);
        t[0] = t[2];
        t[2] = NULL;
    } else if (!(t[0] = icp_ocr_prepare(im, sc)))
        goto out;
    int m = VIPS_MAX(8, VIPS_MAX(t[0]->Xsize, t[0]->Ysize) / 20);
    if (vips_embed(t[0], &t[2], m, m, t[0]->Xsize + 2 * m,
                   t[0]->Ysize + 2 * m, "extend", VIPS_EXTEND_WHITE, NULL))
        goto out;
    res = vips_image_copy_memory(t[2]);
out:
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
        VIPS_UNREF(t[i]);
    if (!res)
        vips_error_clear();
    return res;
}

int icp_qr_read(struct icp_worker *w, VipsImage *im, char **text_out,
                int *box_out)
{
    *text_out = NULL;
    int rc = -1;
    zbar_image_scanner_t *scanner = icp_worker_zbar(w);
    int side = VIPS_MAX(im->Xsize, im->Ysize);
    /* zbar finds a code best when a module spans a few pixels: try the size
     * given, then smaller (noise and blur average out), then larger (tiny
     * codes). Scales that make the image huge or tiny are skipped. */
    static const double scales[] = {1.0, 0.5, 2.0, 0.25, 0.75, 1.5, 3.0, 4.0};
    for (size_t s = 0; s < G_N_ELEMENTS(scales) && rc; s++) {
        double sc = scales[s];
        if ((sc < 1.0 && side * sc < 120) || (sc > 2.0 && side * sc > 600) ||
            side * sc > 4200)
            continue;
        VipsImage *grey = prepare(im, sc);
        if (!grey)
            continue;
        for (int v = 0; v < V_COUNT && rc; v++) {
            VipsImage *cur = make_variant(grey, (enum variant)v);
            if (!cur) {
                vips_error_clear();
                continue;
            }
            int box[4];
            if (scan(scanner, cur, text_out, box) == 0) {
                rc = 0;
                if (g_getenv("ICP_DEBUG_OCR"))
                    fprintf(stderr, "qr: read at scale %.2f of %d px, "
                            "variant %d\n", sc, side, v);
                int m = (grey->Xsize - (int)(im->Xsize * sc + 0.5)) / 2;
                box[0] -= m, box[1] -= m;
                if (box_out)
                    for (int i = 0; i < 4; i++)
                        box_out[i] = (int)(box[i] / sc + 0.5);
            }
            VIPS_UNREF(cur);
        }
        VIPS_UNREF(grey);
    }
    return rc;
}

int icp_qr_read_once(struct icp_worker *w, VipsImage *im, char **text_out)
{
    *text_out = NULL;
    int box[4], rc = -1;
    VipsImage *grey = prepare(im, 1.0);
    if (!grey) {
        vips_error_clear();
        return -1;
    }
    rc = scan(icp_worker_zbar(w), grey, text_out, box);
    if (rc != 0) {
        /* Then thresholded by the local mean: the preparation that read
         * the codes a plain look missed (a blurred or shaded licence),
         * where the whole photo's looks took 400 ms to reach it. */
        VipsImage *bin = binarise(grey, false);
        if (bin)
            rc = scan(icp_worker_zbar(w), bin, text_out, box);
        else
            vips_error_clear();
        VIPS_UNREF(bin);
    }
    VIPS_UNREF(grey);
    return rc;
}
