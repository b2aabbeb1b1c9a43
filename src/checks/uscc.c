/* GB 32100 credit codes with their embedded GB 11714 organisation code. */
#include "checks/uscc.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The 0-30 value of a charset character, or -1. */
static int value(char c)
{
    const char *p = c ? strchr(charset, c) : NULL;
    return p ? (int)(p - charset) : -1;
}

char icp_uscc_check_char(const char *code17)
{
    static const int weights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                    29, 25, 13, 8,  24, 10, 30, 28};
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = value(code17[i]);
        if (v < 0)
            return 0;
        sum += v * weights[i];
    }
    int c = 31 - sum % 31;
    return charset[c == 31 ? 0 : c];
}

char icp_uscc_org_check_char(const char *body8)
{
    static const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        char c = body8[i];
        int v = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'A' && c <= 'Z' ? c - 'A' + 10
                                       : -1;
        if (v < 0)
            return 0;
        sum += v * weights[i];
    }
    int c = 11 - sum % 11;
    return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

/* The ASCII letters and digits of the normalised text, upper-cased, into
 * `out` (room for 18); false when there are more. */
static bool collect(const char *text, char *out)
{
    char *norm = icp_text_normalize(text);
    size_t n = 0;
    bool fits = true;
    for (const char *p = norm; *p && fits; p++) {
        if (!g_ascii_isalnum(*p))
            continue;
        fits = n < 18;
        if (fits)
            out[n++] = g_ascii_toupper(*p);
    }
    out[n] = '\0';
    free(norm);
    return fits;
}

