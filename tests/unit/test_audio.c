/*
 * test_audio.c - the audio trait: loops found in real kits' alarms and voice messages,
 * not in music or speech, and sane answers to every odd series.
 *
 * The corpus part reads tests/data/audio-envelopes.txt (made from the shared corpus by
 * tests/data/make-audio-envelopes.py): real scam kits' sound files looped as the kits
 * loop them, game music, text-to-speech of ordinary pages and looped desktop sounds,
 * as 100 ms peaks. Run from the repository top, or set OMAMORI_TEST_DATA to the file.
 * The synthetic part builds series whose right answer is known by construction.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audio.h"

#define DATA_FILE "tests/data/audio-envelopes.txt"
#define MAX_CLIPS 64

/* ---- the corpus ----------------------------------------------------------------- */

typedef struct Clip {
    char id[64];
    char kind[16];
    char source[256];
    size_t count;
    float *peaks;
} Clip;

typedef struct Corpus {
    Clip clips[MAX_CLIPS];
    size_t count;
} Corpus;

static void corpus_free(Corpus *c)
{
    if (!c)
        return; /* cmocka tears down a group whose setup failed, too */
    for (size_t i = 0; i < c->count; i++)
        free(c->clips[i].peaks);
    free(c);
}

/* One data line: id TAB kind TAB source TAB n TAB v1 ... vn. Returns 1, 0 at the end, -1. */
static int read_clip(FILE *f, Clip *clip)
{
    int ch;
    while ((ch = getc(f)) == '#' || ch == '\n') /* comments and blank lines */
        while (ch != '\n' && ch != EOF)
            ch = getc(f);
    if (ch == EOF)
        return 0;
    ungetc(ch, f);
    unsigned long n;
    if (fscanf(f, "%63[^\t]\t%15[^\t]\t%255[^\t]\t%lu", clip->id, clip->kind, clip->source,
               &n) != 4 ||
        n == 0 || n > 100000)
        return -1;
    clip->count = (size_t)n;
    clip->peaks = malloc(n * sizeof *clip->peaks);
    if (!clip->peaks)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (fscanf(f, " %f", &clip->peaks[i]) != 1)
            return -1;
    return 1;
}

static int corpus_setup(void **state)
{
    const char *path = getenv("OMAMORI_TEST_DATA");
    if (!path || !*path)
        path = DATA_FILE;
    FILE *f = fopen(path, "r");
    if (!f) {
        print_error("cannot open %s: run from the repository top or set OMAMORI_TEST_DATA\n",
                    path);
        return -1;
    }
    Corpus *c = calloc(1, sizeof *c);
    int rc = c ? 1 : -1;
    while (rc == 1 && c->count < MAX_CLIPS) {
        rc = read_clip(f, &c->clips[c->count]);
        if (rc == 1 || c->clips[c->count].peaks)
            c->count++; /* a half-read clip is kept only to be freed */
    }
    fclose(f);
    if (rc != 0) {
        print_error("%s: malformed line, or over %d clips, after clip %zu\n", path, MAX_CLIPS,
                    c ? c->count : 0);
        if (c)
            corpus_free(c);
        return -1;
    }
    *state = c;
    return 0;
}

static int corpus_teardown(void **state)
{
    corpus_free(*state);
    return 0;
}

static bool is_scam(const Clip *clip) { return strcmp(clip->kind, "scam") == 0; }
static bool source_has(const Clip *clip, const char *s) { return strstr(clip->source, s) != NULL; }

/* The benign clips by what they are (the data keeps where each came from). */
typedef enum { BENIGN_MUSIC, BENIGN_SPEECH, BENIGN_BELL, BENIGN_CHIME, BENIGN_UNKNOWN } BenignKind;

static BenignKind benign_kind(const Clip *clip)
{
    if (source_has(clip, "frozen-bubble"))
        return BENIGN_MUSIC;
    if (source_has(clip, "espeak-ng reading"))
        return BENIGN_SPEECH;
    if (source_has(clip, "sound-theme-freedesktop/bell"))
        return BENIGN_BELL;
    if (source_has(clip, "sound-theme-freedesktop/complete"))
        return BENIGN_CHIME;
    return BENIGN_UNKNOWN;
}

