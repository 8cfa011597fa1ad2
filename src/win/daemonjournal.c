/*
 * daemonjournal.c - writing the daemon's records: to the journal, and those eventmap.h
 * maps also to the Event Log.
 */
#include "daemon.h"

#include "console.h"
#include "eventmap.h"

#define JOURNAL_RETRY_MS 10000 /* records waiting for a full disk to have room again */

long long daemon_journal_unix_ms(void)
{
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    ULARGE_INTEGER t = {.LowPart = ft.dwLowDateTime, .HighPart = ft.dwHighDateTime};
    return (long long)((t.QuadPart - 116444736000000000ULL) / 10000ULL);
}

/* Says once, on the console, what went wrong with the journal. */
void daemon_journal_warn(Daemon *d, const char *message)
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
void daemon_journal_commit(Daemon *d)
{
    if (!d->journal_open || d->line.failed) {
        daemon_journal_warn(d, d->journal_open ? "out of memory" : "not open");
        return;
    }
    if (journal_store_append(&d->journal, d->line.data, d->line.length) != JOURNAL_OK) {
        daemon_journal_warn(d, d->journal.message);
        if (d->window != NULL)
            SetTimer(d->window, TIMER_JOURNAL_RETRY, JOURNAL_RETRY_MS, NULL);
    }
}

void daemon_journal_event(Daemon *d, const char *event, const char *detail)
{
    journal_format_event(&d->line, daemon_journal_unix_ms(), event, detail);
    daemon_journal_commit(d);
    EventRecord record;
    if (eventmap_simple(&record, event, detail))
        eventlog_report(&d->eventlog, &record);
}
