/*
 * test-winscan.c - drives the window scan (src/win/winscan.c) against copies of
 * fakebrowser.exe in other processes, and changes their windows from outside between
 * scans, as a page or the person would: a new title, fullscreen, always on top, hidden,
 * minimised, a browser that ends in the middle of a scan.
 *
 * The scan reads some facts every time and keeps others between looks (winscan.h
 * says which); these checks pin both halves: what must be seen at the very next look,
 * and what must be seen within WINSCAN_STYLE_LOOKS looks.
 *
 * Usage: test-winscan.exe [--workdir DIR]   Prints TAP; exit status 0 when all passed.
 */
#include <windows.h>

#include <stdio.h>
#include <string.h>

#include "programs.h"
#include "tap.h"
#include "testprog.h"
#include "winscan.h"

#define WATCHDOG_MS 120000
#define MAX_SEEN 32

/* ---- one scan, as the daemon would receive it --------------------------------------- */

typedef struct Seen {
    HWND hwnd;
    DWORD pid;
    char title[256];
    char exe[64];
    Tristate fullscreen;
    Tristate topmost;
} Seen;

typedef struct Scan {
    Seen seen[MAX_SEEN];
    size_t count;
    size_t reported; /* windows reported, including any beyond MAX_SEEN */
} Scan;

/* A browser to end from inside the scan, at its first window: it then vanishes
   between being listed and being looked at. */
static Program *g_doomed;

static void note_window(void *context, const BrowserWindow *window)
{
    Scan *scan = context;
    if (g_doomed != NULL) {
        if (g_doomed->window != window->hwnd)
            end_program(g_doomed);
        g_doomed = NULL;
    }
    scan->reported++;
    if (scan->count == MAX_SEEN)
        return;
    Seen *s = &scan->seen[scan->count++];
    s->hwnd = window->hwnd;
    s->pid = window->pid;
    snprintf(s->title, sizeof s->title, "%s", window->obs.title);
    snprintf(s->exe, sizeof s->exe, "%s", window->obs.exe);
    s->fullscreen = window->obs.fullscreen;
    s->topmost = window->obs.topmost;
}

static void scan_now(Scan *scan)
{
    scan->count = 0;
    scan->reported = 0;
    win_scan_browsers(note_window, scan);
}

static const Seen *seen(const Scan *scan, HWND hwnd)
{
    for (size_t i = 0; i < scan->count; i++) {
        if (scan->seen[i].hwnd == hwnd)
            return &scan->seen[i];
    }
    return NULL;
}

static size_t times_seen(const Scan *scan, HWND hwnd)
{
    size_t n = 0;
    for (size_t i = 0; i < scan->count; i++)
        n += scan->seen[i].hwnd == hwnd;
    return n;
}

/* Scans up to WINSCAN_STYLE_LOOKS times, until want(scan) holds; true if it did. */
static bool within_style_looks(bool (*want)(const Scan *, HWND), HWND hwnd)
{
    Scan scan;
    for (int i = 0; i < WINSCAN_STYLE_LOOKS; i++) {
        scan_now(&scan);
        if (want(&scan, hwnd))
            return true;
    }
    return false;
}

/* Scans up to WINSCAN_WALK_LOOKS times, until the window is reported; true if it was. */
static bool within_walk_looks(HWND hwnd)
{
    Scan scan;
    for (int i = 0; i < WINSCAN_WALK_LOOKS; i++) {
        scan_now(&scan);
        if (seen(&scan, hwnd) != NULL)
            return true;
    }
    return false;
}

static bool is_topmost(const Scan *scan, HWND hwnd)
{
    const Seen *s = seen(scan, hwnd);
    return s != NULL && s->topmost == TRISTATE_YES;
}

static bool is_absent(const Scan *scan, HWND hwnd)
{
    return seen(scan, hwnd) == NULL;
}

/* ---- the checks ---------------------------------------------------------------------- */

typedef struct Programs {
    Program a;     /* chrome.exe, windowed: the one changed from outside */
    Program b;     /* chrome.exe, fullscreen */
    Program c;     /* chrome.exe, topmost */
    Program f;     /* firefox.exe */
    Program d;     /* chrome.exe, ended in the middle of a scan */
    Program app;   /* a program that is not a browser, with Chrome's page class */
    Program other; /* chrome.exe with a window class that is not a page's */
} Programs;

