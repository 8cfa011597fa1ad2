/*
 * test_jsonbuf.c - JSON escaping, UTF-8 repair, numbers and the sticky failure flag.
 */
#include "jsonbuf.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#define FFFD "\xEF\xBF\xBD"

typedef struct EscapeCase {
    const char *what;
    const char *input;
    size_t length;
    const char *expected;
} EscapeCase;

#define CASE(what, in, out) { what, in, sizeof(in) - 1, out }

static const EscapeCase ESCAPES[] = {
    CASE("plain ASCII", "abc", "\"abc\""),
    CASE("empty", "", "\"\""),
    CASE("quote and backslash", "a\"b\\c", "\"a\\\"b\\\\c\""),
    CASE("short escapes", "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\""),
    CASE("other controls as \\u", "\x01\x1f", "\"\\u0001\\u001f\""),
    CASE("NUL inside", "a\0b", "\"a\\u0000b\""),
    CASE("slash as is", "/", "\"/\""),
    /* What omamori-score's reader (libyaml) refuses or reads as a line break. */
    CASE("DEL and C1 controls as \\u", "\x7f\xc2\x80\xc2\x85\xc2\x9f",
         "\"\\u007f\\u0080\\u0085\\u009f\""),
    CASE("line and paragraph separators as \\u", "a\xe2\x80\xa8" "b\xe2\x80\xa9",
         "\"a\\u2028b\\u2029\""),
    CASE("noncharacters FFFE and FFFF as \\u", "\xef\xbf\xbe\xef\xbf\xbf", "\"\\ufffe\\uffff\""),
    CASE("no-break space and FFFD as they are", "\xc2\xa0\xef\xbf\xbd", "\"\xc2\xa0\xef\xbf\xbd\""),
    CASE("Japanese as is", "ウイルス", "\"ウイルス\""),
    CASE("4-byte character as is", "\xF0\x9F\x98\x80", "\"\xF0\x9F\x98\x80\""),
    CASE("stray continuation byte", "a\x80z", "\"a" FFFD "z\""),
    CASE("character cut at the end", "a\xE3\x81", "\"a" FFFD "\""),
    CASE("character cut before ASCII", "\xE3\x81" "A", "\"" FFFD "A\""),
    CASE("overlong slash: two bad bytes", "\xC0\xAF", "\"" FFFD FFFD "\""),
    CASE("encoded surrogate: three bad bytes", "\xED\xA0\x80", "\"" FFFD FFFD FFFD "\""),
    CASE("above U+10FFFF", "\xF4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\""),
    CASE("byte FF", "\xFF", "\"" FFFD "\""),
    CASE("cut 4-byte character: one replacement", "\xF0\x9F\x98" "!", "\"" FFFD "!\""),
    CASE("bad byte then quote", "\xFE\"", "\"" FFFD "\\\"\""),
};

static void strings_are_escaped_and_repaired(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ESCAPES / sizeof ESCAPES[0]; i++) {
        const EscapeCase *c = &ESCAPES[i];
        JsonBuf buf;
        jsonbuf_init(&buf);
        jsonbuf_string_n(&buf, c->input, c->length);
        if (buf.length != strlen(c->expected) || strcmp(buf.data, c->expected) != 0)
            fail_msg("case '%s': got [%s], want [%s]", c->what, buf.data, c->expected);
        assert_false(buf.failed);
        jsonbuf_free(&buf);
    }
}

static void string_stops_at_nul_and_null_pointer_is_json_null(void **state)
{
    (void)state;
    JsonBuf buf;
    jsonbuf_init(&buf);
    jsonbuf_string(&buf, "a\0b");
    jsonbuf_raw(&buf, " ");
    jsonbuf_string(&buf, NULL);
    assert_string_equal(buf.data, "\"a\" null");
    jsonbuf_free(&buf);
}

