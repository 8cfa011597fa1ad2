/*
 * fold.c - text folding before matching (see fold.h for what is folded and why).
 *
 * One pass over the input: decode a code point, map it, encode the result. The only
 * state carried between characters is a pending space (so runs collapse and ends
 * are trimmed) and where the last katakana was written (so a voiced sound mark that
 * follows it can turn it into its voiced form in place: every katakana is three
 * bytes in UTF-8, voiced or not, so the rewrite never moves anything).
 * Limits: the tables cover what scam pages are seen to use, not all of Unicode.
 */
#include "fold.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REPLACEMENT_CHAR 0xFFFDu

/* ---- UTF-8 ------------------------------------------------------------------ */

/*
 * Decodes one code point from s[0..n), n >= 1. Returns the bytes it used; an invalid
 * or truncated sequence, an overlong form or a surrogate uses one byte and decodes to
 * U+FFFD, so the caller always makes progress.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char b = s[0];
    size_t need;
    uint32_t min, value;

    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        need = 2, min = 0x80, value = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 3, min = 0x800, value = b & 0x0Fu;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 4, min = 0x10000, value = b & 0x07u;
    } else {
        *cp = REPLACEMENT_CHAR;
        return 1;
    }
    if (n < need) {
        *cp = REPLACEMENT_CHAR;
        return 1;
    }
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = REPLACEMENT_CHAR;
            return 1;
        }
        value = (value << 6) | (s[i] & 0x3Fu);
    }
    if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        *cp = REPLACEMENT_CHAR;
        return 1;
    }
    *cp = value;
    return need;
}

static size_t utf8_encode(uint32_t cp, unsigned char out[4])
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t fold_utf8_prefix(const char *text, size_t length, size_t max)
{
    if (max >= length)
        return length;
    /* Step back over continuation bytes: the cut must land on a lead byte. */
    size_t n = max;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* ---- character classes -------------------------------------------------------- */

static bool is_space_like(uint32_t cp)
{
    /* C0 and C1 controls count as spaces: they separate words on screen if anything. */
    if (cp <= 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0))
        return true;
    return cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Invisible characters that scam pages slip between letters to dodge matching. */
