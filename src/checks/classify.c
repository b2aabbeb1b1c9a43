/* Classification: which material is this file? A blue curtain is told by
 * colour alone; documents by the keywords printed on them, read from the
 * upright document view, trying the other three quarter turns when the
 * first reading finds nothing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "checks/document.h"
#include "checks/face.h"
#include "checks/locate.h"
#include "checks/mrzband.h"
#include "core/text.h"
#include "core/util.h"

/* The types told by keywords, with their model group names. */
static const enum icp_doc_type keyword_types[] = {
    ICP_TYPE_ID_CARD_BACK,     ICP_TYPE_ID_CARD_FRONT,
    ICP_TYPE_HKMO_PERMIT,      ICP_TYPE_TW_PERMIT,
    ICP_TYPE_BUSINESS_LICENSE, ICP_TYPE_DOMAIN_CERTIFICATE,
    ICP_TYPE_CHECKLIST,        ICP_TYPE_PASSPORT,
};

/* An 18-character run shaped like a resident ID number (17 digits and a
 * digit or X): the front of an ID card prints one under its label, which
 * Tesseract reads far more reliably than the label itself. */
static bool has_id_number_shape(const char *text)
{
    int run = 0;
    for (const char *p = text; *p; p++) {
        if (g_ascii_isdigit(*p) || (run == 17 && (*p == 'X' || *p == 'x')))
            run++;
        else if (!g_ascii_isspace(*p))
            run = 0;
        if (run == 18 && !g_ascii_isdigit(p[1]))
            return true;
        if (run > 18)
            run = 0;
    }
    return false;
}

/* An 18-character run shaped like a unified social credit code (digits
 * and capitals, a digit first and at least one letter inside, spaces
 * ignored): printed large on every licence, and unlike an ID number it
 * carries letters. */
static bool has_uscc_shape(const char *text)
{
    int run = 0, letters = 0;
    for (const char *p = text;; p++) {
        if (*p == ' ')
            continue;
        bool ok = g_ascii_isdigit(*p) || g_ascii_isupper(*p);
        if (ok && run == 0 && !g_ascii_isdigit(*p))
            ok = false;
        if (!ok) {
            if (run == 18 && letters > 0)
                return true;
            run = letters = 0;
            if (!*p)
                return false;
            continue;
        }
        letters += g_ascii_isupper(*p) && run > 0;
        if (++run > 18)
            run = letters = 0;
    }
}

static double shape_weight(const struct icp_context *ctx, const char *group,
                           const char *key, bool present)
{
    if (!present)
        return 0;
    char **w = icp_model_optional_list(ctx, "classify", group, key);
    double v = w && w[0] ? g_ascii_strtod(w[0], NULL) : 0;
    g_strfreev(w);
    return v;
}

static double type_score(const struct icp_context *ctx, const char *group,
                         const char *text)
{
    char **kws = icp_model_list(ctx, "classify", group, "keywords");
    char **ws = icp_model_list(ctx, "classify", group, "weights");
    double score = 0;
    for (size_t i = 0; kws[i] && ws[i]; i++)
        if (icp_text_contains(text, kws[i]))
            score += g_ascii_strtod(ws[i], NULL);
    g_strfreev(kws);
    g_strfreev(ws);
    score += shape_weight(ctx, group, "id_number_weight",
                          has_id_number_shape(text));
    score += shape_weight(ctx, group, "uscc_weight", has_uscc_shape(text));
    char **ex = icp_model_optional_list(ctx, "classify", group, "exclude");
    for (size_t i = 0; ex && ex[i]; i++)
        if (icp_text_contains(text, ex[i]))
            score = 0;
    g_strfreev(ex);
    return score;
}

/* The best-scoring type for an OCR text; 0 score when none. */
static enum icp_doc_type best_type(const struct icp_context *ctx,
                                   const char *raw, double *score_out)
{
    enum icp_doc_type best = ICP_TYPE_UNKNOWN;
    double best_score = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(keyword_types); i++) {
        double s = type_score(ctx, icp_doc_type_name(keyword_types[i]), raw);
        /* Ties go to the earlier, more specific entry. */
        if (s > best_score) {
            best_score = s;
            best = keyword_types[i];
        }
    }
    *score_out = best_score;
    return best;
}

