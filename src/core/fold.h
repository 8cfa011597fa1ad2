/*
 * fold.h - text folding before matching: many writings of one word become one.
 *
 * Scam pages write "Ｍｉｃｒｏｓｏｆｔ" in full-width letters, "Wіndоws" with Cyrillic
 * letters, half-width katakana, odd dashes and spaces, and hide zero-width characters
 * between letters. Folding maps all of these to one plain form, so the matchers
 * (lexicon, phone) only ever see lower-case ASCII letters, ASCII digits and
 * punctuation, single spaces, and full-width katakana.
 *
 * What folding does, character by character:
 *   - full-width ASCII (U+FF01..FF5E) becomes ASCII;
 *   - ASCII and Latin-1 capitals become lower case;
 *   - Cyrillic and Greek letters that look like Latin ones become those Latin letters;
 *   - every kind of space, line break and control character becomes ' ', runs of them
 *     collapse to one, and none is left at either end;
 *   - hyphens, dashes and minus signs become '-' (the katakana long vowel mark U+30FC
 *     stays: it is part of words such as セキュリティー; half-width U+FF70 becomes it);
 *   - half-width katakana become full-width, and a following (semi-)voiced sound mark
 *     joins the kana before it (ｶﾞ -> ガ), as does a combining U+3099/U+309A;
 *   - zero-width and direction-control characters are removed;
 *   - invalid UTF-8 bytes each become U+FFFD.
 * Limits: no Unicode normalisation beyond this (no NFKC tables, no mathematical
 * alphanumerics, hiragana stays hiragana); folding is for matching, not for display.
 *
 * Folding never lengthens valid UTF-8; only an invalid byte grows (one byte to the
 * three of U+FFFD). So FOLD_SIZE_FOR(n) bytes always hold the folded form of n bytes.
 */
#ifndef OMAMORI_FOLD_H
#define OMAMORI_FOLD_H

#include <stddef.h>

/* Bytes that always hold the folded form of n input bytes, with its NUL. */
#define FOLD_SIZE_FOR(n) (3 * (size_t)(n) + 1)

/*
 * Folds src[0..length) into dst, which has room for dstsize bytes.
 * Like snprintf: returns the length the whole folded text needs (without its NUL);
 * writes as many whole characters as fit and always NUL-terminates when dstsize > 0.
 * The output is a prefix of the full folded text, cut at a character boundary.
 * src may contain NUL bytes (they fold to spaces). src and dst must not overlap.
 */
size_t fold_text(const char *src, size_t length, char *dst, size_t dstsize);

/*
 * Folds src[0..length) into a new heap buffer. Returns it (caller frees with free())
 * and stores its length in *out_length when out_length is not NULL;
 * returns NULL when memory runs out.
 */
char *fold_text_alloc(const char *src, size_t length, size_t *out_length);

/*
 * Given a folded window title, returns the length of the page's own title: without
 * the browser's suffix (" - google chrome", " - microsoft edge", " - mozilla firefox",
 * Brave, Opera, Vivaldi, Internet Explorer) and, for Edge, without the profile
 * segment before it (" - 個人", " - personal", " - work", " - [inprivate]", ...).
 * Works on folded text only: folding has already turned Firefox's em dash into '-'
 * and dropped the zero-width space Edge puts in "Microsoft\u200b Edge".
 * A title that is only a browser's name ("microsoft edge") yields 0.
 * A title without a known suffix is returned whole.
 */
size_t fold_strip_browser_suffix(const char *folded, size_t length);

/*
 * The same on a raw title, for the suffixes exactly as Chrome, Edge and Firefox write
 * them (" - Google Chrome", " - Microsoft\u200b Edge", " \u2014 Mozilla Firefox", Edge's
 * profiles): the length of the raw title before them, so that only the page's own
 * title need be folded (most titles end so, and the suffix is a third of their bytes).
 * Returns FOLD_NO_RAW_SUFFIX when the title does not end so; fold it whole and use
 * fold_strip_browser_suffix(), which knows the other forms. Both give the same title.
 */
#define FOLD_NO_RAW_SUFFIX ((size_t)-1)
size_t fold_raw_title_length(const char *raw, size_t length);

/*
 * Returns the largest n <= max such that text[0..n) ends at a UTF-8 character
 * boundary (text has length bytes). Used to cut evidence to a fixed-size field
 * without splitting a character.
 */
size_t fold_utf8_prefix(const char *text, size_t length, size_t max);

#endif
