#!/bin/sh
# test-score-tool.sh - tests omamori-score from the outside: line-for-line output,
# error objects for malformed lines, exit statuses, --help, --config and file errors.
# Verdicts themselves belong to the scoring tests: here only their shape is checked.
#
# Usage: sh tests/tool/test-score-tool.sh [path/to/omamori-score]
# Prints TAP; exits 1 if any test failed.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
tool=${1:-${OMAMORI_SCORE:-$top/build/native/omamori-score}}
if [ ! -x "$tool" ]; then
    echo "Bail out! $tool is not built (make native)"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/omamori-score-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { # description, then a command that succeeds when the test passes
    desc=$1
    shift
    if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# Runs the tool; stdout in $tmp/out, stderr in $tmp/err, exit status in $status.
run() {
    "$tool" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
}
line_of() { sed -n "${1}p" "$tmp/out"; }
count_lines() { wc -l <"$1" | tr -d ' '; }

# ---- a malformed line in the middle -------------------------------------------
# Line 3 is blank (skipped, but counted), line 4 is malformed.
printf '%s\n' '{"id":"a","title":"first"}' '{"id":"b","title":"second"}' '' \
    '{"id":"c","title":' '{"id":"d","title":"after the error"}' >"$tmp/mixed.jsonl"
run "$tmp/mixed.jsonl"
check "malformed line: exit status 2" [ "$status" -eq 2 ]
check "malformed line: one output line per non-blank input line" \
    [ "$(count_lines "$tmp/out")" -eq 4 ]
check "malformed line: error object names input line 4" \
    grep -q '^{"line":4,"error":"[^"]' "$tmp/out"
check "malformed line: error object sits in the input's place" \
    sh -c 'sed -n 3p "$1" | grep -q "^{\"line\":4,"' sh "$tmp/out"
check "malformed line: the following line is still scored" \
    sh -c 'sed -n 4p "$1" | grep -q "^{\"id\":\"d\",\"verdict\":"' sh "$tmp/out"
check "malformed line: nothing on stderr" [ ! -s "$tmp/err" ]

printf '%s\n' '{"title":"x"}' 'title: not json' '[1]' '{"title":42}' '{"title":"y"}' >"$tmp/bad.jsonl"
run "$tmp/bad.jsonl"
check "each kind of malformed line gets its own error object" \
    [ "$(grep -c '^{"line":[234],"error":' "$tmp/out")" -eq 3 ]

# ---- exit status 0, ids in order, output shape ---------------------------------
: >"$tmp/ids.jsonl"
for i in 1 2 3 4 5 6 7 8 9 10; do
    printf '{"id":"w%s","title":"window %s","fullscreen":true}\n' "$i" "$i" >>"$tmp/ids.jsonl"
done
printf '%s\n' '{"id":42,"title":"numeric id"}' '{"title":"no id"}' >>"$tmp/ids.jsonl"
run "$tmp/ids.jsonl"
cp "$tmp/out" "$tmp/ids.result"
check "well-formed input: exit status 0" [ "$status" -eq 0 ]
sed -n 's/^{"id":\([^,]*\),.*/\1/p' "$tmp/out" >"$tmp/ids.out"
printf '%s\n' '"w1"' '"w2"' '"w3"' '"w4"' '"w5"' '"w6"' '"w7"' '"w8"' '"w9"' '"w10"' \
    '"42"' 'null' >"$tmp/ids.want"
check "ids are echoed in input order (numbers as strings, none as null)" \
    cmp -s "$tmp/ids.out" "$tmp/ids.want"

shape_ok() {
    while IFS= read -r line; do
        case $line in
        *'"verdict":"alert","score":'* | *'"verdict":"watch","score":'* | \
            *'"verdict":"clean","score":'*) ;;
        *) return 1 ;;
        esac
        score=$(printf '%s\n' "$line" | sed -n 's/.*"score":\([0-9][0-9]*\),"reasons":\[.*/\1/p')
        [ -n "$score" ] && [ "$score" -ge 0 ] && [ "$score" -le 100 ] || return 1
    done <"$tmp/out"
}
check "every result has a known verdict word and a score of 0..100" shape_ok

if command -v jq >/dev/null 2>&1; then
    run "$tmp/mixed.jsonl"
    check "every output line is a JSON object (jq)" \
        sh -c 'jq -e "type == \"object\"" "$1" >/dev/null' sh "$tmp/out"
else
    ok "every output line is a JSON object # SKIP jq not installed"
fi

