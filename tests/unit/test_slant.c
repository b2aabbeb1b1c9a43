/* Unit tests of the slant measure: synthetic lines of upright or leaning
 * strokes, whose lean the measure must find and undo. */
#include <math.h>
#include <stdlib.h>

#include "checks/slant.h"
#include "harness.h"

#define W 400
#define H 60

/* A line of 3 px wide strokes every 20 px, 40 px high, each leaning so
 * that its top stands `lean` px per px of height to the right of its
 * foot; white paper (230), dark ink (30). */
static unsigned char *leaning_strokes(double lean)
{
    unsigned char *px = malloc(W * H);
    memset(px, 230, W * H);
    for (int y = 10; y < 50; y++)
        for (int x0 = 40; x0 < W - 60; x0 += 20) {
            int x = x0 + (int)lround(lean * (50 - y));
            for (int k = 0; k < 3; k++)
                px[y * W + x + k] = 30;
        }
    return px;
}

static void test_upright_strokes_left_alone(void)
{
    unsigned char *px = leaning_strokes(0);
    OK(icp_slant_measure(px, W, H, 0.3) == 0);
    free(px);
}

static void test_right_lean_undone(void)
{
    /* Tops a fifth of the height to the right: pixels above the middle
     * must move left, by about 0.2 per px. */
    unsigned char *px = leaning_strokes(0.2);
    double s = icp_slant_measure(px, W, H, 0.3);
    OK(s < -0.15 && s > -0.25);
    free(px);
}

static void test_left_lean_undone(void)
{
    unsigned char *px = leaning_strokes(-0.1);
    double s = icp_slant_measure(px, W, H, 0.3);
    OK(s > 0.05 && s < 0.15);
    free(px);
}

static void test_blank_and_tiny_inputs(void)
{
    unsigned char blank[W * H];
    memset(blank, 200, sizeof blank);
    OK(icp_slant_measure(blank, W, H, 0.3) == 0);
    OK(icp_slant_measure(blank, 4, 4, 0.3) == 0);
    OK(icp_slant_measure(NULL, W, H, 0.3) == 0);
}

int main(void)
{
    RUN(test_upright_strokes_left_alone);
    RUN(test_right_lean_undone);
    RUN(test_left_lean_undone);
    RUN(test_blank_and_tiny_inputs);
    return TEST_DONE();
}
