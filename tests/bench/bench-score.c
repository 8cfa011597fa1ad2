/*
 * bench-score.c - how fast score_observation() is, in-process, on fixed mixes.
 *
 * Three mixes of 50 observations each, built once before any timing:
 *   title-only  window titles with browser suffixes (bland, benign, scam-like;
 *               Japanese and English), exe and class to match: what the daemon
 *               scores on every scan of every browser window;
 *   title+text  the same titles with a page text of a few hundred characters;
 *   full        title, text, fullscreen and 20 s of audio peaks (alarm or music).
 * Each mix is scored over and over for about SECONDS (default 1.5) and the rate
 * printed as observations per second (CLOCK_MONOTONIC, one core).
 *
 *   bench-score [SECONDS]             all three mixes
 *   bench-score --count N [MIX]       one mix (title-only, title+text or full; by
 *                                     default title-only), N observations, no timing:
 *                                     for valgrind --tool=callgrind (see run-bench.sh)
 *
 * The titles and texts are written for this benchmark, not taken from the corpus:
 * it measures speed, not detection. The sum of the scores is printed so the
 * compiler cannot drop the work.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "observation.h"
#include "score.h"

#define MIX_SIZE 50
#define PEAK_COUNT 200 /* 20 s at one peak per 100 ms */

static const char *const TITLES[MIX_SIZE] = {
    "Inbox (3) - example mail - Google Chrome",
    "天気予報 - 東京都の週間天気 - Google Chrome",
    "New Tab - Google Chrome",
    "Untitled - Google Chrome",
    "お買い物カート | 通販ストア - Google Chrome",
    "Recipe: easy miso soup in ten minutes - Google Chrome",
    "警告: お使いのPCはロックされています - Google Chrome",
    "Windows Defender Alert: Spyware Detected - Google Chrome",
    "0120-000-000 サポートセンター - Google Chrome",
    "Home - Google Chrome",
    "ニュース速報 - 経済 - Google Chrome",
    "Video player - Google Chrome",
    "System Warning Code 0x80070005 - Google Chrome",
    "Loading... - Google Chrome",
    "Your computer is infected! Call +1-800-000-0000 - Google Chrome",
    "旅行の予約確認 - Microsoft\xe2\x80\x8b Edge",
    "Online banking login - Microsoft\xe2\x80\x8b Edge",
    "Security Center - Microsoft\xe2\x80\x8b Edge",
    "マイクロソフト サポートに電話してください - Microsoft\xe2\x80\x8b Edge",
    "Settings - Microsoft\xe2\x80\x8b Edge",
    "家族の写真アルバム - 個人 - Microsoft\xe2\x80\x8b Edge",
    "Quarterly report.xlsx - 個人 - Microsoft\xe2\x80\x8b Edge",
    "トロイの木馬に感染しました - 個人 - Microsoft\xe2\x80\x8b Edge",
    "Error #DW6VB36 - 個人 - Microsoft\xe2\x80\x8b Edge",
    "Live radio: morning classics - 個人 - Microsoft\xe2\x80\x8b Edge",
    "ｗｉｎｄｏｗｓ セキュリティ - Microsoft\xe2\x80\x8b Edge",
    "Map of Kyoto stations - Microsoft\xe2\x80\x8b Edge",
    "Apple Support: your iPhone is locked - Microsoft\xe2\x80\x8b Edge",
    "72913 - Microsoft\xe2\x80\x8b Edge",
    "プレミアム会員のご案内 - Microsoft\xe2\x80\x8b Edge",
    "Mozilla Firefox",
    "Wikipedia, the free encyclopedia \xe2\x80\x94 Mozilla Firefox",
    "区役所からのお知らせ \xe2\x80\x94 Mozilla Firefox",
    "Microsoft Windows: License expired \xe2\x80\x94 Mozilla Firefox",
    "Chess puzzle of the day \xe2\x80\x94 Mozilla Firefox",
    "ウイルス対策ソフトの選び方 \xe2\x80\x94 Mozilla Firefox",
    "Do not restart your computer \xe2\x80\x94 Mozilla Firefox",
    "Mіcrоsoft Support (look-alike letters) \xe2\x80\x94 Mozilla Firefox",
    "テレビ番組表 \xe2\x80\x94 Mozilla Firefox",
    "Flight status LH 714 \xe2\x80\x94 Mozilla Firefox",
    "サポート詐欺に注意 - 消費生活センター \xe2\x80\x94 Mozilla Firefox",
    "Account blocked for your protection \xe2\x80\x94 Mozilla Firefox",
    "Garden centre opening hours \xe2\x80\x94 Mozilla Firefox",
    "料理動画 - 簡単レシピ - Google Chrome",
    "Norton: your subscription has ended - Google Chrome",
    "050-0000-0000 にお電話ください - Google Chrome",
    "Sign in - Google Chrome",
    "Stock prices today - Google Chrome",
    "Computer Error 5XQ2 - Google Chrome",
    "地図 - 駅からの道順 - Google Chrome",
};

