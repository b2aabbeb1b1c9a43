/* A frontal-face detector: OpenCV's boosted Haar cascades (the XML files of
 * Debian's opencv-data) evaluated in plain C on integral images. */
#ifndef ICPCHECK_CHECKS_FACE_H
#define ICPCHECK_CHECKS_FACE_H

/** A loaded cascade: read-only once made, so threads may share it. */
struct icp_face_cascade;

/** A detected face in the pixels of the image given to icp_face_detect(). */
struct icp_face {
    int x, y, w, h;
    int neighbours; /* how many raw windows the group merged: confidence */
};

/** Loads a stump-based HAAR cascade in OpenCV's XML format (such as
 * haarcascade_frontalface_default.xml). Returns NULL with a message in
 * *err_out (caller g_free()s) when the file cannot be read or is not such a
 * cascade. Caller frees with icp_face_cascade_free(). */
struct icp_face_cascade *icp_face_cascade_load(const char *path,
                                               char **err_out);

/** Frees a cascade; NULL is a no-op. */
void icp_face_cascade_free(struct icp_face_cascade *c);

/** Finds faces between min_size and max_size px (square side) in an 8-bit
 * grey image (`stride` bytes a row) with a 1.1 scale pyramid, then groups
 * overlapping hits (at least 3 neighbours, as OpenCV's default). Writes up
 * to `max_out` faces, largest first, and returns how many were found in
 * all (which may exceed max_out). */
int icp_face_detect(const struct icp_face_cascade *c,
                    const unsigned char *grey, int width, int height,
                    int stride, int min_size, int max_size,
                    struct icp_face *out, int max_out);

#endif
