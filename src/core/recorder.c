/* recorder.c - see recorder.h. */
#include "recorder.h"

#include <stdio.h>

#include "journal.h"

static void write_text(JsonBuf *buf, const char *key, const char *value)
{
    if (value == NULL)
        return;
    jsonbuf_key(buf, key, false);
    jsonbuf_string(buf, value);
}

static void write_fact(JsonBuf *buf, const char *key, Tristate value)
{
    if (value == TRISTATE_UNKNOWN)
        return;
    jsonbuf_key(buf, key, false);
    jsonbuf_bool(buf, value == TRISTATE_YES);
}

static void write_audio(JsonBuf *buf, const Observation *obs)
{
    if (obs->audio_playing == TRISTATE_UNKNOWN && obs->audio_peak_count == 0)
        return;
    jsonbuf_key(buf, "audio", false);
    jsonbuf_raw(buf, "{");
    jsonbuf_key(buf, "playing", true);
    jsonbuf_bool(buf, obs->audio_playing == TRISTATE_YES);
    jsonbuf_key(buf, "peaks", false);
    jsonbuf_raw(buf, "[");
    for (size_t i = 0; i < obs->audio_peak_count; i++) {
        char number[16];
        /* Three decimals are finer than any meter's resolution that matters here. */
        snprintf(number, sizeof number, "%s%.3f", i == 0 ? "" : ",", (double)obs->audio_peaks[i]);
        jsonbuf_raw(buf, number);
    }
    jsonbuf_raw(buf, "]}");
}

void recorder_format(JsonBuf *buf, const char *id, long long unix_ms, const Observation *obs)
{
    char when[JOURNAL_TIME_SIZE];
    journal_format_time(unix_ms, when);
    jsonbuf_reset(buf);
    jsonbuf_raw(buf, "{");
    jsonbuf_key(buf, "time", true);
    jsonbuf_string(buf, when);
    write_text(buf, "id", id);
    jsonbuf_key(buf, "title", false);
    jsonbuf_string(buf, obs->title != NULL ? obs->title : "");
    write_text(buf, "class", obs->window_class);
    write_text(buf, "exe", obs->exe);
    write_fact(buf, "fullscreen", obs->fullscreen);
    write_fact(buf, "topmost", obs->topmost);
    write_fact(buf, "cursor_hidden", obs->cursor_hidden);
    write_audio(buf, obs);
    write_text(buf, "text", obs->text);
    write_text(buf, "url", obs->url);
    write_text(buf, "lang", obs->lang);
    jsonbuf_raw(buf, "}\n");
}