static bool all_digits(const char *s)
{
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* The certain repairs; returns whether anything changed. */
static bool repair_certain(char *s)
{
    static const char from[] = "IOZS", to[] = "1025";
    bool changed = false;
    for (int i = 0; s[i]; i++) {
        char c = s[i];
        const char *p = strchr(from, c);
        if (p)
            c = to[p - from];
        else if (i >= 1 && i <= 7 && icp_text_digit_of(c))
            c = icp_text_digit_of(c);
        changed |= c != s[i];
        s[i] = c;
    }
    return changed;
}

static bool checks_hold(const char *s)
{
    return icp_uscc_check_char(s) == s[17] &&
           icp_uscc_org_check_char(s + 8) == s[16];
}

/* Tries U and Y for every V (at most 4 of them); keeps the only reading
 * that passes both checks, else leaves U everywhere. */
static void repair_v(char *s)
{
    int pos[4], n = 0;
    for (int i = 0; s[i]; i++)
        if (s[i] == 'V' && n < 4)
            pos[n++] = i;
    if (n == 0)
        return;
    int found = -1, hits = 0;
    for (int mask = 0; mask < (1 << n); mask++) {
        for (int k = 0; k < n; k++)
            s[pos[k]] = mask >> k & 1 ? 'Y' : 'U';
        if (checks_hold(s)) {
            found = mask;
            hits++;
        }
    }
    int keep = hits == 1 ? found : 0;
    for (int k = 0; k < n; k++)
        s[pos[k]] = keep >> k & 1 ? 'Y' : 'U';
}

int icp_uscc_parse(const char *text, struct icp_uscc *out)
{
    memset(out, 0, sizeof *out);
    out->error = ICP_USCC_LENGTH;
    if (!text || !collect(text, out->code))
        return -1;
    size_t n = strlen(out->code);
    if (n == 15) {
        char digits[16];
        memcpy(digits, out->code, sizeof digits);
        out->repaired = icp_text_fix_digits(digits) > 0;
        if (all_digits(digits)) {
            memcpy(out->code, digits, sizeof digits);
            out->error = ICP_USCC_OLD_REGNO;
        }
        return -1;
    }
    if (n != 18)
        return -1;
    char before[19];
    memcpy(before, out->code, sizeof before);
    repair_certain(out->code);
    repair_v(out->code);
    out->repaired = strcmp(before, out->code) != 0;
    for (int i = 0; i < 18; i++)
        if (value(out->code[i]) < 0) {
            out->error = ICP_USCC_CHARSET;
            return -1;
        }
    if (icp_uscc_check_char(out->code) != out->code[17])
        out->error = ICP_USCC_CHECK;
    else if (icp_uscc_org_check_char(out->code + 8) != out->code[16])
        out->error = ICP_USCC_ORG_CODE;
    else
        out->error = ICP_USCC_OK;
    return out->error == ICP_USCC_OK ? 0 : -1;
}

int icp_uscc_in_text(const char *text, const char *code, bool *same_out)
{
    int found = 0;
    bool same = false;
    for (const char *t = text ? text : ""; *t; t++) {
        size_t n = strspn(t, charset);
        if (n == 18) {
            char c[19];
            struct icp_uscc q;
            memcpy(c, t, 18);
            c[18] = '\0';
            if (icp_uscc_parse(c, &q) == 0) {
                found++;
                same = same || (code && strcmp(q.code, code) == 0);
            }
        }
        t += n ? n - 1 : 0;
    }
    if (same_out)
        *same_out = same;
    return found;
}

void icp_uscc_match_init(struct icp_uscc_match *m, const char *code)
{
    memset(m, 0, sizeof *m);
    g_strlcpy(m->code, code, sizeof m->code);
}

bool icp_uscc_match_add(struct icp_uscc_match *m, const char *text,
                        int max_misread)
{
    char s[128];
    size_t n = 0;
    if (!text || strlen(m->code) != 18)
        return false;
    char *norm = icp_text_normalize(text);
    for (const char *c = norm ? norm : ""; *c && n < sizeof s - 1; c++) {
        if (!g_ascii_isalnum(*c))
            continue;
        char u = g_ascii_toupper(*c);
        s[n++] = u == 'I' ? '1' : u == 'O' ? '0' : u == 'Z' ? '2'
                 : u == 'S' ? '5' : u;
    }
    free(norm);
    if (n < 17)
        return false;
    /* The offset with most places alike; then, a place lost (gap < 18:
     * the reading runs on at code place gap + 1), only where it matches
     * more places than any whole alignment. */
    size_t best_at = 0;
    int best = -1, gap = 18;
    for (size_t at = 0; at + 18 <= n; at++) {
        int k = 0;
        for (size_t i = 0; i < 18; i++)
            k += s[at + i] == m->code[i];
        if (k > best) {
            best = k;
            best_at = at;
        }
    }
    /* Only a reading of 17 characters has surely lost one: in a longer
     * one a shift would explain a misprinted place away (…MP8K read
     * …MP5K with a word after it, K taken for the QR's 5). */
    for (size_t at = 0; n == 17 && at + 17 <= n; at++)
        for (int g = 0; g < 18; g++) {
            int k = 0;
            for (int i = 0; i < 18; i++)
                if (i != g)
                    k += s[at + (size_t)(i < g ? i : i - 1)] == m->code[i];
            /* The lost place counts as a miss. */
            if (k > best) {
                best = k;
                best_at = at;
                gap = g;
            }
        }
    /* Likewise a reading of 19 with one character too many, where
     * dropping it matches more places than any whole alignment: one glyph
     * read as two (6 as G6), the places after it one to the right. */
    int extra = 19;
    for (int g = 0; n == 19 && g < 19; g++) {
        int k = 0;
        for (int i = 0; i < 18; i++)
            k += s[i < g ? i : i + 1] == m->code[i];
        if (k > best) {
            best = k;
            best_at = 0;
            gap = 18;
            extra = g;
        }
    }
    if (18 - best > max_misread)
        return false;
    for (int i = 0; i < 18; i++) {
        if (i == gap) {
            m->last[i] = '_';
            continue;
        }
        char c = extra < 19 ? s[i < extra ? i : i + 1]
                            : s[best_at + (size_t)(i < gap ? i : i - 1)];
        m->last[i] = c;
        if (c == m->code[i]) {
            if (m->agree[i] < 255)
                m->agree[i]++;
            continue;
        }
        for (size_t k = 0; k < G_N_ELEMENTS(m->alt[i]); k++)
            if (m->alt_n[i][k] == 0 || m->alt[i][k] == c) {
                m->alt[i][k] = c;
                if (m->alt_n[i][k] < 255)
                    m->alt_n[i][k]++;
                break;
            }
    }
    m->last[18] = '\0';
    m->n++;
    return true;
}

/* Characters OCR takes for each other in the code's print, the same way
 * at every preparation: a difference between them is no sign of a wrongly
 * printed code. The set comes from a study: 50 valid generated licences
 * (seed 6161, phone photos; valid, long-term, too-soon and expired, the
 * print always the QR's code), every reading of the print the comparison
 * counted (63 readings, 1134 places) compared with the QR's code: 27
 * places (2.4 %) read otherwise, as 9>5 3, 8>E 3, 8>5 3, 6>G 3, 6>E 2,
 * 0>Q 2, 4>A 2, 8>B and B>8 once each, and once each 9>0, 1>2, 7>T, C>T,
 * 1>L, A>R, J>5. A valid licence fails only where one place is misread
 * alike at least twice and never read right: once in the study (6>G),
 * and 6>E on seed 9844, 3>9, 3>8 and 3>5 on seed 2719 before it. Those
 * pairs are the look-alikes; a misread that came and went (every other
 * pair above) is read right at another preparation and needs no excuse,
 * while each pair excused hides a misprint whose wrong character is the
 * right one's look-alike (5 pairs: 10 of the 930 ordered pairs, 1.1 %; a
 * check character printed 9 for 5 was hidden on a fresh set when 9/5 was
 * a look-alike). */
static bool look_alike(char a, char b)
{
    static const char *const pairs[] = {"6G", "6E", "39", "38", "35"};
    /* A character no code holds (V; I O Z S are read as 1 0 2 5 before)
     * is a misread, whatever the print. */
    if (!strchr(charset, a) || !strchr(charset, b))
        return true;
    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++)
        if ((pairs[i][0] == a && pairs[i][1] == b) ||
            (pairs[i][0] == b && pairs[i][1] == a))
            return true;
    return false;
}

