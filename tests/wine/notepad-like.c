/* notepad-like.c - plays an ordinary program that is not a browser.
 *
 * Someone may well type "Microsoft warning: call 0120-..." into a text editor, or open a
 * scam report about it; omamori must never end such a program, however alarming its
 * title. The Wine tests run this next to fakebrowser.exe and check that it survives.
 * Its window class is "Notepad", like the real editor's, and it honours WM_CLOSE.
 *
 * Options (all optional; an unknown option or bad value prints why and exits with 2):
 *   --title T          window title (default "Untitled - Notepad")
 *   --fullscreen       a WS_POPUP window covering the whole primary monitor
 *   --pidfile PATH     append "PID main" to PATH
 *   --exit-after MS    safety net: the process exits after MS ms whatever happens
 *
 * Prints nothing when all goes well.
 */
#include "testprog.h"

static LRESULT CALLBACK window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_DESTROY) {
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

int WINAPI wWinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmdline, int show)
{
    (void)prev;
    (void)cmdline; /* __wargv has it already split */
    (void)show;

    const wchar_t *title = L"Untitled - Notepad";
    const wchar_t *pidfile = NULL;
    bool fullscreen = false;
    DWORD exit_after = 0;
    bool exit_after_given = false;
    const TpOpt opts[] = {
        { L"--title", TP_OPT_STRING, &title, NULL },
        { L"--fullscreen", TP_OPT_FLAG, &fullscreen, NULL },
        { L"--pidfile", TP_OPT_STRING, &pidfile, NULL },
        { L"--exit-after", TP_OPT_COUNT, &exit_after, &exit_after_given },
    };
    if (!tp_parse_args(__argc, __wargv, opts, sizeof opts / sizeof opts[0]))
        return TP_EXIT_USAGE;
    if (exit_after_given && !tp_exit_after_start(exit_after))
        return 1;
    if (pidfile != NULL && !tp_pidfile_append(pidfile, "main"))
        return 1;

    WNDCLASSEXW wc = {
        .cbSize = sizeof wc,
        .lpfnWndProc = window_proc,
        .hInstance = inst,
        .hIcon = LoadIconW(NULL, IDI_APPLICATION),
        .hCursor = LoadCursorW(NULL, IDC_IBEAM),
        .hbrBackground = (HBRUSH)(COLOR_WINDOW + 1),
        .lpszClassName = L"Notepad",
    };
    if (RegisterClassExW(&wc) == 0) {
        tp_log("RegisterClassExW failed: error %lu", GetLastError());
        return 1;
    }

    DWORD style = WS_OVERLAPPEDWINDOW;
    int x = CW_USEDEFAULT, y = CW_USEDEFAULT, w = 800, h = 600;
    if (fullscreen) {
        RECT mon = tp_monitor_rect();
        style = WS_POPUP;
        x = mon.left;
        y = mon.top;
        w = mon.right - mon.left;
        h = mon.bottom - mon.top;
    }
    HWND hwnd = CreateWindowExW(0, L"Notepad", title, style, x, y, w, h, NULL, NULL, inst, NULL);
    if (hwnd == NULL) {
        tp_log("CreateWindowExW failed: error %lu", GetLastError());
        return 1;
    }
    ShowWindow(hwnd, SW_SHOW);
    UpdateWindow(hwnd);
    SetForegroundWindow(hwnd);
    return tp_message_loop();
}
