/* The per-thread worker: OCR engines and a zbar scanner, made on first use
 * and reused for every file the thread checks. */
#ifndef ICPCHECK_WORKER_H
#define ICPCHECK_WORKER_H

#include <zbar.h>

#include "checks/face.h"
#include "core/context.h"
#include "icpcheck/check.h"
#include "ocr/ocr.h"

struct icp_worker {
    const struct icp_context *ctx;
    struct icp_ocr *ocr_zh; /* chi_sim: pages, labels, names, Chinese dates */
    struct icp_ocr *ocr_en; /* eng: digits, MRZ, codes; a handle on the
                               process's shared engine when en_shared */
    bool en_shared;
    zbar_image_scanner_t *zbar;
    struct icp_face_cascade *face; /* read-only detector data, or NULL */
    char *error;                   /* why an engine could not start, or NULL */
    char *face_error;              /* why the face cascade could not load */
    /* The current file's time (--timeout) counts the worker thread's CPU
     * time, so that a busy machine or more threads than cores do not make
     * files time out; a wall-clock limit of a few times as much stops a
     * file that stalls without computing. Both 0 when there is no limit. */
    long long cpu_limit_ms;  /* icp_thread_cpu_ms() when the time is up */
    long long wall_limit_ms; /* icp_now_ms() when the time is up */
};

/** Starts the clock of a file that may take `timeout_ms` of CPU time
 * (0 = no limit). Call on the thread that checks the file. */
void icp_worker_start_clock(struct icp_worker *w, long timeout_ms);

/** True once the current file's time is up: checks with long loops may
 * stop early (the driver then reports input.timeout). Call on the thread
 * that checks the file. */
bool icp_worker_expired(const struct icp_worker *w);

/** The Chinese engine (chi_sim alone: it reads the Latin letters of a
 * page's labels and names too, but fields of Latin letters and digits only
 * are read again with the English engine), or NULL when it cannot start
 * (w->error then says why). Owned by the worker. */
struct icp_ocr *icp_worker_ocr_zh(struct icp_worker *w);

/** The English-only engine (faster; digits, MRZ, permit numbers, domain
 * names, codes), or NULL as above. Shared
 * with the process's other workers (they take turns). */
struct icp_ocr *icp_worker_ocr_en(struct icp_worker *w);

/** The frontal-face cascade named in models/backdrop.ini, loaded on first
 * use, or NULL when it cannot be loaded (w->face_error then says why).
 * Owned by the worker. */
struct icp_face_cascade *icp_worker_face(struct icp_worker *w);

/** The worker's zbar scanner, configured for QR codes. Owned by w. */
zbar_image_scanner_t *icp_worker_zbar(struct icp_worker *w);

#endif
