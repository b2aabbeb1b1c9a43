/* The validity rules of DESIGN.md as findings: what the image-side checks
 * call once they have OCR'd a validity period or read an expiry date. */
#ifndef ICPCHECK_CHECKS_VALIDITY_H
#define ICPCHECK_CHECKS_VALIDITY_H

#include <stdbool.h>

#include "core/dates.h"
#include "core/result.h"

/** Which span rule a document's period must satisfy. */
enum icp_span_rule {
    ICP_SPAN_ANY = 0, /**< no fixed span (licence, domain, passport) */
    ICP_SPAN_IDCARD,  /**< 5/10/20 years same day, or 长期; from 1984 */
    ICP_SPAN_HKMO,    /**< 5/10 years to the day before */
    ICP_SPAN_TW       /**< 5 years */
};

/** What icp_validity_report*() needs besides the dates. */
struct icp_validity_ctx {
    struct icp_date today; /**< the reference date (--today) */
    int months;            /**< --min-validity-months (3) */
    enum icp_span_rule span;
    int min_year, max_year; /**< plausible years for printed dates */
    const int *box;         /**< where the period is printed, or NULL */
};

/**
 * Parses an OCR'd validity period with icp_validity_parse() and reports it
 * through icp_validity_report_dates(). `text` NULL (nothing found) or
 * unparseable gives `doc.expiry_unreadable` and `valid_until` null.
 */
void icp_validity_report_text(struct icp_result *res, const char *text,
                              const struct icp_validity_ctx *ctx);

/**
 * Records a period already read (e.g. an MRZ expiry): sets `valid_from`
 * (when set) and `valid_until` (ISO date, "long-term", or null when
 * `until` is not set and not long-term), then adds, each with a Chinese
 * and an English message saying what to fix:
 * - `doc.expiry_unreadable` when there is no end and no 长期;
 * - `doc.dates_inconsistent` when `from` is after `until` or the span is
 *   not one the document type has (ctx->span);
 * - `doc.expired` when `until` is before today (see icp_validity_verdict());
 * - `doc.expiry_too_soon` when it is not more than ctx->months after today.
 */
void icp_validity_report_dates(struct icp_result *res, struct icp_date from,
                               struct icp_date until, bool long_term,
                               const struct icp_validity_ctx *ctx);

#endif
