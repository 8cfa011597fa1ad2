/*
 * pagetext.c - see pagetext.h.
 *
 * Why MSAA (IAccessible) and not UI Automation. Chrome, Edge and Firefox serve their
 * toolbar and document through both, so either would do on Windows. But:
 *   - mingw-w64 10's C headers declare IAccessible completely (oleacc.h, -loleacc),
 *     while uiautomationclient.h has only the IDs (no IUIAutomation interfaces) and
 *     uiautomationcoreapi.h lacks the Uia* node functions: UIA from C here would mean
 *     declaring a large COM surface by hand, unchecked by any header;
 *   - under Wine 8 (where the tests run) AccessibleObjectFromWindow works across
 *     processes, and LresultFromObject/ObjectFromLresult carry a server's own object
 *     (see tests/wine/test-pagetext.c), while Wine's UIA client is a small subset;
 *   - on Windows, AccessibleObjectFromWindow also bridges a window that serves only
 *     UIA (oleacc's MSAA proxy over UIA), so nothing is lost for browsers.
 *
 * Threads. A supervisor thread takes requests one at a time and runs each read on a
 * thread of its own, which joins the multithreaded COM apartment, reads, and ends. The
 * read checks its budget between calls; but no Win32 or COM call can be interrupted
 * (AccessibleObjectFromWindow sends WM_GETOBJECT with SendMessage, and a call into a
 * browser whose UI thread is stuck waits for it), so when a read outlives its budget
 * by GRACE_MS the supervisor reports a timeout and leaves that thread behind. The
 * thread shares only its own Read (reference-counted) with the supervisor, never the
 * PageText, so it may end after pagetext_stop. At most MAX_STUCK such threads are left
 * at once; beyond that, reads are refused until one returns. A window that does not
 * answer WM_NULL (a hung window) is not even asked for its tree.
 * The UI thread sees only the queue, the results and the status lines, under p->lock,
 * held for copies only.
 *
 * Limits. The first read of a Chrome window may find an empty document: Chrome turns
 * its page accessibility on when a client first asks, and fills the tree shortly after;
 * the next read (the caller reads a window again after a while) has the text. Text
 * hidden from the accessibility tree (aria-hidden, images of text) is not seen.
 */
#define COBJMACROS
#include "pagetext.h"

#include <limits.h>
#include <oleacc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "wintext.h"

#define QUEUE_CAPACITY 16
#define STATUS_QUEUE 8
#define STATUS_LENGTH 200
#define STATUS_REMEMBERED 16
#define TITLE_LENGTH 512  /* of the title remembered with a result */
#define GRACE_MS 200      /* over the budget before a read is abandoned */
#define STOP_EXTRA_MS 1000
#define MAX_STUCK 4
#define STUCK_POLL_MS 500 /* how often the supervisor looks whether a stuck read returned */
#define MAX_DEPTH 64      /* deeper subtrees (or a cycle in a faulty tree) are cut off */
#define CHILD_BATCH 16    /* children fetched per IEnumVARIANT::Next call */
#define URL_MAX 4096
#define READER_STACK (256 * 1024)

/* ---- one read: shared by the supervisor and the thread that reads --------------- */

typedef struct Read {
    LONG refs; /* the supervisor's and the reader's */
    HWND window;
    ULONGLONG deadline;
    PageTextLimits limits;
    /* Written by the reader; read by the supervisor only once the reader has ended. */
    PageTextStatus status;
    char *text;
    char *url;
    char reason[STATUS_LENGTH]; /* empty: nothing worth reporting */
} Read;

static void read_release(Read *r)
{
    if (InterlockedDecrement(&r->refs) == 0) {
        free(r->text);
        free(r->url);
        free(r);
    }
}

/* ---- the walk over the tree -------------------------------------------------------- */

typedef struct Walk {
    Read *read;
    size_t nodes;
    bool stop;        /* no more calls: out of time, out of nodes, or the window is gone */
    bool out_of_time;
    bool gone;
    bool found_document;
    char *text;       /* UTF-8, at most limits.max_text bytes */
    size_t length;
    bool text_full;
    BSTR address;     /* the address bar's value so far, and how high the field sits */
    LONG address_top;
    BSTR document_url; /* the outermost document's own address, the fallback */
} Walk;

