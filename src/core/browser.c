/*
 * browser.c - the list of browsers omamori protects, and their page window classes.
 *
 * Matching is on the image's file name, case-insensitively, because Windows file
 * names are; a copy renamed to something else is not a browser to us, which is the
 * safe direction (we would rather miss than end a program we do not know).
 */
#include "browser.h"

#include <stddef.h>
#include <string.h>

typedef struct BrowserImage {
    const char *image;
    BrowserFamily family;
} BrowserImage;

static const BrowserImage known_images[] = {
    {"chrome.exe", BROWSER_CHROMIUM},  {"msedge.exe", BROWSER_CHROMIUM},
    {"brave.exe", BROWSER_CHROMIUM},   {"opera.exe", BROWSER_CHROMIUM},
    {"vivaldi.exe", BROWSER_CHROMIUM}, {"firefox.exe", BROWSER_FIREFOX},
    {"iexplore.exe", BROWSER_IE},
};

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool browser_name_equal(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return false;
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        if (ascii_lower(*a) != ascii_lower(*b))
            return false;
    }
    return *a == *b;
}

const char *browser_image_basename(const char *path)
{
    const char *base = path;
    if (path == NULL)
        return NULL;
    for (const char *p = path; *p != '\0'; p++) {
        if (*p == '\\' || *p == '/' || *p == ':')
            base = p + 1;
    }
    return base;
}

BrowserFamily browser_family_of_image(const char *image)
{
    const char *name = browser_image_basename(image);
    if (name == NULL)
        return BROWSER_NONE;
    for (size_t i = 0; i < sizeof known_images / sizeof known_images[0]; i++) {
        if (browser_name_equal(name, known_images[i].image))
            return known_images[i].family;
    }
    return BROWSER_NONE;
}

const char *browser_page_window_class(BrowserFamily family)
{
    switch (family) {
    case BROWSER_CHROMIUM: return "Chrome_WidgetWin_1";
    case BROWSER_FIREFOX: return "MozillaWindowClass";
    case BROWSER_IE: return "IEFrame";
    default: return NULL;
    }
}

bool browser_is_page_window_class(BrowserFamily family, const char *window_class)
{
    /* Compared exactly, as the browsers register them. */
    const char *expected = browser_page_window_class(family);
    return expected != NULL && window_class != NULL && strcmp(expected, window_class) == 0;
}
