/* ICAO 9303 MRZ fields, check digits and check-guarded OCR repairs. */
#include "checks/mrz.h"

#include <string.h>

#include "checks/mrz_lines.h"
#include "core/text.h"

/* A run of characters: line, start, length (0 = absent). */
struct seg {
    signed char line, start, len;
};

struct layout {
    enum icp_mrz_format format;
    int lines, width;
    struct seg doc_type, issuer, names, number, nationality, birth, sex, expiry,
        optional, optional2;
    struct seg check[ICP_MRZ_CHECK_COUNT]; /* where each check digit is */
    struct seg comp[4];                    /* what the composite covers */
};

static const struct layout layouts[] = {
    {ICP_MRZ_TD3,
     2,
     44,
     {0, 0, 2},
     {0, 2, 3},
     {0, 5, 39},
     {1, 0, 9},
     {1, 10, 3},
     {1, 13, 6},
     {1, 20, 1},
     {1, 21, 6},
     {1, 28, 14},
     {0, 0, 0},
     {{1, 9, 1}, {1, 19, 1}, {1, 27, 1}, {1, 42, 1}, {1, 43, 1}},
     {{1, 0, 10}, {1, 13, 7}, {1, 21, 22}, {0, 0, 0}}},
    {ICP_MRZ_MRVA,
     2,
     44,
     {0, 0, 2},
     {0, 2, 3},
     {0, 5, 39},
     {1, 0, 9},
     {1, 10, 3},
     {1, 13, 6},
     {1, 20, 1},
     {1, 21, 6},
     {1, 28, 16},
     {0, 0, 0},
     {{1, 9, 1}, {1, 19, 1}, {1, 27, 1}, {0, 0, 0}, {0, 0, 0}},
     {{0, 0, 0}}},
    {ICP_MRZ_TD2,
     2,
     36,
     {0, 0, 2},
     {0, 2, 3},
     {0, 5, 31},
     {1, 0, 9},
     {1, 10, 3},
     {1, 13, 6},
     {1, 20, 1},
     {1, 21, 6},
     {1, 28, 7},
     {0, 0, 0},
     {{1, 9, 1}, {1, 19, 1}, {1, 27, 1}, {0, 0, 0}, {1, 35, 1}},
     {{1, 0, 10}, {1, 13, 7}, {1, 21, 14}, {0, 0, 0}}},
    {ICP_MRZ_MRVB,
     2,
     36,
     {0, 0, 2},
     {0, 2, 3},
     {0, 5, 31},
     {1, 0, 9},
     {1, 10, 3},
     {1, 13, 6},
     {1, 20, 1},
     {1, 21, 6},
     {1, 28, 8},
     {0, 0, 0},
     {{1, 9, 1}, {1, 19, 1}, {1, 27, 1}, {0, 0, 0}, {0, 0, 0}},
     {{0, 0, 0}}},
    {ICP_MRZ_TD1,
     3,
     30,
     {0, 0, 2},
     {0, 2, 3},
     {2, 0, 30},
     {0, 5, 9},
     {1, 15, 3},
     {1, 0, 6},
     {1, 7, 1},
     {1, 8, 6},
     {0, 15, 15},
     {1, 18, 11},
     {{0, 14, 1}, {1, 6, 1}, {1, 14, 1}, {0, 0, 0}, {1, 29, 1}},
     {{0, 5, 25}, {1, 0, 7}, {1, 8, 7}, {1, 18, 11}}},
};

/* Not const-qualified in signatures: C17 cannot pass char (*)[N] as
 * const char (*)[N] without a cast. */
typedef char mrz_lines_t[3][ICP_MRZ_MAX_LINE + 1];

const char *icp_mrz_format_name(enum icp_mrz_format format)
{
    static const char *const names[] = {"none", "TD1",   "TD2",
                                        "TD3",  "MRV-A", "MRV-B"};
    return (unsigned)format < 6 ? names[format] : "none";
}

static int char_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return c == '<' ? 0 : -1;
}

