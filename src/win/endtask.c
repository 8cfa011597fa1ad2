/*
 * endtask.c - see endtask.h.
 *
 * The process list comes from one Toolhelp snapshot, so the tree is consistent with
 * itself even while the browser is starting or ending processes. But a snapshot is
 * only names and numbers: by the time we act on it a PID may name another process.
 * So each process is judged on an open handle, which pins its PID for as long as we
 * hold it, and a parent link counts only when the parent is older than the child.
 *
 * Limits: a process the browser starts after the snapshot is not in the tree (a real
 * browser's helpers exit with it), and at most ENDTASK_MAX_PROCESSES are ended.
 */
#include "endtask.h"

#include <stdlib.h>

#include "procsnap.h"

/* After TerminateProcess, how long to wait for the exits before counting survivors. */
#define ENDTASK_EXIT_WAIT_MS 2000
/* Parent links followed upwards at most; only a corrupt list could need more. */
#define ENDTASK_MAX_DEPTH 64

typedef struct ProcessEntry {
    DWORD pid;
    DWORD parent;
    wchar_t image[MAX_PATH];
    bool inspected;    /* open_if_endable() has run on it */
    bool taken;        /* its handle now belongs to the task */
    HANDLE handle;     /* NULL: gone, or not ours to end */
    ULONGLONG created; /* creation time in FILETIME units; set with handle */
} ProcessEntry;

typedef struct ProcessList {
    ProcessEntry *entries;
    size_t count;
} ProcessList;

/* A TOKEN_USER with room for the largest SID it can point to. */
typedef union TokenUserBuffer {
    TOKEN_USER user;
    BYTE bytes[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
} TokenUserBuffer;

/* Who omamori runs as: only processes of the same logon session and user are ended,
   even if an administrator's omamori could open more. */
typedef struct Owner {
    DWORD session;
    TokenUserBuffer token;
} Owner;

/* The process list, each entry ready to be judged. False when there is none. */
static bool snapshot_processes(ProcessList *list)
{
    ProcessSnapshot snap;
    list->entries = NULL;
    list->count = 0;
    if (!procsnap_take(&snap))
        return false;
    list->entries = calloc(snap.count, sizeof *list->entries);
    if (list->entries != NULL) {
        for (size_t i = 0; i < snap.count; i++) {
            list->entries[i].pid = snap.items[i].pid;
            list->entries[i].parent = snap.items[i].parent;
            lstrcpynW(list->entries[i].image, snap.items[i].image, MAX_PATH);
        }
        list->count = snap.count;
    }
    procsnap_free(&snap);
    return list->count > 0;
}

/* Closes the handles the task did not take, and the list. */
static void free_processes(ProcessList *list)
{
    for (size_t i = 0; i < list->count; i++) {
        if (list->entries[i].handle != NULL && !list->entries[i].taken)
            CloseHandle(list->entries[i].handle);
    }
    free(list->entries);
}

static ProcessEntry *find_process(const ProcessList *list, DWORD pid)
{
    for (size_t i = 0; i < list->count; i++) {
        if (list->entries[i].pid == pid)
            return &list->entries[i];
    }
    return NULL;
}

static bool same_image(const ProcessEntry *a, const ProcessEntry *b)
{
    return procsnap_same_image(a->image, b->image);
}

static bool token_user(HANDLE process, TokenUserBuffer *out)
{
    HANDLE token;
    if (!OpenProcessToken(process, TOKEN_QUERY, &token))
        return false;
    DWORD length = 0;
    BOOL ok = GetTokenInformation(token, TokenUser, out, sizeof *out, &length);
    CloseHandle(token);
    return ok;
}

static bool owner_of_self(Owner *me)
{
    return ProcessIdToSessionId(GetCurrentProcessId(), &me->session) &&
           token_user(GetCurrentProcess(), &me->token);
}

/* A token that cannot be read is not known to be ours, so it counts as someone else's. */
static bool same_owner(HANDLE process, DWORD pid, const Owner *me)
{
    DWORD session;
    TokenUserBuffer token;
    return ProcessIdToSessionId(pid, &session) && session == me->session &&
           token_user(process, &token) && EqualSid(token.user.User.Sid, me->token.user.User.Sid);
}

/* The snapshot's name checked again on the open handle: the PID may have been reused
   between the snapshot and OpenProcess. */
static bool image_is(HANDLE process, const wchar_t *image)
{
    wchar_t path[MAX_PATH];
    DWORD length = MAX_PATH;
    if (!QueryFullProcessImageNameW(process, 0, path, &length))
        return false;
    const wchar_t *base = path;
    for (DWORD i = 0; i < length; i++) {
        if (path[i] == L'\\' || path[i] == L'/')
            base = path + i + 1;
    }
    return procsnap_same_image(base, image);
}

/* A handle to e if omamori may end it: still running, still the program the snapshot
   named, in our logon session and owned by our user; otherwise NULL. */
static HANDLE open_if_endable(const ProcessEntry *e, const Owner *me, ULONGLONG *created)
{
    if (e->pid == GetCurrentProcessId())
        return NULL;
    HANDLE process = OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE |
                                     PROCESS_QUERY_LIMITED_INFORMATION, FALSE, e->pid);
    if (process == NULL)
        return NULL; /* gone, or not one the user can end */
    FILETIME creation, exited, kernel, user;
    if (WaitForSingleObject(process, 0) != WAIT_TIMEOUT ||
        !GetProcessTimes(process, &creation, &exited, &kernel, &user) ||
        !image_is(process, e->image) || !same_owner(process, e->pid, me)) {
        CloseHandle(process);
        return NULL;
    }
    *created = (ULONGLONG)creation.dwHighDateTime << 32 | creation.dwLowDateTime;
    return process;
}

