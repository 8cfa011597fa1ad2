#!/bin/sh
# Checks that a Windows executable is a 64-bit GUI program (no console window at logon)
# that imports only DLLs that ship with Windows, so it runs on a bare PC: no libyaml,
# zlib, libgcc or libwinpthread DLLs beside it.
# Prints TAP lines; exits 1 when a check fails.
set -u
exe=${1:?usage: check-imports.sh FILE.exe}
allowed="kernel32.dll user32.dll gdi32.dll shell32.dll advapi32.dll ole32.dll oleaut32.dll
comctl32.dll msvcrt.dll winmm.dll uxtheme.dll oleacc.dll shlwapi.dll version.dll"

headers=$(x86_64-w64-mingw32-objdump -p "$exe") || { echo "not ok - $exe is readable"; exit 1; }
status=0
if printf '%s\n' "$headers" | grep -q '^Magic.*PE32+' &&
   printf '%s\n' "$headers" | grep -q '^Subsystem.*(Windows GUI)'; then
    echo "ok - $(basename "$exe") is a 64-bit Windows GUI program"
else
    echo "not ok - $(basename "$exe") is a 64-bit Windows GUI program"
    status=1
fi
imports=$(printf '%s\n' "$headers" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u)
if [ -z "$imports" ]; then
    echo "not ok - $exe: no import table found"
    exit 1
fi
bad=""
for dll in $imports; do
    case " $(echo $allowed) " in
        *" $dll "*) ;;
        *) bad="$bad $dll" ;;
    esac
done
if [ -n "$bad" ]; then
    echo "not ok - $(basename "$exe") imports only Windows DLLs (also imports:$bad)"
    exit 1
fi
echo "ok - $(basename "$exe") imports only Windows DLLs ($(echo $imports))"
exit $status
