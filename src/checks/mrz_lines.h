/* Finding the MRZ lines of a given width in noisy OCR text (private to
 * mrz.c). */
#ifndef ICPCHECK_CHECKS_MRZ_LINES_H
#define ICPCHECK_CHECKS_MRZ_LINES_H

#include "checks/mrz.h"

/** Up to this many spellings of one line are tried. */
#include <stdbool.h>

/* Four fits, and a data line read one character long with each of its
 * characters left out in turn. */
#define MRZ_VARIANTS (4 + ICP_MRZ_MAX_LINE + 1)

/** The spellings of each MRZ line, each exactly `width` characters;
 * `exact` says the spelling had that width as read (no filler added or
 * taken out to fit it), `left_out` that it is only the line read one
 * character long with a character other than a filler left out. */
struct mrz_variants {
    int n[3];
    char v[3][MRZ_VARIANTS][ICP_MRZ_MAX_LINE + 1];
    bool exact[3][MRZ_VARIANTS];
    bool left_out[3][MRZ_VARIANTS];
};

/**
 * Assembles the OCR lines of `text` into `lines` lines of about `width`
 * characters (merging broken lines, splitting run-together ones) and fills
 * `out` with their spellings of exactly `width`. Returns the total length
 * error (0 = every line had exactly `width` characters), or -1 when the text
 * cannot be `lines` lines of that width. `loose` also fits a line whose
 * longest filler run (3 or more) was miscounted by up to a fifth of the
 * width, in that run, and counts it as an error of 2: a second try only,
 * since it makes other widths look as close as the right one.
 */
int mrz_lines_find(const char *text, int lines, int width, bool loose,
                   struct mrz_variants *out);

#endif
