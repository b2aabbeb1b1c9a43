/* Reading printed documents: OCR of a levelled view into lines, finding a
 * label's line, and re-reading a value's region at a better resolution. */
#ifndef ICPCHECK_LOCATE_H
#define ICPCHECK_LOCATE_H

#include "checks/validity.h"
#include "checks/worker.h"
#include "core/image.h"
#include "core/result.h"

/** One text line of a page: its words joined without spaces. */
struct icp_line {
    char *text;  /* UTF-8, normalised (icp_text_normalize) */
    int box[4];  /* in the page's view pixels */
    struct icp_ocr_word *words; /* its words left to right (owned) */
    size_t n_words;
    bool p_reread;  /* text replaced by icp_page_relabel() */
};

/** The OCR'd text of a document view. */
struct icp_page {
    int side;              /* the long side the view was asked for */
    int w, h;              /* the view's size */
    struct icp_line *lines;
    size_t n_lines;
    VipsImage *fine;       /* a larger view values are re-read from */
    int fine_side;
    bool alt_tilt;         /* read at the other tilt estimate */
};

/** The view classification reads documents on: the document upright and
 * cropped (icp_document_view()) at the classify model's ocr_side, levelled
 * and thresholded (icp_ocr_binarise()). Caller unrefs; NULL with a finding
 * in res. */
VipsImage *icp_document_ocr_view(struct icp_worker *w, struct icp_image *img,
                                 struct icp_result *res);

/** Reads `view` turned clockwise by `turn` (0, 90, 180, 270) with the
 * Chinese engine, sparse text. Returns 0 and the words in the turned view's
 * pixels (free with icp_ocr_words_free()), or -1. */
int icp_document_read_turn(struct icp_worker *w, VipsImage *view, int turn,
                           struct icp_ocr_word **words_out, size_t *n_out);

/** Makes sure img->reading holds the reading of the upright document view:
 * classification's, or (a type forced with --type) the same reading made
 * now. Returns 0, or -1 with a finding in res or w->error set. */
int icp_document_reading(struct icp_worker *w, struct icp_image *img,
                         struct icp_result *res);

/**
 * The document of `img` as lines, from img->reading (made now when
 * classification did not run). Returns 0, or -1 with a finding in res
 * (decode failure) or w->error set (no engine). Free with icp_page_clear().
 */
int icp_page_read(struct icp_worker *w, struct icp_image *img,
                  struct icp_result *res, struct icp_page *out);

/** As icp_page_read(), but a new reading of the colour view at `side` px:
 * the second try for a dense page whose labels the shared reading lost.
 * Free with icp_page_clear(). */
int icp_page_read_at(struct icp_worker *w, struct icp_image *img,
                     struct icp_result *res, int side, struct icp_page *out);

void icp_page_clear(struct icp_page *p);

/** For a card whose reading failed, a new frame and a new reading of it,
 * replacing *p: first, where the page came out narrower or shorter than a
 * card is (the document's region lost a side under uneven light), the
 * frame widened (icp_document_widen_card()) and read at a long side grown
 * alike (at most 1600 px); else, once, the other tilt estimate where the
 * paper's outline and the text lines disagreed (a view turned wrong puts
 * two lines in one line's box). For the card checks, after a reading
 * failed. Returns 0 when *p was replaced, -1 when there is nothing left to
 * try or the new reading failed (*p kept). */
int icp_page_reframe_card(struct icp_worker *w, struct icp_image *img,
                          struct icp_result *res, struct icp_page *p);

/** A page from OCR'd words (boxes in a `w`×`h` view): the words grouped
 * into lines as icp_page_read() does, without reading anything. The words
 * are copied; free the page with icp_page_clear(). */
void icp_page_from_words(struct icp_page *out, const struct icp_ocr_word *words,
                         size_t n, int w, int h);

/**
 * The index of the first line holding `label` (icp_text_contains(), so a
 * 4+ character label may have one character misread), or -1. When
 * `value_out` is not NULL it gets a pointer into the line's text just after
 * the label (or the whole text when the label was matched loosely).
 */
int icp_page_find(const struct icp_page *p, const char *label,
                  const char **value_out);

/**
 * Re-reads a region of the page (box in view pixels) from a finer view, at
 * a text height Tesseract reads well. `variant` 0..3 picks the preparation
 * (0 plain, 1 binarised, 2 larger, 3 smaller); adding 4 first turns a
 * taller window level by its own text's tilt (a line sloping apart from
 * the page, as perspective makes it). `zh` picks the Chinese engine.
 * Returns the normalised text (caller frees with free()) or NULL.
 */
char *icp_page_reread(struct icp_worker *w, struct icp_image *img,
                      struct icp_result *res, struct icp_page *p,
                      const int *box, int line_h, enum icp_psm psm,
                      const char *whitelist, bool zh, int variant);

/**
 * The box (view pixels) of the value printed after `label`: right of the
 * label on its line when text follows it there, else the line below.
 * Returns 0 and *line_h_out, or -1 when the label is not on the page.
 */
int icp_page_value_box(const struct icp_page *p, const char *label,
                       bool below, int *box_out, int *line_h_out);

