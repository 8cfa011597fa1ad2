/*
 * test_score.c - the verdict, in two parts.
 *
 * The arithmetic, with rules built here (the built-in lexicon, then base, weights and
 * term weights set explicitly): the score is base + the reasons' weights, clamped to
 * 0..100; reasons come strongest first; a trait weighing 0 gives no reason; past
 * VERDICT_MAX_REASONS the weakest are merged into "other.signs"; the hashed terms are
 * one reason, "wording.terms"; the combined traits (title.*, window.locked,
 * audio.alarm_screen, text.none) fire only when they should; thresholds, weights and
 * phrases are the rules'.
 *
 * The behaviour, with the built-in rules, whose weights are LEARNED (make train) and
 * change as the corpus grows: no test here pins a learned weight or score, only what
 * any sensible model must do (a fake alert alerts; a video, a game, a company's
 * contact page do not).
 *
 * Observations are built directly with string literals: never observation_free'd.
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
#include "score.h"
#include "traits.h"

/* The built-in rules (config/omamori.yaml, learned), loaded once for the whole group. */
static Config learned;
/* The built-in lexicon with every trait worth 1 point, no base and no term weights:
   every trait the window shows is a reason, so the tests can see which ones fire. */
static Config every;

static Observation browser_window(const char *title)
{
    Observation obs;
    observation_init(&obs);
    obs.title = (char *)title;
    obs.exe = (char *)"chrome.exe";
    obs.window_class = (char *)"Chrome_WidgetWin_1";
    return obs;
}

static Verdict judge_with(const Config *cfg, const Observation *obs)
{
    Verdict v;
    score_observation(&cfg->rules, obs, &v);
    return v;
}

static Verdict judge(const Observation *obs)
{
    return judge_with(&learned, obs);
}

/* The built-in lexicon and thresholds 60/30, with no base, no weights, no terms. */
static void blank_rules(Config *cfg)
{
    assert_int_equal(config_default(cfg), 0);
    cfg->rules.alert_threshold = 60;
    cfg->rules.watch_threshold = 30;
    cfg->rules.base = 0;
    memset(cfg->rules.weight, 0, sizeof cfg->rules.weight);
    memset(cfg->rules.term_weight, 0, sizeof cfg->rules.term_weight);
}

/* The defaults with a user's YAML read over them; the caller frees with config_free. */
static void rules_with(Config *cfg, const char *yaml)
{
    char err[256];
    assert_int_equal(config_default(cfg), 0);
    if (config_load_buffer(yaml, strlen(yaml), "user.yaml", cfg, err, sizeof err) != 0)
        fail_msg("%s", err);
}

static const Reason *find_reason(const Verdict *v, const char *trait)
{
    for (size_t i = 0; i < v->reason_count; i++)
        if (strcmp(v->reasons[i].trait, trait) == 0)
            return &v->reasons[i];
    return NULL;
}

static int clamp100(int x)
{
    return x < 0 ? 0 : x > 100 ? 100 : x;
}

/* base + the reasons, before clamping. */
static int unclamped_score(const ScoreRules *rules, const Verdict *v)
{
    int sum = rules->base;
    for (size_t i = 0; i < v->reason_count; i++)
        sum += v->reasons[i].weight;
    return sum;
}

/* Every point is explained: no zero reasons, strongest first (but "other.signs", the
   weakest merged, which comes last whatever its sum), base + reasons = score, and the
   verdict is the thresholds'. */
static void assert_reasons_explain_score(const ScoreRules *rules, const Verdict *v)
{
    assert_true(v->reason_count <= VERDICT_MAX_REASONS);
    for (size_t i = 0; i < v->reason_count; i++) {
        bool other = strcmp(v->reasons[i].trait, "other.signs") == 0;
        if (other) {
            assert_int_equal(i, VERDICT_MAX_REASONS - 1);
            continue;
        }
        assert_int_not_equal(v->reasons[i].weight, 0);
        if (i > 0)
            assert_true(abs(v->reasons[i - 1].weight) >= abs(v->reasons[i].weight));
    }
    assert_int_equal(v->score, clamp100(unclamped_score(rules, v)));
    VerdictKind kind = v->score >= rules->alert_threshold   ? VERDICT_ALERT
                       : v->score >= rules->watch_threshold ? VERDICT_WATCH
                                                            : VERDICT_CLEAN;
    assert_int_equal(v->kind, kind);
}

/* Loud and steady, not repeating: 10 s of 100 ms peaks around 0.6. */
static float loud_peaks[100];
static float quiet_peaks[100];
/* 60 s of a two-tone alarm repeating every second, as a kit (or an alarm clock) plays. */
#define ALARM_PEAKS 600
static float alarm_peaks[ALARM_PEAKS];

static Observation with_alarm(Observation obs)
{
    obs.audio_playing = TRISTATE_YES;
    obs.audio_peaks = alarm_peaks;
    obs.audio_peak_count = ALARM_PEAKS;
    return obs;
}

static Observation with_loud_sound(Observation obs)
{
    obs.audio_playing = TRISTATE_YES;
    obs.audio_peaks = loud_peaks;
    obs.audio_peak_count = 100;
    return obs;
}

