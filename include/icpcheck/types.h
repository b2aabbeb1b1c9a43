/* Enumerations shared by the whole public API: document types, severities,
 * verdicts, entities and message languages. */
#ifndef ICPCHECK_TYPES_H
#define ICPCHECK_TYPES_H

#include <stdbool.h>

/** The materials of an ICP filing that icpcheck recognises. */
enum icp_doc_type {
    ICP_TYPE_UNKNOWN = 0,
    ICP_TYPE_ID_CARD_FRONT,
    ICP_TYPE_ID_CARD_BACK,
    ICP_TYPE_PASSPORT,
    ICP_TYPE_HKMO_PERMIT,
    ICP_TYPE_TW_PERMIT,
    ICP_TYPE_BUSINESS_LICENSE,
    ICP_TYPE_DOMAIN_CERTIFICATE,
    ICP_TYPE_CHECKLIST,
    ICP_TYPE_BACKDROP_PHOTO,
    ICP_TYPE_COUNT,
    /** Not a type: ask the classifier. */
    ICP_TYPE_AUTO = -1
};

enum icp_severity { ICP_SEV_INFO = 0, ICP_SEV_WARNING, ICP_SEV_ERROR };

/** Worst-first order matters: a file's verdict is the maximum. */
enum icp_verdict {
    ICP_VERDICT_PASS = 0,
    ICP_VERDICT_WARN,
    ICP_VERDICT_FAIL,
    ICP_VERDICT_ERROR
};

enum icp_entity {
    ICP_ENTITY_AUTO = 0,
    ICP_ENTITY_PERSONAL,
    ICP_ENTITY_ORGANISATION
};

enum icp_lang { ICP_LANG_ZH = 0, ICP_LANG_EN };

/** The DESIGN.md name of a type ("id-card-back"); static, never NULL. */
const char *icp_doc_type_name(enum icp_doc_type type);

/** Parses a DESIGN.md type name (or "auto"). Returns 0, or -1 if unknown. */
int icp_doc_type_parse(const char *name, enum icp_doc_type *out);

/** "info", "warning" or "error"; static. */
const char *icp_severity_name(enum icp_severity sev);

/** "pass", "warn", "fail" or "error"; static. */
const char *icp_verdict_name(enum icp_verdict verdict);

/** "personal", "organisation" or "auto"; static. */
const char *icp_entity_name(enum icp_entity entity);

#endif
