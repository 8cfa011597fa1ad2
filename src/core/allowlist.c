/* allowlist.c - see allowlist.h. */
#include "allowlist.h"

#include <stdlib.h>
#include <string.h>

#include "fold.h"

void allowlist_init(Allowlist *list)
{
    list->entries = NULL;
    list->count = 0;
}

void allowlist_free(Allowlist *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->entries[i]);
    free(list->entries);
    allowlist_init(list);
}

/* Whether folded text has anything but spaces. */
static bool has_content(const char *text)
{
    for (; *text != '\0'; text++) {
        if (*text != ' ')
            return true;
    }
    return false;
}

bool allowlist_add(Allowlist *list, const char *entry)
{
    size_t length = 0;
    char *folded = fold_text_alloc(entry, strlen(entry), &length);
    if (folded == NULL)
        return false;
    if (!has_content(folded)) {
        free(folded);
        return true;
    }
    char **grown = realloc(list->entries, (list->count + 1) * sizeof *grown);
    if (grown == NULL) {
        free(folded);
        return false;
    }
    list->entries = grown;
    list->entries[list->count++] = folded;
    return true;
}

const char *allowlist_match(const Allowlist *list, const char *title)
{
    if (list->count == 0 || title == NULL)
        return NULL;
    size_t length = 0;
    char *folded = fold_text_alloc(title, strlen(title), &length);
    if (folded == NULL)
        return NULL; /* out of memory: judge the window as usual */
    const char *found = NULL;
    for (size_t i = 0; i < list->count && found == NULL; i++) {
        if (strstr(folded, list->entries[i]) != NULL)
            found = list->entries[i];
    }
    free(folded);
    return found;
}
