/* The small parsers of icpcheck serve: the listen address, the request's
 * content type and the reported name of an upload. */
#include <arpa/inet.h>
#include <glib.h>
#include <netinet/in.h>
#include <string.h>

#include "cli/serve.h"

enum { NAME_MAX_BYTES = 200 };

static int parse_port(const char *s, in_port_t *out)
{
    long v = 0;
    if (icp_opt_int(s, 0, 65535, &v))
        return -1;
    *out = htons((in_port_t)v);
    return 0;
}

int icp_serve_parse_listen(const char *s, struct sockaddr_storage *addr,
                           socklen_t *len)
{
    int rc = -1;
    char *host = NULL;
    const char *port = NULL;
    memset(addr, 0, sizeof *addr);
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':')
            goto out;
        host = g_strndup(s + 1, (size_t)(close - s - 1));
        port = close + 2;
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)addr;
        a6->sin6_family = AF_INET6;
        if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1 ||
            parse_port(port, &a6->sin6_port))
            goto out;
        *len = sizeof *a6;
    } else {
        const char *colon = strrchr(s, ':');
        if (!colon)
            goto out;
        host = g_strndup(s, (size_t)(colon - s));
        port = colon + 1;
        struct sockaddr_in *a4 = (struct sockaddr_in *)addr;
        a4->sin_family = AF_INET;
        const char *numeric = strcmp(host, "localhost") == 0 ? "127.0.0.1"
                                                             : host;
        if (inet_pton(AF_INET, numeric, &a4->sin_addr) != 1 ||
            parse_port(port, &a4->sin_port))
            goto out;
        *len = sizeof *a4;
    }
    rc = 0;
out:
    if (rc)
        memset(addr, 0, sizeof *addr);
    g_free(host);
    return rc;
}

bool icp_serve_is_multipart(const char *content_type)
{
    static const char want[] = "multipart/form-data";
    if (!content_type)
        return false;
    while (*content_type == ' ' || *content_type == '\t')
        content_type++;
    if (g_ascii_strncasecmp(content_type, want, sizeof want - 1) != 0)
        return false;
    char next = content_type[sizeof want - 1];
    return next == '\0' || next == ';' || next == ' ' || next == '\t';
}

char *icp_serve_upload_name(const char *filename, size_t index)
{
    const char *base = filename ? filename : "";
    /* Browsers on some systems send the whole path, with either slash. */
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    char *valid = g_utf8_make_valid(base, -1);
    GString *out = g_string_new(NULL);
    for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        char buf[6];
        int n = g_unichar_to_utf8(g_unichar_iscntrl(c) ? '_' : c, buf);
        if (out->len + (size_t)n > NAME_MAX_BYTES)
            break;
        g_string_append_len(out, buf, n);
    }
    g_free(valid);
    if (out->len == 0 || strcmp(out->str, ".") == 0 ||
        strcmp(out->str, "..") == 0) {
        g_string_free(out, TRUE);
        return g_strdup_printf("upload-%zu", index + 1);
    }
    return g_string_free(out, FALSE);
}
