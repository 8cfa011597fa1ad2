/*
 * test_hostile_input.c - the inputs issue 7 names, each with the exact safe outcome:
 * invalid UTF-8, overlong sequences, lone surrogates, a 1 MB title, anchors and aliases
 * (billion laughs), deep nesting and huge numbers, in observations, configs, folding,
 * scoring and the journal. A refused input gets its message and leaves the Observation
 * or Config as it was; an accepted one is scored and written with bounded output.
 * The same inputs are seeds of the fuzz targets (tests/fuzz/seeds/), replayed under
 * ASan in `make test`; memory errors and leaks here are caught by ASan and LSan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "fold.h"
#include "journal.h"
#include "jsonbuf.h"
#include "observation.h"
#include "recorder.h"
#include "score.h"

#define FFFD "\xef\xbf\xbd"

/* ---- observations ----------------------------------------------------------- */

typedef struct RefusedLine {
    const char *what;
    const char *json;
    const char *message;
} RefusedLine;

static const RefusedLine REFUSED_LINES[] = {
    { "invalid byte FF", "{\"title\":\"Micro\xffsoft\"}",
      "JSON syntax error at column 16: invalid leading UTF-8 octet" },
    { "overlong slash C0 AF", "{\"title\":\"\xc0\xaf\"}",
      "JSON syntax error at column 11: invalid length of a UTF-8 sequence" },
    { "overlong slash E0 80 AF", "{\"title\":\"\xe0\x80\xaf\"}",
      "JSON syntax error at column 11: invalid length of a UTF-8 sequence" },
    { "surrogate encoded in UTF-8", "{\"title\":\"\xed\xa0\x80\"}",
      "JSON syntax error at column 11: invalid Unicode character" },
    { "lone high surrogate escape", "{\"title\":\"a \\ud800 b\"}",
      "JSON syntax error at column 15: found invalid Unicode character escape code "
      "(while parsing a quoted scalar)" },
    { "surrogates in the wrong order", "{\"title\":\"\\udc00\\ud800\"}",
      "JSON syntax error at column 13: found invalid Unicode character escape code "
      "(while parsing a quoted scalar)" },
    { "anchor", "{\"title\":&a \"lol\",\"exe\":*a}",
      "not JSON at column 10: anchors (&name) are not supported" },
    { "alias", "{\"title\":\"x\",\"exe\":*a}",
      "not JSON at column 20: aliases (*name) are not supported" },
    { "title U+0000", "{\"title\":\"a\\u0000b\"}",
      "\"title\" contains U+0000, which is not supported (column 10)" },
};

static void hostile_lines_are_refused_with_their_message(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof REFUSED_LINES / sizeof REFUSED_LINES[0]; i++) {
        const RefusedLine *c = &REFUSED_LINES[i];
        Observation obs;
        char err[200];
        observation_init(&obs);
        obs.title = strdup("held before"); /* a failure must free and empty it */
        assert_non_null(obs.title);
        int rc = observation_parse_json(c->json, strlen(c->json), &obs, err, sizeof err);
        if (rc != -1 || strcmp(err, c->message) != 0)
            fail_msg("%s: rc %d, message \"%s\"", c->what, rc, err);
        assert_null(obs.title);
        assert_null(obs.exe);
    }
}

/* A JSON line whose title is n bytes of "ウイルス " (cut to whole characters). */
static char *line_with_long_title(size_t n, size_t *length)
{
    static const char unit[] = "ウイルス ";
    const char *head = "{\"title\":\"";
    const char *tail = "\",\"exe\":\"chrome.exe\",\"fullscreen\":true}";
    char *line = malloc(strlen(head) + n + strlen(tail) + 1);
    assert_non_null(line);
    size_t o = strlen(head);
    memcpy(line, head, o);
    for (size_t i = 0; i + sizeof unit - 1 <= n; i += sizeof unit - 1) {
        memcpy(line + o, unit, sizeof unit - 1);
        o += sizeof unit - 1;
    }
    memcpy(line + o, tail, strlen(tail) + 1);
    *length = o + strlen(tail);
    return line;
}