static void analyse_clip(const Clip *clip, size_t count, AudioFinding *f)
{
    audio_analyse(clip->peaks, count < clip->count ? count : clip->count, f);
}

/*
 * An independent check that the envelope really repeats at period p: one period on,
 * the 100 ms peaks differ from themselves by under half as much as they typically do
 * at other lags (the corpus's loops: at most 0.35 of it).
 */
static double mean_difference(const float *x, size_t n, size_t lag)
{
    double sum = 0.0;
    for (size_t i = 0; i + lag < n; i++)
        sum += x[i] > x[i + lag] ? x[i] - x[i + lag] : x[i + lag] - x[i];
    return sum / (double)(n - lag);
}

static void assert_really_repeats(const Clip *clip, const AudioFinding *f)
{
    size_t n = clip->count < AUDIO_WINDOW_SAMPLES ? clip->count : AUDIO_WINDOW_SAMPLES;
    const float *x = clip->peaks + (clip->count - n);
    size_t p = (size_t)(f->period_ms / AUDIO_SAMPLE_MS);
    double typical = 0.0;
    size_t lags = 0;
    for (size_t lag = 3; lag + 150 <= n; lag++) {
        size_t off = lag % p;
        if (off <= 2 || off >= p - 2)
            continue; /* a multiple of the period, or next to one */
        typical += mean_difference(x, n, lag);
        lags++;
    }
    if (lags == 0)
        fail_msg("%s: no lag to compare period %d ms with", clip->id, f->period_ms);
    typical /= (double)lags;
    double at_period = mean_difference(x, n, p);
    if (!(at_period < 0.5 * typical))
        fail_msg("%s: at the reported period %d ms the peaks differ by %.3f, typically %.3f",
                 clip->id, f->period_ms, at_period, typical);
}

static void corpus_holds_scam_and_benign_clips_of_every_kind(void **state)
{
    const Corpus *c = *state;
    size_t scams = 0, kinds[BENIGN_UNKNOWN + 1] = {0};
    for (size_t i = 0; i < c->count; i++) {
        const Clip *clip = &c->clips[i];
        if (is_scam(clip))
            scams++;
        else if (strcmp(clip->kind, "benign") == 0)
            kinds[benign_kind(clip)]++;
        else
            fail_msg("%s: kind \"%s\"", clip->id, clip->kind);
        if (clip->count < 200)
            fail_msg("%s: only %zu peaks", clip->id, clip->count);
        for (size_t k = 0; k < clip->count; k++)
            if (!(clip->peaks[k] >= 0.0f && clip->peaks[k] <= 1.0f))
                fail_msg("%s: peak %zu is %f", clip->id, k, (double)clip->peaks[k]);
    }
    assert_true(scams >= 18);
    assert_int_equal(kinds[BENIGN_MUSIC], 1);
    assert_true(kinds[BENIGN_SPEECH] >= 5);
    assert_int_equal(kinds[BENIGN_BELL], 1);
    assert_int_equal(kinds[BENIGN_CHIME], 1);
    /* A new kind of benign clip needs its own expectation below. */
    assert_int_equal(kinds[BENIGN_UNKNOWN], 0);
}

/*
 * All of them, not a share: the worst kit loop matches itself at 0.89 where a loop
 * needs 0.8, and the best benign non-loop reaches 0.66.
 */
static void every_scam_kit_sound_is_found_looping_and_sustained(void **state)
{
    const Corpus *c = *state;
    for (size_t i = 0; i < c->count; i++) {
        const Clip *clip = &c->clips[i];
        if (!is_scam(clip))
            continue;
        AudioFinding f;
        analyse_clip(clip, SIZE_MAX, &f);
        if (!f.looping || !f.sustained)
            fail_msg("%s (%s): looping %d sustained %d (match %.2f, period %d ms, on %d%%)",
                     clip->id, clip->source, f.looping, f.sustained, (double)f.regularity,
                     f.period_ms, f.active_percent);
        assert_in_range(f.period_ms, 300, 45000);
        assert_true(f.regularity >= 0.8f && f.regularity <= 1.0f);
        assert_true(f.level > 0.2f);
        assert_int_equal(f.window_ms, (int)clip->count * AUDIO_SAMPLE_MS);
        assert_really_repeats(clip, &f);
    }
}