int icp_mrz_check_digit(const char *s, size_t n)
{
    static const int weights[3] = {7, 3, 1};
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int v = char_value(s[i]);
        if (v < 0)
            return -1;
        sum += v * weights[i % 3];
    }
    return sum % 10;
}

static const char *at(mrz_lines_t L, struct seg s)
{
    return &L[s.line][s.start];
}

static bool check_holds(mrz_lines_t L, const struct layout *lo, int k)
{
    static const struct seg none = {0, 0, 0};
    const struct seg data[ICP_MRZ_CHECK_COUNT] = {
        lo->number, lo->birth, lo->expiry, lo->optional, none};
    if (!lo->check[k].len)
        return true;
    char want = *at(L, lo->check[k]);
    int got;
    if (k == ICP_MRZ_CHECK_COMPOSITE) {
        char buf[3 * ICP_MRZ_MAX_LINE];
        size_t n = 0;
        for (int i = 0; i < 4 && lo->comp[i].len; i++) {
            memcpy(buf + n, at(L, lo->comp[i]), (size_t)lo->comp[i].len);
            n += (size_t)lo->comp[i].len;
        }
        got = icp_mrz_check_digit(buf, n);
    } else {
        got = icp_mrz_check_digit(at(L, data[k]), (size_t)data[k].len);
    }
    /* '<' stands for 0 over an empty field */
    return got >= 0 && (want - '0' == got || (want == '<' && got == 0));
}

static char letter_of(char c)
{
    static const char digits[] = "012568", letters[] = "OIZSGB";
    const char *p = strchr(digits, c);
    return c && p ? letters[p - digits] : c;
}

/* Digit fields take digit look-alikes, letter fields letter look-alikes. */
static int fix_seg(mrz_lines_t L, struct seg s, bool digits)
{
    int changed = 0;
    for (int i = 0; i < s.len; i++) {
        char *c = &L[s.line][s.start + i];
        char r = *c;
        if (digits && *c != '<')
            r = icp_text_digit_of(*c) ? icp_text_digit_of(*c) : *c;
        else if (!digits)
            r = letter_of(*c);
        changed += r != *c;
        *c = r;
    }
    return changed;
}

static bool lookalike_filler(char c)
{
    return c == '<' || c == 'K' || c == 'X' || c == 'C' || c == 'L';
}

/* The tail of a names field after the last name: a run of fillers and
 * their look-alikes that starts with '<' and holds at least two real '<'
 * (so "JOHN<K" keeps its initial and "CLARK<<" its K). */
static int fix_names_tail(mrz_lines_t L, struct seg s)
{
    char *f = &L[s.line][s.start];
    int j = s.len, fillers = 0, changed = 0;
    while (j > 0 && lookalike_filler(f[j - 1]))
        j--;
    while (j < s.len && f[j] != '<')
        j++;
    for (int i = j; i < s.len; i++)
        fillers += f[i] == '<';
    for (int i = j; i < s.len && fillers >= 2; i++) {
        changed += f[i] != '<';
        f[i] = '<';
    }
    return changed;
}

static const char *alternatives(char c)
{
    static const char *const table[][2] = {
        {"0", "ODQ"}, {"1", "I"}, {"2", "Z"}, {"5", "S"}, {"6", "G"},
        {"8", "B"},   {"O", "0"}, {"D", "0"}, {"Q", "0"}, {"I", "1"},
        {"Z", "2"},   {"S", "5"}, {"G", "6"}, {"B", "8"}, {"K", "<"},
        {"X", "<"},   {"C", "<"}, {"L", "<"}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i][0][0] == c)
            return table[i][1];
    return "";
}

static bool repaired_ok(mrz_lines_t L, const struct layout *lo, int k)
{
    return (k < 0 || check_holds(L, lo, k)) &&
           check_holds(L, lo, ICP_MRZ_CHECK_COMPOSITE);
}

/* How far a field's reading strays from a document number's usual shape,
 * letters before digits (E12345678, N03712092): the places where a run of
 * letters meets a run of digits, fillers apart. */
