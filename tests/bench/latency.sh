#!/bin/sh
# latency.sh - how long omamori takes, under Wine, from a fake alert's window appearing
# to its detection in the journal: N runs (argument; default 20) at the default poll period,
# median and worst printed. A figure, not a test: timings on a busy machine vary.
#
# The start is the moment the fake browser wrote its pidfile line, just before it
# creates its window (the file's modification time, in milliseconds); the end is the
# detection record's own time stamp. Both clocks are this machine's.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/wine/env.sh"
. "$top/tests/wine/lib.sh"
total=${1:-20}

# ISO-8601 with milliseconds (the journal's form) to milliseconds since 1970.
iso_ms() {
    date -u -d "$1" +%s%3N
}

trap 'stop_daemon; wine_env_stop' EXIT INT TERM # set first: a failed start cleans up too
wine_env_start >/dev/null || exit 1
mkdir -p "$runs"
new_case latency
start_daemon --auto-end 0 --poll-ms 1000 --exit-after 3600 >/dev/null # outlives the runs
: >"$case_dir/latencies"
n=0
while [ $n -lt "$total" ]; do
    n=$((n + 1))
    # A folder per run: the image must be called chrome.exe to be a browser.
    mkdir -p "$case_dir/run$n"
    start_program fakebrowser "run$n/chrome.exe" --title "$SCAM_TITLE_JA" --fullscreen
    started=$(stat -c '%.3Y' "$case_dir/run$n/chrome.exe.pids" | tr -d '.')
    i=0
    while [ "$(grep -c '"event":"detection"' "$journal")" -lt $n ] && [ $i -lt 100 ]; do
        sleep 0.05; i=$((i + 1))
    done
    when=$(grep '"event":"detection"' "$journal" | sed -n "${n}p" | sed 's/.*"time":"\([^"]*\)".*/\1/')
    if [ -n "$when" ]; then
        echo $(( $(iso_ms "$when") - started )) >>"$case_dir/latencies"
    else
        echo "run $n: no detection within 5 s" >&2
        break
    fi
    i=0
    while [ "$(grep -c '"event":"browser_ended"' "$journal")" -lt $n ] && [ $i -lt 100 ]; do
        sleep 0.1; i=$((i + 1))
    done
done
sort -n "$case_dir/latencies" | awk -v runs="$total" '
    { v[NR] = $1 }
    END {
        if (NR == 0) { print "detection latency under Wine: no detections"; exit 1 }
        median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "detection latency under Wine (poll 1000 ms, %d of %d runs): median %d ms, worst %d ms\n",
               NR, runs, median, v[NR]
    }'