/* The short beep pattern of mac.mp3 is reported as its 5 s pattern, not a multiple. */
static void scam_beep_pattern_is_reported_at_its_own_period(void **state)
{
    const Corpus *c = *state;
    size_t seen = 0;
    for (size_t i = 0; i < c->count; i++) {
        const Clip *clip = &c->clips[i];
        if (!source_has(clip, "/sound/mac.mp3"))
            continue;
        AudioFinding f;
        analyse_clip(clip, SIZE_MAX, &f);
        assert_true(f.looping);
        assert_in_range(f.period_ms, 5000, 5400);
        assert_true(f.repeats > 10.0f);
        seen++;
    }
    assert_int_equal(seen, 1);
}

/* The daemon judges as history grows: a kit's loop, once seen, stays seen. */
static void scam_loop_once_found_stays_found_as_history_grows(void **state)
{
    const Corpus *c = *state;
    for (size_t i = 0; i < c->count; i++) {
        const Clip *clip = &c->clips[i];
        if (!is_scam(clip))
            continue;
        bool found = false;
        for (size_t n = AUDIO_MIN_SAMPLES; n <= clip->count; n += 10) {
            AudioFinding f;
            analyse_clip(clip, n, &f);
            if (found && !f.looping)
                fail_msg("%s: looping at less history, not at %zu peaks", clip->id, n);
            found = found || f.looping;
            /* A loop needs one period plus its repeats: two periods (and 3 s) for a
             * short one, 15 s for a long one (the envelope is one shorter than n). */
            size_t p = (size_t)(f.period_ms / AUDIO_SAMPLE_MS);
            size_t repeat = 2 * p > 30 ? 2 * p : 30;
            if (f.looping && p + (repeat < 150 ? repeat : 150) + 1 > n)
                fail_msg("%s: a %d ms loop claimed in %zu peaks", clip->id, f.period_ms, n);
        }
        assert_true(found);
    }
}

static void game_music_is_sustained_but_not_a_loop_at_any_length(void **state)
{
    const Corpus *c = *state;
    for (size_t i = 0; i < c->count; i++) {
        const Clip *clip = &c->clips[i];
        if (is_scam(clip) || benign_kind(clip) != BENIGN_MUSIC)
            continue;
        AudioFinding f;
        for (size_t n = AUDIO_MIN_SAMPLES; n <= clip->count; n += 5) {
            analyse_clip(clip, n, &f);
            if (f.looping)
                fail_msg("%s: loop of %d ms (match %.2f) in %zu peaks", clip->id, f.period_ms,
                         (double)f.regularity, n);
        }
        analyse_clip(clip, SIZE_MAX, &f);
        assert_true(f.sustained);
        assert_true(f.regularity < 0.8f);
    }
}

static void speech_reading_a_page_is_sustained_but_not_a_loop_at_any_length(void **state)
{
    const Corpus *c = *state;
    for (size_t i = 0; i < c->count; i++) {
        const Clip *clip = &c->clips[i];
        if (is_scam(clip) || benign_kind(clip) != BENIGN_SPEECH)
            continue;
        AudioFinding f;
        for (size_t n = AUDIO_MIN_SAMPLES; n <= clip->count; n += 5) {
            analyse_clip(clip, n, &f);
            if (f.looping)
                fail_msg("%s: loop of %d ms (match %.2f) in %zu peaks", clip->id, f.period_ms,
                         (double)f.regularity, n);
        }
        analyse_clip(clip, SIZE_MAX, &f);
        assert_true(f.sustained);
        assert_false(f.steady);
        assert_true(f.regularity < 0.5f); /* speech is nowhere near repeating */
    }
}

/* bell.oga looped: at 100 ms the level never moves; a constant tone, not a loop. */
static void looped_desktop_bell_is_a_steady_tone_not_a_loop(void **state)
{
    const Corpus *c = *state;
    for (size_t i = 0; i < c->count; i++) {
        const Clip *clip = &c->clips[i];
        if (is_scam(clip) || benign_kind(clip) != BENIGN_BELL)
            continue;
        AudioFinding f;
        analyse_clip(clip, SIZE_MAX, &f);
        assert_true(f.steady);
        assert_false(f.looping);
        assert_true(f.sustained);
    }
}

