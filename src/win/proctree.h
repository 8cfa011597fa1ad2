/*
 * proctree.h - which process a browser's helper process belongs to.
 *
 * Chrome and Edge play sound from a child "utility" process and draw pages in
 * renderers, all of the same image as the browser process that owns the windows.
 * The root of a process is found by walking up its parents while they have the same
 * image, in one Toolhelp snapshot, as endtask.c does to end the tree.
 *
 * Limits: Toolhelp keeps a parent's PID after the parent has exited, so a reused PID
 * of the same image could be taken for a parent; the walk is capped so a cycle that a
 * reused PID could make cannot loop. The snapshot costs a few milliseconds: call it
 * once per new process, not per sample.
 */
#ifndef OMAMORI_PROCTREE_H
#define OMAMORI_PROCTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <windows.h>

/*
 * Finds the root of pid: the topmost ancestor reached through parents of pid's own
 * image (pid itself when its parent has another image or is gone). On success sets
 * *root and, when image is not NULL, copies pid's image file name (e.g. L"chrome.exe",
 * cut to image_count - 1 characters) into image, and returns true. Returns false,
 * leaving the outputs untouched, when pid is not running or no snapshot can be taken.
 */
bool proctree_root(DWORD pid, DWORD *root, wchar_t *image, size_t image_count);

#endif
