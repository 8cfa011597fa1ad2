#!/bin/sh
# screen-bench.sh - what looking at a screen costs: instructions per analysed capture
# and per megapixel (callgrind, collecting only inside screen_analyse, over real
# screenshots at 640x360, the size the daemon's capture is brought to), and, when a
# Wine environment is up (make-performance-doc.sh starts one), milliseconds per
# capture of a fullscreen window (test-screencap.exe --bench: capture, downscale and
# analysis together).
#
# Usage: sh tests/bench/screen-bench.sh [wine]   Prints the figures.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
tool=$top/build/native/omamori-score
tmp=$(mktemp -d "${TMPDIR:-/tmp}/omamori-screen-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

count=0
for shot in "$top"/tests/corpus/seed/screens/*.png; do
    count=$((count + 1))
    convert "$shot" -resize '640x360!' "ppm:$tmp/$count.ppm" || exit 1
    printf '{"title":"x","screen":"%s"}\n' "$tmp/$count.ppm" >>"$tmp/in.jsonl"
done
if command -v valgrind >/dev/null 2>&1; then
    valgrind --tool=callgrind --toggle-collect=screen_analyse \
        --callgrind-out-file="$tmp/cg.out" "$tool" "$tmp/in.jsonl" >/dev/null 2>"$tmp/err" ||
        { cat "$tmp/err"; exit 1; }
    ir=$(awk '$1 == "totals:" || $1 == "summary:" { print $2; exit }' "$tmp/cg.out")
    awk -v ir="$ir" -v n="$count" 'BEGIN {
        printf "analysis   %12.0f instructions per 640x360 capture, %.0f per megapixel (%d real screenshots)\n",
            ir / n, ir / n / (640 * 360 / 1e6), n }'
else
    echo "valgrind is not installed: instructions not counted"
fi
if [ "${1:-}" = wine ]; then
    line=$(wine "$top/build/win/tests/test-screencap.exe" --bench 20 2>/dev/null | tr -d '\r')
    set -- $line
    [ "${1:-}" = capture_ms ] || { echo "test-screencap.exe --bench gave: $line" >&2; exit 1; }
    echo "capture    $2 ms per capture under Wine (screen $4 to 640 wide, downscale and analysis; $3 captures)"
fi
