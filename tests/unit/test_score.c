/*
 * test_score.c - the verdict: a fake alert (brand, number, fullscreen) alerts;
 * no single trait does; the legitimate near-misses (a support page, an article
 * about the scam, a company page with a 0120 number, a fullscreen video or game)
 * stay below alert; every point is explained by a reason; the weights, thresholds
 * and phrases are the rules' (a user config changes what is detected).
 * Observations are built directly with string literals: never observation_free'd.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "score.h"

/* The built-in rules (config/omamori.yaml), loaded once for the whole group. */
static Config defaults;

static Observation browser_window(const char *title)
{
    Observation obs;
    observation_init(&obs);
    obs.title = (char *)title;
    obs.exe = (char *)"chrome.exe";
    obs.window_class = (char *)"Chrome_WidgetWin_1";
    return obs;
}

static Verdict judge(const Observation *obs)
{
    Verdict v;
    score_observation(&defaults.rules, obs, &v);
    return v;
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

static void assert_reasons_explain_score(const Verdict *v)
{
    int sum = 0;
    for (size_t i = 0; i < v->reason_count; i++) {
        assert_int_not_equal(v->reasons[i].weight, 0);
        sum += v->reasons[i].weight;
    }
    int clamped = sum < 0 ? 0 : sum > 100 ? 100 : sum;
    assert_int_equal(v->score, clamped);
}

/* Loud and steady, as a looping alarm is: 10 s of 100 ms peaks around 0.6. */
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

static int setup_group(void **state)
{
    (void)state;
    for (size_t i = 0; i < 100; i++) {
        loud_peaks[i] = (i % 5 == 4) ? 0.05f : 0.6f;
        quiet_peaks[i] = 0.05f;
    }
    for (size_t i = 0; i < ALARM_PEAKS; i++)
        alarm_peaks[i] = (i % 10 < 6) ? 0.8f : 0.4f;
    return config_default(&defaults);
}

static int teardown_group(void **state)
{
    (void)state;
    config_free(&defaults);
    return 0;
}

static void fake_alert_title_with_fullwidth_brand_tollfree_and_fullscreen_alerts(void **state)
{
    (void)state;
    Observation obs = browser_window(
        "Ｍｉｃｒｏｓｏｆｔ 警告：ウイルスが検出されました サポート 0120-555-010 - Google Chrome");
    obs.fullscreen = TRISTATE_YES;
    Verdict v = judge(&obs);
    assert_int_equal(v.kind, VERDICT_ALERT);
    assert_true(v.score >= 60);
    const Reason *brand = find_reason(&v, "brand");
    assert_non_null(brand);
    assert_string_equal(brand->match, "microsoft");
    const Reason *phone = find_reason(&v, "phone.jp_tollfree");
    assert_non_null(phone);
    assert_string_equal(phone->match, "0120-555-010");
    assert_non_null(find_reason(&v, "phone.in_title"));
    assert_non_null(find_reason(&v, "alarm.infection"));
    assert_non_null(find_reason(&v, "window.fullscreen"));
    assert_reasons_explain_score(&v);
}

static void fullscreen_youtube_is_clean(void **state)
{
    (void)state;
    Observation obs = browser_window("YouTube - Google Chrome");
    obs.fullscreen = TRISTATE_YES;
    Verdict v = judge(&obs);
    assert_int_equal(v.kind, VERDICT_CLEAN);
    assert_reasons_explain_score(&v);
}

static void playing_fullscreen_video_with_hidden_pointer_and_sound_is_clean(void **state)
{
    (void)state;
    Observation obs = browser_window("素敵な音楽ライブ - YouTube - Google Chrome");
    obs.fullscreen = TRISTATE_YES;
    obs.cursor_hidden = TRISTATE_YES;
    obs.audio_playing = TRISTATE_YES;
    obs.audio_peaks = loud_peaks;
    obs.audio_peak_count = 100;
    Verdict v = judge(&obs);
    assert_int_equal(v.kind, VERDICT_CLEAN);
    assert_reasons_explain_score(&v);
}

static void fullscreen_game_with_sound_is_clean(void **state)
{
    (void)state;
    Observation obs = browser_window("Puzzle Quest - Play free online games - Mozilla Firefox");
    obs.exe = (char *)"firefox.exe";
    obs.fullscreen = TRISTATE_YES;
    obs.topmost = TRISTATE_YES;
    obs.audio_playing = TRISTATE_YES;
    obs.audio_peaks = loud_peaks;
    obs.audio_peak_count = 100;
    Verdict v = judge(&obs);
    assert_int_equal(v.kind, VERDICT_CLEAN);
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
    assert_non_null(find_reason(&v, "phone.jp_tollfree"));
    assert_reasons_explain_score(&v);
}

static void microsoft_support_page_is_not_alert(void **state)
{
    (void)state;
    Observation obs = browser_window("Microsoft サポートに問い合わせる - Microsoft Edge");
    obs.exe = (char *)"msedge.exe";
    obs.fullscreen = TRISTATE_NO;
    obs.url = (char *)"https://support.microsoft.com/ja-jp/contactus";
    obs.text = (char *)"Microsoft サポートへのお問い合わせ。Windows、Office、Microsoft 365 の"
                       "テクニカル サポート。電話でのサポート: 0120-54-2244 "
                       "(受付時間 9:00 - 18:00)。ウイルス対策とセキュリティについて。";
    Verdict v = judge(&obs);
    assert_int_not_equal(v.kind, VERDICT_ALERT);
}

static void article_quoting_the_scam_is_not_alert_and_names_it(void **state)
{
    (void)state;
    Observation obs = browser_window("偽のセキュリティ警告に注意 - Google Chrome");
    obs.fullscreen = TRISTATE_NO;
    obs.text = (char *)"サポート詐欺とは、「Microsoft」のロゴとともに「あなたのコンピュータで"
                       "ウイルスが見つかりました」「PCがブロックされました」「当社に今すぐ電話して"
                       "ください」「再起動しないでください」などの偽警告を表示し、警告音を鳴らす"
                       "手口です。相談は消費者ホットライン 188 または 03-5555-0123 へ。";
    Verdict v = judge(&obs);
    assert_int_not_equal(v.kind, VERDICT_ALERT);
    const Reason *about = find_reason(&v, "about.scam");
    assert_non_null(about);
    assert_true(about->weight < 0);
    assert_reasons_explain_score(&v);
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
    assert_non_null(find_reason(&v, "phone.us_tollfree"));
    assert_null(find_reason(&v, "phone.in_title"));
    assert_reasons_explain_score(&v);
}

typedef struct SingleTrait {
    const char *name;
    Observation obs;
} SingleTrait;

static void no_single_trait_alerts_on_its_own(void **state)
{
    (void)state;
    SingleTrait cases[8];
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
    cases[n].obs = browser_window("Page - Google Chrome");
    cases[n].obs.audio_playing = TRISTATE_YES;
    cases[n].obs.audio_peaks = loud_peaks;
    cases[n++].obs.audio_peak_count = 100;
    cases[n].name = "tollfree number in title";
    cases[n++].obs = browser_window("0120-555-010 - Google Chrome");
    cases[n].name = "number in address";
    cases[n].obs = browser_window("Page - Google Chrome");
    cases[n++].obs.url = (char *)"http://example.test/?call=1-888-555-0123";
    cases[n].name = "brand in title";
    cases[n++].obs = browser_window("Microsoft Windows - Google Chrome");
    cases[n].name = "every kind of alarm wording, quoted as an article quotes it";
    cases[n].obs = browser_window("Page - Google Chrome");
    cases[n++].obs.text =
        (char *)"Pop-ups say \"Microsoft Windows Security warning: virus infected, PC has been "
                "blocked, call support now, do not restart, error code 0x80070490, license "
                "expired, quick scan, help desk\"";

    for (size_t i = 0; i < n; i++) {
        Verdict v = judge(&cases[i].obs);
        if (v.kind == VERDICT_ALERT)
            fail_msg("%s alone alerts (score %d)", cases[i].name, v.score);
        assert_reasons_explain_score(&v);
    }
}

static void browser_suffix_is_not_taken_as_brand(void **state)
{
    (void)state;
    Observation obs = browser_window("新しいタブ - 個人 - Microsoft\u200b Edge");
    obs.fullscreen = TRISTATE_YES;
    Verdict v = judge(&obs);
    assert_null(find_reason(&v, "brand"));

    obs = browser_window("Microsoft\u200b Edge");
    v = judge(&obs);
    assert_int_equal(v.reason_count, 0);
    assert_int_equal(v.score, 0);
}

static void lookalike_letters_in_title_are_seen_through(void **state)
{
    (void)state;
    Observation obs = browser_window("W\u0456nd\u043ews D\u0435f\u0435nd\u0435r - Google Chrome");
    Verdict v = judge(&obs);
    const Reason *r = find_reason(&v, "alarm.securityui");
    assert_non_null(r);
    assert_string_equal(r->match, "windows defender");
}

static void loud_steady_audio_counts_only_when_playing_and_sustained(void **state)
{
    (void)state;
    const char *title = "Security center - Google Chrome";
    Observation obs = browser_window(title);
    obs.audio_playing = TRISTATE_YES;
    obs.audio_peaks = loud_peaks;
    obs.audio_peak_count = 100;
    Verdict v = judge(&obs);
    assert_non_null(find_reason(&v, "audio.loud"));

    obs.audio_playing = TRISTATE_NO; /* peaks left over from before: not now */
    v = judge(&obs);
    assert_null(find_reason(&v, "audio.loud"));

    obs.audio_playing = TRISTATE_YES;
    obs.audio_peaks = quiet_peaks;
    v = judge(&obs);
    assert_null(find_reason(&v, "audio.loud"));

    obs.audio_peaks = loud_peaks;
    obs.audio_peak_count = 10; /* one second is not yet "sustained" */
    v = judge(&obs);
    assert_null(find_reason(&v, "audio.loud"));
}

static void hidden_pointer_adds_nothing_in_fullscreen(void **state)
{
    (void)state;
    Observation obs = browser_window("Security center - Google Chrome");
    obs.cursor_hidden = TRISTATE_YES;
    Verdict windowed = judge(&obs);
    assert_non_null(find_reason(&windowed, "cursor.hidden"));

    obs.fullscreen = TRISTATE_YES;
    Verdict full = judge(&obs);
    assert_null(find_reason(&full, "cursor.hidden"));
}

static void thresholds_come_from_the_rules(void **state)
{
    (void)state;
    Observation obs =
        browser_window("Ｍｉｃｒｏｓｏｆｔ 警告：ウイルスに感染しています 0120-555-010 - Google Chrome");
    obs.fullscreen = TRISTATE_YES;
    Config cfg;
    assert_int_equal(config_default(&cfg), 0);
    ScoreRules *rules = &cfg.rules;
    assert_int_equal(rules->alert_threshold, 60);
    assert_int_equal(rules->watch_threshold, 30);

    Verdict v;
    score_observation(rules, &obs, &v);
    assert_int_equal(v.kind, VERDICT_ALERT);

    rules->alert_threshold = v.score + 1;
    Verdict stricter;
    score_observation(rules, &obs, &stricter);
    assert_int_equal(stricter.score, v.score);
    assert_int_equal(stricter.kind, VERDICT_WATCH);

    rules->watch_threshold = v.score + 1;
    score_observation(rules, &obs, &stricter);
    assert_int_equal(stricter.kind, VERDICT_CLEAN);
    config_free(&cfg);
}

typedef struct WeightCase {
    const char *yaml;  /* read over the defaults */
    const char *trait; /* the reason whose weight it sets */
    int weight;
} WeightCase;

static void weights_come_from_the_rules(void **state)
{
    (void)state;
    static const WeightCase cases[] = {
        {"scoring:\n  weights:\n    brand: 7\n", "brand", 7},
        {"scoring:\n  weights:\n    alarm.infection: 12\n", "alarm.infection", 12},
        {"scoring:\n  weights:\n    window.fullscreen: 9\n", "window.fullscreen", 9},
        {"phone:\n  weights:\n    jp_tollfree: 4\n", "phone.jp_tollfree", 4},
        {"phone:\n  in_title: 3\n", "phone.in_title", 3},
    };
    Observation obs = browser_window("Microsoft ウイルス 0120-555-010 - Google Chrome");
    obs.fullscreen = TRISTATE_YES;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Config cfg;
        rules_with(&cfg, cases[i].yaml);
        Verdict v;
        score_observation(&cfg.rules, &obs, &v);
        config_free(&cfg);
        const Reason *r = find_reason(&v, cases[i].trait);
        if (r == NULL)
            fail_msg("case %zu: no %s", i, cases[i].trait);
        assert_int_equal(r->weight, cases[i].weight);
        assert_reasons_explain_score(&v);
    }
}