/* Checked before every call: time, then the node budget. */
static bool walk_stopped(Walk *w)
{
    if (!w->stop && GetTickCount64() >= w->read->deadline) {
        w->out_of_time = true;
        w->stop = true;
    }
    return w->stop;
}

/* A call failed: if the window has gone, nothing more can be read. IsWindow asks no
   other process. */
static void walk_failed(Walk *w)
{
    if (!IsWindow(w->read->window)) {
        w->gone = true;
        w->stop = true;
    }
}

static VARIANT child_variant(LONG id)
{
    VARIANT v;
    VariantInit(&v);
    V_VT(&v) = VT_I4;
    V_I4(&v) = id;
    return v;
}

static bool is_blank(const wchar_t *s)
{
    for (; s != NULL && *s != L'\0'; s++) {
        if (!iswspace(*s))
            return false;
    }
    return true;
}

/* Appends one piece of text on a line of its own, cut at a character boundary when the
   text would pass its limit (which then counts as full). */
static void append_text(Walk *w, const wchar_t *piece)
{
    if (w->text_full || is_blank(piece))
        return;
    char *utf8 = win_utf8_from_wide(piece);
    if (utf8 == NULL)
        return;
    size_t max = w->read->limits.max_text;
    if (w->text == NULL) {
        w->text = malloc(max + 1);
        if (w->text == NULL) {
            free(utf8);
            w->text_full = true;
            return;
        }
    }
    size_t sep = w->length > 0 ? 1 : 0;
    size_t n = strlen(utf8);
    if (w->length + sep + n > max) {
        w->text_full = true;
        if (w->length + sep >= max) {
            free(utf8);
            return;
        }
        n = max - w->length - sep;
        while (n > 0 && ((unsigned char)utf8[n] & 0xC0) == 0x80)
            n--; /* utf8[n] would start the next character: cut before its lead byte */
    }
    if (sep)
        w->text[w->length++] = '\n';
    memcpy(w->text + w->length, utf8, n);
    w->length += n;
    w->text[w->length] = '\0';
    free(utf8);
}

static LONG role_of(Walk *w, IAccessible *acc, LONG id)
{
    if (walk_stopped(w))
        return -1;
    VARIANT child = child_variant(id);
    VARIANT role;
    VariantInit(&role);
    HRESULT hr = IAccessible_get_accRole(acc, child, &role);
    if (FAILED(hr)) {
        walk_failed(w);
        return -1;
    }
    /* Browsers give a string (a tag name) for roles MSAA has no number for. */
    LONG value = V_VT(&role) == VT_I4 ? V_I4(&role) : -1;
    VariantClear(&role);
    return value;
}

static LONG state_of(Walk *w, IAccessible *acc, LONG id)
{
    if (walk_stopped(w))
        return 0;
    VARIANT child = child_variant(id);
    VARIANT state;
    VariantInit(&state);
    HRESULT hr = IAccessible_get_accState(acc, child, &state);
    if (FAILED(hr)) {
        walk_failed(w);
        return 0;
    }
    LONG value = V_VT(&state) == VT_I4 ? V_I4(&state) : 0;
    VariantClear(&state);
    return value;
}

/* accName or accValue (value true), or NULL. */
static BSTR string_of(Walk *w, IAccessible *acc, LONG id, bool value)
{
    if (walk_stopped(w))
        return NULL;
    VARIANT child = child_variant(id);
    BSTR s = NULL;
    HRESULT hr = value ? IAccessible_get_accValue(acc, child, &s)
                       : IAccessible_get_accName(acc, child, &s);
    if (FAILED(hr)) {
        walk_failed(w);
        return NULL;
    }
    if (hr != S_OK || s == NULL) { /* S_FALSE: no such property */
        SysFreeString(s);
        return NULL;
    }
    return s;
}

/* A text leaf of a document: its name is what is shown (static text, a link's or a
   button's words, an image's alternative text); an editable field shows its value. */
static void take_text(Walk *w, IAccessible *acc, LONG id, LONG role)
{
    BSTR name = string_of(w, acc, id, false);
    append_text(w, name);
    if (role == ROLE_SYSTEM_TEXT || (role == ROLE_SYSTEM_STATICTEXT && is_blank(name))) {
        BSTR value = string_of(w, acc, id, true);
        if (value != NULL && (name == NULL || wcscmp(name, value) != 0))
            append_text(w, value);
        SysFreeString(value);
    }
    SysFreeString(name);
}

