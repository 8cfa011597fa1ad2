/* fakebrowser.c - plays a web browser showing a "tech support scam" fake virus alert.
 *
 * The Wine tests copy this program under browser names (chrome.exe, msedge.exe,
 * firefox.exe, ...) and check that omamori notices the window and ends the browser,
 * children included. It imitates what the watchdog looks at: the image name, the window
 * class, the title (and a later change of it), fullscreen and topmost, an alarm sound,
 * a page that refuses to close, and renderer-like child processes.
 *
 * Options (all optional; an unknown option or bad value prints why and exits with 2):
 *   --title T           initial window title (default "New Tab")
 *   --text T            page text, drawn large in white on blue and word-wrapped;
 *                       a literal "\n" in T starts a new line. Without it: a blank page.
 *   --picture BMP       paint this bitmap file (a real page's screenshot, converted at
 *                       test time) stretched over the whole window, instead of a page
 *   --retitle-after MS  together with --retitle T2: SetWindowTextW(T2) after MS ms
 *   --retitle T2
 *   --fullscreen        a WS_POPUP window covering the whole primary monitor
 *   --topmost           WS_EX_TOPMOST
 *   --alarm             loop a two-tone beep through waveOut; without an audio device
 *                       it says so on stderr and carries on silently
 *   --hide-cursor       no mouse pointer over the page (like CSS `cursor: none`)
 *   --ignore-close      ignore WM_CLOSE, like a page with onbeforeunload or a hung
 *                       browser; otherwise WM_CLOSE ends this process (not its children:
 *                       they are independent processes, and ending them is the watchdog's job)
 *   --children N        start N child processes of this image with --child (0..64)
 *   --spawn-other PATH  also start the program at PATH as a child of this process, with
 *                       --pidfile PATH.pids and --exit-after (each only when this process
 *                       got one), and wait until it idles in its message loop: a process
 *                       of another image with the same parent as the renderers, which
 *                       the watchdog must leave alone. PATH must accept those options
 *                       (notepad-like.exe and this program do).
 *   --other-title T     with --spawn-other: pass --title T to it as well (a copy of this
 *                       program under the same name then plays a browser window opened
 *                       by another process of the same image)
 *   --class NAME        window class; by default from this program's own file name:
 *                       chrome/msedge/brave/opera/vivaldi -> Chrome_WidgetWin_1,
 *                       firefox -> MozillaWindowClass, iexplore -> IEFrame,
 *                       anything else -> FakeBrowserWindow
 *   --pidfile PATH      append "PID main" (or "PID child") to PATH; children get the same
 *                       PATH. Every child's line is in the file before the main window
 *                       is created, so a test that sees the window can read all N+1 lines.
 *   --exit-after MS     safety net: the process exits after MS ms whatever happens;
 *                       passed down to the children, so a failed test leaves no strays
 *   --child             (internal) be a child: no window, write the pidfile line and wait
 *
 * Prints nothing when all goes well.
 */
#include "testprog.h"

#include <mmsystem.h>

#define MAX_CHILDREN 64
#define CHILD_READY_TIMEOUT_MS 10000
#define RETITLE_TIMER_ID 1

typedef struct {
    const wchar_t *title;
    const wchar_t *text;
    const wchar_t *picture;
    const wchar_t *retitle;
    const wchar_t *class_name;
    const wchar_t *pidfile;
    const wchar_t *spawn_other;
    const wchar_t *other_title;
    DWORD retitle_after;
    DWORD children;
    DWORD exit_after;
    bool retitle_given;
    bool retitle_after_given;
    bool exit_after_given;
    bool fullscreen;
    bool topmost;
    bool alarm;
    bool ignore_close;
    bool hide_cursor;
    bool child;
} Options;

/* Read by the window procedure; written once in wWinMain before any window exists. */
static Options g_opt;
static wchar_t *g_page_text; /* --text with "\n" turned into line breaks; NULL for a blank page */
static HBITMAP g_picture;    /* --picture, loaded; NULL without one */

/* ---- window class from the image name --------------------------------------------- */

/* The class names the real browsers register, which a watchdog may use to tell a
 * browser window from, say, a help viewer inside the same image. */
