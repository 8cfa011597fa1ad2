# pagetext.sh - Page text and address through the accessibility interface
# (src/win/pagetext.c): across processes against fakeaccessible.exe copied as
# chrome.exe (and notepad-like.exe, and a hung and a vanishing copy), and against trees
# served in-process by the test program itself. Sourced by tests/wine/run.sh (helpers:
# lib.sh).
#
# test-pagetext.exe prints its own TAP lines (run_tap_driver in lib.sh).

case_pagetext() {
    new_case pagetext
    run_tap_driver test-pagetext.exe "page text" 200
    end_case
}

all_cases="$all_cases pagetext"