static int setup_group(void **state)
{
    (void)state;
    for (size_t i = 0; i < 100; i++) {
        loud_peaks[i] = (i % 5 == 4) ? 0.05f : 0.6f;
        quiet_peaks[i] = 0.05f;
    }
    for (size_t i = 0; i < ALARM_PEAKS; i++)
        alarm_peaks[i] = (i % 10 < 6) ? 0.8f : 0.4f;
    if (config_default(&learned) != 0 || config_default(&every) != 0)
        return -1;
    every.rules.base = 0;
    for (int t = 0; t < TRAIT_COUNT; t++)
        every.rules.weight[t] = 1;
    memset(every.rules.term_weight, 0, sizeof every.rules.term_weight);
    return 0;
}

static int teardown_group(void **state)
{
    (void)state;
    config_free(&learned);
    config_free(&every);
    return 0;
}

/* ==== the arithmetic, with rules set here ======================================== */

static void score_is_base_plus_the_weights_of_the_traits_shown(void **state)
{
    (void)state;
    Config cfg;
    blank_rules(&cfg);
    ScoreRules *r = &cfg.rules;
    r->base = 7;
    r->weight[TRAIT_SAID + LEX_BRAND] = 11;
    r->weight[TRAIT_PHONE + PHONE_JP_TOLLFREE] = 13;
    r->weight[TRAIT_FULLSCREEN] = 5;
    r->weight[TRAIT_TOPMOST] = 40; /* not shown: adds nothing */
    Observation obs = browser_window("Microsoft 0120-555-010 - Google Chrome");
    obs.fullscreen = TRISTATE_YES;
    Verdict v = judge_with(&cfg, &obs);
    assert_int_equal(v.score, 7 + 11 + 13 + 5);
    assert_int_equal(v.reason_count, 3);
    assert_int_equal(find_reason(&v, "brand")->weight, 11);
    assert_int_equal(find_reason(&v, "phone.jp_tollfree")->weight, 13);
    assert_int_equal(find_reason(&v, "window.fullscreen")->weight, 5);
    assert_null(find_reason(&v, "window.topmost"));
    assert_int_equal(v.kind, VERDICT_WATCH);
    assert_reasons_explain_score(r, &v);

    /* A negative base and weights count against. */
    r->base = -3;
    r->weight[TRAIT_FULLSCREEN] = -6;
    v = judge_with(&cfg, &obs);
    assert_int_equal(v.score, -3 + 11 + 13 - 6);
    assert_int_equal(find_reason(&v, "window.fullscreen")->weight, -6);
    assert_reasons_explain_score(r, &v);
    config_free(&cfg);
}

static void score_is_clamped_to_0_and_100_and_the_reasons_still_add_up(void **state)
{
    (void)state;
    Config cfg;
    blank_rules(&cfg);
    ScoreRules *r = &cfg.rules;
    for (int t = 0; t < TRAIT_COUNT; t++)
        r->weight[t] = 10;
    Observation obs = browser_window("Microsoft 警告 ウイルス 0120-555-010 - Google Chrome");
    obs.url = (char *)"http://alert.example.test/0120-555-010";
    obs.text = (char *)"Windows Security: PC has been blocked. Trojan. Call support now, toll-free "
                       "0120-555-010. Do not restart. Error code 0x80070490. Quick scan.";
    obs.fullscreen = TRISTATE_YES;
    obs.topmost = TRISTATE_YES;
    obs = with_loud_sound(obs);
    Verdict v = judge_with(&cfg, &obs);
    assert_true(unclamped_score(r, &v) > 100);
    assert_int_equal(v.score, 100);
    assert_int_equal(v.kind, VERDICT_ALERT);
    assert_reasons_explain_score(r, &v);

    r->base = -1000;
    v = judge_with(&cfg, &obs);
    assert_true(unclamped_score(r, &v) < 0);
    assert_int_equal(v.score, 0);
    assert_int_equal(v.kind, VERDICT_CLEAN);
    assert_true(v.reason_count > 0); /* still explained, though the score is 0 */
    assert_reasons_explain_score(r, &v);
    config_free(&cfg);
}

static void reasons_are_sorted_strongest_first_whatever_their_sign(void **state)
{
    (void)state;
    Config cfg;
    blank_rules(&cfg);
    ScoreRules *r = &cfg.rules;
    r->base = 50;
    r->weight[TRAIT_SAID + LEX_BRAND] = 5;
    r->weight[TRAIT_TITLE + LEX_INFECTION] = 30;
    r->weight[TRAIT_PHONE + PHONE_JP_TOLLFREE] = -40;
    r->weight[TRAIT_FULLSCREEN] = 20;
    r->weight[TRAIT_PHONE_IN_TITLE] = -9;
    Observation obs = browser_window("Microsoft ウイルス 0120-555-010 - Google Chrome");
    obs.fullscreen = TRISTATE_YES;
    Verdict v = judge_with(&cfg, &obs);
    static const char *const order[] = {"phone.jp_tollfree", "title.alarm.infection",
                                        "window.fullscreen", "phone.in_title", "brand"};
    static const int weights[] = {-40, 30, 20, -9, 5};
    assert_int_equal(v.reason_count, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(v.reasons[i].trait, order[i]);
        assert_int_equal(v.reasons[i].weight, weights[i]);
    }
    assert_int_equal(v.score, 50 - 40 + 30 + 20 - 9 + 5);
    assert_reasons_explain_score(r, &v);
    config_free(&cfg);
}