static void one_megabyte_title_is_read_scored_and_journalled(void **state)
{
    (void)state;
    size_t length = 0;
    char *line = line_with_long_title(1024 * 1024, &length);
    Observation obs;
    char err[200];
    observation_init(&obs);
    assert_int_equal(observation_parse_json(line, length, &obs, err, sizeof err), 0);
    size_t title_length = strlen(obs.title);
    assert_true(title_length > 1024 * 1024 - 13 && title_length <= 1024 * 1024);

    Config cfg;
    assert_int_equal(config_default(&cfg), 0);
    Verdict verdict;
    score_observation(&cfg.rules, &obs, &verdict);
    /* The whole title is looked at: "ウイルス" (virus) counts, once, with short evidence. */
    assert_in_range(verdict.score, 1, 100);
    assert_in_range(verdict.reason_count, 1, VERDICT_MAX_REASONS);
    size_t infection = 0;
    for (size_t i = 0; i < verdict.reason_count; i++) {
        assert_true(strlen(verdict.reasons[i].match) < REASON_MATCH_SIZE);
        infection += strcmp(verdict.reasons[i].trait, "alarm.infection") == 0;
    }
    assert_int_equal(infection, 1);

    /* The journal line holds the title as it is and a bounded rest. */
    JsonBuf buf;
    jsonbuf_init(&buf);
    journal_format_detection(&buf, 0, 1, obs.exe, obs.title, &verdict, false);
    assert_false(buf.failed);
    assert_true(buf.length > title_length && buf.length < title_length + 4096);
    journal_format_detection(&buf, 0, 1, obs.exe, obs.title, &verdict, true);
    assert_true(buf.length < 4096); /* redacted: the hash, not the megabyte */
    jsonbuf_free(&buf);

    config_free(&cfg);
    observation_free(&obs);
    free(line);
}

static void deep_nesting_in_an_unknown_field_is_skipped(void **state)
{
    (void)state;
    const size_t depth = 10000;
    char *line = malloc(64 + 2 * depth);
    assert_non_null(line);
    strcpy(line, "{\"title\":\"x\",\"extra\":");
    size_t o = strlen(line);
    memset(line + o, '[', depth);
    memset(line + o + depth, ']', depth);
    strcpy(line + o + 2 * depth, "}");

    Observation obs;
    char err[200];
    observation_init(&obs);
    assert_int_equal(observation_parse_json(line, strlen(line), &obs, err, sizeof err), 0);
    assert_string_equal(obs.title, "x");
    observation_free(&obs);
    free(line);
}

static void huge_numbers_are_kept_or_clamped(void **state)
{
    (void)state;
    const char *line = "{\"id\":123456789012345678901234567890,\"title\":\"x\",\"audio\":"
                       "{\"peaks\":[1e999,-1e999,1e-999,99999999999999999999999999999999999999,0.5]}}";
    Observation obs;
    char err[200];
    observation_init(&obs);
    assert_int_equal(observation_parse_json(line, strlen(line), &obs, err, sizeof err), 0);
    assert_string_equal(obs.id, "123456789012345678901234567890"); /* as written */
    assert_int_equal(obs.audio_peak_count, 5);
    assert_true(obs.audio_peaks[0] == 1.0f); /* infinity: clamped */
    assert_true(obs.audio_peaks[1] == 0.0f);
    assert_true(obs.audio_peaks[2] == 0.0f);
    assert_true(obs.audio_peaks[3] == 1.0f);
    assert_true(obs.audio_peaks[4] == 0.5f);
    observation_free(&obs);
}

/* ---- configs -------------------------------------------------------------- */

typedef struct RefusedConfig {
    const char *what;
    const char *yaml;
    const char *message;
} RefusedConfig;

