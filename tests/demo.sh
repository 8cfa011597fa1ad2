#!/bin/sh
# demo.sh - shows omamori at work under Wine, start to finish, by itself:
# a fake browser opens a fullscreen Japanese fake virus alert with a looping alarm;
# omamori notices it, shows its alert window, counts down and closes the browser.
# Leaves the journal and two screenshots in build/demo/.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/wine/env.sh"

demo="$top/build/demo"
rm -rf "$demo"
mkdir -p "$demo"
journal="$demo/journal.jsonl"

say() { printf '\n== %s\n' "$*"; }

wait_for_event() { # wait_for_event SECONDS EVENT
    i=0
    while [ $i -lt $(( $1 * 10 )) ]; do
        grep -q "\"event\":\"$2\"" "$journal" 2>/dev/null && return 0
        sleep 0.1; i=$((i + 1))
    done
    echo "demo: no \"$2\" event after $1 s" >&2
    return 1
}

say "Starting a virtual screen, an audio sink and Wine (the first run sets up a Wine prefix: about 15 s)"
trap 'wine_env_stop' EXIT INT TERM # set first: a failed start cleans up too
wine_env_start || exit 1

say "Starting omamori.exe (Japanese, closes the browser by itself after a 6 s countdown)"
wine "$top/build/win/omamori.exe" --journal "$(winpath "$journal")" --lang ja --auto-end 6 \
    --poll-ms 500 --exit-after 60 >"$demo/daemon.log" 2>&1 &
daemon=$!
wait_for_event 30 start || exit 1

say "A fake browser (chrome.exe) opens a fullscreen fake alert with an alarm"
cp "$top/build/win/tests/fakebrowser.exe" "$demo/chrome.exe"
wine "$demo/chrome.exe" --fullscreen --topmost --alarm --children 2 --exit-after 60000 \
    --title 'Ｍｉｃｒｏｓｏｆｔ セキュリティ警告 - サポート 0120-555-010' \
    --text 'Ｍｉｃｒｏｓｏｆｔ Windows セキュリティ\nお使いのコンピューターでウイルスが見つかりました\nトロイの木馬スパイウェアに感染しています\nこの画面を閉じないでください\n今すぐマイクロソフト フリーダイヤルへお電話ください: 0120-555-010' \
    >"$demo/chrome.log" 2>&1 &

wait_for_event 20 detection || exit 1
sleep 2 # let the alert window draw over the fake alert
import -window root "$demo/alert.png"
say "omamori's alert window over the fake alert: $demo/alert.png"

wait_for_event 30 browser_ended || exit 1
sleep 1
import -window root "$demo/ended.png"
say "After the browser was closed: $demo/ended.png"

say "The journal ($journal)"
cat "$journal"

kill "$daemon" 2>/dev/null
wait "$daemon" 2>/dev/null
say "Demo finished."
