/* Names of the public enumerations, as DESIGN.md spells them. */
#include <string.h>

#include "icpcheck/types.h"

static const char *const type_names[ICP_TYPE_COUNT] = {
    [ICP_TYPE_UNKNOWN] = "unknown",
    [ICP_TYPE_ID_CARD_FRONT] = "id-card-front",
    [ICP_TYPE_ID_CARD_BACK] = "id-card-back",
    [ICP_TYPE_PASSPORT] = "passport",
    [ICP_TYPE_HKMO_PERMIT] = "hkmo-permit",
    [ICP_TYPE_TW_PERMIT] = "tw-permit",
    [ICP_TYPE_BUSINESS_LICENSE] = "business-license",
    [ICP_TYPE_DOMAIN_CERTIFICATE] = "domain-certificate",
    [ICP_TYPE_CHECKLIST] = "checklist",
    [ICP_TYPE_BACKDROP_PHOTO] = "backdrop-photo",
};

const char *icp_doc_type_name(enum icp_doc_type type)
{
    if (type < 0 || type >= ICP_TYPE_COUNT)
        return "auto";
    return type_names[type];
}

int icp_doc_type_parse(const char *name, enum icp_doc_type *out)
{
    if (strcmp(name, "auto") == 0) {
        *out = ICP_TYPE_AUTO;
        return 0;
    }
    for (int t = 0; t < ICP_TYPE_COUNT; t++)
        if (strcmp(name, type_names[t]) == 0) {
            *out = (enum icp_doc_type)t;
            return 0;
        }
    return -1;
}

const char *icp_severity_name(enum icp_severity sev)
{
    switch (sev) {
    case ICP_SEV_INFO:
        return "info";
    case ICP_SEV_WARNING:
        return "warning";
    default:
        return "error";
    }
}

const char *icp_verdict_name(enum icp_verdict verdict)
{
    static const char *const names[] = {"pass", "warn", "fail", "error"};
    return names[verdict];
}

const char *icp_entity_name(enum icp_entity entity)
{
    switch (entity) {
    case ICP_ENTITY_PERSONAL:
        return "personal";
    case ICP_ENTITY_ORGANISATION:
        return "organisation";
    default:
        return "auto";
    }
}
