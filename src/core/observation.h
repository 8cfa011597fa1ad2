/*
 * observation.h - what omamori sees of one browser window, as plain data.
 *
 * The daemon fills one from Win32 calls; omamori-score parses one from a JSON line.
 * Both then hand it to score_observation(), so the two can never disagree.
 * An Observation owns every string and array it points to: free it with
 * observation_free(). Text is UTF-8 throughout.
 */
#ifndef OMAMORI_OBSERVATION_H
#define OMAMORI_OBSERVATION_H

#include <stdbool.h>
#include <stddef.h>

#include "screen.h"

/* A yes/no fact that may not have been observed at all. */
typedef enum { TRISTATE_UNKNOWN = -1, TRISTATE_NO = 0, TRISTATE_YES = 1 } Tristate;

typedef struct Observation {
    char *id;           /* echoed back by the tool; may be NULL */
    char *title;        /* window title as the window reports it; never NULL once parsed */
    char *window_class; /* e.g. "Chrome_WidgetWin_1"; may be NULL */
    char *exe;          /* process image name, e.g. "chrome.exe"; may be NULL */
    char *text;         /* visible page text; may be NULL */
    char *url;          /* address bar text; may be NULL */
    char *lang;         /* page or UI language hint, e.g. "ja"; may be NULL */
    Tristate fullscreen;    /* covers its monitor */
    Tristate topmost;
    Tristate cursor_hidden;
    Tristate audio_playing;
    float *audio_peaks;     /* peak levels 0..1, one per 100 ms, oldest first; may be NULL */
    size_t audio_peak_count;
    char *screen_path;      /* omamori-score's input only: a PPM file of what the window
                               showed (observation_load_screen() reads it); may be NULL */
    ScreenFinding screen;   /* what the window shows; screen.judged is false when no
                               capture was analysed */
} Observation;

/* Sets every field to "absent": NULL strings, unknown facts, no peaks. */
void observation_init(Observation *obs);

/* Frees what the observation owns and re-initialises it. */
void observation_free(Observation *obs);

/*
 * Parses one JSON object (one line of the tool's input) into *obs, which must be
 * initialised. Unknown fields are ignored; "title" is required.
 * Returns 0 on success. On failure returns -1, writes a one-line English message
 * into err (always NUL-terminated when errlen > 0) and leaves *obs initialised and empty.
 */
int observation_parse_json(const char *json, size_t length, Observation *obs,
                           char *err, size_t errlen);

/*
 * Reads and analyses obs->screen_path, when there is one, into obs->screen.
 * Returns 0 (also when there is no path), or -1 with a one-line English message in
 * err for a file that is missing or not a readable PPM (ppm.h).
 */
int observation_load_screen(Observation *obs, char *err, size_t errlen);

#endif
