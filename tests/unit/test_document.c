/* Unit tests of the print helpers the checklist's title is found with:
 * clearing what touches a binarised band's edges, and the band's tallest
 * line of print. */
#include <string.h>

#include "checks/document.h"
#include "harness.h"
#include "icpcheck/icpcheck.h"

enum { W = 400, H = 200 };

/* A white W x H one-band image in memory. */
static VipsImage *blank(void)
{
    VipsImage *im = vips_image_new_memory();
    vips_image_init_fields(im, W, H, 1, VIPS_FORMAT_UCHAR, VIPS_CODING_NONE,
                           VIPS_INTERPRETATION_B_W, 1, 1);
    OK(vips_image_write_prepare(im) == 0);
    memset(VIPS_IMAGE_ADDR(im, 0, 0), 255, (size_t)W * H);
    return im;
}

/* Black "characters": 6 px squares every 12 px across [x0, x1), rows
 * [y0, y1). */
static void print_line(VipsImage *im, int x0, int x1, int y0, int y1)
{
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            if ((x - x0) % 12 < 6)
                *VIPS_IMAGE_ADDR(im, x, y) = 0;
}

static void fill(VipsImage *im, int x0, int x1, int y0, int y1)
{
    for (int y = y0; y < y1; y++)
        memset(VIPS_IMAGE_ADDR(im, x0, y), 0, (size_t)(x1 - x0));
}

static void test_tallest_line_is_the_title(void)
{
    /* a small header, the title twice its height, a table row below */
    VipsImage *im = blank();
    print_line(im, 150, 250, 10, 20);
    print_line(im, 60, 340, 40, 64);
    print_line(im, 40, 360, 90, 102);
    int y0 = 0, y1 = 0;
    OK(icp_print_tallest_line(im, 0.02, &y0, &y1));
    INT_EQ(y0, 40);
    INT_EQ(y1, 64);
    g_object_unref(im);
}

static void test_desk_at_the_edge_is_cleared(void)
{
    /* a dark desk down the left side and a table's rule cut by the band's
     * bottom edge: both touch the edges and go; the title stays */
    VipsImage *im = blank();
    fill(im, 0, 60, 0, H);
    fill(im, 70, 80, 110, H);
    print_line(im, 100, 300, 40, 60);
    icp_print_clear_edges(im);
    OK(*VIPS_IMAGE_ADDR(im, 10, 100) == 255);
    OK(*VIPS_IMAGE_ADDR(im, 75, 150) == 255);
    OK(*VIPS_IMAGE_ADDR(im, 100, 50) == 0);
    int y0 = 0, y1 = 0;
    OK(icp_print_tallest_line(im, 0.02, &y0, &y1));
    INT_EQ(y0, 40);
    INT_EQ(y1, 60);
    g_object_unref(im);
}

static void test_no_print_no_line(void)
{
    VipsImage *im = blank();
    fill(im, 0, W, 0, 20); /* all along the top edge: cleared */
    icp_print_clear_edges(im);
    int y0 = -1, y1 = -1;
    OK(!icp_print_tallest_line(im, 0.02, &y0, &y1));
    g_object_unref(im);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (icp_init(argv[0]))
        return 1;
    RUN(test_tallest_line_is_the_title);
    RUN(test_desk_at_the_edge_is_cleared);
    RUN(test_no_print_no_line);
    return TEST_DONE();
}
