/*
 * fuzz_phone.c - the phone recogniser (phone_scan) on any bytes, as they come and
 * folded. The first byte picks how many matches the caller has room for.
 * Properties (phone.h): every match lies inside the text and starts with '+', '(' or
 * a digit; matches come left to right without overlapping; the count returned does not
 * depend on the room given; digits are NUL-terminated, a known class, and begin with
 * '+' or a digit.
 */
#include <string.h>

#include "fold.h"
#include "fuzz.h"
#include "phone.h"

#define ROOM 64

static void scan(const char *text, size_t length, size_t room)
{
    PhoneMatch matches[ROOM];
    size_t total = phone_scan(text, length, matches, room);
    FUZZ_CHECK(phone_scan(text, length, NULL, 0) == total);
    size_t stored = total < room ? total : room;
    size_t end = 0;
    for (size_t i = 0; i < stored; i++) {
        const PhoneMatch *m = &matches[i];
        FUZZ_CHECK(m->phone_class >= 0 && m->phone_class < PHONE_CLASS_COUNT);
        FUZZ_CHECK(m->length > 0 && m->offset >= end && m->offset + m->length <= length);
        char first = text[m->offset];
        FUZZ_CHECK(first == '+' || first == '(' || (first >= '0' && first <= '9'));
        FUZZ_CHECK(memchr(m->digits, '\0', sizeof m->digits) != NULL);
        FUZZ_CHECK(m->digits[0] == '+' || (m->digits[0] >= '0' && m->digits[0] <= '9'));
        FUZZ_CHECK(phone_class_name(m->phone_class) != NULL);
        end = m->offset + m->length;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t room = data[0] % (ROOM + 1);
    const char *text = (const char *)data + 1;
    size_t length = size - 1;

    scan(text, length, room);
    size_t folded_length = 0;
    char *folded = fold_text_alloc(text, length, &folded_length);
    FUZZ_CHECK(folded != NULL);
    scan(folded, folded_length, room);
    free(folded);
    return 0;
}
