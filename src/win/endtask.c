/*
 * endtask.c - see endtask.h.
 *
 * The process list comes from one Toolhelp snapshot, so the tree is consistent with
 * itself even while the browser is starting or ending processes.
 */
#include "endtask.h"

#include <stdlib.h>
#include <tlhelp32.h>

/* After TerminateProcess, how long to wait for the exits before counting survivors. */
#define ENDTASK_EXIT_WAIT_MS 2000

typedef struct ProcessEntry {
    DWORD pid;
    DWORD parent;
    wchar_t image[MAX_PATH];
} ProcessEntry;

typedef struct ProcessList {
    ProcessEntry *entries;
    size_t count;
} ProcessList;

static bool snapshot_processes(ProcessList *list)
{
    list->entries = NULL;
    list->count = 0;
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snapshot == INVALID_HANDLE_VALUE)
        return false;
    size_t capacity = 0;
    PROCESSENTRY32W entry = {.dwSize = sizeof entry};
    for (BOOL more = Process32FirstW(snapshot, &entry); more;
         more = Process32NextW(snapshot, &entry)) {
        if (list->count == capacity) {
            capacity = capacity ? capacity * 2 : 256;
            ProcessEntry *grown = realloc(list->entries, capacity * sizeof *grown);
            if (grown == NULL)
                break; /* a partial list only makes the tree smaller: still safe */
            list->entries = grown;
        }
        ProcessEntry *e = &list->entries[list->count++];
        e->pid = entry.th32ProcessID;
        e->parent = entry.th32ParentProcessID;
        lstrcpynW(e->image, entry.szExeFile, MAX_PATH);
    }
    CloseHandle(snapshot);
    return list->count > 0;
}

static const ProcessEntry *find_process(const ProcessList *list, DWORD pid)
{
    for (size_t i = 0; i < list->count; i++) {
        if (list->entries[i].pid == pid)
            return &list->entries[i];
    }
    return NULL;
}

static bool same_image(const ProcessEntry *a, const ProcessEntry *b)
{
    return CompareStringOrdinal(a->image, -1, b->image, -1, TRUE) == CSTR_EQUAL;
}

static bool task_has_pid(const EndTask *task, DWORD pid)
{
    for (size_t i = 0; i < task->count; i++) {
        if (task->pids[i] == pid)
            return true;
    }
    return false;
}

static void add_process(EndTask *task, DWORD pid)
{
    if (task->count >= ENDTASK_MAX_PROCESSES || task_has_pid(task, pid))
        return;
    HANDLE handle = OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE, FALSE, pid);
    if (handle == NULL)
        return; /* gone, or not ours to end: leave it */
    task->pids[task->count] = pid;
    task->handles[task->count] = handle;
    task->count++;
}

/* Walks up through parents of the same image; the depth cap guards against a cycle
   that a reused parent PID could make. */
static const ProcessEntry *tree_root(const ProcessList *list, const ProcessEntry *start)
{
    const ProcessEntry *root = start;
    for (int depth = 0; depth < 32; depth++) {
        const ProcessEntry *parent = find_process(list, root->parent);
        if (parent == NULL || parent == root || !same_image(parent, start))
            break;
        root = parent;
    }
    return root;
}

/* Adds every descendant of the same image, breadth first over the task's own list. */
static void add_descendants(EndTask *task, const ProcessList *list, const ProcessEntry *root)
{
    for (size_t next = 0; next < task->count; next++) {
        for (size_t i = 0; i < list->count; i++) {
            const ProcessEntry *e = &list->entries[i];
            if (e->parent == task->pids[next] && e->pid != e->parent && same_image(e, root))
                add_process(task, e->pid);
        }
    }
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
    ZeroMemory(task, sizeof *task);
    if (!snapshot_processes(&list))
        return false;
    const ProcessEntry *flagged = find_process(&list, pid);
    if (flagged != NULL) {
        const ProcessEntry *root = tree_root(&list, flagged);
        add_process(task, root->pid);
        if (task->count == 1)
            add_descendants(task, &list, root);
    }
    free(list.entries);
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
            /* The browser obeyed; its helper processes of the same image have no
               reason to live on (a real browser's would exit by themselves). */
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
