/* Options and the read-only context (models, thresholds) shared by threads. */
#ifndef ICPCHECK_CONTEXT_H
#define ICPCHECK_CONTEXT_H

#include <stddef.h>

#include "types.h"

/** Everything a run is configured with. Fill with icp_options_init(), then
 * change fields; strings are borrowed and must outlive the context. */
struct icp_options {
    const char *models_dir;   /**< project models; NULL = built-in path */
    const char *tessdata_dir; /**< NULL = models_dir/tessdata if present,
                                   else Tesseract's default */
    int today_year, today_month, today_day; /**< reference date */
    int min_validity_months;  /**< valid for more than N months (3) */
    enum icp_doc_type forced_type; /**< ICP_TYPE_AUTO = classify */
    enum icp_entity entity;
    enum icp_lang lang;
    long long max_pixels;     /**< refuse larger images before decoding */
    long long max_bytes;      /**< refuse larger files before reading */
    long long max_memory;     /**< refuse images whose decoded copies would
                                   need more bytes than this, per worker */
    long timeout_ms;          /**< per-file deadline; past it the checks
                                   stop and the file gets input.timeout;
                                   0 = none */
    int min_short_side;       /**< input.too_small below this */
};

/** Sets defaults: today = the system date, 3 months, auto type and entity,
 * Chinese, 100 megapixels, 50 MB, 1 GB of decoded pixels per worker, 60 s
 * per file, 300 px. */
void icp_options_init(struct icp_options *opts);

struct icp_context;

/** Loads the model files and checks the OCR language data.
 * Returns NULL on failure with a message in *err_out (caller g_free()s).
 * Caller frees the context with icp_context_free(). */
struct icp_context *icp_context_new(const struct icp_options *opts,
                                    char **err_out);

/** Frees the context; NULL is a no-op. Free all workers first. */
void icp_context_free(struct icp_context *ctx);

/** The options the context was made with (a copy owned by the context). */
const struct icp_options *icp_context_options(const struct icp_context *ctx);

#endif
