#!/bin/sh
# run-regressions.sh - the fuzz-regressions suite of tests/run-all.sh: feeds every
# hand-written seed (tests/fuzz/seeds/TARGET) and every input a fuzzer once crashed on
# (tests/fuzz/regressions/TARGET) to the target's reproducer, built with ASan and UBSan
# but without libFuzzer (build/native-san/fuzz/replay_TARGET). One TAP line per file.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
n=0
for src in tests/fuzz/fuzz_*.c; do
    target=$(basename "$src" .c | sed 's/^fuzz_//')
    replay=build/native-san/fuzz/replay_$target
    for f in tests/fuzz/seeds/"$target"/* tests/fuzz/regressions/"$target"/*; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        if [ ! -x "$replay" ]; then
            echo "not ok $n - $target: $f (no $replay: make test builds it)"
        elif out=$("$replay" "$f" 2>&1); then
            echo "ok $n - $target: $f"
        else
            echo "not ok $n - $target: $f"
            printf '%s\n' "$out" | grep -E 'ERROR|SUMMARY|property|runtime error' | head -n 5 \
                | sed 's/^/#   /'
        fi
    done
done
echo "1..$n"
