/*
 * test_lexicon.c - alarm wording is found in every language and writing, by
 * category, with the first occurrence as evidence; look-alike words are not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fold.h"
#include "lexicon.h"

typedef struct LexCase {
    const char *text; /* raw: folded by the test, as the scorer does */
    LexCategory category;
    const char *evidence; /* what the hit spans in the folded text */
} LexCase;

static size_t scan_raw(const char *raw, char *folded, size_t size, LexResult *out)
{
    size_t n = fold_text(raw, strlen(raw), folded, size);
    lexicon_scan(folded, n, out);
    return n;
}

static void phrases_are_found_in_their_category(void **state)
{
    (void)state;
    static const LexCase cases[] = {
        {"Ｍｉｃｒｏｓｏｆｔ サポート", LEX_BRAND, "microsoft"},
        {"マイクロソフト フリーダイヤル", LEX_BRAND, "マイクロソフト"},
        {"ｳｲﾝﾄﾞｳｽﾞ", LEX_BRAND, "ウインドウズ"},
        {"W\u0456nd\u043ews D\u0435f\u0435nd\u0435r", LEX_SECURITY_UI, "windows defender"},
        {"Windowsのセキュリティ", LEX_SECURITY_UI, "windowsのセキュリティ"},
        {"Centre de sécurité", LEX_SECURITY_UI, "centre de sécurité"},
        {"ウイルスが検出されました", LEX_INFECTION, "ウイルス"},
        {"ｳｲﾙｽに感染", LEX_INFECTION, "ウイルス"},
        {"トロイの木馬型スパイウェア", LEX_INFECTION, "トロイの木馬"},
        {"Your PC is infected with viruses", LEX_INFECTION, "infected"},
        {"PCがブロックされました", LEX_LOCK, "ブロックされ"},
        {"Access to this PC has been blocked", LEX_LOCK, "has been blocked"},
        {"当社に今すぐ電話してください", LEX_CALL, "今すぐ電話"},
        {"Call Windows Support", LEX_CALL, "call windows"},
        {"Rufen Sie den Support an", LEX_CALL, "rufen sie"},
        {"Appelez le support", LEX_CALL, "appelez"},
        {"Toll\u2011Free", LEX_SUPPORT, "toll-free"},
        {"(日本フリーダイヤル)", LEX_SUPPORT, "フリーダイヤル"},
        {"Do not restart your computer", LEX_DONT_CLOSE, "do not restart"},
        {"再起動しないでください", LEX_DONT_CLOSE, "再起動しないで"},
        {"Error code: 0x80070490", LEX_ERROR_CODE, "error code"},
        {"failed with 0x80070490", LEX_ERROR_CODE, "0x80070490"},
        {"Windows license expired", LEX_LICENSE, "license expired"},
        {"重要な警告", LEX_WARNING, "警告"},
        {"ヘルプデスク", LEX_SUPPORT, "ヘルプデスク"},
        {"Quick scan in progress", LEX_SCAN, "quick scan"},
        {"サポート詐欺にご注意", LEX_ABOUT_SCAM, "詐欺"},
        {"Tech support scams", LEX_ABOUT_SCAM, "scam"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char folded[256];
        LexResult r;
        scan_raw(cases[i].text, folded, sizeof folded, &r);
        const LexHit *hit = &r.hits[cases[i].category];
        if (!hit->found)
            fail_msg("\"%s\": %s not found", cases[i].text,
                     lexicon_category_code(cases[i].category));
        if (hit->length != strlen(cases[i].evidence) ||
            memcmp(folded + hit->offset, cases[i].evidence, hit->length) != 0)
            fail_msg("\"%s\": evidence \"%.*s\", want \"%s\"", cases[i].text, (int)hit->length,
                     folded + hit->offset, cases[i].evidence);
    }
}

static void words_inside_longer_latin_words_are_not_found(void **state)
{
    (void)state;
    static const LexCase cases[] = {
        {"antivirus", LEX_INFECTION, NULL},
        {"a dialog box", LEX_CALL, NULL},
        {"recall us later", LEX_CALL, NULL},
        {"0x1f", LEX_ERROR_CODE, NULL},         /* too short for a Windows error code */
        {"Ox800VDS", LEX_ERROR_CODE, NULL},     /* letter O, not a hex code */
        {"ab0x80070490", LEX_ERROR_CODE, NULL}, /* inside a word */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char folded[64];
        LexResult r;
        scan_raw(cases[i].text, folded, sizeof folded, &r);
        if (r.hits[cases[i].category].found)
            fail_msg("\"%s\": %s found, want none", cases[i].text,
                     lexicon_category_code(cases[i].category));
    }
}

static void first_occurrence_in_text_is_the_evidence_whatever_the_list_order(void **state)
{
    (void)state;
    char folded[128];
    LexResult r;
    /* "virus" comes before "trojan" in the lists; in the text, trojan is first. */
    scan_raw("Trojan found, then a virus", folded, sizeof folded, &r);
    assert_true(r.hits[LEX_INFECTION].found);
    assert_int_equal(r.hits[LEX_INFECTION].offset, 0);
    assert_int_equal(r.hits[LEX_INFECTION].length, strlen("trojan"));

    scan_raw("Windows サポート と Microsoft", folded, sizeof folded, &r);
    assert_int_equal(r.hits[LEX_BRAND].offset, 0);
    assert_int_equal(r.hits[LEX_BRAND].length, strlen("windows"));
}

static void a_category_is_reported_once_for_many_phrases(void **state)
{
    (void)state;
    char folded[256];
    LexResult r;
    size_t n = scan_raw("警告 ウイルス 感染 トロイの木馬 スパイウェア", folded, sizeof folded, &r);
    assert_true(n > 0);
    int found = 0;
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++)
        found += r.hits[c].found;
    assert_int_equal(found, 2); /* alarm.warning and alarm.infection */
    assert_true(r.hits[LEX_INFECTION].found);
    assert_true(r.hits[LEX_WARNING].found);
}