static void a_trait_weighing_zero_gives_no_reason(void **state)
{
    (void)state;
    Config cfg;
    blank_rules(&cfg);
    ScoreRules *r = &cfg.rules;
    r->base = 12;
    Observation obs = browser_window("Microsoft: call support now 0120-555-010 - Google Chrome");
    obs.fullscreen = TRISTATE_YES;
    obs.cursor_hidden = TRISTATE_YES;
    obs = with_alarm(obs);
    Verdict v = judge_with(&cfg, &obs); /* many traits shown, every weight 0 */
    assert_int_equal(v.reason_count, 0);
    assert_int_equal(v.score, 12);

    r->weight[TRAIT_TITLE + LEX_CALL] = 9; /* the call said anywhere stays at 0 */
    v = judge_with(&cfg, &obs);
    assert_int_equal(v.reason_count, 1);
    assert_string_equal(v.reasons[0].trait, "title.alarm.call");
    assert_null(find_reason(&v, "alarm.call"));
    assert_int_equal(v.score, 21);
    config_free(&cfg);
}

/* The traits an observation shows, by the same reader the scorer uses. */
static size_t traits_shown(const ScoreRules *rules, const Observation *obs, bool has[TRAIT_COUNT])
{
    Features *f = malloc(sizeof *f);
    assert_non_null(f);
    features_extract(rules->lexicon, obs, f);
    size_t n = 0;
    for (int t = 0; t < TRAIT_COUNT; t++) {
        has[t] = f->has[t];
        n += f->has[t];
    }
    features_free(f);
    free(f);
    return n;
}

static int by_weight_descending(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x < y) - (x > y);
}

static void weakest_reasons_past_the_limit_are_merged_into_other_signs(void **state)
{
    (void)state;
    Config cfg;
    blank_rules(&cfg);
    ScoreRules *r = &cfg.rules;
    for (int t = 0; t < TRAIT_COUNT; t++)
        r->weight[t] = t + 1; /* all different, all positive: one order only */
    Observation obs = browser_window("Microsoft Windows Security 警告 ウイルス ロックされました "
                                     "call support now 0120-555-010 - Google Chrome");
    obs.url = (char *)"http://alert.example.test/?n=1-888-555-0123";
    obs.text = (char *)"Windows Security: your computer has been blocked. Trojan spyware detected. "
                       "Call support now, toll-free 0120-555-010. Do not restart. "
                       "Error code 0x80070490. License expired. Quick scan. Has been infected.";
    obs.fullscreen = TRISTATE_YES;
    obs.topmost = TRISTATE_YES;
    obs.cursor_hidden = TRISTATE_YES;
    obs = with_alarm(obs);

    bool has[TRAIT_COUNT];
    size_t shown = traits_shown(r, &obs, has);
    assert_true(shown > VERDICT_MAX_REASONS); /* the case this test is about */
    int w[TRAIT_COUNT], total = 0;
    size_t n = 0;
    for (int t = 0; t < TRAIT_COUNT; t++)
        if (has[t]) {
            w[n++] = r->weight[t];
            total += r->weight[t];
        }
    qsort(w, n, sizeof w[0], by_weight_descending);
    int rest = 0;
    for (size_t i = VERDICT_MAX_REASONS - 1; i < n; i++)
        rest += w[i];
    r->base = 50 - total; /* unclamped, so the sum can be checked exactly */

    Verdict v = judge_with(&cfg, &obs);
    assert_int_equal(v.reason_count, VERDICT_MAX_REASONS);
    for (size_t i = 0; i < VERDICT_MAX_REASONS - 1; i++)
        assert_int_equal(v.reasons[i].weight, w[i]);
    const Reason *other = &v.reasons[VERDICT_MAX_REASONS - 1];
    assert_string_equal(other->trait, "other.signs");
    assert_int_equal(other->weight, rest);
    assert_int_equal(v.score, 50);
    assert_int_equal(unclamped_score(r, &v), 50);
    assert_reasons_explain_score(r, &v);
    config_free(&cfg);

    /* Exactly VERDICT_MAX_REASONS reasons: all kept, none merged. */
    blank_rules(&cfg);
    r = &cfg.rules;
    size_t given = 0;
    for (int t = 0; t < TRAIT_COUNT && given < VERDICT_MAX_REASONS; t++)
        if (has[t]) {
            r->weight[t] = 1;
            given++;
        }
    v = judge_with(&cfg, &obs);
    assert_int_equal(v.reason_count, VERDICT_MAX_REASONS);
    assert_null(find_reason(&v, "other.signs"));
    assert_int_equal(v.score, VERDICT_MAX_REASONS);
    config_free(&cfg);
}

