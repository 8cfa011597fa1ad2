/* journalhistory.c - see journalhistory.h. */
#include "journalhistory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Titles longer than this (bytes) are shortened in the listing. */
#define TITLE_SHOWN_MAX 120

int journal_scan_file(JournalFs *fs, const char *path, JournalRecordFn each, void *context,
                      JournalScanCounts *counts, JfsError *err)
{
    JournalLines lines;
    int rc = journal_lines_open(&lines, fs, path, err);
    if (rc != JFS_OK)
        return rc;
    for (;;) {
        JournalLine line;
        bool more;
        if ((rc = journal_lines_next(&lines, &line, &more, err)) != JFS_OK || !more)
            break;
        bool blank = true;
        for (size_t i = 0; i < line.length && blank; i++)
            blank = line.text[i] == ' ' || line.text[i] == '\t' || line.text[i] == '\r';
        if (blank && !line.too_long)
            continue;
        counts->lines++;
        if (!line.complete) {
            counts->torn++; /* only ever the last line */
            continue;
        }
        JournalRecord record;
        journal_record_init(&record);
        if (line.too_long
            || journal_record_parse(line.text, line.length, &record, NULL, 0) < 0) {
            counts->malformed++;
            continue;
        }
        counts->records++;
        rc = each(context, &record);
        journal_record_free(&record);
        if (rc != 0) {
            jfs_fail(err, rc, "reading %s: %s", path, jfs_status_name(rc));
            break;
        }
    }
    if (lines.damaged)
        counts->damaged++;
    journal_lines_close(&lines);
    return rc;
}

/* ---- the history ------------------------------------------------------------------ */

void journal_history_init(JournalHistory *h, size_t max)
{
    memset(h, 0, sizeof *h);
    h->max = max;
    h->last_seq = JOURNAL_NO_NUMBER;
}

static void incident_free(JournalIncident *incident)
{
    free(incident->time);
    free(incident->exe);
    free(incident->title);
    free(incident->title_hash);
    free(incident->traits);
    free(incident->outcome);
    memset(incident, 0, sizeof *incident);
}

void journal_history_free(JournalHistory *h)
{
    for (size_t i = 0; i < h->count; i++)
        incident_free(&h->items[(h->head + i) % h->capacity]);
    free(h->items);
    journal_history_init(h, h->max);
}

static JournalIncident *newest(JournalHistory *h)
{
    return h->count > 0 ? &h->items[(h->head + h->count - 1) % h->capacity] : NULL;
}

/* A free slot after the newest incident: the oldest's when max is reached. */
static JournalIncident *new_slot(JournalHistory *h)
{
    if (h->max > 0 && h->count == h->max) {
        JournalIncident *oldest = &h->items[h->head];
        incident_free(oldest);
        h->head = (h->head + 1) % h->capacity;
        return oldest; /* now the newest place: (head + count - 1) % capacity */
    }
    if (h->count == h->capacity) {
        size_t grown = h->capacity == 0 ? 16 : h->capacity * 2;
        if (h->max > 0 && grown > h->max)
            grown = h->max;
        JournalIncident *items = malloc(grown * sizeof *items);
        if (items == NULL)
            return NULL;
        for (size_t i = 0; i < h->count; i++)
            items[i] = h->items[(h->head + i) % h->capacity];
        free(h->items);
        h->items = items;
        h->head = 0;
        h->capacity = grown;
    }
    JournalIncident *slot = &h->items[(h->head + h->count) % h->capacity];
    memset(slot, 0, sizeof *slot);
    h->count++;
    return slot;
}

static bool dup_into(char **dst, const char *src)
{
    if (src == NULL)
        return true;
    *dst = malloc(strlen(src) + 1);
    if (*dst == NULL)
        return false;
    strcpy(*dst, src);
    return true;
}

