/*
 * browser.h - which windows belong to a web browser, judged from the process image
 * name and the window class, as the daemon sees them from outside.
 *
 * Only a browser's own top-level page windows are ever scored or ended: a scam title
 * in any other program (an editor, a mail client) is left alone.
 */
#ifndef OMAMORI_BROWSER_H
#define OMAMORI_BROWSER_H

#include <stdbool.h>

typedef enum {
    BROWSER_NONE = 0,
    BROWSER_CHROMIUM, /* Chrome, Edge, Brave, Opera, Vivaldi */
    BROWSER_FIREFOX,
    BROWSER_IE,
    BROWSER_FAMILY_COUNT
} BrowserFamily;

/* The file name part of a Windows or POSIX path (borrowed from path). */
const char *browser_image_basename(const char *path);

/* The browser family of a process image (a path or a bare name), or BROWSER_NONE. */
BrowserFamily browser_family_of_image(const char *image);

/* The class of the family's top-level page windows, or NULL for BROWSER_NONE. The
   families run from BROWSER_NONE + 1 to BROWSER_FAMILY_COUNT - 1. */
const char *browser_page_window_class(BrowserFamily family);

/* True when a window of this class is the family's top-level page window. */
bool browser_is_page_window_class(BrowserFamily family, const char *window_class);

/* ASCII case-insensitive equality; UTF-8 bytes above 0x7F must match exactly. */
bool browser_name_equal(const char *a, const char *b);

#endif
