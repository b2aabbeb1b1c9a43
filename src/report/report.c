/* The report object: counts records and hands them to the chosen writer. */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "report/writers.h"

static const char *const format_names[] = {"text", "json", "jsonl", "csv"};

int icp_format_parse(const char *name, enum icp_format *out)
{
    for (size_t i = 0; i < G_N_ELEMENTS(format_names); i++)
        if (strcmp(name, format_names[i]) == 0) {
            *out = (enum icp_format)i;
            return 0;
        }
    return -1;
}

const char *icp_format_name(enum icp_format format)
{
    if ((size_t)format >= G_N_ELEMENTS(format_names))
        return "text";
    return format_names[format];
}

struct icp_report *icp_report_new(FILE *out,
                                  const struct icp_report_options *opts)
{
    struct icp_report *rep = xcalloc(1, sizeof *rep);
    rep->out = out;
    rep->opts = *opts;
    rep->resumed = -1;
    return rep;
}

void icp_report_free(struct icp_report *rep)
{
    if (!rep)
        return;
    cJSON_Delete(rep->apps);
    free(rep);
}

int icp_report_emit(struct icp_report *rep, const char *s, size_t len)
{
    if (len && fwrite(s, 1, len, rep->out) != len)
        return -1;
    return ferror(rep->out) ? -1 : 0;
}

int icp_report_emit_gstring(struct icp_report *rep, GString *s)
{
    int rc = icp_report_emit(rep, s->str, s->len);
    g_string_free(s, TRUE);
    return rc;
}

static void count_verdict(struct icp_report *rep, enum icp_verdict v)
{
    if ((size_t)v < G_N_ELEMENTS(rep->counts.verdicts))
        rep->counts.verdicts[v]++;
}

int icp_report_file(struct icp_report *rep, const struct icp_result *res)
{
    rep->counts.files++;
    count_verdict(rep, icp_result_verdict(res));
    switch (rep->opts.format) {
    case ICP_FORMAT_TEXT:
        return icp_text_file(rep, res);
    case ICP_FORMAT_CSV:
        return icp_csv_file(rep, res);
    default:
        return icp_json_file(rep, res);
    }
}

int icp_report_application(struct icp_report *rep,
                           const struct icp_app_record *app)
{
    rep->counts.applications++;
    switch (rep->opts.format) {
    case ICP_FORMAT_TEXT:
        return icp_text_application(rep, app);
    case ICP_FORMAT_CSV:
        return icp_csv_application(rep, app);
    default:
        return icp_json_application(rep, app);
    }
}

void icp_report_note(struct icp_report *rep, long resumed, bool interrupted)
{
    rep->resumed = resumed;
    rep->interrupted = interrupted;
}

int icp_report_finish(struct icp_report *rep, long skipped, double seconds)
{
    int rc = 0;
    switch (rep->opts.format) {
    case ICP_FORMAT_TEXT:
        rc = icp_text_finish(rep, skipped, seconds);
        break;
    case ICP_FORMAT_CSV:
        /* A run without records still gets its header. */
        if (!rep->started)
            rc = icp_csv_file(rep, NULL);
        break;
    default:
        rc = icp_json_finish(rep, skipped, seconds);
    }
    if (fflush(rep->out) != 0)
        rc = -1;
    return rc;
}

const struct icp_report_counts *icp_report_counts(const struct icp_report *rep)
{
    return &rep->counts;
}
