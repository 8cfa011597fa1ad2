/*
 * allowlist.h - titles or sites an administrator says are never fake alerts (a
 * training page, an internal help desk), set by Group Policy.
 *
 * An entry matches when it occurs anywhere in the window's title, compared in folded
 * form (fold.h): case, full-width letters and look-alike characters do not matter.
 * The list owns folded copies of its entries.
 */
#ifndef OMAMORI_ALLOWLIST_H
#define OMAMORI_ALLOWLIST_H

#include <stdbool.h>
#include <stddef.h>

typedef struct Allowlist {
    char **entries; /* folded, owned */
    size_t count;
} Allowlist;

void allowlist_init(Allowlist *list);
void allowlist_free(Allowlist *list);

/* Adds an entry (UTF-8). Empty or blank entries are ignored (they would allow
   everything). Returns false only when out of memory. */
bool allowlist_add(Allowlist *list, const char *entry);

/* The entry that allows this title, or NULL. */
const char *allowlist_match(const Allowlist *list, const char *title);

#endif
