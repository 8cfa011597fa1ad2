/*
 * traits.c - see traits.h.
 *
 * The title (without the browser's suffix), the page text and the address are
 * folded (fold.h) once; the lexicon and the phone scanner read all three, the term
 * hasher reads the title and the text (what the person reads). Everything is kept
 * as spans of the folded text, so the scorer can quote its evidence.
 */
#include "traits.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audio.h"
#include "fold.h"

#define PHONE_SCAN_MAX 16
/* Quotation marks that make a page one that reports words rather than says them. */
#define QUOTE_MARKS_MIN 2
/* Continuous sound counts as "loud" when at least half of the judged window is loud. */
#define AUDIO_LOUD_SHARE_PERCENT 50
/* A loop this long is a message, not a beep: the kits' voice warnings repeat every 14
   to 45 s (tests/corpus), an alarm clock's beep every second or two. */
#define MESSAGE_LOOP_MS 14000
/* A title code: a run of letters and digits at least this long that changes between
   letters and digits at least twice ("2v7hgtvb404", "01jp21", "0x268d3"). Kits put
   such made-up error and case numbers in their decoy titles; a product or a year
   ("windows10", "rtx4090", "47news") changes once. */
#define TITLE_CODE_LENGTH_MIN 6
#define TITLE_CODE_CHANGES_MIN 2

/* ---- trait codes --------------------------------------------------------------- */

static const char *const other_codes[] = {
    "phone.in_title", "phone.in_url", "alarm.many", "about.quoted", "title.code", "text.none",
    "window.fullscreen", "window.topmost", "cursor.hidden", "window.locked",
    "audio.loud", "audio.loop", "audio.alarm_screen", "audio.message_loop",
    "screen.mslogo", "screen.mslogo_many", "screen.taskbar", "screen.dialog", "screen.bluefield",
    "screen.kit_look",
};
_Static_assert(sizeof other_codes / sizeof other_codes[0] == TRAIT_COUNT - TRAIT_PHONE_IN_TITLE,
               "one code for every trait after the phone classes");

/* "title." + a lexicon code, made once: the codes are constant for the program's life. */
static char title_codes[LEX_CATEGORY_COUNT][40];
static char phone_codes[PHONE_CLASS_COUNT][32];

static const char *make_code(char *buf, size_t size, const char *prefix, const char *code)
{
    if (buf[0] == '\0') {
        size_t p = strlen(prefix), c = strlen(code);
        if (p + c < size) {
            memcpy(buf, prefix, p);
            memcpy(buf + p, code, c + 1);
        }
    }
    return buf;
}

const char *trait_code(Trait trait)
{
    if (trait < TRAIT_TITLE)
        return lexicon_category_code((LexCategory)(trait - TRAIT_SAID));
    if (trait < TRAIT_PHONE) {
        LexCategory c = (LexCategory)(trait - TRAIT_TITLE);
        return make_code(title_codes[c], sizeof title_codes[c], "title.", lexicon_category_code(c));
    }
    if (trait < TRAIT_PHONE_IN_TITLE) {
        PhoneClass p = (PhoneClass)(trait - TRAIT_PHONE);
        return make_code(phone_codes[p], sizeof phone_codes[p], "phone.", phone_class_name(p));
    }
    if (trait < TRAIT_COUNT)
        return other_codes[trait - TRAIT_PHONE_IN_TITLE];
    return "";
}

int trait_from_code(const char *code)
{
    for (int t = 0; t < TRAIT_COUNT; t++) {
        if (strcmp(trait_code((Trait)t), code) == 0)
            return t;
    }
    return -1;
}

/* ---- folding --------------------------------------------------------------------- */