static const wchar_t *default_class_name(void)
{
    static const struct {
        const wchar_t *stem;
        const wchar_t *class_name;
    } known[] = {
        { L"chrome", L"Chrome_WidgetWin_1" },  { L"msedge", L"Chrome_WidgetWin_1" },
        { L"brave", L"Chrome_WidgetWin_1" },   { L"opera", L"Chrome_WidgetWin_1" },
        { L"vivaldi", L"Chrome_WidgetWin_1" }, { L"firefox", L"MozillaWindowClass" },
        { L"iexplore", L"IEFrame" },
    };
    wchar_t path[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, path, MAX_PATH);
    if (n == 0 || n >= MAX_PATH)
        return L"FakeBrowserWindow";

    wchar_t *stem = path;
    for (wchar_t *p = path; *p != L'\0'; p++) {
        if (*p == L'\\' || *p == L'/')
            stem = p + 1;
    }
    size_t len = wcslen(stem);
    if (len > 4 && _wcsicmp(stem + len - 4, L".exe") == 0)
        stem[len - 4] = L'\0';

    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (_wcsicmp(stem, known[i].stem) == 0)
            return known[i].class_name;
    }
    return L"FakeBrowserWindow";
}

/* ---- children ------------------------------------------------------------------- */

/* Appends arg to cmd, quoted so that the child's CommandLineToArgvW-style parsing gives
 * it back unchanged: backslashes are literal except before a quote, where they and the
 * quote need escaping. */
static bool append_arg(wchar_t *cmd, size_t cap, const wchar_t *arg)
{
    size_t n = wcslen(cmd);
    size_t backslashes = 0;

#define PUT(c)                                                                               \
    do {                                                                                     \
        if (n + 1 >= cap)                                                                    \
            return false;                                                                    \
        cmd[n++] = (c);                                                                      \
    } while (0)

    if (n > 0)
        PUT(L' ');
    PUT(L'"');
    for (const wchar_t *p = arg; *p != L'\0'; p++) {
        if (*p == L'\\') {
            backslashes++;
            continue;
        }
        /* Backslashes before a quote are doubled, and the quote gets its own. */
        size_t emit = *p == L'"' ? backslashes * 2 + 1 : backslashes;
        for (size_t i = 0; i < emit; i++)
            PUT(L'\\');
        backslashes = 0;
        PUT(*p);
    }
    for (size_t i = 0; i < backslashes * 2; i++) /* the closing quote follows them */
        PUT(L'\\');
    PUT(L'"');
    cmd[n] = L'\0';
    return true;
#undef PUT
}

/* A child says "my pidfile line is written" through an event named after its PID. */
static void child_ready_event_name(DWORD pid, wchar_t *name, size_t cap)
{
    _snwprintf(name, cap, L"Local\\omamori-fakebrowser-ready-%lu", pid);
    name[cap - 1] = L'\0';
}

