/* test-pagetext.c - src/win/pagetext.c against a browser-like program in another
 * process, and against accessibility trees served by this program's own windows.
 *
 * Across processes: fakeaccessible.exe (copied into --workdir as chrome.exe) serves a
 * tree whose document holds a fake alert while its title is bland; notepad-like.exe
 * serves none (its window answers WM_GETOBJECT with the default, a standard client
 * object without a document); fakeaccessible.exe --hang-on-getobject sleeps 10 s in
 * WM_GETOBJECT; fakeaccessible.exe --exit-on-read ends itself in the middle of a read.
 *
 * In-process doubles: windows of this program answer WM_GETOBJECT with
 * LresultFromObject on trees of tests/wine/fakeacc.h built here, so that the reader's
 * rules (which field is the address, which text is page text, the limits, the budget,
 * a window that goes away, the title rule) are pinned whatever Wine's cross-process
 * marshaling can carry.
 *
 * Prints TAP ("ok N - ...", then the plan "1..N") on standard output, and the reader's
 * status lines as "#" comments; exits 0 when every check passed. A watchdog ends it
 * with a "not ok" after 150 s.
 *
 * Usage: test-pagetext.exe [--workdir DIR]   (default: the TEMP folder)
 */
#define COBJMACROS
#include "tap.h"
#include "programs.h"
#include "testprog.h"

#include "fakeacc.h"
#include "pagetext.h"

#define NOTE_MESSAGE (WM_APP + 41)
#define GRACE_MS 200         /* pagetext.c's, over the budget before a read is abandoned */
#define MARGIN_MS 1500       /* Wine on a busy two-core machine: scheduling, not the reader */
#define PATIENCE_MS 8000     /* how long a check waits for a result at all */
#define WATCHDOG_MS 150000
#define ADDRESS L"https://example.test/?phone=0120-555-010"
#define ADDRESS_UTF8 "https://example.test/?phone=0120-555-010"



/* ---- reading a window and waiting for the answer ----------------------------------- */

static HWND g_notes;
static HWND g_finished; /* the window of the last PAGETEXT_NOTIFY_RESULT */
static bool g_finished_seen;
static PageText *g_status_source; /* whose status lines the note window drains */
static char g_status_lines[16][256];
static size_t g_status_count;

static void drain_status(void)
{
    char line[256];
    while (pagetext_status(g_status_source, line, sizeof line)) {
        out("# status: %s", line);
        if (g_status_count < 16)
            snprintf(g_status_lines[g_status_count++], sizeof g_status_lines[0], "%s", line);
    }
}