/*
 * complete.oga looped once a second: a loop, exactly like a beeping alarm (the near
 * miss that audio alone must never alert on); not sustained, as it dies away between.
 */
static void looped_desktop_chime_is_flagged_as_a_loop_but_not_sustained(void **state)
{
    const Corpus *c = *state;
    for (size_t i = 0; i < c->count; i++) {
        const Clip *clip = &c->clips[i];
        if (is_scam(clip) || benign_kind(clip) != BENIGN_CHIME)
            continue;
        AudioFinding f;
        analyse_clip(clip, SIZE_MAX, &f);
        assert_true(f.looping);
        assert_in_range(f.period_ms, 1000, 1200);
        assert_false(f.sustained);
        assert_true(f.active_percent < 60);
        assert_really_repeats(clip, &f);
    }
}

/* The whole table, printed for the record; pinned where the tests above do not. */
static void confusion_matrix_on_the_corpus(void **state)
{
    const Corpus *c = *state;
    size_t table[2][2][2] = {{{0}}}; /* [scam][looping][sustained] */
    for (size_t i = 0; i < c->count; i++) {
        AudioFinding f;
        analyse_clip(&c->clips[i], SIZE_MAX, &f);
        table[is_scam(&c->clips[i])][f.looping][f.sustained]++;
        print_message("# %-24s %-6s looping %d sustained %d steady %d period %5d ms match %.2f "
                      "on %3d%%\n",
                      c->clips[i].id, c->clips[i].kind, f.looping, f.sustained, f.steady,
                      f.period_ms, (double)f.regularity, f.active_percent);
    }
    for (int s = 1; s >= 0; s--)
        print_message("# %-6s loop+sustained %zu, loop only %zu, sustained only %zu, "
                      "neither %zu\n",
                      s ? "scam" : "benign", table[s][1][1], table[s][1][0], table[s][0][1],
                      table[s][0][0]);
    assert_int_equal(table[1][0][0] + table[1][0][1] + table[1][1][0], 0);
    assert_int_equal(table[0][1][1], 0); /* no benign clip is both */
    assert_int_equal(table[0][1][0], 1); /* the chime */
}

/* ---- synthetic series ------------------------------------------------------------ */

#define LONG_SERIES 6000 /* 10 minutes */

static float series[LONG_SERIES];

/* A small deterministic generator: the tests must not depend on the C library's rand. */
static uint32_t lcg_state;
static float lcg_unit(void)
{
    lcg_state = lcg_state * 1664525u + 1013904223u;
    return (float)(lcg_state >> 8) / 16777216.0f;
}

/* Beeps: `on` samples at `high`, then `period - on` at `low`, repeated over n samples. */
static void make_beeps(float *x, size_t n, size_t period, size_t on, float high, float low)
{
    for (size_t i = 0; i < n; i++)
        x[i] = i % period < on ? high : low;
}

/* A voice-like message of `period` samples (random syllables, short pauses), looped. */
static void make_message_loop(float *x, size_t n, size_t period, uint32_t seed)
{
    lcg_state = seed;
    for (size_t i = 0; i < period && i < n; i++)
        x[i] = lcg_unit() < 0.15f ? 0.0f : 0.1f + 0.7f * lcg_unit();
    for (size_t i = period; i < n; i++)
        x[i] = x[i - period];
}

static void make_noise(float *x, size_t n, uint32_t seed, float low, float high)
{
    lcg_state = seed;
    for (size_t i = 0; i < n; i++)
        x[i] = low + (high - low) * lcg_unit();
}

typedef struct LoopCase {
    const char *what;
    size_t period; /* samples */
    size_t count;  /* samples of history */
} LoopCase;

