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

#include "procsnap.h"

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

/* The processes now (caller frees *out); false when there is no (complete) snapshot:
   a partial list would report the rest as new next time. */
static bool snapshot(Seen **out, size_t *count)
{
    ProcessSnapshot snap;
    if (!procsnap_take(&snap))
        return false;
    *out = malloc(snap.count * sizeof **out);
    if (*out == NULL) {
        procsnap_free(&snap);
        return false;
    }
    for (size_t i = 0; i < snap.count; i++) {
        Seen *s = &(*out)[i];
        s->pid = snap.items[i].pid;
        s->parent = snap.items[i].parent;
        lstrcpynW(s->image, snap.items[i].image, MAX_PATH);
        s->image_hash = image_hash(s->image);
    }
    *count = snap.count;
    procsnap_free(&snap);
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
