/* The backdrop check's logic without pixels: seasons, colour names, editor
 * names, offsets as words and the EXIF fields (libexif). */
#include "checks/backdrop.h"
#include "core/text.h"

#include <glib.h>
#include <libexif/exif-content.h>
#include <libexif/exif-entry.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

enum icp_season icp_backdrop_season(int month)
{
    if (month < 1 || month > 12)
        return ICP_SEASON_UNKNOWN;
    if (month == 12 || month <= 2)
        return ICP_SEASON_WINTER;
    if (month <= 5)
        return ICP_SEASON_SPRING;
    if (month <= 8)
        return ICP_SEASON_SUMMER;
    return ICP_SEASON_AUTUMN;
}

const char *icp_backdrop_season_name(enum icp_season s)
{
    static const char *const names[] = {NULL, "spring", "summer", "autumn",
                                        "winter"};
    return (unsigned)s < G_N_ELEMENTS(names) ? names[s] : NULL;
}

static bool hue_in(double h, double lo, double hi)
{
    /* A band may wrap round 0/360 (lo > hi). */
    return lo <= hi ? h >= lo && h < hi : h >= lo || h < hi;
}

enum icp_colour icp_backdrop_colour(const struct icp_colour_model *m, double L,
                                    double C, double h)
{
    h = fmod(fmod(h, 360.0) + 360.0, 360.0);
    if (L < m->dark_l && C < m->dark_chroma)
        return ICP_COLOUR_BLACK;
    if (C < m->neutral_chroma)
        return L < m->black_l   ? ICP_COLOUR_BLACK
               : L > m->white_l ? ICP_COLOUR_WHITE
                                : ICP_COLOUR_GREY;
    if (hue_in(h, m->red_hue_lo, m->red_hue_hi))
        return C >= m->red_chroma ? ICP_COLOUR_RED : ICP_COLOUR_BROWN;
    if (hue_in(h, m->blue_hue_lo, m->blue_hue_hi))
        return C >= m->blue_chroma ? ICP_COLOUR_BLUE : ICP_COLOUR_GREY;
    if (hue_in(h, m->green_hue_lo, m->green_hue_hi))
        return ICP_COLOUR_GREEN;
    if (hue_in(h, m->yellow_hue_lo, m->yellow_hue_hi))
        return ICP_COLOUR_YELLOW;
    /* Between red and yellow: orange-brown, beige, tan. */
    if (hue_in(h, m->red_hue_hi, m->yellow_hue_lo))
        return ICP_COLOUR_BROWN;
    return ICP_COLOUR_OTHER;
}

const char *icp_backdrop_colour_name(enum icp_colour c)
{
    static const char *const names[ICP_COLOUR_COUNT] = {
        "other", "red",   "blue",   "black", "grey",
        "white", "green", "yellow", "brown"};
    return (unsigned)c < ICP_COLOUR_COUNT ? names[c] : "other";
}

const char *icp_backdrop_editor(const char *software, char *const *editors)
{
    if (!software || !*software || !editors)
        return NULL;
    char *hay = g_utf8_casefold(software, -1);
    const char *found = NULL;
    for (size_t i = 0; editors[i] && !found; i++) {
        char *needle = g_utf8_casefold(g_strstrip(editors[i]), -1);
        if (*needle && strstr(hay, needle))
            found = editors[i];
        g_free(needle);
    }
    g_free(hay);
    return found;
}

int icp_backdrop_wordmark(const char *text, char *const *keywords)
{
    if (!text || !keywords)
        return -1;
    int found = -1;
    char *low = g_utf8_strdown(text, -1);
    for (int i = 0; keywords[i] && found < 0; i++) {
        char *kw = g_utf8_strdown(keywords[i], -1);
        if (icp_text_contains(low, kw))
            found = i;
        g_free(kw);
    }
    g_free(low);
    return found;
}

void icp_backdrop_offset_text(double offset, enum icp_lang lang, char *buf,
                              size_t size)
{
    int pct = (int)lround(fabs(offset) * 100);
    bool left = offset < 0;
    if (lang == ICP_LANG_EN)
        snprintf(buf, size, "%d%% %s of centre", pct, left ? "left" : "right");
    else
        snprintf(buf, size, "向%s偏 %d%%", left ? "左" : "右", pct);
}

static int days_from_civil(int y, int m, int d)
{
    /* Howard Hinnant's days_from_civil: exact for the proleptic calendar. */
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

long icp_backdrop_days_between(int y1, int m1, int d1, int y2, int m2, int d2)
{
    return (long)days_from_civil(y2, m2, d2) - days_from_civil(y1, m1, d1);
}

int icp_backdrop_exif_date(const char *s, struct icp_exif_info *out)
{
    int y, mo, d, h = 0, mi = 0, se = 0;
    char sep1, sep2;
    if (!s || sscanf(s, "%4d%c%2d%c%2d %2d:%2d:%2d", &y, &sep1, &mo, &sep2, &d,
                     &h, &mi, &se) < 5)
        return -1;
    if ((sep1 != ':' && sep1 != '-') || sep2 != sep1 || y < 1900 || y > 9999 ||
        !g_date_valid_dmy((GDateDay)d, (GDateMonth)mo, (GDateYear)y) || h < 0 ||
        h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60)
        return -1;
    out->has_date = true;
    out->year = y, out->month = mo, out->day = d;
    out->hour = h, out->minute = mi, out->second = se;
    snprintf(out->taken_at, sizeof out->taken_at,
             "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, se);
    return 0;
}

/* The value of an ASCII tag in one IFD, stripped, or "" when absent. */
static void tag_text(ExifData *exif, ExifIfd ifd, ExifTag tag, char *buf,
                     size_t size)
{
    buf[0] = '\0';
    ExifEntry *e = exif_content_get_entry(exif->ifd[ifd], tag);
    if (!e || e->format != EXIF_FORMAT_ASCII || !e->data || e->size == 0)
        return;
    size_t n = e->size < size - 1 ? e->size : size - 1;
    memcpy(buf, e->data, n);
    buf[n] = '\0';
    /* Keep valid UTF-8 only: the tag is untrusted bytes. */
    if (!g_utf8_validate(buf, -1, NULL)) {
        const char *end = NULL;
        g_utf8_validate(buf, -1, &end);
        buf[end - buf] = '\0';
    }
    g_strstrip(buf);
}

void icp_backdrop_exif_read(ExifData *exif, struct icp_exif_info *out)
{
    memset(out, 0, sizeof *out);
    if (!exif)
        return;
    char date[64];
    tag_text(exif, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, date,
             sizeof date);
    if (icp_backdrop_exif_date(date, out)) {
        tag_text(exif, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_DIGITIZED, date,
                 sizeof date);
        icp_backdrop_exif_date(date, out);
    }
    char make[64], model[64];
    tag_text(exif, EXIF_IFD_0, EXIF_TAG_MAKE, make, sizeof make);
    tag_text(exif, EXIF_IFD_0, EXIF_TAG_MODEL, model, sizeof model);
    if (make[0] && model[0] && !g_str_has_prefix(model, make))
        snprintf(out->camera, sizeof out->camera, "%s %s", make, model);
    else
        snprintf(out->camera, sizeof out->camera, "%s",
                 model[0] ? model : make);
    tag_text(exif, EXIF_IFD_0, EXIF_TAG_SOFTWARE, out->software,
             sizeof out->software);
}
