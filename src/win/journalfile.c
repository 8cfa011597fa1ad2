/* journalfile.c - see journalfile.h. */
#include "journalfile.h"

#include <wchar.h>

static bool default_journal_path(wchar_t *out, size_t count)
{
    wchar_t base[MAX_PATH];
    DWORD n = GetEnvironmentVariableW(L"LOCALAPPDATA", base, MAX_PATH);
    if (n == 0 || n >= MAX_PATH)
        return false;
    if (swprintf(out, count, L"%ls\\omamori", base) < 0)
        return false;
    if (!CreateDirectoryW(out, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
        return false;
    return swprintf(out, count, L"%ls\\omamori\\journal.jsonl", base) >= 0;
}

bool journal_file_open(JournalFile *file, const wchar_t *path)
{
    file->handle = INVALID_HANDLE_VALUE;
    if (path == NULL) {
        if (!default_journal_path(file->path, MAX_PATH))
            return false;
    } else {
        if (wcslen(path) >= MAX_PATH) {
            SetLastError(ERROR_FILENAME_EXCED_RANGE);
            return false;
        }
        wcscpy(file->path, path);
    }
    /* FILE_APPEND_DATA alone makes every write land at the end, even when a second
       writer (a test reading, another tool) has the file open. */
    file->handle = CreateFileW(file->path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE,
                               NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    return file->handle != INVALID_HANDLE_VALUE;
}

bool journal_file_append(JournalFile *file, const char *data, size_t length)
{
    DWORD written = 0;
    if (file->handle == INVALID_HANDLE_VALUE || length > MAXDWORD)
        return false;
    if (!WriteFile(file->handle, data, (DWORD)length, &written, NULL) || written != length)
        return false;
    return FlushFileBuffers(file->handle) != 0;
}

void journal_file_close(JournalFile *file)
{
    if (file->handle != INVALID_HANDLE_VALUE)
        CloseHandle(file->handle);
    file->handle = INVALID_HANDLE_VALUE;
}
