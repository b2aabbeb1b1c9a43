/* Fuzzes the --resume reader: indexing JSON Lines of any shape, reading a
 * record back by offset and rebuilding a result from it. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/resume.h"
#include "core/result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A JSON number as the walk's stat() would give it: out of range (1e300,
 * NaN) it is 0, never cast (that is undefined behaviour). */
static long long to_ll(const cJSON *v)
{
    if (!cJSON_IsNumber(v) ||
        !(v->valuedouble > -9.0e18 && v->valuedouble < 9.0e18))
        return 0;
    return (long long)v->valuedouble;
}

/* Asks the index for the file each line names, as a walk would. */
static void take_each(struct icp_resume *r, const char *text, size_t size)
{
    const char *line = text, *end = text + size;
    while (line < end) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t len = (size_t)((nl ? nl : end) - line);
        cJSON *o = cJSON_ParseWithLength(line, len);
        const cJSON *path = cJSON_GetObjectItemCaseSensitive(o, "path");
        const cJSON *sz = cJSON_GetObjectItemCaseSensitive(o, "size");
        const cJSON *mt = cJSON_GetObjectItemCaseSensitive(o, "mtime");
        if (cJSON_IsString(path)) {
            long long s = to_ll(sz), m = to_ll(mt);
            struct icp_result *res =
                icp_resume_take(r, path->valuestring, s, m, ICP_LANG_EN);
            if (res) {
                if (!res->resumed)
                    abort();
                char *json = icp_result_to_json(res);
                free(json);
                (void)icp_result_verdict(res);
            }
            icp_result_free(res);
        }
        cJSON_Delete(o);
        line = nl ? nl + 1 : end;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    char *copy = malloc(size);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    FILE *f = fmemopen(copy, size, "r");
    if (!f) {
        free(copy);
        return 0;
    }
    struct icp_resume *r = icp_resume_read(f);
    if (icp_resume_count(r) > size)
        abort();
    take_each(r, copy, size);
    (void)icp_resume_take(r, "never/recorded.jpg", 1, 1, ICP_LANG_ZH);
    icp_resume_free(r);
    free(copy);
    return 0;
}
