#!/bin/sh
# run.sh - Wine integration tests: omamori.exe against fake browsers under Xvfb.
#
# Each case gets its own folder under build/test-runs/, copies the fake browser there
# under a browser's name, starts the daemon with a private journal, and checks the
# journal and the processes left running. Prints TAP lines ("ok N - ...").
# Exits 1 if any case failed. Usage: run.sh [CASE...] (the names after "case_" below).
set -u
. "$(dirname "$0")/env.sh"

bin="$top/build/win"
runs="$top/build/test-runs"
count=0
failures=0
daemon_pid=""

# A scam title of our own wording: a full-width brand, alarm words and a toll-free number.
SCAM_TITLE_JA='Ｍｉｃｒｏｓｏｆｔ 警告：ウイルスが検出されました サポート 0120-555-010'
SCAM_TEXT_JA='Windows セキュリティ\nお使いのコンピューターはロックされています\n今すぐお電話ください 0120-555-010'

ok() { count=$((count + 1)); echo "ok $count - $1"; }
not_ok() {
    count=$((count + 1)); failures=$((failures + 1))
    echo "not ok $count - $1"
    [ -f "$journal" ] && sed 's/^/#   journal: /' "$journal"
    [ -s "$case_dir/daemon.log" ] && sed 's/^/#   daemon: /' "$case_dir/daemon.log"
    return 0
}
# check DESCRIPTION COMMAND...: one TAP line for whether COMMAND succeeds.
check() {
    desc=$1; shift
    if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

new_case() {
    case_name=$1
    case_dir="$runs/$case_name"
    rm -rf "$case_dir"
    mkdir -p "$case_dir"
    journal="$case_dir/journal.jsonl"
}

# journal_has PATTERN...: some journal line contains every PATTERN (fixed strings).
journal_has() {
    [ -f "$journal" ] || return 1
    lines=$(cat "$journal")
    for pattern in "$@"; do
        lines=$(printf '%s\n' "$lines" | grep -F -- "$pattern") || return 1
    done
    return 0
}

journal_lacks() { ! journal_has "$@"; }

# wait_for SECONDS PATTERN...: waits until journal_has PATTERN... (polling every 0.1 s).
wait_for() {
    limit=$(( $1 * 10 )); shift
    i=0
    while [ $i -lt $limit ]; do
        journal_has "$@" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

# start_daemon ARGS...: the daemon with this case's journal, a fast poll, a safety exit.
start_daemon() {
    wine "$bin/omamori.exe" --journal "$(winpath "$journal")" --poll-ms 200 --exit-after 60 \
        --lang en "$@" \
        >"$case_dir/daemon.log" 2>&1 &
    daemon_pid=$!
    wait_for 20 '"event":"start"'
}

stop_daemon() {
    if [ -n "$daemon_pid" ]; then
        kill "$daemon_pid" 2>/dev/null
        wait "$daemon_pid" 2>/dev/null
    fi
    daemon_pid=""
}

# start_program TEMPLATE NAME ARGS...: copies build/win/tests/TEMPLATE.exe into the case
# folder as NAME and starts it with a pidfile and a safety exit; waits for its main line.
start_program() {
    template=$1; name=$2; shift 2
    cp "$bin/tests/$template.exe" "$case_dir/$name"
    wine "$case_dir/$name" --pidfile "$(winpath "$case_dir/$name.pids")" --exit-after 40000 "$@" \
        >"$case_dir/$name.log" 2>&1 &
    i=0
    while [ $i -lt 100 ] && ! grep -q ' main' "$case_dir/$name.pids" 2>/dev/null; do
        sleep 0.1; i=$((i + 1))
    done
}

# running NAME: how many processes of this case's copy of NAME are alive. Wine shows a
# process's image path in its command line, with / or \ as the separator.
running() {
    pgrep -f "$case_name.$1" | wc -l
}

# children_started SECONDS NAME N: NAME's pidfile lists N children (each child writes
# its own line as it starts, so this waits for them).
children_started() {
    i=0
    while [ $i -lt $(( $1 * 10 )) ]; do
        [ "$(grep -c ' child$' "$case_dir/$2.pids" 2>/dev/null)" -eq "$3" ] && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}

# wait_until_gone SECONDS NAME
wait_until_gone() {
    i=0
    while [ $i -lt $(( $1 * 10 )) ] && [ "$(running "$2")" -gt 0 ]; do
        sleep 0.1; i=$((i + 1))
    done
    [ "$(running "$2")" -eq 0 ]
}

# alert_window_shown: the daemon's alert window (English caption) is mapped on the X screen.
alert_window_shown() {
    i=0
    while [ $i -lt 50 ]; do
        xdotool search --onlyvisible --name '^omamori - fake warning$' >/dev/null 2>&1 && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}

# Ends whatever a case left behind, so the next case starts clean.
end_case() {
    stop_daemon
    pkill -f "$case_name[/\\\\]" 2>/dev/null
    sleep 0.2
}

case_detects_fullscreen_fake_alert() {
    new_case detects-fullscreen-alert
    start_daemon
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --text "$SCAM_TEXT_JA" \
        --fullscreen --topmost --alarm
    check "a fullscreen fake Microsoft alert with a 0120 number in chrome.exe is journalled" \
        wait_for 10 '"event":"detection"' '"exe":"chrome.exe"' '0120-555-010'
    check "the detection record carries the title, the pid and its reasons" \
        journal_has '"event":"detection"' "\"pid\":$(awk '/main/{print $1}' "$case_dir/chrome.exe.pids")" \
        '"reasons":[{"trait"'
    check "the alert window is shown on the screen" alert_window_shown
    sleep 2 # ten more polls
    check "without --auto-end the browser is left for the person to close" \
        test "$(running chrome.exe)" -eq 1
    end_case
}

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

# click_alert_button primary|secondary: a mouse click on one of the alert's two buttons,
# found from the window's geometry and the layout in src/win/alert.c at 96 DPI (margin
# 24 px, buttons 64 px high along the bottom; the primary one on the left).
click_alert_button() {
    id=$(xdotool search --onlyvisible --name '^omamori - fake warning$' | head -n 1)
    [ -n "$id" ] || return 1
    eval "$(xdotool getwindowgeometry --shell "$id")" # sets X, Y, WIDTH, HEIGHT
    y=$((Y + HEIGHT - 24 - 32))
    if [ "$1" = primary ]; then x=$((X + 24 + 40)); else x=$((X + WIDTH - 24 - 40)); fi
    xdotool mousemove "$x" "$y" click 1
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

case_window_event_detects_before_poll() {
    new_case window-event
    start_daemon --auto-end 0 --poll-ms 60000
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen
    # The first scan ran at start, the next is a minute away: only the window-creation
    # event (the one event Wine 8 delivers across processes) can bring this detection.
    check "a new fake alert window is found through its creation event, not the poll" \
        wait_for 8 '"event":"detection"' '"exe":"chrome.exe"'
    end_case
}

case_records_what_it_sees() {
    new_case record
    record="$case_dir/record.jsonl"
    start_daemon --auto-end 0 --record "$(winpath "$record")"
    start_program fakebrowser chrome.exe --title "Ordinary page" --topmost --hide-cursor
    xdotool mousemove 400 300
    sleep 1.5
    check "a windowed page is recorded as such: class, exe, topmost, not fullscreen" \
        grep -q '"title":"Ordinary page","class":"Chrome_WidgetWin_1","exe":"chrome.exe","fullscreen":false,"topmost":true' "$record"
    check "a hidden mouse pointer over the page is recorded" \
        grep -q '"Ordinary page".*"cursor_hidden":true' "$record"
    start_program fakebrowser msedge.exe --title "$SCAM_TITLE_JA" --fullscreen
    wait_for 10 '"event":"detection"' '"exe":"msedge.exe"'
    daemon_score=$(grep -o '"score":[0-9]*' "$journal" | head -n 1)
    replay_score=$(grep 'msedge.exe' "$record" | head -n 1 | "$top/build/native/omamori-score" |
                   grep -o '"score":[0-9]*')
    check "omamori-score replays a recorded window to the daemon's own score ($daemon_score)" \
        test -n "$daemon_score" -a "$daemon_score" = "$replay_score"
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

case_non_browser_never_ended() {
    new_case non-browser-left-alone
    start_daemon --auto-end 0
    start_program notepad-like notepad-like.exe --title "$SCAM_TITLE_JA" --fullscreen
    sleep 3 # fifteen polls
    check "the same scam title in a non-browser program is not reported" \
        journal_lacks '"event":"detection"'
    check "the non-browser program is never ended" test "$(running notepad-like.exe)" -eq 1
    end_case
}

case_ordinary_page_not_detected() {
    new_case ordinary-page-clean
    start_daemon --auto-end 0
    start_program fakebrowser chrome.exe --title "YouTube - Google Chrome" --fullscreen --alarm
    sleep 3
    check "a fullscreen ordinary page (YouTube) is not detected" \
        journal_lacks '"event":"detection"'
    check "the ordinary page's browser keeps running" test "$(running chrome.exe)" -eq 1
    end_case
}

case_retitled_page_detected_by_poll() {
    new_case retitle-detected
    start_daemon --auto-end 0
    start_program fakebrowser firefox.exe --title "New Tab" --fullscreen \
        --retitle-after 1500 --retitle "$SCAM_TITLE_JA"
    check "a page retitled to a fake alert later is found by the poll and ended" \
        wait_for 15 '"event":"browser_ended"' '"exe":"firefox.exe"'
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

mkdir -p "$runs"
if ! wine_env_start; then
    echo "not ok 1 - the Wine test environment starts (see $WINE_LOG)"
    exit 1
fi
trap 'stop_daemon; wine_env_stop' EXIT INT TERM

# Every case, or only those named on the command line (e.g. "run.sh single_instance").
cases=${*:-command_line detects_fullscreen_fake_alert auto_end_closes_browser_and_children
    ignored_close_is_terminated non_browser_never_ended ordinary_page_not_detected
    retitled_page_detected_by_poll broken_config_falls_back single_instance
    click_closes_browser keyboard_dismisses_or_closes window_event_detects_before_poll
    records_what_it_sees}
for name in $cases; do
    "case_$name"
done

[ "$failures" -eq 0 ]
