/*
 * screen.c - see screen.h.
 *
 * The capture is first brought to a working copy no wider than WORK_WIDTH_MAX
 * (box averages), so a full-HD window costs what a small one does. Then:
 *   logo       each pixel is classed as one of the logo's four colours or none;
 *              same-coloured pixels are joined into patches (4-connected, union-
 *              find); a logo is a red, a green, a blue and a yellow square patch
 *              of about one size in a 2x2 grid (red top left, green top right, blue
 *              below red, yellow below green), at any size from 2 to 120 pixels a
 *              square in the working copy;
 *   taskbar    near the bottom, a run of rows mostly of one dark or blue colour,
 *              with the row above it mostly of another;
 *   dialog     the middle of the screen bright, the strips to its left and right
 *              clearly darker (an overlay dims the page around the kit's dialog);
 *   blue field a third of the pixels or more in Windows blue (a fake blue screen,
 *              a Defender page painted edge to edge).
 * The colour ranges were read off real kits' screenshots (tests/corpus) and the
 * logo's published colours (#F25022, #7FBA00, #00A4EF, #FFB900), with room for
 * scaling and palette reduction.
 */
#include "screen.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WORK_WIDTH_MAX 640
#define SQUARE_MIN 2
#define SQUARE_MAX 120
#define PATCHES_MAX 4096 /* square patches considered; past that the page is a mosaic */

enum { NONE_COLOUR = 0, RED, GREEN, BLUE, YELLOW };

typedef struct Work {
    unsigned char *rgb;
    int w, h;
} Work;

/* The working copy: box averages of k x k pixels, k the smallest that fits. */
static bool make_work(const ScreenPixels *px, Work *work)
{
    int k = (px->width + WORK_WIDTH_MAX - 1) / WORK_WIDTH_MAX;
    work->w = px->width / k;
    work->h = px->height / k;
    work->rgb = malloc((size_t)work->w * (size_t)work->h * 3);
    if (!work->rgb)
        return false;
    if (k == 1) { /* the daemon's captures are already small: a plain copy */
        for (int y = 0; y < work->h; y++) {
            const unsigned char *p = px->data + (size_t)y * px->stride;
            unsigned char *out = work->rgb + (size_t)y * (size_t)work->w * 3;
            if (px->channels == 3) {
                memcpy(out, p, (size_t)work->w * 3);
                continue;
            }
            for (int x = 0; x < work->w; x++, p += px->channels, out += 3) {
                out[0] = p[0];
                out[1] = p[1];
                out[2] = p[2];
            }
        }
        return true;
    }
    for (int y = 0; y < work->h; y++) {
        for (int x = 0; x < work->w; x++) {
            unsigned sum[3] = {0, 0, 0};
            for (int dy = 0; dy < k; dy++) {
                const unsigned char *p =
                    px->data + (size_t)(y * k + dy) * px->stride + (size_t)(x * k) * (size_t)px->channels;
                for (int dx = 0; dx < k; dx++, p += px->channels) {
                    sum[0] += p[0];
                    sum[1] += p[1];
                    sum[2] += p[2];
                }
            }
            unsigned char *out = work->rgb + ((size_t)y * (size_t)work->w + (size_t)x) * 3;
            for (int c = 0; c < 3; c++)
                out[c] = (unsigned char)(sum[c] / (unsigned)(k * k));
        }
    }
    return true;
}

/* ---- the four-square logo -------------------------------------------------------- */

static int logo_colour(const unsigned char *p)
{
    int r = p[0], g = p[1], b = p[2];
    if (r >= 200 && g >= 40 && g <= 120 && b <= 90 && r - g >= 100)
        return RED;    /* #F25022 */
    if (r >= 80 && r <= 175 && g >= 150 && b <= 90 && g - r >= 30)
        return GREEN;  /* #7FBA00 */
    if (r <= 80 && g >= 120 && g <= 200 && b >= 200)
        return BLUE;   /* #00A4EF */
    if (r >= 215 && g >= 150 && g <= 215 && b <= 90)
        return YELLOW; /* #FFB900 */
    return NONE_COLOUR;
}

typedef struct Patch {
    int colour;
    int x0, y0, x1, y1; /* inclusive bounds */
    int pixels;
} Patch;

static uint32_t find_root(uint32_t *parent, uint32_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]]; /* halve the path as we go */
        i = parent[i];
    }
    return i;
}

