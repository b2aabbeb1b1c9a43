/* The 18-character resident ID number of GB 11643-1999 (公民身份号码). */
#ifndef ICPCHECK_CHECKS_IDNUMBER_H
#define ICPCHECK_CHECKS_IDNUMBER_H

#include <stdbool.h>

#include "core/dates.h"

/** Which part of an ID number failed, in the order they are checked. */
enum icp_idnumber_error {
    ICP_IDNUMBER_OK = 0,
    ICP_IDNUMBER_LENGTH,   /**< not 18 characters after clean-up */
    ICP_IDNUMBER_CHARSET,  /**< a non-digit in 1-17, or 18 not a digit or X */
    ICP_IDNUMBER_PROVINCE, /**< first two digits not a province code */
    ICP_IDNUMBER_BIRTH,    /**< digits 7-14 not a real date */
    ICP_IDNUMBER_FUTURE,   /**< birth date after today */
    ICP_IDNUMBER_CHECK     /**< the check character does not match */
};

struct icp_idnumber {
    char number[19];       /**< the cleaned number, NUL-terminated */
    struct icp_date birth; /**< set once digits 7-14 were read */
    char sex;              /**< 'M' or 'F' (17th digit), 0 if unknown */
    enum icp_idnumber_error error;
    bool repaired; /**< look-alikes were replaced (O→0, x→X) */
};

/**
 * Reads an ID number from OCR text. Keeps only the ASCII letters, digits
 * and '|' of the normalised text (so a label like 公民身份号码 and spaces fall
 * away), replaces digit look-alikes in positions 1-17 and in 18 (except X),
 * folds x/× to X, then checks length, province, birth date (not after
 * `today`) and the check character.
 *
 * Returns 0 when the number is valid, -1 otherwise; `out` is filled as far
 * as the number could be read and `out->error` says what failed first.
 */
int icp_idnumber_parse(const char *text, struct icp_date today,
                       struct icp_idnumber *out);

/**
 * The GB 11643 check character ('0'-'9' or 'X') of 17 digits, or 0 when
 * `digits17` holds a non-digit.
 */
char icp_idnumber_check_char(const char *digits17);

/** True when `code` (two digits) is a province code of RULES.md §2. */
bool icp_idnumber_province_ok(int code);

/**
 * The province code (11-82) of the province, autonomous region or
 * municipality an address begins with (the card's 住址 names it first:
 * 广东省…, 上海市…, 广西壮族自治区…), from the earliest province name found in
 * the first characters of `address`; 0 when none is found.
 */
int icp_idnumber_province_of(const char *address);

/**
 * Settles a number read with every character but failing a check (province,
 * birth date or check character) against what the card prints beside it:
 * digits 1-2 are set to `province` (from the address, 0 when unknown) and
 * digits 7-14 to `birth` (the printed 出生 date, unset when unknown). When
 * that changes one or two characters and the number then validates, `out`
 * gets it (with `repaired` set) and 0 is returned. A number whose own
 * digits already agree with the card is left as read (-1): a card printed
 * with a wrong check character stays wrong.
 */
int icp_idnumber_arbitrate(const struct icp_idnumber *read, int province,
                           struct icp_date birth, struct icp_date today,
                           struct icp_idnumber *out);

/**
 * True when a number disagrees with what the card prints beside it: its
 * digits 1-2 are not `province` (from the address; 0 unknown) or its birth
 * date is not `birth` (the printed 出生 date; unset unknown). A valid
 * reading that disagrees may be a misread that passes the check by chance
 * (1 in 11), or the number of a holder who moved: the caller reads again
 * before it trusts it.
 */
bool icp_idnumber_disagrees(const struct icp_idnumber *n, int province,
                            struct icp_date birth);

#endif
