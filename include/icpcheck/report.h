/* Report writers: file, application and summary records as text, JSON,
 * JSON Lines or CSV on a stdio stream. */
#ifndef ICPCHECK_REPORT_H
#define ICPCHECK_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "result.h"
#include "types.h"

/** The formats of `--format`. */
enum icp_format {
    ICP_FORMAT_TEXT = 0,
    ICP_FORMAT_JSON,
    ICP_FORMAT_JSONL,
    ICP_FORMAT_CSV
};

/** Parses "text", "json", "jsonl" or "csv". Returns 0, or -1 if unknown. */
int icp_format_parse(const char *name, enum icp_format *out);

/** The name of a format; static. */
const char *icp_format_name(enum icp_format format);

/** How a report is written. */
struct icp_report_options {
    enum icp_format format;
    enum icp_lang lang; /**< labels of the text writer */
    bool colour;        /**< ANSI colours in the text writer */
};

/** One `kind: application` record: a folder of materials. Everything is
 * borrowed for the duration of the call. */
struct icp_app_record {
    const char *path;
    enum icp_verdict verdict; /**< the worst of its files and findings */
    enum icp_entity entity;
    int files;
    const struct icp_finding *findings;
    size_t n_findings;
};

/** Counts of what a report has written so far. */
struct icp_report_counts {
    long files, applications;
    long verdicts[4]; /**< indexed by enum icp_verdict */
};

struct icp_report;

/** Starts a report on `out` (borrowed; must outlive the report). Nothing is
 * written until the first record (CSV: its header). Caller frees with
 * icp_report_free(). */
struct icp_report *icp_report_new(FILE *out,
                                  const struct icp_report_options *opts);

/** Frees a report without writing anything more; NULL is a no-op. */
void icp_report_free(struct icp_report *rep);

/** Writes one file record, whole, with a single fwrite. Returns 0, or -1
 * when the stream reports an error. */
int icp_report_file(struct icp_report *rep, const struct icp_result *res);

/** Writes one application record (JSON: kept until the end, where the
 * document lists applications after files). Returns 0 or -1 as above. */
int icp_report_application(struct icp_report *rep,
                           const struct icp_app_record *app);

/** Notes for the summary: `resumed` files re-emitted from an earlier run
 * (>= 0 adds a "resumed" member; < 0 leaves it out) and whether the run
 * was `interrupted` (adds "interrupted": true). */
void icp_report_note(struct icp_report *rep, long resumed, bool interrupted);

/** Writes the summary (`skipped` files that were not images, run time in
 * seconds) and closes the document; then flushes. Returns 0 or -1. */
int icp_report_finish(struct icp_report *rep, long skipped, double seconds);

/** What has been written so far; owned by the report. */
const struct icp_report_counts *icp_report_counts(const struct icp_report *rep);

#endif
