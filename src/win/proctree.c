/*
 * proctree.c - see proctree.h.
 */
#include "proctree.h"

#include "procsnap.h"

/* Deeper than any real browser's tree; only a PID cycle would reach it. */
#define PROCTREE_MAX_DEPTH 32

bool proctree_root(DWORD pid, DWORD *root, wchar_t *image, size_t image_count)
{
    ProcessSnapshot snap;
    if (!procsnap_take(&snap))
        return false;
    const ProcessInfo *start = procsnap_find(&snap, pid);
    bool found = start != NULL;
    if (found) {
        const ProcessInfo *top = start;
        for (int depth = 0; depth < PROCTREE_MAX_DEPTH; depth++) {
            const ProcessInfo *parent = procsnap_find(&snap, top->parent);
            if (parent == NULL || parent == top ||
                !procsnap_same_image(parent->image, start->image))
                break;
            top = parent;
        }
        *root = top->pid;
        if (image != NULL && image_count > 0)
            lstrcpynW(image, start->image, (int)(image_count < MAX_PATH ? image_count : MAX_PATH));
    }
    procsnap_free(&snap);
    return found;
}
