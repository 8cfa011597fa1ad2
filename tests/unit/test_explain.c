/* test_explain.c - which plain statements the alert window makes for a verdict. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "explain.h"

typedef struct KindCase {
    const char *trait;
    ExplainKind kind;
} KindCase;

static void trait_codes_map_to_statements_by_family(void **state)
{
    (void)state;
    static const KindCase cases[] = {
        {"alarm.call", EXPLAIN_CALL},
        {"phone.jp_tollfree", EXPLAIN_PHONE},
        {"phone.in_title", EXPLAIN_PHONE},
        {"phone.some_future_class", EXPLAIN_PHONE},
        {"brand", EXPLAIN_BRAND},
        {"alarm.securityui", EXPLAIN_BRAND},
        {"alarm.infection", EXPLAIN_INFECTION},
        {"alarm.lock", EXPLAIN_LOCK},
        {"alarm.dontclose", EXPLAIN_LOCK},
        {"window.fullscreen", EXPLAIN_FULLSCREEN},
        {"audio.loud", EXPLAIN_ALARM_SOUND},
        {"audio.loop", EXPLAIN_ALARM_SOUND},
        {"cursor.hidden", EXPLAIN_CURSOR},
        {"seen.before", EXPLAIN_SEEN_BEFORE},
        {"screen.mslogo", EXPLAIN_LOOKS_LIKE_WINDOWS},
        {"screen.kit_look", EXPLAIN_LOOKS_LIKE_WINDOWS},
        {"audio.message_loop", EXPLAIN_ALARM_SOUND},
        {"support", EXPLAIN_NONE},
        {"window.topmost", EXPLAIN_NONE},
        {"brandx", EXPLAIN_NONE},
        {"phone", EXPLAIN_NONE},
        {"", EXPLAIN_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(explain_kind_of(cases[i].trait), cases[i].kind);
    assert_int_equal(explain_kind_of(NULL), EXPLAIN_NONE);
}

static void add(Verdict *v, const char *trait, const char *match, int weight)
{
    Reason *r = &v->reasons[v->reason_count++];
    strcpy(r->trait, trait);
    strcpy(r->match, match);
    r->weight = weight;
}

static void statements_are_distinct_and_ordered_call_first(void **state)
{
    (void)state;
    Verdict v;
    memset(&v, 0, sizeof v);
    add(&v, "window.fullscreen", "fullscreen", 25);
    add(&v, "brand", "microsoft", 10);
    add(&v, "phone.jp_tollfree", "0120-555-010", 15);
    add(&v, "phone.in_title", "0120-555-010", 15);
    add(&v, "alarm.call", "今すぐ電話", 20);
    add(&v, "support", "サポート", 5);
    ExplainKind items[8];
    size_t n = explain_verdict(&v, items, 8);
    assert_int_equal(n, 4);
    assert_int_equal(items[0], EXPLAIN_CALL);
    assert_int_equal(items[1], EXPLAIN_PHONE);
    assert_int_equal(items[2], EXPLAIN_BRAND);
    assert_int_equal(items[3], EXPLAIN_FULLSCREEN);
}

static void the_limit_keeps_the_most_telling(void **state)
{
    (void)state;
    Verdict v;
    memset(&v, 0, sizeof v);
    add(&v, "cursor.hidden", "cursor hidden", 5);
    add(&v, "alarm.infection", "ウイルス", 10);
    add(&v, "brand", "microsoft", 10);
    ExplainKind items[2];
    assert_int_equal(explain_verdict(&v, items, 2), 2);
    assert_int_equal(items[0], EXPLAIN_BRAND);
    assert_int_equal(items[1], EXPLAIN_INFECTION);
}

static void reasons_that_lowered_or_added_nothing_are_not_stated(void **state)
{
    (void)state;
    Verdict v;
    memset(&v, 0, sizeof v);
    add(&v, "brand", "microsoft", 0);
    add(&v, "alarm.lock", "locked", -5);
    ExplainKind items[4];
    assert_int_equal(explain_verdict(&v, items, 4), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trait_codes_map_to_statements_by_family),
        cmocka_unit_test(statements_are_distinct_and_ordered_call_first),
        cmocka_unit_test(the_limit_keeps_the_most_telling),
        cmocka_unit_test(reasons_that_lowered_or_added_nothing_are_not_stated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
