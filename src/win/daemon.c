/*
 * daemon.c - omamori.exe: the tray watchdog's entry point and its one UI thread.
 *
 * It looks at a browser window again as soon as a window event says it changed, and
 * at all of them every poll period (Wine delivers no cross-process title-change
 * events, and on Windows the poll is the backstop); it scores each with the core, and
 * on a fake alert: journals it, shows a balloon and the alert window, and ends the
 * browser when the person clicks (or by itself with --auto-end).
 * All state lives on this thread; nothing here waits on another process.
 */
#include <windows.h> /* first: shellapi.h depends on it */
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include <zlib.h>

#include "alert.h"
#include "audio.h"
#include "audiomon.h"
#include "config.h"
#include "console.h"
#include "endtask.h"
#include "eventlog.h"
#include "eventmap.h"
#include "fingerprint.h"
#include "journal.h"
#include "appendfile.h"
#include "journalhistory.h"
#include "journalstore.h"
#include "jfs_win.h"
#include "memo.h"
#include "newprocs.h"
#include "options.h"
#include "pagetext.h"
#include "proctree.h"
#include "recorder.h"
#include "remotetools.h"
#include "resource.h"
#include "settings.h"
#include "score.h"
#include "strings.h"
#include "tray.h"
#include "winevents.h"
#include "winscan.h"
#include "wintext.h"

#define DAEMON_CLASS L"OmamoriDaemon"
#define INSTANCE_MUTEX L"Local\\omamori.daemon" /* Local\: one per logon session */
#define TIMER_SCAN 1
#define TIMER_EXIT 2
#define TIMER_END 3
#define TIMER_COUNTDOWN 4
#define TIMER_EVENTS 5
#define TIMER_RESUME 6
#define TIMER_JOURNAL_RETRY 7
#define TIMER_REMOTE_END 20 /* ending a remote-control tool */
#define REMOTE_QUEUE_MAX 8  /* tools started while their warning waits for another */
#define JOURNAL_RETRY_MS 10000 /* records waiting for a full disk to have room again */
#define PAUSE_MS (60 * 60 * 1000) /* "pause protection for 1 hour" */
/* From a second omamori started with --practice: show a practice alert. */
#define DAEMON_PRACTICE_MESSAGE (WM_APP + 10)
#define AUDIO_MESSAGE (WM_APP + 4) /* from the audio monitor's thread */
#define PAGETEXT_MESSAGE (WM_APP + 5) /* from the page text reader's thread */
#define PAGE_REREAD_S 5 /* a candidate's page is read again after this, or on a new title */
#define EVENT_DEBOUNCE_MS 150 /* a page often retitles itself several times at once */
#define MAX_PENDING 64
#define END_POLL_MS 100
enum { MENU_EXIT = 1, MENU_STATUS, MENU_PAUSE, MENU_PRACTICE, MENU_HISTORY, MENU_ABOUT };
#define HISTORY_IN_MENU 10 /* incidents the tray's history box shows */

enum { EXIT_OK = 0, EXIT_FAILURE_START = 1, EXIT_USAGE = 2, EXIT_ALREADY_RUNNING = 3 };

typedef struct Incident {
    bool open;
    HWND browser_window;
    DWORD pid;
    DWORD root_pid; /* the browser's root process, whose sound is muted */
    char title_hash[JOURNAL_TITLE_HASH_SIZE]; /* remembered once the browser is ended */
    char exe[MAX_PATH];
} Incident;

/* A remote-control tool that started during an incident (or the minutes after it). */
typedef struct RemoteTool {
    DWORD pid;
    char image[MAX_PATH * 3]; /* its file name, UTF-8 */
} RemoteTool;

