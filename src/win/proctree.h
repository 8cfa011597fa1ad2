/*
 * proctree.h - which process a browser's helper process belongs to.
 *
 * Chrome and Edge play sound from a child "utility" process and draw pages in
 * renderers, all of the same image as the browser process that owns the windows.
 * The root of a process is found by walking up its parents while they have the same
 * image, in one Toolhelp snapshot, as endtask.c does to end the tree.
 *
 * Toolhelp keeps a parent's PID after the parent has exited, and a newer process may
 * have that PID since: a "parent" that started after its child is not its parent, and
 * the walk stops there (as endtask.c's does). A process whose start time cannot be
 * read is its own root. The walk is capped all the same. The snapshot costs a few
 * milliseconds: call it once per new process, not per sample.
 */
#ifndef OMAMORI_PROCTREE_H
#define OMAMORI_PROCTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <windows.h>

#include "procsnap.h"

/*
 * Finds the root of pid: the topmost ancestor reached through parents of pid's own
 * image (pid itself when its parent has another image or is gone). On success sets
 * *root and, when image is not NULL, copies pid's image file name (e.g. L"chrome.exe",
 * cut to image_count - 1 characters) into image, and returns true. Returns false,
 * leaving the outputs untouched, when pid is not running or no snapshot can be taken.
 */
bool proctree_root(DWORD pid, DWORD *root, wchar_t *image, size_t image_count);

/* When a process started (procsnap_started_at, or a test's stand-in). */
typedef bool (*ProcessStartedAt)(DWORD pid, ULONGLONG *started);

/* The walk itself, in a snapshot taken already, with start times from started_at:
   the root of pid, or NULL when pid is not in the snapshot. proctree_root uses it with
   a fresh snapshot; the tests, with one of their own making. */
const ProcessInfo *proctree_root_in(const ProcessSnapshot *snap, DWORD pid,
                                    ProcessStartedAt started_at);

#endif
