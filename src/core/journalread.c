/*
 * journalread.c - see journalread.h.
 *
 * Records are read with libyaml, as observation.c reads the tool's input (a JSON
 * object is a YAML flow mapping). The journal's own lines come from jsonbuf.c, which
 * never writes surrogate-pair escapes, so unlike observation.c nothing is rewritten;
 * a line from elsewhere holding one is simply malformed here.
 */
#include "journalread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "journal.h"
#include "yamlutil.h"

#define RAW_CHUNK 16384
#define DECODED_CHUNK 65536

static char *copy_of(const char *s, size_t n)
{
    char *copy = malloc(n + 1);
    if (copy != NULL) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

/* ---- names ------------------------------------------------------------------ */

int journal_names_init(JournalNames *names, const char *live_path)
{
    memset(names, 0, sizeof *names);
    const char *slash = strrchr(live_path, '/');
    const char *backslash = strrchr(live_path, '\\');
    const char *cut = slash == NULL ? backslash
                    : backslash == NULL ? slash
                    : slash > backslash ? slash : backslash;
    const char *base = cut != NULL ? cut + 1 : live_path;
    size_t base_length = strlen(base);
    size_t stem_length = base_length;
    if (base_length > 6 && strcmp(base + base_length - 6, ".jsonl") == 0)
        stem_length -= 6;

    names->separator = cut != NULL ? *cut : '/';
    names->live = copy_of(live_path, strlen(live_path));
    /* "/journal.jsonl": the folder is "/" itself. */
    names->folder = cut == NULL ? copy_of(".", 1)
                  : copy_of(live_path, cut == live_path ? 1 : (size_t)(cut - live_path));
    names->stem = copy_of(base, stem_length);
    if (names->live == NULL || names->folder == NULL || names->stem == NULL) {
        journal_names_free(names);
        return JFS_NO_MEMORY;
    }
    return JFS_OK;
}

void journal_names_free(JournalNames *names)
{
    free(names->live);
    free(names->folder);
    free(names->stem);
    memset(names, 0, sizeof *names);
}

char *journal_names_join(const JournalNames *names, const char *name)
{
    if (strcmp(names->folder, ".") == 0)
        return copy_of(name, strlen(name));
    size_t folder_length = strlen(names->folder);
    size_t name_length = strlen(name);
    bool has_separator = folder_length > 0 && (names->folder[folder_length - 1] == '/'
                                               || names->folder[folder_length - 1] == '\\');
    char *path = malloc(folder_length + 1 + name_length + 1);
    if (path == NULL)
        return NULL;
    memcpy(path, names->folder, folder_length);
    size_t at = folder_length;
    if (!has_separator)
        path[at++] = names->separator;
    memcpy(path + at, name, name_length + 1);
    return path;
}

static bool digits(const char *s, size_t n, uint64_t *value)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *value = v;
    return true;
}

bool journal_names_rotated_key(const JournalNames *names, const char *name, uint64_t *stamp,
                               unsigned *count)
{
    static const char SUFFIX[] = ".jsonl.gz";
    size_t stem_length = strlen(names->stem);
    size_t length = strlen(name);
    size_t suffix_length = sizeof SUFFIX - 1;
    /* stem "-" 8 digits "-" 6 digits [ "-" N ] ".jsonl.gz" */
    if (length < stem_length + 16 + suffix_length || strncmp(name, names->stem, stem_length) != 0
        || strcmp(name + length - suffix_length, SUFFIX) != 0)
        return false;
    const char *p = name + stem_length;
    const char *end = name + length - suffix_length;
    uint64_t date, time, n = 1;
    if (p[0] != '-' || !digits(p + 1, 8, &date) || p[9] != '-' || !digits(p + 10, 6, &time))
        return false;
    p += 16;
    if (p != end) {
        size_t n_length = (size_t)(end - p) - 1;
        if (p[0] != '-' || n_length == 0 || n_length > 6 || !digits(p + 1, n_length, &n)
            || n < 2)
            return false;
    }
    *stamp = date * 1000000 + time;
    *count = (unsigned)n;
    return true;
}

char *journal_names_rotated(const JournalNames *names, uint64_t stamp, unsigned count)
{
    size_t size = strlen(names->stem) + 48;
    char *name = malloc(size);
    if (name == NULL)
        return NULL;
    unsigned long date = (unsigned long)(stamp / 1000000);
    unsigned long time = (unsigned long)(stamp % 1000000);
    if (count <= 1)
        snprintf(name, size, "%s-%08lu-%06lu.jsonl.gz", names->stem, date, time);
    else
        snprintf(name, size, "%s-%08lu-%06lu-%u.jsonl.gz", names->stem, date, time, count);
    return name;
}

