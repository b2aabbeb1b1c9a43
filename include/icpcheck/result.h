/* The outcome of checking one file: type, verdict, fields and findings. */
#ifndef ICPCHECK_RESULT_H
#define ICPCHECK_RESULT_H

#include <stddef.h>

#include "types.h"

/** One finding about a file. Strings are owned by the result. */
struct icp_finding {
    const char *rule;          /**< a DESIGN.md rule id, e.g. "doc.expired" */
    enum icp_severity severity;
    const char *message;       /**< in the context's language */
    int box[4];                /**< x, y, w, h in upright image pixels */
    bool has_box;
};

struct icp_result;

/** Frees a result; NULL is a no-op. */
void icp_result_free(struct icp_result *res);

/** The path the result was made for (as given). Owned by the result. */
const char *icp_result_path(const struct icp_result *res);
enum icp_doc_type icp_result_type(const struct icp_result *res);
enum icp_verdict icp_result_verdict(const struct icp_result *res);
double icp_result_type_confidence(const struct icp_result *res);
long icp_result_ms(const struct icp_result *res);
/** The SHA-256 of the file's bytes as 64 hex digits, or "" when the file
 * could not be read. Owned by the result. */
const char *icp_result_sha256(const struct icp_result *res);
/** The file's field `key` as a string, or NULL when absent or not a
 * string. Owned by the result. */
const char *icp_result_field_str(const struct icp_result *res,
                                 const char *key);
/** The boolean member `member` of the object field `key`: 1 true, 0 false,
 * -1 absent. */
int icp_result_field_flag(const struct icp_result *res, const char *key,
                          const char *member);
size_t icp_result_finding_count(const struct icp_result *res);
/** The i-th finding, or NULL when i is out of range. Owned by the result. */
const struct icp_finding *icp_result_finding(const struct icp_result *res,
                                             size_t i);

/** The DESIGN.md `kind: file` record as one line of JSON (no newline).
 * Caller frees with free(). */
char *icp_result_to_json(const struct icp_result *res);

#endif
