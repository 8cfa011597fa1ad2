/*
 * test_fold.c - folding: every writing a scam page uses becomes one plain form,
 * invalid input never crashes, and the caller's buffer is never overrun.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fold.h"

typedef struct FoldCase {
    const char *input;
    const char *expected;
} FoldCase;

static void check_cases(const FoldCase *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        char out[256];
        size_t n = fold_text(cases[i].input, strlen(cases[i].input), out, sizeof out);
        if (strcmp(out, cases[i].expected) != 0)
            fail_msg("fold(\"%s\") = \"%s\", want \"%s\"", cases[i].input, out, cases[i].expected);
        assert_int_equal(n, strlen(cases[i].expected));
    }
}

#define CHECK_CASES(table) check_cases(table, sizeof table / sizeof table[0])

static void fullwidth_letters_and_digits_fold_to_lower_ascii(void **state)
{
    (void)state;
    static const FoldCase cases[] = {
        {"Ｍｉｃｒｏｓｏｆｔ", "microsoft"},
        {"０１２０－５５５－０１０", "0120-555-010"},
        {"ＷＩＮＤＯＷＳ！", "windows!"},
        {"（０３）", "(03)"},
        {"お問い合わせ｜会社", "お問い合わせ|会社"},
    };
    CHECK_CASES(cases);
}

static void ascii_and_latin1_capitals_fold_to_lower(void **state)
{
    (void)state;
    static const FoldCase cases[] = {
        {"Windows Defender", "windows defender"},
        {"SÉCURITÉ WINDOWS", "sécurité windows"},
        {"3×4", "3×4"}, /* the multiplication sign is not a capital */
    };
    CHECK_CASES(cases);
}

static void every_space_becomes_one_ascii_space_and_ends_are_trimmed(void **state)
{
    (void)state;
    static const FoldCase cases[] = {
        {"ウイルス\u3000\u3000警告", "ウイルス 警告"},
        {"  call \t\r\n now  ", "call now"},
        {"a\u00a0b\u2003c\u202fd", "a b c d"},
        {"\u3000", ""},
    };
    CHECK_CASES(cases);
}

static void dashes_and_minus_signs_fold_to_hyphen(void **state)
{
    (void)state;
    static const FoldCase cases[] = {
        {"0120\u2010555\u2013010", "0120-555-010"},
        {"a \u2014 b", "a - b"},
        {"\u2212" "5", "-5"},
        {"\u2015\u2012\u2011", "---"},
    };
    CHECK_CASES(cases);
}

static void katakana_long_vowel_mark_is_kept_and_halfwidth_one_joins_it(void **state)
{
    (void)state;
    static const FoldCase cases[] = {
        {"セキュリティー", "セキュリティー"},
        {"ｾｷｭﾘﾃｨｰ", "セキュリティー"},
    };
    CHECK_CASES(cases);
}

static void halfwidth_katakana_fold_to_fullwidth_with_voiced_marks_joined(void **state)
{
    (void)state;
    static const FoldCase cases[] = {
        {"ｳｲﾙｽ", "ウイルス"},
        {"ﾃﾞｨﾌｪﾝﾀﾞｰ", "ディフェンダー"},
        {"ﾊﾟｿｺﾝ", "パソコン"},
        {"ｳﾞ", "ヴ"},
        {"ﾄﾛｲﾉﾓｸﾊﾞ", "トロイノモクバ"},
        {"ｱﾞ", "ア゛"},      /* ア has no voiced form: the mark stays, full-width */
        {"ﾞ", "゛"},         /* a lone mark */
        {"ｶ ﾞ", "カ ゛"},    /* a space between: not joined */
        {"カ\u3099", "ガ"},   /* a combining mark joins a full-width kana too */
        {"ｽ\u309a", "ス\u309a"},
        {"ｰ｢｣､｡･", "ー「」、。・"},
    };
    CHECK_CASES(cases);
}

static void cyrillic_and_greek_lookalikes_fold_to_latin(void **state)
{
    (void)state;
    static const FoldCase cases[] = {
        {"W\u0456nd\u043ews", "windows"},                         /* і о */
        {"D\u0435f\u0435nd\u0435r Sm\u0430rtS\u0441reen", "defender smartscreen"},
        {"\u0391pple", "apple"},                                  /* Greek capital alpha */
        {"\u041c\u0456\u0441r\u043e\u0455\u043eft", "microsoft"},
        {"\u0501\u0435f\u0435n\u0501\u0435r", "defender"},
        {"\u03bd\u03b9rus", "virus"},
    };
    CHECK_CASES(cases);
}

