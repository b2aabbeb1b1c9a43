/* Allocation that aborts on out-of-memory, and small string helpers. */
#ifndef ICPCHECK_UTIL_H
#define ICPCHECK_UTIL_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
/** printf into a new string; caller frees with free(). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Milliseconds on a monotonic clock. */
long long icp_now_ms(void);

/** Milliseconds of CPU time the calling thread has used. */
long long icp_thread_cpu_ms(void);

#endif
