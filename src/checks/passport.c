/* The passport data page: the machine-readable zone's expiry decides; its
 * check digits say whether the zone was read (or printed) right. */
#include "checks/checks.h"
#include "checks/locate.h"
#include "checks/mrzband.h"
#include "checks/validity.h"

void icp_check_passport(struct icp_worker *w, struct icp_image *img,
                        struct icp_result *res)
{
    struct icp_mrz m;
    int box[4] = {0}, out_box[4];
    struct icp_validity_ctx vctx;
    icp_locate_validity_ctx(w, ICP_SPAN_ANY, &vctx);
    if (icp_mrz_read(w, img, res, &m, box) != 0) {
        icp_result_set_str(res, "document_number", NULL);
        icp_result_set_str(res, "nationality", NULL);
        icp_result_set_str(res, "birth_date", NULL);
        icp_result_set_bool(res, "mrz_valid", false);
        icp_validity_report_text(res, NULL, &vctx);
        return;
    }
    icp_image_box_to_output(img, box, out_box);
    vctx.box = out_box;
    char buf[16];
    icp_result_set_str(res, "document_number", m.number[0] ? m.number : NULL);
    icp_result_set_str(res, "nationality",
                       m.nationality[0] ? m.nationality : NULL);
    if (icp_date_is_set(m.birth)) {
        icp_date_format(m.birth, buf);
        icp_result_set_str(res, "birth_date", buf);
    } else
        icp_result_set_str(res, "birth_date", NULL);
    icp_result_set_bool(res, "mrz_valid", m.valid);
    if (!m.valid)
        icp_result_add(res, "doc.mrz_invalid", ICP_SEV_ERROR, out_box,
                       "护照机读区（MRZ）校验位不符，请上传清晰、完整、未遮挡的"
                       "护照资料页",
                       "the passport's machine-readable zone fails its check "
                       "digits: upload a sharp, complete, unobstructed photo "
                       "of the data page");
    struct icp_date none = {0, 0, 0};
    icp_validity_report_dates(res, none, m.expiry, false, &vctx);
}