static const char *const TEXTS[] = {
    "Today's forecast: cloudy in the morning, clearing in the afternoon. Highs around 18 "
    "degrees. Tomorrow brings light rain in the north and a cool wind from the sea. The "
    "weekend looks dry and mild; a good time for the autumn festival in the park.",
    "本日の特売品のご案内です。野菜、果物、お魚の詰め合わせをご用意しました。ご注文は"
    "午後三時までにお願いいたします。配送料は五千円以上のご購入で無料になります。",
    "Windows Defender Security Center. Access to this PC has been blocked for security "
    "reasons. Your computer has alerted us that it has been infected with a Trojan "
    "spyware. Do not close this window or restart your computer. Call Microsoft Support "
    "immediately: +1-800-000-0000 (toll free). Error code: 0x80072ee7.",
    "お使いのコンピューターはウイルスに感染しています。個人情報が盗まれる危険があります。"
    "このウィンドウを閉じないでください。今すぐサポートにお電話ください：0120-000-000 "
    "（フリーダイヤル）。Windows セキュリティ エラーコード: 0x8024402c",
    "How to spot a tech support scam: a page goes fullscreen, plays an alarm and shows a "
    "phone number. Real companies never ask you to call them from a pop-up. Close the "
    "browser, and if you called, contact your bank and the consumer centre.",
    "Chapter 3. The train left the station at dawn, and the valley opened below us like "
    "a book. My grandmother pointed at the rice fields and told the story of the flood "
    "of her childhood, when the river came up to the temple steps.",
    "修理のご依頼はお客様窓口（0120-000-111、受付時間 9:00〜18:00）までお電話ください。"
    "保証期間内の製品は無償で修理いたします。製品の型番とご購入日をご確認ください。",
    "Your Apple ID has been locked. Suspicious activity was detected on your device. "
    "Premium protection expired. Scan completed: 5 threats found. Contact Apple Care.",
};
#define TEXT_COUNT (sizeof TEXTS / sizeof TEXTS[0])

typedef enum { MIX_TITLE, MIX_TEXT, MIX_FULL } MixKind;

