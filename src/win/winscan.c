/*
 * winscan.c - see winscan.h.
 *
 * The window class is checked before the process is opened: it costs nothing across
 * processes and rules out nearly every window on a desktop.
 */
#include "winscan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browser.h"
#include "wintext.h"

typedef struct ScanState {
    BrowserWindowCallback callback;
    void *context;
} ScanState;

static bool is_any_page_class(const char *window_class)
{
    return browser_is_page_window_class(BROWSER_CHROMIUM, window_class) ||
           browser_is_page_window_class(BROWSER_FIREFOX, window_class) ||
           browser_is_page_window_class(BROWSER_IE, window_class);
}

/* The image file name of a process (UTF-8, caller frees), or NULL. */
static char *process_image_name(DWORD pid)
{
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (process == NULL)
        return NULL;
    wchar_t path[MAX_PATH];
    DWORD length = MAX_PATH;
    char *name = NULL;
    if (QueryFullProcessImageNameW(process, 0, path, &length)) {
        char *full = win_utf8_from_wide(path);
        if (full != NULL) {
            const char *base = browser_image_basename(full);
            size_t n = strlen(base) + 1;
            name = malloc(n);
            if (name != NULL)
                memcpy(name, base, n);
            free(full);
        }
    }
    CloseHandle(process);
    return name;
}

/* True when the window covers the whole of its own monitor. */
static bool covers_its_monitor(HWND hwnd)
{
    RECT window;
    MONITORINFO monitor = {.cbSize = sizeof monitor};
    if (!GetWindowRect(hwnd, &window))
        return false;
    if (!GetMonitorInfoW(MonitorFromWindow(hwnd, MONITOR_DEFAULTTONEAREST), &monitor))
        return false;
    return window.left <= monitor.rcMonitor.left && window.top <= monitor.rcMonitor.top &&
           window.right >= monitor.rcMonitor.right && window.bottom >= monitor.rcMonitor.bottom;
}

/* Whether the mouse pointer is hidden while over the window: pages hide it with
   `cursor: none` or pointer lock (Chrome then sets no cursor at all). Unknown when
   the pointer is elsewhere. */
static Tristate cursor_hidden_over(HWND hwnd)
{
    CURSORINFO info = {.cbSize = sizeof info};
    RECT rect;
    if (!GetCursorInfo(&info) || !GetWindowRect(hwnd, &rect) || !PtInRect(&rect, info.ptScreenPos))
        return TRISTATE_UNKNOWN;
    /* CURSOR_SUPPRESSED means touch or pen input, not a page hiding the pointer. */
    if (info.flags & CURSOR_SUPPRESSED)
        return TRISTATE_NO;
    return (!(info.flags & CURSOR_SHOWING) || info.hCursor == NULL) ? TRISTATE_YES : TRISTATE_NO;
}

/*
 * What a window is does not change while it lives: its class, its process, that
 * process's image. Looking them up costs several calls into other processes (under
 * Wine, each a round trip to wineserver), so they are remembered per window. A window
 * handle is reused only after its window is gone; the process id is checked each
 * time, which tells a reused handle from the old window. Used from one thread only.
 */
#define KNOWN_WINDOWS 512
typedef struct KnownWindow {
    HWND hwnd;
    DWORD pid;
    bool page;          /* a known browser's page window */
    char exe[64];       /* its image name, when page */
    char window_class[32];
} KnownWindow;

static KnownWindow known[KNOWN_WINDOWS];
static size_t known_next; /* the slot to reuse next: the oldest */

static const KnownWindow *lookup_known(HWND hwnd, DWORD pid)
{
    for (size_t i = 0; i < KNOWN_WINDOWS; i++) {
        if (known[i].hwnd == hwnd && known[i].pid == pid)
            return &known[i];
    }
    return NULL;
}

/* Looks a window up the long way, and remembers the answer. NULL if it vanished. */
static const KnownWindow *learn_window(HWND hwnd, DWORD pid)
{
    wchar_t class_name[256];
    if (GetClassNameW(hwnd, class_name, 256) == 0)
        return NULL; /* gone already */
    KnownWindow k = {.hwnd = hwnd, .pid = pid};
    char *window_class = win_utf8_from_wide(class_name);
    if (window_class != NULL && is_any_page_class(window_class)) {
        char *exe = process_image_name(pid);
        BrowserFamily family = browser_family_of_image(exe);
        k.page = family != BROWSER_NONE && browser_is_page_window_class(family, window_class) &&
                 strlen(exe) < sizeof k.exe;
        if (k.page) {
            memcpy(k.exe, exe, strlen(exe) + 1);
            snprintf(k.window_class, sizeof k.window_class, "%s", window_class);
        }
        free(exe);
    }
    free(window_class);
    known[known_next] = k;
    const KnownWindow *learnt = &known[known_next];
    known_next = (known_next + 1) % KNOWN_WINDOWS;
    return learnt;
}

static char *copy_text(const char *text)
{
    size_t n = strlen(text) + 1;
    char *copy = malloc(n);
    if (copy != NULL)
        memcpy(copy, text, n);
    return copy;
}

bool win_observe_window(HWND hwnd, BrowserWindow *window)
{
    if (!IsWindowVisible(hwnd) || IsIconic(hwnd))
        return false;
    DWORD pid = 0;
    if (GetWindowThreadProcessId(hwnd, &pid) == 0 || pid == GetCurrentProcessId())
        return false;
    const KnownWindow *k = lookup_known(hwnd, pid);
    if (k == NULL)
        k = learn_window(hwnd, pid);
    if (k == NULL || !k->page)
        return false;
    char *window_class = copy_text(k->window_class);
    char *exe = copy_text(k->exe);
    if (window_class == NULL || exe == NULL) {
        free(window_class);
        free(exe);
        return false;
    }

    wchar_t title[1024];
    int title_length = InternalGetWindowText(hwnd, title, 1024);
    title[title_length > 0 ? title_length : 0] = L'\0';

    window->hwnd = hwnd;
    window->pid = pid;
    observation_init(&window->obs);
    window->obs.window_class = window_class;
    window->obs.exe = exe;
    window->obs.title = win_utf8_from_wide(title);
    window->obs.fullscreen = covers_its_monitor(hwnd) ? TRISTATE_YES : TRISTATE_NO;
    window->obs.topmost =
        (GetWindowLongPtrW(hwnd, GWL_EXSTYLE) & WS_EX_TOPMOST) ? TRISTATE_YES : TRISTATE_NO;
    window->obs.cursor_hidden = cursor_hidden_over(hwnd);
    if (window->obs.title == NULL) {
        observation_free(&window->obs); /* frees window_class and exe too */
        return false;
    }
    return true;
}

static BOOL CALLBACK visit_window(HWND hwnd, LPARAM param)
{
    const ScanState *state = (const ScanState *)param;
    BrowserWindow window;
    if (win_observe_window(hwnd, &window)) {
        state->callback(state->context, &window);
        observation_free(&window.obs);
    }
    return TRUE;
}

void win_scan_browsers(BrowserWindowCallback callback, void *context)
{
    ScanState state = {.callback = callback, .context = context};
    EnumWindows(visit_window, (LPARAM)&state);
}
