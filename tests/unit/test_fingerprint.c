/* test_fingerprint.c - a page omamori ended is recognised when the browser restores it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fingerprint.h"

#define HOUR (60LL * 60 * 1000)

static void an_ended_page_is_recognised_until_it_expires(void **state)
{
    (void)state;
    static FingerprintSet set;
    fingerprints_init(&set);
    const char *title = "Ｍｉｃｒｏｓｏｆｔ 警告 0120-555-010 - Google Chrome";
    fingerprints_add_title(&set, title, 1000);
    assert_true(fingerprints_match(&set, title, 1000 + HOUR));
    assert_true(fingerprints_match(&set, title, 1000 + FINGERPRINT_KEEP_MS));
    assert_false(fingerprints_match(&set, title, 1000 + FINGERPRINT_KEEP_MS + 1));
    assert_false(fingerprints_match(&set, "YouTube - Google Chrome", 1000));
    assert_false(fingerprints_match(&set, NULL, 1000));
}

static void a_redacted_journal_rebuilds_the_same_fingerprint(void **state)
{
    (void)state;
    static FingerprintSet set;
    fingerprints_init(&set);
    char hash[JOURNAL_TITLE_HASH_SIZE];
    journal_title_hash("Security center - Google Chrome", hash);
    fingerprints_add_hash(&set, hash, 0);
    assert_true(fingerprints_match(&set, "Security center - Google Chrome", HOUR));
    fingerprints_add_hash(&set, "not-a-hash", 0); /* ignored */
    assert_int_equal(set.count, 1);
}

static void when_full_the_oldest_page_is_forgotten(void **state)
{
    (void)state;
    static FingerprintSet set;
    fingerprints_init(&set);
    char title[32];
    for (int i = 0; i <= FINGERPRINT_CAPACITY; i++) {
        snprintf(title, sizeof title, "page %d", i);
        fingerprints_add_title(&set, title, 0);
    }
    assert_int_equal(set.count, FINGERPRINT_CAPACITY);
    assert_false(fingerprints_match(&set, "page 0", 0));
    assert_true(fingerprints_match(&set, "page 1", 0));
    snprintf(title, sizeof title, "page %d", FINGERPRINT_CAPACITY);
    assert_true(fingerprints_match(&set, title, 0));
}

static void a_recognised_page_alerts_with_its_reason(void **state)
{
    (void)state;
    Verdict v;
    memset(&v, 0, sizeof v);
    v.kind = VERDICT_WATCH;
    v.score = 35;
    fingerprints_promote(&v, 60);
    assert_int_equal(v.kind, VERDICT_ALERT);
    assert_int_equal(v.score, 60);
    assert_int_equal(v.reason_count, 1);
    assert_string_equal(v.reasons[0].trait, "seen.before");
    assert_int_equal(v.reasons[0].weight, 25);

    memset(&v, 0, sizeof v);
    v.kind = VERDICT_ALERT;
    v.score = 90;
    fingerprints_promote(&v, 60);
    assert_int_equal(v.score, 90);
    assert_int_equal(v.reason_count, 0); /* alerting anyway: nothing to add */
}

static void journal_times_parse_to_milliseconds(void **state)
{
    (void)state;
    assert_int_equal(fingerprint_parse_time("1970-01-01T00:00:00.000Z"), 0);
    assert_int_equal(fingerprint_parse_time("2000-02-29T00:00:00.000Z"), 951782400000LL);
    assert_int_equal(fingerprint_parse_time("2026-11-29T06:58:04.999Z"), 1795935484999LL);
    assert_int_equal(fingerprint_parse_time("yesterday"), -1);
    assert_int_equal(fingerprint_parse_time("2026-13-01T00:00:00.000Z"), -1);
    assert_int_equal(fingerprint_parse_time(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_ended_page_is_recognised_until_it_expires),
        cmocka_unit_test(a_redacted_journal_rebuilds_the_same_fingerprint),
        cmocka_unit_test(when_full_the_oldest_page_is_forgotten),
        cmocka_unit_test(a_recognised_page_alerts_with_its_reason),
        cmocka_unit_test(journal_times_parse_to_milliseconds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
