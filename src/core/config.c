/*
 * config.c - omamori's settings: the defaults, and reading them from YAML.
 *
 * Job: read config/omamori.yaml (sections watch, response, ui, scoring) into a Config,
 * or say exactly where and why it cannot. The file is read with libyaml's event API
 * against a fixed table of settings, so every accepted key is listed in SETTINGS.
 *
 * Rules, chosen for a file a family member edits by hand, far from any help:
 *   - an unknown section or key is an error naming it: a typo must not be ignored;
 *   - a section or key given twice is an error (YAML forbids it; libyaml lets it by);
 *   - quoting does not change meaning ("500" and 500 are both 500); words such as
 *     off, auto, ja, en are compared without regard to ASCII case;
 *   - numbers are plain decimal integers; YAML 1.1's octal, hex and 1_000 are refused;
 *   - an empty file, or a section whose lines are all commented out, is fine: the
 *     settings not given keep the values *cfg already held;
 *   - anchors, aliases, tags and a second document are refused (yamlutil.c);
 *   - scoring.watch_threshold must stay below scoring.alert_threshold.
 * Messages are "name:line:column: message" with 1-based places from libyaml.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "yamlutil.h"

#define CONFIG_POLL_MS_DEFAULT 1000
#define CONFIG_CLOSE_TIMEOUT_MS_DEFAULT 3000

void config_default(Config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->poll_ms = CONFIG_POLL_MS_DEFAULT;
    cfg->auto_end_seconds = CONFIG_AUTO_END_OFF;
    cfg->close_timeout_ms = CONFIG_CLOSE_TIMEOUT_MS_DEFAULT;
    snprintf(cfg->language, sizeof cfg->language, "auto");
    score_rules_default(&cfg->rules);
}

/* ---- the table of settings ------------------------------------------------- */

typedef enum { SETTING_INT, SETTING_INT_OR_OFF, SETTING_LANGUAGE } SettingKind;

typedef struct Setting {
    const char *section;
    const char *key;
    SettingKind kind;
    int min, max;  /* inclusive range of the number */
    size_t offset; /* of the member in Config */
} Setting;

static const Setting SETTINGS[] = {
    { "watch", "poll_ms", SETTING_INT, 50, 60000, offsetof(Config, poll_ms) },
    { "response", "auto_end_seconds", SETTING_INT_OR_OFF, 0, 3600,
      offsetof(Config, auto_end_seconds) },
    { "response", "close_timeout_ms", SETTING_INT, 100, 60000,
      offsetof(Config, close_timeout_ms) },
    { "ui", "language", SETTING_LANGUAGE, 0, 0, offsetof(Config, language) },
    { "scoring", "alert_threshold", SETTING_INT, 1, 100,
      offsetof(Config, rules.alert_threshold) },
    { "scoring", "watch_threshold", SETTING_INT, 1, 100,
      offsetof(Config, rules.watch_threshold) },
};
#define SETTING_COUNT (sizeof SETTINGS / sizeof SETTINGS[0])

static const char *const SECTIONS[] = { "watch", "response", "ui", "scoring" };
#define SECTION_COUNT (sizeof SECTIONS / sizeof SECTIONS[0])

static const char *const LANGUAGES[] = { "auto", "ja", "en" };

/* ---- the reader ------------------------------------------------------------ */

typedef struct CfgReader {
    yaml_parser_t parser;
    yaml_event_t event; /* the current event; owned while has_event */
    bool has_event;
    const char *input;
    size_t length;
    const char *name;
    char *err;
    size_t errlen;
    Config *cfg;                   /* the copy being filled */
    unsigned seen_sections;        /* bit per SECTIONS entry */
    unsigned seen_settings;        /* bit per SETTINGS entry */
    yaml_mark_t marks[SETTING_COUNT]; /* where each setting's value was */
} CfgReader;

/* "name:line:column: message" at a libyaml mark. */
static int error_at(CfgReader *r, yaml_mark_t mark, const char *message)
{
    snprintf(r->err, r->errlen, "%s:%lu:%lu: %s", r->name, (unsigned long)mark.line + 1,
             (unsigned long)mark.column + 1, message);
    return -1;
}

