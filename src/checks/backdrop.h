/* The backdrop photo check's pure parts, apart from the pixels so that unit
 * tests need no image: seasons, colour names from LCh, editor names in the
 * EXIF Software tag, offsets as words, and reading the EXIF fields. */
#ifndef ICPCHECK_CHECKS_BACKDROP_H
#define ICPCHECK_CHECKS_BACKDROP_H

#include <libexif/exif-data.h>
#include <stdbool.h>
#include <stddef.h>

#include "icpcheck/types.h"

enum icp_season {
    ICP_SEASON_UNKNOWN = 0,
    ICP_SEASON_SPRING,
    ICP_SEASON_SUMMER,
    ICP_SEASON_AUTUMN,
    ICP_SEASON_WINTER
};

/** The northern-hemisphere season of a month 1..12 (meteorological: Dec-Feb
 * winter, Mar-May spring, Jun-Aug summer, Sep-Nov autumn); UNKNOWN when the
 * month is out of range. */
enum icp_season icp_backdrop_season(int month);

/** "spring", "summer", "autumn", "winter" or NULL; static. */
const char *icp_backdrop_season_name(enum icp_season s);

enum icp_colour {
    ICP_COLOUR_OTHER = 0,
    ICP_COLOUR_RED,
    ICP_COLOUR_BLUE,
    ICP_COLOUR_BLACK,
    ICP_COLOUR_GREY,
    ICP_COLOUR_WHITE,
    ICP_COLOUR_GREEN,
    ICP_COLOUR_YELLOW,
    ICP_COLOUR_BROWN, /* also beige, tan, skin-like */
    ICP_COLOUR_COUNT
};

/** Where the colour names begin and end in LCh (CIE LCh(ab), h in degrees).
 * Read from models/backdrop.ini [clothing]. */
struct icp_colour_model {
    double neutral_chroma;         /* below: black, grey or white */
    double black_l, white_l;       /* neutral lightness limits */
    double dark_l, dark_chroma;    /* darker and duller than this: black */
    double red_hue_lo, red_hue_hi; /* red wraps round 0: h >= lo or h < hi */
    double red_chroma;
    double blue_hue_lo, blue_hue_hi, blue_chroma;
    double green_hue_lo, green_hue_hi;
    double yellow_hue_lo, yellow_hue_hi;
};

/** Names the colour of one LCh value under model m. */
enum icp_colour icp_backdrop_colour(const struct icp_colour_model *m, double L,
                                    double C, double h);

/** "red", "blue", "black", ...; static, never NULL. */
const char *icp_backdrop_colour_name(enum icp_colour c);

/** The entry of `editors` (a NULL-terminated list) that the Software tag
 * names, compared case-insensitively as a substring, or NULL. The returned
 * string is borrowed from `editors`. */
const char *icp_backdrop_editor(const char *software, char *const *editors);

/** The index of the first entry of `keywords` (a NULL-terminated list)
 * that `text` contains, both compared without whitespace and case (one
 * character may differ in keywords of four or more, as icp_text_contains()),
 * or -1 when none does or text is NULL. */
int icp_backdrop_wordmark(const char *text, char *const *keywords);

/** Describes a horizontal offset (a signed fraction of the curtain's width,
 * negative = left as seen in the photo) as "向左偏 18%" or "18% left of
 * centre" into buf. */
void icp_backdrop_offset_text(double offset, enum icp_lang lang, char *buf,
                              size_t size);

/** What the EXIF data says about the photo's origin. */
struct icp_exif_info {
    bool has_date;
    int year, month, day, hour, minute, second;
    char taken_at[32]; /* "2026-11-20T10:00:00" or "" */
    char camera[128];  /* "Make Model" or "" */
    char software[128];
};

/** Reads DateTimeOriginal (else DateTimeDigitized), Make, Model and
 * Software from `exif` (NULL = none) into *out. Never fails: absent or
 * malformed values are left empty. */
void icp_backdrop_exif_read(ExifData *exif, struct icp_exif_info *out);

/** Parses an EXIF date "YYYY:MM:DD HH:MM:SS" (dashes also accepted) into
 * *out's date fields. Returns 0, or -1 when it is not a real date. */
int icp_backdrop_exif_date(const char *s, struct icp_exif_info *out);

/** Days from (y1,m1,d1) to (y2,m2,d2) in the proleptic Gregorian
 * calendar: positive when the second is later. */
long icp_backdrop_days_between(int y1, int m1, int d1, int y2, int m2, int d2);

#endif
