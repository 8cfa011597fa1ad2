#!/bin/sh
# test-detection.sh - detection on kit families the scorer never learned from: the
# bars of issue 12, cross-validated by family (tests/corpus/tools/eval.py), and the
# built-in weights being what the corpus teaches (tests/corpus/tools/train.py).
#
# The observations are rebuilt from tests/corpus/ (make-observations.py), every fold's
# model is trained by omamori-train and every verdict comes from omamori-score, so
# this judges the very code the daemon runs. Prints TAP; exits 1 if a bar is missed.
# Usage (from anywhere): sh tests/tool/test-detection.sh
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
for tool in build/native/omamori-score build/native/omamori-train; do
    if [ ! -x "$tool" ]; then
        echo "Bail out! $tool is not built (make native)"
        exit 1
    fi
done
if ! python3 tests/corpus/tools/make-observations.py build/corpus >build/corpus-make.log 2>&1; then
    echo "Bail out! the corpus could not be turned into observations:"
    sed 's/^/# /' build/corpus-make.log
    exit 1
fi
sed 's/^/# /' build/corpus-make.log
status=0
python3 tests/corpus/tools/eval.py --tap --check --doc build/detection.md >build/detection.tap 2>&1 || status=1
grep -E '^(not )?ok ' build/detection.tap
grep -vE '^(not )?ok |^1\.\.' build/detection.tap | sed 's/^/# /'
n=$(grep -cE '^(not )?ok ' build/detection.tap)
if python3 tests/corpus/tools/train.py --check >build/train-check.log 2>&1; then
    echo "ok $((n + 1)) - config/omamori.yaml holds the weights the corpus teaches (make train)"
else
    echo "not ok $((n + 1)) - config/omamori.yaml holds the weights the corpus teaches (make train)"
    sed 's/^/# /' build/train-check.log
    status=1
fi
echo "1..$((n + 1))"
exit $status
