/* Tesseract engines and recognition of libvips regions. */
#include "ocr/ocr.h"

#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

#include "core/util.h"
#include "ocr/pixconv.h"

/* One Tesseract engine, used by one or more handles (icp_ocr_share()) and
 * by one recognition at a time. */
struct engine {
    TessBaseAPI *api;
    ETEXT_DESC *monitor; /* carries the time limit into recognition */
    GMutex lock;         /* held from setting an image to its results */
    gint refs;           /* handles on it */
};

/* A thread's handle on an engine: its own time limit and last confidence. */
struct icp_ocr {
    struct engine *engine;
    bool (*expired)(void *arg); /* whether the time is up, or NULL */
    void *expired_arg;
    int mean_conf; /* of the last recognition, kept past its results */
};

/* What an engine holds resident (Tesseract 5.3, LSTM only): chi_sim
 * 48 MB once made (chi_sim+eng 62 MB; a second engine in the process
 * shares the dictionaries: two chi_sim take 90 MB, two chi_sim+eng 114
 * MB), eng 18 MB, and 6-20 MB more after its first pages
 * (recognition buffers, by the largest image read). Some 31 MB of the
 * Chinese engine are the legacy classifier's adaptive templates, one per
 * character of the unicharset: 5.3 makes them even for an LSTM-only engine
 * (classify_enable_adaptive_matcher=0, even given at Init, no longer skips
 * them) and looks at them on every page, so they cannot be left out;
 * load_system_dawg and the other load_*_dawg variables change nothing
 * resident. */
struct icp_ocr *icp_ocr_new(const char *tessdata, const char *langs,
                            char **err_out)
{
    *err_out = NULL;
    TessBaseAPI *api = TessBaseAPICreate();
    if (TessBaseAPIInit2(api, tessdata, langs, OEM_LSTM_ONLY) != 0) {
        *err_out = g_strdup_printf("cannot start Tesseract for '%s' with the "
                                   "data in '%s'",
                                   langs, tessdata);
        TessBaseAPIDelete(api);
        return NULL;
    }
    /* Keep Tesseract's own chatter off stderr. */
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    /* Chinese text has no spaces; do not invent them between characters. */
    TessBaseAPISetVariable(api, "preserve_interword_spaces", "1");
    TessBaseAPISetVariable(api, "tessedit_do_invert", "0");
    struct engine *e = xcalloc(1, sizeof *e);
    e->api = api;
    e->monitor = TessMonitorCreate();
    g_mutex_init(&e->lock);
    e->refs = 1;
    struct icp_ocr *ocr = xcalloc(1, sizeof *ocr);
    ocr->engine = e;
    return ocr;
}

struct icp_ocr *icp_ocr_share(struct icp_ocr *ocr)
{
    g_atomic_int_inc(&ocr->engine->refs);
    struct icp_ocr *copy = xcalloc(1, sizeof *copy);
    copy->engine = ocr->engine;
    return copy;
}

void icp_ocr_free(struct icp_ocr *ocr)
{
    if (!ocr)
        return;
    struct engine *e = ocr->engine;
    if (g_atomic_int_dec_and_test(&e->refs)) {
        TessMonitorDelete(e->monitor);
        TessBaseAPIEnd(e->api);
        TessBaseAPIDelete(e->api);
        g_mutex_clear(&e->lock);
        free(e);
    }
    free(ocr);
}

/* The darkest band of each pixel: blue and red print (labels, stamps) turn
 * as dark as black ink, where plain luminance would leave them pale. */
static int darkest_band(VipsImage *in, VipsImage **out)
{
    if (in->Bands < 3)
        return vips_copy(in, out, NULL);
    VipsImage *b[3] = {NULL};
    int rc = -1;
    for (int i = 0; i < 3; i++)
        if (vips_extract_band(in, &b[i], i, NULL))
            goto out;
    /* Rank 0 of the three bands is their minimum. */
    if (vips_bandrank(b, out, 3, "index", 0, NULL))
        goto out;
    rc = 0;
out:
    for (int i = 0; i < 3; i++)
        VIPS_UNREF(b[i]);
    return rc;
}

VipsImage *icp_ocr_prepare(VipsImage *im, double scale)
{
    VipsImage *t[3] = {NULL}, *cur = im, *res = NULL;
    if (darkest_band(cur, &t[0]))
        goto out;
    cur = t[0];
    if (scale != 1.0) {
        if (vips_resize(cur, &t[1], scale, "kernel",
                        scale > 1 ? VIPS_KERNEL_CUBIC : VIPS_KERNEL_LANCZOS3,
                        NULL))
            goto out;
        cur = t[1];
    }
    if (vips_cast_uchar(cur, &t[2], NULL))
        goto out;
    res = vips_image_copy_memory(t[2]);
out:
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
        VIPS_UNREF(t[i]);
    if (!res)
        vips_error_clear();
    return res;
}

