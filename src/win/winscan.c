/*
 * winscan.c - see winscan.h.
 *
 * Under Wine every question about another process's window is a round trip to
 * wineserver, and a few (the pointer, the monitors) a round trip to the X server as
 * well; on a desktop left alone all day, those round trips are the watchdog's whole
 * cost. So a scan asks as little as it can: it lists only windows of the browsers'
 * page classes (filtered by class, one call per window; every other window costs
 * nothing), and, while creation events say when a window appears, lists them only
 * every WINSCAN_WALK_LOOKS looks; it remembers what does not change, asks two to four
 * things of each page window (see observe), reads the pointer once per scan, and keeps
 * the monitors' rectangles until the display changes. docs/performance.md has the
 * figures.
 */
#include "winscan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browser.h"
#include "memo.h"
#include "wintext.h"

static bool is_any_page_class(const char *window_class)
{
    for (int f = BROWSER_NONE + 1; f < BROWSER_FAMILY_COUNT; f++) {
        if (browser_is_page_window_class((BrowserFamily)f, window_class))
            return true;
    }
    return false;
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
        if (full != NULL)
            name = win_text_copy(browser_image_basename(full));
        free(full);
    }
    CloseHandle(process);
    return name;
}

/* ---- the monitors ---------------------------------------------------------- */

/*
 * The monitors' rectangles, kept between scans: they change only when the display
 * does, which the daemon hears of (WM_DISPLAYCHANGE, win_scan_display_changed).
 * They are read afresh after MONITORS_KEEP_MS all the same, in case a change went
 * unannounced.
 */
#define KEPT_MONITORS 16
#define MONITORS_KEEP_MS 30000
static RECT monitors[KEPT_MONITORS];
static size_t monitor_count;
static ULONGLONG monitors_read_at;
static bool monitors_known;

static BOOL CALLBACK add_monitor(HMONITOR monitor, HDC dc, LPRECT rect, LPARAM param)
{
    (void)monitor;
    (void)dc;
    (void)param;
    if (monitor_count < KEPT_MONITORS)
        monitors[monitor_count++] = *rect;
    return TRUE;
}

static void read_monitors_if_stale(void)
{
    ULONGLONG now = GetTickCount64();
    if (monitors_known && now - monitors_read_at < MONITORS_KEEP_MS)
        return;
    monitor_count = 0;
    monitors_known = EnumDisplayMonitors(NULL, NULL, add_monitor, 0) && monitor_count > 0;
    monitors_read_at = now;
}

void win_scan_display_changed(void)
{
    monitors_known = false;
}

/* True when the window's rectangle covers the whole of a monitor. */
static bool covers_a_monitor(const RECT *window)
{
    read_monitors_if_stale();
    for (size_t i = 0; i < monitor_count; i++) {
        const RECT *m = &monitors[i];
        if (window->left <= m->left && window->top <= m->top && window->right >= m->right &&
            window->bottom >= m->bottom)
            return true;
    }
    return false;
}

/* ---- the pointer ----------------------------------------------------------- */

/* What one look saw, shared by the windows of one scan: the pointer is read once,
   when the first page window needs it. */
typedef struct Glance {
    bool cursor_read;
    bool cursor_known;
    CURSORINFO cursor;
} Glance;

/* Whether the mouse pointer is hidden while over the window: pages hide it with
   `cursor: none` or pointer lock (Chrome then sets no cursor at all). Unknown when
   the pointer is elsewhere. */
static Tristate cursor_hidden_over(const RECT *window, Glance *glance)
{
    if (!glance->cursor_read) {
        glance->cursor.cbSize = sizeof glance->cursor;
        glance->cursor_known = GetCursorInfo(&glance->cursor);
        glance->cursor_read = true;
    }
    const CURSORINFO *info = &glance->cursor;
    if (!glance->cursor_known || !PtInRect(window, info->ptScreenPos))
        return TRISTATE_UNKNOWN;
    /* CURSOR_SUPPRESSED means touch or pen input, not a page hiding the pointer. */
    if (info->flags & CURSOR_SUPPRESSED)
        return TRISTATE_NO;
    return (!(info->flags & CURSOR_SHOWING) || info->hCursor == NULL) ? TRISTATE_YES : TRISTATE_NO;
}

/* ---- the page windows the scan looks at ------------------------------------- */

/*
 * The page-class windows of the last walk over the desktop's windows, and those an
 * event named since (win_observe_window adds them). Listing them costs a call per
 * window, so while creation events are watched the walk is made only every
 * WINSCAN_WALK_LOOKS looks (or when win_scan_relist asks); otherwise at every look.
 */
#define MAX_PAGE_WINDOWS 512
static HWND page_windows[MAX_PAGE_WINDOWS];
static size_t page_window_count;
static bool creation_events_watched;
static bool walk_needed = true; /* the first look walks */
static unsigned looks_since_walk;

