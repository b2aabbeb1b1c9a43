/* Quality gate: placeholder. */
#include "checks/checks.h"

void icp_check_quality(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res)
{
    (void)w;
    (void)img;
    (void)res;
}
