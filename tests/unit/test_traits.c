/*
 * test_traits.c - what the scorer (and the trainer) read of an observation:
 * every trait has a stable code that reads back to it; terms are hashed words, word
 * pairs and, in Japanese text, character pairs, each bucket counted once, numbers as
 * "#", each worth 1/sqrt(count); a text too long for the stack is folded on the heap
 * and freed by features_free() (ASan checks); evidence spans point into the folded
 * text. Observations are built with string literals: never observation_free'd.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include <cmocka.h>

#include "config.h"
#include "traits.h"

/* The built-in lexicon, for the traits that need phrases. */
static Config defaults;

static int setup_group(void **state)
{
    (void)state;
    return config_default(&defaults);
}

static int teardown_group(void **state)
{
    (void)state;
    config_free(&defaults);
    return 0;
}

/* Features are about 24 KB: kept off the stack. */
static Features *extract(const Lexicon *lex, const char *title, const char *text, const char *url)
{
    Observation obs;
    observation_init(&obs);
    obs.title = (char *)title;
    obs.text = (char *)text;
    obs.url = (char *)url;
    Features *f = malloc(sizeof *f);
    assert_non_null(f);
    features_extract(lex, &obs, f);
    return f;
}

static void release(Features *f)
{
    features_free(f);
    assert_null(f->title.heap);
    assert_null(f->text.heap);
    assert_null(f->url.heap);
    free(f);
}

static bool has_bucket(const Features *f, uint16_t bucket)
{
    for (size_t i = 0; i < f->term_count; i++)
        if (f->term[i] == bucket)
            return true;
    return false;
}

/* The span of the term in bucket, or NULL. */
static const Span *term_span(const Features *f, uint16_t bucket)
{
    for (size_t i = 0; i < f->term_count; i++)
        if (f->term[i] == bucket)
            return &f->term_span[i];
    return NULL;
}

static void assert_span_is(const Span *s, const char *want)
{
    assert_non_null(s);
    assert_int_equal(s->length, strlen(want));
    assert_memory_equal(s->text, want, s->length);
}

/* Whether the span lies wholly inside the folded source. */
static bool span_inside(const Span *s, const FoldedSource *src)
{
    return s->text >= src->text && s->text + s->length <= src->text + src->length;
}

static void assert_terms_valued_and_distinct(const Features *f)
{
    assert_true(f->term_count <= TERMS_MAX);
    for (size_t i = 0; i < f->term_count; i++) {
        assert_true(f->term[i] < TERM_BUCKETS);
        for (size_t j = 0; j < i; j++)
            if (f->term[i] == f->term[j])
                fail_msg("bucket %u counted twice (terms %zu and %zu)", f->term[i], j, i);
    }
    if (f->term_count == 0)
        assert_true(f->term_value == 0.0f);
    else
        assert_true(fabsf(f->term_value - 1.0f / sqrtf((float)f->term_count)) < 1e-6f);
}

/* ---- codes ---------------------------------------------------------------------- */

static void every_trait_code_reads_back_to_its_trait(void **state)
{
    (void)state;
    for (int t = 0; t < TRAIT_COUNT; t++) {
        const char *code = trait_code((Trait)t);
        assert_non_null(code);
        if (code[0] == '\0')
            fail_msg("trait %d has no code", t);
        assert_true(strlen(code) < 40); /* fits a Reason's trait */
        if (trait_from_code(code) != t)
            fail_msg("trait %d: code %s reads back as %d", t, code, trait_from_code(code));
        for (int u = 0; u < t; u++)
            if (strcmp(code, trait_code((Trait)u)) == 0)
                fail_msg("traits %d and %d share the code %s", u, t, code);
        /* The same pointer's text every time: codes are constant. */
        assert_string_equal(trait_code((Trait)t), code);
    }
}

