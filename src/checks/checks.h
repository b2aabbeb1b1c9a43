/* Every material's check, and the classifier and quality gate that run
 * before them. Each adds fields and findings to `res`; a check that cannot
 * decide says so with a finding, never by silence. */
#ifndef ICPCHECK_CHECKS_H
#define ICPCHECK_CHECKS_H

#include "checks/worker.h"
#include "core/image.h"
#include "core/result.h"

typedef void (*icp_check_fn)(struct icp_worker *w, struct icp_image *img,
                             struct icp_result *res);

/** Sets res->type, res->type_confidence and img's rotation. */
void icp_classify(struct icp_worker *w, struct icp_image *img,
                  struct icp_result *res);

/** quality.grayscale / blurry / too_dark / glare for res->type. */
void icp_check_quality(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res);

void icp_check_idcard_front(struct icp_worker *w, struct icp_image *img,
                            struct icp_result *res);
void icp_check_idcard_back(struct icp_worker *w, struct icp_image *img,
                           struct icp_result *res);
void icp_check_passport(struct icp_worker *w, struct icp_image *img,
                        struct icp_result *res);
void icp_check_hkmo_permit(struct icp_worker *w, struct icp_image *img,
                           struct icp_result *res);
void icp_check_tw_permit(struct icp_worker *w, struct icp_image *img,
                         struct icp_result *res);
void icp_check_license(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res);
void icp_check_domain(struct icp_worker *w, struct icp_image *img,
                      struct icp_result *res);
void icp_check_checklist(struct icp_worker *w, struct icp_image *img,
                         struct icp_result *res);
void icp_check_backdrop(struct icp_worker *w, struct icp_image *img,
                        struct icp_result *res);

#endif
