# winscan.sh - The window scan (src/win/winscan.c) against copies of fakebrowser.exe:
# which windows it reports, and which changes made from outside (title, fullscreen,
# topmost, hidden, minimised, a browser ending mid-scan) it sees at the next look or
# within WINSCAN_STYLE_LOOKS looks. Sourced by tests/wine/run.sh (helpers: lib.sh).
#
# test-winscan.exe prints its own TAP lines (run_tap_driver in lib.sh).

case_winscan() {
    new_case winscan
    run_tap_driver test-winscan.exe "window scan" 150
    end_case
}

all_cases="$all_cases winscan"
