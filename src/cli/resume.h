/* --resume: the file records of an earlier run's JSON Lines output, indexed
 * by path so that unchanged files are not checked again. */
#ifndef ICPCHECK_CLI_RESUME_H
#define ICPCHECK_CLI_RESUME_H

#include <stddef.h>
#include <stdio.h>

#include "icpcheck/icpcheck.h"

struct icp_resume;

/** An empty index. Caller frees with icp_resume_free(). */
struct icp_resume *icp_resume_new(void);

/** Frees the index (and closes its file); NULL is a no-op. */
void icp_resume_free(struct icp_resume *r);

/** Reads `path` line by line into a new index: each `kind: file` record
 * with a path, size and mtime, and a verdict other than "error" (a file
 * that could not be read is worth another try), is remembered by the hash
 * of its path and its offset; every other line, malformed ones included,
 * is passed over. Returns NULL with a message in *err_out (caller
 * g_free()s) when the file cannot be opened. Caller frees with
 * icp_resume_free(). */
struct icp_resume *icp_resume_open(const char *path, char **err_out);

/** As icp_resume_open() on an open stream, which the index takes
 * ownership of (it must allow seeking). Never NULL. */
struct icp_resume *icp_resume_read(FILE *f);

/** Indexes one line of `len` bytes (no newline needed) found at `offset`
 * of the file. Returns 1 when it was remembered, 0 when passed over. */
int icp_resume_add_line(struct icp_resume *r, const char *line, size_t len,
                        long long offset);

/** The number of records remembered. */
size_t icp_resume_count(const struct icp_resume *r);

/** The recorded result for `display` when the file still has this size and
 * mtime, or NULL. The result is marked resumed and rebuilt from the
 * record (findings keep their recorded messages). Caller frees with
 * icp_result_free(). */
struct icp_result *icp_resume_take(struct icp_resume *r, const char *display,
                                   long long size, long long mtime,
                                   enum icp_lang lang);

#endif