/*
 * The address bar, by role and place rather than by its (localized) name: an
 * editable text (ROLE_SYSTEM_TEXT) outside every document - fields inside one belong
 * to the page, which may show whatever address it likes - not a password field, whose
 * value holds an address when it looks like one, and of those the one nearest the top
 * of the screen: the browser's toolbar sits above the page, while the other fields
 * outside the page (find bar, side panels) sit lower. Equal heights, or fields whose
 * place is unknown, keep the first in tree order, which is the toolbar's in Chrome,
 * Edge and Firefox.
 */
static void consider_address(Walk *w, IAccessible *acc, LONG id)
{
    BSTR value = string_of(w, acc, id, true);
    if (value == NULL || !pagetext_looks_like_url(value)) {
        SysFreeString(value);
        return;
    }
    LONG top = LONG_MAX;
    if (!walk_stopped(w)) {
        LONG left = 0, y = 0, width = 0, height = 0;
        VARIANT child = child_variant(id);
        if (SUCCEEDED(IAccessible_accLocation(acc, &left, &y, &width, &height, child)))
            top = y;
    }
    if (w->address == NULL || top < w->address_top) {
        SysFreeString(w->address);
        w->address = value;
        w->address_top = top;
    } else {
        SysFreeString(value);
    }
}

/*
 * Whether a document is the browser's own user interface rather than a page: its
 * address is one of the browser's internal ones. Firefox draws its window (toolbar and
 * address bar included) as a document at chrome://browser/content/browser.xhtml, with
 * the pages as documents inside it; taken for a page, its address bar would become
 * page text. Browser pages such as chrome://settings are no fake alerts either.
 */
static bool is_browser_ui(const wchar_t *address)
{
    static const wchar_t *const internal[] = {
        L"chrome://", L"edge://", L"resource://", L"brave://", L"opera://", L"vivaldi://",
    };
    if (address == NULL)
        return false;
    while (iswspace(*address))
        address++;
    for (size_t i = 0; i < sizeof internal / sizeof internal[0]; i++) {
        if (_wcsnicmp(address, internal[i], wcslen(internal[i])) == 0)
            return true;
    }
    return false;
}

static void visit(Walk *w, IAccessible *acc, LONG id, int depth, bool in_document);

/* Visits one child as the enumerator or get_accChild gave it: an object of its own
   (VT_DISPATCH), or a simple element of acc known by its number (VT_I4). */
static void visit_child(Walk *w, IAccessible *acc, VARIANT *child, int depth, bool in_document)
{
    if (V_VT(child) == VT_DISPATCH && V_DISPATCH(child) != NULL) {
        IAccessible *object = NULL;
        if (SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(child), &IID_IAccessible,
                                               (void **)&object)) &&
            object != NULL) {
            visit(w, object, CHILDID_SELF, depth, in_document);
            IAccessible_Release(object);
        }
    } else if (V_VT(child) == VT_I4 && V_I4(child) != CHILDID_SELF) {
        visit(w, acc, V_I4(child), depth, in_document);
    }
}

/* Visits the children of acc in order. Through IEnumVARIANT when acc offers it (the
   standard window objects do), in batches, else by index with get_accChild, like
   AccessibleChildren does; but with the budget checked between calls. */
