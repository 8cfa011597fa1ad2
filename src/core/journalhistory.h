/*
 * journalhistory.h - the incidents in the journal, for people: what omamori --history
 * and the tray's incident window print, and omamori-score --journal too.
 *
 * An incident is a "detection" record (a fake alert seen) with how it ended: the first
 * "browser_ended" (closed or terminated by omamori), "browser_gone" (closed already)
 * or "dismissed" (the person said the page is fine) that follows it before the next
 * detection. A "practice_alert" is an incident of its own (a drill). Other events
 * (start, stop, configuration, ...) are counted, not listed.
 * Lines that are torn (no final newline), malformed (not a JSON object with "event")
 * or too long are skipped and counted, never fatal: a reader must cope with what a
 * crash or an older version left.
 */
#ifndef OMAMORI_JOURNALHISTORY_H
#define OMAMORI_JOURNALHISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "jfs.h"
#include "journalread.h"
#include "jsonbuf.h"

typedef struct JournalScanCounts {
    unsigned long lines;      /* non-blank lines read */
    unsigned long records;    /* lines that were records */
    unsigned long torn;       /* a last line without its newline */
    unsigned long malformed;  /* complete lines that were no record, or too long */
    unsigned long damaged;    /* gzip files that ended early or were corrupt */
} JournalScanCounts;

/* Called once per record, in file order; a non-zero return stops the scan and is
   returned (use JfsStatus values, e.g. JFS_NO_MEMORY). */
typedef int (*JournalRecordFn)(void *context, const JournalRecord *record);

/* Reads every line of path (plain or gzip) and calls each for its records; adds to
   *counts. Returns JFS_OK, or why the file could not be read (counts then hold what
   was read before). */
int journal_scan_file(JournalFs *fs, const char *path, JournalRecordFn each, void *context,
                      JournalScanCounts *counts, JfsError *err);

typedef struct JournalIncident {
    long long seq;
    bool practice;
    char *time;       /* as stored: ISO-8601 UTC */
    char *exe;        /* may be NULL */
    char *title;      /* NULL when redacted (title_hash then) or absent */
    char *title_hash;
    char *traits;     /* "a, b", may be NULL */
    long long score;  /* JOURNAL_NO_NUMBER when absent */
    char *outcome;    /* English, e.g. "browser closed by omamori after 3.0 s"; NULL: none */
    bool ended;       /* omamori ended the browser (closed or by force) */
} JournalIncident;

typedef struct JournalHistory {
    JournalIncident *items; /* a ring: items[(head + i) % capacity] is the ith oldest */
    size_t head, count, capacity;
    size_t max;             /* keep the newest max incidents; 0 keeps all */
    bool skip_repeated_seq; /* drop records whose seq is not above the last one seen */
    long long last_seq;
    unsigned long repeated; /* records dropped for that */
    JournalScanCounts counts;
} JournalHistory;

void journal_history_init(JournalHistory *history, size_t max);
void journal_history_free(JournalHistory *history);

/* Takes one record into the history. Returns JFS_OK or JFS_NO_MEMORY. */
int journal_history_add(JournalHistory *history, const JournalRecord *record);

/* A JournalRecordFn adding to the JournalHistory given as context. */
int journal_history_add_fn(void *context, const JournalRecord *record);

/*
 * Reads the journal whose live file is live_path: its rotated files oldest first, then
 * the live file (a missing live file is fine: nothing written yet). A record repeated
 * by a crash during rotation (a seq not above the last) is taken once. A file that
 * cannot be read does not stop the others: the first such failure is returned (with
 * err) after everything readable was read, so the caller shows both.
 */
int journal_history_load(JournalHistory *history, JournalFs *fs, const char *live_path,
                         JfsError *err);

/* One line per incident, oldest first, each ending '\n'; appended to out. Then, when
   lines were skipped, one line saying how many. Nothing at all when there are none:
   the caller says "no incidents". */
void journal_history_format(const JournalHistory *history, JsonBuf *out);

/* One incident's line (with '\n'), appended to out. */
void journal_incident_format(const JournalIncident *incident, JsonBuf *out);

#endif
