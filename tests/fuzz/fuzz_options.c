/* Fuzzes the option-value parsers and the command-line parse: any bytes
 * must be accepted or refused cleanly, and what is accepted must be in
 * range. Lines of the input become argv words for icp_cli_parse(). */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "cli/walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void values(const char *s)
{
    int y, m, d;
    if (icp_opt_date(s, &y, &m, &d) == 0 &&
        (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31))
        abort();
    long v;
    if (icp_opt_int(s, -5, 120, &v) == 0 && (v < -5 || v > 120))
        abort();
    long long big;
    if (icp_opt_size(s, 1024, 1, 1LL << 40, &big) == 0 &&
        (big < 1 || big > 1LL << 40))
        abort();
    icp_opt_size(s, 1000, 0, INT64_MAX, &big);
    if (icp_opt_seconds(s, 86400, &v) == 0 && (v < 0 || v > 86400000L))
        abort();
    enum icp_entity e;
    enum icp_lang l;
    enum icp_format f;
    enum icp_doc_type t;
    icp_opt_entity(s, &e);
    icp_opt_lang(s, &l);
    icp_format_parse(s, &f);
    icp_doc_type_parse(s, &t);
    icp_opt_lang_from_env(s, NULL, s);
    icp_walk_is_image_name(s);
    char *shown = icp_walk_display(s);
    if (!g_utf8_validate(shown, -1, NULL))
        abort();
    g_free(shown);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = g_strndup((const char *)data, size);
    values(s);
    char **words = g_strsplit(s, "\n", 30);
    int argc = 1;
    char *argv[32] = {"icpcheck"};
    for (int i = 0; words[i]; i++)
        argv[argc++] = words[i];
    argv[argc] = NULL;
    struct icp_cli cli;
    char *err = NULL;
    if (icp_cli_parse(argc, argv, &cli, &err) != 0 && !err)
        abort(); /* a refusal always says why */
    g_free(err);
    g_strfreev(words);
    g_free(s);
    return 0;
}
