/*
 * test_phone.c - phone numbers in folded text: every usual writing is found and
 * classed, and the numbers that are not phones (prices, counts, dates, codes,
 * versions, IDs) are left alone. All numbers here are made up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fold.h"
#include "phone.h"

typedef struct PhoneCase {
    const char *text;   /* raw: folded by the test, as the scorer does */
    PhoneClass phone_class;
    const char *number; /* the matched span, in folded text */
} PhoneCase;

static size_t scan_raw(const char *raw, char *folded, size_t folded_size, PhoneMatch *out,
                       size_t max)
{
    size_t n = fold_text(raw, strlen(raw), folded, folded_size);
    return phone_scan(folded, n, out, max);
}

static void check_found(const PhoneCase *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        char folded[256];
        PhoneMatch m[4];
        size_t n = scan_raw(cases[i].text, folded, sizeof folded, m, 4);
        if (n != 1)
            fail_msg("\"%s\": %zu numbers found, want 1", cases[i].text, n);
        if (m[0].phone_class != cases[i].phone_class)
            fail_msg("\"%s\": class %s, want %s", cases[i].text, phone_class_name(m[0].phone_class),
                     phone_class_name(cases[i].phone_class));
        if (m[0].length != strlen(cases[i].number) ||
            memcmp(folded + m[0].offset, cases[i].number, m[0].length) != 0)
            fail_msg("\"%s\": matched \"%.*s\", want \"%s\"", cases[i].text, (int)m[0].length,
                     folded + m[0].offset, cases[i].number);
    }
}

#define CHECK_FOUND(table) check_found(table, sizeof table / sizeof table[0])

static void japanese_tollfree_ip_and_navidial_numbers_are_classed(void **state)
{
    (void)state;
    static const PhoneCase cases[] = {
        {"0120-555-010", PHONE_JP_TOLLFREE, "0120-555-010"},
        {"フリーダイヤル 0120 555 010 まで", PHONE_JP_TOLLFREE, "0120 555 010"},
        {"(0120)555-010", PHONE_JP_TOLLFREE, "(0120)555-010"},
        {"0120555010", PHONE_JP_TOLLFREE, "0120555010"},
        {"TEL.0120-555-010", PHONE_JP_TOLLFREE, "0120-555-010"},
        {"電話:0120-555-010です", PHONE_JP_TOLLFREE, "0120-555-010"},
        {"+81 120 555 010", PHONE_JP_TOLLFREE, "+81 120 555 010"},
        {"0800-555-0123", PHONE_JP_TOLLFREE, "0800-555-0123"},
        {"050-5555-0123", PHONE_JP_IP, "050-5555-0123"},
        {"050 5555 0123", PHONE_JP_IP, "050 5555 0123"},
        {"0570-055-012", PHONE_JP_NAVIDIAL, "0570-055-012"},
    };
    CHECK_FOUND(cases);
}

static void fullwidth_digits_and_dashes_are_found_after_folding(void **state)
{
    (void)state;
    static const PhoneCase cases[] = {
        {"０１２０－５５５－０１０", PHONE_JP_TOLLFREE, "0120-555-010"},
        {"０１２０‐５５５‐０１０", PHONE_JP_TOLLFREE, "0120-555-010"},
        {"＋１　８８８　５５５　０１２３", PHONE_US_TOLLFREE, "+1 888 555 0123"},
        {"（０５０）５５５５−０１２３", PHONE_JP_IP, "(050)5555-0123"},
    };
    CHECK_FOUND(cases);
}

