/*
 * test_observation.c - reading one observation from a JSON line: fields, types,
 * refusals of what is not JSON, and that a failure leaves the observation empty.
 * Leaks on error paths are caught by LeakSanitizer when the binary exits.
 */
#include "observation.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static int parse(const char *json, Observation *obs, char *err, size_t errlen)
{
    return observation_parse_json(json, strlen(json), obs, err, errlen);
}

static void assert_empty(const Observation *obs)
{
    assert_null(obs->id);
    assert_null(obs->title);
    assert_null(obs->window_class);
    assert_null(obs->exe);
    assert_null(obs->text);
    assert_null(obs->url);
    assert_null(obs->lang);
    assert_int_equal(obs->fullscreen, TRISTATE_UNKNOWN);
    assert_int_equal(obs->topmost, TRISTATE_UNKNOWN);
    assert_int_equal(obs->cursor_hidden, TRISTATE_UNKNOWN);
    assert_int_equal(obs->audio_playing, TRISTATE_UNKNOWN);
    assert_null(obs->audio_peaks);
    assert_int_equal(obs->audio_peak_count, 0);
}

static void every_field_is_read(void **state)
{
    (void)state;
    Observation obs;
    char err[200];
    observation_init(&obs);
    int rc = parse("{\"id\":\"w1\",\"title\":\"ウイルスが見つかりました\",\"class\":\"Chrome_WidgetWin_1\","
                   "\"exe\":\"chrome.exe\",\"text\":\"call\\nnow\",\"url\":\"https://x.example/?p=1\","
                   "\"lang\":\"ja\",\"fullscreen\":true,\"topmost\":false,\"cursor_hidden\":null,"
                   "\"audio\":{\"playing\":true,\"peaks\":[0.5,0.25]}}",
                   &obs, err, sizeof err);
    assert_int_equal(rc, 0);
    assert_string_equal(obs.id, "w1");
    assert_string_equal(obs.title, "ウイルスが見つかりました");
    assert_string_equal(obs.window_class, "Chrome_WidgetWin_1");
    assert_string_equal(obs.exe, "chrome.exe");
    assert_string_equal(obs.text, "call\nnow");
    assert_string_equal(obs.url, "https://x.example/?p=1");
    assert_string_equal(obs.lang, "ja");
    assert_int_equal(obs.fullscreen, TRISTATE_YES);
    assert_int_equal(obs.topmost, TRISTATE_NO);
    assert_int_equal(obs.cursor_hidden, TRISTATE_UNKNOWN);
    assert_int_equal(obs.audio_playing, TRISTATE_YES);
    assert_int_equal(obs.audio_peak_count, 2);
    assert_true(obs.audio_peaks[0] == 0.5f);
    assert_true(obs.audio_peaks[1] == 0.25f);
    observation_free(&obs);
    assert_empty(&obs);
}

static void title_alone_leaves_the_rest_absent(void **state)
{
    (void)state;
    Observation obs;
    char err[200];
    observation_init(&obs);
    assert_int_equal(parse("  {\"title\": \"\"}  ", &obs, err, sizeof err), 0);
    assert_string_equal(obs.title, "");
    assert_null(obs.id);
    assert_null(obs.window_class);
    assert_null(obs.exe);
    assert_null(obs.text);
    assert_null(obs.url);
    assert_null(obs.lang);
    assert_int_equal(obs.fullscreen, TRISTATE_UNKNOWN);
    assert_int_equal(obs.topmost, TRISTATE_UNKNOWN);
    assert_int_equal(obs.cursor_hidden, TRISTATE_UNKNOWN);
    assert_int_equal(obs.audio_playing, TRISTATE_UNKNOWN);
    assert_null(obs.audio_peaks);
    observation_free(&obs);
}

static void numeric_id_is_kept_as_written(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        const char *id;
    } cases[] = {
        { "{\"id\":42,\"title\":\"t\"}", "42" },
        { "{\"id\":-1.5e3,\"title\":\"t\"}", "-1.5e3" },
        { "{\"id\":0,\"title\":\"t\"}", "0" },
        { "{\"id\":\"007\",\"title\":\"t\"}", "007" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Observation obs;
        char err[200];
        observation_init(&obs);
        assert_int_equal(parse(cases[i].json, &obs, err, sizeof err), 0);
        assert_string_equal(obs.id, cases[i].id);
        observation_free(&obs);
    }
}

