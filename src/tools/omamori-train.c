/*
 * omamori-train - learns the scorer's weights from labelled observations.
 *
 * Job: fit the logistic model that score.c evaluates, on the very features score.c
 * reads (traits.c), and print the learned values as the YAML block that
 * config/omamori.yaml holds (`make train` puts it there; `make eval` trains one per
 * held-out family fold and scores with it through --config).
 *
 * Input: one example per line, "LABEL<TAB>WEIGHT<TAB>{observation JSON}", LABEL 1
 * for a fake alert and 0 for a benign window, WEIGHT how much the example counts
 * (families are balanced by the caller). A malformed line is an error: exit 2.
 *
 * The fit: L2-regularised logistic regression (the base unregularised), full-batch
 * Adam for a fixed number of steps from zero: deterministic, no randomness at all.
 * Terms (hashed words) get a stronger penalty than the named traits: there are many
 * more of them and each is seen on fewer pages.
 * --at-least-zero keeps the named traits' weights at zero or above (projected after
 * every step): what a kit does to the window, its sound and its screen is never
 * evidence of a benign page, even where the training data's benign stress copies
 * (every benign page again, fullscreen with sound) would teach the model otherwise.
 * Output scale: points = 10 x the logit weight, base = 60 + 10 x the bias, so that
 * alert_threshold 60 is the model's even odds; terms in tenths of a point.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "traits.h"
#include "observation.h"

#define LINE_MAX_BYTES (1024 * 1024)
#define POINTS_PER_LOGIT 10.0
#define ALERT_AT 60

static const char *const HELP =
    "Usage: omamori-train [--steps N] [--l2 X] [--l2-terms X] [--at-least-zero CODES] [FILE]\n"
    "\n"
    "Reads labelled observations, \"LABEL<TAB>WEIGHT<TAB>{json}\" per line (LABEL 1: a\n"
    "fake alert, 0: benign; WEIGHT > 0), from FILE or standard input, fits the scorer's\n"
    "logistic model on the features omamori-score reads, and prints the learned\n"
    "scoring.base, scoring.weights and scoring.terms as YAML (a --config file for\n"
    "omamori-score, or the block `make train` writes into config/omamori.yaml).\n"
    "Defaults: --steps 600 --l2 0.01 --l2-terms 0.05 (per unit of example weight).\n"
    "--at-least-zero CODES: trait codes, comma-separated (window.fullscreen,audio.loop),\n"
    "whose weights may not go below zero.\n";

typedef struct Example {
    float y, weight;
    uint8_t trait_count;
    uint8_t traits[TRAIT_COUNT];
    uint16_t term_count;
    uint16_t *terms;
    float term_value;
} Example;

typedef struct Model {
    double bias;
    double w[TRAIT_COUNT];
    double t[TERM_BUCKETS];
} Model;

static int read_examples(FILE *in, const Lexicon *lex, Example **out, size_t *count)
{
    char *line = NULL;
    size_t cap = 0, n = 0, room = 0, lineno = 0;
    ssize_t got;
    Example *ex = NULL;
    static Features f;
    while ((got = getline(&line, &cap, in)) != -1) {
        lineno++;
        if (got <= 1)
            continue;
        char *tab1 = strchr(line, '\t');
        char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (!tab2) {
            fprintf(stderr, "omamori-train: line %zu: expected LABEL<TAB>WEIGHT<TAB>JSON\n", lineno);
            return -1;
        }
        Observation obs;
        char err[160];
        observation_init(&obs);
        if (observation_parse_json(tab2 + 1, strlen(tab2 + 1), &obs, err, sizeof err) < 0 ||
            observation_load_screen(&obs, err, sizeof err) < 0) {
            fprintf(stderr, "omamori-train: line %zu: %s\n", lineno, err);
            observation_free(&obs);
            return -1;
        }
        if (n == room) {
            room = room ? room * 2 : 1024;
            ex = realloc(ex, room * sizeof *ex);
            if (!ex) {
                fprintf(stderr, "omamori-train: out of memory\n");
                return -1;
            }
        }
        Example *e = &ex[n++];
        e->y = atoi(line) ? 1.0f : 0.0f;
        e->weight = (float)atof(tab1 + 1);
        features_extract(lex, &obs, &f);
        e->trait_count = 0;
        for (int t = 0; t < TRAIT_COUNT; t++)
            if (f.has[t])
                e->traits[e->trait_count++] = (uint8_t)t;
        e->term_count = (uint16_t)f.term_count;
        e->terms = malloc((f.term_count ? f.term_count : 1) * sizeof *e->terms);
        if (!e->terms) {
            fprintf(stderr, "omamori-train: out of memory\n");
            return -1;
        }
        memcpy(e->terms, f.term, f.term_count * sizeof *e->terms);
        e->term_value = f.term_value;
        features_free(&f);
        observation_free(&obs);
    }
    free(line);
    *out = ex;
    *count = n;
    return 0;
}

static double logit_of(const Model *m, const Example *e)
{
    double z = m->bias;
    for (int i = 0; i < e->trait_count; i++)
        z += m->w[e->traits[i]];
    for (int i = 0; i < e->term_count; i++)
        z += m->t[e->terms[i]] * e->term_value;
    return z;
}

/* Reads "code,code,..." into held[]: true for each trait named. -1 on an unknown code. */
static int read_at_least_zero(const char *list, bool held[TRAIT_COUNT])
{
    char code[64];
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        if (len == 0 || len >= sizeof code) {
            fprintf(stderr, "omamori-train: --at-least-zero: empty or overlong code in '%s'\n", list);
            return -1;
        }
        memcpy(code, p, len);
        code[len] = '\0';
        int t = trait_from_code(code);
        if (t < 0) {
            fprintf(stderr, "omamori-train: --at-least-zero: no trait is called '%s'\n", code);
            return -1;
        }
        held[t] = true;
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

/* Full-batch Adam on the weighted, L2-penalised log loss; the weights of the traits in
   held[] are put back to zero whenever a step takes them below it. */
static void fit(const Example *ex, size_t n, int steps, double l2, double l2_terms,
                const bool held[TRAIT_COUNT], Model *m)
{
    enum { P = 1 + TRAIT_COUNT + TERM_BUCKETS };
    static double grad[P], mom[P], vel[P];
    double *param[P];
    param[0] = &m->bias;
    for (int i = 0; i < TRAIT_COUNT; i++)
        param[1 + i] = &m->w[i];
    for (int i = 0; i < TERM_BUCKETS; i++)
        param[1 + TRAIT_COUNT + i] = &m->t[i];
    memset(m, 0, sizeof *m);
    memset(mom, 0, sizeof mom);
    memset(vel, 0, sizeof vel);
    double total = 0;
    for (size_t k = 0; k < n; k++)
        total += ex[k].weight;
    const double rate = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-8;
    for (int step = 1; step <= steps; step++) {
        memset(grad, 0, sizeof grad);
        for (size_t k = 0; k < n; k++) {
            const Example *e = &ex[k];
            double p = 1.0 / (1.0 + exp(-logit_of(m, e)));
            double g = (p - e->y) * e->weight / total;
            grad[0] += g;
            for (int i = 0; i < e->trait_count; i++)
                grad[1 + e->traits[i]] += g;
            for (int i = 0; i < e->term_count; i++)
                grad[1 + TRAIT_COUNT + e->terms[i]] += g * e->term_value;
        }
        for (int i = 0; i < TRAIT_COUNT; i++)
            grad[1 + i] += l2 * m->w[i];
        for (int i = 0; i < TERM_BUCKETS; i++)
            grad[1 + TRAIT_COUNT + i] += l2_terms * m->t[i];
        double c1 = 1.0 - pow(b1, step), c2 = 1.0 - pow(b2, step);
        for (int i = 0; i < P; i++) {
            mom[i] = b1 * mom[i] + (1 - b1) * grad[i];
            vel[i] = b2 * vel[i] + (1 - b2) * grad[i] * grad[i];
            *param[i] -= rate * (mom[i] / c1) / (sqrt(vel[i] / c2) + eps);
        }
        for (int i = 0; i < TRAIT_COUNT; i++)
            if (held[i] && m->w[i] < 0)
                m->w[i] = 0;
    }
}

static long clamp_round(double v, long lim)
{
    long r = lround(v);
    return r > lim ? lim : r < -lim ? -lim : r;
}

static void print_yaml(const Model *m, const Example *ex, size_t n)
{
    size_t pos = 0, neg = 0;
    for (size_t k = 0; k < n; k++)
        ex[k].y > 0.5f ? pos++ : neg++;
    printf("  # Learned by omamori-train from %zu fake alerts and %zu benign windows.\n", pos, neg);
    printf("  base: %ld\n", clamp_round(ALERT_AT + POINTS_PER_LOGIT * m->bias, 200));
    printf("  weights:\n");
    for (int t = 0; t < TRAIT_COUNT; t++)
        printf("    %s: %ld\n", trait_code((Trait)t), clamp_round(POINTS_PER_LOGIT * m->w[t], 200));
    printf("  terms: [");
    for (int i = 0; i < TERM_BUCKETS; i++)
        printf("%s%s%ld", i ? "," : "", i % 32 == 0 ? "\n    " : "",
               clamp_round(POINTS_PER_LOGIT * 10.0 * m->t[i], 2000));
    printf("]\n");
}

int main(int argc, char **argv)
{
    int steps = 600;
    double l2 = 0.01, l2_terms = 0.05;
    static bool held[TRAIT_COUNT]; /* --at-least-zero */
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(HELP, stdout);
            return 0;
        } else if (strcmp(argv[i], "--steps") == 0 && i + 1 < argc) {
            steps = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--l2") == 0 && i + 1 < argc) {
            l2 = atof(argv[++i]);
        } else if (strcmp(argv[i], "--l2-terms") == 0 && i + 1 < argc) {
            l2_terms = atof(argv[++i]);
        } else if (strcmp(argv[i], "--at-least-zero") == 0 && i + 1 < argc) {
            if (read_at_least_zero(argv[++i], held) < 0)
                return 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "omamori-train: unknown option %s\n%s", argv[i], HELP);
            return 1;
        } else {
            path = argv[i];
        }
    }
    if (steps < 1) {
        fprintf(stderr, "omamori-train: --steps must be at least 1\n");
        return 1;
    }
    FILE *in = path && strcmp(path, "-") != 0 ? fopen(path, "r") : stdin;
    if (!in) {
        perror(path);
        return 1;
    }
    Config cfg;
    if (config_default(&cfg) < 0) {
        fprintf(stderr, "omamori-train: the built-in configuration does not load\n");
        return 1;
    }
    Example *ex = NULL;
    size_t n = 0;
    if (read_examples(in, cfg.rules.lexicon, &ex, &n) < 0)
        return 2;
    if (n == 0) {
        fprintf(stderr, "omamori-train: no examples\n");
        return 2;
    }
    static Model m;
    fit(ex, n, steps, l2, l2_terms, held, &m);
    print_yaml(&m, ex, n);
    for (size_t k = 0; k < n; k++)
        free(ex[k].terms);
    free(ex);
    config_free(&cfg);
    if (in != stdin)
        fclose(in);
    return 0;
}
