/*
 * score.c - the verdict on one observation: independent weighted traits, summed.
 *
 * The title (without the browser's suffix), the address and the page text are
 * folded, then read for alarm wording (lexicon.h) and phone numbers (phone.h); the
 * window's behaviour (fullscreen, topmost, hidden pointer) and its sound (audio.h)
 * add their own points. Every point comes with a Reason. The points, caps and
 * thresholds are the ScoreRules, read from config/omamori.yaml.
 *
 * The groups, each bounded, so that no kind of evidence can alert on its own:
 *   wording    - each lexicon category once, together at most caps.wording; on a page
 *                that reports the words (it quotes them, or names the scam) at most
 *                caps.wording_quoted: articles and warnings repeat every phrase a
 *                scam uses, but inside quotation marks; the cut shows as about.quoted;
 *   phone      - the best number's class, plus a bonus when it is in the title or
 *                the address, where legitimate pages almost never put one;
 *   behaviour  - fullscreen, topmost, hidden pointer, a looping or loud sound: never
 *                more than what the page says in words and numbers (or
 *                caps.behaviour_alone if that is more): a fullscreen film, game or
 *                ringing alarm clock with little said looks just like a kit;
 *   the gate   - a page with fewer than alarm_signs_min different alarm.* signs is
 *                held at caps.without_alarm, below alert: a company's contact page
 *                with its 0120 number is not a fake alert, however it is shown.
 * A trait with a negative weight (about.scam) counts against the others, outside the
 * wording cap, and only from what the person reads (title and text). A trait whose
 * group is already full adds nothing and is not listed: the reasons always add up to
 * the score (before it is clamped to 0..100), and there are never more of them than
 * VERDICT_MAX_REASONS.
 * Trait codes (stable: the journal and the tests use them): the lexicon's categories
 * (lexicon.h: brand, alarm.*, support, device.yours, about.scam); phone.<class> (see
 * phone.h), phone.in_title, phone.in_url; window.fullscreen, window.topmost,
 * cursor.hidden, audio.loop, audio.loud; about.quoted; no.alarm_words.
 * Limits: evidence is quoted in folded form; exe, window class and lang are not used.
 */
#include "score.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio.h"
#include "fold.h"
#include "lexicon.h"
#include "phone.h"

/*
 * Wording fills its cap strongest first, so that what is cut off is the weakest.
 * Equal weights keep this order, which is also the order of the default weights,
 * strongest first: then the reasons come out as they always have.
 */
static const LexCategory wording_order[] = {
    LEX_CALL, LEX_CLAIM, LEX_SECURITY_UI, LEX_LOCK, LEX_DONT_CLOSE, LEX_YOUR_DEVICE,
    LEX_INFECTION,
    LEX_BRAND, LEX_ERROR_CODE, LEX_LICENSE, LEX_SCAN, LEX_WARNING, LEX_SUPPORT,
    LEX_ABOUT_SCAM,
};

/* Continuous sound counts as "loud" when at least half of the judged window is loud. */
#define AUDIO_LOUD_SHARE_PERCENT 50
/* Quotation marks that make a page one that reports words rather than says them. */
#define QUOTE_MARKS_MIN 2

/* Stack room for typical texts; longer ones are folded on the heap. */
#define TITLE_STACK 1024
#define URL_STACK 1024
#define TEXT_STACK 8192
#define PHONE_SCAN_MAX 16

const char *verdict_name(VerdictKind kind)
{
    switch (kind) {
    case VERDICT_ALERT: return "alert";
    case VERDICT_WATCH: return "watch";
    default: return "clean";
    }
}

/* ---- folded sources ------------------------------------------------------------ */

typedef struct Source {
    const char *text; /* folded; empty when the observation lacks it */
    size_t length;
    char *heap; /* owned when the stack buffer was too small; else NULL */
} Source;

static void source_fold(Source *src, const char *raw, char *stack, size_t stack_size)
{
    src->text = "";
    src->length = 0;
    src->heap = NULL;
    if (!raw)
        return;
    size_t raw_length = strlen(raw);
    size_t need = fold_text(raw, raw_length, stack, stack_size);
    src->text = stack;
    src->length = need;
    if (need < stack_size)
        return;
    char *heap = malloc(need + 1);
    if (!heap) {
        /* Out of memory: judge the prefix that fitted rather than nothing. */
        src->length = strlen(stack);
        return;
    }
    fold_text(raw, raw_length, heap, need + 1);
    src->text = heap;
    src->heap = heap;
}

