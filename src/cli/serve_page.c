/* The upload page of icpcheck serve: a person drops files and sees each
 * file's verdict, its annotated thumbnail and the message of every finding,
 * in Chinese or English. One document, style and script inline, nothing
 * fetched from elsewhere; the text it shows is set with textContent only. */
#include <glib.h>
#include <string.h>

#include "cli/serve.h"

/* In pieces: C compilers need only take string literals of 4095 bytes. */
static const char *const page_style[] = {
    "body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:60em;padding:1em;color:#222}\n"
    "h1{font-size:1.4em;margin:.2em 0 .6em}\n"
    "form{display:flex;flex-wrap:wrap;gap:.6em 1.2em;align-items:end;margin-bottom:.8em}\n"
    "label{display:flex;flex-direction:column;font-size:.85em;color:#555}\n"
    "select,input{font:inherit}\n"
    "#drop{border:2px dashed #99a;border-radius:8px;padding:1.6em;text-align:center;background:#f7f7fb;cursor:pointer}\n"
    "#drop.over{background:#e6ecff;border-color:#36c}\n"
    "#status{min-height:1.5em;margin:.6em 0}\n"
    "#status.error{color:#c00}\n"
    ".result,.app{display:flex;gap:1em;border:1px solid #ddd;border-radius:8px;padding:.8em;margin:.6em 0}\n"
    ".app{background:#eef;display:block}\n"
    ".result img{max-width:240px;max-height:240px;align-self:flex-start;border:1px solid #ccc}\n"
    ".name{font-weight:bold;word-break:break-all}\n"
    ".verdict{display:inline-block;padding:0 .5em;border-radius:4px;color:#fff;margin-left:.4em}\n"
    ".v-pass{background:#080}.v-warn{background:#c80}.v-fail{background:#c00}.v-error{background:#808}\n"
    "ul{margin:.3em 0;padding-left:1.2em}\n"
    ".sev-error{color:#c00}.sev-warning{color:#a60}.sev-info{color:#06c}\n"
    ".rule{font-family:monospace;font-size:.85em;color:#666;margin-right:.4em}\n"
    ".fields{font-size:.85em;color:#444}\n"
    ".hidden{display:none}\n",
    NULL,
};