char *journal_names_temporary(const JournalNames *names)
{
    size_t size = strlen(names->stem) + 32;
    char *name = malloc(size);
    if (name != NULL)
        snprintf(name, size, "%s-rotating.jsonl.gz.tmp", names->stem);
    return name;
}

uint64_t journal_stamp_of(long long unix_ms)
{
    /* journal_format_time already turns milliseconds into a UTC date: reuse it. */
    char when[JOURNAL_TIME_SIZE];
    journal_format_time(unix_ms, when);
    /* "YYYY-MM-DDTHH:MM:SS.mmmZ" */
    uint64_t stamp = 0;
    for (const char *p = when; *p != '\0' && *p != '.'; p++)
        if (*p >= '0' && *p <= '9')
            stamp = stamp * 10 + (uint64_t)(*p - '0');
    return stamp;
}

typedef struct ListContext {
    JournalFs *fs;
    const JournalNames *names;
    JournalRotatedList *list;
    size_t capacity;
} ListContext;

static int collect_rotated(void *context, const char *name)
{
    ListContext *c = context;
    uint64_t stamp;
    unsigned count;
    if (!journal_names_rotated_key(c->names, name, &stamp, &count))
        return 0;
    JournalRotatedList *list = c->list;
    if (list->count == c->capacity) {
        size_t grown = c->capacity == 0 ? 16 : c->capacity * 2;
        JournalRotated *items = realloc(list->items, grown * sizeof *items);
        if (items == NULL)
            return JFS_NO_MEMORY;
        list->items = items;
        c->capacity = grown;
    }
    char *path = journal_names_join(c->names, name);
    if (path == NULL)
        return JFS_NO_MEMORY;
    list->items[list->count++] = (JournalRotated){ path, stamp, count };
    return 0;
}

static int compare_rotated(const void *a, const void *b)
{
    const JournalRotated *x = a, *y = b;
    if (x->stamp != y->stamp)
        return x->stamp < y->stamp ? -1 : 1;
    return x->count < y->count ? -1 : x->count > y->count;
}

int journal_list_rotated(JournalFs *fs, const JournalNames *names, JournalRotatedList *list,
                         JfsError *err)
{
    ListContext context = { fs, names, list, 0 };
    list->items = NULL;
    list->count = 0;
    int rc = jfs_list(fs, names->folder, collect_rotated, &context, err);
    if (rc != JFS_OK) {
        journal_rotated_list_free(list);
        return rc;
    }
    if (list->count > 1)
        qsort(list->items, list->count, sizeof list->items[0], compare_rotated);
    return JFS_OK;
}

void journal_rotated_list_free(JournalRotatedList *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i].path);
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

/* ---- lines -------------------------------------------------------------------- */

static int read_raw(JournalLines *r, JfsError *err)
{
    size_t got = 0;
    int rc = jfs_read(r->fs, r->file, r->in, RAW_CHUNK, &got, err);
    if (rc != JFS_OK)
        return rc;
    r->in_length = got;
    if (got == 0)
        r->raw_end = true;
    return JFS_OK;
}

int journal_lines_open(JournalLines *lines, JournalFs *fs, const char *path, JfsError *err)
{
    memset(lines, 0, sizeof *lines);
    lines->fs = fs;
    lines->in = malloc(RAW_CHUNK);
    if (lines->in == NULL)
        return jfs_fail(err, JFS_NO_MEMORY, "cannot read %s: out of memory", path);
    int rc = jfs_open(fs, path, JFS_READ, &lines->file, err);
    if (rc == JFS_OK)
        rc = read_raw(lines, err);
    /* Both magic bytes are needed to tell gzip from text, and a read may be short
       (jfs.h): a first read of one byte is followed by another (fuzz_journal found it). */
    while (rc == JFS_OK && lines->in_length == 1 && !lines->raw_end) {
        size_t got = 0;
        rc = jfs_read(fs, lines->file, lines->in + 1, RAW_CHUNK - 1, &got, err);
        lines->in_length += got;
        lines->raw_end = got == 0;
    }
    if (rc != JFS_OK) {
        journal_lines_close(lines);
        return rc;
    }
    lines->gzip = lines->in_length >= 2 && lines->in[0] == 0x1f && lines->in[1] == 0x8b;
    if (lines->gzip) {
        /* 15 + 16: a gzip wrapper only; concatenated members are read one after another. */
        if (inflateInit2(&lines->z, 15 + 16) != Z_OK) {
            journal_lines_close(lines);
            return jfs_fail(err, JFS_NO_MEMORY, "cannot read %s: out of memory", path);
        }
        lines->z_ready = true;
        lines->z.next_in = lines->in;
        lines->z.avail_in = (uInt)lines->in_length;
    }
    return JFS_OK;
}

