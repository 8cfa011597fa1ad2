/*
 * test_alloc_failure.c - every allocation of the core's allocating operations made to
 * fail in turn: "fail the Nth allocation" for N = 1, 2, ... until the operation makes
 * fewer than N and succeeds. Each failure must give the operation's clear error result
 * (a message, NULL, false, a failed flag) and leave what it was given as it was; ASan
 * and LeakSanitizer (or valgrind, in `make valgrind`) catch crashes and leaks.
 *
 * The seam is at link time, not in the core: the Makefile links this test alone with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup, so every such call in
 * the core's objects, and in libyaml (linked statically here), reaches the __wrap_
 * functions below, which fail the one chosen call and pass the others on. So the core
 * keeps calling malloc() as any C does, the shipped program has no hook at all, and
 * libyaml's own allocations are reached too, which a header-level hook in the core
 * could not do. Only calls made while a failure is armed are counted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "allowlist.h"
#include "config.h"
#include "fold.h"
#include "jsonbuf.h"
#include "lexicon.h"
#include "observation.h"
#include "score.h"

/* ---- the seam ------------------------------------------------------------------ */

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *ptr, size_t size);
char *__real_strdup(const char *text);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *ptr, size_t size);
char *__wrap_strdup(const char *text);

static bool armed;
static unsigned long fail_at;  /* 1-based number of the call to fail */
static unsigned long calls;    /* counted since armed */
static unsigned long failures; /* calls made to fail since armed */

static bool fail_this_call(void)
{
    if (!armed)
        return false;
    calls++;
    if (calls != fail_at)
        return false;
    failures++;
    return true;
}

void *__wrap_malloc(size_t size)
{
    return fail_this_call() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size)
{
    return fail_this_call() ? NULL : __real_calloc(count, size);
}

void *__wrap_realloc(void *ptr, size_t size)
{
    return fail_this_call() ? NULL : __real_realloc(ptr, size);
}

char *__wrap_strdup(const char *text)
{
    return fail_this_call() ? NULL : __real_strdup(text);
}

static void arm(unsigned long n)
{
    armed = true;
    fail_at = n;
    calls = 0;
    failures = 0;
}

/* Disarms; returns whether the armed failure happened. */
static bool disarm(void)
{
    armed = false;
    return failures > 0;
}

/* A bound on N, so a loop that never succeeds fails the test instead of hanging. */
#define MAX_ALLOCATIONS 100000

/* ---- the modules ----------------------------------------------------------------- */

/* Every field, a surrogate pair (a rewritten copy of the line) and peaks to grow. */
static const char OBS_LINE[] =
    "{\"id\":\"w1\",\"title\":\"\\ud83d\\ude00 Ｍｉｃｒｏｓｏｆｔ 警告 0120-555-010\","
    "\"class\":\"Chrome_WidgetWin_1\",\"exe\":\"chrome.exe\",\"text\":\"call now\","
    "\"url\":\"https://x.example/\",\"lang\":\"ja\",\"fullscreen\":true,\"unknown\":[1,{\"a\":2}],"
    "\"audio\":{\"playing\":true,\"peaks\":[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1,0.1,0.2,"
    "0.3,0.4,0.5,0.6,0.7,0.8,0.9,1,0.5]}}";

static void observation_parse_fails_cleanly(void **state)
{
    (void)state;
    unsigned long n;
    for (n = 1; n < MAX_ALLOCATIONS; n++) {
        Observation obs;
        char err[200];
        observation_init(&obs);
        obs.title = strdup("held before");
        assert_non_null(obs.title);
        arm(n);
        int rc = observation_parse_json(OBS_LINE, sizeof OBS_LINE - 1, &obs, err, sizeof err);
        bool failed = disarm();
        if (!failed) {
            assert_int_equal(rc, 0);
            assert_int_equal(obs.audio_peak_count, 21);
            observation_free(&obs);
            break;
        }
        if (rc != -1 || strcmp(err, "out of memory") != 0)
            fail_msg("allocation %lu failed: rc %d, message \"%s\"", n, rc, err);
        assert_null(obs.title); /* emptied, as after any failure */
        assert_null(obs.audio_peaks);
    }
    assert_true(n > 10 && n < MAX_ALLOCATIONS); /* the core's and libyaml's allocations */
}

