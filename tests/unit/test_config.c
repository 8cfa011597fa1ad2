/*
 * test_config.c - the defaults (the built-in config/omamori.yaml) and their
 * documented values, every setting's accepted forms, phrase lists read over the
 * defaults, and errors: "name:line:column: message" with *cfg left untouched.
 * Run from the repository root (as the Makefile and tests/run-all.sh do): two tests
 * read config/omamori.yaml.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "default_config.h"

#define SHIPPED_CONFIG "config/omamori.yaml"

static void assert_rules_equal(const ScoreRules *a, const ScoreRules *b)
{
    assert_int_equal(a->alert_threshold, b->alert_threshold);
    assert_int_equal(a->watch_threshold, b->watch_threshold);
    assert_int_equal(a->base, b->base);
    for (int t = 0; t < TRAIT_COUNT; t++)
        if (a->weight[t] != b->weight[t])
            fail_msg("weight of %s: %d != %d", trait_code((Trait)t), a->weight[t], b->weight[t]);
    for (int i = 0; i < TERM_BUCKETS; i++)
        if (a->term_weight[i] != b->term_weight[i])
            fail_msg("term weight %d: %d != %d", i, a->term_weight[i], b->term_weight[i]);
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++) {
        size_t n = lexicon_phrase_count(a->lexicon, (LexCategory)c);
        assert_int_equal(n, lexicon_phrase_count(b->lexicon, (LexCategory)c));
        for (size_t i = 0; i < n; i++)
            assert_string_equal(lexicon_phrase(a->lexicon, (LexCategory)c, i),
                                lexicon_phrase(b->lexicon, (LexCategory)c, i));
    }
}

/* Field by field: struct padding makes memcmp on a Config meaningless. */
static void assert_config_equal(const Config *a, const Config *b)
{
    assert_int_equal(a->poll_ms, b->poll_ms);
    assert_int_equal(a->auto_end_seconds, b->auto_end_seconds);
    assert_int_equal(a->close_timeout_ms, b->close_timeout_ms);
    assert_string_equal(a->language, b->language);
    assert_int_equal(a->journal_redact_titles, b->journal_redact_titles);
    assert_int_equal(a->remote_control.window_minutes, b->remote_control.window_minutes);
    assert_int_equal(a->remote_control.image_count, b->remote_control.image_count);
    for (size_t i = 0; i < a->remote_control.image_count; i++) {
        assert_string_equal(a->remote_control.images[i], b->remote_control.images[i]);
        assert_string_equal(a->remote_control.image_names[i], b->remote_control.image_names[i]);
    }
    assert_rules_equal(&a->rules, &b->rules);
}

/* A config differing from the defaults in every field, phrase lists too, and valid. */
static void config_unusual(Config *cfg)
{
    char yaml[2048] = "phrases:\n";
    char err[256];
    assert_int_equal(config_default(cfg), 0);
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++) {
        size_t used = strlen(yaml);
        snprintf(yaml + used, sizeof yaml - used, "  %s: [unusual %d]\n",
                 lexicon_category_code((LexCategory)c), c);
    }
    if (config_load_buffer(yaml, strlen(yaml), "unusual.yaml", cfg, err, sizeof err) != 0)
        fail_msg("%s", err);
    cfg->poll_ms = 777;
    cfg->auto_end_seconds = 42;
    cfg->close_timeout_ms = 4321;
    snprintf(cfg->language, sizeof cfg->language, "en");
    cfg->journal_redact_titles = true;
    cfg->remote_control.window_minutes = 7;
    cfg->remote_control.image_count = 1;
    snprintf(cfg->remote_control.images[0], CONFIG_IMAGE_NAME_SIZE, "unusual.exe");
    ScoreRules *r = &cfg->rules;
    r->alert_threshold = 91;
    r->watch_threshold = 11;
    r->base = -177;
    /* Far outside what training gives (a few tens of points at most), all in range. */
    for (int t = 0; t < TRAIT_COUNT; t++)
        r->weight[t] = 190 - t;
    for (int i = 0; i < TERM_BUCKETS; i++)
        r->term_weight[i] = (int16_t)(1900 - i % 97);
}

static int load(const char *yaml, Config *cfg, char *err, size_t errlen)
{
    return config_load_buffer(yaml, strlen(yaml), "test.yaml", cfg, err, errlen);
}

static void defaults_are_in_range_and_consistent(void **state)
{
    (void)state;
    Config cfg;
    assert_int_equal(config_default(&cfg), 0);
    assert_in_range(cfg.poll_ms, 50, 60000);
    assert_true(cfg.auto_end_seconds == CONFIG_AUTO_END_OFF
                || (cfg.auto_end_seconds >= 0 && cfg.auto_end_seconds <= 3600));
    assert_in_range(cfg.close_timeout_ms, 100, 60000);
    assert_string_equal(cfg.language, "auto");
    assert_false(cfg.journal_redact_titles); /* titles are kept unless asked otherwise */
    assert_in_range(cfg.rules.watch_threshold, 1, 100);
    assert_in_range(cfg.rules.alert_threshold, 1, 100);
    assert_true(cfg.rules.watch_threshold < cfg.rules.alert_threshold);
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++)
        assert_true(lexicon_phrase_count(cfg.rules.lexicon, (LexCategory)c) > 0);
    config_free(&cfg);
    assert_null(cfg.rules.lexicon);
}

