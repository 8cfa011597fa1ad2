#!/bin/sh
# test-train-tool.sh - omamori-train learns from labelled observations and keeps the
# traits named by --at-least-zero at zero or above. The examples are made up for the
# tool's mechanics only (the real model is learned from tests/corpus): in them a
# fullscreen window is mostly benign, so a free fit gives window.fullscreen a negative
# weight and the held fit must not; the words that mark the fake alerts still learn
# positive weights either way. An unknown code or a malformed line is an error.
#
# Usage: sh tests/tool/test-train-tool.sh [path/to/omamori-train]
# Prints TAP; exits 1 if any test failed.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
tool=${1:-$top/build/native/omamori-train}
if [ ! -x "$tool" ]; then
    echo "Bail out! $tool is not built (make native)"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/omamori-train-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { if [ "$1" -eq 0 ]; then ok "$2"; else not_ok "$2"; fi; }

# Fake alerts say a virus was found, half of them fullscreen; every benign window is a
# fullscreen film.
{
    for i in 1 2 3 4; do
        printf '1\t1\t{"title":"Alert","text":"virus detected call now"}\n'
        printf '1\t1\t{"title":"Alert","text":"virus detected call now","fullscreen":true}\n'
        printf '0\t1\t{"title":"Film","text":"watch the film tonight","fullscreen":true}\n'
        printf '0\t1\t{"title":"Film","text":"watch the film tonight","fullscreen":true}\n'
    done
} >"$tmp/examples.tsv"

weight_of() { sed -n "s/^    $1: //p" "$2"; }

"$tool" --steps 300 "$tmp/examples.tsv" >"$tmp/free.yaml" 2>"$tmp/free.err"
check $? "a free fit succeeds"
free=$(weight_of window.fullscreen "$tmp/free.yaml")
[ -n "$free" ] && [ "$free" -lt 0 ]
check $? "a free fit learns a negative weight for a trait most benign examples show (window.fullscreen: ${free:-none})"

"$tool" --steps 300 --at-least-zero window.fullscreen,cursor.hidden "$tmp/examples.tsv" \
    >"$tmp/held.yaml" 2>"$tmp/held.err"
check $? "a fit with --at-least-zero succeeds"
held=$(weight_of window.fullscreen "$tmp/held.yaml")
[ -n "$held" ] && [ "$held" -ge 0 ]
check $? "--at-least-zero keeps window.fullscreen at zero or above (${held:-none})"
infection=$(weight_of alarm.infection "$tmp/held.yaml")
[ -n "$infection" ] && [ "$infection" -gt 0 ]
check $? "the words that mark the fake alerts still learn a positive weight (alarm.infection: ${infection:-none})"

"$tool" --at-least-zero window.fullscreen,no.such.trait "$tmp/examples.tsv" >"$tmp/out" 2>"$tmp/err"
status=$?
[ "$status" -eq 1 ] && grep -q "no trait is called 'no.such.trait'" "$tmp/err" && [ ! -s "$tmp/out" ]
check $? "an unknown code in --at-least-zero is refused by name, with no model printed (exit $status)"

printf '1\t1\t{"title":"x"}\nnot a line\n' >"$tmp/bad.tsv"
"$tool" "$tmp/bad.tsv" >"$tmp/out" 2>"$tmp/err"
status=$?
[ "$status" -eq 2 ] && grep -q "line 2" "$tmp/err"
check $? "a malformed example line is an error naming its line (exit $status)"

echo "1..$n"
[ "$failed" -eq 0 ]