static char *copy_text(const char *s)
{
    char *p = strdup(s);
    if (p == NULL) {
        fputs("bench-score: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

/* A looping alarm (a beep every 0.8 s) or music (slowly varying), 0..1. */
static void fill_peaks(float *peaks, size_t count, int alarm)
{
    for (size_t i = 0; i < count; i++) {
        if (alarm)
            peaks[i] = (i % 8) < 5 ? 0.9f : 0.05f;
        else
            peaks[i] = 0.3f + 0.2f * (float)((i * 7) % 11) / 10.0f;
    }
}

static void build_mix(MixKind kind, Observation *mix)
{
    for (size_t i = 0; i < MIX_SIZE; i++) {
        Observation *o = &mix[i];
        observation_init(o);
        o->title = copy_text(TITLES[i]);
        if (strstr(TITLES[i], "Firefox") != NULL) {
            o->exe = copy_text("firefox.exe");
            o->window_class = copy_text("MozillaWindowClass");
        } else {
            o->exe = copy_text(strstr(TITLES[i], "Edge") ? "msedge.exe" : "chrome.exe");
            o->window_class = copy_text("Chrome_WidgetWin_1");
        }
        if (kind == MIX_TITLE)
            continue;
        o->text = copy_text(TEXTS[i % TEXT_COUNT]);
        if (kind == MIX_TEXT)
            continue;
        o->fullscreen = i % 2 == 0 ? TRISTATE_YES : TRISTATE_NO;
        o->audio_playing = TRISTATE_YES;
        o->audio_peaks = malloc(PEAK_COUNT * sizeof *o->audio_peaks);
        if (o->audio_peaks == NULL) {
            fputs("bench-score: out of memory\n", stderr);
            exit(1);
        }
        o->audio_peak_count = PEAK_COUNT;
        fill_peaks(o->audio_peaks, PEAK_COUNT, i % 3 != 0);
    }
}

static void free_mix(Observation *mix)
{
    for (size_t i = 0; i < MIX_SIZE; i++)
        observation_free(&mix[i]);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Scores the mix pass after pass until `seconds` have gone by; prints the rate. */
static long long time_mix(const char *label, const ScoreRules *rules, MixKind kind,
                          double seconds)
{
    Observation mix[MIX_SIZE];
    Verdict verdict;
    long long scored = 0;
    long long score_sum = 0;

    build_mix(kind, mix);
    double start = now_seconds();
    double elapsed = 0.0;
    do {
        for (size_t i = 0; i < MIX_SIZE; i++) {
            score_observation(rules, &mix[i], &verdict);
            score_sum += verdict.score;
        }
        scored += MIX_SIZE;
        elapsed = now_seconds() - start;
    } while (elapsed < seconds);
    free_mix(mix);

    printf("%-11s %12.0f observations/s  (%lld in %.2f s, %.0f ns each)\n", label,
           (double)scored / elapsed, scored, elapsed, elapsed * 1e9 / (double)scored);
    return score_sum;
}

static const char *const mix_names[] = {"title-only", "title+text", "full"};

/* The mix of that name; false for any other name. */
static bool mix_named(const char *name, MixKind *kind)
{
    for (int k = MIX_TITLE; k <= MIX_FULL; k++) {
        if (strcmp(name, mix_names[k]) == 0) {
            *kind = (MixKind)k;
            return true;
        }
    }
    return false;
}

/* Scores exactly `count` observations of one mix: the callgrind run. */
static long long count_mix(const ScoreRules *rules, MixKind kind, long long count)
{
    Observation mix[MIX_SIZE];
    Verdict verdict;
    long long score_sum = 0;

    build_mix(kind, mix);
    for (long long n = 0; n < count; n++) {
        score_observation(rules, &mix[n % MIX_SIZE], &verdict);
        score_sum += verdict.score;
    }
    free_mix(mix);
    printf("scored %lld %s observations\n", count, mix_names[kind]);
    return score_sum;
}

int main(int argc, char **argv)
{
    Config cfg;
    long long score_sum;

    if (config_default(&cfg) != 0) {
        fputs("bench-score: out of memory loading the default configuration\n", stderr);
        return 1;
    }
    if ((argc == 3 || argc == 4) && strcmp(argv[1], "--count") == 0) {
        long long count = strtoll(argv[2], NULL, 10);
        MixKind kind = MIX_TITLE;
        if (count <= 0 || (argc == 4 && !mix_named(argv[3], &kind))) {
            fputs("bench-score: --count needs a positive number, then title-only, title+text "
                  "or full\n", stderr);
            config_free(&cfg);
            return 1;
        }
        score_sum = count_mix(&cfg.rules, kind, count);
    } else if (argc <= 2) {
        double seconds = argc == 2 ? strtod(argv[1], NULL) : 1.5;
        if (!(seconds > 0.0)) {
            fputs("usage: bench-score [SECONDS] | --count N [MIX]\n", stderr);
            config_free(&cfg);
            return 1;
        }
        score_sum = time_mix(mix_names[MIX_TITLE], &cfg.rules, MIX_TITLE, seconds);
        score_sum += time_mix(mix_names[MIX_TEXT], &cfg.rules, MIX_TEXT, seconds);
        score_sum += time_mix(mix_names[MIX_FULL], &cfg.rules, MIX_FULL, seconds);
    } else {
        fputs("usage: bench-score [SECONDS] | --count N [MIX]\n", stderr);
        config_free(&cfg);
        return 1;
    }
    printf("(score sum %lld)\n", score_sum);
    config_free(&cfg);
    return 0;
}
