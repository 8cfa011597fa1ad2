/*
 * jsonbuf.h - a growing text buffer for writing JSON lines (tool output, journal).
 *
 * Writing never fails part-way from the caller's view: on an allocation failure the
 * buffer remembers it (failed = true), later appends do nothing, and the caller checks
 * once at the end. Strings are escaped as JSON requires; invalid UTF-8 bytes become
 * U+FFFD so every line written is valid UTF-8.
 */
#ifndef OMAMORI_JSONBUF_H
#define OMAMORI_JSONBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct JsonBuf {
    char *data;      /* NUL-terminated when length > 0; owned */
    size_t length;   /* bytes used, without the NUL */
    size_t capacity; /* bytes allocated */
    bool failed;     /* an allocation failed; contents are incomplete */
} JsonBuf;

void jsonbuf_init(JsonBuf *buf);
void jsonbuf_free(JsonBuf *buf);
void jsonbuf_reset(JsonBuf *buf); /* empties it, keeps the memory */

void jsonbuf_raw(JsonBuf *buf, const char *text);             /* appended as is */
void jsonbuf_string(JsonBuf *buf, const char *utf8);          /* "escaped"; NULL gives null */
void jsonbuf_string_n(JsonBuf *buf, const char *utf8, size_t length);
void jsonbuf_int(JsonBuf *buf, long long value);
void jsonbuf_bool(JsonBuf *buf, bool value);

/* Convenience for objects: appends  ,"key":  (the comma only when not first). */
void jsonbuf_key(JsonBuf *buf, const char *key, bool first);

#endif
