/* Turning the command line's paths into the ordered stream of what to
 * report: files to check, records made during the walk, and applications.
 * The walk is lazy: it holds one folder listing per level of depth, never
 * the whole tree, so that memory does not grow with the number of files. */
#ifndef ICPCHECK_CLI_WALK_H
#define ICPCHECK_CLI_WALK_H

#include <glib.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/pool.h"
#include "icpcheck/icpcheck.h"

enum icp_item_kind {
    ICP_ITEM_FILE,       /* a file to check: task */
    ICP_ITEM_RESULT,     /* a file record made by the walk: result */
    ICP_ITEM_APPLICATION /* a folder: the files just before it */
};

struct icp_item {
    enum icp_item_kind kind;
    char *path;                /* the file system path */
    char *display;             /* valid UTF-8, as reported */
    struct icp_task task;      /* FILE */
    struct icp_result *result; /* RESULT (owned until printed) */
    bool in_app;               /* FILE, RESULT: one of a folder's files */
    bool has_stat;             /* FILE: the walk's stat() of it */
    long long size, mtime;
};

struct icp_walk;

/** An empty walk. `folders` is false for `check`. Caller frees with
 * icp_walk_free(). */
struct icp_walk *icp_walk_new(bool folders, enum icp_lang lang);

/** Frees the walk and whatever it has not handed out; NULL is a no-op. */
void icp_walk_free(struct icp_walk *walk);

/** Keeps only shard `index` of `count` (0 <= index < count): a folder's
 * files go to the shard of icp_walk_shard_of() on the folder's displayed
 * path, so that an application is never split; a file named directly goes
 * by its own path. */
void icp_walk_set_shard(struct icp_walk *walk, unsigned index, unsigned count);

/** The shard (0..count-1) of a displayed path: FNV-1a 64 of its bytes,
 * modulo count. Stable across machines and runs. */
unsigned icp_walk_shard_of(const char *display, unsigned count);

/** Queues a path named by the user (copied): a file is always checked, a
 * folder is walked (scan) or refused with a record (check). */
void icp_walk_add(struct icp_walk *walk, const char *path);

/** Reads more paths from `list` ("-" = stdin), one a line, after the named
 * ones, as the walk goes: CR LF and blank lines are fine, spaces belong to
 * the path. Returns 0, or -1 with a message in *err_out (caller g_free()s)
 * when the list cannot be opened. */
int icp_walk_add_list(struct icp_walk *walk, const char *list, char **err_out);

/** The next item in output order, or NULL when the walk is over. Problems
 * become records; symbolic-link loops are also reported on stderr. Caller
 * frees with icp_walk_item_free(). */
struct icp_item *icp_walk_next(struct icp_walk *walk);

/** Frees an item and any result it still holds; NULL is a no-op. */
void icp_walk_item_free(struct icp_item *it);

/** Hidden and non-image files the walk has passed over so far. */
long icp_walk_skipped(const struct icp_walk *walk);

/** True when the list of paths could not be read to its end (a message
 * went to stderr). */
bool icp_walk_list_failed(const struct icp_walk *walk);

/** Counts the image files a scan of `path` would check (folders walked
 * as icp_walk_next() does, shard applied; count 0 = no shard), stopping
 * early when *cancel becomes non-zero. For the progress bar's total. */
long icp_walk_count(const char *path, bool folders, unsigned shard_index,
                    unsigned shard_count, const gint *cancel);

/** Reads one line of a --files-from list into buf (at most cap - 1 bytes,
 * LF or CR LF cut off). Returns 1 for a line, 0 at the end, -1 when the
 * line holds a NUL byte or does not fit: no list of paths does that. */
int icp_walk_read_line(FILE *f, char *buf, size_t cap);

/** True when `name` ends in an image extension (jpg jpeg png webp tif tiff
 * heic heif gif bmp), in any case. */
bool icp_walk_is_image_name(const char *name);

/** `path` as valid UTF-8 (invalid bytes become U+FFFD, lossy), without
 * trailing slashes. Caller g_free()s. */
char *icp_walk_display(const char *path);

#endif
