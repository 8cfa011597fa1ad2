/*
 * tray.h - omamori's notification-area icon and its balloon (a toast on Windows 10/11).
 *
 * Identified by (window, uID) rather than by GUID: a GUID ties the icon to one
 * executable path, which breaks side-by-side copies such as the test runs.
 */
#ifndef OMAMORI_TRAY_H
#define OMAMORI_TRAY_H

#include <stdbool.h>
#include <windows.h>

#define TRAY_CALLBACK_MESSAGE (WM_APP + 1)

/* The icon at the notification area's size for the current DPI (LoadIconMetric, as
   Microsoft's NotificationIcon sample loads it: sharp at 150% or 200%), or, where
   that fails, the shared icon LoadIcon gives. *owned says whether the caller must
   DestroyIcon it. */
HICON tray_load_icon(HINSTANCE instance, int resource, bool *owned);

/* Gives the icon a new picture (after a DPI or display change). */
bool tray_set_icon(HWND owner, HICON icon);

/* Adds the icon (also after Explorer restarts: call again on "TaskbarCreated"). */
bool tray_add(HWND owner, HICON icon, const wchar_t *tip);

/* Changes the tooltip (the status shown when the pointer rests on the icon). */
bool tray_set_tip(HWND owner, const wchar_t *tip);

/* Shows a warning balloon with a title and a text. */
bool tray_balloon(HWND owner, const wchar_t *title, const wchar_t *text);

void tray_remove(HWND owner);

#endif