static LRESULT CALLBACK notes_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == NOTE_MESSAGE) {
        if (wp == PAGETEXT_NOTIFY_RESULT) {
            g_finished = (HWND)lp;
            g_finished_seen = true;
        } else if (wp == PAGETEXT_NOTIFY_STATUS) {
            drain_status();
        }
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

/* Runs this thread's messages for ms milliseconds, or until done() says so: the
   in-process trees are served by this thread, and the notes arrive here. */
static void pump(DWORD ms, bool (*done)(HWND), HWND arg)
{
    ULONGLONG until = GetTickCount64() + ms;
    for (;;) {
        MSG msg;
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) {
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
        ULONGLONG now = GetTickCount64();
        if ((done != NULL && done(arg)) || now >= until)
            return;
        MsgWaitForMultipleObjects(0, NULL, FALSE, (DWORD)(until - now), QS_ALLINPUT);
    }
}

static bool finished(HWND window)
{
    return g_finished_seen && g_finished == window;
}

typedef struct Outcome {
    PageTextStatus status;
    char *text;
    char *url;
    DWORD elapsed_ms;  /* from the request to the note */
    DWORD request_ms;  /* how long pagetext_request kept the caller */
    bool notified;
} Outcome;

static Outcome read_page(PageText *p, HWND window)
{
    Outcome o = {0};
    g_finished_seen = false;
    g_finished = NULL;
    ULONGLONG start = GetTickCount64();
    pagetext_request(p, window);
    o.request_ms = (DWORD)(GetTickCount64() - start);
    pump(PATIENCE_MS, finished, window);
    o.notified = finished(window);
    o.elapsed_ms = (DWORD)(GetTickCount64() - start);
    o.status = pagetext_result(p, window, &o.text, &o.url);
    out("# read: %s in %lu ms, url %s, text %s", pagetext_status_name(o.status),
        (unsigned long)o.elapsed_ms, o.url != NULL ? o.url : "(none)",
        o.text != NULL ? "below" : "(none)");
    if (o.text != NULL) {
        char copy[4200];
        snprintf(copy, sizeof copy, "%s", o.text);
        for (char *line = strtok(copy, "\n"); line != NULL; line = strtok(NULL, "\n"))
            out("#   | %s", line);
    }
    return o;
}

static void outcome_free(Outcome *o)
{
    free(o->text);
    free(o->url);
    o->text = NULL;
    o->url = NULL;
}

static bool has(const char *text, const char *part)
{
    return text != NULL && strstr(text, part) != NULL;
}

static size_t occurrences(const char *text, const char *part)
{
    size_t n = 0;
    for (const char *at = text; at != NULL && (at = strstr(at, part)) != NULL; at++)
        n++;
    return n;
}

static bool same(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* The budget + grace after which pagetext gives up, plus room for a busy machine. */
static bool in_time(const Outcome *o, DWORD budget_ms)
{
    return o->notified && o->elapsed_ms <= budget_ms + GRACE_MS + MARGIN_MS;
}

/* ---- in-process doubles ------------------------------------------------------------ */

static LRESULT CALLBACK double_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_GETOBJECT && fa_wants_client(lp)) {
        FaNode *client = (FaNode *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
        if (client != NULL)
            return LresultFromObject(&IID_IAccessible, wp, (IUnknown *)&client->iface);
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

static HWND double_window(const wchar_t *title, FaNode *client)
{
    HWND hwnd = CreateWindowExW(0, L"PageTextDouble", title, WS_OVERLAPPEDWINDOW, 0, 0, 400,
                                300, NULL, NULL, GetModuleHandleW(NULL), NULL);
    if (hwnd != NULL)
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)client);
    return hwnd;
}

/* Nodes live as long as the process (an abandoned read may still be in one). */
static FaNode *node(LONG role, const wchar_t *name, const wchar_t *value, LONG top)
{
    FaNode *n = calloc(1, sizeof *n);
    if (n == NULL) {
        out("Bail out! out of memory");
        ExitProcess(2);
    }
    fa_init(n, role, name, value, top);
    return n;
}

static void adopt(FaNode *parent, size_t count, ...)
{
    FaNode **children = calloc(count, sizeof *children);
    if (children == NULL) {
        out("Bail out! out of memory");
        ExitProcess(2);
    }
    va_list ap;
    va_start(ap, count);
    for (size_t i = 0; i < count; i++)
        children[i] = va_arg(ap, FaNode *);
    va_end(ap);
    parent->children = children;
    parent->child_count = count;
}

static const wchar_t *const g_alarm_lines[] = {
    L"Windows Defender セキュリティ センター",
    L"お使いのコンピューターはウイルスに感染しています",
    L"今すぐサポートにお電話ください 0120-555-010",
};
#define ALARM_1 "Windows Defender セキュリティ センター"
#define ALARM_2 "お使いのコンピューターはウイルスに感染しています"
#define ALARM_3 "今すぐサポートにお電話ください 0120-555-010"

/* The tree fakeaccessible.exe serves, served here. */
static FaNode *alarm_tree(const wchar_t *title)
{
    FaNode *client = node(ROLE_SYSTEM_CLIENT, title, NULL, 0);
    FaNode *toolbar = node(ROLE_SYSTEM_TOOLBAR, L"ツール バー", NULL, 40);
    FaNode *address = node(ROLE_SYSTEM_TEXT, L"アドレス検索バー", ADDRESS, 45);
    FaNode *document = node(ROLE_SYSTEM_DOCUMENT, title, NULL, 90);
    adopt(toolbar, 1, address);
    adopt(client, 2, toolbar, document);
    document->elements = g_alarm_lines;
    document->element_count = 3;
    return client;
}

static void check_alarm_page(const Outcome *o, const char *where)
{
    char d[256];
    snprintf(d, sizeof d, "%s: the read succeeds", where);
    check(o->status == PAGETEXT_OK, d);
    snprintf(d, sizeof d, "%s: the page text holds the three alarm sentences, one per line",
             where);
    check(has(o->text, ALARM_1 "\n" ALARM_2 "\n" ALARM_3), d);
    snprintf(d, sizeof d, "%s: the address is the address field's value", where);
    check(same(o->url, ADDRESS_UTF8), d);
    snprintf(d, sizeof d, "%s: the page text holds nothing from outside the document "
             "(toolbar, field label, address)", where);
    check(o->text != NULL && !has(o->text, "アドレス検索バー") && !has(o->text, "ツール バー") &&
              !has(o->text, "example.test"), d);
}

/* ---- the cases ------------------------------------------------------------------- */

static void test_url_rule(void)
{
    static const struct {
        const wchar_t *text;
        bool url;
    } cases[] = {
        {ADDRESS, true},
        {L"  https://example.test/  ", true},
        {L"example.test/?phone=0120-555-010", true}, /* Chrome hides https:// */
        {L"www.example.co.jp", true},
        {L"localhost:8080/alert", true},
        {L"192.168.0.1/admin", true},
        {L"例え.テスト/パス", true},
        {L"about:blank", true},
        {L"file:///C:/alert.html", true},
        {L"ウイルス 削除 方法", false},  /* a search typed in the field */
        {L"how to remove virus", false},
        {L"3.14", false},
        {L"v1.2", false},
        {L"", false},
        {L"https://", false},
        {L"example.test:port/", false},
        {L"example..test", false},
        {L".example.test", false},
        {L"0120-555-010", false},
    };
    bool all = true;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (pagetext_looks_like_url(cases[i].text) != cases[i].url) {
            char buf[256];
            out("#   address rule wrong for '%s' (want %s)", tp_utf8(cases[i].text, buf, 256),
                cases[i].url ? "address" : "not an address");
            all = false;
        }
    }
    all = all && !pagetext_looks_like_url(NULL);
    check(all, "the address rule: schemes, scheme-less hosts, ports, IPv4, IDN; not searches, "
               "numbers, versions, phone numbers or broken hosts");
}