static void source_fold(FoldedSource *src, const char *raw, size_t raw_length, char *stack,
                        size_t stack_size)
{
    src->text = "";
    src->length = 0;
    src->heap = NULL;
    if (!raw)
        return;
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

void features_free(Features *f)
{
    free(f->title.heap);
    free(f->text.heap);
    free(f->url.heap);
    f->title.heap = f->text.heap = f->url.heap = NULL;
}

static void mark(Features *f, Trait t, const char *text, size_t length)
{
    if (f->has[t])
        return; /* the first evidence stays */
    f->has[t] = true;
    f->evidence[t] = (Span){text, length};
    f->present[f->present_count++] = (uint8_t)t;
}

/* ---- wording ----------------------------------------------------------------- */

static bool is_alarm_category(LexCategory c)
{
    /* memcmp of a constant length compiles to two compares; every code has at least
       six bytes with its NUL ("brand"). */
    return memcmp(lexicon_category_code(c), "alarm.", 6) == 0;
}

/*
 * A brand or "support" in the title is not a title trait of its own: honest support
 * pages carry both there, and the corpus's benign pages mostly come without their
 * titles, so such weights would be learned from fake alerts alone. They still count
 * as said (TRAIT_SAID). title.brand and title.support stay valid codes, never set.
 */
static bool title_counts(LexCategory c)
{
    return c != LEX_BRAND && c != LEX_SUPPORT;
}

static void read_wording(const Lexicon *lex, Features *f)
{
    if (lex == NULL)
        return;
    LexResult title, text, url; /* text and url only when there is one */
    bool has_text = f->text.length > 0, has_url = f->url.length > 0;
    lexicon_scan(lex, f->title.text, f->title.length, &title);
    if (has_text)
        lexicon_scan(lex, f->text.text, f->text.length, &text);
    if (has_url)
        lexicon_scan(lex, f->url.text, f->url.length, &url);
    int alarms = 0;
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++) {
        const LexHit *t = &title.hits[c], *x = &text.hits[c], *u = &url.hits[c];
        if (t->found) {
            if (title_counts((LexCategory)c))
                mark(f, (Trait)(TRAIT_TITLE + c), f->title.text + t->offset, t->length);
            mark(f, (Trait)(TRAIT_SAID + c), f->title.text + t->offset, t->length);
        } else if (has_text && x->found) {
            mark(f, (Trait)(TRAIT_SAID + c), f->text.text + x->offset, x->length);
        } else if (has_url && u->found && c != LEX_ABOUT_SCAM) {
            /* an address such as "scam-alert.example" says nothing about the page */
            mark(f, (Trait)(TRAIT_SAID + c), f->url.text + u->offset, u->length);
        }
        if (f->has[TRAIT_SAID + c] && is_alarm_category((LexCategory)c))
            alarms++;
    }
    if (alarms >= 3)
        mark(f, TRAIT_ALARM_MANY, "three or more alarm words", strlen("three or more alarm words"));
}

/* Counts quotation marks (「」『』“”"＂) in folded text, up to the number that matters. */
static int quote_marks(const FoldedSource *src)
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

static void read_phones(Features *f)
{
    const FoldedSource *where[] = {&f->title, &f->url, &f->text};
    for (int w = 0; w < 3; w++) {
        if (where[w]->length == 0)
            continue;
        PhoneMatch m[PHONE_SCAN_MAX];
        size_t n = phone_scan(where[w]->text, where[w]->length, m, PHONE_SCAN_MAX);
        if (n > PHONE_SCAN_MAX)
            n = PHONE_SCAN_MAX;
        for (size_t i = 0; i < n; i++) {
            const char *at = where[w]->text + m[i].offset;
            mark(f, (Trait)(TRAIT_PHONE + m[i].phone_class), at, m[i].length);
            if (w == 0)
                mark(f, TRAIT_PHONE_IN_TITLE, at, m[i].length);
            else if (w == 1)
                mark(f, TRAIT_PHONE_IN_URL, at, m[i].length);
        }
    }
}

/* ---- window and sound ---------------------------------------------------------- */

#define SAY(f, t, words) mark(f, t, words, strlen(words))

static void read_behaviour(const Observation *obs, Features *f)
{
    bool fullscreen = obs->fullscreen == TRISTATE_YES;
    bool hidden = obs->cursor_hidden == TRISTATE_YES;
    if (fullscreen)
        SAY(f, TRAIT_FULLSCREEN, "fullscreen");
    if (obs->topmost == TRISTATE_YES)
        SAY(f, TRAIT_TOPMOST, "topmost");
    if (hidden)
        SAY(f, TRAIT_CURSOR_HIDDEN, "cursor hidden");
    if (fullscreen && hidden)
        SAY(f, TRAIT_LOCKED, "fullscreen, cursor hidden");

    if (obs->audio_playing == TRISTATE_NO || obs->audio_peaks == NULL)
        return;
    AudioFinding finding;
    audio_analyse(obs->audio_peaks, obs->audio_peak_count, &finding);
    if (!finding.judged || !finding.sustained)
        return;
    audio_evidence(&finding, f->audio_evidence, sizeof f->audio_evidence);
    if (finding.looping) {
        mark(f, TRAIT_AUDIO_LOOP, f->audio_evidence, strlen(f->audio_evidence));
        if (finding.period_ms >= MESSAGE_LOOP_MS)
            mark(f, TRAIT_AUDIO_MESSAGE_LOOP, f->audio_evidence, strlen(f->audio_evidence));
        if (fullscreen)
            mark(f, TRAIT_ALARM_SCREEN, f->audio_evidence, strlen(f->audio_evidence));
    } else if (finding.loud_percent >= AUDIO_LOUD_SHARE_PERCENT) {
        mark(f, TRAIT_AUDIO_LOUD, f->audio_evidence, strlen(f->audio_evidence));
    }
}