static void terms_give_one_wording_terms_reason_quoting_a_term_of_the_text(void **state)
{
    (void)state;
    Config cfg;
    blank_rules(&cfg);
    ScoreRules *r = &cfg.rules;
    r->base = 40;
    Observation obs = browser_window("");
    obs.text = (char *)"Please refund the fee today";
    /* A precondition: "refund" shares its bucket with no other term of the text. */
    static const char *const others[] = {"please", "the", "fee", "today"};
    uint16_t refund = term_bucket("refund", 6);
    for (size_t i = 0; i < 4; i++)
        assert_int_not_equal(term_bucket(others[i], strlen(others[i])), refund);

    Verdict v = judge_with(&cfg, &obs);
    assert_null(find_reason(&v, "wording.terms")); /* all term weights 0 */
    assert_int_equal(v.score, 40);

    Features *f = malloc(sizeof *f);
    assert_non_null(f);
    features_extract(r->lexicon, &obs, f);
    float value = f->term_value;
    assert_true(f->term_count >= 5);
    features_free(f);
    free(f);

    r->term_weight[refund] = 1000; /* tenths of a point */
    v = judge_with(&cfg, &obs);
    const Reason *terms = find_reason(&v, "wording.terms");
    assert_non_null(terms);
    assert_int_equal(v.reason_count, 1);
    assert_string_equal(terms->match, "refund");
    assert_int_equal(terms->weight, (int)lroundf(1000.0f * value / 10.0f));
    assert_true(terms->weight > 0);
    assert_int_equal(v.score, 40 + terms->weight);

    /* Against an alert, the same. */
    r->term_weight[refund] = -1000;
    v = judge_with(&cfg, &obs);
    terms = find_reason(&v, "wording.terms");
    assert_non_null(terms);
    assert_string_equal(terms->match, "refund");
    assert_true(terms->weight < 0);
    assert_int_equal(v.score, 40 + terms->weight);

    /* Two terms weighted: still one reason, their sum, quoting the stronger. */
    uint16_t fee = term_bucket("fee", 3);
    assert_int_not_equal(fee, refund);
    r->term_weight[refund] = 300;
    r->term_weight[fee] = 900;
    v = judge_with(&cfg, &obs);
    assert_int_equal(v.reason_count, 1);
    terms = find_reason(&v, "wording.terms");
    assert_non_null(terms);
    assert_string_equal(terms->match, "fee");
    assert_int_equal(terms->weight, (int)lroundf(1200.0f * value / 10.0f));
    assert_reasons_explain_score(r, &v);
    config_free(&cfg);
}

static void title_traits_fire_only_for_words_in_the_title(void **state)
{
    (void)state;
    Config cfg;
    blank_rules(&cfg);
    ScoreRules *r = &cfg.rules;
    r->weight[TRAIT_TITLE + LEX_CALL] = 40;
    r->weight[TRAIT_SAID + LEX_CALL] = 3;

    Observation in_title = browser_window("Please call support now - Google Chrome");
    Verdict v = judge_with(&cfg, &in_title);
    const Reason *title = find_reason(&v, "title.alarm.call");
    assert_non_null(title);
    assert_int_equal(title->weight, 40);
    assert_string_equal(title->match, "call support");
    assert_non_null(find_reason(&v, "alarm.call")); /* said in the title is said */
    assert_int_equal(v.score, 43);

    Observation in_text = browser_window("Help - Google Chrome");
    in_text.text = (char *)"Please call support now.";
    v = judge_with(&cfg, &in_text);
    assert_null(find_reason(&v, "title.alarm.call"));
    assert_non_null(find_reason(&v, "alarm.call"));
    assert_int_equal(v.score, 3);

    Observation in_url = browser_window("Help - Google Chrome");
    in_url.url = (char *)"http://example.test/call-support-now";
    v = judge_with(&cfg, &in_url);
    assert_null(find_reason(&v, "title.alarm.call"));

    /* The browser's own suffix is not the page's title. */
    Observation suffix = browser_window("新しいタブ - 個人 - Microsoft\u200b Edge");
    suffix.exe = (char *)"msedge.exe";
    r->weight[TRAIT_SAID + LEX_BRAND] = 10;
    v = judge_with(&cfg, &suffix);
    assert_null(find_reason(&v, "brand"));
    config_free(&cfg);
}

