/* Fuzzes the validity glue end to end: OCR text → fields and findings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/validity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    enum icp_span_rule span =
        size ? (enum icp_span_rule)(data[0] % 4) : ICP_SPAN_ANY;
    struct icp_validity_ctx ctx = {{2026, 11, 24}, 3, span, 1950, 2100, NULL};
    struct icp_result *res = icp_result_new("fuzz", ICP_LANG_ZH);
    icp_validity_report_text(res, text, &ctx);
    char *json = icp_result_to_json(res);
    free(json);
    icp_result_free(res);
    free(text);
    return 0;
}
