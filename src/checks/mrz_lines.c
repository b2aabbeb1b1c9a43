/* Assembles OCR lines into MRZ lines of a format's width. */
#include "checks/mrz_lines.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* Longest assembled line we keep: two MRZ lines run together and noise. */
#define PIECE_MAX 128
#define MAX_PIECES 8

struct piece {
    char s[PIECE_MAX + 1]; /* MRZ characters and spaces */
    int len, solid;        /* all characters / without spaces */
};

/* Appends one cleaned character, keeping room for the NUL. */
static void put(struct piece *p, char c)
{
    if (p->len == PIECE_MAX)
        return;
    p->s[p->len++] = c;
    p->s[p->len] = '\0';
    p->solid += c != ' ';
}

/* Cleans one OCR line: upper-case, '«' is "<<", '‹' and '＜' are '<', spaces
 * kept (decided later), everything else dropped. */
static void clean(const char *s, const char *end, struct piece *p)
{
    memset(p, 0, sizeof *p);
    while (s < end) {
        unsigned char c = (unsigned char)*s;
        if (c == 0xC2 && s + 1 < end && (unsigned char)s[1] == 0xAB) {
            put(p, '<');
            put(p, '<');
            s += 2;
        } else if (!strncmp(s, "\xE2\x80\xB9", 3) ||
                   !strncmp(s, "\xEF\xBC\x9C", 3)) {
            put(p, '<');
            s += 3;
        } else {
            if (c >= 'a' && c <= 'z')
                c = (unsigned char)(c - 'a' + 'A');
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<' ||
                (c == ' ' && p->len))
                put(p, (char)c);
            s++;
        }
    }
    while (p->len && p->s[p->len - 1] == ' ')
        p->s[--p->len] = '\0';
}

/* The non-empty cleaned lines of `text`; returns how many. */
static int split(const char *text, struct piece *pieces)
{
    int n = 0;
    const char *p = text;
    while (*p && n < MAX_PIECES) {
        const char *end = p + strcspn(p, "\r\n");
        clean(p, end, &pieces[n]);
        if (pieces[n].solid >= 5)
            n++;
        p = *end ? end + 1 : end;
    }
    return n;
}

static void join(struct piece *a, const struct piece *b)
{
    for (int i = 0; i < b->len; i++)
        put(a, b->s[i]);
}

/* Greedily merges broken lines and splits run-together ones. */
static int assemble(const struct piece *in, int n, int width, struct piece *out)
{
    int m = 0;
    for (int i = 0; i < n; i++) {
        const struct piece *p = &in[i];
        if (m > 0 && out[m - 1].solid + p->solid <= width + 1) {
            join(&out[m - 1], p);
        } else if (p->solid >= 2 * width - 2 && p->solid <= 2 * width + 2 &&
                   m + 2 <= MAX_PIECES) {
            /* two lines read as one: cut after `width` characters */
            struct piece solid;
            memset(&solid, 0, sizeof solid);
            for (int k = 0; k < p->len; k++)
                if (p->s[k] != ' ')
                    put(&solid, p->s[k]);
            memset(&out[m], 0, sizeof out[m]);
            memset(&out[m + 1], 0, sizeof out[m + 1]);
            for (int k = 0; k < solid.len; k++)
                put(&out[m + (k >= width)], solid.s[k]);
            m += 2;
        } else if (m < MAX_PIECES) {
            out[m++] = *p;
        }
    }
    return m;
}

/* The longest run of '<' in s: start in *at, length returned. */
static int longest_filler(const char *s, int *at)
{
    int best = 0;
    *at = (int)strlen(s);
    for (int i = 0; s[i];) {
        int j = i;
        while (s[j] == '<')
            j++;
        if (j - i > best) {
            best = j - i;
            *at = i;
        }
        i = j > i ? j : i + 1;
    }
    return best;
}