static void window_locked_needs_fullscreen_and_a_hidden_pointer(void **state)
{
    (void)state;
    Config cfg;
    blank_rules(&cfg);
    cfg.rules.weight[TRAIT_LOCKED] = 25;
    static const struct {
        Tristate fullscreen, hidden;
        bool locked;
    } cases[] = {
        {TRISTATE_NO, TRISTATE_NO, false},       {TRISTATE_YES, TRISTATE_NO, false},
        {TRISTATE_NO, TRISTATE_YES, false},      {TRISTATE_YES, TRISTATE_UNKNOWN, false},
        {TRISTATE_UNKNOWN, TRISTATE_YES, false}, {TRISTATE_YES, TRISTATE_YES, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Observation obs = browser_window("Page - Google Chrome");
        obs.fullscreen = cases[i].fullscreen;
        obs.cursor_hidden = cases[i].hidden;
        Verdict v = judge_with(&cfg, &obs);
        const Reason *locked = find_reason(&v, "window.locked");
        if ((locked != NULL) != cases[i].locked)
            fail_msg("case %zu: window.locked %s", i, locked ? "given" : "missing");
        assert_int_equal(v.score, cases[i].locked ? 25 : 0);
    }
    config_free(&cfg);
}

static void audio_alarm_screen_needs_a_looping_sound_in_fullscreen(void **state)
{
    (void)state;
    Config cfg;
    blank_rules(&cfg);
    cfg.rules.weight[TRAIT_ALARM_SCREEN] = 30;
    cfg.rules.weight[TRAIT_AUDIO_LOOP] = 2;
    Observation windowed_loop = with_alarm(browser_window("Page - Google Chrome"));
    Observation full_loud = with_loud_sound(browser_window("Page - Google Chrome"));
    full_loud.fullscreen = TRISTATE_YES;
    Observation full_silent = browser_window("Page - Google Chrome");
    full_silent.fullscreen = TRISTATE_YES;
    Observation full_loop = with_alarm(browser_window("Page - Google Chrome"));
    full_loop.fullscreen = TRISTATE_YES;
    Observation full_loop_not_playing = full_loop;
    full_loop_not_playing.audio_playing = TRISTATE_NO;

    Verdict v = judge_with(&cfg, &windowed_loop);
    assert_null(find_reason(&v, "audio.alarm_screen"));
    assert_non_null(find_reason(&v, "audio.loop"));
    v = judge_with(&cfg, &full_loud);
    assert_null(find_reason(&v, "audio.alarm_screen"));
    v = judge_with(&cfg, &full_silent);
    assert_null(find_reason(&v, "audio.alarm_screen"));
    v = judge_with(&cfg, &full_loop_not_playing);
    assert_null(find_reason(&v, "audio.alarm_screen"));
    v = judge_with(&cfg, &full_loop);
    const Reason *screen = find_reason(&v, "audio.alarm_screen");
    assert_non_null(screen);
    assert_int_equal(screen->weight, 30);
    assert_int_equal(v.score, 32);
    config_free(&cfg);
}

static void text_none_is_shown_only_when_there_is_no_page_text(void **state)
{
    (void)state;
    Config cfg;
    blank_rules(&cfg);
    cfg.rules.base = 20;
    cfg.rules.weight[TRAIT_TEXT_NONE] = -8;
    Observation obs = browser_window("Page - Google Chrome");
    Verdict v = judge_with(&cfg, &obs); /* text NULL */
    const Reason *none = find_reason(&v, "text.none");
    assert_non_null(none);
    assert_int_equal(none->weight, -8);
    assert_int_equal(v.score, 12);

    obs.text = (char *)"";
    v = judge_with(&cfg, &obs);
    assert_non_null(find_reason(&v, "text.none"));

    obs.text = (char *)"Hello.";
    v = judge_with(&cfg, &obs);
    assert_null(find_reason(&v, "text.none"));
    assert_int_equal(v.score, 20);

    Observation empty; /* nothing known at all: only text.none */
    observation_init(&empty);
    v = judge_with(&cfg, &empty);
    assert_int_equal(v.reason_count, 1);
    assert_string_equal(v.reasons[0].trait, "text.none");
    assert_int_equal(v.score, 12);
    config_free(&cfg);
}

static void thresholds_come_from_the_rules(void **state)
{
    (void)state;
    Config cfg;
    blank_rules(&cfg);
    ScoreRules *r = &cfg.rules;
    r->base = 50;
    Observation obs = browser_window("Page - Google Chrome");
    obs.text = (char *)"Hello.";
    r->alert_threshold = 50;
    r->watch_threshold = 10;
    Verdict v = judge_with(&cfg, &obs);
    assert_int_equal(v.score, 50);
    assert_int_equal(v.kind, VERDICT_ALERT); /* reaching the threshold is enough */

    r->alert_threshold = 51;
    r->watch_threshold = 50;
    v = judge_with(&cfg, &obs);
    assert_int_equal(v.score, 50);
    assert_int_equal(v.kind, VERDICT_WATCH);

    r->watch_threshold = 51;
    r->alert_threshold = 52;
    v = judge_with(&cfg, &obs);
    assert_int_equal(v.kind, VERDICT_CLEAN);
    config_free(&cfg);
}

typedef struct WeightCase {
    const char *yaml;  /* read over the defaults */
    const char *trait; /* the reason whose weight it sets */
    int weight;
} WeightCase;

static void weights_read_from_yaml_are_the_reasons_weights(void **state)
{
    (void)state;
    static const WeightCase cases[] = {
        {"scoring:\n  weights:\n    brand: 7\n", "brand", 7},
        {"scoring:\n  weights:\n    alarm.infection: 12\n", "alarm.infection", 12},
        {"scoring:\n  weights:\n    title.alarm.infection: -13\n", "title.alarm.infection", -13},
        {"scoring:\n  weights:\n    window.fullscreen: 9\n", "window.fullscreen", 9},
        {"scoring:\n  weights:\n    phone.jp_tollfree: 4\n", "phone.jp_tollfree", 4},
        {"scoring:\n  weights:\n    phone.in_title: 3\n", "phone.in_title", 3},
    };
    Observation obs = browser_window("Microsoft ウイルス 0120-555-010 - Google Chrome");
    obs.fullscreen = TRISTATE_YES;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Config cfg;
        rules_with(&cfg, cases[i].yaml);
        Verdict v;
        score_observation(&cfg.rules, &obs, &v);
        const Reason *r = find_reason(&v, cases[i].trait);
        if (r == NULL)
            fail_msg("case %zu: no %s", i, cases[i].trait);
        assert_int_equal(r->weight, cases[i].weight);
        assert_reasons_explain_score(&cfg.rules, &v);
        config_free(&cfg);
    }

    /* The base too: the same window, 37 points lower than with base 0. */
    Config zero, low;
    rules_with(&zero, "scoring:\n  base: 0\n");
    rules_with(&low, "scoring:\n  base: -37\n");
    Verdict a, b;
    score_observation(&zero.rules, &obs, &a);
    score_observation(&low.rules, &obs, &b);
    assert_int_equal(unclamped_score(&low.rules, &b), unclamped_score(&zero.rules, &a) - 37);
    assert_reasons_explain_score(&low.rules, &b);
    config_free(&zero);
    config_free(&low);
}

