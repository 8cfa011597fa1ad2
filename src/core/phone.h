/*
 * phone.h - finds telephone numbers in folded text and says what kind each is.
 *
 * Scam pages show a number to call, written every way people write numbers:
 * "0120-555-010", "(0101) 206 745 0878", "+1-888-664-4090", "050 5437 7756",
 * "001.855.703.0225", "07 57 84 07 06". The kind matters: toll-free and IP-phone
 * numbers are what scammers rent; a Tokyo landline on a company page is ordinary.
 *
 * Input is folded text (fold.h): ASCII digits, single spaces, '-' for every dash.
 * A number is digit groups joined by short gaps of ' ', '-', '.', '(' and ')', with
 * an optional leading '+'. What is refused, and how:
 *   - digits touching letters or '_' (hex codes such as 0x80070490, IDs, "2V7HG404");
 *   - numbers with ',' (prices "69,000", scan counts "51,900": ',' is never a gap)
 *     or followed by ':' or '%' (times, percentages) or continued by '.'/'/' + digit;
 *   - version numbers (a dotted group of one digit such as "10.0.19045") and groups
 *     longer than 15 digits;
 *   - anything that is not shaped like a real number: a national number starts with
 *     a trunk '0'; a North American one is [2-9]XX [2-9]XX XXXX (written in groups,
 *     unless toll-free), with or without a leading 1; an international one starts
 *     with '+', "00" or Japan's international prefix "010" and a country code.
 *     (So dates need no rule of their own: "2026-11-29 6" is no such shape.)
 *
 * Classes:
 *   jp_tollfree  0120 + 6 digits; 0800 + 7 digits (11 digits in all)
 *   jp_ip        050 + 8 digits
 *   jp_navidial  0570 + 6 digits
 *   us_tollfree  1 8XX NXX XXXX with XX in 00 33 44 55 66 77 88, with or without the 1
 *   uk_tollfree  +44 800/808; domestic 0808 (Japan has no 0808); domestic 0800 with
 *                10 digits. A domestic 0800 number with 11 digits is both a Japanese
 *                and a British toll-free number; it is classed jp_tollfree, since
 *                omamori's users are in Japan (both are toll-free, so the score is
 *                the same).
 *   au_tollfree  1800 + 6 digits (10 digits, where a US 1-800 number has 11), +61 1800
 *   other        any other plausible number of 9 to 13 digits; Japanese scam kits
 *                write US numbers behind Japan's international prefix, e.g.
 *                "(0101)20972-04873" = +1 209 720 4873: other, while
 *                "0101-888-365-7259" = +1 888 ...: us_tollfree.
 * Limits: no country's numbering plan is checked beyond its prefix and length.
 */
#ifndef OMAMORI_PHONE_H
#define OMAMORI_PHONE_H

#include <stddef.h>

typedef enum {
    PHONE_JP_TOLLFREE = 0,
    PHONE_JP_IP,
    PHONE_JP_NAVIDIAL,
    PHONE_US_TOLLFREE,
    PHONE_UK_TOLLFREE,
    PHONE_AU_TOLLFREE,
    PHONE_OTHER,
    PHONE_CLASS_COUNT
} PhoneClass;

#define PHONE_DIGITS_SIZE 24

typedef struct PhoneMatch {
    PhoneClass phone_class;
    size_t offset;                  /* byte offset of the number in the scanned text */
    size_t length;                  /* bytes it spans there, from its first '+', '(' or digit */
    char digits[PHONE_DIGITS_SIZE]; /* normalised: "+" and country code, or national digits */
} PhoneMatch;

/*
 * Scans folded text[0..length) left to right and stores up to max matches in out
 * (out may be NULL when max is 0). Returns how many numbers were found in all, which
 * may exceed max; only the first max are stored. Never fails; reentrant.
 */
size_t phone_scan(const char *text, size_t length, PhoneMatch *out, size_t max);

/* Stable short name: "jp_tollfree", "jp_ip", ..., "other". */
const char *phone_class_name(PhoneClass phone_class);

#endif
