/*
 * wintext.h - UTF-8 <-> UTF-16 at the Win32 edge. The core speaks UTF-8 only;
 * Win32 is called through its W functions only.
 */
#ifndef OMAMORI_WINTEXT_H
#define OMAMORI_WINTEXT_H

#include <wchar.h>

/* Both return a new string (caller frees with free()), or NULL when out of memory
   or when the input is NULL. Invalid sequences become U+FFFD. */
char *win_utf8_from_wide(const wchar_t *wide);
wchar_t *win_wide_from_utf8(const char *utf8);

#endif