enum icp_uscc_match_verdict
icp_uscc_match_verdict(const struct icp_uscc_match *m, char *printed)
{
    bool all = m->n > 0, differs = false;
    char p[19];
    memcpy(p, m->code, sizeof p);
    for (size_t i = 0; i < 18; i++) {
        int top = 0;
        for (size_t k = 0; k < G_N_ELEMENTS(m->alt[i]); k++)
            if (m->alt_n[i][k] > m->alt_n[i][top])
                top = (int)k;
        int alt = m->alt_n[i][top];
        /* One reading alike against more read otherwise is no proof: a
         * garbled reading, aligned with a place lost, matched a
         * misprinted check character that five clean readings had read
         * as printed (seed 3579, no. 23, passed so). */
        bool alike = look_alike(m->alt[i][top], m->code[i]);
        if (m->agree[i] == 0 || (m->agree[i] == 1 && alt > 1 && !alike))
            all = false;
        if (alt >= 2 && m->agree[i] == 0 && !alike) {
            differs = true;
            p[i] = m->alt[i][top];
        }
    }
    if (differs) {
        if (printed)
            memcpy(printed, p, sizeof p);
        return ICP_USCC_MATCH_DIFFERS;
    }
    return all ? ICP_USCC_MATCH_SAME : ICP_USCC_MATCH_UNSURE;
}

bool icp_uscc_match_settled(const struct icp_uscc_match *m)
{
    for (size_t i = 0; i < 18; i++) {
        if (m->agree[i] > 0)
            continue;
        for (size_t k = 0; k < G_N_ELEMENTS(m->alt[i]); k++)
            if (m->alt_n[i][k] >= 3 && !look_alike(m->alt[i][k], m->code[i]))
                return true;
    }
    return false;
}
