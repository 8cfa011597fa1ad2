/*
 * procsnap.h - one Toolhelp snapshot of the processes: pid, parent pid, image name.
 *
 * Shared by everything that looks at the process list (ending a browser's tree,
 * finding a browser's root process, noticing newly started programs), so the list is
 * read one way. A snapshot is only names and numbers: a PID in it may name another
 * process by the time it is used, which each user guards against in its own way.
 */
#ifndef OMAMORI_PROCSNAP_H
#define OMAMORI_PROCSNAP_H

#include <stdbool.h>
#include <stddef.h>
#include <windows.h>

typedef struct ProcessInfo {
    DWORD pid;
    DWORD parent;
    wchar_t image[MAX_PATH]; /* file name only, e.g. L"chrome.exe" */
} ProcessInfo;

typedef struct ProcessSnapshot {
    ProcessInfo *items; /* owned */
    size_t count;
} ProcessSnapshot;

/* Takes a snapshot of every process. False, with nothing to free, when none can be
   taken or memory runs out: never a partial list. */
bool procsnap_take(ProcessSnapshot *snap);

void procsnap_free(ProcessSnapshot *snap);

/* The process with this pid in the snapshot, or NULL. */
const ProcessInfo *procsnap_find(const ProcessSnapshot *snap, DWORD pid);

/* When the process with this pid started (FILETIME units), read from the running
   process; false when it is gone or will not say. Told apart with it, a parent PID
   that a newer process has taken is no parent: a parent starts before its child. */
bool procsnap_started_at(DWORD pid, ULONGLONG *started);

/* Image names compared as Windows compares file names (case-insensitively). */
bool procsnap_same_image(const wchar_t *a, const wchar_t *b);

#endif
