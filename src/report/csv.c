/* CSV writer (RFC 4180): one row per finding, one row for a file without
 * findings, and the same for applications (type "application"). */
#include <string.h>

#include "core/result.h"
#include "report/writers.h"

static const char header[] = "path,type,verdict,rule,severity,message,box\r\n";

char *icp_csv_field(const char *s)
{
    size_t n = strlen(s);
    bool quote = strpbrk(s, ",\"\r\n") != NULL ||
                 (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));
    if (!quote)
        return g_strdup(s);
    GString *out = g_string_sized_new(n + 2);
    g_string_append_c(out, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            g_string_append_c(out, '"');
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
    return g_string_free(out, FALSE);
}

static void add_field(GString *row, const char *value, bool last)
{
    char *q = icp_csv_field(value ? value : "");
    g_string_append(row, q);
    g_string_append(row, last ? "\r\n" : ",");
    g_free(q);
}

/* One row; `f` may be NULL for a record without findings. */
static void add_row(GString *buf, const char *path, const char *type,
                    enum icp_verdict v, const struct icp_finding *f)
{
    add_field(buf, path, false);
    add_field(buf, type, false);
    add_field(buf, icp_verdict_name(v), false);
    add_field(buf, f ? f->rule : "", false);
    add_field(buf, f ? icp_severity_name(f->severity) : "", false);
    add_field(buf, f ? f->message : "", false);
    char *box = NULL;
    if (f && f->has_box) {
        cJSON *b = icp_box_json(f->box);
        box = cJSON_PrintUnformatted(b);
        cJSON_Delete(b);
    }
    add_field(buf, box, true);
    cJSON_free(box);
}

static GString *start(struct icp_report *rep)
{
    GString *buf = g_string_new(rep->started ? "" : header);
    rep->started = true;
    return buf;
}

int icp_csv_file(struct icp_report *rep, const struct icp_result *res)
{
    GString *buf = start(rep);
    if (res) {
        const char *path = icp_result_path(res);
        const char *type = icp_doc_type_name(icp_result_type(res));
        enum icp_verdict v = icp_result_verdict(res);
        size_t n = icp_result_finding_count(res);
        for (size_t i = 0; i < n; i++)
            add_row(buf, path, type, v, icp_result_finding(res, i));
        if (n == 0)
            add_row(buf, path, type, v, NULL);
    }
    return icp_report_emit_gstring(rep, buf);
}

int icp_csv_application(struct icp_report *rep,
                        const struct icp_app_record *app)
{
    GString *buf = start(rep);
    for (size_t i = 0; i < app->n_findings; i++)
        add_row(buf, app->path, "application", app->verdict, &app->findings[i]);
    if (app->n_findings == 0)
        add_row(buf, app->path, "application", app->verdict, NULL);
    return icp_report_emit_gstring(rep, buf);
}