static void trait_codes_are_the_documented_names(void **state)
{
    (void)state;
    assert_string_equal(trait_code((Trait)(TRAIT_SAID + LEX_CALL)), "alarm.call");
    assert_string_equal(trait_code((Trait)(TRAIT_SAID + LEX_BRAND)), "brand");
    assert_string_equal(trait_code((Trait)(TRAIT_TITLE + LEX_CALL)), "title.alarm.call");
    assert_string_equal(trait_code((Trait)(TRAIT_TITLE + LEX_ABOUT_SCAM)), "title.about.scam");
    assert_string_equal(trait_code((Trait)(TRAIT_PHONE + PHONE_JP_TOLLFREE)), "phone.jp_tollfree");
    assert_string_equal(trait_code((Trait)(TRAIT_PHONE + PHONE_OTHER)), "phone.other");
    assert_string_equal(trait_code(TRAIT_PHONE_IN_TITLE), "phone.in_title");
    assert_string_equal(trait_code(TRAIT_PHONE_IN_URL), "phone.in_url");
    assert_string_equal(trait_code(TRAIT_ALARM_MANY), "alarm.many");
    assert_string_equal(trait_code(TRAIT_QUOTED), "about.quoted");
    assert_string_equal(trait_code(TRAIT_TITLE_CODE), "title.code");
    assert_string_equal(trait_code(TRAIT_TEXT_NONE), "text.none");
    assert_string_equal(trait_code(TRAIT_FULLSCREEN), "window.fullscreen");
    assert_string_equal(trait_code(TRAIT_TOPMOST), "window.topmost");
    assert_string_equal(trait_code(TRAIT_CURSOR_HIDDEN), "cursor.hidden");
    assert_string_equal(trait_code(TRAIT_LOCKED), "window.locked");
    assert_string_equal(trait_code(TRAIT_AUDIO_LOUD), "audio.loud");
    assert_string_equal(trait_code(TRAIT_AUDIO_LOOP), "audio.loop");
    assert_string_equal(trait_code(TRAIT_ALARM_SCREEN), "audio.alarm_screen");
}

static void unknown_codes_read_as_no_trait(void **state)
{
    (void)state;
    static const char *const unknown[] = {
        "", "alarm", "alarm.cal", "title.", "title.phone.jp_tollfree", "phone.", "phone.mobile",
        "wording.terms", "other.signs", "ALARM.CALL", "alarm.call ", "jp_tollfree",
    };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        if (trait_from_code(unknown[i]) != -1)
            fail_msg("'%s' reads as trait %d", unknown[i], trait_from_code(unknown[i]));
    assert_string_equal(trait_code(TRAIT_COUNT), "");
}

/* ---- terms ------------------------------------------------------------------------ */

static void the_same_word_falls_in_the_same_bucket(void **state)
{
    (void)state;
    uint16_t virus = term_bucket("virus", 5);
    assert_int_equal(term_bucket("virus", 5), virus);
    assert_true(virus < TERM_BUCKETS);
    /* Only the given length is hashed. */
    assert_int_equal(term_bucket("virus detected", 5), virus);

    Features *a = extract(NULL, NULL, "Virus found", NULL);
    Features *b = extract(NULL, "A VIRUS", "nothing else", NULL);
    assert_true(has_bucket(a, virus));
    assert_true(has_bucket(b, virus)); /* folded: case does not matter; the title counts */
    assert_span_is(term_span(a, virus), "virus");
    assert_terms_valued_and_distinct(a);
    assert_terms_valued_and_distinct(b);
    release(a);
    release(b);
}

static void words_and_word_pairs_are_terms_but_pairs_stop_at_punctuation(void **state)
{
    (void)state;
    Features *f = extract(NULL, NULL, "call now", NULL);
    assert_int_equal(f->term_count, 3); /* "call", "now", "call now" */
    assert_true(has_bucket(f, term_bucket("call", 4)));
    assert_true(has_bucket(f, term_bucket("now", 3)));
    assert_span_is(&f->term_span[2], "call now");
    assert_terms_valued_and_distinct(f);
    release(f);

    f = extract(NULL, NULL, "call. now", NULL);
    assert_int_equal(f->term_count, 2); /* no pair across the full stop */
    assert_terms_valued_and_distinct(f);
    release(f);
}

static void all_digit_words_hash_as_a_hash_sign(void **state)
{
    (void)state;
    uint16_t hash = term_bucket("#", 1);
    Features *a = extract(NULL, NULL, "12345", NULL);
    assert_int_equal(a->term_count, 1);
    assert_int_equal(a->term[0], hash);
    assert_span_is(&a->term_span[0], "12345"); /* the evidence is still the number */

    /* Any number, any length: the same terms. */
    Features *b = extract(NULL, NULL, "call 0120", NULL);
    Features *c = extract(NULL, NULL, "call 987654321", NULL);
    assert_int_equal(b->term_count, c->term_count);
    for (size_t i = 0; i < b->term_count; i++)
        assert_int_equal(b->term[i], c->term[i]);
    assert_true(has_bucket(b, hash));
    uint16_t itself = term_bucket("987654321", 9);
    if (itself != hash)
        assert_false(has_bucket(c, itself));

    /* A word with letters and digits is itself. */
    Features *d = extract(NULL, NULL, "0x80070490", NULL);
    assert_int_equal(d->term_count, 1);
    assert_int_equal(d->term[0], term_bucket("0x80070490", 10));
    release(a);
    release(b);
    release(c);
    release(d);
}

