/* Moving 8-bit grey pixels between libvips and Leptonica. */
#include "ocr/pixconv.h"

PIX *icp_pix_from_vips(VipsImage *grey)
{
    if (grey->Bands != 1 || grey->BandFmt != VIPS_FORMAT_UCHAR)
        return NULL;
    VipsImage *mem = vips_image_copy_memory(grey);
    if (!mem) {
        vips_error_clear();
        return NULL;
    }
    int w = mem->Xsize, h = mem->Ysize;
    const unsigned char *px = vips_image_get_data(mem);
    PIX *pix = pixCreate(w, h, 8);
    l_uint32 *data = pixGetData(pix);
    int wpl = pixGetWpl(pix);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            SET_DATA_BYTE(data + y * wpl, x, px[(size_t)y * w + x]);
    VIPS_UNREF(mem);
    return pix;
}

VipsImage *icp_vips_from_pix(PIX *pix8)
{
    int w = pixGetWidth(pix8), h = pixGetHeight(pix8);
    l_uint32 *data = pixGetData(pix8);
    int wpl = pixGetWpl(pix8);
    VipsImage *out = vips_image_new_memory();
    vips_image_init_fields(out, w, h, 1, VIPS_FORMAT_UCHAR,
                           VIPS_CODING_NONE, VIPS_INTERPRETATION_B_W, 1.0,
                           1.0);
    if (vips_image_write_prepare(out)) {
        VIPS_UNREF(out);
        vips_error_clear();
        return NULL;
    }
    unsigned char *px = VIPS_IMAGE_ADDR(out, 0, 0);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            px[(size_t)y * w + x] = GET_DATA_BYTE(data + y * wpl, x);
    return out;
}

VipsImage *icp_vips_clear_border(VipsImage *grey, int min_side)
{
    VipsImage *res = NULL;
    PIX *pix = NULL, *bin = NULL, *edge = NULL, *big = NULL, *wide = NULL;
    if (!(pix = icp_pix_from_vips(grey)) ||
        !(bin = pixThresholdToBinary(pix, 128)) ||
        !(edge = pixExtractBorderConnComps(bin, 8)) ||
        !(big = min_side > 0
                    ? pixSelectBySize(edge, min_side, min_side, 8,
                                      L_SELECT_IF_EITHER, L_SELECT_IF_GT,
                                      NULL)
                    : pixClone(edge)))
        goto out;
    l_int32 empty = 1;
    pixZero(big, &empty);
    if (!empty && (wide = pixDilateBrick(NULL, big, 5, 5))) {
        pixPaintThroughMask(pix, wide, 0, 0, 255);
        res = icp_vips_from_pix(pix);
    }
out:
    pixDestroy(&wide);
    pixDestroy(&big);
    pixDestroy(&edge);
    pixDestroy(&bin);
    pixDestroy(&pix);
    if (!res) {
        vips_error_clear();
        g_object_ref(grey);
        res = grey;
    }
    return res;
}