static void null_means_unknown_for_optional_fields(void **state)
{
    (void)state;
    Observation obs;
    char err[200];
    observation_init(&obs);
    assert_int_equal(parse("{\"title\":\"t\",\"id\":null,\"url\":null,\"fullscreen\":null,"
                           "\"audio\":{\"playing\":null,\"peaks\":null}}",
                           &obs, err, sizeof err),
                     0);
    assert_null(obs.id);
    assert_null(obs.url);
    assert_int_equal(obs.fullscreen, TRISTATE_UNKNOWN);
    assert_int_equal(obs.audio_playing, TRISTATE_UNKNOWN);
    assert_int_equal(obs.audio_peak_count, 0);
    observation_free(&obs);
}

static void unknown_fields_of_any_shape_are_ignored(void **state)
{
    (void)state;
    Observation obs;
    char err[200];
    observation_init(&obs);
    assert_int_equal(parse("{\"x\":{\"title\":\"inner\",\"y\":[1,[2,{\"z\":null}]]},"
                           "\"title\":\"outer\",\"extra\":[],\"more\":{},\"n\":1.5,\"b\":true,"
                           "\"audio\":{\"volume\":[0.9],\"playing\":false},\"x\":\"again\"}",
                           &obs, err, sizeof err),
                     0);
    assert_string_equal(obs.title, "outer");
    assert_int_equal(obs.audio_playing, TRISTATE_NO);
    assert_int_equal(obs.audio_peak_count, 0);
    observation_free(&obs);
}

static void peaks_are_clamped_to_zero_and_one(void **state)
{
    (void)state;
    Observation obs;
    char err[200];
    observation_init(&obs);
    assert_int_equal(parse("{\"title\":\"t\",\"audio\":{\"peaks\":[-0.5,0.75,1.5,1e999,0,1,2E-1]}}",
                           &obs, err, sizeof err),
                     0);
    static const float want[] = { 0.0f, 0.75f, 1.0f, 1.0f, 0.0f, 1.0f, 0.2f };
    assert_int_equal(obs.audio_peak_count, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < obs.audio_peak_count; i++)
        assert_true(obs.audio_peaks[i] == want[i]);
    observation_free(&obs);
}

static void many_peaks_are_all_kept(void **state)
{
    (void)state;
    char json[8192] = "{\"title\":\"t\",\"audio\":{\"peaks\":[";
    for (int i = 0; i < 1000; i++)
        strcat(json, i == 0 ? "0.5" : ",0.5");
    strcat(json, ",0.25]}}");
    Observation obs;
    char err[200];
    observation_init(&obs);
    assert_int_equal(parse(json, &obs, err, sizeof err), 0);
    assert_int_equal(obs.audio_peak_count, 1001);
    assert_true(obs.audio_peaks[999] == 0.5f);
    assert_true(obs.audio_peaks[1000] == 0.25f);
    observation_free(&obs);
}

static void surrogate_pairs_become_one_character(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        const char *title;
    } cases[] = {
        { "{\"title\":\"\\uD83D\\uDE00 alarm\"}", "\xF0\x9F\x98\x80 alarm" },
        { "{\"title\":\"a\\\\\\ud83d\\ude00\"}", "a\\\xF0\x9F\x98\x80" },
        { "{\"title\":\"\\\\uD83D\\\\uDE00\"}", "\\uD83D\\uDE00" },
        { "{\"title\":\"\\\"\\uDBFF\\uDFFF\"}", "\"\xF4\x8F\xBF\xBF" },
        { "{\"title\":\"\\u00e9\\u30a6\\/\"}", "\xC3\xA9\xE3\x82\xA6/" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Observation obs;
        char err[200];
        observation_init(&obs);
        if (parse(cases[i].json, &obs, err, sizeof err) != 0)
            fail_msg("case %zu: %s", i, err);
        assert_string_equal(obs.title, cases[i].title);
        observation_free(&obs);
    }
}