static void visit_children(Walk *w, IAccessible *acc, LONG count, int depth, bool in_document)
{
    IEnumVARIANT *children = NULL;
    if (!walk_stopped(w) &&
        SUCCEEDED(IAccessible_QueryInterface(acc, &IID_IEnumVARIANT, (void **)&children)) &&
        children != NULL) {
        HRESULT hr = IEnumVARIANT_Reset(children);
        while (SUCCEEDED(hr) && !walk_stopped(w)) {
            VARIANT batch[CHILD_BATCH];
            ULONG got = 0;
            for (size_t i = 0; i < CHILD_BATCH; i++)
                VariantInit(&batch[i]);
            hr = IEnumVARIANT_Next(children, CHILD_BATCH, batch, &got);
            if (FAILED(hr))
                walk_failed(w);
            for (ULONG i = 0; i < got && i < CHILD_BATCH; i++) {
                visit_child(w, acc, &batch[i], depth, in_document);
                VariantClear(&batch[i]);
            }
            if (hr != S_OK || got == 0 || (in_document && w->text_full))
                break; /* S_FALSE: the last batch; or no room left for a page's text */
        }
        IEnumVARIANT_Release(children);
        return;
    }
    for (LONG i = 1; i <= count && !walk_stopped(w) && !(in_document && w->text_full); i++) {
        VARIANT child = child_variant(i);
        IDispatch *object = NULL;
        HRESULT hr = IAccessible_get_accChild(acc, child, &object);
        if (hr == S_OK && object != NULL) {
            VARIANT v;
            VariantInit(&v);
            V_VT(&v) = VT_DISPATCH;
            V_DISPATCH(&v) = object;
            visit_child(w, acc, &v, depth, in_document);
            IDispatch_Release(object);
            continue;
        }
        if (object != NULL)
            IDispatch_Release(object);
        if (FAILED(hr))
            walk_failed(w);
        /* S_FALSE, or an error from a server that does not say S_FALSE: a simple
           element, read through its parent. */
        visit_child(w, acc, &child, depth, in_document);
    }
}

/* Visits one node: an object (id CHILDID_SELF) or a simple element id of acc. */
static void visit(Walk *w, IAccessible *acc, LONG id, int depth, bool in_document)
{
    if (walk_stopped(w) || (in_document && w->text_full))
        return;
    if (w->nodes >= w->read->limits.max_nodes) {
        w->stop = true;
        return;
    }
    w->nodes++;
    LONG role = role_of(w, acc, id);
    LONG state = state_of(w, acc, id);
    if (state & STATE_SYSTEM_INVISIBLE)
        return; /* neither a hidden toolbar nor hidden text is what the person sees */
    bool document = in_document;
    if (role == ROLE_SYSTEM_DOCUMENT && !in_document) {
        BSTR value = string_of(w, acc, id, true);
        if (!is_browser_ui(value)) {
            document = true;
            w->found_document = true;
            if (w->document_url == NULL && value != NULL && pagetext_looks_like_url(value)) {
                w->document_url = value;
                value = NULL;
            }
        }
        SysFreeString(value);
    } else if (!document && role == ROLE_SYSTEM_TEXT && !(state & STATE_SYSTEM_PROTECTED)) {
        consider_address(w, acc, id);
    }
    if (document && w->text_full)
        return; /* no address bar inside a document, and no room for its text */

    LONG count = 0;
    if (id == CHILDID_SELF && !walk_stopped(w)) {
        HRESULT hr = IAccessible_get_accChildCount(acc, &count);
        if (FAILED(hr)) {
            walk_failed(w);
            count = 0;
        }
    }
    if (count <= 0) {
        if (document && role != ROLE_SYSTEM_DOCUMENT)
            take_text(w, acc, id, role);
        return; /* a container's name repeats its leaves: only leaves are read */
    }
    if (depth < MAX_DEPTH)
        visit_children(w, acc, count, depth + 1, document);
}

/* ---- the reader thread ------------------------------------------------------------- */

static void read_set(Read *r, PageTextStatus status, const char *reason)
{
    r->status = status;
    snprintf(r->reason, sizeof r->reason, "%s", reason != NULL ? reason : "");
}

/* A copy of s without the spaces around it, in UTF-8, or NULL. */
static char *trimmed_utf8(const wchar_t *s)
{
    if (s == NULL)
        return NULL;
    while (iswspace(*s))
        s++;
    size_t n = wcslen(s);
    while (n > 0 && iswspace(s[n - 1]))
        n--;
    wchar_t *copy = malloc((n + 1) * sizeof *copy);
    if (copy == NULL)
        return NULL;
    memcpy(copy, s, n * sizeof *copy);
    copy[n] = L'\0';
    char *utf8 = win_utf8_from_wide(copy);
    free(copy);
    return utf8;
}

