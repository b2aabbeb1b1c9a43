/* ICAO 9303 machine-readable zones read from noisy OCR text: TD1, TD2, TD3
 * and the MRV-A/MRV-B visas, with check-digit-guarded repairs. */
#ifndef ICPCHECK_CHECKS_MRZ_H
#define ICPCHECK_CHECKS_MRZ_H

#include <stdbool.h>
#include <stddef.h>

#include "core/dates.h"

enum icp_mrz_format {
    ICP_MRZ_NONE = 0,
    ICP_MRZ_TD1,  /**< 3 × 30: ID cards */
    ICP_MRZ_TD2,  /**< 2 × 36 */
    ICP_MRZ_TD3,  /**< 2 × 44: passports */
    ICP_MRZ_MRVA, /**< 2 × 44 visa */
    ICP_MRZ_MRVB  /**< 2 × 36 visa */
};

/** The check digits of an MRZ, indexes of icp_mrz.check_present/check_ok. */
enum icp_mrz_check {
    ICP_MRZ_CHECK_NUMBER = 0,
    ICP_MRZ_CHECK_BIRTH,
    ICP_MRZ_CHECK_EXPIRY,
    ICP_MRZ_CHECK_OPTIONAL,  /**< TD3 only */
    ICP_MRZ_CHECK_COMPOSITE, /**< TD1, TD2, TD3 */
    ICP_MRZ_CHECK_COUNT
};

#define ICP_MRZ_MAX_LINE 44

struct icp_mrz {
    enum icp_mrz_format format;
    int n_lines;
    char lines[3][ICP_MRZ_MAX_LINE + 1]; /**< the lines as finally read */
    char doc_type[3]; /**< "P", "I", "V", "AC" ... without fillers */
    char issuer[4];   /**< issuing state, e.g. "UTO" */
    char number[32];  /**< document number without fillers */
    char nationality[4];
    char sex;               /**< 'M', 'F', 'X' (unspecified, X or <) or 0 */
    struct icp_date birth;  /**< not set when unreadable */
    struct icp_date expiry; /**< not set when unreadable */
    char optional[32];      /**< optional data (TD1: line 1), no fillers */
    char optional2[16];     /**< TD1 line 2 optional data */
    char surname[ICP_MRZ_MAX_LINE + 1];
    char given_names[ICP_MRZ_MAX_LINE + 1]; /**< '<' read as spaces */
    bool check_present[ICP_MRZ_CHECK_COUNT];
    bool check_ok[ICP_MRZ_CHECK_COUNT];
    int repairs; /**< characters changed to make the checks hold */
    /** A data line (one with check digits) was read a character or more
     * too long or too short and fitted to its width with fillers: its
     * characters may sit one place off, where a filler can stand in for a
     * lost check digit. */
    bool fitted;
    /** A check digit was read as a letter (G, S, B ...) and taken for
     * the digit it looks like, or a field's character was swapped for its
     * look-alike (other than O and 0) so that the checks hold: a misread
     * can become, by chance, the one that makes a wrong print's check
     * hold. */
    bool guessed_check;
    bool valid;  /**< every present check holds, dates are real */
};

/**
 * Reads the MRZ in the OCR text of an MRZ band. Lines may be broken or run
 * together, carry spaces (dropped, or read as fillers: whichever gives the
 * format's width), '«' for "<<", a character too many or too few (a filler
 * is added to or taken from the longest filler run, or the line end).
 *
 * Repairs: digit-only fields (dates, check digits) take O→0, I→1, B→8,
 * S→5, Z→2, G→6, D→0, Q→0; letter fields (states, names) the reverse;
 * trailing filler runs of names read as K X C L become '<'. Alphanumeric
 * fields (document number, optional data) are changed only when a check
 * fails, by trying look-alike substitutions (one in a field with its own
 * check digit; two in one guarded only by the composite) and accepting the
 * only one that makes the field's check digit and the composite hold.
 * A long filler run miscounted by more than two is fitted in that run.
 *
 * A passport (TD3) whose names line was not read at all is read from its
 * second line alone when all five check digits hold (names left empty).
 *
 * Dates: birth YYMMDD is in the century that puts it on or before `today`;
 * expiry YYMMDD in the 100-year window today.y − 50 .. today.y + 49 (the
 * brief's −60..+50 window is 110 years wide and would not decide 70).
 *
 * Returns 0 when a format was recognised (then see out->valid), -1 when the
 * text holds no MRZ; `out` is always initialised.
 */
int icp_mrz_parse(const char *text, struct icp_date today, struct icp_mrz *out);

/**
 * The ICAO 9303 check digit (0-9) of s[0..n): 0-9 as is, A-Z 10-35, '<' 0,
 * weights 7 3 1. Returns -1 when a character is none of those.
 */
int icp_mrz_check_digit(const char *s, size_t n);

/**
 * Whether `solid`, a reading of a zone at its width as read that fails its
 * checks, vouches for `fitted`, a valid reading of the same zone fitted to
 * its width (a character lost or added and a filler put in or taken out,
 * which may have set a filler where the print has a check digit): the two
 * have the same format and the same character at every check digit, and
 * their data lines (all but the names) differ at one or two places, each
 * inside a field whose check fails in `solid` (the document number, a
 * date, the optional data; a field without a check digit of its own where
 * the composite fails). The failing reading's misread (E read as F, 9 as
 * I) is then the one difference, and the check digits both read decide
 * for the fitted reading's character. A wrong print passes so only where
 * one misread happens to satisfy the field's check and the composite
 * alike, as a reading at full width would.
 */
bool icp_mrz_vouches(const struct icp_mrz *solid, const struct icp_mrz *fitted);

/** "TD1", "TD2", "TD3", "MRV-A", "MRV-B" or "none"; static. */
const char *icp_mrz_format_name(enum icp_mrz_format format);

#endif