static void zero_width_and_direction_marks_are_removed(void **state)
{
    (void)state;
    static const FoldCase cases[] = {
        {"Micro\u200bsoft", "microsoft"},
        {"\ufeffwindows", "windows"},
        {"(0101) \u202a81880", "(0101) 81880"},
        {"ウイ\u200dルス\u2060", "ウイルス"},
        {"soft\u00adware", "software"},
    };
    CHECK_CASES(cases);
}

static void invalid_utf8_becomes_replacement_characters(void **state)
{
    (void)state;
    static const FoldCase cases[] = {
        {"a\xff" "b", "a\xef\xbf\xbd" "b"},
        {"\xe3\x81", "\xef\xbf\xbd\xef\xbf\xbd"},                 /* truncated sequence */
        {"\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"},                 /* overlong '/' */
        {"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* a surrogate */
        {"\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* > U+10FFFF */
    };
    CHECK_CASES(cases);
}

static void nul_bytes_inside_the_input_fold_to_spaces(void **state)
{
    (void)state;
    char out[16];
    size_t n = fold_text("a\0b", 3, out, sizeof out);
    assert_string_equal(out, "a b");
    assert_int_equal(n, 3);
}

static void short_buffer_keeps_whole_characters_and_reports_full_length(void **state)
{
    (void)state;
    char out[7];
    memset(out, 'X', sizeof out);
    size_t n = fold_text("アイウ", strlen("アイウ"), out, sizeof out);
    assert_int_equal(n, 9);
    assert_string_equal(out, "アイ"); /* 6 bytes and the NUL: ウ did not fit */

    char four[4];
    n = fold_text("ｶﾞｷﾞ", strlen("ｶﾞｷﾞ"), four, sizeof four);
    assert_int_equal(n, 6);
    assert_string_equal(four, "ガ"); /* joined in place even when the next kana is cut */
}

static void zero_sized_buffer_is_not_written_and_length_is_still_reported(void **state)
{
    (void)state;
    char guard = 'G';
    size_t n = fold_text("Ｍｉｃｒｏｓｏｆｔ", strlen("Ｍｉｃｒｏｓｏｆｔ"), &guard, 0);
    assert_int_equal(n, 9);
    assert_int_equal(guard, 'G');
}

static void worst_case_growth_fits_fold_size_for(void **state)
{
    (void)state;
    const char bad[] = "\xff\xfe\x80";
    char out[FOLD_SIZE_FOR(sizeof bad - 1)];
    size_t n = fold_text(bad, sizeof bad - 1, out, sizeof out);
    assert_int_equal(n, 9);
    assert_int_equal(strlen(out), 9);
}

static void allocated_fold_matches_buffer_fold(void **state)
{
    (void)state;
    const char *in = "Ｗｉｎｄｏｗｓ\u3000ｾｷｭﾘﾃｨ 0120\u2212555";
    size_t length = 0;
    char *heap = fold_text_alloc(in, strlen(in), &length);
    assert_non_null(heap);
    assert_string_equal(heap, "windows セキュリティ 0120-555");
    assert_int_equal(length, strlen(heap));
    free(heap);
}

typedef struct StripCase {
    const char *raw_title; /* folded by the test before stripping, as the scorer does */
    const char *page_title;
} StripCase;

static void browser_suffixes_are_stripped_from_folded_titles(void **state)
{
    (void)state;
    static const StripCase cases[] = {
        {"YouTube - Google Chrome", "youtube"},
        {"Page - Microsoft\u200b Edge", "page"},
        {"Page - Microsoft Edge", "page"},
        {"ページ - 個人 - Microsoft\u200b Edge", "ページ"},
        {"Page - Work - Microsoft Edge", "page"},
        {"Page \u2014 Mozilla Firefox", "page"},
        {"Page - Mozilla Firefox", "page"},
        {"Page - Brave", "page"},
        {"Page - Opera", "page"},
        {"Page - Vivaldi", "page"},
        {"Page - Internet Explorer", "page"},
        {"Page - Windows Internet Explorer", "page"},
        {"Microsoft\u200b Edge", ""},               /* an empty window: no brand to see */
        {"Page - Work", "page - work"},              /* a profile name only counts before Edge */
        {"News - BBC", "news - bbc"},
        {"Google Chrome review", "google chrome review"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char folded[256];
        size_t n = fold_text(cases[i].raw_title, strlen(cases[i].raw_title), folded, sizeof folded);
        n = fold_strip_browser_suffix(folded, n);
        if (n != strlen(cases[i].page_title) || memcmp(folded, cases[i].page_title, n) != 0)
            fail_msg("strip(\"%s\") = \"%.*s\", want \"%s\"", cases[i].raw_title, (int)n, folded,
                     cases[i].page_title);
    }
}

/* The raw rule (the suffix cut before folding, as the scorer does for speed) gives the
   same page title as folding first and stripping after, and leaves to the folded rule
   what it does not know. */
static void raw_suffix_cut_gives_the_same_title_as_folding_first(void **state)
{
    (void)state;
    static const char *const titles[] = {
        "YouTube - Google Chrome", "Page - Microsoft\u200b Edge", "Page - Microsoft Edge",
        "ページ - 個人 - Microsoft\u200b Edge", "Page - Work - Microsoft Edge",
        "Page - [InPrivate] - Microsoft\u200b Edge", "Page \u2014 Mozilla Firefox",
        "Page - Mozilla Firefox", "Page \u2014 Mozilla Firefox Private Browsing",
        "ＷＩＮＤＯＷＳ　セキュリティ  - Google Chrome", "Trailing space  - Google Chrome",
        "Microsoft\u200b Edge", "Google Chrome", "Page - Work", "Page - Brave",
        "Page - GOOGLE CHROME", "Page \u2013 Mozilla Firefox", "ウイルス\u3099 - Google Chrome",
    };
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        const char *raw = titles[i];
        char whole[256], part[256];
        size_t n = fold_text(raw, strlen(raw), whole, sizeof whole);
        n = fold_strip_browser_suffix(whole, n);
        size_t own = fold_raw_title_length(raw, strlen(raw));
        size_t m;
        if (own == FOLD_NO_RAW_SUFFIX) {
            m = fold_text(raw, strlen(raw), part, sizeof part);
            m = fold_strip_browser_suffix(part, m);
        } else {
            m = fold_text(raw, own, part, sizeof part);
        }
        if (m != n || memcmp(part, whole, n) != 0)
            fail_msg("\"%s\": raw cut gives \"%.*s\", folding first \"%.*s\"", raw, (int)m, part,
                     (int)n, whole);
    }
    /* and it does cut the common forms itself */
    static const char chrome[] = "A - Google Chrome", edge[] = "A - Personal - Microsoft\u200b Edge";
    static const char shouted[] = "A - GOOGLE CHROME";
    assert_int_equal(fold_raw_title_length(chrome, strlen(chrome)), 1);
    assert_int_equal(fold_raw_title_length(edge, strlen(edge)), 1);
    assert_int_equal(fold_raw_title_length(shouted, strlen(shouted)), FOLD_NO_RAW_SUFFIX);
}

static void utf8_prefix_never_splits_a_character(void **state)
{
    (void)state;
    const char *s = "aアイ"; /* 1 + 3 + 3 bytes */
    size_t len = strlen(s);
    assert_int_equal(fold_utf8_prefix(s, len, 0), 0);
    assert_int_equal(fold_utf8_prefix(s, len, 1), 1);
    assert_int_equal(fold_utf8_prefix(s, len, 2), 1);
    assert_int_equal(fold_utf8_prefix(s, len, 3), 1);
    assert_int_equal(fold_utf8_prefix(s, len, 4), 4);
    assert_int_equal(fold_utf8_prefix(s, len, 6), 4);
    assert_int_equal(fold_utf8_prefix(s, len, 99), len);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fullwidth_letters_and_digits_fold_to_lower_ascii),
        cmocka_unit_test(ascii_and_latin1_capitals_fold_to_lower),
        cmocka_unit_test(every_space_becomes_one_ascii_space_and_ends_are_trimmed),
        cmocka_unit_test(dashes_and_minus_signs_fold_to_hyphen),
        cmocka_unit_test(katakana_long_vowel_mark_is_kept_and_halfwidth_one_joins_it),
        cmocka_unit_test(halfwidth_katakana_fold_to_fullwidth_with_voiced_marks_joined),
        cmocka_unit_test(cyrillic_and_greek_lookalikes_fold_to_latin),
        cmocka_unit_test(zero_width_and_direction_marks_are_removed),
        cmocka_unit_test(invalid_utf8_becomes_replacement_characters),
        cmocka_unit_test(nul_bytes_inside_the_input_fold_to_spaces),
        cmocka_unit_test(short_buffer_keeps_whole_characters_and_reports_full_length),
        cmocka_unit_test(zero_sized_buffer_is_not_written_and_length_is_still_reported),
        cmocka_unit_test(worst_case_growth_fits_fold_size_for),
        cmocka_unit_test(allocated_fold_matches_buffer_fold),
        cmocka_unit_test(browser_suffixes_are_stripped_from_folded_titles),
        cmocka_unit_test(raw_suffix_cut_gives_the_same_title_as_folding_first),
        cmocka_unit_test(utf8_prefix_never_splits_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
