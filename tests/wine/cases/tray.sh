# tray.sh - the tray icon and its menu, the practice alert, and the icon's return after
# Explorer restarts. Sourced by tests/wine/run.sh, which provides the helpers (lib.sh).

# tray_menu KEYS...: opens omamori's tray menu with a right click on its icon (Wine draws
# the notification area as the "Wine System Tray" window; omamori's is its only icon)
# and presses KEYS. The menu: status (grayed), pause/resume, practice, about, exit.
tray_menu() {
    tray=$(xdotool search --name '^Wine System Tray$' | head -n 1)
    [ -n "$tray" ] || return 1
    eval "$(xdotool getwindowgeometry --shell "$tray")" # sets X, Y
    xdotool windowraise "$tray" # above a fullscreen page, as the taskbar is on Windows
    xdotool mousemove $((X + 10)) $((Y + 10)) click 3
    sleep 0.5
    xdotool key "$@"
}

# window_gone SECONDS CAPTION: no visible window has this caption (Wine can take a
# second or two to take a destroyed window off the X screen).
window_gone() {
    i=0
    while [ $i -lt $(( $1 * 10 )) ]; do
        xdotool search --onlyvisible --name "^$2\$" >/dev/null 2>&1 || return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}

case_tray_menu_pauses_and_resumes() {
    new_case tray-pause
    start_daemon --auto-end 0
    tray_menu Down Down Return
    check "\"Pause protection for 1 hour\" in the tray menu pauses, and says so in the journal" \
        wait_for 5 '"event":"protection_paused"'
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen
    sleep 2 # ten polls
    check "while paused, a fake alert is neither reported nor ended" \
        sh -c "! grep -q '\"event\":\"detection\"' '$journal' && [ \"\$(pgrep -f '$case_name.chrome.exe' | wc -l)\" -ge 1 ]"
    tray_menu Down Down Return
    check "the same menu item then resumes protection" wait_for 5 '"event":"protection_resumed"'
    check "once resumed, the fake alert on screen is reported and ended" \
        wait_for 10 '"event":"browser_ended"' '"exe":"chrome.exe"'
    end_case
}

case_practice_alert() {
    new_case practice
    start_daemon
    wine "$bin/omamori.exe" --practice >"$case_dir/second.log" 2>&1
    status=$?
    check "omamori --practice asks the running omamori for a practice alert and exits 0" \
        sh -c "[ $status -eq 0 ] && grep -q 'practice' '$case_dir/second.log'"
    check "the practice alert is journalled" wait_for 5 '"event":"practice_alert"'
    check "the practice alert is on screen, labelled as practice" \
        sh -c "sleep 1; xdotool search --onlyvisible --name '^omamori - practice\$' >/dev/null"
    click_alert_button primary 'omamori - practice'
    check "its one button ends the practice, and the journal says so" \
        wait_for 5 '"event":"practice_ended"'
    check "the practice alert is gone from the screen" window_gone 5 'omamori - practice' 
    tray_menu Down Down Down Return
    check "the tray menu also shows a practice alert" \
        sh -c "sleep 1; [ \"\$(grep -c '\"event\":\"practice_alert\"' '$journal')\" -eq 2 ]"
    check "a practice ends no program" journal_lacks '"event":"browser_ended"'
    end_case
}

case_taskbar_restart_restores_icon() {
    new_case taskbar-created
    start_daemon
    cp "$bin/tests/broadcast-taskbar.exe" "$case_dir/"
    wine "$case_dir/broadcast-taskbar.exe"
    check "after Explorer's \"TaskbarCreated\" the tray icon is added again" \
        wait_for 5 '"event":"tray_restored"'
    end_case
}

case_tray_menu_exit() {
    new_case tray-exit
    start_daemon
    tray_menu Up Return # the last item
    check "\"Exit omamori\" in the tray menu stops it, with a last journal line" \
        wait_for 5 '"event":"stop"'
    end_case
}

all_cases="$all_cases tray_menu_pauses_and_resumes practice_alert taskbar_restart_restores_icon
    tray_menu_exit"
