/*
 * settings.c - see settings.h.
 *
 * Files are read through their UTF-16 names: a configuration path may hold any
 * character the person's user name does.
 */
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "wintext.h"

#define MAX_CONFIG_BYTES (1024 * 1024)

/* Reads a whole small file (UTF-16 path) into a new buffer; NULL on failure. */
static char *read_small_file(const wchar_t *path, size_t *length)
{
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                              OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE)
        return NULL;
    char *data = NULL;
    LARGE_INTEGER size;
    if (GetFileSizeEx(file, &size) && size.QuadPart <= MAX_CONFIG_BYTES) {
        data = malloc((size_t)size.QuadPart + 1);
        DWORD got = 0;
        if (data != NULL && ReadFile(file, data, (DWORD)size.QuadPart, &got, NULL) &&
            got == (DWORD)size.QuadPart) {
            data[got] = '\0';
            *length = got;
        } else {
            free(data);
            data = NULL;
        }
    }
    CloseHandle(file);
    return data;
}

/* Loads a configuration file over cfg. A file that cannot be read or parsed is
   reported in problem and cfg stays as it was: a bad file never stops protection. */
static void load_config_file(Config *cfg, const char *path, char *problem, size_t problem_size)
{
    wchar_t *wide = win_wide_from_utf8(path);
    size_t length = 0;
    char *yaml = wide ? read_small_file(wide, &length) : NULL;
    free(wide);
    if (yaml == NULL)
        snprintf(problem, problem_size, "%s: cannot read the file; using the defaults", path);
    else if (config_load_buffer(yaml, length, path, cfg, problem, problem_size) != 0)
        strncat(problem, " (using the defaults)", problem_size - strlen(problem) - 1);
    free(yaml);
}


/* %ProgramData%\omamori\omamori.yaml (UTF-8) when the file exists. */
static bool machine_config_path(char *out, size_t size)
{
    wchar_t base[MAX_PATH], path[MAX_PATH];
    DWORD n = GetEnvironmentVariableW(L"ProgramData", base, MAX_PATH);
    if (n == 0 || n >= MAX_PATH ||
        _snwprintf(path, MAX_PATH, L"%ls\\omamori\\omamori.yaml", base) < 0)
        return false;
    path[MAX_PATH - 1] = L'\0';
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES)
        return false;
    return win_utf8_into(path, out, size);
}

void settings_load(Config *cfg, Policy *policy, MachineSettings *machine,
                   const DaemonOptions *opts, char *problem, size_t problem_size)
{
    char machine_file[MAX_PATH * 3];
    problem[0] = '\0';
    if (opts->config_path != NULL)
        load_config_file(cfg, opts->config_path, problem, problem_size);
    else if (machine_config_path(machine_file, sizeof machine_file))
        load_config_file(cfg, machine_file, problem, problem_size);
    machine_settings_read(machine);
    machine_settings_apply(machine, cfg);
    options_apply(opts, cfg);
    policy_read(policy);
    policy_apply(policy, cfg);
}

bool settings_exit_allowed(const Policy *policy, const MachineSettings *machine)
{
    if (policy->allow_exit != POLICY_UNSET)
        return policy->allow_exit == 1;
    return machine->allow_exit != 0; /* unset (POLICY_UNSET) or 1 */
}