typedef struct Daemon {
    HINSTANCE instance;
    HWND window; /* hidden; owns the tray icon and the timers */
    HICON icon;
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

static long long unix_ms_now(void)
{
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    ULARGE_INTEGER t = {.LowPart = ft.dwLowDateTime, .HighPart = ft.dwHighDateTime};
    return (long long)((t.QuadPart - 116444736000000000ULL) / 10000ULL);
}

/* Says once, on the console, what went wrong with the journal. */
static void warn_journal(Daemon *d, const char *message)
{
    if (d->journal_warned)
        return;
    win_console_write("omamori: journal: ", true);
    win_console_write(message, true);
    win_console_write("\n", true);
    d->journal_warned = true;
}

/* Appends the line built in d->line, flushed before anything else happens. A record
   that cannot be written waits in memory and is retried (TIMER_JOURNAL_RETRY);
   protection goes on regardless. */
static void journal_commit(Daemon *d)
{
    if (!d->journal_open || d->line.failed) {
        warn_journal(d, d->journal_open ? "out of memory" : "not open");
        return;
    }
    if (journal_store_append(&d->journal, d->line.data, d->line.length) != JOURNAL_OK) {
        warn_journal(d, d->journal.message);
        if (d->window != NULL)
            SetTimer(d->window, TIMER_JOURNAL_RETRY, JOURNAL_RETRY_MS, NULL);
    }
}

static void journal_event(Daemon *d, const char *event, const char *detail)
{
    journal_format_event(&d->line, unix_ms_now(), event, detail);
    journal_commit(d);
    EventRecord record;
    if (eventmap_simple(&record, event, detail))
        eventlog_report(&d->eventlog, &record);
}

/* ---- windows already reported ---------------------------------------------- */

static bool window_closed(uintptr_t window, void *context)
{
    (void)context;
    return !IsWindow((HWND)window);
}

/* ---- sound: what the audio monitor heard from a browser ---------------------- */

/* The browser's root process of pid (Chrome and Edge play sound from a child process),
   remembered for this scan: each lookup takes a snapshot of the process list. */
static DWORD browser_root(Daemon *d, DWORD pid)
{
    uint32_t root;
    if (memo_get(&d->roots, pid, &root))
        return (DWORD)root;
    DWORD found = pid;
    if (!proctree_root(pid, &found, NULL, 0))
        found = pid;
    memo_put(&d->roots, pid, (uint32_t)found);
    return found;
}

/* Fills in what the audio monitor heard from the window's browser. Left unknown when
   sessions cannot be listed here (Wine 8): the audio trait then simply stays silent. */
static void add_sound(Daemon *d, BrowserWindow *w)
{
    if (!audiomon_listening(d->audio))
        return;
    size_t count = 0;
    bool playing = false;
    if (audiomon_peaks(d->audio, browser_root(d, w->pid), d->peaks, AUDIO_WINDOW_SAMPLES, &count,
                       &playing)) {
        w->obs.audio_playing = playing ? TRISTATE_YES : TRISTATE_NO;
        w->obs.audio_peaks = d->peaks;
        w->obs.audio_peak_count = count;
    } else {
        w->obs.audio_playing = TRISTATE_NO;
    }
}

/* Whether fake alerts are looked for now: not while the person paused protection, nor
   when an administrator switched it off. */
static bool protecting(const Daemon *d)
{
    return !d->paused && d->policy.protection != 0;
}

static const wchar_t *status_tip(const Daemon *d)
{
    if (d->policy.protection == 0)
        return strings_get(IDS_TRAY_TIP_OFF);
    return strings_get(d->paused ? IDS_TRAY_TIP_PAUSED : IDS_TRAY_TIP);
}

/* ---- the remote-control warning ------------------------------------------------
   The scam's second step: the caller talks the person into starting a tool that lets
   them control the PC. While an incident is open, and for remote_control.window_minutes
   after it, every scan also looks for processes that started since the last one
   (newprocs.h says why a diff of snapshots); one whose file name is in the config's
   list raises a second alert, which offers to end it the way a browser is ended. */

static bool process_running(DWORD pid)
{
    HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, pid);
    if (process == NULL)
        return false;
    bool running = WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
    CloseHandle(process);
    return running;
}

static void show_remote_alert(Daemon *d, const RemoteTool *tool)
{
    wchar_t *image = win_wide_from_utf8(tool->image);
    d->remote = *tool;
    d->remote_alert = alert_create_remote_tool(d->instance, d->window, image != NULL ? image : L"");
    free(image);
    if (d->remote_alert == NULL)
        journal_event(d, "alert_failed", "the remote-control warning could not be created");
}

/* The warning is answered: the next tool waiting for one, if it still runs, gets its. */
static void close_remote_alert(Daemon *d)
{
    if (d->remote_alert != NULL)
        DestroyWindow(d->remote_alert);
    d->remote_alert = NULL;
    while (d->remote_queued > 0 && d->remote_alert == NULL) {
        RemoteTool next = d->remote_queue[0];
        d->remote_queued--;
        memmove(d->remote_queue, d->remote_queue + 1, d->remote_queued * sizeof next);
        if (process_running(next.pid))
            show_remote_alert(d, &next);
    }
}

static void report_remote_ended(Daemon *d, const char *how, long long ms, unsigned survivors)
{
    journal_format_remote_ended(&d->line, unix_ms_now(), d->remote.pid, d->remote.image, how, ms,
                                survivors);
    journal_commit(d);
    EventRecord record;
    eventmap_remote_ended(&record, d->remote.pid, d->remote.image, how, ms, survivors);
    eventlog_report(&d->eventlog, &record);
}

static void on_remote_end_tick(Daemon *d)
{
    unsigned survivors = 0;
    if (endtask_poll(&d->remote_end, &survivors) != ENDTASK_DONE)
        return;
    KillTimer(d->window, TIMER_REMOTE_END);
    report_remote_ended(d, d->remote_end.terminated_root ? "terminated" : "closed",
                        (long long)endtask_elapsed_ms(&d->remote_end), survivors);
    endtask_cleanup(&d->remote_end);
    if (d->remote_alert != NULL && survivors == 0)
        alert_show_ended(d->remote_alert);
    else if (d->remote_alert != NULL)
        alert_show_not_ended(d->remote_alert);
}

/* endtask ends only processes of the flagged image (its tree of that same image), in
   this session and of this user: it is as safe for a remote-control tool as for a
   browser. A tool running elevated or as a service cannot be ended from here. */
static void end_remote_tool(Daemon *d)
{
    if (d->remote_end.phase != ENDTASK_IDLE)
        return; /* already under way */
    if (endtask_begin(&d->remote_end, d->remote.pid, (DWORD)d->config.close_timeout_ms)) {
        if (d->remote_alert != NULL)
            alert_show_ending(d->remote_alert);
        SetTimer(d->window, TIMER_REMOTE_END, END_POLL_MS, NULL);
        return;
    }
    bool running = process_running(d->remote.pid);
    report_remote_ended(d, running ? "not_ended" : "gone", 0, running ? 1 : 0);
    if (d->remote_alert != NULL && running)
        alert_show_not_ended(d->remote_alert);
    else if (d->remote_alert != NULL)
        alert_show_ended(d->remote_alert);
}