static bool listed(const HWND *list, size_t count, HWND hwnd)
{
    for (size_t i = 0; i < count; i++) {
        if (list[i] == hwnd)
            return true;
    }
    return false;
}

/* A page window an event named: looked at by every scan from now on. */
static void add_page_window(HWND hwnd)
{
    if (listed(page_windows, page_window_count, hwnd))
        return;
    if (page_window_count < MAX_PAGE_WINDOWS)
        page_windows[page_window_count++] = hwnd;
    else
        walk_needed = true;
}

void win_scan_watching_creation(bool watched)
{
    creation_events_watched = watched;
}

void win_scan_relist(void)
{
    walk_needed = true;
}

/* ---- what each window is --------------------------------------------------- */

/*
 * What a window is does not change while it lives: its class, its process, that
 * process's image. Looking them up costs several calls into other processes (under
 * Wine, each a round trip to wineserver), so they are remembered per window handle.
 * Each listing forgets the windows it did not list, and a window found gone is
 * forgotten at once, so nothing is remembered for long after its window closed; a
 * handle names one window only (Windows and Wine both put a reuse counter in it), so
 * in those few seconds a remembered handle cannot have come to name another window.
 * Used from one thread only.
 */
#define KNOWN_WINDOWS 512
#define STYLE_REUSES_MAX (WINSCAN_STYLE_LOOKS - 1)
typedef struct KnownWindow {
    HWND hwnd;          /* NULL: a free slot */
    DWORD pid;
    bool page;          /* a known browser's page window */
    char exe[64];       /* its image name, when page */
    char window_class[32];
    /* Its styles as last read, and the title and rectangle it had at the last look. */
    bool styles_read;
    LONG style;
    LONG_PTR extended_style;
    unsigned style_reuses; /* looks since the styles were read */
    uint32_t title_signature;
    RECT rect;
} KnownWindow;

static KnownWindow known[KNOWN_WINDOWS];
static size_t known_next; /* the slot to take when none is free: the oldest */

static KnownWindow *lookup_known(HWND hwnd)
{
    for (size_t i = 0; i < KNOWN_WINDOWS; i++) {
        if (known[i].hwnd == hwnd)
            return &known[i];
    }
    return NULL;
}

static KnownWindow *free_slot(void)
{
    for (size_t i = 0; i < KNOWN_WINDOWS; i++) {
        if (known[i].hwnd == NULL)
            return &known[i];
    }
    KnownWindow *oldest = &known[known_next];
    known_next = (known_next + 1) % KNOWN_WINDOWS;
    return oldest;
}

/* Looks a window up the long way, and remembers the answer. NULL if it vanished or
   the answer is not known yet. */