/* The tuning moves weights about: the cap must still keep the strongest wording. */
static void wording_cap_keeps_the_strongest_wording_whatever_the_weights(void **state)
{
    (void)state;
    Observation obs = browser_window("Microsoft: call support now - Google Chrome");
    Verdict v = judge(&obs); /* defaults: alarm.call 20, then brand 10, support 5 */
    assert_string_equal(v.reasons[0].trait, "alarm.call");
    assert_string_equal(v.reasons[1].trait, "brand");

    Config cfg;
    rules_with(&cfg, "scoring:\n  weights:\n    brand: 30\n    support: 25\n"
                     "  caps:\n    wording: 40\n");
    score_observation(&cfg.rules, &obs, &v);
    config_free(&cfg);
    assert_int_equal(v.reason_count, 2); /* the cap is full after two: alarm.call is cut */
    assert_string_equal(v.reasons[0].trait, "brand");
    assert_int_equal(v.reasons[0].weight, 30);
    assert_string_equal(v.reasons[1].trait, "support");
    assert_int_equal(v.reasons[1].weight, 10);
    assert_reasons_explain_score(&v);
}

static void a_user_phrase_list_changes_what_is_detected(void **state)
{
    (void)state;
    Config cfg;
    rules_with(&cfg, "phrases:\n  brand: [Ｃｏｎｔｏｓｏ]\n  alarm.call: []\n");
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

    v = judge(&obs); /* the defaults are untouched */
    assert_non_null(find_reason(&v, "brand"));
}