static int alternations(mrz_lines_t L, struct seg s)
{
    int n = 0, last = 0; /* 1 letter, 2 digit */
    for (int i = 0; i < s.len; i++) {
        char c = L[s.line][s.start + i];
        int kind = c >= '0' && c <= '9' ? 2 : c >= 'A' && c <= 'Z' ? 1 : 0;
        if (kind && last && kind != last)
            n++;
        if (kind)
            last = kind;
    }
    return n;
}

static bool guessed_swap(mrz_lines_t was, mrz_lines_t now, struct seg s);

/* The readings that make the checks hold, as try_subs() finds them: how
 * many (the last in `last`), and of those that only swap O and 0, the
 * ones that alternate least between letters and digits (how many, the
 * last in `plain`). `was` is the segment's reading before any swap. */
struct hits {
    int n, fewest, n_fewest;
    mrz_lines_t was, last, plain;
};

static void hit(mrz_lines_t L, struct seg s, struct hits *h)
{
    h->n++;
    memcpy(h->last, L, sizeof(mrz_lines_t));
    if (guessed_swap(h->was, L, s))
        return;
    int alt = alternations(L, s);
    if (h->n_fewest && alt > h->fewest)
        return;
    if (!h->n_fewest || alt < h->fewest)
        h->fewest = alt, h->n_fewest = 0;
    h->n_fewest++;
    memcpy(h->plain, L, sizeof(mrz_lines_t));
}

/* Collects in `h` the readings with one substitution at position i (and,
 * when `from` >= 0, a second one at a later position) that make the
 * checks hold. */
static void try_subs(mrz_lines_t L, const struct layout *lo, struct seg s,
                     int k, int i, int from, struct hits *h)
{
    char *c = &L[s.line][s.start + i];
    char orig = *c;
    for (const char *a = alternatives(orig); *a; a++) {
        *c = *a;
        if (from < 0) {
            if (repaired_ok(L, lo, k))
                hit(L, s, h);
            continue;
        }
        for (int j = i + 1; j < s.len; j++)
            try_subs(L, lo, s, k, j, -1, h);
    }
    *c = orig;
}

/* Repairs segment `s` so that check k (or only the composite, k < 0)
 * holds: the only reading with one substitution, else with two when a
 * composite guards them and the field has no check digit of its own. A
 * field with its own check digit gets one substitution only: a document
 * printed with a wrong check digit fails both its checks, and among the
 * pairs of look-alike swaps in a nine-character number one in ten or so
 * satisfies both by chance (generated bad-check passports passed so).
 *
 * Several single substitutions may hold where the field's check and the
 * composite weigh its places alike (a TD3 number: the composite adds no
 * constraint of its own), as O and 0 do five places apart: NO3712092
 * holds as N03712092 and as NO3712O92 (seed 3527, no. 28, read so twice
 * and taken for a wrong print). Of the swaps of O and 0 alone (no guess:
 * OCR-B's two differ by a little width only), the one whose letters and
 * digits alternate least is taken when it is the only such; other swaps,
 * and pairs of swaps, stay undecided when more than one holds. */
static int repair_seg(mrz_lines_t L, const struct layout *lo, struct seg s,
                      int k)
{
    bool guarded = lo->check[ICP_MRZ_CHECK_COMPOSITE].len > 0 && k < 0;
    for (int depth = 1; depth <= (guarded ? 2 : 1); depth++) {
        struct hits h = {.n = 0};
        memcpy(h.was, L, sizeof(mrz_lines_t));
        for (int i = 0; i < s.len; i++)
            try_subs(L, lo, s, k, i, depth == 2 ? i : -1, &h);
        if (h.n == 1) {
            memcpy(L, h.last, sizeof(mrz_lines_t));
            return depth;
        }
        if (depth == 1 && h.n_fewest == 1) {
            memcpy(L, h.plain, sizeof(mrz_lines_t));
            return depth;
        }
        if (h.n > 1)
            return 0; /* ambiguous: never guess */
    }
    return 0;
}