static void on_remote_action(Daemon *d, AlertAction action)
{
    switch (action) {
    case ALERT_ACTION_END_PROGRAM:
        end_remote_tool(d);
        break;
    case ALERT_ACTION_KEEP_PROGRAM:
        journal_format_remote_tool(&d->line, unix_ms_now(), "remote_tool_left", d->remote.pid,
                                   d->remote.image);
        journal_commit(d);
        close_remote_alert(d);
        break;
    case ALERT_ACTION_DONE:
        close_remote_alert(d);
        break;
    default:
        break;
    }
}

static void remote_tool_started(Daemon *d, DWORD pid, const char *image)
{
    journal_format_remote_tool(&d->line, unix_ms_now(), "remote_tool_started", pid, image);
    journal_commit(d);
    EventRecord record;
    eventmap_remote_started(&record, pid, image);
    eventlog_report(&d->eventlog, &record);

    RemoteTool tool = {.pid = pid};
    snprintf(tool.image, sizeof tool.image, "%s", image);
    if (d->remote_alert == NULL)
        show_remote_alert(d, &tool);
    else if (d->remote_queued < REMOTE_QUEUE_MAX)
        d->remote_queue[d->remote_queued++] = tool;
}

static void on_new_process(void *context, const NewProcess *process)
{
    Daemon *d = context;
    /* A tool's own helper (AnyDesk starts more AnyDesk.exe) is part of the tool already
       flagged, and endtask ends it with it. */
    if (CompareStringOrdinal(process->image, -1, process->parent_image, -1, TRUE) == CSTR_EQUAL)
        return;
    char *image = win_utf8_from_wide(process->image);
    if (image != NULL && remotetools_match(&d->config, image) != NULL)
        remote_tool_started(d, process->pid, image);
    free(image);
}

/* An incident opened. The processes running now are the baseline: only those started
   after it are new (unless a look was under way already, from an earlier incident). */
static void note_incident(Daemon *d)
{
    d->incident_seen = true;
    d->incident_open_ms = GetTickCount64();
    if (!d->newprocs.primed && d->config.remote_control.image_count > 0)
        newprocs_look(&d->newprocs, NULL, NULL);
}

/* From the scan timer. Outside the watching time no snapshot is taken or kept. */
static void look_for_remote_tools(Daemon *d)
{
    ULONGLONG now = GetTickCount64();
    if (d->incident.open)
        d->incident_open_ms = now;
    if (!protecting(d) || d->config.remote_control.image_count == 0 ||
        !remotetools_watching(&d->config, d->incident.open, d->incident_seen,
                              d->incident_open_ms, now)) {
        newprocs_reset(&d->newprocs);
        return;
    }
    newprocs_look(&d->newprocs, on_new_process, d);
}

/* ---- the incident: alert, countdown, ending the browser --------------------- */

static void close_alert(Daemon *d)
{
    KillTimer(d->window, TIMER_COUNTDOWN);
    if (d->alert != NULL)
        DestroyWindow(d->alert);
    d->alert = NULL;
    d->practising = false;
}

static void start_ending(Daemon *d)
{
    KillTimer(d->window, TIMER_COUNTDOWN);
    if (d->end.phase != ENDTASK_IDLE)
        return; /* already under way */
    if (!endtask_begin(&d->end, d->incident.pid, (DWORD)d->config.close_timeout_ms)) {
        journal_event(d, "browser_gone", d->incident.exe);
        d->incident.open = false;
        if (d->alert != NULL)
            alert_show_ended(d->alert);
        return;
    }
    if (d->alert != NULL)
        alert_show_ending(d->alert);
    SetTimer(d->window, TIMER_END, END_POLL_MS, NULL);
}

static void on_end_tick(Daemon *d)
{
    unsigned survivors = 0;
    if (endtask_poll(&d->end, &survivors) != ENDTASK_DONE)
        return;
    KillTimer(d->window, TIMER_END);
    journal_format_browser_ended(&d->line, unix_ms_now(), d->end.root_pid, d->incident.exe,
                                 d->end.terminated_root ? "terminated" : "closed",
                                 (long long)endtask_elapsed_ms(&d->end), survivors);
    journal_commit(d);
    EventRecord record;
    eventmap_browser_ended(&record, d->end.root_pid, d->incident.exe,
                           d->end.terminated_root ? "terminated" : "closed",
                           (long long)endtask_elapsed_ms(&d->end), survivors);
    eventlog_report(&d->eventlog, &record);
    endtask_cleanup(&d->end);
    /* If the browser restores this page, it is alerted at once. */
    fingerprints_add_hash(&d->ended_pages, d->incident.title_hash, unix_ms_now());
    /* Unmuted, so that a later process given the same id is not silenced. */
    audiomon_mute(d->audio, d->incident.root_pid, false);
    d->incident.open = false;
    if (d->alert != NULL)
        alert_show_ended(d->alert);
}

static void open_incident(Daemon *d, const BrowserWindow *w, const Verdict *verdict)
{
    close_alert(d); /* a finished incident's "closed" notice gives way */
    note_incident(d);
    d->incident.open = true;
    d->incident.browser_window = w->hwnd;
    d->incident.pid = w->pid;
    snprintf(d->incident.exe, sizeof d->incident.exe, "%s", w->obs.exe ? w->obs.exe : "");
    journal_title_hash(w->obs.title, d->incident.title_hash);
    /* Silence the alarm first: it is what panics people. */
    d->incident.root_pid = browser_root(d, w->pid);
    audiomon_mute(d->audio, d->incident.root_pid, true);

    tray_balloon(d->window, strings_get(IDS_BALLOON_TITLE), strings_get(IDS_BALLOON_TEXT));
    d->alert = alert_create(d->instance, d->window, w->hwnd, verdict,
                            d->policy.allow_page_is_fine != 0);
    journal_event(d, d->alert != NULL ? "alert_shown" : "alert_failed", d->incident.exe);

    if (d->config.auto_end_seconds == 0) {
        start_ending(d);
    } else if (d->config.auto_end_seconds > 0) {
        d->countdown = d->config.auto_end_seconds;
        if (d->alert != NULL)
            alert_show_countdown(d->alert, d->countdown);
        SetTimer(d->window, TIMER_COUNTDOWN, 1000, NULL);
    }
}

