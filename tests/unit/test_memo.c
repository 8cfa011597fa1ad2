/* test_memo.c - the daemon's memory of windows: reported once, afresh on a new title. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "memo.h"

static void a_window_matches_only_its_own_signature(void **state)
{
    (void)state;
    static WindowMemo memo;
    memo_init(&memo);
    assert_false(memo_matches(&memo, 1, 7));
    memo_put(&memo, 1, 7);
    assert_true(memo_matches(&memo, 1, 7));
    assert_false(memo_matches(&memo, 1, 8)); /* the title changed */
    assert_false(memo_matches(&memo, 2, 7)); /* another window */
    memo_put(&memo, 1, 8);
    assert_true(memo_matches(&memo, 1, 8));
    assert_false(memo_matches(&memo, 1, 7));
    assert_int_equal(memo.count, 1);
    uint32_t noted = 0;
    assert_true(memo_get(&memo, 1, &noted));
    assert_int_equal(noted, 8);
    assert_false(memo_get(&memo, 2, &noted));
}

static void when_full_the_oldest_is_forgotten(void **state)
{
    (void)state;
    static WindowMemo memo;
    memo_init(&memo);
    for (uintptr_t w = 1; w <= MEMO_CAPACITY; w++)
        memo_put(&memo, w, 1);
    memo_put(&memo, 1, 1); /* re-noted: now the newest */
    memo_put(&memo, MEMO_CAPACITY + 1, 1);
    assert_int_equal(memo.count, MEMO_CAPACITY);
    assert_true(memo_matches(&memo, 1, 1));
    assert_false(memo_matches(&memo, 2, 1)); /* the oldest went */
    assert_true(memo_matches(&memo, MEMO_CAPACITY + 1, 1));
}

static bool is_even(uintptr_t window, void *context)
{
    (void)context;
    return window % 2 == 0;
}

static void closed_windows_are_forgotten(void **state)
{
    (void)state;
    static WindowMemo memo;
    memo_init(&memo);
    for (uintptr_t w = 1; w <= 6; w++)
        memo_put(&memo, w, (uint32_t)w);
    memo_forget_if(&memo, is_even, NULL);
    assert_int_equal(memo.count, 3);
    assert_true(memo_matches(&memo, 5, 5));
    assert_false(memo_matches(&memo, 4, 4));
}

static void signatures_follow_what_can_change(void **state)
{
    (void)state;
    assert_int_equal(memo_text_signature("abc"), memo_text_signature("abc"));
    assert_int_not_equal(memo_text_signature("abc"), memo_text_signature("abd"));
    assert_int_equal(memo_text_signature(NULL), memo_text_signature(""));

    Observation a, b;
    observation_init(&a);
    observation_init(&b);
    a.title = b.title = "Page";
    assert_int_equal(memo_observation_signature(&a), memo_observation_signature(&b));
    b.fullscreen = TRISTATE_YES;
    assert_int_not_equal(memo_observation_signature(&a), memo_observation_signature(&b));
    b.fullscreen = TRISTATE_NO; /* known "no" differs from unknown */
    assert_int_not_equal(memo_observation_signature(&a), memo_observation_signature(&b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_window_matches_only_its_own_signature),
        cmocka_unit_test(when_full_the_oldest_is_forgotten),
        cmocka_unit_test(closed_windows_are_forgotten),
        cmocka_unit_test(signatures_follow_what_can_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
