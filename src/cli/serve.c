/* icpcheck serve: POST /v1/check and /v1/applications take multipart
 * uploads, held in memory, check them on the batch path's worker pool and
 * answer the --format json document; GET / is the upload page, GET /healthz
 * a liveness probe. One libmicrohttpd thread does all network work; a
 * request whose files are queued is suspended until its last file is
 * done, so that a waiting request costs no thread. */
#include <errno.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <netinet/in.h>

#include "cli/pool.h"
#include "cli/serve.h"
#include "core/util.h"

enum {
    FIELD_MAX = 64,           /* bytes of one form field's value */
    POST_BUFFER = 64 * 1024,  /* the post processor's buffer */
    IDLE_TIMEOUT_S = 30,      /* a silent client is dropped */
    STOP_GRACE_MS = 15 * 1000 /* answering what is in flight at a stop */
};

/* All uploads held at once, whatever the queue: beyond it, 503. */
static const long long HELD_BUDGET = 512LL * 1024 * 1024;

struct server {
    const struct icp_cli *cli;
    const struct icp_context *ctx;
    struct icp_pool *pool;
    struct MHD_Daemon *daemon;
    char *csp;
    long long budget;
    GMutex lock;
    int in_flight;     /* requests accepted and not yet completed */
    int dispatched;    /* requests whose files are in the pool */
    long long held;    /* bytes of uploads held */
    bool stopping;
    char *page;        /* GET /, built once */
};

enum route { ROUTE_CHECK, ROUTE_APPLICATIONS };

struct request;

struct upload {
    struct request *req;
    char *name;
    GByteArray *bytes;
    struct icp_task task;
};

struct request {
    struct server *srv;
    struct MHD_Connection *conn;
    enum route route;
    struct MHD_PostProcessor *pp;
    struct icp_cli cli;        /* the server's, changed by the fields */
    struct icp_options opts;   /* what the tasks are checked with */
    GPtrArray *uploads;        /* struct upload * */
    struct upload *current;    /* the file part being received */
    char *field;               /* the field part being received */
    char *part_key, *part_file; /* the names of the part being received */
    GString *value;
    bool in_part;
    bool thumbnails;
    long long body, held;
    unsigned status;           /* an error to answer, or 0 */
    char *err_code, *err_msg;
    bool dispatched;
    gint remaining;            /* tasks not yet done (atomic) */
    gint64 start;
};

/* ---- answers ---- */

static void common_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
}

/* Queues `body` (malloc'd; taken) as the answer. */
static enum MHD_Result answer(struct MHD_Connection *c, unsigned status,
                              const char *type, char *body, size_t len)
{
    struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback(
        len, body, free);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    common_headers(r);
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "5");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, POST");
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result answer_json(struct MHD_Connection *c, unsigned status,
                                   cJSON *doc)
{
    char *s = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    /* cJSON allocates with malloc unless hooked, and the response frees
     * with free(). */
    size_t len = strlen(s);
    char *body = xmalloc(len + 1);
    memcpy(body, s, len + 1);
    cJSON_free(s);
    return answer(c, status, "application/json; charset=utf-8", body, len);
}

static enum MHD_Result answer_error(struct MHD_Connection *c, unsigned status,
                                    const char *code, const char *msg)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "error", code);
    cJSON_AddStringToObject(doc, "message", msg);
    cJSON_AddNumberToObject(doc, "status", status);
    return answer_json(c, status, doc);
}

/* Remembers the first error of a request, answered once its body is in. */
static void fail(struct request *req, unsigned status, const char *code,
                 char *msg_owned)
{
    if (req->status) {
        g_free(msg_owned);
        return;
    }
    req->status = status;
    req->err_code = g_strdup(code);
    req->err_msg = msg_owned;
}

/* ---- the request's life ---- */

static void upload_free(struct upload *u)
{
    if (!u)
        return;
    icp_result_free(u->task.result);
    g_free(u->task.thumb);
    if (u->bytes)
        g_byte_array_unref(u->bytes);
    g_free(u->name);
    free(u);
}

