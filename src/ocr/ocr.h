/* Tesseract through its C API: engines reused for every region of every
 * file, each a worker's own or shared by workers in turn. Regions come in
 * as libvips images. */
#ifndef ICPCHECK_OCR_H
#define ICPCHECK_OCR_H

#include <stdbool.h>

#include <vips/vips.h>

/* Page segmentation modes we use (Tesseract's numbering). */
enum icp_psm {
    ICP_PSM_AUTO = 3,      /* a page of text */
    ICP_PSM_BLOCK = 6,     /* one uniform block */
    ICP_PSM_LINE = 7,      /* one text line */
    ICP_PSM_SPARSE = 11,   /* scattered text, as on a card */
    ICP_PSM_RAW_LINE = 13, /* one line, no layout analysis */
};

struct icp_ocr;

/** One recognised word with its box in the pixels of the image given. */
struct icp_ocr_word {
    char *text; /* UTF-8 */
    int box[4]; /* x, y, w, h */
    float conf; /* 0..100 */
};

/** Starts an engine for `langs` ("chi_sim", "eng") with the LSTM model.
 * Returns NULL with a message in *err_out (g_free()). Caller frees with
 * icp_ocr_free(). Costs about half a second: make one per thread. */
struct icp_ocr *icp_ocr_new(const char *tessdata, const char *langs,
                            char **err_out);

/** Another handle on the engine of `ocr`, for another thread: the threads
 * take turns at recognition, each with its own time limit (set on the new
 * handle) and mean confidence. Free each handle with icp_ocr_free(); the
 * engine goes with the last. */
struct icp_ocr *icp_ocr_share(struct icp_ocr *ocr);

void icp_ocr_free(struct icp_ocr *ocr);

/** Asks `expired(arg)` between words whether the time is up: a recognition
 * in progress is then cancelled, and a later one fails at once (NULL text,
 * -1). It runs on the recognising thread. NULL = no limit. */
void icp_ocr_set_cancel(struct icp_ocr *ocr, bool (*expired)(void *arg),
                        void *arg);

/** Recognises the text of `im` (any bands/format; it is made 8-bit grey).
 * `whitelist` limits the characters (NULL: all). Returns the text (caller
 * frees with g_free()), or NULL when Tesseract fails. */
char *icp_ocr_text(struct icp_ocr *ocr, VipsImage *im, enum icp_psm psm,
                   const char *whitelist);

/** As icp_ocr_text(), word by word with boxes and confidences. Returns 0 and
 * *words_out (free with icp_ocr_words_free()), or -1. */
int icp_ocr_words(struct icp_ocr *ocr, VipsImage *im, enum icp_psm psm,
                  const char *whitelist, struct icp_ocr_word **words_out,
                  size_t *n_out);

void icp_ocr_words_free(struct icp_ocr_word *words, size_t n);

/** As icp_ocr_text(), but the words are regrouped into lines by their
 * boxes (vertical overlap), left to right: sparse segmentation scatters the
 * widely spaced characters of a title (营 业 执 照) over several "lines".
 * Returns the text (caller frees with g_free()), or NULL on failure. */
char *icp_ocr_lines(struct icp_ocr *ocr, VipsImage *im, enum icp_psm psm,
                    const char *whitelist);

/** The text of `words` regrouped into lines as icp_ocr_lines() does.
 * Returns a new string (caller frees with g_free()). */
char *icp_ocr_join_lines(const struct icp_ocr_word *words, size_t n);

/** The mean word confidence (0..100) of the last recognition. */
int icp_ocr_mean_conf(struct icp_ocr *ocr);

/** Makes a grey 8-bit copy of `im` for OCR, scaled by `scale` (1 = as is).
 * Returns a new image (unref it) or NULL. */
VipsImage *icp_ocr_prepare(VipsImage *im, double scale);

/** A black-on-white copy of `im` for OCR of printed text on patterned or
 * unevenly lit paper: the darkest band, its background levelled (Leptonica
 * background normalisation), then thresholded. Caller unrefs; NULL on
 * failure. */
VipsImage *icp_ocr_binarise(VipsImage *im);

#endif
