/*
 * journalfile.h - appends journal records to the journal file.
 *
 * Each record is one WriteFile of a whole line on a handle opened for appending, then
 * flushed to disk before the caller acts on it, so a crash right after leaves the record.
 */
#ifndef OMAMORI_JOURNALFILE_H
#define OMAMORI_JOURNALFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <windows.h>

typedef struct JournalFile {
    HANDLE handle; /* INVALID_HANDLE_VALUE when closed */
    wchar_t path[MAX_PATH];
} JournalFile;

/* Opens (creating if needed) path, or, when path is NULL, the per-user default
   %LOCALAPPDATA%\omamori\journal.jsonl (creating the folder). Returns false on failure,
   with GetLastError() set, and leaves file closed. */
bool journal_file_open(JournalFile *file, const wchar_t *path);

/* Appends length bytes (one or more whole lines) and flushes them. */
bool journal_file_append(JournalFile *file, const char *data, size_t length);

void journal_file_close(JournalFile *file);

#endif
