/*
 * lexicon.c - all phrases of all categories in one Aho-Corasick automaton.
 *
 * The phrases come from config/omamori.yaml (folded by config.c); what a category
 * is worth is the scorer's business, not the lexicon's. lexicon_new() builds a trie
 * of the phrases' bytes with failure links, once; lexicon_scan() then walks the
 * folded text once, byte by byte, and every phrase that ends at a byte is reported
 * there, including phrases that overlap or end inside other phrases.
 *
 * Memory, for a few hundred phrases of a few thousand bytes: a trie node per byte of
 * phrase. A full 256-way transition table per node (the fastest automaton) would be
 * about 1 KiB a node, megabytes in all, mostly empty: past the first byte almost
 * every node has one child. So only the root, which every byte of text that starts
 * no phrase comes back to, has a 256-way table; every other node keeps its children
 * as a short run of edges sorted by byte (one uint32_t each), and a byte with no
 * edge follows the failure link. That keeps the whole automaton near 100 KiB.
 * Limits: bytes, not characters: the folded text and the phrases are UTF-8, and a
 * phrase can only match at a character boundary of the text since UTF-8 is
 * self-synchronising.
 */
#include "lexicon.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX
#define ROOT 0u

typedef struct LexPhrase {
    uint32_t text;    /* offset of its text in Lexicon.texts */
    uint16_t length;  /* bytes */
    uint8_t category; /* LexCategory */
    uint8_t word_start; /* starts with an ASCII letter: must not follow one */
    uint32_t next;    /* next phrase that ends at the same node, or NONE */
} LexPhrase;

typedef struct LexNode {
    uint32_t edges;      /* index of its first edge in Lexicon.edges */
    uint32_t edge_count;
    uint32_t fail;       /* node of the longest proper suffix of this node's bytes */
    uint32_t output;     /* this node if a phrase ends here, else the nearest such node
                            on the failure chain, else NONE: where reporting starts */
    uint32_t phrases;    /* first phrase that ends exactly here, or NONE */
} LexNode;

struct Lexicon {
    uint32_t root_next[256]; /* the root's transitions; ROOT when no phrase starts so */
    LexNode *nodes;          /* nodes[ROOT] is the root */
    uint32_t node_count;
    uint32_t *edges;         /* (target << 8) | byte; each node's edges sorted by byte */
    LexPhrase *phrases;      /* by category, each category's in the order given */
    size_t first[LEX_CATEGORY_COUNT + 1]; /* category c: phrases[first[c]..first[c+1]) */
    char *texts;             /* the phrases' bytes, each with its NUL */
};

static bool is_ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_hex(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

/* The child of node reached by byte c, or NONE. */
static uint32_t child_of(const Lexicon *lex, uint32_t node, unsigned char c)
{
    const LexNode *n = &lex->nodes[node];
    const uint32_t *edge = lex->edges + n->edges;
    const uint32_t *end = edge + n->edge_count;
    for (; edge < end; edge++) {
        unsigned byte = *edge & 0xFFu;
        if (byte >= c)
            return byte == c ? *edge >> 8 : NONE; /* sorted: nothing further can match */
    }
    return NONE;
}

/* ---- building ---------------------------------------------------------------- */

/* The trie while it is built: children as sorted sibling lists, laid out as edges later. */
typedef struct TrieBuild {
    uint32_t *first_child; /* per node, or NONE */
    uint32_t *next_sibling;
    unsigned char *byte;   /* the byte that leads to the node from its parent */
    uint32_t count;
} TrieBuild;

/* Adds the path of text[0..length) and returns the node where it ends. */
static uint32_t trie_insert(TrieBuild *t, const char *text, size_t length)
{
    uint32_t node = ROOT;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        uint32_t *link = &t->first_child[node];
        while (*link != NONE && t->byte[*link] < c)
            link = &t->next_sibling[*link];
        if (*link == NONE || t->byte[*link] != c) {
            uint32_t fresh = t->count++; /* room was reserved for every byte of every phrase */
            t->first_child[fresh] = NONE;
            t->next_sibling[fresh] = *link;
            t->byte[fresh] = c;
            *link = fresh;
        }
        node = *link;
    }
    return node;
}

/* Copies the phrases, in category order, into lex->phrases and lex->texts. */
static bool copy_phrases(Lexicon *lex, const LexPhraseList lists[LEX_CATEGORY_COUNT],
                         size_t count, size_t bytes)
{
    lex->phrases = calloc(count ? count : 1, sizeof *lex->phrases);
    lex->texts = malloc(bytes ? bytes : 1);
    if (!lex->phrases || !lex->texts)
        return false;
    size_t p = 0, at = 0;
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++) {
        lex->first[c] = p;
        for (size_t i = 0; i < lists[c].count; i++, p++) {
            const char *text = lists[c].phrases[i];
            size_t length = strlen(text);
            memcpy(lex->texts + at, text, length + 1);
            lex->phrases[p].text = (uint32_t)at;
            lex->phrases[p].length = (uint16_t)length;
            lex->phrases[p].category = (uint8_t)c;
            lex->phrases[p].word_start = is_ascii_letter((unsigned char)text[0]);
            lex->phrases[p].next = NONE;
            at += length + 1;
        }
    }
    lex->first[LEX_CATEGORY_COUNT] = p;
    return true;
}

