/*
 * alert.c - see alert.h.
 *
 * A plain window with static texts and buttons rather than a dialog template: its
 * size and fonts follow the monitor's DPI (PerMonitorV2) and the type is large
 * (headline 30 pt, text 20 pt) for people who read with difficulty. What differs
 * between the kinds of alert is data: their words and actions (KINDS).
 */
#include "alert.h"

#include <stdio.h>
#include <stdlib.h>

#include "explain.h"
#include "resource.h"
#include "strings.h"

#define ALERT_CLASS L"OmamoriAlert"
#define ID_HEADLINE 10
#define ID_BODY 11
#define ID_STATUS 12
#define ID_PRIMARY 13   /* "Close the browser", later "OK" */
#define ID_SECONDARY 14 /* "This page is fine" */
#define ID_REASONS 15
#define MAX_STATEMENTS 3 /* more would crowd out the one message that matters */
#define BODY_SIZE 1024

typedef enum { STATE_WARNING, STATE_ENDING, STATE_ENDED } AlertState;

/* The words of one kind of alert (IDS_ strings) and what its two buttons post. */
typedef struct AlertKindInfo {
    UINT caption, headline, body, primary, secondary;
    UINT ending, ended_headline, ended_body;
    AlertAction primary_action, secondary_action;
} AlertKindInfo;

static const AlertKindInfo KINDS[] = {
    [ALERT_KIND_FAKE_WARNING] = {IDS_ALERT_CAPTION, IDS_ALERT_HEADLINE, IDS_ALERT_BODY,
                                 IDS_ALERT_END, IDS_ALERT_DISMISS, IDS_ALERT_ENDING,
                                 IDS_ALERT_ENDED_HEADLINE, IDS_ALERT_ENDED_BODY,
                                 ALERT_ACTION_END_BROWSER, ALERT_ACTION_DISMISS},
    /* The real words under a headline that says it is practice; its one button (the
       alert starts in STATE_ENDED) posts ALERT_ACTION_DONE. */
    [ALERT_KIND_PRACTICE] = {IDS_PRACTICE_CAPTION, IDS_PRACTICE_HEADLINE, IDS_ALERT_BODY,
                             IDS_PRACTICE_OK, IDS_ALERT_DISMISS, IDS_ALERT_ENDING,
                             IDS_ALERT_ENDED_HEADLINE, IDS_ALERT_ENDED_BODY,
                             ALERT_ACTION_DONE, ALERT_ACTION_DONE},
    /* Its body holds %ls: the program's product name (alert_create_remote_tool). */
    [ALERT_KIND_REMOTE_TOOL] = {IDS_REMOTE_CAPTION, IDS_REMOTE_HEADLINE, IDS_REMOTE_BODY,
                                IDS_REMOTE_END, IDS_REMOTE_KEEP, IDS_REMOTE_ENDING,
                                IDS_REMOTE_ENDED_HEADLINE, IDS_REMOTE_ENDED_BODY,
                                ALERT_ACTION_END_PROGRAM, ALERT_ACTION_KEEP_PROGRAM},
};

typedef struct AlertWindow {
    HWND owner;
    const AlertKindInfo *kind;
    AlertState state;
    HWND headline, body, reasons, status, primary, secondary;
    HFONT headline_font, body_font, reasons_font, button_font;
    size_t statement_count;
    wchar_t reasons_text[1024];
    wchar_t body_text[BODY_SIZE];
    HBRUSH background;
    bool created;         /* WM_CREATE succeeded: from then on the window owns this struct */
    bool dismiss_allowed; /* "This page is fine" (and Esc, and closing the window) */
} AlertWindow;

