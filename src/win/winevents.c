/*
 * winevents.c - see winevents.h.
 *
 * Out-of-context hooks that skip our own process: no DLL is injected anywhere, and
 * the callback runs on our thread from its message loop. Events are filtered hard,
 * because name and location changes fire constantly for objects inside windows (the
 * caret, the cursor, list items): only whole top-level windows pass.
 */
#include "winevents.h"

/* The hook callback has no context argument; there is one daemon per process. */
static HWND notify_window;
static HWINEVENTHOOK hooks[3];

static void CALLBACK on_win_event(HWINEVENTHOOK hook, DWORD event, HWND hwnd, LONG object,
                                  LONG child, DWORD thread, DWORD time)
{
    (void)hook;
    (void)event;
    (void)thread;
    (void)time;
    if (hwnd == NULL || object != OBJID_WINDOW || child != CHILDID_SELF)
        return;
    if (GetAncestor(hwnd, GA_ROOT) != hwnd)
        return; /* a child window: the page's top-level window is what we judge */
    PostMessageW(notify_window, WINEVENTS_MESSAGE, (WPARAM)hwnd, 0);
}

bool winevents_start(HWND notify)
{
    /* Three contiguous ranges: foreground; create, destroy, show; location, name. */
    static const DWORD ranges[3][2] = {
        {EVENT_SYSTEM_FOREGROUND, EVENT_SYSTEM_FOREGROUND},
        {EVENT_OBJECT_CREATE, EVENT_OBJECT_SHOW},
        {EVENT_OBJECT_LOCATIONCHANGE, EVENT_OBJECT_NAMECHANGE},
    };
    bool any = false;
    notify_window = notify;
    for (int i = 0; i < 3; i++) {
        hooks[i] = SetWinEventHook(ranges[i][0], ranges[i][1], NULL, on_win_event, 0, 0,
                                   WINEVENT_OUTOFCONTEXT | WINEVENT_SKIPOWNPROCESS);
        any = any || hooks[i] != NULL;
    }
    return any;
}

void winevents_stop(void)
{
    for (int i = 0; i < 3; i++) {
        if (hooks[i] != NULL)
            UnhookWinEvent(hooks[i]);
        hooks[i] = NULL;
    }
}

bool winevents_watching_creation(void)
{
    return hooks[1] != NULL; /* the range from EVENT_OBJECT_CREATE */
}
