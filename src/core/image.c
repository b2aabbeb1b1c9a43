/* Image intake with libvips: validate the header against the limits before
 * any pixel is decoded, decode once, and hand out upright working copies. */
#include "core/image.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "ocr/ocr.h"

/* Loaders we accept, by the class name libvips reports. Anything else (PDF,
 * SVG, raw matrices) is not an upload a reviewer can take. */
static const struct {
    const char *loader, *format;
} accepted[] = {
    {"VipsForeignLoadJpeg", "jpeg"}, {"VipsForeignLoadPng", "png"},
    {"VipsForeignLoadWebp", "webp"}, {"VipsForeignLoadTiff", "tiff"},
    {"VipsForeignLoadHeif", "heif"}, {"VipsForeignLoadGif", "gif"},
    {"VipsForeignLoadNsgif", "gif"},
};

void icp_image_vips_error(struct icp_result *res, const char *what)
{
    char *msg = g_strstrip(g_strdup(vips_error_buffer()));
    vips_error_clear();
    /* libvips prefixes lines with the operation name; keep the first line. */
    char *nl = strchr(msg, '\n');
    if (nl)
        *nl = '\0';
    icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                   "无法读取图片（%s：%s），请上传完整的 JPG 或 PNG 图片",
                   "cannot read the image (%s: %s): upload a complete JPG or "
                   "PNG file",
                   what, msg[0] ? msg : "unknown error");
    g_free(msg);
}

static const char *accepted_format(const char *loader)
{
    for (size_t i = 0; i < G_N_ELEMENTS(accepted); i++)
        if (g_str_has_prefix(loader, accepted[i].loader))
            return accepted[i].format;
    return NULL;
}

/* Reads at most limit+1 bytes so that a file growing under us, or a device
 * that never ends (/dev/zero), cannot make us read without bound. */
static int read_limited(const char *path, long long limit,
                        struct icp_result *res, unsigned char **buf_out,
                        size_t *len_out)
{
    *buf_out = NULL;
    *len_out = 0;
    int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                       "无法打开文件：%s", "cannot open the file: %s",
                       strerror(errno));
        return -1;
    }
    int rc = -1;
    unsigned char *buf = NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                       "不是普通文件", "not a regular file");
        goto out;
    }
    res->has_stat = true;
    res->size = (long long)st.st_size;
    res->mtime = (long long)st.st_mtime;
    if (st.st_size > limit) {
        icp_result_add(res, "input.too_large", ICP_SEV_ERROR, NULL,
                       "文件过大（%lld 字节，上限 %lld）",
                       "the file is too large (%lld bytes, limit %lld)",
                       (long long)st.st_size, limit);
        goto out;
    }
    if (st.st_size == 0) {
        icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                       "文件为空（0 字节）", "the file is empty (0 bytes)");
        goto out;
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    buf = xmalloc(cap);
    while (len < cap) {
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                           "读取文件失败：%s", "cannot read the file: %s",
                           strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    if (len == 0) {
        icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                       "文件为空（0 字节）", "the file is empty (0 bytes)");
        goto out;
    }
    *buf_out = buf;
    *len_out = len;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    close(fd);
    return rc;
}

/* The bytes one decode holds at its peak: the decoded pixels as the file
 * stores them (bands × sample size) plus the 3-byte sRGB working copy made
 * from them; -1 on overflow. `w` and `h` are positive. */
static long long decoded_bytes(int w, int h, long long sample)
{
    long long px = (long long)w * h; /* < 2^62: both fit an int */
    long long per_px = (sample > 0 ? sample : 1) + 3;
    if (per_px > LLONG_MAX / px)
        return -1;
    return px * per_px;
}