static void on_countdown_tick(Daemon *d)
{
    if (--d->countdown <= 0)
        start_ending(d);
    else if (d->alert != NULL)
        alert_show_countdown(d->alert, d->countdown);
}

static void on_alert_action(Daemon *d, AlertAction action)
{
    switch (action) {
    case ALERT_ACTION_END_BROWSER:
        if (d->incident.open) {
            journal_event(d, "close_chosen", d->incident.exe);
            start_ending(d);
        }
        break;
    case ALERT_ACTION_DISMISS:
        if (d->incident.open) {
            journal_event(d, "dismissed", d->incident.exe);
            audiomon_mute(d->audio, d->incident.root_pid, false); /* the page is fine */
        }
        d->incident.open = false;
        close_alert(d);
        break;
    case ALERT_ACTION_DONE:
        if (d->practising)
            journal_event(d, "practice_ended", NULL);
        close_alert(d);
        break;
    case ALERT_ACTION_END_PROGRAM:
    case ALERT_ACTION_KEEP_PROGRAM:
        break; /* the remote-control warning's: on_remote_action() answers them */
    }
}

/* ---- --record: what was seen, written when it changes ---------------------------- */

static void record_if_changed(Daemon *d, const BrowserWindow *w)
{
    uint32_t signature = memo_observation_signature(&w->obs);
    if (memo_matches(&d->recorded, (uintptr_t)w->hwnd, signature))
        return;
    memo_put(&d->recorded, (uintptr_t)w->hwnd, signature);

    char id[32];
    snprintf(id, sizeof id, "pid%lu-hwnd%llx", (unsigned long)w->pid,
             (unsigned long long)(ULONG_PTR)w->hwnd);
    recorder_format(&d->record_line, id, unix_ms_now(), &w->obs);
    if (d->record_line.failed ||
        !append_file_write(&d->record, d->record_line.data, d->record_line.length))
        d->recording = false; /* stop trying; the record is a diagnostic, not protection */
}

/* ---- the scan -------------------------------------------------------------- */

/* Only candidates are read: a window with some trait already (title, fullscreen,
   topmost, hidden pointer), or sound. Asks for a read when the window has never been
   read, has a new title, or was last read PAGE_REREAD_S ago; gives the last result to
   the observation (the caller frees *text and *url). */
static void add_page_text(Daemon *d, BrowserWindow *w, char **text, char **url)
{
    if (d->pagetext == NULL || !protecting(d))
        return;
    uint32_t title = memo_text_signature(w->obs.title);
    if (memo_matches(&d->reported, (uintptr_t)w->hwnd, title))
        return; /* dealt with already: its page need not be read again */
    Verdict before;
    score_observation(&d->config.rules, &w->obs, &before);
    bool candidate = w->obs.fullscreen == TRISTATE_YES || w->obs.audio_playing == TRISTATE_YES;
    for (size_t i = 0; i < before.reason_count && !candidate; i++)
        candidate = before.reasons[i].weight > 0;
    if (!candidate)
        return;
    uint32_t now = (uint32_t)(GetTickCount64() / 1000);
    uint32_t asked_title, asked_at;
    if (!memo_get(&d->page_title, (uintptr_t)w->hwnd, &asked_title) ||
        !memo_get(&d->page_time, (uintptr_t)w->hwnd, &asked_at) || asked_title != title ||
        now - asked_at >= PAGE_REREAD_S) {
        pagetext_request(d->pagetext, w->hwnd);
        memo_put(&d->page_title, (uintptr_t)w->hwnd, title);
        memo_put(&d->page_time, (uintptr_t)w->hwnd, now);
    }
    if (pagetext_result(d->pagetext, w->hwnd, text, url) != PAGETEXT_NONE) {
        w->obs.text = *text;
        w->obs.url = *url;
    }
}

static void judge_window(Daemon *d, const BrowserWindow *w);

static void on_browser_window(void *context, const BrowserWindow *observed)
{
    Daemon *d = context;
    BrowserWindow heard = *observed; /* shares its strings: never freed here */
    add_sound(d, &heard);
    char *text = NULL, *url = NULL;
    add_page_text(d, &heard, &text, &url);
    judge_window(d, &heard);
    free(text);
    free(url);
}

static void judge_window(Daemon *d, const BrowserWindow *w)
{
    if (d->recording)
        record_if_changed(d, w);
    if (!protecting(d))
        return;
    if (allowlist_match(&d->policy.allowed_titles, w->obs.title) != NULL)
        return; /* an administrator says this page is never a fake alert */
    /* Reported already: that page is dealt with (or said to be fine) until its title
       changes. */
    uint32_t title = memo_text_signature(w->obs.title);
    if (memo_matches(&d->reported, (uintptr_t)w->hwnd, title))
        return;
    Verdict verdict;
    score_observation(&d->config.rules, &w->obs, &verdict);
    if (verdict.kind != VERDICT_ALERT &&
        fingerprints_match(&d->ended_pages, w->obs.title, unix_ms_now()))
        fingerprints_promote(&verdict, d->config.rules.alert_threshold); /* restored */
    if (verdict.kind != VERDICT_ALERT)
        return;
    memo_put(&d->reported, (uintptr_t)w->hwnd, title);
    /* The record is on disk before anything is shown or ended. */
    journal_format_detection(&d->line, unix_ms_now(), w->pid, w->obs.exe, w->obs.title,
                             &verdict, d->config.journal_redact_titles);
    journal_commit(d);
    EventRecord record;
    eventmap_detection(&record, w->pid, w->obs.exe,
                       d->config.journal_redact_titles ? NULL : w->obs.title, &verdict);
    eventlog_report(&d->eventlog, &record);
    if (!d->incident.open)
        open_incident(d, w, &verdict);
}

