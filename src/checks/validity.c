/* Validity periods as fields and findings (DESIGN.md rule ids). */
#include "checks/validity.h"

static void unreadable(struct icp_result *res,
                       const struct icp_validity_ctx *ctx)
{
    icp_result_set_str(res, "valid_until", NULL);
    icp_result_add(
        res, "doc.expiry_unreadable", ICP_SEV_ERROR, ctx->box,
        "无法读取证件有效期，请上传有效期限清晰可辨、四角完整的证件图片",
        "the validity period could not be read: upload a clear, "
        "complete image in which the validity dates are legible");
}

static bool span_ok(struct icp_date from, struct icp_date until, bool long_term,
                    enum icp_span_rule span)
{
    switch (span) {
    case ICP_SPAN_IDCARD:
        return icp_idcard_span_ok(from, until, long_term);
    case ICP_SPAN_HKMO:
        return !long_term && icp_permit_span_ok(ICP_PERMIT_HKMO, from, until);
    case ICP_SPAN_TW:
        return !long_term && icp_permit_span_ok(ICP_PERMIT_TW, from, until);
    case ICP_SPAN_ANY:
        break;
    }
    return true;
}

/* doc.dates_inconsistent: the order, then the span of the document type. */
static void consistency(struct icp_result *res, struct icp_date from,
                        struct icp_date until, bool long_term,
                        const struct icp_validity_ctx *ctx)
{
    char f[11], u[11];
    icp_date_format(from, f);
    icp_date_format(until, u);
    if (!long_term && icp_date_is_set(from) && icp_date_cmp(from, until) > 0) {
        icp_result_add(res, "doc.dates_inconsistent", ICP_SEV_ERROR, ctx->box,
                       "有效期起始日 %s 晚于截止日 %s，请核对证件或重新拍摄",
                       "the validity period starts on %s, after it ends on "
                       "%s: check the document or retake the photo",
                       f, u);
        return;
    }
    if (ctx->span == ICP_SPAN_ANY || span_ok(from, until, long_term, ctx->span))
        return;
    if (long_term || !icp_date_is_set(from))
        icp_result_add(res, "doc.dates_inconsistent", ICP_SEV_ERROR, ctx->box,
                       "有效期限（起始日 "
                       "%s）不是此类证件应有的期限，请核对证件是否真实有效",
                       "the validity period (from %s) is not one this kind of "
                       "document has: check that the document is genuine",
                       icp_date_is_set(from) ? f : "?");
    else
        icp_result_add(
            res, "doc.dates_inconsistent", ICP_SEV_ERROR, ctx->box,
            "有效期限 %s 至 %s 不是此类证件应有的期限，请核对证件是否真实有效",
            "the validity period %s to %s is not one this kind of "
            "document has: check that the document is genuine",
            f, u);
}

static void verdict(struct icp_result *res, struct icp_date until,
                    const struct icp_validity_ctx *ctx)
{
    char u[11];
    icp_date_format(until, u);
    switch (icp_validity_verdict(until, false, ctx->today, ctx->months)) {
    case ICP_VALIDITY_EXPIRED:
        icp_result_add(res, "doc.expired", ICP_SEV_ERROR, ctx->box,
                       "证件已于 %s 过期，请更换有效证件后再提交",
                       "the document expired on %s: renew it before filing", u);
        break;
    case ICP_VALIDITY_TOO_SOON:
        icp_result_add(
            res, "doc.expiry_too_soon", ICP_SEV_ERROR, ctx->box,
            "证件将于 %s 到期，距今不足 %d 个月，请更换新证件后再提交",
            "the document expires on %s, less than %d months from "
            "today: renew it before filing",
            u, ctx->months);
        break;
    case ICP_VALIDITY_OK:
        break;
    }
}

void icp_validity_report_dates(struct icp_result *res, struct icp_date from,
                               struct icp_date until, bool long_term,
                               const struct icp_validity_ctx *ctx)
{
    char buf[11];
    if (icp_date_is_set(from)) {
        icp_date_format(from, buf);
        icp_result_set_str(res, "valid_from", buf);
    }
    if (!long_term && !icp_date_valid(until)) {
        unreadable(res, ctx);
        return;
    }
    if (long_term) {
        icp_result_set_str(res, "valid_until", "long-term");
    } else {
        icp_date_format(until, buf);
        icp_result_set_str(res, "valid_until", buf);
    }
    consistency(res, from, until, long_term, ctx);
    if (!long_term)
        verdict(res, until, ctx);
}

void icp_validity_report_text(struct icp_result *res, const char *text,
                              const struct icp_validity_ctx *ctx)
{
    struct icp_date from, until;
    bool long_term;
    if (icp_validity_parse(text, ctx->min_year, ctx->max_year, &from, &until,
                           &long_term)) {
        unreadable(res, ctx);
        return;
    }
    icp_validity_report_dates(res, from, until, long_term, ctx);
}
