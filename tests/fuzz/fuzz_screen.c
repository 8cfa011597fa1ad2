/*
 * fuzz_screen.c - the screen analysis (screen.c) on any pixels of any shape: what a
 * capture of a strange window could hand it. The first bytes choose the picture's
 * width and height (0 to 511 each, so sizes it must refuse come up too), its channels
 * (3 or 4) and how much padding ends each row; the rest are its pixels, repeated to
 * fill it. Properties: a picture outside the sizes it judges is left unjudged; a
 * judged one has a logo count no larger than four squares of two pixels allow.
 */
#include <string.h>

#include "fuzz.h"
#include "screen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 6)
        return 0;
    int width = (data[0] | data[1] << 8) & 511;
    int height = (data[2] | data[3] << 8) & 511;
    int channels = 3 + (data[4] & 1);
    size_t pad = data[5] & 7;
    data += 6;
    size -= 6;
    size_t stride = (size_t)width * (size_t)channels + pad;
    size_t bytes = stride * (size_t)height;
    unsigned char *pixels = malloc(bytes ? bytes : 1);
    FUZZ_CHECK(pixels != NULL);
    for (size_t i = 0; i < bytes; i++)
        pixels[i] = size ? data[i % size] : 0;
    ScreenPixels px = {pixels, width, height, channels, stride};
    ScreenFinding f;
    screen_analyse(&px, &f);
    bool in_range = width >= SCREEN_SIDE_MIN && height >= SCREEN_SIDE_MIN;
    FUZZ_CHECK(in_range || !f.judged);
    FUZZ_CHECK(f.ms_logos >= 0 && (size_t)f.ms_logos <= (size_t)width * (size_t)height / 16);
    FUZZ_CHECK(f.judged || (f.ms_logos == 0 && !f.taskbar && !f.dialog && !f.blue_field));
    free(pixels);
    return 0;
}
