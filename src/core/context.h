/* The internal form of the read-only context, and model-file look-ups. */
#ifndef ICPCHECK_CORE_CONTEXT_H
#define ICPCHECK_CORE_CONTEXT_H

#include <glib.h>

#include "icpcheck/context.h"

struct icp_context {
    struct icp_options opts;
    char *models_dir;
    char *tessdata_dir;
    GHashTable *models; /* "quality" -> GKeyFile* of models/quality.ini */
};

/** A number from models/<model>.ini, group and key. A missing value is a
 * broken installation: the program stops with a message naming the file. */
double icp_model_num(const struct icp_context *ctx, const char *model,
                     const char *group, const char *key);

/** A string from a model file; owned by the context. Missing: as above. */
const char *icp_model_str(const struct icp_context *ctx, const char *model,
                          const char *group, const char *key);

/** The strings of a `;`-separated list value. Caller frees with
 * g_strfreev(). Missing: as above. */
char **icp_model_list(const struct icp_context *ctx, const char *model,
                      const char *group, const char *key);

/** As icp_model_list(), or NULL when the key is absent (an optional
 * value). Caller frees with g_strfreev(). */
char **icp_model_optional_list(const struct icp_context *ctx,
                               const char *model, const char *group,
                               const char *key);

#endif
