/*
 * score.h - the verdict on one observation: independent weighted traits, summed.
 *
 * Every point of the score beyond the base is explained by a Reason (a stable
 * trait code, the evidence it matched and its weight), so the person, the journal
 * and the tests can all see why.
 */
#ifndef OMAMORI_SCORE_H
#define OMAMORI_SCORE_H

#include <stddef.h>

#include <stdint.h>

#include "traits.h"
#include "lexicon.h"
#include "observation.h"

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
 * What the scorer knows: thresholds, the points of each trait and of each hashed
 * term, and the phrases. All of it comes from config/omamori.yaml, where each weight
 * is named by its trait code (traits.h); `make train` learns the weights from the
 * corpus and writes them there. config.h fills a ScoreRules, and config_default()
 * gives the built-in one. A ScoreRules owns its lexicon, and whoever filled it frees
 * it (config_free()), so a ScoreRules is never copied by assignment: two copies
 * would free one lexicon twice.
 *
 * The score is base + the points of every trait the window shows + its terms'
 * points, clamped to 0..100. The points are a logistic model's weights times ten:
 * alert_threshold 60 is where the model judges a fake alert as likely as not.
 */
typedef struct ScoreRules {
    int alert_threshold; /* score >= this: VERDICT_ALERT */
    int watch_threshold; /* score >= this: VERDICT_WATCH */
    int base;            /* points every window starts from (may be negative) */
    int weight[TRAIT_COUNT];            /* points per trait */
    int16_t term_weight[TERM_BUCKETS];  /* tenths of a point per hashed term */
    Lexicon *lexicon;                   /* owned; NULL: no phrases */
} ScoreRules;

/*
 * Scores one observation with rules (not NULL; only read, so threads may share one).
 * Never fails; a NULL or empty title scores what else is known.
 */
void score_observation(const ScoreRules *rules, const Observation *obs, Verdict *out);

/* "alert", "watch" or "clean". */
const char *verdict_name(VerdictKind kind);

#endif
