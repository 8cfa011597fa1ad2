/* test_options.c - the daemon's command line: values, ranges, errors, precedence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "options.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void every_automation_option_is_parsed(void **state)
{
    (void)state;
    char *argv[] = {"omamori.exe", "--config", "c.yaml", "--journal", "j.jsonl", "--poll-ms",
                    "250", "--auto-end", "0", "--exit-after", "30", "--lang", "ja",
                    "--record", "r.jsonl", "--practice", "--history", "5"};
    DaemonOptions o;
    char err[128];
    assert_int_equal(options_parse(ARGC(argv), argv, &o, err, sizeof err), 0);
    assert_string_equal(o.config_path, "c.yaml");
    assert_string_equal(o.journal_path, "j.jsonl");
    assert_int_equal(o.poll_ms, 250);
    assert_int_equal(o.auto_end_seconds, 0);
    assert_int_equal(o.exit_after_seconds, 30);
    assert_string_equal(o.language, "ja");
    assert_string_equal(o.record_path, "r.jsonl");
    assert_true(o.practice);
    assert_int_equal(o.history_count, 5);
    assert_false(o.show_help);
}

static void absent_options_stay_unset(void **state)
{
    (void)state;
    char *argv[] = {"omamori.exe"};
    DaemonOptions o;
    char err[128];
    assert_int_equal(options_parse(ARGC(argv), argv, &o, err, sizeof err), 0);
    assert_null(o.config_path);
    assert_null(o.journal_path);
    assert_int_equal(o.poll_ms, OPTION_UNSET);
    assert_int_equal(o.auto_end_seconds, OPTION_UNSET);
    assert_int_equal(o.exit_after_seconds, OPTION_UNSET);
    assert_false(o.practice);
    assert_int_equal(o.history_count, OPTION_UNSET);
}

static void history_count_is_optional(void **state)
{
    (void)state;
    char *alone[] = {"omamori.exe", "--history"};
    char *before_option[] = {"omamori.exe", "--history", "--journal", "j.jsonl"};
    char *bad[] = {"omamori.exe", "--history", "0"};
    DaemonOptions o;
    char err[128] = "";
    assert_int_equal(options_parse(ARGC(alone), alone, &o, err, sizeof err), 0);
    assert_int_equal(o.history_count, OPTION_HISTORY_DEFAULT);
    assert_int_equal(options_parse(ARGC(before_option), before_option, &o, err, sizeof err), 0);
    assert_int_equal(o.history_count, OPTION_HISTORY_DEFAULT);
    assert_string_equal(o.journal_path, "j.jsonl");
    assert_int_equal(options_parse(ARGC(bad), bad, &o, err, sizeof err), -1);
    assert_non_null(strstr(err, "--history"));
}

typedef struct BadCase {
    const char *option;
    const char *value; /* NULL: the value is missing */
} BadCase;

static void bad_values_are_errors_that_name_the_option(void **state)
{
    (void)state;
    static const BadCase cases[] = {
        {"--poll-ms", "1s"},   {"--poll-ms", "10"},      {"--poll-ms", "60001"},
        {"--poll-ms", "-5"},   {"--poll-ms", ""},        {"--poll-ms", NULL},
        {"--auto-end", "3601"}, {"--auto-end", "soon"},  {"--exit-after", "0"},
        {"--lang", "fr"},      {"--config", NULL},       {"--journal", ""},
        {"--poll-ms", "99999999999999999999"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *argv[3] = {"omamori.exe", (char *)cases[i].option, (char *)cases[i].value};
        int argc = cases[i].value ? 3 : 2;
        DaemonOptions o;
        char err[128] = "";
        assert_int_equal(options_parse(argc, argv, &o, err, sizeof err), -1);
        assert_non_null(strstr(err, cases[i].option));
    }
}

static void unknown_option_is_an_error(void **state)
{
    (void)state;
    char *argv[] = {"omamori.exe", "--autoend", "5"};
    DaemonOptions o;
    char err[128] = "";
    assert_int_equal(options_parse(ARGC(argv), argv, &o, err, sizeof err), -1);
    assert_non_null(strstr(err, "--autoend"));
}

static void help_and_version_are_recognised(void **state)
{
    (void)state;
    char *argv[] = {"omamori.exe", "--help", "--version"};
    DaemonOptions o;
    char err[128];
    assert_int_equal(options_parse(ARGC(argv), argv, &o, err, sizeof err), 0);
    assert_true(o.show_help);
    assert_true(o.show_version);
    const char *help = options_help_text();
    static const char *const documented[] = {"--config", "--journal", "--poll-ms",
                                             "--auto-end", "--exit-after", "--lang",
                                             "--record", "--practice", "--history"};
    for (size_t i = 0; i < sizeof documented / sizeof documented[0]; i++)
        assert_non_null(strstr(help, documented[i]));
}

static void command_line_beats_configuration(void **state)
{
    (void)state;
    Config cfg;
    config_default(&cfg);
    cfg.poll_ms = 5000;
    cfg.auto_end_seconds = 30;
    char *argv[] = {"omamori.exe", "--poll-ms", "200", "--lang", "en"};
    DaemonOptions o;
    char err[128];
    assert_int_equal(options_parse(ARGC(argv), argv, &o, err, sizeof err), 0);
    options_apply(&o, &cfg);
    assert_int_equal(cfg.poll_ms, 200);
    assert_int_equal(cfg.auto_end_seconds, 30); /* not given: the configuration's value */
    assert_string_equal(cfg.language, "en");
    config_free(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_automation_option_is_parsed),
        cmocka_unit_test(absent_options_stay_unset),
        cmocka_unit_test(bad_values_are_errors_that_name_the_option),
        cmocka_unit_test(unknown_option_is_an_error),
        cmocka_unit_test(help_and_version_are_recognised),
        cmocka_unit_test(command_line_beats_configuration),
        cmocka_unit_test(history_count_is_optional),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