static void add_spelling(struct mrz_variants *v, int line, const char *s,
                         bool exact, bool left_out)
{
    for (int k = 0; k < v->n[line]; k++)
        if (!strcmp(v->v[line][k], s)) {
            v->exact[line][k] |= exact;
            v->left_out[line][k] &= left_out;
            return;
        }
    if (v->n[line] < MRZ_VARIANTS) {
        v->exact[line][v->n[line]] = exact;
        v->left_out[line][v->n[line]] = left_out;
        memcpy(v->v[line][v->n[line]++], s, strlen(s) + 1);
    }
}

static void add_variant(struct mrz_variants *v, int line, const char *s,
                        bool exact)
{
    add_spelling(v, line, s, exact, false);
}

/* Adds `s` fitted to `width` by one or two fillers more or less in the
 * longest filler run, and at the end. A names line (`pad`) may be short by
 * any amount: its end is all fillers, which OCR drops with trailing
 * spaces. */
static void fit(struct mrz_variants *v, int line, const char *s, int width,
                bool pad, bool loose)
{
    int len = (int)strlen(s), d = width - len, at;
    char buf[PIECE_MAX + 3];
    if (d == 0) {
        add_variant(v, line, s, true);
        return;
    }
    if (pad && d > 2) {
        memcpy(buf, s, (size_t)len);
        memset(buf + len, '<', (size_t)d);
        buf[width] = '\0';
        add_variant(v, line, buf, false);
        return;
    }
    int run = longest_filler(s, &at);
    /* A long run of fillers (an empty optional field) is what OCR counts
     * worst: Tesseract merges or splits repeated '<'. Such a line short or
     * long by up to a fifth of the width is fitted in that run alone; the
     * check digits judge the fit. */
    if (loose && (d < -2 || d > 2) && run >= 3 && abs(d) <= width / 5 &&
        (d > 0 || run >= -d + 1)) {
        if (d > 0) {
            memcpy(buf, s, (size_t)at);
            memset(buf + at, '<', (size_t)d);
            memcpy(buf + at + d, s + at, (size_t)(len - at) + 1);
        } else {
            memcpy(buf, s, (size_t)at);
            memcpy(buf + at, s + at - d, (size_t)(len - at + d) + 1);
        }
        add_variant(v, line, buf, false);
        return;
    }
    if (d < -2 || d > 2)
        return;
    if (d < 0 && run >= -d + 1) {
        memcpy(buf, s, (size_t)at);
        memcpy(buf + at, s + at - d, (size_t)(len - at + d) + 1);
        add_variant(v, line, buf, false);
    }
    if (d > 0 && run > 0) {
        memcpy(buf, s, (size_t)at);
        memset(buf + at, '<', (size_t)d);
        memcpy(buf + at + d, s + at, (size_t)(len - at) + 1);
        add_variant(v, line, buf, false);
    }
    /* A data line one character long may hold one OCR made up (a stroke
     * of a 9 read again as I beside it: CANI9710289 for CAN9710289, seed
     * 3411, no. 18), anywhere before its last two: each character left
     * out in turn, the check digits judge which. Not the last two (the
     * check digits there): a wrong composite left out, the digit before
     * it takes its place and may hold by chance. Such a spelling counts
     * only where every check then holds (a real ID card's zone printed
     * failing, its expiry check holding, read once with a character
     * left out that made three other checks hold and the expiry's not:
     * the best reading of it, with a wrong expiry), and as fitted, so it
     * stands when read again or vouched for. */
    if (d == -1 && !pad)
        for (int i = 0; i < len - 2; i++)
            if (s[i] != '<' && (i == 0 || s[i] != s[i - 1])) {
                memcpy(buf, s, (size_t)i);
                memcpy(buf + i, s + i + 1, (size_t)(len - i));
                add_spelling(v, line, buf, false, true);
            }
    /* Cutting the end of a data line drops its last characters, its check
     * digits: a wrong printed composite cut off and a filler taken for it
     * made bad-check passports pass. Only fillers are cut there. */
    if (d < 0 && !pad && strspn(s + width, "<") != (size_t)-d)
        return;
    memcpy(buf, s, (size_t)len + 1);
    if (d < 0)
        buf[width] = '\0';
    else
        memset(buf + len, '<', (size_t)d), buf[width] = '\0';
    add_variant(v, line, buf, false);
}