static double hue_of(const float *p)
{
    double hue = atan2(p[2], p[1]) * 180 / M_PI;
    return hue < 0 ? hue + 360 : hue;
}

/* Over the border strips (top, left, right) of a BORDER_SIDE px Lab copy
 * of `copy`: the fraction that is curtain blue, and the fraction that is
 * plain (colour changing smoothly, as on a backdrop, a wall or a studio
 * sweep). The copy is the document search's, scaled down: a copy of its
 * own, scaled from the decode, cost 15 ms of CPU where this one costs one;
 * the fractions moved by at most 0.01 (blue) and 0.024 (plain) over the
 * bench set, seed 3717 and the real images. */
#define BORDER_SIDE 256
static void border_colour(const struct icp_context *ctx, VipsImage *copy,
                          double *blue_out, double *plain_out)
{
    *blue_out = *plain_out = 0;
    VipsImage *small = NULL, *lab = NULL, *mem = NULL;
    double k = (double)BORDER_SIDE / VIPS_MAX(copy->Xsize, copy->Ysize);
    if (k < 1.0 ? vips_resize(copy, &small, k, NULL)
                : vips_copy(copy, &small, NULL)) {
        vips_error_clear();
        return;
    }
    int rc = vips_colourspace(small, &lab, VIPS_INTERPRETATION_LAB, NULL);
    VIPS_UNREF(small);
    if (rc || !(mem = vips_image_copy_memory(lab))) {
        VIPS_UNREF(lab);
        vips_error_clear();
        return;
    }
    VIPS_UNREF(lab);
    double hue_min = icp_model_num(ctx, "classify", "backdrop", "hue_min");
    double hue_max = icp_model_num(ctx, "classify", "backdrop", "hue_max");
    double cmin = icp_model_num(ctx, "classify", "backdrop", "min_chroma");
    double gmax = icp_model_num(ctx, "classify", "backdrop",
                                "plain_max_gradient");
    int w = mem->Xsize, h = mem->Ysize, bx = w / 8, by = h / 8;
    const float *px = (const float *)vips_image_get_data(mem);
    double n = 0, blue = 0, plain = 0;
    for (int y = 0; y < h - 1; y++)
        for (int x = 0; x < w - 1; x++) {
            if (!(y < by || x < bx || x >= w - bx - 1))
                continue;
            const float *p = px + 3 * ((size_t)y * w + x);
            const float *r = p + 3, *d = p + 3 * w;
            double c = hypot(p[1], p[2]), hue = hue_of(p);
            double grad = fabs(r[0] - p[0]) + fabs(d[0] - p[0]) +
                          fabs(r[1] - p[1]) + fabs(d[1] - p[1]) +
                          fabs(r[2] - p[2]) + fabs(d[2] - p[2]);
            n++;
            blue += c >= cmin && hue >= hue_min && hue <= hue_max;
            plain += grad <= gmax;
        }
    if (n > 0) {
        *blue_out = blue / n;
        *plain_out = plain / n;
    }
    VIPS_UNREF(mem);
}

struct reading {
    enum icp_doc_type type;
    double score;
    long chars; /* letters, digits and CJK read */
    int conf;   /* Tesseract's mean word confidence */
    int turn;
    bool alt; /* read at the document's second tilt estimate */
    bool titled; /* named by the checklist's title alone, no page read */
    bool failed; /* not read: the file's time up, or specks, not words */
    bool passport_words; /* a passport's words or zone fillers read */
    struct icp_ocr_word *words; /* owned */
    size_t n_words;
};

static void reading_clear(struct reading *r)
{
    icp_ocr_words_free(r->words, r->n_words);
    memset(r, 0, sizeof *r);
}

