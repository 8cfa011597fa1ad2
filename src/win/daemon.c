/*
 * daemon.c - omamori.exe's entry point, and its one UI thread: the options, start-up
 * and shut-down, and the hidden window whose messages and timers are passed to the
 * modules daemon.h lists. What the daemon does is said in daemon.h.
 */
#include "daemon.h" /* first: it includes windows.h, which shellapi.h depends on */

#include <shellapi.h>
#include <stdio.h>
#include <windowsx.h> /* GET_X_LPARAM: the tray's anchor point */
#include <stdlib.h>
#include <yaml.h>
#include <zlib.h>

#include "console.h"
#include "jfs_win.h"
#include "journalhistory.h"
#include "options.h"
#include "resource.h"
#include "settings.h"
#include "strings.h"
#include "tray.h"
#include "winevents.h"
#include "wintext.h"

#define DAEMON_CLASS L"OmamoriDaemon"
#define INSTANCE_MUTEX L"Local\\omamori.daemon" /* Local\: one per logon session */

enum { EXIT_OK = 0, EXIT_FAILURE_START = 1, EXIT_USAGE = 2, EXIT_ALREADY_RUNNING = 3 };

/* ---- the hidden window: tray, timers, the alert's answers ------------------- */

/* The tray icon again, at the size the screen's scale now calls for. */
static void remake_tray_icon(Daemon *d)
{
    bool owned;
    HICON icon = tray_load_icon(d->instance, IDI_OMAMORI, &owned);
    if (icon == NULL)
        return;
    tray_set_icon(d->window, icon);
    if (d->icon_owned)
        DestroyIcon(d->icon);
    d->icon = icon;
    d->icon_owned = owned;
}

static LRESULT CALLBACK daemon_proc(HWND hwnd, UINT message, WPARAM wparam, LPARAM lparam)
{
    Daemon *d = (Daemon *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
    if (message == WM_NCCREATE) {
        d = ((const CREATESTRUCTW *)lparam)->lpCreateParams;
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)d);
    }
    if (d != NULL && message == d->taskbar_created && message != 0) {
        /* Explorer restarted: the icon went with the old taskbar. Removing it first
           makes this safe when the message comes without a restart. */
        tray_remove(hwnd);
        bool added = tray_add(hwnd, d->icon, traymenu_status_tip(d));
        daemon_journal_event(d, added ? "tray_restored" : "tray_unavailable", NULL);
        return 0;
    }
    switch (message) {
    case WM_DISPLAYCHANGE: /* sent to every top-level window, hidden ones included */
        win_scan_display_changed();
        remake_tray_icon(d);
        return 0;
    case WM_DPICHANGED: /* the icon's size follows the scale of the screen (a hidden
                           window may never get this: WM_DISPLAYCHANGE reloads it too) */
        remake_tray_icon(d);
        return 0;
    case WM_TIMER:
        if (wparam == TIMER_SCAN)
            watch_scan(d);
        else if (wparam == TIMER_END)
            incident_on_end_tick(d);
        else if (wparam == TIMER_REMOTE_END)
            remote_on_end_tick(d);
        else if (wparam == TIMER_COUNTDOWN)
            incident_on_countdown_tick(d);
        else if (wparam == TIMER_EVENTS)
            watch_look_at_pending(d);
        else if (wparam == TIMER_RESUME)
            traymenu_set_paused(d, false);
        else if (wparam == TIMER_JOURNAL_RETRY &&
                 journal_store_retry(&d->journal) == JOURNAL_OK)
            KillTimer(hwnd, TIMER_JOURNAL_RETRY);
        else if (wparam == TIMER_EXIT)
            DestroyWindow(hwnd);
        return 0;
    case WINEVENTS_MESSAGE:
        watch_on_window_event(d, (HWND)wparam);
        return 0;
    case DAEMON_PRACTICE_MESSAGE:
        incident_show_practice(d);
        return 0;
    case PAGETEXT_MESSAGE:
        if (wparam == PAGETEXT_NOTIFY_RESULT) {
            watch_on_window_event(d, (HWND)lparam); /* judge it again with its page */
        } else if (wparam == PAGETEXT_NOTIFY_STATUS) {
            char reason[256];
            while (pagetext_status(d->pagetext, reason, sizeof reason))
                daemon_journal_event(d, "pagetext_unavailable", reason);
        }
        return 0;
    case AUDIO_MESSAGE:
        if (wparam == AUDIOMON_NOTIFY_STATUS) {
            char reason[256];
            while (audiomon_status(d->audio, reason, sizeof reason))
                daemon_journal_event(d, "audio_unavailable", reason);
        }
        return 0; /* new peaks are read at the next look at the windows */
    case ALERT_ACTION_MESSAGE:
        if (d->remote_alert != NULL && (HWND)lparam == d->remote_alert)
            remote_on_action(d, (AlertAction)wparam);
        else
            incident_on_alert_action(d, (AlertAction)wparam);
        return 0;
    case TRAY_CALLBACK_MESSAGE:
        switch (LOWORD(lparam)) {
        case WM_CONTEXTMENU: {
            /* Version 4 gives the menu's anchor in wParam: the icon's place when the
               menu was asked for from the keyboard (Shift+F10, the menu key), the
               pointer's otherwise. */
            POINT anchor = {GET_X_LPARAM(wparam), GET_Y_LPARAM(wparam)};
            traymenu_show(d, anchor);
            break;
        }
        case NIN_SELECT:
        case NIN_KEYSELECT: /* Enter or Space on the icon, as a click is on it */
        case NIN_BALLOONUSERCLICK:
            if (d->alert != NULL)
                SetForegroundWindow(d->alert);
            break;
        default:
            break;
        }
        return 0;
    case WM_DESTROY:
        winevents_stop();
        incident_close_alert(d);
        incident_release(d);
        d->remote_queued = 0; /* so that no waiting warning is shown as the window goes */
        remote_close_alert(d);
        tray_remove(hwnd);
        PostQuitMessage(0);
        return 0;
    default:
        break;
    }
    return DefWindowProcW(hwnd, message, wparam, lparam);
}

