/* The verification checklist check, split by concern: finding and
 * straightening the page (checklist_page.c), reading the labels
 * (checklist.c), measuring ink and seals (checklist_ink.c). */
#ifndef ICPCHECK_CHECKLIST_H
#define ICPCHECK_CHECKLIST_H

#include <leptonica/allheaders.h>
#include <stdbool.h>

#include "checks/checks.h"
#include "ocr/ocr.h"

/* The page straightened to a fixed width, with what maps it back. */
struct icp_cl_page {
    PIX *raw;          /* 32 bpp, the straightened page as photographed */
    PIX *norm;         /* 32 bpp, background normalised (paper ~200) */
    PIX *grey;         /* 8 bpp luminance of norm */
    PIX *ink;          /* 1 bpp: dark or coloured marks */
    PIX *read;         /* 8 bpp for OCR: the red channel of norm, where a
                          red seal nearly drops out */
    int w, h;
    float coeffs[8];   /* page -> working image (projective) */
    double to_view;    /* working image px -> the check's view px */
    bool incomplete;   /* the paper runs off the photo */
    bool found_paper;  /* a paper region apart from the background */
    bool framed;       /* straightened on the form's ruled frame */
    bool reaches_border; /* the paper runs along an image side (a page cut
                            off there, or a light desk merging with it) */
    int sign_top;      /* the signature block's first row, or -1 */
    int title_end;     /* the ruled frame's top row, or 0: unknown */
};

/* A red round seal found on the page, in page pixels. */
struct icp_cl_seal {
    bool present;
    int box[4];
};

/* What the signature field holds. */
struct icp_cl_ink {
    bool present;
    int box[4];        /* page pixels, valid when present */
    const char *colour; /* "black", "blue", "red", "grey", "other" */
    double area;       /* ink pixels counted */
    double length;     /* the strokes' length (pixels of their skeleton),
                          counted while area is short of [ink] min_area */
};

/** Finds the paper in `img`, straightens it into `page` (release with
 * icp_cl_page_clear()); with `whole`, from the print's box in the whole
 * photo rather than in the paper or the document's region. Returns 0, or
 * -1 with a finding in res when the image cannot be decoded. */
int icp_cl_page_make(struct icp_worker *w, struct icp_image *img,
                     struct icp_result *res, bool whole,
                     struct icp_cl_page *page);

void icp_cl_page_clear(struct icp_cl_page *page);

/** Maps a box in page pixels to output coordinates of img. */
void icp_cl_page_box_out(const struct icp_cl_page *page,
                         const struct icp_image *img, const int *in,
                         int *out);

/** Looks for a red round seal anywhere on the page. */
void icp_cl_find_seal(const struct icp_context *ctx,
                      const struct icp_cl_page *page,
                      struct icp_cl_seal *out);

/** Measures the handwriting inside `field` (page pixels): the page's ink
 * minus ruled lines, the rectangles in `erase` (n_erase of them: printed
 * text), marks no taller than the signature label on its line (`label`,
 * or NULL) and the seal. `unit` is the label's text height. */
void icp_cl_measure_ink(const struct icp_context *ctx,
                        const struct icp_cl_page *page, const int *field,
                        const int (*erase)[4], size_t n_erase,
                        const int *label, const struct icp_cl_seal *seal,
                        int unit, bool classify, struct icp_cl_ink *out);

/** The signature field around `label` (page pixels): the ruled box the
 * label sits in, right of the label's own cell if it has one. */
void icp_cl_field_bounds(const struct icp_context *ctx,
                         const struct icp_cl_page *page, const int *label,
                         int unit, int *field);

/* One recognised character with an estimated box (page pixels). */
struct icp_cl_chr {
    gunichar c;
    int box[4];
    float conf;
};

/* The characters of a band, in reading order. */
struct icp_cl_text {
    struct icp_cl_chr *c;
    size_t n;
    char *utf8; /* the characters in order, '\n' between lines */
};

/** OCR of page rows [y0, y1) of `from` (an 8 bpp view of the page; NULL:
 * page->read) as sparse text, the band enlarged `scale` times first, and
 * with `local` thresholded by its neighbourhood (boxes are given in page
 * pixels). Returns 0 with *out filled (release with icp_cl_text_free()),
 * or -1. */
int icp_cl_read_band(struct icp_ocr *ocr, const struct icp_cl_page *page,
                     PIX *from, int y0, int y1, double scale, bool local,
                     struct icp_cl_text *out);

/** icp_cl_read_band() over columns [0, x1) of the rows only. */
int icp_cl_read_block(struct icp_ocr *ocr, const struct icp_cl_page *page,
                      PIX *from, int x1, int y0, int y1, double scale,
                      bool local, struct icp_cl_text *out);

void icp_cl_text_free(struct icp_cl_text *t);

/** Whether `t` holds a written date (2026年11月17日: the printed line has
 * no figures): a run of at least `run` figures, or `figures` of them in
 * all, ending at or below row `from`. With `line` (the date line's label,
 * page pixels), only figures whose middle lies on that line, give or take
 * `slack` rows, count: a signature above it read as figures is no date. */
bool icp_cl_date_written(const struct icp_cl_text *t, int from,
                         const int *line, int slack, int run, int figures);

/** The characters of `a` and those of `b` at no place one of a's holds,
 * in lines top to bottom, each left to right: two readings of a band that
 * each read a part of a label (a shadow's edge across it) give it whole.
 * Release *out with icp_cl_text_free(). */
void icp_cl_text_merge(const struct icp_cl_text *a,
                       const struct icp_cl_text *b, struct icp_cl_text *out);

/** Finds `label` in the text allowing `max_edits`; its box (union of its
 * characters, page pixels) in *box. Returns the edit count or -1. */
int icp_cl_find_label(const struct icp_cl_text *t, const char *label,
                      int max_edits, int *box);

/** Finds `pattern` in `text` (both UTF-8) allowing `max_edits` character
 * insertions, deletions or substitutions; on success gives the matched
 * span in code points of `text` and returns the edit count, else -1. */
int icp_cl_fuzzy_find(const char *text, const char *pattern, int max_edits,
                      size_t *start_out, size_t *len_out);

#endif