static void read_window(Read *r)
{
    char reason[STATUS_LENGTH];
    /* A window whose thread does not take messages would hold AccessibleObjectFromWindow
       in SendMessage: ask it something harmless first, with a timeout. */
    ULONGLONG now = GetTickCount64();
    DWORD left = r->deadline > now ? (DWORD)(r->deadline - now) : 1;
    DWORD_PTR answer = 0;
    if (SendMessageTimeoutW(r->window, WM_NULL, 0, 0, SMTO_ABORTIFHUNG | SMTO_ERRORONEXIT, left,
                            &answer) == 0) {
        if (!IsWindow(r->window))
            read_set(r, PAGETEXT_UNAVAILABLE, NULL); /* closed: nothing to say about it */
        else
            read_set(r, PAGETEXT_TIMEOUT, "page text: a browser window does not answer "
                                          "messages (hung); its page was not read");
        return;
    }
    IAccessible *root = NULL;
    HRESULT hr = AccessibleObjectFromWindow(r->window, (DWORD)OBJID_CLIENT, &IID_IAccessible,
                                            (void **)&root);
    if (FAILED(hr) || root == NULL) {
        if (!IsWindow(r->window)) {
            read_set(r, PAGETEXT_UNAVAILABLE, NULL);
        } else {
            snprintf(reason, sizeof reason, "page text: a browser window offers no "
                     "accessibility object (AccessibleObjectFromWindow: 0x%08lX)",
                     (unsigned long)(FAILED(hr) ? hr : E_POINTER));
            read_set(r, PAGETEXT_UNAVAILABLE, reason);
        }
        return;
    }

    Walk w = {.read = r};
    visit(&w, root, CHILDID_SELF, 0, false);
    IAccessible_Release(root);
    if (!w.gone && !IsWindow(r->window))
        w.gone = true;

    if (w.gone) {
        read_set(r, PAGETEXT_UNAVAILABLE, NULL); /* what was read describes no window now */
    } else if (w.out_of_time) {
        snprintf(reason, sizeof reason, "page text: reading a window's accessibility tree "
                 "took longer than %lu ms; what was read by then is used",
                 (unsigned long)r->limits.budget_ms);
        read_set(r, PAGETEXT_TIMEOUT, reason);
    } else if (!w.found_document && w.address == NULL) {
        read_set(r, PAGETEXT_UNAVAILABLE, "page text: a browser window's accessibility "
                                          "tree shows neither a page nor an address bar");
    } else {
        read_set(r, PAGETEXT_OK, NULL);
    }
    if (!w.gone) {
        r->text = w.text;
        w.text = NULL;
        r->url = trimmed_utf8(w.address != NULL ? w.address : w.document_url);
    }
    free(w.text);
    SysFreeString(w.address);
    SysFreeString(w.document_url);
}

static DWORD WINAPI reader_main(void *param)
{
    Read *r = param;
    HRESULT co = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    if (FAILED(co)) {
        char reason[STATUS_LENGTH];
        snprintf(reason, sizeof reason, "page text is not read: COM does not start on its "
                 "thread (CoInitializeEx: 0x%08lX)", (unsigned long)co);
        read_set(r, PAGETEXT_UNAVAILABLE, reason);
    } else {
        read_window(r);
        CoUninitialize();
    }
    read_release(r);
    return 0;
}

/* ---- the reader object --------------------------------------------------------------- */

typedef struct Result {
    HWND window;
    PageTextStatus status;
    char *text;
    char *url;
    wchar_t title[TITLE_LENGTH]; /* when the read began */
    ULONGLONG finished;
} Result;

struct PageText {
    HWND notify;
    UINT message;
    PageTextLimits limits;
    HANDLE thread;
    HANDLE wake; /* auto-reset: a request, or stop */
    volatile LONG stopping;

    /* The supervisor's own. */
    HANDLE stuck[MAX_STUCK]; /* threads of abandoned reads that have not ended yet */
    size_t stuck_count;
    char reported[STATUS_REMEMBERED][STATUS_LENGTH];
    size_t reported_count;

    CRITICAL_SECTION lock; /* guards what follows */
    HWND queue[QUEUE_CAPACITY];
    size_t queued;
    Result results[PAGETEXT_MAX_WINDOWS];
    size_t result_count;
    char statuses[STATUS_QUEUE][STATUS_LENGTH];
    size_t status_count;
};

static void post(PageText *p, WPARAM what, LPARAM detail)
{
    if (p->notify != NULL)
        PostMessageW(p->notify, p->message, what, detail);
}