static void japanese_text_gives_character_pairs(void **state)
{
    (void)state;
    Features *f = extract(NULL, NULL, "ウイルス", NULL);
    assert_int_equal(f->term_count, 3);
    assert_span_is(&f->term_span[0], "ウイ");
    assert_span_is(&f->term_span[1], "イル");
    assert_span_is(&f->term_span[2], "ルス");
    assert_terms_valued_and_distinct(f);
    release(f);

    /* A lone character stands for itself; punctuation ends a run. */
    f = extract(NULL, NULL, "嘘。", NULL);
    assert_int_equal(f->term_count, 1);
    assert_span_is(&f->term_span[0], "嘘");
    release(f);

    /* Japanese beside Latin words: both kinds, no pair across the change of script. */
    f = extract(NULL, NULL, "windows警告", NULL);
    assert_int_equal(f->term_count, 2);
    assert_span_is(&f->term_span[0], "windows");
    assert_span_is(&f->term_span[1], "警告");
    release(f);
}

static void each_bucket_is_counted_once_and_terms_are_worth_one_over_sqrt_count(void **state)
{
    (void)state;
    Features *f = extract(NULL, NULL, "virus virus virus virus", NULL);
    assert_int_equal(f->term_count, 2); /* "virus" and "virus virus" */
    assert_span_is(&f->term_span[0], "virus");
    assert_true(f->term_span[0].text == f->text.text); /* the first one seen */
    assert_true(fabsf(f->term_value - 1.0f / sqrtf(2.0f)) < 1e-6f);
    assert_terms_valued_and_distinct(f);
    release(f);

    /* The title and the text share one set. */
    f = extract(NULL, "virus", "virus", NULL);
    assert_int_equal(f->term_count, 1);
    assert_true(span_inside(&f->term_span[0], &f->title));
    assert_true(fabsf(f->term_value - 1.0f) < 1e-6f);
    release(f);

    /* The address is not read for terms; nothing read: no terms, value 0. */
    f = extract(NULL, NULL, NULL, "http://virus.example/");
    assert_int_equal(f->term_count, 0);
    assert_true(f->term_value == 0.0f);
    release(f);

    /* A page of many distinct words keeps TERMS_MAX of them, all distinct. */
    size_t words = 3000;
    char *text = malloc(words * 8 + 1);
    assert_non_null(text);
    size_t o = 0;
    for (size_t i = 0; i < words; i++) {
        /* letters only, so no word is all digits */
        text[o++] = (char)('a' + i % 26);
        text[o++] = (char)('a' + i / 26 % 26);
        text[o++] = (char)('a' + i / 676 % 26);
        text[o++] = i % 7 == 0 ? '.' : ' ';
    }
    text[o] = '\0';
    f = extract(NULL, NULL, text, NULL);
    assert_int_equal(f->term_count, TERMS_MAX);
    assert_terms_valued_and_distinct(f);
    release(f);
    free(text);
}

/* ---- folding and evidence ------------------------------------------------------------ */

static void a_very_long_text_is_folded_on_the_heap_and_freed(void **state)
{
    (void)state;
    const char *tail = " Call Windows Support now: 1-888-555-0123";
    size_t filler = 3 * sizeof(((Features *)NULL)->text_buf);
    char *text = malloc(filler + strlen(tail) + 1);
    assert_non_null(text);
    for (size_t i = 0; i < filler; i++)
        text[i] = i % 10 == 9 ? ' ' : 'A'; /* folds to 'a': the folded text is new text */
    memcpy(text + filler, tail, strlen(tail) + 1);
    char *title = malloc(4000);
    assert_non_null(title);
    memset(title, 'T', 3999);
    title[3999] = '\0';

    Features *f = extract(defaults.rules.lexicon, title, text, NULL);
    assert_non_null(f->text.heap);
    assert_ptr_equal(f->text.text, f->text.heap);
    assert_true(f->text.length > sizeof f->text_buf);
    assert_int_equal(f->text.length, filler + strlen(tail));
    assert_int_equal(f->text.text[0], 'a');
    assert_non_null(f->title.heap);
    assert_int_equal(f->title.length, 3999);
    assert_null(f->url.heap); /* no address: nothing allocated */

    /* Read to its end, with the evidence in the heap copy. */
    Trait call = (Trait)(TRAIT_SAID + LEX_CALL);
    assert_true(f->has[call]);
    assert_true(span_inside(&f->evidence[call], &f->text));
    assert_true(f->evidence[call].text > f->text.text + filler - 10);
    Trait us = (Trait)(TRAIT_PHONE + PHONE_US_TOLLFREE);
    assert_true(f->has[us]);
    assert_true(span_inside(&f->evidence[us], &f->text));
    free(text); /* the features hold their own folded copy */
    free(title);
    assert_memory_equal(f->evidence[us].text, "1-888-555-0123", 14);
    release(f); /* ASan: the heap copies are freed, none twice */

    /* Short text stays on the stack: nothing to free, and freeing twice is harmless. */
    f = extract(NULL, "Title", "Short text.", NULL);
    assert_null(f->text.heap);
    assert_null(f->title.heap);
    assert_ptr_equal(f->text.text, f->text_buf);
    features_free(f);
    release(f);
}

