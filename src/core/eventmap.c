/* eventmap.c - see eventmap.h. */
#include "eventmap.h"

#include <stdio.h>
#include <string.h>

typedef struct SimpleEvent {
    const char *event; /* the journal's event name */
    unsigned id;
    EventType type;
    bool with_detail; /* the detail is %1 */
} SimpleEvent;

static const SimpleEvent simple_events[] = {
    {"dismissed", EVENT_ID_PAGE_IS_FINE, EVENT_INFORMATION, true},
    {"practice_alert", EVENT_ID_PRACTICE_ALERT, EVENT_INFORMATION, false},
    {"config_rejected", EVENT_ID_CONFIG_REJECTED, EVENT_WARNING, true},
    {"audio_unavailable", EVENT_ID_AUDIO_UNAVAILABLE, EVENT_INFORMATION, true},
    {"start", EVENT_ID_STARTED, EVENT_INFORMATION, true},
    {"stop", EVENT_ID_STOPPED, EVENT_INFORMATION, false},
    {"protection_paused", EVENT_ID_PROTECTION_PAUSED, EVENT_INFORMATION, true},
    {"protection_resumed", EVENT_ID_PROTECTION_RESUMED, EVENT_INFORMATION, false},
};

static void begin(EventRecord *record, unsigned id, EventType type)
{
    memset(record, 0, sizeof *record);
    record->id = id;
    record->type = type;
}

/* A full-width percent sign (U+FF05), in UTF-8: it reads the same to a person. */
#define WIDE_PERCENT "\xEF\xBC\x85"

/* src into dst (size bytes, NUL-terminated) with every '%' made a full-width one, cut
   at a character boundary when it does not fit. */
static void copy_without_percent(char *dst, size_t size, const char *src)
{
    size_t used = 0, i = 0;
    while (src[i] != '\0') {
        const char *piece = src + i;
        size_t n = 1, advance = 1;
        if (src[i] == '%') {
            piece = WIDE_PERCENT;
            n = 3;
        } else if (((unsigned char)src[i] & 0xC0) == 0xC0) {
            while (((unsigned char)src[i + n] & 0xC0) == 0x80) /* the character's rest */
                n++;
            advance = n;
        }
        if (used + n >= size) /* the whole character fits, or none of it */
            break;
        memcpy(dst + used, piece, n);
        used += n;
        i += advance;
    }
    dst[used] = '\0';
}

/* Appends a string the caller owns, or, when it holds a '%', a copy kept in the record
   with each '%' made full-width: the Event Viewer expands "%%1234" in an insertion
   string as a parameter message, and a page chooses its title. */
static void add(EventRecord *record, const char *text)
{
    if (text == NULL)
        text = "";
    if (strchr(text, '%') != NULL) {
        copy_without_percent(record->text[record->count], sizeof record->text[0], text);
        text = record->text[record->count];
    }
    record->strings[record->count++] = text;
}

/* Appends a formatted string kept in the record itself. */
static void add_number(EventRecord *record, long long value)
{
    snprintf(record->text[record->count], sizeof record->text[0], "%lld", value);
    add(record, record->text[record->count]);
}

bool eventmap_simple(EventRecord *record, const char *event, const char *detail)
{
    for (size_t i = 0; i < sizeof simple_events / sizeof simple_events[0]; i++) {
        const SimpleEvent *e = &simple_events[i];
        if (strcmp(e->event, event) != 0)
            continue;
        begin(record, e->id, e->type);
        if (e->with_detail)
            add(record, detail);
        return true;
    }
    return false;
}

void eventmap_detection(EventRecord *record, unsigned long pid, const char *exe,
                        const char *title, const Verdict *verdict)
{
    begin(record, EVENT_ID_FAKE_ALERT_DETECTED, EVENT_WARNING);
    add(record, exe);
    add_number(record, (long long)pid);
    add(record, title != NULL ? title : "(title not recorded)");
    add_number(record, verdict->score);
    /* The signs, as trait codes: short, stable, and what a SIEM rule can match on. */
    char *list = record->text[record->count];
    size_t used = 0;
    list[0] = '\0';
    for (size_t i = 0; i < verdict->reason_count && used < sizeof record->text[0]; i++) {
        int n = snprintf(list + used, sizeof record->text[0] - used, "%s%s", i ? ", " : "",
                         verdict->reasons[i].trait);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    add(record, list);
}

void eventmap_remote_started(EventRecord *record, unsigned long pid, const char *image)
{
    begin(record, EVENT_ID_REMOTE_TOOL_STARTED, EVENT_WARNING);
    add(record, image);
    add_number(record, (long long)pid);
}

/* An ended program, a browser or a remote-control tool: the same fields in the same
   order, so one message layout serves both. */
static void map_ended(EventRecord *record, unsigned id, unsigned long pid, const char *image,
                      const char *how, long long ms, unsigned survivors)
{
    begin(record, id, EVENT_INFORMATION);
    add(record, image);
    add_number(record, (long long)pid);
    add(record, how);
    add_number(record, ms);
    add_number(record, survivors);
}

void eventmap_remote_ended(EventRecord *record, unsigned long pid, const char *image,
                           const char *how, long long ms, unsigned survivors)
{
    map_ended(record, EVENT_ID_REMOTE_TOOL_ENDED, pid, image, how, ms, survivors);
}

void eventmap_browser_ended(EventRecord *record, unsigned long pid, const char *exe,
                            const char *how, long long ms, unsigned survivors)
{
    map_ended(record, EVENT_ID_BROWSER_ENDED, pid, exe, how, ms, survivors);
}