static void test_null_reader(void)
{
    char *text = (char *)"untouched", *url = (char *)"untouched";
    char line[16] = "x";
    pagetext_request(NULL, GetDesktopWindow());
    bool none = pagetext_result(NULL, GetDesktopWindow(), &text, &url) == PAGETEXT_NONE &&
                text == NULL && url == NULL;
    bool quiet = !pagetext_status(NULL, line, sizeof line);
    pagetext_stop(NULL);
    check(none && quiet, "a NULL reader (one that could not start) answers \"nothing known\"");
}

static void test_cross_process(PageText *p)
{
    Program chrome, notepad, hung, vanish;
    bool started = start_program(L"fakeaccessible.exe", L"page", L"chrome.exe", L"",
                                 L"Chrome_WidgetWin_1", &chrome);
    if (!check(started, "fakeaccessible.exe runs as chrome.exe with a Chrome_WidgetWin_1 window "
                        "and a bland title")) {
        end_program(&chrome);
        return;
    }
    Outcome o = read_page(p, chrome.window);
    check_alarm_page(&o, "another process (LresultFromObject marshaled across processes)");
    check(in_time(&o, PAGETEXT_BUDGET_MS), "another process: the read is announced within the "
                                           "budget");
    outcome_free(&o);

    bool has_notepad = start_program(L"notepad-like.exe", L"notepad", L"notepad.exe", L"",
                                     L"Notepad", &notepad);
    if (check(has_notepad, "notepad-like.exe runs (a program that does not answer "
                           "WM_GETOBJECT)")) {
        o = read_page(p, notepad.window);
        check(o.status == PAGETEXT_UNAVAILABLE && o.text == NULL && o.url == NULL,
              "a window without a tree of its own: \"unavailable\", no text, no address");
        check(in_time(&o, PAGETEXT_BUDGET_MS), "a window without a tree of its own: answered "
                                               "within the budget");
        outcome_free(&o);
    }
    end_program(&notepad);

    bool has_hung = start_program(L"fakeaccessible.exe", L"hung", L"chrome.exe",
                                  L"--hang-on-getobject", L"Chrome_WidgetWin_1", &hung);
    if (check(has_hung, "fakeaccessible.exe --hang-on-getobject runs")) {
        o = read_page(p, hung.window);
        check(o.status == PAGETEXT_TIMEOUT && o.text == NULL && o.url == NULL,
              "a window stuck in WM_GETOBJECT: \"timeout\", no text, no address");
        check(in_time(&o, PAGETEXT_BUDGET_MS), "a window stuck in WM_GETOBJECT (10 s): "
                                               "answered within the budget, not after 10 s");
        check(o.request_ms < 100, "pagetext_request returns at once, even for a hung window");
        outcome_free(&o);
        /* Still asleep in WM_GETOBJECT: now the window does not even take WM_NULL. */
        o = read_page(p, hung.window);
        check(o.status == PAGETEXT_TIMEOUT && in_time(&o, PAGETEXT_BUDGET_MS),
              "the same window read again while it hangs: \"timeout\" within the budget");
        outcome_free(&o);
        o = read_page(p, chrome.window);
        check(o.status == PAGETEXT_OK && has(o.text, ALARM_3) && in_time(&o, PAGETEXT_BUDGET_MS),
              "after a read abandoned in a hung window, other windows are read as before");
        outcome_free(&o);
    }
    end_program(&hung);

    bool has_vanish = start_program(L"fakeaccessible.exe", L"vanish", L"chrome.exe",
                                    L"--exit-on-read", L"Chrome_WidgetWin_1", &vanish);
    if (check(has_vanish, "fakeaccessible.exe --exit-on-read runs")) {
        o = read_page(p, vanish.window);
        check(o.notified && o.status != PAGETEXT_OK && o.text == NULL && o.url == NULL,
              "a window whose process ends in the middle of the read: announced, nothing of "
              "it kept");
        check(in_time(&o, PAGETEXT_BUDGET_MS), "a window that vanishes mid-read: answered within "
                                               "the budget");
        check(WaitForSingleObject(vanish.process, 3000) == WAIT_OBJECT_0,
              "the process that vanished mid-read has indeed ended");
        outcome_free(&o);
    }
    end_program(&vanish);
    end_program(&chrome);
}

