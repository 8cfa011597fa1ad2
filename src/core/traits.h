/*
 * traits.h - what the scorer knows of one observation, as the model's inputs.
 *
 * One pass over the folded title, page text and address gives two kinds of input:
 *   traits - named yes/no facts a person can be told about: an alarm phrase class
 *            said anywhere, the same class in the title, the best phone number's
 *            class and where it stands, the window (fullscreen, on top, pointer
 *            hidden), the sound (a loop, loud sound), and a few combinations a
 *            linear model cannot make by itself (fullscreen with the pointer hidden,
 *            a looping sound in a fullscreen window), and what a capture of the
 *            window shows (Microsoft's logo, a drawn taskbar, a dialog over a dimmed
 *            page, a blue screen; screen.h);
 *   terms  - hashed folded words, word pairs and, in Japanese and Chinese text,
 *            character pairs (TERM_BUCKETS buckets), each counted once: wording no
 *            phrase list names, as Chrome's client-side phishing model hashes page
 *            terms. Their values are 1/sqrt(number of distinct terms), so a long
 *            page's terms weigh as much together as a short one's.
 * The scorer (score.c) and the trainer (omamori-train) both read these, so what is
 * learned is exactly what is scored.
 */
#ifndef OMAMORI_TRAITS_H
#define OMAMORI_TRAITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lexicon.h"
#include "observation.h"
#include "phone.h"

typedef enum {
    /* LEX_* categories said anywhere (title, text, address): TRAIT_SAID + category */
    TRAIT_SAID = 0,
    /* the same categories in the window title: TRAIT_TITLE + category (never set for
       brand and support: see traits.c) */
    TRAIT_TITLE = TRAIT_SAID + LEX_CATEGORY_COUNT,
    /* the best number's class: TRAIT_PHONE + PhoneClass */
    TRAIT_PHONE = TRAIT_TITLE + LEX_CATEGORY_COUNT,
    TRAIT_PHONE_IN_TITLE = TRAIT_PHONE + PHONE_CLASS_COUNT,
    TRAIT_PHONE_IN_URL,
    TRAIT_ALARM_MANY,   /* three or more different alarm.* classes */
    TRAIT_QUOTED,       /* the page puts words in quotation marks: it reports them */
    TRAIT_TITLE_CODE,   /* a machine-made code in the title ("Error 2V7HGTVB404", "-01JP21") */
    TRAIT_TEXT_NONE,    /* no page text could be read */
    TRAIT_FULLSCREEN,
    TRAIT_TOPMOST,
    TRAIT_CURSOR_HIDDEN,
    TRAIT_LOCKED,       /* fullscreen with the pointer hidden */
    TRAIT_AUDIO_LOUD,   /* sustained loud sound that does not repeat */
    TRAIT_AUDIO_LOOP,   /* the same alarm or message over and over */
    TRAIT_ALARM_SCREEN, /* a looping sound in a fullscreen window */
    TRAIT_AUDIO_MESSAGE_LOOP, /* a loop as long as a spoken message (kits' voice warnings) */
    /* what a capture of the window shows (screen.h) */
    TRAIT_SCREEN_LOGO,      /* Microsoft's four-square logo */
    TRAIT_SCREEN_LOGOS,     /* the logo two or more times */
    TRAIT_SCREEN_TASKBAR,   /* a taskbar drawn along the bottom */
    TRAIT_SCREEN_DIALOG,    /* a bright box in the middle of a darkened page */
    TRAIT_SCREEN_BLUE,      /* a screen mostly of Windows blue */
    TRAIT_SCREEN_KIT_LOOK,  /* the logo with a drawn taskbar or a dialog over a dimmed page */
    TRAIT_COUNT
} Trait;

/* Hashed term buckets: a power of two. */
#define TERM_BUCKETS 2048
/* Distinct terms kept per observation; the rest of a very long page is not hashed. */
#define TERMS_MAX 768

/* Where a trait or term was seen: a span of one of the folded sources. */
typedef struct Span {
    const char *text;
    size_t length;
} Span;

/* Folded source text: stack room for typical pages, the heap beyond. */
typedef struct FoldedSource {
    const char *text;
    size_t length;
    char *heap;
} FoldedSource;

typedef struct Features {
    bool has[TRAIT_COUNT];
    Span evidence[TRAIT_COUNT];  /* valid where has[] is true */
    uint8_t present[TRAIT_COUNT]; /* the traits that are, in the order they were found */
    size_t present_count;
    char audio_evidence[96];     /* the sound's description (audio.h) */
    size_t term_count;           /* distinct buckets */
    uint16_t term[TERMS_MAX];    /* bucket of each */
    Span term_span[TERMS_MAX];   /* the first text that fell into it */
    float term_value;            /* each term's value: 1/sqrt(term_count) */
    FoldedSource title, text, url;
    char title_buf[1024], text_buf[8192], url_buf[1024];
} Features;

/*
 * Reads obs (not NULL) into *out with the phrases of lex (NULL: no phrases).
 * Never fails: text that cannot be folded for want of memory is judged by its prefix.
 * Call features_free() after.
 */
void features_extract(const Lexicon *lex, const Observation *obs, Features *out);
void features_free(Features *f);

/* The trait's stable code ("alarm.call", "title.alarm.call", "phone.jp_tollfree", ...). */
const char *trait_code(Trait trait);
/* The trait with that code, or -1. */
int trait_from_code(const char *code);

/* The bucket of a term (exposed for tests and for the trainer's report). */
uint16_t term_bucket(const char *term, size_t length);

#endif
