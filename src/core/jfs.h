/*
 * jfs.h - the journal's file system seam (in the manner of SQLite's VFS).
 *
 * The journal store and its readers never call the OS: every file operation they
 * need goes through a JournalFs, a struct holding a pointer to a table of functions.
 * Implementations:
 *   - jfs_posix.c   POSIX, for the native tool and the unit tests (Linux only);
 *   - jfs_fault.c   a wrapper that makes chosen calls fail (tests of error paths);
 *   - src/win/      Win32, written against this table (UTF-8 paths converted there).
 * An implementation embeds JournalFs as its first member and gets back to itself with
 * a cast (or container_of).
 *
 * Contract, for every implementation:
 *   - paths are UTF-8, absolute or relative, with '/' (or on Windows '\\') between
 *     folders; the core joins a folder and a name with the separator the path already
 *     uses;
 *   - every function returns JFS_OK (0) or a JfsStatus saying what kind of failure,
 *     and on failure writes one English line into err->message (when err is not NULL)
 *     naming the operation, the path and the OS's reason, e.g.
 *     "cannot write journal.jsonl: No space left on device". OS error codes never
 *     leave the implementation;
 *   - a failing function leaves its out-parameters untouched;
 *   - nothing here is thread-safe: one JournalFs and its files belong to one thread.
 */
#ifndef OMAMORI_JFS_H
#define OMAMORI_JFS_H

#include <stddef.h>
#include <stdint.h>

typedef enum JfsStatus {
    JFS_OK = 0,
    JFS_NOT_FOUND = 1, /* no such file or folder */
    JFS_NO_SPACE = 2,  /* the disk or the quota is full */
    JFS_DENIED = 3,    /* access denied, sharing violation, read-only medium */
    JFS_NO_MEMORY = 4,
    JFS_IO = 5         /* any other failure */
} JfsStatus;

#define JFS_MESSAGE_SIZE 320

typedef struct JfsError {
    char message[JFS_MESSAGE_SIZE]; /* set on failure; NUL-terminated */
} JfsError;

typedef enum JfsOpenMode {
    JFS_READ,   /* reading from the start; the file must exist */
    JFS_APPEND, /* writing at the end, created when missing; see write and truncate */
    JFS_CREATE  /* writing, created when missing, emptied when present */
} JfsOpenMode;

/* An open file; what it holds is up to the implementation (a descriptor, a HANDLE). */
typedef struct JfsFile JfsFile;

typedef struct JournalFs JournalFs;

/* Called by list() once per name; a non-zero return stops the listing and list()
   returns that value (so callbacks return a JfsStatus, e.g. JFS_NO_MEMORY). */
typedef int (*JfsNameFn)(void *context, const char *name);

typedef struct JournalFsVtable {
    /* Opens path. On success sets *file (closed with close()). A missing file is
       JFS_NOT_FOUND for JFS_READ; a missing folder is JFS_NOT_FOUND in every mode. */
    int (*open)(JournalFs *fs, const char *path, JfsOpenMode mode, JfsFile **file,
                JfsError *err);

    /* Reads up to capacity bytes at the file's position and advances it. *got is 0
       only at the end of the file. Short reads are allowed. */
    int (*read)(JournalFs *fs, JfsFile *file, void *buffer, size_t capacity, size_t *got,
                JfsError *err);

    /* Writes all length bytes, or fails. In JFS_APPEND mode they go at the end of the
       file as it is now (after a truncate too). On failure some leading part of the
       bytes may have been written: the caller truncates back. A full disk is
       JFS_NO_SPACE. */
    int (*write)(JournalFs *fs, JfsFile *file, const void *data, size_t length,
                 JfsError *err);

    /* Makes what was written (and a truncation) durable: fsync, FlushFileBuffers. */
    int (*flush)(JournalFs *fs, JfsFile *file, JfsError *err);

    /* The file's current size in bytes. */
    int (*size)(JournalFs *fs, JfsFile *file, uint64_t *bytes, JfsError *err);

    /* Cuts the file (opened JFS_APPEND or JFS_CREATE) to length bytes. Not durable
       until flush(). */
    int (*truncate)(JournalFs *fs, JfsFile *file, uint64_t length, JfsError *err);

    /* Closes the file (NULL is allowed and does nothing). Never fails: a close error
       after flush() has nothing left to lose. */
    void (*close)(JournalFs *fs, JfsFile *file);

    /* Renames from to to, replacing to when it exists, durably (POSIX fsyncs the
       folder; Win32 uses MOVEFILE_WRITE_THROUGH). Both are in the same folder and
       neither is open. */
    int (*rename)(JournalFs *fs, const char *from, const char *to, JfsError *err);

    /* Deletes path (not open). A missing file is JFS_NOT_FOUND. */
    int (*remove)(JournalFs *fs, const char *path, JfsError *err);

    /* Calls each(context, name) for every entry of folder except "." and "..", in no
       particular order, with the bare name (no folder). */
    int (*list)(JournalFs *fs, const char *folder, JfsNameFn each, void *context,
                JfsError *err);
} JournalFsVtable;

struct JournalFs {
    const JournalFsVtable *vt;
};

static inline int jfs_open(JournalFs *fs, const char *path, JfsOpenMode mode, JfsFile **file,
                           JfsError *err)
{
    return fs->vt->open(fs, path, mode, file, err);
}
static inline int jfs_read(JournalFs *fs, JfsFile *file, void *buffer, size_t capacity,
                           size_t *got, JfsError *err)
{
    return fs->vt->read(fs, file, buffer, capacity, got, err);
}
static inline int jfs_write(JournalFs *fs, JfsFile *file, const void *data, size_t length,
                            JfsError *err)
{
    return fs->vt->write(fs, file, data, length, err);
}
static inline int jfs_flush(JournalFs *fs, JfsFile *file, JfsError *err)
{
    return fs->vt->flush(fs, file, err);
}
static inline int jfs_size(JournalFs *fs, JfsFile *file, uint64_t *bytes, JfsError *err)
{
    return fs->vt->size(fs, file, bytes, err);
}
static inline int jfs_truncate(JournalFs *fs, JfsFile *file, uint64_t length, JfsError *err)
{
    return fs->vt->truncate(fs, file, length, err);
}
static inline void jfs_close(JournalFs *fs, JfsFile *file)
{
    fs->vt->close(fs, file);
}
static inline int jfs_rename(JournalFs *fs, const char *from, const char *to, JfsError *err)
{
    return fs->vt->rename(fs, from, to, err);
}
static inline int jfs_remove(JournalFs *fs, const char *path, JfsError *err)
{
    return fs->vt->remove(fs, path, err);
}
static inline int jfs_list(JournalFs *fs, const char *folder, JfsNameFn each, void *context,
                           JfsError *err)
{
    return fs->vt->list(fs, folder, each, context, err);
}

/* A short English name of a status, e.g. "disk full". */
const char *jfs_status_name(int status);

/* Writes a message into err (when not NULL) and returns status: for implementations. */
int jfs_fail(JfsError *err, int status, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The POSIX implementation (jfs_posix.c); not built for Windows. One shared instance:
   it holds no state. */
#ifndef _WIN32
JournalFs *jfs_posix(void);
#endif

#endif
