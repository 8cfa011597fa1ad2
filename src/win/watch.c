/*
 * watch.c - the scan: looks at the browser windows (all of them every poll period,
 * one a window event named shortly after the event), adds what was heard and read of
 * each, and judges it; a fake alert is journalled and opens an incident (incident.c).
 */
#include "daemon.h"

#include <stdio.h>
#include <stdlib.h>

#include "eventmap.h"
#include "proctree.h"
#include "recorder.h"

#define PAGE_REREAD_S 5 /* a candidate's page is read again after this, or on a new title */
#define SHOT_RETAKE_S 5 /* a candidate is captured again after this, or when it moves or retitles */
#define EVENT_DEBOUNCE_MS 150 /* a page often retitles itself several times at once */

/* ---- windows already reported ---------------------------------------------- */

static bool window_closed(uintptr_t window, void *context)
{
    (void)context;
    return !IsWindow((HWND)window);
}

/* ---- sound: what the audio monitor heard from a browser ---------------------- */

/* The browser's root process of pid (Chrome and Edge play sound from a child process),
   remembered for this scan: each lookup takes a snapshot of the process list. */
DWORD watch_browser_root(Daemon *d, DWORD pid)
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
    if (audiomon_peaks(d->audio, watch_browser_root(d, w->pid), d->peaks, AUDIO_WINDOW_SAMPLES,
                       &count, &playing)) {
        w->obs.audio_playing = playing ? TRISTATE_YES : TRISTATE_NO;
        w->obs.audio_peaks = d->peaks;
        w->obs.audio_peak_count = count;
    } else {
        w->obs.audio_playing = TRISTATE_NO;
    }
}

/* Whether fake alerts are looked for now: not while the person paused protection, nor
   when an administrator switched it off. */
bool watch_protecting(const Daemon *d)
{
    return !d->paused && d->policy.protection != 0;
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
    recorder_format(&d->record_line, id, daemon_journal_unix_ms(), &w->obs);
    if (d->record_line.failed ||
        !append_file_write(&d->record, d->record_line.data, d->record_line.length))
        d->recording = false; /* stop trying; the record is a diagnostic, not protection */
}

/* ---- the scan -------------------------------------------------------------- */

/* What a candidate shows on screen: asks for a capture when the window has none, has
   a new title or place, or was captured SHOT_RETAKE_S ago, and gives the last finding
   to the observation. Returns true when a finding was added. The capture itself is
   never kept (screencap.h). */
static bool add_screen(Daemon *d, BrowserWindow *w, uint32_t title, uint32_t now)
{
    RECT rect = {0};
    GetWindowRect(w->hwnd, &rect);
    uint32_t place = title ^ ((uint32_t)rect.left * 2654435761u) ^ ((uint32_t)rect.top * 40503u) ^
                     ((uint32_t)rect.right << 16) ^ (uint32_t)rect.bottom;
    uint32_t shot_place, shot_at;
    if (!memo_get(&d->shot_place, (uintptr_t)w->hwnd, &shot_place) ||
        !memo_get(&d->shot_time, (uintptr_t)w->hwnd, &shot_at) || shot_place != place ||
        now - shot_at >= SHOT_RETAKE_S) {
        screencap_request(d->screencap, w->hwnd);
        memo_put(&d->shot_place, (uintptr_t)w->hwnd, place);
        memo_put(&d->shot_time, (uintptr_t)w->hwnd, now);
    }
    return screencap_result(d->screencap, w->hwnd, &w->obs.screen);
}

/* Only candidates are read and captured (add_screen): a window that is fullscreen or
   plays sound, or whose
   title and window already score halfway from "watch" to "alert". Every window has
   some learned points, so one positive reason is no sign, and the bottom of "watch"
   holds ordinary titles the model is unsure of ("Online banking login"); reading a
   page turns on the browser's accessibility, which costs it CPU and memory. Asks for a
   read when the window has never been read, has a new title, or was last read
   PAGE_REREAD_S ago; gives the last result to the observation (the caller frees *text
   and *url). Returns true when *verdict holds the verdict on the observation as it
   now is (no text nor screen was added to it), so the caller need not score it again. */
