/*
 * fuzz_audio.c - the audio analysis (audio_analyse, audio_evidence) on any bytes,
 * read as floats: NaN, infinities, negative and huge levels, any count.
 * Properties (audio.h): an unjudged finding is all zero; shares are percentages;
 * regularity and level stay within 0..1; the evidence always fits in 80 bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "audio.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t count = size / sizeof(float);
    float *peaks = malloc(count > 0 ? count * sizeof(float) : 1);
    FUZZ_CHECK(peaks != NULL);
    if (count > 0)
        memcpy(peaks, data, count * sizeof(float)); /* aligned, and exactly count long */

    AudioFinding finding;
    audio_analyse(count > 0 ? peaks : NULL, count, &finding);
    if (!finding.judged) {
        FUZZ_CHECK(!finding.audible && !finding.sustained && !finding.looping);
        FUZZ_CHECK(finding.period_ms == 0 && finding.window_ms == 0);
    } else {
        FUZZ_CHECK(count >= AUDIO_MIN_SAMPLES);
        FUZZ_CHECK(finding.level >= 0.0f && finding.level <= 1.0f);
        FUZZ_CHECK(finding.regularity >= 0.0f && finding.regularity <= 1.0f);
        FUZZ_CHECK(finding.active_percent >= 0 && finding.active_percent <= 100);
        FUZZ_CHECK(finding.loud_percent >= 0 && finding.loud_percent <= 100);
        FUZZ_CHECK(finding.window_ms > 0
                   && finding.window_ms <= AUDIO_WINDOW_SAMPLES * AUDIO_SAMPLE_MS);
        FUZZ_CHECK(!finding.looping || finding.period_ms > 0);
    }
    char text[80];
    size_t needed = audio_evidence(&finding, text, sizeof text);
    FUZZ_CHECK(needed < sizeof text && strlen(text) == needed);
    FUZZ_CHECK(audio_evidence(&finding, NULL, 0) == needed);
    free(peaks);
    return 0;
}
