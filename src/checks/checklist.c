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

static int max_edits(const struct icp_context *ctx, const char *pattern)
{
    double per = num(ctx, "text", "chars_per_edit");
    return (int)(g_utf8_strlen(pattern, -1) / per);
}

/* Boxes of printed characters inside `field` to erase before measuring
 * ink: confident characters, except digits (a handwritten date). */
static size_t printed_boxes(const struct icp_context *ctx,
                            const struct icp_cl_text *t, const int *field,
                            int unit, const int *label, int (**out)[4],
                            size_t n)
{
    double conf = num(ctx, "text", "printed_conf");
    double line_h = num(ctx, "text", "label_line_height") * label[3];
    int big = (int)(num(ctx, "text", "printed_max_units") * unit);
    int latin = (int)(num(ctx, "text", "printed_latin_units") * unit);
    for (size_t i = 0; i < t->n; i++) {
        const struct icp_cl_chr *c = &t->c[i];
        /* Print is about one unit high; a taller "word" is Tesseract
         * reading a seal or a ruled box as text. Latin letters in the
         * field are handwriting read as letters unless print-sized. */
        int most = c->c < 128 && g_ascii_isalpha((char)c->c) ? latin : big;
        /* On the label's own line, a mark no taller than the label is
         * print however badly it reads (单位公章： read as "Siam:"): a
         * signature written there stands taller. */
        int mid = c->box[1] + c->box[3] / 2;
        bool on_label = mid >= label[1] && mid <= label[1] + label[3] &&
                        c->box[3] <= line_h && c->box[2] <= line_h;
        if (c->c == '\n' || g_unichar_isdigit(c->c) ||
            (!on_label && (c->conf < conf || c->box[2] > most ||
                           c->box[3] > most)))
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
static bool is_digit_chr(const struct icp_cl_chr *c)
{
    return c->c < 128 && g_ascii_isdigit((char)c->c);
}

/* Whether two or more figures stand right before character `i`. */
static bool year_before(const struct icp_cl_text *t, size_t i)
{
    return i >= 2 && is_digit_chr(&t->c[i - 1]) && is_digit_chr(&t->c[i - 2]);
}

/* Whether a 月 follows character `i` within five characters. */
static bool month_after(const struct icp_cl_text *t, size_t i)
{
    for (size_t k = i + 1; k < t->n && k < i + 6; k++)
        if (t->c[k].c == 0x6708 /* 月 */)
            return true;
    return false;
}

static bool find_date_label(const struct icp_context *ctx,
                            const struct icp_cl_text *t, const int *sig_label,
                            int unit, int *box)
{
    const char *names[] = {"date_label", "date_label_short"};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        const char *dl = icp_model_str(ctx, MODEL, "text", names[i]);
        if (icp_cl_find_label(t, dl, max_edits(ctx, dl), box) >= 0 &&
            box[1] > sig_label[1] - unit)
            return true;
    }
    /* The label misread: the date line is still known by its 年 after
     * written figures (2026年), or by a 月 shortly after it. */
    for (size_t i = 0; i < t->n; i++) {
        if (t->c[i].c != 0x5E74 /* 年 */ || t->c[i].box[1] < sig_label[1])
            continue;
        if (year_before(t, i) || month_after(t, i)) {
            /* The year is written left of 年: start the field there. */
            const int *y = t->c[i].box;
            box[0] = y[0] - (int)(num(ctx, "layout", "year_units") * unit);
            box[1] = y[1], box[2] = 0, box[3] = y[3];
            return true;
        }
    }
    return false;
}

/* Whether the text holds a written date below row `from`, on the date
 * line when its label was found (`line`, else NULL). */
static bool date_written(const struct icp_context *ctx,
                         const struct icp_cl_text *t, int from,
                         const int *line, int unit)
{
    return icp_cl_date_written(t, from, line, unit,
                               (int)num(ctx, "text", "date_run"),
                               (int)num(ctx, "text", "date_figures"));
}

/* The template named in the title band's reading (`top`) or in the title
 * classification read (`title`; either may be NULL). */
static const char *which_template(const struct icp_context *ctx,
                                  const char *top, const char *title)
{
    char **names = icp_model_list(ctx, MODEL, "template", "names");
    const char *found = "national";
    for (size_t i = 0; names[i]; i++) {
        char **keys = icp_model_list(ctx, MODEL, "template", names[i]);
        for (size_t k = 0; keys[k]; k++)
            if (keys[k][0] && ((top && strstr(top, keys[k])) ||
                               (title && strstr(title, keys[k])))) {
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

/* Whether the signature label shows in two readings of the signature
 * block taken together, each having read a part of it (a shadow's edge
 * across the label); its box in label_box. The second reading, enlarged
 * or thresholded locally, is kept for the rest (the date's figures). */
static bool label_in_both(const struct icp_context *ctx,
                          const struct icp_cl_text *first,
                          const struct icp_cl_text *second, int *label_box)
{
    const char *label = icp_model_str(ctx, MODEL, "text", "signature_label");
    bool found = false;
    for (int order = 0; order < 2 && !found; order++) {
        struct icp_cl_text both;
        icp_cl_text_merge(order ? second : first, order ? first : second,
                          &both);
        found = icp_cl_find_label(&both, label, max_edits(ctx, label),
                                  label_box) >= 0;
        icp_cl_text_free(&both);
    }
    return found;
}

/* The signature label read from the left columns of the signature block
 * alone, where it is printed: read whole, the block's words may run the
 * label into a large signature just below it (one 'word' 320 px wide), and
 * rereading the whole lower page enlarged found it at five times the CPU.
 * On success *out holds the first reading with this one merged in (the
 * date line's words are the first's) and label_box the label. */
static bool label_in_columns(const struct icp_context *ctx,
                             struct icp_ocr *ocr,
                             const struct icp_cl_page *page,
                             const struct icp_cl_text *first, int sign_from,
                             struct icp_cl_text *out, int *label_box)
{
    const char *label = icp_model_str(ctx, MODEL, "text", "signature_label");
    int unit = (int)(num(ctx, "layout", "unit") * page->w);
    int x1 = (int)(num(ctx, "layout", "label_columns") * page->w);
    struct icp_cl_text strip = {0};
    bool found = false;
    /* As read, then enlarged and thresholded locally (a seal's red or a
     * shadow over the label). */
    for (int k = 0; k < 2 && !found; k++) {
        double scale = k ? num(ctx, "text", "retry_scale") : 1;
        if (icp_cl_read_block(ocr, page, NULL, x1, sign_from - unit, page->h,
                              scale, k > 0, &strip))
            continue;
        /* The strip's characters first: where the whole block read one
         * long word, that word's split boxes would hide the label's. */
        for (int order = 0; order < 2 && !found; order++) {
            icp_cl_text_merge(order ? first : &strip, order ? &strip : first,
                              out);
            found = icp_cl_find_label(out, label, max_edits(ctx, label),
                                      label_box) >= 0;
            if (!found)
                icp_cl_text_free(out);
        }
        icp_cl_text_free(&strip);
    }
    return found;
}

/* Whether classification's reading of the title band holds the title
 * (its spaces aside), as the check's own reading of the band would. */
static bool title_in_text(const struct icp_context *ctx, const char *text)
{
    const char *title = icp_model_str(ctx, MODEL, "text", "title");
    if (!text || !g_utf8_validate(text, -1, NULL))
        return false;
    GString *s = g_string_new(NULL);
    for (const char *p = text; *p; p = g_utf8_next_char(p))
        if (!g_unichar_isspace(g_utf8_get_char(p)))
            g_string_append_unichar(s, g_utf8_get_char(p));
    size_t start = 0, len = 0;
    bool found = icp_cl_fuzzy_find(s->str, title, max_edits(ctx, title),
                                   &start, &len) >= 0;
    g_string_free(s, TRUE);
    return found;
}

/* Runs of rows [0, rows) of print over the middle columns of the page as
 * read (darker than the layout's title_grey), each row holding at least
 * title_row_ink of the width; gaps under a quarter unit joined. Calls
 * back with each run's rows [y0, y1). (The page's ink mask leaves out a
 * blurred header's grey print.) A run from row 0 is the desk above the
 * page or a line cut off: the callers pass it over. */
static void ink_lines(const struct icp_context *ctx,
                      const struct icp_cl_page *page, int rows, int unit,
                      void (*each)(int y0, int y1, void *arg), void *arg)
{
    int cols = (int)(num(ctx, "layout", "title_columns") * page->w);
    BOX *b = boxCreate((page->w - cols) / 2, 0, cols, rows);
    PIX *band = b ? pixClipRectangle(page->read, b, NULL) : NULL;
    PIX *bin = band ? pixThresholdToBinary(
                          band, (int)num(ctx, "layout", "title_grey"))
                    : NULL;
    NUMA *count = bin ? pixCountPixelsByRow(bin, NULL) : NULL;
    int least = VIPS_MAX(1, (int)(num(ctx, "layout", "title_row_ink") *
                                  page->w));
    int n = count ? numaGetCount(count) : 0, y0 = -1, last = -1;
    for (int y = 0; y <= n; y++) {
        int v = 0;
        if (y < n)
            numaGetIValue(count, y, &v);
        if (y < n && v >= least) {
            if (y0 < 0 || y - last > unit / 4 + 1) {
                if (y0 >= 0)
                    each(y0, last + 1, arg);
                y0 = y;
            }
            last = y;
        } else if (y == n && y0 >= 0) {
            each(y0, last + 1, arg);
        }
    }
    numaDestroy(&count);
    pixDestroy(&bin);
    pixDestroy(&band);
    boxDestroy(&b);
}

struct tallest {
    int least, most; /* the height a title's line may have */
    int y0, y1;      /* the tallest such line, y0 -1 when none */
};

static void keep_tallest(int y0, int y1, void *arg)
{
    struct tallest *t = arg;
    if (y0 > 0 && y1 - y0 >= t->least && y1 - y0 <= t->most &&
        (t->y0 < 0 || y1 - y0 > t->y1 - t->y0))
        t->y0 = y0, t->y1 = y1;
}

struct nearest {
    int least, most; /* the height a header's line may have */
    int y0, y1;      /* the last such line, y0 -1 when none */
};

static void keep_last(int y0, int y1, void *arg)
{
    struct nearest *t = arg;
    if (y0 > 0 && y1 - y0 >= t->least && y1 - y0 <= t->most)
        t->y0 = y0, t->y1 = y1;
}

/* The rows of the line of print just above the title's line in the band
 * [0, title_end) (a template's header, 广东省通信管理局), with a margin, in
 * *y0 and *y1. Returns 1 when there is one, 0 when none is above the
 * title, -1 when the title's line is not found. The line alone is read: a
 * strip of desk above the page made Tesseract read the whole strip above
 * the title as junk (seed 6101 no. 13). */
static int header_rows(const struct icp_context *ctx,
                       const struct icp_cl_page *page, int title_end,
                       int *y0, int *y1)
{
    int unit = (int)(num(ctx, "layout", "unit") * page->w);
    struct tallest t = {
        .least = (int)(num(ctx, "layout", "title_min_units") * unit),
        .most = (int)(num(ctx, "layout", "title_max_units") * unit),
        .y0 = -1,
    };
    ink_lines(ctx, page, title_end, unit, keep_tallest, &t);
    if (t.y0 < 0)
        return -1;
    struct nearest h = {
        .least = VIPS_MAX(1, (int)(num(ctx, "layout", "header_min_units") *
                                   unit)),
        .most = t.most,
        .y0 = -1,
    };
    int end = t.y0 - unit / 4;
    if (end > 0)
        ink_lines(ctx, page, end, unit, keep_last, &h);
    if (h.y0 < 0)
        return 0;
    *y0 = VIPS_MAX(0, h.y0 - unit / 2);
    *y1 = VIPS_MIN(end, h.y1 + unit / 2);
    return 1;
}

/* Reads the title band and the signature block of `page` into *top and
 * *bottom (release with icp_cl_text_free()) and looks for the title and
 * the signature label in them. A blurred or small page may read as Latin
 * junk: read again enlarged (Tesseract's best size for print), then
 * thresholded locally (faint print by a shadow), the whole lower page when
 * the ruled box found may not be the signature's. Returns -1 when the
 * first reading fails. */
static int read_labels(const struct icp_context *ctx, struct icp_ocr *ocr,
                       const struct icp_cl_page *page, const char *title_read,
                       struct icp_cl_text *top, struct icp_cl_text *bottom,
                       int *title_box, int *label_box, bool *has_title,
                       bool *has_label)
{
    const char *title = icp_model_str(ctx, MODEL, "text", "title");
    const char *label = icp_model_str(ctx, MODEL, "text", "signature_label");
    /* The title band and the signature block only: the table and the
     * promise between them cost most of the OCR and decide nothing. */
    int title_end = (int)(num(ctx, "layout", "title_rows") * page->h);
    if (page->title_end > title_end)
        title_end = page->title_end;
    int sign_from = page->sign_top >= 0
                        ? page->sign_top
                        : (int)(num(ctx, "layout", "signature_from") * page->h);
    *has_title = *has_label = false;
    memset(title_box, 0, 4 * sizeof *title_box);
    /* The title classification read (`title_read`) is not read again:
     * only a header line above it, which names the template. */
    int top0 = 0, top1 = title_end;
    if (title_in_text(ctx, title_read)) {
        *has_title = true;
        int header = header_rows(ctx, page, title_end, &top0, &top1);
        if (header == 0)
            top1 = 0;
        if (g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "checklist title as classified: %s; header %d "
                    "rows %d..%d\n", title_read, header, top0, top1);
    }
    if ((top1 > top0 &&
         icp_cl_read_band(ocr, page, NULL, top0, top1, 1, false, top)) ||
        icp_cl_read_band(ocr, page, NULL, sign_from, page->h, 1, false,
                         bottom))
        return -1;
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "checklist top: %s\nchecklist bottom: %s\n",
                top->utf8 ? top->utf8 : "", bottom->utf8);
    if (!*has_title)
        *has_title = icp_cl_find_label(top, title, max_edits(ctx, title),
                                       title_box) >= 0;
    *has_label = icp_cl_find_label(bottom, label, max_edits(ctx, label),
                                   label_box) >= 0;
    double again = num(ctx, "text", "retry_scale");
    for (int k = 0; k < 2 && !*has_title; k++) {
        icp_cl_text_free(top);
        if (icp_cl_read_band(ocr, page, NULL, 0, title_end, again, k, top) ==
            0)
            *has_title = icp_cl_find_label(top, title, max_edits(ctx, title),
                                           title_box) >= 0;
    }
    /* The ruled box taken for the signature's may be another: the lower
     * page is read at the first size before it is read enlarged. */
    int lower = (int)(num(ctx, "layout", "signature_from") * page->h);
    int unit = (int)(num(ctx, "layout", "unit") * page->w);
    if (*has_label)
        return 0;
    /* The first reading is kept: with a retry's, it may hold the label. */
    struct icp_cl_text first = *bottom;
    memset(bottom, 0, sizeof *bottom);
    if (label_in_columns(ctx, ocr, page, &first, sign_from, bottom,
                         label_box)) {
        *has_label = true;
        icp_cl_text_free(&first);
        return 0;
    }
    for (int k = sign_from > lower + unit ? -1 : 0; k < 2 && !*has_label;
         k++) {
        icp_cl_text_free(bottom);
        if (icp_cl_read_band(ocr, page, NULL, VIPS_MIN(lower, sign_from),
                             page->h, k < 0 ? 1 : again, k > 0, bottom) == 0)
            *has_label = icp_cl_find_label(bottom, label,
                                           max_edits(ctx, label),
                                           label_box) >= 0 ||
                         label_in_both(ctx, &first, bottom, label_box);
    }
    icp_cl_text_free(&first);
    return 0;
}

/* Whether the text holds the date line below the signature label. */
static bool has_date_line(const struct icp_context *ctx,
                          const struct icp_cl_text *t, const int *label_box,
                          int unit)
{
    int box[4];
    return find_date_label(ctx, t, label_box, unit, box);
}

/* Places and reads the page again from the print's box in the whole photo;
 * takes that reading instead of the first when it finds the signature
 * label, and the date line too where the first found the label. */
static void read_whole(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res, struct icp_ocr *ocr,
                       struct icp_cl_page *page, struct icp_cl_text *top,
                       struct icp_cl_text *bottom, int *title_box,
                       int *label_box, bool *has_title, bool *has_label)
{
    const struct icp_context *ctx = w->ctx;
    struct icp_cl_page again = {0};
    struct icp_cl_text t2 = {0}, b2 = {0};
    int tb[4], lb[4];
    bool ht = false, hl = false;
    int unit = (int)(num(ctx, "layout", "unit") * page->w);
    if (icp_cl_page_make(w, img, res, true, &again) == 0 &&
        read_labels(ctx, ocr, &again, img->checklist_title, &t2, &b2, tb,
                    lb, &ht, &hl) == 0 &&
        hl && (!*has_label || has_date_line(ctx, &b2, lb, unit))) {
        struct icp_cl_page p = *page;
        struct icp_cl_text t = *top, b = *bottom;
        *page = again, *top = t2, *bottom = b2;
        again = p, t2 = t, b2 = b;
        memcpy(title_box, tb, sizeof tb);
        memcpy(label_box, lb, sizeof lb);
        *has_title = ht, *has_label = hl;
    }
    icp_cl_page_clear(&again);
    icp_cl_text_free(&t2);
    icp_cl_text_free(&b2);
}

/* Whether `page` was placed short of a sheet: unframed, its height under
 * short_aspect of its width (A4 is 1.414), the paper not running off the
 * photo. The region it was placed on lost part of the page (a shadow
 * across it, a light desk merged with it). */
static bool placed_short(const struct icp_context *ctx,
                         const struct icp_cl_page *page)
{
    return !page->framed && !page->incomplete &&
           page->h < num(ctx, "page", "short_aspect") * page->w;
}

/* Places the page again from the print's box in the whole photo, in
 * place of the first placement. True when *page is now the whole
 * photo's. */
static bool place_whole_first(struct icp_worker *w, struct icp_image *img,
                              struct icp_result *res, struct icp_cl_page *page)
{
    struct icp_cl_page again;
    if (icp_cl_page_make(w, img, res, true, &again))
        return false;
    icp_cl_page_clear(page);
    *page = again;
    return true;
}

void icp_check_checklist(struct icp_worker *w, struct icp_image *img,
                         struct icp_result *res)
{
    const struct icp_context *ctx = w->ctx;
    struct icp_cl_page page;
    struct icp_cl_text top = {0}, bottom = {0}, grey = {0};
    int (*erase)[4] = NULL;
    struct icp_stage_timer timer;
    icp_stage_timer_start(&timer);
    if (icp_cl_page_make(w, img, res, false, &page))
        return;
    /* A page placed short: its labels' readings and their retries cost up
     * to 1.3 s of CPU before the whole photo's placement, which followed
     * and was taken on every such page seen (5 of 175 forms: the bench's
     * and seeds 6101, 6202, 6303; the others 1.32-1.61). That placement
     * first; the first is made again should it show no signature label
     * (not kept meanwhile: 17 MB). */
    bool whole_first = placed_short(ctx, &page) &&
                       place_whole_first(w, img, res, &page);
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "checklist page %dx%d framed %d incomplete %d%s\n",
                page.w, page.h, page.framed, page.incomplete,
                whole_first ? ", placed again from the whole photo" : "");
    icp_stage_lap(&timer, res->path, "checklist page");
    const char *dump = g_getenv("ICP_DEBUG_VIEW");
    if (dump && *dump)
        pixWrite(dump, page.norm, IFF_PNG);
    if (page.incomplete)
        icp_result_add(res, "quality.incomplete", ICP_SEV_ERROR, NULL,
                       "核验单未拍全：纸张超出画面，请拍下整页（四角和标题都要在画面内）",
                       "the checklist is cut off at the image border: "
                       "photograph the whole page with its four corners and "
                       "title in view");
    /* The worker's Chinese+English engine: a Chinese-only one read these
     * bands in two thirds of the time, but a third engine in each worker
     * raised the peak memory of a -j 2 batch from 386 to 495 MB at the
     * same total CPU (207 bench photos). */
    struct icp_ocr *ocr = icp_worker_ocr_zh(w);
    if (!ocr) {
        icp_result_add(res, "checklist.not_recognised", ICP_SEV_ERROR, NULL,
                       "文字识别引擎无法启动（%s）",
                       "the OCR engine cannot start (%s)",
                       w->error ? w->error : "unknown");
        goto out;
    }
    struct icp_stage_timer bands;
    icp_stage_timer_start(&bands);
    int title_box[4], label_box[4];
    bool has_title = false, has_label = false;
    int rc = read_labels(ctx, ocr, &page, img->checklist_title, &top,
                         &bottom, title_box, label_box, &has_title,
                         &has_label);
    if (whole_first && (rc || !has_label)) {
        /* No label in the whole photo's placement: the first, as read
         * before it was tried first. */
        icp_cl_page_clear(&page);
        icp_cl_text_free(&top);
        icp_cl_text_free(&bottom);
        whole_first = false;
        if (icp_cl_page_make(w, img, res, false, &page))
            goto out;
        rc = read_labels(ctx, ocr, &page, img->checklist_title, &top,
                         &bottom, title_box, label_box, &has_title,
                         &has_label);
    }
    if (rc) {
        icp_result_add(res, "checklist.not_recognised", ICP_SEV_ERROR, NULL,
                       "文字识别失败", "text recognition failed");
        goto out;
    }
    /* No label, or no date line below it, on a page placed by the paper's
     * or the document's region: a shadow across the page may have cut
     * that region short. Once more from the print's box in the whole
     * photo. */
    int unit = (int)(num(ctx, "layout", "unit") * page.w);
    if (!page.framed && !whole_first &&
        (!has_label || !has_date_line(ctx, &bottom, label_box, unit)))
        read_whole(w, img, res, ocr, &page, &top, &bottom, title_box,
                   label_box, &has_title, &has_label);
    icp_stage_lap(&bands, res->path, "checklist text/bottom");
    icp_stage_lap(&timer, res->path, "checklist text");
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "checklist title %d label %d; bottom: %s\n",
                has_title, has_label, bottom.utf8);
    icp_result_set_str(res, "template",
                       has_title ? which_template(ctx, top.utf8,
                                                  img->checklist_title)
                                 : NULL);
    /* The signature label without the title, on paper that runs along an
     * image side: the header is cut off, not a page of another kind. */
    if (!has_title && has_label && page.reaches_border && !page.incomplete) {
        page.incomplete = true;
        icp_result_add(res, "quality.incomplete", ICP_SEV_ERROR, NULL,
                       "核验单未拍全：标题不在画面内，请拍下整页（四角和标题都要在画面内）",
                       "the checklist's title is not in the image: "
                       "photograph the whole page with its four corners and "
                       "title in view");
    }
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

    /* The signature field: beside and below the label, up to the page's
     * right margin; it starts after a ruled line just right of the label
     * when the label has a cell of its own. */
    int field[4];
    icp_cl_field_bounds(ctx, &page, label_box, unit, field);
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "checklist label %d,%d %dx%d field %d,%d %dx%d\n",
                label_box[0], label_box[1], label_box[2], label_box[3],
                field[0], field[1], field[2], field[3]);
    int date_label[4];
    bool has_date = find_date_label(ctx, &bottom, label_box, unit,
                                    date_label);
    /* The date line's print in the field would be ink: without its label
     * in the first reading, the lower page is read again from the
     * luminance (where a date in red shows too), before the ink. */
    if (!has_date &&
        icp_cl_read_band(ocr, &page, page.grey, label_box[1] - unit,
                         page.h, 1, false, &grey) == 0)
        has_date = find_date_label(ctx, &grey, label_box, unit, date_label);
    if (g_getenv("ICP_DEBUG_OCR") && has_date)
        fprintf(stderr, "checklist date label %d,%d %dx%d\n", date_label[0],
                date_label[1], date_label[2], date_label[3]);
    if (has_date && date_label[1] > label_box[1] + label_box[3] &&
        date_label[1] < field[1] + field[3])
        field[3] = VIPS_MAX(1, date_label[1] - field[1] - unit / 2);
    size_t n_erase = printed_boxes(ctx, &bottom, field, unit, label_box,
                                   &erase, 0);
    n_erase = printed_boxes(ctx, &grey, field, unit, label_box, &erase,
                            n_erase);
    erase = xrealloc(erase, (n_erase + 1) * sizeof *erase);
    memcpy(erase[n_erase++], label_box, sizeof label_box);
    struct icp_cl_ink sig;
    icp_cl_measure_ink(ctx, &page, field, (const int(*)[4])erase, n_erase,
                       label_box, &seal, unit, true, &sig);

    icp_stage_lap(&timer, res->path, "checklist ink");
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

    /* The date is written in figures (2026年11月17日): the printed line
     * holds none, so figures read at or below the signature label are the
     * date. The label words themselves are often misread on a photo. */
    const int *date_line = has_date ? date_label : NULL;
    bool dated = date_written(ctx, &bottom, label_box[1] - unit, date_line,
                              unit);
    /* The OCR view drops red (the seal): a date written in red ink shows
     * in the luminance only. */
    if (!dated && !grey.utf8)
        icp_cl_read_band(ocr, &page, page.grey, label_box[1] - unit, page.h,
                         1, false, &grey);
    if (!dated)
        dated = date_written(ctx, &grey, label_box[1] - unit, date_line,
                             unit);
    cJSON *dj = cJSON_CreateObject();
    cJSON_AddBoolToObject(dj, "present", dated);
    icp_result_set_json(res, "date", dj);
    if (!dated)
        icp_result_add(res, "checklist.date_missing", ICP_SEV_WARNING, NULL,
                       "核验日期未填写", "the date line is empty");
out:
    free(erase);
    icp_cl_text_free(&grey);
    icp_cl_text_free(&top);
    icp_cl_text_free(&bottom);
    icp_cl_page_clear(&page);
}
