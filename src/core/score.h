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

/* Tunable numbers; defaults from score_rules_default(), overridden by the config. */
typedef struct ScoreRules {
    int alert_threshold; /* score >= this: VERDICT_ALERT */
    int watch_threshold; /* score >= this: VERDICT_WATCH */
} ScoreRules;

void score_rules_default(ScoreRules *rules);

/* Scores one observation. Never fails; a NULL or empty title scores what else is known. */
void score_observation(const ScoreRules *rules, const Observation *obs, Verdict *out);

/* "alert", "watch" or "clean". */
const char *verdict_name(VerdictKind kind);

#endif
