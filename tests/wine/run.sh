#!/bin/sh
# run.sh - Wine integration tests: omamori.exe against fake browsers under Xvfb.
#
# Each case gets its own folder under build/test-runs/, copies the fake browser there
# under a browser's name, starts the daemon with a private journal, and checks the
# journal and the processes left running. Prints TAP lines ("ok N - ...").
# The cases live in tests/wine/cases/*.sh; each file adds its names to $all_cases.
# Exits 1 if any case failed. Usage: run.sh [CASE...] (e.g. "run.sh single_instance").
set -u
. "$(dirname "$0")/env.sh"
. "$top/tests/wine/lib.sh"

all_cases=""
for file in "$top"/tests/wine/cases/*.sh; do
    . "$file"
done

mkdir -p "$runs"
trap 'stop_daemon; wine_env_stop' EXIT INT TERM # set first: a failed start cleans up too
if ! wine_env_start; then
    echo "not ok 1 - the Wine test environment starts (see $WINE_LOG)"
    exit 1
fi

for name in ${*:-$all_cases}; do
    "case_$name"
done

[ "$failures" -eq 0 ]
