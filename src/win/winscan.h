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

#include <windows.h>

#include "observation.h"

typedef struct BrowserWindow {
    HWND hwnd;
    DWORD pid;
    Observation obs; /* borrowed for the duration of the callback */
} BrowserWindow;

typedef void (*BrowserWindowCallback)(void *context, const BrowserWindow *window);

/* Calls back once for each visible top-level page window of a known browser, in
   z-order, skipping this process's own windows. */
void win_scan_browsers(BrowserWindowCallback callback, void *context);

#endif