VipsImage *icp_ocr_binarise(VipsImage *im)
{
    VipsImage *grey = icp_ocr_prepare(im, 1.0), *out = NULL;
    PIX *pix = NULL, *norm = NULL, *bin = NULL, *bin8 = NULL;
    /* Each step's input is freed as soon as its output is made: one or
     * two page-sized copies at a time rather than five. */
    if (!grey || !(pix = icp_pix_from_vips(grey)))
        goto out;
    VIPS_UNREF(grey);
    /* Levelling maps the paper to 200 whatever its shade; print stays
     * well below, guilloche lines and shadows rise above the cut. */
    if (!(norm = pixBackgroundNormSimple(pix, NULL, NULL)))
        goto out;
    pixDestroy(&pix);
    if (!(bin = pixThresholdToBinary(norm, 150)))
        goto out;
    pixDestroy(&norm);
    if (!(bin8 = pixConvert1To8(NULL, bin, 255, 0)))
        goto out;
    pixDestroy(&bin);
    out = icp_vips_from_pix(bin8);
out:
    VIPS_UNREF(grey);
    pixDestroy(&pix);
    pixDestroy(&norm);
    pixDestroy(&bin);
    pixDestroy(&bin8);
    return out;
}

/* The grey 8-bit copy of `im` the engine reads, or NULL. Made before the
 * engine is taken, so that a shared engine waits only for recognition. */
static VipsImage *grey_for_engine(VipsImage *im)
{
    VipsImage *grey = NULL;
    if (im->Bands == 1 && im->BandFmt == VIPS_FORMAT_UCHAR)
        grey = vips_image_copy_memory(im);
    else
        grey = icp_ocr_prepare(im, 1.0);
    if (!grey)
        vips_error_clear();
    return grey;
}

/* Takes the engine and hands it `grey`, which it takes over: Tesseract
 * copies the pixels into an image of its own as it is set, so our copy is
 * freed here rather than held through recognition (a page's width times
 * height more bytes while the engine's own working set is at its
 * largest). */
static void set_image(struct icp_ocr *ocr, VipsImage *grey, enum icp_psm psm,
                      const char *whitelist)
{
    TessBaseAPI *api = ocr->engine->api;
    if (!g_mutex_trylock(&ocr->engine->lock)) {
        gint64 t0 = g_get_monotonic_time();
        g_mutex_lock(&ocr->engine->lock);
        icp_wait_add(ICP_WAIT_ENGINE, g_get_monotonic_time() - t0);
    }
    TessBaseAPISetPageSegMode(api, (TessPageSegMode)psm);
    TessBaseAPISetVariable(api, "tessedit_char_whitelist",
                           whitelist ? whitelist : "");
    const unsigned char *px = vips_image_get_data(grey);
    TessBaseAPISetImage(api, px, grey->Xsize, grey->Ysize, 1, grey->Xsize);
    /* Regions are cut from photos of unknown dpi; a fixed value keeps
     * Tesseract from warning and guessing. */
    TessBaseAPISetSourceResolution(api, 300);
    g_object_unref(grey);
}

void icp_ocr_set_cancel(struct icp_ocr *ocr, bool (*expired)(void *arg),
                        void *arg)
{
    ocr->expired = expired;
    ocr->expired_arg = arg;
}

/* The most words a page laid out for recognition may hold. After the
 * last word, Tesseract finds the page's paragraphs (DetectParagraphs),
 * outside its monitor, in a time that grows faster than the square of
 * the words: 0.2 s for 300, 1.1 s for 500, 10 s for 1000 and minutes for
 * the 4000 specks of a noisy photo read at 2200 px. The materials' pages
 * lay out fewer than 100 (70 at most over the bench's licences). */
#define MAX_PAGE_WORDS 400

/* Tesseract's cancel hook, called before each word with the page's
 * number of words. */
static bool cancel_recognition(void *cancel_this, int words)
{
    const struct icp_ocr *ocr = cancel_this;
    return words > MAX_PAGE_WORDS ||
           (ocr->expired && ocr->expired(ocr->expired_arg));
}

/* Runs recognition on the image set, within the file's time: Tesseract asks
 * its monitor between words and gives up once the time is up, or at once
 * on a page of more words than any material holds (noise, not text).
 * Returns 0, or -1 when it failed, ran out of time or gave up. */
static int recognise(struct icp_ocr *ocr)
{
    struct engine *e = ocr->engine;
    if (ocr->expired && ocr->expired(ocr->expired_arg))
        return -1;
    TessMonitorSetCancelFunc(e->monitor, cancel_recognition);
    TessMonitorSetCancelThis(e->monitor, ocr);
    return TessBaseAPIRecognize(e->api, e->monitor) == 0 ? 0 : -1;
}

/* Keeps the mean confidence, frees the page's results and Tesseract's
 * copies of the image (a worker would otherwise hold the last page's
 * layout and blobs until its next recognition) and gives the engine back. */
static void release(struct icp_ocr *ocr, bool recognised)
{
    TessBaseAPI *api = ocr->engine->api;
    ocr->mean_conf = recognised ? TessBaseAPIMeanTextConf(api) : 0;
    TessBaseAPIClear(api);
    g_mutex_unlock(&ocr->engine->lock);
}

