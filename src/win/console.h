/*
 * console.h - text output for a GUI-subsystem program.
 *
 * omamori.exe is a GUI program (no console window at logon), yet --help, --version and
 * command-line errors must reach the person who typed the command. Output goes to the
 * standard handle when one was inherited (a pipe or file), else to the parent's console.
 */
#ifndef OMAMORI_CONSOLE_H
#define OMAMORI_CONSOLE_H

#include <stdbool.h>

/* Writes UTF-8 text to standard output (to_stderr false) or standard error. Returns
   false when there is nowhere to write. */
bool win_console_write(const char *utf8, bool to_stderr);

#endif
