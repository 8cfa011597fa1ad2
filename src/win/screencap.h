/*
 * screencap.h - what a suspect window shows, captured and judged off the UI thread.
 *
 * The UI thread names a candidate window with screencap_request(); a worker thread
 * captures what is on screen in the window's rectangle, downscaled to at most
 * SCREENCAP_WIDTH pixels wide (StretchBlt with HALFTONE from the screen for a window
 * that covers its monitor, PrintWindow with PW_RENDERFULLCONTENT otherwise), hands
 * the pixels to the core's screen_analyse() and keeps only its finding. The pixels
 * live in memory for that analysis only and are freed after it: nothing of a capture
 * is ever written to disk, journalled or sent anywhere.
 *
 * Bounded: a capture that takes longer than SCREENCAP_BUDGET_MS is not used; a window
 * whose program does not answer (IsHungAppWindow) is never asked to paint itself;
 * requests beyond SCREENCAP_QUEUE waiting are dropped (ask again later). How often a
 * window is captured is the caller's choice (watch.c: once every few seconds at most).
 *
 * Every function accepts a NULL ScreenCap (what screencap_start returns when it cannot
 * start) and then does nothing or answers "nothing known".
 */
#ifndef OMAMORI_SCREENCAP_H
#define OMAMORI_SCREENCAP_H

#include <stdbool.h>
#include <windows.h>

#include "screen.h"

#define SCREENCAP_WIDTH 640      /* the analysis needs no more (screen.c works at <= 640) */
#define SCREENCAP_BUDGET_MS 250  /* one capture and its analysis */
#define SCREENCAP_QUEUE 8        /* windows waiting for a capture */
#define SCREENCAP_MAX_WINDOWS 32 /* windows whose last finding is kept */

typedef struct ScreenCap ScreenCap;

/* Starts the worker. Returns NULL only when the thread or its memory cannot be had. */
ScreenCap *screencap_start(void);

/* Stops the worker (waiting for a capture under way) and frees everything. */
void screencap_stop(ScreenCap *c);

/* Asks for one capture of window. Returns at once. */
void screencap_request(ScreenCap *c, HWND window);

/* The finding of window's last capture; false (and *out unjudged) when there is none. */
bool screencap_result(ScreenCap *c, HWND window, ScreenFinding *out);

/* Milliseconds the last capture and its analysis took (0 before the first): for the
   benchmark. */
DWORD screencap_last_ms(ScreenCap *c);

/* Captures window now on the caller's thread and analyses it: what the worker does,
   exposed for the tests and the benchmark. Returns false when nothing could be
   captured (a window gone, minimised or too small). */
bool screencap_capture_now(HWND window, ScreenFinding *out);

#endif
