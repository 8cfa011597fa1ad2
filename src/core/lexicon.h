/*
 * lexicon.h - the words of a fake alert, grouped by what they claim.
 *
 * Phrases (brand names, "virus found", "call support now", "do not restart", ...)
 * in English, Japanese, German and French, in folded form (fold.h), grouped into
 * categories. A scan reports, for each category, whether it occurs and where its
 * first occurrence is, so a scorer can count each category once with evidence.
 *
 * The phrase lists are compiled in and constant; the scan keeps no state between
 * calls, so it is reentrant. Today the scan searches for each phrase in turn,
 * skipping those whose bytes cannot occur (fine for titles and a few kB of page
 * text, about a million titles a second). The interface is shaped so that a
 * multi-pattern automaton (Aho-Corasick, built from the same lists, one pass over
 * the text) can replace the inside without any caller changing.
 *
 * Matching rule: a phrase that starts with an ASCII letter must not follow an ASCII
 * letter ("virus" is found in "a virus" and "viruses", not in "antivirus"); Japanese
 * phrases match anywhere. Besides literal phrases, alarm.errorcode also matches
 * a Windows-style hexadecimal code: "0x" and at least six hex digits.
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

/*
 * Scans folded text[0..length) and fills *out (every category, found or not).
 * Never fails.
 */
void lexicon_scan(const char *text, size_t length, LexResult *out);

/* The stable trait code of a category: "brand", "alarm.infection", "support", ... */
const char *lexicon_category_code(LexCategory category);

#endif