static long count_chars(const char *text)
{
    long n = 0;
    for (const char *p = text; *p; p = g_utf8_next_char(p))
        n += g_unichar_isalnum(g_utf8_get_char(p));
    return n;
}

/* The words scored again in Tesseract's own reading order, where the
 * lines as rows gave no type: a title's tall characters on a card in
 * perspective cover the rows of the line under it, and the rows' order
 * interleaves the two (a Taiwan permit's title read "MAINLAND 台湾 TRAVEL
 * 居民 PERMIT 来 往 ..." and named nothing); Tesseract follows each line
 * along its slope. */
static void by_reading_order(const struct icp_context *ctx,
                             struct reading *r)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < r->n_words; i++)
        g_string_append_printf(s, "%s%s", i ? " " : "", r->words[i].text);
    double score = 0;
    enum icp_doc_type type = best_type(ctx, s->str, &score);
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "classify in reading order (%s %.0f): %s\n",
                icp_doc_type_name(type), score, s->str);
    if (score > r->score) {
        r->type = type;
        r->score = score;
    }
    r->passport_words = r->passport_words ||
                        type_score(ctx, "passport", s->str) > 0;
    g_string_free(s, TRUE);
}

/* Reads the document view turned by `turn` degrees and scores it. */
static void read_turn(struct icp_worker *w, VipsImage *view, int turn,
                      struct reading *r)
{
    memset(r, 0, sizeof *r);
    r->turn = turn;
    if (icp_document_read_turn(w, view, turn, &r->words, &r->n_words)) {
        r->failed = true;
        return;
    }
    char *text = icp_ocr_join_lines(r->words, r->n_words);
    r->type = best_type(w->ctx, text, &r->score);
    r->passport_words = type_score(w->ctx, "passport", text) > 0;
    if (r->score < icp_model_num(w->ctx, "classify", "classify",
                                 "min_score"))
        by_reading_order(w->ctx, r);
    r->chars = count_chars(text);
    r->conf = icp_ocr_mean_conf(icp_worker_ocr_zh(w));
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "classify turn %d (conf %d): %s\n", turn, r->conf,
                text);
    g_free(text);
}

static bool much_text(const struct icp_context *ctx, const struct reading *r)
{
    return r->chars >= icp_model_num(ctx, "classify", "backdrop-text",
                                     "text_min_chars") &&
           r->conf >= icp_model_num(ctx, "classify", "backdrop-text",
                                    "text_min_conf");
}

/* The top `frac` of the view (binarised), its edge regions cleared, in
 * memory; NULL when it cannot be made. */
static VipsImage *title_band(VipsImage *view, double frac)
{
    VipsImage *band = NULL, *mem = NULL;
    int bh = (int)(frac * view->Ysize);
    if (bh >= 1 && view->Bands == 1 && view->BandFmt == VIPS_FORMAT_UCHAR &&
        vips_crop(view, &band, 0, 0, view->Xsize, bh, NULL) == 0 &&
        (mem = vips_image_copy_memory(band)))
        icp_print_clear_edges(mem);
    VIPS_UNREF(band);
    vips_error_clear();
    return mem;
}

/* The text of rows [y0, y1) of `band` (all of it when y1 is 0), scaled by
 * `scale`. Caller g_free()s; NULL when it cannot be read. */
static char *read_rows(struct icp_ocr *ocr, VipsImage *band, int y0, int y1,
                       double scale)
{
    VipsImage *rows = NULL, *small = NULL;
    char *text = NULL;
    if (y1 <= y0)
        y0 = 0, y1 = band->Ysize;
    if (ocr &&
        vips_crop(band, &rows, 0, y0, band->Xsize, y1 - y0, NULL) == 0 &&
        vips_resize(rows, &small, scale, NULL) == 0)
        text = icp_ocr_text(ocr, small, ICP_PSM_SPARSE, NULL);
    vips_error_clear();
    VIPS_UNREF(rows);
    VIPS_UNREF(small);
    return text;
}

