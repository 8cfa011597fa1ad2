/*
 * config.c - omamori's settings: the defaults, and reading them from YAML.
 *
 * Job: read config/omamori.yaml (sections watch, response, ui, journal, scoring,
 * phone, remote_control, phrases) into a Config, or say exactly where and why it
 * cannot. The file is read with libyaml's event API against fixed tables: every
 * accepted mapping is listed in SECTIONS, every single value in SETTINGS, the phrase
 * lists are named by the lexicon's category codes, and the one list of file names is
 * remote_control.images (read_image_list). The defaults are the same file, built in
 * (default_config.h), read by the same code into an empty Config.
 *
 * Rules, chosen for a file a family member edits by hand, far from any help:
 *   - an unknown section or key is an error naming it: a typo must not be ignored;
 *   - a section or key given twice is an error (YAML forbids it; libyaml lets it by);
 *   - quoting does not change meaning ("500" and 500 are both 500); words such as
 *     off, auto, ja, en are compared without regard to ASCII case;
 *   - numbers are plain decimal integers; YAML 1.1's octal, hex and 1_000 are refused;
 *   - an empty file, or a section whose lines are all commented out, is fine: the
 *     settings not given keep the values *cfg already held;
 *   - a phrase list replaces the category's whole list; [] empties it; an empty
 *     value (all its lines commented out) is an error, since it could mean either;
 *   - phrases are folded as page text is (fold.h), keeping a space at either end;
 *   - anchors, aliases, tags and a second document are refused (yamlutil.c);
 *   - scoring.watch_threshold must stay below scoring.alert_threshold;
 *   - remote_control.images replaces the whole default list too ([] switches the
 *     warning off); each is a file name, not a path, with at most one '*' and that
 *     after the first three characters.
 * Messages are "name:line:column: message" with 1-based places from libyaml.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "default_config.h"
#include "fold.h"
#include "yamlutil.h"

#define DEFAULT_CONFIG_NAME "built-in config/omamori.yaml"
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

int config_default(Config *cfg)
{
    char err[256];
    memset(cfg, 0, sizeof *cfg);
    if (config_load_buffer(omamori_default_config, omamori_default_config_length,
                           DEFAULT_CONFIG_NAME, cfg, err, sizeof err) == 0)
        return 0;
    config_free(cfg); /* nothing to free after a failure, but state it plainly */
    return -1;
}

void config_free(Config *cfg)
{
    lexicon_free(cfg->rules.lexicon);
    memset(cfg, 0, sizeof *cfg);
}

/* ---- the tables of settings ------------------------------------------------ */

typedef enum { SETTING_INT, SETTING_INT_OR_OFF, SETTING_LANGUAGE, SETTING_BOOL } SettingKind;

typedef struct Setting {
    const char *section; /* a SECTIONS path */
    const char *key;
    SettingKind kind;
    int min, max;  /* inclusive range of the number */
    size_t offset; /* of the member in Config */
} Setting;

#define RULE(member) offsetof(Config, rules.member)
#define WEIGHT(key, trait) \
    { "scoring.weights", key, SETTING_INT, -WEIGHT_MAX, WEIGHT_MAX, RULE(weight[trait]) }
/* A phrase class is a trait twice: said anywhere, and said in the window title. */
#define WORDING(key, category) WEIGHT(key, TRAIT_SAID + (category)), \
    WEIGHT("title." key, TRAIT_TITLE + (category))
#define PHONE(key, phone_class) WEIGHT("phone." key, TRAIT_PHONE + (phone_class))
#define WEIGHT_MAX 200
#define TERM_WEIGHT_MAX 2000

