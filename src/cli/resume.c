/* --resume: an index of an earlier run's file records. Only 32 bytes a
 * record stay in memory (path hash, size, mtime, offset); a record is read
 * again from the file when its file comes up in the walk. */
#define _FILE_OFFSET_BITS 64
#include "cli/resume.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "core/result.h"
#include "core/util.h"

struct entry {
    uint64_t hash;
    long long size, mtime, offset;
};

struct icp_resume {
    GArray *entries; /* struct entry, in file order until sorted */
    bool sorted;
    FILE *file;
    char *line;
    size_t cap;
};

static uint64_t path_hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return h;
}

struct icp_resume *icp_resume_new(void)
{
    struct icp_resume *r = xcalloc(1, sizeof *r);
    r->entries = g_array_new(FALSE, FALSE, sizeof(struct entry));
    return r;
}

void icp_resume_free(struct icp_resume *r)
{
    if (!r)
        return;
    if (r->file)
        fclose(r->file);
    free(r->line);
    g_array_free(r->entries, TRUE);
    free(r);
}

size_t icp_resume_count(const struct icp_resume *r)
{
    return r->entries->len;
}

/* A whole number member within JSON's exact integers, or false. */
static bool whole(const cJSON *o, const char *key, long long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= -9007199254740992.0) ||
        !(v->valuedouble <= 9007199254740992.0) ||
        v->valuedouble != (double)(long long)v->valuedouble)
        return false;
    *out = (long long)v->valuedouble;
    return true;
}

static bool is_str(const cJSON *o, const char *key, const char *want)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && (!want || strcmp(v->valuestring, want) == 0);
}

int icp_resume_add_line(struct icp_resume *r, const char *line, size_t len,
                        long long offset)
{
    /* Cheap test first: most lines of a big file are file records, but
     * summary and application lines need no parse. */
    if (len < 2 || line[0] != '{')
        return 0;
    cJSON *o = cJSON_ParseWithLength(line, len);
    int kept = 0;
    struct entry e = {.offset = offset};
    if (cJSON_IsObject(o) && is_str(o, "kind", "file") &&
        is_str(o, "path", NULL) && is_str(o, "verdict", NULL) &&
        !is_str(o, "verdict", "error") && whole(o, "size", &e.size) &&
        whole(o, "mtime", &e.mtime)) {
        e.hash = path_hash(
            cJSON_GetObjectItemCaseSensitive(o, "path")->valuestring);
        g_array_append_val(r->entries, e);
        r->sorted = false;
        kept = 1;
    }
    cJSON_Delete(o);
    return kept;
}

struct icp_resume *icp_resume_open(const char *path, char **err_out)
{
    *err_out = NULL;
    FILE *f = fopen(path, "r");
    if (!f) {
        *err_out = g_strdup_printf("cannot read --resume '%s': %s", path,
                                   g_strerror(errno));
        return NULL;
    }
    return icp_resume_read(f);
}

struct icp_resume *icp_resume_read(FILE *f)
{
    struct icp_resume *r = icp_resume_new();
    r->file = f;
    long long offset = 0;
    ssize_t n;
    while ((n = getline(&r->line, &r->cap, f)) > 0) {
        icp_resume_add_line(r, r->line, (size_t)n, offset);
        offset += n;
    }
    return r;
}

static int by_hash_offset(gconstpointer a, gconstpointer b)
{
    const struct entry *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* The record at `offset`, parsed, or NULL. Caller frees with
 * cJSON_Delete(). */
static cJSON *record_at(struct icp_resume *r, long long offset)
{
    if (!r->file || fseeko(r->file, (off_t)offset, SEEK_SET) != 0)
        return NULL;
    ssize_t n = getline(&r->line, &r->cap, r->file);
    return n > 0 ? cJSON_ParseWithLength(r->line, (size_t)n) : NULL;
}

struct icp_result *icp_resume_take(struct icp_resume *r, const char *display,
                                   long long size, long long mtime,
                                   enum icp_lang lang)
{
    if (!r->sorted) {
        g_array_sort(r->entries, by_hash_offset);
        r->sorted = true;
    }
    uint64_t h = path_hash(display);
    /* The first entry with this hash, by bisection. */
    guint lo = 0, hi = r->entries->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(r->entries, struct entry, mid).hash < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    guint end = lo;
    while (end < r->entries->len &&
           g_array_index(r->entries, struct entry, end).hash == h)
        end++;
    /* The latest record of the path decides (a file may have been recorded
     * by several runs appended to one file). */
    for (guint i = end; i-- > lo;) {
        const struct entry *e = &g_array_index(r->entries, struct entry, i);
        cJSON *rec = record_at(r, e->offset);
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(rec, "path");
        if (!cJSON_IsString(p) || strcmp(p->valuestring, display) != 0) {
            cJSON_Delete(rec); /* another path with the same hash */
            continue;
        }
        struct icp_result *res = NULL;
        if (e->size == size && e->mtime == mtime)
            res = icp_result_from_json(rec, lang);
        cJSON_Delete(rec);
        if (res)
            res->resumed = true;
        return res;
    }
    return NULL;
}