/** A validity period as read. */
struct icp_period {
    struct icp_date from, until;
    bool long_term;
    bool found;   /* a period was read */
    bool start_cut; /* only the end was read (the start cut off) */
    int box[4];   /* where, in view pixels */
};

/**
 * Reads the validity period printed after `label` (有效期限, 营业期限 ...):
 * the page's own reading of the label's line and the next, then re-reads
 * of the value's region with digits, separators and `extra` (e.g. "长期至")
 * at other preparations, until a reading parses and, where `span` asks,
 * has a span such a document has. Falls back to any line that parses,
 * then to the end date alone of a period whose start the photo's edge cut
 * off, when two readings agree on it (start_cut set, from unset).
 */
void icp_page_period(struct icp_worker *w, struct icp_image *img,
                     struct icp_result *res, struct icp_page *p,
                     const char *label, enum icp_span_rule span,
                     const char *extra, struct icp_period *out);

/**
 * A card's period: icp_page_period(), then, while it is unread, at most
 * twice a new frame (icp_page_reframe_card(): the frame may have cut the
 * period, a side lost, or turned it wrong, two lines in one box) and the
 * period read again there; *p is the last page read.
 */
void icp_page_card_period(struct icp_worker *w, struct icp_image *img,
                          struct icp_result *res, struct icp_page *p,
                          const char *label, enum icp_span_rule span,
                          const char *extra, struct icp_period *out);

/** Records a period read by icp_page_period() (fields and doc.* findings,
 * with the period's box), or doc.expiry_unreadable when none was read. */
void icp_page_report_period(struct icp_worker *w, struct icp_image *img,
                            struct icp_result *res,
                            const struct icp_page *p,
                            const struct icp_period *period,
                            enum icp_span_rule span);

/** The text after `label` on its own line (separators and an English
 * gloss skipped; "" when nothing follows), a pointer into the page's line,
 * or NULL when the label is not on the page. */
const char *icp_page_value_inline(const struct icp_page *p, const char *label);

/** The text printed after `label` on its line, or on the line below when
 * nothing follows it. Returns a new string (caller frees with free()) or
 * NULL when the label is not on the page. */
char *icp_page_value_text(struct icp_worker *w, struct icp_image *img,
                          struct icp_result *res, struct icp_page *p,
                          const char *label);

/** Re-reads, from the finer view with the Chinese engine, the lines that
 * hold at least `min_digits` digits, replacing their text: on a page read
 * small, the labels before dates and codes are often garbled while the
 * digits survive. At most 12 lines; each line once. */
void icp_page_relabel(struct icp_worker *w, struct icp_image *img,
                      struct icp_result *res, struct icp_page *p,
                      int min_digits);

/**
 * The opening every printed-document check shares: a validity context for
 * `span` and the page (icp_page_read()). Returns 0; or -1 after recording
 * doc.expiry_unreadable (the page could not be read), with *out cleared.
 * Free the page with icp_page_clear().
 */
int icp_page_open(struct icp_worker *w, struct icp_image *img,
                  struct icp_result *res, enum icp_span_rule span,
                  struct icp_page *out, struct icp_validity_ctx *v_out);

/** A stretch of a line that holds digits, as icp_page_digit_runs() finds
 * it: its box (view pixels) and its words' median height. */
struct icp_digit_run {
    int box[4];
    int h;
    int digits;
};

/**
 * The stretches of the page's lines that hold at least `min_digits` digits:
 * a line's words split where the gap between two is wider than three word
 * heights (the columns of a form), each stretch widened to the left by
 * `left_h` word heights to take in its label, but not into the stretch
 * before it, and to the right by `right_h` (a garbled reading's boxes may
 * stop short of the value's end). Fills at most `cap` runs, top to bottom;
 * returns their number.
 */
size_t icp_page_digit_runs(const struct icp_page *p, int min_digits,
                           double left_h, double right_h,
                           struct icp_digit_run *out, size_t cap);

/** The text line at the middle of a window, from its rows' ink (`row`,
 * `h` rows: inked pixels per row): the band of rows whose ink reaches
 * `floor_ink` at or nearest the middle (at least 4 rows, within a quarter
 * of the height of the middle); a band taller than `max_h` rows (0: any),
 * lines merged by the specks of a patterned ground, is split by a floor
 * raised within it, and the line at the middle is kept, widened to the
 * valleys either side. Sets [*y0, *y1); returns -1 when no band stands
 * out. */
int icp_middle_line(const int *row, int h, int floor_ink, int max_h,
                    int *y0, int *y1);

/** Maps a box in the page's view to output coordinates. */
void icp_page_box_to_output(const struct icp_image *img,
                            const struct icp_page *p, const int *box,
                            int *out);

/** Fills a validity context from the worker's options: today, the months
 * of the rule, plausible years, no box. */
void icp_locate_validity_ctx(struct icp_worker *w, enum icp_span_rule span,
                             struct icp_validity_ctx *out);

/** Gives the page its finer view (p->fine) where it has none: made as
 * icp_page_reread() would, but scaled in its turn
 * (icp_document_view_quick(): some 110 ms CPU less a licence or domain
 * certificate than turned at the photo's size). */
void icp_page_fine_view(struct icp_image *img, struct icp_result *res,
                        struct icp_page *p);

#endif