/* Whether a check-guarded repair of segment s swapped a character for
 * its look-alike other than O for 0 (or 0 for O): a swap chosen because
 * the checks then hold is a guess, which only a reading with that
 * character as repaired confirms (a bad-check passport, its number's 7
 * misread as 0, passed with its last 0 taken for Q: seed 3194, no. 18). */
static bool guessed_swap(mrz_lines_t was, mrz_lines_t now, struct seg s)
{
    for (int i = 0; i < s.len; i++) {
        char a = was[s.line][s.start + i], b = now[s.line][s.start + i];
        if (a != b && !((a == 'O' && b == '0') || (a == '0' && b == 'O')))
            return true;
    }
    return false;
}

/* The deterministic repairs, then the check-guarded ones. Sets
 * *guessed_check when a check digit was read as a letter other than O
 * and taken for the digit it looks like, or when a check-guarded repair
 * swapped a look-alike other than O and 0. */
static int repair(mrz_lines_t L, const struct layout *lo, bool *guessed_check)
{
    int n = 0;
    n += fix_seg(L, lo->doc_type, false) + fix_seg(L, lo->issuer, false);
    n += fix_seg(L, lo->nationality, false) + fix_seg(L, lo->names, false);
    n += fix_names_tail(L, lo->names);
    n += fix_seg(L, lo->birth, true) + fix_seg(L, lo->expiry, true);
    for (int k = 0; k < ICP_MRZ_CHECK_COUNT; k++)
        if (lo->check[k].len) {
            /* O for 0 is no guess: OCR-B's two differ by a little width
             * only, and OCR takes one for the other on any print. */
            char c = L[lo->check[k].line][lo->check[k].start];
            *guessed_check |= icp_text_digit_of(c) && c != 'O' &&
                              (c < '0' || c > '9');
            n += fix_seg(L, lo->check[k], true);
        }
    mrz_lines_t before;
    memcpy(before, L, sizeof before);
    if (!check_holds(L, lo, ICP_MRZ_CHECK_NUMBER))
        n += repair_seg(L, lo, lo->number, ICP_MRZ_CHECK_NUMBER);
    if (lo->check[ICP_MRZ_CHECK_OPTIONAL].len &&
        !check_holds(L, lo, ICP_MRZ_CHECK_OPTIONAL))
        n += repair_seg(L, lo, lo->optional, ICP_MRZ_CHECK_OPTIONAL);
    if (!check_holds(L, lo, ICP_MRZ_CHECK_COMPOSITE)) {
        /* the fields without a check digit of their own */
        if (!lo->check[ICP_MRZ_CHECK_OPTIONAL].len)
            n += repair_seg(L, lo, lo->optional, -1);
        if (!check_holds(L, lo, ICP_MRZ_CHECK_COMPOSITE) && lo->optional2.len)
            n += repair_seg(L, lo, lo->optional2, -1);
    }
    *guessed_check |= guessed_swap(before, L, lo->number) ||
                      guessed_swap(before, L, lo->optional) ||
                      guessed_swap(before, L, lo->optional2);
    return n;
}

/* Copies a segment without its trailing fillers. */
static void copy_field(mrz_lines_t L, struct seg s, char *out, size_t cap)
{
    size_t n = (size_t)s.len < cap - 1 ? (size_t)s.len : cap - 1;
    memcpy(out, at(L, s), n);
    while (n > 0 && out[n - 1] == '<')
        n--;
    out[n] = '\0';
}

/* Surname before the first "<<", given names after, '<' read as ' '. */
static void split_names(mrz_lines_t L, struct seg s, struct icp_mrz *out)
{
    char buf[ICP_MRZ_MAX_LINE + 1];
    copy_field(L, s, buf, sizeof buf);
    char *sep = strstr(buf, "<<");
    char *given = sep ? sep + 2 : buf + strlen(buf);
    if (sep)
        *sep = '\0';
    for (char *p = buf; *p; p++)
        *p = *p == '<' ? ' ' : *p;
    for (char *p = given; *p; p++)
        *p = *p == '<' ? ' ' : *p;
    memcpy(out->surname, buf, strlen(buf) + 1);
    memcpy(out->given_names, given, strlen(given) + 1);
}

