# daemon.sh - The daemon itself: its command line, a broken configuration, one per session.
# Sourced by tests/wine/run.sh, which provides the helpers (lib.sh).

case_command_line() {
    new_case command-line
    wine "$bin/omamori.exe" --help >"$case_dir/help.txt" 2>&1
    check "--help exits 0 and documents every automation option" \
        sh -c "[ $? -eq 0 ] && for o in --config --journal --poll-ms --auto-end --exit-after; do grep -q -- \"\$o\" '$case_dir/help.txt' || exit 1; done"
    wine "$bin/omamori.exe" --version >"$case_dir/version.txt" 2>&1
    check "--version names the libyaml and zlib built into the executable" \
        grep -Eq '^omamori [0-9.]+ \(libyaml [0-9.]+, zlib [0-9.]+\)' "$case_dir/version.txt"
    wine "$bin/omamori.exe" --poll-ms fast >"$case_dir/bad.txt" 2>&1
    status=$?
    check "a bad option value exits 2 with a message naming the option" \
        sh -c "[ $status -eq 2 ] && grep -q -- '--poll-ms' '$case_dir/bad.txt'"
    end_case
}

case_broken_config_falls_back() {
    new_case broken-config
    printf 'watch:\n  poll_ms: [oops\n' >"$case_dir/omamori.yaml"
    start_daemon --auto-end 0 --config "$(winpath "$case_dir/omamori.yaml")"
    check "a broken configuration is journalled with its line and column" \
        journal_has '"event":"config_rejected"' 'omamori.yaml:'
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen
    check "with a broken configuration the defaults still protect" \
        wait_for 15 '"event":"browser_ended"'
    end_case
}

case_single_instance() {
    new_case single-instance
    start_daemon
    wine "$bin/omamori.exe" --journal "$(winpath "$case_dir/second.jsonl")" --exit-after 5 \
        >"$case_dir/second.log" 2>&1
    status=$?
    check "a second daemon in the same session exits at once with status 3" test "$status" -eq 3
    check "the second daemon says why" grep -q "already running" "$case_dir/second.log"
    end_case
}

case_audio_unavailable_said_once() {
    new_case audio-unavailable
    start_daemon
    sleep 3
    # Wine 8 cannot list audio sessions (measured): omamori says so once and watches on.
    check "where audio sessions cannot be listed, the journal says so exactly once" \
        test "$(grep -c '"event":"audio_unavailable"' "$journal")" -eq 1
    check "and the reason names the failing call" journal_has '"event":"audio_unavailable"' 'GetSessionEnumerator'
    end_case
}

# started_without PATTERN: the daemon did start, and its journal has no line with PATTERN.
started_without() {
    journal_has '"event":"start"' && journal_lacks "$1"
}

case_event_log_source() {
    new_case event-log
    key='HKLM\System\CurrentControlSet\Services\EventLog\Application\omamori'
    wine reg delete "$key" /f >/dev/null 2>&1
    start_daemon
    check "without the registered source, the journal says once that nothing goes to the Event Log" \
        test "$(grep -c '"event":"eventlog_unavailable"' "$journal")" -eq 1
    stop_daemon
    wine reg add "$key" /v TypesSupported /t REG_DWORD /d 7 /f >/dev/null 2>&1
    : >"$journal"
    start_daemon
    check "with the source registered (as the MSI does), omamori writes to the Event Log" \
        started_without '"event":"eventlog_unavailable"'
    wine reg delete "$key" /f >/dev/null 2>&1
    end_case
}

all_cases="$all_cases event_log_source audio_unavailable_said_once command_line broken_config_falls_back single_instance"
