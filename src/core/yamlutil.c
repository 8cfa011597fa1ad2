/*
 * yamlutil.c - error places and refused features for the libyaml readers.
 *
 * Anchors, aliases and tags are refused everywhere: JSON has none, the config does not
 * need them, and refusing aliases rules out "billion laughs" style inputs for good.
 */
#include "yamlutil.h"

/* Counts lines and UTF-8 characters up to offset; a UTF-8 BOM is not a column. */
static void place_of_offset(const char *input, size_t length, size_t offset, size_t *line,
                            size_t *column)
{
    const unsigned char *s = (const unsigned char *)input;
    size_t i = 0;
    if (length >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        i = 3;
    if (offset > length)
        offset = length;
    *line = 1;
    *column = 1;
    for (; i < offset; i++) {
        if (s[i] == '\n') {
            (*line)++;
            *column = 1;
        } else if ((s[i] & 0xC0) != 0x80) {
            (*column)++; /* continuation bytes belong to the character before */
        }
    }
}

void yamlutil_problem_place(const yaml_parser_t *parser, const char *input, size_t length,
                            size_t *line, size_t *column)
{
    if (parser->error == YAML_READER_ERROR) {
        place_of_offset(input, length, parser->problem_offset, line, column);
        return;
    }
    *line = parser->problem_mark.line + 1;
    *column = parser->problem_mark.column + 1;
}

const char *yamlutil_unsupported(const yaml_event_t *event)
{
    const yaml_char_t *anchor = NULL;
    const yaml_char_t *tag = NULL;

    switch (event->type) {
    case YAML_ALIAS_EVENT:
        return "aliases (*name) are not supported";
    case YAML_SCALAR_EVENT:
        anchor = event->data.scalar.anchor;
        tag = event->data.scalar.tag;
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor = event->data.sequence_start.anchor;
        tag = event->data.sequence_start.tag;
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = event->data.mapping_start.anchor;
        tag = event->data.mapping_start.tag;
        break;
    default:
        break;
    }
    if (anchor != NULL)
        return "anchors (&name) are not supported";
    if (tag != NULL)
        return "tags (!name) are not supported";
    return NULL;
}

int yamlutil_nesting(const yaml_event_t *event)
{
    switch (event->type) {
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT: return 1;
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT: return -1;
    default: return 0;
    }
}
