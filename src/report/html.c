/* The HTML report: one self-contained page (inline CSS and JS, thumbnails
 * as data: URIs, nothing fetched), written as records come and renamed into
 * place at the end. */
#include "icpcheck/html.h"

#include <errno.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vips/vips.h>

#include "core/result.h"
#include "core/util.h"

enum { THUMB_SIDE = 320 };

struct icp_html {
    char *target, *tmp;
    FILE *out;
    enum icp_lang lang;
    bool failed, finished;
    long verdicts[4], files, applications;
    GHashTable *rules; /* rule id (interned) -> count, as a pointer */
};

static const char *const verdict_zh[] = {"通过", "警告", "不通过", "无法检查"};

static const char *tr(const struct icp_html *h, const char *zh,
                      const char *en)
{
    return h->lang == ICP_LANG_EN ? en : zh;
}

static const char *verdict_label(const struct icp_html *h, enum icp_verdict v)
{
    return h->lang == ICP_LANG_EN ? icp_verdict_name(v) : verdict_zh[v];
}

static void put(struct icp_html *h, const char *s)
{
    if (fputs(s, h->out) == EOF)
        h->failed = true;
}

static void putf(struct icp_html *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void putf(struct icp_html *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(h->out, fmt, ap) < 0)
        h->failed = true;
    va_end(ap);
}

/* Writes `s` escaped for HTML text and attribute values. */
static void put_text(struct icp_html *h, const char *s)
{
    char *e = g_markup_escape_text(s ? s : "", -1);
    put(h, e);
    g_free(e);
}

static const char page_head[] =
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width\">\n"
    "<title>icpcheck</title>\n<style>\n"
    "body{font:14px/1.4 sans-serif;margin:1em;color:#222;display:flex;"
    "flex-direction:column}\n"
    "#top{order:-1}\n"
    "table{border-collapse:collapse;margin:.5em 0}\n"
    "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;"
    "text-align:left}\n"
    "tr.app td{background:#eef;font-weight:bold}\n"
    ".v-pass{color:#060}.v-warn{color:#a60}.v-fail{color:#c00}"
    ".v-error{color:#808}\n"
    "img.thumb{max-width:320px;max-height:320px;display:block}\n"
    "ul{margin:0;padding-left:1.2em}\n"
    ".sev-error{color:#c00}.sev-warning{color:#a60}.sev-info{color:#06c}\n"
    ".rule{font-family:monospace}\n"
    ".hidden{display:none}\n"
    "</style></head><body>\n";

struct icp_html *icp_html_new(const char *target, enum icp_lang lang,
                              char **err_out)
{
    *err_out = NULL;
    char *dir = g_path_get_dirname(target);
    char *base = g_path_get_basename(target);
    char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    g_free(dir);
    g_free(base);
    int fd = g_mkstemp(tmpl);
    if (fd < 0) {
        *err_out = g_strdup_printf("cannot write the report '%s': %s",
                                   target, g_strerror(errno));
        g_free(tmpl);
        return NULL;
    }
    /* mkstemp makes it private; a report is an ordinary file. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0) {
        /* Not fatal: the report is still readable by its owner. */
    }
    struct icp_html *h = xcalloc(1, sizeof *h);
    h->target = xstrdup(target);
    h->tmp = tmpl;
    h->lang = lang;
    h->out = fdopen(fd, "w");
    h->rules = g_hash_table_new(g_direct_hash, g_direct_equal);
    put(h, page_head);
    putf(h, "<h1>icpcheck</h1>\n<table id=\"records\">\n<thead><tr><th>%s"
            "</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
            "\n<tbody>\n",
         tr(h, "文件", "file"), tr(h, "类型", "type"),
         tr(h, "结论", "verdict"), tr(h, "问题", "findings"),
         tr(h, "缩略图", "thumbnail"));
    return h;
}

void icp_html_free(struct icp_html *html)
{
    if (!html)
        return;
    if (html->out)
        fclose(html->out);
    if (!html->finished)
        g_unlink(html->tmp);
    g_hash_table_destroy(html->rules);
    free(html->target);
    g_free(html->tmp);
    free(html);
}