static HWND g_vanishing;

static void close_window_now(FaNode *n)
{
    (void)n;
    PostMessageW(g_vanishing, WM_CLOSE, 0, 0);
    Sleep(150); /* the test's thread closes the window meanwhile */
}

static void test_in_process(PageText *p)
{
    /* The same page as fakeaccessible.exe's, served by this process. */
    FaNode *alarm = alarm_tree(L"セキュリティ センター");
    HWND page = double_window(L"セキュリティ センター", alarm);
    Outcome o = read_page(p, page);
    check_alarm_page(&o, "in-process double");
    outcome_free(&o);

    /* The title rule: a result is given only under the title it was read under. */
    SetWindowTextW(page, L"新しいタブ");
    char *text = NULL, *url = NULL;
    PageTextStatus moved = pagetext_result(p, page, &text, &url);
    bool withheld = moved == PAGETEXT_NONE && text == NULL && url == NULL;
    SetWindowTextW(page, L"セキュリティ センター");
    PageTextStatus back = pagetext_result(p, page, &text, &url);
    check(withheld && back == PAGETEXT_OK && has(text, ALARM_2),
          "a result is withheld while the window has another title than when it was read");
    free(text);
    free(url);

    /* Which field is the address bar, and what is page text. */
    FaNode *client = node(ROLE_SYSTEM_CLIENT, L"ルール", NULL, 0);
    FaNode *search = node(ROLE_SYSTEM_TEXT, L"検索", L"ウイルス 削除 方法", 5);
    FaNode *lower = node(ROLE_SYSTEM_TEXT, L"パネル", L"https://lower.example/", 300);
    FaNode *secret = node(ROLE_SYSTEM_TEXT, L"パスワード", L"https://secret.example/", 0);
    secret->state |= STATE_SYSTEM_PROTECTED;
    FaNode *hidden = node(ROLE_SYSTEM_TEXT, L"隠し", L"https://hidden.example/", 0);
    hidden->state |= STATE_SYSTEM_INVISIBLE;
    FaNode *upper = node(ROLE_SYSTEM_TEXT, L"Adresse", L"example.test/upper?phone=0120-555-010",
                         20);
    FaNode *document = node(ROLE_SYSTEM_DOCUMENT, L"ルール", L"https://document.example/", 80);
    FaNode *in_page = node(ROLE_SYSTEM_TEXT, L"ページ内の欄", L"https://in-page.example/", 0);
    FaNode *body = node(ROLE_SYSTEM_STATICTEXT, L"本文の段落", NULL, 100);
    FaNode *hidden_text = node(ROLE_SYSTEM_STATICTEXT, L"隠しテキスト 0120-999-999", NULL, 120);
    hidden_text->state |= STATE_SYSTEM_INVISIBLE;
    FaNode *link = node(ROLE_SYSTEM_LINK, L"サポートに連絡", L"tel:0120555010", 140);
    FaNode *link_text = node(ROLE_SYSTEM_STATICTEXT, L"サポートに連絡", NULL, 140);
    adopt(link, 1, link_text);
    adopt(document, 4, in_page, body, hidden_text, link);
    adopt(client, 6, search, lower, secret, hidden, upper, document);
    HWND rules = double_window(L"ルール", client);
    o = read_page(p, rules);
    check(same(o.url, "example.test/upper?phone=0120-555-010"),
          "the address bar is the address-like editable text outside the document nearest the "
          "top: not a search, a lower field, a password or hidden field, nor one in the page");
    check(has(o.text, "本文の段落") && has(o.text, "https://in-page.example/") &&
              !has(o.text, "隠しテキスト"),
          "page text: the document's leaves and its fields' values, not its hidden text");
    check(occurrences(o.text, "サポートに連絡") == 1 && !has(o.text, "tel:"),
          "page text: a link's words once (its leaf, not its container), not its target");
    check(!has(o.text, "ルール"), "page text: not the document's own name (the title)");
    outcome_free(&o);

    /* Fullscreen: no toolbar, the document's own address remains. */
    FaNode *full = node(ROLE_SYSTEM_CLIENT, L"全画面", NULL, 0);
    FaNode *full_doc = node(ROLE_SYSTEM_DOCUMENT, L"全画面",
                            L"https://example.test/full?phone=0120-555-010", 0);
    full_doc->elements = g_alarm_lines;
    full_doc->element_count = 3;
    adopt(full, 1, full_doc);
    o = read_page(p, double_window(L"全画面", full));
    check(o.status == PAGETEXT_OK && same(o.url, "https://example.test/full?phone=0120-555-010") &&
              has(o.text, ALARM_2),
          "without an address bar (fullscreen) the document's own address is used");
    outcome_free(&o);

    /* A browser whose own window is a document (Firefox: chrome://browser/...), with the
       address bar in it and the page as a document inside. */
    FaNode *fx = node(ROLE_SYSTEM_CLIENT, L"Firefox", NULL, 0);
    FaNode *fx_ui = node(ROLE_SYSTEM_DOCUMENT, L"Firefox",
                         L"chrome://browser/content/browser.xhtml", 0);
    FaNode *fx_bar = node(ROLE_SYSTEM_TOOLBAR, L"ナビゲーション", NULL, 30);
    FaNode *fx_field = node(ROLE_SYSTEM_TEXT, L"検索語または URL を入力します", ADDRESS, 35);
    FaNode *fx_page = node(ROLE_SYSTEM_DOCUMENT, L"セキュリティ センター", ADDRESS, 90);
    fx_page->elements = g_alarm_lines;
    fx_page->element_count = 3;
    adopt(fx_bar, 1, fx_field);
    adopt(fx_ui, 2, fx_bar, fx_page);
    adopt(fx, 1, fx_ui);
    o = read_page(p, double_window(L"Firefox", fx));
    check(o.status == PAGETEXT_OK && same(o.url, ADDRESS_UTF8) &&
              has(o.text, ALARM_1 "\n" ALARM_2) && !has(o.text, "example.test") &&
              !has(o.text, "URL"),
          "a browser window drawn as a document of its own (chrome://) is browser UI: its "
          "address field is the address, the page inside it the page");
    outcome_free(&o);

    /* Size: a long page gives its first PAGETEXT_MAX_TEXT bytes, cut between characters,
       and the walk stops there instead of visiting the rest. */
    enum { LONG_LINES = 3000 };
    static wchar_t lines[LONG_LINES][48];
    static const wchar_t *line_ptrs[LONG_LINES];
    for (int i = 0; i < LONG_LINES; i++) {
        _snwprintf(lines[i], 48, L"お使いのコンピューターは感染しています %d", i);
        line_ptrs[i] = lines[i];
    }
    FaNode *big = node(ROLE_SYSTEM_CLIENT, L"長いページ", NULL, 0);
    FaNode *big_doc = node(ROLE_SYSTEM_DOCUMENT, L"長いページ", NULL, 0);
    big_doc->elements = line_ptrs;
    big_doc->element_count = LONG_LINES;
    adopt(big, 1, big_doc);
    o = read_page(p, double_window(L"長いページ", big));
    size_t length = o.text != NULL ? strlen(o.text) : 0;
    bool whole_chars = o.text != NULL && MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, o.text,
                                                             (int)length, NULL, 0) > 0;
    char d[200];
    snprintf(d, sizeof d, "a long page: the first %d bytes of text (got %lu), cut between "
             "characters", PAGETEXT_MAX_TEXT, (unsigned long)length);
    check(o.status == PAGETEXT_OK && length > PAGETEXT_MAX_TEXT - 100 &&
              length <= PAGETEXT_MAX_TEXT && whole_chars && has(o.text, "感染しています 0\n"),
          d);
    snprintf(d, sizeof d, "a long page: the walk stops when the text is full (%ld calls into "
             "a document of %d lines)", (long)big_doc->calls, LONG_LINES);
    check(big_doc->calls < 1000, d);
    outcome_free(&o);

    /* A tree that contains itself: the depth limit ends the walk. */
    FaNode *loop = node(ROLE_SYSTEM_CLIENT, L"輪", NULL, 0);
    FaNode *loop_doc = node(ROLE_SYSTEM_DOCUMENT, L"輪", NULL, 0);
    adopt(loop_doc, 1, loop_doc);
    adopt(loop, 1, loop_doc);
    o = read_page(p, double_window(L"輪", loop));
    snprintf(d, sizeof d, "a tree that contains itself ends at the depth limit, within the "
             "budget (%ld calls into it)", (long)loop_doc->calls);
    check(o.status == PAGETEXT_OK && in_time(&o, PAGETEXT_BUDGET_MS) && loop_doc->calls < 500, d);
    outcome_free(&o);

    /* The budget, checked between calls: each leaf takes 25 ms to answer. */
    enum { SLOW_LEAVES = 40 };
    FaNode *slow = node(ROLE_SYSTEM_CLIENT, L"遅いページ", NULL, 0);
    FaNode *slow_doc = node(ROLE_SYSTEM_DOCUMENT, L"遅いページ", NULL, 0);
    static wchar_t slow_names[SLOW_LEAVES][16];
    FaNode **slow_children = calloc(SLOW_LEAVES, sizeof *slow_children);
    for (int i = 0; slow_children != NULL && i < SLOW_LEAVES; i++) {
        _snwprintf(slow_names[i], 16, L"項目 %d", i + 1);
        slow_children[i] = node(ROLE_SYSTEM_STATICTEXT, slow_names[i], NULL, 10 * i);
        slow_children[i]->stall_ms = 25;
    }
    slow_doc->children = slow_children;
    slow_doc->child_count = slow_children != NULL ? SLOW_LEAVES : 0;
    adopt(slow, 1, slow_doc);
    o = read_page(p, double_window(L"遅いページ", slow));
    check(o.status == PAGETEXT_TIMEOUT && has(o.text, "項目 1\n") && !has(o.text, "項目 40") &&
              in_time(&o, PAGETEXT_BUDGET_MS),
          "a slow tree: \"timeout\" at the budget, with the text read before it");
    outcome_free(&o);

    /* Stuck inside one call for 3 s: abandoned at the budget. */
    FaNode *stuck = node(ROLE_SYSTEM_CLIENT, L"止まるページ", NULL, 0);
    FaNode *stuck_doc = node(ROLE_SYSTEM_DOCUMENT, L"止まるページ", NULL, 0);
    stuck_doc->stall_ms = 3000;
    stuck_doc->elements = g_alarm_lines;
    stuck_doc->element_count = 3;
    adopt(stuck, 1, stuck_doc);
    o = read_page(p, double_window(L"止まるページ", stuck));
    check(o.status == PAGETEXT_TIMEOUT && o.text == NULL && in_time(&o, PAGETEXT_BUDGET_MS),
          "a tree stuck inside one call (3 s): \"timeout\" at the budget, nothing kept");
    outcome_free(&o);

    /* The window closes in the middle of the read. */
    FaNode *gone = node(ROLE_SYSTEM_CLIENT, L"消えるページ", NULL, 0);
    FaNode *gone_doc = node(ROLE_SYSTEM_DOCUMENT, L"消えるページ", NULL, 0);
    gone_doc->elements = g_alarm_lines;
    gone_doc->element_count = 3;
    gone_doc->on_child = close_window_now;
    adopt(gone, 1, gone_doc);
    g_vanishing = double_window(L"消えるページ", gone);
    o = read_page(p, g_vanishing);
    check(o.notified && !IsWindow(g_vanishing) && o.status == PAGETEXT_NONE,
          "a window closed in the middle of the read: announced, and nothing is given for it");
    outcome_free(&o);

    /* Reads go on after all that. */
    o = read_page(p, page);
    check(o.status == PAGETEXT_OK && has(o.text, ALARM_1),
          "after timeouts and a vanished window, a page is read as before");
    outcome_free(&o);
}