static const Setting SETTINGS[] = {
    { "watch", "poll_ms", SETTING_INT, 50, 60000, offsetof(Config, poll_ms) },
    { "response", "auto_end_seconds", SETTING_INT_OR_OFF, 0, 3600,
      offsetof(Config, auto_end_seconds) },
    { "response", "close_timeout_ms", SETTING_INT, 100, 60000,
      offsetof(Config, close_timeout_ms) },
    { "ui", "language", SETTING_LANGUAGE, 0, 0, offsetof(Config, language) },
    { "journal", "redact_titles", SETTING_BOOL, 0, 0, offsetof(Config, journal_redact_titles) },
    { "scoring", "alert_threshold", SETTING_INT, 1, 100, RULE(alert_threshold) },
    { "scoring", "watch_threshold", SETTING_INT, 1, 100, RULE(watch_threshold) },
    { "scoring", "base", SETTING_INT, -WEIGHT_MAX, WEIGHT_MAX, RULE(base) },
    /* Named by their trait codes (traits.c), as the reasons show them. */
    WORDING("brand", LEX_BRAND),
    WORDING("alarm.securityui", LEX_SECURITY_UI),
    WORDING("alarm.infection", LEX_INFECTION),
    WORDING("alarm.lock", LEX_LOCK),
    WORDING("alarm.call", LEX_CALL),
    WORDING("alarm.dontclose", LEX_DONT_CLOSE),
    WORDING("alarm.errorcode", LEX_ERROR_CODE),
    WORDING("alarm.license", LEX_LICENSE),
    WORDING("alarm.warning", LEX_WARNING),
    WORDING("support", LEX_SUPPORT),
    WORDING("alarm.scan", LEX_SCAN),
    WORDING("about.scam", LEX_ABOUT_SCAM),
    WORDING("device.yours", LEX_YOUR_DEVICE),
    WORDING("alarm.claim", LEX_CLAIM),
    /* Named by phone_class_name() (phone.h). */
    PHONE("jp_tollfree", PHONE_JP_TOLLFREE),
    PHONE("jp_ip", PHONE_JP_IP),
    PHONE("jp_navidial", PHONE_JP_NAVIDIAL),
    PHONE("us_tollfree", PHONE_US_TOLLFREE),
    PHONE("uk_tollfree", PHONE_UK_TOLLFREE),
    PHONE("au_tollfree", PHONE_AU_TOLLFREE),
    PHONE("other", PHONE_OTHER),
    WEIGHT("phone.in_title", TRAIT_PHONE_IN_TITLE),
    WEIGHT("phone.in_url", TRAIT_PHONE_IN_URL),
    WEIGHT("alarm.many", TRAIT_ALARM_MANY),
    WEIGHT("about.quoted", TRAIT_QUOTED),
    WEIGHT("title.code", TRAIT_TITLE_CODE),
    WEIGHT("text.none", TRAIT_TEXT_NONE),
    WEIGHT("window.fullscreen", TRAIT_FULLSCREEN),
    WEIGHT("window.topmost", TRAIT_TOPMOST),
    WEIGHT("cursor.hidden", TRAIT_CURSOR_HIDDEN),
    WEIGHT("window.locked", TRAIT_LOCKED),
    WEIGHT("audio.loud", TRAIT_AUDIO_LOUD),
    WEIGHT("audio.loop", TRAIT_AUDIO_LOOP),
    WEIGHT("audio.alarm_screen", TRAIT_ALARM_SCREEN),
    WEIGHT("audio.message_loop", TRAIT_AUDIO_MESSAGE_LOOP),
    WEIGHT("screen.mslogo", TRAIT_SCREEN_LOGO),
    WEIGHT("screen.mslogo_many", TRAIT_SCREEN_LOGOS),
    WEIGHT("screen.taskbar", TRAIT_SCREEN_TASKBAR),
    WEIGHT("screen.dialog", TRAIT_SCREEN_DIALOG),
    WEIGHT("screen.bluefield", TRAIT_SCREEN_BLUE),
    WEIGHT("screen.kit_look", TRAIT_SCREEN_KIT_LOOK),
    { "remote_control", "window_minutes", SETTING_INT, 0, 1440,
      offsetof(Config, remote_control.window_minutes) },
};
#define SETTING_COUNT (sizeof SETTINGS / sizeof SETTINGS[0])

/* Every mapping of the file, by its path; a dot nests ("scoring.weights" is the
 * key weights inside scoring). The top level holds those without a dot. */
static const char *const SECTIONS[] = {
    "watch", "response", "ui", "journal", "scoring", "scoring.weights", "remote_control",
    "phrases",
};
#define SECTION_COUNT (sizeof SECTIONS / sizeof SECTIONS[0])
#define SECTION_PHRASES (SECTION_COUNT - 1) /* holds lists, not settings */
#define TOP_SECTIONS "watch, response, ui, journal, scoring, remote_control and phrases"

static const char *const LANGUAGES[] = { "auto", "ja", "en" };