/* The values config/omamori.yaml documents, which the tuning starts from. */
static void built_in_defaults_have_the_documented_values(void **state)
{
    (void)state;
    static const struct {
        LexCategory category;
        const char *first_phrase;
        size_t phrase_count;
    } wording[] = {
        {LEX_BRAND, "microsoft", 19},         {LEX_SECURITY_UI, "windows security", 41},
        {LEX_INFECTION, "virus", 43},         {LEX_LOCK, "has been blocked", 23},
        {LEX_CALL, "call windows", 35},       {LEX_DONT_CLOSE, "do not close", 28},
        {LEX_ERROR_CODE, "error code", 20},   {LEX_LICENSE, "license expired", 20},
        {LEX_WARNING, "warning", 19},         {LEX_SUPPORT, "support", 22},
        {LEX_SCAN, "quick scan", 17},         {LEX_ABOUT_SCAM, "scam", 30},
        {LEX_YOUR_DEVICE, "your computer", 43}, {LEX_CLAIM, "has been infected", 44},
    };
    Config cfg;
    assert_int_equal(config_default(&cfg), 0);
    const ScoreRules *r = &cfg.rules;
    assert_int_equal(cfg.poll_ms, 1000);
    assert_int_equal(cfg.auto_end_seconds, CONFIG_AUTO_END_OFF);
    assert_int_equal(cfg.close_timeout_ms, 3000);
    assert_false(cfg.journal_redact_titles);
    assert_int_equal(r->alert_threshold, 60);
    assert_int_equal(r->watch_threshold, 30);
    for (size_t i = 0; i < sizeof wording / sizeof wording[0]; i++) {
        LexCategory c = wording[i].category;
        assert_string_equal(lexicon_phrase(r->lexicon, c, 0), wording[i].first_phrase);
        assert_int_equal(lexicon_phrase_count(r->lexicon, c), wording[i].phrase_count);
    }
    /* The weights are learned (make train) and change with the corpus: only their
     * ranges are documented, and that a model is there at all. */
    assert_in_range(r->base + 200, 0, 400);
    bool any_weight = false, any_term = false;
    for (int t = 0; t < TRAIT_COUNT; t++) {
        assert_in_range(r->weight[t] + 200, 0, 400);
        any_weight = any_weight || r->weight[t] != 0;
    }
    for (int i = 0; i < TERM_BUCKETS; i++) {
        assert_in_range(r->term_weight[i] + 2000, 0, 4000);
        any_term = any_term || r->term_weight[i] != 0;
    }
    assert_true(any_weight);
    assert_true(any_term);
    /* Quoted in the file with its space, which folding must keep: not "dialog". */
    assert_string_equal(lexicon_phrase(r->lexicon, LEX_CALL, 13), "dial ");
    config_free(&cfg);
}

static char *read_file(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *data = malloc(65536);
    *length = data != NULL ? fread(data, 1, 65535, f) : 0;
    fclose(f);
    return data;
}

/* Loaded over a config unlike the defaults, the shipped file must give the defaults
 * back: it then sets every setting and every phrase list, each to its default. */
static void shipped_file_sets_every_setting_to_its_default(void **state)
{
    (void)state;
    size_t length = 0;
    char *yaml = read_file(SHIPPED_CONFIG, &length);
    if (yaml == NULL)
        fail_msg("cannot read %s: run the test from the repository root", SHIPPED_CONFIG);
    Config cfg, want;
    char err[256];
    config_unusual(&cfg);
    assert_int_equal(config_default(&want), 0);
    int rc = config_load_buffer(yaml, length, SHIPPED_CONFIG, &cfg, err, sizeof err);
    free(yaml);
    if (rc != 0)
        fail_msg("%s", err);
    assert_config_equal(&cfg, &want);
    config_free(&cfg);
    config_free(&want);
}

/* The built-in defaults are the file itself, not a copy that could fall behind. */
static void built_in_defaults_are_the_shipped_file(void **state)
{
    (void)state;
    size_t length = 0;
    char *yaml = read_file(SHIPPED_CONFIG, &length);
    if (yaml == NULL)
        fail_msg("cannot read %s: run the test from the repository root", SHIPPED_CONFIG);
    assert_int_equal(omamori_default_config_length, length);
    assert_memory_equal(omamori_default_config, yaml, length);
    assert_int_equal(omamori_default_config[length], '\0');
    free(yaml);

    /* And it loads into an empty Config without a message. */
    Config cfg;
    char err[256] = "";
    memset(&cfg, 0, sizeof cfg);
    assert_int_equal(config_load_buffer(omamori_default_config, omamori_default_config_length,
                                        "built-in", &cfg, err, sizeof err),
                     0);
    assert_string_equal(err, "");
    config_free(&cfg);
}

static void empty_or_comment_only_file_changes_nothing(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "", "# nothing\n", "\n\n", "---\n", "watch:\n  # poll_ms: 100\nui:\n", "{}",
        "scoring:\n  weights:\nphrases:\n", "scoring:\n  weights: {}\n",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        Config cfg, want;
        char err[256];
        config_unusual(&cfg);
        config_unusual(&want);
        const Lexicon *before = cfg.rules.lexicon;
        if (load(inputs[i], &cfg, err, sizeof err) != 0)
            fail_msg("input %zu: %s", i, err);
        assert_config_equal(&cfg, &want);
        assert_ptr_equal(cfg.rules.lexicon, before); /* no list given: nothing rebuilt */
        config_free(&cfg);
        config_free(&want);
    }
}

typedef struct GoodCase {
    const char *yaml;
    int poll_ms, auto_end_seconds, close_timeout_ms, alert, watch;
    const char *language;
} GoodCase;

/* Each case starts from config_default(); SAME in a column means "unchanged". */
#define SAME (-99)
static const GoodCase GOOD[] = {
    { "watch:\n  poll_ms: 50\n", 50, SAME, SAME, SAME, SAME, NULL },
    { "watch:\n  poll_ms: 60000\n", 60000, SAME, SAME, SAME, SAME, NULL },
    { "watch: {poll_ms: \"250\"}\n", 250, SAME, SAME, SAME, SAME, NULL },
    { "response:\n  auto_end_seconds: 0\n", SAME, 0, SAME, SAME, SAME, NULL },
    { "response:\n  auto_end_seconds: 3600\n", SAME, 3600, SAME, SAME, SAME, NULL },
    { "response:\n  auto_end_seconds: 30\n  close_timeout_ms: 100\n", SAME, 30, 100, SAME, SAME,
      NULL },
    { "response:\n  auto_end_seconds: OFF\n", SAME, CONFIG_AUTO_END_OFF, SAME, SAME, SAME, NULL },
    { "response:\n  close_timeout_ms: 60000 # a minute\n", SAME, SAME, 60000, SAME, SAME, NULL },
    { "ui:\n  language: ja\n", SAME, SAME, SAME, SAME, SAME, "ja" },
    { "ui:\n  language: 'EN'\n", SAME, SAME, SAME, SAME, SAME, "en" },
    { "ui:\n  language: Auto\n", SAME, SAME, SAME, SAME, SAME, "auto" },
    { "scoring:\n  alert_threshold: 100\n  watch_threshold: 99\n", SAME, SAME, SAME, 100, 99,
      NULL },
    { "scoring:\n  watch_threshold: 1\n  alert_threshold: 2\n", SAME, SAME, SAME, 2, 1, NULL },
    { "\xEF\xBB\xBFwatch:\n  poll_ms: 0100\n", 100, SAME, SAME, SAME, SAME, NULL },
};

/* config_default(), with a language other than the one the case sets. */
static void config_for_case(Config *cfg, const GoodCase *c)
{
    assert_int_equal(config_default(cfg), 0);
    bool ja = c->language != NULL && strcmp(c->language, "ja") == 0;
    snprintf(cfg->language, sizeof cfg->language, "%s", ja ? "en" : "ja");
}

