/*
 * proctree.c - see proctree.h.
 */
#include "proctree.h"

#include <stdlib.h>
#include <tlhelp32.h>

/* Deeper than any real browser's tree; only a PID cycle would reach it. */
#define PROCTREE_MAX_DEPTH 32

typedef struct ProcessLink {
    DWORD pid;
    DWORD parent;
    wchar_t image[MAX_PATH];
} ProcessLink;

/* All processes of one snapshot (caller frees *links); false when none were read. */
static bool read_processes(ProcessLink **links, size_t *count)
{
    *links = NULL;
    *count = 0;
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snapshot == INVALID_HANDLE_VALUE)
        return false;
    size_t capacity = 0;
    PROCESSENTRY32W entry = {.dwSize = sizeof entry};
    for (BOOL more = Process32FirstW(snapshot, &entry); more;
         more = Process32NextW(snapshot, &entry)) {
        if (*count == capacity) {
            capacity = capacity ? capacity * 2 : 256;
            ProcessLink *grown = realloc(*links, capacity * sizeof *grown);
            if (grown == NULL)
                break; /* a partial list can only stop the walk early */
            *links = grown;
        }
        ProcessLink *link = &(*links)[(*count)++];
        link->pid = entry.th32ProcessID;
        link->parent = entry.th32ParentProcessID;
        lstrcpynW(link->image, entry.szExeFile, MAX_PATH);
    }
    CloseHandle(snapshot);
    return *count > 0;
}

static const ProcessLink *find_link(const ProcessLink *links, size_t count, DWORD pid)
{
    for (size_t i = 0; i < count; i++) {
        if (links[i].pid == pid)
            return &links[i];
    }
    return NULL;
}

bool proctree_root(DWORD pid, DWORD *root, wchar_t *image, size_t image_count)
{
    ProcessLink *links;
    size_t count;
    if (!read_processes(&links, &count)) {
        free(links);
        return false;
    }
    const ProcessLink *start = find_link(links, count, pid);
    bool found = start != NULL;
    if (found) {
        const ProcessLink *top = start;
        for (int depth = 0; depth < PROCTREE_MAX_DEPTH; depth++) {
            const ProcessLink *parent = find_link(links, count, top->parent);
            if (parent == NULL || parent == top ||
                CompareStringOrdinal(parent->image, -1, start->image, -1, TRUE) != CSTR_EQUAL)
                break;
            top = parent;
        }
        *root = top->pid;
        if (image != NULL && image_count > 0)
            lstrcpynW(image, start->image, (int)(image_count < MAX_PATH ? image_count : MAX_PATH));
    }
    free(links);
    return found;
}