static void a_user_phrase_list_changes_what_is_detected(void **state)
{
    (void)state;
    Config cfg;
    rules_with(&cfg, "phrases:\n  brand: [Ｃｏｎｔｏｓｏ]\n  alarm.call: []\n");
    for (int t = 0; t < TRAIT_COUNT; t++)
        cfg.rules.weight[t] = 1;
    Verdict v;

    Observation obs = browser_window("CONTOSO Defender: call support now, virus - Google Chrome");
    score_observation(&cfg.rules, &obs, &v);
    const Reason *brand = find_reason(&v, "brand");
    assert_non_null(brand);
    assert_string_equal(brand->match, "contoso");
    assert_null(find_reason(&v, "alarm.call"));          /* its list was emptied */
    assert_non_null(find_reason(&v, "alarm.infection")); /* a list not given stays */

    obs = browser_window("Microsoft - Google Chrome");
    score_observation(&cfg.rules, &obs, &v);
    assert_null(find_reason(&v, "brand")); /* the new list replaced the old one */
    config_free(&cfg);

    v = judge_with(&every, &obs); /* the built-in lexicon is untouched */
    assert_non_null(find_reason(&v, "brand"));
}

/* ==== which traits an observation shows (every trait worth a point) =============== */

static void fullwidth_brand_and_tollfree_number_in_the_title_are_read(void **state)
{
    (void)state;
    Observation obs = browser_window(
        "Ｍｉｃｒｏｓｏｆｔ 警告：ウイルスが検出されました サポート 0120-555-010 - Google Chrome");
    obs.fullscreen = TRISTATE_YES;
    Verdict v = judge_with(&every, &obs);
    const Reason *brand = find_reason(&v, "brand");
    assert_non_null(brand);
    assert_string_equal(brand->match, "microsoft");
    /* A brand in the title counts as said, never as a title trait (traits.c). */
    assert_null(find_reason(&v, "title.brand"));
    const Reason *phone = find_reason(&v, "phone.jp_tollfree");
    assert_non_null(phone);
    assert_string_equal(phone->match, "0120-555-010");
    const Reason *in_title = find_reason(&v, "phone.in_title");
    assert_non_null(in_title);
    assert_string_equal(in_title->match, "0120-555-010");
    assert_null(find_reason(&v, "phone.in_url"));
    assert_non_null(find_reason(&v, "alarm.infection"));
    assert_non_null(find_reason(&v, "title.alarm.infection"));
    assert_non_null(find_reason(&v, "window.fullscreen"));
    assert_non_null(find_reason(&v, "text.none"));
    assert_reasons_explain_score(&every.rules, &v);
}

static void browser_suffix_is_not_taken_as_brand(void **state)
{
    (void)state;
    Observation obs = browser_window("新しいタブ - 個人 - Microsoft\u200b Edge");
    obs.fullscreen = TRISTATE_YES;
    Verdict v = judge_with(&every, &obs);
    assert_null(find_reason(&v, "brand"));

    obs = browser_window("Microsoft\u200b Edge");
    obs.text = (char *)"Hello.";
    v = judge_with(&every, &obs);
    assert_int_equal(v.reason_count, 0);
    assert_int_equal(v.score, 0);
}

static void lookalike_letters_in_title_are_seen_through(void **state)
{
    (void)state;
    Observation obs = browser_window("W\u0456nd\u043ews D\u0435f\u0435nd\u0435r - Google Chrome");
    Verdict v = judge_with(&every, &obs);
    const Reason *r = find_reason(&v, "alarm.securityui");
    assert_non_null(r);
    assert_string_equal(r->match, "windows defender");
}

static void loud_steady_audio_counts_only_when_playing_and_sustained(void **state)
{
    (void)state;
    Observation obs = with_loud_sound(browser_window("Security center - Google Chrome"));
    Verdict v = judge_with(&every, &obs);
    assert_non_null(find_reason(&v, "audio.loud"));
    assert_null(find_reason(&v, "audio.loop"));

    obs.audio_playing = TRISTATE_NO; /* peaks left over from before: not now */
    v = judge_with(&every, &obs);
    assert_null(find_reason(&v, "audio.loud"));

    obs.audio_playing = TRISTATE_YES;
    obs.audio_peaks = quiet_peaks;
    v = judge_with(&every, &obs);
    assert_null(find_reason(&v, "audio.loud"));

    obs.audio_peaks = loud_peaks;
    obs.audio_peak_count = 10; /* one second is not yet "sustained" */
    v = judge_with(&every, &obs);
    assert_null(find_reason(&v, "audio.loud"));
}

static void a_looping_alarm_is_audio_loop_not_audio_loud(void **state)
{
    (void)state;
    Observation alarm = with_alarm(browser_window("Page - Google Chrome"));
    alarm.text = (char *)"Windows Defender: your PC has been infected. Call support now.";
    Verdict v = judge_with(&every, &alarm);
    assert_non_null(find_reason(&v, "audio.loop"));
    assert_null(find_reason(&v, "audio.loud"));
    assert_null(find_reason(&v, "audio.alarm_screen")); /* not fullscreen */
}

static void long_page_text_is_read_to_its_end(void **state)
{
    (void)state;
    /* Longer than any stack buffer the scorer keeps: folded on the heap. */
    const char *tail = " Call Windows Support now: 1-888-555-0123";
    size_t filler = 20000;
    char *text = malloc(filler + strlen(tail) + 1);
    assert_non_null(text);
    memset(text, 'a', filler);
    for (size_t i = 50; i < filler; i += 50)
        text[i] = ' ';
    memcpy(text + filler, tail, strlen(tail) + 1);

    Observation obs = browser_window("Page - Google Chrome");
    obs.text = text;
    Verdict v = judge_with(&every, &obs);
    free(text);
    assert_non_null(find_reason(&v, "alarm.call"));
    assert_non_null(find_reason(&v, "phone.us_tollfree"));
}

