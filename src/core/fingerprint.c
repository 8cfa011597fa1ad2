/* fingerprint.c - see fingerprint.h. */
#include "fingerprint.h"

#include <stdio.h>
#include <string.h>

void fingerprints_init(FingerprintSet *set)
{
    set->count = 0;
}

void fingerprints_add_hash(FingerprintSet *set, const char *hash, long long ended_ms)
{
    if (hash == NULL || strlen(hash) != JOURNAL_TITLE_HASH_SIZE - 1)
        return; /* not a hash journal_title_hash could have made */
    if (set->count == FINGERPRINT_CAPACITY) {
        memmove(&set->items[0], &set->items[1], (FINGERPRINT_CAPACITY - 1) * sizeof set->items[0]);
        set->count--;
    }
    memcpy(set->items[set->count].hash, hash, JOURNAL_TITLE_HASH_SIZE);
    set->items[set->count].until_ms = ended_ms + FINGERPRINT_KEEP_MS;
    set->count++;
}

void fingerprints_add_title(FingerprintSet *set, const char *title, long long ended_ms)
{
    char hash[JOURNAL_TITLE_HASH_SIZE];
    journal_title_hash(title, hash);
    fingerprints_add_hash(set, hash, ended_ms);
}

bool fingerprints_match(const FingerprintSet *set, const char *title, long long now_ms)
{
    if (set->count == 0 || title == NULL)
        return false;
    char hash[JOURNAL_TITLE_HASH_SIZE];
    journal_title_hash(title, hash);
    for (size_t i = 0; i < set->count; i++) {
        if (now_ms <= set->items[i].until_ms && strcmp(set->items[i].hash, hash) == 0)
            return true;
    }
    return false;
}

void fingerprints_promote(Verdict *verdict, int alert_threshold)
{
    int missing = alert_threshold - verdict->score;
    if (missing > 0 && verdict->reason_count < VERDICT_MAX_REASONS) {
        Reason *r = &verdict->reasons[verdict->reason_count++];
        snprintf(r->trait, sizeof r->trait, "seen.before");
        snprintf(r->match, sizeof r->match, "a page omamori ended before");
        r->weight = missing;
        verdict->score = alert_threshold;
    }
    verdict->kind = VERDICT_ALERT;
}

/* Days from 1970-01-01 to a date (Howard Hinnant's days_from_civil). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

long long fingerprint_parse_time(const char *iso)
{
    int year, month, day, hour, minute, second, millis;
    if (iso == NULL || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &year, &month, &day, &hour,
                              &minute, &second, &millis) != 7 ||
        month < 1 || month > 12 || day < 1 || day > 31)
        return -1;
    long long days = days_from_civil(year, (unsigned)month, (unsigned)day);
    return ((days * 24 + hour) * 60 + minute) * 60000LL + second * 1000LL + millis;
}