static int open_incident(JournalHistory *h, const JournalRecord *r, bool practice)
{
    JournalIncident *incident = new_slot(h);
    if (incident == NULL)
        return JFS_NO_MEMORY;
    incident->seq = r->seq;
    incident->practice = practice;
    incident->score = r->score;
    if (!dup_into(&incident->time, r->time) || !dup_into(&incident->exe, r->exe)
        || !dup_into(&incident->title, r->title) || !dup_into(&incident->title_hash, r->title_hash)
        || !dup_into(&incident->traits, r->traits))
        return JFS_NO_MEMORY; /* what was copied is freed with the history */
    return JFS_OK;
}

/* "3.0 s" or "250 ms" */
static void duration_text(long long ms, char *out, size_t size)
{
    if (ms < 1000)
        snprintf(out, size, "%d ms", (int)ms);
    else
        snprintf(out, size, "%ld.%d s", (long)(ms / 1000), (int)(ms % 1000 / 100));
}

static int end_incident(JournalHistory *h, const JournalRecord *r)
{
    JournalIncident *incident = newest(h);
    if (incident == NULL || incident->practice || incident->outcome != NULL)
        return JFS_OK; /* an outcome of an incident no longer listed, or a second one */
    char text[160];
    if (strcmp(r->event, "dismissed") == 0) {
        snprintf(text, sizeof text, "the person said the page is fine");
    } else if (strcmp(r->event, "browser_gone") == 0) {
        snprintf(text, sizeof text, "the browser had already closed");
    } else {
        char took[32] = "";
        bool forced = r->how != NULL && strcmp(r->how, "terminated") == 0;
        if (r->ms != JOURNAL_NO_NUMBER) {
            char d[24];
            duration_text(r->ms, d, sizeof d);
            snprintf(took, sizeof took, " after %s", d);
        }
        incident->ended = true;
        int n = snprintf(text, sizeof text, "%s%s",
                         forced ? "browser ended by force by omamori"
                                : "browser closed by omamori", took);
        if (r->survivors > 0 && n > 0 && (size_t)n < sizeof text)
            snprintf(text + n, sizeof text - (size_t)n, ", %ld process%s still running",
                     (long)r->survivors, r->survivors == 1 ? "" : "es");
    }
    return dup_into(&incident->outcome, text) ? JFS_OK : JFS_NO_MEMORY;
}

int journal_history_add(JournalHistory *h, const JournalRecord *r)
{
    if (h->skip_repeated_seq && r->seq != JOURNAL_NO_NUMBER) {
        if (h->last_seq != JOURNAL_NO_NUMBER && r->seq <= h->last_seq) {
            h->repeated++;
            return JFS_OK;
        }
        h->last_seq = r->seq;
    }
    if (strcmp(r->event, "detection") == 0)
        return open_incident(h, r, false);
    if (strcmp(r->event, "practice_alert") == 0)
        return open_incident(h, r, true);
    if (strcmp(r->event, "browser_ended") == 0 || strcmp(r->event, "browser_gone") == 0
        || strcmp(r->event, "dismissed") == 0)
        return end_incident(h, r);
    return JFS_OK;
}

int journal_history_add_fn(void *context, const JournalRecord *record)
{
    return journal_history_add(context, record);
}

int journal_history_load(JournalHistory *h, JournalFs *fs, const char *live_path, JfsError *err)
{
    JournalNames names;
    JournalRotatedList list = { NULL, 0 };
    JfsError failure;
    int first_rc = JFS_OK;
    if (journal_names_init(&names, live_path) != JFS_OK)
        return jfs_fail(err, JFS_NO_MEMORY, "reading the journal: out of memory");
    h->skip_repeated_seq = true;
    int rc = journal_list_rotated(fs, &names, &list, &failure);
    if (rc != JFS_OK && rc != JFS_NOT_FOUND)
        first_rc = rc;
    for (size_t i = 0; i <= list.count; i++) {
        const char *path = i < list.count ? list.items[i].path : live_path;
        JfsError e;
        rc = journal_scan_file(fs, path, journal_history_add_fn, h, &h->counts, &e);
        if (rc == JFS_NOT_FOUND && i == list.count)
            rc = JFS_OK; /* no live file: nothing since the last rotation */
        if (rc == JFS_NO_MEMORY) {
            failure = e;
            first_rc = rc;
            break;
        }
        if (rc != JFS_OK && first_rc == JFS_OK) {
            failure = e;
            first_rc = rc;
        }
    }
    journal_rotated_list_free(&list);
    journal_names_free(&names);
    if (first_rc != JFS_OK)
        return jfs_fail(err, first_rc, "%s", failure.message);
    return JFS_OK;
}