static int check_header(struct icp_image *img, struct icp_result *res)
{
    const struct icp_options *o = &img->ctx->opts;
    const char *loader = vips_foreign_find_load_buffer(img->data, img->len);
    if (!loader) {
        vips_error_clear();
        icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                       "不是可识别的图片文件，请上传 JPG 或 PNG 图片",
                       "not a recognised image file: upload a JPG or PNG");
        return -1;
    }
    img->format = accepted_format(loader);
    if (!img->format) {
        icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                       "不接受此文件格式（%s），请上传 JPG 或 PNG 图片",
                       "this file format is not accepted (%s): upload a JPG "
                       "or PNG image",
                       loader);
        return -1;
    }
    VipsImage *head = vips_image_new_from_buffer(img->data, img->len, "",
                                                 NULL);
    if (!head) {
        icp_image_vips_error(res, "header");
        return -1;
    }
    int w = vips_image_get_width(head), h = vips_image_get_height(head);
    img->orientation = vips_image_get_orientation(head);
    long long sample = (long long)vips_image_get_bands(head) *
                       (long long)vips_format_sizeof(
                           vips_image_get_format(head));
    VIPS_UNREF(head);
    if (w <= 0 || h <= 0) {
        icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                       "图片尺寸无效", "the image has no pixels");
        return -1;
    }
    if ((long long)w * h > o->max_pixels) {
        icp_result_add(res, "input.too_large", ICP_SEV_ERROR, NULL,
                       "图片像素过多（%d×%d，上限 %lld 像素）",
                       "too many pixels (%d×%d, limit %lld)", w, h,
                       o->max_pixels);
        return -1;
    }
    long long need = decoded_bytes(w, h, sample);
    if (need < 0 || need > o->max_memory) {
        icp_result_add(res, "input.too_large", ICP_SEV_ERROR, NULL,
                       "图片解码后过大（%d×%d，约 %lld MB，上限 %lld MB）",
                       "the decoded image would be too large (%d×%d, about "
                       "%lld MB, limit %lld MB)",
                       w, h, need < 0 ? -1LL : need >> 20,
                       o->max_memory >> 20);
        return -1;
    }
    bool swap = img->orientation >= 5 && img->orientation <= 8;
    img->width = swap ? h : w;
    img->height = swap ? w : h;
    int short_side = w < h ? w : h;
    if (short_side < o->min_short_side) {
        icp_result_add(res, "input.too_small", ICP_SEV_ERROR, NULL,
                       "图片太小（%d×%d），短边至少需要 %d 像素",
                       "the image is too small (%d×%d): the short side needs "
                       "at least %d px",
                       img->width, img->height, o->min_short_side);
        return -1;
    }
    return 0;
}

int icp_image_open_buffer(const struct icp_context *ctx, const void *data,
                          size_t len, struct icp_result *res,
                          struct icp_image **out)
{
    *out = NULL;
    if (len == 0) {
        icp_result_add(res, "input.unreadable", ICP_SEV_ERROR, NULL,
                       "文件为空（0 字节）", "the file is empty (0 bytes)");
        return -1;
    }
    if ((long long)len > ctx->opts.max_bytes) {
        icp_result_add(res, "input.too_large", ICP_SEV_ERROR, NULL,
                       "文件过大（%zu 字节，上限 %lld）",
                       "the file is too large (%zu bytes, limit %lld)", len,
                       ctx->opts.max_bytes);
        return -1;
    }
    /* Hashed here, where the bytes are in memory anyway, for the
     * application's duplicate check. */
    icp_result_hash(res, data, len);
    struct icp_image *img = xcalloc(1, sizeof *img);
    img->ctx = ctx;
    img->data = data;
    img->len = len;
    if (check_header(img, res)) {
        icp_image_free(img);
        return -1;
    }
    *out = img;
    return 0;
}

int icp_image_open_file(const struct icp_context *ctx, const char *path,
                        struct icp_result *res, struct icp_image **out)
{
    *out = NULL;
    unsigned char *buf = NULL;
    size_t len = 0;
    if (read_limited(path, ctx->opts.max_bytes, res, &buf, &len))
        return -1;
    if (icp_image_open_buffer(ctx, buf, len, res, out)) {
        free(buf);
        return -1;
    }
    (*out)->owned = buf;
    return 0;
}

