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

/* The date after a label, read from its line (or the line below). */
static bool label_date(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res, struct icp_page *p,
                       const char *label, struct icp_date *out, int *box)
{
    struct icp_validity_ctx v;
    icp_locate_validity_ctx(w, ICP_SPAN_ANY, &v);
    char *t = icp_page_value_text(w, img, res, p, label);
    bool ok = t && icp_date_parse(t, v.min_year, v.max_year, out) == 0;
    free(t);
    int h;
    if (icp_page_value_box(p, label, false, box, &h) != 0)
        return ok;
    for (int variant = 0; !ok && variant < 4; variant++) {
        t = icp_page_reread(w, img, res, p, box, h, ICP_PSM_LINE,
                            "0123456789-./年月日", true, variant);
        ok = t && icp_date_parse(t, v.min_year, v.max_year, out) == 0;
        free(t);
    }
    return ok;
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
    bool ok = label_date(w, img, res, &page, "到期日期", &until, box);
    if (!ok)
        ok = label_date(w, img, res, &page, "过期时间", &until, box);
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