static AlertWindow *alert_of(HWND hwnd)
{
    return (AlertWindow *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
}

static HFONT make_font(int points, int weight, UINT dpi)
{
    LOGFONTW font = {0};
    font.lfHeight = -MulDiv(points, (int)dpi, 72);
    font.lfWeight = weight;
    font.lfQuality = CLEARTYPE_QUALITY;
    /* The charset makes the font mapper pick a face that has Japanese glyphs. */
    font.lfCharSet = strings_is_japanese() ? SHIFTJIS_CHARSET : DEFAULT_CHARSET;
    lstrcpynW(font.lfFaceName, strings_is_japanese() ? L"Yu Gothic UI" : L"Segoe UI",
              LF_FACESIZE);
    return CreateFontIndirectW(&font);
}

static void delete_fonts(AlertWindow *alert)
{
    if (alert->headline_font)
        DeleteObject(alert->headline_font);
    if (alert->body_font)
        DeleteObject(alert->body_font);
    if (alert->button_font)
        DeleteObject(alert->button_font);
    if (alert->reasons_font)
        DeleteObject(alert->reasons_font);
}

/* Places the controls for the window's current size and DPI. */
static void layout(HWND hwnd, AlertWindow *alert)
{
    UINT dpi = GetDpiForWindow(hwnd);
    RECT client;
    GetClientRect(hwnd, &client);
    delete_fonts(alert);
    alert->headline_font = make_font(30, FW_BOLD, dpi);
    alert->body_font = make_font(20, FW_NORMAL, dpi);
    alert->button_font = make_font(20, FW_BOLD, dpi);
    alert->reasons_font = make_font(20, FW_NORMAL, dpi);

    int margin = MulDiv(24, (int)dpi, 96);
    int width = client.right - 2 * margin;
    int headline_h = MulDiv(64, (int)dpi, 96);
    int button_h = MulDiv(64, (int)dpi, 96);
    int status_h = MulDiv(40, (int)dpi, 96);
    int buttons_top = client.bottom - margin - button_h;
    int status_top = buttons_top - margin / 2 - status_h;
    int body_top = margin + headline_h;
    /* The heading line and one line per statement, at 20 pt. */
    int reasons_h = alert->statement_count == 0
                        ? 0
                        : MulDiv(35 * (int)(alert->statement_count + 1), (int)dpi, 96);
    int reasons_top = status_top - reasons_h;

    MoveWindow(alert->headline, margin, margin, width, headline_h, FALSE);
    MoveWindow(alert->body, margin, body_top, width, reasons_top - body_top, FALSE);
    MoveWindow(alert->reasons, margin, reasons_top, width, reasons_h, FALSE);
    MoveWindow(alert->status, margin, status_top, width, status_h, FALSE);
    int primary_w = width * 3 / 5;
    MoveWindow(alert->primary, margin, buttons_top, primary_w - margin / 2, button_h, FALSE);
    MoveWindow(alert->secondary, margin + primary_w, buttons_top, width - primary_w, button_h,
               FALSE);

    SendMessageW(alert->headline, WM_SETFONT, (WPARAM)alert->headline_font, FALSE);
    SendMessageW(alert->body, WM_SETFONT, (WPARAM)alert->body_font, FALSE);
    SendMessageW(alert->reasons, WM_SETFONT, (WPARAM)alert->reasons_font, FALSE);
    SendMessageW(alert->status, WM_SETFONT, (WPARAM)alert->body_font, FALSE);
    SendMessageW(alert->primary, WM_SETFONT, (WPARAM)alert->button_font, FALSE);
    SendMessageW(alert->secondary, WM_SETFONT, (WPARAM)alert->button_font, FALSE);
    InvalidateRect(hwnd, NULL, TRUE);
}

static HWND add_control(HWND parent, const wchar_t *klass, const wchar_t *text, DWORD style,
                        int id)
{
    return CreateWindowExW(0, klass, text, WS_CHILD | WS_VISIBLE | style, 0, 0, 10, 10, parent,
                           (HMENU)(INT_PTR)id, (HINSTANCE)GetWindowLongPtrW(parent, GWLP_HINSTANCE),
                           NULL);
}

static bool create_controls(HWND hwnd, AlertWindow *alert)
{
    alert->headline = add_control(hwnd, L"STATIC", strings_get(alert->kind->headline), SS_LEFT,
                                  ID_HEADLINE);
    /* SS_NOPREFIX: a program's name may hold an '&'. */
    alert->body = add_control(hwnd, L"STATIC", alert->body_text, SS_LEFT | SS_NOPREFIX, ID_BODY);
    alert->reasons = add_control(hwnd, L"STATIC", alert->reasons_text, SS_LEFT | SS_NOPREFIX,
                                 ID_REASONS);
    alert->status = add_control(hwnd, L"STATIC", L"", SS_LEFT, ID_STATUS);
    alert->primary = add_control(hwnd, L"BUTTON", strings_get(alert->kind->primary),
                                 BS_DEFPUSHBUTTON | WS_TABSTOP, ID_PRIMARY);
    alert->secondary = add_control(hwnd, L"BUTTON", strings_get(alert->kind->secondary),
                                   BS_PUSHBUTTON | WS_TABSTOP, ID_SECONDARY);
    return alert->headline && alert->body && alert->reasons && alert->status && alert->primary &&
           alert->secondary;
}

static void on_button(HWND hwnd, AlertWindow *alert, int id)
{
    AlertAction action;
    if (alert->state == STATE_ENDED)
        action = ALERT_ACTION_DONE;
    else if (alert->state == STATE_ENDING)
        return;
    else if (id == ID_PRIMARY)
        action = alert->kind->primary_action;
    else if (alert->dismiss_allowed)
        action = alert->kind->secondary_action;
    else
        return; /* an administrator allows only closing the browser */
    PostMessageW(alert->owner, ALERT_ACTION_MESSAGE, (WPARAM)action, (LPARAM)hwnd);
}

static LRESULT CALLBACK alert_proc(HWND hwnd, UINT message, WPARAM wparam, LPARAM lparam)
{
    AlertWindow *alert = alert_of(hwnd);
    switch (message) {
    case WM_NCCREATE: {
        const CREATESTRUCTW *create = (const CREATESTRUCTW *)lparam;
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)create->lpCreateParams);
        break;
    }
    case WM_CREATE:
        if (!create_controls(hwnd, alert))
            return -1;
        layout(hwnd, alert);
        alert->created = true;
        return 0;
    case WM_DPICHANGED: {
        const RECT *suggested = (const RECT *)lparam;
        SetWindowPos(hwnd, NULL, suggested->left, suggested->top,
                     suggested->right - suggested->left, suggested->bottom - suggested->top,
                     SWP_NOZORDER | SWP_NOACTIVATE);
        layout(hwnd, alert);
        return 0;
    }
    case WM_CTLCOLORSTATIC: {
        HDC dc = (HDC)wparam;
        SetBkColor(dc, RGB(255, 255, 255));
        /* Dark red for the headline: serious, but not the scam's flashing red. */
        SetTextColor(dc, (HWND)lparam == alert->headline ? RGB(150, 0, 24) : RGB(0, 0, 0));
        return (LRESULT)alert->background;
    }
    case DM_GETDEFID: /* Enter presses the primary button (IsDialogMessage asks this) */
        return MAKELRESULT(ID_PRIMARY, DC_HASDEFID);
    case WM_COMMAND:
        if (LOWORD(wparam) == IDCANCEL) /* Esc */
            on_button(hwnd, alert, ID_SECONDARY);
        else if (LOWORD(wparam) == ID_PRIMARY || LOWORD(wparam) == IDOK)
            on_button(hwnd, alert, ID_PRIMARY);
        else if (LOWORD(wparam) == ID_SECONDARY)
            on_button(hwnd, alert, ID_SECONDARY);
        return 0;
    case WM_CLOSE:
        on_button(hwnd, alert, ID_SECONDARY);
        return 0;
    case WM_NCDESTROY:
        if (alert != NULL && alert->created) {
            delete_fonts(alert);
            DeleteObject(alert->background);
            free(alert);
            SetWindowLongPtrW(hwnd, GWLP_USERDATA, 0);
        }
        break;
    default:
        break;
    }
    return DefWindowProcW(hwnd, message, wparam, lparam);
}

