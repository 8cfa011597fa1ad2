/*
 * audio.c - sustained and looping sound, from a window's 100 ms peak series.
 *
 * The method, in the order audio_analyse() runs it on the last 60 s:
 *   1. Clean: NaN and negatives are silence, values above 1 are 1.
 *   2. Level: the 90th percentile of the peaks is the sound's loud level; below
 *      SILENT_LEVEL the window is silent and that is the whole finding. A sample
 *      within 12 dB of the loud level (a quarter of it) has sound "on"; sound on for
 *      SUSTAINED_SHARE of the window, at a level above SUSTAINED_LEVEL, is sustained.
 *      A chime every second that dies away in between is on less than half the time.
 *   3. Envelope: the peak of each two neighbouring samples (200 ms). A loop whose
 *      period is not a whole number of 100 ms lands on the daemon's sampling grid a
 *      little differently each time round; the pairwise peak absorbs that shift
 *      (on the corpus it lifts the worst scam loop's match from 0.78 to 0.89).
 *      An envelope whose spread is under a tenth of its mean is steady: a constant
 *      tone (or a short sound looped faster than 100 ms, like the corpus's bell) has no
 *      shape that could repeat, so it is sustained, perhaps, but never looping.
 *   4. Self-similarity: for every lag, the correlation (Pearson, over the overlap) of
 *      the envelope with itself that much later. A lag counts only when the overlap is
 *      long enough to be evidence: at least two periods (three occurrences) and 3 s
 *      for short patterns, or a 15 s stretch for long ones. The second rule exists
 *      because kits' voice messages last up to 44 s: in 60 s they come round once
 *      and a half, and a 15 s stretch of speech that recurs exactly is a repeat.
 *   5. Loop: after the correlation has first fallen below DIP (an envelope that
 *      changes slowly is similar to itself at short lags without repeating anything),
 *      the highest local maximum must reach MATCH. The period reported is the
 *      shortest peak nearly as good as the best (so a 5 s beep pattern is not reported
 *      as its 25 s multiple).
 * Thresholds come from the corpus: scam loops match at 0.89 to 1.00 (every sampling
 * phase), game music at most 0.66, text-to-speech at most 0.31; MATCH = 0.8 sits
 * between. No libm: the one square root is a few Newton steps.
 */
#include "audio.h"

#include <stdio.h>
#include <string.h>

#define SILENT_LEVEL 0.02f       /* -34 dBFS: below this the window is silent */
#define SUSTAINED_LEVEL 0.05f    /* a loud level this low is background, not an alarm */
#define SUSTAINED_SHARE 60       /* percent of the window with sound on */
#define ON_FRACTION 0.25f        /* sound "on": at least a quarter (-12 dB) of the loud level */
#define LOUD_LEVEL 0.2f          /* loud_percent counts samples at or above this */
#define LEVEL_PERCENTILE 90
#define LEVEL_STEPS 1000         /* the loud level is found to 0.001 */
#define STEADY_SPREAD 0.1        /* standard deviation under this share of the mean */
#define MIN_LAG 3                /* 300 ms: a shorter "period" is the sound's own texture */
#define SHORT_MATCH_SAMPLES 30   /* a short pattern's repeats must cover at least 3 s */
#define LONG_MATCH_SAMPLES 150   /* a 15 s stretch that recurs is enough for any period */
#define DIP 0.5                  /* the correlation must first fall below this */
#define MATCH 0.8                /* a loop's correlation one period later */
#define FUNDAMENTAL_SLACK 0.15   /* a shorter period within this of the best is preferred */
#define TINY 1e-12

static float clean_level(float v)
{
    if (!(v > 0.0f)) /* NaN, zero and negatives alike */
        return 0.0f;
    return v > 1.0f ? 1.0f : v;
}

