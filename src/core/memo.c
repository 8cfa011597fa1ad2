/* memo.c - see memo.h. */
#include "memo.h"

#include <string.h>

#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

void memo_init(WindowMemo *memo)
{
    memo->count = 0;
}

static size_t find(const WindowMemo *memo, uintptr_t window)
{
    for (size_t i = 0; i < memo->count; i++) {
        if (memo->entries[i].window == window)
            return i;
    }
    return memo->count;
}

bool memo_matches(const WindowMemo *memo, uintptr_t window, uint32_t signature)
{
    size_t i = find(memo, window);
    return i < memo->count && memo->entries[i].signature == signature;
}

bool memo_get(const WindowMemo *memo, uintptr_t window, uint32_t *signature)
{
    size_t i = find(memo, window);
    if (i == memo->count)
        return false;
    *signature = memo->entries[i].signature;
    return true;
}

static void remove_at(WindowMemo *memo, size_t i)
{
    memmove(&memo->entries[i], &memo->entries[i + 1],
            (memo->count - i - 1) * sizeof memo->entries[0]);
    memo->count--;
}

void memo_put(WindowMemo *memo, uintptr_t window, uint32_t signature)
{
    size_t i = find(memo, window);
    if (i < memo->count)
        remove_at(memo, i); /* re-noted: it becomes the newest */
    else if (memo->count == MEMO_CAPACITY)
        remove_at(memo, 0);
    memo->entries[memo->count].window = window;
    memo->entries[memo->count].signature = signature;
    memo->count++;
}

void memo_forget_if(WindowMemo *memo, bool (*gone)(uintptr_t window, void *context),
                    void *context)
{
    size_t kept = 0;
    for (size_t i = 0; i < memo->count; i++) {
        if (!gone(memo->entries[i].window, context))
            memo->entries[kept++] = memo->entries[i];
    }
    memo->count = kept;
}

static uint32_t mix_bytes(uint32_t hash, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; p != NULL && *p != '\0'; p++)
        hash = (hash ^ *p) * FNV_PRIME;
    return hash;
}

uint32_t memo_text_signature(const char *text)
{
    return mix_bytes(FNV_OFFSET, text);
}

uint32_t memo_observation_signature(const Observation *obs)
{
    uint32_t hash = mix_bytes(FNV_OFFSET, obs->title);
    const int facts[] = {obs->fullscreen, obs->topmost, obs->cursor_hidden, obs->audio_playing};
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
        hash = (hash ^ (uint32_t)(facts[i] + 2)) * FNV_PRIME; /* -1..1 made non-negative */
    return hash;
}
