/* Text writer for people: one line per file with a verdict badge, its
 * findings indented below, application lines and a summary, in Chinese or
 * English, coloured on a terminal. */
#include <string.h>

#include "core/result.h"
#include "report/writers.h"

struct labels {
    const char *badge[4]; /* by verdict, padded to one width */
    const char *type[ICP_TYPE_COUNT];
    const char *entity[3]; /* auto, personal, organisation */
    const char *application, *files_fmt, *file_fmt; /* plural, one */
    const char *summary_one; /* as summary_fmt, for one application */
    const char *summary_fmt; /* files, apps, pass, warn, fail, error,
                                skipped, seconds */
};

static const struct labels zh = {
    {"通过  ", "警告  ", "不通过", "错误  "},
    {"未知材料", "身份证人像面", "身份证国徽面", "护照", "港澳通行证",
     "台湾通行证", "营业执照", "域名证书", "核验单", "幕布照片"},
    {"主体未定", "个人", "单位"},
    "申请材料",
    "%d 个文件",
    "%d 个文件",
    "共 %ld 个文件、%ld 份申请：通过 %ld，警告 %ld，不通过 %ld，错误 %ld；"
    "跳过 %ld；用时 %.1f 秒\n",
    "共 %ld 个文件、%ld 份申请：通过 %ld，警告 %ld，不通过 %ld，错误 %ld；"
    "跳过 %ld；用时 %.1f 秒\n",
};

static const struct labels en = {
    {"PASS ", "WARN ", "FAIL ", "ERROR"},
    {"unknown", "id-card-front", "id-card-back", "passport", "hkmo-permit",
     "tw-permit", "business-license", "domain-certificate", "checklist",
     "backdrop-photo"},
    {"entity unknown", "personal", "organisation"},
    "application",
    "%d files",
    "%d file",
    "%ld files, %ld application: %ld pass, %ld warn, %ld fail, %ld error; "
    "%ld skipped; %.1f s\n",
    "%ld files, %ld applications: %ld pass, %ld warn, %ld fail, %ld error; "
    "%ld skipped; %.1f s\n",
};

static const char *const colours[4] = {"\033[32m", "\033[33m", "\033[31m",
                                       "\033[1;31m"};
static const char *const marks[3] = {"·", "!", "✗"}; /* by severity */

static const struct labels *labels_for(const struct icp_report *rep)
{
    return rep->opts.lang == ICP_LANG_EN ? &en : &zh;
}

static void add_badge(const struct icp_report *rep, GString *buf,
                      enum icp_verdict v)
{
    const char *badge = labels_for(rep)->badge[v];
    if (rep->opts.colour)
        g_string_append_printf(buf, "%s%s\033[0m ", colours[v], badge);
    else
        g_string_append_printf(buf, "%s ", badge);
}

static void add_finding(const struct icp_report *rep, GString *buf,
                        const struct icp_finding *f)
{
    const char *mark = marks[f->severity <= ICP_SEV_ERROR ? f->severity : 2];
    bool c = rep->opts.colour && f->severity != ICP_SEV_INFO;
    g_string_append_printf(buf, "       %s%s%s %s%s%s  %s\n",
                           c ? colours[f->severity + 1] : "", mark,
                           c ? "\033[0m" : "", c ? "\033[2m" : "", f->rule,
                           c ? "\033[0m" : "", f->message);
}

int icp_text_file(struct icp_report *rep, const struct icp_result *res)
{
    const struct labels *l = labels_for(rep);
    enum icp_verdict v = icp_result_verdict(res);
    enum icp_doc_type t = icp_result_type(res);
    GString *buf = g_string_new(NULL);
    add_badge(rep, buf, v);
    g_string_append_printf(buf, "%s  %s\n", icp_result_path(res),
                           t >= 0 && t < ICP_TYPE_COUNT ? l->type[t] : "?");
    size_t n = icp_result_finding_count(res);
    for (size_t i = 0; i < n; i++)
        add_finding(rep, buf, icp_result_finding(res, i));
    return icp_report_emit_gstring(rep, buf);
}

int icp_text_application(struct icp_report *rep,
                         const struct icp_app_record *app)
{
    const struct labels *l = labels_for(rep);
    GString *buf = g_string_new(NULL);
    add_badge(rep, buf, app->verdict);
    bool slash = g_str_has_suffix(app->path, "/");
    g_string_append_printf(buf, "%s%s  %s · ", app->path, slash ? "" : "/",
                           l->application);
    g_string_append_printf(buf, app->files == 1 ? l->file_fmt : l->files_fmt,
                           app->files);
    unsigned e = (unsigned)app->entity < 3 ? (unsigned)app->entity : 0;
    g_string_append_printf(buf, " · %s\n", l->entity[e]);
    for (size_t i = 0; i < app->n_findings; i++)
        add_finding(rep, buf, &app->findings[i]);
    g_string_append_c(buf, '\n');
    return icp_report_emit_gstring(rep, buf);
}

int icp_text_finish(struct icp_report *rep, long skipped, double seconds)
{
    const struct icp_report_counts *c = &rep->counts;
    GString *buf = g_string_new(NULL);
    const struct labels *l = labels_for(rep);
    g_string_append_printf(
        buf, c->applications == 1 ? l->summary_one : l->summary_fmt, c->files,
        c->applications, c->verdicts[0], c->verdicts[1], c->verdicts[2],
        c->verdicts[3], skipped, seconds);
    bool english = rep->opts.lang == ICP_LANG_EN;
    if (rep->resumed > 0)
        g_string_append_printf(buf, english ? "%ld of them from --resume\n"
                                       : "其中 %ld 个来自 --resume\n",
                               rep->resumed);
    if (rep->interrupted)
        g_string_append(buf, english ? "interrupted: not every file was checked\n"
                                : "已中断：并非所有文件都已检查\n");
    return icp_report_emit_gstring(rep, buf);
}