/* Settings and phrase lists: folded phrases, their lists, a new lexicon. */
static const char CONFIG_YAML[] =
    "watch:\n  poll_ms: 250\n"
    "scoring:\n  weights:\n    brand: 30\n"
    "phrases:\n  brand: [\"Ｍｉｃｒｏｓｏｆｔ\", \"apple\", \"norton\", \"mcafee\", \"a\", \"b\",\n"
    "          \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\", \"j\", \"k\", \"l\", \"m\"]\n"
    "  support: [\"help desk\"]\n";

static void config_load_fails_cleanly(void **state)
{
    (void)state;
    Config cfg;
    assert_int_equal(config_default(&cfg), 0);
    Config before;
    memcpy(&before, &cfg, sizeof cfg); /* an image to compare with, not an owner */
    unsigned long n;
    for (n = 1; n < MAX_ALLOCATIONS; n++) {
        char err[200];
        arm(n);
        int rc = config_load_buffer(CONFIG_YAML, sizeof CONFIG_YAML - 1, "x.yaml", &cfg, err,
                                    sizeof err);
        bool failed = disarm();
        if (!failed) {
            assert_int_equal(rc, 0);
            assert_int_equal(cfg.poll_ms, 250);
            assert_int_equal(lexicon_phrase_count(cfg.rules.lexicon, LEX_BRAND), 17);
            break;
        }
        if (rc != -1 || strcmp(err, "x.yaml: out of memory") != 0)
            fail_msg("allocation %lu failed: rc %d, message \"%s\"", n, rc, err);
        assert_memory_equal(&cfg, &before, sizeof cfg); /* kept as it was, lexicon too */
    }
    assert_true(n > 20 && n < MAX_ALLOCATIONS);
    config_free(&cfg);
}

static void config_default_fails_cleanly(void **state)
{
    (void)state;
    static const Config zero;
    unsigned long n;
    for (n = 1; n < MAX_ALLOCATIONS; n++) {
        Config cfg;
        arm(n);
        int rc = config_default(&cfg);
        bool failed = disarm();
        if (!failed) {
            assert_int_equal(rc, 0);
            assert_non_null(cfg.rules.lexicon);
            config_free(&cfg);
            break;
        }
        assert_int_equal(rc, -1);
        assert_memory_equal(&cfg, &zero, sizeof cfg); /* all zero, as config.h says */
        config_free(&cfg);
    }
    assert_true(n > 100 && n < MAX_ALLOCATIONS);
}

static void lexicon_new_fails_cleanly(void **state)
{
    (void)state;
    static const char *const brands[] = { "microsoft", "apple", "ウイルス" };
    static const char *const support[] = { "help desk" };
    LexPhraseList lists[LEX_CATEGORY_COUNT] = { { NULL, 0 } };
    lists[LEX_BRAND] = (LexPhraseList){ brands, 3 };
    lists[LEX_SUPPORT] = (LexPhraseList){ support, 1 };
    unsigned long n;
    for (n = 1; n < MAX_ALLOCATIONS; n++) {
        arm(n);
        Lexicon *lex = lexicon_new(lists);
        bool failed = disarm();
        if (!failed) {
            assert_non_null(lex);
            LexResult result;
            lexicon_scan(lex, "call the help desk", 18, &result);
            assert_true(result.hits[LEX_SUPPORT].found);
            lexicon_free(lex);
            break;
        }
        assert_null(lex);
    }
    assert_true(n > 5 && n < MAX_ALLOCATIONS);
}

static void fold_text_alloc_fails_cleanly(void **state)
{
    (void)state;
    size_t length = 12345;
    arm(1);
    char *folded = fold_text_alloc("ＡＢＣ", strlen("ＡＢＣ"), &length);
    assert_true(disarm());
    assert_null(folded);
    assert_int_equal(length, 12345); /* untouched on failure */
    arm(2);
    folded = fold_text_alloc("ＡＢＣ", strlen("ＡＢＣ"), &length);
    assert_false(disarm()); /* one allocation only */
    assert_string_equal(folded, "abc");
    assert_int_equal(length, 3);
    free(folded);
}