/* Starts one child and waits until it has written its pidfile line (or has died). */
static bool spawn_child(const wchar_t *image)
{
    static wchar_t cmd[32768]; /* the longest command line CreateProcessW accepts */
    wchar_t number[16];

    cmd[0] = L'\0';
    bool ok = append_arg(cmd, sizeof cmd / sizeof cmd[0], image) &&
              append_arg(cmd, sizeof cmd / sizeof cmd[0], L"--child");
    if (ok && g_opt.pidfile != NULL)
        ok = append_arg(cmd, sizeof cmd / sizeof cmd[0], L"--pidfile") &&
             append_arg(cmd, sizeof cmd / sizeof cmd[0], g_opt.pidfile);
    if (ok && g_opt.exit_after_given) {
        _snwprintf(number, sizeof number / sizeof number[0], L"%lu", g_opt.exit_after);
        number[sizeof number / sizeof number[0] - 1] = L'\0';
        ok = append_arg(cmd, sizeof cmd / sizeof cmd[0], L"--exit-after") &&
             append_arg(cmd, sizeof cmd / sizeof cmd[0], number);
    }
    if (!ok) {
        tp_log("child command line too long");
        return false;
    }

    STARTUPINFOW si = { .cb = sizeof si };
    PROCESS_INFORMATION pi;
    if (!CreateProcessW(image, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        tp_log("CreateProcessW(child) failed: error %lu", GetLastError());
        return false;
    }

    /* Whichever of parent and child comes first creates the event; the other opens it. */
    wchar_t name[64];
    child_ready_event_name(pi.dwProcessId, name, sizeof name / sizeof name[0]);
    HANDLE ready = CreateEventW(NULL, TRUE, FALSE, name);
    if (ready == NULL) {
        tp_log("CreateEventW(child ready) failed: error %lu", GetLastError());
    } else {
        HANDLE waits[2] = { ready, pi.hProcess };
        DWORD r = WaitForMultipleObjects(2, waits, FALSE, CHILD_READY_TIMEOUT_MS);
        if (r != WAIT_OBJECT_0)
            tp_log("child %lu did not report ready (wait result %lu)", pi.dwProcessId, r);
        CloseHandle(ready);
    }
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return true;
}

/* Starts --spawn-other and waits until its window is up, so that the process is fully
 * there (its pidfile line written, its image known) before the page window appears. */
static bool spawn_other(void)
{
    static wchar_t cmd[32768];
    static wchar_t pidfile[MAX_PATH + 8];
    wchar_t number[16];
    const size_t cap = sizeof cmd / sizeof cmd[0];

    cmd[0] = L'\0';
    bool ok = append_arg(cmd, cap, g_opt.spawn_other);
    if (ok && g_opt.other_title != NULL)
        ok = append_arg(cmd, cap, L"--title") && append_arg(cmd, cap, g_opt.other_title);
    if (ok && g_opt.pidfile != NULL) {
        /* Its own file, named like the test scripts name a program's: PATH.pids. */
        const size_t room = sizeof pidfile / sizeof pidfile[0];
        int n = _snwprintf(pidfile, room, L"%ls.pids", g_opt.spawn_other);
        ok = n >= 0 && (size_t)n < room && append_arg(cmd, cap, L"--pidfile") &&
             append_arg(cmd, cap, pidfile);
    }
    if (ok && g_opt.exit_after_given) {
        _snwprintf(number, sizeof number / sizeof number[0], L"%lu", g_opt.exit_after);
        number[sizeof number / sizeof number[0] - 1] = L'\0';
        ok = append_arg(cmd, cap, L"--exit-after") && append_arg(cmd, cap, number);
    }
    if (!ok) {
        tp_log("--spawn-other command line too long");
        return false;
    }

    STARTUPINFOW si = { .cb = sizeof si };
    PROCESS_INFORMATION pi;
    if (!CreateProcessW(g_opt.spawn_other, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        tp_log("CreateProcessW(--spawn-other) failed: error %lu", GetLastError());
        return false;
    }
    DWORD r = WaitForInputIdle(pi.hProcess, CHILD_READY_TIMEOUT_MS);
    if (r != 0)
        tp_log("--spawn-other process %lu did not become idle (wait result %lu)",
               pi.dwProcessId, r);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return true;
}

/* A child is like a browser's renderer: no window, it just lives until it is killed or
 * its --exit-after passes. */
static int child_main(void)
{
    if (g_opt.pidfile != NULL && !tp_pidfile_append(g_opt.pidfile, "child"))
        return 1;
    wchar_t name[64];
    child_ready_event_name(GetCurrentProcessId(), name, sizeof name / sizeof name[0]);
    /* The handle stays open for the life of the process: closing it could destroy the
     * event before the parent has opened it. */
    HANDLE ready = CreateEventW(NULL, TRUE, FALSE, name);
    if (ready != NULL)
        SetEvent(ready);
    else
        tp_log("CreateEventW(child ready) failed: error %lu", GetLastError());
    for (;;)
        Sleep(INFINITE);
}

/* ---- alarm ---------------------------------------------------------------------- */

#define ALARM_RATE 22050 /* samples per second, mono, 16-bit */

static short g_alarm_samples[ALARM_RATE]; /* one second, played in a loop */
static HWAVEOUT g_wave;
static WAVEHDR g_wave_header;

/* "Pee-paa": 0.35 s at 960 Hz, 0.35 s at 770 Hz, 0.3 s of silence. Square waves need
 * no maths library and are as grating as the real thing. */
static void alarm_fill(void)
{
    for (int i = 0; i < ALARM_RATE; i++) {
        int freq = i < ALARM_RATE * 35 / 100 ? 960 : i < ALARM_RATE * 70 / 100 ? 770 : 0;
        if (freq == 0) {
            g_alarm_samples[i] = 0;
            continue;
        }
        int half_period = ALARM_RATE / (2 * freq);
        g_alarm_samples[i] = (short)((i / half_period) % 2 ? 8000 : -8000);
    }
}

/* Best effort: a test machine without audio still gets the rest of the scenario. */
static void alarm_start(void)
{
    WAVEFORMATEX format = {
        .wFormatTag = WAVE_FORMAT_PCM,
        .nChannels = 1,
        .nSamplesPerSec = ALARM_RATE,
        .nAvgBytesPerSec = ALARM_RATE * sizeof(short),
        .nBlockAlign = sizeof(short),
        .wBitsPerSample = 16,
    };
    alarm_fill();
    MMRESULT r = waveOutOpen(&g_wave, WAVE_MAPPER, &format, 0, 0, CALLBACK_NULL);
    if (r != MMSYSERR_NOERROR) {
        tp_log("waveOutOpen failed (MMRESULT %u); going on without the alarm", r);
        g_wave = NULL;
        return;
    }
    g_wave_header.lpData = (LPSTR)g_alarm_samples;
    g_wave_header.dwBufferLength = sizeof g_alarm_samples;
    r = waveOutPrepareHeader(g_wave, &g_wave_header, sizeof g_wave_header);
    if (r == MMSYSERR_NOERROR) {
        /* The loop flags go in after preparing: waveOutPrepareHeader wants dwFlags 0. */
        g_wave_header.dwFlags |= WHDR_BEGINLOOP | WHDR_ENDLOOP;
        g_wave_header.dwLoops = 0xFFFFFFFFu; /* 136 years of one-second loops */
        r = waveOutWrite(g_wave, &g_wave_header, sizeof g_wave_header);
    }
    if (r != MMSYSERR_NOERROR) {
        tp_log("waveOutPrepareHeader/waveOutWrite failed (MMRESULT %u); no alarm", r);
        waveOutReset(g_wave);
        waveOutUnprepareHeader(g_wave, &g_wave_header, sizeof g_wave_header);
        waveOutClose(g_wave);
        g_wave = NULL;
    }
}

static void alarm_stop(void)
{
    if (g_wave == NULL)
        return;
    waveOutReset(g_wave); /* returns the looping buffer so it can be unprepared */
    waveOutUnprepareHeader(g_wave, &g_wave_header, sizeof g_wave_header);
    waveOutClose(g_wave);
    g_wave = NULL;
}

/* ---- window --------------------------------------------------------------------- */

/* Test scripts cannot easily put a newline in an argument, so "\n" stands for one. */
static wchar_t *page_text_from(const wchar_t *arg)
{
    wchar_t *text = malloc((wcslen(arg) + 1) * sizeof *text);
    if (text == NULL)
        return NULL;
    wchar_t *out = text;
    for (const wchar_t *p = arg; *p != L'\0'; p++) {
        if (p[0] == L'\\' && p[1] == L'n') {
            *out++ = L'\n';
            p++;
        } else {
            *out++ = *p;
        }
    }
    *out = L'\0';
    return text;
}

/* White text on blue, centred, in a font sized to the window: what a fake alert looks
 * like from across the room. Tahoma because Wine ships it and the test prefix can link
 * a Japanese font to it. */
/* A screenshot over the whole window, as the browser would show that page. */
static void paint_picture(HWND hwnd, HDC dc)
{
    RECT client;
    GetClientRect(hwnd, &client);
    BITMAP info;
    HDC source = CreateCompatibleDC(dc);
    if (source == NULL || GetObjectW(g_picture, sizeof info, &info) == 0) {
        if (source != NULL)
            DeleteDC(source);
        return;
    }
    HGDIOBJ old = SelectObject(source, g_picture);
    SetStretchBltMode(dc, HALFTONE);
    SetBrushOrgEx(dc, 0, 0, NULL);
    StretchBlt(dc, 0, 0, client.right - client.left, client.bottom - client.top, source, 0, 0,
               info.bmWidth, info.bmHeight, SRCCOPY);
    SelectObject(source, old);
    DeleteDC(source);
}

static void paint_page(HWND hwnd, HDC dc)
{
    if (g_picture != NULL) {
        paint_picture(hwnd, dc);
        return;
    }
    RECT client;
    GetClientRect(hwnd, &client);
    COLORREF background = g_page_text != NULL ? RGB(0, 84, 166) : RGB(255, 255, 255);
    HBRUSH brush = CreateSolidBrush(background);
    FillRect(dc, &client, brush);
    DeleteObject(brush);
    if (g_page_text == NULL)
        return;

    int width = client.right - client.left;
    int height = client.bottom - client.top;
    int font_height = height / 14 > 16 ? height / 14 : 16;
    HFONT font = CreateFontW(-font_height, 0, 0, 0, FW_BOLD, FALSE, FALSE, FALSE,
                             DEFAULT_CHARSET, OUT_DEFAULT_PRECIS, CLIP_DEFAULT_PRECIS,
                             ANTIALIASED_QUALITY, DEFAULT_PITCH | FF_SWISS, L"Tahoma");
    HGDIOBJ old_font = SelectObject(dc, font);
    SetTextColor(dc, RGB(255, 255, 255));
    SetBkMode(dc, TRANSPARENT);

    const UINT format = DT_CENTER | DT_WORDBREAK | DT_NOPREFIX;
    RECT box = { client.left + width / 12, client.top + height / 12,
                 client.right - width / 12, client.bottom - height / 12 };
    RECT needed = box;
    DrawTextW(dc, g_page_text, -1, &needed, format | DT_CALCRECT);
    int spare = (box.bottom - box.top) - (needed.bottom - needed.top);
    if (spare > 0)
        box.top += spare / 2; /* centre vertically; DrawTextW only does it for one line */
    DrawTextW(dc, g_page_text, -1, &box, format);

    SelectObject(dc, old_font);
    DeleteObject(font);
}

static LRESULT CALLBACK window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC dc = BeginPaint(hwnd, &ps);
        paint_page(hwnd, dc);
        EndPaint(hwnd, &ps);
        return 0;
    }
    case WM_SETCURSOR:
        /* A page with `cursor: none`: Chrome then sets no cursor at all. */
        if (g_opt.hide_cursor && LOWORD(lp) == HTCLIENT) {
            SetCursor(NULL);
            return TRUE;
        }
        break;
    case WM_ERASEBKGND:
        return 1; /* WM_PAINT fills everything; erasing first would only flicker */
    case WM_TIMER:
        if (wp == RETITLE_TIMER_ID) {
            KillTimer(hwnd, RETITLE_TIMER_ID);
            SetWindowTextW(hwnd, g_opt.retitle);
        }
        return 0;
    case WM_CLOSE:
        if (g_opt.ignore_close)
            return 0; /* the page "does not want to be left" */
        break;        /* DefWindowProcW destroys the window */
    case WM_DESTROY:
        alarm_stop();
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

static HWND create_page_window(HINSTANCE inst)
{
    WNDCLASSEXW wc = {
        .cbSize = sizeof wc,
        .style = CS_HREDRAW | CS_VREDRAW,
        .lpfnWndProc = window_proc,
        .hInstance = inst,
        .hIcon = LoadIconW(NULL, IDI_APPLICATION),
        .hCursor = LoadCursorW(NULL, IDC_ARROW),
        .lpszClassName = g_opt.class_name,
    };
    if (RegisterClassExW(&wc) == 0) {
        tp_log("RegisterClassExW failed: error %lu", GetLastError());
        return NULL;
    }

    DWORD style = WS_OVERLAPPEDWINDOW;
    int x = CW_USEDEFAULT, y = CW_USEDEFAULT, w = 1024, h = 700;
    if (g_opt.fullscreen) {
        RECT mon = tp_monitor_rect();
        style = WS_POPUP;
        x = mon.left;
        y = mon.top;
        w = mon.right - mon.left;
        h = mon.bottom - mon.top;
    }
    HWND hwnd = CreateWindowExW(g_opt.topmost ? WS_EX_TOPMOST : 0, g_opt.class_name,
                                g_opt.title, style, x, y, w, h, NULL, NULL, inst, NULL);
    if (hwnd == NULL)
        tp_log("CreateWindowExW failed: error %lu", GetLastError());
    return hwnd;
}

int WINAPI wWinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmdline, int show)
{
    (void)prev;
    (void)cmdline; /* __wargv has it already split */
    (void)show;    /* a scam page always shows itself */

    g_opt.title = L"New Tab";
    const TpOpt opts[] = {
        { L"--title", TP_OPT_STRING, &g_opt.title, NULL },
        { L"--text", TP_OPT_STRING, &g_opt.text, NULL },
        { L"--picture", TP_OPT_STRING, &g_opt.picture, NULL },
        { L"--retitle-after", TP_OPT_COUNT, &g_opt.retitle_after, &g_opt.retitle_after_given },
        { L"--retitle", TP_OPT_STRING, &g_opt.retitle, &g_opt.retitle_given },
        { L"--fullscreen", TP_OPT_FLAG, &g_opt.fullscreen, NULL },
        { L"--topmost", TP_OPT_FLAG, &g_opt.topmost, NULL },
        { L"--alarm", TP_OPT_FLAG, &g_opt.alarm, NULL },
        { L"--ignore-close", TP_OPT_FLAG, &g_opt.ignore_close, NULL },
        { L"--hide-cursor", TP_OPT_FLAG, &g_opt.hide_cursor, NULL },
        { L"--children", TP_OPT_COUNT, &g_opt.children, NULL },
        { L"--spawn-other", TP_OPT_STRING, &g_opt.spawn_other, NULL },
        { L"--other-title", TP_OPT_STRING, &g_opt.other_title, NULL },
        { L"--class", TP_OPT_STRING, &g_opt.class_name, NULL },
        { L"--pidfile", TP_OPT_STRING, &g_opt.pidfile, NULL },
        { L"--exit-after", TP_OPT_COUNT, &g_opt.exit_after, &g_opt.exit_after_given },
        { L"--child", TP_OPT_FLAG, &g_opt.child, NULL },
    };
    if (!tp_parse_args(__argc, __wargv, opts, sizeof opts / sizeof opts[0]))
        return TP_EXIT_USAGE;
    if (g_opt.retitle_given != g_opt.retitle_after_given) {
        tp_log("--retitle and --retitle-after go together");
        return TP_EXIT_USAGE;
    }
    if (g_opt.other_title != NULL && g_opt.spawn_other == NULL) {
        tp_log("--other-title needs --spawn-other");
        return TP_EXIT_USAGE;
    }
    if (g_opt.children > MAX_CHILDREN) {
        tp_log("--children: at most %d", MAX_CHILDREN);
        return TP_EXIT_USAGE;
    }

    /* First, so that nothing below can outlive the test. */
    if (g_opt.exit_after_given && !tp_exit_after_start(g_opt.exit_after))
        return 1;
    if (g_opt.child)
        return child_main();

    if (g_opt.pidfile != NULL && !tp_pidfile_append(g_opt.pidfile, "main"))
        return 1;
    wchar_t image[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, image, MAX_PATH);
    if (g_opt.children > 0 && (n == 0 || n >= MAX_PATH)) {
        tp_log("GetModuleFileNameW failed: error %lu", GetLastError());
        return 1;
    }
    for (DWORD i = 0; i < g_opt.children; i++) {
        if (!spawn_child(image))
            return 1;
    }
    if (g_opt.spawn_other != NULL && !spawn_other())
        return 1;

    if (g_opt.class_name == NULL)
        g_opt.class_name = default_class_name();
    if (g_opt.text != NULL && (g_page_text = page_text_from(g_opt.text)) == NULL) {
        tp_log("out of memory");
        return 1;
    }
    if (g_opt.picture != NULL) {
        g_picture = LoadImageW(NULL, g_opt.picture, IMAGE_BITMAP, 0, 0,
                               LR_LOADFROMFILE | LR_CREATEDIBSECTION);
        if (g_picture == NULL) {
            tp_log("--picture: cannot load the bitmap (error %lu)", GetLastError());
            return TP_EXIT_USAGE;
        }
    }
    HWND hwnd = create_page_window(inst);
    if (hwnd == NULL)
        return 1;
    if (g_opt.retitle_given && SetTimer(hwnd, RETITLE_TIMER_ID, g_opt.retitle_after, NULL) == 0)
        tp_log("SetTimer(retitle) failed: error %lu", GetLastError());
    if (g_opt.alarm)
        alarm_start();

    ShowWindow(hwnd, SW_SHOW);
    UpdateWindow(hwnd);
    SetForegroundWindow(hwnd);
    int rc = tp_message_loop();
    free(g_page_text);
    return rc;
}