static void count_rule(struct icp_html *h, const char *rule)
{
    const char *key = g_intern_string(rule);
    long n = GPOINTER_TO_SIZE(g_hash_table_lookup(h->rules, key));
    g_hash_table_insert(h->rules, (gpointer)key, GSIZE_TO_POINTER(n + 1));
}

/* The data-rules attribute and the findings list of a row. */
static void put_findings(struct icp_html *h, const struct icp_finding *f,
                         size_t n)
{
    put(h, "<td><ul>");
    for (size_t i = 0; i < n; i++) {
        putf(h, "<li class=\"sev-%s\"><span class=\"rule\">",
             icp_severity_name(f[i].severity));
        put_text(h, f[i].rule);
        put(h, "</span> ");
        put_text(h, f[i].message);
        put(h, "</li>");
    }
    put(h, "</ul></td>");
}

static void row_start(struct icp_html *h, const char *cls, enum icp_verdict v,
                      const struct icp_finding *f, size_t n)
{
    putf(h, "<tr class=\"%s\" data-verdict=\"%s\" data-rules=\"", cls,
         icp_verdict_name(v));
    for (size_t i = 0; i < n; i++) {
        put(h, i ? " " : "");
        put_text(h, f[i].rule);
        count_rule(h, f[i].rule);
    }
    put(h, "\">");
}

void icp_html_file(struct icp_html *html, const struct icp_result *res,
                   const char *thumb)
{
    enum icp_verdict v = icp_result_verdict(res);
    html->files++;
    html->verdicts[v]++;
    row_start(html, "rec file", v, res->findings, res->n_findings);
    put(html, "<td>");
    put_text(html, res->path);
    put(html, "</td><td>");
    put_text(html, icp_doc_type_name(res->type));
    putf(html, "</td><td class=\"v-%s\">%s</td>", icp_verdict_name(v),
         verdict_label(html, v));
    put_findings(html, res->findings, res->n_findings);
    put(html, "<td>");
    if (thumb) {
        put(html, "<img class=\"thumb\" alt=\"");
        put_text(html, res->path);
        putf(html, "\" src=\"%s\">", thumb);
    }
    put(html, "</td></tr>\n");
}

void icp_html_application(struct icp_html *html,
                          const struct icp_app_record *app)
{
    html->applications++;
    row_start(html, "rec app", app->verdict, app->findings, app->n_findings);
    put(html, "<td>");
    put_text(html, app->path);
    putf(html, "</td><td>%s: %s, %d %s</td>",
         tr(html, "申请", "application"), icp_entity_name(app->entity),
         app->files, tr(html, "个文件", "files"));
    putf(html, "<td class=\"v-%s\">%s</td>", icp_verdict_name(app->verdict),
         verdict_label(html, app->verdict));
    put_findings(html, app->findings, app->n_findings);
    put(html, "<td></td></tr>\n");
}