/* Whether a patch is a filled square of a size a logo's square can have. */
static bool is_square(const Patch *p)
{
    int w = p->x1 - p->x0 + 1, h = p->y1 - p->y0 + 1;
    int lo = w < h ? w : h, hi = w < h ? h : w;
    return lo >= SQUARE_MIN && hi <= SQUARE_MAX && hi * 2 <= lo * 3 + 2 && p->pixels * 20 >= w * h * 11;
}

/* Whether b sits where a logo puts it, dx and dy squares from a, and is of a's size. */
static bool placed(const Patch *a, const Patch *b, int dx, int dy)
{
    int side = a->x1 - a->x0 + 1;
    int slack = side / 3 + 1;
    int gap_max = side / 2 + 2;
    int bw = b->x1 - b->x0 + 1;
    if (bw * 3 < side * 2 || bw * 2 > side * 3)
        return false;
    if (dx) { /* b to the right of a, tops level */
        int gap = b->x0 - a->x1 - 1;
        return gap >= -1 && gap <= gap_max && abs(b->y0 - a->y0) <= slack;
    }
    (void)dy; /* b below a, left edges level */
    int gap = b->y0 - a->y1 - 1;
    return gap >= -1 && gap <= gap_max && abs(b->x0 - a->x0) <= slack;
}

static int count_logos(const Work *work)
{
    size_t n = (size_t)work->w * (size_t)work->h;
    uint32_t *label = malloc(n * sizeof *label);
    uint32_t *parent = malloc(n * sizeof *parent);
    unsigned char *colour = malloc(n);
    int logos = -1;
    if (!label || !parent || !colour)
        goto done;

    /* Label: each coloured pixel joins its left and upper neighbours of its colour. */
    uint32_t labels = 0;
    for (int y = 0; y < work->h; y++) {
        for (int x = 0; x < work->w; x++) {
            size_t i = (size_t)y * (size_t)work->w + (size_t)x;
            colour[i] = (unsigned char)logo_colour(work->rgb + i * 3);
            if (colour[i] == NONE_COLOUR)
                continue;
            bool left = x > 0 && colour[i - 1] == colour[i];
            bool up = y > 0 && colour[i - (size_t)work->w] == colour[i];
            if (left) {
                label[i] = label[i - 1];
                if (up) {
                    uint32_t a = find_root(parent, label[i]);
                    uint32_t b = find_root(parent, label[i - (size_t)work->w]);
                    if (a != b)
                        parent[a > b ? a : b] = a < b ? a : b;
                }
            } else if (up) {
                label[i] = label[i - (size_t)work->w];
            } else {
                parent[labels] = labels;
                label[i] = labels++;
            }
        }
    }

    /* Gather each patch's bounds; parent[] is reused as a patch index per root. */
    Patch *patch = malloc((labels ? labels : 1) * sizeof *patch);
    if (!patch)
        goto done;
    for (uint32_t l = 0; l < labels; l++)
        patch[l] = (Patch){0, work->w, work->h, -1, -1, 0};
    for (int y = 0; y < work->h; y++) {
        for (int x = 0; x < work->w; x++) {
            size_t i = (size_t)y * (size_t)work->w + (size_t)x;
            if (colour[i] == NONE_COLOUR)
                continue;
            Patch *p = &patch[find_root(parent, label[i])];
            p->colour = colour[i];
            if (x < p->x0) p->x0 = x;
            if (y < p->y0) p->y0 = y;
            if (x > p->x1) p->x1 = x;
            if (y > p->y1) p->y1 = y;
            p->pixels++;
        }
    }

    /* Keep the squares, then look for the 2x2 grid around each red one. */
    size_t squares = 0;
    for (uint32_t l = 0; l < labels && squares < PATCHES_MAX; l++) {
        if (patch[l].pixels > 0 && is_square(&patch[l]))
            patch[squares++] = patch[l];
    }
    logos = 0;
    for (size_t r = 0; r < squares; r++) {
        if (patch[r].colour != RED)
            continue;
        const Patch *green = NULL, *blue = NULL;
        for (size_t j = 0; j < squares && (!green || !blue); j++) {
            if (!green && patch[j].colour == GREEN && placed(&patch[r], &patch[j], 1, 0))
                green = &patch[j];
            else if (!blue && patch[j].colour == BLUE && placed(&patch[r], &patch[j], 0, 1))
                blue = &patch[j];
        }
        if (!green || !blue)
            continue;
        for (size_t j = 0; j < squares; j++) {
            if (patch[j].colour == YELLOW && placed(green, &patch[j], 0, 1) &&
                placed(blue, &patch[j], 1, 0)) {
                logos++;
                break;
            }
        }
    }
    free(patch);
done:
    free(label);
    free(parent);
    free(colour);
    return logos;
}

