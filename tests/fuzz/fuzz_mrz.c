/* Fuzzes MRZ parsing of an OCR'd MRZ band. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/mrz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct icp_date today = {2026, 11, 24};
    struct icp_mrz m;
    int rc = icp_mrz_parse(text, today, &m);
    if (rc == 0 && m.valid &&
        (!icp_date_valid(m.expiry) || !icp_date_valid(m.birth)))
        abort();
    if (rc != 0 && m.format != ICP_MRZ_NONE)
        abort();
    /* The input's two halves as two readings of one zone: a reading
     * never vouches for itself, nor for one that fails. */
    size_t half = size / 2;
    char *second = text + half;
    char first_half[ICP_MRZ_MAX_LINE * 4];
    size_t n1 = half < sizeof first_half - 1 ? half : sizeof first_half - 1;
    memcpy(first_half, text, n1);
    first_half[n1] = '\0';
    struct icp_mrz a, b;
    icp_mrz_parse(first_half, today, &a);
    icp_mrz_parse(second, today, &b);
    if (icp_mrz_vouches(&a, &a) || (icp_mrz_vouches(&a, &b) && !b.valid))
        abort();
    (void)icp_mrz_format_name(m.format);
    (void)icp_mrz_check_digit(text, strlen(text));
    free(text);
    return 0;
}
