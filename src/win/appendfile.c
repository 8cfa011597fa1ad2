/* appendfile.c - see appendfile.h. */
#include "appendfile.h"

bool append_file_open(AppendFile *file, const wchar_t *path)
{
    /* FILE_APPEND_DATA alone makes every write land at the end, even when a second
       writer has the file open. */
    file->handle = CreateFileW(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                               OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    return file->handle != INVALID_HANDLE_VALUE;
}

bool append_file_write(AppendFile *file, const char *data, size_t length)
{
    DWORD written = 0;
    if (file->handle == INVALID_HANDLE_VALUE || length > MAXDWORD)
        return false;
    if (!WriteFile(file->handle, data, (DWORD)length, &written, NULL) || written != length)
        return false;
    return FlushFileBuffers(file->handle) != 0;
}

void append_file_close(AppendFile *file)
{
    if (file->handle != INVALID_HANDLE_VALUE)
        CloseHandle(file->handle);
    file->handle = INVALID_HANDLE_VALUE;
}
