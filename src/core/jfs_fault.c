/* jfs_fault.c - see jfs_fault.h. */
#include "jfs_fault.h"

#include <string.h>

static JfsFault *fault_of(JournalFs *fs)
{
    return (JfsFault *)(void *)fs; /* base is the first member */
}

const char *jfs_op_name(JfsOp op)
{
    static const char *const NAMES[] = { "open", "read", "write", "flush", "size",
                                         "truncate", "close", "rename", "remove", "list" };
    return op < JFS_OP_COUNT ? NAMES[op] : "any";
}

/* Counts the call; true when it must fail. */
static bool must_fail(JfsFault *f, JfsOp op)
{
    f->calls[op]++;
    if (op == JFS_OP_CLOSE)
        return false;
    bool counts = f->fail_op == JFS_OP_ANY || f->fail_op == op;
    if (counts)
        f->counted++;
    if (f->fail_at == 0)
        return false;
    /* Once crashed, calls of every operation fail, counted or not. */
    bool hit = f->crash ? f->counted >= f->fail_at : counts && f->counted == f->fail_at;
    if (hit)
        f->failures++;
    return hit;
}

static int injected(JfsFault *f, JfsOp op, JfsError *err)
{
    return jfs_fail(err, f->fail_status, "injected failure of %s (call %lu)", jfs_op_name(op),
                    f->calls[op]);
}

static int fault_open(JournalFs *fs, const char *path, JfsOpenMode mode, JfsFile **file,
                      JfsError *err)
{
    JfsFault *f = fault_of(fs);
    if (must_fail(f, JFS_OP_OPEN))
        return injected(f, JFS_OP_OPEN, err);
    return jfs_open(f->inner, path, mode, file, err);
}

static int fault_read(JournalFs *fs, JfsFile *file, void *buffer, size_t capacity, size_t *got,
                      JfsError *err)
{
    JfsFault *f = fault_of(fs);
    if (must_fail(f, JFS_OP_READ))
        return injected(f, JFS_OP_READ, err);
    return jfs_read(f->inner, file, buffer, capacity, got, err);
}

static int fault_write(JournalFs *fs, JfsFile *file, const void *data, size_t length,
                       JfsError *err)
{
    JfsFault *f = fault_of(fs);
    if (must_fail(f, JFS_OP_WRITE))
        return injected(f, JFS_OP_WRITE, err);
    if (f->disk_full) {
        f->failures++;
        if (length / 2 > 0 && jfs_write(f->inner, file, data, length / 2, err) != JFS_OK)
            return JFS_IO;
        return jfs_fail(err, JFS_NO_SPACE, "cannot write: No space left on device (injected)");
    }
    return jfs_write(f->inner, file, data, length, err);
}

static int fault_flush(JournalFs *fs, JfsFile *file, JfsError *err)
{
    JfsFault *f = fault_of(fs);
    if (must_fail(f, JFS_OP_FLUSH))
        return injected(f, JFS_OP_FLUSH, err);
    return jfs_flush(f->inner, file, err);
}

static int fault_size(JournalFs *fs, JfsFile *file, uint64_t *bytes, JfsError *err)
{
    JfsFault *f = fault_of(fs);
    if (must_fail(f, JFS_OP_SIZE))
        return injected(f, JFS_OP_SIZE, err);
    return jfs_size(f->inner, file, bytes, err);
}

static int fault_truncate(JournalFs *fs, JfsFile *file, uint64_t length, JfsError *err)
{
    JfsFault *f = fault_of(fs);
    if (must_fail(f, JFS_OP_TRUNCATE))
        return injected(f, JFS_OP_TRUNCATE, err);
    return jfs_truncate(f->inner, file, length, err);
}

static void fault_close(JournalFs *fs, JfsFile *file)
{
    JfsFault *f = fault_of(fs);
    must_fail(f, JFS_OP_CLOSE);
    jfs_close(f->inner, file);
}

static int fault_rename(JournalFs *fs, const char *from, const char *to, JfsError *err)
{
    JfsFault *f = fault_of(fs);
    if (must_fail(f, JFS_OP_RENAME))
        return injected(f, JFS_OP_RENAME, err);
    return jfs_rename(f->inner, from, to, err);
}

static int fault_remove(JournalFs *fs, const char *path, JfsError *err)
{
    JfsFault *f = fault_of(fs);
    if (must_fail(f, JFS_OP_REMOVE))
        return injected(f, JFS_OP_REMOVE, err);
    return jfs_remove(f->inner, path, err);
}

static int fault_list(JournalFs *fs, const char *folder, JfsNameFn each, void *context,
                      JfsError *err)
{
    JfsFault *f = fault_of(fs);
    if (must_fail(f, JFS_OP_LIST))
        return injected(f, JFS_OP_LIST, err);
    return jfs_list(f->inner, folder, each, context, err);
}

static const JournalFsVtable FAULT_VT = {
    .open = fault_open,
    .read = fault_read,
    .write = fault_write,
    .flush = fault_flush,
    .size = fault_size,
    .truncate = fault_truncate,
    .close = fault_close,
    .rename = fault_rename,
    .remove = fault_remove,
    .list = fault_list,
};

void jfs_fault_init(JfsFault *fault, JournalFs *inner)
{
    memset(fault, 0, sizeof *fault);
    fault->base.vt = &FAULT_VT;
    fault->inner = inner;
    jfs_fault_reset(fault);
}

void jfs_fault_reset(JfsFault *fault)
{
    memset(fault->calls, 0, sizeof fault->calls);
    fault->counted = 0;
    fault->failures = 0;
    fault->fail_op = JFS_OP_ANY;
    fault->fail_at = 0;
    fault->fail_status = JFS_IO;
    fault->crash = false;
    fault->disk_full = false;
}

void jfs_fault_arm(JfsFault *fault, JfsOp op, unsigned long nth, bool crash)
{
    jfs_fault_reset(fault);
    fault->fail_op = op;
    fault->fail_at = nth;
    fault->crash = crash;
}
