/*
 * config.h - omamori's settings, read from YAML (config/omamori.yaml) with libyaml.
 *
 * The loader works on a buffer, not a path, so the platform layer decides how files
 * are opened (UTF-16 paths on Windows). A broken file is reported with its name,
 * line and column, and the caller keeps the defaults: a bad config never stops the
 * watchdog.
 */
#ifndef OMAMORI_CONFIG_H
#define OMAMORI_CONFIG_H

#include <stddef.h>

#include "score.h"

#define CONFIG_AUTO_END_OFF (-1) /* end the browser only when the person clicks */

typedef struct Config {
    int poll_ms;            /* period of the window scan; 50..60000 */
    int auto_end_seconds;   /* CONFIG_AUTO_END_OFF, or seconds before ending by itself */
    int close_timeout_ms;   /* wait after WM_CLOSE before TerminateProcess */
    char language[8];       /* "auto", "ja" or "en" */
    ScoreRules rules;
} Config;

void config_default(Config *cfg);

/*
 * Reads settings from a YAML document into *cfg, over whatever it holds (call
 * config_default first). name is used in messages only. Returns 0 on success; on
 * failure returns -1, writes "name:line:column: message" into err and leaves *cfg
 * exactly as it was.
 */
int config_load_buffer(const char *yaml, size_t length, const char *name, Config *cfg,
                       char *err, size_t errlen);

#endif
