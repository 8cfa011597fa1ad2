/*
 * remotetools.h - the remote-control warning's two decisions, kept portable so that
 * they are unit-tested natively: is omamori watching for new programs now, and is a
 * program that just started one of the remote-control tools of the config
 * (remote_control.images)?
 *
 * The platform layer finds the programs that started (src/win/newprocs.h) and shows
 * the warning; nothing here knows about processes.
 */
#ifndef OMAMORI_REMOTETOOLS_H
#define OMAMORI_REMOTETOOLS_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"

/*
 * The index of the entry of cfg->remote_control.images that image matches, or -1
 * (the warning names the program by that entry's image_names[], never by its file
 * name, which whoever made the file chose). image is a
 * program's file name or full path (UTF-8); only the part after the last '\' or '/'
 * counts. Letters are compared without regard to ASCII case; one '*' in an entry
 * stands for any run of characters. A browser's numbered second download
 * ("AnyDesk (1).exe", "AnyDesk (12).exe") is tried without its number too.
 */
int remotetools_match(const Config *cfg, const char *image);

/*
 * Whether a newly started tool raises the warning now: while an incident is open, or
 * when one was seen open at last_open_ms and now_ms is less than
 * remote_control.window_minutes after it. Times are milliseconds of one monotonic
 * clock; seen is false until the first incident (then last_open_ms means nothing).
 */
bool remotetools_watching(const Config *cfg, bool open, bool seen, uint64_t last_open_ms,
                          uint64_t now_ms);

#endif