static void quotation_marks_show_as_about_quoted(void **state)
{
    (void)state;
    static const char *const quoting[] = {
        "突然「お使いのパソコンはウイルスに感染しています。ロックされました。今すぐ電話してください」"
        "と表示されることがあります。",
        "The pop-up says \"Your computer has been infected. Windows Defender has blocked "
        "your PC. Call support now. Do not restart.\"",
    };
    for (size_t i = 0; i < 2; i++) {
        Observation obs = browser_window("News - Google Chrome");
        obs.text = (char *)quoting[i];
        Verdict v = judge_with(&every, &obs);
        const Reason *quoted = find_reason(&v, "about.quoted");
        if (quoted == NULL)
            fail_msg("case %zu: no about.quoted", i);
        assert_string_equal(quoted->match, "quotation marks");
    }
    Observation plain = browser_window("News - Google Chrome");
    plain.text = (char *)"Your computer has been infected. Call support now.";
    Verdict v = judge_with(&every, &plain);
    assert_null(find_reason(&v, "about.quoted"));
}

/* ==== behaviour with the learned built-in rules ==================================== */

static void japanese_fake_alert_text_with_tollfree_number_alerts(void **state)
{
    (void)state;
    Observation obs = browser_window("Windows セキュリティ - Google Chrome");
    obs.fullscreen = TRISTATE_YES;
    obs.text = (char *)"Windows セキュリティ センター\n"
                       "お使いのコンピューターはウイルスに感染しています。"
                       "このPCはセキュリティ上の理由でブロックされました。\n"
                       "個人情報が盗まれる危険があります。パソコンを再起動しないでください。\n"
                       "今すぐMicrosoftサポートに電話してください: 0120-555-010 (無料)";
    Verdict v = judge(&obs);
    assert_int_equal(v.kind, VERDICT_ALERT);
    assert_reasons_explain_score(&learned.rules, &v);
}

static void full_scam_page_text_in_fullscreen_alerts_even_with_a_bland_title(void **state)
{
    (void)state;
    Observation obs = browser_window("Service Center - Google Chrome");
    obs.fullscreen = TRISTATE_YES;
    obs.text = (char *)"Windows Security: this PC has been blocked for security reasons. "
                       "Trojan spyware detected. Do not restart your computer. "
                       "Call Windows Support now (Toll-Free): +1-888-555-0123";
    Verdict v = judge(&obs);
    assert_int_equal(v.kind, VERDICT_ALERT);
    assert_reasons_explain_score(&learned.rules, &v);
}

/* A page that says it straight, with no window or sound known: the claims alone. */
static void direct_alarm_claims_alert_from_the_text_alone(void **state)
{
    (void)state;
    Observation obs = browser_window("");
    obs.text = (char *)"Windows Defender セキュリティ センター\nお使いのパソコンはウイルスに感染しました!\n"
                       "PCがブロックされました!";
    Verdict v = judge(&obs);
    assert_int_equal(v.kind, VERDICT_ALERT);
    assert_reasons_explain_score(&learned.rules, &v);
}

static void an_empty_observation_is_not_alert(void **state)
{
    (void)state;
    Observation empty;
    observation_init(&empty);
    Verdict v = judge(&empty);
    assert_int_not_equal(v.kind, VERDICT_ALERT);
    assert_reasons_explain_score(&learned.rules, &v);
}

static void fullscreen_youtube_is_not_alert(void **state)
{
    (void)state;
    Observation obs = browser_window("YouTube - Google Chrome");
    obs.fullscreen = TRISTATE_YES;
    Verdict v = judge(&obs);
    assert_int_not_equal(v.kind, VERDICT_ALERT);
    assert_reasons_explain_score(&learned.rules, &v);
}

static void playing_fullscreen_video_with_hidden_pointer_and_sound_is_not_alert(void **state)
{
    (void)state;
    Observation obs = with_loud_sound(browser_window("素敵な音楽ライブ - YouTube - Google Chrome"));
    obs.fullscreen = TRISTATE_YES;
    obs.cursor_hidden = TRISTATE_YES;
    Verdict v = judge(&obs);
    assert_int_not_equal(v.kind, VERDICT_ALERT);
    assert_reasons_explain_score(&learned.rules, &v);
}

static void fullscreen_game_with_sound_is_not_alert(void **state)
{
    (void)state;
    Observation obs =
        with_loud_sound(browser_window("Puzzle Quest - Play free online games - Mozilla Firefox"));
    obs.exe = (char *)"firefox.exe";
    obs.fullscreen = TRISTATE_YES;
    obs.topmost = TRISTATE_YES;
    Verdict v = judge(&obs);
    assert_int_not_equal(v.kind, VERDICT_ALERT);
    assert_reasons_explain_score(&learned.rules, &v);
}

static void japanese_company_page_with_tollfree_number_is_not_alert(void **state)
{
    (void)state;
    Observation obs = browser_window("お問い合わせ｜株式会社サンプル 0120-123-456 - Google Chrome");
    obs.fullscreen = TRISTATE_NO;
    obs.text = (char *)"製品に関するお問い合わせは、フリーダイヤル 0120-123-456 (平日 9:00-17:00) "
                       "までご連絡ください。サポート窓口の担当者がお答えします。";
    Verdict v = judge(&obs);
    assert_int_not_equal(v.kind, VERDICT_ALERT);
    assert_reasons_explain_score(&learned.rules, &v);
}

