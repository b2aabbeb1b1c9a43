/* The MRZ reader against real specimens: $ICP_SHARED/data/passport with
 * truth.tsv. Reading is checked with today before their expiry; the verdict
 * with today's date (they are all expired). */
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "checks/mrzband.h"
#include "core/context.h"
#include "harness.h"
#include "icpcheck/icpcheck.h"

static const char *shared_dir(void)
{
    const char *s = getenv("ICP_SHARED");
    return s && *s ? s : "../shared";
}

static struct icp_context *make_ctx(int y, int m, int d)
{
    struct icp_options o;
    icp_options_init(&o);
    if (y)
        o.today_year = y, o.today_month = m, o.today_day = d;
    /* Some specimens are small scans; reading them is the point here. */
    o.min_short_side = 100;
    o.forced_type = ICP_TYPE_PASSPORT;
    char *err = NULL;
    return icp_context_new(&o, &err);
}

static void test_passport_specimens(void)
{
    char *dir = g_build_filename(shared_dir(), "data", "passport", NULL);
    char *tsv = g_build_filename(dir, "truth.tsv", NULL);
    gchar *text = NULL;
    if (!g_file_get_contents(tsv, &text, NULL, NULL)) {
        printf("note: %s is absent; skipping the real MRZ set\n", tsv);
        g_free(tsv);
        g_free(dir);
        return;
    }
    struct icp_context *past = make_ctx(1990, 1, 1), *now = make_ctx(0, 0, 0);
    struct icp_worker *wp = icp_worker_new(past, &(char *){NULL});
    struct icp_worker *wn = icp_worker_new(now, &(char *){NULL});
    char **rows = g_strsplit(text, "\n", -1);
    int total = 0, right = 0, expired_flagged = 0;
    for (char **r = rows + 1; *r; r++) {
        char **col = g_strsplit(*r, "\t", -1);
        if (g_strv_length(col) < 4 || !col[3][0]) {
            g_strfreev(col);
            continue;
        }
        total++;
        char *path = g_build_filename(dir, col[0], NULL);
        struct icp_result *res = icp_result_new(path, ICP_LANG_EN);
        struct icp_image *img = NULL;
        char got[16] = "-";
        if (icp_image_open_file(past, path, res, &img) == 0) {
            struct icp_mrz m;
            if (icp_mrz_read(wp, img, res, &m, NULL) == 0 &&
                icp_date_is_set(m.expiry))
                icp_date_format(m.expiry, got);
        }
        if (strcmp(got, col[3]) == 0)
            right++;
        else
            printf("  %s: read %s, expected %s\n", col[0], got, col[3]);
        icp_image_free(img);
        icp_result_free(res);
        /* With today's date the whole file check must fail it. */
        struct icp_result *fr = icp_check_file(wn, path, NULL);
        if (icp_result_has(fr, "doc.expired") &&
            icp_result_verdict(fr) == ICP_VERDICT_FAIL)
            expired_flagged++;
        else if (icp_result_verdict(fr) == ICP_VERDICT_PASS)
            printf("  %s: an expired document passed\n", col[0]);
        OK(icp_result_verdict(fr) != ICP_VERDICT_PASS);
        icp_result_free(fr);
        g_free(path);
        g_strfreev(col);
    }
    printf("passport specimens: MRZ expiry read right on %d of %d; "
           "doc.expired on %d of %d with today's date\n",
           right, total, expired_flagged, total);
    INT_EQ(total, 18);
    OK(right >= 15);
    g_strfreev(rows);
    icp_worker_free(wp);
    icp_worker_free(wn);
    icp_context_free(past);
    icp_context_free(now);
    g_free(text);
    g_free(tsv);
    g_free(dir);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (icp_init(argv[0]))
        return 1;
    RUN(test_passport_specimens);
    icp_shutdown();
    return TEST_DONE();
}
