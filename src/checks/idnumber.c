/* GB 11643-1999 citizen ID numbers read from OCR text. */
#include "checks/idnumber.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

char icp_idnumber_check_char(const char *digits17)
{
    static const int weights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                    3, 7, 9,  10, 5, 8, 4, 2};
    static const char checks[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (digits17[i] < '0' || digits17[i] > '9')
            return 0;
        sum += (digits17[i] - '0') * weights[i];
    }
    return checks[sum % 11];
}

bool icp_idnumber_province_ok(int code)
{
    /* RULES.md §2: 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82 */
    static const int ranges[][2] = {{11, 15}, {21, 23}, {31, 37}, {41, 46},
                                    {50, 54}, {61, 65}, {71, 71}, {81, 82}};
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (code >= ranges[i][0] && code <= ranges[i][1])
            return true;
    return false;
}

/* Copies the candidate characters of `norm` into out->number; false unless
 * there are exactly 18. '×' (U+00D7) counts as X. */
static bool collect(const char *norm, struct icp_idnumber *out)
{
    size_t n = 0;
    for (const char *p = norm; *p; p++) {
        char c = *p;
        if ((unsigned char)p[0] == 0xC3 && (unsigned char)p[1] == 0x97) {
            c = 'X'; /* × */
            p++;
        } else if (!g_ascii_isalnum(c) && c != '|') {
            continue;
        }
        if (n == 18)
            return false;
        out->number[n++] = c;
    }
    out->number[n] = '\0';
    return n == 18;
}

/* Replaces look-alikes; returns false when a character stays wrong. */
static bool repair(struct icp_idnumber *out)
{
    char *s = out->number;
    bool ok = true;
    for (int i = 0; i < 18; i++) {
        char c = s[i] == 'x' ? 'X' : s[i];
        if (!(i == 17 && c == 'X')) {
            char d = icp_text_digit_of(c);
            c = d ? d : c;
        }
        out->repaired |= c != s[i];
        s[i] = c;
        ok &= (c >= '0' && c <= '9') || (i == 17 && c == 'X');
    }
    return ok;
}

static int two(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

static enum icp_idnumber_error validate(struct icp_date today,
                                        struct icp_idnumber *out)
{
    const char *s = out->number;
    out->sex = (s[16] - '0') % 2 ? 'M' : 'F';
    if (!icp_idnumber_province_ok(two(s)))
        return ICP_IDNUMBER_PROVINCE;
    struct icp_date birth = {two(s + 6) * 100 + two(s + 8), two(s + 10),
                             two(s + 12)};
    if (!icp_date_valid(birth))
        return ICP_IDNUMBER_BIRTH;
    out->birth = birth;
    if (icp_date_cmp(birth, today) > 0)
        return ICP_IDNUMBER_FUTURE;
    if (icp_idnumber_check_char(s) != s[17])
        return ICP_IDNUMBER_CHECK;
    return ICP_IDNUMBER_OK;
}

int icp_idnumber_parse(const char *text, struct icp_date today,
                       struct icp_idnumber *out)
{
    memset(out, 0, sizeof *out);
    out->error = ICP_IDNUMBER_LENGTH;
    if (!text)
        return -1;
    char *norm = icp_text_normalize(text);
    bool whole = collect(norm, out);
    free(norm);
    if (!whole)
        return -1;
    if (!repair(out)) {
        out->error = ICP_IDNUMBER_CHARSET;
        return -1;
    }
    out->error = validate(today, out);
    return out->error == ICP_IDNUMBER_OK ? 0 : -1;
}

int icp_idnumber_province_of(const char *address)
{
    /* GB/T 2260 province-level names, short forms (the address may drop
     * 省 or 市); 陕西 and 山西 differ in their first character. */
    static const struct {
        const char *name;
        int code;
    } names[] = {
        {"北京", 11}, {"天津", 12}, {"河北", 13},   {"山西", 14},
        {"内蒙古", 15}, {"辽宁", 21}, {"吉林", 22}, {"黑龙江", 23},
        {"上海", 31}, {"江苏", 32}, {"浙江", 33},   {"安徽", 34},
        {"福建", 35}, {"江西", 36}, {"山东", 37},   {"河南", 41},
        {"湖北", 42}, {"湖南", 43}, {"广东", 44},   {"广西", 45},
        {"海南", 46}, {"重庆", 50}, {"四川", 51},   {"贵州", 52},
        {"云南", 53}, {"西藏", 54}, {"陕西", 61},   {"甘肃", 62},
        {"青海", 63}, {"宁夏", 64}, {"新疆", 65},   {"台湾", 71},
        {"香港", 81}, {"澳门", 82},
    };
    if (!address)
        return 0;
    char *norm = icp_text_normalize(address);
    /* Only the head of the address (a stray mark or two before the name
     * allowed): a street may be named after another province (山东路,
     * 四川北路). Spaces are dropped first. */
    char head[64];
    size_t n = 0;
    long chars = 0;
    for (const char *c = norm; *c && chars < 5;) {
        const char *next = g_utf8_next_char(c);
        if (*c != ' ') {
            if (n + (size_t)(next - c) >= sizeof head)
                break;
            memcpy(head + n, c, (size_t)(next - c));
            n += (size_t)(next - c);
            chars++;
        }
        c = next;
    }
    head[n] = '\0';
    free(norm);
    const char *best = NULL;
    int code = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        const char *at = strstr(head, names[i].name);
        if (at && (!best || at < best)) {
            best = at;
            code = names[i].code;
        }
    }
    return code;
}

