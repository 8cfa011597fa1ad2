/*
 * tap.h - TAP output for the Windows test drivers (test-audiomon, test-pagetext,
 * test-winscan): one "ok N - ..." or "not ok N - ..." line per check, written whole to
 * standard output, which the Wine runner reads; and a watchdog. Each driver is a single
 * translation unit, so the counters can live here.
 */
#ifndef OMAMORI_TESTS_TAP_H
#define OMAMORI_TESTS_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <windows.h>

static int g_checks;   /* checks made so far */
static int g_failures; /* of which failed */

/* Writes one formatted line (a newline is added), in one WriteFile. */
static inline void out(const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof line - 1)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    DWORD written;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), line, (DWORD)n, &written, NULL);
}

static inline bool check(bool passed, const char *description)
{
    g_checks++;
    g_failures += passed ? 0 : 1;
    out("%s %d - %s", passed ? "ok" : "not ok", g_checks, description);
    return passed;
}

/* The watchdog: a driver still running after its time fails the run, with a "not ok"
   line and the plan, rather than leaving the runner to time it out silently. */
static const char *g_watchdog_driver;
static DWORD g_watchdog_ms;

static inline DWORD WINAPI tap_watchdog(void *param)
{
    (void)param;
    Sleep(g_watchdog_ms);
    out("not ok %d - %s finished within %lu s", g_checks + 1, g_watchdog_driver,
        (unsigned long)(g_watchdog_ms / 1000));
    out("1..%d", g_checks + 1);
    ExitProcess(1);
}

static inline void tap_watchdog_start(const char *driver, DWORD ms)
{
    g_watchdog_driver = driver;
    g_watchdog_ms = ms;
    HANDLE thread = CreateThread(NULL, 0, tap_watchdog, NULL, 0, NULL);
    if (thread != NULL)
        CloseHandle(thread);
}

#endif
