/*
 * journal.h - the incident journal's records, formatted as JSON lines.
 *
 * This module only builds the text of each record; the platform layer appends it to
 * the journal file and flushes it before acting (so the record exists even if what
 * follows crashes). Every record has "event" and "time" (ISO-8601 UTC, milliseconds).
 */
#ifndef OMAMORI_JOURNAL_H
#define OMAMORI_JOURNAL_H

#include "jsonbuf.h"
#include "score.h"

#define JOURNAL_TIME_SIZE 32

/* Writes e.g. "2026-11-29T06:38:04.123Z" for milliseconds since 1970-01-01 UTC. */
void journal_format_time(long long unix_ms, char out[JOURNAL_TIME_SIZE]);

/* The reasons of a verdict as a JSON array: [{"trait":..,"match":..,"weight":..},...]. */
void journal_write_reasons(JsonBuf *buf, const Verdict *verdict);

/* The records below replace the buffer's contents with one line ending in '\n'. */

#define JOURNAL_TITLE_HASH_SIZE 17 /* 16 hex digits and the NUL */

/* The 64-bit FNV-1a hash of the title's UTF-8 bytes, as 16 lowercase hex digits: the
   same title always gives the same hash, so redacted incidents can still be matched
   to one another (and to a title someone already knows), but not read. */
void journal_title_hash(const char *title, char out[JOURNAL_TITLE_HASH_SIZE]);

/* A browser window judged to be a fake alert. With redact_title (the config's
   journal.redact_titles), the record holds "title_hash" instead of "title"; the
   reasons, which are the matched phrases, stay. */
void journal_format_detection(JsonBuf *buf, long long unix_ms, unsigned long pid,
                              const char *exe, const char *title, const Verdict *verdict,
                              bool redact_title);

/* A browser ended by omamori: how is "closed" (it obeyed WM_CLOSE) or "terminated". */
void journal_format_browser_ended(JsonBuf *buf, long long unix_ms, unsigned long pid,
                                  const char *exe, const char *how, long long ms,
                                  unsigned survivors);

/* A remote-control tool seen starting during an incident ("remote_tool_started"), or
   left running because the person started it themself ("remote_tool_left"). */
void journal_format_remote_tool(JsonBuf *buf, long long unix_ms, const char *event,
                                unsigned long pid, const char *image);

/* A remote-control tool ended from its warning: how as for journal_format_browser_ended,
   or "gone" when it had exited, or "not_ended" when omamori may not end it. */
void journal_format_remote_ended(JsonBuf *buf, long long unix_ms, unsigned long pid,
                                 const char *image, const char *how, long long ms,
                                 unsigned survivors);

/* A plain event with an optional detail message (detail may be NULL), e.g. "start". */
void journal_format_event(JsonBuf *buf, long long unix_ms, const char *event,
                          const char *detail);

#endif