bool alert_register_class(HINSTANCE instance)
{
    WNDCLASSEXW wc = {.cbSize = sizeof wc};
    wc.lpfnWndProc = alert_proc;
    wc.hInstance = instance;
    wc.hIcon = LoadIconW(instance, MAKEINTRESOURCEW(IDI_OMAMORI));
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    wc.hbrBackground = (HBRUSH)GetStockObject(WHITE_BRUSH);
    wc.lpszClassName = ALERT_CLASS;
    return RegisterClassExW(&wc) != 0;
}

/* The words of each statement (src/core/explain.h). */
static const UINT explain_strings[EXPLAIN_KIND_COUNT] = {
    [EXPLAIN_CALL] = IDS_EXPLAIN_CALL,
    [EXPLAIN_PHONE] = IDS_EXPLAIN_PHONE,
    [EXPLAIN_INFECTION] = IDS_EXPLAIN_INFECTION,
    [EXPLAIN_LOCK] = IDS_EXPLAIN_LOCK,
    [EXPLAIN_BRAND] = IDS_EXPLAIN_BRAND,
    [EXPLAIN_FULLSCREEN] = IDS_EXPLAIN_FULLSCREEN,
    [EXPLAIN_ALARM_SOUND] = IDS_EXPLAIN_ALARM_SOUND,
    [EXPLAIN_CURSOR] = IDS_EXPLAIN_CURSOR,
    [EXPLAIN_SEEN_BEFORE] = IDS_EXPLAIN_SEEN_BEFORE,
    [EXPLAIN_LOOKS_LIKE_WINDOWS] = IDS_EXPLAIN_LOOKS_LIKE_WINDOWS,
};

