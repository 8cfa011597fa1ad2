/*
 * jfs_posix.c - the journal's file system seam on POSIX (Linux): the native tool and
 * the unit tests use it.
 *
 * Why it sits in src/core: the Makefile links every src/core file into both the native
 * tool and each unit test, and nothing else reaches both without a new Makefile rule.
 * The Windows build compiles every src/core file too, so the body is left out there
 * (_WIN32); the Win32 implementation lives in src/win. Nothing else in the core calls
 * it: a caller hands jfs_posix() to the store, as the daemon will hand its Win32 one.
 *
 * Durability: flush() is fsync(); rename() fsyncs the folder afterwards so that the
 * new name survives a power cut.
 */
#include "jfs.h"

#ifndef _WIN32

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct JfsFile {
    int fd;
    char *path; /* for messages */
};

static int status_of(int error)
{
    switch (error) {
    case ENOENT:
    case ENOTDIR: return JFS_NOT_FOUND;
    case ENOSPC:
    case EDQUOT:
    case EFBIG: return JFS_NO_SPACE;
    case EACCES:
    case EPERM:
    case EROFS: return JFS_DENIED;
    case ENOMEM: return JFS_NO_MEMORY;
    default: return JFS_IO;
    }
}

static int fail_errno(JfsError *err, const char *what, const char *path)
{
    int error = errno;
    return jfs_fail(err, status_of(error), "cannot %s %s: %s", what, path, strerror(error));
}

static int posix_open(JournalFs *fs, const char *path, JfsOpenMode mode, JfsFile **file,
                      JfsError *err)
{
    (void)fs;
    int flags = mode == JFS_READ ? O_RDONLY
              : mode == JFS_APPEND ? O_WRONLY | O_APPEND | O_CREAT
                                   : O_WRONLY | O_TRUNC | O_CREAT;
    JfsFile *f = malloc(sizeof *f);
    char *copy = strdup(path);
    if (f == NULL || copy == NULL) {
        free(f);
        free(copy);
        return jfs_fail(err, JFS_NO_MEMORY, "cannot open %s: out of memory", path);
    }
    int fd;
    do
        fd = open(path, flags | O_CLOEXEC, 0644);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        int rc = fail_errno(err, "open", path);
        free(f);
        free(copy);
        return rc;
    }
    f->fd = fd;
    f->path = copy;
    *file = f;
    return JFS_OK;
}

static int posix_read(JournalFs *fs, JfsFile *file, void *buffer, size_t capacity, size_t *got,
                      JfsError *err)
{
    (void)fs;
    ssize_t n;
    do
        n = read(file->fd, buffer, capacity);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return fail_errno(err, "read", file->path);
    *got = (size_t)n;
    return JFS_OK;
}

static int posix_write(JournalFs *fs, JfsFile *file, const void *data, size_t length,
                       JfsError *err)
{
    (void)fs;
    const char *p = data;
    while (length > 0) {
        ssize_t n = write(file->fd, p, length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail_errno(err, "write", file->path);
        if (n == 0) /* no progress and no reason: treat it as a full disk */
            return jfs_fail(err, JFS_NO_SPACE, "cannot write %s: nothing was written",
                            file->path);
        p += n;
        length -= (size_t)n;
    }
    return JFS_OK;
}

static int posix_flush(JournalFs *fs, JfsFile *file, JfsError *err)
{
    (void)fs;
    if (fsync(file->fd) != 0)
        return fail_errno(err, "flush", file->path);
    return JFS_OK;
}

static int posix_size(JournalFs *fs, JfsFile *file, uint64_t *bytes, JfsError *err)
{
    (void)fs;
    struct stat st;
    if (fstat(file->fd, &st) != 0)
        return fail_errno(err, "examine", file->path);
    *bytes = (uint64_t)st.st_size;
    return JFS_OK;
}

static int posix_truncate(JournalFs *fs, JfsFile *file, uint64_t length, JfsError *err)
{
    (void)fs;
    int rc;
    do
        rc = ftruncate(file->fd, (off_t)length);
    while (rc != 0 && errno == EINTR);
    if (rc != 0)
        return fail_errno(err, "truncate", file->path);
    return JFS_OK;
}

static void posix_close(JournalFs *fs, JfsFile *file)
{
    (void)fs;
    if (file == NULL)
        return;
    close(file->fd);
    free(file->path);
    free(file);
}

/* The folder part of path ("." when it has none), in a new string; NULL when out of
   memory. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *folder = malloc(n + 1);
    if (folder != NULL) {
        memcpy(folder, path, n);
        folder[n] = '\0';
    }
    return folder;
}

static int posix_rename(JournalFs *fs, const char *from, const char *to, JfsError *err)
{
    (void)fs;
    if (rename(from, to) != 0) {
        int error = errno;
        return jfs_fail(err, status_of(error), "cannot rename %s to %s: %s", from, to,
                        strerror(error));
    }
    /* The rename is in the folder's data: make that durable too. */
    char *folder = folder_of(to);
    if (folder == NULL)
        return jfs_fail(err, JFS_NO_MEMORY, "cannot flush the folder of %s: out of memory", to);
    int fd = open(folder, O_RDONLY | O_CLOEXEC);
    int rc = JFS_OK;
    if (fd < 0 || fsync(fd) != 0)
        rc = fail_errno(err, "flush the folder", folder);
    if (fd >= 0)
        close(fd);
    free(folder);
    return rc;
}

static int posix_remove(JournalFs *fs, const char *path, JfsError *err)
{
    (void)fs;
    if (unlink(path) != 0)
        return fail_errno(err, "remove", path);
    return JFS_OK;
}

static int posix_list(JournalFs *fs, const char *folder, JfsNameFn each, void *context,
                      JfsError *err)
{
    (void)fs;
    DIR *dir = opendir(folder);
    if (dir == NULL)
        return fail_errno(err, "list the folder", folder);
    int rc = JFS_OK;
    for (;;) {
        errno = 0;
        struct dirent *entry = readdir(dir);
        if (entry == NULL) {
            if (errno != 0)
                rc = fail_errno(err, "list the folder", folder);
            break;
        }
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        rc = each(context, entry->d_name);
        if (rc != 0) {
            jfs_fail(err, rc, "listing %s stopped: %s", folder, jfs_status_name(rc));
            break;
        }
    }
    closedir(dir);
    return rc;
}

static const JournalFsVtable POSIX_VT = {
    .open = posix_open,
    .read = posix_read,
    .write = posix_write,
    .flush = posix_flush,
    .size = posix_size,
    .truncate = posix_truncate,
    .close = posix_close,
    .rename = posix_rename,
    .remove = posix_remove,
    .list = posix_list,
};

static JournalFs posix_fs = { &POSIX_VT };

JournalFs *jfs_posix(void)
{
    return &posix_fs;
}

#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int jfs_posix_not_on_windows;
#endif
