/*
 * traymenu.c - what the tray icon offers the person: its tip (the status) and its menu
 * (pause protection for an hour, a practice alert, the last incidents, about, exit).
 */
#include "daemon.h"

#include <stdio.h>
#include <stdlib.h>

#include "jfs_win.h"
#include "journalhistory.h"
#include "resource.h"
#include "settings.h"
#include "strings.h"
#include "tray.h"
#include "wintext.h"

#define PAUSE_MS (60 * 60 * 1000) /* "pause protection for 1 hour" */
enum { MENU_EXIT = 1, MENU_STATUS, MENU_PAUSE, MENU_PRACTICE, MENU_HISTORY, MENU_ABOUT };
#define HISTORY_IN_MENU 10 /* incidents the tray's history box shows */

const wchar_t *traymenu_status_tip(const Daemon *d)
{
    if (d->policy.protection == 0)
        return strings_get(IDS_TRAY_TIP_OFF);
    return strings_get(d->paused ? IDS_TRAY_TIP_PAUSED : IDS_TRAY_TIP);
}

void traymenu_set_paused(Daemon *d, bool paused)
{
    if (d->paused == paused)
        return;
    d->paused = paused;
    if (paused)
        SetTimer(d->window, TIMER_RESUME, PAUSE_MS, NULL);
    else
        KillTimer(d->window, TIMER_RESUME);
    tray_set_tip(d->window, traymenu_status_tip(d));
    daemon_journal_event(d, paused ? "protection_paused" : "protection_resumed",
                         paused ? "60 minutes" : NULL);
}

static void show_about(Daemon *d)
{
    wchar_t text[512];
    _snwprintf(text, 512, strings_get(IDS_ABOUT_TEXT), OMAMORI_VERSION_TEXT);
    text[511] = L'\0';
    MessageBoxW(d->window, text, strings_get(IDS_APP_NAME), MB_OK | MB_ICONINFORMATION);
}

/* The last incidents, as --history prints them, for the family member at the PC. */
static void show_history(Daemon *d)
{
    JournalHistory history;
    JfsError err = {{0}};
    JsonBuf text;
    journal_history_init(&history, HISTORY_IN_MENU);
    if (d->journal_open)
        journal_history_load(&history, jfs_win(), d->journal.names.live, &err);
    jsonbuf_init(&text);
    journal_history_format(&history, &text);
    wchar_t *wide = text.length > 0 ? win_wide_from_utf8(text.data) : NULL;
    MessageBoxW(d->window, wide != NULL ? wide : strings_get(IDS_HISTORY_NONE),
                strings_get(IDS_MENU_HISTORY), MB_OK | MB_ICONINFORMATION);
    free(wide);
    jsonbuf_free(&text);
    journal_history_free(&history);
}

void traymenu_show(Daemon *d, POINT anchor)
{
    HMENU menu = CreatePopupMenu();
    if (menu == NULL)
        return;
    bool switched_off = d->policy.protection == 0;
    UINT status = switched_off ? IDS_MENU_STATUS_OFF
                  : d->paused  ? IDS_MENU_STATUS_PAUSED
                               : IDS_MENU_STATUS_ON;
    AppendMenuW(menu, MF_STRING | MF_GRAYED, MENU_STATUS, strings_get(status));
    AppendMenuW(menu, MF_SEPARATOR, 0, NULL);
    AppendMenuW(menu, MF_STRING | (switched_off ? MF_GRAYED : 0), MENU_PAUSE,
                strings_get(d->paused ? IDS_MENU_RESUME : IDS_MENU_PAUSE));
    AppendMenuW(menu, MF_STRING, MENU_PRACTICE, strings_get(IDS_MENU_PRACTICE));
    AppendMenuW(menu, MF_STRING, MENU_HISTORY, strings_get(IDS_MENU_HISTORY));
    AppendMenuW(menu, MF_STRING, MENU_ABOUT, strings_get(IDS_MENU_ABOUT));
    if (settings_exit_allowed(&d->policy, &d->machine)) {
        AppendMenuW(menu, MF_SEPARATOR, 0, NULL);
        AppendMenuW(menu, MF_STRING, MENU_EXIT, strings_get(IDS_MENU_EXIT));
    }
    SetForegroundWindow(d->window); /* so the menu closes when the person clicks away */
    /* At the anchor the icon gave, aligned as Microsoft's NotificationIcon sample
       aligns it: the side menus drop to on this system (SM_MENUDROPALIGNMENT). */
    UINT align = GetSystemMetrics(SM_MENUDROPALIGNMENT) != 0 ? TPM_RIGHTALIGN : TPM_LEFTALIGN;
    UINT chosen = (UINT)TrackPopupMenuEx(menu, align | TPM_RETURNCMD | TPM_NONOTIFY |
                                                   TPM_RIGHTBUTTON,
                                         anchor.x, anchor.y, d->window, NULL);
    DestroyMenu(menu);
    switch (chosen) {
    case MENU_PAUSE: traymenu_set_paused(d, !d->paused); break;
    case MENU_PRACTICE: incident_show_practice(d); break;
    case MENU_HISTORY: show_history(d); break;
    case MENU_ABOUT: show_about(d); break;
    case MENU_EXIT: DestroyWindow(d->window); break;
    default: break;
    }
}
