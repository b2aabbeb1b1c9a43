/* Results and findings: what every check writes and every writer reads. */
#include "core/result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "core/util.h"

struct icp_result *icp_result_new(const char *path, enum icp_lang lang)
{
    struct icp_result *res = xcalloc(1, sizeof *res);
    res->path = xstrdup(path ? path : "");
    res->type = ICP_TYPE_UNKNOWN;
    res->lang = lang;
    res->fields = cJSON_CreateObject();
    return res;
}

void icp_result_free(struct icp_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n_findings; i++)
        free((char *)res->findings[i].message);
    free(res->findings);
    cJSON_Delete(res->fields);
    free(res->path);
    free(res);
}

void icp_result_add(struct icp_result *res, const char *rule,
                    enum icp_severity sev, const int *box, const char *fmt_zh,
                    const char *fmt_en, ...)
{
    const char *fmt = res->lang == ICP_LANG_EN ? fmt_en : fmt_zh;
    va_list ap, ap2;
    va_start(ap, fmt_en);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
    vsnprintf(msg, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap2);
    va_end(ap2);

    if (res->n_findings == res->cap_findings) {
        res->cap_findings = res->cap_findings ? 2 * res->cap_findings : 4;
        res->findings = xrealloc(res->findings,
                                 res->cap_findings * sizeof *res->findings);
    }
    struct icp_finding *f = &res->findings[res->n_findings++];
    memset(f, 0, sizeof *f);
    f->rule = rule; /* rule ids are static strings */
    f->severity = sev;
    f->message = msg;
    if (box) {
        memcpy(f->box, box, sizeof f->box);
        f->has_box = true;
    }
}

bool icp_result_has(const struct icp_result *res, const char *rule)
{
    for (size_t i = 0; i < res->n_findings; i++)
        if (strcmp(res->findings[i].rule, rule) == 0)
            return true;
    return false;
}

static void set_item(struct icp_result *res, const char *key, cJSON *item)
{
    if (cJSON_HasObjectItem(res->fields, key))
        cJSON_ReplaceItemInObjectCaseSensitive(res->fields, key, item);
    else
        cJSON_AddItemToObject(res->fields, key, item);
}

void icp_result_set_str(struct icp_result *res, const char *key,
                        const char *value)
{
    set_item(res, key, value ? cJSON_CreateString(value) : cJSON_CreateNull());
}

void icp_result_set_num(struct icp_result *res, const char *key, double v)
{
    set_item(res, key, cJSON_CreateNumber(v));
}

void icp_result_set_bool(struct icp_result *res, const char *key, bool v)
{
    set_item(res, key, cJSON_CreateBool(v));
}

void icp_result_set_json(struct icp_result *res, const char *key,
                         cJSON *value)
{
    set_item(res, key, value);
}

cJSON *icp_box_json(const int *box)
{
    return cJSON_CreateIntArray(box, 4);
}

const char *icp_result_path(const struct icp_result *res)
{
    return res->path;
}

enum icp_doc_type icp_result_type(const struct icp_result *res)
{
    return res->type;
}

double icp_result_type_confidence(const struct icp_result *res)
{
    return res->type_confidence;
}

long icp_result_ms(const struct icp_result *res)
{
    return res->ms;
}

enum icp_verdict icp_result_verdict(const struct icp_result *res)
{
    enum icp_verdict v = ICP_VERDICT_PASS;
    for (size_t i = 0; i < res->n_findings; i++) {
        const struct icp_finding *f = &res->findings[i];
        /* A file that could not be looked at is an error, not a fail. */
        if (strncmp(f->rule, "input.", 6) == 0 && f->severity == ICP_SEV_ERROR)
            return ICP_VERDICT_ERROR;
        if (f->severity == ICP_SEV_ERROR)
            v = ICP_VERDICT_FAIL;
        else if (f->severity == ICP_SEV_WARNING && v < ICP_VERDICT_WARN)
            v = ICP_VERDICT_WARN;
    }
    return v;
}

const char *icp_result_sha256(const struct icp_result *res)
{
    return res->sha256;
}

const char *icp_result_field_str(const struct icp_result *res,
                                 const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(res->fields, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int icp_result_field_flag(const struct icp_result *res, const char *key,
                          const char *member)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(res->fields, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, member);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : -1;
}

void icp_result_hash(struct icp_result *res, const void *data, size_t len)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(sum, data, (gssize)len);
    g_strlcpy(res->sha256, g_checksum_get_string(sum), sizeof res->sha256);
    g_checksum_free(sum);
}

size_t icp_result_finding_count(const struct icp_result *res)
{
    return res->n_findings;
}

const struct icp_finding *icp_result_finding(const struct icp_result *res,
                                             size_t i)
{
    return i < res->n_findings ? &res->findings[i] : NULL;
}

