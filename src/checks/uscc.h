/* The unified social credit code of GB 32100-2015 (统一社会信用代码). */
#ifndef ICPCHECK_CHECKS_USCC_H
#define ICPCHECK_CHECKS_USCC_H

#include <stdbool.h>

/** Which part of a credit code failed. */
enum icp_uscc_error {
    ICP_USCC_OK = 0,
    ICP_USCC_LENGTH,    /**< neither 18 characters nor an old 注册号 */
    ICP_USCC_OLD_REGNO, /**< a 15-digit 注册号: lost effect on 2018-01-01 */
    ICP_USCC_CHARSET,   /**< a character outside the GB 32100 set remains */
    ICP_USCC_CHECK,     /**< the 18th character does not match */
    ICP_USCC_ORG_CODE   /**< characters 9-17 fail their GB 11714 check */
};

struct icp_uscc {
    char code[19]; /**< the cleaned code (or 注册号), NUL-terminated */
    enum icp_uscc_error error;
    bool repaired; /**< OCR look-alikes were replaced */
};

/**
 * Reads a credit code from OCR text: keeps the ASCII letters and digits of
 * the normalised text, upper-cases them, then repairs only what the charset
 * makes certain: I O Z S are not in it, so they are read 1 0 2 5; positions
 * 2-8 (category and administrative division code) are digits, so digit
 * look-alikes there become digits; V (also absent) looks like U and Y, so
 * each is tried and kept only when exactly one reading passes both checks.
 *
 * Returns 0 when the code is valid, -1 otherwise with `out->error` set.
 */
int icp_uscc_parse(const char *text, struct icp_uscc *out);

/** The GB 32100 check character of 17 characters, or 0 when one of them is
 * outside the charset. */
char icp_uscc_check_char(const char *code17);

/** The GB 11714 check character ('0'-'9' or 'X') of an 8-character
 * organisation code body (digits and upper-case letters), or 0. */
char icp_uscc_org_check_char(const char *body8);

/**
 * Counts the valid credit codes a text carries (a licence's QR code): runs
 * of exactly 18 charset characters that pass both checks. *same_out (when
 * not NULL) says whether one of them equals `code` (which may be NULL).
 */
int icp_uscc_in_text(const char *text, const char *code, bool *same_out);

/** Readings of a printed credit code compared place by place with the code
 * a licence's QR code carries (error-corrected, so exact). */
struct icp_uscc_match {
    char code[19];              /**< the QR's code */
    int n;                      /**< readings counted */
    unsigned char agree[18];    /**< readings with the QR's character here */
    char alt[18][4];            /**< other characters read here */
    unsigned char alt_n[18][4]; /**< and how many readings had each */
    char last[19]; /**< the last reading counted, place by place ('_' at a
                        place it lost), for diagnostics */
};

enum icp_uscc_match_verdict {
    ICP_USCC_MATCH_UNSURE = 0, /**< some place not yet read as either */
    ICP_USCC_MATCH_SAME,       /**< every place read as the QR has it */
    ICP_USCC_MATCH_DIFFERS     /**< a place read otherwise, twice */
};

/** Starts a comparison with the QR's 18-character `code`. */
void icp_uscc_match_init(struct icp_uscc_match *m, const char *code);

/**
 * Counts one reading of the print: its ASCII letters and digits,
 * upper-cased, with the letters the charset leaves out read as the digits
 * they look like (I O Z S as 1 0 2 5), at the offset where most characters
 * match the QR's code, or, a reading of 17 characters, with the one place
 * lost where most match (OCR drops a character in a blurred print, 0L
 * read as L); the lost place
 * gets no vote. A reading of 19 characters likewise without the one
 * character too many (6 read as G6), where that matches more places than
 * any whole alignment. Counted only where at most `max_misread` of the 18 differ
 * there, a lost place counted as one (a reading further apart says nothing
 * place by place). Returns whether it was counted.
 */
bool icp_uscc_match_add(struct icp_uscc_match *m, const char *text,
                        int max_misread);

/**
 * What the readings say: SAME when every place was read at least once as
 * the QR has it (OCR misreads a look-alike, 6 as G, at times, not at
 * every preparation); DIFFERS when at some place another character was
 * read at least twice and the QR's never, and the two are not characters
 * OCR takes for each other (6 and G or E, 3 and 9, 8 or 5: the
 * look-alike study in uscc.c; a character no code holds, V, neither): a wrongly
 * printed code, which a reviewer rejects; else UNSURE (a print whose
 * look-alike differs from the QR's is not told from a misread). With DIFFERS, `printed` (19 bytes, may be NULL) gets
 * the QR's code with the characters read otherwise put in.
 */
enum icp_uscc_match_verdict
icp_uscc_match_verdict(const struct icp_uscc_match *m, char *printed);

/**
 * Whether the readings so far settle a wrongly printed code: at some place
 * one other character read by three readings or more and the QR's never
 * (look-alikes aside, as icp_uscc_match_verdict() has them). The verdict
 * is then DIFFERS, and only two or more readings of the QR's character
 * there could undo it: a misprint reads alike at every preparation, so
 * further re-reads spend CPU and settle nothing.
 */
bool icp_uscc_match_settled(const struct icp_uscc_match *m);

#endif
