/*
 * daemon.h - omamori.exe, the tray watchdog: its state and what its modules share.
 *
 * It looks at a browser window again as soon as a window event says it changed, and
 * at all of them every poll period (Wine delivers no cross-process title-change
 * events, and on Windows the poll is the backstop); it scores each with the core, and
 * on a fake alert: journals it, shows a balloon and the alert window, and ends the
 * browser when the person clicks (or by itself with --auto-end).
 * All state lives on its one UI thread; nothing here waits on another process.
 *
 * Which file does what (a function one file shares with the others is named after
 * its file: daemon_journal_, watch_, incident_, remote_, traymenu_):
 *   daemon.c        the entry point, the options, start-up and shut-down, the hidden
 *                   window that dispatches messages and timers, the message loop, and
 *                   reading the settings again when Group Policy changes
 *   daemonjournal.c writing a record to the journal and the Event Log
 *   watch.c         the scan: looking at browser windows and judging each
 *   incident.c      the incident: the alert, its countdown, ending the browser
 *   remote.c        the remote-control warning about a tool started during an incident
 *   traymenu.c      the tray icon's tip and menu: pause, practice, history, about
 */
#ifndef OMAMORI_DAEMON_H
#define OMAMORI_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <windows.h>

#include "alert.h"
#include "appendfile.h"
#include "audio.h"
#include "audiomon.h"
#include "config.h"
#include "endtask.h"
#include "eventlog.h"
#include "fingerprint.h"
#include "journal.h"
#include "journalstore.h"
#include "jsonbuf.h"
#include "memo.h"
#include "newprocs.h"
#include "pagetext.h"
#include "screencap.h"
#include "policy.h"
#include "score.h"
#include "winscan.h"

#define TIMER_SCAN 1
#define TIMER_EXIT 2
#define TIMER_END 3
#define TIMER_COUNTDOWN 4
#define TIMER_EVENTS 5
#define TIMER_RESUME 6
#define TIMER_JOURNAL_RETRY 7
#define TIMER_REMOTE_END 20 /* ending a remote-control tool */
#define END_POLL_MS 100     /* how often TIMER_END and TIMER_REMOTE_END look */
#define REMOTE_QUEUE_MAX 8  /* tools started while their warning waits for another */
#define MAX_PENDING 64      /* windows an event named, waiting for TIMER_EVENTS */

/* From a second omamori started with --practice: show a practice alert. */
#define DAEMON_PRACTICE_MESSAGE (WM_APP + 10)
#define AUDIO_MESSAGE (WM_APP + 4) /* from the audio monitor's thread */
#define PAGETEXT_MESSAGE (WM_APP + 5) /* from the page text reader's thread */

typedef struct Incident {
    bool open;
    HWND browser_window;
    DWORD pid;
    /* The judged process, held open while the incident lasts: Windows never gives the
       id of a process to another one while a handle to it is open, so the id ended
       later is the judged browser's. NULL when it could not be opened. */
    HANDLE process;
    DWORD root_pid; /* the browser's root process, whose sound is muted */
    char title_hash[JOURNAL_TITLE_HASH_SIZE]; /* remembered once the browser is ended */
    char exe[MAX_PATH];
} Incident;

/* A remote-control tool that started during an incident (or the minutes after it). */
typedef struct RemoteTool {
    DWORD pid;
    char image[MAX_PATH * 3]; /* its file name, UTF-8: for the journal only */
    char product[CONFIG_IMAGE_NAME_SIZE]; /* what the warning calls it ("" if unnamed) */
} RemoteTool;