# ---- input forms ---------------------------------------------------------------
"$tool" <"$tmp/ids.jsonl" >"$tmp/stdin.out" 2>/dev/null
check "reads standard input when no FILE is given" cmp -s "$tmp/stdin.out" "$tmp/ids.result"
"$tool" - <"$tmp/ids.jsonl" >"$tmp/dash.out" 2>/dev/null
check "reads standard input for FILE -" cmp -s "$tmp/dash.out" "$tmp/ids.result"

printf '{"id":"crlf","title":"windows line end"}\r\n\r\n' >"$tmp/crlf.jsonl"
run "$tmp/crlf.jsonl"
check "CRLF line ends and blank CRLF lines are accepted" \
    sh -c '[ "$0" -eq 0 ] && [ "$(wc -l <"$1")" -eq 1 ] && grep -q "^{\"id\":\"crlf\"" "$1"' \
    "$status" "$tmp/out"

printf '{"id":"last","title":"no newline at the end"}' >"$tmp/nonl.jsonl"
run "$tmp/nonl.jsonl"
check "a last line without a newline is scored" grep -q '^{"id":"last"' "$tmp/out"

# A line just over 1 MiB is an error for that line only.
awk 'BEGIN { s = "aaaaaaaaaaaaaaaa"; while (length(s) < 1100000) s = s s;
             printf "{\"id\":\"big\",\"title\":\"%s\"}\n", s }' >"$tmp/long.jsonl"
printf '%s\n' '{"id":"after-long","title":"t"}' >>"$tmp/long.jsonl"
run "$tmp/long.jsonl"
check "a line over 1 MiB gets an error and the next line is scored" \
    sh -c '[ "$0" -eq 2 ] && sed -n 1p "$1" | grep -q "^{\"line\":1,\"error\":\".*1 MiB" &&
           sed -n 2p "$1" | grep -q "^{\"id\":\"after-long\""' "$status" "$tmp/out"

# ---- command line --------------------------------------------------------------
run --help
check "--help exits 0 and mentions --config" \
    sh -c '[ "$0" -eq 0 ] && grep -q -- "--config" "$1"' "$status" "$tmp/out"
check "--help says blank lines are skipped" grep -qi 'blank lines' "$tmp/out"
run --version
check "--version exits 0 and names the tool" \
    sh -c '[ "$0" -eq 0 ] && grep -q "^omamori-score [0-9]" "$1"' "$status" "$tmp/out"
run --no-such-option
check "an unknown option exits 1 with a message" \
    sh -c '[ "$0" -eq 1 ] && grep -q -- "--no-such-option" "$1"' "$status" "$tmp/err"
run "$tmp/ids.jsonl" "$tmp/ids.jsonl"
check "two input files are a usage error (exit 1)" [ "$status" -eq 1 ]

run "$tmp/does-not-exist.jsonl"
check "a missing input file exits 1" [ "$status" -eq 1 ]
check "a missing input file is named on stderr, nothing on stdout" \
    sh -c 'grep -q "does-not-exist.jsonl" "$0" && [ ! -s "$1" ]' "$tmp/err" "$tmp/out"

# ---- --config --------------------------------------------------------------------
printf 'watch:\n  poll_ms: 500\nscoring:\n  alert_treshold: 70\n' >"$tmp/broken.yaml"
run --config "$tmp/broken.yaml" "$tmp/ids.jsonl"
check "a broken --config is reported as file:line:column on stderr" \
    grep -q "broken.yaml:4:3: .*alert_treshold" "$tmp/err"
check "a broken --config falls back to the defaults and scores (exit 0)" \
    sh -c '[ "$0" -eq 0 ] && [ "$(wc -l <"$1")" -eq 12 ]' "$status" "$tmp/out"

printf 'ui:\n  language: "ja\n' >"$tmp/syntax.yaml"
run --config "$tmp/syntax.yaml" "$tmp/ids.jsonl"
check "a YAML syntax error in --config gives line:column" \
    grep -q 'syntax.yaml:[0-9][0-9]*:[0-9][0-9]*: ' "$tmp/err"

run --config "$top/config/omamori.yaml" "$tmp/ids.jsonl"
check "the shipped config/omamori.yaml loads without a message" \
    sh -c '[ "$0" -eq 0 ] && [ ! -s "$1" ]' "$status" "$tmp/err"

run --config "$tmp/no-such.yaml" "$tmp/ids.jsonl"
check "an unreadable --config exits 1 and names the file" \
    sh -c '[ "$0" -eq 1 ] && grep -q "no-such.yaml" "$1"' "$status" "$tmp/err"

echo "1..$n"
[ "$failed" -eq 0 ]
