/* procsnap.c - see procsnap.h. */
#include "procsnap.h"

#include <stdlib.h>
#include <tlhelp32.h>

bool procsnap_take(ProcessSnapshot *snap)
{
    snap->items = NULL;
    snap->count = 0;
    HANDLE handle = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (handle == INVALID_HANDLE_VALUE)
        return false;
    size_t capacity = 0;
    bool complete = true;
    PROCESSENTRY32W entry = {.dwSize = sizeof entry};
    for (BOOL more = Process32FirstW(handle, &entry); more;
         more = Process32NextW(handle, &entry)) {
        if (snap->count == capacity) {
            capacity = capacity ? capacity * 2 : 256;
            ProcessInfo *grown = realloc(snap->items, capacity * sizeof *grown);
            if (grown == NULL) {
                complete = false;
                break;
            }
            snap->items = grown;
        }
        ProcessInfo *p = &snap->items[snap->count++];
        p->pid = entry.th32ProcessID;
        p->parent = entry.th32ParentProcessID;
        lstrcpynW(p->image, entry.szExeFile, MAX_PATH);
    }
    CloseHandle(handle);
    if (!complete || snap->count == 0) {
        procsnap_free(snap);
        return false;
    }
    return true;
}

void procsnap_free(ProcessSnapshot *snap)
{
    free(snap->items);
    snap->items = NULL;
    snap->count = 0;
}

const ProcessInfo *procsnap_find(const ProcessSnapshot *snap, DWORD pid)
{
    for (size_t i = 0; i < snap->count; i++) {
        if (snap->items[i].pid == pid)
            return &snap->items[i];
    }
    return NULL;
}

bool procsnap_same_image(const wchar_t *a, const wchar_t *b)
{
    return CompareStringOrdinal(a, -1, b, -1, TRUE) == CSTR_EQUAL;
}

bool procsnap_started_at(DWORD pid, ULONGLONG *started)
{
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (process == NULL)
        return false;
    FILETIME creation, exited, kernel, user;
    bool known = GetProcessTimes(process, &creation, &exited, &kernel, &user);
    CloseHandle(process);
    if (known)
        *started = (ULONGLONG)creation.dwHighDateTime << 32 | creation.dwLowDateTime;
    return known;
}