static void integers_are_written_in_full_range(void **state)
{
    (void)state;
    static const struct {
        long long value;
        const char *text;
    } cases[] = {
        { 0, "0" },
        { 7, "7" },
        { -1, "-1" },
        { 1234567890123LL, "1234567890123" },
        { LLONG_MAX, "9223372036854775807" },
        { LLONG_MIN, "-9223372036854775808" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        JsonBuf buf;
        jsonbuf_init(&buf);
        jsonbuf_int(&buf, cases[i].value);
        assert_string_equal(buf.data, cases[i].text);
        jsonbuf_free(&buf);
    }
}

static void keys_put_commas_only_after_the_first(void **state)
{
    (void)state;
    JsonBuf buf;
    jsonbuf_init(&buf);
    jsonbuf_raw(&buf, "{");
    jsonbuf_key(&buf, "a", true);
    jsonbuf_bool(&buf, true);
    jsonbuf_key(&buf, "b\"", false);
    jsonbuf_bool(&buf, false);
    jsonbuf_key(&buf, "n", false);
    jsonbuf_int(&buf, -3);
    jsonbuf_raw(&buf, "}");
    assert_string_equal(buf.data, "{\"a\":true,\"b\\\"\":false,\"n\":-3}");
    assert_int_equal(buf.length, strlen(buf.data));
    jsonbuf_free(&buf);
}

static void buffer_grows_past_many_reallocations(void **state)
{
    (void)state;
    JsonBuf buf;
    jsonbuf_init(&buf);
    jsonbuf_raw(&buf, "[");
    for (int i = 0; i < 5000; i++)
        jsonbuf_string(&buf, "ab");
    assert_false(buf.failed);
    assert_int_equal(buf.length, 1 + 5000 * 4);
    assert_true(buf.capacity > buf.length);
    assert_int_equal(buf.data[buf.length], '\0');
    assert_memory_equal(buf.data + buf.length - 8, "\"ab\"\"ab\"", 8);
    jsonbuf_free(&buf);
    assert_null(buf.data);
    assert_int_equal(buf.length, 0);
}

static void reset_empties_but_keeps_memory(void **state)
{
    (void)state;
    JsonBuf buf;
    jsonbuf_init(&buf);
    jsonbuf_raw(&buf, "some text to hold memory");
    char *data = buf.data;
    size_t capacity = buf.capacity;
    jsonbuf_reset(&buf);
    assert_int_equal(buf.length, 0);
    assert_ptr_equal(buf.data, data);
    assert_int_equal(buf.capacity, capacity);
    assert_string_equal(buf.data, "");
    jsonbuf_raw(&buf, "x");
    assert_string_equal(buf.data, "x");
    jsonbuf_free(&buf);
}

/*
 * An allocation failure cannot be provoked without an allocator hook, so the test
 * asks for a size no allocator can give: with length near SIZE_MAX the growth must
 * fail (without overflowing) exactly as a failed realloc does. The length is then put
 * back so the sticky flag is checked on an otherwise sound buffer.
 */
static void failed_growth_is_sticky_and_keeps_contents(void **state)
{
    (void)state;
    JsonBuf buf;
    jsonbuf_init(&buf);
    jsonbuf_raw(&buf, "abc");
    size_t real_length = buf.length;

    buf.length = SIZE_MAX - 2;
    jsonbuf_raw(&buf, "defg");
    assert_true(buf.failed);
    buf.length = real_length;

    jsonbuf_raw(&buf, "x");
    jsonbuf_string(&buf, "y");
    jsonbuf_int(&buf, 5);
    assert_true(buf.failed);
    assert_int_equal(buf.length, 3);
    assert_string_equal(buf.data, "abc");

    jsonbuf_reset(&buf); /* a new line may succeed again */
    assert_false(buf.failed);
    jsonbuf_raw(&buf, "ok");
    assert_string_equal(buf.data, "ok");
    jsonbuf_free(&buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_are_escaped_and_repaired),
        cmocka_unit_test(string_stops_at_nul_and_null_pointer_is_json_null),
        cmocka_unit_test(integers_are_written_in_full_range),
        cmocka_unit_test(keys_put_commas_only_after_the_first),
        cmocka_unit_test(buffer_grows_past_many_reallocations),
        cmocka_unit_test(reset_empties_but_keeps_memory),
        cmocka_unit_test(failed_growth_is_sticky_and_keeps_contents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