/* YYMMDD at s in the given century, or not set. */
static struct icp_date yymmdd(const char *s, int century)
{
    struct icp_date d = {0, 0, 0};
    for (int i = 0; i < 6; i++)
        if (s[i] < '0' || s[i] > '9')
            return d;
    d.y = century + (s[0] - '0') * 10 + (s[1] - '0');
    d.m = (s[2] - '0') * 10 + (s[3] - '0');
    d.d = (s[4] - '0') * 10 + (s[5] - '0');
    if (!icp_date_valid(d))
        d = (struct icp_date){0, 0, 0};
    return d;
}

static struct icp_date birth_date(const char *s, struct icp_date today)
{
    int century = today.y / 100 * 100;
    struct icp_date d = yymmdd(s, century);
    if (icp_date_is_set(d) && icp_date_cmp(d, today) > 0)
        d = yymmdd(s, century - 100);
    return d;
}

static struct icp_date expiry_date(const char *s, struct icp_date today)
{
    int lo = today.y - 50;
    struct icp_date d = yymmdd(s, lo / 100 * 100);
    if (icp_date_is_set(d) && d.y < lo)
        d = yymmdd(s, lo / 100 * 100 + 100);
    return d;
}

static char sex_of(char c)
{
    return c == 'M' || c == 'F' ? c : c == 'X' || c == '<' ? 'X' : 0;
}

/* Fills `out` from repaired lines. */
static void read_fields(mrz_lines_t L, const struct layout *lo,
                        struct icp_date today, struct icp_mrz *out)
{
    out->format = lo->format;
    out->n_lines = lo->lines;
    for (int i = 0; i < lo->lines; i++)
        memcpy(out->lines[i], L[i], sizeof out->lines[i]);
    copy_field(L, lo->doc_type, out->doc_type, sizeof out->doc_type);
    copy_field(L, lo->issuer, out->issuer, sizeof out->issuer);
    copy_field(L, lo->number, out->number, sizeof out->number);
    copy_field(L, lo->nationality, out->nationality, sizeof out->nationality);
    copy_field(L, lo->optional, out->optional, sizeof out->optional);
    if (lo->optional2.len)
        copy_field(L, lo->optional2, out->optional2, sizeof out->optional2);
    split_names(L, lo->names, out);
    out->sex = sex_of(*at(L, lo->sex));
    out->birth = birth_date(at(L, lo->birth), today);
    out->expiry = expiry_date(at(L, lo->expiry), today);
    out->valid = icp_date_is_set(out->birth) && icp_date_is_set(out->expiry);
    for (int k = 0; k < ICP_MRZ_CHECK_COUNT; k++) {
        out->check_present[k] = lo->check[k].len > 0;
        out->check_ok[k] = out->check_present[k] && check_holds(L, lo, k);
        out->valid &= !out->check_present[k] || out->check_ok[k];
    }
}

/* Higher is better: valid first, then checks passed, then fewer repairs. */
static int score(const struct icp_mrz *m)
{
    int s = m->valid ? 1000 : 0;
    for (int k = 0; k < ICP_MRZ_CHECK_COUNT; k++)
        s += m->check_ok[k] ? 20 : 0;
    s += icp_date_is_set(m->birth) ? 10 : 0;
    s += icp_date_is_set(m->expiry) ? 10 : 0;
    return s - m->repairs;
}

static bool same_state(const struct icp_mrz *m)
{
    return m->issuer[0] && strcmp(m->issuer, m->nationality) == 0;
}

/* Tries every combination of line spellings for one layout; keeps the
 * best reading in `best`. */
