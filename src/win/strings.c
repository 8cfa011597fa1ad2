/*
 * strings.c - see strings.h.
 *
 * LoadStringW picks the language by the thread's UI language, which we do not want to
 * change for the whole process; so the string block of the chosen language is read
 * directly with FindResourceExW (a block holds 16 counted UTF-16 strings).
 */
#include "strings.h"

#include <stdlib.h>
#include <string.h>

#include "resource.h"

#define STRING_COUNT (IDS_LAST - IDS_FIRST + 1)

static wchar_t *loaded[STRING_COUNT];
static bool japanese;

static wchar_t *load_string(HINSTANCE instance, UINT id, LANGID language)
{
    HRSRC found = FindResourceExW(instance, (LPCWSTR)RT_STRING, MAKEINTRESOURCEW(id / 16 + 1),
                                  language);
    if (found == NULL)
        return NULL;
    const WCHAR *block = LockResource(LoadResource(instance, found));
    if (block == NULL)
        return NULL;
    for (UINT i = 0; i < id % 16; i++)
        block += 1 + *block; /* skip the count and the characters */
    size_t length = *block;
    wchar_t *text = malloc((length + 1) * sizeof *text);
    if (text == NULL)
        return NULL;
    memcpy(text, block + 1, length * sizeof *text);
    text[length] = L'\0';
    return text;
}

void strings_init(HINSTANCE instance, const char *language)
{
    if (strcmp(language, "ja") == 0)
        japanese = true;
    else if (strcmp(language, "en") == 0)
        japanese = false;
    else
        japanese = PRIMARYLANGID(GetUserDefaultUILanguage()) == LANG_JAPANESE;
    LANGID chosen = japanese ? MAKELANGID(LANG_JAPANESE, SUBLANG_DEFAULT)
                             : MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US);
    for (UINT id = IDS_FIRST; id <= IDS_LAST; id++) {
        wchar_t *text = load_string(instance, id, chosen);
        if (text == NULL || text[0] == L'\0') {
            free(text);
            text = load_string(instance, id, MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US));
        }
        loaded[id - IDS_FIRST] = text;
    }
}

const wchar_t *strings_get(UINT id)
{
    if (id < IDS_FIRST || id > IDS_LAST || loaded[id - IDS_FIRST] == NULL)
        return L"";
    return loaded[id - IDS_FIRST];
}

bool strings_is_japanese(void)
{
    return japanese;
}
