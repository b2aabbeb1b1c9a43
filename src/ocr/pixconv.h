/* Moving 8-bit grey pixels between libvips and Leptonica. */
#ifndef ICPCHECK_PIXCONV_H
#define ICPCHECK_PIXCONV_H

#include <leptonica/allheaders.h>
#include <vips/vips.h>

/** An 8 bpp PIX copy of a one-band uchar image. Caller frees with
 * pixDestroy(). NULL if `grey` is not one-band uchar. */
PIX *icp_pix_from_vips(VipsImage *grey);

/** A one-band uchar image copy of an 8 bpp PIX. Caller unrefs. */
VipsImage *icp_vips_from_pix(PIX *pix8);

/** `grey` (dark text on light) with the dark regions that touch its border
 * and span at least `min_side` px in width or height (0: all of them)
 * painted white, a little widened for their soft rim: a desk, a page's or
 * card's edge or a deep shadow cut into a crop, which text line finders
 * and Tesseract's layout take for a column. Returns a new image, or
 * `grey` itself referenced when there is none or on failure. Caller
 * unrefs. */
VipsImage *icp_vips_clear_border(VipsImage *grey, int min_side);

#endif
