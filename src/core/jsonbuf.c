/*
 * jsonbuf.c - a growing buffer of JSON text, escaped per RFC 8259.
 *
 * Job: let callers write a JSON line piece by piece and check for failure once.
 * Limits: it writes, it does not check structure (commas, brackets) beyond what
 * jsonbuf_key adds; the caller builds well-formed objects. Strings are re-encoded as
 * valid UTF-8: each ill-formed part of a sequence (the "maximal subpart" of Unicode
 * chapter 3) becomes one U+FFFD, so a title cut in the middle of a character still
 * makes a valid line. Escaped: what JSON requires (quote, backslash, C0 controls),
 * and what omamori-score's reader (libyaml) could not read back as written: DEL and
 * the C1 controls and U+FFFE/U+FFFF, which it refuses, and U+2028/U+2029, which it
 * takes for line breaks (a recorded title must replay as it was). Other text is
 * written as it is.
 */
#include "jsonbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void jsonbuf_init(JsonBuf *buf)
{
    buf->data = NULL;
    buf->length = 0;
    buf->capacity = 0;
    buf->failed = false;
}

void jsonbuf_free(JsonBuf *buf)
{
    free(buf->data);
    jsonbuf_init(buf);
}

/* A new line may succeed where the last one ran out of memory, so failed is cleared. */
void jsonbuf_reset(JsonBuf *buf)
{
    buf->length = 0;
    if (buf->data != NULL)
        buf->data[0] = '\0';
    buf->failed = false;
}

/*
 * Makes room for extra more bytes plus the NUL. Returns false (and marks the buffer
 * failed) when the memory cannot be had, including when the size would overflow.
 */
static bool jsonbuf_reserve(JsonBuf *buf, size_t extra)
{
    if (buf->failed)
        return false;
    if (extra > SIZE_MAX - 1 - buf->length) {
        buf->failed = true;
        return false;
    }
    size_t needed = buf->length + extra + 1;
    if (needed <= buf->capacity)
        return true;

    size_t capacity = buf->capacity < 64 ? 64 : buf->capacity;
    while (capacity < needed)
        capacity = capacity > SIZE_MAX / 2 ? needed : capacity * 2;

    char *data = realloc(buf->data, capacity);
    if (data == NULL) {
        buf->failed = true; /* the old data stays valid and is freed by jsonbuf_free */
        return false;
    }
    buf->data = data;
    buf->capacity = capacity;
    return true;
}

static void jsonbuf_bytes(JsonBuf *buf, const char *bytes, size_t length)
{
    if (!jsonbuf_reserve(buf, length))
        return;
    memcpy(buf->data + buf->length, bytes, length);
    buf->length += length;
    buf->data[buf->length] = '\0';
}

void jsonbuf_raw(JsonBuf *buf, const char *text)
{
    if (text != NULL)
        jsonbuf_bytes(buf, text, strlen(text));
}

/*
 * Length of the well-formed UTF-8 sequence at s (1..4), or 0 when the bytes there
 * are ill-formed; then *bad gets the length of the maximal subpart to replace (>= 1).
 * Table 3-7 of the Unicode standard: no overlongs, no surrogates, nothing above U+10FFFF.
 */
static size_t utf8_sequence(const unsigned char *s, size_t avail, size_t *bad)
{
    unsigned char c = s[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        *bad = 1; /* a stray continuation byte, C0, C1 or F5..FF */
        return 0;
    }

    size_t i = 1;
    for (; i < need && i < avail; i++) {
        unsigned char min = i == 1 ? lo : 0x80;
        unsigned char max = i == 1 ? hi : 0xBF;
        if (s[i] < min || s[i] > max)
            break;
    }
    if (i == need)
        return need;
    *bad = i;
    return 0;
}

/*
 * The code point of the well-formed n-byte sequence at s when it is to be written as
 * \uXXXX although JSON does not require it (see the top of this file), else 0.
 */
static unsigned escaped_code_point(const unsigned char *s, size_t n)
{
    unsigned cp;
    if (n == 1)
        cp = s[0];
    else if (n == 2)
        cp = (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    else if (n == 3)
        cp = (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    else
        return 0;
    bool escape = (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFFFE
               || cp == 0xFFFF;
    return escape ? cp : 0;
}

/* Writes a code point up to U+FFFF as \uXXXX, or a C0 control by its short escape. */
static void jsonbuf_escape_control(JsonBuf *buf, unsigned c)
{
    static const char hex[] = "0123456789abcdef";
    char esc[7] = { '\\', 'u', hex[c >> 12 & 0x0F], hex[c >> 8 & 0x0F], hex[c >> 4 & 0x0F],
                    hex[c & 0x0F], '\0' };
    const char *shortcut = NULL;

    switch (c) {
    case '\b': shortcut = "\\b"; break;
    case '\f': shortcut = "\\f"; break;
    case '\n': shortcut = "\\n"; break;
    case '\r': shortcut = "\\r"; break;
    case '\t': shortcut = "\\t"; break;
    default: break;
    }
    jsonbuf_raw(buf, shortcut != NULL ? shortcut : esc);
}

void jsonbuf_string_n(JsonBuf *buf, const char *utf8, size_t length)
{
    if (utf8 == NULL) {
        jsonbuf_raw(buf, "null");
        return;
    }
    const unsigned char *s = (const unsigned char *)utf8;
    jsonbuf_raw(buf, "\"");
    size_t i = 0;
    while (i < length && !buf->failed) {
        /* Copy a run of text that needs no escaping in one go. */
        size_t run = i;
        size_t bad = 0;
        size_t n;
        while (run < length && s[run] >= 0x20 && s[run] != '"' && s[run] != '\\'
               && (n = utf8_sequence(s + run, length - run, &bad)) != 0
               && escaped_code_point(s + run, n) == 0)
            run += n;
        jsonbuf_bytes(buf, utf8 + i, run - i);
        i = run;
        if (i >= length)
            break;
        if (s[i] == '"' || s[i] == '\\') {
            jsonbuf_raw(buf, s[i] == '"' ? "\\\"" : "\\\\");
            i++;
        } else if (s[i] < 0x20) {
            jsonbuf_escape_control(buf, s[i]);
            i++;
        } else if ((n = utf8_sequence(s + i, length - i, &bad)) != 0) {
            jsonbuf_escape_control(buf, escaped_code_point(s + i, n));
            i += n;
        } else {
            jsonbuf_raw(buf, "\xEF\xBF\xBD"); /* U+FFFD for the ill-formed bytes */
            i += bad;
        }
    }
    jsonbuf_raw(buf, "\"");
}

void jsonbuf_string(JsonBuf *buf, const char *utf8)
{
    jsonbuf_string_n(buf, utf8, utf8 != NULL ? strlen(utf8) : 0);
}

/* Written by hand: MinGW's printf has no portable %lld, and LLONG_MIN needs care. */
void jsonbuf_int(JsonBuf *buf, long long value)
{
    char digits[24];
    size_t pos = sizeof digits;
    unsigned long long magnitude = value < 0 ? 0ULL - (unsigned long long)value
                                             : (unsigned long long)value;
    digits[--pos] = '\0';
    do {
        digits[--pos] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    if (value < 0)
        digits[--pos] = '-';
    jsonbuf_raw(buf, digits + pos);
}

void jsonbuf_bool(JsonBuf *buf, bool value)
{
    jsonbuf_raw(buf, value ? "true" : "false");
}

void jsonbuf_key(JsonBuf *buf, const char *key, bool first)
{
    if (!first)
        jsonbuf_raw(buf, ",");
    jsonbuf_string(buf, key);
    jsonbuf_raw(buf, ":");
}
