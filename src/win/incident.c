/*
 * incident.c - the incident: a fake alert was found, and here the person is told and
 * the browser is ended: the balloon and the alert window, the countdown of --auto-end,
 * ending the browser, the alert's answers; and the practice alert that rehearses it.
 */
#include "daemon.h"

#include <stdio.h>

#include "eventmap.h"
#include "resource.h"
#include "strings.h"
#include "tray.h"

void incident_close_alert(Daemon *d)
{
    KillTimer(d->window, TIMER_COUNTDOWN);
    if (d->alert != NULL)
        DestroyWindow(d->alert);
    d->alert = NULL;
    d->practising = false;
}

/* The incident is over: its process is let go (its id may then be reused). */
void incident_release(Daemon *d)
{
    if (d->incident.process != NULL)
        CloseHandle(d->incident.process);
    d->incident.process = NULL;
    d->incident.open = false;
}

/* Whether the judged browser has exited since it was judged. The alert may wait for
   hours: a process started since may carry its id, and must not be ended for it. */
static bool judged_process_exited(const Incident *incident)
{
    return incident->process != NULL && WaitForSingleObject(incident->process, 0) == WAIT_OBJECT_0;
}

static void start_ending(Daemon *d)
{
    KillTimer(d->window, TIMER_COUNTDOWN);
    if (d->end.phase != ENDTASK_IDLE)
        return; /* already under way */
    if (judged_process_exited(&d->incident) ||
        !endtask_begin(&d->end, d->incident.pid, (DWORD)d->config.close_timeout_ms)) {
        daemon_journal_event(d, "browser_gone", d->incident.exe);
        incident_release(d);
        if (d->alert != NULL)
            alert_show_ended(d->alert);
        return;
    }
    if (d->alert != NULL)
        alert_show_ending(d->alert);
    SetTimer(d->window, TIMER_END, END_POLL_MS, NULL);
}

void incident_on_end_tick(Daemon *d)
{
    unsigned survivors = 0;
    if (endtask_poll(&d->end, &survivors) != ENDTASK_DONE)
        return;
    KillTimer(d->window, TIMER_END);
    journal_format_browser_ended(&d->line, daemon_journal_unix_ms(), d->end.root_pid,
                                 d->incident.exe, d->end.terminated_root ? "terminated" : "closed",
                                 (long long)endtask_elapsed_ms(&d->end), survivors);
    daemon_journal_commit(d);
    EventRecord record;
    eventmap_browser_ended(&record, d->end.root_pid, d->incident.exe,
                           d->end.terminated_root ? "terminated" : "closed",
                           (long long)endtask_elapsed_ms(&d->end), survivors);
    eventlog_report(&d->eventlog, &record);
    endtask_cleanup(&d->end);
    /* If the browser restores this page, it is alerted at once. */
    fingerprints_add_hash(&d->ended_pages, d->incident.title_hash, daemon_journal_unix_ms());
    /* Unmuted, so that a later process given the same id is not silenced. */
    audiomon_mute(d->audio, d->incident.root_pid, false);
    incident_release(d);
    if (d->alert != NULL)
        alert_show_ended(d->alert);
}

void incident_open(Daemon *d, const BrowserWindow *w, const Verdict *verdict)
{
    incident_close_alert(d); /* a finished incident's "closed" notice gives way */
    remote_note_incident(d);
    incident_release(d);
    d->incident.open = true;
    d->incident.browser_window = w->hwnd;
    d->incident.pid = w->pid;
    d->incident.process = OpenProcess(SYNCHRONIZE, FALSE, w->pid); /* enough to hold the id */
    snprintf(d->incident.exe, sizeof d->incident.exe, "%s", w->obs.exe ? w->obs.exe : "");
    journal_title_hash(w->obs.title, d->incident.title_hash);
    /* Silence the alarm first: it is what panics people. */
    d->incident.root_pid = watch_browser_root(d, w->pid);
    audiomon_mute(d->audio, d->incident.root_pid, true);

    tray_balloon(d->window, strings_get(IDS_BALLOON_TITLE), strings_get(IDS_BALLOON_TEXT));
    d->alert = alert_create(d->instance, d->window, w->hwnd, verdict,
                            d->policy.allow_page_is_fine != 0);
    daemon_journal_event(d, d->alert != NULL ? "alert_shown" : "alert_failed", d->incident.exe);

    if (d->config.auto_end_seconds == 0) {
        start_ending(d);
    } else if (d->config.auto_end_seconds > 0) {
        d->countdown = d->config.auto_end_seconds;
        if (d->alert != NULL)
            alert_show_countdown(d->alert, d->countdown);
        SetTimer(d->window, TIMER_COUNTDOWN, 1000, NULL);
    }
}

void incident_on_countdown_tick(Daemon *d)
{
    if (--d->countdown <= 0)
        start_ending(d);
    else if (d->alert != NULL)
        alert_show_countdown(d->alert, d->countdown);
}

void incident_on_alert_action(Daemon *d, AlertAction action)
{
    switch (action) {
    case ALERT_ACTION_END_BROWSER:
        if (d->incident.open) {
            daemon_journal_event(d, "close_chosen", d->incident.exe);
            start_ending(d);
        }
        break;
    case ALERT_ACTION_DISMISS:
        if (d->incident.open) {
            daemon_journal_event(d, "dismissed", d->incident.exe);
            audiomon_mute(d->audio, d->incident.root_pid, false); /* the page is fine */
        }
        incident_release(d);
        incident_close_alert(d);
        break;
    case ALERT_ACTION_DONE:
        if (d->practising)
            daemon_journal_event(d, "practice_ended", NULL);
        incident_close_alert(d);
        break;
    case ALERT_ACTION_END_PROGRAM:
    case ALERT_ACTION_KEEP_PROGRAM:
        break; /* the remote-control warning's: remote_on_action() answers them */
    }
}

/* A rehearsal for the family. A real alert on screen is never replaced by one. */
void incident_show_practice(Daemon *d)
{
    if (d->incident.open || (d->alert != NULL && !d->practising))
        return;
    incident_close_alert(d);
    d->alert = alert_create_practice(d->instance, d->window);
    d->practising = d->alert != NULL;
    daemon_journal_event(d, "practice_alert",
                         d->alert != NULL ? NULL : "the window could not be shown");
}