void journal_lines_close(JournalLines *lines)
{
    if (lines->z_ready)
        inflateEnd(&lines->z);
    if (lines->fs != NULL)
        jfs_close(lines->fs, lines->file);
    free(lines->in);
    free(lines->buf);
    memset(lines, 0, sizeof *lines);
}

/* Makes room for at least DECODED_CHUNK more bytes after buf[length]. */
static int make_room(JournalLines *r, JfsError *err)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->length - r->start);
        r->length -= r->start;
        r->start = 0;
    }
    if (r->capacity - r->length >= DECODED_CHUNK)
        return JFS_OK;
    size_t grown = r->length + DECODED_CHUNK;
    char *buf = realloc(r->buf, grown);
    if (buf == NULL)
        return jfs_fail(err, JFS_NO_MEMORY, "reading the journal: out of memory");
    r->buf = buf;
    r->capacity = grown;
    return JFS_OK;
}

/* Appends decoded bytes to buf, or sets end. */
static int fill(JournalLines *r, JfsError *err)
{
    int rc = make_room(r, err);
    if (rc != JFS_OK)
        return rc;
    if (!r->gzip) {
        if (r->in_length == 0 && !r->raw_end && (rc = read_raw(r, err)) != JFS_OK)
            return rc;
        if (r->in_length == 0) {
            r->end = true;
            return JFS_OK;
        }
        memcpy(r->buf + r->length, r->in, r->in_length);
        r->length += r->in_length;
        r->in_length = 0;
        return JFS_OK;
    }
    for (;;) {
        if (r->z.avail_in == 0 && !r->raw_end) {
            if ((rc = read_raw(r, err)) != JFS_OK)
                return rc;
            r->z.next_in = r->in;
            r->z.avail_in = (uInt)r->in_length;
        }
        if (r->z.avail_in == 0 && r->raw_end) {
            /* The file ended: cleanly only right after a member's end. */
            r->damaged = !r->member_done;
            r->end = true;
            return JFS_OK;
        }
        if (r->member_done) {
            /* More bytes after a member: the next member (as gzip -c a b > c makes). */
            if (inflateReset(&r->z) != Z_OK) {
                r->damaged = r->end = true;
                return JFS_OK;
            }
            r->member_done = false;
        }
        size_t room = r->capacity - r->length;
        r->z.next_out = (Bytef *)(r->buf + r->length);
        r->z.avail_out = (uInt)room;
        int z = inflate(&r->z, Z_NO_FLUSH);
        size_t produced = room - r->z.avail_out;
        r->length += produced;
        if (z == Z_STREAM_END) {
            r->member_done = true;
        } else if (z != Z_OK && !(z == Z_BUF_ERROR && r->z.avail_in == 0)) {
            r->damaged = r->end = true; /* corrupt data: what came before stands */
            return JFS_OK;
        }
        if (produced > 0)
            return JFS_OK;
    }
}

int journal_lines_next(JournalLines *r, JournalLine *line, bool *more, JfsError *err)
{
    for (;;) {
        /* Nothing decoded yet: buf may still be NULL, and NULL + 0 is undefined. */
        char *begin = r->buf != NULL ? r->buf + r->start : NULL;
        size_t available = r->length - r->start;
        char *newline = available > 0 ? memchr(begin, '\n', available) : NULL;
        if (r->skipping) {
            /* Drop the rest of an over-long line, up to its newline. */
            size_t drop = newline != NULL ? (size_t)(newline - begin) + 1 : available;
            r->start += drop;
            r->offset += drop;
            if (newline != NULL) {
                r->skipping = false;
                continue;
            }
        } else if (newline != NULL || (r->end && available > 0)
                   || available >= JOURNAL_LINE_MAX) {
            size_t length = newline != NULL ? (size_t)(newline - begin) : available;
            bool too_long = length >= JOURNAL_LINE_MAX;
            if (too_long)
                length = JOURNAL_LINE_MAX;
            *line = (JournalLine){ begin, length, newline != NULL, too_long, r->offset };
            /* Past the line and its newline; an over-long line's rest is dropped later. */
            bool newline_next = newline != NULL && (size_t)(newline - begin) == length;
            size_t used = length + (newline_next ? 1 : 0);
            r->start += used;
            r->offset += used;
            r->skipping = too_long && !newline_next;
            *more = true;
            return JFS_OK;
        }
        if (r->end) {
            *more = false;
            return JFS_OK;
        }
        int rc = fill(r, err);
        if (rc != JFS_OK)
            return rc;
    }
}