static void score_is_clamped_to_100_with_everything_present(void **state)
{
    (void)state;
    Observation obs = browser_window("Microsoft 警告 ウイルス 0120-555-010 - Google Chrome");
    obs.url = (char *)"http://alert.example.test/0120-555-010";
    obs.text = (char *)"Windows Security: PC has been blocked. Trojan. Call support now, toll-free "
                       "0120-555-010. Do not restart. Error code 0x80070490. Quick scan.";
    obs.fullscreen = TRISTATE_YES;
    obs.topmost = TRISTATE_YES;
    obs.audio_playing = TRISTATE_YES;
    obs.audio_peaks = loud_peaks;
    obs.audio_peak_count = 100;
    Verdict v = judge(&obs);
    assert_int_equal(v.score, 100);
    assert_int_equal(v.kind, VERDICT_ALERT);
    assert_true(v.reason_count <= VERDICT_MAX_REASONS);
}

static void missing_title_scores_what_else_is_known(void **state)
{
    (void)state;
    Observation obs;
    observation_init(&obs);
    obs.fullscreen = TRISTATE_YES;
    obs.text = (char *)"あなたのコンピュータでウイルスが見つかりました。Windows サポートに電話する: "
                       "050-5555-0123 再起動しないでください";
    Verdict v = judge(&obs);
    assert_int_equal(v.kind, VERDICT_ALERT);
    assert_non_null(find_reason(&v, "phone.jp_ip"));

    Observation empty;
    observation_init(&empty);
    v = judge(&empty);
    assert_int_equal(v.kind, VERDICT_CLEAN);
    assert_int_equal(v.score, 0);
    assert_int_equal(v.reason_count, 0);
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
    Verdict v = judge(&obs);
    free(text);
    assert_non_null(find_reason(&v, "alarm.call"));
    assert_non_null(find_reason(&v, "phone.us_tollfree"));
}

