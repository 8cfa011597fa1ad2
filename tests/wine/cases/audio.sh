# audio.sh - The per-browser audio monitor (src/win/audiomon.c), through COM test doubles
# and once against Wine's own audio stack. Sourced by tests/wine/run.sh (helpers: lib.sh).
#
# test-audiomon.exe prints its own TAP lines (run_tap_driver in lib.sh).

case_audio_doubles() {
    new_case audio-doubles
    run_tap_driver test-audiomon.exe "audio monitor" 150
    end_case
}

all_cases="$all_cases audio_doubles"
