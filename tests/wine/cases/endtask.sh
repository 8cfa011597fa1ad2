# endtask.sh - Which processes ending the browser touches, and when (src/win/endtask.c):
# the tree of the flagged image and nothing else, after the countdown and not before,
# and a browser that leaves by itself halfway.
# Sourced by tests/wine/run.sh, which provides the helpers (lib.sh).

# start_again NAME PIDS ARGS...: one more process of this case's copy of NAME (started
# before with start_program), with its own pidfile PIDS; waits for its main line.
# A second start_program would copy the program over the running one.
start_again() {
    again_program=$1; again_pids=$2; shift 2
    wine "$case_dir/$again_program" --pidfile "$(winpath "$case_dir/$again_pids")" \
        --exit-after 40000 "$@" >"$case_dir/$again_pids.log" 2>&1 &
    i=0
    while [ $i -lt 100 ] && ! grep -q ' main' "$case_dir/$again_pids" 2>/dev/null; do
        sleep 0.1; i=$((i + 1))
    done
}

# pidfile_has SECONDS PIDS ROLE N: the pidfile PIDS has N lines of ROLE (main, child);
# waits for them, since each process writes its own line as it starts.
pidfile_has() {
    i=0
    while [ $i -lt $(( $1 * 10 )) ]; do
        [ "$(grep -c " $3\$" "$case_dir/$2" 2>/dev/null)" -eq "$4" ] && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}


# journal_field EVENT FIELD: FIELD's number on the first EVENT line of the journal.
journal_field() {
    grep -F "\"event\":\"$1\"" "$journal" | head -n 1 | grep -o "\"$2\":[0-9]*" | cut -d: -f2
}

# ms_between EVENT1 EVENT2: milliseconds from the first EVENT1 line of the journal to the
# first EVENT2 line, from their "time" fields (UTC, ...THH:MM:SS.mmmZ).
ms_between() {
    awk -v first="\"event\":\"$1\"" -v second="\"event\":\"$2\"" '
        function ms_of_day(line,   hms) {
            match(line, /"time":"[^"]*"/)
            split(substr(line, RSTART + 19, 12), hms, ":")
            return (hms[1] * 60 + hms[2]) * 60000 + int(hms[3] * 1000 + 0.5)
        }
        index($0, first) && a == "" { a = ms_of_day($0) }
        index($0, second) && b == "" { b = ms_of_day($0) }
        END {
            if (a == "" || b == "") exit 1
            d = b - a
            if (d < 0) d += 86400000 # across midnight
            print d
        }' "$journal"
}

# count_stays NAME N: the case has N processes of NAME now and still after 1 s (what
# ending leaves behind is settled, not on its way out).
count_stays() {
    i=0
    while [ $i -lt 50 ] && [ "$(running "$1")" -ne "$2" ]; do
        sleep 0.1; i=$((i + 1))
    done
    sleep 1
    [ "$(running "$1")" -eq "$2" ]
}

case_other_image_child_left_running() {
    new_case other-image-child
    cp "$bin/tests/notepad-like.exe" "$case_dir/notepad-like.exe"
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen --children 2 \
        --spawn-other "$(winpath "$case_dir/notepad-like.exe")"
    check "the fake browser started two children of its own image" \
        children_started 10 chrome.exe 2
    check "and one child of another image, a notepad-like program" \
        pidfile_has 10 notepad-like.exe.pids main 1
    start_daemon --auto-end 0
    check "the browser is ended, its tree with no survivors" \
        wait_for 15 '"event":"browser_ended"' '"exe":"chrome.exe"' '"survivors":0'
    check "the browser and its children of the same image are gone" \
        wait_until_gone 5 chrome.exe
    check "the child of another image, with the same parent, is left running" \
        count_stays notepad-like.exe 1
    end_case
}