static const char *const page_script[] = {
    "\"use strict\";\n"
    "var T = {\n"
    "  zh: {title: \"ICP 备案材料预检\", drop: \"把图片拖到这里，或点击选择文件\",\n"
    "       lang: \"语言\", type: \"材料类型\", entity: \"主体\", today: \"参考日期\",\n"
    "       app: \"作为一个备案申请检查\", auto: \"自动识别\", personal: \"个人\",\n"
    "       organisation: \"单位\", checking: \"正在检查 \", files: \" 个文件…\",\n"
    "       done: \"检查完成\", nofindings: \"没有发现问题\", application: \"备案申请\",\n"
    "       v: {pass: \"通过\", warn: \"警告\", fail: \"不通过\", error: \"无法检查\"},\n"
    "       err: {too_large: \"上传的文件太大\", too_many_files: \"文件太多\",\n"
    "             unsupported_media_type: \"上传格式不对\", busy: \"服务繁忙，请稍后再试\",\n"
    "             timeout: \"等待超时，请稍后再试\", bad_field: \"选项有误\",\n"
    "             no_files: \"没有文件\", network: \"无法连接服务\"}},\n"
    "  en: {title: \"ICP filing pre-check\", drop: \"Drop images here, or click to choose files\",\n"
    "       lang: \"Language\", type: \"Material\", entity: \"Entity\", today: \"Reference date\",\n"
    "       app: \"Check as one application\", auto: \"auto\", personal: \"personal\",\n"
    "       organisation: \"organisation\", checking: \"Checking \", files: \" file(s)…\",\n"
    "       done: \"Done\", nofindings: \"No problems found\", application: \"Application\",\n"
    "       v: {pass: \"pass\", warn: \"warn\", fail: \"fail\", error: \"error\"},\n"
    "       err: {too_large: \"The upload is too large\", too_many_files: \"Too many files\",\n"
    "             unsupported_media_type: \"Wrong upload format\", busy: \"The service is busy: try again later\",\n"
    "             timeout: \"Timed out: try again later\", bad_field: \"An option is invalid\",\n"
    "             no_files: \"No file\", network: \"Cannot reach the service\"}}\n"
    "};\n"
    "var $ = function (id) { return document.getElementById(id); };\n"
    "function lang() { return $(\"lang\").value; }\n"
    "function tr() { return T[lang()]; }\n"
    "function el(tag, cls, text) {\n"
    "  var e = document.createElement(tag);\n"
    "  if (cls) e.className = cls;\n"
    "  if (text !== undefined && text !== null) e.textContent = String(text);\n"
    "  return e;\n"
    "}\n"
    "function relabel() {\n"
    "  var t = tr();\n"
    "  document.documentElement.lang = lang() === \"zh\" ? \"zh-CN\" : \"en\";\n"
    "  document.title = \"icpcheck — \" + t.title;\n"
    "  $(\"title\").textContent = t.title;\n"
    "  $(\"droptext\").textContent = t.drop;\n"
    "  [\"lang\", \"type\", \"entity\", \"today\", \"app\"].forEach(function (k) {\n"
    "    $(\"l-\" + k).textContent = t[k];\n"
    "  });\n"
    "  $(\"type\").options[0].textContent = t.auto;\n"
    "  $(\"entity\").options[0].textContent = t.auto;\n"
    "  $(\"entity\").options[1].textContent = t.personal;\n"
    "  $(\"entity\").options[2].textContent = t.organisation;\n"
    "}\n"
    "function status(text, error) {\n"
    "  $(\"status\").textContent = text;\n"
    "  $(\"status\").className = error ? \"error\" : \"\";\n"
    "}\n"
    "function findings(list) {\n"
    "  var ul = el(\"ul\");\n"
    "  (list || []).forEach(function (f) {\n"
    "    var li = el(\"li\", \"finding sev-\" + f.severity);\n"
    "    li.setAttribute(\"data-rule\", f.rule);\n"
    "    li.appendChild(el(\"span\", \"rule\", f.rule));\n"
    "    li.appendChild(el(\"span\", \"message\", f.message));\n"
    "    ul.appendChild(li);\n"
    "  });\n"
    "  return ul;\n"
    "}\n"
    "function verdict(v) {\n"
    "  var s = el(\"span\", \"verdict v-\" + v, tr().v[v] || v);\n"
    "  s.setAttribute(\"data-verdict\", v);\n"
    "  return s;\n"
    "}\n"
    "function showFile(rec, thumb) {\n"
    "  var box = el(\"div\", \"result\");\n",
    "  box.setAttribute(\"data-verdict\", rec.verdict);\n"
    "  if (thumb) {\n"
    "    var img = el(\"img\", \"thumb\");\n"
    "    img.alt = rec.path;\n"
    "    img.src = thumb;\n"
    "    box.appendChild(img);\n"
    "  }\n"
    "  var text = el(\"div\");\n"
    "  var head = el(\"div\");\n"
    "  head.appendChild(el(\"span\", \"name\", rec.path));\n"
    "  head.appendChild(verdict(rec.verdict));\n"
    "  text.appendChild(head);\n"
    "  text.appendChild(el(\"div\", \"fields\", rec.type + (rec.fields && rec.fields.valid_until ? \" · \" + rec.fields.valid_until : \"\")));\n"
    "  if (!rec.findings || rec.findings.length === 0)\n"
    "    text.appendChild(el(\"div\", \"ok\", tr().nofindings));\n"
    "  text.appendChild(findings(rec.findings));\n"
    "  box.appendChild(text);\n"
    "  $(\"results\").appendChild(box);\n"
    "}\n"
    "function showApp(rec) {\n"
    "  var box = el(\"div\", \"app\");\n"
    "  box.setAttribute(\"data-verdict\", rec.verdict);\n"
    "  box.appendChild(el(\"span\", \"name\", tr().application + \" (\" + rec.entity + \")\"));\n"
    "  box.appendChild(verdict(rec.verdict));\n"
    "  box.appendChild(findings(rec.findings));\n"
    "  $(\"results\").appendChild(box);\n"
    "}\n"
    "function send(files) {\n"
    "  if (!files || files.length === 0) return;\n"
    "  var fd = new FormData();\n"
    "  for (var i = 0; i < files.length; i++) fd.append(\"file\", files[i], files[i].name);\n"
    "  fd.append(\"lang\", lang());\n"
    "  fd.append(\"thumbnails\", \"1\");\n"
    "  [\"type\", \"entity\", \"today\"].forEach(function (k) {\n"
    "    if ($(k).value) fd.append(k, $(k).value);\n"
    "  });\n"
    "  var url = $(\"app\").checked ? \"v1/applications\" : \"v1/check\";\n"
    "  $(\"results\").textContent = \"\";\n"
    "  status(tr().checking + files.length + tr().files, false);\n"
    "  fetch(url, {method: \"POST\", body: fd}).then(function (r) {\n"
    "    return r.json().then(function (j) { return {ok: r.ok, j: j}; });\n"
    "  }).then(function (a) {\n"
    "    if (!a.ok) {\n"
    "      status((tr().err[a.j.error] || a.j.error) + \": \" + a.j.message, true);\n"
    "      return;\n"
    "    }\n"
    "    status(tr().done, false);\n"
    "    a.j.files.forEach(function (f, i) {\n"
    "      showFile(f, a.j.thumbnails ? a.j.thumbnails[i] : null);\n"
    "    });\n"
    "    (a.j.applications || []).forEach(showApp);\n"
    "  }).catch(function () { status(tr().err.network, true); });\n"
    "}\n"
    "var asked = /[?&]lang=(zh|en)\\b/.exec(location.search);\n"
    "$(\"lang\").value = asked ? asked[1]\n"
    "  : /^en/i.test(navigator.language || \"\") ? \"en\" : \"zh\";\n"
    "relabel();\n"
    "$(\"lang\").addEventListener(\"change\", relabel);\n"
    "$(\"files\").addEventListener(\"change\", function () { send($(\"files\").files); });\n"
    "var drop = $(\"drop\");\n"
    "drop.addEventListener(\"click\", function () { $(\"files\").click(); });\n"
    "drop.addEventListener(\"dragover\", function (e) { e.preventDefault(); drop.className = \"over\"; });\n"
    "drop.addEventListener(\"dragleave\", function () { drop.className = \"\"; });\n"
    "drop.addEventListener(\"drop\", function (e) {\n"
    "  e.preventDefault();\n"
    "  drop.className = \"\";\n"
    "  send(e.dataTransfer.files);\n"
    "});\n",
    NULL,
};