typedef struct BadCase {
    const char *what;
    const char *json;
    const char *message; /* a part the message must contain */
} BadCase;

static const BadCase BAD[] = {
    { "missing title", "{\"id\":\"a\",\"url\":\"u\"}", "missing required field \"title\"" },
    { "empty line", "", "empty line" },
    { "blanks only", "   ", "empty line" },
    { "array, not object", "[1,2]", "expected a JSON object" },
    { "string, not object", "\"title\"", "expected a JSON object" },
    { "YAML block mapping", "title: x", "block mapping" },
    { "second object", "{\"title\":\"a\"} {\"title\":\"b\"}", "after the JSON object at column 15" },
    { "trailing text", "{\"title\":\"a\"} x", "after the JSON object" },
    { "second document", "{\"title\":\"a\"}\n---\n{\"title\":\"b\"}", "more than one JSON object" },
    { "unclosed object", "{\"title\":\"a\"", "syntax error at the end of the line" },
    { "syntax error column", "{\"title\":\"a\" \"b\"}", "syntax error at column 14" },
    { "double comma", "{\"title\":\"a\",,}", "syntax error at column 14" },
    { "bad UTF-8 column", "{\"title\":\"ab\xFF\"}", "at column 13" },
    { "control character", "{\"title\":\"a\x01\"}", "syntax error" },
    { "lone surrogate", "{\"title\":\"\\uD83D\"}", "syntax error" },
    { "title is a number", "{\"title\":42}", "\"title\" must be a string, not a number" },
    { "title is null", "{\"title\":null}", "\"title\" must be a string, not null" },
    { "title unquoted", "{\"title\":hello}", "\"title\" must be a string, not unquoted text" },
    { "title is an object", "{\"title\":{\"a\":1}}", "\"title\" must be a string, not an object" },
    { "exe is an array", "{\"title\":\"t\",\"exe\":[\"a\"]}", "\"exe\" must be a string or null" },
    { "class is true", "{\"title\":\"t\",\"class\":true}", "\"class\" must be a string or null" },
    { "id is true", "{\"title\":\"t\",\"id\":true}", "\"id\" must be a string, a number or null" },
    { "fullscreen is a string", "{\"title\":\"t\",\"fullscreen\":\"true\"}",
      "\"fullscreen\" must be true, false or null, not a string" },
    { "topmost is yes", "{\"title\":\"t\",\"topmost\":yes}", "\"topmost\" must be true, false" },
    { "cursor_hidden is 1", "{\"title\":\"t\",\"cursor_hidden\":1}", "\"cursor_hidden\" must be" },
    { "audio is a bool", "{\"title\":\"t\",\"audio\":true}", "\"audio\" must be an object or null" },
    { "audio.playing is 0", "{\"title\":\"t\",\"audio\":{\"playing\":0}}", "\"audio.playing\" must be" },
    { "peaks not an array", "{\"title\":\"t\",\"audio\":{\"peaks\":0.5}}", "\"audio.peaks\" must be an array" },
    { "peak is a string", "{\"title\":\"t\",\"audio\":{\"peaks\":[0.1,\"0.2\"]}}",
      "\"audio.peaks\" must hold only numbers; item 2 is a string" },
    { "peak is null", "{\"title\":\"t\",\"audio\":{\"peaks\":[null]}}", "item 1 is null" },
    { "peak is nested", "{\"title\":\"t\",\"audio\":{\"peaks\":[[0.1]]}}", "item 1 is an array" },
    { "peak is not a JSON number", "{\"title\":\"t\",\"audio\":{\"peaks\":[.5]}}", "unquoted text" },
    { "title twice", "{\"title\":\"a\",\"title\":\"b\"}", "\"title\" is given twice" },
    { "peaks twice", "{\"title\":\"a\",\"audio\":{\"peaks\":[],\"peaks\":[]}}", "\"audio.peaks\" is given twice" },
    { "anchor", "{\"title\":&a \"x\"}", "anchors" },
    { "alias", "{\"title\":\"x\",\"u\":*a}", "aliases" },
    { "tag", "{\"title\":!!str x}", "tags" },
    { "key is an object", "{{\"a\":1}:1,\"title\":\"t\"}", "keys must be strings" },
    { "NUL inside title", "{\"title\":\"a\\u0000b\"}", "U+0000" },
    { "title key with NUL is not title", "{\"title\\u0000x\":\"a\"}", "missing required field" },
};

