/* The progress bar: redrawn in place with CR and erase-line. */
#include "cli/progress.h"

#include <stdio.h>

void icp_progress_init(struct icp_progress *p, bool on, long total)
{
    p->on = on;
    p->drawn = false;
    p->total = total;
    p->start = g_get_monotonic_time();
    p->last = 0;
}

static void format_eta(char *buf, size_t size, double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%ld:%02ld", t / 60, t % 60);
}

void icp_progress_format(char *buf, size_t size, long done, long total,
                         long failed, double seconds)
{
    enum { WIDTH = 20 };
    char bar[WIDTH + 1], eta[32] = "?";
    int fill =
        total > 0 ? (int)(WIDTH * (done > total ? total : done) / total) : 0;
    for (int i = 0; i < WIDTH; i++)
        bar[i] = i < fill ? '#' : '-';
    bar[WIDTH] = '\0';
    double rate = seconds > 0 ? done / seconds : 0;
    if (total >= 0 && rate > 0)
        format_eta(eta, sizeof eta, (total - done) / rate);
    char tot[32] = "?";
    if (total >= 0)
        snprintf(tot, sizeof tot, "%ld", total);
    snprintf(buf, size, "[%s] %ld/%s files  %.1f/s  ETA %s  %ld failed", bar,
             done, tot, rate, eta, failed);
}

void icp_progress_update(struct icp_progress *p, long done, long failed,
                         bool force)
{
    if (!p->on)
        return;
    gint64 now = g_get_monotonic_time();
    if (!force && p->drawn && now - p->last < G_USEC_PER_SEC / 10)
        return;
    char line[160];
    icp_progress_format(line, sizeof line, done, p->total, failed,
                        (double)(now - p->start) / G_USEC_PER_SEC);
    fprintf(stderr, "\r\033[K%s", line);
    fflush(stderr);
    p->drawn = true;
    p->last = now;
}

void icp_progress_clear(struct icp_progress *p)
{
    if (!p->on || !p->drawn)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    p->drawn = false;
}