static void request_free(struct request *req)
{
    if (!req)
        return;
    struct server *srv = req->srv;
    if (req->pp)
        MHD_destroy_post_processor(req->pp);
    g_ptr_array_free(req->uploads, TRUE);
    g_free(req->field);
    g_free(req->part_key);
    g_free(req->part_file);
    if (req->value)
        g_string_free(req->value, TRUE);
    g_free(req->err_code);
    g_free(req->err_msg);
    g_mutex_lock(&srv->lock);
    srv->in_flight--;
    srv->held -= req->held;
    g_mutex_unlock(&srv->lock);
    free(req);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    request_free(*con_cls);
    *con_cls = NULL;
}

/* Counts `n` more bytes held by the request; false past the budget. */
static bool hold(struct request *req, size_t n)
{
    struct server *srv = req->srv;
    g_mutex_lock(&srv->lock);
    bool ok = srv->held + (long long)n <= srv->budget;
    if (ok) {
        srv->held += (long long)n;
        req->held += (long long)n;
    }
    g_mutex_unlock(&srv->lock);
    return ok;
}

/* A field's value is complete: check it as the command line would. */
static void end_field(struct request *req)
{
    const char *name = req->field, *value = req->value->str;
    static const char *const known[] = {"type", "entity", "today", "lang",
                                        "min-validity-months", "thumbnails"};
    char *err = NULL;
    bool is_known = false;
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
        is_known = is_known || strcmp(name, known[i]) == 0;
    if (!is_known)
        fail(req, MHD_HTTP_BAD_REQUEST, "bad_field",
             g_strdup_printf("unknown field '%s'", name));
    else if (value[0] == '\0')
        ; /* an empty field (a form left at its default) says nothing */
    else if (strcmp(name, "thumbnails") == 0) {
        if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0)
            req->thumbnails = true;
        else if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0)
            req->thumbnails = false;
        else
            fail(req, MHD_HTTP_BAD_REQUEST, "bad_field",
                 g_strdup_printf("invalid thumbnails '%s': expected 1 or 0",
                                 value));
    } else if (icp_cli_set_value(&req->cli, name, value, &err))
        fail(req, MHD_HTTP_BAD_REQUEST, "bad_field", err);
    g_free(req->field);
    req->field = NULL;
    g_string_truncate(req->value, 0);
}

static void end_part(struct request *req)
{
    if (req->field)
        end_field(req);
    req->current = NULL;
    req->in_part = false;
}

static bool start_part(struct request *req, const char *key,
                       const char *filename)
{
    end_part(req);
    req->in_part = true;
    g_free(req->part_key);
    g_free(req->part_file);
    req->part_key = g_strdup(key);
    req->part_file = g_strdup(filename);
    if (!filename) {
        req->field = g_strdup(key ? key : "");
        return true;
    }
    if (req->uploads->len >= (guint)req->cli.max_files) {
        fail(req, MHD_HTTP_CONTENT_TOO_LARGE, "too_many_files",
             g_strdup_printf("more than %d files in one request",
                             req->cli.max_files));
        return false;
    }
    struct upload *u = xcalloc(1, sizeof *u);
    u->req = req;
    u->name = icp_serve_upload_name(filename, req->uploads->len);
    u->bytes = g_byte_array_new();
    g_ptr_array_add(req->uploads, u);
    req->current = u;
    return true;
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind,
                               const char *key, const char *filename,
                               const char *content_type,
                               const char *transfer_encoding,
                               const char *data, uint64_t off, size_t size)
{
    struct request *req = cls;
    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    if (req->status)
        return MHD_NO;
    /* A part's first call has offset 0. So may the call after an empty
     * first piece (the library calls once for every part, data or not),
     * which belongs to the same part: told apart by the part's names. (Two
     * empty parts in a row with the same names are then taken as one.) */
    bool same = req->in_part && off == 0 &&
                (req->current ? req->current->bytes->len == 0
                              : req->value->len == 0) &&
                g_strcmp0(req->part_key, key) == 0 &&
                g_strcmp0(req->part_file, filename) == 0;
    if (off == 0 && !same && !start_part(req, key, filename))
        return MHD_NO;
    if (size == 0)
        return MHD_YES;
    if (req->current) {
        if (!hold(req, size)) {
            fail(req, MHD_HTTP_SERVICE_UNAVAILABLE, "busy",
                 g_strdup("the server holds too many uploads: try again "
                          "later"));
            return MHD_NO;
        }
        g_byte_array_append(req->current->bytes, (const guint8 *)data,
                            (guint)size);
        return MHD_YES;
    }
    if (req->value->len + size > FIELD_MAX) {
        fail(req, MHD_HTTP_BAD_REQUEST, "bad_field",
             g_strdup_printf("the field '%s' is longer than %d bytes",
                             req->field, FIELD_MAX));
        return MHD_NO;
    }
    g_string_append_len(req->value, data, (gssize)size);
    return MHD_YES;
}

