/* Application-level rules over the results of one folder's files: required
 * materials, duplicates, the organisation's seal and field cross-checks. */
#include "icpcheck/application.h"

#include <glib.h>
#include <string.h>

#include "core/result.h"
#include "core/util.h"

/* What the rules need of one file, copied from its result. */
struct app_file {
    char *path;
    enum icp_doc_type type;
    enum icp_verdict verdict;
    char sha256[65];
    cJSON *fields; /* a copy of the result's fields */
    bool seal_missing_reported;
};

struct icp_application {
    char *path;
    enum icp_entity entity_asked;
    GArray *files;          /* struct app_file */
    struct icp_result *own; /* the application's own findings */
    bool finished;
    struct icp_app_record rec;
};

struct icp_application *icp_application_new(const char *path,
                                            enum icp_entity entity,
                                            enum icp_lang lang)
{
    struct icp_application *app = xcalloc(1, sizeof *app);
    app->path = xstrdup(path);
    app->entity_asked = entity;
    app->files = g_array_new(FALSE, TRUE, sizeof(struct app_file));
    app->own = icp_result_new(path, lang);
    return app;
}

void icp_application_free(struct icp_application *app)
{
    if (!app)
        return;
    for (guint i = 0; i < app->files->len; i++) {
        struct app_file *f = &g_array_index(app->files, struct app_file, i);
        free(f->path);
        cJSON_Delete(f->fields);
    }
    g_array_free(app->files, TRUE);
    icp_result_free(app->own);
    free(app->path);
    free(app);
}

void icp_application_add(struct icp_application *app,
                         const struct icp_result *file)
{
    struct app_file f = {
        .path = xstrdup(file->path),
        .type = file->type,
        .verdict = icp_result_verdict(file),
        .fields = cJSON_Duplicate(file->fields, 1),
        .seal_missing_reported =
            icp_result_has(file, "checklist.seal_missing"),
    };
    g_strlcpy(f.sha256, file->sha256, sizeof f.sha256);
    g_array_append_val(app->files, f);
}

static struct app_file *file_at(struct icp_application *app, guint i)
{
    return &g_array_index(app->files, struct app_file, i);
}

static int count_type(struct icp_application *app, enum icp_doc_type t)
{
    int n = 0;
    for (guint i = 0; i < app->files->len; i++)
        n += file_at(app, i)->type == t;
    return n;
}

/* The file's string field, or NULL when absent, null or empty. */
static const char *field(const struct app_file *f, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(f->fields, key);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* A name without the blanks OCR puts between Chinese characters. Caller
 * g_free()s. */
static char *plain_name(const char *s)
{
    GString *out = g_string_new(NULL);
    for (; *s; s++)
        if (!g_ascii_isspace(*s))
            g_string_append_c(out, *s);
    return g_string_free(out, FALSE);
}

static bool same_name(const char *a, const char *b)
{
    char *pa = plain_name(a), *pb = plain_name(b);
    bool same = strcmp(pa, pb) == 0;
    g_free(pa);
    g_free(pb);
    return same;
}

static bool is_identity(enum icp_doc_type t)
{
    return t == ICP_TYPE_ID_CARD_FRONT || t == ICP_TYPE_PASSPORT ||
           t == ICP_TYPE_HKMO_PERMIT || t == ICP_TYPE_TW_PERMIT;
}

static void missing(struct icp_application *app, const char *zh,
                    const char *en)
{
    icp_result_add(app->own, "app.missing_material", ICP_SEV_ERROR, NULL,
                   "缺少材料：%s%.0s", "%.0smissing material: %s", zh, en);
}

static void check_identity(struct icp_application *app)
{
    int front = count_type(app, ICP_TYPE_ID_CARD_FRONT);
    int back = count_type(app, ICP_TYPE_ID_CARD_BACK);
    int other = count_type(app, ICP_TYPE_PASSPORT) +
                count_type(app, ICP_TYPE_HKMO_PERMIT) +
                count_type(app, ICP_TYPE_TW_PERMIT);
    if (front && !back)
        missing(app, "身份证国徽面（有效期限所在的一面）",
                "the back of the ID card (国徽面, with the validity period)");
    else if (back && !front)
        missing(app, "身份证人像面", "the front of the ID card (人像面)");
    else if (!front && !back && !other)
        missing(app, "网站负责人的身份证件（身份证人像面和国徽面，或护照、通行证）",
                "the website lead's identity document (ID card front and "
                "back, or a passport or permit)");
}

/* The legal representative named on the licence must have an ID in the
 * folder; when no name could be read either way, one identity document is
 * taken as theirs (the lead is often the representative). */
static void check_representative(struct icp_application *app)
{
    const char *rep = NULL;
    for (guint i = 0; i < app->files->len && !rep; i++)
        if (file_at(app, i)->type == ICP_TYPE_BUSINESS_LICENSE)
            rep = field(file_at(app, i), "legal_representative");
    if (!rep)
        return;
    bool named = false;
    for (guint i = 0; i < app->files->len; i++) {
        const struct app_file *f = file_at(app, i);
        const char *name = is_identity(f->type) ? field(f, "name") : NULL;
        if (!name)
            continue;
        if (same_name(name, rep))
            return;
        named = true;
    }
    if (named)
        icp_result_add(app->own, "app.missing_material", ICP_SEV_ERROR, NULL,
                       "缺少材料：法定代表人（%s）的身份证件",
                       "missing material: the identity document of the legal "
                       "representative (%s)",
                       rep);
}

static void check_materials(struct icp_application *app,
                            enum icp_entity entity)
{
    check_identity(app);
    if (!count_type(app, ICP_TYPE_CHECKLIST))
        missing(app, "网站备案信息真实性核验单", "the verification checklist");
    if (!count_type(app, ICP_TYPE_BACKDROP_PHOTO))
        missing(app, "幕布照片", "the backdrop photo");
    if (entity != ICP_ENTITY_ORGANISATION)
        return;
    if (!count_type(app, ICP_TYPE_BUSINESS_LICENSE))
        missing(app, "营业执照（单位主体须提供）",
                "the business licence (required for an organisation)");
    else
        check_representative(app);
}

/* The checklist's own check knows the entity only when the user gave it;
 * here the folder decides, so an unsealed checklist is reported once. */
static void check_seal(struct icp_application *app)
{
    for (guint i = 0; i < app->files->len; i++) {
        const struct app_file *f = file_at(app, i);
        if (f->type != ICP_TYPE_CHECKLIST || f->seal_missing_reported)
            continue;
        const cJSON *seal =
            cJSON_GetObjectItemCaseSensitive(f->fields, "seal");
        const cJSON *present =
            cJSON_GetObjectItemCaseSensitive(seal, "present");
        if (cJSON_IsFalse(present))
            icp_result_add(app->own, "checklist.seal_missing", ICP_SEV_ERROR,
                           NULL,
                           "本申请为单位主体（含营业执照），核验单 %s "
                           "须在签字处加盖红色单位公章",
                           "this application is an organisation's (it holds "
                           "a business licence): its checklist %s needs the "
                           "red official seal by the signature",
                           f->path);
    }
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void check_duplicates(struct icp_application *app)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < app->files->len; i++) {
        const struct app_file *f = file_at(app, i);
        if (!f->sha256[0])
            continue;
        const struct app_file *first = g_hash_table_lookup(seen, f->sha256);
        if (!first) {
            g_hash_table_insert(seen, (gpointer)f->sha256, (gpointer)f);
            continue;
        }
        icp_result_add(app->own, "app.duplicate", ICP_SEV_WARNING, NULL,
                       "%s 与 %s 是同一张图片，请上传各自的材料",
                       "%s and %s are the same image: upload each material "
                       "once",
                       base_name(first->path), base_name(f->path));
    }
    g_hash_table_destroy(seen);
}