case_countdown_waits_then_ends() {
    new_case countdown
    # A short close timeout: once begun, the ending is over in well under a second (a
    # graceful close takes about 2 s under Wine), so the checks below see when it began.
    printf 'response:\n  close_timeout_ms: 100\n' >"$case_dir/omamori.yaml"
    start_daemon --auto-end 2 --config "$(winpath "$case_dir/omamori.yaml")"
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen --topmost \
        --children 1
    check "the fake alert is detected" wait_for 10 '"event":"detection"' '"exe":"chrome.exe"'
    sleep 1
    check "1 s into a 2 s countdown the browser and its child still run" \
        test "$(running chrome.exe)" -eq 2
    check "and no ending has been journalled yet" journal_lacks '"event":"browser_ended"'
    check "the alert window is shown during the countdown" alert_window_shown
    check "at the end of the countdown the browser is ended" \
        wait_for 10 '"event":"browser_ended"' '"exe":"chrome.exe"' '"survivors":0'
    gap=$(ms_between detection browser_ended)
    check "the browser was ended no sooner than 2000 ms after the detection (took ${gap:-?} ms)" \
        test "${gap:-0}" -ge 2000
    check "and soon after the countdown's end (under 4000 ms)" test "${gap:-99999}" -lt 4000
    # browser_ended's "ms" counts from the start of the ending: before it, the countdown.
    took=$(journal_field browser_ended ms)
    waited=$(( ${gap:-0} - ${took:-${gap:-0}} ))
    check "the ending itself began after the 2 s countdown (${waited} ms after the detection)" \
        test "$waited" -ge 1950
    check "the browser and its child are gone" wait_until_gone 5 chrome.exe
    end_case
}

case_browser_exits_while_closing() {
    new_case exits-while-closing
    printf 'response:\n  close_timeout_ms: 8000\n' >"$case_dir/omamori.yaml"
    start_daemon --auto-end 0 --config "$(winpath "$case_dir/omamori.yaml")"
    # It ignores WM_CLOSE, then leaves by itself 3 s after starting (the later
    # --exit-after wins), while omamori is still waiting for it to close.
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen --ignore-close \
        --children 1 --exit-after 3000
    check "a browser that exits by itself during the close is journalled, no survivors" \
        wait_for 15 '"event":"browser_ended"' '"exe":"chrome.exe"' '"how":"closed"' \
        '"survivors":0'
    ms=$(journal_field browser_ended ms)
    check "it is seen to be gone when it goes, not at the 8000 ms close timeout (${ms:-?} ms)" \
        test "${ms:-99999}" -lt 8000
    check "it was not already gone when ending began" journal_lacks '"event":"browser_gone"'
    start_program fakebrowser msedge.exe --title "$SCAM_TITLE_JA" --fullscreen
    check "the daemon carries on: the next fake alert is ended too" \
        wait_for 15 '"event":"browser_ended"' '"exe":"msedge.exe"' '"survivors":0'
    end_case
}

case_unrelated_tree_of_same_image_left_running() {
    new_case unrelated-tree
    start_program fakebrowser chrome.exe --title "New Tab" --children 1
    start_again chrome.exe scam.pids --title "$SCAM_TITLE_JA" --fullscreen --children 1
    check "two trees of chrome.exe run, a main and a child each" \
        pidfile_has 10 chrome.exe.pids child 1
    check "and the second tree's child started too" pidfile_has 10 scam.pids child 1
    scam_pid=$(main_pid scam.pids)
    start_daemon --auto-end 0
    check "the tree with the fake alert is ended" \
        wait_for 15 '"event":"browser_ended"' "\"pid\":${scam_pid:-none}," '"survivors":0'
    check "the other tree of the same image, not related to it, is left running" \
        count_stays chrome.exe 2
    check "and its window is still there" \
        sh -c "xdotool search --onlyvisible --name '^New Tab\$' >/dev/null 2>&1"
    end_case
}

case_tree_root_found_from_child_window() {
    new_case tree-root
    # chrome.exe with a blank page starts another chrome.exe that shows the fake alert:
    # the flagged window belongs to a child, so ending must walk up to the root.
    start_program fakebrowser chrome.exe --title "New Tab" --children 1 \
        --spawn-other "$(winpath "$case_dir/chrome.exe")" --other-title "$SCAM_TITLE_JA"
    check "the blank page's process started the one with the fake alert" \
        pidfile_has 10 chrome.exe.pids main 2
    root_pid=$(main_pid chrome.exe.pids 1)
    window_pid=$(main_pid chrome.exe.pids 2)
    start_daemon --auto-end 0
    check "the fake alert in the child process is detected" \
        wait_for 10 '"event":"detection"' "\"pid\":${window_pid:-none},"
    check "ending starts from the root process of the same image" \
        wait_for 15 '"event":"browser_ended"' "\"pid\":${root_pid:-none}," '"survivors":0'
    check "the root, the child with the window and the root's renderer are all gone" \
        wait_until_gone 5 chrome.exe
    end_case
}

all_cases="$all_cases other_image_child_left_running countdown_waits_then_ends browser_exits_while_closing unrelated_tree_of_same_image_left_running tree_root_found_from_child_window"
