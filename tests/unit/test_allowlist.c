/* test_allowlist.c - titles an administrator allows are matched in folded form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "allowlist.h"

typedef struct MatchCase {
    const char *title;
    bool allowed;
} MatchCase;

static void entries_match_anywhere_in_the_title_whatever_the_writing(void **state)
{
    (void)state;
    Allowlist list;
    allowlist_init(&list);
    assert_true(allowlist_add(&list, "Security Awareness Training"));
    assert_true(allowlist_add(&list, "社内ヘルプデスク"));
    static const MatchCase cases[] = {
        {"Security Awareness Training - fake alert demo - Google Chrome", true},
        {"ＳＥＣＵＲＩＴＹ ＡＷＡＲＥＮＥＳＳ ＴＲＡＩＮＩＮＧ", true},
        {"Security Awareness - Google Chrome", false},
        {"【社内ヘルプデスク】ウイルス警告の訓練 - Microsoft Edge", true},
        {"Ｍｉｃｒｏｓｏｆｔ 警告 0120-555-010", false},
        {"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if ((allowlist_match(&list, cases[i].title) != NULL) != cases[i].allowed)
            fail_msg("title \"%s\": expected %s", cases[i].title,
                     cases[i].allowed ? "allowed" : "not allowed");
    }
    assert_null(allowlist_match(&list, NULL));
    allowlist_free(&list);
    assert_int_equal(list.count, 0);
}

static void blank_entries_are_ignored_rather_than_allowing_everything(void **state)
{
    (void)state;
    Allowlist list;
    allowlist_init(&list);
    assert_true(allowlist_add(&list, ""));
    assert_true(allowlist_add(&list, "   "));
    assert_true(allowlist_add(&list, "\u3000"));
    assert_int_equal(list.count, 0);
    assert_null(allowlist_match(&list, "Ｍｉｃｒｏｓｏｆｔ 警告"));
    allowlist_free(&list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(entries_match_anywhere_in_the_title_whatever_the_writing),
        cmocka_unit_test(blank_entries_are_ignored_rather_than_allowing_everything),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
