/*
 * options.h - the daemon's command line, parsed portably so it can be unit-tested.
 *
 * Options given on the command line beat the configuration file, which beats the
 * defaults; options_apply() does that overlay.
 */
#ifndef OMAMORI_OPTIONS_H
#define OMAMORI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

#define OPTION_UNSET (-2) /* not given: the configuration decides */
#define OPTION_HISTORY_DEFAULT 20 /* incidents --history prints when not told how many */

typedef struct DaemonOptions {
    const char *config_path;  /* borrowed from argv; NULL: no file, defaults only */
    const char *journal_path; /* borrowed from argv; NULL: the per-user default */
    const char *record_path;  /* borrowed from argv; NULL: observations are not recorded */
    const char *language;     /* "ja", "en" or "auto"; NULL: from the configuration */
    int poll_ms;              /* OPTION_UNSET or 50..60000 */
    int auto_end_seconds;     /* OPTION_UNSET or 0..3600 */
    int exit_after_seconds;   /* OPTION_UNSET (run until asked) or 1..86400 */
    bool practice; /* show a practice alert (in the omamori already running, if any) */
    int history_count; /* --history [N]: print the last N incidents; OPTION_UNSET: no */
    bool show_help;
    bool show_version;
} DaemonOptions;

/*
 * Parses argv[1..argc-1] (UTF-8). Returns 0, or -1 with a one-line message in err
 * (naming the option) when an option is unknown, lacks its value or is out of range.
 */
int options_parse(int argc, char **argv, DaemonOptions *out, char *err, size_t errlen);

/* Overlays the options that were given onto cfg. */
void options_apply(const DaemonOptions *opts, Config *cfg);

/* The --help text, in English followed by Japanese. */
const char *options_help_text(void);

#endif
