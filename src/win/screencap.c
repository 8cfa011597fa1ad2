/*
 * screencap.c - see screencap.h.
 *
 * The capture is drawn straight into a small 32-bit top-down DIB section at the
 * working size, so only about a megabyte is ever held, whatever the monitor. GDI gives
 * its pixels as B, G, R, A; screen.c takes R, G, B first, so each pixel's first and
 * third bytes are swapped before the analysis.
 */
#include "screencap.h"

#include <stdlib.h>
#include <string.h>

#ifndef PW_RENDERFULLCONTENT
#define PW_RENDERFULLCONTENT 0x00000002 /* Windows 8.1 and later; older ones ignore it */
#endif

typedef struct Result {
    HWND window;
    ScreenFinding finding;
    ULONGLONG at; /* when it was made: the oldest result gives way to a new window */
} Result;

struct ScreenCap {
    CRITICAL_SECTION lock;
    HANDLE wake;   /* set when a request is queued or the worker must stop */
    HANDLE thread;
    bool stopping;
    HWND queue[SCREENCAP_QUEUE];
    size_t queued;
    Result results[SCREENCAP_MAX_WINDOWS];
    DWORD last_ms;
};

/* Whether the window's rectangle covers the whole of its monitor (a fullscreen page). */
static bool covers_monitor(HWND window, const RECT *rect)
{
    MONITORINFO info = {.cbSize = sizeof info};
    HMONITOR monitor = MonitorFromWindow(window, MONITOR_DEFAULTTONEAREST);
    if (!monitor || !GetMonitorInfoW(monitor, &info))
        return false;
    return rect->left <= info.rcMonitor.left && rect->top <= info.rcMonitor.top &&
           rect->right >= info.rcMonitor.right && rect->bottom >= info.rcMonitor.bottom;
}

/* Draws the window into dc (width x height) from a full-size copy it paints itself. */
static bool print_window(HWND window, HDC screen, HDC dc, int width, int height, int w, int h)
{
    if (IsHungAppWindow(window))
        return false; /* a hung page would hold this thread; its screen is not worth it */
    HDC full = CreateCompatibleDC(screen);
    HBITMAP bitmap = full ? CreateCompatibleBitmap(screen, w, h) : NULL;
    bool ok = false;
    if (bitmap) {
        HGDIOBJ old = SelectObject(full, bitmap);
        ok = PrintWindow(window, full, PW_RENDERFULLCONTENT) &&
             StretchBlt(dc, 0, 0, width, height, full, 0, 0, w, h, SRCCOPY);
        SelectObject(full, old);
        DeleteObject(bitmap);
    }
    if (full)
        DeleteDC(full);
    return ok;
}

bool screencap_capture_now(HWND window, ScreenFinding *out)
{
    memset(out, 0, sizeof *out);
    RECT rect;
    if (!IsWindow(window) || IsIconic(window) || !GetWindowRect(window, &rect))
        return false;
    int w = rect.right - rect.left, h = rect.bottom - rect.top;
    if (w < SCREEN_SIDE_MIN || h < SCREEN_SIDE_MIN)
        return false;
    int width = w < SCREENCAP_WIDTH ? w : SCREENCAP_WIDTH;
    int height = (int)((long long)h * width / w);
    if (height < SCREEN_SIDE_MIN)
        return false;

    HDC screen = GetDC(NULL);
    HDC dc = screen ? CreateCompatibleDC(screen) : NULL;
    BITMAPINFO info = {0};
    info.bmiHeader.biSize = sizeof info.bmiHeader;
    info.bmiHeader.biWidth = width;
    info.bmiHeader.biHeight = -height; /* top-down: rows in reading order */
    info.bmiHeader.biPlanes = 1;
    info.bmiHeader.biBitCount = 32;
    info.bmiHeader.biCompression = BI_RGB;
    void *bits = NULL;
    HBITMAP dib = dc ? CreateDIBSection(dc, &info, DIB_RGB_COLORS, &bits, NULL, 0) : NULL;
    bool captured = false;
    if (dib && bits) {
        HGDIOBJ old = SelectObject(dc, dib);
        SetStretchBltMode(dc, HALFTONE); /* averages, as screen.c's own downscaling does */
        SetBrushOrgEx(dc, 0, 0, NULL);
        if (covers_monitor(window, &rect))
            captured = StretchBlt(dc, 0, 0, width, height, screen, rect.left, rect.top, w, h,
                                  SRCCOPY | CAPTUREBLT);
        else
            captured = print_window(window, screen, dc, width, height, w, h);
        GdiFlush();
        if (captured) {
            unsigned char *p = bits;
            for (size_t i = 0; i < (size_t)width * (size_t)height; i++, p += 4) {
                unsigned char blue = p[0];
                p[0] = p[2];
                p[2] = blue;
            }
            ScreenPixels pixels = {bits, width, height, 4, (size_t)width * 4};
            screen_analyse(&pixels, out);
        }
        SelectObject(dc, old);
    }
    if (dib)
        DeleteObject(dib);
    if (dc)
        DeleteDC(dc);
    if (screen)
        ReleaseDC(NULL, screen);
    return captured && out->judged;
}