static const RefusedConfig REFUSED_CONFIGS[] = {
    { "billion laughs in the phrase lists",
      "phrases:\n  brand: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
      "  support: [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n",
      "x.yaml:2:10: anchors (&name) are not supported" },
    { "an alias alone", "phrases:\n  support: [*a]\n",
      "x.yaml:2:13: aliases (*name) are not supported" },
    { "an anchored section", "watch: &w\n  poll_ms: 500\n",
      "x.yaml:1:8: anchors (&name) are not supported" },
    { "huge number", "watch:\n  poll_ms: 99999999999999999999999999999999\n",
      "x.yaml:2:12: watch.poll_ms must be a whole number from 50 to 60000" },
    { "huge negative number", "watch:\n  poll_ms: -9223372036854775809\n",
      "x.yaml:2:12: watch.poll_ms must be a whole number from 50 to 60000" },
    { "huge float", "scoring:\n  weights:\n    brand: 1e308\n",
      "x.yaml:3:12: scoring.weights.brand must be a whole number from -200 to 200" },
    { "invalid byte in a phrase", "phrases:\n  brand: [\"micro\xffsoft\"]\n",
      "x.yaml:2:17: invalid leading UTF-8 octet" },
    { "overlong sequence in a phrase", "phrases:\n  brand: [\"\xc0\xaf\"]\n",
      "x.yaml:2:12: invalid length of a UTF-8 sequence" },
    { "surrogate encoded in UTF-8", "phrases:\n  brand: [\"\xed\xa0\x80\"]\n",
      "x.yaml:2:12: invalid Unicode character" },
    { "lone surrogate escape", "phrases:\n  brand: [\"\\ud800\"]\n",
      "x.yaml:2:14: found invalid Unicode character escape code (while parsing a quoted scalar)" },
};

/* Every refusal leaves the Config exactly as it was, its lexicon too. */
static void hostile_configs_are_refused_with_their_message(void **state)
{
    (void)state;
    Config cfg;
    assert_int_equal(config_default(&cfg), 0);
    Config before;
    memcpy(&before, &cfg, sizeof cfg); /* an image to compare with, not an owner */
    for (size_t i = 0; i < sizeof REFUSED_CONFIGS / sizeof REFUSED_CONFIGS[0]; i++) {
        const RefusedConfig *c = &REFUSED_CONFIGS[i];
        char err[256];
        int rc = config_load_buffer(c->yaml, strlen(c->yaml), "x.yaml", &cfg, err, sizeof err);
        if (rc != -1 || strcmp(err, c->message) != 0)
            fail_msg("%s: rc %d, message \"%s\"", c->what, rc, err);
        assert_memory_equal(&cfg, &before, sizeof cfg);
    }
    config_free(&cfg);
}

/* A config nested 10000 deep, in the phrase lists and at the top. */
static void deeply_nested_configs_are_refused(void **state)
{
    (void)state;
    const size_t depth = 10000;
    char *yaml = malloc(64 + 5 * depth);
    char err[256];
    Config cfg;
    assert_non_null(yaml);
    assert_int_equal(config_default(&cfg), 0);

    strcpy(yaml, "phrases:\n  brand: ");
    size_t o = strlen(yaml);
    memset(yaml + o, '[', depth);
    memset(yaml + o + depth, ']', depth);
    yaml[o + 2 * depth] = '\0';
    assert_int_equal(config_load_buffer(yaml, strlen(yaml), "x.yaml", &cfg, err, sizeof err), -1);
    assert_string_equal(err, "x.yaml:2:11: phrases.brand: each phrase must be a single text, "
                             "not a list or mapping");

    o = 0;
    for (size_t i = 0; i < depth; i++, o += 4)
        memcpy(yaml + o, "{a: ", 4);
    yaml[o++] = 'x';
    memset(yaml + o, '}', depth);
    yaml[o + depth] = '\0';
    assert_int_equal(config_load_buffer(yaml, strlen(yaml), "x.yaml", &cfg, err, sizeof err), -1);
    assert_string_equal(err, "x.yaml:1:2: unknown section 'a' (the sections are watch, response, "
                             "ui, journal, scoring, remote_control and phrases)");
    assert_int_equal(cfg.poll_ms, 1000);
    config_free(&cfg);
    free(yaml);
}

/* ---- titles the daemon reads from Win32: any bytes -------------------------- */

typedef struct FoldCase {
    const char *what;
    const char *text;
    size_t length;
    const char *folded;
} FoldCase;