static bool names_checklist(const struct icp_context *ctx, const char *text,
                            const char *what, struct reading *r)
{
    r->type = best_type(ctx, text, &r->score);
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "classify title %s (%s %.0f): %s\n", what,
                icp_doc_type_name(r->type), r->score, text);
    return r->type == ICP_TYPE_CHECKLIST &&
           r->score >= icp_model_num(ctx, "classify", "classify", "min_score");
}

/* The checklist's title (网站备案信息真实性核验单), printed large across the
 * top of a portrait page, read from a small copy of the view's top band:
 * the checklist check reads the page itself, so a found title spares the
 * whole page's reading. True when the band alone names the checklist; the
 * text that named it in *named_text (caller g_free()s), which the check
 * takes for the title rather than reading it again. */
static bool checklist_title(struct icp_worker *w, VipsImage *view,
                            struct reading *r, char **named_text)
{
    const struct icp_context *ctx = w->ctx;
    const char *g = "checklist-title";
    memset(r, 0, sizeof *r);
    if (view->Ysize < icp_model_num(ctx, "classify", g, "min_aspect") *
                          view->Xsize)
        return false;
    /* `scale` is for a view of the full reading side; a page small in
     * the photo has a smaller view, whose title is shrunk less, never
     * enlarged (shrunk alike, a 774 px view's title read as junk). */
    double side = icp_model_num(ctx, "classify", "classify", "ocr_side");
    double scale = icp_model_num(ctx, "classify", g, "scale") * side /
                   VIPS_MAX(view->Xsize, view->Ysize);
    VipsImage *band = title_band(view,
                                 icp_model_num(ctx, "classify", g, "band"));
    if (!band)
        return false;
    scale = VIPS_MIN(1.0, scale);
    /* The title's line alone first: the band's other lines (the header,
     * the table's first rows) cost most of its reading. */
    struct icp_ocr *ocr = icp_worker_ocr_zh(w);
    int y0 = 0, y1 = 0;
    char *text = NULL;
    double min_ink = icp_model_num(ctx, "classify", g, "line_min_ink");
    if (icp_print_tallest_line(band, min_ink, &y0, &y1)) {
        int margin = (y1 - y0) / 3 + 2;
        text = read_rows(ocr, band, VIPS_MAX(0, y0 - margin),
                         VIPS_MIN(band->Ysize, y1 + margin), scale);
    }
    bool named = text && names_checklist(ctx, text, "line", r);
    if (!named) {
        g_free(text);
        memset(r, 0, sizeof *r);
        text = read_rows(ocr, band, 0, 0, scale);
        named = text && names_checklist(ctx, text, "band", r);
    }
    VIPS_UNREF(band);
    if (named)
        *named_text = text;
    else
        g_free(text);
    return named;
}

/* The checklist's title, looked for before anything else reads the page
 * when the document is framed portrait (a little below the title band's
 * own bound, which checklist_title() applies to the view itself). Sets
 * *view_out to the document OCR view when it made one (the caller passes
 * it on to by_keywords()). True when the title named the checklist. */
static bool title_first(struct icp_worker *w, struct icp_image *img,
                        struct icp_result *res, VipsImage **view_out,
                        struct reading *r)
{
    double min_aspect = icp_model_num(w->ctx, "classify", "checklist-title",
                                      "min_aspect");
    memset(r, 0, sizeof *r);
    *view_out = NULL;
    if (icp_document_aspect(img, res) < 0.95 * min_aspect)
        return false;
    struct icp_stage_timer t;
    icp_stage_timer_start(&t);
    *view_out = icp_document_ocr_view(w, img, res);
    icp_stage_lap(&t, res->path, "classify view");
    if (!*view_out)
        return false;
    char *text = NULL;
    bool title = checklist_title(w, *view_out, r, &text);
    if (title) {
        g_free(img->checklist_title);
        img->checklist_title = text;
    }
    icp_stage_lap(&t, res->path, "classify title");
    return title;
}