cJSON *icp_result_json(const struct icp_result *res)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "kind", "file");
    cJSON_AddStringToObject(o, "path", res->path);
    cJSON_AddStringToObject(o, "type", icp_doc_type_name(res->type));
    /* Two decimals are all the confidence means. */
    cJSON_AddNumberToObject(o, "type_confidence",
                            (double)(long)(res->type_confidence * 100 + 0.5) /
                                100);
    cJSON_AddStringToObject(o, "verdict",
                            icp_verdict_name(icp_result_verdict(res)));
    cJSON_AddNumberToObject(o, "ms", (double)res->ms);
    /* Beside DESIGN.md's members: what --resume compares a file with. */
    if (res->has_stat) {
        cJSON_AddNumberToObject(o, "size", (double)res->size);
        cJSON_AddNumberToObject(o, "mtime", (double)res->mtime);
    }
    if (res->resumed)
        cJSON_AddTrueToObject(o, "resumed");
    cJSON_AddItemToObject(o, "fields", cJSON_Duplicate(res->fields, 1));
    cJSON *arr = cJSON_AddArrayToObject(o, "findings");
    for (size_t i = 0; i < res->n_findings; i++) {
        const struct icp_finding *f = &res->findings[i];
        cJSON *fj = cJSON_CreateObject();
        cJSON_AddStringToObject(fj, "rule", f->rule);
        cJSON_AddStringToObject(fj, "severity", icp_severity_name(f->severity));
        cJSON_AddStringToObject(fj, "message", f->message);
        if (f->has_box)
            cJSON_AddItemToObject(fj, "box", icp_box_json(f->box));
        cJSON_AddItemToArray(arr, fj);
    }
    return o;
}

char *icp_result_to_json(const struct icp_result *res)
{
    cJSON *o = icp_result_json(res);
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

static bool sev_parse(const char *name, enum icp_severity *out)
{
    for (int s = ICP_SEV_INFO; s <= ICP_SEV_ERROR; s++)
        if (strcmp(name, icp_severity_name((enum icp_severity)s)) == 0) {
            *out = (enum icp_severity)s;
            return true;
        }
    return false;
}

/* A JSON number that is a whole number within [lo, hi]. */
static bool whole(const cJSON *v, double lo, double hi, long long *out)
{
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= lo) ||
        !(v->valuedouble <= hi) || v->valuedouble != (long long)v->valuedouble)
        return false;
    *out = (long long)v->valuedouble;
    return true;
}

static void finding_from_json(struct icp_result *res, const cJSON *f)
{
    const cJSON *rule = cJSON_GetObjectItemCaseSensitive(f, "rule");
    const cJSON *sev = cJSON_GetObjectItemCaseSensitive(f, "severity");
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(f, "message");
    const cJSON *box = cJSON_GetObjectItemCaseSensitive(f, "box");
    enum icp_severity s;
    if (!cJSON_IsString(rule) || !cJSON_IsString(sev) ||
        !cJSON_IsString(msg) || !sev_parse(sev->valuestring, &s))
        return;
    int b[4];
    bool has_box = cJSON_IsArray(box) && cJSON_GetArraySize(box) == 4;
    for (int i = 0; has_box && i < 4; i++) {
        long long v = 0;
        has_box = whole(cJSON_GetArrayItem(box, i), -1e9, 1e9, &v);
        b[i] = (int)v;
    }
    /* Rule ids are static strings elsewhere; interned ones live as long. */
    icp_result_add(res, g_intern_string(rule->valuestring), s,
                   has_box ? b : NULL, "%s", "%s", msg->valuestring);
}

struct icp_result *icp_result_from_json(const cJSON *rec, enum icp_lang lang)
{
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(rec, "kind");
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(rec, "path");
    if (!cJSON_IsString(kind) || strcmp(kind->valuestring, "file") != 0 ||
        !cJSON_IsString(path))
        return NULL;
    struct icp_result *res = icp_result_new(path->valuestring, lang);
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(rec, "type");
    enum icp_doc_type t;
    if (cJSON_IsString(type) && icp_doc_type_parse(type->valuestring, &t) == 0 &&
        t >= 0)
        res->type = t;
    const cJSON *conf = cJSON_GetObjectItemCaseSensitive(rec, "type_confidence");
    if (cJSON_IsNumber(conf) && conf->valuedouble >= 0 &&
        conf->valuedouble <= 1)
        res->type_confidence = conf->valuedouble;
    long long v;
    if (whole(cJSON_GetObjectItemCaseSensitive(rec, "ms"), 0, 1e12, &v))
        res->ms = (long)v;
    long long size, mtime;
    if (whole(cJSON_GetObjectItemCaseSensitive(rec, "size"), 0, 9e15, &size) &&
        whole(cJSON_GetObjectItemCaseSensitive(rec, "mtime"), -9e15, 9e15,
              &mtime)) {
        res->has_stat = true;
        res->size = size;
        res->mtime = mtime;
    }
    const cJSON *fields = cJSON_GetObjectItemCaseSensitive(rec, "fields");
    if (cJSON_IsObject(fields)) {
        cJSON_Delete(res->fields);
        res->fields = cJSON_Duplicate(fields, 1);
    }
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(rec, "findings"))
        finding_from_json(res, f);
    return res;
}