/* Square root of v >= 0 by Newton's method from above, so it only ever decreases. */
static double root(double v)
{
    if (!(v > 0.0))
        return 0.0;
    double x = v > 1.0 ? v : 1.0;
    for (int i = 0; i < 64; i++) {
        double next = 0.5 * (x + v / x);
        if (!(next < x))
            break;
        x = next;
    }
    return x;
}

/* The LEVEL_PERCENTILE-th percentile of x[0..n), to 1/LEVEL_STEPS, by counting. */
static float loud_level(const float *x, size_t n)
{
    unsigned counts[LEVEL_STEPS + 1];
    memset(counts, 0, sizeof counts);
    for (size_t i = 0; i < n; i++)
        counts[(int)(x[i] * LEVEL_STEPS + 0.5f)]++;
    size_t rank = n * LEVEL_PERCENTILE / 100; /* 0-based rank of the sample wanted */
    size_t seen = 0;
    for (int step = 0; step <= LEVEL_STEPS; step++) {
        seen += counts[step];
        if (seen > rank)
            return (float)step / LEVEL_STEPS;
    }
    return 1.0f;
}

/* Whether an overlap of `overlap` samples at `lag` is long enough to be evidence. */
static bool overlap_enough(size_t overlap, size_t lag)
{
    size_t short_need = 2 * lag > SHORT_MATCH_SAMPLES ? 2 * lag : SHORT_MATCH_SAMPLES;
    size_t need = short_need < LONG_MATCH_SAMPLES ? short_need : LONG_MATCH_SAMPLES;
    return overlap >= need;
}

/*
 * Fills r[lag], from lag 1 for as long as the overlap is evidence (overlap_enough),
 * with the Pearson correlation of e[0..m-lag) and e[lag..m); e must be centred on its
 * mean (so the running sums do not cancel). Returns the last lag filled, 0 if none.
 */
static size_t self_similarity(const float *e, size_t m, float *r)
{
    double sum = 0.0, sum_sq = 0.0;
    for (size_t i = 0; i < m; i++) {
        sum += e[i];
        sum_sq += (double)e[i] * e[i];
    }
    /* Running sums of the two segments: a = e[0..m-lag), b = e[lag..m). */
    double sa = sum, saa = sum_sq, sb = sum, sbb = sum_sq;
    size_t last = 0;
    for (size_t lag = 1; lag < m; lag++) {
        size_t k = m - lag;
        if (!overlap_enough(k, lag))
            break;
        double gone_a = e[k], gone_b = e[lag - 1];
        sa -= gone_a;
        saa -= gone_a * gone_a;
        sb -= gone_b;
        sbb -= gone_b * gone_b;
        double sab = 0.0;
        for (size_t i = 0; i < k; i++)
            sab += (double)e[i] * e[i + lag];
        double cov = sab - sa * sb / (double)k;
        double va = saa - sa * sa / (double)k;
        double vb = sbb - sb * sb / (double)k;
        double rho = 0.0;
        if (va > TINY && vb > TINY) {
            rho = cov / root(va * vb);
            rho = rho > 1.0 ? 1.0 : rho < -1.0 ? -1.0 : rho;
        }
        r[lag] = (float)rho;
        last = lag;
    }
    return last;
}

/* Step 5: the loop's period in samples, or 0; *match gets its correlation (or the best). */
static size_t find_period(const float *r, size_t max_lag, float *match)
{
    *match = 0.0f;
    size_t first = 0; /* the first lag past the dip */
    for (size_t lag = 1; lag <= max_lag; lag++) {
        if (r[lag] < DIP) {
            first = lag;
            break;
        }
    }
    if (first == 0)
        return 0;
    if (first < MIN_LAG)
        first = MIN_LAG;

    /* Local maxima strictly inside the lags computed; the best of them. */
    float best = -1.0f;
    size_t best_lag = 0;
    for (size_t lag = first; lag < max_lag; lag++) {
        if (r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1] && r[lag] > best) {
            best = r[lag];
            best_lag = lag;
        }
    }
    if (best_lag == 0)
        return 0;
    if (best < MATCH) {
        *match = best > 0.0f ? best : 0.0f;
        return best_lag; /* a candidate only: the caller does not call it a loop */
    }
    for (size_t lag = first; lag < best_lag; lag++) {
        if (r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1] && r[lag] >= MATCH &&
            r[lag] >= best - FUNDAMENTAL_SLACK) {
            best_lag = lag;
            break;
        }
    }
    *match = r[best_lag];
    return best_lag;
}

