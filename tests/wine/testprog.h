/* testprog.h - pieces shared by the small Windows programs in tests/wine/.
 *
 * The Makefile builds every tests/wine/X.c into its own X.exe, so there is no shared
 * .c file to link against; what the programs have in common lives here as static
 * inline functions: option parsing from the wide command line, the --pidfile line,
 * the --exit-after safety net, the monitor rectangle for --fullscreen and stderr logs.
 *
 * These programs must print nothing when all goes well: tp_log is for failures only.
 */
#ifndef OMAMORI_TESTS_WINE_TESTPROG_H
#define OMAMORI_TESTS_WINE_TESTPROG_H

#include <windows.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Exit status for a command line the program does not understand. */
#define TP_EXIT_USAGE 2

/* Writes "image.exe[pid]: message\n" to stderr as UTF-8. WriteFile on the raw handle
 * rather than stdio, because a -mwindows program may have no CRT stream attached and
 * Wine passes the Unix stderr through as the standard error handle. */
static inline void tp_log(const char *fmt, ...)
{
    wchar_t path[MAX_PATH];
    char image[MAX_PATH * 3];
    char line[1024];
    DWORD n = GetModuleFileNameW(NULL, path, MAX_PATH);
    const wchar_t *base = path;
    for (DWORD i = 0; i < n; i++) {
        if (path[i] == L'\\' || path[i] == L'/')
            base = path + i + 1;
    }
    if (n == 0 || WideCharToMultiByte(CP_UTF8, 0, base, -1, image, (int)sizeof image,
                                      NULL, NULL) == 0)
        strcpy(image, "testprog");

    int len = snprintf(line, sizeof line, "%s[%lu]: ", image, GetCurrentProcessId());
    if (len < 0 || (size_t)len >= sizeof line)
        return;
    size_t room = sizeof line - (size_t)len - 1; /* one byte kept for the newline */
    va_list ap;
    va_start(ap, fmt);
    int more = vsnprintf(line + len, room, fmt, ap);
    va_end(ap);
    /* Truncated: msvcrt's vsnprintf then returns -1 and may leave no terminator, so
     * count on room - 1 characters, which both it and C99's version have written. */
    if (more < 0 || (size_t)more >= room)
        more = (int)room - 1;
    len += more;
    line[len++] = '\n';

    HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
    DWORD written;
    if (err != NULL && err != INVALID_HANDLE_VALUE)
        WriteFile(err, line, (DWORD)len, &written, NULL);
}

/* UTF-8 copy of a wide string for tp_log; a conversion failure gives "?". */
static inline const char *tp_utf8(const wchar_t *s, char *buf, int size)
{
    if (s == NULL || WideCharToMultiByte(CP_UTF8, 0, s, -1, buf, size, NULL, NULL) == 0)
        return "?";
    return buf;
}

/* ---- options ----------------------------------------------------------------- */

typedef enum {
    TP_OPT_FLAG,   /* value: bool *, set to true when present */
    TP_OPT_STRING, /* value: const wchar_t **, borrowed from argv (lives as long as the process) */
    TP_OPT_COUNT   /* value: DWORD *, a decimal count (milliseconds, processes) */
} TpOptKind;

typedef struct {
    const wchar_t *name; /* with its dashes: L"--title" */
    TpOptKind kind;
    void *value;
    bool *given; /* optional: set to true when the option appears */
} TpOpt;

/* Decimal digits only: "10s", "-1" or "" are mistakes in a test script, not zero. */
static inline bool tp_parse_count(const wchar_t *s, DWORD *out)
{
    unsigned long long v = 0;
    if (s == NULL || *s == L'\0')
        return false;
    for (; *s != L'\0'; s++) {
        if (*s < L'0' || *s > L'9')
            return false;
        v = v * 10 + (unsigned long long)(*s - L'0');
        if (v >= INFINITE) /* INFINITE would mean "never" to the wait functions */
            return false;
    }
    *out = (DWORD)v;
    return true;
}

/* Parses argv[1..argc-1] against opts. Unknown options, stray arguments, a missing
 * value or a bad number are reported on stderr and return false: a test that passes
 * a wrong option should fail loudly, not run a different scenario. */
