/* Fuzzes ID number and credit code parsing (both read short OCR fields). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/idnumber.h"
#include "checks/uscc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct icp_date today = {2026, 11, 24};
    struct icp_idnumber id;
    if (icp_idnumber_parse(text, today, &id) == 0 &&
        (strlen(id.number) != 18 || !icp_date_valid(id.birth)))
        abort();
    /* The card's own province and birth date settle only to a valid
     * number. */
    struct icp_idnumber settled;
    int prov = icp_idnumber_province_of(text);
    if ((prov != 0 && !icp_idnumber_province_ok(prov)) ||
        (icp_idnumber_arbitrate(&id, prov ? prov : 11,
                                (struct icp_date){1985, 3, 7}, today,
                                &settled) == 0 &&
         icp_idnumber_parse(settled.number, today, &settled) != 0))
        abort();
    struct icp_uscc u;
    if (icp_uscc_parse(text, &u) == 0 && strlen(u.code) != 18)
        abort();
    if (size >= 17) {
        (void)icp_idnumber_check_char(text);
        (void)icp_uscc_check_char(text);
        (void)icp_uscc_org_check_char(text);
    }
    free(text);
    return 0;
}