static void drop_copies(struct icp_image *img)
{
    VIPS_UNREF(img->full);
    for (size_t i = 0; i < G_N_ELEMENTS(img->work); i++)
        VIPS_UNREF(img->work[i]);
}

static void drop_reading(struct icp_image *img)
{
    icp_ocr_words_free(img->reading.words, img->reading.n_words);
    memset(&img->reading, 0, sizeof img->reading);
}

void icp_image_set_reading(struct icp_image *img, int side, int w, int h,
                           struct icp_ocr_word *words, size_t n)
{
    drop_reading(img);
    img->reading = (struct icp_image_reading){true, side, w, h, words, n};
}

void icp_image_free(struct icp_image *img)
{
    if (!img)
        return;
    drop_copies(img);
    drop_reading(img);
    if (img->exif)
        exif_data_unref(img->exif);
    free(img->doc.mask);
    g_free(img->checklist_title);
    free(img->owned);
    free(img);
}

/* sRGB, 3 bands, uchar, alpha flattened on white, turned clockwise by
 * `rotation` degrees. Takes ownership of `in`; returns a new image or NULL
 * (vips error set). */
static VipsImage *normalise_turn(int rotation, VipsImage *in)
{
    VipsImage *t[5] = {NULL};
    VipsImage *cur = in, *res = NULL;
    if (vips_colourspace(cur, &t[0], VIPS_INTERPRETATION_sRGB, NULL))
        goto out;
    cur = t[0];
    if (cur->Bands == 4 || cur->Bands == 2) {
        double white[] = {255, 255, 255};
        VipsArrayDouble *bg = vips_array_double_new(white, 3);
        int err = vips_flatten(cur, &t[1], "background", bg, NULL);
        vips_area_unref(VIPS_AREA(bg)); /* the operation keeps its own ref */
        if (err)
            goto out;
        cur = t[1];
    }
    if (cur->Bands > 3) {
        if (vips_extract_band(cur, &t[2], 0, "n", 3, NULL))
            goto out;
        cur = t[2];
    }
    if (vips_cast_uchar(cur, &t[3], NULL))
        goto out;
    cur = t[3];
    if (rotation) {
        VipsAngle a = rotation == 90    ? VIPS_ANGLE_D90
                      : rotation == 180 ? VIPS_ANGLE_D180
                                        : VIPS_ANGLE_D270;
        if (vips_rot(cur, &t[4], a, NULL))
            goto out;
        cur = t[4];
    }
    g_object_ref(cur);
    res = cur;
out:
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
        VIPS_UNREF(t[i]);
    VIPS_UNREF(in);
    return res;
}

/* Turned by img->rotation, as the checks see the image. */
static VipsImage *normalise(struct icp_image *img, VipsImage *in)
{
    return normalise_turn(img->rotation, in);
}

/* The clockwise turn (0/90/180/270) EXIF orientation `o` asks for, or -1
 * for the mirrored orientations. */
static int exif_turn(int o)
{
    switch (o) {
    case 1:
        return 0;
    case 6:
        return 90;
    case 3:
        return 180;
    case 8:
        return 270;
    default:
        return -1;
    }
}

/* The box `in`, seen in an image turned clockwise by t degrees (0, 90,
 * 180, 270), in the unturned image of size W x H: seen (x, y) at 90 is
 * (H - 1 - y0, x0). */
static void unturn_box(int t, int W, int H, const int in[4], int out[4])
{
    int x = in[0], y = in[1], w = in[2], h = in[3];
    switch (t) {
    case 90:
        out[0] = y, out[1] = H - x - w, out[2] = h, out[3] = w;
        break;
    case 180:
        out[0] = W - x - w, out[1] = H - y - h, out[2] = w, out[3] = h;
        break;
    case 270:
        out[0] = W - y - h, out[1] = x, out[2] = h, out[3] = w;
        break;
    default:
        out[0] = x, out[1] = y, out[2] = w, out[3] = h;
    }
}

