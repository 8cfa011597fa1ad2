/* eventlog.c - see eventlog.h. */
#include "eventlog.h"

#include <stdlib.h>

#include "wintext.h"

#define SOURCE_KEY L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\omamori"

bool eventlog_open(EventLog *log)
{
    log->source = NULL;
    /* RegisterEventSourceW succeeds for any name, registered or not, and Windows then
       shows "the description cannot be found": look for the installer's key first. */
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, SOURCE_KEY, 0, KEY_READ, &key) != ERROR_SUCCESS)
        return false;
    RegCloseKey(key);
    log->source = RegisterEventSourceW(NULL, L"omamori");
    return log->source != NULL;
}

void eventlog_report(EventLog *log, const EventRecord *record)
{
    if (log->source == NULL)
        return;
    static const WORD types[] = {
        [EVENT_INFORMATION] = EVENTLOG_INFORMATION_TYPE,
        [EVENT_WARNING] = EVENTLOG_WARNING_TYPE,
        [EVENT_ERROR] = EVENTLOG_ERROR_TYPE,
    };
    const wchar_t *strings[EVENT_MAX_STRINGS];
    wchar_t *owned[EVENT_MAX_STRINGS] = {0};
    WORD count = 0;
    for (size_t i = 0; i < record->count && i < EVENT_MAX_STRINGS; i++) {
        owned[i] = win_wide_from_utf8(record->strings[i]);
        strings[count++] = owned[i] != NULL ? owned[i] : L"";
    }
    ReportEventW(log->source, types[record->type], 0, record->id, NULL, count, 0,
                 count > 0 ? strings : NULL, NULL);
    for (size_t i = 0; i < EVENT_MAX_STRINGS; i++)
        free(owned[i]);
}

void eventlog_close(EventLog *log)
{
    if (log->source != NULL)
        DeregisterEventSource(log->source);
    log->source = NULL;
}
