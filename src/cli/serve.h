/* icpcheck serve: an HTTP service over the worker pool (libmicrohttpd),
 * with the small parsers it needs kept pure for tests and fuzzing. */
#ifndef ICPCHECK_CLI_SERVE_H
#define ICPCHECK_CLI_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "cli/options.h"

/** Parses a --listen value, "HOST:PORT": HOST a numeric IPv4 address,
 * "[IPv6]" or "localhost" (127.0.0.1); PORT 0 to 65535, 0 = any free
 * port. No name is ever looked up. Fills *addr and *len. Returns 0 or -1. */
int icp_serve_parse_listen(const char *s, struct sockaddr_storage *addr,
                           socklen_t *len);

/** True when a Content-Type header value is multipart/form-data (any case,
 * parameters after ';' allowed). NULL is false. */
bool icp_serve_is_multipart(const char *content_type);

/** The name an upload is reported under: the client's file name without
 * any folder part (it is never used on disk), valid UTF-8 without control
 * characters, at most 200 bytes; "upload-N" (N = index + 1) when nothing
 * is left. Caller g_free()s. */
char *icp_serve_upload_name(const char *filename, size_t index);

/** The upload page served at GET /: one HTML document with its style and
 * script inline, nothing fetched. Caller g_free()s. */
char *icp_serve_page(void);

/** The page's Content-Security-Policy: only its own inline script and
 * style (by hash), images from data: URIs, requests to itself. Caller
 * g_free()s. */
char *icp_serve_page_csp(void);

/** Runs the service until SIGINT or SIGTERM, checking uploads on a pool of
 * cli->jobs workers. Prints "listening on http://ADDR:PORT/" on stdout
 * once ready. Returns the exit status: 0 after a clean stop, 2 when it
 * cannot start. */
int icp_serve(const struct icp_cli *cli, const struct icp_context *ctx);

#endif