/* ---- start-up ---------------------------------------------------------------- */

static bool create_daemon_window(Daemon *d)
{
    WNDCLASSEXW wc = {.cbSize = sizeof wc};
    wc.lpfnWndProc = daemon_proc;
    wc.hInstance = d->instance;
    wc.lpszClassName = DAEMON_CLASS;
    if (!RegisterClassExW(&wc) || !alert_register_class(d->instance))
        return false;
    /* A hidden top-level window, not a message-only one: only top-level windows
       receive the "TaskbarCreated" broadcast. */
    d->window = CreateWindowExW(0, DAEMON_CLASS, L"omamori", WS_OVERLAPPED, 0, 0, 0, 0, NULL,
                                NULL, d->instance, d);
    return d->window != NULL;
}

/* argv as UTF-8 (caller frees each string and the array). */
static char **utf8_argv(int *argc)
{
    wchar_t **wide = CommandLineToArgvW(GetCommandLineW(), argc);
    if (wide == NULL)
        return NULL;
    char **argv = calloc((size_t)*argc + 1, sizeof *argv);
    for (int i = 0; argv != NULL && i < *argc; i++)
        argv[i] = win_utf8_from_wide(wide[i]);
    LocalFree(wide);
    return argv;
}

/* Group Policy changed: every setting is read again, in its order of precedence. The
   language stays what it was at start (the strings are loaded once). */
static void reload_settings(Daemon *d, const DaemonOptions *opts)
{
    Config fresh;
    Policy policy;
    char problem[512];
    if (config_default(&fresh) != 0)
        return; /* out of memory: keep what we have */
    settings_load(&fresh, &policy, &d->machine, opts, problem, sizeof problem);
    config_free(&d->config);
    policy_free(&d->policy);
    d->config = fresh; /* the lexicon moves with it: fresh is not freed */
    d->policy = policy;
    SetTimer(d->window, TIMER_SCAN, (UINT)d->config.poll_ms, NULL);
    tray_set_tip(d->window, traymenu_status_tip(d));
    daemon_journal_event(d, "policy_changed",
                         d->policy.protection == 0 ? "protection off" : NULL);
}

/* The message loop, also woken when Group Policy changes. */
static void run_message_loop(Daemon *d, const DaemonOptions *opts)
{
    HANDLE events[1] = {d->policy_watch.event};
    DWORD count = d->policy_watch.key != NULL ? 1 : 0;
    for (;;) {
        DWORD woke = MsgWaitForMultipleObjects(count, events, FALSE, INFINITE, QS_ALLINPUT);
        if (count == 1 && woke == WAIT_OBJECT_0) {
            /* Re-armed before reading: a tool that creates the key and then sets the
               value (reg add) may wake us between the two; a write after the read must
               wake us again, or the value would wait for the next change. */
            if (!policy_watch_rearm(&d->policy_watch))
                count = 0;
            reload_settings(d, opts);
            continue;
        }
        MSG msg;
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) {
            if (msg.message == WM_QUIT)
                return;
            if (d->alert != NULL && IsDialogMessageW(d->alert, &msg))
                continue; /* Tab, Enter and Esc in the alert */
            if (d->remote_alert != NULL && IsDialogMessageW(d->remote_alert, &msg))
                continue; /* and in the remote-control warning */
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
    }
}

/* The pages omamori ended in the last day, from the journal: a restart (or a restart of
   the PC) does not give a restored scam page a second round. */
