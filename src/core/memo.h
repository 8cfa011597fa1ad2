/*
 * memo.h - what omamori last noted about each window: a 32-bit signature per window.
 *
 * The daemon keeps two: the windows it has reported (signature: the title, so a page
 * that changes its title is looked at afresh, while "this page is fine" holds for the
 * page it was said of), and the windows it has recorded (signature: the whole
 * observation, so --record writes a window again only when something changed).
 * Windows are opaque numbers here (an HWND on Windows). Fixed size, no allocation:
 * when full, the oldest entry is forgotten, which at worst reports a window twice.
 */
#ifndef OMAMORI_MEMO_H
#define OMAMORI_MEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "observation.h"

#define MEMO_CAPACITY 256

typedef struct WindowMemo {
    struct {
        uintptr_t window;
        uint32_t signature;
    } entries[MEMO_CAPACITY]; /* oldest first */
    size_t count;
} WindowMemo;

void memo_init(WindowMemo *memo);

/* True when the window is noted with exactly this signature. */
bool memo_matches(const WindowMemo *memo, uintptr_t window, uint32_t signature);

/* What is noted of the window: true and *signature set, or false when nothing is. */
bool memo_get(const WindowMemo *memo, uintptr_t window, uint32_t *signature);

/* Notes the window with this signature, replacing what was noted of it before. */
void memo_put(WindowMemo *memo, uintptr_t window, uint32_t signature);

/* Forgets every window for which gone(window, context) is true (closed windows). */
void memo_forget_if(WindowMemo *memo, bool (*gone)(uintptr_t window, void *context),
                    void *context);

/* Signatures (FNV-1a): of a text (NULL counts as empty), and of everything in an
   observation that can change while the window lives (title and window facts). */
uint32_t memo_text_signature(const char *text);
uint32_t memo_observation_signature(const Observation *obs);

#endif
