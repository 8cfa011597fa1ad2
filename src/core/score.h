/*
 * score.h - the verdict on one observation: independent weighted traits, summed.
 *
 * No single weak trait alerts; every point of the score is explained by a Reason
 * (a stable trait code, the evidence it matched and its weight), so the person,
 * the journal and the tests can all see why.
 */
#ifndef OMAMORI_SCORE_H
#define OMAMORI_SCORE_H

#include <stddef.h>

#include "lexicon.h"
#include "observation.h"
#include "phone.h"

typedef enum { VERDICT_CLEAN = 0, VERDICT_WATCH = 1, VERDICT_ALERT = 2 } VerdictKind;

#define REASON_TRAIT_SIZE 40
#define REASON_MATCH_SIZE 96
#define VERDICT_MAX_REASONS 16

typedef struct Reason {
    char trait[REASON_TRAIT_SIZE]; /* stable code, e.g. "phone.jp_tollfree" */
    char match[REASON_MATCH_SIZE]; /* evidence as seen (UTF-8, cut at a character boundary) */
    int weight;                    /* points this reason added */
} Reason;

typedef struct Verdict {
    VerdictKind kind;
    int score; /* 0..100 */
    size_t reason_count;
    Reason reasons[VERDICT_MAX_REASONS];
} Verdict;

/*
 * What the scorer knows: thresholds, weights and the phrases. All of it comes from
 * config/omamori.yaml, where each weight is named by its trait code (score.c):
 * config.h fills a ScoreRules, and config_default() gives the built-in one.
 * A ScoreRules owns its lexicon, and whoever filled it frees it (config_free()), so
 * a ScoreRules is never copied by assignment: two copies would free one lexicon twice.
 */
typedef struct ScoreRules {
    int alert_threshold; /* score >= this: VERDICT_ALERT */
    int watch_threshold; /* score >= this: VERDICT_WATCH */
    int wording[LEX_CATEGORY_COUNT]; /* per lexicon category; negative counts against */
    int wording_cap;                 /* all positive wording together */
    int wording_quoted_cap;          /* the same, on a page that quotes what it reports */
    int phone[PHONE_CLASS_COUNT];    /* the best number's class, wherever it is */
    int phone_in_title;              /* added when that number is in the title */
    int phone_in_url;                /* added when it is in the address */
    int fullscreen;
    int topmost;
    int cursor_hidden; /* counted only when not fullscreen: a fullscreen video hides it too */
    int audio_loud; /* sustained sound that does not repeat: music, speech, video */
    int audio_loop; /* the same alarm or message over and over (audio.h) */
    int behaviour_alone_cap; /* behaviour, beyond what the page says */
    int alarm_signs_min;     /* different alarm.* signs a fake alert shows at least... */
    int without_alarm_cap;   /* ...else the score stays at most this */
    Lexicon *lexicon;        /* owned; NULL: no phrases */
} ScoreRules;

/*
 * Scores one observation with rules (not NULL; only read, so threads may share one).
 * Never fails; a NULL or empty title scores what else is known.
 */
void score_observation(const ScoreRules *rules, const Observation *obs, Verdict *out);

/* "alert", "watch" or "clean". */
const char *verdict_name(VerdictKind kind);

#endif