static void evidence_spans_point_into_the_folded_text(void **state)
{
    (void)state;
    Features *f = extract(defaults.rules.lexicon, "Ｍｉｃｒｏｓｏｆｔ 0120-555-010 - Google Chrome",
                          "Your PC HAS BEEN BLOCKED. Call Support now.",
                          "http://example.test/?n=1-888-555-0123");
    /* Folded: full-width letters are ASCII, capitals small, the browser suffix gone. */
    assert_int_equal(f->title.length, strlen("microsoft 0120-555-010"));
    assert_memory_equal(f->title.text, "microsoft 0120-555-010", f->title.length);

    static const struct {
        int trait;
        int where; /* 0 title, 1 text, 2 address */
        const char *evidence;
    } cases[] = {
        {TRAIT_SAID + LEX_BRAND, 0, "microsoft"},
        {TRAIT_PHONE + PHONE_JP_TOLLFREE, 0, "0120-555-010"},
        {TRAIT_PHONE_IN_TITLE, 0, "0120-555-010"},
        {TRAIT_SAID + LEX_LOCK, 1, "has been blocked"},
        {TRAIT_SAID + LEX_CALL, 1, "call support"},
        {TRAIT_PHONE + PHONE_US_TOLLFREE, 2, "1-888-555-0123"},
        {TRAIT_PHONE_IN_URL, 2, "1-888-555-0123"},
    };
    const FoldedSource *sources[] = {&f->title, &f->text, &f->url};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int t = cases[i].trait;
        if (!f->has[t])
            fail_msg("case %zu: %s not found", i, trait_code((Trait)t));
        if (!span_inside(&f->evidence[t], sources[cases[i].where]))
            fail_msg("case %zu: %s evidence outside its source", i, trait_code((Trait)t));
        assert_span_is(&f->evidence[t], cases[i].evidence);
    }
    assert_false(f->has[TRAIT_TITLE + LEX_CALL]); /* said in the text, not the title */
    assert_false(f->has[TRAIT_TITLE + LEX_BRAND]); /* a brand in a title is only said */
    assert_false(f->has[TRAIT_TEXT_NONE]);

    /* Every term's span is in the folded title or text. */
    assert_true(f->term_count > 0);
    for (size_t i = 0; i < f->term_count; i++)
        if (!span_inside(&f->term_span[i], &f->title) && !span_inside(&f->term_span[i], &f->text))
            fail_msg("term %zu outside the folded title and text", i);
    release(f);
}

/* Words in the address count as said (never as the title's), but an address that
   names the scam ("scam-alert.example") says nothing about the page. */
static void address_words_are_said_but_naming_the_scam_there_is_not(void **state)
{
    (void)state;
    Features *f = extract(defaults.rules.lexicon, "Help", "hello",
                          "http://example.test/virus-scam");
    Trait infection = (Trait)(TRAIT_SAID + LEX_INFECTION);
    assert_true(f->has[infection]);
    assert_true(span_inside(&f->evidence[infection], &f->url));
    assert_span_is(&f->evidence[infection], "virus");
    assert_false(f->has[TRAIT_TITLE + LEX_INFECTION]);
    assert_false(f->has[TRAIT_SAID + LEX_ABOUT_SCAM]);
    release(f);

    /* The same word in the text does name the scam. */
    f = extract(defaults.rules.lexicon, "Help", "a virus scam", NULL);
    assert_true(f->has[TRAIT_SAID + LEX_ABOUT_SCAM]);
    assert_true(span_inside(&f->evidence[TRAIT_SAID + LEX_ABOUT_SCAM], &f->text));
    release(f);
}