/* Full-resolution pixels are the largest buffers a check holds (a
 * document's region of a 12-MP photo is some 36 MB, held while its fine
 * view is made from it), and with two workers two of them at once made
 * the peak of a batch. The workers of the process share a budget for
 * them: a worker that holds none waits, before decoding, until the
 * others' fit with its own (or until the others hold none); a worker that
 * holds some already never waits, so that no two workers wait for each
 * other. The bytes are given back when the image is freed. */
#define FULL_RES_BUDGET (40LL << 20)
/* The longest a worker waits for the budget (a region is decoded and
 * turned in well under a second). */
#define BUDGET_WAIT_US (2 * G_USEC_PER_SEC)

static GMutex budget_lock;
static GCond budget_freed;
static long long budget_used;    /* bytes held by every worker */
static GHashTable *budget_owners; /* GThread * -> bytes it holds */

struct budget_hold {
    GThread *owner;
    long long bytes;
};

static long long owner_bytes(GThread *owner)
{
    gpointer v = budget_owners ? g_hash_table_lookup(budget_owners, owner)
                               : NULL;
    return v ? *(long long *)v : 0;
}

static void owner_add(GThread *owner, long long bytes)
{
    if (!budget_owners)
        budget_owners = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    long long *v = g_hash_table_lookup(budget_owners, owner);
    if (!v) {
        v = g_new0(long long, 1);
        g_hash_table_insert(budget_owners, owner, v);
    }
    *v += bytes;
    if (*v <= 0)
        g_hash_table_remove(budget_owners, owner);
}

/* Waits until the calling thread may hold `bytes` more full-resolution
 * pixels, and counts them. */
static struct budget_hold *budget_take(long long bytes)
{
    struct budget_hold *h = xmalloc(sizeof *h);
    h->owner = g_thread_self();
    h->bytes = bytes;
    /* Bounded, so that an image some check fails to free costs memory
     * rather than stopping the other workers for good. */
    gint64 t0 = g_get_monotonic_time(), give_up = t0 + BUDGET_WAIT_US;
    bool waited = false;
    g_mutex_lock(&budget_lock);
    while (owner_bytes(h->owner) == 0 && budget_used > 0 &&
           budget_used + bytes > FULL_RES_BUDGET) {
        waited = true;
        if (!g_cond_wait_until(&budget_freed, &budget_lock, give_up))
            break;
    }
    if (waited)
        icp_wait_add(ICP_WAIT_BUDGET, g_get_monotonic_time() - t0);
    budget_used += bytes;
    owner_add(h->owner, bytes);
    g_mutex_unlock(&budget_lock);
    return h;
}

/* Gives the bytes back (a weak reference's notice, on whichever thread
 * drops the image's last reference). */
static void budget_give(gpointer data, GObject *gone)
{
    (void)gone;
    struct budget_hold *h = data;
    g_mutex_lock(&budget_lock);
    budget_used -= h->bytes;
    owner_add(h->owner, -h->bytes);
    g_cond_broadcast(&budget_freed);
    g_mutex_unlock(&budget_lock);
    free(h);
}

/* Ties `h` to `im`: the bytes go back when im is freed, or now when im
 * is NULL. Returns im. */
static VipsImage *budget_bind(struct budget_hold *h, VipsImage *im)
{
    if (im)
        g_object_weak_ref(G_OBJECT(im), budget_give, h);
    else
        budget_give(h, NULL);
    return im;
}

/* Rows of the decode turned at a time by turned_copy(). */
#define TURN_STRIP 256

/* `crop` (decoded sequentially, sRGB, 3 bands, uchar) turned clockwise by
 * `t` into a new memory image, a strip of rows at a time as the decoder
 * gives them. Turning with libvips reads out of order, so the whole decode
 * was first copied into memory: two full-resolution copies at once (72 MB
 * for a 12-MP document) where one and a strip now do. Pixels are moved,
 * not resampled: the same as vips_rot's. Returns a new image or NULL (vips
 * error set). */
