/*
 * audiomon.h - per-browser sound levels from the Windows audio sessions, for the
 * core's audio trait, and muting a browser's sound on a detection.
 *
 * A worker thread in the multithreaded COM apartment lists the active render
 * endpoints (all of them, not only the default), their audio sessions and new ones as
 * they are announced, maps each session's process to its browser's root process
 * (Chrome and Edge play sound from a child process of the same image; sessions of
 * other programs are ignored), and every 100 ms keeps, per root process, the loudest
 * peak over that root's sessions in a ring of the last AUDIO_WINDOW_SAMPLES (60 s).
 * It posts `message` to the `notify` window instead of calling into the UI; the UI
 * thread reads the rings through the locked calls below, which copy and return at once.
 *
 * Where a step fails (no device; Wine 8 returns E_NOTIMPL from GetSessionEnumerator),
 * the reason is queued once for audiomon_status() and the monitor carries on with
 * what works; without listable sessions the daemon simply has no audio trait.
 *
 * Every function accepts a NULL monitor (what audiomon_start returns when it cannot
 * start) and then does nothing or answers "nothing known".
 */
#ifndef OMAMORI_AUDIOMON_H
#define OMAMORI_AUDIOMON_H

#include <stdbool.h>
#include <stddef.h>

#include "audio.h"
#include "audiocom.h"

/* At most this many browser root processes are followed at once. */
#define AUDIOMON_MAX_ROOTS 32

/* wParam of the notification message. At most one snapshot message waits in the UI's
   queue: the next is posted only after the UI has called audiomon_peaks() or
   audiomon_roots(), so a busy or hung UI thread is not flooded (10 ticks a second). */
#define AUDIOMON_NOTIFY_SNAPSHOT 1 /* new peaks: read them with audiomon_peaks() */
#define AUDIOMON_NOTIFY_STATUS 2   /* a new reason: read it with audiomon_status() */

typedef struct AudioMonitor AudioMonitor;

/*
 * Where the COM objects come from, and how fast the worker runs. The daemon uses
 * audiomon_start(), which creates the real MMDeviceEnumerator; the Wine tests pass a
 * factory that returns a fake enumerator whose devices, sessions and meters are test
 * doubles. Everything else the monitor reaches goes through that enumerator.
 */
typedef struct AudioMonitorSeam {
    /* Called on the worker thread after it has joined the MTA; on success *out holds
       one reference, which the monitor releases. Called again at each endpoint rescan
       while it fails. */
    HRESULT (*create_enumerator)(void *context, IMMDeviceEnumerator **out);
    void *context;    /* passed back to create_enumerator; borrowed until audiomon_stop */
    DWORD sample_ms;  /* period of the peak samples: AUDIO_SAMPLE_MS in the daemon */
    DWORD rescan_ms;  /* how often endpoints and their sessions are listed again */
} AudioMonitorSeam;

/* Starts the monitor on the real audio stack. notify may be NULL (nothing is posted).
   Returns NULL only when the thread or its memory cannot be had. Never blocks. */
AudioMonitor *audiomon_start(HWND notify, UINT message);

/* The same with the COM objects and periods given by seam (copied). */
AudioMonitor *audiomon_start_with(HWND notify, UINT message, const AudioMonitorSeam *seam);

/* Stops the worker and frees the monitor. Waits up to 2 s for the worker to let go of
   the audio service; if it is stuck inside a COM call, the monitor is left to the
   process's end rather than freed under it. */
void audiomon_stop(AudioMonitor *m);

/*
 * Copies the most recent peaks of root_pid (at most max, oldest first; max may be 0
 * and out NULL) into out, sets *count to how many were copied and *playing to
 * whether any of its sessions is active now. Returns false, with the outputs
 * untouched, when no session of that root is being followed.
 */
bool audiomon_peaks(AudioMonitor *m, DWORD root_pid, float *out, size_t max, size_t *count,
                    bool *playing);

/* Copies the root PIDs being followed (at most max) into roots; returns how many. */
size_t audiomon_roots(AudioMonitor *m, DWORD *roots, size_t max);

/*
 * Asks the worker to mute (mute true) or unmute every session of root_pid, including
 * sessions that appear later while the mute stands. Unmuting restores only what this
 * monitor muted: a session the person had muted stays muted. Queues and returns at
 * once; the worker applies it within one sample period.
 */
void audiomon_mute(AudioMonitor *m, DWORD root_pid, bool mute);

/*
 * Takes the oldest unread reason why part of the audio monitor does not work, as one
 * English line such as "audio sessions cannot be listed here (GetSessionEnumerator:
 * 0x80004001)", into message (always NUL-terminated when size > 0). Each distinct
 * reason is given once. Returns false when there is none to read.
 */
bool audiomon_status(AudioMonitor *m, char *message, size_t size);

/* True while the sessions of at least one endpoint can be listed: only then does a
   browser missing from audiomon_roots() mean "silent" rather than "unknown". */
bool audiomon_listening(AudioMonitor *m);

#endif
