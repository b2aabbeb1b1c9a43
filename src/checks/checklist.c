/* The verification checklist (网站备案信息真实性核验单): recognised by its
 * title and the 网站负责人签字 label, then the signature field, the seal and
 * the date line are measured (RULES.md section 6). */
#include <stdio.h>
#include <string.h>

#include "checks/checklist.h"
#include "core/util.h"

#define MODEL "checklist"

static double num(const struct icp_context *ctx, const char *group,
                  const char *key)
{
    return icp_model_num(ctx, MODEL, group, key);
}

int icp_cl_fuzzy_find(const char *text, const char *pattern, int max_edits,
                      size_t *start_out, size_t *len_out)
{
    *start_out = *len_out = 0;
    glong n = 0, m = 0;
    gunichar *t = g_utf8_to_ucs4_fast(text, -1, &n);
    gunichar *p = g_utf8_to_ucs4_fast(pattern, -1, &m);
    int best = -1;
    if (m == 0 || n == 0)
        goto out;
    /* Sellers' approximate substring match: the pattern may start at any
     * text position for free; d[i][j] = edits of p[0..i) ending at t[j). */
    size_t cols = (size_t)n + 1;
    int *d = xmalloc(((size_t)m + 1) * cols * sizeof *d);
    for (size_t j = 0; j < cols; j++)
        d[j] = 0;
    for (glong i = 1; i <= m; i++) {
        d[i * cols] = (int)i;
        for (glong j = 1; j <= n; j++) {
            int sub = d[(i - 1) * cols + j - 1] + (p[i - 1] != t[j - 1]);
            int del = d[(i - 1) * cols + j] + 1;
            int ins = d[i * cols + j - 1] + 1;
            int v = sub < del ? sub : del;
            d[i * cols + j] = v < ins ? v : ins;
        }
    }
    glong end = -1;
    for (glong j = 1; j <= n; j++) {
        int v = d[m * cols + j];
        if (v <= max_edits && (best < 0 || v < best)) {
            best = v;
            end = j;
        }
    }
    if (best >= 0) {
        glong i = m, j = end;
        while (i > 0 && j > 0) {
            int v = d[i * cols + j];
            if (v == d[(i - 1) * cols + j - 1] + (p[i - 1] != t[j - 1]))
                i--, j--;
            else if (v == d[(i - 1) * cols + j] + 1)
                i--;
            else
                j--;
        }
        *start_out = (size_t)j;
        *len_out = (size_t)(end - j);
    }
    free(d);
out:
    g_free(t);
    g_free(p);
    return best;
}

/* One recognised character with an estimated box (page pixels). */
struct chr {
    gunichar c;
    int box[4];
    float conf;
};

struct text {
    struct chr *c;
    size_t n;
    char *utf8; /* the characters in order, '\n' between lines */
    int offset_y;
};

static void text_free(struct text *t)
{
    free(t->c);
    g_free(t->utf8);
    memset(t, 0, sizeof *t);
}

/* OCR of page rows [y0, y1): characters with boxes, word boxes split
 * evenly among their characters. */
static int read_rows(struct icp_ocr *ocr, const struct icp_cl_page *page,
                     int y0, int y1, struct text *out)
{
    memset(out, 0, sizeof *out);
    BOX *b = boxCreate(0, y0, page->w, y1 - y0);
    PIX *strip = pixClipRectangle(page->grey, b, NULL);
    boxDestroy(&b);
    if (!strip)
        return -1;
    int w = pixGetWidth(strip), h = pixGetHeight(strip);
    unsigned char *buf = g_malloc((size_t)w * h);
    for (int y = 0; y < h; y++) {
        l_uint32 *line = pixGetData(strip) + (size_t)y * pixGetWpl(strip);
        for (int x = 0; x < w; x++)
            buf[(size_t)y * w + x] = (unsigned char)GET_DATA_BYTE(line, x);
    }
    pixDestroy(&strip);
    VipsImage *im = vips_image_new_from_memory(buf, (size_t)w * h, w, h, 1,
                                               VIPS_FORMAT_UCHAR);
    struct icp_ocr_word *words = NULL;
    size_t n_words = 0;
    int rc = im ? icp_ocr_words(ocr, im, ICP_PSM_AUTO, NULL, &words,
                                &n_words)
                : -1;
    VIPS_UNREF(im);
    g_free(buf);
    if (rc)
        return -1;
    GString *s = g_string_new(NULL);
    size_t cap = 0;
    int last_cy = -100000, last_h = 0;
    for (size_t i = 0; i < n_words; i++) {
        const int *wb = words[i].box;
        int cy = wb[1] + wb[3] / 2;
        glong len = g_utf8_strlen(words[i].text, -1);
        if (len <= 0)
            continue;
        bool newline = abs(cy - last_cy) > VIPS_MAX(wb[3], last_h) * 0.6;
        size_t need = out->n + (size_t)len + 1;
        if (need > cap) {
            cap = need * 2;
            out->c = xrealloc(out->c, cap * sizeof *out->c);
        }
        if (newline && out->n) {
            out->c[out->n++] = (struct chr){'\n', {0, 0, 0, 0}, 0};
            g_string_append_c(s, '\n');
        }
        last_cy = cy, last_h = wb[3];
        const char *p = words[i].text;
        for (glong k = 0; k < len; k++, p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char(p);
            struct chr *ch = &out->c[out->n++];
            ch->c = c;
            ch->box[0] = wb[0] + (int)(wb[2] * k / len);
            ch->box[1] = wb[1] + y0;
            ch->box[2] = VIPS_MAX(1, (int)(wb[2] / len));
            ch->box[3] = wb[3];
            ch->conf = words[i].conf;
            g_string_append_unichar(s, c);
        }
    }
    icp_ocr_words_free(words, n_words);
    out->utf8 = g_string_free(s, FALSE);
    out->offset_y = y0;
    return 0;
}

