/* The visual report (--report FILE.html): one self-contained page with the
 * verdicts, findings and annotated thumbnails, filterable by verdict and
 * rule. */
#ifndef ICPCHECK_HTML_H
#define ICPCHECK_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"
#include "result.h"
#include "types.h"

struct icp_html;

/** Starts the page for `target`: it is written to a temporary file in the
 * target's folder and renamed over `target` by icp_html_finish(), so that
 * a reader never sees half a page. Returns NULL with a message in *err_out
 * (caller g_free()s). Caller frees with icp_html_free(). */
struct icp_html *icp_html_new(const char *target, enum icp_lang lang,
                              char **err_out);

/** Removes the temporary file unless the page was finished; NULL is a
 * no-op. */
void icp_html_free(struct icp_html *html);

/** Adds a file's row; `thumb` is its data URI from icp_html_thumbnail()
 * (borrowed, may be NULL). Write errors are kept for icp_html_finish(). */
void icp_html_file(struct icp_html *html, const struct icp_result *res,
                   const char *thumb);

/** Adds an application's row, after its files' rows. */
void icp_html_application(struct icp_html *html,
                          const struct icp_app_record *app);

/** Writes the summary table and the filters, closes the page and renames
 * it into place. `interrupted` says so on the page. Returns 0, or -1 with
 * a message in *err_out (caller g_free()s). */
int icp_html_finish(struct icp_html *html, bool interrupted, char **err_out);

/** A JPEG thumbnail (at most 320 px a side) of the file at `path`, upright,
 * with the boxes of `res`'s findings (red errors, orange warnings, blue
 * notes) and fields (green) drawn on it, as a data: URI. NULL when the
 * file cannot be read or decoded. Thread-safe. Caller g_free()s. */
char *icp_html_thumbnail(const char *path, const struct icp_result *res);

/** As icp_html_thumbnail() for the encoded image in memory at `data`
 * (borrowed), e.g. an upload. Caller g_free()s. */
char *icp_html_thumbnail_buffer(const void *data, size_t len,
                                const struct icp_result *res);

#endif