static VipsImage *turned_copy(VipsImage *crop, int t)
{
    int w = crop->Xsize, h = crop->Ysize;
    VipsImage *out = vips_image_new_memory();
    VipsRegion *reg = NULL;
    vips_image_init_fields(out, t % 180 ? h : w, t % 180 ? w : h, 3,
                           VIPS_FORMAT_UCHAR, VIPS_CODING_NONE,
                           VIPS_INTERPRETATION_sRGB, crop->Xres, crop->Yres);
    if (vips_image_write_prepare(out) || !(reg = vips_region_new(crop)))
        goto fail;
    ptrdiff_t row = (ptrdiff_t)VIPS_IMAGE_SIZEOF_LINE(out);
    for (int y = 0; y < h; y += TURN_STRIP) {
        VipsRect r = {0, y, w, VIPS_MIN(TURN_STRIP, h - y)};
        if (vips_region_prepare(reg, &r))
            goto fail;
        for (int yy = y; yy < y + r.height; yy++) {
            const VipsPel *p = VIPS_REGION_ADDR(reg, 0, yy);
            /* Where the row's first pixel lands, and the step to the next
             * (see unturn_box for the mapping). */
            VipsPel *q;
            ptrdiff_t step;
            if (t == 90)
                q = VIPS_IMAGE_ADDR(out, h - 1 - yy, 0), step = row;
            else if (t == 180)
                q = VIPS_IMAGE_ADDR(out, w - 1, h - 1 - yy), step = -3;
            else if (t == 270)
                q = VIPS_IMAGE_ADDR(out, yy, w - 1), step = -row;
            else
                q = VIPS_IMAGE_ADDR(out, 0, yy), step = 3;
            for (int x = 0; x < w; x++, p += 3, q += step)
                q[0] = p[0], q[1] = p[1], q[2] = p[2];
        }
    }
    g_object_unref(reg);
    return out;
fail:
    if (reg)
        g_object_unref(reg);
    VIPS_UNREF(out);
    return NULL;
}

VipsImage *icp_image_region(struct icp_image *img, const int *rect,
                            struct icp_result *res)
{
    VipsImage *raw = NULL, *crop = NULL, *out = NULL;
    int W = img->rotation % 180 ? img->height : img->width;
    int H = img->rotation % 180 ? img->width : img->height;
    int x = VIPS_CLIP(0, rect[0], W - 1), y = VIPS_CLIP(0, rect[1], H - 1);
    int w = VIPS_CLIP(1, rect[2], W - x), h = VIPS_CLIP(1, rect[3], H - y);
    int et = exif_turn(img->orientation);
    struct budget_hold *hold = budget_take(3LL * w * h);
    if (img->full || et < 0) {
        /* Decoded already, or mirrored: cut from the whole image. */
        VipsImage *full = icp_image_full(img, res);
        if (!full)
            return budget_bind(hold, NULL);
        if (vips_extract_area(full, &crop, x, y, w, h, NULL) ||
            !(out = vips_image_copy_memory(crop)))
            icp_image_vips_error(res, "decode");
        VIPS_UNREF(crop);
        return budget_bind(hold, out);
    }
    int t = (et + img->rotation) % 360;
    /* The stored (undecoded) image's size and the rectangle in it: the
     * inverse of the clockwise turn by t. */
    int SW = t % 180 ? H : W, SH = t % 180 ? W : H, s[4];
    unturn_box(t, SW, SH, (const int[4]){x, y, w, h}, s);
    /* Sequential access: the decoder stops after the rectangle's last row,
     * and nothing outside it is kept in memory. */
    raw = vips_image_new_from_buffer(img->data, img->len, "", "access",
                                     VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                     VIPS_FAIL_ON_TRUNCATED, NULL);
    if (!raw || raw->Xsize != SW || raw->Ysize != SH ||
        vips_extract_area(raw, &crop, s[0], s[1], s[2], s[3], NULL))
        goto out;
    if (crop->Bands == 3 && crop->BandFmt == VIPS_FORMAT_UCHAR &&
        crop->Type == VIPS_INTERPRETATION_sRGB) {
        /* Nothing to convert: decoded straight into the one copy, turned
         * on the way where it must be. */
        out = t == 0 ? vips_image_copy_memory(crop) : turned_copy(crop, t);
        goto out;
    }
    /* Decoded into memory before the turn, which reads out of order. */
    VipsImage *mem = vips_image_copy_memory(crop);
    if (!mem)
        goto out;
    /* Turned into a copy of its own: left lazy, every read of the fine
     * view turned its part again (a permit's field reads took 1.5 s
     * more). */
    VipsImage *norm = normalise_turn(t, mem);
    if (norm)
        out = vips_image_copy_memory(norm);
    VIPS_UNREF(norm);
out:
    VIPS_UNREF(raw);
    VIPS_UNREF(crop);
    if (!out)
        icp_image_vips_error(res, "decode");
    return budget_bind(hold, out);
}