static void remember_ended_pages(Daemon *d)
{
    JournalHistory history;
    JfsError err;
    journal_history_init(&history, FINGERPRINT_CAPACITY);
    journal_history_load(&history, jfs_win(), d->journal.names.live, &err);
    for (size_t i = 0; i < history.count; i++) {
        const JournalIncident *incident = &history.items[(history.head + i) % history.capacity];
        long long when = fingerprint_parse_time(incident->time);
        if (!incident->ended || when < 0)
            continue;
        if (incident->title_hash != NULL)
            fingerprints_add_hash(&d->ended_pages, incident->title_hash, when);
        else if (incident->title != NULL)
            fingerprints_add_title(&d->ended_pages, incident->title, when);
    }
    journal_history_free(&history);
}

static int run(Daemon *d, const DaemonOptions *opts)
{
    HANDLE single = CreateMutexW(NULL, FALSE, INSTANCE_MUTEX);
    if (single == NULL || GetLastError() == ERROR_ALREADY_EXISTS) {
        HWND running = FindWindowW(DAEMON_CLASS, NULL);
        if (opts->practice && running != NULL) {
            /* We were started by the person, so we may hand the running omamori the
               right to bring its window to the front. */
            DWORD running_pid = 0;
            GetWindowThreadProcessId(running, &running_pid);
            AllowSetForegroundWindow(running_pid);
            PostMessageW(running, DAEMON_PRACTICE_MESSAGE, 0, 0);
            win_console_write("omamori: asked the omamori already running to show a practice "
                              "alert\n", false);
            return EXIT_OK;
        }
        win_console_write("omamori: already running in this session\n", true);
        return EXIT_ALREADY_RUNNING;
    }
    char problem[512];
    memo_init(&d->reported);
    fingerprints_init(&d->ended_pages);
    memo_init(&d->recorded);
    memo_init(&d->page_title);
    memo_init(&d->page_time);
    memo_init(&d->shot_place);
    memo_init(&d->shot_time);
    if (config_default(&d->config) != 0) { /* only when memory runs out */
        win_console_write("omamori: out of memory\n", true);
        CloseHandle(single);
        return EXIT_FAILURE_START;
    }
    settings_load(&d->config, &d->policy, &d->machine, opts, problem, sizeof problem);
    strings_init(d->instance, d->config.language);

    char journal_path[MAX_PATH * 3];
    JournalStatus opened = JOURNAL_ERROR;
    if (opts->journal_path != NULL)
        snprintf(journal_path, sizeof journal_path, "%s", opts->journal_path);
    if (opts->journal_path != NULL || jfs_win_default_journal(journal_path, sizeof journal_path))
        opened = journal_store_open(&d->journal, jfs_win(), journal_path, NULL);
    d->journal_open = opened != JOURNAL_ERROR;
    if (!d->journal_open)
        daemon_journal_warn(d, opened == JOURNAL_ERROR && d->journal.message[0] != '\0'
                                   ? d->journal.message
                                   : "no folder for it (LOCALAPPDATA)");
    jsonbuf_init(&d->line);
    if (d->journal_open)
        remember_ended_pages(d);
    if (opened == JOURNAL_WARNING) /* a crash left a torn line */
        daemon_journal_event(d, "journal_repaired", d->journal.message);
    if (!eventlog_open(&d->eventlog))
        daemon_journal_event(d, "eventlog_unavailable", "the event source omamori is not "
                             "registered (the installer registers it)");
    jsonbuf_init(&d->record_line);
    d->record.handle = INVALID_HANDLE_VALUE;
    if (opts->record_path != NULL) {
        wchar_t *record_path = win_wide_from_utf8(opts->record_path);
        d->recording = record_path != NULL && append_file_open(&d->record, record_path);
        free(record_path);
        if (!d->recording)
            daemon_journal_event(d, "record_failed", opts->record_path);
    }
    if (problem[0] != '\0') {
        win_console_write(problem, true);
        win_console_write("\n", true);
        daemon_journal_event(d, "config_rejected", problem);
    }

    d->taskbar_created = RegisterWindowMessageW(L"TaskbarCreated");
    d->icon = tray_load_icon(d->instance, IDI_OMAMORI, &d->icon_owned);
    if (!create_daemon_window(d)) {
        daemon_journal_event(d, "stop", "could not create the main window");
        config_free(&d->config);
        return EXIT_FAILURE_START;
    }
    if (!tray_add(d->window, d->icon, traymenu_status_tip(d)))
        daemon_journal_event(d, "tray_unavailable", NULL); /* protection works without it */
    if (!winevents_start(d->window))
        daemon_journal_event(d, "events_unavailable", "watching by the periodic scan only");
    win_scan_watching_creation(winevents_watching_creation());
    d->audio = audiomon_start(d->window, AUDIO_MESSAGE);
    d->pagetext = pagetext_start(d->window, PAGETEXT_MESSAGE);
    if (d->pagetext == NULL)
        daemon_journal_event(d, "pagetext_unavailable", "the page text thread could not start");
    d->screencap = screencap_start();
    if (d->screencap == NULL)
        daemon_journal_event(d, "screen_unavailable", "the screen capture thread could not start");
    if (d->audio == NULL)
        daemon_journal_event(d, "audio_unavailable", "the audio thread could not start");
    SetTimer(d->window, TIMER_SCAN, (UINT)d->config.poll_ms, NULL);
    if (opts->exit_after_seconds != OPTION_UNSET)
        SetTimer(d->window, TIMER_EXIT, (UINT)opts->exit_after_seconds * 1000U, NULL);
    daemon_journal_event(d, "start", OMAMORI_VERSION_TEXT); /* watching from now on */
    watch_scan(d); /* do not wait a whole period for the first look */
    if (opts->practice)
        incident_show_practice(d);

    if (d->policy.protection == 0)
        daemon_journal_event(d, "protection_off", "switched off by Group Policy");
    if (!policy_watch_start(&d->policy_watch))
        daemon_journal_event(d, "policy_unwatched", "policy changes are read at the next start");
    run_message_loop(d, opts);
    daemon_journal_event(d, "stop", NULL);
    eventlog_close(&d->eventlog);
    policy_watch_stop(&d->policy_watch);
    policy_free(&d->policy);
    audiomon_stop(d->audio);
    pagetext_stop(d->pagetext);
    screencap_stop(d->screencap);
    endtask_cleanup(&d->end);
    endtask_cleanup(&d->remote_end);
    newprocs_reset(&d->newprocs);
    jsonbuf_free(&d->line);
    jsonbuf_free(&d->record_line);
    if (d->journal_open && journal_store_close(&d->journal) != JOURNAL_OK)
        daemon_journal_warn(d, d->journal.message);
    append_file_close(&d->record);
    config_free(&d->config);
    if (d->icon_owned)
        DestroyIcon(d->icon);
    CloseHandle(single);
    return EXIT_OK;
}