static void try_layout(const struct layout *lo, const struct mrz_variants *v,
                       struct icp_date today, struct icp_mrz *best,
                       int *best_score)
{
    int n1 = v->n[1], n2 = lo->lines == 3 ? v->n[2] : 1;
    for (int a = 0; a < v->n[0]; a++)
        for (int b = 0; b < n1; b++)
            for (int c = 0; c < n2; c++) {
                mrz_lines_t L;
                memset(L, 0, sizeof L);
                memcpy(L[0], v->v[0][a], sizeof L[0]);
                memcpy(L[1], v->v[1][b], sizeof L[1]);
                if (lo->lines == 3)
                    memcpy(L[2], v->v[2][c], sizeof L[2]);
                struct icp_mrz m;
                memset(&m, 0, sizeof m);
                m.repairs = repair(L, lo, &m.guessed_check);
                read_fields(L, lo, today, &m);
                const int pick[3] = {a, b, c};
                bool left_out = false;
                for (int i = 0; i < lo->lines; i++) {
                    if (i != (lo->lines == 3 ? 2 : 0))
                        m.fitted |= !v->exact[i][pick[i]];
                    left_out |= v->left_out[i][pick[i]];
                }
                /* A character left out is a guess only all the checks
                 * justify (see mrz_lines.c). */
                if (left_out && !m.valid)
                    continue;
                int s = score(&m);
                /* Of readings alike in every check (a character left out
                 * of an unchecked field or beside it: CANI97 read as
                 * CAN97 or ANI97), the one whose nationality is its
                 * issuer's, as most documents print. */
                if (s == *best_score && same_state(&m) && !same_state(best))
                    s++;
                if (s > *best_score) {
                    *best = m;
                    *best_score = s;
                }
            }
}

/* A passport's second line read without its first (the names line, faint
 * or lost to OCR): it carries every checked field of a TD3 zone. Taken as
 * valid only when all five of its check digits hold; the names stay
 * unknown. When none does and `out` holds no zone yet, a spelling with the
 * line's width as read, real dates and at most two failing checks is kept
 * as an invalid reading: a wrong printed check digit fails its own check
 * and the composite, and a reading that says so is the zone, not
 * unreadable text. */
static void td3_second_line(const char *text, struct icp_date today,
                            struct icp_mrz *out)
{
    const struct layout *lo = &layouts[0];
    struct mrz_variants v;
    /* The last line of the text, fitted to 44 characters. */
    if (lo->format != ICP_MRZ_TD3 || mrz_lines_find(text, 1, lo->width, true, &v) < 0)
        return;
    struct icp_mrz failing;
    bool has_failing = false;
    for (int b = 0; b < v.n[0]; b++) {
        mrz_lines_t L;
        memset(L, 0, sizeof L);
        memset(L[0], '<', (size_t)lo->width);
        L[0][0] = 'P';
        memcpy(L[1], v.v[0][b], sizeof L[1]);
        struct icp_mrz m;
        memset(&m, 0, sizeof m);
        m.repairs = repair(L, lo, &m.guessed_check);
        read_fields(L, lo, today, &m);
        m.fitted = !v.exact[0][b];
        memset(m.lines[0], 0, sizeof m.lines[0]);
        bool all = true;
        int failed = 0;
        for (int k = 0; k < ICP_MRZ_CHECK_COUNT; k++) {
            all &= m.check_present[k] && m.check_ok[k];
            failed += m.check_present[k] && !m.check_ok[k];
        }
        if (m.valid && all) {
            *out = m;
            return;
        }
        if (!has_failing && !m.fitted && failed <= 2 &&
            icp_date_is_set(m.birth) && icp_date_is_set(m.expiry)) {
            failing = m;
            has_failing = true;
        }
    }
    if (has_failing && out->format == ICP_MRZ_NONE) {
        failing.valid = false;
        *out = failing;
    }
}

static void parse_fitted(const char *text, struct icp_date today, bool loose,
                         struct icp_mrz *out);

