#!/bin/sh
# check-event-ids.sh - the Windows Event Log IDs agree everywhere: the code
# (src/core/eventmap.h), the message texts (res/messages.mc), the README's table for
# administrators, and the MESSAGETABLE resource linked into omamori.exe.
# Prints TAP lines; exits 1 when a check fails.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
exe=${1:-$top/build/win/omamori.exe}
failed=0

ids_in_code=$(sed -n 's/^#define EVENT_ID_[A-Z_]* \([0-9]*\)$/\1/p' "$top/src/core/eventmap.h" | sort -n)
ids_in_mc=$(sed -n 's/^MessageId=\([0-9]*\)$/\1/p' "$top/res/messages.mc" | sort -n)
# README rows look like "| 1000 | Warning | ... |".
ids_in_readme=$(sed -n 's/^| \([0-9]\{4\}\) | .*/\1/p' "$top/README.md" | sort -n)

report() { # description, status
    if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; failed=1; fi
}
same() { [ -n "$1" ] && [ "$1" = "$2" ]; }

same "$ids_in_code" "$ids_in_mc"
report "every Event Log ID in the code has a message in res/messages.mc, and no other" $?
same "$ids_in_code" "$ids_in_readme"
report "the README's table lists exactly the Event Log IDs the code uses" $?

# windres reads a PE's resources back as a resource script.
resources=$(x86_64-w64-mingw32-windres -i "$exe" -O rc 2>/dev/null)
printf '%s\n' "$resources" | grep -q 'Type: messagetable'
report "omamori.exe carries the message table the Event Log needs" $?

exit $failed
