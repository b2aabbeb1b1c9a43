/* The domain certificate: domain, registrant, registration and expiry
 * dates; the expiry follows the same more-than-N-months rule. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "checks/locate.h"
#include "core/text.h"


/* A domain-looking token: letters, digits, hyphens and at least one dot
 * followed by 2+ letters. Copies it into out (cap bytes). */
static bool find_domain(const struct icp_page *p, char *out, size_t cap)
{
    for (size_t i = 0; i < p->n_lines; i++) {
        const char *t = p->lines[i].text;
        for (const char *s = t; *s; s++) {
            if (!isalnum((unsigned char)*s))
                continue;
            const char *e = s;
            while (isalnum((unsigned char)*e) || *e == '-' || *e == '.')
                e++;
            size_t n = (size_t)(e - s);
            const char *dot = memchr(s, '.', n);
            const char *last = s + n;
            while (last > s && last[-1] == '.')
                last--;
            const char *ld = last;
            while (ld > s && ld[-1] != '.')
                ld--;
            if (dot && ld > s && last - ld >= 2 && n < cap &&
                !isdigit((unsigned char)*ld)) {
                size_t k = (size_t)(last - s);
                for (size_t j = 0; j < k; j++)
                    out[j] = (char)tolower((unsigned char)s[j]);
                out[k] = '\0';
                return true;
            }
            s = e - 1;
            if (!*e)
                break;
        }
    }
    return false;
}

/* A date anywhere in `text`: each run that starts with a digit and goes on
 * with digits and date separators is tried alone, so that a garbled label
 * before it does not spoil it. */
static bool date_in(const char *text, const struct icp_validity_ctx *v,
                    struct icp_date *out)
{
    static const char *const seps[] = {"年", "月", "日"};
    for (const char *s = text; s && *s; s++) {
        if (!g_ascii_isdigit(*s))
            continue;
        const char *e = s;
        for (;;) {
            if (g_ascii_isdigit(*e) || *e == '.' || *e == '-' || *e == '/' ||
                *e == ' ') {
                e++;
                continue;
            }
            bool sep = false;
            for (size_t k = 0; k < G_N_ELEMENTS(seps) && !sep; k++)
                if (strncmp(e, seps[k], strlen(seps[k])) == 0) {
                    e += strlen(seps[k]);
                    sep = true;
                }
            if (!sep)
                break;
        }
        char buf[64];
        size_t n = (size_t)(e - s);
        if (n >= 8 && n < sizeof buf) {
            memcpy(buf, s, n);
            buf[n] = '\0';
            if (icp_date_parse(buf, v->min_year, v->max_year, out) == 0)
                return true;
        }
        s = e - 1;
    }
    return false;
}

/* The date after a label, read from its line (or the line below). */
static bool label_date(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res, struct icp_page *p,
                       const char *label, struct icp_date *out, int *box)
{
    struct icp_validity_ctx v;
    icp_locate_validity_ctx(w, ICP_SPAN_ANY, &v);
    char *t = icp_page_value_text(w, img, res, p, label);
    bool ok = t && date_in(t, &v, out);
    free(t);
    int h;
    if (icp_page_value_box(p, label, false, box, &h) != 0)
        return ok;
    for (int variant = 0; !ok && variant < 4; variant++) {
        t = icp_page_reread(w, img, res, p, box, h, ICP_PSM_LINE,
                            "0123456789-./年月日", true, variant);
        ok = t && date_in(t, &v, out);
        free(t);
    }
    return ok;
}

/* The expiry under any of its labels, Chinese or English. */
static bool expiry_date(struct icp_worker *w, struct icp_image *img,
                        struct icp_result *res, struct icp_page *p,
                        struct icp_date *out, int *box)
{
    static const char *const labels[] = {"到期日期", "过期时间", "到期时间",
                                         "Expiration Date", "Expiry Date",
                                         "Expiration"};
    for (size_t i = 0; i < G_N_ELEMENTS(labels); i++)
        if (label_date(w, img, res, p, labels[i], out, box))
            return true;
    return false;
}

/* No label read: the dates on the page are the registration date, the
 * expiry and the certificate's issue date, which falls between the first
 * two; the latest is the expiry. Needs two distinct dates at least, so that
 * a lone registration date is never taken for the expiry. */
static bool latest_date(const struct icp_page *p,
                        const struct icp_validity_ctx *v,
                        struct icp_date *out, int *box)
{
    int n = 0;
    struct icp_date first = {0, 0, 0};
    bool distinct = false;
    for (size_t i = 0; i < p->n_lines; i++) {
        struct icp_date d;
        if (!date_in(p->lines[i].text, v, &d))
            continue;
        if (n == 0)
            first = d;
        distinct |= icp_date_cmp(d, first) != 0;
        if (n == 0 || icp_date_cmp(d, *out) > 0) {
            *out = d;
            memcpy(box, p->lines[i].box, 4 * sizeof *box);
        }
        n++;
    }
    return n >= 2 && distinct;
}

void icp_check_domain(struct icp_worker *w, struct icp_image *img,
                      struct icp_result *res)
{
    struct icp_page page;
    struct icp_validity_ctx v;
    icp_locate_validity_ctx(w, ICP_SPAN_ANY, &v);
    if (icp_page_read(w, img, res, &page)) {
        icp_validity_report_text(res, NULL, &v);
        icp_page_clear(&page);
        return;
    }
    if (icp_page_find(&page, "到期日期", NULL) < 0 &&
        icp_page_find(&page, "过期时间", NULL) < 0)
        icp_page_relabel(w, img, res, &page, 4);
    char domain[256];
    icp_result_set_str(res, "domain",
                       find_domain(&page, domain, sizeof domain) ? domain
                                                                 : NULL);
    char *reg = icp_page_value_text(w, img, res, &page, "域名持有者");
    if (!reg)
        reg = icp_page_value_text(w, img, res, &page, "注册人");
    icp_result_set_str(res, "registrant", reg && *reg ? reg : NULL);
    free(reg);
    struct icp_date d = {0, 0, 0}, until = {0, 0, 0};
    int box[4] = {0}, obox[4];
    char buf[16];
    if (label_date(w, img, res, &page, "注册日期", &d, box)) {
        icp_date_format(d, buf);
        icp_result_set_str(res, "registered", buf);
    } else
        icp_result_set_str(res, "registered", NULL);
    bool ok = expiry_date(w, img, res, &page, &until, box);
    if (!ok)
        ok = latest_date(&page, &v, &until, box);
    if (!ok) {
        icp_validity_report_text(res, NULL, &v);
    } else {
        icp_page_box_to_output(img, &page, box, obox);
        v.box = obox;
        struct icp_date none = {0, 0, 0};
        icp_validity_report_dates(res, none, until, false, &v);
    }
    icp_page_clear(&page);
}
