/*
 * broadcast-taskbar.c - tells every top-level window "TaskbarCreated", as Explorer does
 * when it restarts after a crash, so a test can check that omamori puts its tray icon
 * back. Exits 0 when the broadcast was sent.
 */
#include <windows.h>

int WINAPI wWinMain(HINSTANCE instance, HINSTANCE previous, PWSTR command_line, int show)
{
    (void)instance;
    (void)previous;
    (void)command_line;
    (void)show;
    UINT message = RegisterWindowMessageW(L"TaskbarCreated");
    if (message == 0)
        return 1;
    /* Posted, as Explorer does: a hung window must not hold the test up. */
    return PostMessageW(HWND_BROADCAST, message, 0, 0) ? 0 : 1;
}
