#!/bin/sh
# run-fuzz.sh - runs each libFuzzer target for a bounded time (make fuzz).
#
#   sh tests/fuzz/run-fuzz.sh SECONDS TARGET...
#
# Each target (build/fuzz/fuzz_TARGET) starts from three corpus folders: the generated
# one under build/fuzz/corpus/TARGET (make-seeds.py; new inputs are added there), the
# hand-written seeds of tests/fuzz/seeds/TARGET and the regressions of
# tests/fuzz/regressions/TARGET. Any crash, leak, timeout, out-of-memory or sanitizer
# report fails the run; the input that caused it is copied into
# tests/fuzz/regressions/TARGET/, where `make test` replays it from then on.
# Prints one line per target: executions, coverage, and what was found.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
[ $# -ge 2 ] || { echo "usage: run-fuzz.sh SECONDS TARGET..." >&2; exit 2; }
seconds=$1; shift
failed=0

for target in "$@"; do
    bin=build/fuzz/fuzz_$target
    corpus=build/fuzz/corpus/$target
    artifacts=build/fuzz/artifacts/$target
    regressions=tests/fuzz/regressions/$target
    log=build/fuzz/$target.log
    rm -rf "$artifacts"
    mkdir -p "$corpus" "$artifacts"
    set -- "$corpus" "tests/fuzz/seeds/$target"
    [ -d "$regressions" ] && set -- "$@" "$regressions"
    # Inputs up to 64 KiB: larger ones (the 1 MB title) are cut to that when read;
    # the unit tests and the replay take them whole.
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" >"$log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    found=$(ls "$artifacts")
    if [ "$status" -eq 0 ] && [ -z "$found" ]; then
        printf '%-12s %3ss  %10s executions  %-10s  nothing found\n' \
            "$target" "$seconds" "${runs:-?}" "$cov"
        continue
    fi
    failed=1
    mkdir -p "$regressions"
    for f in $found; do
        cp "$artifacts/$f" "$regressions/$f"
    done
    printf '%-12s %3ss  %10s executions  %-10s  FAILED (status %s): %s\n' \
        "$target" "$seconds" "${runs:-?}" "$cov" "$status" "${found:-no input saved}"
    grep -E 'ERROR|SUMMARY|property does not hold|runtime error' "$log" | head -n 5 | sed 's/^/    /'
    echo "    log: $log; kept under $regressions/"
done
exit $failed
