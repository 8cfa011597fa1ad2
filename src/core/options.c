/*
 * options.c - parses the daemon's command line.
 *
 * Numbers are parsed strictly (digits only, within range): a typo such as
 * "--poll-ms 1s" must be an error the family member sees, not a silent zero.
 */
#include "options.h"

#include <stdio.h>
#include <string.h>

typedef struct IntOption {
    const char *name;
    int min, max;
    size_t offset; /* where the value goes in DaemonOptions */
} IntOption;

static const IntOption int_options[] = {
    {"--poll-ms", 50, 60000, offsetof(DaemonOptions, poll_ms)},
    {"--auto-end", 0, 3600, offsetof(DaemonOptions, auto_end_seconds)},
    {"--exit-after", 1, 86400, offsetof(DaemonOptions, exit_after_seconds)},
};

typedef struct TextOption {
    const char *name;
    size_t offset;
} TextOption;

static const TextOption text_options[] = {
    {"--config", offsetof(DaemonOptions, config_path)},
    {"--journal", offsetof(DaemonOptions, journal_path)},
    {"--record", offsetof(DaemonOptions, record_path)},
    {"--lang", offsetof(DaemonOptions, language)},
};

/* Parses a decimal integer in [min, max]; returns false for anything else. */
static bool parse_int_in_range(const char *text, int min, int max, int *out)
{
    long value = 0;
    if (*text == '\0')
        return false;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            return false;
        value = value * 10 + (*p - '0');
        if (value > max)
            return false;
    }
    if (value < min)
        return false;
    *out = (int)value;
    return true;
}

static bool is_language(const char *text)
{
    return strcmp(text, "ja") == 0 || strcmp(text, "en") == 0 || strcmp(text, "auto") == 0;
}

static int parse_one(int argc, char **argv, int *index, DaemonOptions *out, char *err,
                     size_t errlen)
{
    const char *arg = argv[*index];
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0 || strcmp(arg, "/?") == 0) {
        out->show_help = true;
        return 0;
    }
    if (strcmp(arg, "--version") == 0) {
        out->show_version = true;
        return 0;
    }
    if (strcmp(arg, "--practice") == 0) {
        out->practice = true;
        return 0;
    }
    if (strcmp(arg, "--history") == 0) {
        /* The count is optional: a next argument that is not a number is an option. */
        int count = OPTION_HISTORY_DEFAULT;
        if (*index + 1 < argc && argv[*index + 1][0] >= '0' && argv[*index + 1][0] <= '9') {
            const char *value = argv[++*index];
            if (!parse_int_in_range(value, 1, 10000, &count)) {
                snprintf(err, errlen, "--history: '%s' is not a whole number from 1 to 10000",
                         value);
                return -1;
            }
        }
        out->history_count = count;
        return 0;
    }
    for (size_t i = 0; i < sizeof int_options / sizeof int_options[0]; i++) {
        const IntOption *opt = &int_options[i];
        if (strcmp(arg, opt->name) != 0)
            continue;
        if (*index + 1 >= argc) {
            snprintf(err, errlen, "%s needs a number", opt->name);
            return -1;
        }
        const char *value = argv[++*index];
        int *slot = (int *)((char *)out + opt->offset);
        if (!parse_int_in_range(value, opt->min, opt->max, slot)) {
            snprintf(err, errlen, "%s: '%s' is not a whole number from %d to %d", opt->name,
                     value, opt->min, opt->max);
            return -1;
        }
        return 0;
    }
    for (size_t i = 0; i < sizeof text_options / sizeof text_options[0]; i++) {
        const TextOption *opt = &text_options[i];
        if (strcmp(arg, opt->name) != 0)
            continue;
        if (*index + 1 >= argc || argv[*index + 1][0] == '\0') {
            snprintf(err, errlen, "%s needs a value", opt->name);
            return -1;
        }
        const char *value = argv[++*index];
        if (strcmp(opt->name, "--lang") == 0 && !is_language(value)) {
            snprintf(err, errlen, "--lang: '%s' is not one of ja, en, auto", value);
            return -1;
        }
        *(const char **)((char *)out + opt->offset) = value;
        return 0;
    }
    snprintf(err, errlen, "unknown option '%s' (see --help)", arg);
    return -1;
}

int options_parse(int argc, char **argv, DaemonOptions *out, char *err, size_t errlen)
{
    DaemonOptions parsed = {
        .poll_ms = OPTION_UNSET,
        .auto_end_seconds = OPTION_UNSET,
        .exit_after_seconds = OPTION_UNSET,
        .history_count = OPTION_UNSET,
    };
    for (int i = 1; i < argc; i++) {
        if (parse_one(argc, argv, &i, &parsed, err, errlen) != 0)
            return -1;
    }
    *out = parsed;
    return 0;
}

void options_apply(const DaemonOptions *opts, Config *cfg)
{
    if (opts->poll_ms != OPTION_UNSET)
        cfg->poll_ms = opts->poll_ms;
    if (opts->auto_end_seconds != OPTION_UNSET)
        cfg->auto_end_seconds = opts->auto_end_seconds;
    if (opts->language != NULL)
        snprintf(cfg->language, sizeof cfg->language, "%s", opts->language);
}

const char *options_help_text(void)
{
    return "omamori - protects you from fake virus alerts in your web browser\n"
           "\n"
           "Usage: omamori.exe [options]\n"
           "  --config FILE        read settings from FILE (YAML); a broken file is\n"
           "                       reported and the defaults are used\n"
           "  --journal FILE       append the incident journal to FILE (JSON lines;\n"
           "                       default %LOCALAPPDATA%\\omamori\\journal.jsonl)\n"
           "  --poll-ms N          look at the browser windows every N ms (50-60000;\n"
           "                       default 1000)\n"
           "  --auto-end SECONDS   close a browser showing a fake alert by itself after\n"
           "                       SECONDS (0 = at once); without it, only on a click\n"
           "  --lang ja|en|auto    language of the alert window (default: auto)\n"
           "  --record FILE        write what is seen of each browser window to FILE, as\n"
           "                       JSON lines that omamori-score can replay\n"
           "  --practice           show a practice alert, to rehearse with the family\n"
           "                       (in the omamori already running, if there is one)\n"
           "  --exit-after SECONDS stop after SECONDS (for tests and demonstrations)\n"
           "  --history [N]        print the last N incidents (default 20) from the\n"
           "                       journal (--journal FILE, or the per-user one) and exit\n"
           "  --version            print the version and exit\n"
           "  --help               print this text and exit\n"
           "\n"
           "omamori - ブラウザーの偽のウイルス警告からあなたを守ります\n"
           "  --config ファイル     設定ファイル (YAML) を読みます\n"
           "  --journal ファイル    記録 (JSON Lines) の書き込み先\n"
           "  --poll-ms N          N ミリ秒ごとにブラウザーの画面を確認します\n"
           "  --auto-end 秒         偽警告のブラウザーを、指定した秒数の後に自動で閉じます\n"
           "  --lang ja|en|auto    警告画面の言語\n"
           "  --record ファイル     ブラウザーの画面の観察結果を記録します (調査用)\n"
           "  --practice           練習用の警告を表示します (家族との練習に)\n"
           "  --history [N]        最近 N 件の記録を表示します\n"
           "  --exit-after 秒       指定した秒数で終了します (テスト用)\n";
}