/* The line without a stray token at one end: when the characters before
 * the last space (or after the first) number exactly `width` and what the
 * space cuts off is at most STRAY_MAX characters, that is a speck or a mark
 * beside the zone read into its line (a " 1" after a full second line), not
 * a character of it. Writes the line's characters, spaces dropped, to
 * `out` and returns true; the checks still judge them. */
#define STRAY_MAX 2
static bool without_stray(const struct piece *p, int width, char *out)
{
    const char *first = strchr(p->s, ' '), *last = strrchr(p->s, ' ');
    if (!last)
        return false;
    const char *from = NULL, *to = NULL;
    int tail = 0, head = 0;
    for (const char *q = last + 1; *q; q++)
        tail += *q != ' ';
    for (const char *q = p->s; q < first; q++)
        head += *q != ' ';
    if (tail > 0 && tail <= STRAY_MAX && p->solid - tail == width)
        from = p->s, to = last;
    else if (head > 0 && head <= STRAY_MAX && p->solid - head == width)
        from = first + 1, to = p->s + p->len;
    else
        return false;
    int n = 0;
    for (const char *q = from; q < to; q++)
        if (*q != ' ')
            out[n++] = *q;
    out[n] = '\0';
    return n == width;
}

/* The two readings of spaces: dropped, or fillers. Returns the smaller
 * length error. */
static int spellings(const struct piece *p, int width, int line, bool pad,
                     bool loose, struct mrz_variants *v)
{
    char trimmed[PIECE_MAX + 1];
    /* Tried first: fitted around the stray token, the line's check digits
     * would sit one place off. */
    bool stray = without_stray(p, width, trimmed);
    if (stray)
        add_variant(v, line, trimmed, true);
    char dropped[PIECE_MAX + 1], filler[PIECE_MAX + 1];
    int nd = 0;
    for (int k = 0; k < p->len; k++) {
        if (p->s[k] != ' ')
            dropped[nd++] = p->s[k];
        filler[k] = p->s[k] == ' ' ? '<' : p->s[k];
    }
    dropped[nd] = '\0';
    filler[p->len] = '\0';
    int e1 = abs(nd - width), e2 = abs(p->len - width);
    /* The reading closer to the width is tried first and wins ties of the
     * checks (names carry none): "P UTOERIKSSON  ANNA" has filler spaces. */
    fit(v, line, e2 <= e1 ? filler : dropped, width, pad, loose);
    fit(v, line, e2 <= e1 ? dropped : filler, width, pad, loose);
    int e = e1 < e2 ? e1 : e2;
    if (stray)
        return 0;
    if (loose && e > 2 && v->n[line] > 0)
        return 2; /* fitted in its filler run (or a names line padded) */
    return pad && e > 2 && (nd < width || p->len < width) ? 2 : e;
}

int mrz_lines_find(const char *text, int lines, int width, bool loose,
                   struct mrz_variants *out)
{
    struct piece in[MAX_PIECES], as[MAX_PIECES];
    memset(out, 0, sizeof *out);
    int n = split(text, in);
    int m = assemble(in, n, width, as);
    if (m < lines)
        return -1;
    int err = 0;
    for (int i = 0; i < lines; i++) {
        /* The names line: TD1's third, else the first; a line read alone
         * is a data line (TD3's second), whose end holds check digits. */
        bool names = lines > 1 && i == (lines == 3 ? 2 : 0);
        err += spellings(&as[m - lines + i], width, i, names, loose, out);
        if (out->n[i] == 0)
            return -1;
    }
    return err;
}
