/* The business licence's 营业期限 as OCR reads it (see licterm.h). */
#include "checks/licterm.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dates.h"

bool icp_licterm_plausible(const struct icp_period *t,
                           const struct icp_validity_ctx *v)
{
    if (!icp_date_is_set(t->from))
        return t->long_term;
    if (icp_date_cmp(t->from, v->today) > 0)
        return false;
    if (t->long_term)
        return true;
    return icp_date_cmp(t->from, t->until) < 0 &&
           t->until.y - t->from.y <= 100;
}

bool icp_licterm_whole_years(const struct icp_period *t)
{
    if (t->long_term || !icp_date_is_set(t->from))
        return true;
    struct icp_date a = t->until, b = icp_date_add_days(t->until, 1);
    return (a.m == t->from.m && a.d == t->from.d) ||
           (b.m == t->from.m && b.d == t->from.d);
}

bool icp_licterm_two_digit_fields(const char *text)
{
    for (const char *s = text; *s;) {
        if (!g_ascii_isdigit(*s)) {
            s++;
            continue;
        }
        size_t n = strspn(s, "0123456789");
        if ((strncmp(s + n, "月", 3) == 0 || strncmp(s + n, "日", 3) == 0) &&
            n != 2)
            return false;
        /* A day at the end that lost its 日 (…12月6): a field too. */
        if (!s[n] && n != 2 && s - text >= 3 && strncmp(s - 3, "月", 3) == 0)
            return false;
        s += n;
    }
    return true;
}

char *icp_licterm_clean(const char *text)
{
    /* Nothing before the term's label is part of it: a stray stroke read
     * as 0 before 营业期限 joined the start's year (02014) and the reading
     * parsed as no term. */
    const char *label = strstr(text, "营业期限");
    if (!label)
        label = strstr(text, "经营期限");
    char *t = strdup(label ? label : text);
    if (!t)
        return NULL;
    /* A date written out ends at 日: what follows the last one is not
     * part of the term. */
    char *last = g_strrstr(t, "日");
    if (last && !strstr(last, "年") && !strstr(last, "长期"))
        last[strlen("日")] = '\0';
    /* Nor does anything follow 长期 or 永久, which end a term as 日 ends a
     * date (营业期限长期1: the frame's stroke again). */
    static const char *const ends[] = {"长期", "永久"};
    for (size_t i = 0; i < G_N_ELEMENTS(ends); i++) {
        char *e = g_strrstr(t, ends[i]);
        if (e && !strstr(e, "年"))
            e[strlen(ends[i])] = '\0';
    }
    /* Two whole dates with nothing between them: the 至 joining them was
     * lost. Only a 日 after a digit ends a date (成立日期 has one too). */
    char *gap = strstr(t, "日");
    while (gap && (gap == t || !g_ascii_isdigit(gap[-1])))
        gap = strstr(gap + strlen("日"), "日");
    if (gap && g_ascii_isdigit(gap[strlen("日")]) && !strstr(t, "至") &&
        strstr(gap, "年")) {
        size_t at = (size_t)(gap - t) + strlen("日");
        size_t len = strlen(t);
        char *joined = malloc(len + strlen("至") + 1);
        if (!joined) {
            free(t);
            return NULL;
        }
        memcpy(joined, t, at);
        memcpy(joined + at, "至", strlen("至"));
        memcpy(joined + at + strlen("至"), t + at, len - at + 1);
        free(t);
        t = joined;
    }
    return t;
}

bool icp_licterm_cut_short(const char *text)
{
    const char *to = g_strrstr(text, "至");
    if (!to)
        return false;
    to += strlen("至");
    if (strstr(to, "长期") || strstr(to, "永久"))
        return false;
    int digits = 0;
    for (const char *c = to; *c; c++)
        digits += g_ascii_isdigit(*c) != 0;
    return digits < 8 || !strstr(to, "日");
}

bool icp_licterm_end_closed(const char *text)
{
    const char *to = g_strrstr(text, "至");
    if (!to)
        return false;
    to += strlen("至");
    return strstr(to, "长期") || strstr(to, "永久") ||
           (strspn(to, "0123456789") >= 4 && g_str_has_suffix(to, "日"));
}

