/*
 * test_lexicon.c - the automaton finds every phrase in one pass (overlapping ones,
 * ones inside others, Japanese ones), keeps the first occurrence per category and
 * the ASCII word-start rule; with the shipped phrase lists, alarm wording is found
 * in every language and writing, by category, and look-alike words are not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "fold.h"
#include "lexicon.h"

/* The shipped lists (config/omamori.yaml, built in), for the tests that use them. */
static Config shipped;

static int load_shipped(void **state)
{
    (void)state;
    return config_default(&shipped);
}

static int free_shipped(void **state)
{
    (void)state;
    config_free(&shipped);
    return 0;
}

typedef struct LexCase {
    const char *text; /* raw: folded by the test, as the scorer does */
    LexCategory category;
    const char *evidence; /* what the hit spans in the folded text */
} LexCase;

static size_t scan_raw(const char *raw, char *folded, size_t size, LexResult *out)
{
    size_t n = fold_text(raw, strlen(raw), folded, size);
    lexicon_scan(shipped.rules.lexicon, folded, n, out);
    return n;
}

/* ---- the automaton, on small hand-made lexicons ------------------------------ */

typedef struct TinyPhrase {
    LexCategory category;
    const char *text; /* folded */
} TinyPhrase;

#define TINY_MAX 8

/* Builds a lexicon from phrases[0..) up to the first with a NULL text. */
static Lexicon *tiny_lexicon(const TinyPhrase *phrases)
{
    const char *texts[LEX_CATEGORY_COUNT][TINY_MAX];
    LexPhraseList lists[LEX_CATEGORY_COUNT];
    memset(lists, 0, sizeof lists);
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++)
        lists[c].phrases = texts[c];
    for (size_t i = 0; i < TINY_MAX && phrases[i].text != NULL; i++) {
        LexPhraseList *list = &lists[phrases[i].category];
        texts[phrases[i].category][list->count++] = phrases[i].text;
    }
    Lexicon *lex = lexicon_new(lists);
    assert_non_null(lex);
    return lex;
}

typedef struct Expect {
    LexCategory category;
    const char *evidence; /* "" when the category must not be found; NULL ends the list */
    size_t offset;
} Expect;

typedef struct AutomatonCase {
    const char *name;
    TinyPhrase phrases[TINY_MAX];
    const char *text; /* folded already */
    Expect expect[4];
} AutomatonCase;

static void run_automaton_cases(const AutomatonCase *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const AutomatonCase *c = &cases[i];
        Lexicon *lex = tiny_lexicon(c->phrases);
        LexResult r;
        lexicon_scan(lex, c->text, strlen(c->text), &r);
        lexicon_free(lex);
        for (const Expect *e = c->expect; e->evidence != NULL; e++) {
            const LexHit *hit = &r.hits[e->category];
            const char *code = lexicon_category_code(e->category);
            if (e->evidence[0] == '\0') {
                if (hit->found)
                    fail_msg("%s: %s found at %zu, want none", c->name, code, hit->offset);
                continue;
            }
            if (!hit->found)
                fail_msg("%s: %s not found", c->name, code);
            if (hit->offset != e->offset || hit->length != strlen(e->evidence) ||
                memcmp(c->text + hit->offset, e->evidence, hit->length) != 0)
                fail_msg("%s: %s is \"%.*s\" at %zu, want \"%s\" at %zu", c->name, code,
                         (int)hit->length, c->text + hit->offset, hit->offset, e->evidence,
                         e->offset);
        }
    }
}

