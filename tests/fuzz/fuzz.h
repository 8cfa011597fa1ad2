/*
 * fuzz.h - what every fuzz target here shares: the libFuzzer entry point and a check
 * that stops the run with a message when a property of the code does not hold.
 *
 * Each fuzz_*.c is built twice (Makefile, "robustness" block): with
 * -fsanitize=fuzzer into a libFuzzer binary under build/fuzz/, and with replay.c
 * (no libFuzzer) into a reproducer that feeds it the saved seeds and regressions in
 * `make test`. Sanitizers report memory errors; FUZZ_CHECK reports wrong answers.
 */
#ifndef OMAMORI_FUZZ_H
#define OMAMORI_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: property does not hold: %s\n", __FILE__, __LINE__,    \
                    #cond);                                                                \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

#endif