static void scan(Daemon *d)
{
    memo_forget_if(&d->reported, window_closed, NULL);
    memo_forget_if(&d->recorded, window_closed, NULL);
    memo_forget_if(&d->page_title, window_closed, NULL);
    memo_forget_if(&d->page_time, window_closed, NULL);
    memo_init(&d->roots); /* process ids are reused: look them up afresh each scan */
    win_scan_browsers(on_browser_window, d);
    look_for_remote_tools(d);
}

/* A window event named hwnd: look at it shortly, once however many events come. */
static void on_window_event(Daemon *d, HWND hwnd)
{
    for (size_t i = 0; i < d->pending_count; i++) {
        if (d->pending[i] == hwnd)
            return;
    }
    if (d->pending_count == MAX_PENDING)
        return; /* a storm of events: the next scan covers the rest */
    d->pending[d->pending_count++] = hwnd;
    if (d->pending_count == 1)
        SetTimer(d->window, TIMER_EVENTS, EVENT_DEBOUNCE_MS, NULL);
}

static void look_at_pending(Daemon *d)
{
    KillTimer(d->window, TIMER_EVENTS);
    for (size_t i = 0; i < d->pending_count; i++) {
        BrowserWindow w;
        if (win_observe_window(d->pending[i], &w)) {
            on_browser_window(d, &w);
            observation_free(&w.obs);
        }
    }
    d->pending_count = 0;
}

/* ---- the hidden window: tray, timers, the alert's answers ------------------- */

/* A rehearsal for the family. A real alert on screen is never replaced by one. */
static void show_practice_alert(Daemon *d)
{
    if (d->incident.open || (d->alert != NULL && !d->practising))
        return;
    close_alert(d);
    d->alert = alert_create_practice(d->instance, d->window);
    d->practising = d->alert != NULL;
    journal_event(d, "practice_alert", d->alert != NULL ? NULL : "the window could not be shown");
}

static void set_paused(Daemon *d, bool paused)
{
    if (d->paused == paused)
        return;
    d->paused = paused;
    if (paused)
        SetTimer(d->window, TIMER_RESUME, PAUSE_MS, NULL);
    else
        KillTimer(d->window, TIMER_RESUME);
    tray_set_tip(d->window, status_tip(d));
    journal_event(d, paused ? "protection_paused" : "protection_resumed",
                  paused ? "60 minutes" : NULL);
}

static void show_about(Daemon *d)
{
    wchar_t text[512];
    _snwprintf(text, 512, strings_get(IDS_ABOUT_TEXT), OMAMORI_VERSION_TEXT);
    text[511] = L'\0';
    MessageBoxW(d->window, text, strings_get(IDS_APP_NAME), MB_OK | MB_ICONINFORMATION);
}

/* The last incidents, as --history prints them, for the family member at the PC. */
static void show_history(Daemon *d)
{
    JournalHistory history;
    JfsError err = {{0}};
    JsonBuf text;
    journal_history_init(&history, HISTORY_IN_MENU);
    if (d->journal_open)
        journal_history_load(&history, jfs_win(), d->journal.names.live, &err);
    jsonbuf_init(&text);
    journal_history_format(&history, &text);
    wchar_t *wide = text.length > 0 ? win_wide_from_utf8(text.data) : NULL;
    MessageBoxW(d->window, wide != NULL ? wide : strings_get(IDS_HISTORY_NONE),
                strings_get(IDS_MENU_HISTORY), MB_OK | MB_ICONINFORMATION);
    free(wide);
    jsonbuf_free(&text);
    journal_history_free(&history);
}

static void show_tray_menu(Daemon *d)
{
    HMENU menu = CreatePopupMenu();
    if (menu == NULL)
        return;
    bool switched_off = d->policy.protection == 0;
    UINT status = switched_off ? IDS_MENU_STATUS_OFF
                  : d->paused  ? IDS_MENU_STATUS_PAUSED
                               : IDS_MENU_STATUS_ON;
    AppendMenuW(menu, MF_STRING | MF_GRAYED, MENU_STATUS, strings_get(status));
    AppendMenuW(menu, MF_SEPARATOR, 0, NULL);
    AppendMenuW(menu, MF_STRING | (switched_off ? MF_GRAYED : 0), MENU_PAUSE,
                strings_get(d->paused ? IDS_MENU_RESUME : IDS_MENU_PAUSE));
    AppendMenuW(menu, MF_STRING, MENU_PRACTICE, strings_get(IDS_MENU_PRACTICE));
    AppendMenuW(menu, MF_STRING, MENU_HISTORY, strings_get(IDS_MENU_HISTORY));
    AppendMenuW(menu, MF_STRING, MENU_ABOUT, strings_get(IDS_MENU_ABOUT));
    if (settings_exit_allowed(&d->policy, &d->machine)) {
        AppendMenuW(menu, MF_SEPARATOR, 0, NULL);
        AppendMenuW(menu, MF_STRING, MENU_EXIT, strings_get(IDS_MENU_EXIT));
    }
    POINT at;
    GetCursorPos(&at);
    SetForegroundWindow(d->window); /* so the menu closes when the person clicks away */
    UINT chosen = (UINT)TrackPopupMenuEx(menu, TPM_RETURNCMD | TPM_NONOTIFY | TPM_RIGHTBUTTON,
                                         at.x, at.y, d->window, NULL);
    DestroyMenu(menu);
    switch (chosen) {
    case MENU_PAUSE: set_paused(d, !d->paused); break;
    case MENU_PRACTICE: show_practice_alert(d); break;
    case MENU_HISTORY: show_history(d); break;
    case MENU_ABOUT: show_about(d); break;
    case MENU_EXIT: DestroyWindow(d->window); break;
    default: break;
    }
}

