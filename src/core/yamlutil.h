/*
 * yamlutil.h - small pieces shared by the two libyaml readers (observation.c, config.c).
 *
 * Both read libyaml's event stream by hand, refuse the same YAML-only features and
 * report errors at 1-based line and column; this keeps those rules in one place.
 */
#ifndef OMAMORI_YAMLUTIL_H
#define OMAMORI_YAMLUTIL_H

#include <stddef.h>

#include <yaml.h>

/*
 * 1-based line and column of the problem a failed yaml_parser_parse() reported.
 * input/length must be what the parser was given: reader errors (bad UTF-8, control
 * characters) carry only a byte offset, which is turned into a place by counting.
 * Columns count characters, as libyaml does.
 */
void yamlutil_problem_place(const yaml_parser_t *parser, const char *input, size_t length,
                            size_t *line, size_t *column);

/*
 * Why an event uses a feature omamori does not accept (an alias, an anchor or an
 * explicit tag), as a short English phrase; NULL when it uses none of them.
 */
const char *yamlutil_unsupported(const yaml_event_t *event);

/* How an event changes the nesting of a value being skipped: +1 where a mapping or
   sequence starts, -1 where one ends, 0 otherwise. */
int yamlutil_nesting(const yaml_event_t *event);

#endif
