#!/bin/sh
# valgrind.sh - runs unit test binaries built without ASan (make valgrind builds them
# under build/native-vg/) under valgrind's memcheck; any error or leak fails.
#
#   sh tests/valgrind.sh BINARY...
#
# One line per binary; the log of a failing one is under build/test-output/valgrind/.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
command -v valgrind >/dev/null 2>&1 || { echo "valgrind.sh: valgrind is not installed" >&2; exit 1; }
logs=build/test-output/valgrind
mkdir -p "$logs"
failed=0
for t in "$@"; do
    name=$(basename "$t")
    log=$logs/$name.log
    # cmocka forks nothing; --errors-for-leak-kinds counts definite and possible leaks.
    if valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,possible \
        --track-origins=yes "$t" >"$log" 2>&1; then
        echo "ok   $name"
    else
        echo "FAIL $name (see $log)"
        grep -E '^==[0-9]+== (Invalid|Conditional|Use of|.*definitely lost|.*possibly lost|ERROR SUMMARY)' \
            "$log" | head -n 5 | sed 's/^/    /'
        failed=1
    fi
done
[ "$failed" -eq 0 ] && echo "valgrind: no errors in $# test programs"
exit $failed
