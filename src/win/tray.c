/* tray.c - see tray.h. */
#include "tray.h"

#include <commctrl.h>
#include <shellapi.h>

#define TRAY_ICON_ID 1

static NOTIFYICONDATAW base_data(HWND owner)
{
    NOTIFYICONDATAW data;
    ZeroMemory(&data, sizeof data);
    data.cbSize = sizeof data;
    data.hWnd = owner;
    data.uID = TRAY_ICON_ID;
    return data;
}

HICON tray_load_icon(HINSTANCE instance, int resource, bool *owned)
{
    HICON icon = NULL;
    if (SUCCEEDED(LoadIconMetric(instance, MAKEINTRESOURCEW(resource), LIM_SMALL, &icon)) &&
        icon != NULL) {
        *owned = true;
        return icon;
    }
    *owned = false;
    return LoadIconW(instance, MAKEINTRESOURCEW(resource));
}

bool tray_set_icon(HWND owner, HICON icon)
{
    NOTIFYICONDATAW data = base_data(owner);
    data.uFlags = NIF_ICON;
    data.hIcon = icon;
    return Shell_NotifyIconW(NIM_MODIFY, &data) != 0;
}

bool tray_add(HWND owner, HICON icon, const wchar_t *tip)
{
    NOTIFYICONDATAW data = base_data(owner);
    data.uFlags = NIF_ICON | NIF_TIP | NIF_MESSAGE | NIF_SHOWTIP;
    data.uCallbackMessage = TRAY_CALLBACK_MESSAGE;
    data.hIcon = icon;
    lstrcpynW(data.szTip, tip, ARRAYSIZE(data.szTip));
    if (!Shell_NotifyIconW(NIM_ADD, &data))
        return false;
    /* Version 4: the callback carries NIN_SELECT / WM_CONTEXTMENU and the icon ID in
       HIWORD(lParam), as Windows 10/11 expects of a modern tray icon. */
    data.uVersion = NOTIFYICON_VERSION_4;
    Shell_NotifyIconW(NIM_SETVERSION, &data);
    return true;
}

bool tray_set_tip(HWND owner, const wchar_t *tip)
{
    NOTIFYICONDATAW data = base_data(owner);
    data.uFlags = NIF_TIP | NIF_SHOWTIP;
    lstrcpynW(data.szTip, tip, ARRAYSIZE(data.szTip));
    return Shell_NotifyIconW(NIM_MODIFY, &data) != 0;
}

bool tray_balloon(HWND owner, const wchar_t *title, const wchar_t *text)
{
    NOTIFYICONDATAW data = base_data(owner);
    data.uFlags = NIF_INFO;
    data.dwInfoFlags = NIIF_WARNING | NIIF_LARGE_ICON;
    lstrcpynW(data.szInfoTitle, title, ARRAYSIZE(data.szInfoTitle));
    lstrcpynW(data.szInfo, text, ARRAYSIZE(data.szInfo));
    return Shell_NotifyIconW(NIM_MODIFY, &data) != 0;
}

void tray_remove(HWND owner)
{
    NOTIFYICONDATAW data = base_data(owner);
    Shell_NotifyIconW(NIM_DELETE, &data);
}