static void valid_settings_are_applied(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof GOOD / sizeof GOOD[0]; i++) {
        const GoodCase *c = &GOOD[i];
        Config cfg, want;
        char err[256];
        /* Start from another language, so a case setting one proves it changed. */
        config_for_case(&cfg, c);
        config_for_case(&want, c);
        if (c->poll_ms != SAME)
            want.poll_ms = c->poll_ms;
        if (c->auto_end_seconds != SAME)
            want.auto_end_seconds = c->auto_end_seconds;
        if (c->close_timeout_ms != SAME)
            want.close_timeout_ms = c->close_timeout_ms;
        if (c->alert != SAME)
            want.rules.alert_threshold = c->alert;
        if (c->watch != SAME)
            want.rules.watch_threshold = c->watch;
        if (c->language != NULL)
            snprintf(want.language, sizeof want.language, "%s", c->language);
        if (load(c->yaml, &cfg, err, sizeof err) != 0)
            fail_msg("case %zu: %s", i, err);
        assert_config_equal(&cfg, &want);
        config_free(&cfg);
        config_free(&want);
    }
}

/* true and false in any ASCII case, quoted or not; the rest of the Config stays. */
static void journal_redact_titles_is_read(void **state)
{
    (void)state;
    static const struct {
        const char *yaml;
        bool start, want;
    } cases[] = {
        { "journal:\n  redact_titles: true\n", false, true },
        { "journal:\n  redact_titles: TRUE\n", false, true },
        { "journal: {redact_titles: \"false\"}\n", true, false },
        { "journal:\n  redact_titles: False # keep titles\n", true, false },
        { "journal: {}\n", true, true },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Config cfg, want;
        char err[256];
        assert_int_equal(config_default(&cfg), 0);
        assert_int_equal(config_default(&want), 0);
        cfg.journal_redact_titles = cases[i].start;
        want.journal_redact_titles = cases[i].want;
        if (load(cases[i].yaml, &cfg, err, sizeof err) != 0)
            fail_msg("case %zu: %s", i, err);
        assert_config_equal(&cfg, &want);
        config_free(&cfg);
        config_free(&want);
    }
}

typedef struct RuleCase {
    const char *yaml;
    size_t offset; /* of the int in Config that the case sets */
    int value;
} RuleCase;

#define RULE_AT(member) offsetof(Config, rules.member)

/* Each sets one number of the rules, at the edges of its range; the rest stays. */
static const RuleCase RULE_CASES[] = {
    { "scoring:\n  weights:\n    alarm.call: -200\n", RULE_AT(weight[TRAIT_SAID + LEX_CALL]), -200 },
    { "scoring:\n  weights: {brand: 200}\n", RULE_AT(weight[TRAIT_SAID + LEX_BRAND]), 200 },
    { "scoring:\n  weights:\n    about.scam: \"-30\"\n",
      RULE_AT(weight[TRAIT_SAID + LEX_ABOUT_SCAM]), -30 },
    { "scoring:\n  weights:\n    title.alarm.call: 123\n",
      RULE_AT(weight[TRAIT_TITLE + LEX_CALL]), 123 },
    { "scoring:\n  weights:\n    title.brand: -7\n", RULE_AT(weight[TRAIT_TITLE + LEX_BRAND]), -7 },
    { "scoring:\n  weights:\n    phone.jp_tollfree: 77\n",
      RULE_AT(weight[TRAIT_PHONE + PHONE_JP_TOLLFREE]), 77 },
    { "scoring:\n  weights:\n    phone.jp_navidial: -5\n",
      RULE_AT(weight[TRAIT_PHONE + PHONE_JP_NAVIDIAL]), -5 },
    { "scoring:\n  weights:\n    phone.in_title: 40\n", RULE_AT(weight[TRAIT_PHONE_IN_TITLE]), 40 },
    { "scoring:\n  weights:\n    phone.in_url: -200\n", RULE_AT(weight[TRAIT_PHONE_IN_URL]), -200 },
    { "scoring:\n  weights:\n    window.fullscreen: 0\n", RULE_AT(weight[TRAIT_FULLSCREEN]), 0 },
    { "scoring:\n  weights:\n    window.topmost: 9\n", RULE_AT(weight[TRAIT_TOPMOST]), 9 },
    { "scoring:\n  weights:\n    cursor.hidden: -1\n", RULE_AT(weight[TRAIT_CURSOR_HIDDEN]), -1 },
    { "scoring:\n  weights:\n    window.locked: 55\n", RULE_AT(weight[TRAIT_LOCKED]), 55 },
    { "scoring:\n  weights:\n    audio.loud: 33\n", RULE_AT(weight[TRAIT_AUDIO_LOUD]), 33 },
    { "scoring:\n  weights:\n    audio.alarm_screen: 66\n", RULE_AT(weight[TRAIT_ALARM_SCREEN]), 66 },
    { "scoring:\n  weights:\n    about.quoted: -99\n", RULE_AT(weight[TRAIT_QUOTED]), -99 },
    { "scoring:\n  weights:\n    title.code: 17\n", RULE_AT(weight[TRAIT_TITLE_CODE]), 17 },
    { "scoring:\n  base: -200\n", RULE_AT(base), -200 },
    { "scoring:\n  base: 200\n", RULE_AT(base), 200 },
    { "scoring: {base: \"0\"}\n", RULE_AT(base), 0 },
};

static int *int_at(Config *cfg, size_t offset)
{
    return (int *)(void *)((char *)cfg + offset);
}

static void rule_numbers_are_applied_and_nothing_else_changes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof RULE_CASES / sizeof RULE_CASES[0]; i++) {
        const RuleCase *c = &RULE_CASES[i];
        Config cfg, want;
        char err[256];
        assert_int_equal(config_default(&cfg), 0);
        assert_int_equal(config_default(&want), 0);
        *int_at(&want, c->offset) = c->value;
        const Lexicon *before = cfg.rules.lexicon;
        if (load(c->yaml, &cfg, err, sizeof err) != 0)
            fail_msg("case %zu: %s", i, err);
        assert_config_equal(&cfg, &want);
        assert_ptr_equal(cfg.rules.lexicon, before);
        config_free(&cfg);
        config_free(&want);
    }
}

/* The weight keys are the trait codes the reasons show (trait_code()), every one of
 * them, and each sets that trait's weight and no other. */
static void every_trait_code_is_a_weight_setting(void **state)
{
    (void)state;
    char yaml[128], err[256];
    for (int t = 0; t < TRAIT_COUNT; t++) {
        Config cfg, want;
        assert_int_equal(config_default(&cfg), 0);
        assert_int_equal(config_default(&want), 0);
        int value = t % 2 ? 150 - t : -150 + t;
        want.rules.weight[t] = value;
        snprintf(yaml, sizeof yaml, "scoring:\n  weights:\n    %s: %d\n", trait_code((Trait)t),
                 value);
        if (load(yaml, &cfg, err, sizeof err) != 0)
            fail_msg("trait %d (%s): %s", t, trait_code((Trait)t), err);
        assert_config_equal(&cfg, &want);
        config_free(&cfg);
        config_free(&want);
    }
}

