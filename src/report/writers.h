/* The internal form of struct icp_report and the writers behind it. */
#ifndef ICPCHECK_REPORT_WRITERS_H
#define ICPCHECK_REPORT_WRITERS_H

#include <cjson/cJSON.h>
#include <glib.h>

#include "icpcheck/report.h"

struct icp_report {
    FILE *out;
    struct icp_report_options opts;
    struct icp_report_counts counts;
    bool started; /* JSON: the document is open; CSV: the header is out */
    cJSON *apps;  /* JSON: application records, written at the end */
    long resumed; /* < 0: not a resumed run */
    bool interrupted;
};

/** Writes `len` bytes of `s` with one fwrite, so that records never
 * interleave. Returns 0, or -1 when the stream fails. */
int icp_report_emit(struct icp_report *rep, const char *s, size_t len);

/** As icp_report_emit() on a GString, which it frees. */
int icp_report_emit_gstring(struct icp_report *rep, GString *s);

/** The `kind: application` record. Caller frees with cJSON_Delete(). */
cJSON *icp_app_record_json(const struct icp_app_record *app);

/** The `kind: summary` record. Caller frees with cJSON_Delete(). */
cJSON *icp_summary_json(const struct icp_report_counts *c, long skipped,
                        double seconds);

/** `s` as one RFC 4180 field: unchanged unless it holds a comma, quote, CR
 * or LF (or starts/ends with a space), then quoted with quotes doubled.
 * Caller frees with g_free(). */
char *icp_csv_field(const char *s);

/* One function per format and record kind; each returns 0 or -1. */
int icp_json_file(struct icp_report *rep, const struct icp_result *res);
int icp_json_application(struct icp_report *rep,
                         const struct icp_app_record *app);
int icp_json_finish(struct icp_report *rep, long skipped, double seconds);
int icp_csv_file(struct icp_report *rep, const struct icp_result *res);
int icp_csv_application(struct icp_report *rep,
                        const struct icp_app_record *app);
int icp_text_file(struct icp_report *rep, const struct icp_result *res);
int icp_text_application(struct icp_report *rep,
                         const struct icp_app_record *app);
int icp_text_finish(struct icp_report *rep, long skipped, double seconds);

#endif
