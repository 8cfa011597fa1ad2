/*
 * test-screencap.c - drives the screen capture (src/win/screencap.c) against windows
 * of its own: a fullscreen page painting Microsoft's four-square logo (captured from
 * the screen), the same logo in a smaller window (captured with PrintWindow, the page
 * painting itself), a plain white fullscreen page, and a window that is gone. Then the
 * worker thread: a request is answered with the finding, and stopping it returns.
 *
 * Usage: test-screencap.exe [--workdir DIR] [--bench N]
 * Prints TAP; exit status 0 when all passed. --bench N instead times N captures of a
 * fullscreen window and prints one line "capture_ms AVERAGE N WIDTHxHEIGHT" (for
 * make bench).
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screencap.h"
#include "tap.h"

#define WATCHDOG_MS 60000

typedef enum { PAGE_LOGO, PAGE_WHITE } PageKind;

static void fill(HDC dc, int x, int y, int w, int h, COLORREF colour)
{
    RECT r = {x, y, x + w, y + h};
    HBRUSH brush = CreateSolidBrush(colour);
    FillRect(dc, &r, brush);
    DeleteObject(brush);
}

/* A white page; with PAGE_LOGO, Microsoft's logo at two sizes, as kits paint it. */
static void paint(HWND hwnd, HDC dc)
{
    RECT client;
    GetClientRect(hwnd, &client);
    fill(dc, 0, 0, client.right, client.bottom, RGB(255, 255, 255));
    if ((PageKind)GetWindowLongPtrW(hwnd, GWLP_USERDATA) != PAGE_LOGO)
        return;
    static const int sides[] = {24, 60};
    int x = client.right / 8, y = client.bottom / 6;
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
        int s = sides[i], gap = s / 11 + 1;
        fill(dc, x, y, s, s, RGB(0xF2, 0x50, 0x22));
        fill(dc, x + s + gap, y, s, s, RGB(0x7F, 0xBA, 0x00));
        fill(dc, x, y + s + gap, s, s, RGB(0x00, 0xA4, 0xEF));
        fill(dc, x + s + gap, y + s + gap, s, s, RGB(0xFF, 0xB9, 0x00));
        x += 3 * s;
    }
}

static LRESULT CALLBACK page_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC dc = BeginPaint(hwnd, &ps);
        paint(hwnd, dc);
        EndPaint(hwnd, &ps);
        return 0;
    }
    case WM_PRINTCLIENT: /* PrintWindow: the page paints itself into the given DC */
        paint(hwnd, (HDC)wp);
        return 0;
    case WM_ERASEBKGND:
        return 1;
    default:
        return DefWindowProcW(hwnd, msg, wp, lp);
    }
}

static void pump(DWORD ms)
{
    ULONGLONG until = GetTickCount64() + ms;
    do {
        MSG m;
        while (PeekMessageW(&m, NULL, 0, 0, PM_REMOVE)) {
            TranslateMessage(&m);
            DispatchMessageW(&m);
        }
        Sleep(10);
    } while (GetTickCount64() < until);
}

/* A page window: fullscreen (a popup over the primary monitor) or a 700x500 one. */
static HWND open_page(PageKind kind, bool fullscreen)
{
    int w = fullscreen ? GetSystemMetrics(SM_CXSCREEN) : 700;
    int h = fullscreen ? GetSystemMetrics(SM_CYSCREEN) : 500;
    HWND hwnd = CreateWindowExW(fullscreen ? WS_EX_TOPMOST : 0, L"ScreencapTestPage", L"page",
                                fullscreen ? WS_POPUP : WS_OVERLAPPEDWINDOW,
                                fullscreen ? 0 : 40, fullscreen ? 0 : 40, w, h, NULL, NULL,
                                GetModuleHandleW(NULL), NULL);
    if (hwnd == NULL)
        return NULL;
    SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)kind);
    ShowWindow(hwnd, SW_SHOW);
    UpdateWindow(hwnd);
    SetForegroundWindow(hwnd);
    pump(400); /* painted and on screen */
    return hwnd;
}