static bool is_invisible(uint32_t cp)
{
    return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

static bool is_dash(uint32_t cp)
{
    return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2043 || cp == 0x2212 || cp == 0x2E3A ||
           cp == 0x2E3B || cp == 0xFE58 || cp == 0xFE63;
}

/* Cyrillic and Greek letters drawn like Latin ones, sorted by code point. */
static const struct { uint16_t from; char to; } lookalikes[] = {
    {0x0391, 'a'}, {0x0392, 'b'}, {0x0395, 'e'}, {0x0396, 'z'}, {0x0397, 'h'},
    {0x0399, 'i'}, {0x039A, 'k'}, {0x039C, 'm'}, {0x039D, 'n'}, {0x039F, 'o'},
    {0x03A1, 'p'}, {0x03A4, 't'}, {0x03A5, 'y'}, {0x03A7, 'x'}, {0x03B1, 'a'},
    {0x03B5, 'e'}, {0x03B9, 'i'}, {0x03BA, 'k'}, {0x03BD, 'v'}, {0x03BF, 'o'},
    {0x03C1, 'p'}, {0x03C4, 't'}, {0x03C5, 'u'}, {0x03C7, 'x'}, {0x0405, 's'},
    {0x0406, 'i'}, {0x0408, 'j'}, {0x0410, 'a'}, {0x0412, 'b'}, {0x0415, 'e'},
    {0x041A, 'k'}, {0x041C, 'm'}, {0x041D, 'h'}, {0x041E, 'o'}, {0x0420, 'p'},
    {0x0421, 'c'}, {0x0422, 't'}, {0x0423, 'y'}, {0x0425, 'x'}, {0x0430, 'a'},
    {0x0435, 'e'}, {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'}, {0x0443, 'y'},
    {0x0445, 'x'}, {0x0455, 's'}, {0x0456, 'i'}, {0x0458, 'j'}, {0x04BB, 'h'},
    {0x04CF, 'l'}, {0x0501, 'd'}, {0x051B, 'q'}, {0x051D, 'w'},
};

static char lookalike_latin(uint32_t cp)
{
    size_t lo = 0, hi = sizeof lookalikes / sizeof lookalikes[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lookalikes[mid].from == cp)
            return lookalikes[mid].to;
        if (lookalikes[mid].from < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Half-width katakana and punctuation U+FF61..U+FF9D to their full-width forms. */
static const uint16_t halfwidth_kana[] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, /* FF61 */
    0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, /* FF69 */
    0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF, /* FF71 */
    0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, /* FF79 */
    0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, /* FF81 */
    0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF, /* FF89 */
    0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9, 0x30EA, /* FF91 */
    0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3,                         /* FF99 */
};

/* The voiced form of a katakana (カ -> ガ, ウ -> ヴ), or 0 when it has none. */
static uint32_t kana_voiced(uint32_t cp)
{
    if (cp == 0x30A6)
        return 0x30F4;
    if (cp >= 0x30AB && cp <= 0x30C1 && (cp & 1))   /* カ..チ sit on odd code points */
        return cp + 1;
    if (cp == 0x30C4 || cp == 0x30C6 || cp == 0x30C8) /* ツ テ ト */
        return cp + 1;
    if (cp >= 0x30CF && cp <= 0x30DB && (cp - 0x30CF) % 3 == 0) /* ハ ヒ フ ヘ ホ */
        return cp + 1;
    if (cp == 0x30EF || cp == 0x30F2) /* ワ ヲ */
        return cp + 8;
    return 0;
}

/* The semi-voiced form (ハ -> パ), or 0. */
static uint32_t kana_semivoiced(uint32_t cp)
{
    if (cp >= 0x30CF && cp <= 0x30DB && (cp - 0x30CF) % 3 == 0)
        return cp + 2;
    return 0;
}

/* ---- the folding pass --------------------------------------------------------- */

typedef struct Writer {
    char *dst;
    size_t room;    /* bytes that may still go into dst (its size less the NUL); set to
                       what was written once something did not fit, so that nothing
                       more is written and dst keeps a prefix of the output */
    size_t needed;  /* bytes the whole folded text needs so far */
    size_t written; /* bytes actually in dst */
} Writer;

/* Puts n bytes (one character) if they fit; counts them either way. */
static inline void writer_bytes(Writer *w, const unsigned char *bytes, size_t n)
{
    if (w->written + n <= w->room) {
        for (size_t i = 0; i < n; i++) /* one to four bytes: no call to memcpy */
            w->dst[w->written + i] = (char)bytes[i];
        w->written += n;
    } else {
        w->room = w->written;
    }
    w->needed += n;
}

static inline void writer_byte(Writer *w, unsigned char b)
{
    if (w->written < w->room)
        w->dst[w->written++] = (char)b;
    else
        w->room = w->written;
    w->needed++;
}

static void writer_put(Writer *w, uint32_t cp)
{
    unsigned char bytes[4];
    writer_bytes(w, bytes, utf8_encode(cp, bytes));
}

/* Maps one code point; returns 0 for "drop it" and ' ' for any space. */
static uint32_t fold_char(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            return cp + ('a' - 'A');
        return is_space_like(cp) ? ' ' : cp;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) { /* full-width ASCII */
        cp -= 0xFEE0;
        return (cp >= 'A' && cp <= 'Z') ? cp + ('a' - 'A') : cp;
    }
    if (cp >= 0xFF61 && cp <= 0xFF9D)
        return halfwidth_kana[cp - 0xFF61];
    if (cp == 0xFF9E) /* a lone half-width voiced mark */
        return 0x309B;
    if (cp == 0xFF9F)
        return 0x309C;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) /* Latin-1 capitals, not the × sign */
        return cp + 0x20;
    if (is_space_like(cp))
        return ' ';
    if (is_invisible(cp))
        return 0;
    if (is_dash(cp))
        return '-';
    if (cp >= 0x0391 && cp <= 0x051D) {
        char latin = lookalike_latin(cp);
        if (latin)
            return (uint32_t)(unsigned char)latin;
    }
    return cp;
}

/* fold_char() of each ASCII byte (capitals to small letters), with 0 for the spaces
   and controls: a table, since ASCII is most of what is folded. */
static const unsigned char ascii_folded[128] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F,
    0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F,
    0x40, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
    0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F,
    0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
    0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x00,
};

/* Japanese and Chinese letters (hiragana, katakana, CJK ideographs), which folding
   leaves as they are; the voiced sound marks among them are handled before. */
static bool is_kept_cjk(uint32_t cp)
{
    return cp >= 0x3041 && cp <= 0x9FFF && cp != 0x3099 && cp != 0x309A;
}

