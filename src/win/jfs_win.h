/*
 * jfs_win.h - the journal's file seam (src/core/jfs.h) on Win32: UTF-8 paths become
 * UTF-16, Win32 errors become JfsStatus with the API's name and Windows' own words.
 */
#ifndef OMAMORI_JFS_WIN_H
#define OMAMORI_JFS_WIN_H

#include <stdbool.h>
#include <stddef.h>

#include "jfs.h"

/* The one Win32 file system (it holds no state). */
JournalFs *jfs_win(void);

/* The per-user journal, %LOCALAPPDATA%\omamori\journal.jsonl, as UTF-8 in out (the
   folder is created). False when there is no such folder or the path does not fit. */
bool jfs_win_default_journal(char *out, size_t size);

#endif
