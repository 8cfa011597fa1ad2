/*
 * remote.c - the remote-control warning.
 *
 * The scam's second step: the caller talks the person into starting a tool that lets
 * them control the PC. While an incident is open, and for remote_control.window_minutes
 * after it, every scan also looks for processes that started since the last one
 * (newprocs.h says why a diff of snapshots); one whose file name is in the config's
 * list raises a second alert, which offers to end it the way a browser is ended.
 */
#include "daemon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eventmap.h"
#include "remotetools.h"
#include "wintext.h"

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
    wchar_t *product = win_wide_from_utf8(tool->product);
    d->remote = *tool;
    d->remote_alert = alert_create_remote_tool(d->instance, d->window, product);
    free(product);
    if (d->remote_alert == NULL)
        daemon_journal_event(d, "alert_failed",
                             "the remote-control warning could not be created");
}

/* The warning is answered: the next tool waiting for one, if it still runs, gets its. */
void remote_close_alert(Daemon *d)
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
    journal_format_remote_ended(&d->line, daemon_journal_unix_ms(), d->remote.pid,
                                d->remote.image, how, ms, survivors);
    daemon_journal_commit(d);
    EventRecord record;
    eventmap_remote_ended(&record, d->remote.pid, d->remote.image, how, ms, survivors);
    eventlog_report(&d->eventlog, &record);
}

void remote_on_end_tick(Daemon *d)
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

void remote_on_action(Daemon *d, AlertAction action)
{
    switch (action) {
    case ALERT_ACTION_END_PROGRAM:
        end_remote_tool(d);
        break;
    case ALERT_ACTION_KEEP_PROGRAM:
        journal_format_remote_tool(&d->line, daemon_journal_unix_ms(), "remote_tool_left",
                                   d->remote.pid, d->remote.image);
        daemon_journal_commit(d);
        remote_close_alert(d);
        break;
    case ALERT_ACTION_DONE:
        remote_close_alert(d);
        break;
    default:
        break;
    }
}

static void remote_tool_started(Daemon *d, DWORD pid, const char *image, const char *product)
{
    journal_format_remote_tool(&d->line, daemon_journal_unix_ms(), "remote_tool_started", pid,
                               image);
    daemon_journal_commit(d);
    EventRecord record;
    eventmap_remote_started(&record, pid, image);
    eventlog_report(&d->eventlog, &record);

    RemoteTool tool = {.pid = pid};
    snprintf(tool.image, sizeof tool.image, "%s", image);
    snprintf(tool.product, sizeof tool.product, "%s", product);
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
    int entry = image != NULL ? remotetools_match(&d->config, image) : -1;
    if (entry >= 0)
        remote_tool_started(d, process->pid, image,
                            d->config.remote_control.image_names[entry]);
    free(image);
}

/* An incident opened. The processes running now are the baseline: only those started
   after it are new (unless a look was under way already, from an earlier incident). */
void remote_note_incident(Daemon *d)
{
    d->incident_seen = true;
    d->incident_open_ms = GetTickCount64();
    if (!d->newprocs.primed && d->config.remote_control.image_count > 0)
        newprocs_look(&d->newprocs, NULL, NULL);
}

/* From each scan (watch_scan). Outside the watching time no snapshot is taken or kept. */
void remote_look(Daemon *d)
{
    ULONGLONG now = GetTickCount64();
    if (d->incident.open)
        d->incident_open_ms = now;
    if (!watch_protecting(d) || d->config.remote_control.image_count == 0 ||
        !remotetools_watching(&d->config, d->incident.open, d->incident_seen,
                              d->incident_open_ms, now)) {
        newprocs_reset(&d->newprocs);
        return;
    }
    newprocs_look(&d->newprocs, on_new_process, d);
}
