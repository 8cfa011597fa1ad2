/*
 * programs.h - for the Windows test drivers (test-audiomon, test-pagetext,
 * test-winscan): how each begins, and copies of the test programs started under a
 * browser's name, each in a folder of its own, and found by their window. Each driver
 * is a single translation unit, so the folders can live here.
 */
#ifndef OMAMORI_TESTS_WINE_PROGRAMS_H
#define OMAMORI_TESTS_WINE_PROGRAMS_H

#include "tap.h"
#include "testprog.h"

static wchar_t g_tests_dir[MAX_PATH]; /* where this driver and the test programs are */
static wchar_t g_workdir[MAX_PATH];   /* where the copies go */

/* Finds the test programs beside this driver; the copies go under workdir (or the
   temporary folder when NULL). */
static inline void programs_init(const wchar_t *workdir)
{
    DWORD n = GetModuleFileNameW(NULL, g_tests_dir, MAX_PATH);
    while (n > 0 && g_tests_dir[n - 1] != L'\\' && g_tests_dir[n - 1] != L'/')
        n--;
    g_tests_dir[n > 0 ? n - 1 : 0] = L'\0';
    if (workdir != NULL)
        _snwprintf(g_workdir, MAX_PATH, L"%ls", workdir);
    else if (GetTempPathW(MAX_PATH, g_workdir) == 0)
        _snwprintf(g_workdir, MAX_PATH, L".");
}

typedef struct Program {
    HANDLE process;
    DWORD pid;
    HWND window;
    wchar_t pidfile[MAX_PATH]; /* where it (and its children) wrote their PIDs */
} Program;

typedef struct WindowSearch {
    DWORD pid;
    const wchar_t *class_name;
    HWND found;
} WindowSearch;

static inline BOOL CALLBACK find_window_of(HWND hwnd, LPARAM param)
{
    WindowSearch *f = (WindowSearch *)param;
    DWORD pid = 0;
    wchar_t class_name[64];
    GetWindowThreadProcessId(hwnd, &pid);
    if (pid == f->pid && GetClassNameW(hwnd, class_name, 64) > 0 &&
        wcscmp(class_name, f->class_name) == 0) {
        f->found = hwnd;
        return FALSE;
    }
    return TRUE;
}

/* Copies tests/TEMPLATE.exe to WORKDIR\SUBDIR\NAME and starts it with ARGS (and
   --pidfile, --exit-after); finds its window of class CLASS_NAME. */
static inline bool start_program(const wchar_t *template_name, const wchar_t *subdir,
                                 const wchar_t *name, const wchar_t *args,
                                 const wchar_t *class_name, Program *prog)
{
    wchar_t source[MAX_PATH], dir[MAX_PATH], target[MAX_PATH];
    wchar_t cmd[4 * MAX_PATH];
    ZeroMemory(prog, sizeof *prog);
    wchar_t *pidfile = prog->pidfile;
    _snwprintf(source, MAX_PATH, L"%ls\\%ls", g_tests_dir, template_name);
    _snwprintf(dir, MAX_PATH, L"%ls\\%ls", g_workdir, subdir);
    CreateDirectoryW(dir, NULL);
    _snwprintf(target, MAX_PATH, L"%ls\\%ls", dir, name);
    _snwprintf(pidfile, MAX_PATH, L"%ls\\%ls.pids", dir, name);
    DeleteFileW(pidfile);
    if (!CopyFileW(source, target, FALSE)) {
        tp_log("CopyFileW to %ls failed: error %lu", target, GetLastError());
        return false;
    }
    _snwprintf(cmd, 4 * MAX_PATH, L"\"%ls\" --pidfile \"%ls\" --exit-after 120000 %ls", target,
               pidfile, args);
    STARTUPINFOW si = {.cb = sizeof si};
    PROCESS_INFORMATION pi;
    if (!CreateProcessW(target, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        tp_log("CreateProcessW(%ls) failed: error %lu", target, GetLastError());
        return false;
    }
    CloseHandle(pi.hThread);
    prog->process = pi.hProcess;
    prog->pid = pi.dwProcessId;
    WindowSearch f = {.pid = pi.dwProcessId, .class_name = class_name};
    ULONGLONG until = GetTickCount64() + 15000;
    while (f.found == NULL && GetTickCount64() < until) {
        EnumWindows(find_window_of, (LPARAM)&f);
        if (f.found == NULL)
            Sleep(50);
    }
    prog->window = f.found;
    return f.found != NULL;
}

static inline void end_program(Program *prog)
{
    if (prog->process == NULL)
        return;
    TerminateProcess(prog->process, 0);
    WaitForSingleObject(prog->process, 5000);
    CloseHandle(prog->process);
    prog->process = NULL;
}

/* What every driver does first: reads --workdir, starts the watchdog (tap.h) and finds
   the test programs. False for a command line it does not understand. */
static inline bool driver_begin(const char *driver, DWORD watchdog_ms)
{
    const wchar_t *workdir = NULL;
    TpOpt opts[] = {{L"--workdir", TP_OPT_STRING, &workdir, NULL}};
    if (!tp_parse_args(__argc, __wargv, opts, sizeof opts / sizeof opts[0]))
        return false;
    tap_watchdog_start(driver, watchdog_ms);
    programs_init(workdir);
    return true;
}

#endif