static void looped_patterns_are_found_at_their_period(void **state)
{
    (void)state;
    static const LoopCase cases[] = {
        {"0.5 s pattern, 10 s", 5, 100},   {"1 s pattern, 10 s", 10, 100},
        {"2.5 s pattern, 30 s", 25, 300},  {"7 s pattern, 40 s", 70, 400},
        {"14 s message, 60 s", 140, 600},  {"20 s message, 60 s", 200, 600},
        {"30 s message, 50 s", 300, 500},  {"44 s message, 60 s", 440, 600},
        {"20 s message, 10 min", 200, LONG_SERIES},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        make_message_loop(series, cases[i].count, cases[i].period, 7u + (uint32_t)i);
        AudioFinding f;
        audio_analyse(series, cases[i].count, &f);
        if (!f.looping || f.period_ms != (int)cases[i].period * AUDIO_SAMPLE_MS)
            fail_msg("%s: looping %d, period %d ms (match %.2f)", cases[i].what, f.looping,
                     f.period_ms, (double)f.regularity);
        assert_true(f.regularity > 0.95f);
        size_t judged = cases[i].count < AUDIO_WINDOW_SAMPLES ? cases[i].count
                                                              : AUDIO_WINDOW_SAMPLES;
        float repeats = (float)judged / (float)cases[i].period;
        assert_true(f.repeats > repeats - 0.01f && f.repeats < repeats + 0.01f);
    }
}

static void one_second_beep_and_gap_is_a_loop_of_1000_ms_not_sustained(void **state)
{
    (void)state;
    make_beeps(series, 200, 10, 5, 0.8f, 0.0f);
    AudioFinding f;
    audio_analyse(series, 200, &f);
    assert_true(f.judged);
    assert_true(f.audible);
    assert_true(f.looping);
    assert_int_equal(f.period_ms, 1000);
    assert_true(f.regularity > 0.95f);
    assert_false(f.sustained); /* half of it is silence */
    assert_int_equal(f.active_percent, 50);
    assert_int_equal(f.loud_percent, 50);
    assert_int_equal(f.window_ms, 20000);
    assert_true(f.repeats > 19.9f && f.repeats < 20.1f);
}

/* A short pattern counts once its repeats cover 3 s: not at 3.5 s of beeps, at 4.5 s. */
static void short_pattern_needs_three_seconds_of_repeats(void **state)
{
    (void)state;
    make_beeps(series, 45, 10, 5, 0.8f, 0.0f);
    AudioFinding f;
    audio_analyse(series, 35, &f);
    assert_true(f.judged);
    assert_false(f.looping);
    audio_analyse(series, 45, &f);
    assert_true(f.looping);
    assert_int_equal(f.period_ms, 1000);
}

static void two_tone_siren_is_a_sustained_loop(void **state)
{
    (void)state;
    make_beeps(series, 300, 8, 4, 0.9f, 0.5f); /* high-low every 0.4 s, never silent */
    AudioFinding f;
    audio_analyse(series, 300, &f);
    assert_true(f.looping);
    assert_int_equal(f.period_ms, 800);
    assert_true(f.sustained);
    assert_int_equal(f.active_percent, 100);
}

/*
 * A loop whose period is no whole number of 100 ms (1.37 s) meets the sampling grid
 * differently every time round; it is still found, at 1.3 or 1.4 s.
 */
static void loop_off_the_100_ms_grid_is_found(void **state)
{
    (void)state;
    enum { PERIOD_10MS = 137, ON_10MS = 40, SAMPLES = 300 };
    for (size_t i = 0; i < SAMPLES; i++) {
        float peak = 0.0f;
        for (size_t t = i * 10; t < i * 10 + 10; t++) /* ten 10 ms peaks per sample */
            if (t % PERIOD_10MS < ON_10MS && 0.7f > peak)
                peak = 0.7f;
        series[i] = peak;
    }
    AudioFinding f;
    audio_analyse(series, SAMPLES, &f);
    assert_true(f.looping);
    assert_in_range(f.period_ms, 1300, 1400);
}

/*
 * Like the kit's mac.mp3: a file of 25 s holding one 5 s pattern five times, each copy
 * a little different. The file matches itself exactly every 25 s, the pattern nearly
 * every 5 s; the period reported is the pattern's.
 */
