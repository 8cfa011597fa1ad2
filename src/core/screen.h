/*
 * screen.h - what a capture of a suspect window shows, as evidence that needs no words.
 *
 * Nearly every fake alert paints the same things whatever its language or title:
 * Microsoft's four-square logo (often several times), a fake taskbar along the
 * bottom, a centred dialog over a darkened copy of a real page, or a whole screen of
 * Windows blue. screen_analyse() looks for those in an RGB or RGBA buffer and says
 * which it found; traits.c turns them into traits whose weights are learned like
 * the others (a logo alone is weak: Microsoft's own pages show it).
 *
 * Pixels in, findings out: no file, no Win32 type. The daemon hands it a downscaled
 * capture that lives in memory only; omamori-score hands it a PPM file (ppm.h).
 * Cost: one pass to classify the pixels, one to label the logo's colours, a few
 * over the bottom rows: a few million instructions for a 480x270 capture.
 */
#ifndef OMAMORI_SCREEN_H
#define OMAMORI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

/* A view of pixels: rows of width pixels of `channels` bytes (3: RGB, 4: RGBA),
   each row `stride` bytes from the last. Not owned. */
typedef struct ScreenPixels {
    const unsigned char *data;
    int width, height;
    int channels;
    size_t stride;
} ScreenPixels;

/* Sizes screen_analyse() judges; anything else is left unjudged. */
#define SCREEN_SIDE_MIN 64
#define SCREEN_SIDE_MAX 4096

typedef struct ScreenFinding {
    bool judged;     /* false: no pixels, a size out of range, or no memory */
    int ms_logos;    /* Microsoft four-square logos found */
    bool taskbar;    /* a uniform dark or blue bar along the bottom, unlike the page above */
    bool dialog;     /* a bright box in the middle, darker strips to its left and right */
    bool blue_field; /* at least a third of the screen in Windows blue */
} ScreenFinding;

void screen_analyse(const ScreenPixels *pixels, ScreenFinding *out);

#endif
