/*
 * alert.h - the calm, large, topmost window that tells the person the warning is fake.
 *
 * It stays above a fullscreen browser, is centred on the browser's monitor, and is
 * reachable from the keyboard (Tab, Enter, Esc). It decides nothing itself: the
 * person's choice is posted to the owner window as ALERT_ACTION_MESSAGE.
 *
 * One window, three kinds (AlertKind): the fake-warning alert, its practice copy, and
 * the remote-control warning raised when a remote-control tool starts during an
 * incident. They differ only in their words and in the actions their buttons post.
 */
#ifndef OMAMORI_ALERT_H
#define OMAMORI_ALERT_H

#include <stdbool.h>
#include <windows.h>

#include "score.h"

/* wParam: an AlertAction; lParam: the alert window (HWND) that posted it. */
#define ALERT_ACTION_MESSAGE (WM_APP + 2)

typedef enum {
    ALERT_KIND_FAKE_WARNING,
    ALERT_KIND_PRACTICE,
    ALERT_KIND_REMOTE_TOOL
} AlertKind;

typedef enum {
    ALERT_ACTION_END_BROWSER = 1, /* "Close the browser" */
    ALERT_ACTION_DISMISS,         /* "This page is fine", or the window closed */
    ALERT_ACTION_DONE,            /* "OK" after the browser (or program) was closed */
    ALERT_ACTION_END_PROGRAM,     /* remote-control warning: "Close this program" */
    ALERT_ACTION_KEEP_PROGRAM     /* remote-control warning: "I started it myself", or closed */
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

/* The remote-control warning about the program called product (the product name from
   the config's list; NULL or empty: "a remote-control program"; never its file name,
   which whoever made the file chose): "Close this program" (the default button) or
   "I started it myself" (Esc). It is offered whatever the policy on "This page is
   fine": the person may well have started the tool for their own helper. Returns NULL
   on failure. */
HWND alert_create_remote_tool(HINSTANCE instance, HWND owner, const wchar_t *product);

/* Shows "closing in N seconds" under the text. */
void alert_show_countdown(HWND alert, int seconds);

/* The browser is being closed: the buttons wait. */
void alert_show_ending(HWND alert);

/* The browser (the program) is closed: what to do next, and one OK button. */
void alert_show_ended(HWND alert);

/* The program could not be closed (remote-control warning): what to do instead. */
void alert_show_not_ended(HWND alert);

#endif
