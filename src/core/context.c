/* Options, model files (models/NAME.ini, read once) and the OCR data check. */
#include "core/context.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"

#ifndef ICP_MODELS_DIR
#define ICP_MODELS_DIR "models"
#endif

/* Where Debian's tesseract-ocr-* packages put the language data. */
static const char *const tessdata_candidates[] = {
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
};

void icp_options_init(struct icp_options *opts)
{
    memset(opts, 0, sizeof *opts);
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    opts->today_year = tm.tm_year + 1900;
    opts->today_month = tm.tm_mon + 1;
    opts->today_day = tm.tm_mday;
    opts->min_validity_months = 3;
    opts->forced_type = ICP_TYPE_AUTO;
    opts->entity = ICP_ENTITY_AUTO;
    opts->lang = ICP_LANG_ZH;
    opts->max_pixels = 100LL * 1000 * 1000;
    opts->max_bytes = 50LL * 1024 * 1024;
    opts->max_memory = 1024LL * 1024 * 1024;
    opts->timeout_ms = 60 * 1000;
    opts->min_short_side = 300;
}

static bool has_lang(const char *dir, const char *lang)
{
    char *path = g_strdup_printf("%s/%s.traineddata", dir, lang);
    bool ok = g_file_test(path, G_FILE_TEST_IS_REGULAR);
    g_free(path);
    return ok;
}

static char *find_tessdata(const struct icp_options *o, const char *models)
{
    if (o->tessdata_dir)
        return g_strdup(o->tessdata_dir);
    char *own = g_build_filename(models, "tessdata", NULL);
    if (has_lang(own, "eng"))
        return own;
    g_free(own);
    const char *env = g_getenv("TESSDATA_PREFIX");
    if (env && has_lang(env, "eng"))
        return g_strdup(env);
    for (size_t i = 0; i < G_N_ELEMENTS(tessdata_candidates); i++)
        if (has_lang(tessdata_candidates[i], "eng"))
            return g_strdup(tessdata_candidates[i]);
    return g_strdup(tessdata_candidates[0]);
}

static int load_models(struct icp_context *ctx, char **err_out)
{
    GError *gerr = NULL;
    GDir *dir = g_dir_open(ctx->models_dir, 0, &gerr);
    if (!dir) {
        *err_out = g_strdup_printf("cannot open models folder '%s': %s",
                                   ctx->models_dir, gerr->message);
        g_error_free(gerr);
        return -1;
    }
    int rc = 0;
    const char *name;
    while ((name = g_dir_read_name(dir))) {
        if (!g_str_has_suffix(name, ".ini"))
            continue;
        char *path = g_build_filename(ctx->models_dir, name, NULL);
        GKeyFile *kf = g_key_file_new();
        if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &gerr)) {
            *err_out = g_strdup_printf("cannot read model '%s': %s", path,
                                       gerr->message);
            g_clear_error(&gerr);
            g_key_file_free(kf);
            g_free(path);
            rc = -1;
            break;
        }
        g_free(path);
        g_hash_table_insert(ctx->models, g_strndup(name, strlen(name) - 4),
                            kf);
    }
    g_dir_close(dir);
    if (rc == 0 && g_hash_table_size(ctx->models) == 0) {
        *err_out = g_strdup_printf("no model files (*.ini) in '%s'",
                                   ctx->models_dir);
        rc = -1;
    }
    return rc;
}

struct icp_context *icp_context_new(const struct icp_options *opts,
                                    char **err_out)
{
    *err_out = NULL;
    struct icp_context *ctx = xcalloc(1, sizeof *ctx);
    ctx->opts = *opts;
    ctx->models_dir = g_strdup(opts->models_dir ? opts->models_dir
                                                : ICP_MODELS_DIR);
    ctx->models = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify)g_key_file_free);
    if (load_models(ctx, err_out))
        goto fail;
    ctx->tessdata_dir = find_tessdata(opts, ctx->models_dir);
    const char *need[] = {"eng", "chi_sim"};
    for (size_t i = 0; i < G_N_ELEMENTS(need); i++)
        if (!has_lang(ctx->tessdata_dir, need[i])) {
            *err_out = g_strdup_printf(
                "Tesseract language data '%s' not found in '%s' (install "
                "tesseract-ocr-%s, or point --models at a folder with "
                "tessdata/)",
                need[i], ctx->tessdata_dir,
                strcmp(need[i], "chi_sim") == 0 ? "chi-sim" : need[i]);
            goto fail;
        }
    /* Keep the options' strings valid however long the caller's live. */
    ctx->opts.models_dir = ctx->models_dir;
    ctx->opts.tessdata_dir = ctx->tessdata_dir;
    return ctx;
fail:
    icp_context_free(ctx);
    return NULL;
}

void icp_context_free(struct icp_context *ctx)
{
    if (!ctx)
        return;
    if (ctx->models)
        g_hash_table_destroy(ctx->models);
    g_free(ctx->models_dir);
    g_free(ctx->tessdata_dir);
    free(ctx);
}

const struct icp_options *icp_context_options(const struct icp_context *ctx)
{
    return &ctx->opts;
}

static GKeyFile *model(const struct icp_context *ctx, const char *name)
{
    GKeyFile *kf = g_hash_table_lookup(ctx->models, name);
    if (!kf) {
        fprintf(stderr, "icpcheck: model file '%s/%s.ini' is missing\n",
                ctx->models_dir, name);
        exit(2);
    }
    return kf;
}

static void missing(const struct icp_context *ctx, const char *name,
                    const char *group, const char *key, GError *err)
{
    fprintf(stderr, "icpcheck: '%s/%s.ini' lacks [%s] %s: %s\n",
            ctx->models_dir, name, group, key, err->message);
    exit(2);
}

double icp_model_num(const struct icp_context *ctx, const char *name,
                     const char *group, const char *key)
{
    GError *err = NULL;
    double v = g_key_file_get_double(model(ctx, name), group, key, &err);
    if (err)
        missing(ctx, name, group, key, err);
    return v;
}

const char *icp_model_str(const struct icp_context *ctx, const char *name,
                          const char *group, const char *key)
{
    GError *err = NULL;
    char *v = g_key_file_get_string(model(ctx, name), group, key, &err);
    if (err)
        missing(ctx, name, group, key, err);
    /* Interned strings live as long as the process and are thread-safe. */
    const char *interned = g_intern_string(v);
    g_free(v);
    return interned;
}

char **icp_model_list(const struct icp_context *ctx, const char *name,
                      const char *group, const char *key)
{
    GError *err = NULL;
    char **v = g_key_file_get_string_list(model(ctx, name), group, key, NULL,
                                          &err);
    if (err)
        missing(ctx, name, group, key, err);
    return v;
}

char **icp_model_optional_list(const struct icp_context *ctx,
                               const char *name, const char *group,
                               const char *key)
{
    GKeyFile *kf = model(ctx, name);
    if (!g_key_file_has_key(kf, group, key, NULL))
        return NULL;
    return icp_model_list(ctx, name, group, key);
}
