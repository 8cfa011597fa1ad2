/*
 * eventlog.h - writes records (eventmap.h) to the Windows Event Log: the Application
 * log, source "omamori", message texts from the MESSAGETABLE built from res/messages.mc.
 *
 * The installer registers the source. Without it nothing is written here, and the
 * caller says so once in the journal. Wine 8 stores nothing whatever is written
 * (measured), so what is written is tested through eventmap on Linux.
 */
#ifndef OMAMORI_EVENTLOG_H
#define OMAMORI_EVENTLOG_H

#include <stdbool.h>
#include <windows.h>

#include "eventmap.h"

typedef struct EventLog {
    HANDLE source; /* NULL when not writing */
} EventLog;

/* Opens the source; false (and nothing written later) when it is not registered. */
bool eventlog_open(EventLog *log);

/* Writes one record; a failure is ignored: the journal has the record anyway. */
void eventlog_report(EventLog *log, const EventRecord *record);

void eventlog_close(EventLog *log);

#endif