static void source_free(Source *src)
{
    free(src->heap);
    src->heap = NULL;
}

/* ---- building the verdict ---------------------------------------------------- */

static void add_reason(Verdict *out, const char *trait, const char *evidence,
                       size_t evidence_length, int weight)
{
    if (weight == 0 || out->reason_count == VERDICT_MAX_REASONS)
        return; /* the groups' caps keep the count well below the limit */
    Reason *r = &out->reasons[out->reason_count++];
    size_t t = strlen(trait); /* codes are ASCII: a plain cut is a clean one */
    if (t > sizeof r->trait - 1)
        t = sizeof r->trait - 1;
    memcpy(r->trait, trait, t);
    r->trait[t] = '\0';
    size_t n = fold_utf8_prefix(evidence, evidence_length, sizeof r->match - 1);
    memcpy(r->match, evidence, n);
    r->match[n] = '\0';
    r->weight = weight;
    out->score += weight;
}

/* Points a reason may add to a group that already holds used of at most cap. */
static int within(int weight, int used, int cap)
{
    int room = cap - used;
    if (room <= 0)
        return 0;
    return weight < room ? weight : room;
}

/*
 * sources are the title, the text and the address, in that order; the first
 * count_read of them are what the person reads. A trait that lowers the score is
 * taken only from those: an address such as "scam-alert.example" says nothing.
 */
#define SOURCES_MAX 3

/* A category found in a source: a wording reason to be. */
typedef struct Said {
    LexCategory category;
    const Source *source;
    const LexHit *hit;
} Said;

/* Scores the wording; returns the points it added (the capped positives plus the
   negatives). */
static int score_wording(const ScoreRules *rules, const Source *sources, size_t count,
                         size_t count_read, Verdict *out)
{
    LexResult found[SOURCES_MAX];
    if (count > SOURCES_MAX)
        count = SOURCES_MAX;
    for (size_t s = 0; s < count; s++)
        lexicon_scan(rules->lexicon, sources[s].text, sources[s].length, &found[s]);

    Said said[LEX_CATEGORY_COUNT];
    size_t n = 0;
    for (size_t i = 0; i < sizeof wording_order / sizeof wording_order[0]; i++) {
        LexCategory cat = wording_order[i];
        /* Evidence from the first source that has it: title, then text, then address. */
        for (size_t s = 0; s < count; s++) {
            const LexHit *hit = &found[s].hits[cat];
            if (!hit->found || (rules->wording[cat] < 0 && s >= count_read))
                continue;
            said[n++] = (Said){cat, &sources[s], hit};
            break;
        }
    }
    /* Strongest first; a stable sort, so equal weights keep wording_order. */
    for (size_t i = 1; i < n; i++) {
        Said moved = said[i];
        size_t j = i;
        for (; j > 0 && rules->wording[said[j - 1].category] < rules->wording[moved.category]; j--)
            said[j] = said[j - 1];
        said[j] = moved;
    }

    int used = 0, against = 0;
    for (size_t i = 0; i < n; i++) {
        int w = rules->wording[said[i].category];
        if (w > 0) { /* a negative trait stands outside the cap */
            w = within(w, used, rules->wording_cap);
            used += w;
        } else {
            against += w;
        }
        add_reason(out, lexicon_category_code(said[i].category),
                   said[i].source->text + said[i].hit->offset, said[i].hit->length, w);
    }
    return used + against;
}

typedef enum { WHERE_TITLE, WHERE_URL, WHERE_TEXT } Where;

