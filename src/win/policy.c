/*
 * policy.c - see policy.h.
 *
 * The value names here are the ones installer/policy/omamori.admx and the MSI write;
 * a test compares the two lists, so keep each name a plain L"..." literal.
 */
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wintext.h"

#define POLICY_KEY L"SOFTWARE\\Policies\\omamori"
#define ALLOWED_TITLES_KEY L"SOFTWARE\\Policies\\omamori\\AllowedTitles"
#define MACHINE_KEY L"SOFTWARE\\omamori"
#define AUTO_END_NEVER 0xFFFFFFFFu /* the policy's "notify only" */

/* A REG_DWORD in [min, max], or POLICY_UNSET. */
static int read_dword(HKEY key, const wchar_t *name, DWORD min, DWORD max)
{
    DWORD value = 0, size = sizeof value, type = 0;
    if (RegQueryValueExW(key, name, NULL, &type, (BYTE *)&value, &size) != ERROR_SUCCESS ||
        type != REG_DWORD || value < min || value > max)
        return POLICY_UNSET;
    return (int)value;
}

/* A REG_SZ as UTF-8 into out (at most size bytes); false when absent or too long. */
static bool read_text(HKEY key, const wchar_t *name, char *out, size_t size)
{
    wchar_t value[512];
    DWORD bytes = sizeof value - sizeof value[0], type = 0;
    if (RegQueryValueExW(key, name, NULL, &type, (BYTE *)value, &bytes) != ERROR_SUCCESS ||
        (type != REG_SZ && type != REG_EXPAND_SZ))
        return false;
    value[bytes / sizeof value[0]] = L'\0';
    return win_utf8_into(value, out, size);
}

static bool is_language(const char *text)
{
    return strcmp(text, "auto") == 0 || strcmp(text, "ja") == 0 || strcmp(text, "en") == 0;
}

/* A language value, kept only when it is one omamori speaks. */
static void read_language(HKEY key, char out[8])
{
    out[0] = '\0';
    if (!read_text(key, L"Language", out, 8) || !is_language(out))
        out[0] = '\0';
}

/* A whole number written as text ("5"), in [min, max], or POLICY_UNSET; empty text is
   the MSI's way of saying "not set". */
static int read_number_text(HKEY key, const wchar_t *name, int min, int max)
{
    char text[16];
    if (!read_text(key, name, text, sizeof text) || text[0] == '\0')
        return POLICY_UNSET;
    long value = 0;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p < '0' || *p > '9' || value > max)
            return POLICY_UNSET;
        value = value * 10 + (*p - '0');
    }
    return value >= min && value <= max ? (int)value : POLICY_UNSET;
}

/* The ADMX list element writes one REG_SZ value per entry under its own key. */
static void read_allowed_titles(Allowlist *list)
{
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, ALLOWED_TITLES_KEY, 0, KEY_READ, &key) != ERROR_SUCCESS)
        return;
    for (DWORD index = 0;; index++) {
        wchar_t name[64], value[512];
        DWORD name_length = 64, bytes = sizeof value - sizeof value[0], type = 0;
        LONG status = RegEnumValueW(key, index, name, &name_length, NULL, &type, (BYTE *)value,
                                    &bytes);
        if (status == ERROR_NO_MORE_ITEMS)
            break;
        if (status != ERROR_SUCCESS || type != REG_SZ)
            continue;
        value[bytes / sizeof value[0]] = L'\0';
        char *utf8 = win_utf8_from_wide(value);
        if (utf8 != NULL)
            allowlist_add(list, utf8);
        free(utf8);
    }
    RegCloseKey(key);
}

/* The policy's countdown: seconds, or "notify only" written as 0xFFFFFFFF. */
static int read_auto_end(HKEY key)
{
    DWORD value = 0, size = sizeof value, type = 0;
    if (RegQueryValueExW(key, L"AutoEndSeconds", NULL, &type, (BYTE *)&value, &size) !=
            ERROR_SUCCESS ||
        type != REG_DWORD)
        return POLICY_UNSET;
    if (value == AUTO_END_NEVER)
        return CONFIG_AUTO_END_OFF;
    return value <= 3600 ? (int)value : POLICY_UNSET;
}

