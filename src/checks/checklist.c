/* The checklist check is not written yet: it reports that it could not decide
 * rather than let the file pass. */
#include "checks/checks.h"

void icp_check_checklist(struct icp_worker *w, struct icp_image *img,
        struct icp_result *res)
{
    (void)w;
    (void)img;
    icp_result_add(res, "checklist.not_recognised", ICP_SEV_ERROR, NULL,
                   "此类材料的检查尚未实现，无法判断",
                   "this material's check is not available yet: cannot decide");
}
