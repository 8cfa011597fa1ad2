/*
 * journalstore.c - see journalstore.h for what it guarantees.
 *
 * The order of a rotation is what makes it safe to stop anywhere:
 *   1. compress the live file's whole records into the temporary file, flush it;
 *   2. rename the temporary file to its final name      <- the records now exist twice
 *   3. empty the live file, flush it                     <- and now once
 *   4. remove the oldest rotated files beyond keep.
 * A crash before 2 leaves a temporary file (removed at open) and the live file whole;
 * between 2 and 3 the live file's records are all in the newest .gz, which open
 * recognises by seq and finishes; after 3 nothing is missing.
 */
#include "journalstore.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#define COPY_CHUNK 65536

void journal_store_options_default(JournalStoreOptions *options)
{
    options->max_bytes = JOURNAL_DEFAULT_MAX_BYTES;
    options->keep = JOURNAL_DEFAULT_KEEP;
    options->pending_max = JOURNAL_DEFAULT_PENDING_MAX;
    options->clock_ms = NULL;
    options->clock_context = NULL;
}

/* Adds one sentence to the store's message ("; " between them). */
static void note(JournalStore *s, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void note(JournalStore *s, const char *format, ...)
{
    size_t used = strlen(s->message);
    if (used > 0 && used + 2 < sizeof s->message) {
        memcpy(s->message + used, "; ", 3);
        used += 2;
    }
    if (used + 1 >= sizeof s->message)
        return;
    va_list args;
    va_start(args, format);
    vsnprintf(s->message + used, sizeof s->message - used, format, args);
    va_end(args);
}

static long long now_ms(const JournalStore *s)
{
    if (s->options.clock_ms != NULL)
        return s->options.clock_ms(s->options.clock_context);
    return (long long)time(NULL) * 1000;
}

/* ---- writing ------------------------------------------------------------------ */

/* Cuts the live file back to its whole records, durably. */
static int cut_back(JournalStore *s, JfsError *err)
{
    int rc = jfs_truncate(s->fs, s->live, s->size, err);
    if (rc == JFS_OK)
        rc = jfs_flush(s->fs, s->live, err);
    s->repair = rc != JFS_OK;
    return rc;
}

/* Writes the waiting records in one write, flushed. On failure they keep waiting. */
static JournalStatus write_pending(JournalStore *s)
{
    JfsError err;
    if (s->pending_length == 0)
        return JOURNAL_OK;
    if (s->repair && cut_back(s, &err) != JFS_OK) {
        note(s, "cannot write the journal: %s", err.message);
        return JOURNAL_ERROR;
    }
    int rc = jfs_write(s->fs, s->live, s->pending, s->pending_length, &err);
    if (rc == JFS_OK)
        rc = jfs_flush(s->fs, s->live, &err);
    if (rc != JFS_OK) {
        JfsError ignored;
        note(s, "cannot write the journal%s: %s", rc == JFS_NO_SPACE ? " (the disk is full)" : "",
             err.message);
        cut_back(s, &ignored); /* or, failing that, before the next write */
        return JOURNAL_ERROR;
    }
    s->size += s->pending_length;
    s->pending_length = 0;
    s->pending_count = 0;
    return JOURNAL_OK;
}

/* Decimal digits of a seq (never negative) into out: MinGW's printf has no portable
   %lld (see jsonbuf.c). */
static const char *seq_text(long long seq, char out[24])
{
    char *p = out + 23;
    unsigned long long v = seq > 0 ? (unsigned long long)seq : 0;
    *p = '\0';
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    return p;
}

/* Adds {"seq":N, + the rest of the object + '\n' to the waiting records. */
static bool queue_record(JournalStore *s, const char *line, size_t length)
{
    char prefix[40], digits[24];
    int n = snprintf(prefix, sizeof prefix, "{\"seq\":%s%s", seq_text(s->seq + 1, digits),
                     length > 2 ? "," : "");
    size_t need = (size_t)n + (length - 1) + 1; /* the line without '{', and '\n' */
    if (s->pending_length > 0 && s->pending_length + need > s->options.pending_max)
        return false;
    if (s->pending_length + need > s->pending_capacity) {
        size_t grown = s->pending_length + need + 1024;
        char *pending = realloc(s->pending, grown);
        if (pending == NULL)
            return false;
        s->pending = pending;
        s->pending_capacity = grown;
    }
    char *at = s->pending + s->pending_length;
    memcpy(at, prefix, (size_t)n);
    memcpy(at + n, line + 1, length - 1);
    at[n + (length - 1)] = '\n';
    s->pending_length += need;
    s->pending_count++;
    return true;
}

/* ---- rotation ----------------------------------------------------------------- */

typedef struct Rotation {
    JournalStore *s;
    JfsFile *in, *out;
    z_stream z;
    bool z_ready;
    unsigned char *buffer; /* COPY_CHUNK bytes read, then COPY_CHUNK compressed */
    JfsError err;
} Rotation;

/* Compresses what the stream holds with flush (Z_NO_FLUSH or Z_FINISH) into out. */
static int deflate_out(Rotation *r, int flush)
{
    unsigned char *out = r->buffer + COPY_CHUNK;
    for (;;) {
        r->z.next_out = out;
        r->z.avail_out = COPY_CHUNK;
        int z = deflate(&r->z, flush);
        if (z == Z_STREAM_ERROR)
            return jfs_fail(&r->err, JFS_IO, "compressing the journal failed");
        size_t produced = COPY_CHUNK - r->z.avail_out;
        if (produced > 0) {
            int rc = jfs_write(r->s->fs, r->out, out, produced, &r->err);
            if (rc != JFS_OK)
                return rc;
        }
        if (flush == Z_FINISH ? z == Z_STREAM_END : r->z.avail_out != 0)
            return JFS_OK;
    }
}

/* Steps 1: the live file's first s->size bytes, gzip-compressed, into tmp_path. */
static int compress_live(Rotation *r, const char *tmp_path)
{
    JournalStore *s = r->s;
    int rc = jfs_open(s->fs, tmp_path, JFS_CREATE, &r->out, &r->err);
    if (rc == JFS_OK)
        rc = jfs_open(s->fs, s->names.live, JFS_READ, &r->in, &r->err);
    if (rc != JFS_OK)
        return rc;
    /* windowBits 15 + 16: the gzip wrapper, which zcat and gzip -t read. */
    if (deflateInit2(&r->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        != Z_OK)
        return jfs_fail(&r->err, JFS_NO_MEMORY, "cannot compress the journal: out of memory");
    r->z_ready = true;
    uint64_t remaining = s->size;
    while (remaining > 0) {
        size_t want = remaining < COPY_CHUNK ? (size_t)remaining : COPY_CHUNK;
        size_t got = 0;
        if ((rc = jfs_read(s->fs, r->in, r->buffer, want, &got, &r->err)) != JFS_OK)
            return rc;
        if (got == 0)
            return jfs_fail(&r->err, JFS_IO, "%s ended before its last record", s->names.live);
        r->z.next_in = r->buffer;
        r->z.avail_in = (uInt)got;
        if ((rc = deflate_out(r, Z_NO_FLUSH)) != JFS_OK)
            return rc;
        remaining -= got;
    }
    if ((rc = deflate_out(r, Z_FINISH)) != JFS_OK)
        return rc;
    return jfs_flush(s->fs, r->out, &r->err);
}

static void rotation_cleanup(Rotation *r)
{
    if (r->z_ready)
        deflateEnd(&r->z);
    jfs_close(r->s->fs, r->in);
    jfs_close(r->s->fs, r->out);
    r->in = r->out = NULL;
    r->z_ready = false;
    free(r->buffer);
    r->buffer = NULL;
}

/* A name after every rotated file's (clocks go back), from the newest one. */
static void choose_name(const JournalStore *s, const JournalRotatedList *list, uint64_t *stamp,
                        unsigned *count)
{
    *stamp = journal_stamp_of(now_ms(s));
    *count = 1;
    if (list->count > 0) {
        const JournalRotated *newest = &list->items[list->count - 1];
        if (*stamp <= newest->stamp) {
            *stamp = newest->stamp;
            *count = newest->count + 1;
        }
    }
}

static void remove_oldest(JournalStore *s, const JournalRotatedList *list)
{
    /* list does not hold the file just made: keep - 1 of its newest. */
    size_t total = list->count + 1;
    for (size_t i = 0; total > s->options.keep && i < list->count; i++, total--) {
        JfsError err;
        int rc = jfs_remove(s->fs, list->items[i].path, &err);
        if (rc != JFS_OK && rc != JFS_NOT_FOUND)
            note(s, "cannot remove an old rotated journal: %s", err.message);
    }
}

static JournalStatus rotate(JournalStore *s)
{
    JournalRotatedList list;
    Rotation r = { .s = s };
    char *final_name = NULL, *final_path = NULL, *tmp_name = NULL, *tmp_path = NULL;
    JournalStatus status = JOURNAL_WARNING;

    int rc = journal_list_rotated(s->fs, &s->names, &list, &r.err);
    if (rc != JFS_OK) {
        note(s, "cannot rotate the journal: %s", r.err.message);
        return JOURNAL_WARNING;
    }
    uint64_t stamp;
    unsigned count;
    choose_name(s, &list, &stamp, &count);
    final_name = journal_names_rotated(&s->names, stamp, count);
    tmp_name = journal_names_temporary(&s->names);
    final_path = final_name != NULL ? journal_names_join(&s->names, final_name) : NULL;
    tmp_path = tmp_name != NULL ? journal_names_join(&s->names, tmp_name) : NULL;
    r.buffer = malloc(2 * COPY_CHUNK);
    if (final_path == NULL || tmp_path == NULL || r.buffer == NULL) {
        note(s, "cannot rotate the journal: out of memory");
        goto done;
    }

    rc = compress_live(&r, tmp_path);
    rotation_cleanup(&r);
    if (rc == JFS_OK)
        rc = jfs_rename(s->fs, tmp_path, final_path, &r.err);
    if (rc != JFS_OK) {
        JfsError ignored;
        note(s, "cannot rotate the journal (its records stay in %s): %s", s->names.live,
             r.err.message);
        jfs_remove(s->fs, tmp_path, &ignored); /* or at the next open */
        goto done;
    }

    /* The records are safe in final_path: the live file restarts empty. */
    s->rotations++;
    s->size = 0;
    if (cut_back(s, &r.err) != JFS_OK)
        note(s, "rotated the journal to %s but cannot empty %s yet: %s", final_name,
             s->names.live, r.err.message);
    remove_oldest(s, &list);
    if (s->message[0] == '\0')
        status = JOURNAL_OK;

done:
    rotation_cleanup(&r);
    journal_rotated_list_free(&list);
    free(final_name);
    free(final_path);
    free(tmp_name);
    free(tmp_path);
    return status;
}

/* ---- open ----------------------------------------------------------------------- */

typedef struct LiveScan {
    uint64_t whole_end;      /* end of the last complete line */
    uint64_t last_start;     /* start of the last complete line */
    bool has_last;
    char *last;              /* a copy of the last complete line */
    size_t last_length, last_capacity;
    long long first_seq, last_seq, seq_before_last;
    uint64_t torn_bytes;     /* a last line without '\n' */
} LiveScan;

static int remember_last(LiveScan *scan, const JournalLine *line)
{
    if (line->length + 1 > scan->last_capacity) {
        char *copy = realloc(scan->last, line->length + 1);
        if (copy == NULL)
            return JFS_NO_MEMORY;
        scan->last = copy;
        scan->last_capacity = line->length + 1;
    }
    memcpy(scan->last, line->text, line->length);
    scan->last[line->length] = '\0';
    scan->last_length = line->length;
    return JFS_OK;
}

static int scan_live(JournalStore *s, LiveScan *scan, JfsError *err)
{
    JournalLines lines;
    int rc = journal_lines_open(&lines, s->fs, s->names.live, err);
    if (rc != JFS_OK)
        return rc;
    for (;;) {
        JournalLine line;
        bool more;
        if ((rc = journal_lines_next(&lines, &line, &more, err)) != JFS_OK || !more)
            break;
        if (!line.complete) {
            scan->torn_bytes = line.length;
            continue; /* the last line: nothing follows a line without '\n' */
        }
        long long seq;
        scan->seq_before_last = scan->last_seq;
        if (journal_line_seq(line.text, line.length, &seq)) {
            if (scan->first_seq == JOURNAL_NO_NUMBER)
                scan->first_seq = seq;
            scan->last_seq = seq;
        }
        scan->has_last = true;
        scan->last_start = line.offset;
        scan->whole_end = line.offset + line.length + 1;
        if ((rc = remember_last(scan, &line)) != JFS_OK) {
            jfs_fail(err, rc, "reading %s: out of memory", s->names.live);
            break;
        }
    }
    journal_lines_close(&lines);
    return rc;
}

/* The last seq in the newest rotated file, or JOURNAL_NO_NUMBER. */
static long long newest_rotated_seq(JournalStore *s)
{
    JournalRotatedList list;
    JfsError err;
    long long last = JOURNAL_NO_NUMBER;
    if (journal_list_rotated(s->fs, &s->names, &list, &err) != JFS_OK) {
        note(s, "cannot list the rotated journals: %s", err.message);
        return last;
    }
    if (list.count > 0) {
        JournalLines lines;
        const char *path = list.items[list.count - 1].path;
        int rc = journal_lines_open(&lines, s->fs, path, &err);
        for (bool more = rc == JFS_OK; more;) {
            JournalLine line;
            long long seq;
            rc = journal_lines_next(&lines, &line, &more, &err);
            if (rc != JFS_OK)
                break;
            if (more && line.complete && journal_line_seq(line.text, line.length, &seq))
                last = seq;
        }
        if (rc != JFS_OK)
            note(s, "cannot read %s: %s", path, err.message);
        else if (lines.damaged)
            note(s, "%s is damaged: read up to the damage", path);
        if (lines.fs != NULL)
            journal_lines_close(&lines);
    }
    journal_rotated_list_free(&list);
    return last;
}

/* Cuts a torn or unreadable last line; finishes a rotation a crash interrupted. */
static void repair_live(JournalStore *s, LiveScan *scan, uint64_t file_size)
{
    uint64_t keep = scan->whole_end;
    long long live_last = scan->last_seq;
    if (scan->has_last) {
        JournalRecord record;
        char why[128];
        journal_record_init(&record);
        if (journal_record_parse(scan->last, scan->last_length, &record, why, sizeof why) < 0) {
            keep = scan->last_start; /* not a record: a write cut short, or zeros */
            live_last = scan->seq_before_last;
            note(s, "the journal's last line was not a record (%s): cut off", why);
        }
        journal_record_free(&record);
    }
    if (scan->torn_bytes > 0)
        note(s, "the journal's last line was incomplete (%lu bytes, a write cut short): cut off",
             (unsigned long)scan->torn_bytes);

    s->cut_at_open = file_size - keep;
    long long rotated_last = newest_rotated_seq(s);
    if (scan->first_seq != JOURNAL_NO_NUMBER && live_last != JOURNAL_NO_NUMBER
        && rotated_last >= live_last) {
        keep = 0; /* every record is in the newest rotated file already */
        s->emptied_at_open = true;
        note(s, "finished a rotation that was interrupted: emptied %s, whose records were "
             "all in the newest rotated file", s->names.live);
    } else if (scan->first_seq != JOURNAL_NO_NUMBER && rotated_last >= scan->first_seq) {
        char first[24], last[24];
        note(s, "records %s to %s are both in %s and in the newest rotated file",
             seq_text(scan->first_seq, first), seq_text(rotated_last, last), s->names.live);
    }
    s->seq = live_last > rotated_last ? live_last : rotated_last;
    if (s->seq < 0)
        s->seq = 0;

    s->size = keep;
    if (keep < file_size) {
        JfsError err;
        if (cut_back(s, &err) != JFS_OK)
            note(s, "cannot cut the journal yet (it will be before the next record): %s",
                 err.message);
    }
}

JournalStatus journal_store_open(JournalStore *store, JournalFs *fs, const char *path,
                                 const JournalStoreOptions *options)
{
    JournalStore *s = store;
    JfsError err;
    memset(s, 0, sizeof *s);
    s->fs = fs;
    if (options != NULL)
        s->options = *options;
    else
        journal_store_options_default(&s->options);
    if (s->options.max_bytes == 0)
        s->options.max_bytes = 1;
    if (s->options.keep == 0)
        s->options.keep = 1;
    if (journal_names_init(&s->names, path) != JFS_OK) {
        note(s, "cannot open the journal: out of memory");
        return JOURNAL_ERROR;
    }

    char *tmp_name = journal_names_temporary(&s->names);
    char *tmp_path = tmp_name != NULL ? journal_names_join(&s->names, tmp_name) : NULL;
    int rc = tmp_path != NULL ? jfs_remove(fs, tmp_path, &err) : JFS_NO_MEMORY;
    if (rc == JFS_OK)
        note(s, "removed %s, left by a rotation that was interrupted", tmp_name);
    else if (rc != JFS_NOT_FOUND)
        note(s, "cannot remove the temporary file of an interrupted rotation: %s",
             rc == JFS_NO_MEMORY ? "out of memory" : err.message);
    free(tmp_name);
    free(tmp_path);

    uint64_t file_size = 0;
    rc = jfs_open(fs, path, JFS_APPEND, &s->live, &err);
    if (rc == JFS_OK)
        rc = jfs_size(fs, s->live, &file_size, &err);
    LiveScan scan = { .first_seq = JOURNAL_NO_NUMBER, .last_seq = JOURNAL_NO_NUMBER,
                      .seq_before_last = JOURNAL_NO_NUMBER };
    if (rc == JFS_OK)
        rc = scan_live(s, &scan, &err);
    if (rc != JFS_OK) {
        s->message[0] = '\0';
        note(s, "cannot open the journal: %s", err.message);
        jfs_close(fs, s->live);
        free(scan.last);
        journal_names_free(&s->names);
        s->live = NULL;
        return JOURNAL_ERROR;
    }
    /* The scan read the file through another handle: it ends where the scan ended. */
    if (scan.whole_end + scan.torn_bytes > file_size)
        file_size = scan.whole_end + scan.torn_bytes;
    repair_live(s, &scan, file_size);
    free(scan.last);
    return s->message[0] != '\0' ? JOURNAL_WARNING : JOURNAL_OK;
}

/* ---- append, retry, close ------------------------------------------------------ */

JournalStatus journal_store_append(JournalStore *s, const char *line, size_t length)
{
    s->message[0] = '\0';
    if (s->live == NULL) {
        note(s, "the journal is not open");
        return JOURNAL_ERROR;
    }
    if (length > 0 && line[length - 1] == '\n')
        length--;
    if (length < 2 || line[0] != '{' || line[length - 1] != '}'
        || memchr(line, '\n', length) != NULL) {
        note(s, "not a journal record: one JSON object on one line is expected");
        return JOURNAL_ERROR;
    }
    /* When memory for waiting records is full, writing them first makes room. */
    if (!queue_record(s, line, length)
        && (write_pending(s) != JOURNAL_OK || !queue_record(s, line, length))) {
        s->seq++; /* the gap in seq shows the loss to every reader */
        s->lost++;
        note(s, "a journal record was lost: %lu earlier record(s) wait in memory and no "
             "more fit (%lu lost so far)", (unsigned long)s->pending_count, s->lost);
        return JOURNAL_ERROR;
    }
    s->seq++;
    if (write_pending(s) != JOURNAL_OK) {
        note(s, "%lu record(s) wait in memory and will be written with the next",
             (unsigned long)s->pending_count);
        return JOURNAL_ERROR;
    }
    if (s->size >= s->options.max_bytes)
        return rotate(s);
    return JOURNAL_OK;
}

JournalStatus journal_store_retry(JournalStore *s)
{
    s->message[0] = '\0';
    if (s->live == NULL || s->pending_length == 0)
        return JOURNAL_OK;
    if (write_pending(s) != JOURNAL_OK)
        return JOURNAL_ERROR;
    if (s->size >= s->options.max_bytes)
        return rotate(s);
    return JOURNAL_OK;
}

JournalStatus journal_store_close(JournalStore *s)
{
    JournalStatus status = JOURNAL_OK;
    s->message[0] = '\0';
    if (s->live != NULL && write_pending(s) != JOURNAL_OK) {
        note(s, "%lu journal record(s) were lost at close", (unsigned long)s->pending_count);
        status = JOURNAL_ERROR;
    }
    if (s->live != NULL)
        jfs_close(s->fs, s->live);
    s->live = NULL;
    free(s->pending);
    s->pending = NULL;
    s->pending_length = s->pending_capacity = s->pending_count = 0;
    journal_names_free(&s->names);
    return status;
}