static void test_node_limit(void)
{
    PageTextLimits limits = {.max_nodes = 50};
    PageText *p = pagetext_start_with(g_notes, NOTE_MESSAGE, &limits);
    g_status_source = p;
    enum { LEAVES = 200 };
    static wchar_t names[LEAVES][16];
    static const wchar_t *name_ptrs[LEAVES];
    for (int i = 0; i < LEAVES; i++) {
        _snwprintf(names[i], 16, L"行%d", i + 1);
        name_ptrs[i] = names[i];
    }
    FaNode *client = node(ROLE_SYSTEM_CLIENT, L"節点", NULL, 0);
    FaNode *document = node(ROLE_SYSTEM_DOCUMENT, L"節点", NULL, 0);
    document->elements = name_ptrs;
    document->element_count = LEAVES;
    adopt(client, 1, document);
    Outcome o = read_page(p, double_window(L"節点", client));
    size_t lines = o.text != NULL ? occurrences(o.text, "\n") + 1 : 0;
    char d[160];
    snprintf(d, sizeof d, "the node limit (50) ends a wide tree's walk: %lu lines of %d", (unsigned long)lines,
             LEAVES);
    check(o.status == PAGETEXT_OK && lines >= 40 && lines <= 50 && has(o.text, "行1\n"), d);
    outcome_free(&o);
    pagetext_stop(p);
    g_status_source = NULL;
}

