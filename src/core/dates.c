/* Printed dates, validity periods and the date rules of RULES.md §1-3. */
#include "core/dates.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"

/* Long enough for any real date: more digits than this is not one date. */
#define MAX_DIGITS 12

bool icp_date_is_set(struct icp_date d)
{
    return d.y != 0 || d.m != 0 || d.d != 0;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int icp_date_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool icp_date_valid(struct icp_date d)
{
    return d.y >= 1 && d.y <= 9999 && d.d >= 1 &&
           d.d <= icp_date_days_in_month(d.y, d.m);
}

int icp_date_cmp(struct icp_date a, struct icp_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    return a.d < b.d ? -1 : a.d > b.d;
}

struct icp_date icp_date_add_months(struct icp_date d, int n)
{
    long months = (long)d.y * 12 + (d.m - 1) + n;
    struct icp_date r = {(int)(months / 12), (int)(months % 12) + 1, d.d};
    int last = icp_date_days_in_month(r.y, r.m);
    if (r.d > last)
        r.d = last;
    return r;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), and back. */
static long to_days(struct icp_date d)
{
    long y = d.y - (d.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static struct icp_date from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    struct icp_date r;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
    return r;
}

struct icp_date icp_date_add_days(struct icp_date d, int n)
{
    return from_days(to_days(d) + n);
}

void icp_date_format(struct icp_date d, char *buf)
{
    int y = d.y < 0 ? 0 : d.y > 9999 ? 9999 : d.y;
    int m = d.m < 0 ? 0 : d.m > 99 ? 99 : d.m;
    int dd = d.d < 0 ? 0 : d.d > 99 ? 99 : d.d;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + dd / 10);
    buf[9] = (char)('0' + dd % 10);
    buf[10] = '\0';
}

static int digits_value(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int icp_date_parse_iso(const char *text, struct icp_date *out)
{
    static const char shape[] = "dddd-dd-dd";
    *out = (struct icp_date){0, 0, 0};
    if (!text || strlen(text) != sizeof shape - 1)
        return -1;
    for (size_t i = 0; shape[i]; i++) {
        bool digit = text[i] >= '0' && text[i] <= '9';
        if (shape[i] == 'd' ? !digit : text[i] != '-')
            return -1;
    }
    struct icp_date d = {digits_value(text, 4), digits_value(text + 5, 2),
                         digits_value(text + 8, 2)};
    if (!icp_date_valid(d))
        return -1;
    *out = d;
    return 0;
}

/* The digits of a date and where separators stood between them. */
struct digits {
    char s[MAX_DIGITS + 1];
    bool sep_before[MAX_DIGITS + 1]; /* [k]: a separator before digit k */
    size_t n;
};

static bool starts(const char *s, const char *end, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(end - s) >= n && memcmp(s, word, n) == 0;
}

/* Splits s[0..len) into digits and separators; -1 on any other character,
 * a leading separator or too many digits. */
static int scan_digits(const char *s, size_t len, struct digits *dg)
{
    static const char *const seps[] = {".", "-", "/", ",", "年", "月", "日"};
    const char *p = s, *end = s + len;
    bool pending = false;
    memset(dg, 0, sizeof *dg);
    while (p < end) {
        if (*p >= '0' && *p <= '9') {
            if (dg->n == MAX_DIGITS)
                return -1;
            dg->sep_before[dg->n] = pending && dg->n > 0;
            dg->s[dg->n++] = *p++;
            pending = false;
            continue;
        }
        size_t k = 0, nseps = sizeof seps / sizeof seps[0];
        while (k < nseps && !starts(p, end, seps[k]))
            k++;
        if (k == nseps || dg->n == 0)
            return -1;
        p += strlen(seps[k]);
        pending = true;
    }
    return 0;
}

/* Whether the field dg->s[a..a+n) is delimited as a field may be: no
 * separator inside it, and a one-digit field separated on both sides. */
static bool field_ok(const struct digits *dg, size_t a, size_t n)
{
    for (size_t k = a + 1; k < a + n; k++)
        if (dg->sep_before[k])
            return false;
    if (n == 1) {
        bool left = a == 0 || dg->sep_before[a];
        bool right = a + 1 == dg->n || dg->sep_before[a + 1];
        return left && right;
    }
    return true;
}

static int parse_date_n(const char *s, size_t len, int min_year, int max_year,
                        struct icp_date *out)
{
    struct digits dg;
    struct icp_date found = {0, 0, 0};
    int matches = 0;
    *out = found;
    if (scan_digits(s, len, &dg))
        return -1;
    for (size_t ml = 1; ml <= 2; ml++) {
        size_t dl = dg.n - 4 - ml;
        if (dg.n < 4 + ml + 1 || dl > 2)
            continue;
        /* Every separator must fall on a field boundary. */
        if (!field_ok(&dg, 0, 4) || !field_ok(&dg, 4, ml) ||
            !field_ok(&dg, 4 + ml, dl))
            continue;
        struct icp_date d = {digits_value(dg.s, 4), digits_value(dg.s + 4, ml),
                             digits_value(dg.s + 4 + ml, dl)};
        if (!icp_date_valid(d) || (min_year && d.y < min_year) ||
            (max_year && d.y > max_year))
            continue;
        found = d;
        matches++;
    }
    if (matches != 1)
        return -1;
    *out = found;
    return 0;
}

/* Normalised text with digit look-alikes fixed; caller frees. */
static char *prepare(const char *text)
{
    char *s = icp_text_normalize(text);
    icp_text_fix_digits(s);
    return s;
}

int icp_date_parse(const char *text, int min_year, int max_year,
                   struct icp_date *out)
{
    *out = (struct icp_date){0, 0, 0};
    if (!text)
        return -1;
    char *s = prepare(text);
    int rc = parse_date_n(s, strlen(s), min_year, max_year, out);
    free(s);
    return rc;
}

/* Whether s[0..len) (spaces already removed) reads 长期 or 永久, allowing 期
 * misread as 朝/斯/其 and a trailing 有效. */
static bool is_long_term(const char *s, size_t len)
{
    static const char *const words[] = {"长期", "长朝", "长斯", "长其", "永久"};
    static const char tail[] = "有效";
    if (len >= sizeof tail - 1 &&
        memcmp(s + len - (sizeof tail - 1), tail, sizeof tail - 1) == 0)
        len -= sizeof tail - 1;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (len == strlen(words[i]) && memcmp(s, words[i], len) == 0)
            return true;
    return false;
}

struct period {
    struct icp_date from, until;
    bool long_term;
};

/* Reads s[0..at) as the start and s[at+sep..len) as the end. */
static int try_split(const char *s, size_t len, size_t at, size_t sep,
                     int min_year, int max_year, struct period *p)
{
    static const char from_word[] = "自";
    const char *left = s;
    size_t n = at;
    if (n >= sizeof from_word - 1 &&
        memcmp(left, from_word, sizeof from_word - 1) == 0) {
        left += sizeof from_word - 1;
        n -= sizeof from_word - 1;
    }
    memset(p, 0, sizeof *p);
    if (parse_date_n(left, n, min_year, max_year, &p->from))
        return -1;
    const char *right = s + at + sep;
    size_t rn = len - at - sep;
    if (is_long_term(right, rn)) {
        p->long_term = true;
        return 0;
    }
    return parse_date_n(right, rn, min_year, max_year, &p->until);
}

static bool same_period(const struct period *a, const struct period *b)
{
    return a->long_term == b->long_term &&
           icp_date_cmp(a->from, b->from) == 0 &&
           icp_date_cmp(a->until, b->until) == 0;
}

/* Tries every split at a separator (or, with `between_digits`, at every
 * place between two digits, for an OCR-dropped dash). Returns the number of
 * distinct readings; the first is in *out. */
static int find_period(const char *s, size_t len, bool between_digits,
                       int min_year, int max_year, struct period *out)
{
    static const char *const seps[] = {"-", "至", "到", "~"};
    int readings = 0;
    for (size_t at = 0; at < len; at++) {
        size_t sep = 0;
        for (size_t k = 0; k < sizeof seps / sizeof seps[0] && !sep; k++)
            if (!between_digits && starts(s + at, s + len, seps[k]))
                sep = strlen(seps[k]);
        bool digits = at > 0 && s[at - 1] >= '0' && s[at - 1] <= '9' &&
                      s[at] >= '0' && s[at] <= '9';
        if (!sep && !(between_digits && digits))
            continue;
        struct period p;
        if (try_split(s, len, at, sep, min_year, max_year, &p))
            continue;
        if (readings == 0)
            *out = p;
        if (readings == 0 || !same_period(out, &p))
            readings++;
    }
    return readings;
}

/* The period text without its label (up to a colon, or up to the first
 * digit, 自, 长 or 永), spaces and a trailing 止; caller frees. */
static char *strip_period(const char *text)
{
    char *s = prepare(text);
    /* A label's colon; one between two digits is a dot OCR misread
     * (2023.10:07), inside the period, and becomes the dot. */
    const char *colon = NULL;
    for (char *c = s; *c; c++) {
        if (*c != ':')
            continue;
        if (c > s && c[-1] >= '0' && c[-1] <= '9' && c[1] >= '0' &&
            c[1] <= '9')
            *c = '.';
        else
            colon = c;
    }
    const char *from = colon ? colon + 1 : s;
    /* A label without a colon (营业期限 自…): skip to the period's start. */
    while (*from && !(*from >= '0' && *from <= '9') && strncmp(from, "自", 3) &&
           strncmp(from, "长", 3) && strncmp(from, "永", 3))
        from++;
    char *out = xmalloc(strlen(from) + 1);
    size_t o = 0;
    for (const char *p = from; *p; p++)
        if (*p != ' ' && *p != '\n')
            out[o++] = *p;
    out[o] = '\0';
    static const char stop[] = "止";
    if (o >= sizeof stop - 1 && strcmp(out + o - (sizeof stop - 1), stop) == 0)
        out[o - (sizeof stop - 1)] = '\0';
    free(s);
    return out;
}

/* find_period() at the separators, else between any two digits. */
static int period_readings(const char *s, size_t len, int min_year,
                           int max_year, struct period *out)
{
    int n = find_period(s, len, false, min_year, max_year, out);
    if (n == 0)
        n = find_period(s, len, true, min_year, max_year, out);
    return n;
}

/* Whether s opens with five digits and then a date's separator. */
static bool glued_digit(const char *s)
{
    for (int i = 0; i < 5; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return s[5] == '.' || s[5] == '-' || s[5] == '/' ||
           starts(s + 5, s + strlen(s), "年");
}

int icp_validity_parse(const char *text, int min_year, int max_year,
                       struct icp_date *from_out, struct icp_date *until_out,
                       bool *long_term_out)
{
    int rc = -1;
    char *s = NULL;
    struct period p;
    memset(&p, 0, sizeof p);
    *from_out = *until_out = (struct icp_date){0, 0, 0};
    *long_term_out = false;
    if (!text)
        goto out;
    s = strip_period(text);
    size_t len = strlen(s);
    if (is_long_term(s, len)) {
        p.long_term = true;
    } else {
        int n = period_readings(s, len, min_year, max_year, &p);
        /* A start whose year has five digits (32018.04.20-…): the label's
         * last character, or a speck before it, read as a digit and
         * joined to the year. Without it the year is whole, and the
         * period must still parse and stand on its own. */
        if (n == 0 && glued_digit(s))
            n = period_readings(s + 1, len - 1, min_year, max_year, &p);
        if (n != 1)
            goto out;
    }
    *from_out = p.from;
    *until_out = p.until;
    *long_term_out = p.long_term;
    rc = 0;
out:
    free(s);
    return rc;
}

int icp_validity_parse_start_as(const char *text, int min_year, int max_year,
                                char digit, struct icp_date *from_out,
                                struct icp_date *until_out,
                                bool *long_term_out)
{
    *from_out = *until_out = (struct icp_date){0, 0, 0};
    *long_term_out = false;
    const char *c = text ? text : "";
    while (*c && (*c < '0' || *c > '9'))
        c++;
    size_t n = 0;
    while (c[n] >= '0' && c[n] <= '9')
        n++;
    if (n != 4 || *c == digit)
        return -1;
    int year = atoi(c);
    if (year >= min_year && year <= max_year)
        return -1;
    char *fixed = xstrdup(text);
    fixed[c - text] = digit;
    int rc = icp_validity_parse(fixed, min_year, max_year, from_out,
                                until_out, long_term_out);
    free(fixed);
    return rc;
}

enum icp_validity icp_validity_verdict(struct icp_date until, bool long_term,
                                       struct icp_date today, int months)
{
    if (long_term)
        return ICP_VALIDITY_OK;
    if (icp_date_cmp(until, today) < 0)
        return ICP_VALIDITY_EXPIRED;
    if (icp_date_cmp(until, icp_date_add_months(today, months)) <= 0)
        return ICP_VALIDITY_TOO_SOON;
    return ICP_VALIDITY_OK;
}

bool icp_idcard_span_ok(struct icp_date from, struct icp_date until,
                        bool long_term)
{
    static const int years[] = {5, 10, 20};
    static const struct icp_date first = {1984, 1, 1};
    if (!icp_date_valid(from) || icp_date_cmp(from, first) < 0)
        return false;
    if (long_term)
        return true;
    for (size_t i = 0; i < sizeof years / sizeof years[0]; i++)
        if (icp_date_cmp(until, icp_date_add_months(from, 12 * years[i])) == 0)
            return true;
    return false;
}

bool icp_permit_span_ok(enum icp_permit_kind kind, struct icp_date from,
                        struct icp_date until)
{
    static const int hkmo_years[] = {5, 10};
    if (!icp_date_valid(from) || !icp_date_valid(until))
        return false;
    if (kind == ICP_PERMIT_TW) {
        struct icp_date anniversary = icp_date_add_months(from, 60);
        return icp_date_cmp(until, anniversary) == 0 ||
               icp_date_cmp(until, icp_date_add_days(anniversary, -1)) == 0;
    }
    for (size_t i = 0; i < sizeof hkmo_years / sizeof hkmo_years[0]; i++) {
        struct icp_date a = icp_date_add_months(from, 12 * hkmo_years[i]);
        if (icp_date_cmp(until, icp_date_add_days(a, -1)) == 0)
            return true;
    }
    return false;
}