static void a_looping_alarm_is_its_own_trait_and_outweighs_plain_loud_sound(void **state)
{
    (void)state;
    Observation alarm = with_alarm(browser_window("Page - Google Chrome"));
    alarm.text = (char *)"Windows Defender: your PC has been infected. Call support now.";
    Verdict looped = judge(&alarm);
    const Reason *loop = find_reason(&looped, "audio.loop");
    assert_non_null(loop);
    assert_null(find_reason(&looped, "audio.loud"));
    assert_int_equal(loop->weight, defaults.rules.audio_loop);
    assert_true(defaults.rules.audio_loop > defaults.rules.audio_loud);
    assert_reasons_explain_score(&looped);
}

/* A fullscreen page with a ringing alarm clock and little said: audio and window
   together never count for more than behaviour_alone_cap beyond what the page says. */
static void window_and_sound_never_outweigh_what_the_page_says(void **state)
{
    (void)state;
    Observation obs = with_alarm(browser_window("Alarm clock - Google Chrome"));
    obs.fullscreen = TRISTATE_YES;
    obs.topmost = TRISTATE_YES;
    obs.text = (char *)"Microsoft Edge tips: warning sounds and timers";
    Verdict v = judge(&obs);
    int behaviour = 0, said = 0;
    for (size_t i = 0; i < v.reason_count; i++) {
        const char *t = v.reasons[i].trait;
        if (strncmp(t, "window.", 7) == 0 || strncmp(t, "audio.", 6) == 0)
            behaviour += v.reasons[i].weight;
        else
            said += v.reasons[i].weight;
    }
    assert_true(said > 0);
    assert_true(behaviour <= (said > defaults.rules.behaviour_alone_cap
                                  ? said
                                  : defaults.rules.behaviour_alone_cap));
    assert_int_not_equal(v.kind, VERDICT_ALERT);
    assert_reasons_explain_score(&v);
}

