/*
 * newprocs.h - the processes that appeared since the last look: a Toolhelp snapshot
 * compared with the one before it.
 *
 * Why a diff of snapshots and not process-start events: Windows tells about process
 * starts through WMI's Win32_ProcessStartTrace or the kernel's ETW provider, and both
 * need administrator rights, which omamori (asInvoker, in the person's session) does
 * not have. WMI's __InstanceCreationEvent works without them, but only because the
 * WMI service itself polls the process list (WITHIN n), at a higher cost than one
 * snapshot here, with COM and a thread of its own to keep alive. So the daemon takes
 * a snapshot on its existing scan timer, and only while a remote-control tool would
 * matter: during an incident and for remote_control.window_minutes after it.
 *
 * Limits: a process that starts and exits between two looks is never seen (a tool the
 * person is being talked through stays up for minutes). A PID that exits and is
 * reused by a process of the same image between two looks is taken for the old one.
 */
#ifndef OMAMORI_NEWPROCS_H
#define OMAMORI_NEWPROCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <windows.h>

typedef struct NewProcess {
    DWORD pid;
    DWORD parent_pid;
    const wchar_t *image;        /* file name, e.g. L"AnyDesk.exe"; borrowed for the call */
    const wchar_t *parent_image; /* the parent's, or L"" when it is not running */
} NewProcess;

typedef void (*NewProcessFound)(void *context, const NewProcess *process);

typedef struct NewProcs {
    bool primed;         /* a first look was taken: later looks report what is new */
    size_t count;
    DWORD *pids;         /* of the last look, with their images' hashes; owned */
    uint32_t *images;
} NewProcs;

void newprocs_init(NewProcs *np);

/* Takes a snapshot. The first look after init or reset only remembers it; each later
   one calls found (when not NULL) for every process not in the look before it, then
   remembers this one. Returns false when no snapshot could be taken (the last look is
   kept, so nothing is reported twice). */
bool newprocs_look(NewProcs *np, NewProcessFound found, void *context);

/* Forgets the last look (and frees it): the next look starts afresh. */
void newprocs_reset(NewProcs *np);

#endif
