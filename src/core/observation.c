/*
 * observation.c - an Observation, and reading one from a JSON object with libyaml.
 *
 * Job: turn one line of omamori-score's input into the same plain data the daemon
 * builds from Win32, with a one-line message when the line is unusable.
 *
 * Why libyaml: a JSON object is a YAML flow mapping, and the config already needs
 * libyaml, so there is one parser in the program. YAML is more permissive than JSON,
 * so the event stream is checked as it comes:
 *   - the line must hold exactly one object in braces ({...}); anything else, a block
 *     mapping, a second object or trailing text, is refused;
 *   - anchors, aliases and tags are refused (JSON has none);
 *   - values are typed the JSON way: a quoted scalar is a string; an unquoted one must
 *     be true, false, null (or nothing) or a number in JSON's grammar. Any other
 *     unquoted word is refused where a known field expects a value, so a number where
 *     "title" belongs is an error, not text: a caller sending the wrong type learns it.
 *   - "id" alone takes a string or a number, kept as the text written ("42", "1.5").
 *   - known fields may not repeat; unknown fields, of any shape, are skipped unread.
 * Tolerated because harmless, though not JSON: single quotes, unquoted keys, a comma
 * before the closing brace, YAML-only escapes such as \x41, and # comments.
 *
 * JSON writes characters above U+FFFF as a surrogate pair (\uD83D\uDE00), which
 * libyaml refuses; such pairs are rewritten to YAML's \U0001F600 before parsing.
 * Error columns after a rewritten pair are then two characters early per pair.
 * Strings holding U+0000 are refused: every consumer takes C strings.
 * The line length is not capped here; the tool caps it.
 */
#include "observation.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "ppm.h"
#include "yamlutil.h"

void observation_init(Observation *obs)
{
    obs->id = NULL;
    obs->title = NULL;
    obs->window_class = NULL;
    obs->exe = NULL;
    obs->text = NULL;
    obs->url = NULL;
    obs->lang = NULL;
    obs->fullscreen = TRISTATE_UNKNOWN;
    obs->topmost = TRISTATE_UNKNOWN;
    obs->cursor_hidden = TRISTATE_UNKNOWN;
    obs->audio_playing = TRISTATE_UNKNOWN;
    obs->audio_peaks = NULL;
    obs->audio_peak_count = 0;
    obs->screen_path = NULL;
    memset(&obs->screen, 0, sizeof obs->screen);
}

void observation_free(Observation *obs)
{
    free(obs->id);
    free(obs->title);
    free(obs->window_class);
    free(obs->exe);
    free(obs->text);
    free(obs->url);
    free(obs->lang);
    free(obs->audio_peaks);
    free(obs->screen_path);
    observation_init(obs);
}

/* ---- JSON types of YAML scalars -------------------------------------------- */

typedef enum {
    JSON_NULL,
    JSON_BOOL,
    JSON_NUMBER,
    JSON_STRING,
    JSON_BARE, /* an unquoted word that is no JSON literal: not JSON */
    JSON_OBJECT,
    JSON_ARRAY
} JsonKind;

static const char *json_kind_name(JsonKind kind)
{
    switch (kind) {
    case JSON_NULL: return "null";
    case JSON_BOOL: return "true/false";
    case JSON_NUMBER: return "a number";
    case JSON_STRING: return "a string";
    case JSON_BARE: return "unquoted text";
    case JSON_OBJECT: return "an object";
    default: return "an array";
    }
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool is_json_number(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (is_digit(*s))
        while (is_digit(*s))
            s++;
    else
        return false;
    if (*s == '.') {
        s++;
        if (!is_digit(*s))
            return false;
        while (is_digit(*s))
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!is_digit(*s))
            return false;
        while (is_digit(*s))
            s++;
    }
    return *s == '\0';
}

