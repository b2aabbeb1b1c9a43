/* Classification: placeholder until the keyword and layout classifier. */
#include "checks/checks.h"

void icp_classify(struct icp_worker *w, struct icp_image *img,
                  struct icp_result *res)
{
    (void)w;
    (void)img;
    res->type = ICP_TYPE_UNKNOWN;
}