/* Queues a line for pagetext_status, unless the same line was given before. */
static void report(PageText *p, const char *line)
{
    if (line == NULL || line[0] == '\0')
        return;
    for (size_t i = 0; i < p->reported_count; i++) {
        if (strcmp(p->reported[i], line) == 0)
            return;
    }
    if (p->reported_count == STATUS_REMEMBERED)
        return;
    snprintf(p->reported[p->reported_count++], STATUS_LENGTH, "%s", line);
    EnterCriticalSection(&p->lock);
    bool queued = p->status_count < STATUS_QUEUE;
    if (queued)
        snprintf(p->statuses[p->status_count++], STATUS_LENGTH, "%s", line);
    LeaveCriticalSection(&p->lock);
    if (queued)
        post(p, PAGETEXT_NOTIFY_STATUS, 0);
}

static void result_clear(Result *res)
{
    free(res->text);
    free(res->url);
    res->text = NULL;
    res->url = NULL;
}

/* Stores a finished read (takes text and url) and tells the UI. */
static void finish(PageText *p, HWND window, const wchar_t *title, PageTextStatus status,
                   char *text, char *url)
{
    EnterCriticalSection(&p->lock);
    for (size_t i = p->result_count; i-- > 0;) {
        Result *old = &p->results[i];
        if (old->window == window || !IsWindow(old->window)) {
            result_clear(old);
            p->results[i] = p->results[--p->result_count];
        }
    }
    if (p->result_count == PAGETEXT_MAX_WINDOWS) { /* forget the oldest */
        size_t oldest = 0;
        for (size_t i = 1; i < p->result_count; i++) {
            if (p->results[i].finished < p->results[oldest].finished)
                oldest = i;
        }
        result_clear(&p->results[oldest]);
        p->results[oldest] = p->results[--p->result_count];
    }
    Result *res = &p->results[p->result_count++];
    res->window = window;
    res->status = status;
    res->text = text;
    res->url = url;
    wcsncpy(res->title, title, TITLE_LENGTH - 1);
    res->title[TITLE_LENGTH - 1] = L'\0';
    res->finished = GetTickCount64();
    LeaveCriticalSection(&p->lock);
    post(p, PAGETEXT_NOTIFY_RESULT, (LPARAM)window);
}

static HWND take_request(PageText *p)
{
    HWND window = NULL;
    EnterCriticalSection(&p->lock);
    if (p->queued > 0) {
        window = p->queue[0];
        p->queued--;
        memmove(p->queue, p->queue + 1, p->queued * sizeof p->queue[0]);
    }
    LeaveCriticalSection(&p->lock);
    return window;
}

/* Forgets the abandoned reads that have ended since. */
static void reap_stuck(PageText *p)
{
    for (size_t i = p->stuck_count; i-- > 0;) {
        if (WaitForSingleObject(p->stuck[i], 0) == WAIT_OBJECT_0) {
            CloseHandle(p->stuck[i]);
            p->stuck[i] = p->stuck[--p->stuck_count];
        }
    }
}