/* Finds a label in the text; its box (union of its characters) in *box.
 * Returns the edit count or -1. */
static int find_label(const struct text *t, const char *label, int max_edits,
                      int *box)
{
    size_t start = 0, len = 0;
    if (!t->utf8)
        return -1;
    int e = icp_cl_fuzzy_find(t->utf8, label, max_edits, &start, &len);
    if (e < 0)
        return -1;
    int x0 = INT32_MAX, y0 = INT32_MAX, x1 = INT32_MIN, y1 = INT32_MIN;
    for (size_t i = start; i < start + len && i < t->n; i++) {
        const int *b = t->c[i].box;
        if (t->c[i].c == '\n' || b[2] == 0)
            continue;
        x0 = VIPS_MIN(x0, b[0]), y0 = VIPS_MIN(y0, b[1]);
        x1 = VIPS_MAX(x1, b[0] + b[2]), y1 = VIPS_MAX(y1, b[1] + b[3]);
    }
    if (x0 > x1)
        return -1;
    box[0] = x0, box[1] = y0, box[2] = x1 - x0, box[3] = y1 - y0;
    return e;
}

static int max_edits(const struct icp_context *ctx, const char *pattern)
{
    double per = num(ctx, "text", "chars_per_edit");
    return (int)(g_utf8_strlen(pattern, -1) / per);
}

/* Boxes of printed characters inside `field` to erase before measuring
 * ink: confident characters, except digits (a handwritten date). */
static size_t printed_boxes(const struct icp_context *ctx,
                            const struct text *t, const int *field, int unit,
                            int (**out)[4])
{
    size_t n = 0;
    *out = NULL;
    double conf = num(ctx, "text", "printed_conf");
    int big = (int)(num(ctx, "text", "printed_max_units") * unit);
    for (size_t i = 0; i < t->n; i++) {
        const struct chr *c = &t->c[i];
        /* Print is about one unit high; a taller "word" is Tesseract
         * reading a seal or a ruled box as text. */
        if (c->c == '\n' || c->conf < conf || g_unichar_isdigit(c->c) ||
            c->box[2] > big || c->box[3] > big)
            continue;
        if (c->box[0] + c->box[2] < field[0] ||
            c->box[0] > field[0] + field[2] ||
            c->box[1] + c->box[3] < field[1] ||
            c->box[1] > field[1] + field[3])
            continue;
        *out = xrealloc(*out, (n + 1) * sizeof **out);
        int pad = c->box[3] / 6;
        (*out)[n][0] = c->box[0] - pad, (*out)[n][1] = c->box[1] - pad;
        (*out)[n][2] = c->box[2] + 2 * pad, (*out)[n][3] = c->box[3] + 2 * pad;
        n++;
    }
    return n;
}

/* The date line: its label (核验日期, 日期), or else the printed 年 and 月
 * of a date line, below the signature label's top. The box it gives is
 * where the handwritten date starts. */
