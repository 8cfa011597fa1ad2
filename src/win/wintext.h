/*
 * wintext.h - UTF-8 <-> UTF-16 at the Win32 edge. The core speaks UTF-8 only;
 * Win32 is called through its W functions only.
 */
#ifndef OMAMORI_WINTEXT_H
#define OMAMORI_WINTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* Both return a new string (caller frees with free()), or NULL when out of memory
   or when the input is NULL. Invalid sequences become U+FFFD. */
char *win_utf8_from_wide(const wchar_t *wide);
wchar_t *win_wide_from_utf8(const char *utf8);

/* Converts wide into out (size bytes) as UTF-8; false, with out unchanged, when it
   does not fit or memory runs out. */
bool win_utf8_into(const wchar_t *wide, char *out, size_t size);

/* A new copy of a UTF-8 string (caller frees), or NULL when out of memory or text is
   NULL. */
char *win_text_copy(const char *text);

#endif