/* ---- what the screen shows -------------------------------------------------------- */

static void read_screen(const Observation *obs, Features *f)
{
    const ScreenFinding *seen = &obs->screen;
    if (!seen->judged)
        return;
    if (seen->ms_logos >= 1)
        SAY(f, TRAIT_SCREEN_LOGO, "Microsoft's logo");
    if (seen->ms_logos >= 2)
        SAY(f, TRAIT_SCREEN_LOGOS, "Microsoft's logo, more than once");
    if (seen->taskbar)
        SAY(f, TRAIT_SCREEN_TASKBAR, "a taskbar drawn along the bottom");
    if (seen->dialog)
        SAY(f, TRAIT_SCREEN_DIALOG, "a box in the middle of a darkened page");
    if (seen->blue_field)
        SAY(f, TRAIT_SCREEN_BLUE, "a screen of Windows blue");
    if (seen->ms_logos >= 1 && (seen->taskbar || seen->dialog))
        SAY(f, TRAIT_SCREEN_KIT_LOOK, "Microsoft's logo on a drawn taskbar or dialog");
}

/* ---- terms ---------------------------------------------------------------------- */

#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

static uint32_t fnv(uint32_t h, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * FNV_PRIME;
    return h;
}

static uint16_t bucket_of(uint32_t h)
{
    h ^= h >> 15; /* FNV's low bits mix poorly on their own */
    return (uint16_t)(h & (TERM_BUCKETS - 1));
}

uint16_t term_bucket(const char *term, size_t length)
{
    return bucket_of(fnv(FNV_OFFSET, (const unsigned char *)term, length));
}

typedef enum { CH_SEPARATOR, CH_WORD, CH_CJK } CharKind;

/* Decodes the (already valid, folded) UTF-8 character at p; returns its length. */
static inline size_t next_char(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    size_t n = p[0] < 0x80 ? 1 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : 4;
    if ((size_t)(end - p) < n)
        n = (size_t)(end - p);
    uint32_t v = n == 1 ? p[0] : n == 2 ? p[0] & 0x1Fu : n == 3 ? p[0] & 0x0Fu : p[0] & 0x07u;
    for (size_t i = 1; i < n; i++)
        v = (v << 6) | (p[i] & 0x3Fu);
    *cp = v;
    return n;
}

static inline CharKind char_kind(uint32_t cp)
{
    if (cp < 0x80) {
        bool alnum = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
        return alnum ? CH_WORD : CH_SEPARATOR;
    }
    if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
        (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F))
        return CH_CJK;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFF00 && cp <= 0xFF65) || cp == 0xFFFD || cp < 0xC0)
        return CH_SEPARATOR; /* punctuation, symbols, arrows, full-width marks */
    return CH_WORD;          /* accented Latin, Cyrillic, Greek, Hangul, ... */
}

typedef struct TermSet {
    Features *f;
    uint8_t seen[TERM_BUCKETS / 8];
} TermSet;

static void add_term(TermSet *set, uint32_t h, const char *at, size_t length)
{
    uint16_t b = bucket_of(h);
    if (set->seen[b >> 3] & (1u << (b & 7)))
        return;
    Features *f = set->f;
    if (f->term_count == TERMS_MAX)
        return;
    set->seen[b >> 3] |= (uint8_t)(1u << (b & 7));
    f->term[f->term_count] = b;
    f->term_span[f->term_count] = (Span){at, length};
    f->term_count++;
}

/* ASCII letters and digits: what char_kind() calls CH_WORD below 0x80. */
static const bool ascii_word[128] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1,
    ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1,
    ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
    ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
};

static bool is_ascii_word(unsigned char c)
{
    return c < 0x80 && ascii_word[c];
}

static bool is_ascii_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Marks the first title code (see TITLE_CODE_LENGTH_MIN) in the folded title. */
static void read_title_code(Features *f)
{
    const unsigned char *p = (const unsigned char *)f->title.text;
    const unsigned char *end = p + f->title.length;
    while (p < end) {
        if (!is_ascii_word(*p)) {
            p++;
            continue;
        }
        const unsigned char *start = p;
        int changes = 0;
        for (p++; p < end && is_ascii_word(*p); p++) {
            if (is_ascii_digit(*p) != is_ascii_digit(p[-1]))
                changes++;
        }
        if (p - start >= TITLE_CODE_LENGTH_MIN && changes >= TITLE_CODE_CHANGES_MIN) {
            mark(f, TRAIT_TITLE_CODE, (const char *)start, (size_t)(p - start));
            return;
        }
    }
}

