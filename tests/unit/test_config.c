/*
 * test_config.c - the defaults, the shipped config/omamori.yaml, every setting's
 * accepted forms, and errors: "name:line:column: message" with *cfg left untouched.
 * Run from the repository root (as the Makefile and tests/run-all.sh do): one test
 * reads config/omamori.yaml.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define SHIPPED_CONFIG "config/omamori.yaml"

/* Field by field: struct padding makes memcmp on a Config meaningless. */
static void assert_config_equal(const Config *a, const Config *b)
{
    assert_int_equal(a->poll_ms, b->poll_ms);
    assert_int_equal(a->auto_end_seconds, b->auto_end_seconds);
    assert_int_equal(a->close_timeout_ms, b->close_timeout_ms);
    assert_string_equal(a->language, b->language);
    assert_int_equal(a->rules.alert_threshold, b->rules.alert_threshold);
    assert_int_equal(a->rules.watch_threshold, b->rules.watch_threshold);
}

/* A config differing from the defaults in every field, and valid. */
static void config_unusual(Config *cfg)
{
    config_default(cfg);
    cfg->poll_ms = 777;
    cfg->auto_end_seconds = 42;
    cfg->close_timeout_ms = 4321;
    snprintf(cfg->language, sizeof cfg->language, "en");
    cfg->rules.alert_threshold = 91;
    cfg->rules.watch_threshold = 11;
}

static int load(const char *yaml, Config *cfg, char *err, size_t errlen)
{
    return config_load_buffer(yaml, strlen(yaml), "test.yaml", cfg, err, errlen);
}

static void defaults_are_in_range_and_consistent(void **state)
{
    (void)state;
    Config cfg;
    config_default(&cfg);
    assert_in_range(cfg.poll_ms, 50, 60000);
    assert_true(cfg.auto_end_seconds == CONFIG_AUTO_END_OFF
                || (cfg.auto_end_seconds >= 0 && cfg.auto_end_seconds <= 3600));
    assert_in_range(cfg.close_timeout_ms, 100, 60000);
    assert_string_equal(cfg.language, "auto");
    assert_in_range(cfg.rules.watch_threshold, 1, 100);
    assert_in_range(cfg.rules.alert_threshold, 1, 100);
    assert_true(cfg.rules.watch_threshold < cfg.rules.alert_threshold);
    ScoreRules rules;
    score_rules_default(&rules);
    assert_int_equal(cfg.rules.alert_threshold, rules.alert_threshold);
    assert_int_equal(cfg.rules.watch_threshold, rules.watch_threshold);
}

static char *read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *data = malloc(65536);
    *length = data != NULL ? fread(data, 1, 65535, f) : 0;
    fclose(f);
    return data;
}

/* Loaded over a config unlike the defaults, the shipped file must give the defaults
 * back: it then sets every setting, each to its default value. */
static void shipped_file_sets_every_setting_to_its_default(void **state)
{
    (void)state;
    size_t length = 0;
    char *yaml = read_file(SHIPPED_CONFIG, &length);
    if (yaml == NULL)
        fail_msg("cannot read %s: run the test from the repository root", SHIPPED_CONFIG);
    Config cfg, want;
    char err[256];
    config_unusual(&cfg);
    config_default(&want);
    int rc = config_load_buffer(yaml, length, SHIPPED_CONFIG, &cfg, err, sizeof err);
    free(yaml);
    if (rc != 0)
        fail_msg("%s", err);
    assert_config_equal(&cfg, &want);
}

static void empty_or_comment_only_file_changes_nothing(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "", "# nothing\n", "\n\n", "---\n", "watch:\n  # poll_ms: 100\nui:\n", "{}",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        Config cfg, want;
        char err[256];
        config_unusual(&cfg);
        config_unusual(&want);
        if (load(inputs[i], &cfg, err, sizeof err) != 0)
            fail_msg("input %zu: %s", i, err);
        assert_config_equal(&cfg, &want);
    }
}

