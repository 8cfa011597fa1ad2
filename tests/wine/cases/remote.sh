# remote.sh - The remote-control warning: a remote-control tool (here notepad-like.exe
# copied as AnyDesk.exe or TeamViewer.exe) started during an incident or the minutes
# after it raises a second alert, which ends it (Enter) or leaves it (Esc).
# Sourced by tests/wine/run.sh, which provides the helpers (lib.sh).

REMOTE_CAPTION='^omamori - remote control warning$'

# remote_warning_shown: the remote-control warning is mapped on the X screen (waits 10 s).
remote_warning_shown() {
    i=0
    while [ $i -lt 100 ]; do
        xdotool search --onlyvisible --name "$REMOTE_CAPTION" >/dev/null 2>&1 && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}

# remote_warning_gone: no remote-control warning on the screen (waits up to 5 s).
remote_warning_gone() {
    i=0
    while [ $i -lt 50 ]; do
        xdotool search --onlyvisible --name "$REMOTE_CAPTION" >/dev/null 2>&1 || return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}

# Gives the warning the keyboard: a click on its text (a static control, which lets the
# click through to the window). Under Xvfb without a window manager, Wine does not keep
# the topmost warning above a window mapped after it: the tool (seen by the daemon as a
# process before its window exists) maps its 800x600 window over the warning's left
# part and takes the input focus, so keys pressed at once went to the tool. So this
# first waits for the tool's own window ($1, its title) to be mapped, then clicks the
# warning's right part (x at 7/8 of it, past the tool's window) and, where the X server
# says who has the focus, clicks again until the warning has it (a slow machine mapped
# the tool after the first click). The keys themselves (Enter for the default button,
# Esc) are still what the checks press.
settle_on_warning() {
    tool_title=$1
    i=0
    while [ $i -lt 50 ] && ! xdotool search --onlyvisible --name "^$tool_title\$" >/dev/null 2>&1; do
        sleep 0.1; i=$((i + 1))
    done
    id=$(xdotool search --onlyvisible --name "$REMOTE_CAPTION" | head -n 1)
    [ -n "$id" ] || return 1
    eval "$(xdotool getwindowgeometry --shell "$id")" # sets X, Y, WIDTH, HEIGHT
    tries=0
    while [ $tries -lt 5 ]; do
        xdotool mousemove $((X + WIDTH * 7 / 8)) $((Y + HEIGHT / 2)) click 1
        sleep 0.5
        focus=$(xdotool getwindowfocus 2>/dev/null) || return 0 # cannot tell: go on
        [ "$focus" = "$id" ] && return 0
        tries=$((tries + 1))
    done
    echo "# settle_on_warning: the warning did not take the focus (X focus on $focus)"
}


# An incident that ends at once: detected, and the browser ended (--auto-end 0).
end_an_incident() {
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen --topmost
    check "the fake alert is detected and its browser ended" \
        wait_for 15 '"event":"browser_ended"' '"exe":"chrome.exe"'
}

case_remote_tool_after_incident_is_ended() {
    new_case remote-tool-ended
    start_daemon --auto-end 0 || { end_case; return; }
    end_an_incident
    start_program notepad-like AnyDesk.exe --title "AnyDesk"
    check "AnyDesk.exe started after the incident is journalled with its image and process id" \
        wait_for 10 '"event":"remote_tool_started"' '"image":"AnyDesk.exe"' \
        "\"pid\":$(main_pid AnyDesk.exe.pids),"
    check "the remote-control warning is shown" remote_warning_shown
    alert_text warning.txt 'omamori - remote control warning'
    check "the warning names the tool by its product name from the list" \
        alert_says warning.txt 'Program: AnyDesk'
    check "and not by its file name" sh -c "! grep -q -F 'AnyDesk.exe' '$case_dir/warning.txt'"
    settle_on_warning AnyDesk
    xdotool key Return
    check "Enter, its default button, ends the tool, and that is journalled" \
        wait_for 15 '"event":"remote_tool_ended"' '"image":"AnyDesk.exe"' '"how":"closed"' \
        '"survivors":0'
    check "AnyDesk.exe is gone" wait_until_gone 5 AnyDesk.exe
    end_case
}

case_remote_tool_without_incident_raises_nothing() {
    new_case remote-tool-no-incident
    start_daemon --auto-end 0 || { end_case; return; }
    start_program notepad-like AnyDesk.exe --title "AnyDesk"
    sleep 3 # fifteen scans at --poll-ms 200
    check "without an incident, a remote-control tool that starts is not journalled" \
        journal_lacks '"event":"remote_tool_started"'
    check "without an incident, no remote-control warning is shown" remote_warning_gone
    check "without an incident, the tool is left running" test "$(running AnyDesk.exe)" -eq 1
    # The same daemon does warn once there is an incident: it was looking all along.
    end_an_incident
    start_program notepad-like TeamViewer.exe --title "TeamViewer"
    check "after an incident, TeamViewer.exe is journalled as started" \
        wait_for 10 '"event":"remote_tool_started"' '"image":"TeamViewer.exe"'
    check "a tool already running before the incident is not taken for a new one" \
        journal_lacks '"event":"remote_tool_started"' '"image":"AnyDesk.exe"'
    end_case
}

case_remote_tool_started_by_the_person_is_left() {
    new_case remote-tool-left
    start_daemon --auto-end 0 || { end_case; return; }
    end_an_incident
    # A file name the caller chose, as a scam's download page names it: the list's
    # "rustdesk*.exe" matches it, and the warning must not repeat it.
    tool='RustDesk-verified-safe-press-Keep.exe'
    start_program notepad-like "$tool" --title "RustDesk"
    wait_for 10 '"event":"remote_tool_started"' "\"image\":\"$tool\"" && remote_warning_shown
    alert_text warning.txt 'omamori - remote control warning'
    check "the warning calls a renamed tool by its product name" \
        alert_says warning.txt 'Program: RustDesk'
    check "and never repeats the name the caller gave its file" \
        sh -c "! grep -q -F 'press-Keep' '$case_dir/warning.txt'"
    settle_on_warning RustDesk
    xdotool key Escape
    check "Esc (\"I started it myself\") is journalled" \
        wait_for 10 '"event":"remote_tool_left"' "\"image\":\"$tool\""
    check "the remote-control warning closes" remote_warning_gone
    sleep 1
    check "the tool the person started is left running" test "$(running "$tool")" -eq 1
    check "and nothing was ended" journal_lacks '"event":"remote_tool_ended"'
    end_case
}

all_cases="$all_cases remote_tool_after_incident_is_ended remote_tool_without_incident_raises_nothing remote_tool_started_by_the_person_is_left"