static void overlapping_phrases_are_all_found_in_one_pass(void **state)
{
    (void)state;
    static const AutomatonCase cases[] = {
        {"two phrases sharing a character",
         {{LEX_INFECTION, "トロイの"}, {LEX_CALL, "の木馬"}},
         "トロイの木馬",
         {{LEX_INFECTION, "トロイの", 0}, {LEX_CALL, "の木馬", 9}}},
        {"two phrases sharing digits",
         {{LEX_ERROR_CODE, "1234"}, {LEX_SCAN, "3456"}},
         "x123456x",
         {{LEX_ERROR_CODE, "1234", 1}, {LEX_SCAN, "3456", 3}}},
        {"a phrase inside a longer one that then fails to match",
         {{LEX_BRAND, "windows security"}, {LEX_SECURITY_UI, " sec"}},
         "windows secret",
         {{LEX_BRAND, "", 0}, {LEX_SECURITY_UI, " sec", 7}}},
        {"one phrase in two categories",
         {{LEX_WARNING, "alert"}, {LEX_SCAN, "alert"}},
         "an alert",
         {{LEX_WARNING, "alert", 3}, {LEX_SCAN, "alert", 3}}},
        {"repeated bytes (the failure link of 1112 is 112)",
         {{LEX_LOCK, "1112"}},
         "111112",
         {{LEX_LOCK, "1112", 2}}},
    };
    run_automaton_cases(cases, sizeof cases / sizeof cases[0]);
}

static void phrases_that_are_suffixes_of_others_are_found_inside_them(void **state)
{
    (void)state;
    static const AutomatonCase cases[] = {
        {"the suffix in its own category",
         {{LEX_SECURITY_UI, "windows security"}, {LEX_WARNING, "security"}},
         "windows security",
         {{LEX_SECURITY_UI, "windows security", 0}, {LEX_WARNING, "security", 8}}},
        {"a chain of suffixes ending at one character",
         {{LEX_ABOUT_SCAM, "偽警告"}, {LEX_WARNING, "警告"}, {LEX_LOCK, "告"}},
         "偽警告です",
         {{LEX_ABOUT_SCAM, "偽警告", 0}, {LEX_WARNING, "警告", 3}, {LEX_LOCK, "告", 6}}},
        {"Japanese: ウイルス inside ウイルスと脅威",
         {{LEX_SECURITY_UI, "ウイルスと脅威"}, {LEX_INFECTION, "ウイルス"}, {LEX_WARNING, "脅威"}},
         "ウイルスと脅威の防止",
         {{LEX_SECURITY_UI, "ウイルスと脅威", 0}, {LEX_INFECTION, "ウイルス", 0},
          {LEX_WARNING, "脅威", 15}}},
    };
    run_automaton_cases(cases, sizeof cases / sizeof cases[0]);
}

static void the_first_occurrence_per_category_is_the_evidence(void **state)
{
    (void)state;
    static const AutomatonCase cases[] = {
        {"a later phrase of the list that occurs earlier",
         {{LEX_INFECTION, "virus"}, {LEX_INFECTION, "trojan"}},
         "trojan, then virus",
         {{LEX_INFECTION, "trojan", 0}}},
        {"a long phrase that starts first but ends after a short one",
         {{LEX_LOCK, "has been blocked"}, {LEX_LOCK, "been"}},
         "pc has been blocked",
         {{LEX_LOCK, "has been blocked", 3}}},
        {"two starting together: the shorter",
         {{LEX_INFECTION, "trojaner"}, {LEX_INFECTION, "trojan"}},
         "trojaner",
         {{LEX_INFECTION, "trojan", 0}}},
        {"the second occurrence of a phrase does not replace the first",
         {{LEX_BRAND, "apple"}},
         "apple and apple",
         {{LEX_BRAND, "apple", 0}}},
    };
    run_automaton_cases(cases, sizeof cases / sizeof cases[0]);
}

