/*
 * ppm.c - see ppm.h. The header is "P6", width, height and the largest value,
 * separated by white space (and '#' comments to the end of a line), then one white
 * space character and the pixels. Values up to 65535 use two bytes, big end first
 * (netpbm's rule); they are scaled to 0..255.
 */
#include "ppm.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* The next header number, after white space and comments; -1 if there is none. */
static long header_number(FILE *f)
{
    int c = fgetc(f);
    for (;;) {
        if (c == '#') {
            while (c != EOF && c != '\n')
                c = fgetc(f);
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            c = fgetc(f);
        } else {
            break;
        }
    }
    if (c < '0' || c > '9')
        return -1;
    long value = 0;
    while (c >= '0' && c <= '9') {
        if (value > 1000000)
            return -1;
        value = value * 10 + (c - '0');
        c = fgetc(f);
    }
    /* The one white space character after the number (the last ends the header). */
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f')
        return -1;
    return value;
}

int ppm_load(const char *path, PpmImage *img, char *err, size_t errlen)
{
    memset(img, 0, sizeof *img);
    if (errlen > 0)
        err[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(err, errlen, "cannot open screen file %s", path);
    int rc = -1;
    char magic[2];
    if (fread(magic, 1, 2, f) != 2 || magic[0] != 'P' || magic[1] != '6') {
        fail(err, errlen, "screen file %s is not a binary PPM (P6)", path);
        goto done;
    }
    long width = header_number(f), height = header_number(f), maxval = header_number(f);
    if (width < 1 || height < 1 || maxval < 1 || maxval > 65535) {
        fail(err, errlen, "screen file %s has a malformed PPM header", path);
        goto done;
    }
    if (width > PPM_SIDE_MAX || height > PPM_SIDE_MAX) {
        fail(err, errlen, "screen file %s is %ldx%ld, larger than %d on a side", path, width,
             height, PPM_SIDE_MAX);
        goto done;
    }
    size_t pixels = (size_t)width * (size_t)height;
    size_t sample = maxval > 255 ? 2 : 1;
    unsigned char *raw = malloc(pixels * 3 * sample);
    img->rgb = malloc(pixels * 3);
    if (!raw || !img->rgb) {
        free(raw);
        fail(err, errlen, "out of memory reading screen file %s", path);
        goto done;
    }
    if (fread(raw, sample, pixels * 3, f) != pixels * 3) {
        free(raw);
        fail(err, errlen, "screen file %s is cut short", path);
        goto done;
    }
    for (size_t i = 0; i < pixels * 3; i++) {
        unsigned v = sample == 2 ? (unsigned)raw[2 * i] << 8 | raw[2 * i + 1] : raw[i];
        img->rgb[i] = (unsigned char)(maxval == 255 ? v : (v * 255 + (unsigned)maxval / 2) / (unsigned)maxval);
    }
    free(raw);
    img->width = (int)width;
    img->height = (int)height;
    rc = 0;
done:
    fclose(f);
    if (rc != 0)
        ppm_free(img);
    return rc;
}

void ppm_free(PpmImage *img)
{
    free(img->rgb);
    memset(img, 0, sizeof *img);
}
