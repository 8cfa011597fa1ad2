/*
 * jfs_win.c - see jfs_win.h.
 *
 * Every handle shares read, write and delete: the store reads the live file through a
 * second handle while the first appends, and a person may have the journal open in an
 * editor. FILE_APPEND_DATA alone cannot truncate, so "append" opens for writing and
 * moves to the end before each write.
 */
#include "jfs_win.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "wintext.h"

struct JfsFile {
    HANDLE handle;
    JfsOpenMode mode;
};

static JfsStatus status_of(DWORD code)
{
    switch (code) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND: return JFS_NOT_FOUND;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL: return JFS_NO_SPACE;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
    case ERROR_WRITE_PROTECT: return JFS_DENIED;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY: return JFS_NO_MEMORY;
    default: return JFS_IO;
    }
}

/* Fills err with "what path: Windows' words (API)" and returns the status. */
static int fail(JfsError *err, const char *what, const char *path, const char *api)
{
    DWORD code = GetLastError();
    if (err != NULL) {
        wchar_t words[160] = L"";
        FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code,
                       MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), words, 160, NULL);
        char *utf8 = win_utf8_from_wide(words);
        char *end = utf8 != NULL ? utf8 + strlen(utf8) : NULL;
        while (end != NULL && end > utf8 && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == '.'))
            *--end = '\0'; /* FormatMessage ends its text with ".\r\n" */
        snprintf(err->message, sizeof err->message, "cannot %s %s: %s (%s, error %lu)", what,
                 path != NULL ? path : "", utf8 != NULL ? utf8 : "unknown error", api,
                 (unsigned long)code);
        free(utf8);
    }
    return status_of(code);
}

static int win_open(JournalFs *fs, const char *path, JfsOpenMode mode, JfsFile **file,
                    JfsError *err)
{
    (void)fs;
    wchar_t *wide = win_wide_from_utf8(path);
    if (wide == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return fail(err, "open", path, "MultiByteToWideChar");
    }
    DWORD access = mode == JFS_READ ? GENERIC_READ : GENERIC_WRITE | GENERIC_READ;
    DWORD disposition = mode == JFS_READ     ? OPEN_EXISTING
                        : mode == JFS_APPEND ? OPEN_ALWAYS
                                             : CREATE_ALWAYS;
    HANDLE handle = CreateFileW(wide, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                NULL, disposition, FILE_ATTRIBUTE_NORMAL, NULL);
    free(wide);
    if (handle == INVALID_HANDLE_VALUE)
        return fail(err, "open", path, "CreateFileW");
    JfsFile *opened = malloc(sizeof *opened);
    if (opened == NULL) {
        CloseHandle(handle);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return fail(err, "open", path, "malloc");
    }
    opened->handle = handle;
    opened->mode = mode;
    *file = opened;
    return JFS_OK;
}

static int win_read(JournalFs *fs, JfsFile *file, void *buffer, size_t capacity, size_t *got,
                    JfsError *err)
{
    (void)fs;
    DWORD read = 0;
    DWORD asked = capacity > 0x40000000u ? 0x40000000u : (DWORD)capacity;
    if (!ReadFile(file->handle, buffer, asked, &read, NULL))
        return fail(err, "read", "the journal", "ReadFile");
    *got = read;
    return JFS_OK;
}

static int win_write(JournalFs *fs, JfsFile *file, const void *data, size_t length,
                     JfsError *err)
{
    (void)fs;
    LARGE_INTEGER zero = {0};
    if (file->mode == JFS_APPEND && !SetFilePointerEx(file->handle, zero, NULL, FILE_END))
        return fail(err, "write", "the journal", "SetFilePointerEx");
    const char *next = data;
    while (length > 0) {
        DWORD written = 0;
        DWORD chunk = length > 0x40000000u ? 0x40000000u : (DWORD)length;
        if (!WriteFile(file->handle, next, chunk, &written, NULL))
            return fail(err, "write", "the journal", "WriteFile");
        next += written;
        length -= written;
    }
    return JFS_OK;
}

static int win_flush(JournalFs *fs, JfsFile *file, JfsError *err)
{
    (void)fs;
    return FlushFileBuffers(file->handle) ? JFS_OK
                                          : fail(err, "flush", "the journal", "FlushFileBuffers");
}

