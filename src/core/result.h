/* The internal form of struct icp_result: every check writes into it. */
#ifndef ICPCHECK_CORE_RESULT_H
#define ICPCHECK_CORE_RESULT_H

#include <cjson/cJSON.h>

#include "icpcheck/result.h"

struct icp_result {
    char *path;
    enum icp_doc_type type;
    double type_confidence;
    enum icp_lang lang;
    long ms;
    cJSON *fields; /* an object; checks add members in display order */
    struct icp_finding *findings;
    size_t n_findings, cap_findings;
    /* Where the bytes came from, set when the file is read: its size and
     * modification time (for --resume) and the SHA-256 of its bytes (for
     * app.duplicate), as 64 lower-case hex digits or "" when not read. */
    bool has_stat;
    long long size, mtime;
    char sha256[65];
    bool resumed; /* re-emitted from an earlier run's record */
};

/** A new empty result for `path` (copied). Free with icp_result_free(). */
struct icp_result *icp_result_new(const char *path, enum icp_lang lang);

/** Adds a finding. Pick the message format by the result's language: both
 * formats must take the same arguments. `box` may be NULL. */
void icp_result_add(struct icp_result *res, const char *rule,
                    enum icp_severity sev, const int *box, const char *fmt_zh,
                    const char *fmt_en, ...)
    __attribute__((format(printf, 5, 7)))
    __attribute__((format(printf, 6, 7)));

/** True when a finding with this rule id is present. */
bool icp_result_has(const struct icp_result *res, const char *rule);

/** Field setters; `key` is a JSON member name. A NULL string sets null. */
void icp_result_set_str(struct icp_result *res, const char *key,
                        const char *value);
void icp_result_set_num(struct icp_result *res, const char *key, double v);
void icp_result_set_bool(struct icp_result *res, const char *key, bool v);
/** Takes ownership of `value` (any cJSON item). */
void icp_result_set_json(struct icp_result *res, const char *key,
                         cJSON *value);
/** Box [x,y,w,h] as a JSON array (a new item the caller attaches). */
cJSON *icp_box_json(const int *box);

/** Sets res->sha256 to the SHA-256 of `len` bytes at `data`. */
void icp_result_hash(struct icp_result *res, const void *data, size_t len);

/** A result rebuilt from a `kind: file` record made by
 * icp_result_json() (for --resume): path, type, confidence, ms, size,
 * mtime, fields and findings (messages as written). Returns NULL when `rec`
 * is not such a record. Caller frees with icp_result_free(). */
struct icp_result *icp_result_from_json(const cJSON *rec, enum icp_lang lang);

/** Builds the `kind: file` record. Caller frees with cJSON_Delete(). */
cJSON *icp_result_json(const struct icp_result *res);

#endif