/* ---- checking ---- */

/* A worker thread finished (or the pool dropped) one of the request's
 * files; the last one wakes the request up. */
static void task_done(struct icp_task *task, void *arg)
{
    (void)task;
    struct upload *u = arg;
    struct request *req = u->req;
    if (g_atomic_int_dec_and_test(&req->remaining))
        MHD_resume_connection(req->conn);
}

/* Hands the files to the pool; false when the server is stopping. */
static bool dispatch(struct request *req)
{
    struct server *srv = req->srv;
    req->opts = req->cli.opts;
    long file_ms = srv->ctx ? icp_context_options(srv->ctx)->timeout_ms : 0;
    long req_ms = req->cli.request_timeout_ms;
    req->opts.timeout_ms = file_ms > 0 && file_ms < req_ms ? file_ms : req_ms;
    gint64 deadline = req->start + (gint64)req_ms * 1000;
    /* Checked and pushed under the lock: a stop that follows sees these
     * tasks in the pool or in `dispatched`, and a dispatch that follows a
     * stop sees it. */
    g_mutex_lock(&srv->lock);
    if (srv->stopping) {
        g_mutex_unlock(&srv->lock);
        return false;
    }
    srv->dispatched++;
    req->dispatched = true;
    g_atomic_int_set(&req->remaining, (gint)req->uploads->len);
    /* Suspended before any task can finish, so that the last one's resume
     * always follows. */
    MHD_suspend_connection(req->conn);
    for (guint i = 0; i < req->uploads->len; i++) {
        struct upload *u = g_ptr_array_index(req->uploads, i);
        struct icp_task *t = &u->task;
        t->path = u->name;
        t->display = u->name;
        t->in_memory = true;
        t->data = u->bytes->data;
        t->len = u->bytes->len;
        t->opts = &req->opts;
        t->want_thumb = req->thumbnails;
        t->deadline = deadline;
        t->on_done = task_done;
        t->on_done_arg = u;
        icp_pool_push(srv->pool, t);
    }
    g_mutex_unlock(&srv->lock);
    return true;
}

/* The --format json document of the request's results (and, for
 * /v1/applications, its application record). Caller frees with free(). */
static char *report_json(struct request *req, size_t *len_out)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        abort(); /* out of memory, as xmalloc */
    struct icp_report_options ro = {.format = ICP_FORMAT_JSON,
                                    .lang = req->opts.lang};
    struct icp_report *rep = icp_report_new(mem, &ro);
    struct icp_application *app =
        req->route == ROUTE_APPLICATIONS
            ? icp_application_new("upload", req->opts.entity, req->opts.lang)
            : NULL;
    for (guint i = 0; i < req->uploads->len; i++) {
        struct upload *u = g_ptr_array_index(req->uploads, i);
        icp_report_file(rep, u->task.result);
        if (app)
            icp_application_add(app, u->task.result);
    }
    if (app) {
        struct icp_app_record rec;
        icp_application_finish(app, &rec);
        icp_report_application(rep, &rec);
    }
    double seconds =
        (double)(g_get_monotonic_time() - req->start) / G_USEC_PER_SEC;
    icp_report_finish(rep, 0, seconds);
    icp_report_free(rep);
    icp_application_free(app);
    fclose(mem);
    *len_out = len;
    return buf;
}