/*
 * Lays the trie out as sorted edge runs in breadth-first order, then sets the
 * failure and output links. Breadth-first matters: a node's failure target is
 * shallower than the node, so its own links are final before they are used.
 */
static bool link_automaton(Lexicon *lex, const TrieBuild *t)
{
    uint32_t *order = malloc(t->count * sizeof *order);
    if (!order)
        return false;
    uint32_t head = 0, tail = 0, edge_count = 0;
    order[tail++] = ROOT;
    while (head < tail) {
        uint32_t u = order[head++];
        lex->nodes[u].edges = edge_count;
        for (uint32_t v = t->first_child[u]; v != NONE; v = t->next_sibling[v]) {
            lex->edges[edge_count++] = (v << 8) | t->byte[v];
            lex->nodes[u].edge_count++;
            order[tail++] = v;
        }
    }

    lex->nodes[ROOT].fail = ROOT;
    lex->nodes[ROOT].output = NONE;
    for (head = 0; head < tail; head++) {
        uint32_t u = order[head];
        for (uint32_t e = 0; e < lex->nodes[u].edge_count; e++) {
            uint32_t edge = lex->edges[lex->nodes[u].edges + e];
            uint32_t v = edge >> 8;
            unsigned char c = (unsigned char)(edge & 0xFFu);
            uint32_t fail = ROOT;
            if (u != ROOT) {
                uint32_t f = lex->nodes[u].fail;
                while (f != ROOT && child_of(lex, f, c) == NONE)
                    f = lex->nodes[f].fail;
                uint32_t to = child_of(lex, f, c);
                fail = to != NONE ? to : ROOT;
            }
            lex->nodes[v].fail = fail;
            lex->nodes[v].output = lex->nodes[v].phrases != NONE ? v : lex->nodes[fail].output;
        }
    }
    for (unsigned c = 0; c < 256; c++) {
        uint32_t to = child_of(lex, ROOT, (unsigned char)c);
        lex->root_next[c] = to != NONE ? to : ROOT;
    }
    free(order);
    return true;
}

Lexicon *lexicon_new(const LexPhraseList lists[LEX_CATEGORY_COUNT])
{
    size_t count = 0, bytes = 0;
    for (int c = 0; c < LEX_CATEGORY_COUNT; c++) {
        for (size_t i = 0; i < lists[c].count; i++) {
            size_t length = strlen(lists[c].phrases[i]);
            if (length == 0 || length > LEXICON_PHRASE_MAX)
                return NULL;
            count++;
            bytes += length + 1;
        }
    }
    if (bytes > (NONE >> 8)) /* node numbers must fit an edge's 24 bits */
        return NULL;

    Lexicon *lex = calloc(1, sizeof *lex);
    uint32_t max_nodes = (uint32_t)bytes + 1; /* at most one per byte, and the root */
    TrieBuild t = {
        .first_child = malloc(max_nodes * sizeof *t.first_child),
        .next_sibling = malloc(max_nodes * sizeof *t.next_sibling),
        .byte = malloc(max_nodes),
        .count = 1,
    };
    bool ok = lex && t.first_child && t.next_sibling && t.byte &&
              copy_phrases(lex, lists, count, bytes) &&
              (lex->nodes = calloc(max_nodes, sizeof *lex->nodes)) != NULL &&
              (lex->edges = malloc(max_nodes * sizeof *lex->edges)) != NULL;
    if (ok) {
        t.first_child[ROOT] = NONE;
        t.next_sibling[ROOT] = NONE;
        for (uint32_t n = 0; n < max_nodes; n++)
            lex->nodes[n].phrases = NONE;
        /* Backwards, each put in front: the phrases ending at a node stay in list order. */
        for (size_t p = count; p-- > 0;) {
            LexPhrase *phrase = &lex->phrases[p];
            uint32_t end = trie_insert(&t, lex->texts + phrase->text, phrase->length);
            phrase->next = lex->nodes[end].phrases;
            lex->nodes[end].phrases = (uint32_t)p;
        }
        lex->node_count = t.count;
        ok = link_automaton(lex, &t);
    }
    free(t.first_child);
    free(t.next_sibling);
    free(t.byte);
    if (!ok) {
        lexicon_free(lex);
        return NULL;
    }
    return lex;
}

