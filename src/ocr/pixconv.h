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

#endif
