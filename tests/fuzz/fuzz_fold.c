/*
 * fold_text, fold_text_alloc, fold_strip_browser_suffix and fold_utf8_prefix on any
 * bytes. The first byte picks a small output size; the rest is the text.
 * Properties (fold.h):
 *   - FOLD_SIZE_FOR(n) bytes always hold the folded text, which has no NUL;
 *   - a smaller buffer gets the same returned length and a NUL-terminated prefix of the
 *     full text, cut at a character boundary;
 *   - fold_text_alloc gives the same text;
 *   - folding folded text changes nothing (the matchers' alphabet is closed);
 *   - the page title without the browser suffix is a prefix; fold_utf8_prefix cuts
 *     at a character boundary within its limit.
 */
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "fuzz.h"

static bool is_continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t small = data[0];
    const char *src = (const char *)data + 1;
    size_t length = size - 1;

    size_t full_size = FOLD_SIZE_FOR(length);
    char *full = malloc(full_size);
    FUZZ_CHECK(full != NULL);
    size_t n = fold_text(src, length, full, full_size);
    FUZZ_CHECK(n < full_size);
    FUZZ_CHECK(strlen(full) == n);

    char *cut = malloc(small > 0 ? small : 1);
    FUZZ_CHECK(cut != NULL);
    FUZZ_CHECK(fold_text(src, length, cut, small) == n);
    if (small > 0) {
        size_t kept = strlen(cut);
        FUZZ_CHECK(kept < small && kept <= n);
        FUZZ_CHECK(memcmp(cut, full, kept) == 0);
        FUZZ_CHECK(kept == n || !is_continuation(full[kept]));
    }
    free(cut);

    size_t alloc_length = 0;
    char *alloc = fold_text_alloc(src, length, &alloc_length);
    FUZZ_CHECK(alloc != NULL && alloc_length == n && strcmp(alloc, full) == 0);
    free(alloc);

    char *again = malloc(FOLD_SIZE_FOR(n));
    FUZZ_CHECK(again != NULL);
    FUZZ_CHECK(fold_text(full, n, again, FOLD_SIZE_FOR(n)) == n);
    FUZZ_CHECK(memcmp(again, full, n + 1) == 0);
    free(again);

    FUZZ_CHECK(fold_strip_browser_suffix(full, n) <= n);
    size_t prefix = fold_utf8_prefix(full, n, small);
    FUZZ_CHECK(prefix <= small && prefix <= n);
    FUZZ_CHECK(prefix == n || !is_continuation(full[prefix]));
    free(full);
    return 0;
}