VipsImage *icp_image_full(struct icp_image *img, struct icp_result *res)
{
    if (img->full)
        return img->full;
    VipsImage *raw = NULL, *up = NULL, *norm = NULL, *mem = NULL;
    struct budget_hold *hold = budget_take(3LL * img->width * img->height);
    /* Streamed into the one copy where nothing is turned (see
     * decode_upright). */
    VipsAccess access = img->rotation == 0 && img->orientation <= 1
                            ? VIPS_ACCESS_SEQUENTIAL
                            : VIPS_ACCESS_RANDOM;
    raw = vips_image_new_from_buffer(img->data, img->len, "", "access",
                                     access, "fail_on",
                                     VIPS_FAIL_ON_TRUNCATED, NULL);
    if (!raw || vips_autorot(raw, &up, NULL))
        goto out;
    norm = normalise(img, up);
    up = NULL;
    /* Decode into memory once: every region the checks read comes from
     * here, and a lazy pipeline would decode the file again each time. */
    if (!norm || !(mem = vips_image_copy_memory(norm)))
        goto out;
    img->full = mem;
out:
    VIPS_UNREF(raw);
    VIPS_UNREF(up);
    VIPS_UNREF(norm);
    if (!img->full)
        icp_image_vips_error(res, "decode");
    return budget_bind(hold, img->full);
}

/* The shrink factor a JPEG can decode at directly (1, 2, 4 or 8) while
 * keeping at least `long_side` pixels. */
static int jpeg_shrink(const struct icp_image *img, int long_side)
{
    int big = VIPS_MAX(img->width, img->height), shrink = 1;
    while (shrink < 8 && big / (shrink * 2) >= long_side)
        shrink *= 2;
    return shrink;
}

/* Decodes, a JPEG at the largest DCT shrink that keeps `long_side`, and
 * turns upright; NULL on failure. libvips' thumbnail operation would be
 * shorter, but in 8.14 it does not pass fail_on to the loader, and a
 * truncated upload must fail, not come out half grey. */
static VipsImage *decode_upright(struct icp_image *img, int long_side)
{
    VipsImage *raw = NULL, *up = NULL;
    /* Nothing to turn (no EXIF turn, no turn of our own): the decoder
     * streams its rows into the one copy the caller makes. Random access
     * would first decode the whole image into a buffer of its own and copy
     * it (a second 9 MB at the 2000 px base, 36 MB for a whole 12-MP
     * photo). Turning reads out of order, so it needs that buffer. */
    VipsAccess access = img->rotation == 0 && img->orientation <= 1
                            ? VIPS_ACCESS_SEQUENTIAL
                            : VIPS_ACCESS_RANDOM;
    if (strcmp(img->format, "jpeg") == 0)
        raw = vips_image_new_from_buffer(img->data, img->len, "", "shrink",
                                         jpeg_shrink(img, long_side),
                                         "access", access, "fail_on",
                                         VIPS_FAIL_ON_TRUNCATED, NULL);
    else
        raw = vips_image_new_from_buffer(img->data, img->len, "", "access",
                                         access, "fail_on",
                                         VIPS_FAIL_ON_TRUNCATED, NULL);
    if (raw && vips_autorot(raw, &up, NULL))
        up = NULL;
    VIPS_UNREF(raw);
    return up;
}

/* Decodes at reduced size, turns upright, resizes to `long_side` and
 * normalises. */
