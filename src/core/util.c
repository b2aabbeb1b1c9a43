/* Allocation wrappers that abort on out-of-memory, so callers need not
 * check; clocks and the per-stage CPU timer. */
#include "core/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void oom(size_t size)
{
    fprintf(stderr, "icpcheck: out of memory (%zu bytes)\n", size);
    abort();
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        oom(size);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom(n * size);
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        oom(size);
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xmalloc(n);
    memcpy(p, s, n);
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *s = xmalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

long long icp_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long icp_thread_cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long icp_process_cpu_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts))
        return 0;
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int icp_process_rss_kb(long *rss_kb, long *peak_kb)
{
    *rss_kb = *peak_kb = 0;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[128];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmRSS:", 6) == 0)
            *rss_kb = strtol(line + 6, NULL, 10);
        else if (strncmp(line, "VmHWM:", 6) == 0)
            *peak_kb = strtol(line + 6, NULL, 10);
    }
    fclose(f);
    return 0;
}

void icp_stage_timer_start(struct icp_stage_timer *t)
{
    const char *env = getenv("ICP_DEBUG_TIME");
    t->on = env && *env;
    t->last = t->on ? icp_process_cpu_ms() : 0;
}

void icp_stage_lap(struct icp_stage_timer *t, const char *path,
                   const char *stage)
{
    if (!t->on)
        return;
    long long now = icp_process_cpu_ms();
    long rss = 0, hwm = 0;
    icp_process_rss_kb(&rss, &hwm);
    fprintf(stderr, "time %s %s %lld ms rss %ld MB peak %ld MB\n", path,
            stage, now - t->last, rss >> 10, hwm >> 10);
    t->last = now;
}

static long long wait_us[ICP_WAIT_N];
static long wait_count[ICP_WAIT_N];

void icp_wait_add(enum icp_wait what, long long us)
{
    __atomic_add_fetch(&wait_us[what], us, __ATOMIC_RELAXED);
    __atomic_add_fetch(&wait_count[what], 1, __ATOMIC_RELAXED);
}

void icp_waits_report(void)
{
    const char *env = getenv("ICP_DEBUG_TIME");
    if (!env || !*env)
        return;
    static const char *const names[ICP_WAIT_N] = {"engine", "budget", "queue",
                                                  "trim"};
    fprintf(stderr, "waits");
    for (int i = 0; i < ICP_WAIT_N; i++)
        fprintf(stderr, " %s %lld ms (%ld)", names[i],
                __atomic_load_n(&wait_us[i], __ATOMIC_RELAXED) / 1000,
                __atomic_load_n(&wait_count[i], __ATOMIC_RELAXED));
    fputc('\n', stderr);
}

int icp_otsu_threshold(const unsigned char *px, size_t n)
{
    double hist[256] = {0}, sum = 0, sum_b = 0, w_b = 0, best = -1;
    for (size_t i = 0; i < n; i++)
        hist[px[i]]++;
    for (int i = 0; i < 256; i++)
        sum += i * hist[i];
    int t = 128;
    for (int i = 0; i < 256; i++) {
        w_b += hist[i];
        if (w_b == 0 || w_b == (double)n)
            continue;
        sum_b += i * hist[i];
        double m_b = sum_b / w_b, m_f = (sum - sum_b) / ((double)n - w_b);
        double between = w_b * ((double)n - w_b) * (m_b - m_f) * (m_b - m_f);
        if (between > best) {
            best = between;
            t = i;
        }
    }
    return t;
}
