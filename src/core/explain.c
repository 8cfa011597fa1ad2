/*
 * explain.c - see explain.h.
 *
 * Trait codes are matched by prefix, so a new trait of a known family (another
 * phone class, another alarm category) is explained without a change here.
 */
#include "explain.h"

#include <stdbool.h>
#include <string.h>

typedef struct TraitKind {
    const char *prefix; /* a trait code, or a family ending in '.' */
    ExplainKind kind;
} TraitKind;

/* First match wins: the specific codes come before their families. */
static const TraitKind trait_kinds[] = {
    {"alarm.call", EXPLAIN_CALL},
    {"alarm.infection", EXPLAIN_INFECTION},
    {"alarm.lock", EXPLAIN_LOCK},
    {"alarm.dontclose", EXPLAIN_LOCK},
    {"alarm.securityui", EXPLAIN_BRAND},
    {"brand", EXPLAIN_BRAND},
    {"phone.", EXPLAIN_PHONE},
    {"window.fullscreen", EXPLAIN_FULLSCREEN},
    {"window.locked", EXPLAIN_CURSOR},
    {"audio.", EXPLAIN_ALARM_SOUND},
    {"cursor.hidden", EXPLAIN_CURSOR},
    {"seen.before", EXPLAIN_SEEN_BEFORE},
    {"screen.", EXPLAIN_LOOKS_LIKE_WINDOWS},
};

/* The order statements are made in: what to do (not call) first, then what it is. */
static const ExplainKind priority[] = {
    EXPLAIN_SEEN_BEFORE, EXPLAIN_CALL, EXPLAIN_PHONE, EXPLAIN_BRAND, EXPLAIN_INFECTION,
    EXPLAIN_LOCK, EXPLAIN_LOOKS_LIKE_WINDOWS, EXPLAIN_FULLSCREEN, EXPLAIN_ALARM_SOUND,
    EXPLAIN_CURSOR,
};

ExplainKind explain_kind_of(const char *trait)
{
    if (trait == NULL)
        return EXPLAIN_NONE;
    /* A phrase in the window title says what the same phrase in the page says. */
    if (strncmp(trait, "title.", 6) == 0)
        trait += 6;
    for (size_t i = 0; i < sizeof trait_kinds / sizeof trait_kinds[0]; i++) {
        const char *prefix = trait_kinds[i].prefix;
        size_t n = strlen(prefix);
        bool family = prefix[n - 1] == '.';
        if (family ? strncmp(trait, prefix, n) == 0 : strcmp(trait, prefix) == 0)
            return trait_kinds[i].kind;
    }
    return EXPLAIN_NONE;
}

size_t explain_verdict(const Verdict *verdict, ExplainKind *out, size_t max)
{
    size_t count = 0;
    for (size_t p = 0; p < sizeof priority / sizeof priority[0] && count < max; p++) {
        for (size_t i = 0; i < verdict->reason_count; i++) {
            const Reason *r = &verdict->reasons[i];
            if (r->weight > 0 && explain_kind_of(r->trait) == priority[p]) {
                out[count++] = priority[p];
                break; /* one statement per kind */
            }
        }
    }
    return count;
}
