/* The business licence: 统一社会信用代码 with its GB 32100 / GB 11714 checks,
 * 营业期限 (including 长期 and none printed), and the QR code, which must
 * decode and, where it carries the code, agree with it. */
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "checks/locate.h"
#include "checks/qr.h"
#include "checks/uscc.h"
#include "core/text.h"

#define USCC_CHARS "0123456789ABCDEFGHJKLMNPQRTUWXY"

/* The credit code: a line that parses, else re-reads of the value under or
 * beside the label. Returns 0 (valid) or -1 with the best reading. */
static int read_uscc(struct icp_worker *w, struct icp_image *img,
                     struct icp_result *res, struct icp_page *p,
                     struct icp_uscc *out, int *box)
{
    struct icp_uscc best;
    memset(&best, 0, sizeof best);
    best.error = ICP_USCC_LENGTH;
    memset(box, 0, 4 * sizeof *box);
    for (size_t i = 0; i < p->n_lines; i++) {
        struct icp_uscc u;
        /* Spaces split the code into words on some prints. */
        for (size_t k = 0; k <= p->lines[i].n_words; k++) {
            const char *t = k < p->lines[i].n_words ? p->lines[i].words[k].text
                                                    : p->lines[i].text;
            if (icp_uscc_parse(t, &u) == 0) {
                *out = u;
                memcpy(box, p->lines[i].box, 4 * sizeof *box);
                return 0;
            }
            if (u.error != ICP_USCC_LENGTH && best.error == ICP_USCC_LENGTH) {
                best = u;
                memcpy(box, p->lines[i].box, 4 * sizeof *box);
            }
        }
    }
    int vb[4], h;
    for (int below = 0; below < 2; below++) {
        if (icp_page_value_box(p, "统一社会信用代码", below, vb, &h))
            break;
        vb[3] = VIPS_MIN(vb[3], h * 3 / 2);
        for (int variant = 0; variant < 4; variant++) {
            char *t = icp_page_reread(w, img, res, p, vb, h, ICP_PSM_LINE,
                                      USCC_CHARS, false, variant);
            struct icp_uscc u;
            int rc = t ? icp_uscc_parse(t, &u) : -1;
            free(t);
            if (rc == 0) {
                *out = u;
                memcpy(box, vb, sizeof vb);
                return 0;
            }
            if (t && u.error != ICP_USCC_LENGTH &&
                (best.error == ICP_USCC_LENGTH || u.error > best.error)) {
                best = u;
                memcpy(box, vb, sizeof vb);
            }
        }
    }
    *out = best;
    return -1;
}

/* The QR code, looked for in the document view at a size that keeps its
 * modules a few pixels wide. */
static char *read_qr(struct icp_worker *w, struct icp_image *img,
                     struct icp_result *res)
{
    VipsImage *view = icp_image_at(img, 1600, res);
    char *text = NULL;
    if (view)
        icp_qr_read(w, view, &text, NULL);
    return text;
}

void icp_check_license(struct icp_worker *w, struct icp_image *img,
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
    struct icp_uscc u;
    int box[4], obox[4];
    int ok = read_uscc(w, img, res, &page, &u, box);
    if (ok != 0 || (icp_page_find(&page, "营业期限", NULL) < 0 &&
                    icp_page_find(&page, "经营期限", NULL) < 0)) {
        /* The shared reading is small for an A4 page: read the colour view
         * larger once before saying the code or the term is unreadable. */
        struct icp_page big;
        if (icp_page_read_at(w, img, res, 1400, &big) == 0) {
            icp_page_clear(&page);
            page = big;
            ok = read_uscc(w, img, res, &page, &u, box);
        } else
            icp_page_clear(&big);
    }
    icp_page_box_to_output(img, &page, box, obox);
    icp_result_set_str(res, "uscc", u.code[0] ? u.code : NULL);
    icp_result_set_bool(res, "uscc_valid", ok == 0);
    if (ok != 0) {
        if (u.error == ICP_USCC_OLD_REGNO)
            icp_result_add(res, "doc.uscc_invalid", ICP_SEV_ERROR, obox,
                           "营业执照为旧版 15 位注册号（%s），2018 年 1 月 1 日起"
                           "已失效，请上传载有统一社会信用代码的新版营业执照",
                           "the licence carries an old 15-digit registration "
                           "number (%s), void since 2018-01-01: upload the "
                           "licence with the unified social credit code",
                           u.code);
        else if (u.code[0] && u.error != ICP_USCC_LENGTH)
            icp_result_add(res, "doc.uscc_invalid", ICP_SEV_ERROR, obox,
                           "统一社会信用代码 %s 校验不符（GB 32100），请核对营业执"
                           "照",
                           "the unified social credit code %s fails its GB "
                           "32100 check: check the licence",
                           u.code);
        else
            icp_result_add(res, "doc.uscc_invalid", ICP_SEV_ERROR, NULL,
                           "无法读取统一社会信用代码，请上传清晰完整的营业执照",
                           "cannot read the unified social credit code: upload "
                           "a sharp, complete photo of the licence");
    }
    char *name = icp_page_value_text(w, img, res, &page, "名称");
    icp_result_set_str(res, "name", name && *name ? name : NULL);
    free(name);
    char *rep = icp_page_value_text(w, img, res, &page, "法定代表人");
    icp_result_set_str(res, "legal_representative", rep && *rep ? rep : NULL);
    free(rep);
    char *est = icp_page_value_text(w, img, res, &page, "成立日期");
    struct icp_date d;
    char buf[16];
    if (est && icp_date_parse(est, v.min_year, v.max_year, &d) == 0) {
        icp_date_format(d, buf);
        icp_result_set_str(res, "established", buf);
    } else
        icp_result_set_str(res, "established", NULL);
    free(est);
    struct icp_period period;
    if (icp_page_find(&page, "营业期限", NULL) < 0 &&
        icp_page_find(&page, "经营期限", NULL) < 0 &&
        icp_page_find(&page, "成立日期", NULL) >= 0) {
        /* Newer licences print no term: no end date, but nothing to show
         * it is long-term either; say so rather than guess. */
        icp_result_set_str(res, "valid_from", NULL);
        icp_result_set_str(res, "valid_until", NULL);
        icp_result_add(res, "doc.expiry_unreadable", ICP_SEV_ERROR, NULL,
                       "营业执照上未见营业期限，请确认执照完整或提供载明期限的"
                       "执照",
                       "no business term (营业期限) is printed on the licence: "
                       "make sure the whole licence is shown");
    } else {
        icp_page_period(w, img, res, &page, "营业期限", ICP_SPAN_ANY, "长期至年月日",
                        &period);
        icp_page_report_period(w, img, res, &page, &period, ICP_SPAN_ANY);
    }
    char *qr = read_qr(w, img, res);
    icp_result_set_str(res, "qr_text", qr);
    if (!qr)
        icp_result_add(res, "doc.qr_unreadable", ICP_SEV_WARNING, NULL,
                       "营业执照上的二维码无法识别，请上传清晰完整的执照照片",
                       "the licence's QR code cannot be read: upload a sharp, "
                       "complete photo");
    else if (ok == 0) {
        /* Where the QR text carries an 18-character code, it must be ours. */
        bool same = false;
        bool carries = icp_uscc_in_text(qr, u.code, &same) > 0;
        if (carries && !same)
            icp_result_add(res, "doc.uscc_invalid", ICP_SEV_ERROR, obox,
                           "二维码中的统一社会信用代码与执照上印的 %s 不一致",
                           "the credit code in the QR code differs from the "
                           "printed %s",
                           u.code);
    }
    g_free(qr);
    icp_page_clear(&page);
}