/* A landscape view may hold a portrait page lying turned: no reading of
 * it at a quarter turn named anything (a blurred page, its text garbled,
 * or its title cut at the photo's edge), but its title band, read alone
 * at that turn, still may. Tried only after the page's readings failed.
 * True when the title named the checklist; its text kept on img. */
static bool title_at_quarter_turn(struct icp_worker *w, struct icp_image *img,
                                  VipsImage *view, struct reading *r)
{
    double min_aspect = icp_model_num(w->ctx, "classify", "checklist-title",
                                      "min_aspect");
    memset(r, 0, sizeof *r);
    if (view->Xsize < min_aspect * view->Ysize)
        return false;
    static const int quarter[] = {90, 270};
    for (size_t i = 0; i < G_N_ELEMENTS(quarter); i++) {
        VipsImage *turned = NULL;
        char *text = NULL;
        if (vips_rot(view, &turned,
                     quarter[i] == 90 ? VIPS_ANGLE_D90 : VIPS_ANGLE_D270,
                     NULL)) {
            vips_error_clear();
            return false;
        }
        bool named = checklist_title(w, turned, r, &text);
        VIPS_UNREF(turned);
        if (named) {
            g_free(img->checklist_title);
            img->checklist_title = text;
            r->turn = quarter[i];
            r->titled = true;
            return true;
        }
    }
    return false;
}

/* Keyword classification over the four quarter turns of `view` (the
 * document OCR view at `side` px, taken over; NULL: made here). A
 * confident reading without keywords stops the search: the text is
 * upright, just not ours. Where the document's two tilt estimates
 * disagreed, the second is read before the quarter turns. The chosen
 * reading is kept on img for the material's check. */
static void by_keywords_at(struct icp_worker *w, struct icp_image *img,
                           struct icp_result *res, VipsImage *view,
                           int side, struct reading *best)
{
    const struct icp_context *ctx = w->ctx;
    double min_score = icp_model_num(ctx, "classify", "classify", "min_score");
    memset(best, 0, sizeof *best);
    struct icp_stage_timer t;
    icp_stage_timer_start(&t);
    if (!view) {
        /* Not made for the title: not portrait, so no title to look for. */
        view = icp_document_ocr_view_at(img, side, res);
        icp_stage_lap(&t, res->path, "classify view");
        if (!view)
            return;
    }
    static const int turns[] = {0, 0, 180, 90, 270};
    bool alt = false, unreadable = false;
    for (size_t i = 0; i < G_N_ELEMENTS(turns); i++) {
        if (i == 1) {
            if (icp_document_use_alternative(img, res))
                continue;
            alt = true;
            VIPS_UNREF(view);
            if (!(view = icp_document_ocr_view_at(img, side, res)))
                return;
        }
        struct reading r;
        read_turn(w, view, turns[i], &r);
        icp_stage_lap(&t, res->path, "classify read");
        /* Another turn of a view that could not be read fares no better
         * (each pays the page's layout before it gives up). */
        if ((unreadable = r.failed))
            break;
        r.alt = alt;
        if (r.score > best->score || (i == 0 && r.score == 0)) {
            reading_clear(best);
            *best = r;
        } else
            reading_clear(&r);
        if (best->score >= min_score && best->turn == turns[i])
            break;
        if (i == 0 && much_text(ctx, best))
            break;
    }
    struct reading titled;
    if (best->score < min_score && !unreadable &&
        title_at_quarter_turn(w, img, view, &titled)) {
        icp_stage_lap(&t, res->path, "classify turned title");
        reading_clear(best);
        *best = titled;
    }
    if (best->score < min_score)
        best->type = ICP_TYPE_UNKNOWN;
    if (best->titled) {
        /* The check reads the page itself, as after title_first(). */
        VIPS_UNREF(view);
        icp_image_set_rotation(img, img->rotation + best->turn);
        return;
    }
    /* The kept reading's words must match the document's geometry. */
    if (alt && !best->alt && icp_document_use_alternative(img, res) == 0) {
        VIPS_UNREF(view);
        view = icp_document_ocr_view_at(img, side, res);
    }
    if (view && (best->score >= min_score || best->turn == 0)) {
        int w90 = best->turn % 180 ? view->Ysize : view->Xsize;
        int h90 = best->turn % 180 ? view->Xsize : view->Ysize;
        if (best->turn)
            icp_image_set_rotation(img, img->rotation + best->turn);
        icp_image_set_reading(img, side, w90, h90, best->words,
                              best->n_words);
        best->words = NULL;
        best->n_words = 0;
    }
    icp_ocr_words_free(best->words, best->n_words);
    best->words = NULL;
    best->n_words = 0;
    VIPS_UNREF(view);
}

