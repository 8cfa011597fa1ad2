/*
 * appendfile.h - a file that lines are appended to, each whole and flushed: what
 * --record writes. (The incident journal has its own store: src/core/journalstore.h.)
 */
#ifndef OMAMORI_APPENDFILE_H
#define OMAMORI_APPENDFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <windows.h>

typedef struct AppendFile {
    HANDLE handle; /* INVALID_HANDLE_VALUE when closed */
} AppendFile;

/* Opens (creating if needed) path. Returns false on failure, with GetLastError() set,
   and leaves file closed. */
bool append_file_open(AppendFile *file, const wchar_t *path);

/* Appends length bytes (one or more whole lines) and flushes them. */
bool append_file_write(AppendFile *file, const char *data, size_t length);

void append_file_close(AppendFile *file);

#endif
