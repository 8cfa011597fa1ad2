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
#include <stdbool.h>
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
    int sum = 0;
    size_t up = 0, down = 0; /* the terms with the highest and the lowest weight */
    for (size_t i = 0; i < f->term_count; i++) {
        int w = rules->term_weight[f->term[i]];
        sum += w;
        if (w > rules->term_weight[f->term[up]])
            up = i;
        if (w < rules->term_weight[f->term[down]])
            down = i;
    }
    int points = (int)lroundf((float)sum * f->term_value / 10.0f);
    *strongest = (Span){"", 0};
    if (points > 0 && rules->term_weight[f->term[up]] > 0)
        *strongest = f->term_span[up];
    else if (points < 0 && rules->term_weight[f->term[down]] < 0)
        *strongest = f->term_span[down];
    return points;
}

/* A contributing trait before it becomes a Reason: kept small, because most are
   summed into the score and never shown in full. */
typedef struct Contribution {
    int trait; /* a Trait, or TRAIT_COUNT for the terms */
    int weight;
} Contribution;

/* Whether a goes before b: the stronger first, and of two as strong the trait that
   comes first in traits.h, the terms last, so the order never depends on how the
   traits were found. */
static bool goes_before(const Contribution *a, const Contribution *b)
{
    int wa = abs(a->weight), wb = abs(b->weight);
    return wa > wb || (wa == wb && a->trait < b->trait);
}

/* A handful of contributions: an insertion sort beats qsort's set-up. */
static void sort_by_strength(Contribution *c, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        Contribution moved = c[i];
        size_t j = i;
        for (; j > 0 && goes_before(&moved, &c[j - 1]); j--)
            c[j] = c[j - 1];
        c[j] = moved;
    }
}

void score_observation(const ScoreRules *rules, const Observation *obs, Verdict *out)
{
    out->kind = VERDICT_CLEAN;
    out->score = 0;
    out->reason_count = 0;
    if (!obs)
        return;

    Features f; /* about 24 KB: the folded text's room, so typical pages need no heap */
    features_extract(rules->lexicon, obs, &f);

    Contribution all[TRAIT_COUNT + 1];
    size_t n = 0;
    for (size_t i = 0; i < f.present_count; i++) {
        int t = f.present[i];
        if (rules->weight[t] != 0)
            all[n++] = (Contribution){t, rules->weight[t]};
    }
    Span strongest;
    int terms = score_terms(rules, &f, &strongest);
    if (terms != 0)
        all[n++] = (Contribution){TRAIT_COUNT, terms};

    sort_by_strength(all, n);
    int score = rules->base;
    size_t kept = n <= VERDICT_MAX_REASONS ? n : VERDICT_MAX_REASONS - 1;
    int rest = 0; /* the weakest, together (nothing, when they cancel out) */
    for (size_t i = 0; i < n; i++) {
        score += all[i].weight;
        if (i >= kept) {
            rest += all[i].weight;
            continue;
        }
        Reason *r = &out->reasons[out->reason_count++];
        if (all[i].trait == TRAIT_COUNT)
            set_reason(r, "wording.terms", strongest.text, strongest.length, all[i].weight);
        else
            set_reason(r, trait_code((Trait)all[i].trait), f.evidence[all[i].trait].text,
                       f.evidence[all[i].trait].length, all[i].weight);
    }
    if (rest != 0)
        set_reason(&out->reasons[out->reason_count++], "other.signs", "", 0, rest);
    features_free(&f); /* after the reasons: their evidence points into the folded text */

    out->score = score > 100 ? 100 : score < 0 ? 0 : score;
    if (out->score >= rules->alert_threshold)
        out->kind = VERDICT_ALERT;
    else if (out->score >= rules->watch_threshold)
        out->kind = VERDICT_WATCH;
}
