/* Checks files as backdrop photos (the type forced) and prints one JSON
 * record a line: the end-to-end accuracy test's driver until the full
 * command line offers --type.  Usage: backdrop_driver YYYY-MM-DD FILE... */
#include <stdio.h>
#include <stdlib.h>

#include "icpcheck/icpcheck.h"

int main(int argc, char **argv)
{
    if (argc < 2 || icp_init(argv[0]))
        return 2;
    struct icp_options opts;
    icp_options_init(&opts);
    if (sscanf(argv[1], "%d-%d-%d", &opts.today_year, &opts.today_month,
               &opts.today_day) != 3)
        return 2;
    opts.forced_type = ICP_TYPE_BACKDROP_PHOTO;
    opts.lang = getenv("ICP_LANG_EN") ? ICP_LANG_EN : ICP_LANG_ZH;
    char *err = NULL;
    struct icp_context *ctx = icp_context_new(&opts, &err);
    if (!ctx) {
        fprintf(stderr, "backdrop_driver: %s\n", err);
        return 2;
    }
    struct icp_worker *w = icp_worker_new(ctx, &err);
    for (int i = 2; i < argc; i++) {
        struct icp_result *res = icp_check_file(w, argv[i], NULL);
        char *json = icp_result_to_json(res);
        puts(json);
        free(json);
        icp_result_free(res);
    }
    icp_worker_free(w);
    icp_context_free(ctx);
    icp_shutdown();
    return 0;
}
