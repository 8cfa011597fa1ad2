/*
 * endtask.h - ends a browser the way Task Manager's "End task" does: ask its windows
 * to close, wait a little, then terminate its process tree.
 *
 * The tree is the flagged process's root (walking up through parents of the same
 * image) and every descendant of that same image - Chrome's renderers, for example.
 * Never touched, whoever its parent is: a process of any other image, one in another
 * logon session or owned by another user (or whose owner cannot be read), one the user
 * cannot open to end, and a "child" older than its "parent" (the parent PID was reused).
 * Nothing here blocks: the caller polls endtask_poll() from a timer.
 */
#ifndef OMAMORI_ENDTASK_H
#define OMAMORI_ENDTASK_H

#include <stdbool.h>
#include <windows.h>

#define ENDTASK_MAX_PROCESSES 256 /* Chrome with many tabs runs well over 100 */

typedef enum {
    ENDTASK_IDLE = 0,
    ENDTASK_CLOSING,     /* WM_CLOSE sent; waiting for the root process to exit */
    ENDTASK_TERMINATING, /* TerminateProcess called; waiting for the exits */
    ENDTASK_DONE
} EndTaskPhase;

typedef struct EndTask {
    EndTaskPhase phase;
    bool terminated_root;  /* the root had to be terminated (it ignored WM_CLOSE) */
    DWORD root_pid;
    ULONGLONG started_ms;
    ULONGLONG phase_started_ms;
    DWORD close_timeout_ms;
    size_t count;
    DWORD pids[ENDTASK_MAX_PROCESSES];
    HANDLE handles[ENDTASK_MAX_PROCESSES]; /* [0] is the root */
} EndTask;

/* Finds the tree of pid, opens it and posts WM_CLOSE to its top-level windows.
   Returns false (and leaves task idle) when pid is gone or may not be ended. */
bool endtask_begin(EndTask *task, DWORD pid, DWORD close_timeout_ms);

/* Advances the task; returns its phase. On ENDTASK_DONE, *survivors is the number of
   processes of the tree still running. */
EndTaskPhase endtask_poll(EndTask *task, unsigned *survivors);

/* Milliseconds from endtask_begin() to now. */
ULONGLONG endtask_elapsed_ms(const EndTask *task);

/* Closes the handles; the task becomes idle. */
void endtask_cleanup(EndTask *task);

#endif