static void malformed_lines_are_rejected_with_message(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        const BadCase *c = &BAD[i];
        Observation obs;
        char err[200];
        observation_init(&obs);
        err[0] = 'X';
        int rc = parse(c->json, &obs, err, sizeof err);
        if (rc != -1)
            fail_msg("case '%s' was accepted", c->what);
        if (strstr(err, c->message) == NULL)
            fail_msg("case '%s': message [%s] lacks [%s]", c->what, err, c->message);
        if (strchr(err, '\n') != NULL)
            fail_msg("case '%s': message is not one line", c->what);
        assert_empty(&obs);
    }
}

static void failure_empties_an_observation_that_held_data(void **state)
{
    (void)state;
    Observation obs;
    char err[200];
    observation_init(&obs);
    assert_int_equal(parse("{\"id\":1,\"title\":\"a\",\"audio\":{\"peaks\":[1]}}", &obs, err,
                           sizeof err),
                     0);
    /* Fails after title and peaks were read: nothing of either attempt may remain. */
    assert_int_equal(parse("{\"title\":\"b\",\"audio\":{\"peaks\":[0.5]},\"fullscreen\":2}", &obs,
                           err, sizeof err),
                     -1);
    assert_empty(&obs);
}

static void success_replaces_what_the_observation_held(void **state)
{
    (void)state;
    Observation obs;
    char err[200];
    observation_init(&obs);
    assert_int_equal(parse("{\"id\":1,\"title\":\"a\",\"url\":\"u\",\"topmost\":true}", &obs, err,
                           sizeof err),
                     0);
    assert_int_equal(parse("{\"title\":\"b\"}", &obs, err, sizeof err), 0);
    assert_string_equal(obs.title, "b");
    assert_null(obs.id);
    assert_null(obs.url);
    assert_int_equal(obs.topmost, TRISTATE_UNKNOWN);
    observation_free(&obs);
}

static void length_bounds_the_input(void **state)
{
    (void)state;
    const char *json = "{\"title\":\"a\"}{\"title\":\"b\"}";
    Observation obs;
    char err[200];
    observation_init(&obs);
    assert_int_equal(observation_parse_json(json, 13, &obs, err, sizeof err), 0);
    assert_string_equal(obs.title, "a");
    observation_free(&obs);
}

static void short_error_buffer_is_still_terminated(void **state)
{
    (void)state;
    Observation obs;
    char err[8];
    memset(err, 'X', sizeof err);
    observation_init(&obs);
    assert_int_equal(parse("{\"id\":1}", &obs, err, sizeof err), -1);
    assert_int_equal(strlen(err), sizeof err - 1);
    assert_int_equal(parse("{\"id\":1}", &obs, NULL, 0), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_field_is_read),
        cmocka_unit_test(title_alone_leaves_the_rest_absent),
        cmocka_unit_test(numeric_id_is_kept_as_written),
        cmocka_unit_test(null_means_unknown_for_optional_fields),
        cmocka_unit_test(unknown_fields_of_any_shape_are_ignored),
        cmocka_unit_test(peaks_are_clamped_to_zero_and_one),
        cmocka_unit_test(many_peaks_are_all_kept),
        cmocka_unit_test(surrogate_pairs_become_one_character),
        cmocka_unit_test(malformed_lines_are_rejected_with_message),
        cmocka_unit_test(failure_empties_an_observation_that_held_data),
        cmocka_unit_test(success_replaces_what_the_observation_held),
        cmocka_unit_test(length_bounds_the_input),
        cmocka_unit_test(short_error_buffer_is_still_terminated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