static bool start_all(Programs *p)
{
    bool ok = true;
    ok &= start_program(L"fakebrowser.exe", L"a", L"chrome.exe", L"--title \"Ordinary page A\"",
                        L"Chrome_WidgetWin_1", &p->a);
    ok &= start_program(L"fakebrowser.exe", L"b", L"chrome.exe",
                        L"--fullscreen --title \"Ordinary page B\"", L"Chrome_WidgetWin_1", &p->b);
    ok &= start_program(L"fakebrowser.exe", L"c", L"chrome.exe",
                        L"--topmost --title \"Ordinary page C\"", L"Chrome_WidgetWin_1", &p->c);
    ok &= start_program(L"fakebrowser.exe", L"f", L"firefox.exe", L"--title \"Ordinary page F\"",
                        L"MozillaWindowClass", &p->f);
    ok &= start_program(L"fakebrowser.exe", L"d", L"chrome.exe", L"--title \"Doomed page\"",
                        L"Chrome_WidgetWin_1", &p->d);
    ok &= start_program(L"fakebrowser.exe", L"app", L"chatapp.exe",
                        L"--class Chrome_WidgetWin_1 --title \"Your PC is infected\"",
                        L"Chrome_WidgetWin_1", &p->app);
    ok &= start_program(L"fakebrowser.exe", L"other", L"chrome.exe",
                        L"--class ChromeHelperWindow --title \"Helper\"", L"ChromeHelperWindow",
                        &p->other);
    return ok;
}

static void test_first_scan(const Programs *p)
{
    Scan scan;
    scan_now(&scan);
    check(times_seen(&scan, p->a.window) == 1 && times_seen(&scan, p->b.window) == 1 &&
              times_seen(&scan, p->c.window) == 1 && times_seen(&scan, p->f.window) == 1 &&
              times_seen(&scan, p->d.window) == 1,
          "a scan reports each shown page window of Chrome and Firefox, once");
    check(scan.reported == scan.count && scan.count == 5,
          "nothing else is reported: five page windows, five reports");
    check(is_absent(&scan, p->app.window),
          "a program that is not a browser is not reported, even with Chrome's page class");
    check(is_absent(&scan, p->other.window),
          "a browser's window of another class (not a page) is not reported");
    const Seen *a = seen(&scan, p->a.window), *b = seen(&scan, p->b.window);
    const Seen *c = seen(&scan, p->c.window), *f = seen(&scan, p->f.window);
    check(a != NULL && strcmp(a->title, "Ordinary page A") == 0 && a->pid == p->a.pid &&
              strcmp(a->exe, "chrome.exe") == 0,
          "a window is reported with its title, process and image name");
    check(f != NULL && strcmp(f->exe, "firefox.exe") == 0, "Firefox's window is firefox.exe's");
    check(b != NULL && b->fullscreen == TRISTATE_YES && a != NULL && a->fullscreen == TRISTATE_NO,
          "a window covering the monitor is fullscreen, a smaller one is not");
    check(c != NULL && c->topmost == TRISTATE_YES && a != NULL && a->topmost == TRISTATE_NO,
          "an always-on-top window is topmost, an ordinary one is not");
}

/* What a page or the person changes, seen from outside. */
static void test_changes(const Programs *p)
{
    HWND a = p->a.window;
    Scan scan;
    scan_now(&scan); /* the last look saw A as it was */

    SetWindowTextW(a, L"Retitled page A");
    scan_now(&scan);
    const Seen *s = seen(&scan, a);
    check(s != NULL && strcmp(s->title, "Retitled page A") == 0,
          "a new title is seen at the very next look");

    RECT before;
    GetWindowRect(a, &before);
    RECT mon = tp_monitor_rect();
    SetWindowPos(a, NULL, mon.left, mon.top, mon.right - mon.left, mon.bottom - mon.top,
                 SWP_NOZORDER | SWP_NOACTIVATE);
    scan_now(&scan);
    s = seen(&scan, a);
    check(s != NULL && s->fullscreen == TRISTATE_YES,
          "a window made to cover the monitor, title unchanged, is fullscreen at the next look");
    SetWindowPos(a, NULL, before.left, before.top, before.right - before.left,
                 before.bottom - before.top, SWP_NOZORDER | SWP_NOACTIVATE);
    scan_now(&scan);
    s = seen(&scan, a);
    check(s != NULL && s->fullscreen == TRISTATE_NO, "and no longer fullscreen once made smaller");

    SetWindowPos(a, HWND_TOPMOST, 0, 0, 0, 0, SWP_NOMOVE | SWP_NOSIZE | SWP_NOACTIVATE);
    check(within_style_looks(is_topmost, a),
          "a window made topmost without moving is seen topmost within WINSCAN_STYLE_LOOKS looks");
    SetWindowPos(a, HWND_NOTOPMOST, 0, 0, 0, 0, SWP_NOMOVE | SWP_NOSIZE | SWP_NOACTIVATE);

    ShowWindow(a, SW_HIDE);
    check(within_style_looks(is_absent, a),
          "a window hidden in place is no longer reported within WINSCAN_STYLE_LOOKS looks");
    bool stays_hidden = true;
    for (int i = 0; i < 2 * WINSCAN_STYLE_LOOKS; i++) {
        scan_now(&scan);
        stays_hidden = stays_hidden && is_absent(&scan, a);
    }
    check(stays_hidden, "and not at any of the looks after that while it stays hidden");
    ShowWindow(a, SW_SHOWNOACTIVATE);
    scan_now(&scan);
    check(seen(&scan, a) != NULL,
          "a hidden window shown again, title and place unchanged, is reported at the next look");

    ShowWindow(a, SW_MINIMIZE);
    scan_now(&scan);
    check(is_absent(&scan, a), "a minimised window is not reported from the next look");
    ShowWindow(a, SW_RESTORE);
    scan_now(&scan);
    check(seen(&scan, a) != NULL, "a restored window is reported again at the next look");
}