static const char *const page_body[] = {
    "<h1 id=\"title\">ICP 备案材料预检</h1>\n"
    "<form id=\"opts\">\n"
    "<label><span id=\"l-lang\">语言</span><select id=\"lang\"><option value=\"zh\">中文</option><option value=\"en\">English</option></select></label>\n"
    "<label><span id=\"l-type\">材料类型</span><select id=\"type\"><option value=\"\">自动识别</option>\n"
    "<option>id-card-front</option><option>id-card-back</option><option>passport</option>\n"
    "<option>hkmo-permit</option><option>tw-permit</option><option>business-license</option>\n"
    "<option>domain-certificate</option><option>checklist</option><option>backdrop-photo</option></select></label>\n"
    "<label><span id=\"l-entity\">主体</span><select id=\"entity\"><option value=\"\">自动识别</option>\n"
    "<option value=\"personal\">个人</option><option value=\"organisation\">单位</option></select></label>\n"
    "<label><span id=\"l-today\">参考日期</span><input type=\"date\" id=\"today\"></label>\n"
    "<label><span id=\"l-app\">作为一个备案申请检查</span><input type=\"checkbox\" id=\"app\"></label>\n"
    "</form>\n"
    "<div id=\"drop\"><span id=\"droptext\">把图片拖到这里，或点击选择文件</span>\n"
    "<input type=\"file\" id=\"files\" name=\"file\" multiple accept=\"image/*\" class=\"hidden\"></div>\n"
    "<div id=\"status\" role=\"status\"></div>\n"
    "<div id=\"results\"></div>\n",
    NULL,
};

static void append_all(GString *s, const char *const *parts)
{
    for (size_t i = 0; parts[i]; i++)
        g_string_append(s, parts[i]);
}

static char *joined(const char *const *parts)
{
    GString *s = g_string_new(NULL);
    append_all(s, parts);
    return g_string_free(s, FALSE);
}

char *icp_serve_page(void)
{
    GString *s = g_string_new(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width\">\n"
        "<title>icpcheck</title>\n<style>");
    append_all(s, page_style);
    g_string_append(s, "</style></head><body>\n");
    append_all(s, page_body);
    g_string_append(s, "<script>");
    append_all(s, page_script);
    g_string_append(s, "</script>\n</body></html>\n");
    return g_string_free(s, FALSE);
}

/* 'sha256-BASE64' of an inline block, as CSP names it. Caller g_free()s. */
static char *source_hash(const char *const *parts)
{
    char *text = joined(parts);
    guint8 digest[32];
    gsize len = sizeof digest;
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(sum, (const guchar *)text, (gssize)strlen(text));
    g_checksum_get_digest(sum, digest, &len);
    g_checksum_free(sum);
    g_free(text);
    char *b64 = g_base64_encode(digest, len);
    char *out = g_strdup_printf("'sha256-%s'", b64);
    g_free(b64);
    return out;
}

char *icp_serve_page_csp(void)
{
    char *script = source_hash(page_script), *style = source_hash(page_style);
    char *csp = g_strdup_printf(
        "default-src 'none'; script-src %s; style-src %s; img-src data:; "
        "connect-src 'self'; form-action 'none'; base-uri 'none'; "
        "frame-ancestors 'none'",
        script, style);
    g_free(script);
    g_free(style);
    return csp;
}
