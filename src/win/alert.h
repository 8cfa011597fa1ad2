/*
 * alert.h - the calm, large, topmost window that tells the person the warning is fake.
 *
 * It stays above a fullscreen browser, is centred on the browser's monitor, and is
 * reachable from the keyboard (Tab, Enter, Esc). It decides nothing itself: the
 * person's choice is posted to the owner window as ALERT_ACTION_MESSAGE.
 */
#ifndef OMAMORI_ALERT_H
#define OMAMORI_ALERT_H

#include <stdbool.h>
#include <windows.h>

#include "score.h"

#define ALERT_ACTION_MESSAGE (WM_APP + 2) /* wParam: an AlertAction */

typedef enum {
    ALERT_ACTION_END_BROWSER = 1, /* "Close the browser" */
    ALERT_ACTION_DISMISS,         /* "This page is fine", or the window closed */
    ALERT_ACTION_DONE             /* "OK" after the browser was closed */
} AlertAction;

bool alert_register_class(HINSTANCE instance);

/* Creates and shows the alert over the monitor of browser_window, saying in plain words
   what gave the page away (from verdict). allow_dismiss offers "This page is fine"
   (an administrator may take it away). Returns NULL on failure. */
HWND alert_create(HINSTANCE instance, HWND owner, HWND browser_window, const Verdict *verdict,
                  bool allow_dismiss);

/* A practice alert for the family to rehearse with: the same words, clearly labelled as
   practice, no browser involved; its one button posts ALERT_ACTION_DONE. */
HWND alert_create_practice(HINSTANCE instance, HWND owner);

/* Shows "closing in N seconds" under the text. */
void alert_show_countdown(HWND alert, int seconds);

/* The browser is being closed: the buttons wait. */
void alert_show_ending(HWND alert);

/* The browser is closed: what to do next, and one OK button. */
void alert_show_ended(HWND alert);

#endif