static void plain_text_finds_nothing(void **state)
{
    (void)state;
    char folded[256];
    LexResult r;
    scan_raw("今日は天気が良いので散歩に行きました。 The weather is nice today.", folded,
             sizeof folded, &r);
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++)
        if (r.hits[c].found)
            fail_msg("found %s in plain text", lexicon_category_code((LexCategory)c));

    lexicon_scan("", 0, &r);
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++)
        assert_false(r.hits[c].found);
}

static void category_codes_are_stable_and_distinct(void **state)
{
    (void)state;
    static const char *const expected[LEX_CATEGORY_COUNT] = {
        [LEX_BRAND] = "brand",
        [LEX_SECURITY_UI] = "alarm.securityui",
        [LEX_INFECTION] = "alarm.infection",
        [LEX_LOCK] = "alarm.lock",
        [LEX_CALL] = "alarm.call",
        [LEX_DONT_CLOSE] = "alarm.dontclose",
        [LEX_ERROR_CODE] = "alarm.errorcode",
        [LEX_LICENSE] = "alarm.license",
        [LEX_WARNING] = "alarm.warning",
        [LEX_SUPPORT] = "support",
        [LEX_SCAN] = "alarm.scan",
        [LEX_ABOUT_SCAM] = "about.scam",
    };
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++) {
        assert_non_null(expected[c]);
        assert_string_equal(lexicon_category_code((LexCategory)c), expected[c]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phrases_are_found_in_their_category),
        cmocka_unit_test(words_inside_longer_latin_words_are_not_found),
        cmocka_unit_test(first_occurrence_in_text_is_the_evidence_whatever_the_list_order),
        cmocka_unit_test(a_category_is_reported_once_for_many_phrases),
        cmocka_unit_test(plain_text_finds_nothing),
        cmocka_unit_test(category_codes_are_stable_and_distinct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
