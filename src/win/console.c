/* console.c - see console.h. */
#include "console.h"

#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "wintext.h"

static HANDLE standard_handle(DWORD which)
{
    HANDLE handle = GetStdHandle(which);
    if (handle != NULL && handle != INVALID_HANDLE_VALUE)
        return handle;
    /* Started from a console without redirection: borrow the parent's console. */
    if (!AttachConsole(ATTACH_PARENT_PROCESS) && GetLastError() != ERROR_ACCESS_DENIED)
        return NULL; /* ERROR_ACCESS_DENIED means we are attached already */
    handle = CreateFileW(L"CONOUT$", GENERIC_WRITE, FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0,
                         NULL);
    return handle == INVALID_HANDLE_VALUE ? NULL : handle;
}

bool win_console_write(const char *utf8, bool to_stderr)
{
    HANDLE handle = standard_handle(to_stderr ? STD_ERROR_HANDLE : STD_OUTPUT_HANDLE);
    if (handle == NULL)
        return false;
    DWORD mode, written;
    if (GetConsoleMode(handle, &mode)) {
        /* A real console shows UTF-16 correctly whatever its code page. */
        wchar_t *wide = win_wide_from_utf8(utf8);
        if (wide == NULL)
            return false;
        BOOL ok = WriteConsoleW(handle, wide, (DWORD)wcslen(wide), &written, NULL);
        free(wide);
        return ok != 0;
    }
    return WriteFile(handle, utf8, (DWORD)strlen(utf8), &written, NULL) != 0;
}
