/* Fuzzes the reading of EXIF values from an upload: the bytes become an
 * EXIF block (libexif), whose DateTimeOriginal, Make, Model and Software our
 * reader turns into the backdrop check's fields; the bytes also go straight
 * to the date parser and the editor match. */
#include <glib.h>
#include <libexif/exif-data.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/backdrop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void assert_fields(const struct icp_exif_info *info)
{
    if (strlen(info->software) >= sizeof info->software ||
        strlen(info->camera) >= sizeof info->camera ||
        !g_utf8_validate(info->software, -1, NULL) ||
        !g_utf8_validate(info->camera, -1, NULL))
        abort();
    if (info->has_date &&
        (info->year < 1900 || info->year > 9999 || info->month < 1 ||
         info->month > 12 || info->day < 1 || info->day > 31 ||
         strlen(info->taken_at) != 19))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The value as a tag would hold it: a date, a software name. */
    char *s = g_strndup((const char *)data, size);
    struct icp_exif_info info;
    memset(&info, 0, sizeof info);
    icp_backdrop_exif_date(s, &info);
    assert_fields(&info);
    /* Writable, as icp_model_list() gives them: the match strips them. */
    char **editors = g_strsplit(" Photoshop ;美图;;snapseed", ";", -1);
    icp_backdrop_editor(s, editors);
    g_strfreev(editors);
    g_free(s);

    /* The bytes as the EXIF block of an image (as icp_image_exif() passes
     * it, with the same size bound). */
    if (size > 6 && size < (1u << 24)) {
        ExifData *exif = exif_data_new_from_data(data, (unsigned int)size);
        icp_backdrop_exif_read(exif, &info);
        assert_fields(&info);
        if (exif)
            exif_data_unref(exif);
    }
    return 0;
}
