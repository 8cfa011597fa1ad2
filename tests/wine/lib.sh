# lib.sh - helpers for the Wine test cases (tests/wine/cases/*.sh): a folder per case,
# the daemon with a private journal, the test programs, and checks that print TAP lines.
# Sourced by run.sh after env.sh.

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

# run_tap_driver EXE LABEL SECONDS: runs a test driver that prints its own TAP lines
# (test-audiomon.exe, test-pagetext.exe, test-winscan.exe) with --workdir the case's
# folder; each of its lines becomes one of the runner's checks, renumbered and named
# "LABEL: ...", so a failing line names itself in the run's output. One more check
# says whether the driver reached its plan line and exited 0.
run_tap_driver() {
    driver=$1 label=$2 seconds=$3
    timeout "$seconds" wine "$bin/tests/$driver" --workdir "$(winpath "$case_dir")" \
        >"$case_dir/tap.txt" 2>"$case_dir/stderr.txt"
    status=$?
    while IFS= read -r line; do
        case $line in
            "ok "*) ok "$label: ${line#ok [0-9]* - }" ;;
            "not ok "*) not_ok "$label: ${line#not ok [0-9]* - }" ;;
            "#"*) echo "$line" ;;
        esac
    done <"$case_dir/tap.txt"
    if ! check "$driver ran to its plan line and exited 0" \
        sh -c "[ $status -eq 0 ] && grep -q '^1\.\.[1-9]' '$case_dir/tap.txt'"; then
        sed 's/^/#   stderr: /' "$case_dir/stderr.txt"
    fi
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
    # A daemon that never starts would make every "nothing happened" check pass: it
    # is a failure of its own.
    if ! wait_for 20 '"event":"start"'; then
        not_ok "the daemon starts (see $case_dir/daemon.log)"
        return 1
    fi
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
# A program that never starts would make every "nothing happened" check pass: it is a
# failure of its own, and start_program returns 1.
start_program() {
    template=$1; name=$2; shift 2
    cp "$bin/tests/$template.exe" "$case_dir/$name"
    wine "$case_dir/$name" --pidfile "$(winpath "$case_dir/$name.pids")" --exit-after 40000 "$@" \
        >"$case_dir/$name.log" 2>&1 &
    i=0
    while [ $i -lt 100 ] && ! grep -q ' main' "$case_dir/$name.pids" 2>/dev/null; do
        sleep 0.1; i=$((i + 1))
    done
    if ! grep -q ' main' "$case_dir/$name.pids" 2>/dev/null; then
        not_ok "$name ($template) starts (see $case_dir/$name.log)"
        return 1
    fi
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
    while [ $i -lt 100 ]; do
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

# click_alert_button primary|secondary [CAPTION]: presses one of the alert's buttons
# (the alert captioned CAPTION, by default the English fake-warning one) through its
# window handle (alertctl.exe), as a screen reader would: the layout does not matter.
click_alert_button() {
    wine "$bin/tests/alertctl.exe" press "${2:-omamori - fake warning}" "$1" \
        >>"$case_dir/alertctl.log" 2>&1
}

# alert_text FILE [CAPTION]: writes every line of text the alert shows (its controls'
# text, UTF-8) to FILE in the case folder.
alert_text() {
    wine "$bin/tests/alertctl.exe" text "${2:-omamori - fake warning}" \
        "$(winpath "$case_dir/$1")" >>"$case_dir/alertctl.log" 2>&1
}

# alert_says FILE TEXT: the alert's text (alert_text FILE) holds TEXT.
alert_says() { grep -q -F -- "$2" "$case_dir/$1"; }

# stacked_above CAPTION_A CAPTION_B: the X window titled CAPTION_A (an extended regular
# expression) is stacked above the one titled CAPTION_B. xwininfo lists the root's
# children from the top of the stack down (as seen here: the alert, drawn over the
# fullscreen page in every screenshot, comes first).
stacked_above() {
    a=$(xdotool search --onlyvisible --name "$1" | head -n 1)
    b=$(xdotool search --onlyvisible --name "$2" | head -n 1)
    [ -n "$a" ] && [ -n "$b" ] || return 1
    order=$(xwininfo -root -children | awk '/^ +0x/ { print $1 }')
    pos_a=$(printf '%s\n' "$order" | grep -n -x "$(printf '0x%x' "$a")" | cut -d: -f1)
    pos_b=$(printf '%s\n' "$order" | grep -n -x "$(printf '0x%x' "$b")" | cut -d: -f1)
    [ -n "$pos_a" ] && [ -n "$pos_b" ] && [ "$pos_a" -lt "$pos_b" ]
}

# centred_on_screen CAPTION: the window is inside the 1366x768 screen and centred on it
# (within a few pixels).
centred_on_screen() {
    id=$(xdotool search --onlyvisible --name "$1" | head -n 1)
    [ -n "$id" ] || return 1
    eval "$(xdotool getwindowgeometry --shell "$id")"
    [ "$X" -ge 0 ] && [ "$Y" -ge 0 ] && [ $((X + WIDTH)) -le 1366 ] && [ $((Y + HEIGHT)) -le 768 ] &&
        [ $(( (X + WIDTH / 2) - 683 )) -le 4 ] && [ $(( 683 - (X + WIDTH / 2) )) -le 4 ]
}

# main_pid PIDS [N]: the Windows PID on the Nth (default first) main line of the pidfile
# PIDS in the case folder (start_program writes NAME.pids).
main_pid() {
    awk -v n="${2:-1}" '$2 == "main" && ++seen == n { print $1; exit }' "$case_dir/$1"
}

# pinned_config FILE "TRAIT: POINTS" ...: a --config file whose scorer gives exactly
# these points and nothing else (base 0, every other learned weight and every term 0),
# for cases that test what the daemon does with a verdict, not the learned weights,
# which change whenever the corpus grows (make train).
pinned_config() {
    file=$1; shift
    {
        echo "scoring:"
        echo "  base: 0"
        echo "  weights:"
        sed -n '/# BEGIN learned/,/# END learned/p' "$top/config/omamori.yaml" |
            sed -n 's/^    \([a-z_.]*\): -\{0,1\}[0-9]*$/\1/p' |
            while read -r trait; do
                points=0
                for pin in "$@"; do
                    [ "${pin%%:*}" = "$trait" ] && points=${pin#*: }
                done
                echo "    $trait: $points"
            done
        printf '  terms: ['
        seq 2048 | sed 's/.*/0/' | paste -sd, | tr -d '\n'
        echo ']'
    } >"$file"
}
