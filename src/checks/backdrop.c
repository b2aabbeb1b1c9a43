/* The backdrop photo (幕布照片): blue curtain, one person standing centred,
 * upper body, a top neither red nor blue, sleeves for the season, the
 * curtain's wordmark not mirrored, and an original, recent camera photo.
 * This file runs the stages of backdrop_scene.h on one shrink-on-load copy
 * (models/backdrop.ini [work] long_side). */
#include <math.h>
#include <stdlib.h>

#include "checks/backdrop_scene.h"
#include "core/util.h"

void icp_check_backdrop(struct icp_worker *w, struct icp_image *img,
                        struct icp_result *res)
{
    const struct icp_context *ctx = w->ctx;
    struct icp_backdrop_scene sc = {0};
    struct icp_backdrop_person pv = {0};
    struct icp_exif_info info;
    double offset = 0;

    icp_backdrop_check_exif(w, img, res, &info);
    enum icp_season season =
        info.has_date ? icp_backdrop_season(info.month) : ICP_SEASON_UNKNOWN;
    icp_result_set_str(res, "season", icp_backdrop_season_name(season));

    int side = (int)icp_model_num(ctx, "backdrop", "work", "long_side");
    VipsImage *rgb = icp_image_at(img, side, res);
    if (!rgb)
        goto out;
    sc.w = rgb->Xsize;
    sc.h = rgb->Ysize;
    sc.rgb = VIPS_IMAGE_ADDR(rgb, 0, 0);
    if (icp_backdrop_load_lab(rgb, &sc.lab)) {
        icp_image_vips_error(res, "colour");
        goto out;
    }
    size_t n = (size_t)sc.w * sc.h;
    sc.grey = xmalloc(n);
    double chroma_sum = 0;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = sc.rgb + 3 * i;
        sc.grey[i] =
            (unsigned char)((299 * p[0] + 587 * p[1] + 114 * p[2] + 500) /
                            1000);
        const float *q = sc.lab + 3 * i;
        chroma_sum += sqrtf(q[1] * q[1] + q[2] * q[2]);
    }
    pv.colour = chroma_sum / n > 3;
    icp_backdrop_segment(ctx, &sc);
    icp_backdrop_check_curtain(w, img, &sc, res);
    icp_backdrop_check_wordmark(w, img, &sc, res);
    icp_backdrop_find_faces(w, &sc, &pv, res);
    icp_backdrop_check_person(w, img, &sc, &pv, res, &offset);
    if (pv.has_face) {
        icp_result_set_num(res, "offset", round(offset * 100) / 100);
        icp_backdrop_check_clothing(w, &sc, &pv, res, season);
    }
out:
    free(sc.span_r);
    free(sc.span_l);
    free(sc.person);
    free(sc.blue);
    free(sc.grey);
    g_free(sc.lab);
}
