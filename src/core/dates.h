/* Calendar dates as printed on identity documents and licences: parsing,
 * calendar-month arithmetic, validity ranges and the validity rules. */
#ifndef ICPCHECK_CORE_DATES_H
#define ICPCHECK_CORE_DATES_H

#include <stdbool.h>

/** A calendar date. {0, 0, 0} means "not set" (see icp_date_is_set()). */
struct icp_date {
    int y, m, d;
};

/** True when `d` is not the all-zero "not set" date. */
bool icp_date_is_set(struct icp_date d);

/** True when `d` is a real Gregorian date with a year in 1..9999. */
bool icp_date_valid(struct icp_date d);

/** Days in month `m` of year `y` (0 when m is out of range). */
int icp_date_days_in_month(int y, int m);

/** <0, 0 or >0 as `a` is before, equal to or after `b`. */
int icp_date_cmp(struct icp_date a, struct icp_date b);

/**
 * `d` plus `n` calendar months (n may be negative), the day clamped to the
 * last day of the target month: 2026-11-30 + 3 = 2027-02-28. `d` must be
 * valid.
 */
struct icp_date icp_date_add_months(struct icp_date d, int n);

/** `d` plus `n` days (n may be negative). `d` must be valid. */
struct icp_date icp_date_add_days(struct icp_date d, int n);

/** Writes `d` as "YYYY-MM-DD" into `buf` (at least 11 bytes). */
void icp_date_format(struct icp_date d, char *buf);

/** Parses a strict ISO "YYYY-MM-DD" (the --today option). 0 or -1. */
int icp_date_parse_iso(const char *text, struct icp_date *out);

/**
 * Parses one printed date: 2016.05.12, 2016-05-12, 2016/5/12,
 * 2016年05月12日, 2016年5月12日, 20160512, and the OCR forms with a dropped
 * separator (2028.1106, 202811.06), stray spaces, full-width digits and
 * digit look-alikes (2O16.O5.l2). Returns 0 and the date, or -1 when the
 * text is not exactly one real date with min_year <= year <= max_year
 * (pass 0 for either bound to leave it open).
 *
 * Notes:
 * 1. A one-digit month or day is accepted only between separators
 *    (2016/5/12); without separators both must have two digits, so
 *    2016512 is refused rather than guessed.
 * 2. Impossible dates (2023.02.30) are refused, never clamped.
 */
int icp_date_parse(const char *text, int min_year, int max_year,
                   struct icp_date *out);

/**
 * Parses a validity period: `YYYY.MM.DD-YYYY.MM.DD`, `YYYY.MM.DD-长期`,
 * `YYYY年MM月DD日至YYYY年MM月DD日`, `自…至…`, `…至长期`, `长期`, `永久`, with
 * the date forms of icp_date_parse(), an optional label before a colon
 * (有效期限：…, 营业期限 自…) and a trailing 止/有效. Long-term is 长期, 永久
 * or 长期 with 期 misread as 朝, 斯 or 其 (glyphs that share 期's components in
 * Tesseract's chi_sim output), with or without a space.
 *
 * On success returns 0; `from_out` is the start (not set when only 长期/永久
 * is printed), `until_out` the end (not set when long-term) and
 * `long_term_out` true for 长期/永久. Returns -1 when the text is not one
 * readable period, including when two ways of splitting it would read
 * differently. The order of the dates is not checked here (see
 * icp_validity_verdict() and the span rules).
 */
int icp_validity_parse(const char *text, int min_year, int max_year,
                       struct icp_date *from_out, struct icp_date *until_out,
                       bool *long_term_out);

/**
 * Parses `text` as icp_validity_parse() does after one repair: the start's
 * year, the text's first run of exactly four digits, read out of
 * [min_year, max_year] (2026 read as 3026), opens with `digit` instead.
 * Returns -1 when that year is absent, in range, already opens with
 * `digit`, or the repaired text is no period. Only a caller that can
 * check the result (a document's span) may take it.
 */
int icp_validity_parse_start_as(const char *text, int min_year, int max_year,
                                char digit, struct icp_date *from_out,
                                struct icp_date *until_out,
                                bool *long_term_out);

enum icp_validity {
    ICP_VALIDITY_OK = 0,  /**< ends more than `months` after today */
    ICP_VALIDITY_EXPIRED, /**< ended before today */
    ICP_VALIDITY_TOO_SOON /**< ends today or within `months` of today */
};

/**
 * The validity rule of RULES.md §1 as a pure function.
 *
 * Notes:
 * 1. Expired means `until` < today, as DESIGN.md (the contract) words
 *    doc.expired: a document is valid through its last printed day.
 *    RULES.md §1 says `valid_until` ≤ today; the only difference is the day
 *    itself, which we report as TOO_SOON (still an error finding).
 * 2. TOO_SOON means today ≤ `until` ≤ today + `months` calendar months
 *    (clamped, icp_date_add_months()): the document must end *more than*
 *    `months` after today.
 * 3. `long_term` is always OK, whatever `until` holds.
 */
enum icp_validity icp_validity_verdict(struct icp_date until, bool long_term,
                                       struct icp_date today, int months);

/**
 * The resident ID card span rule (RULES.md §2): a start on or after
 * 1984-01-01, and either 长期 or an end exactly 5, 10 or 20 years after the
 * start with the same month and day (a 29 February start ends on
 * 28 February). Returns true when the span is one a real card has.
 */
bool icp_idcard_span_ok(struct icp_date from, struct icp_date until,
                        bool long_term);

enum icp_permit_kind {
    ICP_PERMIT_HKMO, /**< 港澳居民来往内地通行证: 5 or 10 years */
    ICP_PERMIT_TW    /**< 台湾居民来往大陆通行证: 5 years */
};

/**
 * The permit span rule (RULES.md §3). HK/Macau: 5 or 10 years ending the
 * day before the anniversary (2019.03.01-2029.02.28). Taiwan: 5 years;
 * RULES.md gives no end-day convention, so both the day before and the
 * anniversary itself are accepted. Long-term permits do not exist.
 */
bool icp_permit_span_ok(enum icp_permit_kind kind, struct icp_date from,
                        struct icp_date until);

#endif
