/*
 * fuzz_score.c - the whole path of one observation: the JSON line read, scored with the
 * built-in rules, explained, and written to the journal and the recorder, as the tool
 * and the daemon do. Any bytes that read as an observation go all the way through.
 * Properties: the score is 0..100 and matches its verdict's thresholds; reasons fit
 * and name a trait; every line written is one line of valid UTF-8.
 */
#include <string.h>

#include "config.h"
#include "explain.h"
#include "fuzz.h"
#include "journal.h"
#include "jsonbuf.h"
#include "memo.h"
#include "observation.h"
#include "recorder.h"
#include "score.h"

/* Read once: the built-in rules never change. Still reachable at exit, so no leak. */
static Config *rules_config(void)
{
    static Config cfg;
    static bool loaded;
    if (!loaded) {
        FUZZ_CHECK(config_default(&cfg) == 0);
        loaded = true;
    }
    return &cfg;
}

/* Well-formed UTF-8 (shortest forms, no surrogates, at most U+10FFFF). */
static bool valid_utf8(const unsigned char *s, size_t length)
{
    size_t i = 0;
    while (i < length) {
        unsigned char c = s[i];
        size_t n;
        unsigned char lo = 0x80, hi = 0xBF; /* the second byte's range */
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            n = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3;
        else
            return false;
        if (length - i <= n)
            return false;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
        else if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return false;
        for (size_t k = 2; k <= n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        i += n + 1;
    }
    return true;
}

static void check_line(const JsonBuf *buf)
{
    FUZZ_CHECK(!buf->failed && buf->length > 0);
    FUZZ_CHECK(memchr(buf->data, '\n', buf->length) == buf->data + buf->length - 1);
    FUZZ_CHECK(valid_utf8((const unsigned char *)buf->data, buf->length));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Config *cfg = rules_config();
    Observation obs;
    char err[256];
    observation_init(&obs);
    if (observation_parse_json((const char *)data, size, &obs, err, sizeof err) != 0)
        return 0;

    Verdict verdict;
    score_observation(&cfg->rules, &obs, &verdict);
    FUZZ_CHECK(verdict.score >= 0 && verdict.score <= 100);
    VerdictKind expected = verdict.score >= cfg->rules.alert_threshold ? VERDICT_ALERT
                         : verdict.score >= cfg->rules.watch_threshold ? VERDICT_WATCH
                                                                        : VERDICT_CLEAN;
    FUZZ_CHECK(verdict.kind == expected);
    FUZZ_CHECK(verdict.reason_count <= VERDICT_MAX_REASONS);
    for (size_t i = 0; i < verdict.reason_count; i++) {
        const Reason *r = &verdict.reasons[i];
        FUZZ_CHECK(memchr(r->trait, '\0', sizeof r->trait) != NULL && r->trait[0] != '\0');
        FUZZ_CHECK(memchr(r->match, '\0', sizeof r->match) != NULL);
        FUZZ_CHECK(r->weight != 0);
    }

    ExplainKind kinds[EXPLAIN_KIND_COUNT];
    size_t said = explain_verdict(&verdict, kinds, EXPLAIN_KIND_COUNT);
    FUZZ_CHECK(said <= EXPLAIN_KIND_COUNT);
    for (size_t i = 0; i < said; i++)
        FUZZ_CHECK(kinds[i] > EXPLAIN_NONE && kinds[i] < EXPLAIN_KIND_COUNT);

    JsonBuf buf;
    jsonbuf_init(&buf);
    journal_format_detection(&buf, 1764398284123LL, 4242, obs.exe, obs.title, &verdict,
                             obs.fullscreen == TRISTATE_YES);
    check_line(&buf);
    journal_format_event(&buf, 0, "start", obs.text);
    check_line(&buf);
    recorder_format(&buf, obs.id, -1, &obs);
    check_line(&buf);
    jsonbuf_free(&buf);

    (void)memo_observation_signature(&obs);
    observation_free(&obs);
    return 0;
}