/* ---- the reader ------------------------------------------------------------ */

/* A category's phrases as read, folded; given is false when the file has no such list. */
typedef struct PhraseList {
    bool given;
    char **phrases; /* each owned */
    size_t count;
    size_t capacity;
} PhraseList;

typedef struct CfgReader {
    yaml_parser_t parser;
    yaml_event_t event; /* the current event; owned while has_event */
    bool has_event;
    const char *input;
    size_t length;
    const char *name;
    char *err;
    size_t errlen;
    Config *cfg;                      /* the copy being filled */
    bool seen_sections[SECTION_COUNT];
    bool seen_settings[SETTING_COUNT];
    yaml_mark_t marks[SETTING_COUNT]; /* where each setting's value was */
    PhraseList lists[LEX_CATEGORY_COUNT]; /* the lists given, folded; owned */
    bool images_given;                /* remote_control.images was read */
    bool terms_given;                 /* scoring.terms was read */
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
    if (s->kind == SETTING_BOOL) {
        if (whole && (ascii_equal_nocase(text, "true") || ascii_equal_nocase(text, "false"))) {
            *(bool *)(void *)member = ascii_equal_nocase(text, "true");
            return 0;
        }
        snprintf(message, sizeof message, "%s.%s must be true or false", s->section, s->key);
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

static int out_of_memory(CfgReader *r)
{
    snprintf(r->err, r->errlen, "%s: out of memory", r->name);
    return -1;
}

/* Whether the current scalar is exactly word (a value holding a NUL is not). */
static bool scalar_is(const CfgReader *r, const char *word)
{
    return strlen(word) == r->event.data.scalar.length && strcmp(word, scalar_text(r)) == 0;
}

/* The section at SECTIONS[parent] + "." + the current key, or SECTION_COUNT. */
static size_t subsection_index(const CfgReader *r, size_t parent)
{
    size_t n = strlen(SECTIONS[parent]);
    for (size_t i = 0; i < SECTION_COUNT; i++)
        if (strncmp(SECTIONS[i], SECTIONS[parent], n) == 0 && SECTIONS[i][n] == '.'
            && scalar_is(r, SECTIONS[i] + n + 1))
            return i;
    return SECTION_COUNT;
}

/* Notes that a section was given; the second time is an error at mark. */
static int section_seen(CfgReader *r, size_t section, yaml_mark_t mark)
{
    char message[96];
    if (r->seen_sections[section]) {
        snprintf(message, sizeof message, "section '%s' is given twice", SECTIONS[section]);
        return error_at(r, mark, message);
    }
    r->seen_sections[section] = true;
    return 0;
}

static int read_section(CfgReader *r, size_t section);

/* What the three checks every remote_control.images text passes say when it fails. */
typedef struct TextProblems {
    const char *nul, *empty, *too_long;
} TextProblems;

/* Why the current scalar cannot be kept in a CONFIG_IMAGE_NAME_SIZE field, or NULL. */
static const char *text_size_problem(const CfgReader *r, const TextProblems *say)
{
    size_t length = r->event.data.scalar.length;
    if (strlen(scalar_text(r)) != length)
        return say->nul;
    if (length == 0)
        return say->empty;
    if (length >= CONFIG_IMAGE_NAME_SIZE)
        return say->too_long;
    return NULL;
}

/* Why the current scalar is not a usable remote_control.images file name, or NULL.
   Names are compared with the file name of a running program, so a path could never
   match. */
static const char *image_name_problem(const CfgReader *r)
{
    static const TextProblems say = {"a name must not hold a NUL character",
                                     "a name must not be empty", "a name is too long"};
    const char *text = scalar_text(r);
    const char *problem = text_size_problem(r, &say);
    if (problem != NULL)
        return problem;
    if (strpbrk(text, "\\/:") != NULL)
        return "give the program's file name (anydesk.exe), not a path";
    /* "*.exe" would flag every program the person starts. */
    const char *star = strchr(text, '*');
    if (star != NULL && (strchr(star + 1, '*') != NULL || star - text < 3))
        return "a name may hold one '*', after its first three characters";
    return NULL;
}

/* Why the current scalar is not a usable product name (what the warning calls the
   program: "AnyDesk"), or NULL. */
static const char *product_name_problem(const CfgReader *r)
{
    static const TextProblems say = {"a product name must not hold a NUL character",
                                     "a product name must not be empty",
                                     "a product name is too long"};
    const char *problem = text_size_problem(r, &say);
    if (problem != NULL)
        return problem;
    for (const char *p = scalar_text(r); *p != '\0'; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return "a product name must not hold a control character";
    }
    return NULL;
}

/* Reads one entry of remote_control.images into slot (rc->image_count): a file name,
   or a mapping {file: NAME, name: PRODUCT}. The reader is on the entry's first event.
   Returns NULL; or why the entry is refused, with *where the place to name; or "" when
   the YAML itself was broken (reader_next has written that message already). */
static const char *read_image_entry(CfgReader *r, RemoteControlConfig *rc, size_t slot,
                                    yaml_mark_t *where)
{
    *where = r->event.start_mark;
    rc->image_names[slot][0] = '\0';
    if (r->event.type == YAML_SCALAR_EVENT) {
        const char *problem = image_name_problem(r);
        if (problem == NULL)
            memcpy(rc->images[slot], scalar_text(r), r->event.data.scalar.length + 1);
        return problem;
    }
    if (r->event.type != YAML_MAPPING_START_EVENT)
        return "each entry must be a file name or {file: NAME, name: PRODUCT}, not a list";
    bool has_file = false, has_name = false;
    for (;;) {
        if (reader_next(r) < 0)
            return "";
        *where = r->event.start_mark;
        if (r->event.type == YAML_MAPPING_END_EVENT)
            return has_file ? NULL : "an entry given as a mapping needs its 'file'";
        if (r->event.type != YAML_SCALAR_EVENT)
            return "an entry's keys are 'file' and 'name'";
        bool is_file = strcmp(scalar_text(r), "file") == 0;
        bool is_name = strcmp(scalar_text(r), "name") == 0;
        if (!is_file && !is_name)
            return "an entry's keys are 'file' and 'name'";
        if ((is_file && has_file) || (is_name && has_name))
            return "an entry gives the same key twice";
        if (reader_next(r) < 0)
            return "";
        *where = r->event.start_mark;
        if (r->event.type != YAML_SCALAR_EVENT)
            return "'file' and 'name' must each be a single text";
        const char *problem = is_file ? image_name_problem(r) : product_name_problem(r);
        if (problem != NULL)
            return problem;
        char *to = is_file ? rc->images[slot] : rc->image_names[slot];
        memcpy(to, scalar_text(r), r->event.data.scalar.length + 1);
        has_file = has_file || is_file;
        has_name = has_name || is_name;
    }
}

/* Reads the value of remote_control.images, replacing the whole list; the reader is on
   the value. Written straight into the copy: a refused file discards the copy. */
static int read_image_list(CfgReader *r, yaml_mark_t key_mark)
{
    char message[160];
    RemoteControlConfig *rc = &r->cfg->remote_control;
    if (r->images_given)
        return error_at(r, key_mark, "remote_control.images is given twice");
    r->images_given = true;
    if (r->event.type != YAML_SEQUENCE_START_EVENT)
        return error_at(r, r->event.start_mark,
                        "remote_control.images must be a list of file names ([] for none)");
    rc->image_count = 0;
    for (;;) {
        if (reader_next(r) < 0)
            return -1;
        if (r->event.type == YAML_SEQUENCE_END_EVENT)
            return 0;
        if (rc->image_count == CONFIG_REMOTE_IMAGES_MAX) {
            return error_at(r, r->event.start_mark, "remote_control.images: too many names "
                            "(at most " STRINGIFY(CONFIG_REMOTE_IMAGES_MAX) ")");
        }
        yaml_mark_t where;
        const char *problem = read_image_entry(r, rc, rc->image_count, &where);
        if (problem != NULL && problem[0] == '\0')
            return -1; /* a YAML error, already said */
        if (problem != NULL) {
            snprintf(message, sizeof message, "remote_control.images: %s", problem);
            return error_at(r, where, message);
        }
        rc->image_count++;
    }
}

/* Reads the value of scoring.terms: exactly TERM_BUCKETS whole numbers, tenths of a
   point each (make train writes them). The reader is on the value. */
static int read_term_weights(CfgReader *r, yaml_mark_t key_mark)
{
    char message[160];
    if (r->terms_given)
        return error_at(r, key_mark, "scoring.terms is given twice");
    r->terms_given = true;
    if (r->event.type != YAML_SEQUENCE_START_EVENT)
        return error_at(r, r->event.start_mark,
                        "scoring.terms must be a list of " STRINGIFY(TERM_BUCKETS) " numbers");
    size_t count = 0;
    for (;;) {
        int value;
        if (reader_next(r) < 0)
            return -1;
        if (r->event.type == YAML_SEQUENCE_END_EVENT)
            break;
        bool ok = r->event.type == YAML_SCALAR_EVENT && strlen(scalar_text(r)) == r->event.data.scalar.length
                  && parse_int(scalar_text(r), &value) && value >= -TERM_WEIGHT_MAX
                  && value <= TERM_WEIGHT_MAX && count < TERM_BUCKETS;
        if (!ok) {
            snprintf(message, sizeof message,
                     "scoring.terms: item %lu must be a whole number from %d to %d, and there "
                     "are " STRINGIFY(TERM_BUCKETS) " items",
                     (unsigned long)count + 1, -TERM_WEIGHT_MAX, TERM_WEIGHT_MAX);
            return error_at(r, r->event.start_mark, message);
        }
        r->cfg->rules.term_weight[count++] = (int16_t)value;
    }
    if (count != TERM_BUCKETS) {
        snprintf(message, sizeof message,
                 "scoring.terms has %lu numbers; it needs " STRINGIFY(TERM_BUCKETS),
                 (unsigned long)count);
        return error_at(r, r->event.start_mark, message);
    }
    return 0;
}

/* Reads one "key: value" of a section, or a section nested in it; the reader is on the key. */
static int read_setting(CfgReader *r, size_t section)
{
    char key[48], message[160];
    size_t index = SETTING_COUNT;
    yaml_mark_t key_mark = r->event.start_mark;

    if (r->event.type != YAML_SCALAR_EVENT)
        return error_at(r, key_mark, "a setting's name must be a plain word");
    for (size_t i = 0; i < SETTING_COUNT; i++)
        if (strcmp(SETTINGS[i].section, SECTIONS[section]) == 0 && scalar_is(r, SETTINGS[i].key))
            index = i;
    if (index == SETTING_COUNT && strcmp(SECTIONS[section], "remote_control") == 0
        && scalar_is(r, "images")) {
        if (reader_next(r) < 0)
            return -1;
        return read_image_list(r, key_mark);
    }
    if (index == SETTING_COUNT && strcmp(SECTIONS[section], "scoring") == 0
        && scalar_is(r, "terms")) {
        if (reader_next(r) < 0)
            return -1;
        return read_term_weights(r, key_mark);
    }
    if (index == SETTING_COUNT) {
        size_t sub = subsection_index(r, section);
        if (sub != SECTION_COUNT) {
            if (section_seen(r, sub, key_mark) < 0 || reader_next(r) < 0)
                return -1;
            return read_section(r, sub);
        }
        key_for_message(r, key, sizeof key);
        snprintf(message, sizeof message, "unknown setting '%s' in section '%s'", key,
                 SECTIONS[section]);
        return error_at(r, key_mark, message);
    }
    key_for_message(r, key, sizeof key);
    if (r->seen_settings[index]) {
        snprintf(message, sizeof message, "%s.%s is given twice", SECTIONS[section], key);
        return error_at(r, key_mark, message);
    }
    r->seen_settings[index] = true;
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

/*
 * Folds a phrase as page text is folded (fold.h), but keeps a space at either end:
 * folding trims a text's ends, and "dial " must not match "dialog". So the phrase
 * is folded between two guard letters, which fold to themselves, then they are cut
 * off. Returns a heap string (caller frees) and its length, or NULL out of memory.
 */
static char *fold_phrase(const char *text, size_t length, size_t *folded_length)
{
    char *guarded = malloc(length + 2);
    if (guarded == NULL)
        return NULL;
    guarded[0] = 'x';
    memcpy(guarded + 1, text, length);
    guarded[length + 1] = 'x';
    size_t n = 0;
    char *folded = fold_text_alloc(guarded, length + 2, &n);
    free(guarded);
    if (folded == NULL)
        return NULL;
    memmove(folded, folded + 1, n - 2);
    folded[n - 2] = '\0';
    *folded_length = n - 2;
    return folded;
}

/* Adds the current scalar, folded, to a category's list; or says what is wrong with it. */
static int add_phrase(CfgReader *r, PhraseList *list, const char *list_name)
{
    char message[160];
    const char *problem = NULL;
    if (r->event.type != YAML_SCALAR_EVENT)
        problem = "each phrase must be a single text, not a list or mapping";
    else if (strlen(scalar_text(r)) != r->event.data.scalar.length)
        problem = "a phrase must not hold a NUL character";
    if (problem != NULL) {
        snprintf(message, sizeof message, "phrases.%s: %s", list_name, problem);
        return error_at(r, r->event.start_mark, message);
    }

    size_t length = 0;
    char *folded = fold_phrase(scalar_text(r), r->event.data.scalar.length, &length);
    if (folded == NULL)
        return out_of_memory(r);
    if (strspn(folded, " ") == length) /* a lone space would match between every word */
        snprintf(message, sizeof message, "phrases.%s: a phrase must not be empty", list_name);
    else if (length > LEXICON_PHRASE_MAX)
        snprintf(message, sizeof message, "phrases.%s: a phrase must not be longer than %d bytes",
                 list_name, LEXICON_PHRASE_MAX);
    else
        message[0] = '\0';
    if (message[0] != '\0') {
        free(folded);
        return error_at(r, r->event.start_mark, message);
    }
    if (list->count == list->capacity) {
        size_t grown = list->capacity == 0 ? 16 : list->capacity * 2;
        char **phrases = realloc(list->phrases, grown * sizeof *phrases);
        if (phrases == NULL) {
            free(folded);
            return out_of_memory(r);
        }
        list->phrases = phrases;
        list->capacity = grown;
    }
    list->phrases[list->count++] = folded;
    return 0;
}

/* Reads "category: [phrases]" in section phrases; the reader is on the name. */
static int read_phrase_list(CfgReader *r)
{
    char key[48], message[160];
    yaml_mark_t key_mark = r->event.start_mark;
    int category = LEX_CATEGORY_COUNT;

    if (r->event.type != YAML_SCALAR_EVENT)
        return error_at(r, key_mark, "a phrase list's name must be a plain word");
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++)
        if (scalar_is(r, lexicon_category_code((LexCategory)c)))
            category = c;
    if (category == LEX_CATEGORY_COUNT) {
        key_for_message(r, key, sizeof key);
        snprintf(message, sizeof message, "unknown phrase list '%s' in section 'phrases'", key);
        return error_at(r, key_mark, message);
    }
    const char *list_name = lexicon_category_code((LexCategory)category);
    PhraseList *list = &r->lists[category];
    if (list->given) {
        snprintf(message, sizeof message, "phrases.%s is given twice", list_name);
        return error_at(r, key_mark, message);
    }
    list->given = true;
    if (reader_next(r) < 0)
        return -1;
    if (r->event.type != YAML_SEQUENCE_START_EVENT) {
        snprintf(message, sizeof message, "phrases.%s must be a list of phrases ([] for none)",
                 list_name);
        return error_at(r, r->event.start_mark, message);
    }
    for (;;) {
        if (reader_next(r) < 0)
            return -1;
        if (r->event.type == YAML_SEQUENCE_END_EVENT)
            return 0;
        if (add_phrase(r, list, list_name) < 0)
            return -1;
    }
}

/* Reads a section's value; the reader is on it. Empty (all lines commented out) is fine. */
static int read_section(CfgReader *r, size_t section)
{
    char message[96];
    if (r->event.type == YAML_SCALAR_EVENT && scalar_is_null(r))
        return 0;
    if (r->event.type != YAML_MAPPING_START_EVENT) {
        snprintf(message, sizeof message, "section '%s' must hold %s", SECTIONS[section],
                 section == SECTION_PHRASES ? "phrase lists as 'name: [phrases]'"
                                            : "settings as 'name: value'");
        return error_at(r, r->event.start_mark, message);
    }
    for (;;) {
        if (reader_next(r) < 0)
            return -1;
        if (r->event.type == YAML_MAPPING_END_EVENT)
            return 0;
        int rc = section == SECTION_PHRASES ? read_phrase_list(r) : read_setting(r, section);
        if (rc < 0)
            return -1;
    }
}

/* Reads a top-level section name; the reader is on it, and moves to the section's value. */
static int read_section_name(CfgReader *r, size_t *section)
{
    char key[48], message[160];
    yaml_mark_t mark = r->event.start_mark;
    if (r->event.type != YAML_SCALAR_EVENT)
        return error_at(r, mark, "a section's name must be a plain word");
    for (size_t i = 0; i < SECTION_COUNT; i++) {
        if (strchr(SECTIONS[i], '.') != NULL || !scalar_is(r, SECTIONS[i]))
            continue;
        if (section_seen(r, i, mark) < 0)
            return -1;
        *section = i;
        return reader_next(r);
    }
    key_for_message(r, key, sizeof key);
    snprintf(message, sizeof message, "unknown section '%s' (the sections are " TOP_SECTIONS ")",
             key);
    return error_at(r, mark, message);
}

static int read_root(CfgReader *r)
{
    if (r->event.type == YAML_SCALAR_EVENT && scalar_is_null(r))
        return 0; /* a document with nothing in it */
    if (r->event.type != YAML_MAPPING_START_EVENT)
        return error_at(r, r->event.start_mark,
                        "expected sections (" TOP_SECTIONS ") at the top level");
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
    const ScoreRules *rules = &r->cfg->rules;
    char message[160];

    /* Only blame this file when it set one of the two. */
    if ((!r->seen_settings[watch] && !r->seen_settings[alert])
        || rules->watch_threshold < rules->alert_threshold)
        return 0;
    snprintf(message, sizeof message,
             "scoring.watch_threshold (%d) must be below scoring.alert_threshold (%d)",
             rules->watch_threshold, rules->alert_threshold);
    return error_at(r, r->marks[r->seen_settings[watch] ? watch : alert], message);
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

/*
 * When the file gave any phrase list, builds a new lexicon into the copy from those
 * lists and, for the other categories, the phrases of the current lexicon. It is the
 * last step, after every check, so a lexicon is never built for a file then refused.
 */
static int build_lexicon(CfgReader *r, const Lexicon *current)
{
    bool any = false;
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++)
        any = any || r->lists[c].given;
    if (!any)
        return 0; /* the copy keeps sharing the current lexicon */

    LexPhraseList lists[LEX_CATEGORY_COUNT];
    const char **kept[LEX_CATEGORY_COUNT] = { NULL };
    bool ok = true;
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++) {
        if (r->lists[c].given) {
            lists[c].phrases = (const char *const *)r->lists[c].phrases;
            lists[c].count = r->lists[c].count;
            continue;
        }
        size_t n = lexicon_phrase_count(current, (LexCategory)c);
        kept[c] = malloc((n > 0 ? n : 1) * sizeof *kept[c]);
        ok = ok && kept[c] != NULL;
        for (size_t i = 0; kept[c] != NULL && i < n; i++)
            kept[c][i] = lexicon_phrase(current, (LexCategory)c, i);
        lists[c].phrases = kept[c];
        lists[c].count = kept[c] != NULL ? n : 0;
    }
    /* The phrases were checked as they were read: only memory can fail here. */
    Lexicon *lex = ok ? lexicon_new(lists) : NULL;
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++)
        free(kept[c]);
    if (lex == NULL)
        return out_of_memory(r);
    r->cfg->rules.lexicon = lex;
    return 0;
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

    /* Filled in place of *cfg, which changes only on success. The one copy by
     * assignment: it shares cfg's lexicon until build_lexicon() makes its own. */
    Config copy = *cfg;
    CfgReader r = { .input = yaml, .length = length, .name = name != NULL ? name : "config",
                    .err = err, .errlen = errlen, .cfg = &copy };
    if (!yaml_parser_initialize(&r.parser))
        return out_of_memory(&r);
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)yaml, length);
    int rc = read_stream(&r);
    if (rc == 0)
        rc = build_lexicon(&r, cfg->rules.lexicon);
    if (r.has_event)
        yaml_event_delete(&r.event);
    yaml_parser_delete(&r.parser);
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++) {
        for (size_t i = 0; i < r.lists[c].count; i++)
            free(r.lists[c].phrases[i]);
        free(r.lists[c].phrases);
    }
    if (rc == 0) {
        if (copy.rules.lexicon != cfg->rules.lexicon)
            lexicon_free(cfg->rules.lexicon);
        *cfg = copy;
    }
    return rc;
}
