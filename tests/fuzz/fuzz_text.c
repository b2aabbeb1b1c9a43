/* Fuzzes OCR text normalisation, look-alike fixes and keyword search: the
 * input is split at the first NUL into text and keyword. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    const char *keyword =
        memchr(data, 0, size) ? text + strlen(text) + 1 : "有效期限";
    if (keyword > text + size)
        keyword = "";
    char *norm = icp_text_normalize(text);
    if (norm && strlen(norm) > strlen(text))
        abort(); /* documented: never longer than the input */
    icp_text_fix_digits(norm);
    (void)icp_text_contains(text, keyword);
    (void)icp_text_contains(norm, "居民身份证");
    free(norm);
    free(text);
    return 0;
}
