/*
 * winscan.h - one pass over the top-level windows, seeing each browser page window
 * as an Observation for the core.
 *
 * Only calls that cannot block on another process are used (InternalGetWindowText,
 * never WM_GETTEXT), so a hung browser cannot hang the watchdog. A window that
 * vanishes mid-scan simply yields empty answers and is skipped.
 */
#ifndef OMAMORI_WINSCAN_H
#define OMAMORI_WINSCAN_H

#include <stdbool.h>
#include <windows.h>

#include "observation.h"

typedef struct BrowserWindow {
    HWND hwnd;
    DWORD pid;
    Observation obs; /* borrowed for the duration of the callback */
} BrowserWindow;

/* Fills *window when hwnd is a visible top-level page window of a known browser (and
   not one of ours); the caller then frees window->obs with observation_free(). Returns
   false, with nothing to free, for any other window or one that vanished meanwhile. */
bool win_observe_window(HWND hwnd, BrowserWindow *window);

typedef void (*BrowserWindowCallback)(void *context, const BrowserWindow *window);

/* Calls back once for each visible top-level page window of a known browser, in
   z-order, skipping this process's own windows. */
void win_scan_browsers(BrowserWindowCallback callback, void *context);

#endif
