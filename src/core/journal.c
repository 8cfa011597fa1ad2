/*
 * journal.c - formats the journal's JSON lines.
 *
 * Time is formatted by hand from a count of milliseconds rather than with gmtime(),
 * which is not reentrant and whose reentrant forms differ between C libraries.
 */
#include "journal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm). */
static void civil_from_days(long long days, int *year, int *month, int *day)
{
    days += 719468;
    long long era = (days >= 0 ? days : days - 146096) / 146097;
    long long day_of_era = days - era * 146097;
    long long year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    long long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    long long mp = (5 * day_of_year + 2) / 153;
    *day = (int)(day_of_year - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(year_of_era + era * 400 + (*month <= 2));
}

void journal_format_time(long long unix_ms, char out[JOURNAL_TIME_SIZE])
{
    long long seconds = unix_ms / 1000;
    long long millis = unix_ms % 1000;
    if (millis < 0) {
        millis += 1000;
        seconds -= 1;
    }
    long long days = seconds / 86400;
    long long in_day = seconds % 86400;
    if (in_day < 0) {
        in_day += 86400;
        days -= 1;
    }
    int year, month, day;
    civil_from_days(days, &year, &month, &day);
    snprintf(out, JOURNAL_TIME_SIZE, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month, day,
             (int)(in_day / 3600), (int)(in_day / 60 % 60), (int)(in_day % 60), (int)millis);
}

static void begin_record(JsonBuf *buf, long long unix_ms, const char *event)
{
    char when[JOURNAL_TIME_SIZE];
    journal_format_time(unix_ms, when);
    jsonbuf_reset(buf);
    jsonbuf_raw(buf, "{");
    jsonbuf_key(buf, "event", true);
    jsonbuf_string(buf, event);
    jsonbuf_key(buf, "time", false);
    jsonbuf_string(buf, when);
}

static void end_record(JsonBuf *buf)
{
    jsonbuf_raw(buf, "}\n");
}

void journal_write_reasons(JsonBuf *buf, const Verdict *verdict)
{
    jsonbuf_raw(buf, "[");
    for (size_t i = 0; i < verdict->reason_count && i < VERDICT_MAX_REASONS; i++) {
        const Reason *r = &verdict->reasons[i];
        jsonbuf_raw(buf, i == 0 ? "{" : ",{");
        jsonbuf_key(buf, "trait", true);
        jsonbuf_string_n(buf, r->trait, strnlen(r->trait, sizeof r->trait));
        jsonbuf_key(buf, "match", false);
        jsonbuf_string_n(buf, r->match, strnlen(r->match, sizeof r->match));
        jsonbuf_key(buf, "weight", false);
        jsonbuf_int(buf, r->weight);
        jsonbuf_raw(buf, "}");
    }
    jsonbuf_raw(buf, "]");
}

void journal_title_hash(const char *title, char out[JOURNAL_TITLE_HASH_SIZE])
{
    static const char HEX[] = "0123456789abcdef";
    uint64_t hash = 14695981039346656037ULL; /* FNV-1a 64-bit offset basis */
    for (const unsigned char *p = (const unsigned char *)title; *p != '\0'; p++) {
        hash ^= *p;
        hash *= 1099511628211ULL; /* FNV prime */
    }
    for (int i = 15; i >= 0; i--) {
        out[i] = HEX[hash & 0xF];
        hash >>= 4;
    }
    out[16] = '\0';
}

void journal_format_detection(JsonBuf *buf, long long unix_ms, unsigned long pid,
                              const char *exe, const char *title, const Verdict *verdict,
                              bool redact_title)
{
    begin_record(buf, unix_ms, "detection");
    jsonbuf_key(buf, "pid", false);
    jsonbuf_int(buf, (long long)pid);
    jsonbuf_key(buf, "exe", false);
    jsonbuf_string(buf, exe);
    if (redact_title) {
        char hash[JOURNAL_TITLE_HASH_SIZE];
        journal_title_hash(title != NULL ? title : "", hash);
        jsonbuf_key(buf, "title_hash", false);
        jsonbuf_string(buf, hash);
    } else {
        jsonbuf_key(buf, "title", false);
        jsonbuf_string(buf, title);
    }
    jsonbuf_key(buf, "verdict", false);
    jsonbuf_string(buf, verdict_name(verdict->kind));
    jsonbuf_key(buf, "score", false);
    jsonbuf_int(buf, verdict->score);
    jsonbuf_key(buf, "reasons", false);
    journal_write_reasons(buf, verdict);
    end_record(buf);
}

/* A program ended by omamori: the browser ("exe") or a remote-control tool ("image"). */
static void format_ended(JsonBuf *buf, long long unix_ms, const char *event, unsigned long pid,
                         const char *program_key, const char *program, const char *how,
                         long long ms, unsigned survivors)
{
    begin_record(buf, unix_ms, event);
    jsonbuf_key(buf, "pid", false);
    jsonbuf_int(buf, (long long)pid);
    jsonbuf_key(buf, program_key, false);
    jsonbuf_string(buf, program);
    jsonbuf_key(buf, "how", false);
    jsonbuf_string(buf, how);
    jsonbuf_key(buf, "ms", false);
    jsonbuf_int(buf, ms);
    jsonbuf_key(buf, "survivors", false);
    jsonbuf_int(buf, survivors);
    end_record(buf);
}

void journal_format_browser_ended(JsonBuf *buf, long long unix_ms, unsigned long pid,
                                  const char *exe, const char *how, long long ms,
                                  unsigned survivors)
{
    format_ended(buf, unix_ms, "browser_ended", pid, "exe", exe, how, ms, survivors);
}

void journal_format_remote_tool(JsonBuf *buf, long long unix_ms, const char *event,
                                unsigned long pid, const char *image)
{
    begin_record(buf, unix_ms, event);
    jsonbuf_key(buf, "pid", false);
    jsonbuf_int(buf, (long long)pid);
    jsonbuf_key(buf, "image", false);
    jsonbuf_string(buf, image);
    end_record(buf);
}

void journal_format_remote_ended(JsonBuf *buf, long long unix_ms, unsigned long pid,
                                 const char *image, const char *how, long long ms,
                                 unsigned survivors)
{
    format_ended(buf, unix_ms, "remote_tool_ended", pid, "image", image, how, ms, survivors);
}

void journal_format_event(JsonBuf *buf, long long unix_ms, const char *event, const char *detail)
{
    begin_record(buf, unix_ms, event);
    if (detail != NULL) {
        jsonbuf_key(buf, "detail", false);
        jsonbuf_string(buf, detail);
    }
    end_record(buf);
}