typedef struct GoodCase {
    const char *yaml;
    int poll_ms, auto_end_seconds, close_timeout_ms, alert, watch;
    const char *language;
} GoodCase;

/* Each case starts from config_default(); SAME in a column means "unchanged". */
#define SAME (-99)
static const GoodCase GOOD[] = {
    { "watch:\n  poll_ms: 50\n", 50, SAME, SAME, SAME, SAME, NULL },
    { "watch:\n  poll_ms: 60000\n", 60000, SAME, SAME, SAME, SAME, NULL },
    { "watch: {poll_ms: \"250\"}\n", 250, SAME, SAME, SAME, SAME, NULL },
    { "response:\n  auto_end_seconds: 0\n", SAME, 0, SAME, SAME, SAME, NULL },
    { "response:\n  auto_end_seconds: 3600\n", SAME, 3600, SAME, SAME, SAME, NULL },
    { "response:\n  auto_end_seconds: 30\n  close_timeout_ms: 100\n", SAME, 30, 100, SAME, SAME,
      NULL },
    { "response:\n  auto_end_seconds: OFF\n", SAME, CONFIG_AUTO_END_OFF, SAME, SAME, SAME, NULL },
    { "response:\n  close_timeout_ms: 60000 # a minute\n", SAME, SAME, 60000, SAME, SAME, NULL },
    { "ui:\n  language: ja\n", SAME, SAME, SAME, SAME, SAME, "ja" },
    { "ui:\n  language: 'EN'\n", SAME, SAME, SAME, SAME, SAME, "en" },
    { "ui:\n  language: Auto\n", SAME, SAME, SAME, SAME, SAME, "auto" },
    { "scoring:\n  alert_threshold: 100\n  watch_threshold: 99\n", SAME, SAME, SAME, 100, 99,
      NULL },
    { "scoring:\n  watch_threshold: 1\n  alert_threshold: 2\n", SAME, SAME, SAME, 2, 1, NULL },
    { "\xEF\xBB\xBFwatch:\n  poll_ms: 0100\n", 100, SAME, SAME, SAME, SAME, NULL },
};

static void valid_settings_are_applied(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof GOOD / sizeof GOOD[0]; i++) {
        const GoodCase *c = &GOOD[i];
        Config cfg, want;
        char err[256];
        config_default(&cfg);
        /* Start from another language, so a case setting one proves it changed. */
        bool ja = c->language != NULL && strcmp(c->language, "ja") == 0;
        snprintf(cfg.language, sizeof cfg.language, "%s", ja ? "en" : "ja");
        want = cfg;
        if (c->poll_ms != SAME)
            want.poll_ms = c->poll_ms;
        if (c->auto_end_seconds != SAME)
            want.auto_end_seconds = c->auto_end_seconds;
        if (c->close_timeout_ms != SAME)
            want.close_timeout_ms = c->close_timeout_ms;
        if (c->alert != SAME)
            want.rules.alert_threshold = c->alert;
        if (c->watch != SAME)
            want.rules.watch_threshold = c->watch;
        if (c->language != NULL)
            snprintf(want.language, sizeof want.language, "%s", c->language);
        if (load(c->yaml, &cfg, err, sizeof err) != 0)
            fail_msg("case %zu: %s", i, err);
        assert_config_equal(&cfg, &want);
    }
}

typedef struct BadCase {
    const char *yaml;
    const char *message; /* the whole message must start with this */
} BadCase;

