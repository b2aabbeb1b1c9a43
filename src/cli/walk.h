/* Turning the command line's paths into the ordered list of what to report:
 * files to check, records made during the walk, and applications. */
#ifndef ICPCHECK_CLI_WALK_H
#define ICPCHECK_CLI_WALK_H

#include <glib.h>

#include "cli/pool.h"
#include "icpcheck/icpcheck.h"

enum icp_item_kind {
    ICP_ITEM_FILE,       /* a file to check: task */
    ICP_ITEM_RESULT,     /* a file record made by the walk: result */
    ICP_ITEM_APPLICATION /* a folder: items [first, first + count) */
};

struct icp_item {
    enum icp_item_kind kind;
    char *path;                /* the file system path */
    char *display;             /* valid UTF-8, as reported */
    struct icp_task task;      /* FILE */
    struct icp_result *result; /* RESULT (owned until printed) */
    size_t first, count;       /* APPLICATION */
    /* Kept once the file's record is printed, for its application. */
    enum icp_verdict verdict;
    enum icp_doc_type type;
};

struct icp_walk {
    GArray *items; /* struct icp_item, in output order */
    long skipped;  /* hidden and non-image files found by walking */
    long records;  /* file records to come (FILE + RESULT items) */
    enum icp_lang lang;
    bool folders; /* scan: walk folders; check: files only */
};

/** An empty walk. `folders` is false for `check`. Caller frees with
 * icp_walk_free(). */
struct icp_walk *icp_walk_new(bool folders, enum icp_lang lang);

/** Frees the walk and every result it still holds; NULL is a no-op. */
void icp_walk_free(struct icp_walk *walk);

/** Adds a path named by the user: a file is always checked, a folder is
 * walked (scan) or refused with a record (check). Problems become records;
 * symbolic-link loops are also reported on stderr. */
void icp_walk_add(struct icp_walk *walk, const char *path);

/** Adds the paths of `list` ("-" = stdin), one a line: CR LF and blank
 * lines are fine, spaces belong to the path. Returns 0, or -1 with a
 * message in *err_out (caller g_free()s) when the list cannot be read. */
int icp_walk_add_list(struct icp_walk *walk, const char *list, char **err_out);

/** The next path of a --files-from text: cuts the line at *cursor (LF or
 * CR LF) in place, skips blank lines, and moves *cursor past it. `end`
 * points at the text's terminating NUL (writable). Returns the line
 * (inside the text), or NULL at the end. */
char *icp_walk_next_line(char **cursor, char *end);

/** True when `name` ends in an image extension (jpg jpeg png webp tif tiff
 * heic heif gif bmp), in any case. */
bool icp_walk_is_image_name(const char *name);

/** `path` as valid UTF-8 (invalid bytes become U+FFFD, lossy), without
 * trailing slashes. Caller g_free()s. */
char *icp_walk_display(const char *path);

#endif
