/* OCR text normalisation and tolerant keyword search. */
#include "core/text.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* Decodes UTF-8 into code points, dropping invalid bytes. Returns a new
 * array (caller frees with free()) and its length in *n_out. */
static uint32_t *decode(const char *s, size_t *n_out)
{
    size_t len = strlen(s), n = 0;
    uint32_t *cp = xmalloc((len + 1) * sizeof *cp);
    const char *p = s, *end = s + len;
    while (p < end) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            p++; /* an invalid byte: drop it, resynchronise on the next */
            continue;
        }
        cp[n++] = c;
        p = g_utf8_next_char(p);
    }
    *n_out = n;
    return cp;
}

static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f' || c == 0x3000 || c == 0xA0;
}

static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

static bool is_cjk(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0x20000 && c <= 0x2FFFF);
}

static bool is_ascii_punct(uint32_t c)
{
    return c < 0x80 && c > ' ' && !g_ascii_isalnum((char)c);
}

/* Full-width ASCII and the ideographic space fold to ASCII. */
static uint32_t fold_width(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        return c - 0xFF01 + 0x21;
    if (c == 0x3000)
        return ' ';
    return c;
}

static bool is_dash(uint32_t c)
{
    return (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 ||
           c == 0xFE63;
}

/* Index of the nearest non-space neighbour in direction `dir`, or -1. */
static long neighbour(const uint32_t *cp, size_t n, size_t i, int dir)
{
    long j = (long)i + dir;
    while (j >= 0 && (size_t)j < n && is_space(cp[j]))
        j += dir;
    return j >= 0 && (size_t)j < n ? j : -1;
}

/* Context-dependent replacements: tildes and 一 as range dashes, 。 and · as
 * decimal points. Works on width-folded code points. */
static void fix_context(uint32_t *cp, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (is_dash(cp[i])) {
            cp[i] = '-';
            continue;
        }
        long a = neighbour(cp, n, i, -1), b = neighbour(cp, n, i, +1);
        bool digit_before = a >= 0 && is_digit(cp[a]);
        bool digit_after = b >= 0 && is_digit(cp[b]);
        uint32_t c = cp[i];
        if (c == '~' || c == 0x301C || c == 0x4E00) {
            bool range_end =
                digit_after || (b >= 0 && (cp[b] == 0x957F || cp[b] == 0x6C38));
            if (digit_before && range_end)
                cp[i] = '-';
        } else if ((c == 0x3002 || c == 0xB7) && digit_before && digit_after) {
            cp[i] = '.';
        }
    }
}

/* Whether a whitespace run between `a` and `b` is OCR noise. */
static bool drop_space(uint32_t a, uint32_t b)
{
    if (is_cjk(a) || is_cjk(b))
        return true;
    bool tight_a = is_digit(a) || is_ascii_punct(a);
    bool tight_b = is_digit(b) || is_ascii_punct(b);
    return tight_a && tight_b;
}

static size_t put_utf8(char *out, uint32_t c)
{
    return (size_t)g_unichar_to_utf8((gunichar)c, out);
}

char *icp_text_normalize(const char *text)
{
    if (!text)
        return NULL;
    size_t n;
    uint32_t *cp = decode(text, &n);
    for (size_t i = 0; i < n; i++)
        cp[i] = fold_width(cp[i]);
    fix_context(cp, n);

    /* Folding only shortens: every replaced character was multi-byte. */
    char *out = xmalloc(strlen(text) + 1);
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (!is_space(cp[i])) {
            o += put_utf8(out + o, cp[i++]);
            continue;
        }
        bool newline = false;
        size_t j = i;
        for (; j < n && is_space(cp[j]); j++)
            newline |= cp[j] == '\n';
        bool edge = o == 0 || j == n;
        if (!edge && !drop_space(cp[i - 1], cp[j]))
            out[o++] = newline ? '\n' : ' ';
        i = j;
    }
    out[o] = '\0';
    free(cp);
    return out;
}

char icp_text_digit_of(char c)
{
    static const char from[] = "OoDQlI|iSsBZzGg";
    static const char to[] = "000011115582269";
    if (c >= '0' && c <= '9')
        return c;
    const char *p = c ? strchr(from, c) : NULL;
    return p ? to[p - from] : 0;
}

size_t icp_text_fix_digits(char *s)
{
    size_t changed = 0;
    for (; s && *s; s++) {
        char d = icp_text_digit_of(*s);
        if (d && d != *s) {
            *s = d;
            changed++;
        }
    }
    return changed;
}

/* Folded code points of `s` without any whitespace; caller frees. */
static uint32_t *squeeze(const char *s, size_t *n_out)
{
    size_t n, k = 0;
    uint32_t *cp = decode(s, &n);
    for (size_t i = 0; i < n; i++) {
        uint32_t c = fold_width(cp[i]);
        if (!is_space(c))
            cp[k++] = c;
    }
    *n_out = k;
    return cp;
}

/* The least edit distance between `k` and any run of `t` (Sellers): OCR
 * swaps a glyph, splits one in two (照 read as 8 and 8) or drops one. */
static size_t best_distance(const uint32_t *t, size_t nt, const uint32_t *k,
                            size_t nk)
{
    size_t *col = xmalloc((nk + 1) * sizeof *col), best = nk;
    for (size_t j = 0; j <= nk; j++)
        col[j] = j;
    for (size_t i = 0; i < nt; i++) {
        size_t diag = col[0];
        col[0] = 0; /* a match may start anywhere in the text */
        for (size_t j = 1; j <= nk; j++) {
            size_t up = col[j];
            size_t sub = diag + (t[i] != k[j - 1]);
            size_t skip_text = col[j] + 1, skip_key = col[j - 1] + 1;
            col[j] = sub < skip_text ? sub : skip_text;
            if (skip_key < col[j])
                col[j] = skip_key;
            diag = up;
        }
        if (col[nk] < best)
            best = col[nk];
    }
    free(col);
    return best;
}

bool icp_text_contains(const char *text, const char *keyword)
{
    if (!text || !keyword || !*keyword)
        return false;
    size_t nt, nk;
    uint32_t *t = squeeze(text, &nt);
    uint32_t *k = squeeze(keyword, &nk);
    /* One slip in a label of four or more characters, two from seven: a
     * shorter keyword would match by chance. */
    size_t allowed = nk >= 7 ? 2 : nk >= 4 ? 1 : 0;
    bool found = nk > 0 && best_distance(t, nt, k, nk) <= allowed;
    free(t);
    free(k);
    return found;
}
