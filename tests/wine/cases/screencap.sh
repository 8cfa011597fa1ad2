# screencap.sh - The screen capture (src/win/screencap.c) against windows of the
# driver's own: a fullscreen page captured from the screen, a smaller one that paints
# itself (PrintWindow), a white page, a window that is gone, and the worker thread.
# Sourced by tests/wine/run.sh (helpers: lib.sh).
#
# test-screencap.exe prints its own TAP lines (run_tap_driver in lib.sh).

case_screencap() {
    new_case screencap
    run_tap_driver test-screencap.exe "screen capture" 90
    end_case
}

all_cases="$all_cases screencap"