/* The same alarm sentences, reported by a news page rather than said by it. */
typedef struct SingleTrait {
    const char *name;
    Observation obs;
} SingleTrait;

static void no_single_window_sound_number_or_brand_trait_alerts_on_its_own(void **state)
{
    (void)state;
    SingleTrait cases[7];
    size_t n = 0;
    cases[n].name = "fullscreen";
    cases[n].obs = browser_window("Page - Google Chrome");
    cases[n++].obs.fullscreen = TRISTATE_YES;
    cases[n].name = "topmost";
    cases[n].obs = browser_window("Page - Google Chrome");
    cases[n++].obs.topmost = TRISTATE_YES;
    cases[n].name = "cursor hidden";
    cases[n].obs = browser_window("Page - Google Chrome");
    cases[n++].obs.cursor_hidden = TRISTATE_YES;
    cases[n].name = "loud audio";
    cases[n++].obs = with_loud_sound(browser_window("Page - Google Chrome"));
    cases[n].name = "tollfree number in title";
    cases[n++].obs = browser_window("0120-555-010 - Google Chrome");
    cases[n].name = "number in address";
    cases[n].obs = browser_window("Page - Google Chrome");
    cases[n++].obs.url = (char *)"http://example.test/?call=1-888-555-0123";
    cases[n].name = "brand in title";
    cases[n++].obs = browser_window("Microsoft Windows - Google Chrome");

    for (size_t i = 0; i < n; i++) {
        Verdict v = judge(&cases[i].obs);
        if (v.kind == VERDICT_ALERT)
            fail_msg("%s alone alerts (score %d)", cases[i].name, v.score);
        assert_reasons_explain_score(&learned.rules, &v);
    }
}

/* A fullscreen page with a ringing alarm clock and little said. */
static void fullscreen_alarm_clock_page_is_not_alert(void **state)
{
    (void)state;
    Observation obs = with_alarm(browser_window("Alarm clock - Google Chrome"));
    obs.fullscreen = TRISTATE_YES;
    obs.topmost = TRISTATE_YES;
    obs.text = (char *)"Microsoft Edge tips: warning sounds and timers";
    Verdict v = judge(&obs);
    assert_int_not_equal(v.kind, VERDICT_ALERT);
    assert_reasons_explain_score(&learned.rules, &v);
}

static void verdict_names_are_stable(void **state)
{
    (void)state;
    assert_string_equal(verdict_name(VERDICT_ALERT), "alert");
    assert_string_equal(verdict_name(VERDICT_WATCH), "watch");
    assert_string_equal(verdict_name(VERDICT_CLEAN), "clean");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* arithmetic */
        cmocka_unit_test(score_is_base_plus_the_weights_of_the_traits_shown),
        cmocka_unit_test(score_is_clamped_to_0_and_100_and_the_reasons_still_add_up),
        cmocka_unit_test(reasons_are_sorted_strongest_first_whatever_their_sign),
        cmocka_unit_test(a_trait_weighing_zero_gives_no_reason),
        cmocka_unit_test(weakest_reasons_past_the_limit_are_merged_into_other_signs),
        cmocka_unit_test(terms_give_one_wording_terms_reason_quoting_a_term_of_the_text),
        cmocka_unit_test(title_traits_fire_only_for_words_in_the_title),
        cmocka_unit_test(window_locked_needs_fullscreen_and_a_hidden_pointer),
        cmocka_unit_test(audio_alarm_screen_needs_a_looping_sound_in_fullscreen),
        cmocka_unit_test(text_none_is_shown_only_when_there_is_no_page_text),
        cmocka_unit_test(thresholds_come_from_the_rules),
        cmocka_unit_test(weights_read_from_yaml_are_the_reasons_weights),
        cmocka_unit_test(a_user_phrase_list_changes_what_is_detected),
        /* traits read */
        cmocka_unit_test(fullwidth_brand_and_tollfree_number_in_the_title_are_read),
        cmocka_unit_test(browser_suffix_is_not_taken_as_brand),
        cmocka_unit_test(lookalike_letters_in_title_are_seen_through),
        cmocka_unit_test(loud_steady_audio_counts_only_when_playing_and_sustained),
        cmocka_unit_test(a_looping_alarm_is_audio_loop_not_audio_loud),
        cmocka_unit_test(long_page_text_is_read_to_its_end),
        cmocka_unit_test(quotation_marks_show_as_about_quoted),
        /* behaviour with the learned rules */
        cmocka_unit_test(japanese_fake_alert_text_with_tollfree_number_alerts),
        cmocka_unit_test(full_scam_page_text_in_fullscreen_alerts_even_with_a_bland_title),
        cmocka_unit_test(direct_alarm_claims_alert_from_the_text_alone),
        cmocka_unit_test(an_empty_observation_is_not_alert),
        cmocka_unit_test(fullscreen_youtube_is_not_alert),
        cmocka_unit_test(playing_fullscreen_video_with_hidden_pointer_and_sound_is_not_alert),
        cmocka_unit_test(fullscreen_game_with_sound_is_not_alert),
        cmocka_unit_test(japanese_company_page_with_tollfree_number_is_not_alert),
        cmocka_unit_test(no_single_window_sound_number_or_brand_trait_alerts_on_its_own),
        cmocka_unit_test(fullscreen_alarm_clock_page_is_not_alert),
        cmocka_unit_test(verdict_names_are_stable),
    };
    return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