static LRESULT CALLBACK daemon_proc(HWND hwnd, UINT message, WPARAM wparam, LPARAM lparam)
{
    Daemon *d = (Daemon *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
    if (message == WM_NCCREATE) {
        d = ((const CREATESTRUCTW *)lparam)->lpCreateParams;
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)d);
    }
    if (d != NULL && message == d->taskbar_created && message != 0) {
        /* Explorer restarted: the icon went with the old taskbar. Removing it first
           makes this safe when the message comes without a restart. */
        tray_remove(hwnd);
        bool added = tray_add(hwnd, d->icon, status_tip(d));
        journal_event(d, added ? "tray_restored" : "tray_unavailable", NULL);
        return 0;
    }
    switch (message) {
    case WM_DISPLAYCHANGE: /* sent to every top-level window, hidden ones included */
        win_scan_display_changed();
        return 0;
    case WM_TIMER:
        if (wparam == TIMER_SCAN)
            scan(d);
        else if (wparam == TIMER_END)
            on_end_tick(d);
        else if (wparam == TIMER_REMOTE_END)
            on_remote_end_tick(d);
        else if (wparam == TIMER_COUNTDOWN)
            on_countdown_tick(d);
        else if (wparam == TIMER_EVENTS)
            look_at_pending(d);
        else if (wparam == TIMER_RESUME)
            set_paused(d, false);
        else if (wparam == TIMER_JOURNAL_RETRY &&
                 journal_store_retry(&d->journal) == JOURNAL_OK)
            KillTimer(hwnd, TIMER_JOURNAL_RETRY);
        else if (wparam == TIMER_EXIT)
            DestroyWindow(hwnd);
        return 0;
    case WINEVENTS_MESSAGE:
        on_window_event(d, (HWND)wparam);
        return 0;
    case DAEMON_PRACTICE_MESSAGE:
        show_practice_alert(d);
        return 0;
    case PAGETEXT_MESSAGE:
        if (wparam == PAGETEXT_NOTIFY_RESULT) {
            on_window_event(d, (HWND)lparam); /* judge it again with its page */
        } else if (wparam == PAGETEXT_NOTIFY_STATUS) {
            char reason[256];
            while (pagetext_status(d->pagetext, reason, sizeof reason))
                journal_event(d, "pagetext_unavailable", reason);
        }
        return 0;
    case AUDIO_MESSAGE:
        if (wparam == AUDIOMON_NOTIFY_STATUS) {
            char reason[256];
            while (audiomon_status(d->audio, reason, sizeof reason))
                journal_event(d, "audio_unavailable", reason);
        }
        return 0; /* new peaks are read at the next look at the windows */
    case ALERT_ACTION_MESSAGE:
        if (d->remote_alert != NULL && (HWND)lparam == d->remote_alert)
            on_remote_action(d, (AlertAction)wparam);
        else
            on_alert_action(d, (AlertAction)wparam);
        return 0;
    case TRAY_CALLBACK_MESSAGE:
        switch (LOWORD(lparam)) {
        case WM_CONTEXTMENU:
            show_tray_menu(d);
            break;
        case NIN_SELECT:
        case NIN_BALLOONUSERCLICK:
            if (d->alert != NULL)
                SetForegroundWindow(d->alert);
            break;
        default:
            break;
        }
        return 0;
    case WM_DESTROY:
        winevents_stop();
        close_alert(d);
        d->remote_queued = 0;
        close_remote_alert(d);
        tray_remove(hwnd);
        PostQuitMessage(0);
        return 0;
    default:
        break;
    }
    return DefWindowProcW(hwnd, message, wparam, lparam);
}

/* ---- start-up ---------------------------------------------------------------- */

static bool create_daemon_window(Daemon *d)
{
    WNDCLASSEXW wc = {.cbSize = sizeof wc};
    wc.lpfnWndProc = daemon_proc;
    wc.hInstance = d->instance;
    wc.lpszClassName = DAEMON_CLASS;
    if (!RegisterClassExW(&wc) || !alert_register_class(d->instance))
        return false;
    /* A hidden top-level window, not a message-only one: only top-level windows
       receive the "TaskbarCreated" broadcast. */
    d->window = CreateWindowExW(0, DAEMON_CLASS, L"omamori", WS_OVERLAPPED, 0, 0, 0, 0, NULL,
                                NULL, d->instance, d);
    return d->window != NULL;
}