static int win_size(JournalFs *fs, JfsFile *file, uint64_t *bytes, JfsError *err)
{
    (void)fs;
    LARGE_INTEGER size;
    if (!GetFileSizeEx(file->handle, &size))
        return fail(err, "measure", "the journal", "GetFileSizeEx");
    *bytes = (uint64_t)size.QuadPart;
    return JFS_OK;
}

static int win_truncate(JournalFs *fs, JfsFile *file, uint64_t length, JfsError *err)
{
    (void)fs;
    LARGE_INTEGER at = {.QuadPart = (LONGLONG)length};
    if (!SetFilePointerEx(file->handle, at, NULL, FILE_BEGIN) || !SetEndOfFile(file->handle))
        return fail(err, "truncate", "the journal", "SetEndOfFile");
    return JFS_OK;
}

static void win_close(JournalFs *fs, JfsFile *file)
{
    (void)fs;
    if (file == NULL)
        return;
    CloseHandle(file->handle);
    free(file);
}

static int win_rename(JournalFs *fs, const char *from, const char *to, JfsError *err)
{
    (void)fs;
    wchar_t *wide_from = win_wide_from_utf8(from), *wide_to = win_wide_from_utf8(to);
    BOOL ok = wide_from != NULL && wide_to != NULL &&
              MoveFileExW(wide_from, wide_to, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH);
    free(wide_from);
    free(wide_to);
    return ok ? JFS_OK : fail(err, "rename", from, "MoveFileExW");
}

static int win_remove(JournalFs *fs, const char *path, JfsError *err)
{
    (void)fs;
    wchar_t *wide = win_wide_from_utf8(path);
    BOOL ok = wide != NULL && DeleteFileW(wide);
    free(wide);
    return ok ? JFS_OK : fail(err, "delete", path, "DeleteFileW");
}

static int win_list(JournalFs *fs, const char *folder, JfsNameFn each, void *context,
                    JfsError *err)
{
    (void)fs;
    char *pattern = malloc(strlen(folder) + 3);
    if (pattern == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return fail(err, "list", folder, "malloc");
    }
    sprintf(pattern, "%s\\*", folder);
    wchar_t *wide = win_wide_from_utf8(pattern);
    free(pattern);
    WIN32_FIND_DATAW found;
    HANDLE search = wide != NULL ? FindFirstFileExW(wide, FindExInfoBasic, &found,
                                                    FindExSearchNameMatch, NULL, 0)
                                 : INVALID_HANDLE_VALUE;
    free(wide);
    if (search == INVALID_HANDLE_VALUE)
        return GetLastError() == ERROR_FILE_NOT_FOUND ? JFS_OK /* an empty folder */
                                                      : fail(err, "list", folder, "FindFirstFileExW");
    int result = JFS_OK;
    do {
        if (wcscmp(found.cFileName, L".") == 0 || wcscmp(found.cFileName, L"..") == 0)
            continue;
        char *name = win_utf8_from_wide(found.cFileName);
        result = name != NULL ? each(context, name) : JFS_NO_MEMORY;
        free(name);
    } while (result == JFS_OK && FindNextFileW(search, &found));
    FindClose(search);
    return result;
}

static const JournalFsVtable win_vtable = {
    .open = win_open,
    .read = win_read,
    .write = win_write,
    .flush = win_flush,
    .size = win_size,
    .truncate = win_truncate,
    .close = win_close,
    .rename = win_rename,
    .remove = win_remove,
    .list = win_list,
};

static JournalFs win_fs = {.vt = &win_vtable};

JournalFs *jfs_win(void)
{
    return &win_fs;
}

bool jfs_win_default_journal(char *out, size_t size)
{
    wchar_t base[MAX_PATH], path[MAX_PATH];
    DWORD n = GetEnvironmentVariableW(L"LOCALAPPDATA", base, MAX_PATH);
    if (n == 0 || n >= MAX_PATH || _snwprintf(path, MAX_PATH, L"%ls\\omamori", base) < 0)
        return false;
    path[MAX_PATH - 1] = L'\0';
    if (!CreateDirectoryW(path, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
        return false;
    wcsncat(path, L"\\journal.jsonl", MAX_PATH - wcslen(path) - 1);
    return win_utf8_into(path, out, size);
}
