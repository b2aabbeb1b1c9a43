/* Image intake: limits before decoding, one decode, EXIF orientation, and the
 * working copies the checks read. */
#ifndef ICPCHECK_CORE_IMAGE_H
#define ICPCHECK_CORE_IMAGE_H

#include <libexif/exif-data.h>
#include <vips/vips.h>

#include "core/context.h"
#include "core/result.h"

struct icp_ocr_word; /* src/ocr/ocr.h */

/* The OCR of the document view that classification made (or that a check
 * forced with --type makes with the same code): words with boxes, kept so
 * that the material check finds its labels without reading the page again. */
struct icp_image_reading {
    bool known;                 /* the view has been read */
    int side;                   /* long side asked of icp_document_view() */
    int w, h;                   /* the view's size in pixels */
    struct icp_ocr_word *words; /* boxes in view pixels, seen upright
                                   (after img->rotation); owned */
    size_t n_words;
};

struct icp_image {
    const struct icp_context *ctx;
    unsigned char *owned;      /* the file's bytes when we read them */
    const unsigned char *data; /* the encoded image (owned or borrowed) */
    size_t len;
    const char *format;        /* "jpeg", "png", ... static */
    int width, height;         /* upright (EXIF-applied) size */
    int orientation;           /* EXIF orientation 1..8 */
    int rotation;              /* extra clockwise turn found in the pixels:
                                  0, 90, 180 or 270, set by classification */
    VipsImage *full;           /* decoded upright sRGB uchar, or NULL */
    VipsImage *work[4];        /* cached working copies (see icp_image_at) */
    int work_side[4];          /* their requested long sides */
    struct {
        bool known;            /* icp_document_find() has run */
        bool found;            /* a paper or card stands out from the desk */
        double angle;          /* its tilt in degrees, clockwise */
        double box[4];         /* x, y, w, h as fractions of the image
                                  turned by -angle (see document.c) */
        double area;           /* fraction of the frame it covers */
        double bounds[4];      /* its upright bounding box, as fractions of
                                  the seen image (no turn applied) */
        bool has_alt;          /* a second tilt worth trying */
        double alt_angle;
        unsigned char *mask;   /* the region on the 512 px copy (2 = in) */
        int mask_w, mask_h;
    } doc;
    struct icp_image_reading reading; /* see above; freed with img */
    /* What classification's first look for a machine-readable zone
     * (icp_mrz_band_seen, src/checks/mrzband.c) read, so that the passport
     * check starts from it rather than finding and reading the zone
     * again. Written and read by mrzband.c only. */
    struct {
        bool known;     /* the first look ran */
        int rotation;   /* at this img->rotation */
        int box[4];     /* the band it read, in the image as checks see it */
        char zone[160]; /* its zone lines as read, "" when none */
    } mrz_look;
    /* The text of the checklist title that classification read when it
     * named the checklist (checklist_title() in src/checks/classify.c),
     * so that the checklist check does not read the title again; NULL
     * when none. Written by classify.c, read by checklist.c, freed with
     * img. */
    char *checklist_title;
    ExifData *exif;            /* NULL: none, or not parsed yet */
    bool exif_parsed;
};

/** Reads a file and its header, checking the byte and pixel limits before
 * any decoding. On failure adds an `input.*` finding to `res` and returns
 * -1. Caller frees *out with icp_image_free(). */
int icp_image_open_file(const struct icp_context *ctx, const char *path,
                        struct icp_result *res, struct icp_image **out);

/** As icp_image_open_file() on bytes in memory; the bytes are borrowed and
 * must outlive the image. */
int icp_image_open_buffer(const struct icp_context *ctx, const void *data,
                          size_t len, struct icp_result *res,
                          struct icp_image **out);

void icp_image_free(struct icp_image *img);

/** The whole image decoded (once), upright by EXIF and by img->rotation,
 * sRGB, 3 bands, uchar. Owned by img: do not unref. On a decode failure
 * adds `input.unreadable` to res and returns NULL. */
VipsImage *icp_image_full(struct icp_image *img, struct icp_result *res);

/** The full-resolution pixels of `rect` (x, y, w, h in the image as the
 * checks see it: upright by EXIF and img->rotation, clipped to it), sRGB,
 * 3 bands, uchar. Decodes only as far as the rectangle reaches rather than
 * the whole image. Caller unrefs. NULL (with a finding in res) on failure. */
VipsImage *icp_image_region(struct icp_image *img, const int *rect,
                            struct icp_result *res);

/** An upright sRGB uchar copy whose long side is at most `long_side` px,
 * decoded with shrink-on-load when the full image is not needed. Owned by
 * img (cached): do not unref. NULL (with a finding in res) on failure. */
VipsImage *icp_image_at(struct icp_image *img, int long_side,
                        struct icp_result *res);

/** The pixels icp_image_at(img, long_side) gives, without making or
 * caching the copy: a pipeline computed only where it is read (the cached
 * copy when there is one). Caller unrefs. NULL (with a finding in res) on
 * failure. */
VipsImage *icp_image_at_lazy(struct icp_image *img, int long_side,
                             struct icp_result *res);

/** Sets the extra rotation found in the pixels (0/90/180/270, clockwise to
 * make it upright) and drops cached copies and the reading made before it. */
void icp_image_set_rotation(struct icp_image *img, int degrees);

/** Keeps `words` as img->reading (takes ownership of them; a previous
 * reading is freed). */
void icp_image_set_reading(struct icp_image *img, int side, int w, int h,
                           struct icp_ocr_word *words, size_t n);

/** Maps a box in the coordinates of the image as checks see it (after
 * img->rotation) back to the EXIF-upright image the output describes. */
void icp_image_box_to_output(const struct icp_image *img, const int *in,
                             int *out);

/** The file's EXIF data, or NULL when it has none. Owned by img. */
ExifData *icp_image_exif(struct icp_image *img);

/** The paper of a one-band grey image brought to white, evenly: each pixel
 * divided by the brightest value in a `window` x `window` neighbourhood of
 * a copy shrunk `shrink` times (the paper under a shadow or a light
 * gradient becomes 255, ink keeps its contrast to it). Returns a new lazy
 * image (caller unrefs) or NULL. */
VipsImage *icp_image_level_paper(VipsImage *grey, int shrink, int window);

/** Copies and clears libvips' error buffer into a finding on `res`. */
void icp_image_vips_error(struct icp_result *res, const char *what);

#endif