static void test_vanishing(Programs *p)
{
    HWND doomed = p->d.window;
    Scan scan;
    g_doomed = &p->d;
    scan_now(&scan);
    bool ended = p->d.process == NULL; /* end_program ran inside the scan */
    check(ended, "(set-up) a browser ended in the middle of a scan");
    check(seen(&scan, p->a.window) != NULL && seen(&scan, p->b.window) != NULL &&
              seen(&scan, p->c.window) != NULL && seen(&scan, p->f.window) != NULL,
          "a browser that ends in the middle of a scan hides none of the other windows");
    check(is_absent(&scan, doomed) || scan.seen[0].hwnd == doomed,
          "the window that vanished after being listed is skipped, not reported");
    scan_now(&scan);
    check(is_absent(&scan, doomed) && scan.count == 4, "the next scan has the four windows left");
    BrowserWindow w;
    check(!win_observe_window(doomed, &w), "looking at a window that is gone gives nothing");
}

/* A browser window opened after the scan listed the windows. */
static bool open_new_browser(const wchar_t *subdir, const wchar_t *title, Program *prog)
{
    wchar_t args[128];
    _snwprintf(args, 128, L"--title \"%ls\"", title);
    return start_program(L"fakebrowser.exe", subdir, L"chrome.exe", args, L"Chrome_WidgetWin_1",
                         prog);
}

/* How the scan comes to know a new window: by listing the windows at every look, or,
   while creation events are watched, from the event (win_observe_window) and by
   listing them afresh within WINSCAN_WALK_LOOKS looks. */
static void test_new_windows(Program fresh[4])
{
    Scan scan;
    win_scan_watching_creation(false);
    scan_now(&scan);
    bool started = open_new_browser(L"new1", L"Opened later 1", &fresh[0]);
    scan_now(&scan);
    check(started && seen(&scan, fresh[0].window) != NULL,
          "without creation events, a window opened since the last look is seen at the next");

    win_scan_watching_creation(true);
    win_scan_relist();
    scan_now(&scan); /* listed just now: the next looks use that list */
    started = open_new_browser(L"new2", L"Opened later 2", &fresh[1]);
    BrowserWindow w;
    bool observed = started && win_observe_window(fresh[1].window, &w); /* its event */
    if (observed)
        observation_free(&w.obs);
    scan_now(&scan);
    check(observed && seen(&scan, fresh[1].window) != NULL,
          "with creation events, a new window its event named is in the very next scan");

    scan_now(&scan);
    started = open_new_browser(L"new3", L"Opened later 3", &fresh[2]);
    check(started && within_walk_looks(fresh[2].window),
          "with creation events, a new window no event named is seen within "
          "WINSCAN_WALK_LOOKS looks");

    win_scan_relist();
    scan_now(&scan);
    started = open_new_browser(L"new4", L"Opened later 4", &fresh[3]);
    win_scan_relist(); /* events were lost */
    scan_now(&scan);
    check(started && seen(&scan, fresh[3].window) != NULL,
          "after win_scan_relist (events lost), the next scan lists every window afresh");
    win_scan_watching_creation(false);
}

static void test_single_window(const Programs *p)
{
    BrowserWindow w;
    bool observed = win_observe_window(p->b.window, &w);
    check(observed && strcmp(w.obs.title, "Ordinary page B") == 0 &&
              w.obs.fullscreen == TRISTATE_YES && w.pid == p->b.pid,
          "one window looked at on its own (after an event) is observed like in a scan");
    if (observed)
        observation_free(&w.obs);
    check(!win_observe_window(p->app.window, &w),
          "one window of a program that is not a browser gives nothing");
    check(!win_observe_window(NULL, &w), "a null window handle gives nothing");
}

int WINAPI wWinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmdline, int show)
{
    (void)inst;
    (void)prev;
    (void)cmdline; /* __wargv has it already split */
    (void)show;
    if (!driver_begin("test-winscan.exe", WATCHDOG_MS))
        return TP_EXIT_USAGE;

    Programs p;
    ZeroMemory(&p, sizeof p);
    if (check(start_all(&p), "(set-up) the seven test programs started and showed a window")) {
        test_first_scan(&p);
        test_single_window(&p);
        test_changes(&p);
        test_vanishing(&p);
    }
    Program fresh[4];
    ZeroMemory(fresh, sizeof fresh);
    test_new_windows(fresh);
    for (size_t i = 0; i < 4; i++)
        end_program(&fresh[i]);
    Program *all[] = {&p.a, &p.b, &p.c, &p.f, &p.d, &p.app, &p.other};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        end_program(all[i]);
    out("1..%d", g_checks);
    return g_failures == 0 ? 0 : 1;
}