bool icp_licterm_long_end(const char *text)
{
    const char *label = strstr(text, "期限");
    size_t n = strlen(text);
    const char *end = NULL;
    static const char *const ends[] = {"长期", "永久"};
    for (size_t i = 0; i < G_N_ELEMENTS(ends) && !end; i++)
        if (g_str_has_suffix(text, ends[i]))
            end = text + n - strlen(ends[i]);
    if (!label || !end || end < label)
        return false;
    /* 至 before the end where OCR kept it. */
    size_t to = strlen("至");
    if ((size_t)(end - label) >= to && memcmp(end - to, "至", to) == 0)
        end -= to;
    int digits = 0;
    for (const char *c = label; c < end; c++)
        digits += g_ascii_isdigit(*c) != 0;
    return digits >= 4;
}

static bool same_term(const struct icp_period *a, const struct icp_period *b)
{
    return a->long_term == b->long_term &&
           icp_date_cmp(a->from, b->from) == 0 &&
           (a->long_term || icp_date_cmp(a->until, b->until) == 0);
}

bool icp_licterm_repair_months(const char *text, struct icp_date est,
                               const struct icp_validity_ctx *v,
                               struct icp_period *out)
{
    if (!strstr(text, "至"))
        return false;
    /* The one-or-no-digit month fields: where their digits start and end. */
    const char *at[2], *end[2];
    int n = 0;
    for (const char *s = text; *s;) {
        if (strncmp(s, "年", strlen("年")) == 0) {
            const char *d = s + strlen("年");
            size_t k = strspn(d, "0123456789");
            if (strncmp(d + k, "月", strlen("月")) == 0 && k < 2) {
                if (n == 2)
                    return false;
                at[n] = d, end[n++] = d + k;
            }
            s = d;
            continue;
        }
        size_t k = strspn(s, "0123456789");
        if (k > 0 && strncmp(s + k, "日", strlen("日")) == 0 && k != 2)
            return false; /* a day lost a digit: not repaired */
        s += k ? k : 1;
    }
    if (n == 0)
        return false;
    int found = 0;
    struct icp_period best = {0};
    for (int a = 1; a <= 12; a++)
        for (int b = 1; b <= (n > 1 ? 12 : 1); b++) {
            int mon[2] = {a, b};
            GString *g = g_string_new(NULL);
            const char *from = text;
            bool fits = true;
            for (int i = 0; i < n; i++) {
                char mm[3];
                snprintf(mm, sizeof mm, "%02d", mon[i]);
                /* The digit read must be one of the month tried. */
                if (end[i] - at[i] == 1 && mm[0] != *at[i] && mm[1] != *at[i])
                    fits = false;
                g_string_append_len(g, from, at[i] - from);
                g_string_append(g, mm);
                from = end[i];
            }
            g_string_append(g, from);
            struct icp_period per = {0};
            if (fits &&
                icp_validity_parse(g->str, v->min_year, v->max_year,
                                   &per.from, &per.until,
                                   &per.long_term) == 0 &&
                icp_licterm_plausible(&per, v) &&
                icp_licterm_whole_years(&per) &&
                (!icp_date_is_set(est) || icp_date_cmp(per.from, est) == 0) &&
                (found == 0 || !same_term(&per, &best))) {
                best = per;
                found++;
            }
            g_string_free(g, TRUE);
        }
    if (found != 1)
        return false;
    *out = best;
    return true;
}

/* Whether the digits of `read` appear in `full` in order. */
static bool digits_in_order(const char *read, const char *full)
{
    for (; *read; read++) {
        full = strchr(full, *read);
        if (!full)
            return false;
        full++;
    }
    return true;
}

/* A term reading's start, read whole before 至, and of its end the year
 * (four digits right after 至) and the digits left after it (rest, 16
 * bytes). False when the start is not whole, the year not there or fewer
 * than three digits follow it. */
static bool start_and_rest(const char *text, const struct icp_validity_ctx *v,
                           struct icp_date *from, int *year, char *rest)
{
    const char *to = strstr(text, "至");
    if (!to || strstr(to, "长期") || strstr(to, "永久"))
        return false;
    /* The start: a whole date before 至. */
    const char *s = text;
    while (s < to && !g_ascii_isdigit(*s))
        s++;
    char *head = g_strndup(s, (size_t)(to - s));
    bool whole = icp_licterm_two_digit_fields(head) &&
                 icp_date_parse(head, v->min_year, v->max_year, from) == 0;
    g_free(head);
    if (!whole)
        return false;
    /* The end: its year whole, then what is left of its month and day. */
    const char *e = to + strlen("至");
    if (strspn(e, "0123456789") < 4)
        return false;
    *year = (e[0] - '0') * 1000 + (e[1] - '0') * 100 + (e[2] - '0') * 10 +
            (e[3] - '0');
    size_t n = 0;
    for (const char *c = e + 4; *c && n < 15; c++)
        if (g_ascii_isdigit(*c))
            rest[n++] = *c;
    rest[n] = '\0';
    return n >= 3;
}