int icp_mrz_parse(const char *text, struct icp_date today, struct icp_mrz *out)
{
    memset(out, 0, sizeof *out);
    if (!text)
        return -1;
    /* Lines fitted strictly first; a filler run miscounted by more than
     * two only when that gave no valid reading. */
    for (int loose = 0; loose < 2 && !out->valid; loose++)
        parse_fitted(text, today, loose, out);
    if (!out->valid)
        td3_second_line(text, today, out);
    return out->format == ICP_MRZ_NONE ? -1 : 0;
}

/* One pass over the layouts with lines fitted strictly or `loose`ly;
 * `out` keeps the best reading of either pass. */
static void parse_fitted(const char *text, struct icp_date today, bool loose,
                         struct icp_mrz *out)
{
    int best_err = -1, best_score = -1;
    struct icp_mrz m;
    memset(&m, 0, sizeof m);
    struct mrz_variants v;
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
        const struct layout *lo = &layouts[i];
        int err = mrz_lines_find(text, lo->lines, lo->width, loose, &v);
        if (err < 0 || err > 2 * lo->lines || (best_err >= 0 && err > best_err))
            continue;
        /* A visa's first character is V; a travel document's is not. */
        bool visa = v.v[0][0][0] == 'V';
        bool is_visa = lo->format == ICP_MRZ_MRVA || lo->format == ICP_MRZ_MRVB;
        if (lo->lines == 2 && visa != is_visa)
            continue;
        if (best_err >= 0 && err < best_err)
            best_score = -1; /* a better-fitting width wins outright */
        best_err = err;
        try_layout(lo, &v, today, &m, &best_score);
    }
    /* The loose pass replaces the strict one's reading only when valid. */
    if (m.format != ICP_MRZ_NONE && (!loose || m.valid))
        *out = m;
}

/* The layout of a parsed reading's format, or NULL. */
static const struct layout *layout_of(enum icp_mrz_format format)
{
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++)
        if (layouts[i].format == format)
            return &layouts[i];
    return NULL;
}

static bool in_seg(struct seg s, int line, int col)
{
    return s.len > 0 && s.line == line && col >= s.start &&
           col < s.start + s.len;
}

/* Whether place (line, col) of `m` lies in a field whose check fails in
 * `m`: a field with a check digit of its own when that check fails, one
 * guarded by the composite alone when the composite fails. */
static bool in_failing_field(const struct layout *lo, const struct icp_mrz *m,
                             int line, int col)
{
    const struct {
        struct seg field;
        int check;
    } fields[] = {{lo->number, ICP_MRZ_CHECK_NUMBER},
                  {lo->birth, ICP_MRZ_CHECK_BIRTH},
                  {lo->expiry, ICP_MRZ_CHECK_EXPIRY},
                  {lo->optional, ICP_MRZ_CHECK_OPTIONAL},
                  {lo->optional2, ICP_MRZ_CHECK_OPTIONAL}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (!in_seg(fields[i].field, line, col))
            continue;
        int k = lo->check[fields[i].check].len && i < 4
                    ? fields[i].check
                    : ICP_MRZ_CHECK_COMPOSITE;
        return m->check_present[k] && !m->check_ok[k];
    }
    return false;
}

bool icp_mrz_vouches(const struct icp_mrz *solid, const struct icp_mrz *fitted)
{
    const struct layout *lo = layout_of(fitted->format);
    if (!lo || solid->format != fitted->format || !fitted->valid ||
        solid->valid)
        return false;
    int names = lo->names.line, diffs = 0;
    for (int k = 0; k < ICP_MRZ_CHECK_COUNT; k++) {
        struct seg c = lo->check[k];
        if (c.len && solid->lines[c.line][c.start] != fitted->lines[c.line][c.start])
            return false;
    }
    for (int line = 0; line < lo->lines; line++) {
        if (line == names)
            continue;
        const char *a = solid->lines[line], *b = fitted->lines[line];
        if (strlen(a) != (size_t)lo->width || strlen(b) != (size_t)lo->width)
            return false;
        for (int col = 0; col < lo->width; col++) {
            if (a[col] == b[col])
                continue;
            if (++diffs > 2 || !in_failing_field(lo, solid, line, col))
                return false;
        }
    }
    return diffs > 0;
}