char *icp_ocr_text(struct icp_ocr *ocr, VipsImage *im, enum icp_psm psm,
                   const char *whitelist)
{
    VipsImage *grey = grey_for_engine(im);
    if (!grey)
        return NULL;
    set_image(ocr, grey, psm, whitelist);
    /* GetUTF8Text would recognise again without the monitor on failure. */
    char *text =
        recognise(ocr) ? NULL : TessBaseAPIGetUTF8Text(ocr->engine->api);
    char *copy = text ? g_strdup(text) : NULL;
    TessDeleteText(text);
    release(ocr, copy != NULL);
    return copy;
}

int icp_ocr_words(struct icp_ocr *ocr, VipsImage *im, enum icp_psm psm,
                  const char *whitelist, struct icp_ocr_word **words_out,
                  size_t *n_out)
{
    *words_out = NULL;
    *n_out = 0;
    VipsImage *grey = grey_for_engine(im);
    if (!grey)
        return -1;
    int rc = -1;
    set_image(ocr, grey, psm, whitelist);
    if (recognise(ocr))
        goto out;
    TessResultIterator *it = TessBaseAPIGetIterator(ocr->engine->api);
    size_t n = 0, cap = 0;
    struct icp_ocr_word *words = NULL;
    if (it) {
        do {
            char *t = TessResultIteratorGetUTF8Text(it, RIL_WORD);
            int x1, y1, x2, y2;
            if (t && t[0] &&
                TessPageIteratorBoundingBox(
                    TessResultIteratorGetPageIteratorConst(it), RIL_WORD, &x1,
                    &y1, &x2, &y2)) {
                if (n == cap) {
                    cap = cap ? 2 * cap : 32;
                    words = xrealloc(words, cap * sizeof *words);
                }
                words[n].text = g_strdup(t);
                words[n].box[0] = x1;
                words[n].box[1] = y1;
                words[n].box[2] = x2 - x1;
                words[n].box[3] = y2 - y1;
                words[n].conf = TessResultIteratorConfidence(it, RIL_WORD);
                n++;
            }
            TessDeleteText(t);
        } while (TessResultIteratorNext(it, RIL_WORD));
        TessResultIteratorDelete(it);
    }
    *words_out = words;
    *n_out = n;
    rc = 0;
out:
    release(ocr, rc == 0);
    return rc;
}

void icp_ocr_words_free(struct icp_ocr_word *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g_free(words[i].text);
    free(words);
}

static int by_centre_y(const void *a, const void *b)
{
    const struct icp_ocr_word *p = a, *q = b;
    int ya = 2 * p->box[1] + p->box[3], yb = 2 * q->box[1] + q->box[3];
    return (ya > yb) - (ya < yb);
}

static int by_x(const void *a, const void *b)
{
    const struct icp_ocr_word *const *p = a, *const *q = b;
    return ((*p)->box[0] > (*q)->box[0]) - ((*p)->box[0] < (*q)->box[0]);
}

static int by_centre_y_ptr(const void *a, const void *b)
{
    const struct icp_ocr_word *const *p = a, *const *q = b;
    return by_centre_y(*p, *q);
}

char *icp_ocr_join_lines(const struct icp_ocr_word *words, size_t n)
{
    const struct icp_ocr_word **order = xmalloc((n ? n : 1) * sizeof *order);
    const struct icp_ocr_word **line = xmalloc((n ? n : 1) * sizeof *line);
    for (size_t i = 0; i < n; i++)
        order[i] = &words[i];
    qsort(order, n, sizeof *order, by_centre_y_ptr);
    GString *out = g_string_new(NULL);
    for (size_t i = 0; i < n;) {
        /* A word joins the line while its centre lies within the rows the
         * line's words cover so far: a small word first must not keep the
         * big characters of a title out. */
        size_t m = 0;
        int top = order[i]->box[1], bottom = top + order[i]->box[3];
        while (i < n) {
            int cy = order[i]->box[1] + order[i]->box[3] / 2;
            if (m && (cy < top || cy > bottom))
                break;
            top = VIPS_MIN(top, order[i]->box[1]);
            bottom = VIPS_MAX(bottom, order[i]->box[1] + order[i]->box[3]);
            line[m++] = order[i++];
        }
        qsort(line, m, sizeof *line, by_x);
        for (size_t j = 0; j < m; j++)
            g_string_append_printf(out, "%s%s", j ? " " : "", line[j]->text);
        g_string_append_c(out, '\n');
    }
    free(line);
    free(order);
    return g_string_free(out, FALSE);
}

char *icp_ocr_lines(struct icp_ocr *ocr, VipsImage *im, enum icp_psm psm,
                    const char *whitelist)
{
    struct icp_ocr_word *words = NULL;
    size_t n = 0;
    if (icp_ocr_words(ocr, im, psm, whitelist, &words, &n))
        return NULL;
    char *text = icp_ocr_join_lines(words, n);
    icp_ocr_words_free(words, n);
    return text;
}

int icp_ocr_mean_conf(struct icp_ocr *ocr) { return ocr->mean_conf; }
