/*
 * proctree.c - see proctree.h.
 */
#include "proctree.h"

#include "procsnap.h"

/* Deeper than any real browser's tree; only a PID cycle would reach it. */
#define PROCTREE_MAX_DEPTH 32

const ProcessInfo *proctree_root_in(const ProcessSnapshot *snap, DWORD pid,
                                    ProcessStartedAt started_at)
{
    const ProcessInfo *start = procsnap_find(snap, pid);
    if (start == NULL)
        return NULL;
    const ProcessInfo *top = start;
    ULONGLONG top_started = 0, parent_started = 0;
    if (!started_at(top->pid, &top_started))
        return top;
    for (int depth = 0; depth < PROCTREE_MAX_DEPTH; depth++) {
        const ProcessInfo *parent = procsnap_find(snap, top->parent);
        /* A "parent" that started after top took a dead parent's PID: no parent. */
        if (parent == NULL || parent == top ||
            !procsnap_same_image(parent->image, start->image) ||
            !started_at(parent->pid, &parent_started) || parent_started > top_started)
            break;
        top = parent;
        top_started = parent_started;
    }
    return top;
}

bool proctree_root(DWORD pid, DWORD *root, wchar_t *image, size_t image_count)
{
    ProcessSnapshot snap;
    if (!procsnap_take(&snap))
        return false;
    const ProcessInfo *start = procsnap_find(&snap, pid);
    const ProcessInfo *top = proctree_root_in(&snap, pid, procsnap_started_at);
    if (top != NULL) {
        *root = top->pid;
        if (image != NULL && image_count > 0)
            lstrcpynW(image, start->image, (int)(image_count < MAX_PATH ? image_count : MAX_PATH));
    }
    procsnap_free(&snap);
    return top != NULL;
}
