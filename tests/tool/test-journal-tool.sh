#!/bin/sh
# test-journal-tool.sh - omamori-score --journal from the outside: a live journal and
# rotated gzip files in one summary, counts per event, incidents oldest first, lines
# cut short or malformed skipped and counted, damaged or missing files, exit statuses.
# The writer's own files (rotation, gzip -t) are tested in tests/unit/test_journalstore.c;
# here the files are made by hand, as an administrator's copies would arrive.
#
# Usage: sh tests/tool/test-journal-tool.sh [path/to/omamori-score]
# Prints TAP; exits 1 if any test failed.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
tool=${1:-${OMAMORI_SCORE:-$top/build/native/omamori-score}}
if [ ! -x "$tool" ]; then
    echo "Bail out! $tool is not built (make native)"
    exit 1
fi
if ! command -v gzip >/dev/null 2>&1; then
    echo "Bail out! gzip is needed to make the rotated files"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/omamori-journal-test.XXXXXX") || exit 1
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
run() {
    "$tool" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
}
has() { grep -qF -- "$1" "$tmp/out"; }

# ---- a rotated file and the live file ---------------------------------------------
R='"reasons":[{"trait":"alarm.call","match":"call now","weight":20}]'
{
    echo '{"seq":1,"event":"start","time":"2026-11-29T06:00:00.000Z","detail":"0.1.0"}'
    echo '{"seq":2,"event":"detection","time":"2026-11-29T06:01:00.000Z","pid":7,"exe":"chrome.exe","title":"Windows Defender 0120-000-000","verdict":"alert","score":85,'"$R"'}'
    echo '{"seq":3,"event":"browser_ended","time":"2026-11-29T06:01:04.000Z","pid":7,"exe":"chrome.exe","how":"terminated","ms":3012,"survivors":1}'
} | gzip -c >"$tmp/journal-20261129-060500.jsonl.gz"
{
    echo '{"seq":4,"event":"practice_alert","time":"2026-11-29T07:00:00.000Z"}'
    echo '{"seq":5,"event":"detection","time":"2026-11-29T08:00:00.000Z","pid":9,"exe":"msedge.exe","title_hash":"85944171f73967e8","verdict":"alert","score":70,'"$R"'}'
    echo '{"seq":6,"event":"dismissed","time":"2026-11-29T08:00:09.000Z","detail":"msedge.exe"}'
} >"$tmp/journal.jsonl"

run --journal "$tmp/journal-20261129-060500.jsonl.gz" "$tmp/journal.jsonl"
check "clean journal files: exit status 0" [ "$status" -eq 0 ]
check "each file's record count is given, the gzip file's decompressed" \
    sh -c 'grep -q "journal-20261129-060500.jsonl.gz: 3 record(s)$" "$0" &&
           grep -q "journal.jsonl: 3 record(s)$" "$0"' "$tmp/out"
check "events are counted across files" \
    sh -c 'grep -Eq "^  detection +2$" "$0" && grep -Eq "^  start +1$" "$0" &&
           grep -Eq "^  browser_ended +1$" "$0" && grep -Eq "^  dismissed +1$" "$0"' "$tmp/out"
check "three incidents: two detections and a practice alert" has "incidents: 3"
sed -n 's/^  \(20[0-9-]*T[0-9:.]*Z\)  .*/\1/p' "$tmp/out" >"$tmp/times"
printf '%s\n' 2026-11-29T06:01:00.000Z 2026-11-29T07:00:00.000Z 2026-11-29T08:00:00.000Z \
    >"$tmp/times.want"
check "incidents are listed oldest first, across the files" cmp -s "$tmp/times" "$tmp/times.want"
check "an incident says how it ended, with the evidence" \
    has '2026-11-29T06:01:00.000Z  fake alert in chrome.exe: "Windows Defender 0120-000-000" (score 85: alarm.call) - browser ended by force by omamori after 3.0 s, 1 process still running'
check "a redacted title is shown as its hash only" \
    has 'fake alert in msedge.exe: title hidden (hash 85944171f73967e8) (score 70: alarm.call) - the person said the page is fine'
check "a practice alert is listed as a drill" has '2026-11-29T07:00:00.000Z  practice alert'
check "nothing was skipped" has "skipped: 0 line(s)"
check "nothing on stderr" [ ! -s "$tmp/err" ]

# ---- a line cut short and a malformed line ------------------------------------------
cp "$tmp/journal.jsonl" "$tmp/torn.jsonl"
printf 'not a record\n{"seq":7,"event":"detec' >>"$tmp/torn.jsonl"
run --journal "$tmp/torn.jsonl"
check "skipped lines: exit status 2" [ "$status" -eq 2 ]
check "the file's line says what was skipped" \
    has "torn.jsonl: 3 record(s), 1 line(s) cut short skipped, 1 malformed line(s) skipped"
check "the records before the bad lines are still summarised" has "incidents: 2"
check "the total skipped is given" has "skipped: 2 line(s)"

# ---- gzip damage, concatenated members, missing files --------------------------------
size=$(wc -c <"$tmp/journal-20261129-060500.jsonl.gz")
head -c $((size - 12)) "$tmp/journal-20261129-060500.jsonl.gz" >"$tmp/damaged.jsonl.gz"
run --journal "$tmp/damaged.jsonl.gz"
check "a damaged gzip file: exit status 2, reported" \
    sh -c '[ "$0" -eq 2 ] && grep -q "damaged gzip data" "$1"' "$status" "$tmp/out"

cat "$tmp/journal-20261129-060500.jsonl.gz" "$tmp/journal-20261129-060500.jsonl.gz" \
    >"$tmp/twice.jsonl.gz"
check "gzip -t accepts the concatenated file" gzip -t "$tmp/twice.jsonl.gz"
run --journal "$tmp/twice.jsonl.gz"
check "a gzip file of two members is read whole (6 records)" \
    sh -c '[ "$0" -eq 0 ] && grep -q "twice.jsonl.gz: 6 record(s)$" "$1"' "$status" "$tmp/out"

run --journal "$tmp/missing.jsonl" "$tmp/journal.jsonl"
check "a missing file: exit status 1, named on stderr" \
    sh -c '[ "$0" -eq 1 ] && grep -q "missing.jsonl" "$1"' "$status" "$tmp/err"
check "a missing file does not stop the others" has "journal.jsonl: 3 record(s)"

: >"$tmp/empty.jsonl"
run --journal "$tmp/empty.jsonl"
check "an empty journal: exit 0, no events, no incidents" \
    sh -c '[ "$0" -eq 0 ] && grep -q "^events: none$" "$1" && grep -q "^incidents: 0$" "$1"' \
    "$status" "$tmp/out"

# ---- usage ------------------------------------------------------------------------
run --journal
check "--journal without files is a usage error (exit 1)" [ "$status" -eq 1 ]
run --help
check "--help documents --journal" has "--journal FILE..."

echo "1..$n"
[ "$failed" -eq 0 ]