static void pattern_repeated_inside_a_looped_file_is_reported_at_its_own_period(void **state)
{
    (void)state;
    enum { PATTERN = 50, FILE_LENGTH = 250, SAMPLES = 600 };
    float file[FILE_LENGTH];
    make_message_loop(file, FILE_LENGTH, PATTERN, 5u);
    lcg_state = 77u;
    for (size_t i = 0; i < FILE_LENGTH; i++) {
        float v = file[i] + 0.16f * (lcg_unit() - 0.5f);
        file[i] = v < 0.0f ? 0.0f : v;
    }
    for (size_t i = 0; i < SAMPLES; i++)
        series[i] = file[i % FILE_LENGTH];
    AudioFinding f;
    audio_analyse(series, SAMPLES, &f);
    assert_true(f.looping);
    assert_int_equal(f.period_ms, PATTERN * AUDIO_SAMPLE_MS);
    assert_true(f.regularity >= 0.8f && f.regularity < 0.999f); /* near, not exact */
}

static void random_noise_is_sustained_but_not_a_loop(void **state)
{
    (void)state;
    for (uint32_t seed = 1; seed <= 20; seed++) {
        make_noise(series, 600, seed, 0.1f, 0.9f);
        AudioFinding f;
        audio_analyse(series, 600, &f);
        if (f.looping)
            fail_msg("seed %u: loop of %d ms (match %.2f)", (unsigned)seed, f.period_ms,
                     (double)f.regularity);
        assert_true(f.sustained);
        assert_true(f.regularity < 0.5f);
    }
}

/* Speech-like: syllables of random length and level, pauses of random length. */
static void unrepeated_speech_like_envelope_is_not_a_loop(void **state)
{
    (void)state;
    for (uint32_t seed = 1; seed <= 20; seed++) {
        lcg_state = seed * 7919u;
        size_t i = 0;
        while (i < 600) {
            size_t len = 1 + (size_t)(lcg_unit() * 4.0f);
            float v = lcg_unit() < 0.2f ? 0.0f : 0.2f + 0.6f * lcg_unit();
            for (size_t k = 0; k < len && i < 600; k++)
                series[i++] = v;
        }
        AudioFinding f;
        audio_analyse(series, 600, &f);
        if (f.looping)
            fail_msg("seed %u: loop of %d ms (match %.2f)", (unsigned)seed, f.period_ms,
                     (double)f.regularity);
    }
}

/* A fade matches itself at every lag (a straight line does) yet repeats nothing. */
static void slow_fade_is_not_a_loop(void **state)
{
    (void)state;
    for (size_t i = 0; i < 600; i++)
        series[i] = 0.05f + 0.9f * (float)i / 600.0f;
    AudioFinding f;
    audio_analyse(series, 600, &f);
    assert_false(f.looping);
    assert_false(f.steady);
}

static void silence_is_judged_and_nothing_else(void **state)
{
    (void)state;
    memset(series, 0, 600 * sizeof series[0]);
    AudioFinding f;
    audio_analyse(series, 600, &f);
    assert_true(f.judged);
    assert_false(f.audible);
    assert_false(f.sustained);
    assert_false(f.looping);
    assert_false(f.steady);
    assert_int_equal(f.active_percent, 0);
    assert_int_equal(f.period_ms, 0);
    /* Faint hiss below -34 dBFS is silence too, patterned or not. */
    make_beeps(series, 600, 10, 5, 0.015f, 0.0f);
    audio_analyse(series, 600, &f);
    assert_false(f.audible);
    assert_false(f.looping);
}

/* Constant level: sustained, steady, and not a loop (there is no shape to repeat). */
static void constant_tone_is_sustained_and_steady_not_a_loop(void **state)
{
    (void)state;
    for (size_t i = 0; i < 600; i++)
        series[i] = 0.5f + (i % 7 == 0 ? 0.01f : 0.0f); /* a ripple far below 10% */
    AudioFinding f;
    audio_analyse(series, 600, &f);
    assert_true(f.sustained);
    assert_true(f.steady);
    assert_false(f.looping);
    assert_int_equal(f.active_percent, 100);
    assert_int_equal(f.loud_percent, 100);
}