/* ---- the bars and boxes ---------------------------------------------------------- */

static int luminance(const unsigned char *p)
{
    return (p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000;
}

/* The most common colour of a row (3 bits a channel) and its share in percent. */
static int row_mode(const Work *work, int y, int *share)
{
    unsigned count[512];
    memset(count, 0, sizeof count);
    const unsigned char *p = work->rgb + (size_t)y * (size_t)work->w * 3;
    for (int x = 0; x < work->w; x++, p += 3)
        count[(p[0] >> 5) << 6 | (p[1] >> 5) << 3 | (p[2] >> 5)]++;
    int best = 0;
    for (int b = 1; b < 512; b++) {
        if (count[b] > count[best])
            best = b;
    }
    *share = (int)(count[best] * 100 / (unsigned)work->w);
    return best;
}

/* A taskbar's colour: dark, or clearly blue (3-bit channels). */
static bool bar_colour(int bin)
{
    int r = bin >> 6, g = (bin >> 3) & 7, b = bin & 7;
    bool dark = r <= 2 && g <= 2 && b <= 2;
    bool blue = b >= 4 && b >= r + 2 && b >= g;
    return dark || blue;
}

static bool find_taskbar(const Work *work)
{
    int band = work->h * 12 / 100; /* where a taskbar can be: the bottom 12% */
    int need = work->h * 3 / 100 > 3 ? work->h * 3 / 100 : 3;
    int run = 0, run_bin = -1;
    for (int y = work->h - 1; y >= work->h - band; y--) {
        int share;
        int bin = row_mode(work, y, &share);
        bool bar_row = share >= 60 && bar_colour(bin);
        if (bar_row && (run == 0 || bin == run_bin)) {
            run_bin = bin;
            run++;
            continue;
        }
        if (run >= need && (bin != run_bin || share < 60))
            return true; /* a bar, and above it something else */
        run = bar_row ? 1 : 0;
        run_bin = bar_row ? bin : -1;
    }
    return false; /* no bar, or one that goes on up the page (a dark page) */
}

/* Mean luminance of the box [x0,x1) x [y0,y1), in steps of 2 pixels. */
static int box_luminance(const Work *work, int x0, int y0, int x1, int y1)
{
    long sum = 0, n = 0;
    for (int y = y0; y < y1; y += 2) {
        for (int x = x0; x < x1; x += 2) {
            sum += luminance(work->rgb + ((size_t)y * (size_t)work->w + (size_t)x) * 3);
            n++;
        }
    }
    return n ? (int)(sum / n) : 0;
}

static bool find_dialog(const Work *work)
{
    int w = work->w, h = work->h;
    int middle = box_luminance(work, w * 35 / 100, h * 30 / 100, w * 65 / 100, h * 70 / 100);
    int left = box_luminance(work, 0, h * 20 / 100, w * 12 / 100, h * 80 / 100);
    int right = box_luminance(work, w * 88 / 100, h * 20 / 100, w, h * 80 / 100);
    return middle >= 170 && left * 10 <= middle * 7 && right * 10 <= middle * 7;
}

static bool find_blue_field(const Work *work)
{
    size_t n = (size_t)work->w * (size_t)work->h, blue = 0;
    const unsigned char *p = work->rgb;
    for (size_t i = 0; i < n; i++, p += 3) {
        /* #0078D7 and the older #0000AA, not the pale blues of ordinary pages */
        blue += p[2] >= 150 && p[2] - p[0] >= 80 && p[1] <= 190 && p[2] - p[1] >= 25;
    }
    return blue * 3 >= n;
}

void screen_analyse(const ScreenPixels *px, ScreenFinding *out)
{
    memset(out, 0, sizeof *out);
    if (!px || !px->data || px->width < SCREEN_SIDE_MIN || px->height < SCREEN_SIDE_MIN ||
        px->width > SCREEN_SIDE_MAX || px->height > SCREEN_SIDE_MAX ||
        (px->channels != 3 && px->channels != 4) ||
        px->stride < (size_t)px->width * (size_t)px->channels)
        return;
    Work work;
    if (!make_work(px, &work))
        return;
    int logos = count_logos(&work);
    if (logos >= 0) {
        out->judged = true;
        out->ms_logos = logos;
        out->taskbar = find_taskbar(&work);
        out->dialog = find_dialog(&work);
        out->blue_field = find_blue_field(&work);
    }
    free(work.rgb);
}