static bool add_page_text(Daemon *d, BrowserWindow *w, char **text, char **url,
                          Verdict *verdict)
{
    if (d->pagetext == NULL || !watch_protecting(d))
        return false;
    uint32_t title = memo_text_signature(w->obs.title);
    if (memo_matches(&d->reported, (uintptr_t)w->hwnd, title))
        return false; /* dealt with already: its page need not be read again */
    score_observation(&d->config.rules, &w->obs, verdict);
    bool candidate = w->obs.fullscreen == TRISTATE_YES || w->obs.audio_playing == TRISTATE_YES
                     || verdict->score >= (d->config.rules.watch_threshold +
                                           d->config.rules.alert_threshold) / 2;
    if (!candidate)
        return true;
    uint32_t now = (uint32_t)(GetTickCount64() / 1000);
    uint32_t asked_title, asked_at;
    if (!memo_get(&d->page_title, (uintptr_t)w->hwnd, &asked_title) ||
        !memo_get(&d->page_time, (uintptr_t)w->hwnd, &asked_at) || asked_title != title ||
        now - asked_at >= PAGE_REREAD_S) {
        pagetext_request(d->pagetext, w->hwnd);
        memo_put(&d->page_title, (uintptr_t)w->hwnd, title);
        memo_put(&d->page_time, (uintptr_t)w->hwnd, now);
    }
    bool added = add_screen(d, w, title, now);
    if (pagetext_result(d->pagetext, w->hwnd, text, url) != PAGETEXT_NONE) {
        w->obs.text = *text;
        w->obs.url = *url;
        return false;
    }
    return !added;
}

static void judge_window(Daemon *d, const BrowserWindow *w, const Verdict *scored);

static void on_browser_window(void *context, const BrowserWindow *observed)
{
    Daemon *d = context;
    BrowserWindow heard = *observed; /* shares its strings: never freed here */
    add_sound(d, &heard);
    char *text = NULL, *url = NULL;
    Verdict scored;
    bool known = add_page_text(d, &heard, &text, &url, &scored);
    judge_window(d, &heard, known ? &scored : NULL);
    free(text);
    free(url);
}

/* scored: the verdict on w as it is, when the caller has one; NULL: score it here. */
static void judge_window(Daemon *d, const BrowserWindow *w, const Verdict *scored)
{
    if (d->recording)
        record_if_changed(d, w);
    if (!watch_protecting(d))
        return;
    if (allowlist_match(&d->policy.allowed_titles, w->obs.title) != NULL)
        return; /* an administrator says this page is never a fake alert */
    /* Reported already: that page is dealt with (or said to be fine) until its title
       changes. */
    uint32_t title = memo_text_signature(w->obs.title);
    if (memo_matches(&d->reported, (uintptr_t)w->hwnd, title))
        return;
    Verdict verdict;
    if (scored != NULL)
        verdict = *scored;
    else
        score_observation(&d->config.rules, &w->obs, &verdict);
    if (verdict.kind != VERDICT_ALERT &&
        fingerprints_match(&d->ended_pages, w->obs.title, daemon_journal_unix_ms()))
        fingerprints_promote(&verdict, d->config.rules.alert_threshold); /* restored */
    if (verdict.kind != VERDICT_ALERT)
        return;
    memo_put(&d->reported, (uintptr_t)w->hwnd, title);
    /* The record is on disk before anything is shown or ended. */
    journal_format_detection(&d->line, daemon_journal_unix_ms(), w->pid, w->obs.exe,
                             w->obs.title, &verdict, d->config.journal_redact_titles);
    daemon_journal_commit(d);
    EventRecord record;
    eventmap_detection(&record, w->pid, w->obs.exe,
                       d->config.journal_redact_titles ? NULL : w->obs.title, &verdict);
    eventlog_report(&d->eventlog, &record);
    if (!d->incident.open)
        incident_open(d, w, &verdict);
}

void watch_scan(Daemon *d)
{
    memo_forget_if(&d->reported, window_closed, NULL);
    memo_forget_if(&d->recorded, window_closed, NULL);
    memo_forget_if(&d->page_title, window_closed, NULL);
    memo_forget_if(&d->page_time, window_closed, NULL);
    memo_forget_if(&d->shot_place, window_closed, NULL);
    memo_forget_if(&d->shot_time, window_closed, NULL);
    memo_init(&d->roots); /* process ids are reused: look them up afresh each scan */
    win_scan_browsers(on_browser_window, d);
    remote_look(d);
}

/* A window event named hwnd: look at it shortly, once however many events come. */
void watch_on_window_event(Daemon *d, HWND hwnd)
{
    for (size_t i = 0; i < d->pending_count; i++) {
        if (d->pending[i] == hwnd)
            return;
    }
    if (d->pending_count == MAX_PENDING) {
        win_scan_relist(); /* a storm of events: the next scan lists every window */
        return;
    }
    d->pending[d->pending_count++] = hwnd;
    if (d->pending_count == 1)
        SetTimer(d->window, TIMER_EVENTS, EVENT_DEBOUNCE_MS, NULL);
}

void watch_look_at_pending(Daemon *d)
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
