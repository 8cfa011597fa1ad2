# journal.sh - the incident journal as the daemon keeps it: readable history, records
# that survive the daemon being killed at any moment, titles redacted by policy.
# Sourced by tests/wine/run.sh, which provides the helpers (lib.sh).

case_history_prints_incidents() {
    new_case history
    start_daemon --auto-end 0
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen
    wait_for 15 '"event":"browser_ended"'
    stop_daemon
    wine "$bin/omamori.exe" --history --journal "$(winpath "$journal")" >"$case_dir/history.txt" 2>&1
    status=$?
    check "--history exits 0" test "$status" -eq 0
    check "--history shows the incident: the browser, the title and how it ended" \
        sh -c "grep 'chrome.exe' '$case_dir/history.txt' | grep '0120-555-010' | grep -q 'closed'"
    wine "$bin/omamori.exe" --history --journal "$(winpath "$case_dir/none.jsonl")" \
        >"$case_dir/none.txt" 2>&1
    check "--history on an empty journal says there are no incidents" \
        grep -q 'no incidents' "$case_dir/none.txt"
    end_case
}

# Every line is one whole JSON record and seq only goes up.
journal_whole_and_ordered() {
    jq -e -s 'length > 0 and all(.[]; type == "object") and
              ([.[].seq] as $s | [range(1; $s | length)] | all($s[.] > $s[. - 1]))' \
        "$journal" >/dev/null 2>&1
}

seq_without_gaps() {
    jq -e -s '[.[].seq] == [range(1; length + 1)]' "$journal" >/dev/null
}

# count_starts: how many daemons have journalled their start so far.
count_starts() {
    grep -c '"event":"start"' "$journal" 2>/dev/null || true
}

# kill_daemon_now: kill -9 the daemon started last, and any omamori on this journal.
kill_daemon_now() {
    kill -9 "$daemon_pid" 2>/dev/null
    wait "$daemon_pid" 2>/dev/null
    pkill -9 -f "omamori.exe --journal $(winpath "$journal")" 2>/dev/null
}

case_journal_survives_kill() {
    new_case journal-kill
    # A fake alert stays on screen (for the whole test: the last --exit-after wins):
    # each new daemon reports it again, so records are being written when the kills come.
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen --exit-after 400000
    n=0
    while [ $n -lt 200 ]; do
        n=$((n + 1))
        starts=$(count_starts)
        wine "$bin/omamori.exe" --journal "$(winpath "$journal")" --poll-ms 50 --exit-after 30 \
            >>"$case_dir/daemon.log" 2>&1 &
        daemon_pid=$!
        if [ $((n % 4)) -eq 0 ]; then
            # One kill in four waits for the daemon's start line, then comes 0 to 350 ms
            # later: while it reports the alert on screen, shows its alert, or idles.
            # (Its start takes a second or two under Wine; waiting every time would
            # make the test slow.)
            i=0
            while [ "$(count_starts)" -le "$starts" ] && [ $i -lt 500 ]; do
                sleep 0.02; i=$((i + 1))
            done
            sleep "0.$(( (n * 53) % 36 ))"
        else
            # The others at a fixed moment from launch: mostly while it starts.
            sleep "0.$(( (n * 37) % 8 + 2 ))"
        fi
        kill_daemon_now
    done
    daemon_pid=""
    start_daemon
    check "after 200 kill -9s the journal holds only whole records" journal_whole_and_ordered
    check "their seq runs 1, 2, 3... with no gap: no complete record was lost" \
        seq_without_gaps
    # The 50 kills that wait for a start come after the daemon's first scan, mostly:
    # their detections stay.
    check "detections written between the kills are kept (at least 40 of the 50 waited for)" \
        test "$(grep -c '"event":"detection"' "$journal")" -ge 40
    end_case
}

case_policy_redacts_titles() {
    new_case redact
    wine reg add 'HKLM\Software\Policies\omamori' /v RedactTitles /t REG_DWORD /d 1 /f \
        >/dev/null 2>&1
    start_daemon --auto-end 0
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen
    wait_for 15 '"event":"detection"'
    # The reasons still quote what they matched (a number, a word): only the title goes.
    check "with RedactTitles, the detection keeps a hash of the title, not the title" \
        sh -c "grep '\"event\":\"detection\"' '$journal' | grep -q '\"title_hash\":' &&
               ! grep -q 'ウイルスが検出されました サポート' '$journal'"
    wine reg delete 'HKLM\Software\Policies\omamori' /f >/dev/null 2>&1
    end_case
}

case_tray_history_box() {
    new_case tray-history
    start_daemon
    tray_menu Down Down Down Down Return # status, pause, practice, history
    check "the tray's \"Incident history\" shows the history" \
        sh -c "sleep 1.5; xdotool search --onlyvisible --name '^Incident history\$' >/dev/null"
    xdotool key Return
    end_case
}

all_cases="$all_cases history_prints_incidents journal_survives_kill policy_redacts_titles
    tray_history_box"
