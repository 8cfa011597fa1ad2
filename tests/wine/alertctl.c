/*
 * alertctl.c - reads and presses omamori's alert window as a person (or a screen
 * reader) would, through its window handles, not its pixels: the Wine cases check the
 * words the alert shows and press its buttons without knowing alert.c's layout.
 *
 *   alertctl.exe text CAPTION FILE    writes the text of every child control of the
 *                                     visible top-level window captioned CAPTION to
 *                                     FILE (UTF-8, one control per line, newlines
 *                                     inside a control kept); CAPTION "class:NAME"
 *                                     finds the window by its class instead (a
 *                                     Japanese caption may not survive a C locale)
 *   alertctl.exe press CAPTION primary|secondary
 *                                     presses the alert's first or second button
 *
 * Exit status: 0 done, 1 no such window or button (or FILE could not be written),
 * 2 a command line it does not understand. It waits up to 5 s for the window.
 */
#include "testprog.h"

/* The alert's buttons in creation order (alert.c: the primary one first). */
typedef struct Buttons {
    HWND found[2];
    int count;
} Buttons;

typedef struct TextFile {
    HANDLE file;
    bool failed;
} TextFile;

static HWND find_visible_window(const wchar_t *caption)
{
    const wchar_t *klass = NULL;
    if (wcsncmp(caption, L"class:", 6) == 0) {
        klass = caption + 6;
        caption = NULL;
    }
    for (int i = 0; i < 50; i++) {
        HWND hwnd = FindWindowW(klass, caption);
        if (hwnd != NULL && IsWindowVisible(hwnd))
            return hwnd;
        Sleep(100);
    }
    return NULL;
}

static BOOL CALLBACK write_child_text(HWND child, LPARAM param)
{
    TextFile *out = (TextFile *)param;
    wchar_t text[2048];
    char utf8[sizeof text * 3 / sizeof text[0] + 2];
    /* WM_GETTEXT, which GetWindowTextW sends across processes for child controls. */
    LRESULT n = SendMessageW(child, WM_GETTEXT, sizeof text / sizeof text[0], (LPARAM)text);
    text[n >= 0 && (size_t)n < sizeof text / sizeof text[0] ? n : 0] = L'\0';
    int len = WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8, (int)sizeof utf8 - 1, NULL, NULL);
    if (len <= 0) { /* not convertible: an empty line keeps the count of controls */
        utf8[0] = '\0';
        len = 1;
    }
    utf8[len - 1] = '\n'; /* the NUL becomes the line's end */
    DWORD written;
    if (!WriteFile(out->file, utf8, (DWORD)len, &written, NULL) || written != (DWORD)len)
        out->failed = true;
    return TRUE;
}

static BOOL CALLBACK collect_button(HWND child, LPARAM param)
{
    Buttons *buttons = (Buttons *)param;
    wchar_t klass[16];
    if (GetClassNameW(child, klass, 16) > 0 && lstrcmpiW(klass, L"Button") == 0 &&
        buttons->count < 2)
        buttons->found[buttons->count++] = child;
    return TRUE;
}

int WINAPI wWinMain(HINSTANCE instance, HINSTANCE previous, PWSTR command_line, int show)
{
    (void)instance;
    (void)previous;
    (void)command_line; /* __wargv has it already split */
    (void)show;
    int argc = __argc;
    wchar_t **argv = __wargv;
    if (argv == NULL || argc != 4) {
        tp_log("usage: alertctl.exe text CAPTION FILE | press CAPTION primary|secondary");
        return TP_EXIT_USAGE;
    }
    HWND alert = find_visible_window(argv[2]);
    if (alert == NULL) {
        tp_log("no visible window captioned as asked");
        return 1;
    }
    if (lstrcmpW(argv[1], L"text") == 0) {
        TextFile out = {CreateFileW(argv[3], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                                   FILE_ATTRIBUTE_NORMAL, NULL), false};
        if (out.file == INVALID_HANDLE_VALUE) {
            tp_log("cannot write the text file (error %lu)", GetLastError());
            return 1;
        }
        EnumChildWindows(alert, write_child_text, (LPARAM)&out);
        CloseHandle(out.file);
        return out.failed ? 1 : 0;
    }
    if (lstrcmpW(argv[1], L"press") == 0) {
        bool primary = lstrcmpW(argv[3], L"primary") == 0;
        if (!primary && lstrcmpW(argv[3], L"secondary") != 0)
            return TP_EXIT_USAGE;
        Buttons buttons = {{NULL, NULL}, 0};
        EnumChildWindows(alert, collect_button, (LPARAM)&buttons);
        HWND button = buttons.found[primary ? 0 : 1];
        if (button == NULL || !IsWindowVisible(button) || !IsWindowEnabled(button)) {
            tp_log("the alert has no such button to press");
            return 1;
        }
        /* BM_CLICK is what pressing the button does: down, up, and its WM_COMMAND to
           the alert. Posted, so that a busy alert cannot hold the test. */
        return PostMessageW(button, BM_CLICK, 0, 0) ? 0 : 1;
    }
    return TP_EXIT_USAGE;
}
