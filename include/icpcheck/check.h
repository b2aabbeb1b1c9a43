/* Checking files: one worker per thread, each with its own Chinese OCR engines (the English one is shared by the process). */
#ifndef ICPCHECK_CHECK_H
#define ICPCHECK_CHECK_H

#include <stddef.h>

#include "context.h"
#include "result.h"

struct icp_worker;

/** Makes a worker for one thread. Its Tesseract engines and zbar scanner are
 * created on first use and reused for every later file. Returns NULL with a
 * message in *err_out (caller g_free()s). Caller frees with
 * icp_worker_free(); the context must outlive the worker. */
struct icp_worker *icp_worker_new(const struct icp_context *ctx,
                                  char **err_out);

/** Frees a worker; NULL is a no-op. */
void icp_worker_free(struct icp_worker *w);

/** Checks one file. Never returns NULL: a file that cannot be read gets an
 * `input.*` finding and the verdict "error". `display_path` (may be NULL =
 * path) is what the result reports. Caller frees with icp_result_free(). */
struct icp_result *icp_check_file(struct icp_worker *w, const char *path,
                                  const char *display_path);

/** Like icp_check_file() on bytes in memory (an upload). `name` is reported
 * as the path. The buffer is borrowed. */
struct icp_result *icp_check_buffer(struct icp_worker *w, const void *data,
                                    size_t len, const char *name);

/** Like icp_check_buffer() with the options that describe one request
 * taken from `opts` instead of the context: the reference date,
 * min_validity_months, forced_type, entity, lang and timeout_ms (the limits,
 * models and Tesseract data stay the context's). `opts` NULL = the
 * context's. The worker's engines are reused as for every file. */
struct icp_result *icp_check_buffer_with(struct icp_worker *w,
                                         const struct icp_options *opts,
                                         const void *data, size_t len,
                                         const char *name);

#endif