/* The near-miss: a company's contact page, with its 0120 number in the title
   and "please call", shown fullscreen with a ringing alarm clock. */
static void contact_page_with_number_and_call_in_fullscreen_stays_below_alert(void **state)
{
    (void)state;
    Observation obs =
        with_alarm(browser_window("お問い合わせ｜株式会社サンプル 0120-123-456 - Google Chrome"));
    obs.fullscreen = TRISTATE_YES;
    obs.text = (char *)"修理のご相談はお気軽にお電話ください。フリーダイヤル 0120-123-456 "
                       "受付時間 9:00〜18:00 お使いのパソコンのサポートもいたします。";
    Verdict v = judge(&obs);
    assert_int_not_equal(v.kind, VERDICT_ALERT);
    assert_true(v.score <= defaults.rules.without_alarm_cap);
    const Reason *gate = find_reason(&v, "no.alarm_words");
    assert_non_null(gate);
    assert_true(gate->weight < 0);
    assert_reasons_explain_score(&v);
}

typedef struct ReportingCase {
    const char *name;
    const char *text;
    const char *evidence;
} ReportingCase;

/* The same alarm sentences, said by a page or reported by one: quotation marks or
   naming the scam cut the wording to wording_quoted_cap, shown as about.quoted. */
static void reported_alarm_words_count_for_little(void **state)
{
    (void)state;
    static const ReportingCase cases[] = {
        {"Japanese quotation brackets",
         "突然「お使いのパソコンはウイルスに感染しています。ロックされました。今すぐ電話してください」"
         "と表示されることがあります。",
         "quotation marks"},
        {"English quotation marks",
         "The pop-up says \"Your computer has been infected. Windows Defender has blocked "
         "your PC. Call support now. Do not restart.\"",
         "quotation marks"},
        {"names the scam",
         "This scam says your computer has been infected, Windows Defender has blocked your "
         "PC, call support now, do not restart.",
         "names the scam"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Observation obs = browser_window("News - Google Chrome");
        obs.text = (char *)cases[i].text;
        Verdict v = judge(&obs);
        const Reason *cut = find_reason(&v, "about.quoted");
        if (cut == NULL)
            fail_msg("%s: no about.quoted reason", cases[i].name);
        assert_string_equal(cut->match, cases[i].evidence);
        int wording = 0;
        for (size_t r = 0; r < v.reason_count; r++)
            if (v.reasons[r].weight > 0)
                wording += v.reasons[r].weight;
        assert_int_equal(wording + cut->weight, defaults.rules.wording_quoted_cap);
        assert_int_not_equal(v.kind, VERDICT_ALERT);
        assert_reasons_explain_score(&v);
    }
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
    assert_null(find_reason(&v, "about.quoted"));
    assert_non_null(find_reason(&v, "alarm.claim"));
    assert_reasons_explain_score(&v);
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
        cmocka_unit_test(fake_alert_title_with_fullwidth_brand_tollfree_and_fullscreen_alerts),
        cmocka_unit_test(fullscreen_youtube_is_clean),
        cmocka_unit_test(playing_fullscreen_video_with_hidden_pointer_and_sound_is_clean),
        cmocka_unit_test(fullscreen_game_with_sound_is_clean),
        cmocka_unit_test(japanese_company_page_with_tollfree_number_is_not_alert),
        cmocka_unit_test(microsoft_support_page_is_not_alert),
        cmocka_unit_test(article_quoting_the_scam_is_not_alert_and_names_it),
        cmocka_unit_test(full_scam_page_text_in_fullscreen_alerts_even_with_a_bland_title),
        cmocka_unit_test(no_single_trait_alerts_on_its_own),
        cmocka_unit_test(browser_suffix_is_not_taken_as_brand),
        cmocka_unit_test(lookalike_letters_in_title_are_seen_through),
        cmocka_unit_test(loud_steady_audio_counts_only_when_playing_and_sustained),
        cmocka_unit_test(hidden_pointer_adds_nothing_in_fullscreen),
        cmocka_unit_test(thresholds_come_from_the_rules),
        cmocka_unit_test(weights_come_from_the_rules),
        cmocka_unit_test(wording_cap_keeps_the_strongest_wording_whatever_the_weights),
        cmocka_unit_test(a_user_phrase_list_changes_what_is_detected),
        cmocka_unit_test(score_is_clamped_to_100_with_everything_present),
        cmocka_unit_test(missing_title_scores_what_else_is_known),
        cmocka_unit_test(long_page_text_is_read_to_its_end),
        cmocka_unit_test(a_looping_alarm_is_its_own_trait_and_outweighs_plain_loud_sound),
        cmocka_unit_test(window_and_sound_never_outweigh_what_the_page_says),
        cmocka_unit_test(contact_page_with_number_and_call_in_fullscreen_stays_below_alert),
        cmocka_unit_test(reported_alarm_words_count_for_little),
        cmocka_unit_test(direct_alarm_claims_alert_from_the_text_alone),
        cmocka_unit_test(verdict_names_are_stable),
    };
    return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