/* by_keywords_at() at the reading side. */
static void by_keywords(struct icp_worker *w, struct icp_image *img,
                        struct icp_result *res, VipsImage *view,
                        struct reading *best)
{
    int side = (int)icp_model_num(w->ctx, "classify", "classify", "ocr_side");
    by_keywords_at(w, img, res, view, side, best);
}

/* How sure the face detector is of a frontal face on a small grey copy
 * (the raw windows its best face merged; 0 when none): what tells a person
 * before a curtain from a document lying on blue cloth. */
static int face_hits(struct icp_worker *w, struct icp_image *img,
                     struct icp_result *res)
{
    const struct icp_context *ctx = w->ctx;
    struct icp_face_cascade *cascade = icp_worker_face(w);
    VipsImage *small = icp_image_at(img, 400, res), *grey = NULL, *mem = NULL;
    int hits = 0;
    if (!cascade || !small)
        return 0;
    if (vips_colourspace(small, &grey, VIPS_INTERPRETATION_B_W, NULL) == 0 &&
        (mem = vips_image_copy_memory(grey))) {
        struct icp_face f;
        int h = mem->Ysize;
        if (icp_face_detect(
                cascade, vips_image_get_data(mem), mem->Xsize, h, mem->Xsize,
                (int)(icp_model_num(ctx, "classify", "face", "min_size") * h),
                (int)(icp_model_num(ctx, "classify", "face", "max_size") * h),
                &f, 1) > 0)
            hits = VIPS_MAX(1, f.neighbours);
        if (hits && g_getenv("ICP_DEBUG_OCR"))
            fprintf(stderr, "face %d,%d %dx%d hits %d\n", f.x, f.y, f.w,
                    f.h, f.neighbours);
    }
    VIPS_UNREF(grey);
    VIPS_UNREF(mem);
    vips_error_clear();
    return hits;
}

static bool has_face(struct icp_worker *w, struct icp_image *img,
                     struct icp_result *res)
{
    return face_hits(w, img, res) > 0;
}

/* Whether the title band's reading (title_first() left it in r) named a
 * domain certificate or a business licence: papers that print no
 * machine-readable zone and none of a passport's words (an open passport's
 * 有效期至 and 签发机关 would pass for an ID card's back). */
static bool title_names_paper(const struct icp_context *ctx,
                              const struct reading *r)
{
    return (r->type == ICP_TYPE_DOMAIN_CERTIFICATE ||
            r->type == ICP_TYPE_BUSINESS_LICENSE) &&
           r->score >= icp_model_num(ctx, "classify", "classify",
                                     "min_score");
}

/* Whether the document is framed in a card's proportions (ISO/IEC 7810
 * ID-1, 85.6 x 54 mm, as the ID card and the permits are; either way up),
 * which a passport's data page (ID-3, 125 x 88 mm) is not. */
static bool card_shaped(struct icp_worker *w, struct icp_image *img,
                        struct icp_result *res)
{
    double a = icp_document_aspect(img, res);
    if (a <= 0)
        return false;
    return fmin(a, 1 / a) <= icp_model_num(w->ctx, "classify", "card",
                                           "max_aspect");
}

/* Whether a reading named a material other than a passport, without a
 * word of a passport's in it: what a passport's page never gives, its
 * zone's fillers and its titles read as well as anything on it. */
