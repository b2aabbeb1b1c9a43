/* Where the document lies in a photo: the paper or card against the desk,
 * its tilt, and an upright, cropped view of it for OCR. */
#ifndef ICPCHECK_DOCUMENT_H
#define ICPCHECK_DOCUMENT_H

#include "core/image.h"

/** Finds the document in img (once; the answer is kept in img->doc) on a
 * small copy: the largest bright region with its holes filled, its tilt from
 * the region's second moments or, for a scan that fills the frame, from the
 * text lines (Leptonica). Returns 0, or -1 with a finding in res when the
 * image cannot be decoded. Finding no document is not an error: the whole
 * image is then the document. */
int icp_document_find(struct icp_image *img, struct icp_result *res);

/** vips_affine() of `src` (8-bit, in memory) by the matrix [a b; c d] with
 * its odx, ody and oarea (ol, ot, W, H), bilinear, `bg` (one value a band)
 * beyond the source, as libvips 8.14 makes it bit for bit (its 12-bit
 * fixed-point bilinear), for less CPU. A new image made on demand, tile by
 * tile, or NULL when `src` is not such an image (the caller uses
 * vips_affine() then). */
VipsImage *icp_turn_bilinear(VipsImage *src, double a, double b, double c,
                             double d, int ol, int ot, int W, int H,
                             double odx, double ody, const unsigned char *bg);

/** The cached copy of img that icp_document_find() searches (owned by img,
 * not to be unreffed), or NULL with a finding in res: whoever looks at the
 * whole photo before the search takes it rather than a copy of its own. */
VipsImage *icp_document_search_copy(struct icp_image *img,
                                    struct icp_result *res);

/** For a document found as a region that is not rectangular (a desk's
 * bright patch with the paper in it, which no other threshold parted from
 * the paper): frames it anew as if no region had been found, by the print
 * across the whole frame, its tilt from the print's lines. Returns 0 when
 * it reframed, -1 when the region was rectangular or there was none.
 * Views made after it use the new frame. */
int icp_document_reframe_by_print(struct icp_image *img,
                                  struct icp_result *res);

/** icp_document_reframe_by_print() for any region found, rectangular or
 * not (a bright patch of a page cut off at the photo's edges, taken for the
 * paper): the whole frame cropped to its print. Returns 0 when it
 * reframed, -1 when no region had been taken. */
int icp_document_reframe_whole(struct icp_image *img, struct icp_result *res);

/** Switches to the second tilt estimate (text lines vs the paper's
 * outline) when the two disagreed by more than 2 degrees; calling it again
 * switches back. Returns 0 when it switched, -1 when there is no
 * alternative. Views made after it use the new tilt. */
int icp_document_use_alternative(struct icp_image *img,
                                 struct icp_result *res);

/** For a card (landscape when upright, long/short = `aspect`) whose region
 * came out narrower or shorter than a card is (uneven light split it, and a
 * side was lost): widens the box about its centre along the side that
 * falls short, by twice the shortfall (the lost part may lie all on one
 * side), within the photo. Only the card checks call it, and only after a
 * reading failed. Returns 0 when it widened, -1 when the box already has a
 * card's proportions. Views made after it use the new box. */
int icp_document_widen_card(struct icp_image *img, double aspect);

/** Adds `delta` degrees (clockwise) to the document's tilt and frames it
 * anew: for a card check whose view still read sloping (its text lines'
 * own tilt measured on the view), after a reading failed. */
void icp_document_turn_by(struct icp_image *img, struct icp_result *res,
                          double delta);

/** The document turned upright (tilt removed) and cropped, at most
 * `long_side` px on its long side. Caller unrefs the returned image. NULL
 * with a finding in res on a decode failure. Above 1600 px the view comes
 * from the full-resolution pixels and is lazy: each region read from it is
 * turned when it is read (read it through libvips operations). */
VipsImage *icp_document_view(struct icp_image *img, int long_side,
                             struct icp_result *res);

/** icp_document_view(), but a view above 1600 px scaled in the turn itself
 * (bilinear, as the turn is) rather than turned at the photo's size and
 * then scaled: some 110 ms CPU less for a licence's 2400 px view (of
 * 220-270), its pixels a little different (the licence's re-reads were
 * measured on it; other documents' were not). */
VipsImage *icp_document_view_quick(struct icp_image *img, int long_side,
                                   struct icp_result *res);

/** icp_document_view() thresholded for OCR (icp_ocr_binarise()): the view
 * documents are read on. Caller unrefs; NULL when it cannot be made (with
 * a finding in res when the image could not be decoded). */
VipsImage *icp_document_ocr_view_at(struct icp_image *img, int long_side,
                                    struct icp_result *res);

/** The height over the width of the view icp_document_view() makes, from
 * the document's frame alone (no pixels turned): 0 when the image cannot be
 * decoded. */
double icp_document_aspect(struct icp_image *img, struct icp_result *res);

/** The document's upright bounding box cut from a copy of at most
 * `long_side` px, not turned: every pixel is the photo's own (a turned view
 * has filled corners), for colour and exposure measures. Caller unrefs.
 * NULL with a finding in res on a decode failure. */
VipsImage *icp_document_bounds(struct icp_image *img, int long_side,
                               struct icp_result *res);

/** Maps a box in a view made by icp_document_view(img, long_side) back to
 * output (EXIF-upright) coordinates: the box of its corners' hull. */
void icp_document_box_to_output(const struct icp_image *img, int long_side,
                                const int *view_box, int *out);

/** Tilt (degrees, positive = clockwise) of the text lines of a one-band
 * uchar image, from Leptonica's sweep-and-search over ±25°, with
 * Leptonica's confidence (above 2: clear lines). Returns 0, or -1 (and 0 in
 * both outputs) when it cannot tell at all. */
int icp_text_skew(VipsImage *grey, double *angle_out, double *conf_out);

/** For a printed page in landscape (an A-series licence: long/short =
 * `aspect`, 1.414) whose region came out narrower than the page is but
 * wider than the page stood upright (a shadow or the light's fall-off cut
 * its right or left part off the paper's region): widens the box about its
 * centre by twice the shortfall, within the photo, as
 * icp_document_widen_card() does for cards. For the licence check, after
 * a reading failed. Returns 0 when it widened, -1 otherwise. Views made
 * after it use the new box. */
int icp_document_widen_page(struct icp_image *img, double aspect);

/** Whitens the black regions of a binarised image (one band, uchar, in
 * memory: black print on white) that touch its edges: the desk around a
 * page, a shadow, a table's rules where a crop cuts through them. Print
 * standing clear of the edges stays. */
void icp_print_clear_edges(VipsImage *bin);

/** The rows [*y0, *y1) of the tallest line of print in a binarised image
 * (as above, its edge regions cleared): rows whose ink passes `min_ink` of
 * the width, lines closer than a tenth of their own height joined. False
 * when no row has that much ink. */
bool icp_print_tallest_line(VipsImage *bin, double min_ink, int *y0,
                            int *y1);

#endif
