/*
 * explain.h - a verdict's reasons as a few plain statements a person can read.
 *
 * The scorer's reasons are codes for the journal ("phone.in_title", "alarm.lock");
 * the alert window says what they mean ("It shows a phone number to call"). This
 * module picks which to say: one statement per kind, the most telling first, at most
 * a handful. The platform layer turns each kind into words of the person's language.
 *
 * A statement carries no text of the page: the alert is the one window the person
 * trusts, and it must never repeat the scam's phone number (a frightened reader may
 * call it) or any other words the page chose. The journal keeps the matched text.
 */
#ifndef OMAMORI_EXPLAIN_H
#define OMAMORI_EXPLAIN_H

#include <stddef.h>

#include "score.h"

typedef enum {
    EXPLAIN_NONE = 0,    /* a reason with nothing worth saying (e.g. "support") */
    EXPLAIN_CALL,        /* it tells you to call */
    EXPLAIN_PHONE,       /* it shows a phone number to call (never the number itself) */
    EXPLAIN_INFECTION,   /* it claims a virus or infection */
    EXPLAIN_LOCK,        /* it claims the computer is locked or must not be closed */
    EXPLAIN_BRAND,       /* it pretends to be Microsoft or another known company */
    EXPLAIN_FULLSCREEN,  /* it fills the whole screen */
    EXPLAIN_ALARM_SOUND, /* it plays a loud or repeating alarm */
    EXPLAIN_CURSOR,      /* it hides the mouse pointer */
    EXPLAIN_SEEN_BEFORE, /* omamori ended this same page before (the browser restored it) */
    EXPLAIN_LOOKS_LIKE_WINDOWS, /* its picture imitates Windows: Microsoft's logo, a taskbar */
    EXPLAIN_KIND_COUNT
} ExplainKind;

/* The kind of statement a trait code calls for. */
ExplainKind explain_kind_of(const char *trait);

/* Fills out[0..max) with the distinct statements the verdict calls for, most telling
   first; returns how many. */
size_t explain_verdict(const Verdict *verdict, ExplainKind *out, size_t max);

#endif
