# policy.sh - what an administrator sets: Group Policy (HKLM\SOFTWARE\Policies\omamori)
# and the installer's machine settings (HKLM\SOFTWARE\omamori), as src/win/policy.c reads
# them. Every case removes what it set, whatever happens, so the others run clean.
# Sourced by tests/wine/run.sh, which provides the helpers (lib.sh).

POLICY_KEY='HKLM\Software\Policies\omamori'
MACHINE_KEY='HKLM\Software\omamori'

# set_value KEY NAME TYPE DATA
set_value() {
    wine reg add "$1" /v "$2" /t "$3" /d "$4" /f >/dev/null 2>&1
}

clear_policy() {
    wine reg delete "$POLICY_KEY" /f >/dev/null 2>&1
    wine reg delete "$MACHINE_KEY" /f >/dev/null 2>&1
    return 0
}

# policy_read_again N: the journal holds more than N policy_changed records, and the
# last change has settled (two values set one after the other may be read twice).
policy_read_again() {
    i=0
    while [ $i -lt 100 ] && [ "$(grep -c '"event":"policy_changed"' "$journal")" -le "$1" ]; do
        sleep 0.1; i=$((i + 1))
    done
    sleep 1
}

case_policy_switches_protection_off() {
    new_case policy-off
    set_value "$POLICY_KEY" Protection REG_DWORD 0
    start_daemon --auto-end 0
    check "protection switched off by policy is journalled at start" \
        journal_has '"event":"protection_off"'
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen
    sleep 2
    check "with protection off by policy, a fake alert is left alone" \
        journal_lacks '"event":"detection"'
    # Positive control: the same daemon and window, the policy lifted, reports it.
    wine reg delete "$POLICY_KEY" /v Protection /f >/dev/null 2>&1
    check "(control) with the policy lifted, the same fake alert is reported" \
        wait_for 10 '"event":"detection"' '"exe":"chrome.exe"'
    end_case
    clear_policy
}

case_policy_change_is_read_while_running() {
    new_case policy-live
    clear_policy
    start_daemon --auto-end 0
    set_value "$POLICY_KEY" Protection REG_DWORD 0
    check "a policy set while omamori runs is read at once" \
        wait_for 10 '"event":"policy_changed"' 'protection off'
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen
    sleep 2
    check "and takes effect: the fake alert is left alone" journal_lacks '"event":"detection"'
    set_value "$POLICY_KEY" Protection REG_DWORD 1
    check "(control) and set back on, the same fake alert is reported" \
        wait_for 10 '"event":"detection"' '"exe":"chrome.exe"'
    end_case
    clear_policy
}

case_policy_allowed_titles() {
    new_case policy-allowed
    set_value "$POLICY_KEY\\AllowedTitles" 1 REG_SZ 'Security Awareness Training'
    start_daemon --auto-end 0
    start_program fakebrowser chrome.exe \
        --title "SECURITY AWARENESS TRAINING: $SCAM_TITLE_JA" --fullscreen
    sleep 2
    check "a title the administrator allows is never reported" journal_lacks '"event":"detection"'
    start_program fakebrowser msedge.exe --title "$SCAM_TITLE_JA" --fullscreen
    check "other fake alerts still are" wait_for 10 '"event":"detection"' '"exe":"msedge.exe"'
    end_case
    clear_policy
}

case_policy_beats_command_line_and_machine_settings() {
    new_case policy-precedence
    set_value "$MACHINE_KEY" AutoEndSeconds REG_SZ 30
    set_value "$POLICY_KEY" AutoEndSeconds REG_DWORD 0
    start_daemon --auto-end 20
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen
    check "the policy's countdown (0: at once) beats the command line's and the machine's" \
        wait_for 10 '"event":"browser_ended"'
    end_case
    clear_policy
}

case_machine_settings_apply_without_options() {
    new_case machine-settings
    set_value "$MACHINE_KEY" AutoEndSeconds REG_SZ 0
    start_daemon
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen
    check "the installer's AutoEndSeconds applies when the command line says nothing" \
        wait_for 10 '"event":"browser_ended"'
    end_case
    clear_policy
}

# Under Xvfb the tray menu takes the keys only while one of omamori's windows has the
# focus (Wine gives none to the hidden window the menu belongs to; Windows does), so
# each tray check below is made while an alert is open.
case_policy_takes_away_exit_and_page_is_fine() {
    new_case policy-no-exit
    set_value "$POLICY_KEY" AllowExit REG_DWORD 0
    set_value "$POLICY_KEY" AllowPageIsFine REG_DWORD 0
    start_daemon
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen
    wait_for 10 '"event":"detection"' && alert_window_shown
    click_alert_button secondary
    sleep 1.5
    check "without AllowPageIsFine, \"This page is fine\" does not dismiss the alert" \
        journal_lacks '"event":"dismissed"'
    tray_menu Up Return # the last item: without AllowExit, "About"
    sleep 2
    check "without AllowExit, the tray menu's last item is About, not Exit" \
        sh -c "xdotool search --onlyvisible --name '^omamori\$' >/dev/null && ! grep -q '\"event\":\"stop\"' '$journal'"
    # The About box closed through its button: while it is open, omamori's message
    # loop is the box's, which reads no policy change.
    wine "$bin/tests/alertctl.exe" press omamori primary >>"$case_dir/alertctl.log" 2>&1
    click_alert_button primary
    wait_for 10 '"event":"browser_ended"'
    sleep 0.5
    click_alert_button primary # "OK" on the alert that says the browser is closed
    # Positive controls: both policies lifted while omamori runs, the same press
    # dismisses the same kind of alert, and the same keys choose Exit.
    for value in AllowPageIsFine AllowExit; do
        before=$(grep -c '"event":"policy_changed"' "$journal")
        set_value "$POLICY_KEY" "$value" REG_DWORD 1
        policy_read_again "$before"
    done
    mkdir -p "$case_dir/again" "$case_dir/third"
    start_program fakebrowser again/chrome.exe --title "$SCAM_TITLE_JA" --fullscreen
    wait_for 10 '"event":"alert_shown"' && alert_window_shown
    click_alert_button secondary
    check "(control) with AllowPageIsFine, the same press dismisses the alert" \
        wait_for 10 '"event":"dismissed"'
    start_program fakebrowser third/chrome.exe --title "$SCAM_TITLE_JA 2" --fullscreen
    wait_for 10 '"event":"detection"' "$SCAM_TITLE_JA 2" && alert_window_shown
    sleep 0.5
    tray_menu Up Return
    check "(control) with AllowExit, the same keys choose Exit" wait_for 10 '"event":"stop"'
    end_case
    clear_policy
}

all_cases="$all_cases policy_switches_protection_off policy_change_is_read_while_running
    policy_allowed_titles policy_beats_command_line_and_machine_settings
    machine_settings_apply_without_options policy_takes_away_exit_and_page_is_fine"
