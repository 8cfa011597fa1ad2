/*
 * journalread.h - reading the journal: its files' names, their lines (plain or gzip,
 * through the JournalFs seam) and one record's fields.
 *
 * Shared by the writer (journalstore.c: the last seq, a torn last line), the history
 * (journalhistory.c) and omamori-score --journal.
 *
 * File names, for a live file <folder>/<stem>.jsonl:
 *   <stem>-YYYYMMDD-HHMMSS.jsonl.gz      a rotated file (UTC time of its rotation)
 *   <stem>-YYYYMMDD-HHMMSS-N.jsonl.gz    the Nth (N >= 2) rotated in the same second
 *   <stem>-rotating.jsonl.gz.tmp         a rotation under way (removed at open)
 * Rotated files sort by (time, N), which the writer keeps in the order of rotation.
 */
#ifndef OMAMORI_JOURNALREAD_H
#define OMAMORI_JOURNALREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zlib.h>

#include "jfs.h"

/* Lines longer than this are malformed: they are skipped, not held in memory. */
#define JOURNAL_LINE_MAX (1024 * 1024)

/* ---- names ------------------------------------------------------------------ */

typedef struct JournalNames {
    char *live;   /* the live file's path, as given */
    char *folder; /* "." when the path names no folder */
    char *stem;   /* the live file's name without ".jsonl" */
    char separator; /* '/' or '\\', as the path uses */
} JournalNames;

/* Splits live_path. Returns JFS_OK or JFS_NO_MEMORY (names then all NULL). */
int journal_names_init(JournalNames *names, const char *live_path);
void journal_names_free(JournalNames *names);

/* folder + separator + name, in a new string (caller frees); NULL when out of memory.
   A folder of "." is left out. */
char *journal_names_join(const JournalNames *names, const char *name);

/* Whether name is a rotated file of this journal; if so, its order key. */
bool journal_names_rotated_key(const JournalNames *names, const char *name, uint64_t *stamp,
                               unsigned *count);

/* A rotated file's name (no folder) for a stamp (YYYYMMDDHHMMSS as a number) and a
   count (1 for the first of its second), in a new string; NULL when out of memory. */
char *journal_names_rotated(const JournalNames *names, uint64_t stamp, unsigned count);

/* The name of the temporary file of a rotation under way (no folder), new string. */
char *journal_names_temporary(const JournalNames *names);

/* YYYYMMDDHHMMSS (UTC) of a time in milliseconds since 1970, as a number. */
uint64_t journal_stamp_of(long long unix_ms);

typedef struct JournalRotated {
    char *path;     /* full path */
    uint64_t stamp;
    unsigned count;
} JournalRotated;

typedef struct JournalRotatedList {
    JournalRotated *items; /* oldest first */
    size_t count;
} JournalRotatedList;

/* Lists the rotated files of the journal, oldest first. On failure the list is empty. */
int journal_list_rotated(JournalFs *fs, const JournalNames *names, JournalRotatedList *list,
                         JfsError *err);
void journal_rotated_list_free(JournalRotatedList *list);

/* ---- lines -------------------------------------------------------------------- */

typedef struct JournalLines {
    JournalFs *fs;
    JfsFile *file;
    bool gzip;        /* the file starts with gzip's magic bytes */
    bool damaged;     /* gzip data ended early or was corrupt: reading stopped there */
    bool raw_end;     /* the file itself has no more bytes */
    bool member_done; /* the last gzip member ended (a clean place to stop) */
    bool end;         /* no more decoded bytes */
    bool skipping;    /* dropping the rest of an over-long line */
    z_stream z;
    bool z_ready;
    unsigned char *in; /* raw bytes read from the file */
    size_t in_length;
    char *buf;        /* decoded bytes: buf[start..length) not yet returned */
    size_t start, length, capacity;
    uint64_t offset;  /* decoded offset of the next line's first byte */
} JournalLines;

typedef struct JournalLine {
    const char *text;  /* without its '\n'; valid until the next call */
    size_t length;
    bool complete;     /* it ended with '\n' (else: the file ended first) */
    bool too_long;     /* longer than JOURNAL_LINE_MAX: text holds its start only */
    uint64_t offset;   /* where it starts in the (decoded) file */
} JournalLine;

/* Opens path for reading lines; a gzip file (by its magic bytes) is decompressed. */
int journal_lines_open(JournalLines *lines, JournalFs *fs, const char *path, JfsError *err);

/* The next line into *line: returns JFS_OK and sets *more = false at the end. A read
   error is returned as it is; damaged gzip data ends the lines (lines->damaged). */
int journal_lines_next(JournalLines *lines, JournalLine *line, bool *more, JfsError *err);

void journal_lines_close(JournalLines *lines);

/* ---- records ------------------------------------------------------------------- */

#define JOURNAL_NO_NUMBER (-1LL)

typedef struct JournalRecord {
    long long seq;        /* JOURNAL_NO_NUMBER when absent (records before seq existed) */
    char *event;          /* never NULL in a parsed record */
    char *time;
    char *exe;
    char *title;
    char *title_hash;
    char *how;
    char *detail;
    char *verdict;
    long long pid, score, ms, survivors; /* JOURNAL_NO_NUMBER when absent */
    char *traits;         /* the reasons' traits, "a, b, c"; NULL when none */
} JournalRecord;

void journal_record_init(JournalRecord *record);
void journal_record_free(JournalRecord *record);

/*
 * Parses one line into *record (initialised). A record is a JSON object with a string
 * "event"; other fields are optional and unknown ones are ignored. Returns 0, or -1
 * with a short English reason in err and *record empty.
 */
int journal_record_parse(const char *line, size_t length, JournalRecord *record, char *err,
                         size_t errlen);

/* The seq of a line the store wrote (it starts {"seq":N,), without a full parse.
   False for any other line. */
bool journal_line_seq(const char *line, size_t length, long long *seq);

#endif
