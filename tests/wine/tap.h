/*
 * tap.h - TAP output for the Windows test drivers (test-audiomon, test-pagetext): one
 * "ok N - ..." or "not ok N - ..." line per check, written whole to standard output,
 * which the Wine runner reads. Each driver is a single translation unit, so the
 * counters can live here.
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

#endif