/* "Why omamori says so:" and one line per statement, in the person's language. The
   statements are copied, never used as formats: they hold no page text (explain.h). */
static void describe_reasons(AlertWindow *alert, const Verdict *verdict)
{
    ExplainKind kinds[MAX_STATEMENTS];
    alert->statement_count = explain_verdict(verdict, kinds, MAX_STATEMENTS);
    alert->reasons_text[0] = L'\0';
    if (alert->statement_count == 0)
        return;
    size_t used = (size_t)_snwprintf(alert->reasons_text, 1024, L"%ls",
                                     strings_get(IDS_REASONS_HEADING));
    for (size_t i = 0; i < alert->statement_count && used < 1024; i++) {
        int n = _snwprintf(alert->reasons_text + used, 1024 - used, L"\n  \u2022 %ls",
                           strings_get(explain_strings[kinds[i]]));
        if (n < 0)
            break;
        used += (size_t)n;
    }
    alert->reasons_text[1023] = L'\0';
}

/* body_argument fills the body's %ls (the remote-control warning's program name). */
static HWND create_alert(HINSTANCE instance, HWND owner, HWND browser_window,
                         const Verdict *verdict, AlertKind kind, const wchar_t *body_argument)
{
    AlertWindow *alert = calloc(1, sizeof *alert);
    if (alert == NULL)
        return NULL;
    alert->owner = owner;
    alert->kind = &KINDS[kind];
    alert->dismiss_allowed = true;
    if (verdict != NULL)
        describe_reasons(alert, verdict);
    if (body_argument != NULL)
        _snwprintf(alert->body_text, BODY_SIZE, strings_get(alert->kind->body), body_argument);
    else
        lstrcpynW(alert->body_text, strings_get(alert->kind->body), BODY_SIZE);
    alert->body_text[BODY_SIZE - 1] = L'\0';
    alert->background = CreateSolidBrush(RGB(255, 255, 255));

    MONITORINFO monitor = {.cbSize = sizeof monitor};
    GetMonitorInfoW(MonitorFromWindow(browser_window, MONITOR_DEFAULTTOPRIMARY), &monitor);
    RECT area = monitor.rcWork;
    int area_w = area.right - area.left, area_h = area.bottom - area.top;
    int w = area_w * 7 / 10, h = area_h * 8 / 10;
    int x = area.left + (area_w - w) / 2, y = area.top + (area_h - h) / 2;

    HWND hwnd = CreateWindowExW(WS_EX_TOPMOST | WS_EX_DLGMODALFRAME, ALERT_CLASS,
                                strings_get(alert->kind->caption),
                                WS_POPUP | WS_CAPTION | WS_SYSMENU, x, y, w, h, NULL, NULL,
                                instance, alert);
    if (hwnd == NULL) {
        delete_fonts(alert);
        DeleteObject(alert->background);
        free(alert);
        return NULL;
    }
    if (kind == ALERT_KIND_PRACTICE) {
        alert->state = STATE_ENDED; /* its one button just closes it */
        ShowWindow(alert->secondary, SW_HIDE);
    }
    ShowWindow(hwnd, SW_SHOW);
    SetForegroundWindow(hwnd);
    SetFocus(alert->primary);
    return hwnd;
}

