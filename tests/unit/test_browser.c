/* test_browser.c - which processes and windows count as a browser's page window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "browser.h"

typedef struct ImageCase {
    const char *image;
    BrowserFamily family;
} ImageCase;

static void known_images_map_to_their_family_whatever_the_case_or_path(void **state)
{
    (void)state;
    static const ImageCase cases[] = {
        {"chrome.exe", BROWSER_CHROMIUM},
        {"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", BROWSER_CHROMIUM},
        {"Z:/work/build/test-runs/x/msedge.exe", BROWSER_CHROMIUM},
        {"CHROME.EXE", BROWSER_CHROMIUM},
        {"brave.exe", BROWSER_CHROMIUM},
        {"opera.exe", BROWSER_CHROMIUM},
        {"Vivaldi.exe", BROWSER_CHROMIUM},
        {"firefox.exe", BROWSER_FIREFOX},
        {"iexplore.exe", BROWSER_IE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(browser_family_of_image(cases[i].image), cases[i].family);
}

static void other_images_are_not_browsers(void **state)
{
    (void)state;
    static const char *const others[] = {
        "notepad.exe", "notepad-like.exe", "chrome.exe.bak", "xchrome.exe", "chrome",
        "C:\\chrome.exe\\evil.exe", "", "explorer.exe", "msedgewebview2.exe",
    };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        assert_int_equal(browser_family_of_image(others[i]), BROWSER_NONE);
    assert_int_equal(browser_family_of_image(NULL), BROWSER_NONE);
}

static void page_window_class_must_match_the_family(void **state)
{
    (void)state;
    assert_true(browser_is_page_window_class(BROWSER_CHROMIUM, "Chrome_WidgetWin_1"));
    assert_true(browser_is_page_window_class(BROWSER_FIREFOX, "MozillaWindowClass"));
    assert_true(browser_is_page_window_class(BROWSER_IE, "IEFrame"));
    /* Chrome's hidden helper windows and other families' classes are not pages. */
    assert_false(browser_is_page_window_class(BROWSER_CHROMIUM, "Chrome_WidgetWin_0"));
    assert_false(browser_is_page_window_class(BROWSER_CHROMIUM, "MozillaWindowClass"));
    assert_false(browser_is_page_window_class(BROWSER_FIREFOX, "Chrome_WidgetWin_1"));
    assert_false(browser_is_page_window_class(BROWSER_CHROMIUM, "chrome_widgetwin_1"));
    assert_false(browser_is_page_window_class(BROWSER_NONE, "Chrome_WidgetWin_1"));
    assert_false(browser_is_page_window_class(BROWSER_CHROMIUM, NULL));
}

/* The scan walks the windows of each family's page class: every family has one, and
   each class is the one its family accepts. */
static void each_family_names_the_page_class_it_accepts(void **state)
{
    (void)state;
    assert_null(browser_page_window_class(BROWSER_NONE));
    assert_null(browser_page_window_class(BROWSER_FAMILY_COUNT));
    for (int f = BROWSER_NONE + 1; f < BROWSER_FAMILY_COUNT; f++) {
        const char *window_class = browser_page_window_class((BrowserFamily)f);
        assert_non_null(window_class);
        assert_true(browser_is_page_window_class((BrowserFamily)f, window_class));
        for (int g = BROWSER_NONE + 1; g < BROWSER_FAMILY_COUNT; g++)
            assert_true(g == f || !browser_is_page_window_class((BrowserFamily)g, window_class));
    }
}

static void basename_handles_both_separators_and_drive_letters(void **state)
{
    (void)state;
    assert_string_equal(browser_image_basename("C:\\a\\b\\chrome.exe"), "chrome.exe");
    assert_string_equal(browser_image_basename("/usr/x/firefox.exe"), "firefox.exe");
    assert_string_equal(browser_image_basename("C:chrome.exe"), "chrome.exe");
    assert_string_equal(browser_image_basename("chrome.exe"), "chrome.exe");
    assert_string_equal(browser_image_basename("dir\\"), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_images_map_to_their_family_whatever_the_case_or_path),
        cmocka_unit_test(other_images_are_not_browsers),
        cmocka_unit_test(page_window_class_must_match_the_family),
        cmocka_unit_test(each_family_names_the_page_class_it_accepts),
        cmocka_unit_test(basename_handles_both_separators_and_drive_letters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
