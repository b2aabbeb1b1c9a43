/* Slanted print: the lean of a text line's upright strokes, which a
 * photo's perspective adds and which deskewing (a turn) does not remove. */
#ifndef ICP_CHECKS_SLANT_H
#define ICP_CHECKS_SLANT_H

#include <stddef.h>
#include <vips/vips.h>

/* The horizontal shear s (a pixel moves right by s px per px it stands
 * above the middle row: negative for print whose strokes lean right) that
 * stands the strokes of dark print on `px` (w x h grey bytes, row stride
 * w) upright: the shear whose column profile of dark pixels is sharpest,
 * over |s| <= max_shear. 0 when no shear is clearly sharper than none.
 * Pure code. */
double icp_slant_measure(const unsigned char *px, int w, int h,
                         double max_shear);

/* `grey` (one band, uchar) with its strokes stood upright: a new image, or
 * a new reference to `grey` where it does not lean. NULL on failure. */
VipsImage *icp_slant_straighten(VipsImage *grey, double *shear_out);

#endif
