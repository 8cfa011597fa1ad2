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

case_policy_takes_away_exit_and_page_is_fine() {
    new_case policy-no-exit
    set_value "$POLICY_KEY" AllowExit REG_DWORD 0
    set_value "$POLICY_KEY" AllowPageIsFine REG_DWORD 0
    start_daemon
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen
    wait_for 10 '"event":"detection"' && alert_window_shown
    xdotool key Escape
    sleep 1.5
    check "without AllowPageIsFine, Esc does not dismiss the alert" journal_lacks '"event":"dismissed"'
    click_alert_button primary
    wait_for 10 '"event":"browser_ended"'
    sleep 0.5
    tray_menu Up Return # the last item: without AllowExit, "About"
    sleep 2
    check "without AllowExit, the tray menu has no Exit" journal_lacks '"event":"stop"'
    xdotool key Return # the About box
    end_case
    clear_policy
}

all_cases="$all_cases policy_switches_protection_off policy_change_is_read_while_running
    policy_allowed_titles policy_beats_command_line_and_machine_settings
    machine_settings_apply_without_options policy_takes_away_exit_and_page_is_fine"
