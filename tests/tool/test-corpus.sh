#!/bin/sh
# test-corpus.sh - the detector against real pages: the bars of issue 3.
#
# The observations in tests/data/corpus-*.jsonl are real scam kits and real benign
# pages, built as the daemon sees them (tests/data/make-corpus-observations.py).
# Each file is scored by omamori-score; the rates come from its output, the bars are
# the issue's:
#   with page text: verdict "alert" on >= 98% of the scam observations and >= 98%
#   of the rendered kits; false alerts on <= 1% of the benign near-misses and on no
#   ordinary benign page, windowed and silent, and again fullscreen with music,
#   speech or a looping desktop sound playing.
# Title and window only (no text): the rate is reported as a comment, with no bar.
# A failing bar lists the observations that broke it, with score and reasons.
#
# Usage (from the repository's top): sh tests/tool/test-corpus.sh [path/to/omamori-score]
# Needs jq. Prints TAP; exits 1 if any test failed.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
tool=${1:-${OMAMORI_SCORE:-$top/build/native/omamori-score}}
data=$top/tests/data
if [ ! -x "$tool" ]; then
    echo "Bail out! $tool is not built (make native)"
    exit 1
fi
if ! command -v jq >/dev/null 2>&1; then
    echo "Bail out! jq is not installed (sh tests/setup.sh)"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/omamori-corpus-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

# "12/40 (30.0%)"
rate_text() { awk -v k="$1" -v t="$2" 'BEGIN { printf "%d/%d (%.1f%%)", k, t, t ? 100 * k / t : 0 }'; }

# Scores tests/data/corpus-NAME.jsonl into $tmp/NAME.joined: one line per
# observation with its set, near_miss, and the tool's verdict, score and reasons.
# Joined by line (the tool answers in order), so an id may repeat across sets.
score_file() {
    name=$1
    in=$data/corpus-$name.jsonl
    if [ ! -s "$in" ]; then
        not_ok "$name: $in is missing (python3 tests/data/make-corpus-observations.py)"
        return 1
    fi
    "$tool" "$in" >"$tmp/$name.out" 2>"$tmp/$name.err"
    status=$?
    want=$(grep -c . "$in")
    got=$(grep -c '"verdict":' "$tmp/$name.out")
    if [ "$status" -ne 0 ] || [ "$got" -ne "$want" ]; then
        not_ok "$name: the tool scores every line (exit $status, $got of $want verdicts)"
        sed 's/^/#   /' "$tmp/$name.err" "$tmp/$name.out" | grep -v '"verdict":' | head -n 10
        return 1
    fi
    ok "$name: the tool scores every line ($want observations)"
    jq -c -n --slurpfile obs "$in" --slurpfile res "$tmp/$name.out" '
        range(0; $obs | length) as $i
        | { id: $obs[$i].id, set: $obs[$i].set, near_miss: ($obs[$i].near_miss // false),
            verdict: $res[$i].verdict, score: $res[$i].score, reasons: $res[$i].reasons }
    ' >"$tmp/$name.joined"
}

# Prints the selected observations as "#   set/id score N: trait +weight "match", ...".
list_as_comments() { # joined file, jq filter selecting the lines to list
    jq -c "select($2)" "$1" | jq -r '
        "#   \(.set)/\(.id) score \(.score) \(.verdict): "
        + ([.reasons[] | "\(.trait) \(if .weight < 0 then "" else "+" end)\(.weight) \"\(.match)\""]
           | join(", "))'
}

count() { jq -c "select($2)" "$1" | grep -c .; } # joined file, jq filter

# Detection bar: at least MIN percent of the population gets "alert".
detection_bar() { # description, joined file, population filter, min percent
    total=$(count "$2" "$3")
    hits=$(count "$2" "($3) and .verdict == \"alert\"")
    desc="$1: alert on $(rate_text "$hits" "$total"), bar >= $4%"
    if [ "$total" -gt 0 ] && [ $((hits * 100)) -ge $(($4 * total)) ]; then
        ok "$desc"
    else
        not_ok "$desc"
        echo "# missed:"
        list_as_comments "$2" "($3) and .verdict != \"alert\""
    fi
}

# False-alert bar: at most MAX percent of the population gets "alert".
false_alert_bar() { # description, joined file, population filter, max percent
    total=$(count "$2" "$3")
    alerts=$(count "$2" "($3) and .verdict == \"alert\"")
    desc="$1: false alerts on $(rate_text "$alerts" "$total"), bar <= $4%"
    if [ "$total" -gt 0 ] && [ $((alerts * 100)) -le $(($4 * total)) ]; then
        ok "$desc"
    else
        not_ok "$desc"
        echo "# false alerts:"
        list_as_comments "$2" "($3) and .verdict == \"alert\""
    fi
}

# Reports the alert rate of a population as a comment: no bar.
report_rate() { # label, joined file, population filter
    total=$(count "$2" "$3")
    hits=$(count "$2" "($3) and .verdict == \"alert\"")
    echo "# $1: $(rate_text "$hits" "$total")"
}

# ---- scam pages, with their text ------------------------------------------------
if score_file scam-text; then
    detection_bar "scam pages with text" "$tmp/scam-text.joined" true 98
fi
if score_file kits-rendered; then
    detection_bar "rendered kits with text" "$tmp/kits-rendered.joined" true 98
fi

# ---- benign pages, windowed and silent --------------------------------------------
if score_file benign; then
    false_alert_bar "benign near-misses, windowed" "$tmp/benign.joined" .near_miss 1
    false_alert_bar "ordinary benign pages, windowed" "$tmp/benign.joined" '.near_miss | not' 0
fi

# ---- the same pages fullscreen with benign sound playing ----------------------------
if score_file benign-fullscreen-audio; then
    false_alert_bar "benign near-misses, fullscreen with sound" \
        "$tmp/benign-fullscreen-audio.joined" .near_miss 1
    false_alert_bar "ordinary benign pages, fullscreen with sound" \
        "$tmp/benign-fullscreen-audio.joined" '.near_miss | not' 0
fi

# ---- ... and with a looping alarm clock ringing: audio alone must never alert ---------
if score_file benign-fullscreen-alarmclock; then
    false_alert_bar "benign near-misses, fullscreen with an alarm clock" \
        "$tmp/benign-fullscreen-alarmclock.joined" .near_miss 1
    false_alert_bar "ordinary benign pages, fullscreen with an alarm clock" \
        "$tmp/benign-fullscreen-alarmclock.joined" '.near_miss | not' 0
fi

# ---- title and window only: reported, no bar ----------------------------------------
if score_file scam-titleonly; then
    report_rate "title-only detection" "$tmp/scam-titleonly.joined" true
    report_rate "title-only detection, scam.jsonl" "$tmp/scam-titleonly.joined" '.set == "scam"'
    report_rate "title-only detection, rendered kits" "$tmp/scam-titleonly.joined" \
        '.set == "rendered_scam"'
fi

echo "1..$n"
[ "$failed" -eq 0 ]