void lexicon_free(Lexicon *lex)
{
    if (!lex)
        return;
    free(lex->nodes);
    free(lex->edges);
    free(lex->phrases);
    free(lex->texts);
    free(lex);
}

size_t lexicon_phrase_count(const Lexicon *lex, LexCategory category)
{
    if (!lex || category < 0 || category >= LEX_CATEGORY_COUNT)
        return 0;
    return lex->first[category + 1] - lex->first[category];
}

const char *lexicon_phrase(const Lexicon *lex, LexCategory category, size_t index)
{
    if (index >= lexicon_phrase_count(lex, category))
        return NULL;
    return lex->texts + lex->phrases[lex->first[category] + index].text;
}

/* ---- scanning ------------------------------------------------------------------ */

/* The automaton's next state after byte c: follow failure links to a node with an
 * edge for c; the root always has somewhere to go. */
static uint32_t next_state(const Lexicon *lex, uint32_t state, unsigned char c)
{
    while (state != ROOT) {
        uint32_t to = child_of(lex, state, c);
        if (to != NONE)
            return to;
        state = lex->nodes[state].fail;
    }
    return lex->root_next[c];
}

/* Every phrase that ends at text[end - 1], checked against the word-start rule. */
static void report(const Lexicon *lex, uint32_t output, const char *text, size_t end,
                   LexResult *out)
{
    for (uint32_t node = output; node != NONE; node = lex->nodes[lex->nodes[node].fail].output) {
        for (uint32_t p = lex->nodes[node].phrases; p != NONE; p = lex->phrases[p].next) {
            const LexPhrase *phrase = &lex->phrases[p];
            size_t start = end - phrase->length;
            if (phrase->word_start && start > 0 && is_ascii_letter((unsigned char)text[start - 1]))
                continue;
            /* Matches arrive by where they end; the evidence is the one that starts
             * first, and of two starting together the shorter, which ended first. */
            LexHit *hit = &out->hits[phrase->category];
            if (!hit->found || start < hit->offset) {
                hit->found = true;
                hit->offset = start;
                hit->length = phrase->length;
            }
        }
    }
}

/* "0x" and six or more hex digits, not inside a word: a Windows-style error code. */
static bool find_hex_code(const char *text, size_t length, LexHit *hit)
{
    /* memchr finds the rare 'x' far faster than a byte loop looks at every "0x". */
    for (const char *x = length > 2 ? memchr(text + 1, 'x', length - 2) : NULL; x != NULL;
         x = memchr(x + 1, 'x', (size_t)(text + length - 2 - x))) {
        size_t i = (size_t)(x - text) - 1;
        if (text[i] != '0')
            continue;
        if (i > 0 && (is_ascii_letter((unsigned char)text[i - 1]) ||
                      (text[i - 1] >= '0' && text[i - 1] <= '9')))
            continue;
        size_t n = 0;
        while (i + 2 + n < length && is_hex((unsigned char)text[i + 2 + n]))
            n++;
        if (n >= 6) {
            hit->found = true;
            hit->offset = i;
            hit->length = 2 + n;
            return true;
        }
    }
    return false;
}

void lexicon_scan(const Lexicon *lex, const char *text, size_t length, LexResult *out)
{
    memset(out, 0, sizeof *out);
    if (!text || length == 0)
        return;
    if (lex && lex->node_count > 1) {
        uint32_t state = ROOT;
        for (size_t i = 0; i < length; i++) {
            state = next_state(lex, state, (unsigned char)text[i]);
            uint32_t output = lex->nodes[state].output;
            if (output != NONE)
                report(lex, output, text, i + 1, out);
        }
    }
    LexHit code = {false, 0, 0};
    LexHit *error = &out->hits[LEX_ERROR_CODE];
    if (find_hex_code(text, length, &code) && (!error->found || code.offset < error->offset))
        *error = code;
}

const char *lexicon_category_code(LexCategory category)
{
    switch (category) {
    case LEX_BRAND: return "brand";
    case LEX_SECURITY_UI: return "alarm.securityui";
    case LEX_INFECTION: return "alarm.infection";
    case LEX_LOCK: return "alarm.lock";
    case LEX_CALL: return "alarm.call";
    case LEX_DONT_CLOSE: return "alarm.dontclose";
    case LEX_ERROR_CODE: return "alarm.errorcode";
    case LEX_LICENSE: return "alarm.license";
    case LEX_WARNING: return "alarm.warning";
    case LEX_SUPPORT: return "support";
    case LEX_SCAN: return "alarm.scan";
    case LEX_ABOUT_SCAM: return "about.scam";
    case LEX_YOUR_DEVICE: return "device.yours";
    case LEX_CLAIM: return "alarm.claim";
    default: return "unknown";
    }
}