static const BadCase BAD[] = {
    { "watch:\n  pol_ms: 100\n", "test.yaml:2:3: unknown setting 'pol_ms' in section 'watch'" },
    { "watchh:\n  poll_ms: 100\n", "test.yaml:1:1: unknown section 'watchh'" },
    { "ui:\n  poll_ms: 100\n", "test.yaml:2:3: unknown setting 'poll_ms' in section 'ui'" },
    { "watch:\n  poll_ms: 49\n", "test.yaml:2:12: watch.poll_ms must be a whole number from 50 to 60000" },
    { "watch:\n  poll_ms: 60001\n", "test.yaml:2:12: watch.poll_ms must be" },
    { "watch:\n  poll_ms: 99999999999999999999\n", "test.yaml:2:12: watch.poll_ms must be" },
    { "watch:\n  poll_ms: -100\n", "test.yaml:2:12: watch.poll_ms must be" },
    { "watch:\n  poll_ms: 0x1F4\n", "test.yaml:2:12: watch.poll_ms must be" },
    { "watch:\n  poll_ms: 1_000\n", "test.yaml:2:12: watch.poll_ms must be" },
    { "watch:\n  poll_ms: 500ms\n", "test.yaml:2:12: watch.poll_ms must be" },
    { "watch:\n  poll_ms:\n", "test.yaml:2:11: watch.poll_ms must be" },
    { "watch:\n  poll_ms: [1]\n", "test.yaml:2:12: watch.poll_ms must be a single value" },
    { "response:\n  auto_end_seconds: 3601\n",
      "test.yaml:2:21: response.auto_end_seconds must be off or a whole number from 0 to 3600" },
    { "response:\n  auto_end_seconds: no\n", "test.yaml:2:21: response.auto_end_seconds must be off" },
    { "response:\n  close_timeout_ms: 99\n",
      "test.yaml:2:21: response.close_timeout_ms must be a whole number from 100 to 60000" },
    { "ui:\n  language: fr\n", "test.yaml:2:13: ui.language must be auto, ja or en" },
    { "ui:\n  language: jap\n", "test.yaml:2:13: ui.language must be" },
    { "ui:\n  language: \"ja\\0\"\n", "test.yaml:2:13: ui.language must be" },
    { "response:\n  auto_end_seconds: \"off\\0x\"\n", "test.yaml:2:21: response.auto_end_seconds" },
    { "scoring:\n  alert_threshold: 0\n", "test.yaml:2:20: scoring.alert_threshold must be a whole number from 1 to 100" },
    { "scoring:\n  watch_threshold: 101\n", "test.yaml:2:20: scoring.watch_threshold must be" },
    { "scoring:\n  watch_threshold: 20\n  alert_threshold: 20\n",
      "test.yaml:2:20: scoring.watch_threshold (20) must be below scoring.alert_threshold (20)" },
    { "scoring:\n  alert_threshold: 10\n",
      "test.yaml:2:20: scoring.watch_threshold (30) must be below scoring.alert_threshold (10)" },
    { "watch:\n  poll_ms: 100\n  poll_ms: 200\n", "test.yaml:3:3: watch.poll_ms is given twice" },
    { "ui: {}\nui: {}\n", "test.yaml:2:1: section 'ui' is given twice" },
    { "watch: 5\n", "test.yaml:1:8: section 'watch' must hold settings" },
    { "- watch\n", "test.yaml:1:1: expected sections" },
    { "just text\n", "test.yaml:1:1: expected sections" },
    { "watch:\n\tpoll_ms: 100\n", "test.yaml:2:1: found character that cannot start any token" },
    { "watch:\n  poll_ms: 100\n poll_ms: 1\n", "test.yaml:3:" },
    { "ui:\n  language: \"ja\n", "test.yaml:3:1: found unexpected end of stream" },
    { "watch:\n  poll_ms: &p 100\n", "test.yaml:2:12: anchors (&name) are not supported" },
    { "watch: &w\n  poll_ms: 100\nui: *w\n", "test.yaml:1:8: anchors" },
    { "watch:\n  poll_ms: !!int 100\n", "test.yaml:2:12: tags (!name) are not supported" },
    { "watch: {}\n---\nui: {}\n", "test.yaml:2:1: only one YAML document is allowed" },
    { "watch:\n  poll_ms: 100\n\x01\n", "test.yaml:3:1: control characters are not allowed" },
    { "ui:\n  language: \"\xE3\x81\x82\xFF\"\n", "test.yaml:2:15: invalid" },
    { "? [a]\n: 1\n", "test.yaml:1:3: a section's name must be a plain word" },
};

