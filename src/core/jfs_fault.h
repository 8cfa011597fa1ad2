/*
 * jfs_fault.h - a JournalFs that passes every call to another one, except those it is
 * told to fail: the tests' way to reach the error paths (SQLite's fault injection).
 *
 * Three ways to fail, combinable:
 *   - fail_at = N: the Nth counted call of fail_op (or of any operation, JFS_OP_ANY)
 *     fails with fail_status and does nothing;
 *   - crash = true with fail_at: from the Nth call on, every call fails, as if the
 *     process had died there and nothing more reached the disk;
 *   - disk_full = true: every write stores only the first half of its bytes, then
 *     fails with JFS_NO_SPACE, as a real full disk does part-way through a write.
 * Calls are counted per operation and in total, from creation or jfs_fault_reset();
 * close() is never failed (it cannot fail), but is counted.
 * Portable: the lead's Wine tests may wrap the Win32 JournalFs with it too.
 */
#ifndef OMAMORI_JFS_FAULT_H
#define OMAMORI_JFS_FAULT_H

#include <stdbool.h>

#include "jfs.h"

typedef enum JfsOp {
    JFS_OP_OPEN,
    JFS_OP_READ,
    JFS_OP_WRITE,
    JFS_OP_FLUSH,
    JFS_OP_SIZE,
    JFS_OP_TRUNCATE,
    JFS_OP_CLOSE,
    JFS_OP_RENAME,
    JFS_OP_REMOVE,
    JFS_OP_LIST,
    JFS_OP_COUNT,
    JFS_OP_ANY = JFS_OP_COUNT
} JfsOp;

typedef struct JfsFault {
    JournalFs base;           /* first: a JfsFault * is a JournalFs * */
    JournalFs *inner;         /* borrowed */
    JfsOp fail_op;            /* which operation is counted for fail_at */
    unsigned long fail_at;    /* 1-based; 0 never fails */
    int fail_status;          /* what the failing call returns; JFS_IO by default */
    bool crash;               /* every call from fail_at on fails */
    bool disk_full;
    unsigned long calls[JFS_OP_COUNT]; /* calls seen, per operation */
    unsigned long counted;    /* calls of fail_op (all but close for JFS_OP_ANY) */
    unsigned long failures;   /* calls made to fail */
} JfsFault;

/* Wraps inner with no faults armed. */
void jfs_fault_init(JfsFault *fault, JournalFs *inner);

/* Zeroes the counts and disarms every fault. */
void jfs_fault_reset(JfsFault *fault);

/* Arms one fault: the nth call of op fails (from then on when crash). Counts restart. */
void jfs_fault_arm(JfsFault *fault, JfsOp op, unsigned long nth, bool crash);

const char *jfs_op_name(JfsOp op);

#endif