static enum MHD_Result answer_results(struct request *req)
{
    g_mutex_lock(&req->srv->lock);
    req->srv->dispatched--;
    g_mutex_unlock(&req->srv->lock);
    for (guint i = 0; i < req->uploads->len; i++) {
        struct upload *u = g_ptr_array_index(req->uploads, i);
        if (!u->task.result)
            return answer_error(
                req->conn, MHD_HTTP_SERVICE_UNAVAILABLE, "timeout",
                req->srv->stopping
                    ? "the server is stopping: try again later"
                    : "the request waited longer than its timeout for a "
                      "worker: try again later");
    }
    size_t len = 0;
    char *body = report_json(req, &len);
    if (!req->thumbnails)
        return answer(req->conn, MHD_HTTP_OK,
                      "application/json; charset=utf-8", body, len);
    /* The thumbnails ride beside the files, in their order, so that the
     * file records keep the contract's shape. */
    cJSON *doc = cJSON_ParseWithLength(body, len);
    free(body);
    if (!doc)
        return answer_error(req->conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
                            "internal", "cannot build the answer");
    cJSON *thumbs = cJSON_AddArrayToObject(doc, "thumbnails");
    for (guint i = 0; i < req->uploads->len; i++) {
        struct upload *u = g_ptr_array_index(req->uploads, i);
        cJSON_AddItemToArray(thumbs, u->task.thumb
                                         ? cJSON_CreateString(u->task.thumb)
                                         : cJSON_CreateNull());
    }
    return answer_json(req->conn, MHD_HTTP_OK, doc);
}

/* ---- routing ---- */

static enum MHD_Result answer_page(struct server *srv,
                                   struct MHD_Connection *c)
{
    /* The page outlives the daemon: no copy. */
    struct MHD_Response *r = MHD_create_response_from_buffer(
        strlen(srv->page), srv->page, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "text/html; charset=utf-8");
    common_headers(r);
    MHD_add_response_header(r, "Content-Security-Policy", srv->csp);
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    enum MHD_Result rc = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result answer_health(struct server *srv,
                                     struct MHD_Connection *c)
{
    cJSON *doc = cJSON_CreateObject();
    g_mutex_lock(&srv->lock);
    int in_flight = srv->in_flight;
    g_mutex_unlock(&srv->lock);
    cJSON_AddStringToObject(doc, "status", "ok");
    cJSON_AddStringToObject(doc, "version", icp_version());
    cJSON_AddNumberToObject(doc, "workers", srv->cli->jobs);
    cJSON_AddNumberToObject(doc, "in_flight", in_flight);
    cJSON_AddNumberToObject(doc, "queue", srv->cli->queue);
    return answer_json(c, MHD_HTTP_OK, doc);
}

/* The first call of a request: headers only. Answers at once, or makes the
 * request that collects the body. */
static enum MHD_Result begin(struct server *srv, struct MHD_Connection *c,
                             const char *url, const char *method,
                             void **con_cls)
{
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    bool post = strcmp(method, "POST") == 0;
    bool page = strcmp(url, "/") == 0, health = strcmp(url, "/healthz") == 0;
    bool check = strcmp(url, "/v1/check") == 0,
         apps = strcmp(url, "/v1/applications") == 0;
    if (!page && !health && !check && !apps)
        return answer_error(c, MHD_HTTP_NOT_FOUND, "not_found",
                            "no such resource");
    if ((page || health) && get)
        return page ? answer_page(srv, c) : answer_health(srv, c);
    if (!((check || apps) && post))
        return answer_error(c, MHD_HTTP_METHOD_NOT_ALLOWED,
                            "method_not_allowed",
                            "GET / and /healthz; POST /v1/check and "
                            "/v1/applications");
    const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   "Content-Type");
    if (!icp_serve_is_multipart(type))
        return answer_error(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                            "unsupported_media_type",
                            "send the files as multipart/form-data");
    const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     "Content-Length");
    long long declared = 0;
    /* A declared length, so that a body over the limit is refused before
     * it is read (a form from a browser or curl always has one). */
    if (!length || icp_opt_size(length, 1, 0, 1LL << 62, &declared) != 0)
        return answer_error(c, MHD_HTTP_LENGTH_REQUIRED, "length_required",
                            "send the body with a Content-Length");
    if (declared > srv->cli->max_upload) {
        char *msg = g_strdup_printf(
            "the upload is larger than %lld MB", srv->cli->max_upload >> 20);
        enum MHD_Result rc = answer_error(c, MHD_HTTP_CONTENT_TOO_LARGE,
                                          "too_large", msg);
        g_free(msg);
        return rc;
    }
    g_mutex_lock(&srv->lock);
    bool full = srv->stopping || srv->in_flight >= srv->cli->queue;
    if (!full)
        srv->in_flight++;
    g_mutex_unlock(&srv->lock);
    if (full)
        return answer_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "busy",
                            "too many requests are waiting: try again "
                            "later");
    struct request *req = xcalloc(1, sizeof *req);
    req->srv = srv;
    req->conn = c;
    req->route = check ? ROUTE_CHECK : ROUTE_APPLICATIONS;
    req->cli = *srv->cli;
    req->uploads = g_ptr_array_new_with_free_func((GDestroyNotify)upload_free);
    req->value = g_string_new(NULL);
    req->start = g_get_monotonic_time();
    *con_cls = req; /* freed by completed() from here on */
    req->pp = MHD_create_post_processor(c, POST_BUFFER, on_part, req);
    if (!req->pp)
        return answer_error(c, MHD_HTTP_BAD_REQUEST, "bad_request",
                            "the multipart body has no boundary");
    return MHD_YES;
}