static void phrases_starting_with_a_latin_letter_match_only_at_a_word_start(void **state)
{
    (void)state;
    static const AutomatonCase cases[] = {
        {"inside a word", {{LEX_INFECTION, "virus"}}, "antivirus", {{LEX_INFECTION, "", 0}}},
        {"at the start of a longer word", {{LEX_INFECTION, "virus"}}, "viruses",
         {{LEX_INFECTION, "virus", 0}}},
        {"after a refused one", {{LEX_INFECTION, "virus"}}, "antivirus virus",
         {{LEX_INFECTION, "virus", 10}}},
        {"after a digit", {{LEX_INFECTION, "virus"}}, "2virus", {{LEX_INFECTION, "virus", 1}}},
        {"after Japanese", {{LEX_BRAND, "windows"}}, "新しいwindows",
         {{LEX_BRAND, "windows", 9}}},
        {"a suffix phrase inside a word is refused, its longer phrase is not",
         {{LEX_SECURITY_UI, "smartscreen"}, {LEX_WARNING, "screen"}},
         "smartscreen",
         {{LEX_SECURITY_UI, "smartscreen", 0}, {LEX_WARNING, "", 0}}},
        {"a phrase starting with a space or digit matches anywhere",
         {{LEX_CALL, " now"}, {LEX_ERROR_CODE, "404"}},
         "callnow; call now; e404",
         {{LEX_CALL, " now", 13}, {LEX_ERROR_CODE, "404", 20}}},
        {"Japanese phrases match inside Latin words",
         {{LEX_INFECTION, "ウイルス"}}, "abcウイルスabc", {{LEX_INFECTION, "ウイルス", 3}}},
    };
    run_automaton_cases(cases, sizeof cases / sizeof cases[0]);
}

static void non_ascii_phrases_match_byte_for_byte(void **state)
{
    (void)state;
    static const AutomatonCase cases[] = {
        /* ウイルス and ウィルス differ in one byte in the middle of a character. */
        {"two spellings", {{LEX_INFECTION, "ウイルス"}, {LEX_WARNING, "ウィルス"}}, "ウィルス",
         {{LEX_INFECTION, "", 0}, {LEX_WARNING, "ウィルス", 0}}},
        {"Latin-1 letters", {{LEX_SECURITY_UI, "sécurité windows"}},
         "la sécurité windows", {{LEX_SECURITY_UI, "sécurité windows", 3}}},
        {"not a prefix of a character", {{LEX_BRAND, "ア"}}, "イ", {{LEX_BRAND, "", 0}}},
    };
    run_automaton_cases(cases, sizeof cases / sizeof cases[0]);
}

static void without_phrases_only_the_hex_error_code_is_found(void **state)
{
    (void)state;
    const char *text = "virus error 0x80070490";
    LexResult r;
    lexicon_scan(NULL, text, strlen(text), &r);
    assert_true(r.hits[LEX_ERROR_CODE].found);
    assert_int_equal(r.hits[LEX_ERROR_CODE].offset, 12);
    assert_false(r.hits[LEX_INFECTION].found);

    static const TinyPhrase none[] = {{LEX_BRAND, NULL}};
    Lexicon *empty = tiny_lexicon(none);
    lexicon_scan(empty, text, strlen(text), &r);
    assert_true(r.hits[LEX_ERROR_CODE].found);
    assert_int_equal(lexicon_phrase_count(empty, LEX_BRAND), 0);
    lexicon_free(empty);
}

static void phrases_are_kept_in_order_and_bad_ones_refused(void **state)
{
    (void)state;
    static const TinyPhrase phrases[] = {
        {LEX_CALL, "call us"}, {LEX_BRAND, "apple"}, {LEX_CALL, "dial "}, {LEX_CALL, NULL}};
    Lexicon *lex = tiny_lexicon(phrases);
    assert_int_equal(lexicon_phrase_count(lex, LEX_CALL), 2);
    assert_string_equal(lexicon_phrase(lex, LEX_CALL, 0), "call us");
    assert_string_equal(lexicon_phrase(lex, LEX_CALL, 1), "dial ");
    assert_string_equal(lexicon_phrase(lex, LEX_BRAND, 0), "apple");
    assert_null(lexicon_phrase(lex, LEX_CALL, 2));
    assert_int_equal(lexicon_phrase_count(lex, LEX_SCAN), 0);
    lexicon_free(lex);

    char longest[LEXICON_PHRASE_MAX + 2];
    memset(longest, 'a', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0';
    const char *bad[] = {"", longest};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        LexPhraseList lists[LEX_CATEGORY_COUNT];
        memset(lists, 0, sizeof lists);
        lists[LEX_SCAN].phrases = &bad[i];
        lists[LEX_SCAN].count = 1;
        assert_null(lexicon_new(lists));
    }
    longest[LEXICON_PHRASE_MAX] = '\0'; /* exactly the most allowed */
    LexPhraseList lists[LEX_CATEGORY_COUNT];
    memset(lists, 0, sizeof lists);
    const char *fits = longest;
    lists[LEX_SCAN].phrases = &fits;
    lists[LEX_SCAN].count = 1;
    lex = lexicon_new(lists);
    assert_non_null(lex);
    lexicon_free(lex);
}

