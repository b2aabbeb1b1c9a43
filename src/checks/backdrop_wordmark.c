/* The backdrop photo's wordmark: backdrop.mirrored. */
#include "checks/backdrop_scene.h"

void icp_backdrop_check_wordmark(struct icp_worker *w, struct icp_image *img,
                                 const struct icp_backdrop_scene *sc,
                                 struct icp_result *res)
{
    (void)w, (void)img, (void)sc, (void)res;
}