static void us_uk_and_australian_tollfree_numbers_are_classed(void **state)
{
    (void)state;
    static const PhoneCase cases[] = {
        {"1-800-555-0199", PHONE_US_TOLLFREE, "1-800-555-0199"},
        {"+1 (888) 555-0123", PHONE_US_TOLLFREE, "+1 (888) 555-0123"},
        {"+1-(855) 555-0123", PHONE_US_TOLLFREE, "+1-(855) 555-0123"},
        {"call (844) 555-0123 now", PHONE_US_TOLLFREE, "(844) 555-0123"},
        {"18335550123", PHONE_US_TOLLFREE, "18335550123"},
        {"8775550123", PHONE_US_TOLLFREE, "8775550123"},
        {"+1866.555.0123", PHONE_US_TOLLFREE, "+1866.555.0123"},
        {"001.855.555.0123", PHONE_US_TOLLFREE, "001.855.555.0123"},
        {"0101-888-555-0123", PHONE_US_TOLLFREE, "0101-888-555-0123"},
        {"0808 157 0192", PHONE_UK_TOLLFREE, "0808 157 0192"},
        {"0800 555 012", PHONE_UK_TOLLFREE, "0800 555 012"},
        {"+44 800 555 0123", PHONE_UK_TOLLFREE, "+44 800 555 0123"},
        {"1800 555 012", PHONE_AU_TOLLFREE, "1800 555 012"},
        {"+61 1800 555 012", PHONE_AU_TOLLFREE, "+61 1800 555 012"},
    };
    CHECK_FOUND(cases);
}

static void odd_and_foreign_numbers_are_classed_other(void **state)
{
    (void)state;
    static const PhoneCase cases[] = {
        {"(0101)20555-01234", PHONE_OTHER, "(0101)20555-01234"},
        {"(0101) 205 550 1234", PHONE_OTHER, "(0101) 205 550 1234"},
        {"(03) 5555 0123", PHONE_OTHER, "(03) 5555 0123"},
        {"03-5555-0123", PHONE_OTHER, "03-5555-0123"},
        {"090-5555-0123", PHONE_OTHER, "090-5555-0123"},
        {"07 55 55 01 23", PHONE_OTHER, "07 55 55 01 23"},
        {"025.555.01.23", PHONE_OTHER, "025.555.01.23"},
        {"0041.22.555.01.23", PHONE_OTHER, "0041.22.555.01.23"},
        {"00-43-1-5550 123456", PHONE_OTHER, "00-43-1-5550 123456"},
        {"+1 206 555 0123", PHONE_OTHER, "+1 206 555 0123"},
        {"(206) 555-0123", PHONE_OTHER, "(206) 555-0123"},
        {"020-5555-0123", PHONE_OTHER, "020-5555-0123"},
        {"0120-555-0123", PHONE_OTHER, "0120-555-0123"}, /* 0120 with 11 digits */
        {"06-555-0123", PHONE_OTHER, "06-555-0123"},     /* nine digits: the fewest taken */
    };
    CHECK_FOUND(cases);
}

/* The scan skips text with fewer than nine digits in all: nothing it could find there. */
static void eight_digits_are_too_few_for_any_number(void **state)
{
    (void)state;
    static const char *const texts[] = {"06-555-012", "+81 6 555 01", "1-800-555", ""};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char folded[64];
        PhoneMatch m[4];
        size_t n = scan_raw(texts[i], folded, sizeof folded, m, 4);
        if (n != 0)
            fail_msg("\"%s\": %zu numbers found, want none", texts[i], n);
    }
}

static void things_that_are_not_phone_numbers_are_ignored(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "5年間 69,000円",
        "Scanned items 51,900 Detections 11",
        "1,200,000,000 threats",
        "Error 0x80070490",
        "0x8007049012345678",
        "2024-11-29",
        "Last scan: 2026-11-29 6:22",
        "2026/11/29 18:05",
        "1999-12-31 235",
        "2023-12-25 1234",
        "010-5555-0123",   /* 010 is Japan's international prefix, not an area code */
        "Version 10.0.19045.2965",
        "Chrome 120.0.6099.130",
        "192.168.100.200",
        "id 866ee1e0331811ec9322ac1f6b220ee8",
        "Computer Error 2V7HGTVB404",
        "Versions: 00 01 02 03 04",
        "2014 2015 2016",
        "12345678901234567890",
        "order 4567891234",
        "1234567890",
        "000-0000-0000",
        "3821 files scanned",
        "98.6% 12.5%",
        "+1-800-000-0000", /* no exchange starts with 0: a kit's placeholder */
        "$1234567890",
        "call 188 or #9110",
        "0120ー555ー010",   /* long vowel marks, not dashes */
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char folded[256];
        PhoneMatch m[4];
        size_t n = scan_raw(texts[i], folded, sizeof folded, m, 4);
        if (n != 0)
            fail_msg("\"%s\": found \"%.*s\" (%s), want nothing", texts[i], (int)m[0].length,
                     folded + m[0].offset, phone_class_name(m[0].phone_class));
    }
}

