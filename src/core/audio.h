/*
 * audio.h - what a window's sound level says: silent, sustained, looping.
 *
 * A fake virus alert plays its alarm or its recorded voice message in a loop, for as
 * long as the page is open. The daemon cannot hear the sound, only its level: the
 * session's peak every 100 ms. This module reads that peak series and says whether the
 * sound is sustained (on most of the time, at a real level) and whether it loops (the
 * same envelope comes back, period after period), with the numbers that show it.
 *
 * Looping is periodicity, not loudness. Music has a beat but never repeats a long
 * stretch exactly (verse two is not verse one at 100 ms detail); speech reading a page
 * does not repeat at all; a kit's file played with `loop` repeats itself exactly.
 * Limits, from the corpus (../shared/corpus/audio.json): the kits' voice messages
 * last 14-44 s, so a loop is only seen after one period and 15 s more; loops longer
 * than 45 s are not seen at all (the window is 60 s). A looping alarm clock, ringtone
 * or chime loops just as a kit's alarm does and is reported as looping: audio is one
 * behaviour among others and must never alert on its own (score.c caps it).
 *
 * Portable C11; no allocation; O(window x lags), about 0.2 M multiply-adds at most.
 */
#ifndef OMAMORI_AUDIO_H
#define OMAMORI_AUDIO_H

#include <stdbool.h>
#include <stddef.h>

#define AUDIO_SAMPLE_MS 100      /* one peak per 100 ms, as the daemon samples them */
#define AUDIO_MIN_SAMPLES 30     /* fewer than 3 s of peaks: no finding at all */
#define AUDIO_WINDOW_SAMPLES 600 /* only the last 60 s are judged */

typedef struct AudioFinding {
    bool judged;    /* enough history (>= AUDIO_MIN_SAMPLES); when false all else is 0 */
    bool audible;   /* the window's loud level is above silence */
    bool sustained; /* sound on (within 12 dB of its loud level) most of the window */
    bool steady;    /* the level hardly moves (a constant tone): nothing that could loop */
    bool looping;   /* the envelope repeats itself with period_ms */
    int period_ms;  /* looping: the period; otherwise the best candidate's, or 0 */
    float regularity; /* 0..1: how closely the envelope matches itself one period later */
    float repeats;    /* judged length / period: how many periods the window holds */
    float level;      /* 0..1: the window's loud level (90th percentile of the peaks) */
    int active_percent; /* share of the window with sound on */
    int loud_percent;   /* share of the window at or above 0.2 */
    int window_ms;      /* how much history was judged */
} AudioFinding;

/*
 * Judges the most recent AUDIO_WINDOW_SAMPLES of peaks (oldest first; count may be
 * anything, peaks may be NULL when count is 0). Values are clamped to 0..1; NaN
 * counts as silence. Always fills *out; never fails.
 */
void audio_analyse(const float *peaks, size_t count, AudioFinding *out);

/*
 * Writes a short English explanation of the finding into buf, such as
 * "loops every 18.4 s (match 0.96, 3.3 times in 60 s), sound 94% of the time",
 * always NUL-terminated when size > 0 and cut if it does not fit (it fits in 80).
 * Returns the length of the whole text, as snprintf does. buf may be NULL when size is 0.
 */
size_t audio_evidence(const AudioFinding *finding, char *buf, size_t size);

#endif
