/*
 * lexicon.h - the words of a fake alert, grouped by what they claim.
 *
 * Phrases (brand names, "virus found", "call support now", "do not restart", ...)
 * in folded form (fold.h), grouped into categories. A scan reports, for each
 * category, whether it occurs and where its first occurrence is, so a scorer can
 * count each category once with evidence.
 *
 * The phrases are data: config/omamori.yaml lists them (config.c folds them and
 * builds the Lexicon once, at load). A Lexicon is an Aho-Corasick automaton over all
 * phrases of all categories, so a scan is one pass over the text however many
 * phrases there are. It is read-only once built: any number of threads may scan
 * with one Lexicon at the same time.
 *
 * Matching rule: a phrase that starts with an ASCII letter must not follow an ASCII
 * letter ("virus" is found in "a virus" and "viruses", not in "antivirus"); other
 * phrases (Japanese) match anywhere. The first occurrence of a category is the one
 * that starts first; of two that start at the same byte, the shorter. Besides its
 * phrases, alarm.errorcode also matches a Windows-style hexadecimal code: "0x" and
 * at least six hex digits, not inside a word (a pattern, so it stays code).
 */
#ifndef OMAMORI_LEXICON_H
#define OMAMORI_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    LEX_BRAND = 0,        /* a company or product a scam pretends to be */
    LEX_SECURITY_UI,      /* the names of Windows' own security screens */
    LEX_INFECTION,        /* virus found, infected, trojan, spyware, threats */
    LEX_LOCK,             /* the computer is locked or blocked */
    LEX_CALL,             /* call this number now, helpline */
    LEX_DONT_CLOSE,       /* do not close, restart or shut down; do not ignore */
    LEX_ERROR_CODE,       /* "error code", 0x80070490 */
    LEX_LICENSE,          /* licence expired, activate the licence */
    LEX_WARNING,          /* warning, alert, danger */
    LEX_SUPPORT,          /* support, help desk, technician, toll-free labels */
    LEX_SCAN,             /* a fake scan in progress: "quick scan", "files scanned" */
    LEX_ABOUT_SCAM,       /* the page names the scam ("詐欺", "scam"): a kit never does */
    LEX_YOUR_DEVICE,      /* speaks of the reader's own machine: "your computer", "お使いのPC" */
    LEX_CLAIM,            /* states it as done: "has been infected", "感染しています" */
    LEX_CATEGORY_COUNT
} LexCategory;

typedef struct LexHit {
    bool found;
    size_t offset; /* of the first occurrence, in the scanned text */
    size_t length; /* bytes */
} LexHit;

typedef struct LexResult {
    LexHit hits[LEX_CATEGORY_COUNT];
} LexResult;

/* A folded phrase is at most this many bytes: evidence fits a Reason, lengths stay small. */
#define LEXICON_PHRASE_MAX 200

typedef struct Lexicon Lexicon; /* the automaton; see lexicon.c */

/* One category's phrases: count NUL-terminated strings, each folded (fold.h). */
typedef struct LexPhraseList {
    const char *const *phrases;
    size_t count;
} LexPhraseList;

/*
 * Builds the automaton from lists[c], the phrases of category c (a list may be
 * empty). The phrases are copied: the lists may go once this returns. Returns NULL
 * when memory runs out or a phrase is empty or longer than LEXICON_PHRASE_MAX.
 * The caller owns the result and frees it with lexicon_free().
 */
Lexicon *lexicon_new(const LexPhraseList lists[LEX_CATEGORY_COUNT]);

/* Frees what lexicon_new() returned; NULL is fine. */
void lexicon_free(Lexicon *lex);

/* How many phrases a category has, and the index-th of them in the order given
 * (borrowed until lexicon_free). lex may be NULL: no phrases. */
size_t lexicon_phrase_count(const Lexicon *lex, LexCategory category);
const char *lexicon_phrase(const Lexicon *lex, LexCategory category, size_t index);

/*
 * Scans folded text[0..length) and fills *out (every category, found or not).
 * lex may be NULL (no phrases: only the hex error code is looked for).
 * Never fails; reentrant.
 */
void lexicon_scan(const Lexicon *lex, const char *text, size_t length, LexResult *out);

/* The stable trait code of a category: "brand", "alarm.infection", "support", ...
 * (also the category's name in config/omamori.yaml). */
const char *lexicon_category_code(LexCategory category);

#endif