/* ---- records ------------------------------------------------------------------- */

void journal_record_init(JournalRecord *record)
{
    memset(record, 0, sizeof *record);
    record->seq = JOURNAL_NO_NUMBER;
    record->pid = record->score = record->ms = record->survivors = JOURNAL_NO_NUMBER;
}

void journal_record_free(JournalRecord *record)
{
    free(record->event);
    free(record->time);
    free(record->exe);
    free(record->title);
    free(record->title_hash);
    free(record->how);
    free(record->detail);
    free(record->verdict);
    free(record->traits);
    journal_record_init(record);
}

bool journal_line_seq(const char *line, size_t length, long long *seq)
{
    static const char PREFIX[] = "{\"seq\":";
    size_t n = sizeof PREFIX - 1;
    if (length <= n || memcmp(line, PREFIX, n) != 0)
        return false;
    long long value = 0;
    size_t i = n;
    for (; i < length && line[i] >= '0' && line[i] <= '9' && i < n + 18; i++)
        value = value * 10 + (line[i] - '0');
    if (i == n || i >= length || (line[i] != ',' && line[i] != '}'))
        return false;
    *seq = value;
    return true;
}

typedef struct RecordReader {
    yaml_parser_t parser;
    yaml_event_t event;
    bool has_event;
    char *err;
    size_t errlen;
} RecordReader;

static int record_next(RecordReader *r)
{
    if (r->has_event) {
        yaml_event_delete(&r->event);
        r->has_event = false;
    }
    if (!yaml_parser_parse(&r->parser, &r->event)) {
        snprintf(r->err, r->errlen, "not JSON: %s",
                 r->parser.problem != NULL ? r->parser.problem : "syntax error");
        return -1;
    }
    r->has_event = true;
    const char *unsupported = yamlutil_unsupported(&r->event);
    if (unsupported != NULL) {
        snprintf(r->err, r->errlen, "not JSON: %s", unsupported);
        return -1;
    }
    return 0;
}

static int record_skip(RecordReader *r)
{
    long depth = 0;
    for (;;) {
        depth += yamlutil_nesting(&r->event);
        if (depth == 0)
            return 0;
        if (record_next(r) < 0)
            return -1;
    }
}

static bool scalar_is_string(const yaml_event_t *e)
{
    return e->type == YAML_SCALAR_EVENT && e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE
        && memchr(e->data.scalar.value, '\0', e->data.scalar.length) == NULL;
}

static bool scalar_number(const yaml_event_t *e, long long *value)
{
    if (e->type != YAML_SCALAR_EVENT || e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = (const char *)e->data.scalar.value;
    bool negative = *s == '-';
    if (negative)
        s++;
    if (*s == '\0')
        return false;
    long long v = 0;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9' || v > 100000000000000000LL)
            return false;
        v = v * 10 + (*s - '0');
    }
    *value = negative ? -v : v;
    return true;
}

/* Appends the traits of "reasons": [{"trait": ..}, ..]. */
static int read_reasons(RecordReader *r, JournalRecord *record)
{
    if (r->event.type != YAML_SEQUENCE_START_EVENT)
        return record_skip(r);
    for (;;) {
        if (record_next(r) < 0)
            return -1;
        if (r->event.type == YAML_SEQUENCE_END_EVENT)
            return 0;
        if (r->event.type != YAML_MAPPING_START_EVENT) {
            if (record_skip(r) < 0)
                return -1;
            continue;
        }
        for (;;) {
            if (record_next(r) < 0)
                return -1;
            if (r->event.type == YAML_MAPPING_END_EVENT)
                break;
            bool trait = r->event.type == YAML_SCALAR_EVENT
                      && strcmp((const char *)r->event.data.scalar.value, "trait") == 0;
            if (record_skip(r) < 0 || record_next(r) < 0)
                return -1;
            if (trait && scalar_is_string(&r->event)) {
                const char *t = (const char *)r->event.data.scalar.value;
                size_t old = record->traits != NULL ? strlen(record->traits) : 0;
                char *joined = realloc(record->traits, old + 2 + strlen(t) + 1);
                if (joined == NULL) {
                    snprintf(r->err, r->errlen, "out of memory");
                    return -1;
                }
                if (old == 0)
                    strcpy(joined, t);
                else
                    sprintf(joined + old, ", %s", t);
                record->traits = joined;
            } else if (record_skip(r) < 0) {
                return -1;
            }
        }
    }
}