/* A piece of the body. Errors are answered once the body is in (it is
 * no longer than its declared length, checked against the limit). */
static enum MHD_Result body(struct request *req, const char *data,
                            size_t *size)
{
    size_t n = *size;
    *size = 0;
    req->body += (long long)n;
    if (req->body > req->srv->cli->max_upload)
        return MHD_NO; /* cannot happen with a declared length: cut off */
    if (req->status)
        return MHD_YES; /* skipped: the answer is already decided */
    if (MHD_post_process(req->pp, data, n) != MHD_YES && !req->status)
        fail(req, MHD_HTTP_BAD_REQUEST, "bad_request",
             g_strdup("the multipart body cannot be parsed"));
    return MHD_YES;
}

/* The whole body is in: check the files, or answer the error. */
static enum MHD_Result finish_body(struct request *req)
{
    if (!req->status) {
        if (MHD_destroy_post_processor(req->pp) != MHD_YES)
            fail(req, MHD_HTTP_BAD_REQUEST, "bad_request",
                 g_strdup("the multipart body is incomplete"));
        req->pp = NULL;
        end_part(req);
    }
    if (!req->status && req->uploads->len == 0)
        fail(req, MHD_HTTP_BAD_REQUEST, "no_files",
             g_strdup("the request has no file part"));
    if (!req->status && !dispatch(req))
        fail(req, MHD_HTTP_SERVICE_UNAVAILABLE, "busy",
             g_strdup("the server is stopping: try again later"));
    if (req->status)
        return answer_error(req->conn, req->status, req->err_code,
                            req->err_msg);
    return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct request *req = *con_cls;
    if (!req)
        return begin(cls, c, url, method, con_cls);
    if (*upload_data_size > 0)
        return body(req, upload_data, upload_data_size);
    if (!req->dispatched)
        return finish_body(req);
    /* Resumed: every file is done. */
    return answer_results(req);
}

/* ---- start and stop ---- */