/* Whether e may be ended; opens it the first time it is asked. */
static bool endable(ProcessEntry *e, const Owner *me)
{
    if (!e->inspected) {
        e->inspected = true;
        e->handle = open_if_endable(e, me, &e->created);
    }
    return e->handle != NULL;
}

/* Windows keeps a child's parent PID after the parent exits, and that PID may since
   have been given to a newer process: a "parent" younger than the child is not its
   parent. Both must be endable, so the times are known. */
static bool is_parent_of(ProcessEntry *parent, ProcessEntry *child, const Owner *me)
{
    return child->parent == parent->pid && child->pid != parent->pid &&
           same_image(parent, child) && endable(parent, me) && endable(child, me) &&
           parent->created <= child->created;
}

/* Walks up through parents of the same image. */
static ProcessEntry *tree_root(const ProcessList *list, ProcessEntry *start, const Owner *me)
{
    ProcessEntry *root = start;
    for (int depth = 0; depth < ENDTASK_MAX_DEPTH; depth++) {
        ProcessEntry *parent = find_process(list, root->parent);
        if (parent == NULL || !is_parent_of(parent, root, me))
            break;
        root = parent;
    }
    return root;
}

/* Moves e's handle into the task; members[i] remembers the entry of task->pids[i]. */
static void take_process(EndTask *task, ProcessEntry **members, ProcessEntry *e)
{
    if (task->count >= ENDTASK_MAX_PROCESSES || e->taken)
        return;
    e->taken = true;
    members[task->count] = e;
    task->pids[task->count] = e->pid;
    task->handles[task->count] = e->handle;
    task->count++;
}

/* Adds every descendant of the same image, breadth first over the task's own list. */
static void add_descendants(EndTask *task, ProcessEntry **members, const ProcessList *list,
                            const Owner *me)
{
    for (size_t next = 0; next < task->count; next++) {
        for (size_t i = 0; i < list->count; i++) {
            ProcessEntry *e = &list->entries[i];
            if (!e->taken && is_parent_of(members[next], e, me))
                take_process(task, members, e);
        }
    }
}

static bool task_has_pid(const EndTask *task, DWORD pid)
{
    for (size_t i = 0; i < task->count; i++) {
        if (task->pids[i] == pid)
            return true;
    }
    return false;
}

static BOOL CALLBACK post_close(HWND hwnd, LPARAM param)
{
    const EndTask *task = (const EndTask *)param;
    DWORD pid = 0;
    GetWindowThreadProcessId(hwnd, &pid);
    /* PostMessage, not SendMessage: a hung browser must not hang us. */
    if (task_has_pid(task, pid) && IsWindowVisible(hwnd))
        PostMessageW(hwnd, WM_CLOSE, 0, 0);
    return TRUE;
}

bool endtask_begin(EndTask *task, DWORD pid, DWORD close_timeout_ms)
{
    ProcessList list;
    Owner me;
    ProcessEntry *members[ENDTASK_MAX_PROCESSES];
    ZeroMemory(task, sizeof *task);
    if (!owner_of_self(&me) || !snapshot_processes(&list))
        return false;
    ProcessEntry *flagged = find_process(&list, pid);
    if (flagged != NULL && endable(flagged, &me)) {
        take_process(task, members, tree_root(&list, flagged, &me)); /* [0]: the root */
        add_descendants(task, members, &list, &me);
    }
    free_processes(&list);
    if (task->count == 0)
        return false;
    task->root_pid = task->pids[0];
    task->close_timeout_ms = close_timeout_ms;
    task->started_ms = task->phase_started_ms = GetTickCount64();
    task->phase = ENDTASK_CLOSING;
    EnumWindows(post_close, (LPARAM)task);
    return true;
}

static bool has_exited(HANDLE process)
{
    return WaitForSingleObject(process, 0) == WAIT_OBJECT_0;
}

static void terminate_survivors(EndTask *task)
{
    for (size_t i = 0; i < task->count; i++) {
        if (!has_exited(task->handles[i]))
            TerminateProcess(task->handles[i], 1);
    }
    task->phase = ENDTASK_TERMINATING;
    task->phase_started_ms = GetTickCount64();
}

static unsigned count_running(const EndTask *task)
{
    unsigned running = 0;
    for (size_t i = 0; i < task->count; i++)
        running += has_exited(task->handles[i]) ? 0 : 1;
    return running;
}

EndTaskPhase endtask_poll(EndTask *task, unsigned *survivors)
{
    ULONGLONG in_phase = GetTickCount64() - task->phase_started_ms;
    switch (task->phase) {
    case ENDTASK_CLOSING:
        if (has_exited(task->handles[0])) {
            /* The browser obeyed (or exited by itself); its helper processes of the
               same image have no reason to live on. */
            terminate_survivors(task);
        } else if (in_phase >= task->close_timeout_ms) {
            task->terminated_root = true;
            terminate_survivors(task);
        }
        break;
    case ENDTASK_TERMINATING:
        *survivors = count_running(task);
        if (*survivors == 0 || in_phase >= ENDTASK_EXIT_WAIT_MS)
            task->phase = ENDTASK_DONE;
        break;
    default:
        break;
    }
    if (task->phase == ENDTASK_DONE)
        *survivors = count_running(task);
    return task->phase;
}

ULONGLONG endtask_elapsed_ms(const EndTask *task)
{
    return GetTickCount64() - task->started_ms;
}

void endtask_cleanup(EndTask *task)
{
    for (size_t i = 0; i < task->count; i++)
        CloseHandle(task->handles[i]);
    ZeroMemory(task, sizeof *task);
}
