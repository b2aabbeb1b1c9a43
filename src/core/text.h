/* OCR text normalisation: full-width forms, dashes, spurious spaces,
 * digit look-alikes and keyword search. Pure functions, no image code. */
#ifndef ICPCHECK_CORE_TEXT_H
#define ICPCHECK_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Normalises text as Tesseract returns it, so that parsers see one form:
 * full-width ASCII (０-９ Ａ-Ｚ ．，－：（）／ ...) and the ideographic space
 * become ASCII; dashes (— – ‒ ― ‐ ‑ −) become '-'; '~', '～', '〜' and '一'
 * become '-' when they stand after a digit and before a digit, 长 or 永
 * (validity ranges); '。' and '·' between digits become '.'; whitespace runs
 * are removed where Tesseract inserts them (next to a CJK character, or between
 * two digits or ASCII punctuation marks) and otherwise collapsed to one space
 * (or one '\n' when the run held a line break); the ends are trimmed.
 * Invalid UTF-8 bytes are dropped.
 *
 * Returns a new string, never longer than `text`; caller frees with free().
 * NULL `text` gives NULL.
 */
char *icp_text_normalize(const char *text);

/**
 * Replaces, in place, the ASCII look-alikes of digits that OCR produces:
 * O o D Q → 0, l I | i → 1, S s → 5, B → 8, Z z → 2, G → 6, g → 9. Apply it
 * only to a field that must be digits (dates, ID numbers): in free text it
 * would corrupt words. Other characters are kept. Returns the number of
 * characters replaced; NULL is a no-op.
 */
size_t icp_text_fix_digits(char *s);

/**
 * The digit a look-alike ASCII character stands for ('O' → '0'), the
 * character itself for a digit, or 0 when it is neither.
 */
char icp_text_digit_of(char c);

/**
 * True when `text` contains `keyword`, both compared with all whitespace
 * removed and after icp_text_normalize()-style full-width folding.
 *
 * Notes:
 * 1. Approximate: some run of the text may be one edit (a character
 *    swapped, inserted or dropped) from a keyword of 4 to 6 characters
 *    (code points), two edits from one of 7 or more. Tesseract confuses
 *    single CJK glyphs (期/朝, 证/讧) and splits wide ones in two (照 read as
 *    "48"); a 4-character window matching 3 of 4 is still specific enough
 *    for classification (居民身份证, 有效期限, 公民身份号码). Shorter
 *    keywords must match exactly.
 * 2. NULL or empty arguments give false.
 */
bool icp_text_contains(const char *text, const char *keyword);

#endif