static void assert_refused(const char *yaml, size_t length, const char *message, size_t i);

/*
 * "scoring:\n  terms: [\n" then count items, one a line ("    V,"; the last without
 * the comma), then "  ]\n": item k (1-based) is at line k + 2, column 5, and the
 * closing bracket at line count + 3, column 3. Item `odd` (1-based; 0: none) is
 * written as odd_text instead. Returns a heap string.
 */
static char *terms_yaml(size_t count, size_t odd, const char *odd_text)
{
    size_t size = 64 + count * 16 + (odd_text != NULL ? strlen(odd_text) : 0);
    char *yaml = malloc(size);
    assert_non_null(yaml);
    size_t used = (size_t)snprintf(yaml, size, "scoring:\n  terms: [\n");
    for (size_t k = 1; k <= count; k++) {
        const char *comma = k < count ? "," : "";
        if (k == odd)
            used += (size_t)snprintf(yaml + used, size - used, "    %s%s\n", odd_text, comma);
        else /* every value of the range, both ends included */
            used += (size_t)snprintf(yaml + used, size - used, "    %d%s\n",
                                     (int)((k * 37) % 4001) - 2000, comma);
    }
    snprintf(yaml + used, size - used, "  ]\n");
    return yaml;
}

/* All 2048 term weights are read, each into its bucket, and nothing else changes. */
static void term_weights_are_read_exactly(void **state)
{
    (void)state;
    Config cfg, want;
    char err[256];
    char *yaml = terms_yaml(TERM_BUCKETS, 0, NULL);
    config_unusual(&cfg);
    config_unusual(&want);
    for (size_t k = 1; k <= TERM_BUCKETS; k++)
        want.rules.term_weight[k - 1] = (int16_t)((int)((k * 37) % 4001) - 2000);
    assert_int_equal(want.rules.term_weight[0], 37 - 2000);
    if (load(yaml, &cfg, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_config_equal(&cfg, &want);
    free(yaml);

    /* The ends of the range, and quoted numbers, are whole numbers too. */
    int16_t formula = want.rules.term_weight[4];
    yaml = terms_yaml(TERM_BUCKETS, 5, "-2000");
    want.rules.term_weight[4] = -2000;
    if (load(yaml, &cfg, err, sizeof err) != 0)
        fail_msg("%s", err);
    free(yaml);
    assert_config_equal(&cfg, &want);
    yaml = terms_yaml(TERM_BUCKETS, TERM_BUCKETS, "\"2000\"");
    want.rules.term_weight[4] = formula; /* a list given replaces the whole list */
    want.rules.term_weight[TERM_BUCKETS - 1] = 2000;
    if (load(yaml, &cfg, err, sizeof err) != 0)
        fail_msg("%s", err);
    free(yaml);
    assert_config_equal(&cfg, &want);
    config_free(&cfg);
    config_free(&want);
}

static void term_weights_must_number_exactly_the_buckets(void **state)
{
    (void)state;
    char message[160];
    /* One too few: said at the closing bracket, line 2047 + 3. */
    char *yaml = terms_yaml(TERM_BUCKETS - 1, 0, NULL);
    assert_refused(yaml, strlen(yaml), "test.yaml:2050:3: scoring.terms has 2047 numbers; it needs 2048",
                   0);
    free(yaml);
    yaml = terms_yaml(1, 0, NULL);
    assert_refused(yaml, strlen(yaml), "test.yaml:4:3: scoring.terms has 1 numbers; it needs 2048", 0);
    free(yaml);
    /* One too many: said at the first item past the last bucket, line 2049 + 2. */
    yaml = terms_yaml(TERM_BUCKETS + 1, 0, NULL);
    snprintf(message, sizeof message,
             "test.yaml:2051:5: scoring.terms: item 2049 must be a whole number from -2000 to "
             "2000, and there are 2048 items");
    assert_refused(yaml, strlen(yaml), message, 0);
    free(yaml);
}

static void term_weights_out_of_range_or_not_numbers_are_refused(void **state)
{
    (void)state;
    static const struct {
        size_t item;
        const char *text;
    } cases[] = {
        {1, "2001"}, {2048, "-2001"}, {700, "99999999999999999999"}, {3, "x"}, {1000, "1.5"},
        {17, "0x10"}, {2, "''"}, {9, "[1]"}, {4, "{a: 1}"}, {5, "~"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char message[160];
        char *yaml = terms_yaml(TERM_BUCKETS, cases[i].item, cases[i].text);
        snprintf(message, sizeof message,
                 "test.yaml:%zu:5: scoring.terms: item %zu must be a whole number from -2000 to "
                 "2000",
                 cases[i].item + 2, cases[i].item);
        assert_refused(yaml, strlen(yaml), message, i);
        free(yaml);
    }
}

static void term_weights_given_twice_are_refused(void **state)
{
    (void)state;
    /* The first list is whole, so only the second key is wrong. */
    char *first = terms_yaml(TERM_BUCKETS, 0, NULL);
    size_t size = strlen(first) + 64;
    char *yaml = malloc(size);
    assert_non_null(yaml);
    snprintf(yaml, size, "%s  terms: []\n", first);
    assert_refused(yaml, strlen(yaml), "test.yaml:2052:3: scoring.terms is given twice", 0);
    free(first);
    free(yaml);
}

static void assert_phrases(const Config *cfg, LexCategory category, const char *const *want,
                           size_t count)
{
    assert_int_equal(lexicon_phrase_count(cfg->rules.lexicon, category), count);
    for (size_t i = 0; i < count; i++)
        assert_string_equal(lexicon_phrase(cfg->rules.lexicon, category, i), want[i]);
}

/* A list given replaces that list, folded as page text is; the other lists stay. */
static void phrase_lists_given_replace_only_those_lists(void **state)
{
    (void)state;
    Config cfg, defaults;
    char err[256];
    assert_int_equal(config_default(&cfg), 0);
    assert_int_equal(config_default(&defaults), 0);
    assert_int_equal(load("phrases:\n"
                          "  brand:\n"
                          "    - Ｃｏｎｔｏｓｏ\n"
                          "    - '  Dial\u3000 '\n" /* the ends keep one space */
                          "    - ﾏｲｸﾛｿﾌﾄ\n"
                          "    - W\u0456nd\u043Ews\n"
                          "  alarm.scan: []\n",
                          &cfg, err, sizeof err),
                     0);
    static const char *const brand[] = {"contoso", " dial ", "マイクロソフト", "windows"};
    assert_phrases(&cfg, LEX_BRAND, brand, 4);
    assert_phrases(&cfg, LEX_SCAN, NULL, 0);
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++) {
        if (c == LEX_BRAND || c == LEX_SCAN)
            continue;
        size_t n = lexicon_phrase_count(defaults.rules.lexicon, (LexCategory)c);
        assert_int_equal(lexicon_phrase_count(cfg.rules.lexicon, (LexCategory)c), n);
        for (size_t i = 0; i < n; i++)
            assert_string_equal(lexicon_phrase(cfg.rules.lexicon, (LexCategory)c, i),
                                lexicon_phrase(defaults.rules.lexicon, (LexCategory)c, i));
    }

    /* A later file that gives no list keeps the lists the Config holds now. */
    assert_int_equal(load("scoring:\n  weights:\n    brand: 12\n", &cfg, err, sizeof err), 0);
    assert_phrases(&cfg, LEX_BRAND, brand, 4);
    assert_int_equal(cfg.rules.weight[TRAIT_SAID + LEX_BRAND], 12);
    config_free(&cfg);
    config_free(&defaults);
}

typedef struct BadCase {
    const char *yaml;
    const char *message; /* the whole message must start with this */
} BadCase;

/* Each is loaded over config_unusual(). */
static const BadCase BAD[] = {
    { "watch:\n  pol_ms: 100\n", "test.yaml:2:3: unknown setting 'pol_ms' in section 'watch'" },
    { "watchh:\n  poll_ms: 100\n", "test.yaml:1:1: unknown section 'watchh'" },
    { "ui:\n  poll_ms: 100\n", "test.yaml:2:3: unknown setting 'poll_ms' in section 'ui'" },
    { "watch:\n  poll_ms: 49\n", "test.yaml:2:12: watch.poll_ms must be a whole number from 50 to 60000" },
    { "watch:\n  poll_ms: 60001\n", "test.yaml:2:12: watch.poll_ms must be" },
    { "watch:\n  poll_ms: 99999999999999999999\n", "test.yaml:2:12: watch.poll_ms must be" },
    { "watch:\n  poll_ms: -100\n", "test.yaml:2:12: watch.poll_ms must be" },
    { "watch:\n  poll_ms: 0x1F4\n", "test.yaml:2:12: watch.poll_ms must be" },
    { "watch:\n  poll_ms: 1_000\n", "test.yaml:2:12: watch.poll_ms must be" },
    { "watch:\n  poll_ms: 500ms\n", "test.yaml:2:12: watch.poll_ms must be" },
    { "watch:\n  poll_ms:\n", "test.yaml:2:11: watch.poll_ms must be" },
    { "watch:\n  poll_ms: [1]\n", "test.yaml:2:12: watch.poll_ms must be a single value" },
    { "response:\n  auto_end_seconds: 3601\n",
      "test.yaml:2:21: response.auto_end_seconds must be off or a whole number from 0 to 3600" },
    { "response:\n  auto_end_seconds: no\n", "test.yaml:2:21: response.auto_end_seconds must be off" },
    { "response:\n  close_timeout_ms: 99\n",
      "test.yaml:2:21: response.close_timeout_ms must be a whole number from 100 to 60000" },
    { "ui:\n  language: fr\n", "test.yaml:2:13: ui.language must be auto, ja or en" },
    { "journal:\n  redact_titles: yes\n", "test.yaml:2:18: journal.redact_titles must be true or false" },
    { "journal:\n  redact_titles: 1\n", "test.yaml:2:18: journal.redact_titles must be true or false" },
    { "journal:\n  redact_title: true\n",
      "test.yaml:2:3: unknown setting 'redact_title' in section 'journal'" },
    { "ui:\n  language: jap\n", "test.yaml:2:13: ui.language must be" },
    { "ui:\n  language: \"ja\\0\"\n", "test.yaml:2:13: ui.language must be" },
    { "response:\n  auto_end_seconds: \"off\\0x\"\n", "test.yaml:2:21: response.auto_end_seconds" },
    { "scoring:\n  alert_threshold: 0\n", "test.yaml:2:20: scoring.alert_threshold must be a whole number from 1 to 100" },
    { "scoring:\n  watch_threshold: 101\n", "test.yaml:2:20: scoring.watch_threshold must be" },
    { "scoring:\n  watch_threshold: 20\n  alert_threshold: 20\n",
      "test.yaml:2:20: scoring.watch_threshold (20) must be below scoring.alert_threshold (20)" },
    { "scoring:\n  alert_threshold: 10\n", /* config_unusual()'s watch_threshold is 11 */
      "test.yaml:2:20: scoring.watch_threshold (11) must be below scoring.alert_threshold (10)" },
    /* weights by trait code, base and terms */
    { "scoring:\n  weights:\n    alarm.call: 201\n",
      "test.yaml:3:17: scoring.weights.alarm.call must be a whole number from -200 to 200" },
    { "scoring:\n  weights:\n    brand: -201\n", "test.yaml:3:12: scoring.weights.brand must be" },
    { "scoring:\n  weights:\n    brand: 1.5\n", "test.yaml:3:12: scoring.weights.brand must be" },
    { "scoring:\n  weights:\n    title.alarm.call: 999\n",
      "test.yaml:3:23: scoring.weights.title.alarm.call must be a whole number from -200 to 200" },
    { "scoring:\n  weights:\n    phone.jp_tollfree: x\n",
      "test.yaml:3:24: scoring.weights.phone.jp_tollfree must be a whole number" },
    { "scoring:\n  weights:\n    window.locked: [1]\n",
      "test.yaml:3:20: scoring.weights.window.locked must be a single value" },
    { "scoring:\n  weights:\n    alarm.cal: 5\n",
      "test.yaml:3:5: unknown setting 'alarm.cal' in section 'scoring.weights'" },
    { "scoring:\n  weights:\n    title.alarm.cal: 5\n",
      "test.yaml:3:5: unknown setting 'title.alarm.cal' in section 'scoring.weights'" },
    { "scoring:\n  weights:\n    phone.mobile: 5\n",
      "test.yaml:3:5: unknown setting 'phone.mobile' in section 'scoring.weights'" },
    /* phone classes were once named alone, in a section of their own */
    { "scoring:\n  weights:\n    jp_tollfree: 5\n",
      "test.yaml:3:5: unknown setting 'jp_tollfree' in section 'scoring.weights'" },
    { "scoring:\n  weights:\n    title.phone.jp_tollfree: 5\n",
      "test.yaml:3:5: unknown setting 'title.phone.jp_tollfree' in section 'scoring.weights'" },
    { "scoring:\n  weights:\n    wording.terms: 5\n",
      "test.yaml:3:5: unknown setting 'wording.terms' in section 'scoring.weights'" },
    { "scoring:\n  weights: 5\n", "test.yaml:2:12: section 'scoring.weights' must hold settings" },
    { "scoring:\n  weights: {}\n  weights: {}\n", "test.yaml:3:3: section 'scoring.weights' is given twice" },
    { "scoring:\n  weights: {brand: 1, brand: 2}\n", "test.yaml:2:23: scoring.weights.brand is given twice" },
    { "scoring:\n  base: 201\n", "test.yaml:2:9: scoring.base must be a whole number from -200 to 200" },
    { "scoring:\n  base: -201\n", "test.yaml:2:9: scoring.base must be" },
    { "scoring:\n  base: 1e2\n", "test.yaml:2:9: scoring.base must be" },
    { "scoring:\n  base: 1\n  base: 2\n", "test.yaml:3:3: scoring.base is given twice" },
    { "scoring:\n  terms: 5\n", "test.yaml:2:10: scoring.terms must be a list of 2048 numbers" },
    { "scoring:\n  terms: {a: 1}\n", "test.yaml:2:10: scoring.terms must be a list of 2048 numbers" },
    { "scoring:\n  terms:\n", "test.yaml:2:9: scoring.terms must be a list of 2048 numbers" },
    { "scoring:\n  terms: []\n", "test.yaml:2:11: scoring.terms has 0 numbers; it needs 2048" },
    { "scoring:\n  terms: [1, x]\n",
      "test.yaml:2:14: scoring.terms: item 2 must be a whole number from -2000 to 2000" },
    { "scoring:\n  terms: [[1]]\n", "test.yaml:2:11: scoring.terms: item 1 must be a whole number" },
    { "scoring:\n  terms: [\"1\\0\"]\n", "test.yaml:2:11: scoring.terms: item 1 must be" },
    { "scoring:\n  terms: [2001]\n", "test.yaml:2:11: scoring.terms: item 1 must be" },
    { "scoring:\n  terms: [-2001]\n", "test.yaml:2:11: scoring.terms: item 1 must be" },
    { "scoring:\n  weights:\n    terms: 5\n",
      "test.yaml:3:5: unknown setting 'terms' in section 'scoring.weights'" },
    /* the sections and settings of the scorer before it was learned are gone */
    { "scoring:\n  caps:\n    wording: 10\n", "test.yaml:2:3: unknown setting 'caps' in section 'scoring'" },
    { "scoring:\n  alarm_signs_min: 2\n",
      "test.yaml:2:3: unknown setting 'alarm_signs_min' in section 'scoring'" },
    { "phone:\n  weights:\n    jp_tollfree: 15\n", "test.yaml:1:1: unknown section 'phone'" },
    { "phone:\n  in_title: 15\n", "test.yaml:1:1: unknown section 'phone'" },
    /* phrase lists */
    { "phrases:\n  brand: microsoft\n", "test.yaml:2:10: phrases.brand must be a list of phrases ([] for none)" },
    { "phrases:\n  brand:\n", "test.yaml:2:9: phrases.brand must be a list of phrases" },
    { "phrases:\n  brand: {a: 1}\n", "test.yaml:2:10: phrases.brand must be a list of phrases" },
    { "phrases:\n  brand: [[a]]\n", "test.yaml:2:11: phrases.brand: each phrase must be a single text" },
    { "phrases:\n  brand: [ok, '']\n", "test.yaml:2:15: phrases.brand: a phrase must not be empty" },
    { "phrases:\n  brand: [\"\\u200b \\t\"]\n", "test.yaml:2:11: phrases.brand: a phrase must not be empty" },
    { "phrases:\n  brand: [\"a\\0b\"]\n", "test.yaml:2:11: phrases.brand: a phrase must not hold a NUL" },
    { "phrases:\n  brnd: [a]\n", "test.yaml:2:3: unknown phrase list 'brnd' in section 'phrases'" },
    { "phrases:\n  brand: [a]\n  brand: [b]\n", "test.yaml:3:3: phrases.brand is given twice" },
    { "phrases: [a]\n", "test.yaml:1:10: section 'phrases' must hold phrase lists as 'name: [phrases]'" },
    { "phrases:\n  [a]: [b]\n", "test.yaml:2:3: a phrase list's name must be a plain word" },
    { "phrases:\n  brand: &b [a]\n", "test.yaml:2:10: anchors (&name) are not supported" },
    /* remote_control */
    { "remote_control:\n  window_minutes: 1441\n",
      "test.yaml:2:19: remote_control.window_minutes must be a whole number from 0 to 1440" },
    { "remote_control:\n  window_minutes: -1\n", "test.yaml:2:19: remote_control.window_minutes" },
    { "remote_control:\n  images: anydesk.exe\n",
      "test.yaml:2:11: remote_control.images must be a list of file names ([] for none)" },
    { "remote_control:\n  images:\n", "test.yaml:2:10: remote_control.images must be a list" },
    { "remote_control:\n  images:\n    - anydesk.exe\n    - C:\\Tools\\x.exe\n",
      "test.yaml:4:7: remote_control.images: give the program's file name (anydesk.exe), not a path" },
    { "remote_control:\n  images: [tools/x.exe]\n", "test.yaml:2:12: remote_control.images: give" },
    { "remote_control:\n  images: [ok.exe, '']\n",
      "test.yaml:2:20: remote_control.images: a name must not be empty" },
    { "remote_control:\n  images: [\"a\\0b.exe\"]\n",
      "test.yaml:2:12: remote_control.images: a name must not hold a NUL" },
    { "remote_control:\n  images: ['*.exe']\n",
      "test.yaml:2:12: remote_control.images: a name may hold one '*', after its first three" },
    { "remote_control:\n  images: [ab*.exe]\n", "test.yaml:2:12: remote_control.images: a name may" },
    { "remote_control:\n  images: [abc*d*.exe]\n", "test.yaml:2:12: remote_control.images: a name may" },
    { "remote_control:\n  images: [[a.exe]]\n",
      "test.yaml:2:12: remote_control.images: each entry must be a file name or {file: NAME, name: PRODUCT}" },
    { "remote_control:\n  images: [{name: AnyDesk}]\n",
      "test.yaml:2:26: remote_control.images: an entry given as a mapping needs its 'file'" },
    { "remote_control:\n  images: [{file: a.exe, path: C:/a.exe}]\n",
      "test.yaml:2:26: remote_control.images: an entry's keys are 'file' and 'name'" },
    { "remote_control:\n  images: [{file: a.exe, file: b.exe}]\n",
      "test.yaml:2:26: remote_control.images: an entry gives the same key twice" },
    { "remote_control:\n  images: [{file: C:/a.exe, name: A}]\n",
      "test.yaml:2:19: remote_control.images: give the program's file name" },
    { "remote_control:\n  images: [{file: a.exe, name: ''}]\n",
      "test.yaml:2:32: remote_control.images: a product name must not be empty" },
    { "remote_control:\n  images: [{file: a.exe, name: \"A\\tB\"}]\n",
      "test.yaml:2:32: remote_control.images: a product name must not hold a control character" },
    { "remote_control:\n  images: [{file: a.exe, name: [A]}]\n",
      "test.yaml:2:32: remote_control.images: 'file' and 'name' must each be a single text" },
    { "remote_control:\n  images: [a.exe]\n  images: [b.exe]\n",
      "test.yaml:3:3: remote_control.images is given twice" },
    { "remote_control:\n  image: [a.exe]\n",
      "test.yaml:2:3: unknown setting 'image' in section 'remote_control'" },
    { "remote_control: [a.exe]\n", "test.yaml:1:17: section 'remote_control' must hold settings" },
    /* the file as a whole */
    { "watch:\n  poll_ms: 100\n  poll_ms: 200\n", "test.yaml:3:3: watch.poll_ms is given twice" },
    { "ui: {}\nui: {}\n", "test.yaml:2:1: section 'ui' is given twice" },
    { "watch: 5\n", "test.yaml:1:8: section 'watch' must hold settings" },
    { "- watch\n", "test.yaml:1:1: expected sections" },
    { "just text\n", "test.yaml:1:1: expected sections" },
    { "weights:\n  brand: 5\n", "test.yaml:1:1: unknown section 'weights'" },
    { "watch:\n\tpoll_ms: 100\n", "test.yaml:2:1: found character that cannot start any token" },
    { "watch:\n  poll_ms: 100\n poll_ms: 1\n", "test.yaml:3:" },
    { "ui:\n  language: \"ja\n", "test.yaml:3:1: found unexpected end of stream" },
    { "watch:\n  poll_ms: &p 100\n", "test.yaml:2:12: anchors (&name) are not supported" },
    { "watch: &w\n  poll_ms: 100\nui: *w\n", "test.yaml:1:8: anchors" },
    { "watch:\n  poll_ms: !!int 100\n", "test.yaml:2:12: tags (!name) are not supported" },
    { "watch: {}\n---\nui: {}\n", "test.yaml:2:1: only one YAML document is allowed" },
    { "watch:\n  poll_ms: 100\n\x01\n", "test.yaml:3:1: control characters are not allowed" },
    { "ui:\n  language: \"\xE3\x81\x82\xFF\"\n", "test.yaml:2:15: invalid" },
    { "? [a]\n: 1\n", "test.yaml:1:3: a section's name must be a plain word" },
};

/* Checks one refused input: the message, and *cfg as it was, lexicon and all. */
static void assert_refused(const char *yaml, size_t length, const char *message, size_t i)
{
    Config cfg, want;
    char err[256];
    config_unusual(&cfg);
    config_unusual(&want);
    const Lexicon *before = cfg.rules.lexicon;
    if (config_load_buffer(yaml, length, "test.yaml", &cfg, err, sizeof err) != -1)
        fail_msg("case %zu was accepted: [%s]", i, yaml);
    if (strncmp(err, message, strlen(message)) != 0)
        fail_msg("case %zu: got [%s], want [%s...]", i, err, message);
    assert_config_equal(&cfg, &want);
    assert_ptr_equal(cfg.rules.lexicon, before);
    config_free(&cfg);
    config_free(&want);
}

static void errors_give_place_and_leave_config_untouched(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++)
        assert_refused(BAD[i].yaml, strlen(BAD[i].yaml), BAD[i].message, i);
}

static void phrase_longer_than_the_limit_is_refused(void **state)
{
    (void)state;
    char yaml[LEXICON_PHRASE_MAX + 64];
    /* Full-width letters fold to one byte each: the limit is on the folded phrase. */
    int n = snprintf(yaml, sizeof yaml, "phrases:\n  support:\n    - ");
    memset(yaml + n, 'a', LEXICON_PHRASE_MAX + 1);
    snprintf(yaml + n + LEXICON_PHRASE_MAX + 1, sizeof yaml - (size_t)n - LEXICON_PHRASE_MAX - 1,
             "\n");
    assert_refused(yaml, strlen(yaml),
                   "test.yaml:3:7: phrases.support: a phrase must not be longer than 200 bytes", 0);

    yaml[n + LEXICON_PHRASE_MAX] = '\n'; /* one byte shorter: the most allowed */
    yaml[n + LEXICON_PHRASE_MAX + 1] = '\0';
    Config cfg;
    char err[256];
    assert_int_equal(config_default(&cfg), 0);
    if (load(yaml, &cfg, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(strlen(lexicon_phrase(cfg.rules.lexicon, LEX_SUPPORT, 0)), LEXICON_PHRASE_MAX);
    config_free(&cfg);
}

/* The good lines are read before the bad one: none of them may be kept, lists included. */
static void error_late_in_file_discards_earlier_settings(void **state)
{
    (void)state;
    Config cfg, want;
    char err[256];
    config_unusual(&cfg);
    config_unusual(&want);
    const Lexicon *before = cfg.rules.lexicon;
    assert_int_equal(load("watch:\n  poll_ms: 100\nui:\n  language: ja\n"
                          "phrases:\n  brand: [contoso]\nscoring:\n"
                          "  alert_threshold: 70\n  weights:\n    brand: 30\n  typo: 1\n",
                          &cfg, err, sizeof err),
                     -1);
    assert_string_equal(err, "test.yaml:11:3: unknown setting 'typo' in section 'scoring'");
    assert_config_equal(&cfg, &want);
    assert_ptr_equal(cfg.rules.lexicon, before);
    config_free(&cfg);
    config_free(&want);
}

static void long_or_odd_key_is_quoted_safely(void **state)
{
    (void)state;
    Config cfg;
    char err[256];
    assert_int_equal(config_default(&cfg), 0);
    assert_int_equal(load("\"a\\tb\\nc\": 1\n", &cfg, err, sizeof err), -1);
    assert_string_equal(err, "test.yaml:1:1: unknown section 'a?b?c' (the sections are watch, "
                             "response, ui, journal, scoring, remote_control and "
                             "phrases)");
    /* 20 three-byte characters: cut to whole characters, then "...". */
    assert_int_equal(load("ああああああああああああああああああああ: 1\n", &cfg, err, sizeof err), -1);
    assert_non_null(strstr(err, "'ああああああああああああああ...'"));
    config_free(&cfg);
}

static void tab_indent_error_says_to_use_spaces(void **state)
{
    (void)state;
    Config cfg;
    char err[256];
    assert_int_equal(config_default(&cfg), 0);
    assert_int_equal(load("watch:\n\tpoll_ms: 100\n", &cfg, err, sizeof err), -1);
    assert_non_null(strstr(err, "indent with spaces, not tabs"));
    /* Not said for other syntax errors. */
    assert_int_equal(load("ui:\n  language: \"ja\n", &cfg, err, sizeof err), -1);
    assert_null(strstr(err, "tabs"));
    config_free(&cfg);
}

static void short_error_buffer_is_still_terminated(void **state)
{
    (void)state;
    Config cfg;
    char err[10];
    memset(err, 'X', sizeof err);
    assert_int_equal(config_default(&cfg), 0);
    assert_int_equal(load("nope: 1\n", &cfg, err, sizeof err), -1);
    assert_string_equal(err, "test.yaml");
    assert_int_equal(load("nope: 1\n", &cfg, NULL, 0), -1);
    config_free(&cfg);
}

static void missing_name_still_gives_a_place(void **state)
{
    (void)state;
    Config cfg;
    char err[256];
    assert_int_equal(config_default(&cfg), 0);
    assert_int_equal(config_load_buffer("x: 1", 4, NULL, &cfg, err, sizeof err), -1);
    assert_true(strncmp(err, "config:1:1: ", 12) == 0);
    config_free(&cfg);
}

static void remote_control_defaults_are_the_documented_ones(void **state)
{
    (void)state;
    Config cfg;
    assert_int_equal(config_default(&cfg), 0);
    assert_int_equal(cfg.remote_control.window_minutes, 30);
    assert_int_equal(cfg.remote_control.image_count, 17);
    assert_string_equal(cfg.remote_control.images[0], "anydesk.exe");
    assert_string_equal(cfg.remote_control.images[1], "teamviewer.exe");
    assert_string_equal(cfg.remote_control.images[16], "hoptodesk.exe");
    config_free(&cfg);
}

/* A list given replaces the whole default list; the window is read on its own. */
static void remote_control_list_given_replaces_the_default(void **state)
{
    (void)state;
    Config cfg;
    char err[256];
    assert_int_equal(config_default(&cfg), 0);
    if (load("remote_control:\n  images:\n    - Helper.exe\n    - 'desk*.exe'\n", &cfg, err,
             sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(cfg.remote_control.image_count, 2);
    assert_string_equal(cfg.remote_control.images[0], "Helper.exe");
    assert_string_equal(cfg.remote_control.images[1], "desk*.exe");
    assert_int_equal(cfg.remote_control.window_minutes, 30); /* not given: kept */

    if (load("remote_control:\n  window_minutes: 0\n", &cfg, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(cfg.remote_control.window_minutes, 0);
    assert_int_equal(cfg.remote_control.image_count, 2); /* not given: kept */

    if (load("remote_control:\n  images: []\n", &cfg, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(cfg.remote_control.image_count, 0);
    config_free(&cfg);
}

/* The most names the list holds, and the longest name; one more of either is refused. */
static void remote_control_list_limits(void **state)
{
    (void)state;
    char yaml[CONFIG_REMOTE_IMAGES_MAX * 16 + 256];
    char name[CONFIG_IMAGE_NAME_SIZE + 1];
    Config cfg;
    char err[256];
    size_t used = (size_t)snprintf(yaml, sizeof yaml, "remote_control:\n  images:\n");
    for (int i = 0; i < CONFIG_REMOTE_IMAGES_MAX; i++)
        used += (size_t)snprintf(yaml + used, sizeof yaml - used, "    - t%d.exe\n", i);
    assert_int_equal(config_default(&cfg), 0);
    if (load(yaml, &cfg, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(cfg.remote_control.image_count, CONFIG_REMOTE_IMAGES_MAX);
    config_free(&cfg);
    snprintf(yaml + used, sizeof yaml - used, "    - one-more.exe\n");
    assert_refused(yaml, strlen(yaml),
                   "test.yaml:67:7: remote_control.images: too many names (at most 64)", 0);

    memset(name, 'n', CONFIG_IMAGE_NAME_SIZE - 1);
    name[CONFIG_IMAGE_NAME_SIZE - 1] = '\0';
    snprintf(yaml, sizeof yaml, "remote_control:\n  images: [%s]\n", name);
    assert_int_equal(config_default(&cfg), 0);
    if (load(yaml, &cfg, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_string_equal(cfg.remote_control.images[0], name);
    config_free(&cfg);
    name[CONFIG_IMAGE_NAME_SIZE - 1] = 'n';
    name[CONFIG_IMAGE_NAME_SIZE] = '\0';
    snprintf(yaml, sizeof yaml, "remote_control:\n  images: [%s]\n", name);
    assert_refused(yaml, strlen(yaml), "test.yaml:2:12: remote_control.images: a name is too long",
                   0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_are_in_range_and_consistent),
        cmocka_unit_test(built_in_defaults_have_the_documented_values),
        cmocka_unit_test(built_in_defaults_are_the_shipped_file),
        cmocka_unit_test(journal_redact_titles_is_read),
        cmocka_unit_test(shipped_file_sets_every_setting_to_its_default),
        cmocka_unit_test(empty_or_comment_only_file_changes_nothing),
        cmocka_unit_test(valid_settings_are_applied),
        cmocka_unit_test(rule_numbers_are_applied_and_nothing_else_changes),
        cmocka_unit_test(every_trait_code_is_a_weight_setting),
        cmocka_unit_test(term_weights_are_read_exactly),
        cmocka_unit_test(term_weights_must_number_exactly_the_buckets),
        cmocka_unit_test(term_weights_out_of_range_or_not_numbers_are_refused),
        cmocka_unit_test(term_weights_given_twice_are_refused),
        cmocka_unit_test(phrase_lists_given_replace_only_those_lists),
        cmocka_unit_test(errors_give_place_and_leave_config_untouched),
        cmocka_unit_test(phrase_longer_than_the_limit_is_refused),
        cmocka_unit_test(error_late_in_file_discards_earlier_settings),
        cmocka_unit_test(long_or_odd_key_is_quoted_safely),
        cmocka_unit_test(tab_indent_error_says_to_use_spaces),
        cmocka_unit_test(short_error_buffer_is_still_terminated),
        cmocka_unit_test(missing_name_still_gives_a_place),
        cmocka_unit_test(remote_control_defaults_are_the_documented_ones),
        cmocka_unit_test(remote_control_list_given_replaces_the_default),
        cmocka_unit_test(remote_control_list_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