static bool names_card(const struct icp_context *ctx, const struct reading *r)
{
    return r->type != ICP_TYPE_UNKNOWN && r->type != ICP_TYPE_PASSPORT &&
           !r->passport_words &&
           r->score >= icp_model_num(ctx, "classify", "classify",
                                     "min_score");
}

/* After the document was framed anew: the title first, then the
 * keywords. True when the title named the type (set on res); else the
 * keywords' reading in *r, which the caller judges. */
static bool read_reframed(struct icp_worker *w, struct icp_image *img,
                          struct icp_result *res, struct reading *r)
{
    VipsImage *view = NULL;
    if (title_first(w, img, res, &view, r)) {
        VIPS_UNREF(view);
        double full = icp_model_num(w->ctx, "classify", "classify",
                                    "full_score");
        res->type = r->type;
        res->type_confidence = fmin(1.0, r->score / full);
        return true;
    }
    by_keywords(w, img, res, view, r);
    return false;
}

/* The fallbacks for a document (not blue all round) its keywords named
 * nothing, each tried while the last left it unnamed: the page framed by
 * its print, the whole frame, a finer view. True when a title named the
 * type (set on res); else the last reading in *r, which the caller judges,
 * and in *plain_face whether a person was told before a plain background
 * on the way. */
static bool read_again(struct icp_worker *w, struct icp_image *img,
                       struct icp_result *res, double plain,
                       struct reading *r, bool *plain_face)
{
    const struct icp_context *ctx = w->ctx;
    struct icp_stage_timer tm;
    icp_stage_timer_start(&tm);
    /* Nothing read on a region that is no rectangle (a bright patch of a
     * mottled desk with a small, blurred page in it): the page framed by
     * its print instead, and read again, the title first. The reading kept
     * from the first frame is replaced by any material that uses one. */
    if (icp_document_reframe_by_print(img, res) == 0) {
        icp_stage_lap(&tm, res->path, "classify reframe");
        if (read_reframed(w, img, res, r))
            return true;
    }
    double min_plain = icp_model_num(ctx, "classify", "backdrop",
                                     "plain_min_fraction");
    /* Still nothing, and the reading garbled (not a confident text that
     * is just not ours), on a region taken for the paper: that region
     * may be a bright patch of a page that runs off the photo's edges (a
     * checklist cut off at its side, the 11 % of the frame that was read
     * held a blank stretch between the table and the signature's box).
     * The whole frame, cropped to its print, is read instead. A person
     * before a plain background is told first: a backdrop photo read
     * nothing either, and pays nothing more. Only files named nothing so
     * far pay for this reading. */
    if (r->type == ICP_TYPE_UNKNOWN && !much_text(ctx, r) &&
        !(*plain_face = plain >= min_plain && has_face(w, img, res)) &&
        icp_document_reframe_whole(img, res) == 0) {
        icp_stage_lap(&tm, res->path, "classify reframe whole");
        if (read_reframed(w, img, res, r))
            return true;
    }
    /* Still garbled where the print was framed from the whole photo (no
     * paper told from the desk): a page a third of the frame, its text
     * shrunk to a few pixels in the reading-side view, read again from a
     * view of `retry_side`. */
    if (r->type == ICP_TYPE_UNKNOWN && !much_text(ctx, r) &&
        !*plain_face && img->doc.known && !img->doc.found) {
        int retry = (int)icp_model_num(ctx, "classify", "classify",
                                       "retry_side");
        reading_clear(r);
        by_keywords_at(w, img, res, NULL, retry, r);
        icp_stage_lap(&tm, res->path, "classify retry");
    }
    return false;
}