HWND alert_create(HINSTANCE instance, HWND owner, HWND browser_window, const Verdict *verdict,
                  bool allow_dismiss)
{
    HWND hwnd = create_alert(instance, owner, browser_window, verdict, ALERT_KIND_FAKE_WARNING,
                             NULL);
    AlertWindow *alert = hwnd != NULL ? alert_of(hwnd) : NULL;
    if (alert != NULL && !allow_dismiss) {
        ShowWindow(alert->secondary, SW_HIDE);
        alert->dismiss_allowed = false;
    }
    return hwnd;
}

HWND alert_create_practice(HINSTANCE instance, HWND owner)
{
    return create_alert(instance, owner, NULL, NULL, ALERT_KIND_PRACTICE, NULL);
}

HWND alert_create_remote_tool(HINSTANCE instance, HWND owner, const wchar_t *product)
{
    if (product == NULL || product[0] == L'\0')
        product = strings_get(IDS_REMOTE_UNNAMED);
    return create_alert(instance, owner, NULL, NULL, ALERT_KIND_REMOTE_TOOL, product);
}

void alert_show_countdown(HWND hwnd, int seconds)
{
    AlertWindow *alert = alert_of(hwnd);
    wchar_t text[128];
    if (alert == NULL || alert->state != STATE_WARNING)
        return;
    _snwprintf(text, 128, strings_get(IDS_ALERT_COUNTDOWN), seconds);
    text[127] = L'\0';
    SetWindowTextW(alert->status, text);
}

void alert_show_ending(HWND hwnd)
{
    AlertWindow *alert = alert_of(hwnd);
    if (alert == NULL)
        return;
    alert->state = STATE_ENDING;
    SetWindowTextW(alert->status, strings_get(alert->kind->ending));
    EnableWindow(alert->primary, FALSE);
    EnableWindow(alert->secondary, FALSE);
}

/* The last state of an alert: its outcome in words, and one OK button. */
static void show_outcome(HWND hwnd, UINT headline, UINT body)
{
    AlertWindow *alert = alert_of(hwnd);
    if (alert == NULL)
        return;
    alert->state = STATE_ENDED;
    SetWindowTextW(alert->headline, strings_get(headline));
    SetWindowTextW(alert->body, strings_get(body));
    SetWindowTextW(alert->status, L"");
    ShowWindow(alert->reasons, SW_HIDE);
    SetWindowTextW(alert->primary, strings_get(IDS_ALERT_OK));
    EnableWindow(alert->primary, TRUE);
    ShowWindow(alert->secondary, SW_HIDE);
    SetFocus(alert->primary);
}

void alert_show_ended(HWND hwnd)
{
    AlertWindow *alert = alert_of(hwnd);
    if (alert != NULL)
        show_outcome(hwnd, alert->kind->ended_headline, alert->kind->ended_body);
}

void alert_show_not_ended(HWND hwnd)
{
    show_outcome(hwnd, IDS_REMOTE_NOT_ENDED_HEADLINE, IDS_REMOTE_NOT_ENDED_BODY);
}