void policy_read(Policy *policy)
{
    policy->protection = POLICY_UNSET;
    policy->auto_end_seconds = POLICY_UNSET;
    policy->allow_exit = POLICY_UNSET;
    policy->allow_page_is_fine = POLICY_UNSET;
    policy->redact_titles = POLICY_UNSET;
    policy->language[0] = '\0';
    allowlist_init(&policy->allowed_titles);
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, POLICY_KEY, 0, KEY_READ, &key) != ERROR_SUCCESS)
        return;
    policy->protection = read_dword(key, L"Protection", 0, 1);
    policy->allow_exit = read_dword(key, L"AllowExit", 0, 1);
    policy->allow_page_is_fine = read_dword(key, L"AllowPageIsFine", 0, 1);
    policy->redact_titles = read_dword(key, L"RedactTitles", 0, 1);
    policy->auto_end_seconds = read_auto_end(key);
    read_language(key, policy->language);
    RegCloseKey(key);
    read_allowed_titles(&policy->allowed_titles);
}

void policy_free(Policy *policy)
{
    allowlist_free(&policy->allowed_titles);
}

void machine_settings_read(MachineSettings *settings)
{
    settings->auto_end_seconds = POLICY_UNSET;
    settings->allow_exit = POLICY_UNSET;
    settings->poll_ms = POLICY_UNSET;
    settings->language[0] = '\0';
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, MACHINE_KEY, 0, KEY_READ, &key) != ERROR_SUCCESS)
        return;
    settings->auto_end_seconds = read_number_text(key, L"AutoEndSeconds", 0, 3600);
    settings->allow_exit = read_dword(key, L"AllowExit", 0, 1);
    settings->poll_ms = read_number_text(key, L"PollMs", 50, 60000);
    read_language(key, settings->language);
    RegCloseKey(key);
}

void machine_settings_apply(const MachineSettings *settings, Config *cfg)
{
    if (settings->auto_end_seconds != POLICY_UNSET)
        cfg->auto_end_seconds = settings->auto_end_seconds;
    if (settings->poll_ms != POLICY_UNSET)
        cfg->poll_ms = settings->poll_ms;
    if (settings->language[0] != '\0')
        snprintf(cfg->language, sizeof cfg->language, "%s", settings->language);
}

void policy_apply(const Policy *policy, Config *cfg)
{
    if (policy->redact_titles != POLICY_UNSET)
        cfg->journal_redact_titles = policy->redact_titles == 1;
    if (policy->auto_end_seconds != POLICY_UNSET)
        cfg->auto_end_seconds = policy->auto_end_seconds;
    if (policy->language[0] != '\0')
        snprintf(cfg->language, sizeof cfg->language, "%s", policy->language);
}

bool policy_watch_rearm(PolicyWatch *watch)
{
    /* The whole Policies tree: the omamori key itself may not exist yet. */
    return watch->key != NULL &&
           RegNotifyChangeKeyValue(watch->key, TRUE,
                                   REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_LAST_SET,
                                   watch->event, TRUE) == ERROR_SUCCESS;
}

bool policy_watch_start(PolicyWatch *watch)
{
    watch->key = NULL;
    watch->event = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (watch->event == NULL ||
        RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Policies", 0, KEY_NOTIFY, &watch->key) !=
            ERROR_SUCCESS)
        watch->key = NULL;
    if (policy_watch_rearm(watch))
        return true;
    policy_watch_stop(watch);
    return false;
}

void policy_watch_stop(PolicyWatch *watch)
{
    if (watch->key != NULL)
        RegCloseKey(watch->key);
    if (watch->event != NULL)
        CloseHandle(watch->event);
    watch->key = NULL;
    watch->event = NULL;
}
