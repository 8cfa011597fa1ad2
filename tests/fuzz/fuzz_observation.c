/*
 * fuzz_observation.c - the observation reader (observation_parse_json) on any bytes.
 *
 * Properties checked besides the sanitizers':
 *   - a refused line gets a one-line message and leaves the Observation empty;
 *   - an accepted one has a title, and what the recorder writes of it reads back
 *     to the same strings and facts (recorder.h: the daemon's records replay exactly).
 */
#include <string.h>

#include "fuzz.h"
#include "jsonbuf.h"
#include "observation.h"
#include "recorder.h"

static bool same_text(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

static void check_round_trip(const Observation *obs)
{
    JsonBuf buf;
    jsonbuf_init(&buf);
    recorder_format(&buf, obs->id, 0, obs);
    FUZZ_CHECK(!buf.failed && buf.length > 0 && buf.data[buf.length - 1] == '\n');
    FUZZ_CHECK(memchr(buf.data, '\n', buf.length) == buf.data + buf.length - 1);

    Observation again;
    char err[256];
    observation_init(&again);
    int rc = observation_parse_json(buf.data, buf.length - 1, &again, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "recorded line does not read back: %s\n%s", err, buf.data);
    FUZZ_CHECK(rc == 0);
    FUZZ_CHECK(same_text(obs->id, again.id));
    FUZZ_CHECK(same_text(obs->title, again.title));
    FUZZ_CHECK(same_text(obs->window_class, again.window_class));
    FUZZ_CHECK(same_text(obs->exe, again.exe));
    FUZZ_CHECK(same_text(obs->text, again.text));
    FUZZ_CHECK(same_text(obs->url, again.url));
    FUZZ_CHECK(same_text(obs->lang, again.lang));
    FUZZ_CHECK(obs->fullscreen == again.fullscreen && obs->topmost == again.topmost
               && obs->cursor_hidden == again.cursor_hidden);
    FUZZ_CHECK(obs->audio_peak_count == again.audio_peak_count);
    observation_free(&again);
    jsonbuf_free(&buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Observation obs;
    char err[256];
    observation_init(&obs);
    int rc = observation_parse_json((const char *)data, size, &obs, err, sizeof err);
    if (rc == 0) {
        FUZZ_CHECK(obs.title != NULL);
        check_round_trip(&obs);
    } else {
        FUZZ_CHECK(rc == -1);
        FUZZ_CHECK(err[0] != '\0' && strchr(err, '\n') == NULL);
        FUZZ_CHECK(obs.title == NULL && obs.audio_peaks == NULL);
    }
    observation_free(&obs);
    return 0;
}