/* Reads stuck in hung trees are left to their threads, but not without end: with
   MAX_STUCK (4) of them pending, further reads are refused at once. */
static void test_stuck_limit(void)
{
    PageTextLimits limits = {.budget_ms = 100};
    PageText *p = pagetext_start_with(g_notes, NOTE_MESSAGE, &limits);
    g_status_source = p;
    size_t first_line = g_status_count;
    bool abandoned = true;
    for (int i = 0; i < 4; i++) {
        FaNode *client = node(ROLE_SYSTEM_CLIENT, L"固まる", NULL, 0);
        FaNode *document = node(ROLE_SYSTEM_DOCUMENT, L"固まる", NULL, 0);
        document->stall_ms = 6000;
        adopt(client, 1, document);
        Outcome o = read_page(p, double_window(L"固まる", client));
        abandoned = abandoned && o.status == PAGETEXT_TIMEOUT && in_time(&o, limits.budget_ms);
        outcome_free(&o);
    }
    Outcome o = read_page(p, double_window(L"固まる", alarm_tree(L"固まる")));
    pump(50, NULL, NULL);
    bool paused = false;
    for (size_t i = first_line; i < g_status_count; i++)
        paused = paused || strstr(g_status_lines[i], "paused") != NULL;
    char d[200];
    snprintf(d, sizeof d, "with 4 reads stuck in hung trees, the next is refused at once "
             "(\"timeout\" in %lu ms) and the pause is reported", (unsigned long)o.elapsed_ms);
    check(abandoned && o.status == PAGETEXT_TIMEOUT && o.text == NULL && o.elapsed_ms < 100 &&
              paused,
          d);
    outcome_free(&o);
    ULONGLONG stop_start = GetTickCount64();
    pagetext_stop(p);
    check(GetTickCount64() - stop_start < 1000, "pagetext_stop returns at once with 4 reads stuck");
    g_status_source = NULL;
}