/* The byte at a 1-based line and column (columns count characters), or NUL past the end. */
static char byte_at_place(const char *input, size_t length, size_t line, size_t column)
{
    size_t i = 0;
    for (size_t l = 1; l < line && i < length; i++)
        if (input[i] == '\n')
            l++;
    for (size_t c = 1; i < length && input[i] != '\n'; i++) {
        if (((unsigned char)input[i] & 0xC0) == 0x80)
            continue; /* inside a character */
        if (c++ == column)
            return input[i];
    }
    return '\0';
}

static int syntax_error(CfgReader *r)
{
    size_t line = 1, column = 1;
    char message[256];
    if (r->parser.error == YAML_MEMORY_ERROR) {
        snprintf(r->err, r->errlen, "%s: out of memory", r->name);
        return -1;
    }
    yamlutil_problem_place(&r->parser, r->input, r->length, &line, &column);
    const char *context = r->parser.context;
    snprintf(message, sizeof message, "%s%s%s%s",
             r->parser.problem != NULL ? r->parser.problem : "unknown YAML problem",
             context != NULL ? " (" : "", context != NULL ? context : "",
             context != NULL ? ")" : "");
    /* The commonest slip in a hand-edited file gets words libyaml does not give it. */
    bool tab = byte_at_place(r->input, r->length, line, column) == '\t';
    snprintf(r->err, r->errlen, "%s:%lu:%lu: %s%s", r->name, (unsigned long)line,
             (unsigned long)column, message, tab ? "; indent with spaces, not tabs" : "");
    return -1;
}

static int reader_next(CfgReader *r)
{
    if (r->has_event) {
        yaml_event_delete(&r->event);
        r->has_event = false;
    }
    if (!yaml_parser_parse(&r->parser, &r->event))
        return syntax_error(r);
    r->has_event = true;
    const char *unsupported = yamlutil_unsupported(&r->event);
    if (unsupported != NULL)
        return error_at(r, r->event.start_mark, unsupported);
    return 0;
}

/* The current scalar's text. */
static const char *scalar_text(const CfgReader *r)
{
    return (const char *)r->event.data.scalar.value;
}

/* A plain empty scalar, ~ or null: what YAML writes for "nothing here". */
static bool scalar_is_null(const CfgReader *r)
{
    const char *s = scalar_text(r);
    return r->event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE
        && (s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0);
}

