/*
 * remotetools.c - see remotetools.h.
 *
 * Names are compared byte by byte with ASCII case folded: program names of the tools
 * are ASCII, and a non-ASCII byte simply has to be equal. Names longer than
 * REMOTETOOLS_NAME_MAX bytes are not tools (no real one comes close).
 */
#include "remotetools.h"

#include <string.h>

#define REMOTETOOLS_NAME_MAX 260 /* MAX_PATH: a file name cannot be longer */

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The first n bytes of a and b are equal, ASCII case aside. */
static bool equal_nocase(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

/* name (length bytes) against one entry: exact, or around the entry's one '*'. */
static bool pattern_matches(const char *pattern, const char *name, size_t length)
{
    const char *star = strchr(pattern, '*');
    if (star == NULL)
        return strlen(pattern) == length && equal_nocase(pattern, name, length);
    size_t head = (size_t)(star - pattern);
    size_t tail = strlen(star + 1);
    return length >= head + tail && equal_nocase(pattern, name, head) &&
           equal_nocase(star + 1, name + length - tail, tail);
}

/* "AnyDesk (1).exe" -> "AnyDesk.exe" into out (room for REMOTETOOLS_NAME_MAX + 1):
   the " (digits)" a browser adds before the extension of a file downloaded again.
   Returns its length, or 0 when name has no such number. */
static size_t without_download_number(const char *name, size_t length, char *out)
{
    const char *dot = NULL;
    for (const char *p = name; p < name + length; p++) {
        if (*p == '.')
            dot = p;
    }
    const char *end = dot != NULL ? dot : name + length; /* where the number ends */
    if (end - name < 4 || end[-1] != ')')
        return 0;
    const char *p = end - 2;
    while (p > name && *p >= '0' && *p <= '9')
        p--;
    if (p == end - 2 || p - name < 2 || p[0] != '(' || p[-1] != ' ')
        return 0;
    size_t stem = (size_t)(p - 1 - name);
    size_t rest = (size_t)(name + length - end);
    memcpy(out, name, stem);
    memcpy(out + stem, end, rest);
    out[stem + rest] = '\0';
    return stem + rest;
}

int remotetools_match(const Config *cfg, const char *image)
{
    if (image == NULL)
        return -1;
    const char *name = image;
    for (const char *p = image; *p != '\0'; p++) {
        if (*p == '\\' || *p == '/')
            name = p + 1;
    }
    size_t length = strlen(name);
    if (length == 0 || length > REMOTETOOLS_NAME_MAX)
        return -1;
    char plain[REMOTETOOLS_NAME_MAX + 1];
    size_t plain_length = without_download_number(name, length, plain);
    const RemoteControlConfig *rc = &cfg->remote_control;
    for (size_t i = 0; i < rc->image_count; i++) {
        if (pattern_matches(rc->images[i], name, length) ||
            (plain_length > 0 && pattern_matches(rc->images[i], plain, plain_length)))
            return (int)i;
    }
    return -1;
}

bool remotetools_watching(const Config *cfg, bool open, bool seen, uint64_t last_open_ms,
                          uint64_t now_ms)
{
    if (open)
        return true;
    if (!seen || now_ms < last_open_ms)
        return false;
    uint64_t window_ms = (uint64_t)cfg->remote_control.window_minutes * 60u * 1000u;
    return now_ms - last_open_ms < window_ms;
}
