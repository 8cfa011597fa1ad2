/*
 * journalstore.h - the journal writer: whole records, numbered, flushed, rotated.
 *
 * Job: append the JSON lines journal.c formats to the live journal file so that no
 * complete record is ever lost, and keep the file small by rotating it into gzip files.
 * Every file operation goes through a JournalFs (jfs.h): the daemon passes the Win32
 * one, the tool and the tests the POSIX one, the tests also the fault-injecting one.
 *
 * Guarantees (each has a test in tests/unit/test_journalstore.c):
 *   - seq: the store puts "seq":N first in every record (the caller's line must be
 *     one JSON object). N goes up by one per record accepted and continues across
 *     reopening and rotation: at open it is the largest of the live file's last seq
 *     and the newest rotated file's last seq. A gap in seq means records were lost
 *     (see pending below, and a process killed while records were pending).
 *   - whole and durable: a record is written with one write and flushed before
 *     journal_store_append returns JOURNAL_OK. When a write or flush fails, the file
 *     is cut back to its last whole record (or, when even that fails, before the next
 *     write), so a failure never leaves half a line for the next record to join.
 *   - torn last line: a process killed mid-write leaves at most one partial last line;
 *     at open it is cut off, and so is a last line that is not a JSON object (a crash
 *     can leave zeros); the store's message says how many bytes, for the caller to
 *     journal. Lines inside the file are never changed.
 *   - rotation: when the live file reaches max_bytes after an append, its whole
 *     records are compressed (gzip, zcat reads it) into <stem>-rotating.jsonl.gz.tmp,
 *     flushed, renamed to <stem>-YYYYMMDD-HHMMSS[-N].jsonl.gz (a name sorting after
 *     every existing one), and only then is the live file emptied; then the oldest
 *     rotated files beyond keep are removed. A crash at any step leaves each record in
 *     the live file or in a complete .gz: a leftover .tmp is removed at open, and a
 *     live file whose records are all in the newest .gz (a crash between the rename
 *     and emptying it) is emptied at open, so no record is kept twice. A rotation
 *     that fails is reported as a warning and tried again at the next append.
 *   - a full disk (or any write failure): journal_store_append returns JOURNAL_ERROR
 *     with a clear message, and the record is kept in memory, in order, and written
 *     before the next record (or by journal_store_retry). Up to pending_max bytes are
 *     kept; a record beyond that is dropped, counted in lost, and said so: never
 *     silently.
 * Not thread-safe: one store, one thread (the daemon's UI thread).
 */
#ifndef OMAMORI_JOURNALSTORE_H
#define OMAMORI_JOURNALSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jfs.h"
#include "journalread.h"

#define JOURNAL_DEFAULT_MAX_BYTES (1024u * 1024u)
#define JOURNAL_DEFAULT_KEEP 10u
#define JOURNAL_DEFAULT_PENDING_MAX (256u * 1024u)

typedef struct JournalStoreOptions {
    uint64_t max_bytes;   /* rotate when the live file reaches this; at least 1 */
    unsigned keep;        /* newest rotated files kept; at least 1 */
    size_t pending_max;   /* bytes of unwritten records kept for a retry */
    /* UTC milliseconds since 1970, for the rotated files' names; NULL: time(). */
    long long (*clock_ms)(void *context);
    void *clock_context;
} JournalStoreOptions;

typedef enum JournalStatus {
    JOURNAL_ERROR = -1, /* not done; message says why */
    JOURNAL_OK = 0,
    JOURNAL_WARNING = 1 /* done, but message reports something to journal */
} JournalStatus;

#define JOURNAL_MESSAGE_SIZE 1024

typedef struct JournalStore {
    JournalFs *fs;             /* borrowed until journal_store_close */
    JournalNames names;
    JournalStoreOptions options;
    JfsFile *live;             /* open for appending; NULL when closed */
    uint64_t size;             /* bytes of whole records in the live file */
    bool repair;               /* the file may hold bytes past size: cut before writing */
    long long seq;             /* the last seq given */
    char *pending;             /* records with a seq, not yet written: whole lines */
    size_t pending_length, pending_capacity;
    size_t pending_count;
    unsigned long lost;        /* records dropped because pending was full */
    unsigned long rotations;   /* rotations completed since open */
    uint64_t cut_at_open;      /* bytes of a torn last line cut off at open */
    bool emptied_at_open;      /* open finished a rotation a crash interrupted */
    char message[JOURNAL_MESSAGE_SIZE]; /* the last call's warnings or error, English */
} JournalStore;

/* max_bytes 1 MiB, keep 10, pending_max 256 KiB, the clock time(). */
void journal_store_options_default(JournalStoreOptions *options);

/*
 * Opens (creating it if needed) the live journal at path (UTF-8) and repairs what a
 * crash left (see above). options may be NULL for the defaults. JOURNAL_WARNING: open,
 * with repairs reported in store->message. JOURNAL_ERROR: not open (message says
 * why); the store needs no close then.
 */
JournalStatus journal_store_open(JournalStore *store, JournalFs *fs, const char *path,
                                 const JournalStoreOptions *options);

/*
 * Appends one record: line is one JSON object ({...}), with or without its final
 * '\n', holding no other newline. JOURNAL_OK: written and flushed.
 * JOURNAL_WARNING: written and flushed, but the rotation that followed failed.
 * JOURNAL_ERROR: not on disk. Either the line is not one object (a caller's bug,
 * nothing kept), or writing failed and the record waits in memory for the next
 * append or journal_store_retry, or memory for waiting records is full and it is lost.
 */
JournalStatus journal_store_append(JournalStore *store, const char *line, size_t length);

/* Writes the records waiting in memory, if any. */
JournalStatus journal_store_retry(JournalStore *store);

/* Writes what waits (JOURNAL_ERROR when that fails: those records are lost), closes
   the file and frees everything. The store can be opened again afterwards. */
JournalStatus journal_store_close(JournalStore *store);

#endif