static inline bool tp_parse_args(int argc, wchar_t **argv, const TpOpt *opts, size_t count)
{
    char buf[512];
    for (int i = 1; i < argc; i++) {
        const TpOpt *opt = NULL;
        for (size_t k = 0; k < count && opt == NULL; k++) {
            if (wcscmp(argv[i], opts[k].name) == 0)
                opt = &opts[k];
        }
        if (opt == NULL) {
            tp_log("unknown argument '%s'", tp_utf8(argv[i], buf, (int)sizeof buf));
            return false;
        }
        if (opt->kind != TP_OPT_FLAG && i + 1 >= argc) {
            tp_log("%s needs a value", tp_utf8(opt->name, buf, (int)sizeof buf));
            return false;
        }
        switch (opt->kind) {
        case TP_OPT_FLAG:
            *(bool *)opt->value = true;
            break;
        case TP_OPT_STRING:
            *(const wchar_t **)opt->value = argv[++i];
            break;
        case TP_OPT_COUNT:
            if (!tp_parse_count(argv[++i], (DWORD *)opt->value)) {
                tp_log("%s wants a decimal number",
                       tp_utf8(opt->name, buf, (int)sizeof buf));
                return false;
            }
            break;
        }
        if (opt->given != NULL)
            *opt->given = true;
    }
    return true;
}

/* ---- --pidfile ------------------------------------------------------------------ */

/* Appends "PID role\n" (the Windows PID, the one the watchdog sees) to path. Several
 * processes append to the same file at once, so the file is opened for FILE_APPEND_DATA
 * only (every write lands at the end) and the line goes out in a single WriteFile. */
static inline bool tp_pidfile_append(const wchar_t *path, const char *role)
{
    char line[64];
    char buf[MAX_PATH * 3];
    int len = snprintf(line, sizeof line, "%lu %s\n", GetCurrentProcessId(), role);
    if (len < 0 || (size_t)len >= sizeof line)
        return false;
    HANDLE f = CreateFileW(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE,
                           NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f == INVALID_HANDLE_VALUE) {
        tp_log("CreateFileW(%s) failed: error %lu", tp_utf8(path, buf, (int)sizeof buf),
               GetLastError());
        return false;
    }
    DWORD written = 0;
    BOOL ok = WriteFile(f, line, (DWORD)len, &written, NULL);
    if (!ok || written != (DWORD)len)
        tp_log("WriteFile(pidfile) failed: error %lu", GetLastError());
    CloseHandle(f);
    return ok && written == (DWORD)len;
}

/* ---- --exit-after --------------------------------------------------------------- */

static inline DWORD WINAPI tp_exit_after_thread(LPVOID param)
{
    Sleep((DWORD)(ULONG_PTR)param);
    ExitProcess(0);
}

/* Ends the whole process after ms milliseconds, whatever the UI thread is doing (even
 * when it ignores WM_CLOSE), so a failed test never leaves a stray program behind. */
static inline bool tp_exit_after_start(DWORD ms)
{
    HANDLE t = CreateThread(NULL, 0, tp_exit_after_thread, (LPVOID)(ULONG_PTR)ms, 0, NULL);
    if (t == NULL) {
        tp_log("CreateThread(exit-after) failed: error %lu", GetLastError());
        return false;
    }
    CloseHandle(t);
    return true;
}

/* ---- windows -------------------------------------------------------------------- */

/* The full rectangle (not the work area) of the primary monitor: a fullscreen page
 * covers the taskbar too. */
static inline RECT tp_monitor_rect(void)
{
    POINT origin = { 0, 0 };
    MONITORINFO mi = { .cbSize = sizeof mi };
    HMONITOR mon = MonitorFromPoint(origin, MONITOR_DEFAULTTOPRIMARY);
    if (mon == NULL || !GetMonitorInfoW(mon, &mi)) {
        RECT screen = { 0, 0, GetSystemMetrics(SM_CXSCREEN), GetSystemMetrics(SM_CYSCREEN) };
        return screen;
    }
    return mi.rcMonitor;
}

/* The usual message loop; returns the WM_QUIT exit code. */
static inline int tp_message_loop(void)
{
    MSG msg;
    BOOL r;
    while ((r = GetMessageW(&msg, NULL, 0, 0)) != 0) {
        if (r == -1) {
            tp_log("GetMessageW failed: error %lu", GetLastError());
            return 1;
        }
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    return (int)msg.wParam;
}

#endif /* OMAMORI_TESTS_WINE_TESTPROG_H */
