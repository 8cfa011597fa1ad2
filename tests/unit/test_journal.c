/* test_journal.c - the journal's JSON lines: fields, escaping and time stamps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "journal.h"

typedef struct TimeCase {
    long long unix_ms;
    const char *expected;
} TimeCase;

static void times_are_iso8601_utc_with_milliseconds(void **state)
{
    (void)state;
    static const TimeCase cases[] = {
        {0, "1970-01-01T00:00:00.000Z"},
        {951782400000LL, "2000-02-29T00:00:00.000Z"},     /* a leap day */
        {1613692800123LL, "2021-02-19T00:00:00.123Z"},    /* the seed notice's date */
        {1795935484999LL, "2026-11-29T06:58:04.999Z"},
        {4107542399000LL, "2100-02-28T23:59:59.000Z"},    /* 2100 is not a leap year */
        {4107542400000LL, "2100-03-01T00:00:00.000Z"},
        {-1LL, "1969-12-31T23:59:59.999Z"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[JOURNAL_TIME_SIZE];
        journal_format_time(cases[i].unix_ms, out);
        assert_string_equal(out, cases[i].expected);
    }
}

static Verdict two_reason_verdict(void)
{
    Verdict v;
    memset(&v, 0, sizeof v);
    v.kind = VERDICT_ALERT;
    v.score = 85;
    v.reason_count = 2;
    strcpy(v.reasons[0].trait, "brand");
    strcpy(v.reasons[0].match, "microsoft");
    v.reasons[0].weight = 20;
    strcpy(v.reasons[1].trait, "phone.jp_tollfree");
    strcpy(v.reasons[1].match, "0120-555-010");
    v.reasons[1].weight = 30;
    return v;
}

static void detection_line_has_every_field_and_ends_with_newline(void **state)
{
    (void)state;
    JsonBuf buf;
    jsonbuf_init(&buf);
    Verdict v = two_reason_verdict();
    journal_format_detection(&buf, 0, 4242, "chrome.exe", "警告 \"call\" now", &v, false);
    assert_false(buf.failed);
    assert_string_equal(
        buf.data,
        "{\"event\":\"detection\",\"time\":\"1970-01-01T00:00:00.000Z\",\"pid\":4242,"
        "\"exe\":\"chrome.exe\",\"title\":\"警告 \\\"call\\\" now\",\"verdict\":\"alert\","
        "\"score\":85,\"reasons\":[{\"trait\":\"brand\",\"match\":\"microsoft\",\"weight\":20},"
        "{\"trait\":\"phone.jp_tollfree\",\"match\":\"0120-555-010\",\"weight\":30}]}\n");
    jsonbuf_free(&buf);
}

static void browser_ended_line_records_how_long_and_survivors(void **state)
{
    (void)state;
    JsonBuf buf;
    jsonbuf_init(&buf);
    journal_format_browser_ended(&buf, 1000, 7, "msedge.exe", "terminated", 3012, 1);
    assert_string_equal(buf.data,
                        "{\"event\":\"browser_ended\",\"time\":\"1970-01-01T00:00:01.000Z\","
                        "\"pid\":7,\"exe\":\"msedge.exe\",\"how\":\"terminated\",\"ms\":3012,"
                        "\"survivors\":1}\n");
    jsonbuf_free(&buf);
}

static void remote_tool_lines_name_the_program(void **state)
{
    (void)state;
    JsonBuf buf;
    jsonbuf_init(&buf);
    journal_format_remote_tool(&buf, 2000, "remote_tool_started", 99, "AnyDesk.exe");
    assert_string_equal(buf.data,
                        "{\"event\":\"remote_tool_started\",\"time\":\"1970-01-01T00:00:02.000Z\","
                        "\"pid\":99,\"image\":\"AnyDesk.exe\"}\n");
    journal_format_remote_ended(&buf, 3000, 99, "AnyDesk.exe", "closed", 120, 0);
    assert_string_equal(buf.data,
                        "{\"event\":\"remote_tool_ended\",\"time\":\"1970-01-01T00:00:03.000Z\","
                        "\"pid\":99,\"image\":\"AnyDesk.exe\",\"how\":\"closed\",\"ms\":120,"
                        "\"survivors\":0}\n");
    jsonbuf_free(&buf);
}

static void each_record_replaces_the_previous_one(void **state)
{
    (void)state;
    JsonBuf buf;
    jsonbuf_init(&buf);
    journal_format_event(&buf, 0, "start", "0.1.0");
    journal_format_event(&buf, 0, "stop", NULL);
    assert_string_equal(buf.data, "{\"event\":\"stop\",\"time\":\"1970-01-01T00:00:00.000Z\"}\n");
    jsonbuf_free(&buf);
}

static void control_characters_in_a_title_cannot_break_the_line(void **state)
{
    (void)state;
    JsonBuf buf;
    jsonbuf_init(&buf);
    Verdict v = two_reason_verdict();
    journal_format_detection(&buf, 0, 1, "chrome.exe", "line1\nline2\r\t", &v, false);
    /* Exactly one newline: the record's own terminator. */
    assert_ptr_equal(strchr(buf.data, '\n'), buf.data + buf.length - 1);
    assert_non_null(strstr(buf.data, "line1\\nline2\\r\\t"));
    jsonbuf_free(&buf);
}

/* Known FNV-1a 64 values (the algorithm's published test vectors). */
static void title_hash_is_fnv1a_64_in_hex(void **state)
{
    (void)state;
    static const struct {
        const char *title, *hash;
    } cases[] = {
        {"", "cbf29ce484222325"},
        {"a", "af63dc4c8601ec8c"},
        {"foobar", "85944171f73967e8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char hash[JOURNAL_TITLE_HASH_SIZE];
        journal_title_hash(cases[i].title, hash);
        assert_string_equal(hash, cases[i].hash);
    }
}

static void redacted_detection_keeps_reasons_but_not_the_title(void **state)
{
    (void)state;
    JsonBuf buf;
    jsonbuf_init(&buf);
    Verdict v = two_reason_verdict();
    const char *title = "山田花子様 Microsoft警告 0120-555-010";
    char hash[JOURNAL_TITLE_HASH_SIZE];
    journal_title_hash(title, hash);
    journal_format_detection(&buf, 0, 9, "chrome.exe", title, &v, true);
    assert_false(buf.failed);
    assert_null(strstr(buf.data, "山田"));
    assert_null(strstr(buf.data, "\"title\""));
    char field[64];
    snprintf(field, sizeof field, "\"title_hash\":\"%s\"", hash);
    assert_non_null(strstr(buf.data, field));
    /* The reasons are what the journal is for: they stay. */
    assert_non_null(strstr(buf.data, "\"match\":\"0120-555-010\""));
    assert_non_null(strstr(buf.data, "\"score\":85"));
    /* Another title, another hash. */
    char other[JOURNAL_TITLE_HASH_SIZE];
    journal_title_hash("山田花子様 Microsoft警告 0120-555-011", other);
    assert_string_not_equal(hash, other);
    jsonbuf_free(&buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(times_are_iso8601_utc_with_milliseconds),
        cmocka_unit_test(detection_line_has_every_field_and_ends_with_newline),
        cmocka_unit_test(browser_ended_line_records_how_long_and_survivors),
        cmocka_unit_test(remote_tool_lines_name_the_program),
        cmocka_unit_test(each_record_replaces_the_previous_one),
        cmocka_unit_test(control_characters_in_a_title_cannot_break_the_line),
        cmocka_unit_test(title_hash_is_fnv1a_64_in_hex),
        cmocka_unit_test(redacted_detection_keeps_reasons_but_not_the_title),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
