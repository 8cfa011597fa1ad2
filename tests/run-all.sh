#!/bin/sh
# run-all.sh - runs every test suite and ends with one line: "N passed, N failed".
#
# Each suite prints TAP lines ("ok ..." / "not ok ..."). A suite that exits non-zero
# without saying "not ok" (a crash, a sanitizer report) counts as one failure itself.
# Usage: run-all.sh [unit|fuzz-regressions|tool|wine ...]   (default: all suites)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out="$top/build/test-output"
mkdir -p "$out"
passed=0
failed=0

run_suite() {
    name=$1; shift
    log="$out/$name.tap"
    mkdir -p "$(dirname "$log")"
    echo "== $name"
    "$@" >"$log" 2>&1
    status=$?
    grep -E '^(not )?ok|^#' "$log"
    p=$(grep -c '^ok' "$log")
    f=$(grep -c '^not ok' "$log")
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - $name exited with status $status (see $log)"
        tail -n 20 "$log" | sed 's/^/#   /'
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
}

suites=${*:-unit fuzz-regressions tool wine}
for suite in $suites; do
    case $suite in
    unit)
        for t in build/native-san/tests/test_*; do
            [ -x "$t" ] || continue
            CMOCKA_MESSAGE_OUTPUT=TAP run_suite "unit/$(basename "$t")" "$t"
        done
        ;;
    fuzz-regressions)
        run_suite fuzz-regressions sh tests/fuzz/run-regressions.sh
        ;;
    tool)
        for t in tests/tool/test-*.sh; do
            [ -f "$t" ] && run_suite "tool/$(basename "$t" .sh)" sh "$t"
        done
        run_suite imports sh tests/check-imports.sh build/win/omamori.exe
        run_suite event-ids sh tests/check-event-ids.sh build/win/omamori.exe
        ;;
    wine)
        run_suite wine sh tests/wine/run.sh
        ;;
    *)
        echo "run-all.sh: unknown suite '$suite' (unit, fuzz-regressions, tool, wine)" >&2
        exit 2
        ;;
    esac
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