/* A made-up error or case number in the title (letters and digits that change kind at
   least twice, six or more long) is a title code; a product name, a year or a news
   site's name changes kind once at most. The evidence is the code, folded. */
static void made_up_codes_in_the_title_are_title_codes_but_names_and_years_are_not(void **state)
{
    (void)state;
    static const struct {
        const char *title, *code;
    } coded[] = {
        {"Computer Error 2V7HGTVB404 - Google Chrome", "2v7hgtvb404"},
        {"\xe3\x83\x98\xe3\x83\xab\xe3\x83\x97\xe3\x83\x87\xe3\x82\xb9\xe3\x82\xaf -01JP21", "01jp21"},
        {"Error # 0x268d3 at Windows10", "0x268d3"},
    };
    for (size_t i = 0; i < sizeof coded / sizeof coded[0]; i++) {
        Features *f = extract(NULL, coded[i].title, "text", NULL);
        if (!f->has[TRAIT_TITLE_CODE])
            fail_msg("'%s' has no title code", coded[i].title);
        assert_true(span_inside(&f->evidence[TRAIT_TITLE_CODE], &f->title));
        assert_span_is(&f->evidence[TRAIT_TITLE_CODE], coded[i].code);
        release(f);
    }
    static const char *const plain[] = {
        "Windows10 support", "RTX4090 review", "47NEWS", "2024\xe5\xb9\xb4 A1B2", "ABC123",
        "Error 404", "Windows 11 Home",
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        Features *f = extract(NULL, plain[i], "text", NULL);
        if (f->has[TRAIT_TITLE_CODE])
            fail_msg("'%s' reads as a title code", plain[i]);
        release(f);
    }
    /* A code in the page text is not a title code. */
    Features *f = extract(NULL, "Help", "Error 2V7HGTVB404", NULL);
    assert_false(f->has[TRAIT_TITLE_CODE]);
    release(f);
}

static void window_traits_and_their_combinations(void **state)
{
    (void)state;
    static const struct {
        Tristate fullscreen, topmost, hidden;
    } cases[] = {
        {TRISTATE_NO, TRISTATE_NO, TRISTATE_NO},   {TRISTATE_YES, TRISTATE_NO, TRISTATE_NO},
        {TRISTATE_NO, TRISTATE_YES, TRISTATE_NO},  {TRISTATE_NO, TRISTATE_NO, TRISTATE_YES},
        {TRISTATE_YES, TRISTATE_NO, TRISTATE_YES}, {TRISTATE_UNKNOWN, TRISTATE_UNKNOWN, TRISTATE_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Observation obs;
        observation_init(&obs);
        obs.text = (char *)"text";
        obs.fullscreen = cases[i].fullscreen;
        obs.topmost = cases[i].topmost;
        obs.cursor_hidden = cases[i].hidden;
        Features *f = malloc(sizeof *f);
        assert_non_null(f);
        features_extract(NULL, &obs, f);
        bool full = cases[i].fullscreen == TRISTATE_YES, hidden = cases[i].hidden == TRISTATE_YES;
        assert_int_equal(f->has[TRAIT_FULLSCREEN], full);
        assert_int_equal(f->has[TRAIT_TOPMOST], cases[i].topmost == TRISTATE_YES);
        assert_int_equal(f->has[TRAIT_CURSOR_HIDDEN], hidden);
        assert_int_equal(f->has[TRAIT_LOCKED], full && hidden);
        assert_false(f->has[TRAIT_TEXT_NONE]);
        release(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_trait_code_reads_back_to_its_trait),
        cmocka_unit_test(trait_codes_are_the_documented_names),
        cmocka_unit_test(unknown_codes_read_as_no_trait),
        cmocka_unit_test(the_same_word_falls_in_the_same_bucket),
        cmocka_unit_test(words_and_word_pairs_are_terms_but_pairs_stop_at_punctuation),
        cmocka_unit_test(all_digit_words_hash_as_a_hash_sign),
        cmocka_unit_test(japanese_text_gives_character_pairs),
        cmocka_unit_test(each_bucket_is_counted_once_and_terms_are_worth_one_over_sqrt_count),
        cmocka_unit_test(a_very_long_text_is_folded_on_the_heap_and_freed),
        cmocka_unit_test(evidence_spans_point_into_the_folded_text),
        cmocka_unit_test(address_words_are_said_but_naming_the_scam_there_is_not),
        cmocka_unit_test(made_up_codes_in_the_title_are_title_codes_but_names_and_years_are_not),
        cmocka_unit_test(window_traits_and_their_combinations),
    };
    return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
