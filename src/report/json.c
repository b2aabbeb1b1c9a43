/* JSON and JSON Lines writers, built on cJSON: no hand-made escaping. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/result.h"
#include "report/writers.h"

static cJSON *finding_json(const struct icp_finding *f)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "rule", f->rule);
    cJSON_AddStringToObject(o, "severity", icp_severity_name(f->severity));
    cJSON_AddStringToObject(o, "message", f->message);
    if (f->has_box)
        cJSON_AddItemToObject(o, "box", icp_box_json(f->box));
    return o;
}

cJSON *icp_app_record_json(const struct icp_app_record *app)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", "application");
    cJSON_AddStringToObject(o, "path", app->path);
    cJSON_AddStringToObject(o, "verdict", icp_verdict_name(app->verdict));
    cJSON_AddStringToObject(o, "entity", icp_entity_name(app->entity));
    cJSON_AddNumberToObject(o, "files", app->files);
    cJSON *arr = cJSON_AddArrayToObject(o, "findings");
    for (size_t i = 0; i < app->n_findings; i++)
        cJSON_AddItemToArray(arr, finding_json(&app->findings[i]));
    return o;
}

cJSON *icp_summary_json(const struct icp_report_counts *c, long skipped,
                        double seconds)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", "summary");
    cJSON_AddNumberToObject(o, "files", (double)c->files);
    cJSON_AddNumberToObject(o, "applications", (double)c->applications);
    static const char *const names[] = {"pass", "warn", "fail", "error"};
    for (size_t i = 0; i < 4; i++)
        cJSON_AddNumberToObject(o, names[i], (double)c->verdicts[i]);
    cJSON_AddNumberToObject(o, "skipped", (double)skipped);
    /* Hundredths are all a wall-clock time means. */
    cJSON_AddNumberToObject(o, "seconds", round(seconds * 100) / 100);
    return o;
}

/* Prints `item` (which it frees) after `prefix`, then a newline, in one
 * write. */
static int emit_json(struct icp_report *rep, const char *prefix, cJSON *item)
{
    char *s = cJSON_PrintUnformatted(item);
    cJSON_Delete(item);
    GString *buf = g_string_new(prefix);
    g_string_append(buf, s);
    g_string_append_c(buf, '\n');
    cJSON_free(s);
    return icp_report_emit_gstring(rep, buf);
}

int icp_json_file(struct icp_report *rep, const struct icp_result *res)
{
    cJSON *rec = icp_result_json(res);
    if (rep->opts.format == ICP_FORMAT_JSONL)
        return emit_json(rep, "", rec);
    /* One document: files stream out as they come, each on its own line. */
    const char *prefix = rep->started ? "," : "{\"files\":[\n";
    rep->started = true;
    return emit_json(rep, prefix, rec);
}

int icp_json_application(struct icp_report *rep,
                         const struct icp_app_record *app)
{
    cJSON *rec = icp_app_record_json(app);
    if (rep->opts.format == ICP_FORMAT_JSONL)
        return emit_json(rep, "", rec);
    if (!rep->apps)
        rep->apps = cJSON_CreateArray();
    cJSON_AddItemToArray(rep->apps, rec);
    return 0;
}

static int finish_document(struct icp_report *rep, cJSON *summary)
{
    GString *buf = g_string_new(rep->started ? "]" : "{\"files\":[]");
    g_string_append(buf, ",\"applications\":[");
    cJSON *app;
    bool first = true;
    cJSON_ArrayForEach(app, rep->apps)
    {
        char *s = cJSON_PrintUnformatted(app);
        g_string_append(buf, first ? "\n" : ",\n");
        g_string_append(buf, s);
        cJSON_free(s);
        first = false;
    }
    char *sum = cJSON_PrintUnformatted(summary);
    g_string_append_printf(buf, "%s],\n\"summary\":%s}\n", first ? "" : "\n",
                           sum);
    cJSON_free(sum);
    cJSON_Delete(summary);
    rep->started = true;
    return icp_report_emit_gstring(rep, buf);
}

int icp_json_finish(struct icp_report *rep, long skipped, double seconds)
{
    cJSON *summary = icp_summary_json(&rep->counts, skipped, seconds);
    if (rep->resumed >= 0)
        cJSON_AddNumberToObject(summary, "resumed", (double)rep->resumed);
    if (rep->interrupted)
        cJSON_AddTrueToObject(summary, "interrupted");
    if (rep->opts.format == ICP_FORMAT_JSONL)
        return emit_json(rep, "", summary);
    return finish_document(rep, summary);
}