static VipsImage *shrink_on_load(struct icp_image *img, int long_side)
{
    VipsImage *up = NULL, *small = NULL;
    if (!(up = decode_upright(img, long_side)))
        goto out;
    double scale = (double)long_side / VIPS_MAX(up->Xsize, up->Ysize);
    if (scale < 1.0) {
        if (vips_resize(up, &small, scale, NULL))
            goto out;
    } else {
        small = up;
        up = NULL;
    }
out:
    VIPS_UNREF(up);
    return small ? normalise(img, small) : NULL;
}

/* `in` scaled down by `scale` (< 1) with a Lanczos kernel. For more than
 * a halving, one reduce whose kernel spans the whole shrink: vips_resize in
 * libvips 8.14 first box-shrinks by an integer factor, and that step took
 * 100 ms of the 2000 px base's 256 px copy where one reduce takes 17 ms. */
static int scaled_down(VipsImage *in, double scale, VipsImage **out)
{
    if (scale >= 0.5)
        return vips_resize(in, out, scale, NULL);
    return vips_reduce(in, out, 1.0 / scale, 1.0 / scale, NULL);
}

static int slot_for(int long_side)
{
    return long_side <= 512 ? 0 : long_side <= 1100 ? 1 : 2;
}

/* The copy every smaller one is scaled from, in the last slot: the JPEG
 * decoded at the largest DCT shrink that keeps BASE_DECODE px (a 4000 px
 * photo at 2000), any other format whole. One decode instead of one per
 * size asked for. */
#define BASE_DECODE 1600
#define BASE_SLOT 3

static VipsImage *decode_base(struct icp_image *img)
{
    VipsImage *up = NULL, *norm = NULL, *mem = NULL;
    if (!(up = decode_upright(img, BASE_DECODE)))
        goto out;
    norm = normalise(img, up);
    up = NULL;
    if (!norm || !(mem = vips_image_copy_memory(norm)))
        goto out;
    img->work[BASE_SLOT] = mem;
    img->work_side[BASE_SLOT] = VIPS_MAX(mem->Xsize, mem->Ysize);
out:
    VIPS_UNREF(up);
    VIPS_UNREF(norm);
    return mem;
}

/* The smallest cached copy made for at least long_side, or NULL. A copy
 * smaller than asked for is the whole image: it serves as well. */
static VipsImage *cached_source(const struct icp_image *img, int long_side)
{
    int best = -1;
    for (int i = 0; i < (int)G_N_ELEMENTS(img->work); i++)
        if (img->work[i] && img->work_side[i] >= long_side &&
            (best < 0 || img->work_side[i] < img->work_side[best]))
            best = i;
    return best < 0 ? NULL : img->work[best];
}

/* The copy for long_side as icp_image_at makes it, left lazy: a new
 * reference the caller unrefs, or NULL (vips error set). */
static VipsImage *scaled_copy(struct icp_image *img, int long_side)
{
    VipsImage *norm = NULL;
    VipsImage *src = cached_source(img, long_side);
    if (!src && img->full)
        src = img->full;
    if (!src && !img->work[BASE_SLOT] && long_side <= BASE_DECODE &&
        !(src = decode_base(img)))
        return NULL;
    if (src) {
        /* Decode once: a larger copy in memory (shrink-on-load made it,
         * or the full decode) is scaled down instead. */
        double scale = (double)long_side / VIPS_MAX(src->Xsize, src->Ysize);
        if (scale >= 1.0) {
            g_object_ref(src);
            norm = src;
        } else if (scaled_down(src, scale, &norm))
            return NULL;
        return norm;
    }
    return shrink_on_load(img, long_side);
}

VipsImage *icp_image_at(struct icp_image *img, int long_side,
                        struct icp_result *res)
{
    int slot = slot_for(long_side);
    if (img->work[slot] && img->work_side[slot] == long_side)
        return img->work[slot];
    VipsImage *norm = scaled_copy(img, long_side), *mem = NULL;
    if (norm && (mem = vips_image_copy_memory(norm))) {
        VIPS_UNREF(img->work[slot]);
        img->work[slot] = mem;
        img->work_side[slot] = long_side;
    }
    VIPS_UNREF(norm);
    if (!mem)
        icp_image_vips_error(res, "decode");
    return mem;
}