/* The two ends a term from `from` can have in `year`: the same month and
 * day, and the day before. */
static void whole_year_ends(struct icp_date from, int year,
                            struct icp_date cand[2])
{
    struct icp_date same = {year, from.m, from.d};
    if (from.m == 2 && from.d == 29)
        same.d = 28; /* no 29 February in the end year: not guessed */
    cand[0] = same;
    cand[1] = icp_date_add_days(same, -1);
}

/* A term reading whose start is whole and whose end lost digits, as the
 * rules below weigh it: the start, the end's year, the digits left of the
 * end's month and day, and the two ends a whole-year term can have. */
struct short_end {
    struct icp_date from;
    int year;
    char rest[16];
    struct icp_date ends[2];
};

/* start_and_rest() and whole_year_ends() of `text`; false as the former. */
static bool short_end_read(const char *text, const struct icp_validity_ctx *v,
                           struct short_end *se)
{
    if (!start_and_rest(text, v, &se->from, &se->year, se->rest))
        return false;
    whole_year_ends(se->from, se->year, se->ends);
    return true;
}

static bool mmdd_holds(struct icp_date d, const char *rest)
{
    char mmdd[8];
    snprintf(mmdd, sizeof mmdd, "%02d%02d", d.m, d.d);
    return digits_in_order(rest, mmdd);
}

bool icp_licterm_end_by_start(const char *text,
                              const struct icp_validity_ctx *v,
                              struct icp_period *out)
{
    struct short_end se;
    if (!short_end_read(text, v, &se))
        return false;
    int found = -1;
    for (int i = 0; i < 2; i++)
        if (mmdd_holds(se.ends[i], se.rest)) {
            if (found >= 0)
                return false;
            found = i;
        }
    if (found < 0)
        return false;
    struct icp_period per = {.from = se.from, .until = se.ends[found]};
    if (!icp_licterm_plausible(&per, v))
        return false;
    *out = per;
    return true;
}

bool icp_licterm_end_pair(const char *text, const struct icp_validity_ctx *v,
                          struct icp_date *from, struct icp_date ends[2])
{
    struct short_end se;
    if (!short_end_read(text, v, &se))
        return false;
    for (int i = 0; i < 2; i++) {
        struct icp_period per = {.from = se.from, .until = se.ends[i]};
        if (!mmdd_holds(se.ends[i], se.rest) ||
            !icp_licterm_plausible(&per, v))
            return false;
    }
    *from = se.from;
    ends[0] = se.ends[0];
    ends[1] = se.ends[1];
    return true;
}

bool icp_licterm_end_fits(const char *text, struct icp_date until,
                          const struct icp_validity_ctx *v,
                          struct icp_period *out)
{
    struct short_end se;
    if (!short_end_read(text, v, &se) || se.year != until.y ||
        !mmdd_holds(until, se.rest))
        return false;
    if (icp_date_cmp(se.ends[0], until) != 0 &&
        icp_date_cmp(se.ends[1], until) != 0)
        return false;
    struct icp_period per = {.from = se.from, .until = until};
    if (!icp_licterm_plausible(&per, v))
        return false;
    *out = per;
    return true;
}

/* Whether `text` (from its first digit) is one whole date with two-digit
 * fields. */
static bool whole_date(const char *text, int min_year, int max_year)
{
    while (*text && !g_ascii_isdigit(*text))
        text++;
    struct icp_date d;
    return *text && icp_licterm_two_digit_fields(text) &&
           icp_date_parse(text, min_year, max_year, &d) == 0;
}

int icp_licterm_whole_sides(const char *text, int min_year, int max_year)
{
    const char *to = strstr(text, "至");
    if (!to)
        return 0;
    char *head = g_strndup(text, (size_t)(to - text));
    int sides = whole_date(head, min_year, max_year) ? ICP_LICTERM_START : 0;
    g_free(head);
    if (whole_date(to + strlen("至"), min_year, max_year))
        sides |= ICP_LICTERM_END;
    return sides;
}
