# audio.sh - The per-browser audio monitor (src/win/audiomon.c), through COM test doubles
# and once against Wine's own audio stack. Sourced by tests/wine/run.sh (helpers: lib.sh).
#
# test-audiomon.exe prints its own TAP lines; each becomes one of the runner's checks,
# renumbered, so a failing line names itself in the run's output.

case_audio_doubles() {
    new_case audio-doubles
    timeout 150 wine "$bin/tests/test-audiomon.exe" --workdir "$(winpath "$case_dir")" \
        >"$case_dir/tap.txt" 2>"$case_dir/stderr.txt"
    status=$?
    while IFS= read -r line; do
        case $line in
            "ok "*) ok "audio monitor: ${line#ok [0-9]* - }" ;;
            "not ok "*) not_ok "audio monitor: ${line#not ok [0-9]* - }" ;;
            "#"*) echo "$line" ;;
        esac
    done <"$case_dir/tap.txt"
    if ! check "test-audiomon.exe ran to its plan line and exited 0" \
        sh -c "[ $status -eq 0 ] && grep -q '^1\.\.[1-9]' '$case_dir/tap.txt'"; then
        sed 's/^/#   stderr: /' "$case_dir/stderr.txt"
    fi
    end_case
}

all_cases="$all_cases audio_doubles"
