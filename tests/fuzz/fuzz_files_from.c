/* Fuzzes the reading of a --files-from list: any bytes split into lines
 * that are bounded, hold no line break and no NUL, and never run past the
 * input; the reader must stop cleanly on a NUL or an overlong line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *f = fmemopen((void *)data, size, "r");
    if (!f)
        return 0;
    char buf[64];
    int rc;
    size_t lines = 0;
    while ((rc = icp_walk_read_line(f, buf, sizeof buf)) == 1) {
        size_t n = strlen(buf);
        if (n >= sizeof buf || memchr(buf, '\n', n))
            abort();
        char *shown = icp_walk_display(buf);
        if (!g_utf8_validate(shown, -1, NULL))
            abort();
        g_free(shown);
        if (++lines > size)
            abort(); /* every line consumes at least its newline */
    }
    fclose(f);
    return 0;
}