static void test_status_lines(void)
{
    bool distinct = true, abandoned = false, hung = false, unavailable = false;
    for (size_t i = 0; i < g_status_count; i++) {
        for (size_t j = 0; j < i; j++)
            distinct = distinct && strcmp(g_status_lines[i], g_status_lines[j]) != 0;
        abandoned = abandoned || strstr(g_status_lines[i], "abandoned") != NULL;
        hung = hung || strstr(g_status_lines[i], "(hung)") != NULL;
        unavailable = unavailable || strstr(g_status_lines[i], "neither a page") != NULL;
    }
    check(distinct && abandoned && unavailable,
          "status lines: the abandoned read and the window without a page are reported, each "
          "reason once however often it happens");
    out("# a hung window's reason was %s", hung ? "reported" : "not reported");
}

int WINAPI wWinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmdline, int show)
{
    (void)prev;
    (void)cmdline; /* __wargv has it already split */
    (void)show;
    if (!driver_begin("test-pagetext.exe", WATCHDOG_MS))
        return TP_EXIT_USAGE;

    /* The multithreaded apartment: the doubles are then called directly on the reader's
       thread, so a stalled double stalls the read itself, as a hung browser would. */
    HRESULT co = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    WNDCLASSEXW notes = {.cbSize = sizeof notes, .lpfnWndProc = notes_proc, .hInstance = inst,
                         .lpszClassName = L"PageTextNotes"};
    WNDCLASSEXW doubles = {.cbSize = sizeof doubles, .lpfnWndProc = double_proc,
                           .hInstance = inst, .lpszClassName = L"PageTextDouble"};
    bool ready = SUCCEEDED(co) && RegisterClassExW(&notes) != 0 &&
                 RegisterClassExW(&doubles) != 0;
    g_notes = ready ? CreateWindowExW(0, L"PageTextNotes", L"notes", 0, 0, 0, 0, 0, HWND_MESSAGE,
                                      NULL, inst, NULL)
                    : NULL;
    PageText *p = g_notes != NULL ? pagetext_start(g_notes, NOTE_MESSAGE) : NULL;
    g_status_source = p;
    if (!check(p != NULL, "the page text reader starts (COM, its window, its thread)")) {
        out("1..%d", g_checks);
        return 1;
    }

    test_url_rule();
    test_null_reader();
    test_cross_process(p);
    test_in_process(p);
    pump(100, NULL, NULL);
    drain_status();
    test_status_lines();
    ULONGLONG stop_start = GetTickCount64();
    pagetext_stop(p);
    g_status_source = NULL;
    check(GetTickCount64() - stop_start < 2000,
          "pagetext_stop returns at once, with reads still abandoned in hung trees");
    test_node_limit();
    test_stuck_limit();

    out("1..%d", g_checks);
    CoUninitialize();
    return g_failures == 0 ? 0 : 1;
}