static JsonKind json_kind_of(const yaml_event_t *event)
{
    if (event->type == YAML_MAPPING_START_EVENT)
        return JSON_OBJECT;
    if (event->type == YAML_SEQUENCE_START_EVENT)
        return JSON_ARRAY;
    if (event->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return JSON_STRING;
    const char *value = (const char *)event->data.scalar.value;
    if (value[0] == '\0' || strcmp(value, "null") == 0)
        return JSON_NULL; /* {"a": } is YAML's null; nothing else could be meant */
    if (strcmp(value, "true") == 0 || strcmp(value, "false") == 0)
        return JSON_BOOL;
    return is_json_number(value) ? JSON_NUMBER : JSON_BARE;
}

/* ---- surrogate pairs ------------------------------------------------------- */

static int hex_value(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* The code point of a "\uD8xx\uDCxx" pair at s (12 bytes available), or -1. */
static long surrogate_pair_at(const char *s)
{
    if (s[0] != '\\' || s[1] != 'u' || s[6] != '\\' || s[7] != 'u')
        return -1;
    int high = hex_value(s + 2, 4);
    int low = hex_value(s + 8, 4);
    if (high < 0xD800 || high > 0xDBFF || low < 0xDC00 || low > 0xDFFF)
        return -1;
    return 0x10000L + ((long)(high - 0xD800) << 10) + (low - 0xDC00);
}

/*
 * Copies the input with each surrogate-pair escape inside a double-quoted string
 * replaced by \UXXXXXXXX (two bytes shorter). Sets *copy to NULL when there is none.
 * Returns -1 when out of memory.
 */
static int rewrite_surrogates(const char *in, size_t length, char **copy, size_t *copy_length)
{
    char *out = NULL;
    size_t o = 0;
    bool quoted = false;

    *copy = NULL;
    for (size_t i = 0; i < length;) {
        long cp = -1;
        if (quoted && in[i] == '\\' && length - i >= 12)
            cp = surrogate_pair_at(in + i);
        if (cp >= 0 && out == NULL) {
            out = malloc(length + 1); /* the result is never longer */
            if (out == NULL)
                return -1;
            memcpy(out, in, i);
            o = i;
        }
        if (cp >= 0) {
            /* 10 characters and the NUL: fits in the 12 bytes being replaced. */
            snprintf(out + o, 11, "\\U%08lX", (unsigned long)cp);
            o += 10;
            i += 12;
            continue;
        }
        size_t step = quoted && in[i] == '\\' && i + 1 < length ? 2 : 1;
        if (in[i] == '"')
            quoted = !quoted;
        if (out != NULL)
            memcpy(out + o, in + i, step);
        o += step;
        i += step;
    }
    if (out != NULL) {
        out[o] = '\0';
        *copy = out;
        *copy_length = o;
    }
    return 0;
}

/* ---- the event reader ------------------------------------------------------ */

/* Bits of ObsReader.seen: known fields already given, so repeats can be refused. */
enum {
    SEEN_PLAYING = 1u << 30, /* the low bits are indexes into FIELDS */
    SEEN_PEAKS = 1u << 31
};

typedef struct ObsReader {
    yaml_parser_t parser;
    yaml_event_t event; /* the current event; owned while has_event */
    bool has_event;
    bool after_object; /* the object is complete: anything more is trailing text */
    const char *input;
    size_t length;
    char *err;
    size_t errlen;
    unsigned seen;
    Observation *obs;
} ObsReader;

/* unsigned long, not size_t: MinGW's printf (msvcrt) does not know %zu. */
static unsigned long event_column(const ObsReader *r)
{
    return (unsigned long)r->event.start_mark.column + 1;
}

static int reader_syntax_error(ObsReader *r)
{
    size_t line, column;
    if (r->parser.error == YAML_MEMORY_ERROR) {
        snprintf(r->err, r->errlen, "out of memory");
        return -1;
    }
    yamlutil_problem_place(&r->parser, r->input, r->length, &line, &column);
    if (r->after_object) {
        snprintf(r->err, r->errlen,
                 "unexpected text after the JSON object at column %lu: one object per line",
                 (unsigned long)column);
        return -1;
    }
    const char *problem = r->parser.problem != NULL ? r->parser.problem : "unknown problem";
    const char *context = r->parser.context;
    char where[64];
    /* The line the tool hands over has no newline; libyaml puts its end on line 2. */
    bool at_end = line > 1 && memchr(r->input, '\n', r->length) == NULL;
    if (at_end)
        snprintf(where, sizeof where, "at the end of the line");
    else if (line > 1)
        snprintf(where, sizeof where, "at line %lu, column %lu", (unsigned long)line,
                 (unsigned long)column);
    else
        snprintf(where, sizeof where, "at column %lu", (unsigned long)column);
    snprintf(r->err, r->errlen, "JSON syntax error %s: %s%s%s%s", where, problem,
             context != NULL ? " (" : "", context != NULL ? context : "",
             context != NULL ? ")" : "");
    return -1;
}

/* Moves to the next event; refuses YAML features JSON does not have. */
static int reader_next(ObsReader *r)
{
    if (r->has_event) {
        yaml_event_delete(&r->event);
        r->has_event = false;
    }
    if (!yaml_parser_parse(&r->parser, &r->event))
        return reader_syntax_error(r);
    r->has_event = true;
    const char *unsupported = yamlutil_unsupported(&r->event);
    if (unsupported != NULL) {
        snprintf(r->err, r->errlen, "not JSON at column %lu: %s", event_column(r), unsupported);
        return -1;
    }
    return 0;
}

static int type_error(ObsReader *r, const char *field, const char *expected)
{
    snprintf(r->err, r->errlen, "\"%s\" must be %s, not %s (column %lu)", field, expected,
             json_kind_name(json_kind_of(&r->event)), event_column(r));
    return -1;
}

static int out_of_memory(ObsReader *r)
{
    snprintf(r->err, r->errlen, "out of memory");
    return -1;
}

/* The current event starts a value nobody reads: skip to its end. */
static int reader_skip_value(ObsReader *r)
{
    long depth = 0;
    for (;;) {
        depth += yamlutil_nesting(&r->event);
        if (depth == 0)
            return 0;
        if (reader_next(r) < 0)
            return -1;
    }
}

/* A copy of the current scalar; refuses an embedded NUL. */
static int scalar_copy(ObsReader *r, const char *field, char **dst)
{
    const char *value = (const char *)r->event.data.scalar.value;
    size_t length = r->event.data.scalar.length;
    if (memchr(value, '\0', length) != NULL) {
        snprintf(r->err, r->errlen, "\"%s\" contains U+0000, which is not supported (column %lu)",
                 field, event_column(r));
        return -1;
    }
    char *copy = malloc(length + 1);
    if (copy == NULL)
        return out_of_memory(r);
    memcpy(copy, value, length + 1);
    *dst = copy;
    return 0;
}

/* A string field; null leaves it absent, except for the required title. */
static int read_text(ObsReader *r, const char *field, char **dst)
{
    JsonKind kind = json_kind_of(&r->event);
    bool required = strcmp(field, "title") == 0;
    if (kind == JSON_NULL && !required)
        return 0;
    if (kind != JSON_STRING)
        return type_error(r, field, required ? "a string" : "a string or null");
    return scalar_copy(r, field, dst);
}

static int read_id(ObsReader *r, char **dst)
{
    JsonKind kind = json_kind_of(&r->event);
    if (kind == JSON_NULL)
        return 0;
    if (kind != JSON_STRING && kind != JSON_NUMBER)
        return type_error(r, "id", "a string, a number or null");
    return scalar_copy(r, "id", dst);
}

static int read_tristate(ObsReader *r, const char *field, Tristate *dst)
{
    JsonKind kind = json_kind_of(&r->event);
    if (kind == JSON_NULL) {
        *dst = TRISTATE_UNKNOWN;
        return 0;
    }
    if (kind != JSON_BOOL)
        return type_error(r, field, "true, false or null");
    *dst = strcmp((const char *)r->event.data.scalar.value, "true") == 0 ? TRISTATE_YES
                                                                          : TRISTATE_NO;
    return 0;
}

static int append_peak(ObsReader *r, size_t *capacity, float peak)
{
    Observation *obs = r->obs;
    if (obs->audio_peak_count == *capacity) {
        size_t grown = *capacity == 0 ? 16 : *capacity * 2;
        if (grown > SIZE_MAX / sizeof(float))
            return out_of_memory(r);
        float *peaks = realloc(obs->audio_peaks, grown * sizeof(float));
        if (peaks == NULL)
            return out_of_memory(r);
        obs->audio_peaks = peaks;
        *capacity = grown;
    }
    obs->audio_peaks[obs->audio_peak_count++] = peak;
    return 0;
}

/* "peaks": an array of numbers, each clamped to 0..1; null means none were measured. */
static int read_peaks(ObsReader *r)
{
    JsonKind kind = json_kind_of(&r->event);
    if (kind == JSON_NULL)
        return 0;
    if (kind != JSON_ARRAY)
        return type_error(r, "audio.peaks", "an array of numbers or null");
    size_t capacity = 0;
    for (;;) {
        if (reader_next(r) < 0)
            return -1;
        if (r->event.type == YAML_SEQUENCE_END_EVENT)
            return 0;
        if (json_kind_of(&r->event) != JSON_NUMBER) {
            snprintf(r->err, r->errlen,
                     "\"audio.peaks\" must hold only numbers; item %lu is %s (column %lu)",
                     (unsigned long)r->obs->audio_peak_count + 1, json_kind_name(json_kind_of(&r->event)),
                     event_column(r));
            return -1;
        }
        /* The core never calls setlocale, so strtod reads JSON's '.' as the point. */
        double value = strtod((const char *)r->event.data.scalar.value, NULL);
        float peak = value > 1.0 ? 1.0f : value > 0.0 ? (float)value : 0.0f;
        if (append_peak(r, &capacity, peak) < 0)
            return -1;
    }
}

/* Refuses a known field given twice: which one counts would be a guess. */
static int mark_seen(ObsReader *r, unsigned bit, const char *field)
{
    if (r->seen & bit) {
        snprintf(r->err, r->errlen, "\"%s\" is given twice (column %lu)", field,
                 event_column(r));
        return -1;
    }
    r->seen |= bit;
    return 0;
}

/* The current event must be a key: JSON keys are strings, never objects or arrays. */
static int check_key(ObsReader *r)
{
    if (r->event.type == YAML_SCALAR_EVENT)
        return 0;
    snprintf(r->err, r->errlen, "object keys must be strings (column %lu)", event_column(r));
    return -1;
}

/* Compares the whole key, so "title\u0000x" is not "title". */
static bool key_is(const ObsReader *r, const char *name)
{
    size_t length = strlen(name);
    return r->event.data.scalar.length == length
        && memcmp(r->event.data.scalar.value, name, length) == 0;
}

/* "audio": {"playing": bool, "peaks": [...]}; null means nothing is known. */
static int read_audio(ObsReader *r)
{
    JsonKind kind = json_kind_of(&r->event);
    if (kind == JSON_NULL)
        return 0;
    if (kind != JSON_OBJECT)
        return type_error(r, "audio", "an object or null");
    for (;;) {
        if (reader_next(r) < 0)
            return -1;
        if (r->event.type == YAML_MAPPING_END_EVENT)
            return 0;
        if (check_key(r) < 0)
            return -1;
        /* Decided before moving on: the next event frees this key. */
        bool playing = key_is(r, "playing");
        bool peaks = key_is(r, "peaks");
        if (reader_next(r) < 0)
            return -1;
        int rc;
        if (playing)
            rc = mark_seen(r, SEEN_PLAYING, "audio.playing") < 0
                     ? -1 : read_tristate(r, "audio.playing", &r->obs->audio_playing);
        else if (peaks)
            rc = mark_seen(r, SEEN_PEAKS, "audio.peaks") < 0 ? -1 : read_peaks(r);
        else
            rc = reader_skip_value(r);
        if (rc < 0)
            return -1;
    }
}

typedef enum { FIELD_ID, FIELD_TEXT, FIELD_FLAG, FIELD_AUDIO } FieldKind;

typedef struct FieldSpec {
    const char *name;
    FieldKind kind;
    size_t offset; /* of the member in Observation, for text and flags */
} FieldSpec;

static const FieldSpec FIELDS[] = {
    { "id", FIELD_ID, offsetof(Observation, id) },
    { "title", FIELD_TEXT, offsetof(Observation, title) },
    { "class", FIELD_TEXT, offsetof(Observation, window_class) },
    { "exe", FIELD_TEXT, offsetof(Observation, exe) },
    { "text", FIELD_TEXT, offsetof(Observation, text) },
    { "url", FIELD_TEXT, offsetof(Observation, url) },
    { "lang", FIELD_TEXT, offsetof(Observation, lang) },
    { "fullscreen", FIELD_FLAG, offsetof(Observation, fullscreen) },
    { "topmost", FIELD_FLAG, offsetof(Observation, topmost) },
    { "cursor_hidden", FIELD_FLAG, offsetof(Observation, cursor_hidden) },
    { "audio", FIELD_AUDIO, 0 },
    { "screen", FIELD_TEXT, offsetof(Observation, screen_path) },
};
#define FIELD_COUNT (sizeof FIELDS / sizeof FIELDS[0])

static int read_field(ObsReader *r, size_t index)
{
    const FieldSpec *f = &FIELDS[index];
    char *member = (char *)r->obs + f->offset;
    if (mark_seen(r, 1u << index, f->name) < 0)
        return -1;
    switch (f->kind) {
    case FIELD_ID: return read_id(r, (char **)(void *)member);
    case FIELD_TEXT: return read_text(r, f->name, (char **)(void *)member);
    case FIELD_FLAG: return read_tristate(r, f->name, (Tristate *)(void *)member);
    default: return read_audio(r);
    }
}

static int read_object(ObsReader *r)
{
    for (;;) {
        size_t index = FIELD_COUNT;
        if (reader_next(r) < 0)
            return -1;
        if (r->event.type == YAML_MAPPING_END_EVENT)
            return 0;
        if (check_key(r) < 0)
            return -1;
        for (size_t i = 0; i < FIELD_COUNT; i++)
            if (key_is(r, FIELDS[i].name))
                index = i;
        if (reader_next(r) < 0)
            return -1;
        int rc = index < FIELD_COUNT ? read_field(r, index) : reader_skip_value(r);
        if (rc < 0)
            return -1;
    }
}

/* The whole stream: exactly one document holding one object in braces. */
static int read_stream(ObsReader *r)
{
    if (reader_next(r) < 0 || reader_next(r) < 0) /* stream start, then what follows */
        return -1;
    if (r->event.type == YAML_STREAM_END_EVENT) {
        snprintf(r->err, r->errlen, "empty line: expected a JSON object");
        return -1;
    }
    if (reader_next(r) < 0) /* past the document start */
        return -1;
    if (r->event.type != YAML_MAPPING_START_EVENT
        || r->event.data.mapping_start.style != YAML_FLOW_MAPPING_STYLE) {
        const char *found = r->event.type == YAML_MAPPING_START_EVENT
                                ? "a YAML block mapping"
                                : json_kind_name(json_kind_of(&r->event));
        snprintf(r->err, r->errlen, "expected a JSON object {...}, found %s (column %lu)", found,
                 event_column(r));
        return -1;
    }
    if (read_object(r) < 0)
        return -1;
    r->after_object = true;
    if (reader_next(r) < 0 || reader_next(r) < 0) /* document end, then stream end */
        return -1;
    if (r->event.type != YAML_STREAM_END_EVENT) {
        snprintf(r->err, r->errlen, "more than one JSON object (column %lu): one per line",
                 event_column(r));
        return -1;
    }
    if (r->obs->title == NULL) {
        snprintf(r->err, r->errlen, "missing required field \"title\"");
        return -1;
    }
    return 0;
}

int observation_parse_json(const char *json, size_t length, Observation *obs, char *err,
                           size_t errlen)
{
    char scratch[1];
    if (err == NULL || errlen == 0) {
        err = scratch; /* messages still need somewhere to go */
        errlen = sizeof scratch;
    }
    err[0] = '\0';

    char *rewritten = NULL;
    size_t rewritten_length = 0;
    if (rewrite_surrogates(json, length, &rewritten, &rewritten_length) < 0) {
        snprintf(err, errlen, "out of memory");
        observation_free(obs);
        return -1;
    }

    Observation parsed;
    observation_init(&parsed);
    ObsReader r = { .input = rewritten != NULL ? rewritten : json,
                    .length = rewritten != NULL ? rewritten_length : length,
                    .err = err, .errlen = errlen, .obs = &parsed };
    int rc = -1;
    if (!yaml_parser_initialize(&r.parser)) {
        snprintf(err, errlen, "out of memory");
    } else {
        yaml_parser_set_input_string(&r.parser, (const unsigned char *)r.input, r.length);
        rc = read_stream(&r);
        if (r.has_event)
            yaml_event_delete(&r.event);
        yaml_parser_delete(&r.parser);
    }
    free(rewritten);

    /* Either way the old contents go: replaced on success, emptied on failure. */
    observation_free(obs);
    if (rc == 0)
        *obs = parsed;
    else
        observation_free(&parsed);
    return rc;
}

int observation_load_screen(Observation *obs, char *err, size_t errlen)
{
    memset(&obs->screen, 0, sizeof obs->screen);
    if (obs->screen_path == NULL)
        return 0;
    PpmImage image;
    if (ppm_load(obs->screen_path, &image, err, errlen) != 0)
        return -1;
    ScreenPixels pixels = {image.rgb, image.width, image.height, 3, (size_t)image.width * 3};
    screen_analyse(&pixels, &obs->screen);
    ppm_free(&image);
    return 0;
}