void icp_classify(struct icp_worker *w, struct icp_image *img,
                  struct icp_result *res)
{
    const struct icp_context *ctx = w->ctx;
    res->type = ICP_TYPE_UNKNOWN;
    res->type_confidence = 0;
    struct icp_stage_timer t;
    icp_stage_timer_start(&t);
    VipsImage *copy = icp_document_search_copy(img, res);
    icp_stage_lap(&t, res->path, "classify decode");
    if (!copy)
        return;
    double blue = 0, plain = 0;
    border_colour(ctx, copy, &blue, &plain);
    icp_stage_lap(&t, res->path, "classify border");
    if (g_getenv("ICP_DEBUG_OCR"))
        fprintf(stderr, "border blue %.2f plain %.2f\n", blue, plain);
    double min_blue = icp_model_num(ctx, "classify", "backdrop",
                                    "min_border_fraction");
    /* Blue all round and a sure face: a curtain photo, no text to read.
     * A face the detector is unsure of may be a card's print on blue
     * cloth (an ID card's emblem): the keywords are read first, and a
     * curtain without them is still told below. */
    bool blue_round = blue >= min_blue;
    if (blue_round &&
        face_hits(w, img, res) >=
            icp_model_num(ctx, "classify", "face", "sure_hits")) {
        res->type = ICP_TYPE_BACKDROP_PHOTO;
        res->type_confidence = fmin(1.0, 0.5 + blue / 2);
        return;
    }
    /* A portrait page is first asked for the checklist's title, before
     * the machine-readable zone's look (250-530 ms of CPU on a checklist):
     * the title names it from a small band. The view is made only for a
     * page framed portrait and kept for the page's reading. */
    VipsImage *view = NULL;
    struct reading r;
    if (title_first(w, img, res, &view, &r)) {
        VIPS_UNREF(view);
        double full = icp_model_num(ctx, "classify", "classify", "full_score");
        res->type = r.type;
        res->type_confidence = fmin(1.0, r.score / full);
        return;
    }

    /* A card-shaped page is read for its keywords first: an ID card or a
     * permit, named by them, prints no passport's zone, and the first look
     * for one is spared (some 35 ms of CPU a card). */
    bool read = card_shaped(w, img, res);
    if (read) {
        by_keywords(w, img, res, view, &r);
        view = NULL; /* taken over */
    }
    /* A machine-readable zone read on a first look names a passport for
     * a fraction of the whole page's reading, which its check never uses;
     * not looked for on a page whose title band named a certificate or a
     * licence, which print no zone (some 45 ms of CPU a domain
     * certificate), nor on a card its keywords named. */
    struct icp_stage_timer tm;
    icp_stage_timer_start(&tm);
    bool mrz = !title_names_paper(w->ctx, &r) &&
               !(read && names_card(ctx, &r)) &&
               icp_mrz_band_seen(w, img, res);
    icp_stage_lap(&tm, res->path, "classify mrz");
    if (mrz) {
        VIPS_UNREF(view);
        double full = icp_model_num(ctx, "classify", "classify", "full_score");
        res->type = ICP_TYPE_PASSPORT;
        res->type_confidence = fmin(
            1.0, icp_model_num(ctx, "classify", "passport", "band_score") /
                     full);
        return;
    }
    if (!read)
        by_keywords(w, img, res, view, &r);
    bool plain_face = false;
    if (r.type == ICP_TYPE_UNKNOWN && !blue_round &&
        read_again(w, img, res, plain, &r, &plain_face))
        return;
    if (r.type != ICP_TYPE_UNKNOWN) {
        double full = icp_model_num(ctx, "classify", "classify", "full_score");
        res->type = r.type;
        res->type_confidence = fmin(1.0, r.score / full);
        return;
    }
    /* No material's words: a blue curtain with nobody before it is still
     * a backdrop photo (its check says no person); so is a person before a
     * plain background of the wrong colour, with hardly any text. */
    double min_plain = icp_model_num(ctx, "classify", "backdrop",
                                     "plain_min_fraction");
    if (blue_round || (plain >= min_plain && !much_text(ctx, &r) &&
                       (plain_face || has_face(w, img, res)))) {
        res->type = ICP_TYPE_BACKDROP_PHOTO;
        res->type_confidence = blue_round ? 0.5 + blue / 4 : 0.5;
    }
}
