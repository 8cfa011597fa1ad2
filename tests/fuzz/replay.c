/*
 * replay.c - runs a fuzz target on saved inputs without libFuzzer: the reproducer
 * `make test` uses to replay tests/fuzz/seeds and tests/fuzz/regressions.
 *
 *   replay-TARGET FILE...    feeds each file to LLVMFuzzerTestOneInput once
 *
 * Linked with the sanitizers, so a memory error or leak still fails the run (exit
 * status non-zero); a file that cannot be read is an error too (status 2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* The whole file in a buffer of its exact size, so ASan sees reads past its end. */
static unsigned char *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    unsigned char *data = NULL;
    size_t length = 0, capacity = 0;
    for (;;) {
        if (length == capacity) {
            size_t grown = capacity == 0 ? 4096 : capacity * 2;
            unsigned char *bigger = realloc(data, grown);
            if (bigger == NULL) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = bigger;
            capacity = grown;
        }
        size_t n = fread(data + length, 1, capacity - length, f);
        length += n;
        if (n == 0)
            break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(data);
        return NULL;
    }
    unsigned char *exact = malloc(length > 0 ? length : 1);
    if (exact != NULL && length > 0)
        memcpy(exact, data, length);
    free(data);
    *size = length;
    return exact;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        size_t size = 0;
        unsigned char *data = read_all(argv[i], &size);
        if (data == NULL) {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            return 2;
        }
        LLVMFuzzerTestOneInput(data, size);
        free(data);
    }
    return 0;
}