/* argv as UTF-8 (caller frees each string and the array). */
static char **utf8_argv(int *argc)
{
    wchar_t **wide = CommandLineToArgvW(GetCommandLineW(), argc);
    if (wide == NULL)
        return NULL;
    char **argv = calloc((size_t)*argc + 1, sizeof *argv);
    for (int i = 0; argv != NULL && i < *argc; i++)
        argv[i] = win_utf8_from_wide(wide[i]);
    LocalFree(wide);
    return argv;
}

/* Group Policy changed: every setting is read again, in its order of precedence. The
   language stays what it was at start (the strings are loaded once). */
static void reload_settings(Daemon *d, const DaemonOptions *opts)
{
    Config fresh;
    Policy policy;
    char problem[512];
    if (config_default(&fresh) != 0)
        return; /* out of memory: keep what we have */
    settings_load(&fresh, &policy, &d->machine, opts, problem, sizeof problem);
    config_free(&d->config);
    policy_free(&d->policy);
    d->config = fresh; /* the lexicon moves with it: fresh is not freed */
    d->policy = policy;
    SetTimer(d->window, TIMER_SCAN, (UINT)d->config.poll_ms, NULL);
    tray_set_tip(d->window, status_tip(d));
    journal_event(d, "policy_changed", d->policy.protection == 0 ? "protection off" : NULL);
}

/* The message loop, also woken when Group Policy changes. */
static void run_message_loop(Daemon *d, const DaemonOptions *opts)
{
    HANDLE events[1] = {d->policy_watch.event};
    DWORD count = d->policy_watch.key != NULL ? 1 : 0;
    for (;;) {
        DWORD woke = MsgWaitForMultipleObjects(count, events, FALSE, INFINITE, QS_ALLINPUT);
        if (count == 1 && woke == WAIT_OBJECT_0) {
            reload_settings(d, opts);
            if (!policy_watch_rearm(&d->policy_watch))
                count = 0;
            continue;
        }
        MSG msg;
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) {
            if (msg.message == WM_QUIT)
                return;
            if (d->alert != NULL && IsDialogMessageW(d->alert, &msg))
                continue; /* Tab, Enter and Esc in the alert */
            if (d->remote_alert != NULL && IsDialogMessageW(d->remote_alert, &msg))
                continue; /* and in the remote-control warning */
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
    }
}

/* The pages omamori ended in the last day, from the journal: a restart (or a restart of
   the PC) does not give a restored scam page a second round. */
static void remember_ended_pages(Daemon *d)
{
    JournalHistory history;
    JfsError err;
    journal_history_init(&history, FINGERPRINT_CAPACITY);
    journal_history_load(&history, jfs_win(), d->journal.names.live, &err);
    for (size_t i = 0; i < history.count; i++) {
        const JournalIncident *incident = &history.items[(history.head + i) % history.capacity];
        long long when = fingerprint_parse_time(incident->time);
        if (!incident->ended || when < 0)
            continue;
        if (incident->title_hash != NULL)
            fingerprints_add_hash(&d->ended_pages, incident->title_hash, when);
        else if (incident->title != NULL)
            fingerprints_add_title(&d->ended_pages, incident->title, when);
    }
    journal_history_free(&history);
}