static bool find_date_label(const struct icp_context *ctx,
                            const struct text *t, const int *sig_label,
                            int unit, int *box)
{
    const char *names[] = {"date_label", "date_label_short"};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        const char *dl = icp_model_str(ctx, MODEL, "text", names[i]);
        if (find_label(t, dl, max_edits(ctx, dl), box) >= 0 &&
            box[1] > sig_label[1] - unit)
            return true;
    }
    for (size_t i = 0; i < t->n; i++) {
        if (t->c[i].c != 0x5E74 /* 年 */ || t->c[i].box[1] < sig_label[1])
            continue;
        for (size_t k = i + 1; k < t->n && k < i + 6; k++)
            if (t->c[k].c == 0x6708 /* 月 */) {
                /* The year is written left of 年: start the field there. */
                const int *y = t->c[i].box;
                box[0] = y[0] - (int)(num(ctx, "layout", "year_units") * unit);
                box[1] = y[1], box[2] = 0, box[3] = y[3];
                return true;
            }
    }
    return false;
}

static const char *which_template(const struct icp_context *ctx,
                                  const char *top)
{
    char **names = icp_model_list(ctx, MODEL, "template", "names");
    const char *found = "national";
    for (size_t i = 0; names[i] && top; i++) {
        char **keys = icp_model_list(ctx, MODEL, "template", names[i]);
        for (size_t k = 0; keys[k]; k++)
            if (keys[k][0] && strstr(top, keys[k])) {
                found = icp_model_str(ctx, MODEL, "template-id", names[i]);
                break;
            }
        g_strfreev(keys);
        if (strcmp(found, "national") != 0)
            break;
    }
    g_strfreev(names);
    return found;
}

static cJSON *box_out(const struct icp_cl_page *page,
                      const struct icp_image *img, const int *box, int *out)
{
    icp_cl_page_box_out(page, img, box, out);
    return icp_box_json(out);
}

static const char *colour_zh(const char *c)
{
    return strcmp(c, "blue") == 0   ? "蓝色"
           : strcmp(c, "red") == 0  ? "红色"
           : strcmp(c, "grey") == 0 ? "浅灰色（过淡）"
                                    : "非黑色";
}