static void errors_give_place_and_leave_config_untouched(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        const BadCase *c = &BAD[i];
        Config cfg, want;
        char err[256];
        config_default(&cfg);
        config_default(&want);
        if (load(c->yaml, &cfg, err, sizeof err) != -1)
            fail_msg("case %zu was accepted: [%s]", i, c->yaml);
        if (strncmp(err, c->message, strlen(c->message)) != 0)
            fail_msg("case %zu: got [%s], want [%s...]", i, err, c->message);
        assert_config_equal(&cfg, &want);
    }
}

/* The good first line is read before the bad one: it must not be kept. */
static void error_late_in_file_discards_earlier_settings(void **state)
{
    (void)state;
    Config cfg, want;
    char err[256];
    config_unusual(&cfg);
    config_unusual(&want);
    assert_int_equal(load("watch:\n  poll_ms: 100\nui:\n  language: ja\nscoring:\n"
                          "  alert_threshold: 70\n  typo: 1\n",
                          &cfg, err, sizeof err),
                     -1);
    assert_string_equal(err, "test.yaml:7:3: unknown setting 'typo' in section 'scoring'");
    assert_config_equal(&cfg, &want);
}

static void long_or_odd_key_is_quoted_safely(void **state)
{
    (void)state;
    Config cfg;
    char err[256];
    config_default(&cfg);
    assert_int_equal(load("\"a\\tb\\nc\": 1\n", &cfg, err, sizeof err), -1);
    assert_string_equal(err, "test.yaml:1:1: unknown section 'a?b?c' (the sections are watch, "
                             "response, ui and scoring)");
    /* 20 three-byte characters: cut to whole characters, then "...". */
    assert_int_equal(load("ああああああああああああああああああああ: 1\n", &cfg, err, sizeof err), -1);
    assert_non_null(strstr(err, "'ああああああああああああああ...'"));
}

static void tab_indent_error_says_to_use_spaces(void **state)
{
    (void)state;
    Config cfg;
    char err[256];
    config_default(&cfg);
    assert_int_equal(load("watch:\n\tpoll_ms: 100\n", &cfg, err, sizeof err), -1);
    assert_non_null(strstr(err, "indent with spaces, not tabs"));
    /* Not said for other syntax errors. */
    assert_int_equal(load("ui:\n  language: \"ja\n", &cfg, err, sizeof err), -1);
    assert_null(strstr(err, "tabs"));
}

static void short_error_buffer_is_still_terminated(void **state)
{
    (void)state;
    Config cfg;
    char err[10];
    memset(err, 'X', sizeof err);
    config_default(&cfg);
    assert_int_equal(load("nope: 1\n", &cfg, err, sizeof err), -1);
    assert_string_equal(err, "test.yaml");
    assert_int_equal(load("nope: 1\n", &cfg, NULL, 0), -1);
}

static void missing_name_still_gives_a_place(void **state)
{
    (void)state;
    Config cfg;
    char err[256];
    config_default(&cfg);
    assert_int_equal(config_load_buffer("x: 1", 4, NULL, &cfg, err, sizeof err), -1);
    assert_true(strncmp(err, "config:1:1: ", 12) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_are_in_range_and_consistent),
        cmocka_unit_test(shipped_file_sets_every_setting_to_its_default),
        cmocka_unit_test(empty_or_comment_only_file_changes_nothing),
        cmocka_unit_test(valid_settings_are_applied),
        cmocka_unit_test(errors_give_place_and_leave_config_untouched),
        cmocka_unit_test(error_late_in_file_discards_earlier_settings),
        cmocka_unit_test(long_or_odd_key_is_quoted_safely),
        cmocka_unit_test(tab_indent_error_says_to_use_spaces),
        cmocka_unit_test(short_error_buffer_is_still_terminated),
        cmocka_unit_test(missing_name_still_gives_a_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
