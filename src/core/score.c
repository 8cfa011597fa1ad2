/* PLACEHOLDER: replaced by the detection-engine work. Scores nothing yet. */
#include "score.h"

#include <string.h>

void score_rules_default(ScoreRules *rules)
{
    rules->alert_threshold = 60;
    rules->watch_threshold = 30;
}

void score_observation(const ScoreRules *rules, const Observation *obs, Verdict *out)
{
    (void)rules;
    (void)obs;
    memset(out, 0, sizeof *out);
    out->kind = VERDICT_CLEAN;
}

const char *verdict_name(VerdictKind kind)
{
    switch (kind) {
    case VERDICT_ALERT: return "alert";
    case VERDICT_WATCH: return "watch";
    default: return "clean";
    }
}
