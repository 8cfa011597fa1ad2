/*
 * ppm.h - reads a binary PPM (P6) file: the one image format omamori-score takes
 * for an observation's "screen" (what the window showed). Any tool makes one
 * (ImageMagick: convert shot.png shot.ppm), and reading it needs no library.
 * The daemon never writes or reads one: its captures stay in memory (screen.h).
 */
#ifndef OMAMORI_PPM_H
#define OMAMORI_PPM_H

#include <stddef.h>

typedef struct PpmImage {
    unsigned char *rgb; /* width * height * 3 bytes, rows top to bottom */
    int width, height;
} PpmImage;

/* The largest side read: far beyond any screen, small enough to bound memory. */
#define PPM_SIDE_MAX 16384

/*
 * Reads path into *img (free it with ppm_free()). Returns 0, or -1 with a one-line
 * English message in err (always NUL-terminated when errlen > 0) and *img empty.
 */
int ppm_load(const char *path, PpmImage *img, char *err, size_t errlen);
void ppm_free(PpmImage *img);

#endif