static void supervise_one(PageText *p, HWND window)
{
    /* The title the read is about; InternalGetWindowText sends no message. */
    wchar_t title[TITLE_LENGTH];
    int length = InternalGetWindowText(window, title, TITLE_LENGTH);
    title[length > 0 ? length : 0] = L'\0';

    if (p->stuck_count == MAX_STUCK) {
        report(p, "page text: reads are paused while several browser windows do not "
                  "answer; the title alone is used");
        finish(p, window, title, PAGETEXT_TIMEOUT, NULL, NULL);
        return;
    }
    Read *r = calloc(1, sizeof *r);
    if (r == NULL) {
        finish(p, window, title, PAGETEXT_UNAVAILABLE, NULL, NULL);
        return;
    }
    r->refs = 2;
    r->window = window;
    r->limits = p->limits;
    r->deadline = GetTickCount64() + p->limits.budget_ms;
    HANDLE reader = CreateThread(NULL, READER_STACK, reader_main, r,
                                 STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
    if (reader == NULL) {
        char line[STATUS_LENGTH];
        snprintf(line, sizeof line, "page text is not read: its thread cannot start "
                 "(CreateThread: error %lu)", GetLastError());
        report(p, line);
        free(r);
        finish(p, window, title, PAGETEXT_UNAVAILABLE, NULL, NULL);
        return;
    }
    if (WaitForSingleObject(reader, p->limits.budget_ms + GRACE_MS) == WAIT_OBJECT_0) {
        CloseHandle(reader);
        report(p, r->reason);
        char *text = r->text;
        char *url = r->url;
        r->text = NULL;
        r->url = NULL;
        finish(p, window, title, r->status, text, url);
    } else {
        /* Stuck inside a call: from now on the reader alone owns what it writes. */
        p->stuck[p->stuck_count++] = reader;
        char line[STATUS_LENGTH];
        snprintf(line, sizeof line, "page text: a browser window's accessibility tree did "
                 "not answer within %lu ms; the read was abandoned",
                 (unsigned long)p->limits.budget_ms);
        report(p, line);
        finish(p, window, title, PAGETEXT_TIMEOUT, NULL, NULL);
    }
    read_release(r);
}

static DWORD WINAPI supervisor_main(void *param)
{
    PageText *p = param;
    while (!p->stopping) {
        reap_stuck(p);
        HWND window = take_request(p);
        if (window != NULL) {
            supervise_one(p, window);
            continue;
        }
        WaitForSingleObject(p->wake, p->stuck_count > 0 ? STUCK_POLL_MS : INFINITE);
    }
    return 0;
}

/* ---- the UI thread's side ------------------------------------------------------------- */

PageText *pagetext_start(HWND notify, UINT message)
{
    return pagetext_start_with(notify, message, NULL);
}

static void pagetext_free(PageText *p)
{
    for (size_t i = 0; i < p->result_count; i++)
        result_clear(&p->results[i]);
    for (size_t i = 0; i < p->stuck_count; i++)
        CloseHandle(p->stuck[i]); /* the threads go on; only our handles close */
    if (p->wake != NULL)
        CloseHandle(p->wake);
    DeleteCriticalSection(&p->lock);
    free(p);
}

PageText *pagetext_start_with(HWND notify, UINT message, const PageTextLimits *limits)
{
    PageText *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->notify = notify;
    p->message = message;
    if (limits != NULL)
        p->limits = *limits;
    if (p->limits.budget_ms == 0)
        p->limits.budget_ms = PAGETEXT_BUDGET_MS;
    if (p->limits.max_text == 0)
        p->limits.max_text = PAGETEXT_MAX_TEXT;
    if (p->limits.max_nodes == 0)
        p->limits.max_nodes = PAGETEXT_MAX_NODES;
    InitializeCriticalSection(&p->lock);
    p->wake = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (p->wake != NULL)
        p->thread = CreateThread(NULL, 0, supervisor_main, p, 0, NULL);
    if (p->thread == NULL) {
        pagetext_free(p);
        return NULL;
    }
    return p;
}

void pagetext_stop(PageText *p)
{
    if (p == NULL)
        return;
    InterlockedExchange(&p->stopping, 1);
    SetEvent(p->wake);
    /* The supervisor waits for a read under way for at most its budget and grace. */
    if (WaitForSingleObject(p->thread, p->limits.budget_ms + GRACE_MS + STOP_EXTRA_MS) !=
        WAIT_OBJECT_0)
        return; /* should not happen; freeing p under a live supervisor would crash */
    CloseHandle(p->thread);
    pagetext_free(p);
}

void pagetext_request(PageText *p, HWND window)
{
    if (p == NULL || window == NULL)
        return;
    EnterCriticalSection(&p->lock);
    bool known = false;
    for (size_t i = 0; i < p->queued && !known; i++)
        known = p->queue[i] == window;
    if (!known && p->queued < QUEUE_CAPACITY)
        p->queue[p->queued++] = window;
    LeaveCriticalSection(&p->lock);
    SetEvent(p->wake);
}

PageTextStatus pagetext_result(PageText *p, HWND window, char **text, char **url)
{
    *text = NULL;
    *url = NULL;
    if (p == NULL || window == NULL || !IsWindow(window))
        return PAGETEXT_NONE; /* a closed window's handle may be given to a new one */
    wchar_t title[TITLE_LENGTH];
    int length = InternalGetWindowText(window, title, TITLE_LENGTH);
    title[length > 0 ? length : 0] = L'\0';
    PageTextStatus status = PAGETEXT_NONE;
    EnterCriticalSection(&p->lock);
    for (size_t i = 0; i < p->result_count; i++) {
        const Result *res = &p->results[i];
        if (res->window != window)
            continue;
        if (wcscmp(res->title, title) == 0) {
            status = res->status;
            *text = win_text_copy(res->text);
            *url = win_text_copy(res->url);
        }
        break;
    }
    LeaveCriticalSection(&p->lock);
    return status;
}

bool pagetext_status(PageText *p, char *message, size_t size)
{
    if (p == NULL)
        return false;
    EnterCriticalSection(&p->lock);
    bool any = p->status_count > 0;
    if (any) {
        if (size > 0)
            snprintf(message, size, "%s", p->statuses[0]);
        p->status_count--;
        memmove(p->statuses[0], p->statuses[1], p->status_count * sizeof p->statuses[0]);
    }
    LeaveCriticalSection(&p->lock);
    return any;
}

const char *pagetext_status_name(PageTextStatus status)
{
    switch (status) {
    case PAGETEXT_OK: return "ok";
    case PAGETEXT_TIMEOUT: return "timeout";
    case PAGETEXT_UNAVAILABLE: return "unavailable";
    default: return "none";
    }
}

/* ---- the address rule ------------------------------------------------------------------ */

static bool ascii_alpha(wchar_t c)
{
    return (c >= L'a' && c <= L'z') || (c >= L'A' && c <= L'Z');
}

static bool ascii_digit(wchar_t c)
{
    return c >= L'0' && c <= L'9';
}

/* A host name as an address bar shows it: labels of letters (any script), digits and
   hyphens, joined by dots; at least two labels, the last with a letter (a top-level
   domain), or four numbers (an IPv4 address); or "localhost". */
static bool looks_like_host(const wchar_t *host, size_t n)
{
    if (n == 9 && _wcsnicmp(host, L"localhost", 9) == 0)
        return true;
    size_t labels = 0, label_length = 0;
    bool all_digits = true, last_has_letter = false;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || host[i] == L'.') {
            if (label_length == 0)
                return false; /* "..", or a dot at either end */
            labels++;
            label_length = 0;
            if (i < n)
                last_has_letter = false;
            continue;
        }
        wchar_t c = host[i];
        if (ascii_digit(c)) {
            /* a digit */
        } else if (c == L'-' || iswalpha(c) || c > 0x7F) {
            all_digits = false;
            if (c != L'-')
                last_has_letter = true;
        } else {
            return false;
        }
        label_length++;
    }
    return labels >= 2 && (last_has_letter || (all_digits && labels == 4));
}

