/* test_eventmap.c - what reaches the Windows Event Log: IDs, types, insertion strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "eventmap.h"

typedef struct SimpleCase {
    const char *event;
    const char *detail;
    unsigned id;
    EventType type;
    size_t count;
} SimpleCase;

static void journal_events_map_to_stable_ids_types_and_strings(void **state)
{
    (void)state;
    static const SimpleCase cases[] = {
        {"dismissed", "chrome.exe", 1002, EVENT_INFORMATION, 1},
        {"practice_alert", NULL, 1003, EVENT_INFORMATION, 0},
        {"config_rejected", "omamori.yaml:2:12: bad", 2000, EVENT_WARNING, 1},
        {"audio_unavailable", "GetSessionEnumerator: 0x80004001", 2001, EVENT_INFORMATION, 1},
        {"start", "0.1.0", 3000, EVENT_INFORMATION, 1},
        {"stop", NULL, 3001, EVENT_INFORMATION, 0},
        {"protection_paused", "60 minutes", 3002, EVENT_INFORMATION, 1},
        {"protection_resumed", NULL, 3003, EVENT_INFORMATION, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        EventRecord r;
        assert_true(eventmap_simple(&r, cases[i].event, cases[i].detail));
        assert_int_equal(r.id, cases[i].id);
        assert_int_equal(r.type, cases[i].type);
        assert_int_equal(r.count, cases[i].count);
        if (cases[i].count == 1)
            assert_string_equal(r.strings[0], cases[i].detail);
    }
}

static void events_without_a_message_are_not_logged(void **state)
{
    (void)state;
    EventRecord r;
    assert_false(eventmap_simple(&r, "tray_restored", NULL));
    assert_false(eventmap_simple(&r, "detection", NULL)); /* has its own function */
    assert_false(eventmap_simple(&r, "", NULL));
}

static void a_detection_carries_its_evidence(void **state)
{
    (void)state;
    Verdict v;
    memset(&v, 0, sizeof v);
    v.score = 85;
    v.reason_count = 2;
    strcpy(v.reasons[0].trait, "alarm.claim");
    strcpy(v.reasons[1].trait, "phone.jp_tollfree");
    EventRecord r;
    eventmap_detection(&r, 4242, "chrome.exe", "Ｍｉｃｒｏｓｏｆｔ 警告", &v);
    assert_int_equal(r.id, 1000);
    assert_int_equal(r.type, EVENT_WARNING);
    assert_int_equal(r.count, 5);
    assert_string_equal(r.strings[0], "chrome.exe");
    assert_string_equal(r.strings[1], "4242");
    assert_string_equal(r.strings[2], "Ｍｉｃｒｏｓｏｆｔ 警告");
    assert_string_equal(r.strings[3], "85");
    assert_string_equal(r.strings[4], "alarm.claim, phone.jp_tollfree");

    eventmap_detection(&r, 1, "chrome.exe", NULL, &v); /* titles redacted */
    assert_string_equal(r.strings[2], "(title not recorded)");
}

/* The Event Viewer expands "%%1234" in an insertion string as a parameter message: a
   page's title must never reach it with its percent signs. */
static void percent_signs_in_a_title_are_made_full_width(void **state)
{
    (void)state;
    Verdict v;
    memset(&v, 0, sizeof v);
    EventRecord r;
    eventmap_detection(&r, 7, "chrome.exe", "100% safe %%1 警告%", &v);
    assert_string_equal(r.strings[2], "100\xEF\xBC\x85 safe \xEF\xBC\x85\xEF\xBC\x85" "1 警告\xEF\xBC\x85");
    assert_null(strchr(r.strings[2], '%'));
    eventmap_remote_started(&r, 8, "%%1000.exe");
    assert_string_equal(r.strings[0], "\xEF\xBC\x85\xEF\xBC\x85" "1000.exe");

    /* A long title is cut at a character's boundary, never inside one. */
    char title[400];
    size_t n = 0;
    while (n + 4 < sizeof title) {
        memcpy(title + n, n % 2 ? "%" : "あ", n % 2 ? 1 : 3);
        n += n % 2 ? 1 : 3;
    }
    title[n] = '\0';
    eventmap_detection(&r, 9, "chrome.exe", title, &v);
    size_t len = strlen(r.strings[2]);
    assert_true(len > 200 && len < sizeof r.text[0]);
    assert_null(strchr(r.strings[2], '%'));
    assert_true(len % 3 == 0); /* whole three-byte characters only */
}

static void an_ended_browser_says_how_and_how_long(void **state)
{
    (void)state;
    EventRecord r;
    eventmap_browser_ended(&r, 7, "msedge.exe", "terminated", 3012, 1);
    assert_int_equal(r.id, 1001);
    assert_int_equal(r.type, EVENT_INFORMATION);
    assert_int_equal(r.count, 5);
    assert_string_equal(r.strings[0], "msedge.exe");
    assert_string_equal(r.strings[1], "7");
    assert_string_equal(r.strings[2], "terminated");
    assert_string_equal(r.strings[3], "3012");
    assert_string_equal(r.strings[4], "1");
}

static void a_remote_tool_is_logged_when_started_and_when_ended(void **state)
{
    (void)state;
    EventRecord r;
    eventmap_remote_started(&r, 99, "AnyDesk.exe");
    assert_int_equal(r.id, 1004);
    assert_int_equal(r.type, EVENT_WARNING);
    assert_int_equal(r.count, 2);
    assert_string_equal(r.strings[0], "AnyDesk.exe");
    assert_string_equal(r.strings[1], "99");

    eventmap_remote_ended(&r, 99, "AnyDesk.exe", "closed", 250, 0);
    assert_int_equal(r.id, 1005);
    assert_int_equal(r.type, EVENT_INFORMATION);
    assert_int_equal(r.count, 5);
    assert_string_equal(r.strings[0], "AnyDesk.exe");
    assert_string_equal(r.strings[1], "99");
    assert_string_equal(r.strings[2], "closed");
    assert_string_equal(r.strings[3], "250");
    assert_string_equal(r.strings[4], "0");
    /* The journal's own records for it go through these two, not the simple table. */
    assert_false(eventmap_simple(&r, "remote_tool_started", "AnyDesk.exe"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(journal_events_map_to_stable_ids_types_and_strings),
        cmocka_unit_test(events_without_a_message_are_not_logged),
        cmocka_unit_test(a_detection_carries_its_evidence),
        cmocka_unit_test(percent_signs_in_a_title_are_made_full_width),
        cmocka_unit_test(an_ended_browser_says_how_and_how_long),
        cmocka_unit_test(a_remote_tool_is_logged_when_started_and_when_ended),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
