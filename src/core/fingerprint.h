/*
 * fingerprint.h - the fake alerts omamori ended lately, so that a browser restoring the
 * same page ("Restore pages?") is alerted again at once, without waiting for its signs
 * to build up again (a looping alarm takes many seconds to be recognised).
 *
 * A fingerprint is the hash of the window's title as the journal stores it
 * (journal_title_hash), so the set can be rebuilt at start from the journal, also from
 * a journal whose titles are redacted. Fingerprints expire (default 24 hours). Fixed
 * size: when full, the oldest goes.
 */
#ifndef OMAMORI_FINGERPRINT_H
#define OMAMORI_FINGERPRINT_H

#include <stdbool.h>
#include <stddef.h>

#include "journal.h"
#include "score.h"

#define FINGERPRINT_CAPACITY 64
#define FINGERPRINT_KEEP_MS (24LL * 60 * 60 * 1000)

typedef struct FingerprintSet {
    struct {
        char hash[JOURNAL_TITLE_HASH_SIZE];
        long long until_ms; /* forgotten after this (UTC milliseconds) */
    } items[FINGERPRINT_CAPACITY]; /* oldest first */
    size_t count;
} FingerprintSet;

void fingerprints_init(FingerprintSet *set);

/* Remembers a page by its title hash (as journal_title_hash makes it) until
   ended_ms + FINGERPRINT_KEEP_MS. */
void fingerprints_add_hash(FingerprintSet *set, const char *hash, long long ended_ms);
void fingerprints_add_title(FingerprintSet *set, const char *title, long long ended_ms);

/* Whether this title is that of a page ended lately (not yet expired at now_ms). */
bool fingerprints_match(const FingerprintSet *set, const char *title, long long now_ms);

/* Makes a verdict an alert because the page was ended before: adds the reason
   "seen.before" with the points missing to alert_threshold (none when it alerts
   already). */
void fingerprints_promote(Verdict *verdict, int alert_threshold);

/* Milliseconds since 1970 of a journal time ("2026-11-29T06:48:34.228Z"), or -1. */
long long fingerprint_parse_time(const char *iso);

#endif