bool pagetext_looks_like_url(const wchar_t *text)
{
    if (text == NULL)
        return false;
    while (iswspace(*text))
        text++;
    size_t n = wcslen(text);
    while (n > 0 && iswspace(text[n - 1]))
        n--;
    if (n == 0 || n > URL_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (iswspace(text[i]) || text[i] < 0x20)
            return false; /* words with spaces are a search, not an address */
    }
    /* scheme ":" ... */
    size_t i = 0;
    if (ascii_alpha(text[0])) {
        while (i < n && (ascii_alpha(text[i]) || ascii_digit(text[i]) || text[i] == L'+' ||
                         text[i] == L'-' || text[i] == L'.'))
            i++;
        if (i < n && text[i] == L':') {
            if (n > i + 3 && text[i + 1] == L'/' && text[i + 2] == L'/')
                return true;
            static const wchar_t *const bare[] = {L"about", L"file", L"data"};
            for (size_t k = 0; k < sizeof bare / sizeof bare[0]; k++) {
                if (wcslen(bare[k]) == i && _wcsnicmp(text, bare[k], i) == 0)
                    return n > i + 1;
            }
        }
    }
    /* host [":" port] [("/" | "?" | "#") ...] */
    size_t host_end = 0;
    while (host_end < n && text[host_end] != L'/' && text[host_end] != L'?' &&
           text[host_end] != L'#' && text[host_end] != L':')
        host_end++;
    if (!looks_like_host(text, host_end))
        return false;
    i = host_end;
    if (i < n && text[i] == L':') {
        size_t digits = 0;
        for (i++; i < n && ascii_digit(text[i]); i++)
            digits++;
        if (digits == 0 || digits > 5)
            return false;
    }
    return i == n || text[i] == L'/' || text[i] == L'?' || text[i] == L'#';
}
