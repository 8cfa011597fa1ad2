/* fakeaccessible.c - plays a browser whose fake alert is in the page, not in the title.
 *
 * The title is bland ("セキュリティ センター"); the alarm wording and the phone number
 * are only in the accessibility tree this program serves itself: on WM_GETOBJECT for
 * OBJID_CLIENT it answers LresultFromObject(IID_IAccessible, ...) with its own
 * IAccessible objects (tests/wine/fakeacc.h), shaped like a browser's:
 *
 *   client (ROLE_SYSTEM_CLIENT, the title)
 *     toolbar (ROLE_SYSTEM_TOOLBAR)
 *       address field (ROLE_SYSTEM_TEXT, editable, a Japanese label as its name)
 *         value "https://example.test/?phone=0120-555-010"
 *     document (ROLE_SYSTEM_DOCUMENT, the title), whose children are three simple
 *     elements (static texts): the brand, the infection claim, the call with the number
 *
 * The tests copy it as chrome.exe (window class Chrome_WidgetWin_1) and read it with
 * src/win/pagetext.c from another process.
 *
 * Options (all optional; an unknown option or bad value prints why and exits with 2):
 *   --title T             window title (default "セキュリティ センター")
 *   --hang-on-getobject   sleep 10 s in WM_GETOBJECT before answering: a browser whose UI
 *                         thread is stuck just when it is asked for its tree
 *   --exit-on-read        end the process as soon as a reader asks for the document's
 *                         children: a window that vanishes in the middle of a read
 *   --pidfile PATH        append "PID main" to PATH
 *   --exit-after MS       safety net: the process exits after MS ms whatever happens
 *
 * Prints nothing when all goes well.
 */
#define COBJMACROS
#include "testprog.h"

#include "fakeacc.h"

#define HANG_MS 10000

static bool g_hang;
static FaNode g_client, g_toolbar, g_address, g_document;
static FaNode *g_client_children[2];
static FaNode *g_toolbar_children[1];
static const wchar_t *const g_page_lines[] = {
    L"Windows Defender セキュリティ センター",
    L"お使いのコンピューターはウイルスに感染しています",
    L"今すぐサポートにお電話ください 0120-555-010",
};

static void exit_now(FaNode *node)
{
    (void)node;
    ExitProcess(0);
}

static void build_tree(const wchar_t *title, bool exit_on_read)
{
    fa_init(&g_client, ROLE_SYSTEM_CLIENT, title, NULL, 0);
    fa_init(&g_toolbar, ROLE_SYSTEM_TOOLBAR, L"ツール バー", NULL, 40);
    fa_init(&g_address, ROLE_SYSTEM_TEXT, L"アドレス検索バー",
            L"https://example.test/?phone=0120-555-010", 45);
    fa_init(&g_document, ROLE_SYSTEM_DOCUMENT, title, NULL, 90);
    g_toolbar_children[0] = &g_address;
    g_toolbar.children = g_toolbar_children;
    g_toolbar.child_count = 1;
    g_client_children[0] = &g_toolbar;
    g_client_children[1] = &g_document;
    g_client.children = g_client_children;
    g_client.child_count = 2;
    g_document.elements = g_page_lines;
    g_document.element_count = sizeof g_page_lines / sizeof g_page_lines[0];
    if (exit_on_read)
        g_document.on_child = exit_now;
}

static LRESULT CALLBACK window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_GETOBJECT:
        if (!fa_wants_client(lp))
            break;
        if (g_hang)
            Sleep(HANG_MS);
        return LresultFromObject(&IID_IAccessible, wp, (IUnknown *)&g_client.iface);
    case WM_DESTROY:
        PostQuitMessage(0);
        return 0;
    default:
        break;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

int WINAPI wWinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmdline, int show)
{
    (void)prev;
    (void)cmdline; /* __wargv has it already split */
    (void)show;

    const wchar_t *title = L"セキュリティ センター";
    const wchar_t *pidfile = NULL;
    bool exit_on_read = false;
    DWORD exit_after = 0;
    bool exit_after_given = false;
    const TpOpt opts[] = {
        { L"--title", TP_OPT_STRING, &title, NULL },
        { L"--hang-on-getobject", TP_OPT_FLAG, &g_hang, NULL },
        { L"--exit-on-read", TP_OPT_FLAG, &exit_on_read, NULL },
        { L"--pidfile", TP_OPT_STRING, &pidfile, NULL },
        { L"--exit-after", TP_OPT_COUNT, &exit_after, &exit_after_given },
    };
    if (!tp_parse_args(__argc, __wargv, opts, sizeof opts / sizeof opts[0]))
        return TP_EXIT_USAGE;
    if (exit_after_given && !tp_exit_after_start(exit_after))
        return 1;
    /* A single-threaded apartment: calls into the tree arrive through the message loop,
       as they do in a browser's UI thread. LresultFromObject needs COM started. */
    HRESULT co = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    if (FAILED(co)) {
        tp_log("CoInitializeEx failed: 0x%08lx", (unsigned long)co);
        return 1;
    }
    build_tree(title, exit_on_read);

    WNDCLASSEXW wc = {
        .cbSize = sizeof wc,
        .lpfnWndProc = window_proc,
        .hInstance = inst,
        .hIcon = LoadIconW(NULL, IDI_APPLICATION),
        .hCursor = LoadCursorW(NULL, IDC_ARROW),
        .hbrBackground = (HBRUSH)(COLOR_WINDOW + 1),
        .lpszClassName = L"Chrome_WidgetWin_1",
    };
    if (RegisterClassExW(&wc) == 0) {
        tp_log("RegisterClassExW failed: error %lu", GetLastError());
        return 1;
    }
    HWND hwnd = CreateWindowExW(0, wc.lpszClassName, title, WS_OVERLAPPEDWINDOW, 40, 40, 800,
                                600, NULL, NULL, inst, NULL);
    if (hwnd == NULL) {
        tp_log("CreateWindowExW failed: error %lu", GetLastError());
        return 1;
    }
    ShowWindow(hwnd, SW_SHOW);
    UpdateWindow(hwnd);
    /* The pidfile line comes last: a test that reads it finds the window in place. */
    if (pidfile != NULL && !tp_pidfile_append(pidfile, "main"))
        return 1;
    int status = tp_message_loop();
    CoUninitialize();
    return status;
}