VipsImage *icp_image_at_lazy(struct icp_image *img, int long_side,
                             struct icp_result *res)
{
    int slot = slot_for(long_side);
    if (img->work[slot] && img->work_side[slot] == long_side) {
        g_object_ref(img->work[slot]);
        return img->work[slot];
    }
    VipsImage *norm = scaled_copy(img, long_side);
    if (!norm)
        icp_image_vips_error(res, "decode");
    return norm;
}

void icp_image_set_rotation(struct icp_image *img, int degrees)
{
    degrees = ((degrees % 360) + 360) % 360;
    if (degrees == img->rotation)
        return;
    int delta = (degrees - img->rotation + 360) % 360;
    img->rotation = degrees;
    img->doc.known = false;
    free(img->doc.mask);
    img->doc.mask = NULL;
    VIPS_UNREF(img->full);
    /* The cached copies are turned rather than decoded and scaled again
     * (a 12-MP JPEG takes some 200 ms of CPU to make them). */
    VipsAngle a = delta == 90    ? VIPS_ANGLE_D90
                  : delta == 180 ? VIPS_ANGLE_D180
                                 : VIPS_ANGLE_D270;
    for (size_t i = 0; i < G_N_ELEMENTS(img->work); i++) {
        VipsImage *turned = NULL, *mem = NULL;
        if (img->work[i] && vips_rot(img->work[i], &turned, a, NULL) == 0)
            mem = vips_image_copy_memory(turned);
        VIPS_UNREF(turned);
        VIPS_UNREF(img->work[i]);
        img->work[i] = mem;
        vips_error_clear();
    }
    drop_reading(img);
}

void icp_image_box_to_output(const struct icp_image *img, const int *in,
                             int *out)
{
    /* Checks see the image turned clockwise by img->rotation; undo it
     * into the output (EXIF-upright) frame. */
    unturn_box(img->rotation, img->width, img->height, in, out);
}

VipsImage *icp_image_level_paper(VipsImage *grey, int shrink, int window)
{
    VipsImage *t[6] = {NULL};
    VipsImage *out = NULL;
    int k = VIPS_MAX(1, shrink);
    if (vips_shrink(grey, &t[0], k, k, NULL) ||
        vips_rank(t[0], &t[1], window, window, window * window - 1, NULL) ||
        vips_resize(t[1], &t[2], (double)grey->Xsize / t[1]->Xsize,
                    "vscale", (double)grey->Ysize / t[1]->Ysize, NULL) ||
        vips_embed(t[2], &t[3], 0, 0, grey->Xsize, grey->Ysize, "extend",
                   VIPS_EXTEND_COPY, NULL) ||
        vips_divide(grey, t[3], &t[4], NULL) ||
        vips_linear1(t[4], &t[5], 255.0, 0, "uchar", TRUE, NULL))
        goto out;
    out = t[5];
    t[5] = NULL;
out:
    for (int i = 0; i < 6; i++)
        VIPS_UNREF(t[i]);
    vips_error_clear();
    return out;
}

ExifData *icp_image_exif(struct icp_image *img)
{
    if (img->exif_parsed)
        return img->exif;
    img->exif_parsed = true;
    VipsImage *head = vips_image_new_from_buffer(img->data, img->len, "",
                                                 NULL);
    if (!head) {
        vips_error_clear();
        return NULL;
    }
    const void *blob = NULL;
    size_t len = 0;
    if (vips_image_get_typeof(head, VIPS_META_EXIF_NAME) &&
        vips_image_get_blob(head, VIPS_META_EXIF_NAME, &blob, &len) == 0 &&
        len > 6 && len < (1u << 24))
        img->exif = exif_data_new_from_data(blob, (unsigned int)len);
    VIPS_UNREF(head);
    return img->exif;
}