/* ---- the shipped lists ------------------------------------------------------ */

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
        {"Su computadora está bloqueada", LEX_LOCK, "bloqueada"},
        {"Chiami il supporto tecnico", LEX_CALL, "chiami"},
        {"Não desligue o computador", LEX_DONT_CLOSE, "não desligue"},
        {"Toll\u2011Free", LEX_SUPPORT, "toll-free"},
        {"(日本フリーダイヤル)", LEX_SUPPORT, "フリーダイヤル"},
        {"Do not restart your computer", LEX_DONT_CLOSE, "do not restart"},
        {"再起動しないでください", LEX_DONT_CLOSE, "再起動しないで"},
        {"Error code: 0x80070490", LEX_ERROR_CODE, "error code"},
        {"failed with 0x80070490", LEX_ERROR_CODE, "0x80070490"},
        /* the code found wherever it stands: first, last, after other x's */
        {"0x800ccc0f", LEX_ERROR_CODE, "0x800ccc0f"},
        {"xx 0x 0xab 0x8024402c", LEX_ERROR_CODE, "0x8024402c"},
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
        {"a dialog box", LEX_CALL, NULL},       /* the list has "dial " with its space */
        {"recall us later", LEX_CALL, NULL},
        {"0x1f", LEX_ERROR_CODE, NULL},         /* too short for a Windows error code */
        {"Ox800VDS", LEX_ERROR_CODE, NULL},     /* letter O, not a hex code */
        {"ab0x80070490", LEX_ERROR_CODE, NULL}, /* inside a word */
        {"0x80070", LEX_ERROR_CODE, NULL},      /* five digits, cut by the end of the text */
        {"x0x", LEX_ERROR_CODE, NULL},
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

    lexicon_scan(shipped.rules.lexicon, "", 0, &r);
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
        [LEX_YOUR_DEVICE] = "device.yours",
        [LEX_CLAIM] = "alarm.claim",
    };
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++) {
        assert_non_null(expected[c]);
        assert_string_equal(lexicon_category_code((LexCategory)c), expected[c]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(overlapping_phrases_are_all_found_in_one_pass),
        cmocka_unit_test(phrases_that_are_suffixes_of_others_are_found_inside_them),
        cmocka_unit_test(the_first_occurrence_per_category_is_the_evidence),
        cmocka_unit_test(phrases_starting_with_a_latin_letter_match_only_at_a_word_start),
        cmocka_unit_test(non_ascii_phrases_match_byte_for_byte),
        cmocka_unit_test(without_phrases_only_the_hex_error_code_is_found),
        cmocka_unit_test(phrases_are_kept_in_order_and_bad_ones_refused),
        cmocka_unit_test(phrases_are_found_in_their_category),
        cmocka_unit_test(words_inside_longer_latin_words_are_not_found),
        cmocka_unit_test(first_occurrence_in_text_is_the_evidence_whatever_the_list_order),
        cmocka_unit_test(a_category_is_reported_once_for_many_phrases),
        cmocka_unit_test(plain_text_finds_nothing),
        cmocka_unit_test(category_codes_are_stable_and_distinct),
    };
    return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}