size_t fold_text(const char *src, size_t length, char *dst, size_t dstsize)
{
    const unsigned char *s = (const unsigned char *)src;
    Writer w = {dst, dstsize > 0 ? dstsize - 1 : 0, 0, 0};
    bool pending_space = false;
    /* Where the last katakana went, while it is still the last thing written. */
    bool kana_last = false;
    size_t kana_at = 0;
    uint32_t kana_cp = 0;

    for (size_t i = 0; i < length;) {
        /* ASCII, most of most titles, takes the short way: the same mapping as
         * fold_char(), a run at a time. */
        if (s[i] < 0x80) {
            kana_last = false;
            do {
                unsigned char b = ascii_folded[s[i++]];
                if (b == 0) {
                    pending_space = true;
                    continue;
                }
                if (pending_space && w.needed > 0)
                    writer_byte(&w, ' ');
                pending_space = false;
                writer_byte(&w, b);
            } while (i < length && s[i] < 0x80);
            continue;
        }
        const unsigned char *at = s + i;
        uint32_t raw;
        size_t used = utf8_decode(at, length - i, &raw);
        i += used;

        bool voiced_mark = raw == 0xFF9E || raw == 0x3099;
        bool semi_mark = raw == 0xFF9F || raw == 0x309A;
        if ((voiced_mark || semi_mark) && kana_last) {
            uint32_t joined = voiced_mark ? kana_voiced(kana_cp) : kana_semivoiced(kana_cp);
            if (joined) {
                if (kana_at != SIZE_MAX) { /* it was written: rewrite it in place */
                    unsigned char bytes[4];
                    utf8_encode(joined, bytes);
                    memcpy(w.dst + kana_at, bytes, 3);
                }
                kana_last = false;
                continue;
            }
        }

        /* Most of a Japanese title: letters kept as they are, copied as they came. */
        bool kept = is_kept_cjk(raw);
        uint32_t cp = kept ? raw : fold_char(raw);
        if (cp == 0)
            continue; /* invisible: dropped without breaking the word around it */
        if (cp == ' ') {
            pending_space = true;
            kana_last = false;
            continue;
        }
        if (pending_space && w.needed > 0)
            writer_byte(&w, ' ');
        pending_space = false;

        /* Remember the kana even when it did not fit, so the returned length
         * is the same whatever the size of dst. */
        size_t before = w.written;
        if (kept)
            writer_bytes(&w, at, used);
        else
            writer_put(&w, cp);
        kana_last = cp >= 0x30A1 && cp <= 0x30FA;
        kana_at = w.written > before ? before : SIZE_MAX;
        kana_cp = cp;
    }
    if (dstsize > 0)
        dst[w.written] = '\0';
    return w.needed;
}

char *fold_text_alloc(const char *src, size_t length, size_t *out_length)
{
    /* One pass is enough: FOLD_SIZE_FOR bounds the output, and the slack is small
     * next to a second decoding pass for the long page texts this is used for. */
    size_t size = FOLD_SIZE_FOR(length);
    char *buf = malloc(size);
    if (!buf)
        return NULL;
    size_t n = fold_text(src, length, buf, size);
    if (out_length)
        *out_length = n;
    return buf;
}

/* ---- browser title suffixes --------------------------------------------------- */

/* A suffix with its length, counted by the compiler: titles are stripped on every scan. */
typedef struct Suffix {
    const char *text;
    size_t length;
} Suffix;
#define SUFFIX(s) {s, sizeof s - 1}

/* Folded forms, longest first where one ends another. */
static const Suffix browser_suffixes[] = {
    SUFFIX(" - mozilla firefox private browsing"),
    SUFFIX(" - mozilla firefox"),
    SUFFIX(" - firefox developer edition"),
    SUFFIX(" - firefox nightly"),
    SUFFIX(" - google chrome"),
    SUFFIX(" - microsoft edge"),
    SUFFIX(" - windows internet explorer"),
    SUFFIX(" - internet explorer"),
    SUFFIX(" - brave"),
    SUFFIX(" - opera"),
    SUFFIX(" - vivaldi"),
};
#define EDGE_SUFFIX 5 /* browser_suffixes[EDGE_SUFFIX] is Edge's */

/* Edge names the profile before its own name: "page - 個人 - Microsoft Edge". */
static const Suffix edge_profiles[] = {
    SUFFIX(" - 個人"), SUFFIX(" - 仕事"), SUFFIX(" - 職場"), SUFFIX(" - ゲスト"),
    SUFFIX(" - personal"), SUFFIX(" - work"), SUFFIX(" - guest"),
    SUFFIX(" - [inprivate]"), SUFFIX(" - inprivate"),
};