/* The birth date an 18-character ID number carries, as YYYY-MM-DD, or
 * false when the number is not of that form. */
static bool number_birth(const char *number, char out[11])
{
    if (strlen(number) != 18)
        return false;
    for (int i = 6; i < 14; i++)
        if (!g_ascii_isdigit(number[i]))
            return false;
    snprintf(out, 11, "%.4s-%.2s-%.2s", number + 6, number + 10, number + 12);
    return true;
}

static void check_birth_dates(struct icp_application *app)
{
    for (guint i = 0; i < app->files->len; i++) {
        const struct app_file *f = file_at(app, i);
        const char *number = field(f, "id_number");
        char from_number[11];
        if (f->type != ICP_TYPE_ID_CARD_FRONT || !number ||
            !number_birth(number, from_number))
            continue;
        /* "birth" is the printed 出生 line; "birth_date" may be either. */
        static const char *const keys[] = {"birth", "birth_date"};
        for (size_t k = 0; k < G_N_ELEMENTS(keys); k++) {
            const char *printed = field(f, keys[k]);
            if (printed && strcmp(printed, from_number) != 0) {
                icp_result_add(
                    app->own, "app.fields_mismatch", ICP_SEV_WARNING, NULL,
                    "%s：出生日期 %s 与公民身份号码中的 %s 不一致，请核对",
                    "%s: the birth date %s differs from the %s in the ID "
                    "number: check the card",
                    base_name(f->path), printed, from_number);
                break;
            }
        }
    }
}

static void check_names(struct icp_application *app)
{
    const char *rep = NULL, *lead = NULL;
    for (guint i = 0; i < app->files->len; i++) {
        const struct app_file *f = file_at(app, i);
        if (f->type == ICP_TYPE_BUSINESS_LICENSE && !rep)
            rep = field(f, "legal_representative");
        if (f->type == ICP_TYPE_CHECKLIST && !lead)
            lead = field(f, "name");
    }
    if (rep && lead && !same_name(rep, lead))
        icp_result_add(app->own, "app.fields_mismatch", ICP_SEV_WARNING, NULL,
                       "营业执照的法定代表人（%s）与核验单上的姓名（%s）不一致，"
                       "请核对",
                       "the licence's legal representative (%s) differs from "
                       "the name on the checklist (%s): check them",
                       rep, lead);
}

void icp_application_finish(struct icp_application *app,
                            struct icp_app_record *out)
{
    enum icp_entity entity = app->entity_asked;
    if (entity == ICP_ENTITY_AUTO)
        entity = count_type(app, ICP_TYPE_BUSINESS_LICENSE)
                     ? ICP_ENTITY_ORGANISATION
                     : ICP_ENTITY_PERSONAL;
    if (!app->finished) {
        check_materials(app, entity);
        if (entity == ICP_ENTITY_ORGANISATION)
            check_seal(app);
        check_duplicates(app);
        check_birth_dates(app);
        check_names(app);
        app->finished = true;
    }
    enum icp_verdict v = icp_result_verdict(app->own);
    for (guint i = 0; i < app->files->len; i++)
        if (file_at(app, i)->verdict > v)
            v = file_at(app, i)->verdict;
    app->rec = (struct icp_app_record){
        .path = app->path,
        .verdict = v,
        .entity = entity,
        .files = (int)app->files->len,
        .findings = app->own->findings,
        .n_findings = app->own->n_findings,
    };
    *out = app->rec;
}