/* ---- formatting ------------------------------------------------------------------ */

/* text with control characters as spaces, at most TITLE_SHOWN_MAX bytes (cut at a
   character's start, then "..."), quoted. */
static void put_title(JsonBuf *out, const char *title)
{
    char shown[TITLE_SHOWN_MAX + 8];
    size_t n = 0;
    const unsigned char *s = (const unsigned char *)title;
    size_t length = strlen(title);
    size_t limit = length > TITLE_SHOWN_MAX ? TITLE_SHOWN_MAX : length;
    while (limit > 0 && limit < length && (s[limit] & 0xC0) == 0x80)
        limit--; /* not inside a UTF-8 sequence */
    shown[n++] = '"';
    for (size_t i = 0; i < limit; i++)
        shown[n++] = s[i] < 0x20 || s[i] == 0x7F ? ' ' : (char)s[i];
    if (limit < length) {
        memcpy(shown + n, "...", 3);
        n += 3;
    }
    shown[n++] = '"';
    shown[n] = '\0';
    jsonbuf_raw(out, shown);
}

void journal_incident_format(const JournalIncident *incident, JsonBuf *out)
{
    jsonbuf_raw(out, incident->time != NULL ? incident->time : "(no time)");
    if (incident->practice) {
        jsonbuf_raw(out, "  practice alert (a drill, no danger)\n");
        return;
    }
    jsonbuf_raw(out, "  fake alert in ");
    jsonbuf_raw(out, incident->exe != NULL ? incident->exe : "a browser");
    jsonbuf_raw(out, ": ");
    if (incident->title != NULL) {
        put_title(out, incident->title);
    } else if (incident->title_hash != NULL) {
        jsonbuf_raw(out, "title hidden (hash ");
        jsonbuf_raw(out, incident->title_hash);
        jsonbuf_raw(out, ")");
    } else {
        jsonbuf_raw(out, "no title recorded");
    }
    if (incident->score != JOURNAL_NO_NUMBER) {
        char score[32];
        snprintf(score, sizeof score, " (score %ld", (long)incident->score);
        jsonbuf_raw(out, score);
        if (incident->traits != NULL) {
            jsonbuf_raw(out, ": ");
            jsonbuf_raw(out, incident->traits);
        }
        jsonbuf_raw(out, ")");
    }
    jsonbuf_raw(out, " - ");
    jsonbuf_raw(out, incident->outcome != NULL ? incident->outcome : "no outcome recorded");
    jsonbuf_raw(out, "\n");
}

void journal_history_format(const JournalHistory *h, JsonBuf *out)
{
    for (size_t i = 0; i < h->count; i++)
        journal_incident_format(&h->items[(h->head + i) % h->capacity], out);
    unsigned long skipped = h->counts.torn + h->counts.malformed;
    if (skipped > 0 || h->counts.damaged > 0) {
        char text[200];
        snprintf(text, sizeof text,
                 "warning: %lu unreadable line(s) skipped (%lu cut short, %lu malformed)%s\n",
                 skipped, h->counts.torn, h->counts.malformed,
                 h->counts.damaged > 0 ? "; a compressed file was damaged" : "");
        jsonbuf_raw(out, text);
    }
}