static int score_phone(const ScoreRules *rules, const Source *title, const Source *url,
                       const Source *text, Verdict *out)
{
    const Source *where_src[] = {title, url, text};
    PhoneMatch best = {PHONE_OTHER, 0, 0, ""};
    Where best_where = WHERE_TEXT;
    bool any = false;
    int best_weight = 0;

    for (int w = WHERE_TITLE; w <= WHERE_TEXT; w++) {
        const Source *src = where_src[w];
        PhoneMatch matches[PHONE_SCAN_MAX];
        size_t n = phone_scan(src->text, src->length, matches, PHONE_SCAN_MAX);
        if (n > PHONE_SCAN_MAX)
            n = PHONE_SCAN_MAX;
        for (size_t i = 0; i < n; i++) {
            int weight = rules->phone[matches[i].phone_class];
            if (w == WHERE_TITLE)
                weight += rules->phone_in_title;
            else if (w == WHERE_URL)
                weight += rules->phone_in_url;
            if (!any || weight > best_weight) {
                any = true;
                best = matches[i];
                best_where = (Where)w;
                best_weight = weight;
            }
        }
    }
    if (!any)
        return 0;

    const Source *src = where_src[best_where];
    const char *evidence = src->text + best.offset;
    char trait[REASON_TRAIT_SIZE];
    snprintf(trait, sizeof trait, "phone.%s", phone_class_name(best.phone_class));
    add_reason(out, trait, evidence, best.length, rules->phone[best.phone_class]);
    if (best_where == WHERE_TITLE)
        add_reason(out, "phone.in_title", evidence, best.length, rules->phone_in_title);
    else if (best_where == WHERE_URL)
        add_reason(out, "phone.in_url", evidence, best.length, rules->phone_in_url);
    return best_weight;
}

/*
 * The sound trait, at most one of two: a sustained loop (an alarm or a recorded
 * message played over and over, what the kits do) or sustained loud sound that does
 * not repeat (music, speech, a film), which says much less.
 */
static const char *audio_trait(const ScoreRules *rules, const Observation *obs, char *evidence,
                               size_t evidence_size, int *weight)
{
    if (obs->audio_playing == TRISTATE_NO || obs->audio_peaks == NULL)
        return NULL;
    AudioFinding finding;
    audio_analyse(obs->audio_peaks, obs->audio_peak_count, &finding);
    if (!finding.judged || !finding.sustained)
        return NULL;
    audio_evidence(&finding, evidence, evidence_size);
    if (finding.looping) {
        *weight = rules->audio_loop;
        return "audio.loop";
    }
    if (finding.loud_percent >= AUDIO_LOUD_SHARE_PERCENT) {
        *weight = rules->audio_loud;
        return "audio.loud";
    }
    return NULL;
}

/* The wording points added so far (every reason yet is a wording one), positives only. */
static int positive_wording(const Verdict *out)
{
    int sum = 0;
    for (size_t i = 0; i < out->reason_count; i++)
        sum += out->reasons[i].weight > 0 ? out->reasons[i].weight : 0;
    return sum;
}

/* Whether the wording found the page naming the scam (about.scam). */
static bool names_the_scam(const Verdict *out)
{
    for (size_t i = 0; i < out->reason_count; i++) {
        if (strcmp(out->reasons[i].trait, lexicon_category_code(LEX_ABOUT_SCAM)) == 0)
            return true;
    }
    return false;
}

/* Counts quotation marks (「」『』“”"＂) in folded text, up to the number that matters. */
static int quote_marks(const Source *src)
{
    int count = 0;
    const unsigned char *p = (const unsigned char *)src->text;
    const unsigned char *end = p + src->length;
    for (; p < end && count < QUOTE_MARKS_MIN; p++) {
        if (*p == '"')
            count++;
        else if (end - p >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] >= 0x8C && p[2] <= 0x8F)
            count++; /* U+300C..U+300F 「」『』 */
        else if (end - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x9C || p[2] == 0x9D))
            count++; /* U+201C, U+201D “” */
    }
    return count;
}

/*
 * A page that puts the alarm words in quotation marks reports them: a news article,
 * a consumer-centre warning. The kits say their words; they do not quote them. Such
 * a page's wording counts only up to the smaller quoted cap; the points taken off are
 * shown as a reason of their own, so the reasons still add up to the score.
 * Returns the (negative or zero) points it added.
 */
