/*
 * test_screen.c - the screen analysis (screen.c) and the PPM reader (ppm.c) on drawn
 * pictures whose answer is known: Microsoft's logo at several sizes and places, the
 * same colours in the wrong order, a taskbar under a page and a dark page without
 * one, a dialog over a dimmed page, a blue screen, and sizes it must refuse.
 * Real screenshots are judged in tests/tool/test-screen.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ppm.h"
#include "screen.h"

typedef struct Picture {
    unsigned char *rgb;
    int w, h;
} Picture;

static const unsigned char WHITE[3] = {255, 255, 255};
static const unsigned char RED[3] = {0xF2, 0x50, 0x22};
static const unsigned char GREEN[3] = {0x7F, 0xBA, 0x00};
static const unsigned char BLUE[3] = {0x00, 0xA4, 0xEF};
static const unsigned char YELLOW[3] = {0xFF, 0xB9, 0x00};

static Picture picture(int w, int h, const unsigned char colour[3])
{
    Picture p = {malloc((size_t)w * (size_t)h * 3), w, h};
    assert_non_null(p.rgb);
    for (int i = 0; i < w * h; i++)
        memcpy(p.rgb + (size_t)i * 3, colour, 3);
    return p;
}

static void fill(Picture *p, int x0, int y0, int w, int h, const unsigned char colour[3])
{
    for (int y = y0; y < y0 + h && y < p->h; y++)
        for (int x = x0; x < x0 + w && x < p->w; x++)
            memcpy(p->rgb + ((size_t)y * (size_t)p->w + (size_t)x) * 3, colour, 3);
}

/* The logo: four squares of side s with a gap of s/11 (at least one pixel). */
static void draw_logo(Picture *p, int x, int y, int s, const unsigned char *const order[4])
{
    int gap = s / 11 > 0 ? s / 11 : 1;
    fill(p, x, y, s, s, order[0]);
    fill(p, x + s + gap, y, s, s, order[1]);
    fill(p, x, y + s + gap, s, s, order[2]);
    fill(p, x + s + gap, y + s + gap, s, s, order[3]);
}

static const unsigned char *const LOGO[4] = {RED, GREEN, BLUE, YELLOW};

static ScreenFinding analyse(const Picture *p)
{
    ScreenPixels px = {p->rgb, p->w, p->h, 3, (size_t)p->w * 3};
    ScreenFinding f;
    screen_analyse(&px, &f);
    return f;
}

static void microsoft_logo_is_found_at_sizes_from_small_to_large(void **state)
{
    (void)state;
    static const int sides[] = {3, 5, 12, 40, 110};
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
        Picture p = picture(480, 270, WHITE);
        draw_logo(&p, 30, 20, sides[i], LOGO);
        ScreenFinding f = analyse(&p);
        assert_true(f.judged);
        if (f.ms_logos != 1)
            fail_msg("square side %d: %d logos found, want 1", sides[i], f.ms_logos);
        free(p.rgb);
    }
}

static void every_logo_on_the_screen_is_counted(void **state)
{
    (void)state;
    Picture p = picture(480, 270, WHITE);
    draw_logo(&p, 10, 10, 20, LOGO);
    draw_logo(&p, 200, 100, 8, LOGO);
    draw_logo(&p, 400, 240, 4, LOGO);
    assert_int_equal(analyse(&p).ms_logos, 3);
    free(p.rgb);
}

static void the_four_colours_in_another_order_are_not_the_logo(void **state)
{
    (void)state;
    static const unsigned char *const swapped[4] = {GREEN, RED, YELLOW, BLUE};
    static const unsigned char *const stripe[4] = {RED, RED, GREEN, GREEN};
    Picture p = picture(480, 270, WHITE);
    draw_logo(&p, 30, 20, 20, swapped);
    draw_logo(&p, 200, 20, 20, stripe);
    fill(&p, 300, 150, 60, 10, RED); /* a red bar, a green bar: a chart, not a logo */
    fill(&p, 300, 162, 60, 10, GREEN);
    ScreenFinding f = analyse(&p);
    assert_true(f.judged);
    assert_int_equal(f.ms_logos, 0);
    free(p.rgb);
}

static void a_big_capture_is_judged_at_the_working_size(void **state)
{
    (void)state;
    Picture p = picture(1920, 1080, WHITE); /* averaged 3x3 down to 640x360 */
    draw_logo(&p, 300, 300, 60, LOGO);
    assert_int_equal(analyse(&p).ms_logos, 1);
    free(p.rgb);
}

static void a_dark_bar_under_a_light_page_is_a_taskbar(void **state)
{
    (void)state;
    Picture p = picture(480, 270, WHITE);
    static const unsigned char bar[3] = {16, 16, 24};
    fill(&p, 0, 256, 480, 14, bar);
    fill(&p, 6, 259, 8, 8, BLUE); /* icons on it */
    fill(&p, 40, 259, 8, 8, YELLOW);
    assert_true(analyse(&p).taskbar);
    free(p.rgb);
}

static void a_dark_page_has_no_taskbar(void **state)
{
    (void)state;
    static const unsigned char dark[3] = {16, 16, 24};
    Picture p = picture(480, 270, dark);
    ScreenFinding f = analyse(&p);
    assert_true(f.judged);
    assert_false(f.taskbar);
    assert_false(f.dialog);
    assert_false(f.blue_field);
    free(p.rgb);
}

static void a_white_box_over_a_dimmed_page_is_a_dialog(void **state)
{
    (void)state;
    static const unsigned char dimmed[3] = {90, 90, 90};
    Picture p = picture(480, 270, dimmed);
    fill(&p, 130, 60, 220, 150, WHITE);
    ScreenFinding f = analyse(&p);
    assert_true(f.dialog);
    free(p.rgb);
    p = picture(480, 270, WHITE); /* an ordinary white page: no dialog */
    assert_false(analyse(&p).dialog);
    free(p.rgb);
}