static void under_three_seconds_gives_no_finding(void **state)
{
    (void)state;
    make_beeps(series, 600, 10, 5, 0.8f, 0.0f);
    AudioFinding f;
    memset(&f, 0xff, sizeof f); /* everything must be overwritten */
    audio_analyse(series, AUDIO_MIN_SAMPLES - 1, &f);
    assert_false(f.judged);
    assert_false(f.audible);
    assert_false(f.looping);
    assert_false(f.sustained);
    assert_int_equal(f.period_ms, 0);
    assert_int_equal(f.window_ms, 0);
    memset(&f, 0xff, sizeof f);
    audio_analyse(NULL, 0, &f);
    assert_false(f.judged);
    audio_analyse(NULL, 1000, &f);
    assert_false(f.judged);
    /* Exactly 3 s is judged. */
    audio_analyse(series, AUDIO_MIN_SAMPLES, &f);
    assert_true(f.judged);
    assert_int_equal(f.window_ms, 3000);
}

/* Only the last 60 s count: what played minutes ago is not what plays now. */
static void only_the_last_minute_is_judged(void **state)
{
    (void)state;
    make_message_loop(series, LONG_SERIES, 100, 42u);
    make_noise(series + LONG_SERIES - 600, 600, 9u, 0.1f, 0.9f);
    AudioFinding f;
    audio_analyse(series, LONG_SERIES, &f);
    assert_false(f.looping);
    assert_int_equal(f.window_ms, AUDIO_WINDOW_SAMPLES * AUDIO_SAMPLE_MS);
    make_noise(series, LONG_SERIES, 9u, 0.1f, 0.9f);
    make_message_loop(series + LONG_SERIES - 600, 600, 100, 42u);
    audio_analyse(series, LONG_SERIES, &f);
    assert_true(f.looping);
    assert_int_equal(f.period_ms, 10000);
}

static void garbage_values_are_clamped_and_never_crash(void **state)
{
    (void)state;
    const float nan = strtof("nan", NULL), inf = strtof("inf", NULL);
    /* A beep loop written with out-of-range values: over 1 is 1, under 0 is 0. */
    for (size_t i = 0; i < 300; i++)
        series[i] = i % 10 < 5 ? 7.0f : -3.0f;
    AudioFinding f;
    audio_analyse(series, 300, &f);
    assert_true(f.looping);
    assert_int_equal(f.period_ms, 1000);
    assert_true(f.level == 1.0f);
    /* The same with inf for loud and NaN, -inf for the gaps. */
    for (size_t i = 0; i < 300; i++)
        series[i] = i % 10 < 5 ? inf : (i % 2 ? nan : -inf);
    audio_analyse(series, 300, &f);
    assert_true(f.looping);
    assert_int_equal(f.period_ms, 1000);
    assert_int_equal(f.active_percent, 50);
    /* All NaN: silence. */
    for (size_t i = 0; i < 300; i++)
        series[i] = nan;
    audio_analyse(series, 300, &f);
    assert_true(f.judged);
    assert_false(f.audible);
    /* Random garbage of every kind: any answer, but a sane one. */
    lcg_state = 99u;
    const float odd[] = {nan, inf, -inf, -1.0f, 2.0f, 1e30f, -1e-30f, 0.5f};
    for (int round = 0; round < 50; round++) {
        for (size_t i = 0; i < 600; i++)
            series[i] = odd[(size_t)(lcg_unit() * 8.0f) % 8];
        audio_analyse(series, 600, &f);
        assert_true(f.judged);
        assert_true(f.regularity >= 0.0f && f.regularity <= 1.0f);
        assert_in_range(f.active_percent, 0, 100);
        assert_true(f.level >= 0.0f && f.level <= 1.0f);
    }
}

/* ---- the evidence text --------------------------------------------------------- */

