/*
 * policy.h - what an administrator sets for the whole machine, read from the registry:
 * Group Policy under HKLM\SOFTWARE\Policies\omamori (installer/policy/omamori.admx)
 * and the installer's machine settings under HKLM\SOFTWARE\omamori (the MSI's public
 * properties). Precedence, highest first: policy, command-line options, machine
 * settings, the machine configuration file, the built-in defaults.
 * A value that is absent, of the wrong type or out of range is simply not set: the
 * next source down decides.
 */
#ifndef OMAMORI_POLICY_H
#define OMAMORI_POLICY_H

#include <stdbool.h>
#include <windows.h>

#include "allowlist.h"
#include "config.h"

#define POLICY_UNSET (-2)

typedef struct Policy {
    int protection;        /* 0: protection switched off; 1 or POLICY_UNSET: on */
    int auto_end_seconds;  /* 0..3600, CONFIG_AUTO_END_OFF (notify only) or POLICY_UNSET */
    int allow_exit;        /* 0, 1 or POLICY_UNSET */
    int allow_page_is_fine;
    int redact_titles;
    char language[8];      /* "auto", "ja", "en", or "" when unset */
    Allowlist allowed_titles; /* owned */
} Policy;

typedef struct MachineSettings {
    int auto_end_seconds; /* 0..3600, CONFIG_AUTO_END_OFF or POLICY_UNSET */
    int allow_exit;
    int poll_ms;          /* 50..60000 or POLICY_UNSET */
    char language[8];
} MachineSettings;

/* Reads the Group Policy values (none set when the key is absent). Free with policy_free. */
void policy_read(Policy *policy);
void policy_free(Policy *policy);

/* Reads the installer's machine settings. */
void machine_settings_read(MachineSettings *settings);

/* Overlays what is set onto cfg. */
void machine_settings_apply(const MachineSettings *settings, Config *cfg);
void policy_apply(const Policy *policy, Config *cfg);

/* Watches HKLM\SOFTWARE\Policies for changes: event is signalled on one. The registry
   arms a notification once, so call policy_watch_rearm after each signal. */
typedef struct PolicyWatch {
    HKEY key;     /* NULL when not watching */
    HANDLE event; /* auto-reset */
} PolicyWatch;

bool policy_watch_start(PolicyWatch *watch);
bool policy_watch_rearm(PolicyWatch *watch);
void policy_watch_stop(PolicyWatch *watch);

#endif
