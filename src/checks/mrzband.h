/* Finding and reading the machine-readable zone of a passport, ID card or
 * permit photo. */
#ifndef ICPCHECK_MRZBAND_H
#define ICPCHECK_MRZBAND_H

#include "checks/mrz.h"
#include "checks/worker.h"
#include "core/image.h"
#include "core/result.h"

/**
 * Locates the MRZ (2 or 3 stacked lines of OCR-B text near the bottom of
 * the document) on a downscaled copy, reads it at full resolution and
 * parses it. Tries the image turned by 0, 90, 180 and 270 degrees; when a
 * turn other than 0 reads, img's rotation is updated to match.
 *
 * Returns 0 when an MRZ was parsed (then out->valid tells whether every
 * check digit held; the best reading is kept when none is fully valid) and
 * *box_out (may be NULL) is its box in the image as checks see it; -1 when
 * no MRZ could be read at all.
 */
int icp_mrz_read(struct icp_worker *w, struct icp_image *img,
                 struct icp_result *res, struct icp_mrz *out, int *box_out);

/**
 * Whether the photo, as it stands (no quarter turns), shows a
 * machine-readable zone that parses with real dates and at most two
 * failing check digits: a cheap first look that tells a passport (or
 * another MRZ document) before any whole-page OCR. False when unsure.
 */
bool icp_mrz_band_seen(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res);

#endif
