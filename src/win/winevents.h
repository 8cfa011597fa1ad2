/*
 * winevents.h - window events from other processes, as hints to look at one window
 * again at once instead of waiting for the next poll.
 *
 * On Windows, creation, title change, show, move/resize and foreground events all
 * arrive, so a fake alert is seen within a debounce interval. Under Wine 8 only
 * creation events cross processes (see the platform notes), which is why the
 * periodic scan stays as the backstop.
 */
#ifndef OMAMORI_WINEVENTS_H
#define OMAMORI_WINEVENTS_H

#include <stdbool.h>
#include <windows.h>

/* Posted to the notify window for each top-level window worth a look; wParam is
   the HWND. Posted, never sent: the hook callback does no work of its own. */
#define WINEVENTS_MESSAGE (WM_APP + 3)

/* Installs the hooks on the calling thread, which must run a message loop. Returns
   false if none could be installed (the poll then carries on alone). */
bool winevents_start(HWND notify);

void winevents_stop(void);

/* Whether the hook for window creation (and destruction and showing) is installed. */
bool winevents_watching_creation(void);

#endif
