/*
 * phone.c - telephone numbers in folded text (see phone.h for the rules).
 *
 * Two steps. First a "run" is read: digit groups joined by short gaps of
 * ' ', '-', '.', '(' and ')'. Then, since a run may hold two numbers side by side
 * ("0120-111-222 0120-333-444") or a number glued to a date, the run is cut into
 * candidates (group i to group j, cut only where a gap holds a space) and each is
 * classed; a known class beats "other", and a longer number beats a shorter one.
 * Limits: plans are checked by prefix and length only; a run has at most
 * RUN_MAX_GROUPS groups.
 */
#include "phone.h"

#include <stdint.h>

#include <stdbool.h>
#include <string.h>

#define RUN_MAX_GROUPS 8
#define GAP_MAX_CHARS 3
#define GROUP_MAX_DIGITS 15
#define NUMBER_MAX_DIGITS 18 /* "010" + "1" + 14: the longest an accepted number can be */
/* The shortest accepted number has 9 digits (a national one, or an international one
   after its prefix): text with fewer digits in all holds none, whatever its layout. */
#define NUMBER_MIN_DIGITS 9

typedef struct Group {
    size_t start, end; /* the digits, as byte offsets into the text */
    bool dot_before;   /* the gap before it holds a '.' */
    bool space_before; /* the gap before it holds a space: a number may start here */
} Group;

