/* Fuzzes the parsers of icpcheck serve: the --listen address, the request's
 * content type, the reported name of an upload, and form fields through
 * the command line's option parser. Any bytes must be taken or refused
 * cleanly; a name must come out valid UTF-8, short, without a slash. */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/serve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = g_strndup((const char *)data, size);
    struct sockaddr_storage addr;
    socklen_t len = 0;
    if (icp_serve_parse_listen(s, &addr, &len) == 0 &&
        addr.ss_family != AF_INET && addr.ss_family != AF_INET6)
        abort();
    icp_serve_is_multipart(s);
    char *name = icp_serve_upload_name(s, size);
    if (!g_utf8_validate(name, -1, NULL) || strlen(name) == 0 ||
        strlen(name) > 200 || strchr(name, '/') || strchr(name, '\\'))
        abort();
    g_free(name);
    /* "field=value": a form field as the service checks it. */
    char *eq = strchr(s, '=');
    if (eq) {
        *eq = '\0';
        struct icp_cli cli;
        char *argv[] = {"icpcheck", "serve", NULL};
        char *err = NULL;
        if (icp_cli_parse(2, argv, &cli, &err))
            abort();
        if (icp_cli_set_value(&cli, s, eq + 1, &err) != 0 && !err)
            abort(); /* a refusal always says why */
        g_free(err);
    }
    g_free(s);
    return 0;
}
