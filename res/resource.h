/* resource.h - identifiers shared by omamori.rc and the Win32 code. */
#ifndef OMAMORI_RESOURCE_H
#define OMAMORI_RESOURCE_H

#define OMAMORI_VERSION_MAJOR 0
#define OMAMORI_VERSION_MINOR 1
#define OMAMORI_VERSION_PATCH 0
#define OMAMORI_VERSION_TEXT "0.1.0"

#define IDI_OMAMORI 1

/* Strings: every text the person sees, in English and Japanese (omamori.rc). */
#define IDS_FIRST 100
#define IDS_APP_NAME 100
#define IDS_TRAY_TIP 101
#define IDS_BALLOON_TITLE 102
#define IDS_BALLOON_TEXT 103
#define IDS_ALERT_CAPTION 104
#define IDS_ALERT_HEADLINE 105
#define IDS_ALERT_BODY 106
#define IDS_ALERT_END 107
#define IDS_ALERT_DISMISS 108
#define IDS_ALERT_COUNTDOWN 109
#define IDS_ALERT_ENDED_HEADLINE 110
#define IDS_ALERT_ENDED_BODY 111
#define IDS_ALERT_OK 112
#define IDS_MENU_EXIT 113
#define IDS_ALERT_ENDING 114
#define IDS_REASONS_HEADING 115
/* One statement per ExplainKind (src/core/explain.h), in its order, from EXPLAIN_CALL. */
#define IDS_EXPLAIN_FIRST 116
#define IDS_EXPLAIN_CALL 116
#define IDS_EXPLAIN_PHONE 117
#define IDS_EXPLAIN_INFECTION 118
#define IDS_EXPLAIN_LOCK 119
#define IDS_EXPLAIN_BRAND 120
#define IDS_EXPLAIN_FULLSCREEN 121
#define IDS_EXPLAIN_ALARM_SOUND 122
#define IDS_EXPLAIN_CURSOR 123
#define IDS_LAST 123

#endif