/* Whether OCR commonly reads digit `a` for `b` or `b` for `a` in card print. */
static bool look_alike(char a, char b)
{
    static const char *const pairs[] = {"35", "38", "56", "58", "68", "08",
                                        "06", "09", "17", "14", "27", "49",
                                        "89"};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        if ((pairs[i][0] == a && pairs[i][1] == b) ||
            (pairs[i][0] == b && pairs[i][1] == a))
            return true;
    return false;
}

int icp_idnumber_arbitrate(const struct icp_idnumber *read, int province,
                           struct icp_date birth, struct icp_date today,
                           struct icp_idnumber *out)
{
    if (read->error < ICP_IDNUMBER_PROVINCE || strlen(read->number) != 18)
        return -1;
    struct icp_idnumber t = *read;
    char want[16];
    if (icp_idnumber_province_ok(province)) {
        want[0] = (char)('0' + province / 10);
        want[1] = (char)('0' + province % 10);
        /* People keep their number when they move, so the address's
         * province only corrects digits OCR confuses with it. */
        for (int i = 0; i < 2; i++)
            if (want[i] != t.number[i] && !look_alike(want[i], t.number[i]))
                return -1;
        memcpy(t.number, want, 2);
    }
    if (icp_date_valid(birth) && birth.y >= 1000 && birth.y <= 9999) {
        g_snprintf(want, sizeof want, "%04d%02d%02d", birth.y, birth.m,
                   birth.d);
        memcpy(t.number + 6, want, 8);
    }
    int changed = 0;
    for (int i = 0; i < 18; i++)
        changed += t.number[i] != read->number[i];
    if (changed < 1 || changed > 2)
        return -1;
    t.birth = (struct icp_date){0, 0, 0};
    t.error = validate(today, &t);
    if (t.error != ICP_IDNUMBER_OK)
        return -1;
    t.repaired = true;
    *out = t;
    return 0;
}

bool icp_idnumber_disagrees(const struct icp_idnumber *n, int province,
                            struct icp_date birth)
{
    if (strlen(n->number) != 18 || !g_ascii_isdigit(n->number[0]) ||
        !g_ascii_isdigit(n->number[1]))
        return false;
    if (icp_idnumber_province_ok(province) &&
        two(n->number) != province)
        return true;
    return icp_date_valid(birth) && icp_date_is_set(n->birth) &&
           icp_date_cmp(birth, n->birth) != 0;
}
