/*
 * settings.h - omamori's settings from every source, in order of precedence (highest
 * first): Group Policy, the command line, the installer's machine settings, the
 * configuration file (--config, else the machine's %ProgramData%\omamori\omamori.yaml
 * when there is one), the built-in defaults.
 */
#ifndef OMAMORI_SETTINGS_H
#define OMAMORI_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "options.h"
#include "policy.h"

/* Fills cfg (already holding the defaults) and policy (owned by the caller: free with
   policy_free). A configuration file that cannot be read or parsed leaves its part at
   the defaults and is described in problem (empty when all went well). */
void settings_load(Config *cfg, Policy *policy, MachineSettings *machine,
                   const DaemonOptions *opts, char *problem, size_t problem_size);

/* Whether the tray menu may offer "Exit": policy, else machine settings, else yes. */
bool settings_exit_allowed(const Policy *policy, const MachineSettings *machine);

#endif
