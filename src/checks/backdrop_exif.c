/* The backdrop photo's EXIF: capture date, camera, editing software and
 * age. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checks/backdrop_scene.h"
#include "core/util.h"

#define M(group, key) icp_model_num(ctx, "backdrop", group, key)

void icp_backdrop_check_exif(struct icp_worker *w, struct icp_image *img,
                             struct icp_result *res, struct icp_exif_info *info)
{
    const struct icp_context *ctx = w->ctx;
    icp_backdrop_exif_read(icp_image_exif(img), info);
    cJSON *o = cJSON_CreateObject();
    if (info->has_date)
        cJSON_AddStringToObject(o, "taken_at", info->taken_at);
    else
        cJSON_AddNullToObject(o, "taken_at");
    if (info->camera[0])
        cJSON_AddStringToObject(o, "camera", info->camera);
    else
        cJSON_AddNullToObject(o, "camera");
    if (info->software[0])
        cJSON_AddStringToObject(o, "software", info->software);
    else
        cJSON_AddNullToObject(o, "software");
    icp_result_set_json(res, "exif", o);

    if (!info->has_date)
        icp_result_add(
            res, "backdrop.exif_missing", ICP_SEV_WARNING, NULL,
            "照片没有拍摄时间（EXIF），可能不是相机原图，请上传原始照片",
            "the photo has no capture date (EXIF): it may not be "
            "the camera's original; upload the original photo");
    char **editors = icp_model_list(ctx, "backdrop", "exif", "editors");
    const char *editor = icp_backdrop_editor(info->software, editors);
    if (editor)
        icp_result_add(res, "backdrop.edited", ICP_SEV_WARNING, NULL,
                       "照片经过编辑软件处理（%s），请上传未经修图的原始照片",
                       "the photo was edited (%s): upload the unedited "
                       "original",
                       info->software);
    g_strfreev(editors);
    if (info->has_date) {
        const struct icp_options *o2 = &ctx->opts;
        long age = icp_backdrop_days_between(info->year, info->month, info->day,
                                             o2->today_year, o2->today_month,
                                             o2->today_day);
        long max_age = (long)M("exif", "max_age_days");
        if (age > max_age)
            icp_result_add(
                res, "backdrop.stale", ICP_SEV_WARNING, NULL,
                "照片拍摄于 %04d-%02d-%02d，已超过 %ld 天，请重新拍摄",
                "the photo was taken on %04d-%02d-%02d, more than "
                "%ld days ago: take a new one",
                info->year, info->month, info->day, max_age);
    }
}
