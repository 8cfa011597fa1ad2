/*
 * strings.h - the person-facing strings from the resource string tables, in the
 * language omamori speaks (chosen once at start: configured, or the user's UI language).
 */
#ifndef OMAMORI_STRINGS_H
#define OMAMORI_STRINGS_H

#include <stdbool.h>
#include <windows.h>

/* language: "ja", "en" or "auto" (follow the user's UI language). */
void strings_init(HINSTANCE instance, const char *language);

/* The string with this IDS_ id; never NULL (an empty string if missing).
   Valid until the process ends. */
const wchar_t *strings_get(UINT id);

bool strings_is_japanese(void);

#endif
