/*
 * config.h - omamori's settings, read from YAML (config/omamori.yaml) with libyaml.
 *
 * The rules of detection are data: the scoring weights, caps and thresholds, the
 * phone classes' weights and the phrase lists all live in config/omamori.yaml, and
 * the built-in defaults are that very file, embedded at build time
 * (default_config.h). A user's file is then read over the defaults:
 *   - a single value given replaces the default;
 *   - a phrase list given replaces that category's whole list;
 *   - what is not given keeps the value the Config already held.
 * The loader works on a buffer, not a path, so the platform layer decides how files
 * are opened (UTF-16 paths on Windows). A broken file is reported with its name,
 * line and column, and the caller keeps the defaults: a bad config never stops the
 * watchdog.
 *
 * Ownership: a Config owns heap data (the phrase lists and the automaton built from
 * them, in rules.lexicon). Whoever calls config_default() calls config_free() once
 * when done. Never copy a Config by assignment: both copies would own one lexicon.
 * Pass a pointer instead; a const Config * may be read by several threads at once.
 */
#ifndef OMAMORI_CONFIG_H
#define OMAMORI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "score.h"

#define CONFIG_AUTO_END_OFF (-1) /* end the browser only when the person clicks */

#define CONFIG_REMOTE_IMAGES_MAX 64 /* names in remote_control.images */
#define CONFIG_IMAGE_NAME_SIZE 64   /* one name, with its NUL: real ones are far shorter */

/* The remote-control warning (remotetools.h): a program started during an incident, or
   within window_minutes after it, whose file name matches one of images. Held in
   fixed arrays, so a Config still owns nothing here and copies as before. */
typedef struct RemoteControlConfig {
    int window_minutes; /* 0..1440; 0: only while the incident is open */
    size_t image_count;
    char images[CONFIG_REMOTE_IMAGES_MAX][CONFIG_IMAGE_NAME_SIZE]; /* as written: "anydesk.exe" */
    /* what the warning calls each ("AnyDesk"); "" when the entry gives no name, and the
       warning then says "a remote-control program": never the file's own name, which
       whoever made the file chose */
    char image_names[CONFIG_REMOTE_IMAGES_MAX][CONFIG_IMAGE_NAME_SIZE];
} RemoteControlConfig;

typedef struct Config {
    int poll_ms;            /* period of the window scan; 50..60000 */
    int auto_end_seconds;   /* CONFIG_AUTO_END_OFF, or seconds before ending by itself */
    int close_timeout_ms;   /* wait after WM_CLOSE before TerminateProcess */
    char language[8];       /* "auto", "ja" or "en" */
    bool journal_redact_titles; /* journal a hash of each alert's title, not the title */
    RemoteControlConfig remote_control;
    ScoreRules rules;       /* weights, thresholds and phrases; owns rules.lexicon */
} Config;

/*
 * Fills *cfg (whatever it held is overwritten, not freed) with the built-in defaults:
 * the embedded config/omamori.yaml. Returns 0. Returns -1 only when memory runs out
 * (the unit tests prove the embedded file loads); *cfg is then all zero, with no
 * phrases, and the caller should stop. Either way, release it with config_free().
 */
int config_default(Config *cfg);

/* Frees what *cfg owns and leaves it all zero; a zeroed Config is fine too. */
void config_free(Config *cfg);

/*
 * Reads settings from a YAML document into *cfg, over whatever it holds (call
 * config_default first). name is used in messages only. Returns 0 on success; on
 * failure returns -1, writes "name:line:column: message" into err and leaves *cfg
 * exactly as it was (its lexicon too). On success a replaced lexicon is freed.
 */
int config_load_buffer(const char *yaml, size_t length, const char *name, Config *cfg,
                       char *err, size_t errlen);

#endif
