/* Fuzzes printed-date and validity-period parsing and the date rules. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/dates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct icp_date d, from, until, today = {2026, 11, 24};
    bool lt;
    if (icp_date_parse(text, 0, 0, &d) == 0 && !icp_date_valid(d))
        abort();
    (void)icp_date_parse(text, 1900, 2100, &d);
    (void)icp_date_parse_iso(text, &d);
    if (icp_validity_parse(text, 1900, 2100, &from, &until, &lt) == 0) {
        if (!lt && !icp_date_valid(until))
            abort();
        (void)icp_validity_verdict(until, lt, today, 3);
        if (icp_date_valid(from)) {
            (void)icp_idcard_span_ok(from, until, lt);
            (void)icp_permit_span_ok(ICP_PERMIT_HKMO, from, until);
            (void)icp_permit_span_ok(ICP_PERMIT_TW, from, until);
            char buf[11];
            icp_date_format(icp_date_add_months(from, 120), buf);
            icp_date_format(icp_date_add_days(from, -1), buf);
        }
    }
    for (const char *first = "21"; *first; first++)
        if (icp_validity_parse_start_as(text, 1949, 2106, *first, &from, &until,
                                        &lt) == 0 &&
            !lt && !icp_date_valid(until))
            abort();
    free(text);
    return 0;
}
