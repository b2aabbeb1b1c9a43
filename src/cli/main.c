/* icpcheck: the command line. */
#include <stdio.h>
#include <stdlib.h>

#include "icpcheck/icpcheck.h"

int main(int argc, char **argv)
{
    if (icp_init(argv[0]))
        return 2;
    struct icp_options opts;
    icp_options_init(&opts);
    char *err = NULL;
    struct icp_context *ctx = icp_context_new(&opts, &err);
    if (!ctx) {
        fprintf(stderr, "icpcheck: %s\n", err);
        return 2;
    }
    struct icp_worker *w = icp_worker_new(ctx, &err);
    int status = 0;
    for (int i = 1; i < argc; i++) {
        struct icp_result *res = icp_check_file(w, argv[i], NULL);
        char *json = icp_result_to_json(res);
        puts(json);
        free(json);
        if (icp_result_verdict(res) >= ICP_VERDICT_FAIL)
            status = 1;
        icp_result_free(res);
    }
    icp_worker_free(w);
    icp_context_free(ctx);
    icp_shutdown();
    return status;
}
