/* test_recorder.c - a recorded observation reads back as the same observation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "recorder.h"
#include "score.h"

/* Records obs, parses the line back and checks every field survived. */
static void assert_round_trip(const Observation *obs)
{
    JsonBuf buf;
    jsonbuf_init(&buf);
    recorder_format(&buf, "w1", 0, obs);
    assert_false(buf.failed);
    assert_ptr_equal(strchr(buf.data, '\n'), buf.data + buf.length - 1);

    Observation back;
    observation_init(&back);
    char err[200] = "";
    assert_int_equal(observation_parse_json(buf.data, buf.length - 1, &back, err, sizeof err), 0);
    assert_string_equal(back.id, "w1");
    assert_string_equal(back.title, obs->title);
    assert_int_equal(back.fullscreen, obs->fullscreen);
    assert_int_equal(back.topmost, obs->topmost);
    assert_int_equal(back.cursor_hidden, obs->cursor_hidden);
    assert_int_equal(back.audio_playing, obs->audio_playing);
    assert_int_equal(back.audio_peak_count, obs->audio_peak_count);
    for (size_t i = 0; i < obs->audio_peak_count; i++)
        assert_float_equal(back.audio_peaks[i], obs->audio_peaks[i], 0.0005);
    if (obs->exe != NULL)
        assert_string_equal(back.exe, obs->exe);
    else
        assert_null(back.exe);
    if (obs->window_class != NULL)
        assert_string_equal(back.window_class, obs->window_class);

    /* The replay scores exactly as the original. */
    Config cfg;
    assert_int_equal(config_default(&cfg), 0);
    Verdict original, replayed;
    score_observation(&cfg.rules, obs, &original);
    score_observation(&cfg.rules, &back, &replayed);
    config_free(&cfg);
    assert_int_equal(original.score, replayed.score);
    assert_int_equal(original.kind, replayed.kind);
    observation_free(&back);
    jsonbuf_free(&buf);
}

static void a_full_window_observation_round_trips(void **state)
{
    (void)state;
    float peaks[] = {0.0f, 0.5f, 0.987f, 1.0f, 0.25f};
    Observation obs;
    observation_init(&obs);
    obs.title = "Ｍｉｃｒｏｓｏｆｔ 警告 \"0120-555-010\" - Google Chrome";
    obs.window_class = "Chrome_WidgetWin_1";
    obs.exe = "chrome.exe";
    obs.fullscreen = TRISTATE_YES;
    obs.topmost = TRISTATE_NO;
    obs.cursor_hidden = TRISTATE_YES;
    obs.audio_playing = TRISTATE_YES;
    obs.audio_peaks = peaks;
    obs.audio_peak_count = sizeof peaks / sizeof peaks[0];
    assert_round_trip(&obs);
}

static void unknown_facts_are_left_out_and_stay_unknown(void **state)
{
    (void)state;
    Observation obs;
    observation_init(&obs);
    obs.title = "New Tab";
    assert_round_trip(&obs);

    JsonBuf buf;
    jsonbuf_init(&buf);
    recorder_format(&buf, NULL, 0, &obs);
    assert_null(strstr(buf.data, "fullscreen"));
    assert_null(strstr(buf.data, "audio"));
    assert_null(strstr(buf.data, "\"id\""));
    jsonbuf_free(&buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_full_window_observation_round_trips),
        cmocka_unit_test(unknown_facts_are_left_out_and_stay_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
