/* The backdrop photo check's pixel stages, shared by its modules:
 * backdrop_scene.c (Lab copy, blue mask, silhouette), backdrop_curtain.c,
 * backdrop_wordmark.c, backdrop_person.c, backdrop_clothing.c and
 * backdrop_exif.c; backdrop.c runs them in order. Every measurement reads
 * one shrink-on-load copy (models/backdrop.ini [work] long_side). */
#ifndef ICPCHECK_CHECKS_BACKDROP_SCENE_H
#define ICPCHECK_CHECKS_BACKDROP_SCENE_H

#include <stdbool.h>
#include <stddef.h>
#include <vips/vips.h>

#include "checks/backdrop.h"
#include "checks/checks.h"
#include "checks/face.h"
#include "checks/worker.h"
#include "core/image.h"
#include "core/result.h"

/* The working copy and what segmentation made of it. Every array is
 * w * h (lab: 3 floats a pixel) and owned by the scene; backdrop.c frees
 * them. */
struct icp_backdrop_scene {
    int w, h;
    const unsigned char *rgb; /* 3 bands, memory owned by the image */
    float *lab;               /* L, a, b per pixel */
    unsigned char *grey;
    unsigned char *blue;     /* curtain-blue pixels */
    unsigned char *person;   /* the person's silhouette */
    int *span_l, *span_r;    /* silhouette extent per row, -1 = none */
    double bg_L, bg_a, bg_b; /* background model */
    bool bg_blue;
    int pbox[4]; /* silhouette box, working pixels */
    long person_px;
};

/* The person as the face detector found them. */
struct icp_backdrop_person {
    struct icp_face face;
    bool has_face;
    bool no_detector; /* the cascade could not load: already reported */
    int others;
    double skin_L, skin_a, skin_b;
    bool colour; /* the photo has colour: skin tests apply */
};

/* ---- backdrop_scene.c ---- */

/** A float Lab copy of an sRGB image in memory. Returns 0 and *out (caller
 * g_free()s), or -1 with the vips error left set. */
int icp_backdrop_load_lab(VipsImage *rgb, float **out);

/** The hue angle of (a, b) in degrees, 0..360. */
double icp_backdrop_hue(double a, double b);

/** The median of v[0..n) (sorts v); 0 when n is 0. */
double icp_backdrop_median(float *v, size_t n);

/** Binary erosion (grow false) or dilation of m with a square of side
 * 2r+1, in place. */
void icp_backdrop_morph(unsigned char *m, int w, int h, int r, bool grow);

/** Fills sc->blue, the background model, sc->person and its spans and box
 * from sc->lab. */
void icp_backdrop_segment(const struct icp_context *ctx,
                          struct icp_backdrop_scene *sc);

/** Maps a box in working pixels to the output's pixels. */
void icp_backdrop_box_out(struct icp_image *img,
                          const struct icp_backdrop_scene *sc, const int *box,
                          int *out);

/** The output box as JSON; caller owns the returned item. */
cJSON *icp_backdrop_box_json(struct icp_image *img,
                             const struct icp_backdrop_scene *sc,
                             const int *box);

/** Fraction of curtain-blue pixels in a rectangle, person left out. */
double icp_backdrop_blue_share(const struct icp_backdrop_scene *sc, int x0,
                               int y0, int x1, int y1);

/* ---- the checks, in the order backdrop.c runs them ---- */

/** backdrop.not_blue, backdrop.curtain_too_small; closes sc->blue. */
void icp_backdrop_check_curtain(struct icp_worker *w, struct icp_image *img,
                                struct icp_backdrop_scene *sc,
                                struct icp_result *res);

/** backdrop.mirrored and fields.provider from the curtain's wordmark. */
void icp_backdrop_check_wordmark(struct icp_worker *w, struct icp_image *img,
                                 const struct icp_backdrop_scene *sc,
                                 struct icp_result *res);

/** Finds the person's face into *pv (backdrop.no_person when the detector
 * cannot load). */
void icp_backdrop_find_faces(struct icp_worker *w,
                             const struct icp_backdrop_scene *sc,
                             struct icp_backdrop_person *pv,
                             struct icp_result *res);

/** backdrop.no_person, off_centre, not_upper_body; *offset_out is the
 * face's horizontal offset from the middle (fraction of the width). */
void icp_backdrop_check_person(struct icp_worker *w, struct icp_image *img,
                               const struct icp_backdrop_scene *sc,
                               const struct icp_backdrop_person *pv,
                               struct icp_result *res, double *offset_out);

/** backdrop.clothing_red, clothing_blue, clothing_season. */
void icp_backdrop_check_clothing(struct icp_worker *w,
                                 const struct icp_backdrop_scene *sc,
                                 const struct icp_backdrop_person *pv,
                                 struct icp_result *res,
                                 enum icp_season season);

/** backdrop.exif_missing, edited, stale; fills *info. */
void icp_backdrop_check_exif(struct icp_worker *w, struct icp_image *img,
                             struct icp_result *res,
                             struct icp_exif_info *info);

#endif