static int open_socket(const char *listen_at, char **err_out)
{
    struct sockaddr_storage addr;
    socklen_t len = 0;
    if (icp_serve_parse_listen(listen_at, &addr, &len)) {
        *err_out = g_strdup_printf("invalid --listen '%s': expected "
                                   "HOST:PORT with a numeric address, such "
                                   "as 127.0.0.1:8080 or [::1]:0",
                                   listen_at);
        return -1;
    }
    int fd = socket(addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)&addr, len) != 0 || listen(fd, 1024) != 0) {
        *err_out = g_strdup_printf("cannot listen on '%s': %s", listen_at,
                                   g_strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* "http://127.0.0.1:8080/" for the bound socket. Caller g_free()s. */
static char *bound_url(int fd)
{
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (getsockname(fd, (struct sockaddr *)&addr, &len) == 0) {
        if (addr.ss_family == AF_INET6) {
            struct sockaddr_in6 *a = (struct sockaddr_in6 *)&addr;
            inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
            port = ntohs(a->sin6_port);
            return g_strdup_printf("http://[%s]:%d/", host, port);
        }
        struct sockaddr_in *a = (struct sockaddr_in *)&addr;
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        port = ntohs(a->sin_port);
    }
    return g_strdup_printf("http://%s:%d/", host, port);
}

/* Stops taking requests and answers the ones in flight: queued files are
 * dropped (their requests answered 503), running ones finish. Every
 * request in the pool is answered before this returns, so that no
 * connection is suspended when the daemon stops; the others (uploads
 * still coming in) get a short grace. */
static void drain(struct server *srv)
{
    g_mutex_lock(&srv->lock);
    srv->stopping = true;
    g_mutex_unlock(&srv->lock);
    icp_pool_cancel(srv->pool);
    for (int waited = 0;; waited += 20) {
        g_mutex_lock(&srv->lock);
        int left = srv->in_flight, pooled = srv->dispatched;
        g_mutex_unlock(&srv->lock);
        if (pooled == 0 && (left == 0 || waited >= STOP_GRACE_MS))
            break;
        g_usleep(20 * 1000);
    }
}

int icp_serve(const struct icp_cli *cli, const struct icp_context *ctx)
{
    struct server srv = {.cli = cli, .ctx = ctx};
    char *err = NULL, *url = NULL;
    int status = 2, fd = -1;
    g_mutex_init(&srv.lock);
    srv.budget = HELD_BUDGET > 2 * cli->max_upload ? HELD_BUDGET
                                                   : 2 * cli->max_upload;
    srv.csp = icp_serve_page_csp();
    srv.page = icp_serve_page();
    /* Blocked before any thread starts: only sigwait() below takes them. */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    signal(SIGPIPE, SIG_IGN);
    fd = open_socket(cli->listen, &err);
    if (fd < 0)
        goto out;
    srv.pool = icp_pool_new(ctx, cli->jobs, false, &err);
    if (!srv.pool) {
        char *msg = g_strdup_printf("cannot start the workers: %s", err);
        g_free(err);
        err = msg;
        goto out;
    }
    /* Every accepted request holds a connection, and some more may be
     * refused with 503 rather than dropped. */
    unsigned limit = (unsigned)cli->queue + 64;
    srv.daemon = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME, 0, NULL,
        NULL, handle, &srv, MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_NOTIFY_COMPLETED, completed, &srv,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT_S,
        MHD_OPTION_CONNECTION_LIMIT, limit, MHD_OPTION_END);
    if (!srv.daemon) {
        err = g_strdup("cannot start the HTTP server");
        goto out;
    }
    url = bound_url(fd);
    printf("icpcheck: listening on %s\n", url);
    fflush(stdout);
    int sig = 0;
    while (sigwait(&set, &sig) != 0)
        ;
    fprintf(stderr, "icpcheck: stopping (%s)\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    drain(&srv);
    status = 0;
out:
    if (err) {
        fprintf(stderr, "icpcheck: %s\n", err);
        g_free(err);
    }
    /* The workers first: none may resume a connection of a stopped
     * daemon (after drain() they are idle). */
    icp_pool_free(srv.pool);
    if (srv.daemon) {
        /* The daemon closes the listening socket it was given. */
        MHD_stop_daemon(srv.daemon);
        fd = -1;
    }
    if (fd >= 0)
        close(fd);
    g_free(url);
    g_free(srv.csp);
    g_free(srv.page);
    g_mutex_clear(&srv.lock);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return status;
}