/* The current key, fit to quote in a message: control bytes become '?', long keys end in "...". */
static void key_for_message(const CfgReader *r, char *out, size_t outlen)
{
    const unsigned char *s = r->event.data.scalar.value;
    size_t length = r->event.data.scalar.length;
    size_t room = outlen - 4; /* for "..." and the NUL */
    size_t o = 0;
    for (size_t i = 0; i < length; i++) {
        if (o >= room) {
            if ((s[i] & 0xC0) == 0x80) { /* cut inside a character: drop its start too */
                while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
                    o--;
                if (o > 0)
                    o--;
            }
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        out[o++] = s[i] < 0x20 || s[i] == 0x7F ? '?' : (char)s[i];
    }
    out[o] = '\0';
}

static bool ascii_equal_nocase(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* A plain decimal integer, optionally negative; false for anything else. */
static bool parse_int(const char *s, int *out)
{
    bool negative = *s == '-';
    long value = 0;
    if (negative)
        s++;
    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9')
            return false;
        if (value < 100000000L) /* past every range: stop growing, stay out of range */
            value = value * 10 + (*s - '0');
    }
    *out = (int)(negative ? -value : value);
    return true;
}

/* Stores the current scalar into the setting, or says what it should have been. */
static int apply_setting(CfgReader *r, size_t index)
{
    const Setting *s = &SETTINGS[index];
    char *member = (char *)r->cfg + s->offset;
    char message[160];
    const char *text = scalar_text(r);
    /* A value holding a NUL ("\0" in double quotes) matches nothing. */
    bool whole = strlen(text) == r->event.data.scalar.length;
    int value;

    if (s->kind == SETTING_LANGUAGE) {
        for (size_t i = 0; i < sizeof LANGUAGES / sizeof LANGUAGES[0]; i++) {
            if (whole && ascii_equal_nocase(text, LANGUAGES[i])) {
                snprintf(member, sizeof r->cfg->language, "%s", LANGUAGES[i]);
                return 0;
            }
        }
        snprintf(message, sizeof message, "%s.%s must be auto, ja or en", s->section, s->key);
        return error_at(r, r->event.start_mark, message);
    }
    if (s->kind == SETTING_INT_OR_OFF && whole && ascii_equal_nocase(text, "off")) {
        *(int *)(void *)member = CONFIG_AUTO_END_OFF;
        return 0;
    }
    if (whole && parse_int(text, &value) && value >= s->min
        && value <= s->max) {
        *(int *)(void *)member = value;
        return 0;
    }
    snprintf(message, sizeof message, "%s.%s must be %sa whole number from %d to %d",
             s->section, s->key, s->kind == SETTING_INT_OR_OFF ? "off or " : "", s->min,
             s->max);
    return error_at(r, r->event.start_mark, message);
}

/* Reads one "key: value" of a section; the reader is on the key. */
static int read_setting(CfgReader *r, size_t section)
{
    char key[48], message[160];
    size_t index = SETTING_COUNT;
    yaml_mark_t key_mark = r->event.start_mark;

    if (r->event.type != YAML_SCALAR_EVENT)
        return error_at(r, key_mark, "a setting's name must be a plain word");
    for (size_t i = 0; i < SETTING_COUNT; i++)
        if (strcmp(SETTINGS[i].section, SECTIONS[section]) == 0
            && strlen(SETTINGS[i].key) == r->event.data.scalar.length
            && strcmp(SETTINGS[i].key, scalar_text(r)) == 0)
            index = i;
    key_for_message(r, key, sizeof key);
    if (index == SETTING_COUNT) {
        snprintf(message, sizeof message, "unknown setting '%s' in section '%s'", key,
                 SECTIONS[section]);
        return error_at(r, key_mark, message);
    }
    if (r->seen_settings & (1u << index)) {
        snprintf(message, sizeof message, "%s.%s is given twice", SECTIONS[section], key);
        return error_at(r, key_mark, message);
    }
    r->seen_settings |= 1u << index;
    if (reader_next(r) < 0)
        return -1;
    r->marks[index] = r->event.start_mark;
    if (r->event.type != YAML_SCALAR_EVENT) {
        snprintf(message, sizeof message, "%s.%s must be a single value, not a list or mapping",
                 SECTIONS[section], key);
        return error_at(r, r->event.start_mark, message);
    }
    return apply_setting(r, index);
}

/* Reads a section's value; the reader is on it. Empty (all lines commented out) is fine. */
static int read_section(CfgReader *r, size_t section)
{
    char message[96];
    if (r->event.type == YAML_SCALAR_EVENT && scalar_is_null(r))
        return 0;
    if (r->event.type != YAML_MAPPING_START_EVENT) {
        snprintf(message, sizeof message, "section '%s' must hold settings as 'name: value'",
                 SECTIONS[section]);
        return error_at(r, r->event.start_mark, message);
    }
    for (;;) {
        if (reader_next(r) < 0)
            return -1;
        if (r->event.type == YAML_MAPPING_END_EVENT)
            return 0;
        if (read_setting(r, section) < 0)
            return -1;
    }
}

/* Reads a section name; the reader is on it, and moves to the section's value. */
static int read_section_name(CfgReader *r, size_t *section)
{
    char key[48], message[160];
    yaml_mark_t mark = r->event.start_mark;
    if (r->event.type != YAML_SCALAR_EVENT)
        return error_at(r, mark, "a section's name must be a plain word");
    key_for_message(r, key, sizeof key);
    for (size_t i = 0; i < SECTION_COUNT; i++) {
        if (strlen(SECTIONS[i]) != r->event.data.scalar.length
            || strcmp(SECTIONS[i], scalar_text(r)) != 0)
            continue;
        if (r->seen_sections & (1u << i)) {
            snprintf(message, sizeof message, "section '%s' is given twice", key);
            return error_at(r, mark, message);
        }
        r->seen_sections |= 1u << i;
        *section = i;
        return reader_next(r);
    }
    snprintf(message, sizeof message,
             "unknown section '%s' (the sections are watch, response, ui and scoring)", key);
    return error_at(r, mark, message);
}

static int read_root(CfgReader *r)
{
    if (r->event.type == YAML_SCALAR_EVENT && scalar_is_null(r))
        return 0; /* a document with nothing in it */
    if (r->event.type != YAML_MAPPING_START_EVENT)
        return error_at(r, r->event.start_mark,
                        "expected sections (watch:, response:, ui:, scoring:) at the top level");
    for (;;) {
        size_t section;
        if (reader_next(r) < 0)
            return -1;
        if (r->event.type == YAML_MAPPING_END_EVENT)
            return 0;
        if (read_section_name(r, &section) < 0 || read_section(r, section) < 0)
            return -1;
    }
}

/* Index of a setting in SETTINGS; the table is fixed, so a miss is a bug. */
static size_t setting_index(const char *section, const char *key)
{
    size_t i = 0;
    while (i < SETTING_COUNT
           && (strcmp(SETTINGS[i].section, section) != 0 || strcmp(SETTINGS[i].key, key) != 0))
        i++;
    return i;
}

/* Checks that hold between settings, once all are read. */
static int check_consistency(CfgReader *r)
{
    size_t watch = setting_index("scoring", "watch_threshold");
    size_t alert = setting_index("scoring", "alert_threshold");
    unsigned either = (1u << watch) | (1u << alert);
    const ScoreRules *rules = &r->cfg->rules;
    char message[160];

    /* Only blame this file when it set one of the two. */
    if ((r->seen_settings & either) == 0 || rules->watch_threshold < rules->alert_threshold)
        return 0;
    snprintf(message, sizeof message,
             "scoring.watch_threshold (%d) must be below scoring.alert_threshold (%d)",
             rules->watch_threshold, rules->alert_threshold);
    return error_at(r, r->marks[(r->seen_settings & (1u << watch)) ? watch : alert], message);
}

static int read_stream(CfgReader *r)
{
    if (reader_next(r) < 0 || reader_next(r) < 0) /* stream start, then what follows */
        return -1;
    if (r->event.type == YAML_STREAM_END_EVENT)
        return 0; /* an empty file, or only comments: keep everything */
    if (reader_next(r) < 0 || read_root(r) < 0)
        return -1;
    if (reader_next(r) < 0 || reader_next(r) < 0) /* document end, then stream end */
        return -1;
    if (r->event.type != YAML_STREAM_END_EVENT)
        return error_at(r, r->event.start_mark, "only one YAML document is allowed");
    return check_consistency(r);
}

int config_load_buffer(const char *yaml, size_t length, const char *name, Config *cfg,
                       char *err, size_t errlen)
{
    char scratch[1];
    if (err == NULL || errlen == 0) {
        err = scratch;
        errlen = sizeof scratch;
    }
    err[0] = '\0';

    Config copy = *cfg; /* filled in place of *cfg, which changes only on success */
    CfgReader r = { .input = yaml, .length = length, .name = name != NULL ? name : "config",
                    .err = err, .errlen = errlen, .cfg = &copy };
    if (!yaml_parser_initialize(&r.parser)) {
        snprintf(err, errlen, "%s: out of memory", r.name);
        return -1;
    }
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)yaml, length);
    int rc = read_stream(&r);
    if (r.has_event)
        yaml_event_delete(&r.event);
    yaml_parser_delete(&r.parser);
    if (rc == 0)
        *cfg = copy;
    return rc;
}