static void two_numbers_side_by_side_are_found_separately(void **state)
{
    (void)state;
    char folded[128];
    PhoneMatch m[4];
    size_t n = scan_raw("0120-555-010 0120-555-011", folded, sizeof folded, m, 4);
    assert_int_equal(n, 2);
    assert_int_equal(m[0].offset, 0);
    assert_int_equal(m[0].length, 12);
    assert_int_equal(m[1].offset, 13);
    assert_string_equal(m[1].digits, "0120555011");
}

static void a_date_glued_before_a_number_does_not_hide_it(void **state)
{
    (void)state;
    char folded[128];
    PhoneMatch m[4];
    size_t n = scan_raw("2026-11-29 0120-555-010", folded, sizeof folded, m, 4);
    assert_int_equal(n, 1);
    assert_int_equal(m[0].phone_class, PHONE_JP_TOLLFREE);
    assert_int_equal(m[0].offset, 11);
}

static void digits_are_normalised_with_country_code(void **state)
{
    (void)state;
    static const struct { const char *text, *digits; } cases[] = {
        {"0120-555-010", "0120555010"},
        {"(0101)20555-01234", "+12055501234"},
        {"+81 120 555 010", "+81120555010"},
        {"001.855.555.0123", "+18555550123"},
        {"1-800-555-0199", "18005550199"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char folded[128];
        PhoneMatch m[2];
        assert_int_equal(scan_raw(cases[i].text, folded, sizeof folded, m, 2), 1);
        assert_string_equal(m[0].digits, cases[i].digits);
    }
}

static void scan_counts_all_numbers_but_stores_only_max(void **state)
{
    (void)state;
    char folded[128];
    PhoneMatch m[1];
    memset(m, 0, sizeof m);
    size_t n = scan_raw("0120-555-010 と 050-5555-0123", folded, sizeof folded, m, 1);
    assert_int_equal(n, 2);
    assert_int_equal(m[0].phone_class, PHONE_JP_TOLLFREE);
    assert_int_equal(phone_scan(folded, strlen(folded), NULL, 0), 2);
}

static void class_names_are_stable(void **state)
{
    (void)state;
    assert_string_equal(phone_class_name(PHONE_JP_TOLLFREE), "jp_tollfree");
    assert_string_equal(phone_class_name(PHONE_JP_IP), "jp_ip");
    assert_string_equal(phone_class_name(PHONE_JP_NAVIDIAL), "jp_navidial");
    assert_string_equal(phone_class_name(PHONE_US_TOLLFREE), "us_tollfree");
    assert_string_equal(phone_class_name(PHONE_UK_TOLLFREE), "uk_tollfree");
    assert_string_equal(phone_class_name(PHONE_AU_TOLLFREE), "au_tollfree");
    assert_string_equal(phone_class_name(PHONE_OTHER), "other");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(japanese_tollfree_ip_and_navidial_numbers_are_classed),
        cmocka_unit_test(fullwidth_digits_and_dashes_are_found_after_folding),
        cmocka_unit_test(us_uk_and_australian_tollfree_numbers_are_classed),
        cmocka_unit_test(odd_and_foreign_numbers_are_classed_other),
        cmocka_unit_test(things_that_are_not_phone_numbers_are_ignored),
        cmocka_unit_test(eight_digits_are_too_few_for_any_number),
        cmocka_unit_test(two_numbers_side_by_side_are_found_separately),
        cmocka_unit_test(a_date_glued_before_a_number_does_not_hide_it),
        cmocka_unit_test(digits_are_normalised_with_country_code),
        cmocka_unit_test(scan_counts_all_numbers_but_stores_only_max),
        cmocka_unit_test(class_names_are_stable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
