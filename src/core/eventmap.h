/*
 * eventmap.h - which incidents go to the Windows Event Log, under which stable ID and
 * type, with which insertion strings (res/messages.mc holds the message texts).
 *
 * Portable so that the mapping is unit-tested natively, as a recording double would:
 * the platform layer only converts a record to UTF-16 and calls ReportEventW. The IDs
 * are a contract with administrators (README): never renumber one.
 */
#ifndef OMAMORI_EVENTMAP_H
#define OMAMORI_EVENTMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "score.h"

#define EVENT_ID_FAKE_ALERT_DETECTED 1000
#define EVENT_ID_BROWSER_ENDED 1001
#define EVENT_ID_PAGE_IS_FINE 1002
#define EVENT_ID_PRACTICE_ALERT 1003
#define EVENT_ID_REMOTE_TOOL_STARTED 1004
#define EVENT_ID_REMOTE_TOOL_ENDED 1005
#define EVENT_ID_CONFIG_REJECTED 2000
#define EVENT_ID_AUDIO_UNAVAILABLE 2001
#define EVENT_ID_STARTED 3000
#define EVENT_ID_STOPPED 3001
#define EVENT_ID_PROTECTION_PAUSED 3002
#define EVENT_ID_PROTECTION_RESUMED 3003

typedef enum { EVENT_INFORMATION, EVENT_WARNING, EVENT_ERROR } EventType;

#define EVENT_MAX_STRINGS 5

typedef struct EventRecord {
    unsigned id;
    EventType type;
    size_t count; /* insertion strings %1..%count */
    const char *strings[EVENT_MAX_STRINGS]; /* UTF-8; borrowed from the arguments or text[] */
    char text[EVENT_MAX_STRINGS][256];      /* numbers and lists formatted here */
} EventRecord;

/* A journal event named event (with its detail, which may be NULL) as an Event Log
   record. Returns false for the events that are not logged there. */
bool eventmap_simple(EventRecord *record, const char *event, const char *detail);

/* A detection: title may be NULL (redacted). */
void eventmap_detection(EventRecord *record, unsigned long pid, const char *exe,
                        const char *title, const Verdict *verdict);

void eventmap_browser_ended(EventRecord *record, unsigned long pid, const char *exe,
                            const char *how, long long ms, unsigned survivors);

/* A remote-control tool started during an incident (or the minutes after it). */
void eventmap_remote_started(EventRecord *record, unsigned long pid, const char *image);

/* The remote-control tool ended from its warning (how as in the journal). */
void eventmap_remote_ended(EventRecord *record, unsigned long pid, const char *image,
                           const char *how, long long ms, unsigned survivors);

#endif
