#!/bin/sh
# test-screen.sh - omamori-score reads an observation's "screen" (a PPM of what the
# window showed) and finds in real screenshots what screen.c looks for: real kits'
# screens (tests/corpus/seed/screens, rendered from kits of several families) show
# Microsoft's logo and the kit's look; ordinary pages rendered the same way show
# none of it. A missing or malformed screen file is an error line and exit 2.
# Every visual trait is given one point by a small config, so each shows as a reason
# whatever its learned weight.
#
# Usage: sh tests/tool/test-screen.sh [path/to/omamori-score]
# Prints TAP; exits 1 if any test failed. Needs ImageMagick's convert (tests/setup.sh).
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
tool=${1:-${OMAMORI_SCORE:-$top/build/native/omamori-score}}
screens=$top/tests/corpus/seed/screens
if [ ! -x "$tool" ]; then
    echo "Bail out! $tool is not built (make native)"
    exit 1
fi
if ! command -v convert >/dev/null 2>&1; then
    echo "Bail out! ImageMagick's convert is not installed (sh tests/setup.sh)"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/omamori-screen-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

cat >"$tmp/one-point.yaml" <<'EOF'
scoring:
  weights:
    screen.mslogo: 1
    screen.mslogo_many: 1
    screen.taskbar: 1
    screen.dialog: 1
    screen.bluefield: 1
    screen.kit_look: 1
EOF

# The visual traits omamori-score finds in screenshot $1 (a PNG), one line.
traits_of() {
    convert "$1" -resize '480x270!' "ppm:$tmp/shot.ppm" || return 1
    printf '{"id":"s","title":"Untitled","screen":"%s"}\n' "$tmp/shot.ppm" >"$tmp/in.jsonl"
    "$tool" --config "$tmp/one-point.yaml" "$tmp/in.jsonl" |
        grep -o '"trait":"screen\.[a-z_]*"' | sed 's/"trait":"//; s/"$//' | tr '\n' ' '
}

# Whether the last traits_of() found trait $1.
has() { case " $found" in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# Real kits of different families: each shows Microsoft's logo more than once, and
# with it a drawn taskbar or a dialog over a dimmed page.
for kit in scam-kit-005 scam-kit-009 scam-kit-012 scam-kit-021; do
    found=$(traits_of "$screens/$kit.png")
    if has screen.mslogo && has screen.mslogo_many && has screen.kit_look; then
        ok "real kit screen $kit shows Microsoft's logo and the kit's look ($found)"
    else
        not_ok "real kit screen $kit shows Microsoft's logo and the kit's look (found: $found)"
    fi
done

# Ordinary pages rendered the same way: news, shop, reference.
for page in ben-rd-001 ben-rd-002 ben-rd-004 ben-rd-030; do
    found=$(traits_of "$screens/$page.png")
    if [ -z "$found" ]; then
        ok "ordinary page screen $page shows nothing of a kit"
    else
        not_ok "ordinary page screen $page shows nothing of a kit (found: $found)"
    fi
done

# Bad screens: one error line each, the good line still scored, exit status 2.
printf 'P6\n4 4\n255\nab' >"$tmp/short.ppm"
printf '%s\n' '{"id":"a","title":"x","screen":"'"$tmp"'/missing.ppm"}' \
    '{"id":"b","title":"x","screen":"'"$tmp"'/short.ppm"}' '{"id":"c","title":"x"}' >"$tmp/bad.jsonl"
"$tool" "$tmp/bad.jsonl" >"$tmp/out" 2>"$tmp/err"
status=$?
if [ "$status" -eq 2 ] && sed -n 1p "$tmp/out" | grep -q '"line":1,"error":"cannot open screen file' &&
    sed -n 2p "$tmp/out" | grep -q '"line":2,"error":"screen file .* is cut short"' &&
    sed -n 3p "$tmp/out" | grep -q '"id":"c"'; then
    ok "a missing or cut-short screen file is an error line, the rest is scored, exit 2"
else
    not_ok "a missing or cut-short screen file is an error line, the rest is scored, exit 2 (status $status)"
    sed 's/^/# /' "$tmp/out"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
