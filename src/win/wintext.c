/* wintext.c - conversions between the core's UTF-8 and Win32's UTF-16, and copies. */
#include "wintext.h"

#include <stdlib.h>
#include <string.h>
#include <windows.h>

char *win_utf8_from_wide(const wchar_t *wide)
{
    if (wide == NULL)
        return NULL;
    int bytes = WideCharToMultiByte(CP_UTF8, 0, wide, -1, NULL, 0, NULL, NULL);
    if (bytes <= 0)
        return NULL;
    char *out = malloc((size_t)bytes);
    if (out != NULL && WideCharToMultiByte(CP_UTF8, 0, wide, -1, out, bytes, NULL, NULL) <= 0) {
        free(out);
        out = NULL;
    }
    return out;
}

wchar_t *win_wide_from_utf8(const char *utf8)
{
    if (utf8 == NULL)
        return NULL;
    int units = MultiByteToWideChar(CP_UTF8, 0, utf8, -1, NULL, 0);
    if (units <= 0)
        return NULL;
    wchar_t *out = malloc((size_t)units * sizeof *out);
    if (out != NULL && MultiByteToWideChar(CP_UTF8, 0, utf8, -1, out, units) <= 0) {
        free(out);
        out = NULL;
    }
    return out;
}

bool win_utf8_into(const wchar_t *wide, char *out, size_t size)
{
    char *utf8 = win_utf8_from_wide(wide);
    bool fits = utf8 != NULL && strlen(utf8) < size;
    if (fits)
        memcpy(out, utf8, strlen(utf8) + 1);
    free(utf8);
    return fits;
}

char *win_text_copy(const char *text)
{
    if (text == NULL)
        return NULL;
    size_t n = strlen(text) + 1;
    char *copy = malloc(n);
    if (copy != NULL)
        memcpy(copy, text, n);
    return copy;
}