/* A line grown a piece at a time: a failed growth sticks, the text so far stays
   readable and is freed, and a reset buffer works again. */
static void jsonbuf_growth_fails_cleanly(void **state)
{
    (void)state;
    char piece[100];
    memset(piece, 'x', sizeof piece - 1);
    piece[sizeof piece - 1] = '\0';
    unsigned long n;
    for (n = 1; n < MAX_ALLOCATIONS; n++) {
        JsonBuf buf;
        jsonbuf_init(&buf);
        arm(n);
        for (int i = 0; i < 100; i++)
            jsonbuf_string(&buf, piece);
        bool failed = disarm();
        if (!failed) {
            assert_false(buf.failed);
            assert_int_equal(buf.length, 100 * (sizeof piece + 1));
            jsonbuf_free(&buf);
            break;
        }
        assert_true(buf.failed);
        assert_true(buf.length < 100 * (sizeof piece + 1));
        assert_true(buf.data == NULL || strlen(buf.data) == buf.length);
        jsonbuf_reset(&buf);
        jsonbuf_raw(&buf, "{}");
        assert_false(buf.failed);
        assert_string_equal(buf.data, "{}");
        jsonbuf_free(&buf);
    }
    assert_true(n > 5 && n < MAX_ALLOCATIONS);
}

static void allowlist_fails_cleanly(void **state)
{
    (void)state;
    Allowlist list;
    allowlist_init(&list);
    assert_true(allowlist_add(&list, "Training page"));
    unsigned long n;
    for (n = 1; n < MAX_ALLOCATIONS; n++) {
        arm(n);
        bool added = allowlist_add(&list, "Ｈｅｌｐ Ｄｅｓｋ");
        bool failed = disarm();
        if (!failed) {
            assert_true(added);
            break;
        }
        assert_false(added);
        assert_int_equal(list.count, 1); /* the list is as it was */
        assert_string_equal(list.entries[0], "training page");
    }
    assert_int_equal(n, 3); /* the folded copy, then the grown array */
    assert_int_equal(list.count, 2);
    assert_string_equal(allowlist_match(&list, "IT help desk - Google Chrome"), "help desk");

    arm(1);
    const char *match = allowlist_match(&list, "IT help desk - Google Chrome");
    assert_true(disarm());
    assert_null(match); /* out of memory: the window is judged as usual */
    allowlist_free(&list);
}

/* Scoring never fails: a title too long for its stack buffer whose heap copy cannot
   be had is judged on the part that fitted. */
static void scoring_judges_the_prefix_without_memory(void **state)
{
    (void)state;
    Config cfg;
    assert_int_equal(config_default(&cfg), 0);
    char title[4096];
    const char *scam = "Ｍｉｃｒｏｓｏｆｔ 警告：ウイルスが検出されました サポート 0120-555-010 ";
    size_t o = 0;
    while (o + strlen(scam) < sizeof title) {
        memcpy(title + o, scam, strlen(scam));
        o += strlen(scam);
    }
    title[o] = '\0';
    Observation obs;
    observation_init(&obs);
    obs.title = title;
    Verdict whole, prefix;
    score_observation(&cfg.rules, &obs, &whole);
    arm(1);
    score_observation(&cfg.rules, &obs, &prefix);
    assert_true(disarm());
    assert_true(prefix.reason_count > 0); /* judged, not dropped */
    assert_int_equal(prefix.kind, whole.kind);
    assert_int_equal(prefix.score, whole.score); /* every sign is in the first kilobyte */
    config_free(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(observation_parse_fails_cleanly),
        cmocka_unit_test(config_load_fails_cleanly),
        cmocka_unit_test(config_default_fails_cleanly),
        cmocka_unit_test(lexicon_new_fails_cleanly),
        cmocka_unit_test(fold_text_alloc_fails_cleanly),
        cmocka_unit_test(jsonbuf_growth_fails_cleanly),
        cmocka_unit_test(allowlist_fails_cleanly),
        cmocka_unit_test(scoring_judges_the_prefix_without_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
