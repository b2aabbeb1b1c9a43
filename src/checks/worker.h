/* The per-thread worker: OCR engines and a zbar scanner, made on first use
 * and reused for every file the thread checks. */
#ifndef ICPCHECK_WORKER_H
#define ICPCHECK_WORKER_H

#include <zbar.h>

#include "core/context.h"
#include "icpcheck/check.h"
#include "checks/face.h"
#include "ocr/ocr.h"

struct icp_worker {
    const struct icp_context *ctx;
    struct icp_ocr *ocr_zh; /* chi_sim+eng: labels, names, Chinese dates */
    struct icp_ocr *ocr_en; /* eng: digits, MRZ, codes */
    zbar_image_scanner_t *zbar;
    struct icp_face_cascade *face; /* read-only detector data, or NULL */
    char *error;            /* why an engine could not start, or NULL */
    char *face_error;       /* why the face cascade could not load */
    long long deadline_ms;  /* icp_now_ms() when the current file's time
                               is up (--timeout), or 0 */
};

/** True once the current file's deadline has passed: checks with long
 * loops may stop early (the driver then reports input.timeout). */
bool icp_worker_expired(const struct icp_worker *w);

/** The Chinese+English engine, or NULL when it cannot start (w->error then
 * says why). Owned by the worker. */
struct icp_ocr *icp_worker_ocr_zh(struct icp_worker *w);

/** The English-only engine (faster; digits, MRZ), or NULL as above. */
struct icp_ocr *icp_worker_ocr_en(struct icp_worker *w);

/** The frontal-face cascade named in models/backdrop.ini, loaded on first
 * use, or NULL when it cannot be loaded (w->face_error then says why).
 * Owned by the worker. */
struct icp_face_cascade *icp_worker_face(struct icp_worker *w);

/** The worker's zbar scanner, configured for QR codes. Owned by w. */
zbar_image_scanner_t *icp_worker_zbar(struct icp_worker *w);

#endif