static KnownWindow *learn_window(HWND hwnd)
{
    DWORD pid = 0;
    wchar_t class_name[256];
    if (GetWindowThreadProcessId(hwnd, &pid) == 0 || GetClassNameW(hwnd, class_name, 256) == 0)
        return NULL; /* gone already */
    KnownWindow k = {.hwnd = hwnd, .pid = pid};
    char *window_class = win_utf8_from_wide(class_name);
    if (window_class == NULL)
        return NULL; /* out of memory: asked again at the next look */
    if (is_any_page_class(window_class)) {
        char *exe = process_image_name(pid);
        if (exe == NULL) {
            /* The process ended, or would not say for now: not remembered as "not a
               browser", so it is asked again at the next look. */
            free(window_class);
            return NULL;
        }
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
    KnownWindow *slot = free_slot();
    *slot = k;
    return slot;
}

/* Forgets a window found gone: the scan then drops it from its list. */
static void forget_known(KnownWindow *k)
{
    k->hwnd = NULL;
}

/* Forgets every remembered window that is not in list (closed, or never a page). */
static void forget_unlisted(const HWND *list, size_t count)
{
    for (size_t i = 0; i < KNOWN_WINDOWS; i++) {
        bool kept = false;
        for (size_t j = 0; j < count && !kept && known[i].hwnd != NULL; j++)
            kept = list[j] == known[i].hwnd;
        if (!kept)
            known[i].hwnd = NULL;
    }
}

static bool shown(LONG style)
{
    /* A top-level window's parent is the desktop, always visible: its own style says. */
    return (style & WS_VISIBLE) && !(style & WS_MINIMIZE);
}

static void read_styles(HWND hwnd, KnownWindow *k)
{
    k->style = GetWindowLongW(hwnd, GWL_STYLE);
    k->extended_style = GetWindowLongPtrW(hwnd, GWL_EXSTYLE);
    k->styles_read = true;
    k->style_reuses = 0;
}

/*
 * Two to four questions per page window, once it is known: its rectangle and title
 * every time; its styles (shown or not, topmost) when those two changed, when it was
 * not shown last time, when fresh is asked for (an event named the window), and at
 * least every STYLE_REUSES_MAX + 1 looks. A window that keeps its title and place is
 * what nearly every window is nearly all the time.
 */
static bool observe(HWND hwnd, bool fresh, Glance *glance, BrowserWindow *window)
{
    KnownWindow *k = lookup_known(hwnd);
    if (k == NULL)
        k = learn_window(hwnd);
    if (k == NULL || !k->page || k->pid == GetCurrentProcessId())
        return false;
    add_page_window(hwnd);
    bool was_shown = k->styles_read && shown(k->style) && !fresh;
    if (!was_shown) {
        read_styles(hwnd, k);
        if (!shown(k->style)) {
            if (k->style == 0 && !IsWindow(hwnd))
                forget_known(k); /* not hidden: gone */
            return false;
        }
    }
    RECT rect;
    if (!GetWindowRect(hwnd, &rect)) {
        forget_known(k); /* gone meanwhile */
        return false;
    }
    wchar_t title[1024];
    int title_length = InternalGetWindowText(hwnd, title, 1024);
    title[title_length > 0 ? title_length : 0] = L'\0';
    char *title_utf8 = win_utf8_from_wide(title);
    if (title_utf8 == NULL)
        return false;
    uint32_t title_signature = memo_text_signature(title_utf8);
    if (was_shown) {
        bool unchanged = title_signature == k->title_signature && EqualRect(&rect, &k->rect);
        if (unchanged && k->style_reuses < STYLE_REUSES_MAX) {
            k->style_reuses++;
        } else {
            read_styles(hwnd, k);
            if (!shown(k->style)) {
                free(title_utf8);
                return false;
            }
        }
    }
    k->title_signature = title_signature;
    k->rect = rect;

    window->hwnd = hwnd;
    window->pid = k->pid;
    observation_init(&window->obs);
    window->obs.title = title_utf8;
    window->obs.window_class = win_text_copy(k->window_class);
    window->obs.exe = win_text_copy(k->exe);
    window->obs.fullscreen = covers_a_monitor(&rect) ? TRISTATE_YES : TRISTATE_NO;
    window->obs.topmost = (k->extended_style & WS_EX_TOPMOST) ? TRISTATE_YES : TRISTATE_NO;
    window->obs.cursor_hidden = cursor_hidden_over(&rect, glance);
    if (window->obs.window_class == NULL || window->obs.exe == NULL) {
        observation_free(&window->obs); /* frees the title too */
        return false;
    }
    return true;
}

bool win_observe_window(HWND hwnd, BrowserWindow *window)
{
    Glance glance = {0};
    return observe(hwnd, true, &glance, window);
}

/* ---- the scan -------------------------------------------------------------- */

#define WALK_RESTARTS 3

/*
 * Adds the top-level windows of one class to list, in z-order. FindWindowEx goes on
 * from the window it is given, so if that window closed meanwhile the walk would stop
 * short: it then starts again from the top, skipping the windows listed already.
 */
static size_t list_class_windows(const wchar_t *window_class, HWND *list, size_t count)
{
    HWND after = NULL;
    int restarts = 0;
    while (count < MAX_PAGE_WINDOWS) {
        HWND next = FindWindowExW(NULL, after, window_class, NULL);
        if (next == NULL) {
            if (after == NULL || IsWindow(after) || restarts++ == WALK_RESTARTS)
                break;
            after = NULL;
            continue;
        }
        if (!listed(list, count, next))
            list[count++] = next;
        after = next;
    }
    return count;
}

/* The top-level windows of every page class, class by class. */
static size_t list_page_class_windows(HWND *list)
{
    size_t count = 0;
    for (int f = BROWSER_NONE + 1; f < BROWSER_FAMILY_COUNT; f++) {
        wchar_t *window_class = win_wide_from_utf8(browser_page_window_class((BrowserFamily)f));
        if (window_class != NULL)
            count = list_class_windows(window_class, list, count);
        free(window_class);
    }
    return count;
}

/* Lists the page-class windows afresh when it is time to (see page_windows). */
static void walk_if_due(void)
{
    looks_since_walk++;
    if (!walk_needed && creation_events_watched && looks_since_walk < WINSCAN_WALK_LOOKS)
        return;
    page_window_count = list_page_class_windows(page_windows);
    forget_unlisted(page_windows, page_window_count);
    walk_needed = false;
    looks_since_walk = 0;
}

void win_scan_browsers(BrowserWindowCallback callback, void *context)
{
    walk_if_due();
    Glance glance = {0};
    size_t kept = 0;
    for (size_t i = 0; i < page_window_count; i++) {
        HWND hwnd = page_windows[i];
        BrowserWindow window;
        if (observe(hwnd, false, &glance, &window)) {
            callback(context, &window);
            observation_free(&window.obs);
        }
        if (lookup_known(hwnd) != NULL)
            page_windows[kept++] = hwnd; /* a window found gone (or unknown) drops out */
    }
    page_window_count = kept;
}
