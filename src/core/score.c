/*
 * score.c - the verdict on one observation: a learned linear model over its features.
 *
 * traits.c reads the observation (folded title, text and address; phrases, phone
 * numbers, window, sound, hashed terms). Each trait present adds its points
 * (rules->weight), the terms together add theirs (rules->term_weight, shown as one
 * reason, "wording.terms", quoting the term that counted most), and the score is
 * rules->base plus all of it. The weights are a logistic model's, learned from the
 * corpus by `make train` and validated by kit family (`make eval`); nothing here is
 * tuned by hand, and no trait is capped: a window that covers the screen, hides the
 * pointer and loops an alarm can alert without words when the model learned so.
 *
 * Reasons: every trait with non-zero points, strongest first. The reasons and the
 * base always add up to the score before it is clamped to 0..100; past
 * VERDICT_MAX_REASONS the weakest are summed into one reason, "other.signs".
 */
#include "score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"

const char *verdict_name(VerdictKind kind)
{
    switch (kind) {
    case VERDICT_ALERT: return "alert";
    case VERDICT_WATCH: return "watch";
    default: return "clean";
    }
}

static void set_reason(Reason *r, const char *trait, const char *evidence, size_t evidence_length,
                       int weight)
{
    size_t t = strlen(trait); /* codes are ASCII: a plain cut is a clean one */
    if (t > sizeof r->trait - 1)
        t = sizeof r->trait - 1;
    memcpy(r->trait, trait, t);
    r->trait[t] = '\0';
    size_t n = fold_utf8_prefix(evidence, evidence_length, sizeof r->match - 1);
    memcpy(r->match, evidence, n);
    r->match[n] = '\0';
    r->weight = weight;
}

/* The terms' points (rounded), and the span of the term that pulled hardest their way. */
static int score_terms(const ScoreRules *rules, const Features *f, Span *strongest)
{
    float tenths = 0.0f;
    int best = 0;
    for (size_t i = 0; i < f->term_count; i++)
        tenths += (float)rules->term_weight[f->term[i]];
    tenths *= f->term_value;
    int points = (int)lroundf(tenths / 10.0f);
    *strongest = (Span){"", 0};
    for (size_t i = 0; i < f->term_count; i++) {
        int w = rules->term_weight[f->term[i]];
        if ((points > 0 && w > best) || (points < 0 && w < best)) {
            best = w;
            *strongest = f->term_span[i];
        }
    }
    return points;
}

/* Strongest first; stable, so equal weights keep the traits' order. A handful of
   reasons: an insertion sort beats qsort's set-up. */
static void sort_by_strength(Reason *r, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        Reason moved = r[i];
        size_t j = i;
        for (; j > 0 && abs(r[j - 1].weight) < abs(moved.weight); j--)
            r[j] = r[j - 1];
        r[j] = moved;
    }
}

void score_observation(const ScoreRules *rules, const Observation *obs, Verdict *out)
{
    memset(out, 0, sizeof *out);
    out->kind = VERDICT_CLEAN;
    if (!obs)
        return;

    Features f; /* about 24 KB: the folded text's room, so typical pages need no heap */
    features_extract(rules->lexicon, obs, &f);

    Reason all[TRAIT_COUNT + 1];
    size_t n = 0;
    for (int t = 0; t < TRAIT_COUNT; t++) {
        if (f.has[t] && rules->weight[t] != 0)
            set_reason(&all[n++], trait_code((Trait)t), f.evidence[t].text, f.evidence[t].length,
                       rules->weight[t]);
    }
    Span strongest;
    int terms = score_terms(rules, &f, &strongest);
    if (terms != 0)
        set_reason(&all[n++], "wording.terms", strongest.text, strongest.length, terms);
    features_free(&f);

    sort_by_strength(all, n);
    int score = rules->base;
    size_t kept = n <= VERDICT_MAX_REASONS ? n : VERDICT_MAX_REASONS - 1;
    for (size_t i = 0; i < n; i++) {
        score += all[i].weight;
        if (i < kept)
            out->reasons[out->reason_count++] = all[i];
    }
    if (kept < n) { /* the weakest, together (nothing, when they cancel out) */
        int rest = 0;
        for (size_t i = kept; i < n; i++)
            rest += all[i].weight;
        if (rest != 0)
            set_reason(&out->reasons[out->reason_count++], "other.signs", "", 0, rest);
    }

    out->score = score > 100 ? 100 : score < 0 ? 0 : score;
    if (out->score >= rules->alert_threshold)
        out->kind = VERDICT_ALERT;
    else if (out->score >= rules->watch_threshold)
        out->kind = VERDICT_WATCH;
}