static int by_string(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char page_script[] =
    "<script>\n"
    "(function(){\n"
    "var v=document.getElementById('fv'),r=document.getElementById('fr');\n"
    "function apply(){\n"
    " var rows=document.querySelectorAll('tr.rec');\n"
    " for(var i=0;i<rows.length;i++){var t=rows[i];\n"
    "  var ok=(!v.value||t.dataset.verdict===v.value)&&\n"
    "   (!r.value||(' '+t.dataset.rules+' ').indexOf(' '+r.value+' ')>=0);\n"
    "  t.classList.toggle('hidden',!ok);}\n"
    "}\n"
    "v.onchange=apply;r.onchange=apply;\n"
    "var links=document.querySelectorAll('a[data-rule]');\n"
    "for(var i=0;i<links.length;i++)links[i].onclick=function(e){\n"
    " e.preventDefault();r.value=this.dataset.rule;apply();};\n"
    "})();\n"
    "</script>\n";

static void put_summary(struct icp_html *h, bool interrupted)
{
    put(h, "</tbody></table>\n<div id=\"top\">\n");
    if (interrupted)
        putf(h, "<p class=\"v-fail\">%s</p>\n",
             tr(h, "检查被中断，报告不完整。",
                "the run was interrupted: this report is incomplete."));
    putf(h, "<table id=\"summary\"><tr><th>%s</th><th>%s</th>",
         tr(h, "文件", "files"), tr(h, "申请", "applications"));
    for (int v = 0; v < 4; v++)
        putf(h, "<th class=\"v-%s\">%s</th>",
             icp_verdict_name((enum icp_verdict)v),
             verdict_label(h, (enum icp_verdict)v));
    putf(h, "</tr>\n<tr><td>%ld</td><td>%ld</td>", h->files,
         h->applications);
    for (int v = 0; v < 4; v++)
        putf(h, "<td>%ld</td>", h->verdicts[v]);
    put(h, "</tr></table>\n");
    GPtrArray *rules = g_ptr_array_new();
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init(&iter, h->rules);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        g_ptr_array_add(rules, key);
    g_ptr_array_sort(rules, by_string);
    putf(h, "<table id=\"rules\"><tr><th>%s</th><th>%s</th></tr>\n",
         tr(h, "规则", "rule"), tr(h, "次数", "count"));
    for (guint i = 0; i < rules->len; i++) {
        const char *rule = g_ptr_array_index(rules, i);
        put(h, "<tr><td><a href=\"#\" class=\"rule\" data-rule=\"");
        put_text(h, rule);
        put(h, "\">");
        put_text(h, rule);
        putf(h, "</a></td><td>%ld</td></tr>\n",
             (long)GPOINTER_TO_SIZE(g_hash_table_lookup(h->rules, rule)));
    }
    put(h, "</table>\n<p>");
    putf(h, "<label>%s <select id=\"fv\"><option value=\"\">%s</option>",
         tr(h, "结论", "verdict"), tr(h, "全部", "all"));
    for (int v = 0; v < 4; v++)
        putf(h, "<option value=\"%s\">%s</option>",
             icp_verdict_name((enum icp_verdict)v),
             verdict_label(h, (enum icp_verdict)v));
    putf(h, "</select></label> <label>%s <select id=\"fr\">"
            "<option value=\"\">%s</option>",
         tr(h, "规则", "rule"), tr(h, "全部", "all"));
    for (guint i = 0; i < rules->len; i++) {
        const char *rule = g_ptr_array_index(rules, i);
        put(h, "<option>");
        put_text(h, rule);
        put(h, "</option>");
    }
    put(h, "</select></label></p>\n</div>\n");
    g_ptr_array_free(rules, TRUE);
}

int icp_html_finish(struct icp_html *html, bool interrupted, char **err_out)
{
    *err_out = NULL;
    put_summary(html, interrupted);
    put(html, page_script);
    put(html, "</body></html>\n");
    int rc = fclose(html->out);
    html->out = NULL;
    if (rc != 0 || html->failed) {
        *err_out = g_strdup_printf("cannot write the report '%s'",
                                   html->target);
        return -1;
    }
    if (g_rename(html->tmp, html->target) != 0) {
        *err_out = g_strdup_printf("cannot write the report '%s': %s",
                                   html->target, g_strerror(errno));
        return -1;
    }
    html->finished = true;
    return 0;
}

/* ---- thumbnails ---- */

static void draw_box(VipsImage *im, const cJSON *box, double scale,
                     const double ink[3])
{
    if (!cJSON_IsArray(box) || cJSON_GetArraySize(box) != 4)
        return;
    double b[4];
    for (int i = 0; i < 4; i++) {
        const cJSON *v = cJSON_GetArrayItem(box, i);
        if (!cJSON_IsNumber(v))
            return;
        b[i] = v->valuedouble * scale;
    }
    int x = (int)b[0], y = (int)b[1], w = (int)(b[2] + 0.5),
        h = (int)(b[3] + 0.5);
    if (w < 2)
        w = 2;
    if (h < 2)
        h = 2;
    /* Two nested outlines: a one-pixel line is lost at thumbnail size. */
    for (int t = 0; t < 2; t++)
        if (vips_draw_rect(im, (double *)ink, 3, x + t, y + t, w - 2 * t,
                           h - 2 * t, NULL))
            vips_error_clear();
}

static void draw_int_box(VipsImage *im, const int *box, double scale,
                         const double ink[3])
{
    cJSON *b = icp_box_json(box);
    draw_box(im, b, scale, ink);
    cJSON_Delete(b);
}

static void annotate(VipsImage *im, const struct icp_result *res,
                     double scale)
{
    static const double green[3] = {0, 190, 0};
    static const double sev_ink[3][3] = {
        {0, 110, 255}, {255, 150, 0}, {230, 0, 0}};
    const cJSON *f;
    cJSON_ArrayForEach(f, res->fields)
    {
        if (cJSON_IsObject(f))
            draw_box(im, cJSON_GetObjectItemCaseSensitive(f, "box"), scale,
                     green);
    }
    /* Findings last, so that they stay on top of the fields. */
    for (size_t i = 0; i < res->n_findings; i++)
        if (res->findings[i].has_box)
            draw_int_box(im, res->findings[i].box, scale,
                         sev_ink[res->findings[i].severity]);
}

/* The upright width of the encoded image at `data`, or 0. */
static int upright_width(const void *data, size_t len)
{
    VipsImage *head = vips_image_new_from_buffer(data, len, "", NULL);
    if (!head) {
        vips_error_clear();
        return 0;
    }
    int o = vips_image_get_orientation(head);
    int w = o >= 5 && o <= 8 ? vips_image_get_height(head)
                             : vips_image_get_width(head);
    g_object_unref(head);
    return w;
}

char *icp_html_thumbnail(const char *path, const struct icp_result *res)
{
    char *data = NULL;
    gsize len = 0;
    char *uri = NULL;
    if (g_file_get_contents(path, &data, &len, NULL) && len > 0)
        uri = icp_html_thumbnail_buffer(data, len, res);
    g_free(data);
    return uri;
}

char *icp_html_thumbnail_buffer(const void *data, size_t len,
                                const struct icp_result *res)
{
    char *uri = NULL, *b64 = NULL;
    size_t jlen = 0;
    void *jpeg = NULL;
    VipsImage *thumb = NULL, *srgb = NULL, *flat = NULL, *mem = NULL;
    if (len == 0)
        goto out;
    int full_w = upright_width(data, len);
    if (full_w <= 0 ||
        vips_thumbnail_buffer((void *)data, len, &thumb, THUMB_SIDE, "height",
                              THUMB_SIDE, NULL) ||
        vips_colourspace(thumb, &srgb, VIPS_INTERPRETATION_sRGB, NULL))
        goto out;
    if (vips_image_hasalpha(srgb)) {
        if (vips_flatten(srgb, &flat, NULL))
            goto out;
    } else {
        flat = srgb;
        g_object_ref(flat);
    }
    VipsImage *uc = NULL;
    if (vips_cast_uchar(flat, &uc, NULL))
        goto out;
    mem = vips_image_copy_memory(uc);
    g_object_unref(uc);
    if (!mem)
        goto out;
    annotate(mem, res, (double)vips_image_get_width(mem) / full_w);
    if (vips_jpegsave_buffer(mem, &jpeg, &jlen, "Q", 75, "strip", TRUE,
                             NULL))
        goto out;
    b64 = g_base64_encode(jpeg, jlen);
    uri = g_strconcat("data:image/jpeg;base64,", b64, NULL);
out:
    if (!uri)
        vips_error_clear();
    g_free(b64);
    g_free(jpeg);
    VIPS_UNREF(mem);
    VIPS_UNREF(flat);
    VIPS_UNREF(srgb);
    VIPS_UNREF(thumb);
    return uri;
}