typedef struct TextField {
    const char *name;
    size_t offset;
} TextField;

static const TextField TEXT_FIELDS[] = {
    { "event", offsetof(JournalRecord, event) },
    { "time", offsetof(JournalRecord, time) },
    { "exe", offsetof(JournalRecord, exe) },
    { "title", offsetof(JournalRecord, title) },
    { "title_hash", offsetof(JournalRecord, title_hash) },
    { "how", offsetof(JournalRecord, how) },
    { "detail", offsetof(JournalRecord, detail) },
    { "verdict", offsetof(JournalRecord, verdict) },
};

static const TextField NUMBER_FIELDS[] = {
    { "seq", offsetof(JournalRecord, seq) },
    { "pid", offsetof(JournalRecord, pid) },
    { "score", offsetof(JournalRecord, score) },
    { "ms", offsetof(JournalRecord, ms) },
    { "survivors", offsetof(JournalRecord, survivors) },
};

static int read_value(RecordReader *r, JournalRecord *record, const char *key)
{
    if (strcmp(key, "reasons") == 0)
        return read_reasons(r, record);
    for (size_t i = 0; i < sizeof TEXT_FIELDS / sizeof TEXT_FIELDS[0]; i++) {
        if (strcmp(key, TEXT_FIELDS[i].name) != 0)
            continue;
        char **member = (char **)(void *)((char *)record + TEXT_FIELDS[i].offset);
        if (!scalar_is_string(&r->event))
            return record_skip(r); /* a field of another type is not what we know */
        free(*member);
        *member = copy_of((const char *)r->event.data.scalar.value, r->event.data.scalar.length);
        if (*member == NULL) {
            snprintf(r->err, r->errlen, "out of memory");
            return -1;
        }
        return 0;
    }
    for (size_t i = 0; i < sizeof NUMBER_FIELDS / sizeof NUMBER_FIELDS[0]; i++) {
        if (strcmp(key, NUMBER_FIELDS[i].name) != 0)
            continue;
        long long *member = (long long *)(void *)((char *)record + NUMBER_FIELDS[i].offset);
        if (!scalar_number(&r->event, member))
            return record_skip(r);
        return 0;
    }
    return record_skip(r);
}

static int read_record(RecordReader *r, JournalRecord *record)
{
    if (record_next(r) < 0 || record_next(r) < 0) /* stream start, then document start */
        return -1;
    if (r->event.type != YAML_DOCUMENT_START_EVENT) {
        snprintf(r->err, r->errlen, "empty line");
        return -1;
    }
    if (record_next(r) < 0)
        return -1;
    if (r->event.type != YAML_MAPPING_START_EVENT
        || r->event.data.mapping_start.style != YAML_FLOW_MAPPING_STYLE) {
        snprintf(r->err, r->errlen, "not a JSON object");
        return -1;
    }
    for (;;) {
        if (record_next(r) < 0)
            return -1;
        if (r->event.type == YAML_MAPPING_END_EVENT)
            break;
        if (r->event.type != YAML_SCALAR_EVENT) {
            snprintf(r->err, r->errlen, "object keys must be strings");
            return -1;
        }
        char key[16];
        snprintf(key, sizeof key, "%s", (const char *)r->event.data.scalar.value);
        if (r->event.data.scalar.length >= sizeof key)
            key[0] = '\0'; /* longer than any key read here */
        if (record_next(r) < 0 || read_value(r, record, key) < 0)
            return -1;
    }
    if (record_next(r) < 0 || record_next(r) < 0) /* document end, then stream end */
        return -1;
    if (r->event.type != YAML_STREAM_END_EVENT) {
        snprintf(r->err, r->errlen, "more than one JSON object on the line");
        return -1;
    }
    if (record->event == NULL) {
        snprintf(r->err, r->errlen, "no \"event\"");
        return -1;
    }
    return 0;
}

int journal_record_parse(const char *line, size_t length, JournalRecord *record, char *err,
                         size_t errlen)
{
    char scratch[1];
    RecordReader r = { .err = err != NULL && errlen > 0 ? err : scratch,
                       .errlen = err != NULL && errlen > 0 ? errlen : sizeof scratch };
    r.err[0] = '\0';
    if (!yaml_parser_initialize(&r.parser)) {
        snprintf(r.err, r.errlen, "out of memory");
        return -1;
    }
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)line, length);
    yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
    int rc = read_record(&r, record);
    if (r.has_event)
        yaml_event_delete(&r.event);
    yaml_parser_delete(&r.parser);
    if (rc < 0)
        journal_record_free(record);
    return rc;
}
