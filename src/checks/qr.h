/* Reading QR codes with zbar, retried on prepared copies, and decoding their
 * raw bytes with the right character set. */
#ifndef ICPCHECK_QR_H
#define ICPCHECK_QR_H

#include <stddef.h>
#include <vips/vips.h>

#include "checks/worker.h"

/**
 * Finds and decodes one QR code in `im` (any bands and format). Tries the
 * image as it is, then contrast-stretched, thinned and thickened, binarised
 * and inverted copies at several scales until zbar reads one.
 *
 * Returns 0 with *text_out (UTF-8; caller frees with g_free()) and, when
 * `box_out` is not NULL, the code's box [x,y,w,h] in the pixels of `im`;
 * returns -1 when no code could be read (*text_out NULL).
 */
int icp_qr_read(struct icp_worker *w, VipsImage *im, char **text_out,
                int *box_out);

/** Two looks at `im` at its own scale, plain and thresholded by the local
 * mean: the cheap first try on a crop where a code is likely. Returns 0 with
 * *text_out (caller frees with g_free()), or -1 (*text_out NULL). */
int icp_qr_read_once(struct icp_worker *w, VipsImage *im, char **text_out);

/**
 * Turns a QR code's raw bytes into UTF-8: as they are when they are valid
 * UTF-8 (a leading byte-order mark dropped), else from GB18030 (a superset
 * of GBK and GB2312, which Chinese licences use), else from ISO-8859-1, the
 * QR standard's default. Returns a new string (caller frees with g_free()).
 */
char *icp_qr_decode_bytes(const char *data, size_t len);

#endif
