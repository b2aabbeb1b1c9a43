/* A tiny unit-test harness: each test_*.c has static tests and a main that
 * calls RUN(test_name) for each, then returns TEST_DONE(). */
#ifndef ICPCHECK_TEST_HARNESS_H
#define ICPCHECK_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed, harness_current_failed;

#define OK(cond)                                                            \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "  %s:%d: expected %s\n", __FILE__, __LINE__,   \
                    #cond);                                                 \
            harness_current_failed = 1;                                     \
        }                                                                   \
    } while (0)

#define INT_EQ(got, want)                                                   \
    do {                                                                    \
        long long g_ = (long long)(got), w_ = (long long)(want);            \
        if (g_ != w_) {                                                     \
            fprintf(stderr, "  %s:%d: %s is %lld, expected %lld\n",         \
                    __FILE__, __LINE__, #got, g_, w_);                      \
            harness_current_failed = 1;                                     \
        }                                                                   \
    } while (0)

#define STR_EQ(got, want)                                                   \
    do {                                                                    \
        const char *g_ = (got), *w_ = (want);                               \
        if (!g_ || !w_ ? g_ != w_ : strcmp(g_, w_) != 0) {                  \
            fprintf(stderr, "  %s:%d: %s is \"%s\", expected \"%s\"\n",     \
                    __FILE__, __LINE__, #got, g_ ? g_ : "(null)",           \
                    w_ ? w_ : "(null)");                                    \
            harness_current_failed = 1;                                     \
        }                                                                   \
    } while (0)

#define RUN(test)                                                           \
    do {                                                                    \
        harness_current_failed = 0;                                         \
        test();                                                             \
        if (harness_current_failed) {                                       \
            harness_failed++;                                               \
            printf("FAIL %s\n", #test);                                     \
        } else {                                                            \
            harness_passed++;                                               \
            printf("ok   %s\n", #test);                                     \
        }                                                                   \
    } while (0)

/* The last line is read by tests/run-tests.sh. */
#define TEST_DONE()                                                         \
    (printf("# %d passed, %d failed\n", harness_passed, harness_failed),    \
     harness_failed ? 1 : 0)

#endif
