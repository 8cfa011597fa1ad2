/*
 * recorder.h - writes an Observation as one JSON line in omamori-score's input format.
 *
 * With --record, the daemon writes down what it saw of each browser window, so a case
 * can be replayed and explained later with omamori-score: the tool and the daemon
 * score the same data through the same function, so the replay gives the same verdict.
 */
#ifndef OMAMORI_RECORDER_H
#define OMAMORI_RECORDER_H

#include "jsonbuf.h"
#include "observation.h"

/* Replaces buf's contents with the observation as one JSON object and a newline.
   id, when not NULL, is written as "id"; unknown (Tristate) facts and absent strings
   are left out. unix_ms is written as "time" (ISO-8601), which the tool ignores. */
void recorder_format(JsonBuf *buf, const char *id, long long unix_ms, const Observation *obs);

#endif
