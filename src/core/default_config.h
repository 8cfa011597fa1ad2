/*
 * default_config.h - config/omamori.yaml as built into every program.
 *
 * The Makefile turns the file into build/gen/default_config.c (src/tools/embed.sh),
 * so the defaults and the shipped file can never differ. config_default() reads it.
 */
#ifndef OMAMORI_DEFAULT_CONFIG_H
#define OMAMORI_DEFAULT_CONFIG_H

#include <stddef.h>

extern const char omamori_default_config[];       /* the file's bytes, then a NUL */
extern const size_t omamori_default_config_length; /* bytes, without that NUL */

#endif
