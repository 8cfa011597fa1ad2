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

/* A window's styles (shown or hidden, topmost) are read again whenever its title or
   rectangle changes, at each look while it is not shown, and otherwise at least once
   in this many looks: the rest of the time the last reading stands. */
#define WINSCAN_STYLE_LOOKS 10

/* While window creation events are watched, the desktop's windows are listed afresh at
   least once in this many looks; in between, the scan looks at the page windows it
   listed last and at those the events named. */
#define WINSCAN_WALK_LOOKS 5

typedef struct BrowserWindow {
    HWND hwnd;
    DWORD pid;
    Observation obs; /* borrowed for the duration of the callback */
} BrowserWindow;

/* Fills *window when hwnd, a top-level window, is a visible page window of a known browser (and
   not one of ours); the caller then frees window->obs with observation_free(). Returns
   false, with nothing to free, for any other window or one that vanished meanwhile. */
bool win_observe_window(HWND hwnd, BrowserWindow *window);

typedef void (*BrowserWindowCallback)(void *context, const BrowserWindow *window);

/* Calls back once for each visible top-level page window of a known browser, skipping
   this process's own windows: the windows of one page class in z-order, then the next
   class's, then those that events named since the last listing. */
void win_scan_browsers(BrowserWindowCallback callback, void *context);

/* Whether window creation events reach the daemon (winevents.h), each new window then
   being looked at with win_observe_window, which adds a browser's page window to the
   scan. Only then may the scan list the windows less often than at every look. */
void win_scan_watching_creation(bool watched);

/* Some events were not looked at (too many came at once): the next scan lists the
   windows afresh. */
void win_scan_relist(void);

/* The display changed (WM_DISPLAYCHANGE): the monitors are read again at the next
   look, to tell which windows cover a whole monitor. */
void win_scan_display_changed(void);

#endif
