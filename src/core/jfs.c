/* jfs.c - the parts of the file system seam shared by every implementation. */
#include "jfs.h"

#include <stdarg.h>
#include <stdio.h>

const char *jfs_status_name(int status)
{
    switch (status) {
    case JFS_OK: return "no error";
    case JFS_NOT_FOUND: return "not found";
    case JFS_NO_SPACE: return "disk full";
    case JFS_DENIED: return "access denied";
    case JFS_NO_MEMORY: return "out of memory";
    default: return "input/output error";
    }
}

int jfs_fail(JfsError *err, int status, const char *format, ...)
{
    if (err != NULL) {
        va_list args;
        va_start(args, format);
        vsnprintf(err->message, sizeof err->message, format, args);
        va_end(args);
    }
    return status;
}