static bool ends_with(const char *s, size_t length, const Suffix *suffix, size_t *rest)
{
    /* The last byte first: it rules out most suffixes without a call to memcmp. */
    if (suffix->length > length || s[length - 1] != suffix->text[suffix->length - 1] ||
        memcmp(s + length - suffix->length, suffix->text, suffix->length) != 0)
        return false;
    *rest = length - suffix->length;
    return true;
}

/* A set of suffixes: the browsers' own, and Edge's profile names that come before
   Edge's (browsers[edge_first..edge_last] are Edge's). */
typedef struct SuffixSet {
    const Suffix *browsers;
    size_t count, edge_first, edge_last;
    const Suffix *profiles;
    size_t profile_count;
} SuffixSet;

#define NO_SUFFIX SIZE_MAX

/* The length of s before the set's suffix (and Edge's profile), or NO_SUFFIX; *bare
   tells a title that is only a browser's name (the suffix without its " - "). */
static size_t cut_suffix(const SuffixSet *set, const char *s, size_t length, bool *bare)
{
    *bare = false;
    for (size_t i = 0; i < set->count; i++) {
        const Suffix *suffix = &set->browsers[i];
        size_t rest;
        if (length == suffix->length - 3 && memcmp(s, suffix->text + 3, length) == 0) {
            *bare = true;
            return NO_SUFFIX;
        }
        if (!ends_with(s, length, suffix, &rest))
            continue;
        if (i >= set->edge_first && i <= set->edge_last) {
            for (size_t p = 0; p < set->profile_count; p++) {
                size_t shorter;
                if (ends_with(s, rest, &set->profiles[p], &shorter))
                    return shorter;
            }
        }
        return rest;
    }
    return NO_SUFFIX;
}

#define COUNT(a) (sizeof a / sizeof a[0])

size_t fold_strip_browser_suffix(const char *folded, size_t length)
{
    static const SuffixSet folded_set = {browser_suffixes, COUNT(browser_suffixes), EDGE_SUFFIX,
                                         EDGE_SUFFIX, edge_profiles, COUNT(edge_profiles)};
    /* Every suffix ends in a letter: a title that does not is left as it is. */
    if (length == 0 || folded[length - 1] < 'a' || folded[length - 1] > 'z')
        return length;
    bool bare;
    size_t own = cut_suffix(&folded_set, folded, length, &bare);
    return bare ? 0 : own == NO_SUFFIX ? length : own;
}

/* The same suffixes as browsers write them, byte for byte: Firefox's em dash, Edge's
   zero-width space (U+200B) inside its name and capitals. */
static const Suffix raw_browser_suffixes[] = {
    SUFFIX(" \xe2\x80\x94 Mozilla Firefox Private Browsing"),
    SUFFIX(" - Mozilla Firefox Private Browsing"),
    SUFFIX(" \xe2\x80\x94 Mozilla Firefox"),
    SUFFIX(" - Mozilla Firefox"),
    SUFFIX(" - Google Chrome"),
    SUFFIX(" - Microsoft\xe2\x80\x8b Edge"),
    SUFFIX(" - Microsoft Edge"),
};
#define RAW_EDGE_FIRST 5 /* raw_browser_suffixes[5] and [6] are Edge's */

static const Suffix raw_edge_profiles[] = {
    SUFFIX(" - 個人"), SUFFIX(" - 仕事"), SUFFIX(" - 職場"), SUFFIX(" - ゲスト"),
    SUFFIX(" - Personal"), SUFFIX(" - Work"), SUFFIX(" - Guest"),
    SUFFIX(" - [InPrivate]"), SUFFIX(" - InPrivate"),
};

size_t fold_raw_title_length(const char *raw, size_t length)
{
    static const SuffixSet raw_set = {raw_browser_suffixes, COUNT(raw_browser_suffixes),
                                      RAW_EDGE_FIRST, RAW_EDGE_FIRST + 1, raw_edge_profiles,
                                      COUNT(raw_edge_profiles)};
    bool bare; /* a bare name is left to the folded rule, which knows every form */
    size_t own = cut_suffix(&raw_set, raw, length, &bare);
    return own == NO_SUFFIX ? FOLD_NO_RAW_SUFFIX : own;
}
