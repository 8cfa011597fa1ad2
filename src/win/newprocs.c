/*
 * newprocs.c - see newprocs.h.
 *
 * A process is known by its PID and a hash of its image name, so a PID reused by
 * another program counts as new. Each look is a few hundred entries; the comparison
 * is a linear search per process, cheap at that size and far below the snapshot's own
 * cost.
 */
#include "newprocs.h"

#include <stdlib.h>
#include <tlhelp32.h>

typedef struct Seen {
    DWORD pid;
    DWORD parent;
    uint32_t image_hash;
    wchar_t image[MAX_PATH];
} Seen;

/* FNV-1a over the name's UTF-16 units, ASCII case folded. */
static uint32_t image_hash(const wchar_t *image)
{
    uint32_t hash = 2166136261u;
    for (const wchar_t *p = image; *p != L'\0'; p++) {
        uint32_t c = *p >= L'a' && *p <= L'z' ? (uint32_t)(*p - L'a' + L'A') : (uint32_t)*p;
        hash = (hash ^ c) * 16777619u;
    }
    return hash;
}

/* The processes now (caller frees *out); false when there is no snapshot. */
static bool snapshot(Seen **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snap == INVALID_HANDLE_VALUE)
        return false;
    size_t capacity = 0;
    bool ok = true;
    PROCESSENTRY32W entry = {.dwSize = sizeof entry};
    for (BOOL more = Process32FirstW(snap, &entry); more; more = Process32NextW(snap, &entry)) {
        if (*count == capacity) {
            capacity = capacity ? capacity * 2 : 256;
            Seen *grown = realloc(*out, capacity * sizeof *grown);
            if (grown == NULL) {
                ok = false; /* a partial list would report the rest as new next time */
                break;
            }
            *out = grown;
        }
        Seen *s = &(*out)[(*count)++];
        s->pid = entry.th32ProcessID;
        s->parent = entry.th32ParentProcessID;
        lstrcpynW(s->image, entry.szExeFile, MAX_PATH);
        s->image_hash = image_hash(s->image);
    }
    CloseHandle(snap);
    if (!ok || *count == 0) {
        free(*out);
        *out = NULL;
        return false;
    }
    return true;
}

static bool seen_before(const NewProcs *np, const Seen *s)
{
    for (size_t i = 0; i < np->count; i++) {
        if (np->pids[i] == s->pid && np->images[i] == s->image_hash)
            return true;
    }
    return false;
}

static const Seen *find(const Seen *list, size_t count, DWORD pid)
{
    for (size_t i = 0; i < count; i++) {
        if (list[i].pid == pid)
            return &list[i];
    }
    return NULL;
}

void newprocs_init(NewProcs *np)
{
    ZeroMemory(np, sizeof *np);
}

void newprocs_reset(NewProcs *np)
{
    free(np->pids);
    free(np->images);
    newprocs_init(np);
}

bool newprocs_look(NewProcs *np, NewProcessFound found, void *context)
{
    Seen *now;
    size_t count;
    if (!snapshot(&now, &count))
        return false;
    DWORD *pids = malloc(count * sizeof *pids);
    uint32_t *images = malloc(count * sizeof *images);
    if (pids == NULL || images == NULL) {
        free(pids);
        free(images);
        free(now);
        return false;
    }
    for (size_t i = 0; i < count; i++) {
        pids[i] = now[i].pid;
        images[i] = now[i].image_hash;
    }
    if (np->primed && found != NULL) {
        for (size_t i = 0; i < count; i++) {
            if (seen_before(np, &now[i]))
                continue;
            const Seen *parent = find(now, count, now[i].parent);
            NewProcess p = {now[i].pid, now[i].parent, now[i].image,
                            parent != NULL && parent != &now[i] ? parent->image : L""};
            found(context, &p);
        }
    }
    free(np->pids);
    free(np->images);
    np->pids = pids;
    np->images = images;
    np->count = count;
    np->primed = true;
    free(now);
    return true;
}