static void keep_result(ScreenCap *c, HWND window, const ScreenFinding *finding)
{
    Result *slot = &c->results[0];
    for (size_t i = 0; i < SCREENCAP_MAX_WINDOWS; i++) {
        Result *r = &c->results[i];
        if (r->window == window) {
            slot = r;
            break;
        }
        if (r->at < slot->at)
            slot = r;
    }
    slot->window = window;
    slot->finding = *finding;
    slot->at = GetTickCount64();
}

static DWORD WINAPI worker_main(void *arg)
{
    ScreenCap *c = arg;
    for (;;) {
        WaitForSingleObject(c->wake, INFINITE);
        for (;;) {
            EnterCriticalSection(&c->lock);
            if (c->stopping || c->queued == 0) {
                bool stop = c->stopping;
                LeaveCriticalSection(&c->lock);
                if (stop)
                    return 0;
                break;
            }
            HWND window = c->queue[0];
            memmove(c->queue, c->queue + 1, (c->queued - 1) * sizeof c->queue[0]);
            c->queued--;
            LeaveCriticalSection(&c->lock);

            ULONGLONG start = GetTickCount64();
            ScreenFinding finding;
            bool seen = screencap_capture_now(window, &finding);
            DWORD took = (DWORD)(GetTickCount64() - start);
            EnterCriticalSection(&c->lock);
            c->last_ms = took;
            /* Too slow a capture may be of a screen that has changed since: not used. */
            if (seen && took <= SCREENCAP_BUDGET_MS)
                keep_result(c, window, &finding);
            LeaveCriticalSection(&c->lock);
        }
    }
}

ScreenCap *screencap_start(void)
{
    ScreenCap *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    InitializeCriticalSection(&c->lock);
    c->wake = CreateEventW(NULL, FALSE, FALSE, NULL);
    c->thread = c->wake ? CreateThread(NULL, 0, worker_main, c, 0, NULL) : NULL;
    if (!c->thread) {
        if (c->wake)
            CloseHandle(c->wake);
        DeleteCriticalSection(&c->lock);
        free(c);
        return NULL;
    }
    return c;
}

void screencap_stop(ScreenCap *c)
{
    if (!c)
        return;
    EnterCriticalSection(&c->lock);
    c->stopping = true;
    LeaveCriticalSection(&c->lock);
    SetEvent(c->wake);
    /* A capture is one GDI call and an analysis: it ends within its budget. One that
       does not (a window that hangs while it paints itself) keeps what it uses: the
       reader is left to it rather than freed under it, as the process is ending. */
    if (WaitForSingleObject(c->thread, 2 * SCREENCAP_BUDGET_MS + 1000) != WAIT_OBJECT_0)
        return;
    CloseHandle(c->thread);
    CloseHandle(c->wake);
    DeleteCriticalSection(&c->lock);
    free(c);
}

void screencap_request(ScreenCap *c, HWND window)
{
    if (!c)
        return;
    EnterCriticalSection(&c->lock);
    bool waiting = false;
    for (size_t i = 0; i < c->queued; i++)
        waiting |= c->queue[i] == window;
    if (!waiting && c->queued < SCREENCAP_QUEUE)
        c->queue[c->queued++] = window;
    LeaveCriticalSection(&c->lock);
    SetEvent(c->wake);
}

bool screencap_result(ScreenCap *c, HWND window, ScreenFinding *out)
{
    memset(out, 0, sizeof *out);
    if (!c)
        return false;
    bool found = false;
    EnterCriticalSection(&c->lock);
    for (size_t i = 0; i < SCREENCAP_MAX_WINDOWS; i++) {
        if (c->results[i].window == window && window != NULL) {
            *out = c->results[i].finding;
            found = true;
            break;
        }
    }
    LeaveCriticalSection(&c->lock);
    return found;
}

DWORD screencap_last_ms(ScreenCap *c)
{
    if (!c)
        return 0;
    EnterCriticalSection(&c->lock);
    DWORD ms = c->last_ms;
    LeaveCriticalSection(&c->lock);
    return ms;
}