#define FOLD(what, text, folded) { what, text, sizeof(text) - 1, folded }

static const FoldCase FOLDS[] = {
    FOLD("invalid byte", "Micro\xffsoft", "micro" FFFD "soft"),
    /* An overlong 'm' (C1 AD) must not decode to 'm': no brand hides behind it. */
    FOLD("overlong letter", "\xc1\xad" "icrosoft", FFFD FFFD "icrosoft"),
    FOLD("overlong slash", "\xe0\x80\xaf", FFFD FFFD FFFD),
    FOLD("high surrogate in UTF-8", "\xed\xa0\x80", FFFD FFFD FFFD),
    FOLD("low surrogate in UTF-8", "a\xed\xb0\x80z", "a" FFFD FFFD FFFD "z"),
    FOLD("character cut at the end", "ab\xe3\x82", "ab" FFFD FFFD),
};

static void hostile_bytes_fold_to_replacement_characters(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof FOLDS / sizeof FOLDS[0]; i++) {
        char out[64];
        size_t n = fold_text(FOLDS[i].text, FOLDS[i].length, out, sizeof out);
        if (n != strlen(FOLDS[i].folded) || strcmp(out, FOLDS[i].folded) != 0)
            fail_msg("%s: folded to \"%s\"", FOLDS[i].what, out);
    }
}

/* Scored as any title, and journalled as valid UTF-8 with U+FFFD in place of each
   ill-formed part (jsonbuf.h). */
static void hostile_titles_are_scored_and_journalled_as_valid_utf8(void **state)
{
    (void)state;
    Config cfg;
    assert_int_equal(config_default(&cfg), 0);
    Observation obs;
    observation_init(&obs);
    obs.title = "Micro\xffsoft \xc0\xaf virus \xed\xa0\x80 found 0120-555-010";
    Verdict verdict;
    score_observation(&cfg.rules, &obs, &verdict);
    assert_in_range(verdict.score, 1, 100);

    JsonBuf buf;
    jsonbuf_init(&buf);
    journal_format_detection(&buf, 0, 1, "chrome.exe", obs.title, &verdict, false);
    assert_false(buf.failed);
    assert_non_null(strstr(buf.data, "\"title\":\"Micro" FFFD "soft " FFFD FFFD " virus " FFFD
                                     FFFD FFFD " found 0120-555-010\""));
    jsonbuf_free(&buf);
    config_free(&cfg);
}

/* Found by fuzzing (tests/fuzz/regressions/observation): DEL, C1 controls and U+2028
   were recorded as they are, which omamori-score's reader refuses or reads as a line
   break, so the recorded window could not be replayed. */
static void recorded_control_characters_read_back(void **state)
{
    (void)state;
    const char *title = "a\x7f" "b\xc2\x85" "c\xc2\x9f" "d\xe2\x80\xa8" "e\xef\xbf\xbf" "f";
    Observation obs, again;
    observation_init(&obs);
    observation_init(&again);
    obs.title = (char *)title;
    JsonBuf buf;
    jsonbuf_init(&buf);
    recorder_format(&buf, NULL, 0, &obs);
    char err[200];
    int rc = observation_parse_json(buf.data, buf.length - 1, &again, err, sizeof err);
    if (rc != 0)
        fail_msg("%s: %s", buf.data, err);
    assert_string_equal(again.title, title);
    observation_free(&again);
    jsonbuf_free(&buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hostile_lines_are_refused_with_their_message),
        cmocka_unit_test(one_megabyte_title_is_read_scored_and_journalled),
        cmocka_unit_test(deep_nesting_in_an_unknown_field_is_skipped),
        cmocka_unit_test(huge_numbers_are_kept_or_clamped),
        cmocka_unit_test(hostile_configs_are_refused_with_their_message),
        cmocka_unit_test(deeply_nested_configs_are_refused),
        cmocka_unit_test(hostile_bytes_fold_to_replacement_characters),
        cmocka_unit_test(hostile_titles_are_scored_and_journalled_as_valid_utf8),
        cmocka_unit_test(recorded_control_characters_read_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
