#!/bin/sh
# run-bench.sh - observations scored per second, and instructions per observation.
#
# Runs bench-score (three mixes, timed), then each mix once more under
# valgrind --tool=callgrind, collecting only inside score_observation, and divides
# callgrind's instruction total by the number of observations scored. The count is
# exact and does not depend on the machine's load, so it is the figure to compare
# between versions; the rate shows what one core of this machine does.
# The issue's target: at least 1,000,000 title-only observations per second.
#
# Usage: sh tests/bench/run-bench.sh [path/to/bench-score] [SECONDS]
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
bench=${1:-$top/build/native/bench-score}
seconds=${2:-1.5}
count=20000
if [ ! -x "$bench" ]; then
    echo "run-bench.sh: $bench is not built (make bench)" >&2
    exit 1
fi

echo "== score_observation, in-process, one core"
"$bench" "$seconds" || exit 1

echo "== instructions per observation (callgrind, $count observations of each mix)"
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind is not installed: skipped"
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/omamori-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

for mix in title-only title+text full; do
    if ! valgrind --tool=callgrind --toggle-collect=score_observation \
        --callgrind-out-file="$tmp/callgrind.out" "$bench" --count "$count" "$mix" \
        >"$tmp/stdout" 2>"$tmp/stderr"; then
        echo "run-bench.sh: valgrind failed:" >&2
        cat "$tmp/stderr" >&2
        exit 1
    fi
    # The first number of "totals:" (or "summary:") is Ir, instructions executed.
    instructions=$(awk '$1 == "totals:" || $1 == "summary:" { print $2; exit }' "$tmp/callgrind.out")
    if [ -z "$instructions" ]; then
        echo "run-bench.sh: no totals in callgrind's output" >&2
        exit 1
    fi
    awk -v ir="$instructions" -v n="$count" -v mix="$mix" \
        'BEGIN { printf "%-11s %12.0f instructions/observation  (%.0f in %d observations)\n", mix, ir / n, ir, n }'
done