/* --history: the last incidents from the journal, as the person can read them. */
static int print_history(const DaemonOptions *opts)
{
    char path[MAX_PATH * 3];
    if (opts->journal_path != NULL)
        snprintf(path, sizeof path, "%s", opts->journal_path);
    else if (!jfs_win_default_journal(path, sizeof path)) {
        win_console_write("omamori: there is no journal folder (LOCALAPPDATA)\n", true);
        return EXIT_FAILURE_START;
    }
    JournalHistory history;
    JfsError err = {{0}};
    JsonBuf text;
    journal_history_init(&history, (size_t)opts->history_count);
    int status = journal_history_load(&history, jfs_win(), path, &err);
    jsonbuf_init(&text);
    journal_history_format(&history, &text);
    win_console_write(text.length > 0 ? text.data : "no incidents\n", false);
    if (status != JFS_OK && status != JFS_NOT_FOUND) {
        win_console_write("omamori: ", true);
        win_console_write(err.message, true);
        win_console_write("\n", true);
    }
    jsonbuf_free(&text);
    journal_history_free(&history);
    return status == JFS_OK || status == JFS_NOT_FOUND ? EXIT_OK : EXIT_FAILURE_START;
}

/* The version, and those of the libraries built into the executable. */
static void print_version(void)
{
    char text[160];
    snprintf(text, sizeof text, "omamori %s (libyaml %s, zlib %s)\n", OMAMORI_VERSION_TEXT,
             yaml_get_version_string(), zlibVersion());
    win_console_write(text, false);
}

int WINAPI wWinMain(HINSTANCE instance, HINSTANCE previous, PWSTR command_line, int show)
{
    (void)previous;
    (void)command_line;
    (void)show;
    int argc = 0;
    char **argv = utf8_argv(&argc);
    if (argv == NULL)
        return EXIT_FAILURE_START;

    DaemonOptions opts;
    char error[256];
    int status;
    if (options_parse(argc, argv, &opts, error, sizeof error) != 0) {
        win_console_write("omamori: ", true);
        win_console_write(error, true);
        win_console_write("\n", true);
        status = EXIT_USAGE;
    } else if (opts.show_help) {
        win_console_write(options_help_text(), false);
        status = EXIT_OK;
    } else if (opts.history_count != OPTION_UNSET) {
        status = print_history(&opts);
    } else if (opts.show_version) {
        print_version();
        status = EXIT_OK;
    } else {
        static Daemon daemon_state;
        daemon_state.instance = instance;
        status = run(&daemon_state, &opts);
    }
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    return status;
}