typedef struct Run {
    size_t start; /* the leading '+' or '(', or the first digit */
    bool plus;
    size_t count;
    Group groups[RUN_MAX_GROUPS];
    bool broken; /* a group was too long: nothing in this run is a number */
} Run;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool is_word_char(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_gap_char(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'; }

/* May a number start at text[at], given what comes before it? */
static bool start_ok(const char *text, size_t at)
{
    if (at == 0)
        return true;
    char prev = text[at - 1];
    if (is_word_char(prev) || prev == '$' || prev == '#' || prev == '@' || prev == '\\')
        return false;
    /* "1.0120..." or "3,0120": the tail of a decimal or a thousands group. */
    if ((prev == '.' || prev == ',' || prev == '/' || prev == ':' || prev == '-') && at >= 2 &&
        is_digit(text[at - 2]))
        return false;
    return true;
}

/* May a number end just before text[at]? */
static bool end_ok(const char *text, size_t length, size_t at)
{
    if (at >= length)
        return true;
    char c = text[at];
    if (is_word_char(c) || c == ':' || c == '%')
        return false;
    if ((c == '.' || c == ',' || c == '/' || c == '-') && at + 1 < length && is_digit(text[at + 1]))
        return false;
    return true;
}

/* Reads the run starting at text[at] (a '+', '(' or digit). Returns where it ends. */
static size_t read_run(const char *text, size_t length, size_t at, Run *run)
{
    size_t p = at;
    memset(run, 0, sizeof *run);
    run->start = at;
    if (text[p] == '+') {
        run->plus = true;
        p++;
    }
    if (p < length && text[p] == '(')
        p++;

    while (p < length && is_digit(text[p])) {
        Group *g = &run->groups[run->count];
        g->start = p;
        while (p < length && is_digit(text[p]))
            p++;
        g->end = p;
        if (g->end - g->start > GROUP_MAX_DIGITS)
            run->broken = true;
        run->count++;
        if (run->count == RUN_MAX_GROUPS)
            break;

        /* The gap to the next group: a few gap characters, a '.' only alone. */
        size_t q = p;
        bool dot = false, space = false;
        while (q < length && q - p < GAP_MAX_CHARS && is_gap_char(text[q])) {
            dot |= text[q] == '.';
            space |= text[q] == ' ';
            q++;
        }
        if (q == p || q >= length || !is_digit(text[q]) || (dot && q - p > 1))
            break;
        run->groups[run->count].dot_before = dot;
        run->groups[run->count].space_before = space;
        p = q;
    }
    return p;
}

static bool has_prefix(const char *digits, const char *prefix)
{
    /* A shorter string fails at its NUL, before anything past it is read. */
    for (; *prefix; digits++, prefix++)
        if (*digits != *prefix)
            return false;
    return true;
}

static bool is_us_tollfree_area(const char *area)
{
    static const char *const areas[] = {"800", "833", "844", "855", "866", "877", "888"};
    for (size_t i = 0; i < sizeof areas / sizeof areas[0]; i++)
        if (has_prefix(area, areas[i]))
            return true;
    return false;
}

/* A North American number without its 1: area [2-9]XX, exchange [2-9]XX, 4 more. */
static int class_nanp(const char *ten)
{
    if (strlen(ten) != 10 || ten[0] < '2' || ten[3] < '2')
        return -1;
    return is_us_tollfree_area(ten) ? PHONE_US_TOLLFREE : PHONE_OTHER;
}

/* A number dialled inside Japan (or one of the other trunk-'0' countries). */
static int class_national(const char *digits, size_t n)
{
    if (n < 9 || n > 12 || digits[0] != '0' || digits[1] == '0')
        return -1;
    if (has_prefix(digits, "010"))
        return -1; /* Japan's international prefix, not a number of its own */
    if (has_prefix(digits, "0120"))
        return n == 10 ? PHONE_JP_TOLLFREE : PHONE_OTHER;
    if (has_prefix(digits, "0800"))
        return n == 11 ? PHONE_JP_TOLLFREE : n == 10 ? PHONE_UK_TOLLFREE : PHONE_OTHER;
    if (has_prefix(digits, "0808"))
        return n == 11 ? PHONE_UK_TOLLFREE : PHONE_OTHER;
    if (has_prefix(digits, "050"))
        return n == 11 ? PHONE_JP_IP : PHONE_OTHER;
    if (has_prefix(digits, "0570"))
        return n == 10 ? PHONE_JP_NAVIDIAL : PHONE_OTHER;
    return PHONE_OTHER;
}

/* A number after an international prefix: country code first. */
static int class_international(const char *intl, size_t m)
{
    if (m == 0 || intl[0] == '0')
        return -1;
    if (intl[0] == '1')
        return m == 11 ? class_nanp(intl + 1) : -1;
    if (m < 9 || m > 13)
        return -1;
    if (has_prefix(intl, "81")) {
        char national[NUMBER_MAX_DIGITS + 2];
        national[0] = '0';
        memcpy(national + 1, intl + 2, m - 1); /* the rest and its NUL */
        int c = class_national(national, m - 1);
        return c < 0 ? PHONE_OTHER : c;
    }
    if (has_prefix(intl, "44800") || has_prefix(intl, "44808"))
        return PHONE_UK_TOLLFREE;
    if (has_prefix(intl, "611800") && m == 12)
        return PHONE_AU_TOLLFREE;
    return PHONE_OTHER;
}

/*
 * Classes groups first..last of a run as one number, or returns -1.
 * On success writes the normalised digits into out.
 */
static int class_candidate(const char *text, const Run *run, size_t first, size_t last,
                           char out[PHONE_DIGITS_SIZE])
{
    char digits[NUMBER_MAX_DIGITS + 1];
    size_t n = 0;
    bool dotted = false;
    for (size_t g = first; g <= last; g++) {
        const Group *grp = &run->groups[g];
        size_t len = grp->end - grp->start;
        if (n + len > NUMBER_MAX_DIGITS)
            return -1;
        memcpy(digits + n, text + grp->start, len);
        n += len;
        if (g > first && grp->dot_before)
            dotted = true;
    }
    digits[n] = '\0';
    size_t groups = last - first + 1;
    size_t len0 = run->groups[first].end - run->groups[first].start;

    /* Dates ("2026-11-29 6") need no rule of their own: a year starts with 1 or 2,
     * and what starts with 1 or 2 must be North American in shape (below). */

    /* A version number: a dotted group of one digit (a leading 1 may be a country code). */
    if (dotted) {
        for (size_t g = first; g <= last; g++) {
            const Group *grp = &run->groups[g];
            if (grp->end - grp->start == 1 && !(g == first && text[grp->start] == '1'))
                return -1;
        }
    }

    bool plus = run->plus && first == 0;
    int c;
    const char *intl = NULL;
    if (plus)
        intl = digits;
    else if (has_prefix(digits, "00"))
        intl = digits + 2;
    else if (has_prefix(digits, "010") && n >= 12)
        intl = digits + 3;

    if (intl) {
        c = class_international(intl, n - (size_t)(intl - digits));
    } else if (digits[0] == '0') {
        c = class_national(digits, n);
    } else if (digits[0] == '1') {
        if (n == 10 && has_prefix(digits, "1800"))
            c = PHONE_AU_TOLLFREE;
        else if (n == 11)
            c = class_nanp(digits + 1);
        else
            c = -1;
        /* Unbroken, only a toll-free number is likely to be a phone and not an ID. */
        if (c == PHONE_OTHER && groups < 3)
            c = -1;
    } else {
        c = n == 10 ? class_nanp(digits) : -1;
        if (c == PHONE_OTHER) {
            /* Written XXX XXX XXXX, as Americans write numbers. */
            bool grouped = groups == 3 && len0 == 3 &&
                           run->groups[first + 1].end - run->groups[first + 1].start == 3;
            if (!grouped)
                c = -1;
        } else if (c == PHONE_US_TOLLFREE && groups != 1 && groups != 3) {
            c = -1;
        }
    }
    if (c < 0)
        return -1;

    if (intl) {
        out[0] = '+';
        memcpy(out + 1, intl, strlen(intl) + 1);
    } else {
        memcpy(out, digits, n + 1);
    }
    return c;
}

/* Whether text holds enough digits for a number at all: most titles do not. Eight
   bytes at a time: after XOR with '0' a digit is a byte below 10, and adding 0x76 to
   each byte's low seven bits sets its top bit exactly when it is 10 or more (no carry
   crosses bytes); bytes 0x80 and up keep their top bit, so they never count. */
static bool enough_digits(const char *text, size_t length)
{
    const uint64_t ones = 0x0101010101010101u;
    size_t digits = 0, i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t v;
        memcpy(&v, text + i, 8);
        uint64_t x = v ^ (ones * '0');
        uint64_t big = (x & (ones * 0x7F)) + ones * 0x76;
        /* one bit per digit byte, moved to the bottom and summed by a multiply */
        digits += (size_t)((((~(big | x) & (ones * 0x80)) >> 7) * ones) >> 56);
    }
    for (; i < length; i++)
        digits += (unsigned char)(text[i] - '0') < 10;
    return digits >= NUMBER_MIN_DIGITS;
}

size_t phone_scan(const char *text, size_t length, PhoneMatch *out, size_t max)
{
    size_t found = 0;
    size_t i = 0;
    if (!enough_digits(text, length))
        return 0;
    while (i < length) {
        char c = text[i];
        bool opener = (c == '+' || c == '(') && i + 1 < length &&
                      (is_digit(text[i + 1]) ||
                       (c == '+' && text[i + 1] == '(' && i + 2 < length && is_digit(text[i + 2])));
        if (!is_digit(c) && !opener) {
            i++;
            continue;
        }
        if (!start_ok(text, i)) {
            /* Inside a word such as "0x80070490" or "2V7HG404": skip all of it. */
            while (i < length && (is_word_char(text[i]) || text[i] == '+' || text[i] == '('))
                i++;
            continue;
        }

        Run run;
        size_t end = read_run(text, length, i, &run);
        if (end == i) { /* an opener with nothing after it */
            i++;
            continue;
        }
        i = end;
        if (run.broken)
            continue;

        for (size_t first = 0; first < run.count;) {
            if (first > 0 && !run.groups[first].space_before) {
                first++;
                continue;
            }
            int best = -1;
            size_t best_last = first;
            char best_digits[PHONE_DIGITS_SIZE] = "";
            for (size_t last = first; last < run.count; last++) {
                bool cut_ok = last + 1 == run.count ? end_ok(text, length, run.groups[last].end)
                                                    : run.groups[last + 1].space_before;
                if (!cut_ok)
                    continue;
                char digits[PHONE_DIGITS_SIZE];
                int cls = class_candidate(text, &run, first, last, digits);
                if (cls < 0)
                    continue;
                /* A known class beats "other"; then the longer number wins. */
                bool better = best < 0 || (best == PHONE_OTHER && cls != PHONE_OTHER) ||
                              ((best == PHONE_OTHER) == (cls == PHONE_OTHER));
                if (better) {
                    best = cls;
                    best_last = last;
                    memcpy(best_digits, digits, sizeof digits);
                }
            }
            if (best < 0) {
                first++;
                continue;
            }
            if (found < max) {
                PhoneMatch *m = &out[found];
                size_t start = first == 0 ? run.start : run.groups[first].start;
                if (first > 0 && text[start - 1] == '(')
                    start--;
                m->phone_class = (PhoneClass)best;
                m->offset = start;
                m->length = run.groups[best_last].end - start;
                memcpy(m->digits, best_digits, sizeof m->digits);
            }
            found++;
            first = best_last + 1;
        }
    }
    return found;
}

const char *phone_class_name(PhoneClass phone_class)
{
    switch (phone_class) {
    case PHONE_JP_TOLLFREE: return "jp_tollfree";
    case PHONE_JP_IP: return "jp_ip";
    case PHONE_JP_NAVIDIAL: return "jp_navidial";
    case PHONE_US_TOLLFREE: return "us_tollfree";
    case PHONE_UK_TOLLFREE: return "uk_tollfree";
    case PHONE_AU_TOLLFREE: return "au_tollfree";
    case PHONE_OTHER: return "other";
    default: return "unknown";
    }
}
