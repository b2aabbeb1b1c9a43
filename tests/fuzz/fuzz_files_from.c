/* Fuzzes the reading of a --files-from list: any bytes split into paths
 * that hold no line break, are never blank, and come out as valid UTF-8;
 * each is added to a `check` walk (which stats it but never walks a
 * folder). */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = g_malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    struct icp_walk *walk = icp_walk_new(false, ICP_LANG_EN);
    char *cursor = text, *line;
    long lines = 0;
    while ((line = icp_walk_next_line(&cursor, text + size))) {
        if (line < text || line > text + size || strchr(line, '\n') ||
            line[strspn(line, " \t")] == '\0' || cursor > text + size)
            abort();
        char *shown = icp_walk_display(line);
        if (!g_utf8_validate(shown, -1, NULL))
            abort();
        g_free(shown);
        /* Stat calls only: bound them so that one input stays fast. */
        if (lines++ < 16)
            icp_walk_add(walk, line);
    }
    if (walk->records != (long)walk->items->len)
        abort(); /* check mode: one record per path, no applications */
    icp_walk_free(walk);
    g_free(text);
    return 0;
}