void icp_check_checklist(struct icp_worker *w, struct icp_image *img,
                         struct icp_result *res)
{
    const struct icp_context *ctx = w->ctx;
    struct icp_cl_page page;
    struct text top = {0}, bottom = {0};
    int (*erase)[4] = NULL;
    if (icp_cl_page_make(w, img, res, &page))
        return;
    if (page.incomplete)
        icp_result_add(res, "quality.incomplete", ICP_SEV_ERROR, NULL,
                       "核验单未拍全：纸张超出画面，请拍下整页（四角和标题都要在画面内）",
                       "the checklist is cut off at the image border: "
                       "photograph the whole page with its four corners and "
                       "title in view");
    struct icp_ocr *ocr = icp_worker_ocr_zh(w);
    if (!ocr) {
        icp_result_add(res, "checklist.not_recognised", ICP_SEV_ERROR, NULL,
                       "文字识别引擎无法启动（%s）",
                       "the OCR engine cannot start (%s)",
                       w->error ? w->error : "unknown");
        goto out;
    }
    int title_end = (int)(num(ctx, "layout", "title_rows") * page.h);
    int sign_from = (int)(num(ctx, "layout", "signature_from") * page.h);
    if (read_rows(ocr, &page, 0, title_end, &top) ||
        read_rows(ocr, &page, sign_from, page.h, &bottom)) {
        icp_result_add(res, "checklist.not_recognised", ICP_SEV_ERROR, NULL,
                       "文字识别失败", "text recognition failed");
        goto out;
    }
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "checklist top: %s\nchecklist bottom: %s\n", top.utf8,
                bottom.utf8);
    if (g_getenv("ICP_DEBUG_PAGE"))
        pixWrite(g_getenv("ICP_DEBUG_PAGE"), page.norm, IFF_JFIF_JPEG);
    const char *title = icp_model_str(ctx, MODEL, "text", "title");
    const char *label = icp_model_str(ctx, MODEL, "text", "signature_label");
    int title_box[4], label_box[4];
    bool has_title =
        find_label(&top, title, max_edits(ctx, title), title_box) >= 0;
    bool has_label =
        find_label(&bottom, label, max_edits(ctx, label), label_box) >= 0;
    icp_result_set_str(res, "template",
                       has_title ? which_template(ctx, top.utf8) : NULL);
    if (!has_title || !has_label) {
        if (!page.incomplete || !has_label)
            icp_result_add(res, "checklist.not_recognised", ICP_SEV_ERROR,
                           NULL, "未找到核验单的%s%.0s，请上传完整清晰的核验单",
                           "%.0sno checklist %s was found: upload the whole "
                           "checklist, sharp and upright",
                           !has_title ? "标题“网站备案信息真实性核验单”"
                                      : "“网站负责人签字”栏",
                           !has_title ? "title" : "signature field");
        if (!has_label)
            goto out;
    }

    struct icp_cl_seal seal;
    icp_cl_find_seal(ctx, &page, &seal);
    /* Sizes in the field scale with the page, not with an OCR box. */
    int unit = (int)(num(ctx, "layout", "unit") * page.w);

    /* The signature field: beside and below the label, up to the page's
     * right margin; it starts after a ruled line just right of the label
     * when the label has a cell of its own. */
    int field[4];
    icp_cl_field_bounds(ctx, &page, label_box, unit, field);
    int date_label[4];
    bool has_date = find_date_label(ctx, &bottom, label_box, unit,
                                    date_label);
    if (has_date && date_label[1] > label_box[1] + label_box[3] &&
        date_label[1] < field[1] + field[3])
        field[3] = VIPS_MAX(1, date_label[1] - field[1] - unit / 2);
    size_t n_erase = printed_boxes(ctx, &bottom, field, unit, &erase);
    erase = xrealloc(erase, (n_erase + 1) * sizeof *erase);
    memcpy(erase[n_erase++], label_box, sizeof label_box);
    struct icp_cl_ink sig;
    icp_cl_measure_ink(ctx, &page, field, (const int(*)[4])erase, n_erase,
                       &seal, unit, true, &sig);

    cJSON *sj = cJSON_CreateObject();
    int out_box[4];
    cJSON_AddBoolToObject(sj, "present", sig.present);
    if (sig.present) {
        cJSON_AddStringToObject(sj, "ink", sig.colour);
        cJSON_AddItemToObject(sj, "box", box_out(&page, img, sig.box, out_box));
    } else {
        cJSON_AddNullToObject(sj, "ink");
        cJSON_AddNullToObject(sj, "box");
    }
    icp_result_set_json(res, "signature", sj);
    if (!sig.present) {
        icp_cl_page_box_out(&page, img, field, out_box);
        icp_result_add(res, "checklist.signature_missing", ICP_SEV_ERROR,
                       out_box,
                       "“网站负责人签字”栏为空，请网站负责人用黑色签字笔签字",
                       "the signature field (网站负责人签字) is empty: the "
                       "website lead must sign it in black ink");
    } else if (strcmp(sig.colour, "black") != 0) {
        icp_cl_page_box_out(&page, img, sig.box, out_box);
        icp_result_add(res, "checklist.signature_not_black", ICP_SEV_ERROR,
                       out_box,
                       "签字为%s%.0s，须用黑色签字笔签字",
                       "%.0sthe signature is in %s ink: it must be signed in "
                       "black",
                       colour_zh(sig.colour), sig.colour);
    }

    cJSON *pj = cJSON_CreateObject();
    cJSON_AddBoolToObject(pj, "present", seal.present);
    if (seal.present)
        cJSON_AddItemToObject(pj, "box", box_out(&page, img, seal.box,
                                                 out_box));
    else
        cJSON_AddNullToObject(pj, "box");
    icp_result_set_json(res, "seal", pj);
    if (!seal.present && ctx->opts.entity == ICP_ENTITY_ORGANISATION)
        icp_result_add(res, "checklist.seal_missing", ICP_SEV_ERROR, NULL,
                       "单位主体的核验单须在签字处加盖红色单位公章",
                       "an organisation's checklist needs its red official "
                       "seal by the signature");

    bool dated = false;
    if (has_date) {
        int dfield[4];
        dfield[0] = date_label[0] + date_label[2];
        dfield[1] = date_label[1] - (int)(num(ctx, "layout", "date_up") * unit);
        dfield[2] = (int)(num(ctx, "layout", "date_width") * unit);
        dfield[3] = date_label[3] +
                    (int)((num(ctx, "layout", "date_up") +
                           num(ctx, "layout", "date_down")) * unit);
        free(erase);
        n_erase = printed_boxes(ctx, &bottom, dfield, unit, &erase);
        struct icp_cl_ink date;
        icp_cl_measure_ink(ctx, &page, dfield, (const int(*)[4])erase,
                           n_erase, &seal, unit, false, &date);
        dated = date.area >= num(ctx, "ink", "date_min_area") * unit * unit;
    }
    cJSON *dj = cJSON_CreateObject();
    cJSON_AddBoolToObject(dj, "present", dated);
    icp_result_set_json(res, "date", dj);
    if (!dated)
        icp_result_add(res, "checklist.date_missing", ICP_SEV_WARNING, NULL,
                       "核验日期未填写", "the date line is empty");
out:
    free(erase);
    text_free(&top);
    text_free(&bottom);
    icp_cl_page_clear(&page);
}