typedef struct Daemon {
    HINSTANCE instance;
    HWND window; /* hidden; owns the tray icon and the timers */
    HICON icon;
    bool icon_owned; /* icon came from LoadIconMetric: DestroyIcon it when replaced */
    UINT taskbar_created;
    Config config;
    JournalStore journal; /* the incident journal (journalstore.h): never loses a record */
    bool journal_open;
    bool journal_warned;  /* a journal problem was reported on the console already */
    JsonBuf line;
    EventLog eventlog; /* incidents for administrators' tools, when the source is registered */
    Incident incident;
    HWND alert;
    bool practising; /* the alert window is a practice one */
    bool paused;     /* the person paused protection from the tray menu */
    EndTask end;
    int countdown;
    WindowMemo reported; /* windows already reported, by title: one detection per page */
    HWND pending[MAX_PENDING]; /* windows an event named, to look at when the timer fires */
    size_t pending_count;
    AppendFile record;         /* --record: observations as omamori-score reads them */
    bool recording;
    JsonBuf record_line;
    WindowMemo recorded;       /* what was last recorded of each window */
    AudioMonitor *audio;       /* per-browser sound levels; NULL if it could not start */
    WindowMemo roots;          /* process id -> its browser's root process id */
    FingerprintSet ended_pages; /* pages omamori ended lately, to catch a restored one */
    PageText *pagetext;        /* page text and address of candidates; NULL if not started */
    WindowMemo page_title;     /* window -> its title when its page was last asked for */
    WindowMemo page_time;      /* window -> when (seconds of GetTickCount64) */
    ScreenCap *screencap;      /* what candidates show on screen; NULL if not started */
    WindowMemo shot_place;     /* window -> its title and place when last captured */
    WindowMemo shot_time;      /* window -> when (seconds of GetTickCount64) */
    float peaks[AUDIO_WINDOW_SAMPLES];
    Policy policy;             /* Group Policy, as last read */
    MachineSettings machine;   /* the installer's machine settings */
    PolicyWatch policy_watch;  /* tells when Group Policy changes */
    int auto_end_below_policy; /* the countdown the other sources set, if policy lifts its own */
    /* The remote-control warning: */
    NewProcs newprocs;         /* the processes at the last look; primed only while watching */
    bool incident_seen;        /* an incident was opened since start */
    ULONGLONG incident_open_ms; /* when one was last known open (GetTickCount64) */
    HWND remote_alert;
    RemoteTool remote;         /* the tool remote_alert is about */
    RemoteTool remote_queue[REMOTE_QUEUE_MAX]; /* tools waiting for their warning */
    size_t remote_queued;
    EndTask remote_end;
} Daemon;

/* ---- daemonjournal.c: the journal and the Event Log -------------------------- */

/* The time now, in milliseconds since 1970 (UTC): the journal's clock. */
long long daemon_journal_unix_ms(void);
void daemon_journal_warn(Daemon *d, const char *message);
void daemon_journal_commit(Daemon *d);
void daemon_journal_event(Daemon *d, const char *event, const char *detail);

/* ---- watch.c: the scan ------------------------------------------------------- */

bool watch_protecting(const Daemon *d);
DWORD watch_browser_root(Daemon *d, DWORD pid);
void watch_scan(Daemon *d);
void watch_on_window_event(Daemon *d, HWND hwnd);
void watch_look_at_pending(Daemon *d);

/* ---- incident.c: the alert, its countdown, ending the browser ---------------- */

void incident_open(Daemon *d, const BrowserWindow *w, const Verdict *verdict);
void incident_close_alert(Daemon *d);
void incident_release(Daemon *d);
void incident_on_end_tick(Daemon *d);
void incident_on_countdown_tick(Daemon *d);
void incident_on_alert_action(Daemon *d, AlertAction action);
void incident_show_practice(Daemon *d);

/* ---- remote.c: the remote-control warning ------------------------------------ */

void remote_note_incident(Daemon *d);
void remote_look(Daemon *d);
void remote_close_alert(Daemon *d);
void remote_on_end_tick(Daemon *d);
void remote_on_action(Daemon *d, AlertAction action);

/* ---- traymenu.c: the tray icon's tip and menu -------------------------------- */

const wchar_t *traymenu_status_tip(const Daemon *d);
void traymenu_set_paused(Daemon *d, bool paused);
void traymenu_show(Daemon *d, POINT anchor);

#endif
