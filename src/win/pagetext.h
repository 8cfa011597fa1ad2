/*
 * pagetext.h - a browser window's page text and address, read through the
 * accessibility interface the browsers serve (MSAA's IAccessible), for the core's
 * `text` and `url` (the same scoring as the title).
 *
 * The UI thread names a window with pagetext_request(); a worker thread reads the
 * window's accessibility tree and posts `message` to the `notify` window when the read
 * has finished; the UI thread then copies the result with pagetext_result(). Nothing
 * here ever waits on another process on the caller's thread.
 *
 * Every read is bounded:
 *   time  - a budget per read (PAGETEXT_BUDGET_MS), checked between calls; a read that
 *           is stuck inside one call (a hung browser) is abandoned and reported as a
 *           timeout, and its thread is left to finish on its own;
 *   size  - at most max_text bytes of text (UTF-8) and max_nodes nodes visited.
 * Which windows are read, and how often, is the caller's choice: each request is one
 * read (the same window is not queued twice at once). Results are kept for the last
 * PAGETEXT_MAX_WINDOWS windows read.
 *
 * What is read (see pagetext.c for the rules and for why MSAA and not UI Automation):
 *   text - the visible text of the tree's documents (ROLE_SYSTEM_DOCUMENT subtrees),
 *          one line per text leaf, in tree order;
 *   url  - the address bar's value, found by role and place (an editable text outside
 *          any document whose value looks like an address, the one nearest the top),
 *          not by its name, which is localized; failing that, the document's own
 *          address (its accValue), which a fullscreen page still has.
 *
 * Every function accepts a NULL reader (what pagetext_start returns when it cannot
 * start) and then does nothing or answers "nothing known".
 */
#ifndef OMAMORI_PAGETEXT_H
#define OMAMORI_PAGETEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <windows.h>

#define PAGETEXT_BUDGET_MS 300   /* time for one read, from its start on the worker */
#define PAGETEXT_MAX_TEXT 4096   /* bytes of page text kept (UTF-8, the start of the page) */
#define PAGETEXT_MAX_NODES 2000  /* accessibility nodes visited per read */
#define PAGETEXT_MAX_WINDOWS 32  /* windows whose last result is kept */

/* wParam of the notification message. */
#define PAGETEXT_NOTIFY_RESULT 1 /* a read finished; lParam is its window (HWND) */
#define PAGETEXT_NOTIFY_STATUS 2 /* a new reason: read it with pagetext_status() */

typedef struct PageText PageText;

typedef enum PageTextStatus {
    PAGETEXT_NONE = 0,    /* no result for that window (none finished, or see below) */
    PAGETEXT_OK,          /* the tree was read, up to the size limits */
    PAGETEXT_TIMEOUT,     /* the budget ran out: what was found before it is given */
    PAGETEXT_UNAVAILABLE, /* no tree, nothing to read in it, or the window went away */
} PageTextStatus;

/* The bounds of one read; a zero field takes the default above. */
typedef struct PageTextLimits {
    DWORD budget_ms;
    size_t max_text;
    size_t max_nodes;
} PageTextLimits;

/* Starts the worker with the default limits. notify may be NULL (nothing is posted).
   Returns NULL only when the thread or its memory cannot be had. Never blocks. */
PageText *pagetext_start(HWND notify, UINT message);

/* The same with other limits (copied). */
PageText *pagetext_start_with(HWND notify, UINT message, const PageTextLimits *limits);

/* Stops the worker and frees the reader. Waits for a read under way for at most its
   budget and a little more; reads abandoned in a hung window hold nothing of the
   reader and end on their own (or with the process). */
void pagetext_stop(PageText *p);

/* Asks for one read of window. Returns at once; the result is announced with
   PAGETEXT_NOTIFY_RESULT. A window already waiting in the queue is not queued again;
   when the queue is full the request is dropped (ask again later). */
void pagetext_request(PageText *p, HWND window);

/*
 * The last finished read of window, provided the window still has the title it had
 * when that read began: what was read of a page says nothing of the page the tab
 * moved on to. *text and *url are always set: a new UTF-8 string each (caller frees
 * with free()), or NULL when the read found none (or memory ran out). Returns
 * PAGETEXT_NONE, with both NULL, when there is no such result.
 */
PageTextStatus pagetext_result(PageText *p, HWND window, char **text, char **url);

/*
 * Takes the oldest unread reason why page text is not being read, as one English
 * line such as "page text: a window's accessibility tree did not answer within 300 ms;
 * the read was abandoned", into message (always NUL-terminated when size > 0). Each
 * distinct reason is given once, for the daemon to journal once. Returns false when
 * there is none to read.
 */
bool pagetext_status(PageText *p, char *message, size_t size);

/* "ok", "timeout", "unavailable" or "none". */
const char *pagetext_status_name(PageTextStatus status);

/* The address rule, exposed for the tests: true when text (trimmed) is one word that
   reads as an address: "scheme://...", "about:", "file:", "data:", or a host name
   with a dot (or "localhost") followed by nothing, a port, a path, a query or a
   fragment, as Chrome shows it without its "https://". */
bool pagetext_looks_like_url(const wchar_t *text);

#endif
