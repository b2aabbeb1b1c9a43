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
/* Otsu's threshold of n grey bytes over a 256-bin histogram: the
 * darker class holds the values at or under it. */
int icp_otsu_threshold(const unsigned char *px, size_t n);

long long icp_now_ms(void);

/** Milliseconds of CPU time the calling thread has used. */
long long icp_thread_cpu_ms(void);

/** Milliseconds of CPU time the whole process has used: libvips evaluates
 * on threads of its own, which the calling thread's clock does not see. */
long long icp_process_cpu_ms(void);

/** The process's resident memory now and at its peak (VmRSS, VmHWM), in
 * kB; 0 and -1 where /proc cannot tell. */
int icp_process_rss_kb(long *rss_kb, long *peak_kb);

/* ICP_DEBUG_TIME=1: the process CPU time of each stage of a file's check
 * on stderr, one line "time PATH STAGE N ms rss R MB peak P MB" per lap
 * (run with -j 1: the clock and the memory are the whole process's). Off,
 * a lap costs nothing. */
struct icp_stage_timer {
    int on;         /* ICP_DEBUG_TIME was set at the start */
    long long last; /* process CPU ms at the start or the last lap */
};

/** Starts timing: reads ICP_DEBUG_TIME once. */
void icp_stage_timer_start(struct icp_stage_timer *t);

/** Prints the CPU time since the start or the last lap as `stage` of
 * `path`, and starts the next lap. */
void icp_stage_lap(struct icp_stage_timer *t, const char *path,
                   const char *stage);

/* Where the workers of a batch wait rather than compute: the run's totals
 * go to stderr at its end under ICP_DEBUG_TIME (icp_waits_report()). */
enum icp_wait {
    ICP_WAIT_ENGINE, /* for an OCR engine another worker is using */
    ICP_WAIT_BUDGET, /* for the full-resolution decode budget */
    ICP_WAIT_QUEUE,  /* for a file to check (the printer's window) */
    ICP_WAIT_TRIM,   /* in malloc_trim() after each file */
    ICP_WAIT_N
};

/** Adds `us` microseconds to the run's total for `what` (thread-safe). */
void icp_wait_add(enum icp_wait what, long long us);

/** Prints the totals ("waits engine N ms budget N ms ...") on stderr when
 * ICP_DEBUG_TIME is set. */
void icp_waits_report(void);

#endif