void audio_analyse(const float *peaks, size_t count, AudioFinding *out)
{
    memset(out, 0, sizeof *out);
    if (!peaks || count < AUDIO_MIN_SAMPLES)
        return;

    size_t n = count < AUDIO_WINDOW_SAMPLES ? count : AUDIO_WINDOW_SAMPLES;
    float x[AUDIO_WINDOW_SAMPLES];
    for (size_t i = 0; i < n; i++)
        x[i] = clean_level(peaks[count - n + i]);
    out->judged = true;
    out->window_ms = (int)n * AUDIO_SAMPLE_MS;

    /* Step 2: level. */
    out->level = loud_level(x, n);
    if (out->level < SILENT_LEVEL)
        return;
    out->audible = true;
    float on = out->level * ON_FRACTION;
    if (on < SILENT_LEVEL)
        on = SILENT_LEVEL;
    size_t active = 0, loud = 0;
    for (size_t i = 0; i < n; i++) {
        active += x[i] >= on;
        loud += x[i] >= LOUD_LEVEL;
    }
    out->active_percent = (int)(active * 100 / n);
    out->loud_percent = (int)(loud * 100 / n);
    out->sustained = out->level >= SUSTAINED_LEVEL && out->active_percent >= SUSTAINED_SHARE;

    /* Step 3: the 200 ms envelope, centred; steady when it hardly moves. */
    size_t m = n - 1;
    float e[AUDIO_WINDOW_SAMPLES];
    double mean = 0.0;
    for (size_t i = 0; i < m; i++) {
        e[i] = x[i] > x[i + 1] ? x[i] : x[i + 1];
        mean += e[i];
    }
    mean /= (double)m;
    double var = 0.0;
    for (size_t i = 0; i < m; i++) {
        e[i] = (float)(e[i] - mean);
        var += (double)e[i] * e[i];
    }
    var /= (double)m;
    if (var <= STEADY_SPREAD * STEADY_SPREAD * mean * mean || var <= TINY) {
        out->steady = true;
        return;
    }

    /* Steps 4 and 5. */
    float r[AUDIO_WINDOW_SAMPLES];
    size_t max_lag = self_similarity(e, m, r);
    float match;
    size_t period = find_period(r, max_lag, &match);
    if (period == 0)
        return;
    out->looping = match >= MATCH;
    out->period_ms = (int)period * AUDIO_SAMPLE_MS;
    out->regularity = match;
    out->repeats = (float)n / (float)period;
}

size_t audio_evidence(const AudioFinding *f, char *buf, size_t size)
{
    int seconds = f->window_ms / 1000;
    int len;
    if (!f->judged)
        len = snprintf(buf, size, "too little sound history");
    else if (!f->audible)
        len = snprintf(buf, size, "silent for %d s", seconds);
    else if (f->looping)
        len = snprintf(buf, size, "loops every %.1f s (match %.2f, %.1f times in %d s), "
                       "sound %d%% of the time", f->period_ms / 1000.0, f->regularity,
                       f->repeats, seconds, f->active_percent);
    else if (f->steady)
        len = snprintf(buf, size, "steady level %.2f for %d s, sound %d%% of the time",
                       f->level, seconds, f->active_percent);
    else
        len = snprintf(buf, size, "no loop in %d s, sound %d%% of the time", seconds,
                       f->active_percent);
    return len > 0 ? (size_t)len : 0;
}