static void evidence_says_period_match_and_share(void **state)
{
    (void)state;
    make_beeps(series, 600, 10, 5, 0.8f, 0.0f);
    AudioFinding f;
    audio_analyse(series, 600, &f);
    char buf[128];
    size_t len = audio_evidence(&f, buf, sizeof buf);
    assert_int_equal(len, strlen(buf));
    assert_string_equal(buf, "loops every 1.0 s (match 1.00, 60.0 times in 60 s), "
                             "sound 50% of the time");

    memset(series, 0, 600 * sizeof series[0]);
    audio_analyse(series, 600, &f);
    audio_evidence(&f, buf, sizeof buf);
    assert_string_equal(buf, "silent for 60 s");

    audio_analyse(series, 5, &f);
    audio_evidence(&f, buf, sizeof buf);
    assert_string_equal(buf, "too little sound history");

    make_noise(series, 300, 3u, 0.1f, 0.9f);
    audio_analyse(series, 300, &f);
    audio_evidence(&f, buf, sizeof buf);
    assert_non_null(strstr(buf, "no loop in 30 s, sound "));

    for (size_t i = 0; i < 600; i++)
        series[i] = 0.5f;
    audio_analyse(series, 600, &f);
    audio_evidence(&f, buf, sizeof buf);
    assert_string_equal(buf, "steady level 0.50 for 60 s, sound 100% of the time");
}

/* The longest text fits a Reason's evidence; a short buffer is cut and terminated. */
static void evidence_fits_in_80_and_is_cut_cleanly(void **state)
{
    (void)state;
    AudioFinding f = {.judged = true, .audible = true, .sustained = true, .looping = true,
                      .period_ms = 45000, .regularity = 1.0f, .repeats = 600.0f,
                      .level = 1.0f, .active_percent = 100, .loud_percent = 100,
                      .window_ms = 60000};
    char buf[128];
    size_t len = audio_evidence(&f, buf, sizeof buf);
    assert_true(len < 80);
    char small[10];
    memset(small, 'x', sizeof small);
    size_t cut = audio_evidence(&f, small, sizeof small);
    assert_int_equal(cut, len);
    assert_int_equal(small[sizeof small - 1], '\0');
    assert_memory_equal(small, buf, sizeof small - 1);
    assert_int_equal(audio_evidence(&f, NULL, 0), len);
}

int main(void)
{
    const struct CMUnitTest corpus[] = {
        cmocka_unit_test(corpus_holds_scam_and_benign_clips_of_every_kind),
        cmocka_unit_test(every_scam_kit_sound_is_found_looping_and_sustained),
        cmocka_unit_test(scam_beep_pattern_is_reported_at_its_own_period),
        cmocka_unit_test(scam_loop_once_found_stays_found_as_history_grows),
        cmocka_unit_test(game_music_is_sustained_but_not_a_loop_at_any_length),
        cmocka_unit_test(speech_reading_a_page_is_sustained_but_not_a_loop_at_any_length),
        cmocka_unit_test(looped_desktop_bell_is_a_steady_tone_not_a_loop),
        cmocka_unit_test(looped_desktop_chime_is_flagged_as_a_loop_but_not_sustained),
        cmocka_unit_test(confusion_matrix_on_the_corpus),
    };
    const struct CMUnitTest synthetic[] = {
        cmocka_unit_test(looped_patterns_are_found_at_their_period),
        cmocka_unit_test(one_second_beep_and_gap_is_a_loop_of_1000_ms_not_sustained),
        cmocka_unit_test(short_pattern_needs_three_seconds_of_repeats),
        cmocka_unit_test(two_tone_siren_is_a_sustained_loop),
        cmocka_unit_test(loop_off_the_100_ms_grid_is_found),
        cmocka_unit_test(pattern_repeated_inside_a_looped_file_is_reported_at_its_own_period),
        cmocka_unit_test(random_noise_is_sustained_but_not_a_loop),
        cmocka_unit_test(unrepeated_speech_like_envelope_is_not_a_loop),
        cmocka_unit_test(slow_fade_is_not_a_loop),
        cmocka_unit_test(silence_is_judged_and_nothing_else),
        cmocka_unit_test(constant_tone_is_sustained_and_steady_not_a_loop),
        cmocka_unit_test(under_three_seconds_gives_no_finding),
        cmocka_unit_test(only_the_last_minute_is_judged),
        cmocka_unit_test(garbage_values_are_clamped_and_never_crash),
        cmocka_unit_test(evidence_says_period_match_and_share),
        cmocka_unit_test(evidence_fits_in_80_and_is_cut_cleanly),
    };
    int failed = cmocka_run_group_tests_name("audio corpus", corpus, corpus_setup,
                                             corpus_teardown);
    failed += cmocka_run_group_tests_name("audio synthetic", synthetic, NULL, NULL);
    return failed;
}