static int score_quoting(const ScoreRules *rules, const Source *title, const Source *text,
                         int wording_used, Verdict *out)
{
    int excess = wording_used - rules->wording_quoted_cap;
    if (excess <= 0)
        return 0;
    const char *evidence = quote_marks(text) >= QUOTE_MARKS_MIN    ? "quotation marks"
                           : quote_marks(title) >= QUOTE_MARKS_MIN ? "quotation marks in the title"
                           : names_the_scam(out)                   ? "names the scam"
                                                                   : NULL;
    if (evidence == NULL)
        return 0;
    add_reason(out, "about.quoted", evidence, strlen(evidence), -excess);
    return -excess;
}

/*
 * The window's behaviour never counts for more than what the page itself says (its
 * words and numbers), beyond behaviour_alone_cap: a fullscreen page with a loud,
 * even looping, sound and little said is a film, a game or an alarm clock.
 */
static void score_behaviour(const ScoreRules *rules, const Observation *obs, int said,
                            Verdict *out)
{
    int cap = said > rules->behaviour_alone_cap ? said : rules->behaviour_alone_cap;
    int used = 0, w;
    bool fullscreen = obs->fullscreen == TRISTATE_YES;
    if (fullscreen) {
        w = within(rules->fullscreen, used, cap);
        used += w;
        add_reason(out, "window.fullscreen", "fullscreen", strlen("fullscreen"), w);
    }
    if (obs->topmost == TRISTATE_YES) {
        w = within(rules->topmost, used, cap);
        used += w;
        add_reason(out, "window.topmost", "topmost", strlen("topmost"), w);
    }
    if (obs->cursor_hidden == TRISTATE_YES) {
        w = fullscreen ? 0 : within(rules->cursor_hidden, used, cap);
        used += w;
        add_reason(out, "cursor.hidden", "cursor hidden", strlen("cursor hidden"), w);
    }
    char evidence[REASON_MATCH_SIZE];
    int audio_weight = 0;
    const char *audio = audio_trait(rules, obs, evidence, sizeof evidence, &audio_weight);
    if (audio != NULL) {
        w = within(audio_weight, used, cap);
        add_reason(out, audio, evidence, strlen(evidence), w);
    }
}

/*
 * Only a page that raises an alarm in words can be a fake alert: a number, a brand,
 * fullscreen and sound without them are a company's contact page ("お電話ください"),
 * a film, a game. A page showing fewer than alarm_signs_min different alarm signs
 * (alarm.* reasons) is held at without_alarm_cap, and the points held back show as the
 * reason "no.alarm_words".
 */
static void score_alarm_gate(const ScoreRules *rules, Verdict *out)
{
    int signs = 0;
    for (size_t i = 0; i < out->reason_count; i++) {
        const Reason *r = &out->reasons[i];
        if (strncmp(r->trait, "alarm.", 6) == 0 && r->weight > 0)
            signs++;
    }
    int excess = out->score - rules->without_alarm_cap;
    if (signs >= rules->alarm_signs_min || excess <= 0)
        return;
    add_reason(out, "no.alarm_words", "too few alarm words", strlen("too few alarm words"),
               -excess);
}

void score_observation(const ScoreRules *rules, const Observation *obs, Verdict *out)
{
    memset(out, 0, sizeof *out);
    out->kind = VERDICT_CLEAN;
    if (!obs)
        return;

    char title_buf[TITLE_STACK], url_buf[URL_STACK], text_buf[TEXT_STACK];
    Source title, url, text;
    source_fold(&title, obs->title, title_buf, sizeof title_buf);
    title.length = fold_strip_browser_suffix(title.text, title.length);
    source_fold(&url, obs->url, url_buf, sizeof url_buf);
    source_fold(&text, obs->text, text_buf, sizeof text_buf);

    const Source sources[] = {title, text, url};
    int said = score_wording(rules, sources, 3, 2, out);
    said += score_quoting(rules, &title, &text, positive_wording(out), out);
    said += score_phone(rules, &title, &url, &text, out);
    score_behaviour(rules, obs, said, out);
    score_alarm_gate(rules, out);

    source_free(&title);
    source_free(&url);
    source_free(&text);

    if (out->score > 100)
        out->score = 100;
    if (out->score < 0)
        out->score = 0;
    if (out->score >= rules->alert_threshold)
        out->kind = VERDICT_ALERT;
    else if (out->score >= rules->watch_threshold)
        out->kind = VERDICT_WATCH;
}