static int run(Daemon *d, const DaemonOptions *opts)
{
    HANDLE single = CreateMutexW(NULL, FALSE, INSTANCE_MUTEX);
    if (single == NULL || GetLastError() == ERROR_ALREADY_EXISTS) {
        HWND running = FindWindowW(DAEMON_CLASS, NULL);
        if (opts->practice && running != NULL) {
            /* We were started by the person, so we may hand the running omamori the
               right to bring its window to the front. */
            DWORD running_pid = 0;
            GetWindowThreadProcessId(running, &running_pid);
            AllowSetForegroundWindow(running_pid);
            PostMessageW(running, DAEMON_PRACTICE_MESSAGE, 0, 0);
            win_console_write("omamori: asked the omamori already running to show a practice "
                              "alert\n", false);
            return EXIT_OK;
        }
        win_console_write("omamori: already running in this session\n", true);
        return EXIT_ALREADY_RUNNING;
    }
    char problem[512];
    memo_init(&d->reported);
    fingerprints_init(&d->ended_pages);
    memo_init(&d->recorded);
    memo_init(&d->page_title);
    memo_init(&d->page_time);
    if (config_default(&d->config) != 0) { /* only when memory runs out */
        win_console_write("omamori: out of memory\n", true);
        CloseHandle(single);
        return EXIT_FAILURE_START;
    }
    settings_load(&d->config, &d->policy, &d->machine, opts, problem, sizeof problem);
    strings_init(d->instance, d->config.language);

    char journal_path[MAX_PATH * 3];
    JournalStatus opened = JOURNAL_ERROR;
    if (opts->journal_path != NULL)
        snprintf(journal_path, sizeof journal_path, "%s", opts->journal_path);
    if (opts->journal_path != NULL || jfs_win_default_journal(journal_path, sizeof journal_path))
        opened = journal_store_open(&d->journal, jfs_win(), journal_path, NULL);
    d->journal_open = opened != JOURNAL_ERROR;
    if (!d->journal_open)
        warn_journal(d, opened == JOURNAL_ERROR && d->journal.message[0] != '\0'
                            ? d->journal.message
                            : "no folder for it (LOCALAPPDATA)");
    jsonbuf_init(&d->line);
    if (d->journal_open)
        remember_ended_pages(d);
    if (opened == JOURNAL_WARNING)
        journal_event(d, "journal_repaired", d->journal.message); /* a crash left a torn line */
    if (!eventlog_open(&d->eventlog))
        journal_event(d, "eventlog_unavailable",
                      "the event source omamori is not registered (the installer registers it)");
    jsonbuf_init(&d->record_line);
    d->record.handle = INVALID_HANDLE_VALUE;
    if (opts->record_path != NULL) {
        wchar_t *record_path = win_wide_from_utf8(opts->record_path);
        d->recording = record_path != NULL && append_file_open(&d->record, record_path);
        free(record_path);
        if (!d->recording)
            journal_event(d, "record_failed", opts->record_path);
    }
    if (problem[0] != '\0') {
        win_console_write(problem, true);
        win_console_write("\n", true);
        journal_event(d, "config_rejected", problem);
    }

    d->taskbar_created = RegisterWindowMessageW(L"TaskbarCreated");
    d->icon = LoadIconW(d->instance, MAKEINTRESOURCEW(IDI_OMAMORI));
    if (!create_daemon_window(d)) {
        journal_event(d, "stop", "could not create the main window");
        config_free(&d->config);
        return EXIT_FAILURE_START;
    }
    if (!tray_add(d->window, d->icon, status_tip(d)))
        journal_event(d, "tray_unavailable", NULL); /* protection works without it */
    if (!winevents_start(d->window))
        journal_event(d, "events_unavailable", "watching by the periodic scan only");
    d->audio = audiomon_start(d->window, AUDIO_MESSAGE);
    d->pagetext = pagetext_start(d->window, PAGETEXT_MESSAGE);
    if (d->pagetext == NULL)
        journal_event(d, "pagetext_unavailable", "the page text thread could not start");
    if (d->audio == NULL)
        journal_event(d, "audio_unavailable", "the audio thread could not start");
    SetTimer(d->window, TIMER_SCAN, (UINT)d->config.poll_ms, NULL);
    if (opts->exit_after_seconds != OPTION_UNSET)
        SetTimer(d->window, TIMER_EXIT, (UINT)opts->exit_after_seconds * 1000U, NULL);
    journal_event(d, "start", OMAMORI_VERSION_TEXT); /* watching from now on */
    scan(d); /* do not wait a whole period for the first look */
    if (opts->practice)
        show_practice_alert(d);

    if (d->policy.protection == 0)
        journal_event(d, "protection_off", "switched off by Group Policy");
    if (!policy_watch_start(&d->policy_watch))
        journal_event(d, "policy_unwatched", "policy changes are read at the next start");
    run_message_loop(d, opts);
    journal_event(d, "stop", NULL);
    eventlog_close(&d->eventlog);
    policy_watch_stop(&d->policy_watch);
    policy_free(&d->policy);
    audiomon_stop(d->audio);
    pagetext_stop(d->pagetext);
    endtask_cleanup(&d->end);
    endtask_cleanup(&d->remote_end);
    newprocs_reset(&d->newprocs);
    jsonbuf_free(&d->line);
    jsonbuf_free(&d->record_line);
    if (d->journal_open && journal_store_close(&d->journal) != JOURNAL_OK)
        warn_journal(d, d->journal.message);
    append_file_close(&d->record);
    config_free(&d->config);
    CloseHandle(single);
    return EXIT_OK;
}

/* --history: the last incidents from the journal, as the person can read them. */
static int print_history(const DaemonOptions *opts)
{
    char path[MAX_PATH * 3];
    if (opts->journal_path != NULL)
        snprintf(path, sizeof path, "%s", opts->journal_path);
    else if (!jfs_win_default_journal(path, sizeof path)) {
        win_console_write("omamori: there is no journal folder (LOCALAPPDATA)\n", true);
        return EXIT_FAILURE_START;
    }
    JournalHistory history;
    JfsError err = {{0}};
    JsonBuf text;
    journal_history_init(&history, (size_t)opts->history_count);
    int status = journal_history_load(&history, jfs_win(), path, &err);
    jsonbuf_init(&text);
    journal_history_format(&history, &text);
    win_console_write(text.length > 0 ? text.data : "no incidents\n", false);
    if (status != JFS_OK && status != JFS_NOT_FOUND) {
        win_console_write("omamori: ", true);
        win_console_write(err.message, true);
        win_console_write("\n", true);
    }
    jsonbuf_free(&text);
    journal_history_free(&history);
    return status == JFS_OK || status == JFS_NOT_FOUND ? EXIT_OK : EXIT_FAILURE_START;
}

/* The version, and those of the libraries built into the executable. */
static void print_version(void)
{
    char text[160];
    snprintf(text, sizeof text, "omamori %s (libyaml %s, zlib %s)\n", OMAMORI_VERSION_TEXT,
             yaml_get_version_string(), zlibVersion());
    win_console_write(text, false);
}

int WINAPI wWinMain(HINSTANCE instance, HINSTANCE previous, PWSTR command_line, int show)
{
    (void)previous;
    (void)command_line;
    (void)show;
    int argc = 0;
    char **argv = utf8_argv(&argc);
    if (argv == NULL)
        return EXIT_FAILURE_START;

    DaemonOptions opts;
    char error[256];
    int status;
    if (options_parse(argc, argv, &opts, error, sizeof error) != 0) {
        win_console_write("omamori: ", true);
        win_console_write(error, true);
        win_console_write("\n", true);
        status = EXIT_USAGE;
    } else if (opts.show_help) {
        win_console_write(options_help_text(), false);
        status = EXIT_OK;
    } else if (opts.history_count != OPTION_UNSET) {
        status = print_history(&opts);
    } else if (opts.show_version) {
        print_version();
        status = EXIT_OK;
    } else {
        static Daemon daemon_state;
        daemon_state.instance = instance;
        status = run(&daemon_state, &opts);
    }
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    return status;
}