static void a_screen_of_windows_blue_is_a_blue_field(void **state)
{
    (void)state;
    static const unsigned char windows_blue[3] = {0x00, 0x78, 0xD7};
    static const unsigned char pale_blue[3] = {0xDD, 0xEE, 0xFF};
    Picture p = picture(480, 270, windows_blue);
    assert_true(analyse(&p).blue_field);
    free(p.rgb);
    p = picture(480, 270, pale_blue);
    assert_false(analyse(&p).blue_field);
    free(p.rgb);
}

static void sizes_out_of_range_and_bad_layouts_are_left_unjudged(void **state)
{
    (void)state;
    Picture p = picture(480, 270, WHITE);
    ScreenFinding f;
    ScreenPixels tiny = {p.rgb, 32, 32, 3, 96};
    screen_analyse(&tiny, &f);
    assert_false(f.judged);
    ScreenPixels two_channels = {p.rgb, 240, 270, 2, 480};
    screen_analyse(&two_channels, &f);
    assert_false(f.judged);
    ScreenPixels short_stride = {p.rgb, 480, 270, 3, 100};
    screen_analyse(&short_stride, &f);
    assert_false(f.judged);
    screen_analyse(NULL, &f);
    assert_false(f.judged);
    /* RGBA, as a capture comes: judged like RGB */
    unsigned char *rgba = malloc(480 * 270 * 4);
    assert_non_null(rgba);
    draw_logo(&p, 50, 50, 16, LOGO);
    for (int i = 0; i < 480 * 270; i++) {
        memcpy(rgba + (size_t)i * 4, p.rgb + (size_t)i * 3, 3);
        rgba[(size_t)i * 4 + 3] = 255;
    }
    ScreenPixels four = {rgba, 480, 270, 4, 480 * 4};
    screen_analyse(&four, &f);
    assert_true(f.judged);
    assert_int_equal(f.ms_logos, 1);
    free(rgba);
    free(p.rgb);
}

/* ---- the PPM reader ----------------------------------------------------------------- */

static char *write_temp(const void *bytes, size_t n)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/omamori-test-ppm-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, n), (ssize_t)n);
    close(fd);
    return path;
}

static void a_ppm_with_comments_is_read_pixel_for_pixel(void **state)
{
    (void)state;
    static const unsigned char file[] = "P6\n# made by a test\n2 1\n255\n\x01\x02\x03\xfd\xfe\xff";
    char *path = write_temp(file, sizeof file - 1);
    PpmImage img;
    char err[160];
    assert_int_equal(ppm_load(path, &img, err, sizeof err), 0);
    assert_int_equal(img.width, 2);
    assert_int_equal(img.height, 1);
    assert_memory_equal(img.rgb, "\x01\x02\x03\xfd\xfe\xff", 6);
    ppm_free(&img);
    unlink(path);
}

static void sixteen_bit_samples_are_scaled_to_eight(void **state)
{
    (void)state;
    static const unsigned char file[] = "P6 1 1 65535 \xff\xff\x80\x00\x00\x00";
    char *path = write_temp(file, sizeof file - 1);
    PpmImage img;
    char err[160];
    assert_int_equal(ppm_load(path, &img, err, sizeof err), 0);
    assert_int_equal(img.rgb[0], 255);
    assert_int_equal(img.rgb[1], 128);
    assert_int_equal(img.rgb[2], 0);
    ppm_free(&img);
    unlink(path);
}

static void broken_ppm_files_give_a_clear_error(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        const char *says;
    } cases[] = {
        {"P3\n1 1\n255\n0 0 0\n", "not a binary PPM"},
        {"P6\n1\n", "malformed PPM header"},
        {"P6\n0 5\n255\n", "malformed PPM header"},
        {"P6\n99999 99999\n255\n", "larger than"},
        {"P6\n4 4\n255\nabc", "cut short"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = write_temp(cases[i].bytes, strlen(cases[i].bytes));
        PpmImage img;
        char err[200];
        assert_int_equal(ppm_load(path, &img, err, sizeof err), -1);
        if (strstr(err, cases[i].says) == NULL || strstr(err, path) == NULL)
            fail_msg("case %zu: \"%s\", want it to say \"%s\" and name the file", i, err,
                     cases[i].says);
        assert_null(img.rgb);
        unlink(path);
    }
    PpmImage img;
    char err[200];
    assert_int_equal(ppm_load("/nonexistent/screen.ppm", &img, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot open"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(microsoft_logo_is_found_at_sizes_from_small_to_large),
        cmocka_unit_test(every_logo_on_the_screen_is_counted),
        cmocka_unit_test(the_four_colours_in_another_order_are_not_the_logo),
        cmocka_unit_test(a_big_capture_is_judged_at_the_working_size),
        cmocka_unit_test(a_dark_bar_under_a_light_page_is_a_taskbar),
        cmocka_unit_test(a_dark_page_has_no_taskbar),
        cmocka_unit_test(a_white_box_over_a_dimmed_page_is_a_dialog),
        cmocka_unit_test(a_screen_of_windows_blue_is_a_blue_field),
        cmocka_unit_test(sizes_out_of_range_and_bad_layouts_are_left_unjudged),
        cmocka_unit_test(a_ppm_with_comments_is_read_pixel_for_pixel),
        cmocka_unit_test(sixteen_bit_samples_are_scaled_to_eight),
        cmocka_unit_test(broken_ppm_files_give_a_clear_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