static int bench(int count)
{
    HWND page = open_page(PAGE_LOGO, true);
    if (page == NULL)
        return 1;
    ULONGLONG start = GetTickCount64();
    int logos = 0;
    for (int i = 0; i < count; i++) {
        ScreenFinding f;
        screencap_capture_now(page, &f);
        logos += f.ms_logos;
    }
    double ms = (double)(GetTickCount64() - start) / count;
    out("capture_ms %.1f %d %dx%d (logos %d)", ms, count, GetSystemMetrics(SM_CXSCREEN),
        GetSystemMetrics(SM_CYSCREEN), logos);
    DestroyWindow(page);
    return 0;
}

int WINAPI wWinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmdline, int show)
{
    (void)inst;
    (void)prev;
    (void)cmdline; /* __wargv has it already split */
    (void)show;
    int argc = __argc;
    wchar_t **argv = __wargv;
    int bench_count = 0;
    for (int i = 1; i < argc; i++) {
        if (wcscmp(argv[i], L"--workdir") == 0 && i + 1 < argc)
            i++; /* nothing is written: accepted like the other drivers */
        else if (wcscmp(argv[i], L"--bench") == 0 && i + 1 < argc)
            bench_count = _wtoi(argv[++i]);
        else {
            out("usage: test-screencap.exe [--workdir DIR] [--bench N]");
            return 2;
        }
    }
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = page_proc;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.lpszClassName = L"ScreencapTestPage";
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    if (!RegisterClassW(&wc)) {
        out("RegisterClassW failed: error %lu", GetLastError());
        return 1;
    }
    if (bench_count > 0)
        return bench(bench_count);
    tap_watchdog_start("test-screencap.exe", WATCHDOG_MS);

    ScreenFinding f;
    HWND full = open_page(PAGE_LOGO, true);
    bool seen = full != NULL && screencap_capture_now(full, &f);
    check(seen, "a fullscreen page is captured from the screen and judged");
    check(seen && f.ms_logos == 2, "both of the logos it paints are found");
    if (full)
        DestroyWindow(full);

    HWND white = open_page(PAGE_WHITE, true);
    seen = white != NULL && screencap_capture_now(white, &f);
    check(seen && f.ms_logos == 0 && !f.taskbar && !f.dialog && !f.blue_field,
          "a plain white fullscreen page shows nothing of a kit");
    if (white)
        DestroyWindow(white);

    HWND small = open_page(PAGE_LOGO, false);
    seen = small != NULL && screencap_capture_now(small, &f);
    check(seen && f.ms_logos >= 1, "a window that does not cover the screen paints itself "
                                   "for the capture (PrintWindow) and its logo is found");

    HWND gone = small;
    if (small)
        DestroyWindow(small);
    check(!screencap_capture_now(gone, &f) && !f.judged, "a window that is gone gives no finding");

    ScreenCap *cap = screencap_start();
    check(cap != NULL, "the capture thread starts");
    HWND page = open_page(PAGE_LOGO, true);
    screencap_request(cap, page);
    bool answered = false;
    for (int i = 0; i < 100 && !answered; i++) {
        pump(20);
        answered = screencap_result(cap, page, &f);
    }
    check(answered && f.ms_logos == 2, "a request is answered with the window's finding");
    check(!screencap_result(cap, (HWND)(ULONG_PTR)0x1234, &f) && !f.judged,
          "a window never captured has no finding");
    ULONGLONG stop_from = GetTickCount64();
    screencap_stop(cap);
    check(GetTickCount64() - stop_from < 2000, "the capture thread stops within its budget");
    if (page)
        DestroyWindow(page);
    check(screencap_result(NULL, page, &f) == false, "a thread that could not start answers nothing");

    out("1..%d", g_checks);
    return g_failures == 0 ? 0 : 1;
}
