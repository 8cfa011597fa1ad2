# ending.sh - Ending the browser: by itself, on a click or a key, and when it will not close.
# Sourced by tests/wine/run.sh, which provides the helpers (lib.sh).

case_auto_end_closes_browser_and_children() {
    new_case auto-end-closes-children
    start_program notepad-like notepad-like.exe --title "Unrelated work"
    start_daemon --auto-end 0
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen --topmost \
        --children 2 --alarm
    check "the fake browser started with two child processes" children_started 10 chrome.exe 2
    check "with --auto-end 0 the browser is ended and journalled as closed" \
        wait_for 15 '"event":"browser_ended"' '"exe":"chrome.exe"' '"how":"closed"' '"survivors":0'
    check "the browser and all its children are gone" wait_until_gone 5 chrome.exe
    check "an unrelated program is left running" test "$(running notepad-like.exe)" -eq 1
    end_case
}

case_ignored_close_is_terminated() {
    new_case ignored-close-terminated
    printf 'response:\n  close_timeout_ms: 1000\n' >"$case_dir/omamori.yaml"
    start_daemon --auto-end 0 --config "$(winpath "$case_dir/omamori.yaml")"
    start_program fakebrowser msedge.exe --title "$SCAM_TITLE_JA" --fullscreen --ignore-close \
        --children 1
    check "a browser that ignores WM_CLOSE is terminated after the timeout" \
        wait_for 15 '"event":"browser_ended"' '"exe":"msedge.exe"' '"how":"terminated"' \
        '"survivors":0'
    check "the termination came after the configured 1000 ms close timeout" \
        sh -c "grep -o '\"ms\":[0-9]*' '$journal' | head -n 1 | awk -F: '\$2 >= 1000 { found = 1 } END { exit !found }'"
    check "the terminated browser and its child are gone" wait_until_gone 5 msedge.exe
    end_case
}

case_click_closes_browser() {
    new_case click-closes-browser
    start_daemon
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen --topmost
    wait_for 10 '"event":"detection"'
    check "the alert window is shown" alert_window_shown
    click_alert_button primary
    check "a click on \"Close the browser\" ends the browser" \
        wait_for 15 '"event":"browser_ended"' '"exe":"chrome.exe"' '"how":"closed"'
    check "the browser is gone after the click" wait_until_gone 5 chrome.exe
    end_case
}

case_keyboard_dismisses_or_closes() {
    new_case keyboard-choices
    start_daemon
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen --topmost
    wait_for 10 '"event":"detection"' && alert_window_shown
    xdotool key Escape
    check "Esc on the alert means \"this page is fine\" and is journalled" \
        wait_for 10 '"event":"dismissed"'
    sleep 1
    check "after \"this page is fine\" the browser is left running" \
        test "$(running chrome.exe)" -eq 1
    check "a dismissed window is not reported again" \
        test "$(grep -c '"event":"detection"' "$journal")" -eq 1
    start_program fakebrowser msedge.exe --title "$SCAM_TITLE_JA" --fullscreen --topmost
    wait_for 10 '"event":"detection"' '"exe":"msedge.exe"' && alert_window_shown
    xdotool key Return
    check "Enter on the alert presses its default button, \"Close the browser\"" \
        wait_for 15 '"event":"browser_ended"' '"exe":"msedge.exe"'
    end_case
}

all_cases="$all_cases auto_end_closes_browser_and_children ignored_close_is_terminated click_closes_browser keyboard_dismisses_or_closes browser_gone_before_the_click_ends_nothing_else"

# The alert may wait for hours; meanwhile the browser can exit and Windows can give its
# process id to another program. omamori holds the judged process open from detection,
# so its id is never given away, and "Close the browser" ends nothing once it is gone.
# Wine hands out ids in increasing order, so this case cannot show an id given again;
# it pins what the person sees and what is left running when the browser has gone.
case_browser_gone_before_the_click_ends_nothing_else() {
    new_case gone-before-click
    start_daemon
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen --topmost
    wait_for 10 '"event":"detection"' && alert_window_shown
    pkill -f "$case_name[/\\\\]chrome.exe" 2>/dev/null
    wait_until_gone 5 chrome.exe
    for i in 1 2 3; do
        start_program notepad-like "notepad-$i.exe" --title "Unrelated work $i"
    done
    click_alert_button primary
    check "\"Close the browser\" after the browser exited is journalled as gone" \
        wait_for 10 '"event":"browser_gone"' '"detail":"chrome.exe"'
    check "and nothing is ended" journal_lacks '"event":"browser_ended"'
    check "the programs started since keep running" \
        test "$(running notepad-1.exe)" -eq 1 -a "$(running notepad-2.exe)" -eq 1 -a "$(running notepad-3.exe)" -eq 1
    end_case
}