/*
 * Words and consecutive word pairs; in Japanese and Chinese runs, which have no
 * spaces, consecutive character pairs (a lone character stands for itself). A word
 * is hashed as itself, or as "#" when it is all digits.
 */
static void hash_terms(TermSet *set, const FoldedSource *src)
{
    const unsigned char *p = (const unsigned char *)src->text;
    const unsigned char *end = p + src->length;
    const unsigned char *prev_word = NULL; /* the word before, for pairs */
    uint32_t prev_hash = 0;
    while (p < end && set->f->term_count < TERMS_MAX) {
        uint32_t cp;
        size_t n = next_char(p, end, &cp);
        CharKind kind = char_kind(cp);
        if (kind == CH_SEPARATOR) {
            if (cp != ' ')
                prev_word = NULL; /* pairs do not cross punctuation */
            p += n;
            continue;
        }
        const unsigned char *start = p;
        if (kind == CH_WORD) {
            /* The word's hash as it is read: ASCII letters and digits, most of it,
               without decoding. */
            uint32_t h = FNV_OFFSET;
            bool digits = true;
            while (p < end) {
                if (*p < 0x80) {
                    if (!ascii_word[*p])
                        break;
                    digits = digits && *p <= '9';
                    h = (h ^ *p++) * FNV_PRIME;
                    continue;
                }
                size_t m = next_char(p, end, &cp);
                if (char_kind(cp) != CH_WORD)
                    break;
                digits = false;
                h = fnv(h, p, m);
                p += m;
            }
            if (digits) /* numbers vary per page: all of them are one term */
                h = fnv(FNV_OFFSET, (const unsigned char *)"#", 1);
            add_term(set, h, (const char *)start, (size_t)(p - start));
            if (prev_word != NULL)
                add_term(set, (prev_hash * FNV_PRIME) ^ h ^ 0x9E3779B9u, (const char *)prev_word,
                         (size_t)(p - prev_word));
            prev_word = start;
            prev_hash = h;
            continue;
        }
        /* a CJK run */
        prev_word = NULL;
        const unsigned char *last = NULL; /* the character before */
        size_t last_n = 0;
        while (p < end) {
            size_t m = next_char(p, end, &cp);
            if (char_kind(cp) != CH_CJK)
                break;
            if (last != NULL)
                add_term(set, fnv(FNV_OFFSET ^ 0x5bd1e995u, last, last_n + m), (const char *)last,
                         last_n + m);
            last = p;
            last_n = m;
            p += m;
        }
        if (last == start)
            add_term(set, fnv(FNV_OFFSET ^ 0x5bd1e995u, start, last_n), (const char *)start, last_n);
    }
}

static void read_terms(Features *f)
{
    TermSet set;
    memset(set.seen, 0, sizeof set.seen);
    set.f = f;
    hash_terms(&set, &f->title);
    hash_terms(&set, &f->text);
    f->term_value = f->term_count ? 1.0f / sqrtf((float)f->term_count) : 0.0f;
}

/* ---- all of it ------------------------------------------------------------------ */

void features_extract(const Lexicon *lex, const Observation *obs, Features *out)
{
    memset(out->has, 0, sizeof out->has);
    out->present_count = 0;
    out->audio_evidence[0] = '\0';
    out->term_count = 0;
    out->term_value = 0.0f;
    /* The browser's suffix off first where it is written as browsers write it: the
       rest need not be folded at all. */
    size_t title_length = obs->title ? strlen(obs->title) : 0;
    size_t own = obs->title ? fold_raw_title_length(obs->title, title_length) : FOLD_NO_RAW_SUFFIX;
    source_fold(&out->title, obs->title, own != FOLD_NO_RAW_SUFFIX ? own : title_length,
                out->title_buf, sizeof out->title_buf);
    if (own == FOLD_NO_RAW_SUFFIX)
        out->title.length = fold_strip_browser_suffix(out->title.text, out->title.length);
    source_fold(&out->text, obs->text, obs->text ? strlen(obs->text) : 0, out->text_buf,
                sizeof out->text_buf);
    source_fold(&out->url, obs->url, obs->url ? strlen(obs->url) : 0, out->url_buf,
                sizeof out->url_buf);

    read_wording(lex, out);
    /* Only the page's own text: a title is too short to tell quoting from a name. */
    if (quote_marks(&out->text) >= QUOTE_MARKS_MIN)
        SAY(out, TRAIT_QUOTED, "quotation marks");
    if (out->text.length == 0)
        SAY(out, TRAIT_TEXT_NONE, "no page text");
    read_title_code(out);
    read_phones(out);
    read_behaviour(obs, out);
    read_screen(obs, out);
    read_terms(out);
}
