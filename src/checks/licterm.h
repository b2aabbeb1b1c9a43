/* The business licence's 营业期限 as OCR reads it: pure text rules, kept
 * apart from the image side so that they can be tested on strings. */
#ifndef ICPCHECK_LICTERM_H
#define ICPCHECK_LICTERM_H

#include <stdbool.h>

#include "checks/locate.h"
#include "checks/validity.h"

/** A term a licence can have: a start not after today, an end after the
 * start and within a century of it (or long-term). */
bool icp_licterm_plausible(const struct icp_period *t,
                           const struct icp_validity_ctx *v);

/** Terms run whole years: they end on the start's month and day or the
 * day before. True for long-term terms and terms without a start. */
bool icp_licterm_whole_years(const struct icp_period *t);

/** Whether every month and day in `text` has two digits, as licences print
 * them (2015年03月02日): a one-digit field is a digit lost to OCR, most
 * often 11 read as 1. A day ending the text without its 日 counts. */
bool icp_licterm_two_digit_fields(const char *text);

/**
 * A term reading tidied before parsing: what precedes the label (营业期限
 * or 经营期限) is cut, what follows the last 日 is cut
 * (a frame stroke read as 1 or |), unless a year or 长期 follows, and what
 * follows the last 长期 or 永久 unless a year does; and two
 * whole dates with nothing between them (…05日2027年…) get back the 至 OCR
 * lost. Returns a new string (caller frees with free()), or NULL when out
 * of memory.
 */
char *icp_licterm_clean(const char *text);

/** Whether a reading stops inside a term: 至 and then less than a whole
 * date and no 长期/永久 (the region ended before the value did). */
bool icp_licterm_cut_short(const char *text);

/** Whether a reading's end is closed: after its last 至, a date ending in
 * 日, or 长期 / 永久. A day that ends the reading without its 日 may be a
 * digit and the 日 read as one digit (…03月01日 read …03月11): such an end
 * is whole only where the term's whole-year span vouches for it. */
bool icp_licterm_end_closed(const char *text);

/** Whether a reading is a long-term term's line whose start need not be
 * whole: its label (期限: 营业期限 or 经营期限, their first character lost at
 * times), then at least four digits (the start, read in part or whole),
 * then 长期 or 永久 ending it, 至 before it or lost. The
 * end is what the verdict turns on; a start's month that lost a digit
 * (2025年1月28日 for 11月) cannot be repaired without the founding date,
 * but does not make the end less read. */
bool icp_licterm_long_end(const char *text);

/**
 * Repairs the months of a term reading whose month fields lost a digit
 * (2025年1月 for 11月, 年月 for both digits gone): every month the digits
 * left could come from is tried, and *out gets the one term that is
 * plausible, runs whole years and starts on `est` (the founding date the
 * readings agree on; unset: any start). Without a founding date a month is
 * repaired only where the other date's whole month and day leave one
 * (…11月21日至2041年1月21日 is 2041-11-21; both months short is not
 * repaired). Days must be whole; at most two months are repaired.
 * Returns false when no such term or more than one.
 */
bool icp_licterm_repair_months(const char *text, struct icp_date est,
                               const struct icp_validity_ctx *v,
                               struct icp_period *out);

/**
 * A term whose end OCR garbled: the start read whole before 至, the end's
 * year whole after it, and at least three digits of its month and day
 * left (2006年12月17日至2026年12月6, a digit and 日 lost). A term runs whole
 * years, so the end is the start's month and day in that year or the day
 * before; *out gets the one of the two whose month and day hold the digits
 * read, in order. Returns false when neither or both do. A guess of the
 * day is never made: the digits must tell the two apart.
 */
bool icp_licterm_end_by_start(const char *text,
                              const struct icp_validity_ctx *v,
                              struct icp_period *out);

/**
 * Whether the end `until`, read whole by another reading, fits a term
 * reading whose start is whole and whose end lost digits: the reading's
 * end year is until's, the digits left of its month and day (at least
 * three) are in order in until's, and until is the start's month and day
 * or the day before (2006年12月11日至2026年12月1日 fits 2026-12-11, which
 * icp_licterm_end_by_start() cannot tell from 2026-12-10 alone). *out gets
 * the term. Each date is then read whole once, by different readings.
 */
bool icp_licterm_end_fits(const char *text, struct icp_date until,
                          const struct icp_validity_ctx *v,
                          struct icp_period *out);

/**
 * The term reading icp_licterm_end_by_start() cannot settle because both
 * whole-year ends hold the digits its end kept (2006年12月12日至2026年12月1日:
 * 2026-12-12 or 2026-12-11, a 1 or a 2 lost): *from gets the start read
 * whole, ends[0] the start's month and day in the end's year and ends[1]
 * the day before, each a plausible end. The end is one of the two, never
 * said which: a verdict both give alike is the licence's (a term ending in
 * either is too soon), the date itself stays unread. False otherwise.
 */
bool icp_licterm_end_pair(const char *text, const struct icp_validity_ctx *v,
                          struct icp_date *from, struct icp_date ends[2]);

/** Which dates of a term reading were read whole, each with two-digit
 * month and day fields and parsing as one date on its own: bit
 * ICP_LICTERM_START for the text before 至 (its label aside), bit
 * ICP_LICTERM_END for the text after it. 0 without 至. A term repaired
 * from one reading's whole date is read in full only together with
 * another reading that read the other date whole. */
#define ICP_LICTERM_START 1
#define ICP_LICTERM_END 2
int icp_licterm_whole_sides(const char *text, int min_year, int max_year);

#endif
