/* Fuzzes what becomes of a licence's QR code once zbar has read it: the raw
 * bytes to UTF-8 (BOM, UTF-8, GB18030, Shift_JIS, ISO-8859-1), then the
 * search for credit codes in that text and the comparison with the printed
 * one. The first 18 bytes also serve as the printed code. */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/qr.h"
#include "checks/uscc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = icp_qr_decode_bytes((const char *)data, size);
    /* documented: always a string, always UTF-8 */
    if (!text || !g_utf8_validate(text, -1, NULL))
        abort();
    char printed[19] = "";
    if (size >= 18) {
        memcpy(printed, data, 18);
        printed[18] = '\0';
    }
    bool same = false;
    int n = icp_uscc_in_text(text, printed, &same);
    if (n < 0 || (same && n == 0) || (size_t)n * 18 > strlen(text))
        abort();
    /* the text as OCR would give it: the parser takes any string */
    struct icp_uscc u;
    if (icp_uscc_parse(text, &u) == 0 && strlen(u.code) != 18)
        abort();
    (void)icp_uscc_in_text(NULL, NULL, NULL);
    g_free(text);
    return 0;
}
